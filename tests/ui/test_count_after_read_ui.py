"""A first open in the TUI (real Dovecot, nothing cached): the reading children cache the
mailbox, then the counting processes make every report's facts and the TUI only takes
them in; a quit during that count ends them at once and loses nothing (docs/insight.md,
"Session 22: the count after a first open, in processes of its own")."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hdtui.count_process import CountProcess
from hdtui.domain.far_count import CountBatch
from hdtui.domain.insight import RULES_VERSION
from hdtui.gpg import GpgCrypto
from hdtui.read_process import ReadProcess
from hdtui.services import insight as insight_module
from hdtui.services import reading as reading_module
from hdtui.services import triage as triage_module
from hdtui.services.insight import Insight
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapSource
from hdtui.store import SCHEMA
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets import mailbox_feed
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair
from tests.support.pilot import wait_until
from tests.ui.test_cold_start_ui import reports_on, reports_on_again

TOTAL = 60


@pytest.fixture
def own_dovecot() -> Iterator[Dovecot]:
    server = Dovecot.create()
    server.start()
    yield server
    server.remove()


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(triage_module, "FAR_MIN", 1)  # read by the reading children
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)
    monkeypatch.setattr(reading_module, "BATCH", 5)
    monkeypatch.setattr(insight_module, "FAR_MIN", 1)  # counted by the counting ones
    monkeypatch.setattr(insight_module, "FAR_EVERY", 5)
    monkeypatch.setattr(mailbox_feed, "COUNT_DELAY", 0.1)


@pytest.fixture
def here_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reports matched in the TUI's process."""
    calls: list[str] = []
    matched = insight_module.matched_issues

    def counted_here(entry: Any, index: Any) -> tuple[tuple[int, ...], int]:
        calls.append(entry.key)
        return matched(entry, index)

    monkeypatch.setattr(insight_module, "matched_issues", counted_here)
    return calls


def member(dovecot: Dovecot, key: KeyPair,
           tmp_path: Path) -> tuple[Triage, ImapSource, CountProcess]:
    """A new member's first open, with the reading and counting processes of a TUI."""
    triage, source = reports_on(dovecot, key, tmp_path, TOTAL)
    cache = triage.store.cache_path  # type: ignore[attr-defined]
    triage.far_reader = ReadProcess(source, GpgCrypto(key.home), cache)
    counter = CountProcess(cache, SCHEMA)
    triage.far_counter = counter
    return triage, source, counter


def saved(triage: Triage) -> int:
    return len(list(triage.store.facts(triage.source.identity, RULES_VERSION)))


async def test_after_a_first_open_the_counts_are_made_by_the_counting_processes(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path, here_calls: list[str]
) -> None:
    triage, source, counter = member(own_dovecot, test_key, tmp_path)
    insight = Insight(triage, triage.tracker)  # type: ignore[arg-type]
    try:
        app = HdtuiApp(triage, {}, "default", source.account.where, (), None,
                       insight=insight)
        async with app.run_test(size=(120, 30)) as pilot:
            assert isinstance(app.screen, InboxScreen)
            feed = app.screen.feed
            # The start's sync of the known issues (links23) may ask for one more count
            # once the first ends (all facts current then: nothing is computed again).
            await wait_until(pilot, lambda: feed.counted and not insight.counting,
                             timeout=60, what="the count")
            assert not insight.count_failed
            assert len(insight.saved_facts()) == TOTAL == saved(triage)
            assert here_calls == []  # every report counted by the counting processes
            assert counter.pids == []  # and they are done
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        source.close()


async def test_quitting_during_the_count_ends_the_counting_processes_and_keeps_their_work(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path, here_calls: list[str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """``q`` while the counting processes count (frozen at their first batch, so that
    only the quit ends them): they end with the app, the cache keeps what they saved, and
    the next start counts only the rest."""
    triage, source, counter = member(own_dovecot, test_key, tmp_path)
    insight = Insight(triage, triage.tracker)  # type: ignore[arg-type]
    pids: list[int] = []
    frozen = threading.Event()
    count = counter.count

    def freezing(*args: Any) -> Generator[CountBatch, None, None]:
        for batch in count(*args):
            if not frozen.is_set():
                pids.extend(counter.pids)
                for pid in pids:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGSTOP)
                frozen.set()
            yield batch

    monkeypatch.setattr(counter, "count", freezing)
    try:
        app = HdtuiApp(triage, {}, "default", source.account.where, (), None,
                       insight=insight)
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, frozen.is_set, timeout=60, what="the first batch")
            written = saved(triage)
            await pilot.press("q")
            await wait_until(pilot, lambda: not app.is_running, what="the quit")
        assert len(pids) == 2 and 0 < written < TOTAL
        for _ in range(100):
            if not any(alive(pid) for pid in pids):
                break
            time.sleep(0.02)
        assert not any(alive(pid) for pid in pids)
        assert saved(triage) == written
    finally:
        for pid in pids:  # (without the stop: frozen for good)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        triage.store.close()  # type: ignore[attr-defined]
        source.close()
    here_calls.clear()
    again, source = reports_on_again(own_dovecot, test_key, tmp_path, source)
    try:
        again.inbox()
        assert len(Insight(again, again.tracker).facts()) == TOTAL  # type: ignore[arg-type]
        assert len(here_calls) == TOTAL - written  # only what was not saved
    finally:
        again.store.close()  # type: ignore[attr-defined]
        source.close()


def alive(pid: int) -> bool:
    """Whether the process ``pid`` still runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
