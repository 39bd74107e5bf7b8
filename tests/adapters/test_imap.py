"""ImapSource against a real Dovecot: TLS, login, listing, CONDSTORE resync, keywords, claims."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hdtui.domain.mailbox_delta import Delta
from hdtui.errors import (
    ConfigError,
    ConnectionProblem,
    LoginRefused,
    ReadOnlyError,
    ServerUnreachable,
    SourceError,
)
from hdtui.sources.imap import ImapAccount, ImapSource
from tests.servers.dovecot import UNICODE_USER, Dovecot

MAIL = b"From: user@example.org\nTo: support@tails.net\nSubject: %s\n\nbody %s\n"


def account(dovecot: Dovecot, user: tuple[str, str], **changes: object) -> ImapAccount:
    name, password = user
    settings: dict[str, object] = dict(host=dovecot.host, user=name,
                                       password=lambda: password, port=dovecot.imaps_port,
                                       security="tls", ca_file=dovecot.cafile, timeout=10.0)
    settings.update(changes)
    return ImapAccount(**settings)  # type: ignore[arg-type]


def seed(dovecot: Dovecot, user: tuple[str, str], count: int) -> None:
    for n in range(count):
        dovecot.deliver(user[0], MAIL % (b"m%d" % n, b"%d" % n))


def test_imaps_with_own_ca_lists_and_reads_without_marking_seen(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 3)
    source = ImapSource(account(dovecot, imap_user))
    items = source.list()
    assert len(items) == 3 and all(not i.seen for i in items)
    uidvalidity = dovecot.status(imap_user[0])["uidvalidity"]
    assert {i.key for i in items} == {f"INBOX/{uidvalidity}/{n}" for n in (1, 2, 3)}
    parsed = source.load(items[0])
    assert parsed.message.subject == "m0"
    assert "\\Seen" not in dovecot.flags(imap_user[0])  # BODY.PEEK
    source.close()


def test_fetched_bodies_are_not_formatted_for_imaplibs_debug_output(
    dovecot: Dovecot, imap_user: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """imapclient sets imaplib's debug level to 5, at which imaplib formats the repr of
    every answer it keeps (each body fetched) for a logger hdtui never enables: CPU
    for nothing, growing with the mail, and mail text handed to logging."""
    dovecot.deliver(imap_user[0], MAIL % (b"journal", b"MARKER " * 3000))
    caplog.set_level(logging.DEBUG, logger="imapclient.imaplib")
    source = ImapSource(account(dovecot, imap_user))
    try:
        items = source.list()
        loaded = source.load_many(items)
        assert [p.message.subject for p in loaded if not isinstance(p, SourceError)] == \
            ["journal"]
    finally:
        source.close()
    assert not [r for r in caplog.records if "MARKER" in r.getMessage()]


def test_starttls(dovecot: Dovecot, imap_user: tuple[str, str]) -> None:
    seed(dovecot, imap_user, 1)
    source = ImapSource(account(dovecot, imap_user, port=dovecot.port, security="starttls"))
    assert len(source.list()) == 1
    source.close()


def test_wrong_password_says_what_and_where_but_not_the_secret(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    source = ImapSource(account(dovecot, (imap_user[0], "not-the-password")))
    with pytest.raises(LoginRefused) as info:
        source.list()
    assert info.value.title == "IMAP login refused"
    assert not isinstance(info.value, ConnectionProblem)  # a dialog, not "reconnecting"
    assert f"{imap_user[0]}@127.0.0.1:{dovecot.imaps_port}" in info.value.message
    assert "[account] password_env or password_command" in info.value.message
    assert "not-the-password" not in info.value.message


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_non_ascii_password_logs_in(dovecot: Dovecot, security: str) -> None:
    """imaplib's LOGIN encodes as ASCII (UnicodeEncodeError); PLAIN sends UTF-8."""
    dovecot.deliver(UNICODE_USER[0], MAIL % (b"unicode", b"1"))
    port = dovecot.imaps_port if security == "tls" else dovecot.port
    source = ImapSource(account(dovecot, UNICODE_USER, port=port, security=security))
    assert "unicode" in [source.load(i).message.subject for i in source.list()]
    source.close()


def test_wrong_non_ascii_password_is_refused_cleanly(dovecot: Dovecot) -> None:
    source = ImapSource(account(dovecot, (UNICODE_USER[0], "pässwörd-日本-wrong")))
    with pytest.raises(LoginRefused) as info:
        source.list()
    assert info.value.title == "IMAP login refused"
    assert "日本" not in info.value.message


def test_unverified_certificate_is_refused(dovecot: Dovecot, imap_user: tuple[str, str]) -> None:
    source = ImapSource(account(dovecot, imap_user, ca_file=None))
    with pytest.raises(SourceError) as info:
        source.list()
    assert info.value.title == "Untrusted certificate" and "ca_file" in info.value.message


@pytest.mark.parametrize("security", ["starttls", "plain"])
def test_a_plain_greeting_to_the_tls_port_says_to_check_security_not_unreachable(
    dovecot: Dovecot, imap_user: tuple[str, str], security: str
) -> None:
    source = ImapSource(account(dovecot, imap_user, security=security, timeout=2.0))
    with pytest.raises(SourceError) as info:
        source.list()
    assert not isinstance(info.value, ConnectionProblem)  # a setting to fix, not offline
    assert info.value.title == "No IMAP greeting"
    assert f"[account] security = \"{security}\" is likely wrong for this port" \
        in info.value.message
    assert "Check [account] security and port." in info.value.message


def test_no_greeting_is_said_well_before_the_connection_timeout(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    source = ImapSource(account(dovecot, imap_user, security="starttls", timeout=30.0))
    started = time.monotonic()
    with pytest.raises(SourceError) as info:
        source.list()
    assert time.monotonic() - started < 9  # the greeting's 5 s (+ a probe), not 30 s
    assert info.value.title == "No IMAP greeting"
    assert "sent no greeting within 5 s" in info.value.message
    # The start asks again at once (the team folder, the listing): said without waiting.
    again = time.monotonic()
    with pytest.raises(SourceError) as second:
        source.changes()
    assert time.monotonic() - again < 1
    assert (second.value.title, second.value.message) == (info.value.title,
                                                           info.value.message)
    source.close()  # F5 and the like: the next connection is a real try again


def test_tls_on_the_plain_port_explains_tls_and_starttls(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    source = ImapSource(account(dovecot, imap_user, port=dovecot.port, security="tls"))
    with pytest.raises(SourceError) as info:
        source.list()
    assert info.value.title == "TLS failed"
    assert info.value.message == (
        f"TLS with the IMAP server 127.0.0.1:{dovecot.port} failed (WRONG_VERSION_NUMBER). "
        "Check [account] security and port: \"tls\" is TLS from the first byte (port 993), "
        "\"starttls\" upgrades a plain connection (143).")


def test_a_missing_folder_is_named_with_the_servers_folders(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 1)
    source = ImapSource(account(dovecot, imap_user, folders=("INBOX", "Nope")))
    with pytest.raises(SourceError) as info:
        source.list()
    assert info.value.title == "IMAP folder missing"
    message = info.value.message
    assert message.startswith(
        f"[account] folders names the folder 'Nope', which the IMAP server "
        f"{imap_user[0]}@127.0.0.1:{dovecot.imaps_port} does not have. Its folders: ")
    assert "INBOX" in message.split("Its folders: ")[1]
    assert message.endswith("Check [account] folders (names are case-sensitive, except "
                            "INBOX).")
    assert "secs" not in message and ".." not in message  # not the server's raw text
    source.close()


def test_a_missing_folder_is_skipped_and_named_and_its_messages_kept(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    """One watched folder the server does not have: the others are listed, the missing one
    is named, and what was listed from it before is not counted gone (docs/config.md)."""
    user = imap_user[0]
    seed(dovecot, imap_user, 2)
    dovecot.doveadm("mailbox", "create", "-u", user, "Other")
    dovecot.deliver(user, MAIL % (b"other", b"o"), mailbox="Other")
    source = ImapSource(account(dovecot, imap_user, folders=("INBOX", "Other", "Nope")))
    first = source.changes()
    assert sorted(i.key.split("/")[0] for i in first.listed) == ["INBOX", "INBOX", "Other"]
    assert first.gone == []
    (nope,) = first.missing
    assert nope.startswith("[account] folders names the folder 'Nope', which the IMAP server")
    assert [i.key.split("/")[0] for i, _ in source.newest(10)].count("INBOX") == 2
    dovecot.doveadm("mailbox", "delete", "-u", user, "Other")
    seed(dovecot, imap_user, 1)
    second = source.changes()
    assert [i.key.split("/")[0] for i in second.listed] == ["INBOX"]
    assert second.gone == []  # Other's message is kept until the name is fixed
    assert [m.split("'")[1] for m in second.missing] == ["Other", "Nope"]
    assert "Other" in source.export_state()
    source.close()


def test_unreachable_server(imap_user: tuple[str, str]) -> None:
    from tests.servers.dovecot import free_port

    port = free_port()
    source = ImapSource(ImapAccount(host="127.0.0.1", user="x", password=lambda: "y", port=port,
                                    timeout=3.0))
    with pytest.raises(ServerUnreachable) as info:  # the UI reconnects (a class, no title)
        source.list()
    assert info.value.title == "IMAP server unreachable"
    assert info.value.message == (
        f"Cannot reach the IMAP server 127.0.0.1:{port}: nothing listens there (connection "
        "refused). Check [account] host and port, and that the server runs.")


def test_plain_is_only_for_loopback() -> None:
    with pytest.raises(ConfigError, match=r"allowed only to this machine \(127\.0\.0\.1"):
        ImapSource(ImapAccount(host="imap.example.org", user="x", password=lambda: "y",
                               security="plain"))


def test_resync_with_nothing_new_costs_one_round_trip(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 5)
    source = ImapSource(account(dovecot, imap_user))
    first = source.changes()
    assert len(first.listed) == 5 and first.gone == []
    source.close()  # a new connection: the folder is not open
    before = source.round_trips
    assert source.changes() == Delta([], [])
    assert source.round_trips - before == 1  # the SELECT, nothing fetched
    dovecot.deliver(imap_user[0], MAIL % (b"late", b"late"))
    before = source.round_trips
    late = source.changes()
    # The folder is open on this connection: no SELECT (Dovecot reads the whole folder
    # again for one), but NOOP, FETCH CHANGEDSINCE and the count (docs/live-changes.md).
    assert source.round_trips - before == 3
    assert len(late.listed) == 1 and late.gone == []
    assert late.listed[0].key not in {i.key for i in first.listed}
    assert source.load(late.listed[0]).message.subject == "late"
    assert source.changes() == Delta([], [])
    other = ImapSource(account(dovecot, imap_user))
    other.set_keywords(first.listed[0].key, add=["$HDTriaged"])
    other.delete_messages("INBOX", [int(first.listed[1].key.rsplit("/", 1)[1])])
    other.close()
    both = source.changes()
    assert [(i.key, i.keywords) for i in both.listed] == [(first.listed[0].key,
                                                           frozenset({"$HDTriaged"}))]
    assert both.gone == [first.listed[1].key]
    # Reading another folder (the claims folder) leaves the mailbox open on this one.
    assert source.folder_headers("Sent", ["Subject"]) == {}
    before = source.round_trips
    assert source.changes() == Delta([], [])
    assert source.round_trips - before == 3
    source.close()


def test_saved_state_resumes_and_expunges_are_reported_gone(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 4)
    source = ImapSource(account(dovecot, imap_user))
    keys = sorted(i.key for i in source.changes().listed)
    state = source.export_state()
    source.close()
    again = ImapSource(account(dovecot, imap_user))
    again.restore_state(state)
    assert again.changes() == Delta([], [])  # a warm start lists nothing again
    dovecot.doveadm("expunge", "-u", imap_user[0], "mailbox", "INBOX", "uid", "2")
    delta = again.changes()
    assert delta.listed == [] and delta.gone == [k for k in keys if k.endswith("/2")]
    # A folder no longer watched: its messages are gone for the queue.
    other = ImapSource(account(dovecot, imap_user, folders=("Archive",)))
    dovecot.doveadm("mailbox", "create", "-u", imap_user[0], "Archive")
    other.restore_state(again.export_state())
    assert sorted(other.changes().gone) == [k for k in keys if not k.endswith("/2")]
    again.close()
    other.close()


def test_flags_set_by_another_client_appear_on_resync(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 2)
    mine = ImapSource(account(dovecot, imap_user))
    theirs = ImapSource(account(dovecot, imap_user))
    items = sorted(mine.changes().listed, key=lambda i: i.key)
    theirs.changes()
    theirs.set_keywords(items[1].key, add=["$HDTriaged"])
    (changed,) = mine.changes().listed
    assert changed.key == items[1].key and changed.keywords == {"$HDTriaged"}
    assert changed.modseq > items[1].modseq and changed.size == items[1].size
    theirs.set_keywords(items[1].key, remove=["$HDTriaged"])
    (changed,) = mine.changes().listed
    assert changed.keywords == frozenset()
    mine.close()
    theirs.close()


def test_uidvalidity_change_rebuilds_the_folder(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 2)
    source = ImapSource(account(dovecot, imap_user))
    first = source.changes()
    dovecot.doveadm("mailbox", "update", "-u", imap_user[0], "--uid-validity", "4242", "INBOX")
    source.close()  # a new session sees the new UIDVALIDITY
    second = source.changes()
    assert len(second.listed) == 2
    assert all(i.key.startswith("INBOX/4242/") for i in second.listed)
    assert sorted(second.gone) == sorted(i.key for i in first.listed)
    source.close()


def test_two_members_claiming_at_once_give_exactly_one_winner(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 1)
    members = [ImapSource(account(dovecot, imap_user)) for _ in range(2)]
    items = [m.list()[0] for m in members]
    assert items[0].modseq and items[0].modseq == items[1].modseq
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def claim(n: int) -> None:
        barrier.wait()
        results.append(members[n].claim(items[n].key, "$HDClaimed", items[n].modseq))

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Never both. Dovecot can let two STOREs that overlap inside it both pass their
    # UNCHANGEDSINCE and both commit (the message's mod-sequence then moved twice); each
    # answer reports the other's change and neither member counts itself the winner
    # (docs/marks.md, "Two members at once"). Before, both did: session 17's failure.
    assert sorted(results) in ([False, True], [False, False])
    if not any(results):
        assert f"MODSEQ {items[0].modseq + 2}" in _modseqs(dovecot, imap_user)
    assert "$HDClaimed" in dovecot.flags(imap_user[0])
    # A later claim by anyone fails too: it is taken.
    assert members[0].claim(items[0].key, "$HDClaimed", 0) is False
    for member in members:
        member.close()


def _modseqs(dovecot: Dovecot, user: tuple[str, str]) -> str:
    """Every INBOX message's mod-sequence as doveadm prints it, as "MODSEQ n" lines."""
    out = dovecot.doveadm("fetch", "-u", user[0], "modseq", "mailbox", "INBOX", "all")
    return out.upper().replace(":", "")


def _claim_between(members: list[ImapSource], monkeypatch: pytest.MonkeyPatch,
                   key: str, modseq: int) -> list[bool]:
    """Order two members' claims: member 1's claim reads the message's flags (its FETCH
    before the STORE), then member 0 claims the message whole, then member 1 stores.
    Returns member 0's result once it ran."""
    client = members[1].connect()
    fetch = client.fetch
    first: list[bool] = []

    def fetch_then_the_other_claims(*args: object, **kwargs: object) -> object:
        found = fetch(*args, **kwargs)  # type: ignore[arg-type]
        if not first:
            first.append(members[0].claim(key, "$HDClaimed", modseq))
        return found

    monkeypatch.setattr(client, "fetch", fetch_then_the_other_claims)
    return first


def test_a_claim_with_no_listed_modseq_is_still_conditional(
    dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim whose row carries no mod-sequence (the member changed another mark of it
    since the listing; a claim made offline, applied from the outbox) read the flags and
    then stored the keyword unconditionally: another member's claim landing between the
    two was not seen, and both members won. Now it is conditional on the mod-sequence
    its own FETCH read (docs/marks.md, "Two members at once")."""
    seed(dovecot, imap_user, 1)
    members = [ImapSource(account(dovecot, imap_user)) for _ in range(2)]
    items = [m.list()[0] for m in members]
    first = _claim_between(members, monkeypatch, items[0].key, items[0].modseq)
    second = members[1].claim(items[1].key, "$HDClaimed", 0)
    assert (first, second) == ([True], False)
    for member in members:
        member.close()


def test_an_ok_that_reports_another_members_change_is_not_a_win(
    dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dovecot (2.3.19) answers OK, without [MODIFIED], to both of two conditional
    STOREs that overlap inside the server: the later one's UNCHANGEDSINCE was checked
    before the earlier one committed, and by its own commit the keyword is already set,
    no change left to refuse. Its answer then reports the other session's change of the
    message's flags (an untagged FETCH with FLAGS), which our own .SILENT STORE never
    brings. The test cannot pause Dovecot inside a STORE, so it makes that answer with
    steps it orders: member 1 reads the flags, member 0 claims, and member 1 stores
    UNCHANGEDSINCE the mod-sequence member 0's claim gave the message. Dovecot passes
    the check as it passed the overlapping one and answers as it did there (OK, no
    MODIFIED, the other's FLAGS): before this, member 1 counted that as a win."""
    seed(dovecot, imap_user, 1)
    members = [ImapSource(account(dovecot, imap_user)) for _ in range(2)]
    items = [m.list()[0] for m in members]
    claimed = items[0].modseq + 1  # each change of this one-message mailbox adds one
    first = _claim_between(members, monkeypatch, items[0].key, items[0].modseq)
    second = members[1].claim(items[1].key, "$HDClaimed", claimed)
    assert f"MODSEQ {claimed}" in _modseqs(dovecot, imap_user)
    assert (first, second) == ([True], False)
    for member in members:
        member.close()


def test_another_messages_change_in_the_answer_leaves_the_claim_won(
    dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer to a claim's STORE also reports changes to other messages of the folder
    (their FLAGS): they say nothing about this claim, which stays won."""
    seed(dovecot, imap_user, 2)
    members = [ImapSource(account(dovecot, imap_user)) for _ in range(2)]
    older, newer = sorted(members[1].list(), key=lambda item: item.key)
    members[0].list()
    client = members[1].connect()
    fetch = client.fetch

    def fetch_then_the_other_marks(*args: object, **kwargs: object) -> object:
        found = fetch(*args, **kwargs)  # type: ignore[arg-type]
        members[0].set_keywords(older.key, add=["$HDTriaged"])
        return found

    monkeypatch.setattr(client, "fetch", fetch_then_the_other_marks)
    assert members[1].claim(newer.key, "$HDClaimed", newer.modseq) is True
    assert "$HDTriaged" in dovecot.flags(imap_user[0])
    for member in members:
        member.close()


def test_read_only_source_examines_and_refuses_writes(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    seed(dovecot, imap_user, 3)
    before = (dovecot.status(imap_user[0]), dovecot.flags(imap_user[0]))
    source = ImapSource(account(dovecot, imap_user), read_only=True)
    items = source.list()
    for item in items:
        source.load(item)
    with pytest.raises(ReadOnlyError):
        source.set_keywords(items[0].key, add=["$HDTriaged"])
    with pytest.raises(ReadOnlyError):
        source.claim(items[0].key, "$HDClaimed", items[0].modseq)
    source.close()
    assert (dovecot.status(imap_user[0]), dovecot.flags(imap_user[0])) == before


def test_folder_names_with_separators(dovecot: Dovecot, imap_user: tuple[str, str],
                                      tmp_path: Path) -> None:
    dovecot.doveadm("mailbox", "create", "-u", imap_user[0], "Lists/tails-dev")
    dovecot.deliver(imap_user[0], MAIL % (b"list", b"x"), "Lists/tails-dev")
    seed(dovecot, imap_user, 1)
    source = ImapSource(account(dovecot, imap_user, folders=("INBOX", "Lists/tails-dev")))
    items = source.list()
    assert len(items) == 2
    listed = next(i for i in items if i.key.startswith("Lists/tails-dev/"))
    assert source.load(listed).message.subject == "list"
    source.set_keywords(listed.key, add=["$HDNoReply"])
    assert "$HDNoReply" in dovecot.flags(imap_user[0], "Lists/tails-dev")
    source.close()


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/St_Johns", "Asia/Kolkata"])
def test_a_listed_date_is_read_as_imapclient_reads_it(
        zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The listing reads INTERNALDATE's usual form itself (a third of the listing's CPU
    went to the e-mail date parser): the same naive local datetime as imapclient's
    ``parse_to_datetime``, in every zone, and the same failures; the forms it does not
    read (-0000, a day without its leading space) go to imapclient (docs/cold-start.md,
    "The listing's answer")."""
    import random
    import time as clock

    from imapclient.datetime_util import parse_to_datetime

    from hdtui.sources.imap import _internaldate, _local_minutes

    monkeypatch.setenv("TZ", zone)
    clock.tzset()
    try:
        chance = random.Random(12)
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                  "Nov", "Dec"]
        dates = [b"05-Dec-2026 19:47:20 +0000", b" 5-Dec-2026 19:47:20 +0530",
                 b"5-Dec-2026 19:47:20 +0000", b"05-Dec-2026 19:47:20 -0000",
                 b"31-Feb-2026 10:00:00 +0100", b"05-Dec-2026 23:59:60 +0000",
                 b"05-Foo-2026 19:47:20 +0000", b"01-Jan-0001 00:00:00 +1400",
                 b"31-Dec-9999 23:59:59 -1200", b"not a date"]
        dates += [f"{chance.randint(1, 31):02d}-{chance.choice(months)}-"
                  f"{chance.randint(1970, 2099)} {chance.randint(0, 23):02d}:"
                  f"{chance.randint(0, 59):02d}:{chance.randint(0, 59):02d} "
                  f"{chance.choice('+-')}{chance.randint(0, 14):02d}"
                  f"{chance.choice([0, 30, 45]):02d}".encode() for _ in range(3000)]

        def read(how: Callable[[], object]) -> object:
            try:
                return how()
            except (ValueError, OverflowError) as error:
                return type(error)

        local = _local_minutes()
        for date in dates:
            expected = read(lambda: parse_to_datetime(date, normalise=True))  # noqa: B023
            assert read(lambda: _internaldate(date, local)) == expected, date  # noqa: B023
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()


def flagged(source: ImapSource, uids: list[int]) -> Any:
    """The source's connection (listed once), INBOX selected, with system flags and
    keywords set on ``uids``."""
    source.list()
    client = source._client
    assert client is not None
    client.select_folder("INBOX")
    client.add_flags(uids, [b"\\Seen", b"$HDClaimed", b"\\Flagged", b"$label1"])
    return client


def test_the_listing_reads_flags_keywords_and_dates_as_imapclient_does(
        dovecot: Dovecot, imap_user: tuple[str, str]) -> None:
    from hdtui.sources.imap import _listed, _parse_fetch

    seed(dovecot, imap_user, 4)
    source = ImapSource(account(dovecot, imap_user))
    client = flagged(source, [1, 3])
    typ, data = client._imap.uid("FETCH", "1:*",
                                 "(UID FLAGS RFC822.SIZE INTERNALDATE MODSEQ)")
    assert typ == "OK"
    general = {int(v.get(b"UID", k)): {name: value for name, value in v.items()
                                       if name != b"SEQ"}
               for k, v in _parse_fetch(data).items()}
    assert _listed(data) == general and len(general) == 4
    items = {i.key.rsplit("/", 1)[1]: i for i in source.list()}
    assert items["1"].seen and items["1"].keywords >= {"$HDClaimed", "$label1"}
    assert not items["2"].seen and items["2"].modseq > 0 and items["2"].mtime is not None
    source.close()


def test_the_glimpse_reads_its_answer_as_imapclient_does_without_it(
        dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The glimpse's FETCH of the newest headers is read without imapclient's general
    parser (docs/cold-start.md, "Rows from the newest headers"): the same values as that
    parser's on Dovecot's answer (system flags, keywords, MODSEQ, headers encoded, folded
    and missing), and the same rows; any other shape goes to imapclient."""
    from hdtui.sources import imap
    from hdtui.sources.imap import HEADERS_ITEM, LIST_ITEMS, _glimpsed, _parse_fetch

    seed(dovecot, imap_user, 3)
    dovecot.deliver(imap_user[0], b"From: =?utf-8?q?Andr=C3=A9?= <a@example.org>\n"
                    b"Subject: folded\n  over two lines\nX-Other: 1\n\nbody\n")
    dovecot.deliver(imap_user[0], b"X-Only: no field the glimpse asks for\n\nbody\n")
    source = ImapSource(account(dovecot, imap_user))
    client = flagged(source, [1, 4])
    typ, data = client._imap.fetch("1:*", f"({' '.join(LIST_ITEMS)} MODSEQ {HEADERS_ITEM})")
    assert typ == "OK"
    assert _glimpsed(data) == _parse_fetch(data) and len(_parse_fetch(data)) == 5
    # Not the usual shape: a literal cut short, no closing, an item after the literal.
    head, literal = data[0]
    assert _glimpsed([(head, literal[:-1]), b")"]) is None
    assert _glimpsed([(head, literal)]) is None
    assert _glimpsed([(head, literal), b" FLAGS (\\Seen))"]) is None

    general: list[object] = []
    parse_fetch = imap._parse_fetch
    monkeypatch.setattr(imap, "_parse_fetch", lambda data, **_: general.append(data) or {})
    fast = source.newest(10)
    assert general == []  # imapclient's parser was not asked
    monkeypatch.setattr(imap, "_parse_fetch", parse_fetch)
    monkeypatch.setattr(imap, "_glimpsed", lambda data: None)
    assert fast == source.newest(10) and len(fast) == 5
    rows = {item.key.rsplit("/", 1)[1]: (item, message) for item, message in fast}
    assert rows["1"][0].seen and rows["4"][0].keywords >= {"$HDClaimed", "$label1"}
    assert rows["4"][1].sender.startswith("Andr") and rows["4"][1].subject == \
        "folded over two lines"
    source.close()
