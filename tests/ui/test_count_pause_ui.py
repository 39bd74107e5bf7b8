"""New mail during the start's count of the queue: the count waits from the server's
notice until the new row is shown, then goes on; a quit ends a paused count at once
(hdtui/ui/background_pause.py, docs/live-changes.md "While the queue is counted")."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.gpg import GpgCrypto
from hdtui.services.later import ready
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from tests.support.pgp import KeyPair
from tests.support.pilot import wait_until

NEW_ID = "feedface0123456789abcdef01234567"
NEW = (b"From: devnull@tails.boum.org\nTo: support@tails.net\nSubject: Bug report: "
       + NEW_ID.encode() + b"\nContent-Type: text/plain\n\n"
       b"What did you do?\n---\n\nIt broke.\n")


class Counting:
    """A count that goes on until stopped, a step at a time, looking at its pause and
    its progress (which ends it once the app cancelled its worker) at each step."""

    def __init__(self) -> None:
        self.steps = 0
        self.stop = threading.Event()
        self.ended = threading.Event()

    def count_due(self) -> None:
        """New rows arrived (the real service marks its counts incomplete)."""

    def facts(self, progress: Callable[[int, int], None] | None = None,
              pause: Callable[[], None] | None = None) -> list[object]:
        try:
            while not self.stop.is_set():
                if pause is not None:
                    pause()
                self.steps += 1
                if progress is not None:
                    progress(self.steps, 10 ** 9)
                time.sleep(0.002)
        finally:
            self.ended.set()
        return []


async def test_new_mail_is_shown_while_the_count_waits_for_it(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """From the watcher's notice until the new message's row is shown, the count makes
    no step (on main it went on, holding the interpreter against the new mail's path);
    once the row is shown it goes on; quitting while it is paused ends it at once."""
    maildir = tmp_path / "Maildir"
    shutil.copytree(ui_mailbox / "Maildir", maildir)
    store = LocalStore(tmp_path / "store.json")
    triage = Triage(MaildirSource(maildir), GpgCrypto(test_key.home), store,
                    StaticTracker(ui_mailbox / "issues.json"), [], DEFAULT_TEAM_ADDRESSES)
    counting = Counting()
    resyncing, go = threading.Event(), threading.Event()
    resync = triage.resync

    def held_resync() -> Any:  # the change on its way: listed and read once let go
        resyncing.set()
        go.wait(10)
        return resync()

    try:
        app = HdtuiApp(triage, {}, "default", "test mailbox")
        async with app.run_test(size=(120, 30)) as pilot:
            inbox = app.screen
            assert isinstance(inbox, InboxScreen)
            feed = inbox.feed
            await wait_until(pilot, lambda: feed._shown_whole and len(
                inbox.queue.all_rows) == 6, what="the whole queue")
            monkeypatch.setattr(triage, "resync", held_resync)
            inbox._insight = ready(counting)  # type: ignore[arg-type]
            feed._count_queue()
            await wait_until(pilot, lambda: counting.steps > 5, what="the count")
            (maildir / "new" / "1800000000.M9P9.t").write_bytes(NEW)
            feed._changed()  # what the IDLE watcher calls when the server says so
            await wait_until(pilot, resyncing.is_set, what="the resync")
            steps = counting.steps
            await pilot.pause(0.4)
            assert counting.steps - steps <= 1  # (a step already under way)
            go.set()
            await wait_until(pilot, lambda: NEW_ID in {
                row.report_id for row in inbox.queue.all_rows}, what="the new row")
            assert len(inbox.queue.all_rows) == 7
            steps = counting.steps
            await wait_until(pilot, lambda: counting.steps > steps + 5,
                             what="the count going on once the row is shown")
            assert not feed.pause.held
            # Another change on its way, and the member quits meanwhile.
            resyncing.clear()
            go.clear()
            feed._changed()
            await wait_until(pilot, resyncing.is_set, what="the second resync")
            await pilot.pause(0.1)
            assert not counting.ended.is_set()
            quit_at = time.monotonic()
        go.set()
        assert counting.ended.wait(5)
        assert time.monotonic() - quit_at < 3.0  # not the hold's longest wait
        assert not counting.stop.is_set()  # ended by the quit, not by the test
    finally:
        counting.stop.set()
        go.set()
        store.close()
