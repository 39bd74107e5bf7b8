"""A first read in a process of its own (hdtui/read_process.py, docs/cold-start.md), over
IMAP on a real Dovecot with real gpg: the same rows and cache as reading in-process, the
rest read in-process when the child dies, provisional rows kept when the server goes away,
and nothing written to the mailbox in a read-only skim."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from hdtui import read_process
from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.queue import Row
from hdtui.errors import ConnectionLost
from hdtui.gpg import GpgCrypto
from hdtui.read_process import ReadProcess
from hdtui.services import reading as reading_module
from hdtui.services import triage as triage_module
from hdtui.services.reading import ReadBatch
from hdtui.services.triage import Triage
from hdtui.sources import imap as imap_module
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.servers.dovecot import Dovecot
from tests.services.test_cold_start import mixed_mail, plain_report
from tests.services.test_triage_imap import close
from tests.support.pgp import KeyPair

ROOT = Path(__file__).parents[2]


def plain_server(total: int) -> tuple[Dovecot, tuple[str, str]]:
    """A Dovecot of its own, started, with a user holding ``total`` plain reports."""
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        for n in range(total):
            server.deliver(user[0], plain_report(f"{n:032x}", "What happened?\n---\n\nx"))
    except BaseException:
        server.remove()
        raise
    return server, user


def member(server: Dovecot, user: tuple[str, str], key: KeyPair, store: Path,
           far: bool = True, read_only: bool = False) -> Triage:
    source = ImapSource(ImapAccount(host=server.host, user=user[0], password=lambda: user[1],
                                    port=server.imaps_port, ca_file=server.cafile,
                                    timeout=10.0), read_only)
    crypto = GpgCrypto(key.home)
    local = LocalStore(store)
    return Triage(source, crypto, local,
                  StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                  DEFAULT_TEAM_ADDRESSES, live=source, read_only=read_only,
                  far_reader=ReadProcess(source, crypto, local.cache_path) if far else None)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(triage_module, "FAR_MIN", 1)  # even a small mailbox goes far
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)  # a batch every 5 messages
    monkeypatch.setattr(reading_module, "BATCH", 5)  # one FETCH every 5: two children


def test_the_child_reads_and_caches_what_reading_here_would(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    total = len(mixed_mail(test_key))
    here = member(dovecot, mailbox, test_key, tmp_path / "here.json", far=False)
    try:
        expected = {r.key: r for r in here.inbox().rows}
    finally:
        close(here)
    far = member(dovecot, mailbox, test_key, tmp_path / "far.json")
    try:
        first = far.glimpse(limit=5)
        assert first is not None
        batches: list[list[Row]] = []
        progress: list[tuple[int, int]] = []
        snapshot = far.snapshot()
        order = [i.key for i in sorted(snapshot.pending, key=triage_module._newest_first,
                                        reverse=True)]
        assert order[0] == first.rows[0].key
        follow: list[bool] = []

        def batch(rows: list[Row], more: bool) -> None:
            batches.append(rows)
            follow.append(more)

        result = far.read_pending(snapshot, lambda d, t: progress.append((d, t)), batch)
        assert {r.key: r for r in result.rows} == expected
        assert len(batches) > 1 and sum(map(len, batches)) == total == result.parsed
        assert isinstance(far.far_reader, ReadProcess) and far.far_reader.started == 2
        # The messages go to the two children in turn, and each reads its share newest
        # first (which child is done first depends on what it reads: a 3 MB message).
        arrived = [r.key for b in batches for r in b]
        for share in (order[0::2], order[1::2]):
            assert [key for key in arrived if key in share] == share
        assert progress[-1] == (total, total)
        assert follow == [True] * (len(follow) - 1) + [False]  # more follow, then the last
        assert far.store.unread(far.source.identity) == []  # type: ignore[attr-defined]
        opened = far.full(first.rows[0].key)  # cached by the child: read from the cache
        assert opened is not None and opened.message.key == first.rows[0].key
    finally:
        close(far)
    again = member(dovecot, mailbox, test_key, tmp_path / "far.json")
    try:
        snapshot = again.snapshot()  # the child's cache, read by a later start
        assert not snapshot.pending and {r.key: r for r in snapshot.rows} == expected
    finally:
        close(again)


def test_what_a_dead_child_left_is_read_here(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    total = len(mixed_mail(test_key))
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    far = triage.far_reader
    assert isinstance(far, ReadProcess)
    killed: list[int] = []

    def kill_the_child(rows: list[Row], more: bool) -> None:
        if not killed and far.pids:
            killed.append(far.pids[0])
            os.kill(far.pids[0], signal.SIGKILL)

    try:
        triage.glimpse()
        result = triage.read_pending(triage.snapshot(), rows_read=kill_the_child)
        assert killed
        keys = [r.key for r in result.rows]
        assert len(keys) == len(set(keys)) == total
        assert not any(r.provisional for r in result.rows) and not result.offline
        assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]
    finally:
        close(triage)


def test_each_child_reads_in_a_session_of_its_own(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """Linux's autogroup scheduler shares the CPU between sessions: in the TUI's session,
    both children and the drawing got one share together, and on a busy machine the TUI
    read 1.7 times slower than ``hdtui sync`` (docs/cold-start.md)."""
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    far = triage.far_reader
    assert isinstance(far, ReadProcess)
    sessions: set[int] = set()

    def look(rows: list[Row], more: bool) -> None:
        for pid in far.pids:
            with contextlib.suppress(ProcessLookupError):  # that one is done already
                sessions.add(os.getsid(pid))

    try:
        triage.read_pending(triage.snapshot(), rows_read=look)
        assert sessions and os.getsid(0) not in sessions
        assert far.started == 2
    finally:
        close(triage)


def test_provisional_rows_stay_when_the_server_goes_away_during_the_childs_read(
    test_key: KeyPair, tmp_path: Path
) -> None:
    total = 120
    server, user = plain_server(total)
    try:
        triage = member(server, user, test_key, tmp_path / "store.json")
        far = triage.far_reader
        assert isinstance(far, ReadProcess)
        first = triage.glimpse()
        assert first is not None and len(first.rows) == total
        stopped: list[int] = []

        def stop_the_server(rows: list[Row], more: bool) -> None:
            if not stopped and far.pids:
                # The children held still while the server goes: their next FETCH fails.
                stopped.extend(far.pids)
                for pid in stopped:
                    os.kill(pid, signal.SIGSTOP)
                server.stop()
                for pid in stopped:
                    os.kill(pid, signal.SIGCONT)

        result = triage.read_pending(triage.snapshot(), rows_read=stop_the_server)
        assert stopped and result.offline is not None
        assert sorted(r.key for r in result.rows) == sorted(r.key for r in first.rows)
        read = [r for r in result.rows if not r.provisional]
        assert 5 <= len(read) < total  # the first batches were read, the rest still to read
        unread = triage.store.unread(triage.source.identity)  # type: ignore[attr-defined]
        assert len(unread) == total - len(read)
        close(triage)
    finally:
        server.remove()


@pytest.mark.parametrize("ahead", [False, True], ids=["started-at-the-read", "started-ahead"])
def test_a_read_only_skim_read_by_the_child_changes_nothing_on_the_server(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    ahead: bool
) -> None:
    def server_state() -> tuple[int, dict[int, tuple[bytes, ...]]]:
        context = ssl.create_default_context(cafile=dovecot.cafile)
        with IMAPClient(dovecot.host, port=dovecot.imaps_port, ssl=True,
                        ssl_context=context) as client:
            client.login(*mailbox)
            client.enable("CONDSTORE")
            info = client.select_folder("INBOX", readonly=True)
            flags = {uid: tuple(v[b"FLAGS"]) for uid, v in
                     client.fetch(client.search("ALL"), ["FLAGS"]).items()}
            return int(info[b"HIGHESTMODSEQ"]), flags

    before = server_state()
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json", read_only=True)
    try:
        triage.glimpse()
        if ahead:  # logged in before the listing, waiting: still EXAMINE, no \Seen
            triage.prepare_read()
            far = triage.far_reader
            assert isinstance(far, ReadProcess) and len(far.ready) == 2
        result = triage.read_pending(triage.snapshot())
        assert result.parsed == len(mixed_mail(test_key)) and not result.offline
    finally:
        close(triage)
    # No \Seen, no keyword, the mod-sequence unchanged, and \Recent kept: the child opened
    # the folder with EXAMINE (a SELECT would have taken \Recent away).
    assert server_state() == before


def reading_processes(triage: Triage) -> ReadProcess:
    far = triage.far_reader
    assert isinstance(far, ReadProcess)
    return far


def started_ahead(triage: Triage) -> tuple[ReadProcess, list[subprocess.Popen[bytes]]]:
    """A first start's rows from headers, then its two children started ahead."""
    far = reading_processes(triage)
    assert triage.glimpse() is not None
    triage.prepare_read()
    ahead = [child for _, child in far.ready]
    assert len(ahead) == 2 and all(child.poll() is None for child in ahead)
    return far, ahead


def test_children_started_ahead_log_in_during_the_listing_and_read_it(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """``prepare`` (a first start, rows from headers on screen) starts the children before
    the listing; the read that follows hands them their messages instead of starting
    others (docs/cold-start.md, "Children started ahead")."""
    total = len(mixed_mail(test_key))
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    far = triage.far_reader
    assert isinstance(far, ReadProcess)
    reading: set[int] = set()
    try:
        triage.prepare_read()
        assert not far.ready  # nothing shown from headers yet: not a first start known
        ahead = {child.pid for child in started_ahead(triage)[1]}
        result = triage.read_pending(triage.snapshot(),
                                     rows_read=lambda rows, more: reading.update(far.pids))
        assert reading == ahead and far.started == 2 and not far.ready
        assert result.parsed == total and not any(r.provisional for r in result.rows)
        assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]
    finally:
        close(triage)


def test_children_started_ahead_end_when_the_read_is_short(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        far, ahead = started_ahead(triage)
        monkeypatch.setattr(triage_module, "FAR_MIN", 10_000)  # read here after all
        result = triage.read_pending(triage.snapshot())
        assert result.parsed == len(mixed_mail(test_key)) and far.started == 0
        assert not far.ready and all(child.returncode is not None for child in ahead)
    finally:
        close(triage)


def test_a_child_started_ahead_that_nobody_needs_ends_on_its_own(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent lost it (no read came): it waits ``WAIT`` seconds for its messages,
    logged in, then ends without writing anything."""
    monkeypatch.setattr(read_process, "WAIT", 1.0)
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        _, ahead = started_ahead(triage)
        assert [child.wait(timeout=30) for child in ahead] == [0, 0]
    finally:
        close(triage)


def test_a_reading_child_freezes_its_start_and_collects_young_objects_less_often() -> None:
    # docs/benchmarks.md, "Session 14: the cold read's children": the collector's passes
    # were about 5 % of a child's CPU; its cycles are still collected.
    threshold = gc.get_threshold()
    try:
        read_process.collect_for_reading()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (read_process.COLLECT_EVERY, *threshold[1:])
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


# -- parcels while the listing runs (docs/cold-start.md, "Parcels while the listing runs") --

PARCELS_TOTAL = 60


@pytest.fixture(scope="module")
def plain_mailbox() -> Iterator[tuple[Dovecot, tuple[str, str]]]:
    """A Dovecot of its own with PARCELS_TOTAL plain reports (read fast, no gpg)."""
    server, user = plain_server(PARCELS_TOTAL)
    try:
        yield server, user
    finally:
        server.remove()


def cached(triage: Triage) -> int:
    """How many messages the cache holds read (a reading process's writes included)."""
    path = triage.store.cache_path  # type: ignore[attr-defined]
    with contextlib.closing(sqlite3.connect(path)) as db:
        (count,) = db.execute("SELECT count(*) FROM messages").fetchone()
    return int(count)


class Listing:
    """The listing's FETCHes of one member, watched: ``first_read`` is how many messages
    were cached by the time the last part was listed; ``then`` runs before each FETCH
    (its number, from 1)."""

    def __init__(self, triage: Triage, monkeypatch: pytest.MonkeyPatch,
                 then: Callable[[int], None] = lambda number: None) -> None:
        source = triage.source
        assert isinstance(source, ImapSource)
        fetch = source._fetch
        self.calls = 0
        self.first_read = 0

        def watched(folder: str, uids: list[int], fields: Sequence[str]) -> dict[int, Any]:
            self.calls += 1
            then(self.calls)
            if min(uids) == 1:  # the last part (the oldest): wait for a first message read
                for _ in range(600):
                    if cached(triage) or not getattr(triage, "_given", False):
                        break
                    time.sleep(0.05)
                self.first_read = cached(triage)
            return fetch(folder, uids, fields)

        monkeypatch.setattr(source, "_fetch", watched)


def read_by_children(far: ReadProcess, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of every message the children are done with, each time it is done."""
    done: list[str] = []
    read = far.read

    def watched(*args: Any) -> Iterator[ReadBatch]:
        for batch in read(*args):
            done.extend(batch.done)
            yield batch

    monkeypatch.setattr(far, "read", watched)
    return done


@pytest.fixture
def first_start(plain_mailbox: tuple[Dovecot, tuple[str, str]], test_key: KeyPair,
                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Triage]:
    """A member's first start on ``plain_mailbox``, its listing in six parts."""
    monkeypatch.setattr(imap_module, "FETCH_BATCH", 10)
    triage = member(*plain_mailbox, test_key, tmp_path / "store.json")
    try:
        yield triage
    finally:
        close(triage)


def test_children_read_the_newest_parts_while_the_listing_goes_on(
    first_start: Triage, plain_mailbox: tuple[Dovecot, tuple[str, str]], test_key: KeyPair,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    triage, far = first_start, reading_processes(first_start)
    listing = Listing(triage, monkeypatch)
    done = read_by_children(far, monkeypatch)
    progress: list[tuple[int, int]] = []
    try:
        far_ahead = started_ahead(triage)[1]
        snapshot = triage.snapshot()
        assert listing.calls == 6 and listing.first_read > 0  # read before the listing ended
        result = triage.read_pending(snapshot, lambda d, t: progress.append((d, t)))
        assert sorted(done) == sorted(set(done)) and len(done) == PARCELS_TOTAL  # once each
        assert result.parsed == PARCELS_TOTAL and not result.offline
        assert not any(r.provisional for r in result.rows) and len(result.rows) == PARCELS_TOTAL
        assert progress[0] == (0, PARCELS_TOTAL) and progress[-1] == (PARCELS_TOTAL,) * 2
        assert far.started == 2 and all(child.returncode is not None for child in far_ahead)
        assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]
        assert cached(triage) == PARCELS_TOTAL
    finally:
        close(triage)
    again = member(*plain_mailbox, test_key, tmp_path / "store.json")
    try:
        assert not again.snapshot().pending  # the listing's state saved: nothing to read
    finally:
        close(again)


def test_a_listing_repeated_after_a_dropped_connection_gives_no_message_twice(
    first_start: Triage, monkeypatch: pytest.MonkeyPatch
) -> None:
    triage, far = first_start, reading_processes(first_start)
    source = triage.source
    assert isinstance(source, ImapSource)

    def drop(number: int) -> None:
        if number == 4:  # three parts given: the connection goes, the listing starts again
            assert source._client is not None
            source._client._imap.sock.shutdown(socket.SHUT_RDWR)

    listing = Listing(triage, monkeypatch, drop)
    done = read_by_children(far, monkeypatch)
    started_ahead(triage)
    snapshot = triage.snapshot()
    assert listing.calls == 6 + 4 and listing.first_read > 0 and not snapshot.offline
    result = triage.read_pending(snapshot)
    assert sorted(done) == sorted(set(done)) and len(done) == PARCELS_TOTAL
    assert result.parsed == PARCELS_TOTAL and not result.offline
    assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]


def test_parcels_given_before_the_listing_failed_are_read_after_it_comes_back(
    first_start: Triage, monkeypatch: pytest.MonkeyPatch
) -> None:
    triage, far = first_start, reading_processes(first_start)
    down = [False]
    given: list[int] = []

    def fail(number: int) -> None:
        if number == 4:  # three parts given, one of them read at least: then the link goes
            for _ in range(600):
                if cached(triage):
                    break
                time.sleep(0.05)
            given.append(cached(triage))
            down[0] = True
        if down[0]:
            raise ConnectionLost("gone")

    Listing(triage, monkeypatch, fail)
    ahead = started_ahead(triage)[1]
    snapshot = triage.snapshot()
    assert snapshot.offline is not None and given and given[0] > 0
    # The children given parcels are ended: no read takes them.
    assert far.early is None and all(child.wait(timeout=30) is not None
                                     for child in ahead)
    down[0] = False
    result = triage.read_pending(triage.snapshot())
    assert len(result.rows) == PARCELS_TOTAL and not result.offline
    assert not any(r.provisional for r in result.rows)
    assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]


def cached_keys(triage: Triage) -> set[str]:
    """The keys of the messages the cache holds read."""
    path = triage.store.cache_path  # type: ignore[attr-defined]
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {key for (key,) in db.execute("SELECT key FROM messages")}


@pytest.mark.parametrize("listing", ["snapshot", "resync"])
def test_what_the_children_cached_before_the_server_went_away_is_not_read_again(
    test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listing: str
) -> None:
    """The server stops in the middle of a first listing, after three parts were given
    to the children and some of them read and cached: the listing fails (offline), the
    children are ended. Those cached are shown read at once (in a whole queue, or among
    the changed rows of a resync), and once the server is back the listing leaves them
    out of what is to read: only the others are read, none twice, none lost
    (docs/cold-start.md, "Parcels while the listing runs")."""
    monkeypatch.setattr(imap_module, "FETCH_BATCH", 10)
    server, user = plain_server(PARCELS_TOTAL)
    triage = member(server, user, test_key, tmp_path / "store.json")
    try:
        far = reading_processes(triage)

        def stop(number: int) -> None:
            if number == 4 and server.proc is not None:  # three parts given (30 messages)
                for _ in range(600):
                    if cached(triage) >= 10:
                        break
                    time.sleep(0.05)
                server.stop()  # every IMAP session ends: the FETCH fails, then the login

        Listing(triage, monkeypatch, stop)
        started_ahead(triage)
        offline = triage.snapshot() if listing == "snapshot" else triage.resync()
        assert offline.offline is not None and far.early is None
        before = cached_keys(triage)
        assert 10 <= len(before) <= 30
        assert {r.key for r in offline.rows if not r.provisional} == before
        server.start()
        asked: list[str] = []
        read_many = triage.reader.read_many

        def here(items: Sequence[SourceItem], *args: Any) -> Any:
            asked.extend(item.key for item in items)
            return read_many(items, *args)

        monkeypatch.setattr(triage.reader, "read_many", here)
        done = read_by_children(far, monkeypatch)
        snapshot = triage.snapshot()
        assert not snapshot.offline
        assert not before & {item.key for item in snapshot.pending}
        result = triage.read_pending(snapshot)
        again = [key for key in done + asked if key in before]
        assert again == [], f"{len(again)} cached messages read again"
        assert sorted(done + asked) == sorted(set(done + asked))  # none read twice
        assert result.parsed == PARCELS_TOTAL - len(before) and not result.offline
        assert len(result.rows) == PARCELS_TOTAL
        assert not any(r.provisional for r in result.rows)
        assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]
        assert cached_keys(triage) == {r.key for r in result.rows}
    finally:
        close(triage)
        server.remove()


def test_children_started_during_the_listing_get_the_parts_listed_before_first(
    first_start: Triage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the TUI the children are started once the glimpse's rows are drawn, while the
    listing runs: the parts listed by then (the newest) are given first, not last."""
    triage, far = first_start, reading_processes(first_start)
    parcels: list[list[str]] = []
    give = far.give

    def given(items: Sequence[SourceItem]) -> bool:
        parcels.append([item.key for item in items])
        return give(items)

    def start_the_children(number: int) -> None:
        if number == 3:  # two parts listed
            triage.prepare_read()

    monkeypatch.setattr(far, "give", given)
    Listing(triage, monkeypatch, start_the_children)
    assert triage.glimpse() is not None
    result = triage.read_pending(triage.snapshot())
    newest = [f"INBOX/{key.split('/')[1]}/{uid}" for key in parcels[0][:1]
              for uid in range(PARCELS_TOTAL, PARCELS_TOTAL - 20, -1)]
    assert parcels[0] == newest and len(parcels) == 5  # then the four other parts
    assert far.started == 2 and result.parsed == PARCELS_TOTAL and not result.offline
    assert triage.store.unread(triage.source.identity) == []  # type: ignore[attr-defined]


def test_a_child_given_nothing_more_for_wait_seconds_reads_what_it_has_and_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent lost it between two parcels: its read ends, what it was not given is
    the parent's (docs/cold-start.md, "Parcels while the listing runs"); the pipe then
    closed under the thread that waits on it ends that thread quietly."""
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    read, write = os.pipe()
    item = SourceItem("INBOX/1/1", 10)
    with os.fdopen(read, "rb") as source_in, os.fdopen(write, "wb") as pipe:
        pickle.dump(read_process._packed([item]), pipe)
        pipe.flush()
        # The pipe stays open: without the wait, the child would wait for ever.
        parcels = list(read_process._parcels([], source_in, 0.5))
    assert [got for parcel in parcels for got in parcel] == [item]
    # A pipe already closed when the thread reads it (as when the caller closed it under
    # the thread, which shows only now and then): the thread ends quietly, nothing lost.
    read, write = os.pipe()
    os.close(write)
    closed = os.fdopen(read, "rb")
    closed.close()
    before = set(threading.enumerate())
    assert [got for parcel in read_process._parcels([item], closed, 0.5)
            for got in parcel] == [item]
    for thread in set(threading.enumerate()) - before:
        thread.join(5)
    assert [f.exc_value for f in failures] == []


def test_the_messages_go_to_a_child_as_plain_tuples_and_come_out_the_same() -> None:
    """A parcel crosses the pipe as tuples, not pickled dataclasses (pickle takes a slotted
    dataclass apart in Python, 2.5 µs a message each way: docs/benchmarks.md, "Session 19:
    the cold TUI's own threads"), and the child reads back the same SourceItems."""
    import io
    from datetime import UTC, datetime

    items = [SourceItem("INBOX/1/9", 2048, True, datetime(2026, 12, 6, 19, 47, tzinfo=UTC),
                        frozenset({"$HDClaimed", "\\Flagged"}), 17),
             SourceItem("INBOX/1/8", 10)]

    class Child:
        stdin = io.BytesIO()

    child = Child()
    read_process._Early(None, [child]).send(items)  # type: ignore[arg-type, list-item]
    sent = child.stdin.getvalue()
    assert b"SourceItem" not in sent and b"dataclass" not in sent
    assert read_process._unpacked(pickle.loads(sent)) == items
    with io.BytesIO(sent + pickle.dumps(None)) as source_in:
        assert list(read_process._parcels(read_process._unpacked(pickle.load(source_in))
                                          or [], source_in, 5.0)) == [items]


def test_the_help_desks_own_auto_reply_read_by_a_child_is_system_mail(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """The auto-reply's subjects go with the child's job: the Help Desk's own auto-reply
    coming back is system mail whichever process reads it (docs/autoreply.md)."""
    subject = "Automatic reply from the Tails Help Desk"
    for n in range(6):
        dovecot.deliver(imap_user[0], plain_report(f"{n:032x}", "What happened?\n---\n\nx"))
    dovecot.deliver(imap_user[0], (
        "From: someone@example.org\r\nTo: help@example.org\r\n"
        f"Subject: {subject}\r\nMessage-ID: <back@example.org>\r\n"
        "Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\nYour mail came back.\r\n").encode())
    far = member(dovecot, imap_user, test_key, tmp_path / "far.json")
    far.reader.system_subjects = (subject,)
    try:
        snapshot = far.snapshot()
        result = far.read_pending(snapshot, lambda d, t: None, lambda rows, more: None)
        assert isinstance(far.far_reader, ReadProcess) and far.far_reader.started == 2
        kinds = [row.kind for row in result.rows]
        assert len(kinds) == 7 and kinds.count(Kind.SYSTEM) == 1
    finally:
        close(far)


def test_children_started_for_a_shift_never_read_for_a_skim(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """Children given parcels during a shift's listing open folders writable (SELECT): a
    switch to a read-only skim ends them, and a skim's read never takes them over."""
    far = member(dovecot, mailbox, test_key, tmp_path / "far.json")
    try:
        reader = far.far_reader
        assert isinstance(reader, ReadProcess)
        ended: list[bool] = []
        discard = reader.discard
        reader.discard = lambda: (ended.append(True), discard())[1]  # type: ignore[method-assign]
        far.set_read_only(True)
        assert ended == [True]
        far.set_read_only(True)  # no switch: nothing more ended
        assert ended == [True]
        job = reader._job(far.reader, 1, 5, False)
        assert job is not None
        idle = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        reader.early = read_process._Early(job, [idle])
        read: list[list[ReadBatch]] = []
        skim = threading.Thread(target=lambda: read.append(
            list(reader.read([], far.reader, 1, 5, True))), daemon=True)
        skim.start()
        skim.join(30)  # a read that took the shift's child waits on it for good
        try:
            assert read == [[]], "the skim's read was given the shift's child"
            assert idle.poll() == -signal.SIGKILL and reader.early is None
        finally:
            if idle.poll() is None:
                idle.kill()
                idle.wait()
    finally:
        close(far)


def alive(pid: int) -> bool:
    """Whether a process runs under this ID (a zombie, ended but not reaped by a parent
    that is gone, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def group_alive(pgid: int) -> bool:
    """Whether any process of the process group ``pgid`` still runs."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            after = stat.read_text().rsplit(")", 1)[1].split()
            if int(after[2]) == pgid and after[0] not in ("Z", "X"):
                return True
    return False


def test_a_stopped_read_ends_its_children_at_once_and_the_next_start_reads_the_rest(
    plain_mailbox: tuple[Dovecot, tuple[str, str]], test_key: KeyPair, tmp_path: Path
) -> None:
    """The app quitting mid-read (docs/cold-start.md, "The reading children at a quit"):
    ``stop_reading`` ends the children and everything they started at once, not at their
    next batch; nothing is read here instead, nothing is written to the cache afterwards,
    and the next start reads only what was left."""
    triage = member(*plain_mailbox, test_key, tmp_path / "store.json")
    far = triage.far_reader
    assert isinstance(far, ReadProcess)
    groups: list[int] = []
    at_stop: list[int] = []

    def quit_now(rows: list[Row], more: bool) -> None:
        if groups:
            return
        groups.extend(far.pids)
        for pid in groups:  # frozen mid-read: they could not end by themselves
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGSTOP)
        at_stop.append(cached(triage))
        triage.stop_reading()

    try:
        result = triage.read_pending(triage.snapshot(), rows_read=quit_now)
        assert len(groups) == 2 and far.stopped
        assert not any(group_alive(pid) for pid in groups)
        left = triage.store.unread(triage.source.identity)  # type: ignore[attr-defined]
        written = cached(triage)
        assert left and len(left) == PARCELS_TOTAL - written
        assert len([r for r in result.rows if not r.provisional]) < PARCELS_TOTAL
        assert written == at_stop[0]  # the frozen children wrote nothing more
        time.sleep(0.5)
        assert cached(triage) == written
        far.prepare(triage.reader, 2, 5, False)  # stopped: no child starts again
        assert far.ready == [] and far.give(left) is False
    finally:
        for pid in groups:  # (without the stop: frozen for good)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        close(triage)
    again = member(*plain_mailbox, test_key, tmp_path / "store.json")
    try:
        snapshot = again.snapshot()
        assert {i.key for i in snapshot.pending} == {i.key for i in left}
        resumed = again.read_pending(snapshot)
        assert resumed.parsed == len(left) and not resumed.offline
        assert cached(again) == PARCELS_TOTAL
    finally:
        close(again)


def test_ending_a_child_ends_what_it_started(tmp_path: Path) -> None:
    """A reading child's gpg processes outlived its kill (it leads a group of its own)."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, time\n"
         "p = subprocess.Popen(['sleep', '60'])\nprint(p.pid, flush=True)\ntime.sleep(60)"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
    assert child.stdout is not None
    grandchild = int(child.stdout.readline())
    assert alive(grandchild)
    read_process._end(child)
    for _ in range(100):  # SIGKILL is sent at once; the system takes a moment to end it
        if not alive(grandchild):
            break
        time.sleep(0.01)
    assert not alive(grandchild)


def test_stopping_during_the_listing_ends_the_children_reading_its_parcels(
    first_start: Triage, test_key: KeyPair
) -> None:
    """A quit while the listing runs: the children started ahead, already given parcels,
    were ended by no read (none had begun) and read on once the app was gone, after its
    lock was released. ``stop`` ends them; the listing's rows stay cached and unread."""
    far, ahead = started_ahead(first_start)
    for child in ahead:  # frozen: only the stop can end them
        os.killpg(child.pid, signal.SIGSTOP)
    try:
        snapshot = first_start.snapshot()  # its parts given to the children as parcels
        assert far.early is not None and snapshot.pending
        written = cached(first_start)
        first_start.stop_reading()
        assert far.early is None and far.ready == []
        assert not any(group_alive(child.pid) for child in ahead)
        assert all(child.returncode is not None for child in ahead)
        time.sleep(0.3)
        assert cached(first_start) == written < PARCELS_TOTAL
    finally:
        for child in ahead:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)


def test_the_relay_puts_its_end_when_the_childs_input_is_closed_already() -> None:
    # A child whose standard input is closed (it ended, or was stopped first): writing its
    # messages raises ValueError, which escaped the relay before its end was put, and the
    # reader waiting for that None blocked (session 23's review).
    import queue

    child = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    try:
        assert child.stdin is not None
        child.stdin.close()
        batches: queue.SimpleQueue[ReadBatch | None] = queue.SimpleQueue()
        relay = threading.Thread(target=read_process._relay,
                                 args=(child, [SourceItem("k1", 10)], batches), daemon=True)
        relay.start()
        assert batches.get(timeout=10) is None
        relay.join(10)
    finally:
        child.wait(10)
