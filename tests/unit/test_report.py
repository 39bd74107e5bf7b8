"""Tests for parsing decrypted WhisperBack report bodies."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from hdtui.domain.report import (
    REPORT_ID_RE,
    Answer,
    WhisperBackReport,
    has_pasted_report,
    parse_report,
    report_id_from_subject,
)
from tests.support.growth import assert_linear

DATA = Path(__file__).resolve().parent.parent / "data" / "whisperback"
ID32 = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
ID31 = "72e11dad9c9faf4d5a990800a3349dd"
ID20 = "0123456789abcdef0123"
MISSING_VERSION = "no technical details (Tails-Version missing)"


def load(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def parse(name: str, report_id: str | None = ID32) -> WhisperBackReport:
    return parse_report(load(name), report_id)


# --- report IDs -----------------------------------------------------------------------------


@pytest.mark.parametrize("report_id", [ID32, ID31, ID20, "a", "0"])
def test_report_id_from_subject_lengths(report_id: str) -> None:
    assert report_id_from_subject(f"Bug report: {report_id}") == report_id


@pytest.mark.parametrize(
    "subject",
    [
        f"Re: Bug report: {ID31}",
        f"Re: [FT] Bug report: {ID31}",
        f"[FT] Re: RE: Bug report: {ID31}",
        f"Fwd: Bug report: {ID31} (was: crash)",
    ],
)
def test_report_id_with_prefixes(subject: str) -> None:
    assert report_id_from_subject(subject) == ID31


@pytest.mark.parametrize(
    "subject",
    [
        f"Bug report: {ID32.upper()}",
        "Bug report: 72E11dad9c9faf4d5a990800a3349dd",
        f"Bug report: {ID32}0",  # 33 digits
        "Bug report: xyz",
        "Bug report:",
        "Help with Tails",
        "",
        f"Bug report: {ID31}g",
    ],
)
def test_report_id_rejected(subject: str) -> None:
    assert report_id_from_subject(subject) is None


def test_report_id_regex_is_exported() -> None:
    match = REPORT_ID_RE.search(f"Bug report: {ID20}")
    assert match is not None and match.group(1) == ID20


# --- a 7.x example report (docs/whisperback.md) --------------------------------------------------


def test_7x_pseudo_headers() -> None:
    report = parse("tails-7.5-wifi.txt")
    assert report.report_id == ID32
    assert report.wb_url == f"wb://{ID32}"
    assert report.summary == "Wi-Fi networks not listed since upgrade to 7.5"
    assert report.contact == "kestrel-742@example.org"
    assert report.openpgp_key == "0x6B2F0A9C4D3E1F57"
    assert report.key_block is None
    assert report.prefill == ()
    assert report.problems == ()
    assert report.language == "en"


def test_7x_running_version() -> None:
    running = parse("tails-7.5-wifi.txt").running
    assert running is not None
    assert running.version == "7.5"
    assert running.build_date is None
    assert running.git_commit == "4e1b0c8d2a7f93e65b1c0d8e7f6a5b4c3d2e1f00"
    assert running.git_tag == "7.5"
    assert running.git_branch is None
    assert running.channel is None
    assert not running.is_dev_build
    assert len(running.raw) == 12
    assert running.raw[0] == 'Tails-Version: NAME="Tails"'
    assert running.raw[-1] == 'TAILS_GIT_TAG="7.5"'
    assert dict(running.os_release)["BUG_REPORT_URL"] == "https://[URL REMOVED]"


def test_7x_answers_keep_wrapping() -> None:
    report = parse("tails-7.5-wifi.txt")
    assert report.answers == (
        Answer(
            "What were you trying to achieve?",
            "Connect to the Wi-Fi network at home, like I did with Tails 7.4.",
        ),
        Answer(
            "What happened instead?",
            "The Wi-Fi menu says no networks are available. The same laptop sees\nthe\n"
            "network from Windows.",
        ),
        Answer(
            "What did you do that triggered this error?",
            "Started Tails, unlocked my Persistent Storage, opened the system menu.",
        ),
    )


def test_7x_debug_and_installed_version() -> None:
    report = parse("tails-7.5-wifi.txt")
    assert report.version == "7.5"
    assert report.installed_version == "7.3"
    assert len(report.debug) == 13
    assert report.debug[0].key == "/proc/cmdline"
    assert report.hardware.short() == "HP 250 G5 Notebook PC"
    assert [d.vendor_device for d in report.hardware.network] == ["10ec:8136", "10ec:b723"]


def test_7x_journal_errors() -> None:
    report = parse("tails-7.5-wifi.txt")
    assert report.journal_errors() == (
        "kernel: rtl8723be 0000:02:00.0: firmware: failed to load rtlwifi/rtl8723befw.bin (-2)",
        "NetworkManager[1432]: <warn>  [1772460352.4410] device (wlan0): Activation: starting "
        "connection '[ESSID REMOVED]'",
        "NetworkManager[1432]: <warn>  [1772460382.4410] device (wlan0): Activation: (wifi) "
        "association took too long, failing activation",
    )
    assert report.journal_errors(limit=1) == report.journal_errors()[:1]


# --- 5.19-style reports -------------------------------------------------------------------


def test_old_english_report() -> None:
    report = parse("tails-5.14-old-en.txt")
    assert report.summary == "Tor Browser crashes when downloading a PDF"
    assert report.contact == "moss.lantern@example.net"
    assert report.openpgp_key is None
    running = report.running
    assert running is not None
    assert running.version == "5.14"
    assert running.build_date == "20230612"
    assert running.git_commit == "0d7c2a91f4be6e3358a1c0f9d2e4b7a61c3f5e80"
    assert running.git_tag is None
    assert running.raw == (
        "Tails-Version: 5.14 - 20230612",
        "0d7c2a91f4be6e3358a1c0f9d2e4b7a61c3f5e80",
        "live-boot: 1:20210208+deb11u1",
        "live-config: 11.0.3+deb11u1",
    )
    assert running.os_release == ()
    assert report.installed_version == "5.11"
    assert [a.heading for a in report.answers] == [
        "Name of the affected software",
        "Exact steps to reproduce the error",
        "Actual result and description of the error",
        "Desired result",
    ]
    assert report.answers[0].text == "Tor Browser"
    steps = report.answers[1].text.splitlines()
    assert steps[2] == "3. Click the download button in the PDF viewer"
    assert report.problems == ()
    assert report.hardware.short() == "Dell Latitude E6430"
    assert len(report.debug) == 8
    assert report.journal_errors() == (
        "kernel: traps: Isolated Web Co[4321] general protection fault ip:7f3a2b1c4d5e "
        "sp:7ffd0e1f2a30 error:0 in libxul.so[7f3a27000000+5a4b000]",
        "kernel: firefox.real[4210]: segfault at 0 ip 00007f3a2b1c4d5e sp 00007ffd0e1f2a30 "
        "error 6 in libxul.so",
    )


def test_old_french_report() -> None:
    report = parse("tails-5.14-old-fr.txt")
    assert report.summary == "Impossible d'ouvrir le stockage persistant"
    assert report.version == "5.14"
    assert [a.heading for a in report.answers] == [
        "Nom du logiciel concerné",
        "Étapes exactes pour reproduire l'erreur",
        "Résultat obtenu et description de l'erreur",
        "Résultat souhaité",
    ]
    assert report.answers[-1].text == "Ouvrir mes fichiers comme avant la mise à jour."
    assert report.language == "fr"
    assert report.hardware.short() == "Lenovo ThinkPad X1 Carbon 5th"
    assert report.journal_errors() == (
        "tails-persistent-storage[2210]: ERROR: Failed to unlock: cryptsetup timed out",
    )


# --- optional parts -----------------------------------------------------------------------


def test_pasted_key_block() -> None:
    report = parse("pasted-key.txt")
    assert report.openpgp_key == "included below"
    assert report.key_block is not None
    assert report.key_block.startswith("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZx")
    assert report.key_block.endswith("=FAKE\n-----END PGP PUBLIC KEY BLOCK-----")
    assert len(report.answers) == 2
    assert all("PGP" not in a.text for a in report.answers)
    assert report.answers[1].text.endswith("Please answer encrypted to the key below.")
    assert report.version == "6.12"
    assert report.hardware.short() == "ASUS VivoBook_ASUSLaptop X512DA_X512DA"
    assert [g.vendor_device for g in report.hardware.gpus] == ["1002:15d8"]
    assert report.problems == ()


def test_key_announced_but_missing() -> None:
    body = "Subject: x\nOpenPGP-Key: included below\n\nsome text\n"
    report = parse_report(body, ID32)
    assert report.key_block is None
    assert 'OpenPGP-Key says "included below" but no key block was found' in report.problems


def test_unterminated_key_block() -> None:
    body = "Subject: x\n\nhello\n\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n"
    report = parse_report(body, ID32)
    assert report.key_block == "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA"
    assert report.answers == (Answer("", "hello"),)
    assert "public key block has no END line" in report.problems


def test_anonymous_report() -> None:
    report = parse("anonymous.txt")
    assert report.contact is None
    assert report.openpgp_key is None
    assert report.summary == "Screen stays black after the boot menu"
    assert report.version == "7.4"
    assert [a.heading for a in report.answers] == ["What happened instead?"]
    assert report.problems == ()
    assert report.journal_errors() == (
        "kernel: nouveau 0000:01:00.0: bus: MMIO read of 00000000 FAULT at 6013d4 [ TIMEOUT ]",
        "kernel: nouveau 0000:01:00.0: DRM: failed to create kernel channel, -22",
    )


def test_only_subject_and_answers() -> None:
    report = parse("answers-only.txt")
    assert report.summary == "Feature request: keep my keyboard layout"
    assert report.running is None
    assert report.version is None
    assert report.debug == ()
    assert report.installed_version is None
    assert report.hardware.short() == ""
    assert report.journal_errors() == ()
    assert not report.has_technical_details
    assert report.answers == (
        Answer(
            "What were you trying to achieve?",
            "I choose the German keyboard layout in the Welcome Screen every time.\n"
            "Could Tails remember it without Persistent Storage?",
        ),
    )
    assert report.problems == (MISSING_VERSION, "no debug information")


def test_empty_summary() -> None:
    report = parse("empty-summary.txt")
    assert report.summary == ""
    assert report.problems == ("empty summary",)
    assert report.debug[0].key == "/proc/asound/cards"


def test_prefill_tps_frontend() -> None:
    report = parse("prefill-tps.txt")
    assert report.summary == "PersistentStorage"
    assert report.prefill == (
        ("app", "tps_frontend"),
        ("summary", "PersistentStorage"),
        (
            "details",
            "Error activating feature Dotfiles:\ntps.job.JobCancelledError: Job was cancelled\n"
            "returncode=1",
        ),
    )
    assert report.prefill_value("App") == "tps_frontend"
    assert report.prefill_value("nothing") is None
    running = report.running
    assert running is not None and running.version == "6.5"
    assert all("Bug-specific" not in line for line in running.raw)
    assert [a.heading for a in report.answers] == [
        "What were you trying to achieve?",
        "What happened instead?",
    ]
    assert report.hardware.short() == "Acer Aspire E5-575G"


def test_prefill_fsck() -> None:
    report = parse("prefill-fsck.txt")
    assert dict(report.prefill)["app"] == "fsck"
    assert dict(report.prefill)["details"].splitlines() == [
        "e2fsck 1.47.0 (5-Feb-2023)",
        "/dev/mapper/TailsData_unlocked: recovering journal",
        "Error reading block 1409024 (Input/output error).  Ignore error? yes",
    ]
    assert report.version == "6.18"
    assert report.hardware.short() == ""
    assert len(report.answers) == 1


def test_prefill_without_technical_details() -> None:
    report = parse("prefill-no-version.txt")
    assert [key for key, _ in report.prefill] == ["app", "summary", "details"]
    assert report.answers == (Answer("What happened instead?", "Creation stops at 80 percent."),)
    assert report.problems == (MISSING_VERSION, "no debug information")


def test_dev_build_alpha_channel() -> None:
    report = parse("dev-alpha.txt")
    running = report.running
    assert running is not None
    assert running.version == "7.6~rc1"
    assert running.git_branch == "feature/unsafe-browser-menu"
    assert running.git_tag is None
    assert running.channel == "alpha"
    assert running.is_dev_build
    assert report.installed_version == "7.5"
    assert report.openpgp_key == "3F1A 9C2B 7D4E 5F60 8A1B  2C3D 4E5F 6A7B 8C9D 0E1F"
    assert report.answers[0].text.startswith("Opened Apps > Internet.")


def test_vm_report() -> None:
    report = parse("vm-qemu.txt")
    assert report.hardware.is_vm
    assert report.hardware.short() == "QEMU Standard PC (Q35 + ICH9, 2009)"
    assert report.journal_errors() == ("tca[2004]: Tor bootstrap timed out after 120 s",)


def test_nested_sections_report() -> None:
    report = parse("nested-sections.txt")
    assert len(report.debug) == 11
    assert sum(1 for s in report.debug if s.missing) == 3
    assert report.language == "es"
    assert report.hardware.short() == "Dell Latitude 7490"
    errors = report.journal_errors()
    assert errors[-1] == "kernel: BUG: kernel NULL pointer dereference, address: 0000000000000010"
    assert len(errors) == 3
    assert all("DMI REMOVED" not in e for e in errors)
    cmdline = report.debug[0].lines[0]
    assert "module=Tails" in cmdline


def test_placeholders_kept_verbatim() -> None:
    report = parse("nested-sections.txt")
    running = report.running
    assert running is not None
    assert 'HOME_URL="https://[URL REMOVED]"' in running.raw
    journal = report.debug[-1].text
    assert "[MAC REMOVED]" in journal
    assert "'[ESSID REMOVED]'" in journal


def test_support_mail_with_pasted_report() -> None:
    body = load("support-mail-pasted.txt")
    assert has_pasted_report(body)
    report = parse_report(body)
    assert report.version == "7.4"
    assert report.hardware.short() == "Toshiba SATELLITE C55-B"
    assert all("Tails-Version" not in a.text for a in report.answers)
    assert "report ID missing" in report.problems
    assert "no Subject: line" in report.problems


def test_has_pasted_report() -> None:
    assert has_pasted_report("Hi,\n> Tails-Version: 5.14 - 20230612\n")
    assert has_pasted_report("see below\n======= content of /proc/cmdline =======\nx")
    assert not has_pasted_report("Hello, I use Tails 7.5 and the Tails-Version is 7.5")
    assert not has_pasted_report("")


def test_plain_mail_without_the_version_line_is_not_searched_by_the_expression(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The anchored expression runs only on a text holding "Tails-Version:" (docs/
    # benchmarks.md, "Session 17: the cold read"); the answers stay the same.
    from hdtui.domain import report as report_module

    searched: list[str] = []
    pattern = report_module._PASTED_VERSION_RE

    class Counting:
        def search(self, text: str) -> object:
            searched.append(text)
            return pattern.search(text)

    monkeypatch.setattr(report_module, "_PASTED_VERSION_RE", Counting())
    assert not has_pasted_report("Hello,\nTor does not start.\n" * 200)
    assert not has_pasted_report("Tails-Version 7.5, Tails-version: 7.5")
    assert searched == []
    assert has_pasted_report("Hi,\n >\t> Tails-Version: 5.14 - 20230612\n")
    assert not has_pasted_report("I see x Tails-Version: 7.5 in the middle of a line")
    assert len(searched) == 2


# --- robustness ----------------------------------------------------------------------------


def test_crlf_body() -> None:
    crlf = load("tails-7.5-wifi.txt").replace("\n", "\r\n")
    report = parse_report(crlf, ID32)
    reference = parse("tails-7.5-wifi.txt")
    assert report.answers == reference.answers
    assert report.running == reference.running
    assert report.debug == reference.debug
    assert report.problems == ()


def test_inner_mime_headers_are_skipped() -> None:
    body = (
        'Content-Type: text/plain; charset="us-ascii"\nMIME-Version: 1.0\n'
        "Content-Transfer-Encoding: 7bit\n\n" + load("anonymous.txt")
    )
    report = parse_report(body, ID32)
    assert report.summary == "Screen stays black after the boot menu"
    assert report.version == "7.4"


def test_markup_and_escapes_kept_verbatim() -> None:
    body = (
        "Subject: [bold red]x[/] \x1b[2J\n\n"
        "What happened instead?\n----------------------\n\n"
        "[bold red]x[/] and [link=https://example.org]y[/link]\n\x1b[2J\x1b]0;title\x07\n"
    )
    report = parse_report(body, ID32)
    assert report.summary == "[bold red]x[/] \x1b[2J"
    assert report.answers == (
        Answer(
            "What happened instead?",
            "[bold red]x[/] and [link=https://example.org]y[/link]\n\x1b[2J\x1b]0;title\x07",
        ),
    )


def test_heading_tolerance() -> None:
    body = (
        "Subject: s\n\nintro line\n\n"
        "Short heading\n==========\n\nunder equals\n\n"
        "Way off heading\n---\n\nnot a heading\n"
    )
    report = parse_report(body, ID32)
    assert report.answers == (
        Answer("", "intro line"),
        Answer("Short heading", "under equals\n\nWay off heading\n---\n\nnot a heading"),
    )


def test_empty_headed_answers_are_dropped() -> None:
    body = (
        "Subject: s\n\n\nName of the affected software\n-----------------------------\n\n"
        "Desired result\n--------------\n\nIt works.\n"
    )
    report = parse_report(body, ID32)
    assert report.answers == (Answer("Desired result", "It works."),)


def test_no_report_id() -> None:
    report = parse_report(load("tails-7.5-wifi.txt"))
    assert report.report_id is None
    assert report.wb_url is None
    assert report.problems == ("report ID missing",)


def test_empty_body() -> None:
    report = parse_report("", None)
    assert report.summary == ""
    assert report.answers == ()
    assert report.debug == ()
    assert report.problems == (
        "report ID missing",
        "empty body",
        "empty summary",
        MISSING_VERSION,
        "no debug information",
        "no answers",
    )


def test_tails_version_without_version() -> None:
    report = parse_report("Subject: s\nTails-Version: \n\ntext\n", ID32)
    assert report.running is not None
    assert report.version is None
    assert "Tails-Version has no recognisable version" in report.problems


def test_random_bytes_never_raise() -> None:
    rng = random.Random(20260227)
    for size in (1, 10, 1000, 100_000):
        data = bytes(rng.randrange(256) for _ in range(size)).decode("utf-8", errors="replace")
        report = parse_report(data, None)
        assert isinstance(report, WhisperBackReport)
        report.journal_errors()
        report.hardware.short()


@pytest.mark.parametrize(
    "body",
    [
        "\x00\x01\x02",
        "Subject:",
        "Tails-Version:",
        "Tails-Version: NAME=",
        "Bug-specific details:",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "======= content of  =======",
        "======= content of ",
        "\r\r\r\n\n\r",
        "Subject: a\nFrom: b\nFrom: c\nSubject: d\n",
        "\ufeffSubject: bom\n",
    ],
)
def test_odd_bodies_never_raise(body: str) -> None:
    report = parse_report(body, ID32)
    assert isinstance(report.problems, tuple)


def test_many_marker_lines() -> None:
    marker = "======= content of /bin/journalctl =======\n"
    assert_linear(lambda n: marker * n, lambda body: parse_report(body, ID32), 20_000)
    report = parse_report(marker * 100_000, ID32)
    assert len(report.debug) == 100_000
    assert report.journal_errors() == ()


def test_a_large_journal_takes_time_in_proportion_to_its_lines() -> None:
    line = (
        "Mar 02 14:05:52 amnesia NetworkManager[1432]: <warn>  [1772460352.4410] device "
        "(wlan0): Activation: failed attempt {}\n"
    )
    head = load("tails-7.5-wifi.txt")

    def body(count: int) -> str:
        return head + "".join(line.format(i) for i in range(count))

    assert_linear(body, lambda text: parse_report(text, ID32), 9_000)
    big = body(45_000)
    assert len(big) > 5_000_000
    report = parse_report(big, ID32)
    assert report.version == "7.5"
    assert len(report.journal_errors(limit=20)) == 20


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "a\n" * (n * 10),
        lambda n: "a\n---\n" * (n * 2),
        lambda n: "-" * (n * 50),
        lambda n: "Subject: " + "x" * (n * 50),
        lambda n: "\n======= content of " * n,
        lambda n: "======= content of " + "a =======" * (n * 5),
    ],
    ids=["short-lines", "many-headings", "one-rule", "long-subject", "bad-markers", "long-key"],
)
def test_pathological_bodies_are_linear(make: Callable[[int], str]) -> None:
    assert_linear(make, lambda body: parse_report(body, ID32), 20_000)


def test_reports_of_one_release_and_machine_share_its_version_and_devices() -> None:
    # Parsed once a distinct version block and lspci line (docs/benchmarks.md, "Session
    # 14: the cold read's children"): a second report of the same machine and release
    # gets the same frozen objects, equal to a report parsed on its own.
    text = (DATA / "anonymous.txt").read_text(encoding="utf-8")
    first, second = parse_report(text, "1a"), parse_report(text.replace("\n", "\n", 1), "2b")
    assert first.running is not None and first.hardware.pci
    assert second.running is first.running
    assert all(a is b for a, b in zip(first.hardware.pci, second.hardware.pci, strict=True))
    other = parse_report(text.replace("Tails-Version: ", "Tails-Version:  ", 1), "3c")
    assert other.running is not None and other.running is not first.running
    assert other.running.version == first.running.version
