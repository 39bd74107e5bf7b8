"""Issue drafts from reports: personal data kept out, IDs, frequency, feedback section."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hdtui.domain.issue_draft import (
    FEEDBACK_HEADING,
    FEEDBACK_PLACEHOLDER,
    HARDWARE_LABEL,
    TITLE_SYMPTOM,
    cluster_subject,
    draft_signal,
    find_addresses,
    issue_draft,
    journal_program,
    parse_labels,
    redact,
    render_issue,
    strip_personal,
)
from hdtui.domain.links import mail_reference
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from tests.support.gfm import (
    HOSTILE_ANSWER,
    REFERENCE_RE,
    fences,
    headings,
    hostile_report,
    live_markup,
)

WB = Path(__file__).parent.parent / "data" / "whisperback"
WIFI_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
KEY_ID = "72e11dad9c9faf4d5a990800a3349dd"
FINGERPRINT = "1F56 EDD3 0741 0480 35DA  C1C5 EC57 B56E F0C4 3132"


def report(body: str, report_id: str) -> Entry:
    message = Message(key=f"INBOX:{report_id}", subject=f"Bug report: {report_id}",
                      sender=WHISPERBACK_SENDER, sender_address=WHISPERBACK_SENDER,
                      encrypted=True)
    return Entry(message=message, kind=Kind.REPORT, report=parse_report(body, report_id),
                 decrypt=DecryptState.DECRYPTED)


def fixture(name: str) -> str:
    return (WB / name).read_text(encoding="utf-8")


def wifi_with_name() -> Entry:
    """The Wi-Fi report, with a named contact who signs, and gives a fingerprint."""
    body = fixture("tails-7.5-wifi.txt").replace(
        "From: kestrel-742@example.org", "From: Marta Kestrel <kestrel-742@example.org>")
    body = body.replace(
        "Started Tails, unlocked",
        f"Write to me at marta.k@example.net, key {FINGERPRINT}. Marta Kestrel.\n"
        "Marta says hi. Started Tails, unlocked")
    return report(body, WIFI_ID)


def test_contact_address_fingerprint_and_name_are_stripped() -> None:
    entry = wifi_with_name()
    draft = issue_draft([entry], "3 reports, 2 this week", "@foundations-team", "Not tried")
    text = draft.title + draft.description
    for secret in ("kestrel-742@example.org", "marta.k@example.net", "Marta", "Kestrel",
                   "EC57 B56E", "6B2F0A9C4D3E1F57"):
        assert secret not in text, secret
    assert "[name removed]" in draft.description
    assert "[OpenPGP key removed]" in draft.description
    assert "1 email address" in draft.stripped
    assert any(s.endswith("names") for s in draft.stripped)
    assert "Connect to the Wi-Fi network at home" in draft.description


def test_a_phone_number_and_an_ip_address_stay_out_of_the_issue_and_are_counted() -> None:
    """walk22: they went to a public GitLab issue as written, and the form said nothing."""
    body = fixture("tails-7.5-wifi.txt").replace(
        "The Wi-Fi menu says", "My name is Jane Roe, write to jane.roe@private.example or "
        "call +33 6 12 34 56 78, my IP is 203.0.113.77.\nThe Wi-Fi menu says")
    draft = issue_draft([report(body, WIFI_ID)], "1 report", "", "Not tried")
    text = draft.title + draft.description
    for secret in ("+33 6 12 34 56 78", "203.0.113.77", "Jane", "Roe", "jane.roe"):
        assert secret not in text, secret
    assert "call [phone number removed], my IP is [IP address removed]" in draft.description
    assert "1 phone number" in draft.stripped and "1 IP address" in draft.stripped
    assert "Tails versions: `7.5`" in draft.description  # versions stay


def test_a_pasted_key_block_is_stripped() -> None:
    body = fixture("pasted-key.txt").replace(
        "Please answer encrypted to the key below.",
        "Please answer encrypted to this key:\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n"
        "mDMEZxQ1YhYJKwYBBAHaRw8BAQdA\n=FAKE\n-----END PGP PUBLIC KEY BLOCK-----")
    entry = report(body, "abcdef0123456789abcdef0123456789")
    draft = issue_draft([entry], "1 report, 1 this week", "", "Not tried")
    assert "mDMEZxQ1" not in draft.description
    assert "BEGIN PGP" not in draft.description
    assert "[OpenPGP block removed]" in draft.description
    assert "1 OpenPGP block" in draft.stripped
    assert "quill" not in draft.description.lower()


def test_strip_personal_on_typed_text() -> None:
    entry = wifi_with_name()
    text = ("Marta Kestrel (MARTA KESTREL) wrote from kestrel-742@example.org with key "
            "0xDEADBEEF and ABCDEF0123456789; her commit 20230418 and 8086:1916 stay.")
    out = strip_personal(text, [entry])
    assert "Marta" not in out and "MARTA" not in out and "@" not in out
    assert "DEADBEEF" not in out and "ABCDEF0123456789" not in out
    assert "20230418" in out and "8086:1916" in out
    assert redact("nothing personal", [entry]).removed == ()


def test_report_ids_are_kept_and_only_ids() -> None:
    first = wifi_with_name()
    second = report(fixture("tails-5.14-old-fr.txt"), KEY_ID)
    draft = issue_draft([first, second], "2 reports, 0 this week", "@foundations-team",
                        "Not tried")
    assert draft.report_refs == (f"wb://{WIFI_ID}", f"wb://{KEY_ID}")
    assert f"Reports: wb://{WIFI_ID}, wb://{KEY_ID}" in draft.description
    # the 32-hex IDs survive the key ID and fingerprint patterns
    assert draft.description.count(WIFI_ID) == 1


def test_plain_mail_is_cited_by_an_opaque_reference() -> None:
    date = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    message = Message(key="INBOX:9", subject="Tails does not start",
                      sender="Ana Lima <ana@example.com>", sender_address="ana@example.com",
                      date=date, message_id="<abc@example.com>",
                      text="Hello, my laptop shows a black screen.\n> old quote\nAna")
    entry = Entry(message=message, kind=Kind.SUPPORT)
    draft = issue_draft([entry], "1 report, 1 this week", "", "Not tried")
    reference = mail_reference("<abc@example.com>", date.date())
    assert draft.report_refs == (reference,)
    assert f"Reports: {reference}" in draft.description
    assert "ana@" not in draft.description and "Ana" not in draft.description
    assert "old quote" not in draft.description
    assert HARDWARE_LABEL not in draft.labels  # the subject names no hardware


def test_frequency_team_reproduction_and_feedback_section() -> None:
    draft = issue_draft([wifi_with_name()], "14 reports, 5 this week", "@foundations-team",
                        "Reproduced by Help Desk in 12 minutes")
    lines = draft.description.split("\n")
    # The count given, then the users the reports drafted are (rules v73's words).
    assert "Frequency: 14 reports, 5 this week (1 report, 1 user; 0 of them unencrypted)" \
        in lines
    assert "Team: @foundations-team" in lines
    assert "Reproduction: Reproduced by Help Desk in 12 minutes" in lines
    feedback = lines.index(FEEDBACK_HEADING)
    assert FEEDBACK_PLACEHOLDER in lines[feedback:]
    assert draft.description.rstrip().endswith(FEEDBACK_PLACEHOLDER)


def test_versions_hardware_and_labels() -> None:
    draft = issue_draft([wifi_with_name()], "1 report", "", "Not tried")
    # The title is the member's: what the report shows (its Wi-Fi chip: the user writes
    # about Wi-Fi; its version), never the user's own words, and a TODO for the symptom.
    assert draft.title == ("Realtek RTL8723BE [10ec:b723]: TODO: the symptom, in English "
                           "(Tails 7.5)")
    assert TITLE_SYMPTOM in draft.title
    assert "- Tails versions: `7.5`" in draft.description
    assert "- Machines: `HP 250 G5 Notebook PC`" in draft.description
    assert "[10ec:b723]" in draft.description and "[8086:1916]" in draft.description
    assert "[8086:9d2f]" not in draft.description  # USB controller: not GPU or network
    assert draft.labels == (HARDWARE_LABEL,)
    tps = issue_draft([report(fixture("prefill-tps.txt"), "1234abcd")], "1 report", "",
                      "Not tried")
    assert "C:Persistence" in tps.labels
    # What Tails itself prefilled names the problem (English, not the user's words).
    assert tps.title == ("PersistentStorage (tps_frontend): Error activating feature Dotfiles "
                         "(Tails 6.5)")


def test_user_text_cannot_mention_or_format_on_gitlab() -> None:
    body = fixture("answers-only.txt") if (WB / "answers-only.txt").exists() else ""
    body = "Subject: @foundations-team ```look``` #123\n\n" + body
    draft = issue_draft([report(body, "feedbeef")], "1 report", "", "Not tried")
    problem = draft.description.split("## Reports")[0]
    # every line mentioning @ sits inside a fence longer than the backticks it holds
    assert "````text\n@foundations-team ```look``` #123\n````" in problem


def test_nothing_a_hostile_report_says_is_live_in_the_issue() -> None:
    entry = report(hostile_report(fixture("tails-7.5-wifi.txt")), WIFI_ID)
    second = report(hostile_report(fixture("tails-7.5-wifi.txt")).replace(
        "Subject: @all", "Subject: @team ```"), "feedbeef")
    draft = issue_draft([entry, second], "2 reports", "", "Not tried")
    assert live_markup(draft.description) == []
    assert REFERENCE_RE.search(draft.title) is None
    assert "@all" not in draft.title and "all Wi-Fi" not in draft.title  # no user words
    # the user's words are whole inside their fence, and the issue's sections follow it
    assert any(HOSTILE_ANSWER in block for block in fences(draft.description))
    assert headings(draft.description) == ["Problem", "Affected versions and hardware",
                                           "Reports", "We need your feedback"]
    assert "- Tails versions: `7.5 @all #3` (2 reports)" in draft.description.split("\n")


def test_find_addresses_and_labels_and_preview() -> None:
    assert find_addresses("a@b.org, c@d.net and a@b.org") == ["a@b.org", "c@d.net"]
    assert find_addresses("no address, just @mention") == []
    assert parse_labels(" C:Tor , ,P:High,C:Tor") == ("C:Tor", "P:High")
    draft = issue_draft([wifi_with_name()], "1 report", "", "Not tried")
    shown = render_issue(draft)
    assert shown.startswith(f"Title: {draft.title}\nLabels: {HARDWARE_LABEL}\n")


def test_stripping_happens_before_the_answer_is_cut() -> None:
    """An address across the cut would leave its first half: strip first, then cut."""
    long_answer = "x " * 288 + "write to rosalind.okonkwo@example.org thanks"
    body = fixture("tails-7.5-wifi.txt").replace("Started Tails, unlocked", long_answer)
    draft = issue_draft([report(body, WIFI_ID)], "1 report", "", "Not tried")
    assert "rosalind" not in draft.description and "okonk" not in draft.description
    assert "1 email address" in " ".join(draft.stripped)


def test_doubtful_lines_of_the_reports_text_are_pointed_at() -> None:
    body = fixture("tails-7.5-wifi.txt").replace(
        "Started Tails, unlocked", "Hello Rowena I cannot see networks\nStarted Tails, unlocked")
    draft = issue_draft([report(body, WIFI_ID)], "1 report", "@foundations-team", "Not tried")
    lines = draft.description.split("\n")
    # one finding only: the "Team: @foundations-team" line outside the fences is not one
    [finding] = draft.uncertain
    assert lines[finding.line - 1] == "Hello Rowena I cannot see networks"


def test_the_device_list_holds_only_what_the_tagged_reports_share() -> None:
    # Two reports of one Wi-Fi problem on two different laptops: the Wi-Fi chip is what
    # they share; listing each laptop's graphics chip would make the new issue a false
    # match for every other machine with that GPU.
    wifi = fixture("tails-7.5-wifi.txt")
    other = wifi.replace("HD Graphics 520 [8086:1916]", "UHD Graphics 620 [8086:5917]")
    assert other != wifi
    draft = issue_draft([report(wifi, WIFI_ID), report(other, "feedbeef")], "2 reports", "",
                        "Not tried")
    devices = next(line for line in draft.description.split("\n")
                   if line.startswith("- Devices"))
    assert "[10ec:b723]" in devices and "in every report" in devices
    assert "8086:1916" not in draft.description and "8086:5917" not in draft.description
    assert "differ between the reports (2)" in draft.description
    assert draft.title.startswith("Realtek RTL8723BE [10ec:b723]: ")


def test_a_journal_error_in_a_draft_is_named_by_its_program_alone() -> None:
    """Masking a journal line keeps a path's words (a volume label, a file name): a draft
    that goes to GitLab names the error by its program (and a kernel driver) only."""
    leaky = 'same journal error "udisksd # error mounting dev sdb1 at media amnesia maria ' \
        'gonzalez mount aborted"'
    assert cluster_subject([], [leaky]) == "journal error: udisksd"
    assert draft_signal(leaky) == "same journal error of udisksd"
    assert journal_program("kernel snd_hda_intel # azx_get_response timeout") \
        == "kernel snd_hda_intel"
    assert journal_program("kernel usb # new device") == "kernel"
    assert draft_signal("same GPU 8086:a7a0") == "same GPU 8086:a7a0"
    # Shared by some of the reports, and the journal's lines that are no errors (rules
    # v49), the same: an unquoted path keeps its words after a space, an SSID its name.
    assert draft_signal('3 of 4 share journal error "udisksd # mounted dev sdb1 at smith on '
                        'behalf of uid #"') == "3 of 4 share journal error of udisksd"
    assert draft_signal('same journal line "networkmanager # connected to smith family '
                        'wifi"') == "same journal line of networkmanager"
    assert draft_signal('2 of 3 share journal line "kernel iwlwifi # smith"') == (
        "2 of 3 share journal line of kernel")


def test_every_signal_a_cluster_writes_is_read_back_and_its_journal_lines_leave_as_programs(
) -> None:
    """The signals' text is written (``explain``) and read (``read_signal``: the draft's
    title, what leaves the machine) in one module: a kind added or renamed cannot let a
    whole journal line through unnoticed (session 18's second review)."""
    from hdtui.domain.signal_text import JOURNAL_KINDS, SIGNAL_KINDS, explain, read_signal

    line = "udisksd # mounted dev sdb1 at smith on behalf of uid #"
    for kind, name in SIGNAL_KINDS.items():
        value = line if kind in JOURNAL_KINDS else "1002:15bf"
        for count, total in ((3, 3), (3, 4)):
            text = explain(f"{kind}:{value}", count, total)
            read = read_signal(text)
            assert read is not None and (read.kind, read.value) == (name, value), text
            assert read.scope == ("same" if count == total else "3 of 4 share")
            if kind in JOURNAL_KINDS:
                assert "smith" not in draft_signal(text)
            else:
                assert draft_signal(text) == text
    assert read_signal("similar words (3 reports)") is None


def _sent(n: int, body: str, plain: bool = False) -> Entry:
    """Report ``n`` of ``body``, on 1 to 3 December, sent encrypted unless ``plain``."""
    report_id = f"{n:032x}"
    message = Message(key=f"INBOX:{n}", subject=f"Bug report: {report_id}",
                      sender=WHISPERBACK_SENDER, sender_address=WHISPERBACK_SENDER,
                      date=datetime(2026, 12, 1 + n % 3, 10, tzinfo=UTC), encrypted=not plain)
    return Entry(message=message, kind=Kind.REPORT, report=parse_report(body, report_id),
                 decrypt=DecryptState.PLAIN if plain else DecryptState.DECRYPTED)


def test_the_frequency_says_how_many_users_and_how_many_came_unencrypted() -> None:
    """Session 23: a draft from a cluster or an issue cited its reports' count, resends of
    one user and reports anyone could send alike; the frequency now says the users (a
    user's resends counted once, as ``hdtui stats`` counts them) and how many of them came
    unencrypted, in stats' words, and nothing personal."""
    from hdtui.domain.issue_draft import who_sent

    wifi = fixture("tails-7.5-wifi.txt")
    resends = [_sent(n, wifi) for n in range(3)]  # one user's words and machine, 3 mails
    tor = ("Subject: Tor does not start\nTails-Version: 7.7\n\nWhat happened instead?\n"
           "----------------------\n\nTor does not start {n}\n")
    others = [_sent(10 + n, tor.format(n=n)) for n in range(2)]
    plain = [_sent(20 + n, tor.format(n=n), plain=True) for n in range(2)]
    entries = [*resends, *others, *plain]
    assert who_sent(entries) == " (7 reports, 5 users; 2 of them unencrypted)"
    draft = issue_draft(entries, "7 linked, 0 likely, 7 this week", "", "Not tried")
    lines = draft.description.split("\n")
    assert ("Frequency: 7 linked, 0 likely, 7 this week (7 reports, 5 users; 2 of them "
            "unencrypted)") in lines
    assert "kestrel" not in draft.description.lower()
    assert who_sent(others) == " (2 reports, 2 users; 0 of them unencrypted)"
    # Team mail is no report: nothing said of it.
    assert who_sent([Entry(message=Message(key="INBOX:t", subject="[FT] x"),
                           kind=Kind.TEAM)]) == ""
