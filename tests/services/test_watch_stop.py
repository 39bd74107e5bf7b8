"""A process ending (the TUI after a hang-up, which skips the feed's own stop) ends every
watch of the mailbox: a watch left in IDLE kept the process from exiting
(docs/cold-start.md, "Quitting during a first read"); and ends it at once, its DONE and
LOGOUT bounded, so the exit does not wait for the IDLE threads' next look at their stop
(docs/live-changes.md, "The exit")."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hdtui import wiring
from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.gpg import GpgCrypto
from hdtui.services.later import Later
from hdtui.services.triage import Triage
from hdtui.sources import imap
from hdtui.sources.imap import ImapSource
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.wiring import Services, Setup
from tests.adapters.test_imap import account, seed
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair, write_maildir

ROOT = Path(__file__).parents[2]


def test_stop_watching_ends_a_watch_whose_own_stop_never_comes(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair,
        tmp_path: Path) -> None:
    seed(dovecot, imap_user, 2)
    source = ImapSource(account(dovecot, imap_user))
    triage = Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=source)
    heard = threading.Event()
    never = threading.Event()  # the feed's stop, which a hang-up never sets
    watching = threading.Thread(target=triage.watch, args=(heard.set, never), daemon=True)
    try:
        watching.start()
        assert heard.wait(10)  # in place: it says so once
        triage.stop_watching()
        watching.join(10)
        assert not watching.is_alive()
        assert never.is_set()
        triage.stop_watching()  # nothing left to stop
    finally:
        never.set()
        triage.store.close()  # type: ignore[attr-defined]
        source.close()


class Watched:
    """A Triage over the test mailbox whose watch runs in a thread, in IDLE."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], key: KeyPair,
                 store: Path, timeout: float = 10.0) -> None:
        seed(dovecot, user, 2)
        self.source = ImapSource(account(dovecot, user, timeout=timeout))
        self.source.list()  # the main connection open, as in a session
        self.crypto = GpgCrypto(key.home)
        self.store = LocalStore(store)
        self.triage = Triage(self.source, self.crypto, self.store,
                             StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"),
                             [], DEFAULT_TEAM_ADDRESSES, live=self.source)
        heard = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.triage.watch, args=(heard.set, self.stop),
                                       daemon=True)
        self.thread.start()
        assert heard.wait(10)  # in place: it says so once
        time.sleep(1.5)  # what the server had to say of the start said (it waits 0.5 s)

    def ended_within(self, seconds: float) -> float:
        """Seconds from ``stop_watching`` until the watch returned (inf: not in time)."""
        started = time.monotonic()
        self.triage.stop_watching()
        self.thread.join(seconds)
        return float("inf") if self.thread.is_alive() else time.monotonic() - started

    def close(self) -> None:
        self.stop.set()
        self.store.close()
        self.source.close()


@pytest.fixture
def slow_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    """IDLE threads that look at their stop every 30 s only, not every second: a watch
    that ends sooner was woken."""
    monkeypatch.setattr(imap, "IDLE_POLL", 30.0)


@pytest.fixture
def watched(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair,
            tmp_path: Path) -> Iterator[Watched]:
    found = Watched(dovecot, imap_user, test_key, tmp_path / "store.json", timeout=30.0)
    yield found
    found.close()


def test_stop_watching_ends_the_watch_at_once_not_at_its_next_look(
        slow_looks: None, watched: Watched) -> None:
    # The exit waited for the IDLE thread's next look at its stop (a second, then its DONE
    # and LOGOUT): about 1 s of every exit (docs/benchmarks.md, "Session 22: the exit
    # after a hang-up").
    assert watched.ended_within(10) < 2.0


@contextlib.contextmanager
def server_frozen(dovecot: Dovecot) -> Iterator[None]:
    """Every Dovecot process stopped (SIGSTOP): connections stay open, nothing answers."""
    assert dovecot.proc is not None
    os.killpg(dovecot.proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.killpg(dovecot.proc.pid, signal.SIGCONT)


def test_a_server_that_stopped_answering_holds_the_end_half_a_second_per_command(
        slow_looks: None, watched: Watched, dovecot: Dovecot) -> None:
    # The account's timeout is 30 s: the DONE, the watch's LOGOUT and the main
    # connection's each wait LOGOUT_WAIT at most at the end, not 30 s.
    with server_frozen(dovecot):
        assert watched.ended_within(20) < 2 * imap.LOGOUT_WAIT + 1.5
        started = time.monotonic()
        watched.source.close()
        assert time.monotonic() - started < imap.LOGOUT_WAIT + 1.0


def test_the_end_of_a_session_releases_the_store_s_lock_last(
        watched: Watched, monkeypatch: pytest.MonkeyPatch) -> None:
    # A start that takes the lock must find nothing of this session still at work: the
    # watch and the mailbox's connection closed, the gpg-agent stopped (docs/store.md,
    # "The end of a session").
    done: list[str] = []

    def recording(original: Callable[[], None], name: str) -> Callable[[], None]:
        def record() -> None:
            original()
            done.append(name)
        return record

    for name, obj, method in (("mailbox closed", watched.source, "close"),
                              ("agent released", watched.crypto, "release_agent"),
                              ("store closed", watched.store, "close")):
        monkeypatch.setattr(obj, method, recording(getattr(obj, method), name))
    never = Later(_never_built)
    setup = Setup(watched.triage, watched.store, "test", [],
                  Services(never, never, never, never), crypto=watched.crypto)
    setup.close()
    assert not watched.thread.is_alive()
    assert done == ["mailbox closed", "agent released", "store closed"]


class SlowToEnd:
    """A mailbox whose watch, once stopped, takes a while to return: its DONE and LOGOUT
    to a slow server, in the watch's own thread."""

    def __init__(self) -> None:
        self.ending = threading.Event()

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        on_change()
        stop.wait()
        self.ending.set()
        time.sleep(0.4)

    def end_watches(self) -> None:
        pass

    def renew_watch(self) -> None:
        pass


def test_the_store_is_closed_only_once_the_watch_has_returned(
        test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The end of a session woke the watch and closed the store at once, while the watch
    # was still logging out: under load its thread was still alive after the close.
    live = SlowToEnd()
    store = LocalStore(tmp_path / "store.json")
    triage = Triage(MaildirSource(write_maildir(tmp_path / "Maildir", {})),
                    GpgCrypto(test_key.home), store,
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=live)  # type: ignore[arg-type]
    heard = threading.Event()
    thread = threading.Thread(target=triage.watch, args=(heard.set, threading.Event()),
                              daemon=True)
    thread.start()
    assert heard.wait(10)
    alive_at_close: list[bool] = []
    original = store.close

    def close() -> None:
        alive_at_close.append(thread.is_alive())
        original()

    monkeypatch.setattr(store, "close", close)
    never = Later(_never_built)
    Setup(triage, store, "test", [], Services(never, never, never, never)).close()
    assert live.ending.is_set()
    assert alive_at_close == [False]


def test_a_watch_that_never_returns_holds_the_end_a_bounded_time(
        test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wiring, "WATCH_END_WAIT", 0.2)
    stuck = threading.Event()

    class Stuck(SlowToEnd):
        def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
            on_change()
            stuck.wait(30)  # deaf to its stop

    store = LocalStore(tmp_path / "store.json")
    triage = Triage(MaildirSource(write_maildir(tmp_path / "Maildir", {})),
                    GpgCrypto(test_key.home), store,
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=Stuck())  # type: ignore[arg-type]
    heard = threading.Event()
    threading.Thread(target=triage.watch, args=(heard.set, threading.Event()),
                     daemon=True).start()
    assert heard.wait(10)
    closed: list[bool] = []
    original = store.close

    def close() -> None:
        closed.append(True)
        original()

    monkeypatch.setattr(store, "close", close)
    never = Later(_never_built)
    started = time.monotonic()
    try:
        Setup(triage, store, "test", [], Services(never, never, never, never)).close()
        assert time.monotonic() - started < 2.0
        assert closed == [True]  # the lock given back all the same
    finally:
        stuck.set()


def _never_built() -> Any:
    raise AssertionError("closing a session builds no service")
