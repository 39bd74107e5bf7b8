"""The IDLE watcher against a real Dovecot: another connection's changes are heard at
once (a flag, new mail, an expunge), and a lost IDLE connection comes back by itself
(docs/live-changes.md)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from imapclient import IMAPClient

from hdtui.errors import ReadsEnded
from hdtui.sources import imap
from hdtui.sources.imap import ImapSource
from tests.adapters.test_imap import account, seed
from tests.servers.dovecot import Dovecot

HEARD_WITHIN = 1.5
"""Dovecot waits about half a second before it tells an IDLE client of a change."""


class Watching:
    """``ImapSource.watch`` in a thread, counting the change notices."""

    def __init__(self, source: ImapSource) -> None:
        self.notices = 0
        self.heard = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=source.watch, args=(self._changed, self.stop),
                                       daemon=True)
        self.thread.start()

    def _changed(self) -> None:
        with self.heard:
            self.notices += 1
            self.heard.notify_all()

    def after(self, count: int, timeout: float) -> float:
        """Seconds until more than ``count`` notices were heard (inf: not in time)."""
        started = time.monotonic()
        with self.heard:
            if not self.heard.wait_for(lambda: self.notices > count, timeout):
                return float("inf")
        return time.monotonic() - started


@pytest.fixture
def other(dovecot: Dovecot, imap_user: tuple[str, str]) -> Iterator[ImapSource]:
    """Another member's connection, making the changes."""
    seed(dovecot, imap_user, 3)
    source = ImapSource(account(dovecot, imap_user))
    source.list()
    yield source
    source.close()


def test_each_change_of_another_connection_is_heard_within_a_second_and_a_half(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource
) -> None:
    watching = Watching(ImapSource(account(dovecot, imap_user)))
    try:
        assert watching.after(0, 10) < 10  # IDLE is in place (said once)
        keys = sorted((i.key for i in other.list()), key=lambda k: int(k.rsplit("/", 1)[1]))
        changes = [
            lambda: other.set_keywords(keys[0], add=["$HDTriaged"]),
            lambda: other.set_keywords(keys[0], add=["\\Flagged"]),
            lambda: dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: new\n\nx\n"),
            lambda: other.delete_messages("INBOX", [int(keys[1].rsplit("/", 1)[1])]),
            lambda: other.set_keywords(keys[0], remove=["$HDTriaged"]),
        ]
        for change in changes:
            # Apart from the last notice by more than the old 1 s to 2 s renewal of the
            # IDLE: an answer that came with the next "+ idling" waited for a timeout.
            time.sleep(1.5)
            count = watching.notices
            change()
            assert watching.after(count, 10) < HEARD_WITHIN
    finally:
        watching.stop.set()
        watching.thread.join(10)
    assert not watching.thread.is_alive()


def test_a_lost_idle_connection_comes_back_and_hears_the_next_change(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource
) -> None:
    watching = Watching(ImapSource(account(dovecot, imap_user)))
    try:
        assert watching.after(0, 10) < 10
        count = watching.notices
        dovecot.doveadm("kick", imap_user[0])  # every connection of the user is dropped
        assert watching.after(count, 10) < 10  # the loss is said (a resync finds out)
        # Back in IDLE after its backoff: said once more when in place.
        deadline = time.monotonic() + 15
        while watching.notices < count + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert watching.notices >= count + 2
        time.sleep(0.3)
        count = watching.notices
        key = other.list()[0].key  # `other` reconnects by itself too
        other.set_keywords(key, add=["$HDClaimed"])
        assert watching.after(count, 10) < HEARD_WITHIN
    finally:
        watching.stop.set()
        watching.thread.join(10)


def claim_heard(watching: Watching, other: ImapSource) -> None:
    """``other`` claims a message: the watcher hears it within HEARD_WITHIN."""
    count = watching.notices
    other.set_keywords(other.list()[0].key, add=["$HDClaimed"])
    assert watching.after(count, 10) < HEARD_WITHIN


def test_renewing_the_watch_reconnects_at_once(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """F5 (``renew_watch``, session 22's walk): an IDLE connection in place is opened
    again (one that stopped hearing the server listens again), and a watcher waiting out
    a long backoff connects at once instead of a minute later."""
    monkeypatch.setattr(imap, "WATCH_BACKOFF_FIRST", 60.0)
    source = ImapSource(account(dovecot, imap_user))
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10  # IDLE is in place (said once)
        count = watching.notices
        source.renew_watch()
        assert watching.after(count, 10) < 5  # a new IDLE in place: said again
        count = watching.notices
        dovecot.doveadm("kick", imap_user[0])
        assert watching.after(count, 10) < 10  # the loss is said; a 60 s wait follows
        count = watching.notices
        source.renew_watch()
        assert watching.after(count, 15) < 5  # back in IDLE, not after 60 s
        time.sleep(0.3)
        claim_heard(watching, other)
    finally:
        watching.stop.set()
        watching.thread.join(10)
    assert not watching.thread.is_alive()


def new_mail_heard(dovecot: Dovecot, imap_user: tuple[str, str], source: ImapSource,
                   raw: bytes) -> tuple[Watching, str]:
    """``source`` listed and watching; ``raw`` delivered and heard: the watcher and the
    new message's key (from the main connection's listing of what changed)."""
    source.list()
    watching = Watching(source)
    assert watching.after(0, 10) < 10  # IDLE is in place
    count = watching.notices
    dovecot.deliver(imap_user[0], raw)
    assert watching.after(count, 10) < HEARD_WITHIN
    (new,) = source.changes().listed
    return watching, new.key


def test_new_mail_heard_in_idle_is_read_on_the_idle_connection(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource
) -> None:
    # The main connection's first read of a new Maildir file made Dovecot read the whole
    # folder again (0.2-0.45 s at 100,000 messages); the IDLE connection, which heard of
    # it, reads it in 1 ms (docs/live-changes.md).
    source = ImapSource(account(dovecot, imap_user))
    raw = b"From: a@example.org\nSubject: pushed\n\n" + b"body line\n" * 200
    watching, key = new_mail_heard(dovecot, imap_user, source, raw)
    try:
        trips = source.round_trips
        kept = source.read(key)
        assert source.round_trips == trips  # no FETCH on the main connection
        # Taken once: a second read asks the server, and gets the same bytes.
        assert source.read(key) == kept and source.round_trips == trips + 1
        assert kept.replace(b"\r\n", b"\n").endswith(b"body line\n" * 200)
        # The IDLE is back in place after reading: the next change is heard.
        claim_heard(watching, other)
    finally:
        watching.stop.set()
        watching.thread.join(10)
        source.close()


def test_the_read_takes_the_new_body_before_the_watcher_is_back_in_idle(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read waiting for the IDLE connection's bodies went on only once that connection
    # was back in IDLE, one more round trip (20-30 ms at 100,000 messages under load:
    # docs/live-changes.md); here the watcher's return to IDLE is held until the read is
    # done: on the old code the read waited for it (PREFETCH_WAIT, 5 s).
    held, release = threading.Event(), threading.Event()
    idle = IMAPClient.idle

    def held_idle(client: IMAPClient) -> object:
        if held.is_set() and threading.current_thread().name.startswith("hdtui-idle"):
            release.wait(10)
        return idle(client)

    monkeypatch.setattr(IMAPClient, "idle", held_idle)
    source = ImapSource(account(dovecot, imap_user))
    raw = b"From: a@example.org\nSubject: pushed\n\n" + b"body line\n" * 20
    source.list()
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10  # IDLE is in place
        held.set()
        count = watching.notices
        dovecot.deliver(imap_user[0], raw)
        assert watching.after(count, 10) < HEARD_WITHIN
        (new,) = source.changes().listed
        trips = source.round_trips
        started = time.monotonic()
        kept = source.read(new.key)
        took = time.monotonic() - started
        assert took < 2.0 and source.round_trips == trips  # read on the IDLE connection
        assert kept.replace(b"\r\n", b"\n").endswith(b"body line\n" * 20)
    finally:
        release.set()
        watching.stop.set()
        watching.thread.join(10)
        source.close()


def test_a_large_new_message_is_left_to_the_main_connection(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imap, "PREFETCH_BYTES", 1000)
    source = ImapSource(account(dovecot, imap_user))
    raw = b"From: a@example.org\nSubject: large\n\n" + b"x" * 2000 + b"\n"
    watching, key = new_mail_heard(dovecot, imap_user, source, raw)
    try:
        trips = source.round_trips
        body = source.read(key)
        assert source.round_trips == trips + 1 and b"x" * 2000 in body
    finally:
        watching.stop.set()
        watching.thread.join(10)
        source.close()


def waiting_in_new(dovecot: Dovecot, user: str) -> list[str]:
    """The files of the user's INBOX Maildir still in new/ (no SELECTed connection has
    taken them into cur/ yet)."""
    return [p.name for p in (dovecot.dir / "mail" / user / "new").iterdir()]


@pytest.mark.parametrize("skim", [False, True])
def test_the_idle_connection_opens_the_folder_as_the_main_one(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource, skim: bool
) -> None:
    # SELECT: Dovecot moves new mail into cur/ for the IDLE connection and tells of it
    # without reading all of cur/ (docs/live-changes.md); a skim's EXAMINE moves nothing.
    source = ImapSource(account(dovecot, imap_user), read_only=skim)
    other.close()  # no other connection opens the folder meanwhile
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10
        count = watching.notices
        dovecot.doveadm("save", "-u", imap_user[0], "-m", "INBOX",
                        input=b"From: a@example.org\nSubject: new\n\nx\n")
        assert waiting_in_new(dovecot, imap_user[0])  # delivered into new/
        assert watching.after(count, 10) < HEARD_WITHIN
        assert bool(waiting_in_new(dovecot, imap_user[0])) == skim
    finally:
        watching.stop.set()
        watching.thread.join(10)
        source.close()


def test_a_skim_begun_while_watching_reopens_the_idle_connection_with_examine(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource
) -> None:
    source = ImapSource(account(dovecot, imap_user))
    other.close()
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10
        count = watching.notices
        source.set_read_only(True)
        assert watching.after(count, 10) < 10  # back in IDLE, said once in place
        count = watching.notices
        dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: new\n\nx\n")
        assert watching.after(count, 10) < HEARD_WITHIN
        assert waiting_in_new(dovecot, imap_user[0])  # EXAMINE: nothing moved
    finally:
        watching.stop.set()
        watching.thread.join(10)
        source.close()



def test_a_missing_folder_is_not_watched_until_a_listing_finds_it(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    """A folder in [account] folders that the server does not have: the others are
    watched; the missing one neither retries nor sends a change notice (each resynced and
    asked the server for its folders again, every 1, 2, 4 ... 60 s) until a listing (F5, a
    resync) finds it; then it is watched too (docs/config.md)."""
    user = imap_user[0]
    source = ImapSource(account(dovecot, imap_user, folders=("INBOX", "Nope")))
    assert [m.split("'")[1] for m in source.changes().missing] == ["Nope"]
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10  # INBOX's IDLE is in place (said once)
        time.sleep(4.5)  # the old retries: at 1, 2 and 4 s, a notice each
        assert watching.notices == 1
        count = watching.notices
        dovecot.deliver(user, b"From: a@example.org\nSubject: new\n\nx\n")
        assert watching.after(count, 10) < HEARD_WITHIN  # the folder there is watched
        dovecot.doveadm("mailbox", "create", "-u", user, "Nope")
        time.sleep(2 * imap.IDLE_POLL + 0.5)
        count = watching.notices
        assert watching.after(count, 0.5) == float("inf")  # not looked at without a listing
        assert source.changes().missing == ()
        assert watching.after(count, 10) < 10  # Nope's IDLE in place: said once
        count = watching.notices
        dovecot.deliver(user, b"From: a@example.org\nSubject: later\n\nx\n", mailbox="Nope")
        assert watching.after(count, 10) < HEARD_WITHIN
    finally:
        watching.stop.set()
        watching.thread.join(10)
        source.close()


def test_new_mails_header_fields_are_kept_for_a_row_before_its_body(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # The IDLE connection reads the new message's header fields with its size, before
    # its body (whose first opening on a Maildir reads every name in cur/: 0.2-1.1 s at
    # 100,000 messages): a resync takes them for a provisional row (docs/live-changes.md,
    # "A row before the body"). The body fetch is held here: the headers do not wait
    # for it, and are taken once.
    held = bodies_held(monkeypatch)
    source = ImapSource(account(dovecot, imap_user))
    raw = b"From: a@example.org\nSubject: headed\n\n" + b"body line\n" * 20
    watching, key = new_mail_heard(dovecot, imap_user, source, raw)
    try:
        new = next(i for i in other.list() if i.key == key)
        started = time.monotonic()
        found = source.new_headers([new])
        assert time.monotonic() - started < 2.0
        assert list(found) == [key] and found[key].subject == "headed"
        assert source.new_headers([new]) == {}  # taken once
        held.set()
        assert source.read(key).replace(b"\r\n", b"\n").endswith(b"body line\n" * 20)
    finally:
        held.set()
        ended(watching, source)


def test_a_burst_of_new_mail_keeps_no_header_fields(
    dovecot: Dovecot, imap_user: tuple[str, str], other: ImapSource,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    # More new messages at once than PREFETCH_MOST are read as on a start: neither their
    # bodies nor their header fields are kept (docs/live-changes.md, "A row before the
    # body"). Two deliveries a moment apart are told in one notice (Dovecot gathers
    # the changes of half a second).
    monkeypatch.setattr(imap, "PREFETCH_MOST", 1)
    source = ImapSource(account(dovecot, imap_user))
    source.list()
    watching = Watching(source)
    try:
        assert watching.after(0, 10) < 10  # IDLE is in place
        count = watching.notices
        for subject in (b"one", b"two"):
            dovecot.deliver(imap_user[0], b"From: a@example.org\nSubject: " + subject
                            + b"\n\nx\n")
        assert watching.after(count, 10) < HEARD_WITHIN
        time.sleep(0.3)  # the watcher's fetch is done
        new = source.changes().listed
        assert len(new) == 2
        assert source.new_headers(new) == {}
    finally:
        ended(watching, source)


def ended(watching: Watching, source: ImapSource) -> None:
    """The watch stopped and its thread waited for, the source closed."""
    watching.stop.set()
    watching.thread.join(10)
    source.close()


def test_ending_stops_a_read_waiting_for_the_watchers_body(
    dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A read of new mail waits up to PREFETCH_WAIT (5 s) for the IDLE connection's read of
    # its body; a quit or a hang-up (``end_reads``) stops the wait at once: the process's
    # exit waited for it (docs/live-changes.md, "Ending during a read"). Nothing is read
    # after, not even by connecting again.
    held = bodies_held(monkeypatch)
    source = ImapSource(account(dovecot, imap_user))
    watching, key = new_mail_heard(dovecot, imap_user, source,
                                   b"From: a@example.org\nSubject: new\n\nx\n")
    reader, failed = reading(source, key)
    try:
        time.sleep(0.3)
        assert reader.is_alive()  # waiting for the watcher's body
        started = time.monotonic()
        source.end_reads()
        reader.join(imap.PREFETCH_WAIT)
        assert not reader.is_alive() and time.monotonic() - started < 1.0
        assert [type(e) for e in failed] == [ReadsEnded]
        with pytest.raises(ReadsEnded):
            source.read(key)
    finally:
        held.set()
        ended(watching, source)


def test_ending_cuts_a_body_fetch_under_way_short(
    dovecot: Dovecot, imap_user: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A body fetch on the main connection that the server has not answered yet (Dovecot
    # reading a Maildir's cur/: a second and more at 100,000 messages) is cut short by
    # ``end_reads`` (its socket shut): the read ends, nothing is cached, and the
    # connection is not opened again. Here the fetch waits on the socket for a reply
    # that never comes.
    seed(dovecot, imap_user, 1)
    source = ImapSource(account(dovecot, imap_user))
    (item,) = source.list()
    waiting = threading.Event()

    def silent_fetch(client: IMAPClient, uids: list[int]) -> dict[int, bytes]:
        waiting.set()
        client.socket().recv(1)  # nothing was asked: blocks until the socket is shut
        raise EOFError("the socket was shut")

    monkeypatch.setattr(imap, "_fetch_bodies", silent_fetch)
    reader, failed = reading(source, item.key)
    try:
        assert waiting.wait(10)
        time.sleep(0.2)
        assert reader.is_alive()
        started = time.monotonic()
        source.end_reads()
        reader.join(5)
        assert not reader.is_alive() and time.monotonic() - started < 1.0
        assert [type(e) for e in failed] == [ReadsEnded]
    finally:
        source.close()


def reading(source: ImapSource, key: str) -> tuple[threading.Thread, list[Exception]]:
    """``source.read(key)`` started in a thread of its own, and what it ended with."""
    failed: list[Exception] = []

    def read() -> None:
        try:
            source.read(key)
        except Exception as error:
            failed.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, failed


def bodies_held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every body fetch (the watcher's and the main connection's) held until the event
    returned is set (by the caller, also when it fails; 20 s at most)."""
    held = threading.Event()
    fetch = imap._fetch_bodies

    def held_fetch(client: IMAPClient, uids: list[int]) -> dict[int, bytes]:
        held.wait(20)
        return fetch(client, uids)

    monkeypatch.setattr(imap, "_fetch_bodies", held_fetch)
    return held
