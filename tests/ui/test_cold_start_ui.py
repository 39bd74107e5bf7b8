"""A first start in the TUI (empty local cache, real Dovecot): provisional rows from the
newest headers are shown and marked, and an action that needs a message's body says it is
still being read (docs/cold-start.md)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.message import Message
from textual.pilot import Pilot

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.marks import Personal
from hdtui.domain.queue import Row
from hdtui.gpg import GpgCrypto
from hdtui.read_process import ReadProcess
from hdtui.services import reading as reading_module
from hdtui.services import triage as triage_module
from hdtui.services.reading import ReadBatch
from hdtui.services.triage import InboxResult, Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.messages import (
    EntryRead,
    InboxLoaded,
    RowsRead,
    SuggestionsLoaded,
    ThreadLoaded,
)
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets import mailbox_feed
from hdtui.ui.widgets.queue_table import QueueTable, row_cells
from tests.servers.dovecot import Dovecot
from tests.services.test_read_process import cached, group_alive
from tests.support.pgp import KeyPair
from tests.support.pilot import said, wait_until

ROOT = Path(__file__).parents[2]
REPORT = (b"From: devnull@tails.boum.org\nTo: support@tails.net\nSubject: Bug report: "
          b"%032x\nContent-Type: text/plain\n\nWhat did you do?\n---\n\nIt broke.\n")


@pytest.fixture
def own_dovecot() -> Iterator[Dovecot]:
    """A Dovecot this test stops once the headers are in."""
    server = Dovecot.create()
    server.start()
    yield server
    server.remove()


def reports_on(dovecot: Dovecot, key: KeyPair, tmp_path: Path,
               count: int) -> tuple[Triage, ImapSource]:
    """A new user's mailbox on ``dovecot`` holding ``count`` reports, and a member's
    triage of it with nothing cached (a first start)."""
    user = dovecot.new_user()
    for n in range(count):
        dovecot.deliver(user[0], REPORT % n)
    source = ImapSource(ImapAccount(host=dovecot.host, user=user[0],
                                    password=lambda: user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=5.0))
    return Triage(source, GpgCrypto(key.home), LocalStore(tmp_path / "store.json"),
                  StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                  DEFAULT_TEAM_ADDRESSES, live=source), source


async def test_provisional_rows_are_shown_and_an_action_on_one_says_it_is_still_read(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path
) -> None:
    triage, source = reports_on(own_dovecot, test_key, tmp_path, 3)
    try:
        first = triage.glimpse()  # what `hdtui` fetches while the UI is imported
        assert first is not None and len(first.rows) == 3
        # The server goes away before any body is read: the rows stay provisional.
        own_dovecot.stop()
        source.close()
        app = HdtuiApp(triage, {}, "default", source.account.where, (), first)
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.screen.query_one(QueueTable)
            await wait_until(pilot, lambda: len(table.rows) == 3, what="three rows")
            assert all(row.provisional for row in table.rows)
            assert [row.summary for row in table.rows] == [
                f"Bug report: {n:032x}" for n in (2, 1, 0)]
            state, _ = row_cells(table.rows[0], personal=Personal())[2]
            assert state.endswith("…")  # marked still being read
            _, summary_style = row_cells(table.rows[0], personal=Personal())[3]
            assert summary_style == "dim"
            await pilot.press("r")
            await wait_until(pilot, lambda: "Still reading this message" in said(app),
                             what="the still-reading notice")
            await pilot.press("f")
            await wait_until(pilot, lambda: said(app).count("Still reading") >= 2,
                             what="the still-reading notice for forward")
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        source.close()


async def test_the_first_rows_say_how_many_messages_the_mailbox_holds(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path
) -> None:
    """Issue #12's walk: the first rows of a cold start read "300/300 shown · reading the
    whole queue…", as if the mailbox held 300 messages. The SELECT said how many it holds
    (EXISTS): the status line says "2 of 5 shown" until the queue holds them all."""
    triage, source = reports_on(own_dovecot, test_key, tmp_path, 5)
    try:
        first = triage.glimpse(2)
        assert first is not None and len(first.rows) == 2 and first.in_mailbox == 5
        own_dovecot.stop()  # the listing fails: the server's count stays said
        source.close()
        app = HdtuiApp(triage, {}, "default", source.account.where, (), first)
        async with app.run_test(size=(120, 30)) as pilot:
            inbox = app.screen
            assert isinstance(inbox, InboxScreen)
            await wait_until(pilot, lambda: len(inbox.queue.table.rows) == 2, what="two rows")
            assert inbox.queue.describe().startswith("2 of 5 shown")
            await wait_until(pilot, lambda: "offline" in inbox.load_note, what="offline")
            assert inbox.queue.describe().startswith("2 of 5 shown")
            # The queue holding the whole mailbox: the usual count again.
            inbox.feed.post_message(InboxLoaded(InboxResult(
                list(inbox.queue.all_rows), 2, 0, ())))
            await wait_until(pilot, lambda: inbox.queue.describe().startswith("2/2 shown"),
                             what="the whole queue's count")
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        source.close()


async def watch_applied(pilot: Pilot[Any], app: HdtuiApp, monkeypatch: pytest.MonkeyPatch
                        ) -> tuple[InboxScreen, list[list[str]]]:
    """Once the whole queue is shown: the screen, and the keys of the rows each later
    ``QueueView.apply`` puts in place."""
    assert isinstance(app.screen, InboxScreen)
    inbox = app.screen
    await wait_until(pilot, lambda: inbox.feed._shown_whole and bool(inbox.queue.all_rows),
                     what="the queue")
    queue = inbox.queue
    applied: list[list[str]] = []
    original = queue.apply

    def counted(rows: Sequence[Row], *args: Any, **kwargs: Any) -> None:
        applied.append([row.key for row in rows])
        original(rows, *args, **kwargs)

    monkeypatch.setattr(queue, "apply", counted)
    inbox.feed._rows_shown = 0.0
    return inbox, applied


def read(inbox: InboxScreen, row: Row) -> Row:
    """``row`` put in the triage's queue, as reading a message does before the screen
    hears of it (the queue view shows the triage's columns: docs/queue-columns.md)."""
    inbox.triage._rows.put(row)
    return row


async def test_a_first_read_updates_the_queue_on_screen_at_most_every_few_seconds(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """The batches of a first read come after the listing is shown: each one redrew the
    queue and its footer, and the TUI read slower than ``hdtui sync``. They are put in
    place together, at most every ROWS_EVERY seconds, and none is lost
    (docs/cold-start.md)."""
    monkeypatch.setattr(mailbox_feed, "ROWS_EVERY", 2.0)  # longer than a pause under load
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox, applied = await watch_applied(pilot, app, monkeypatch)
        queue = inbox.queue
        model = queue.all_rows[0]
        for n in range(10):
            inbox.feed.post_message(RowsRead([read(inbox, model._replace(
                key=f"{model.key}-read{n}"))]))
        await pilot.pause()
        assert list(map(len, applied)) == [1]  # the first batch at once, the others wait
        await wait_until(pilot, lambda: len(applied) == 2, what="the waiting batches")
        assert list(map(len, applied)) == [1, 9]
        keys = {row.key for row in queue.all_rows}
        assert all(f"{model.key}-read{n}" in keys for n in range(10))


async def test_a_first_read_under_another_screen_is_drawn_once_the_queue_is_back(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """While another screen covers the queue (the shift-start screen over a first read),
    the rows read and the progress wait: each update of the covered queue made Textual
    draw it again whole, dimmed under the screen on top, and the TUI read slower than
    ``hdtui sync``. Once the queue is on top again they are shown, none lost
    (docs/cold-start.md, "The queue under another screen")."""
    from textual.screen import ModalScreen

    from hdtui.ui.messages import LoadProgress

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox, applied = await watch_applied(pilot, app, monkeypatch)
        model = inbox.queue.all_rows[0]
        await app.push_screen(ModalScreen[None]())
        await pilot.pause()
        new = [read(inbox, model._replace(key=f"{model.key}-covered{n}")) for n in range(3)]
        for row in new:
            inbox.feed.post_message(RowsRead([row], more=True))
        inbox.on_load_progress(LoadProgress(3, 10))
        await pilot.pause(0.3)
        assert applied == []
        assert "reading 3/10" not in inbox.load_note
        app.pop_screen()
        await wait_until(pilot, lambda: len(applied) == 1, what="the rows read meanwhile")
        assert sorted(applied[0]) == sorted(row.key for row in new)
        assert inbox.load_note == "reading 3/10…"
        keys = {row.key for row in inbox.queue.all_rows}
        assert all(row.key in keys for row in new)


async def test_the_batches_of_a_read_under_another_screen_draw_nothing(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch read under another screen (the shift-start screen over a first read)
    reached the queue's screen too: Textual then repainted it whole, dimmed under the one
    on top, about 40 ms of the interpreter the reading's hand-over shares for each batch
    of 200 messages. The batches are the feed's alone: nothing is drawn until the queue
    is back, and then every row read meanwhile is there (docs/benchmarks.md, "Session 13:
    the cold read's parent")."""
    from textual.screen import ModalScreen

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox, applied = await watch_applied(pilot, app, monkeypatch)
        model = inbox.queue.all_rows[0]
        await app.push_screen(ModalScreen[None]())
        await pilot.pause(0.3)
        drawn: list[object] = []
        display = app._display

        def counted(screen: Any, renderable: Any) -> None:
            drawn.append(renderable)
            display(screen, renderable)

        monkeypatch.setattr(app, "_display", counted)
        for _ in range(40):  # the start's own work drawn first (the services, the count)
            drawn.clear()
            await pilot.pause(0.5)
            if not any(d is not None for d in drawn):
                break
        new = [read(inbox, model._replace(key=f"{model.key}-batch{n}")) for n in range(5)]
        for row in new:
            inbox.feed.post_message(RowsRead([row], more=True))
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        assert [d for d in drawn if d is not None] == []
        app.pop_screen()
        await wait_until(pilot, lambda: len(applied) == 1, what="the rows read meanwhile")
        assert sorted(applied[0]) == sorted(row.key for row in new)


async def test_a_reads_last_rows_are_put_in_place_by_its_result_and_not_again_later(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """The last batch of a read (a few new messages: all of them) is not drawn on its own:
    the read's result, right behind it, puts its rows in place at once; rows still waiting
    to be drawn are dropped by a result that carries them, and never put back over a
    change shown since (docs/live-changes.md)."""
    monkeypatch.setattr(mailbox_feed, "ROWS_EVERY", 2.0)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox, applied = await watch_applied(pilot, app, monkeypatch)
        queue, feed = inbox.queue, inbox.feed
        model = queue.all_rows[0]
        new = [read(inbox, model._replace(key=f"{model.key}-new{n}", keywords=""))
               for n in range(3)]
        feed.post_message(RowsRead(new[:2], more=True))  # drawn: none for ROWS_EVERY
        feed.post_message(RowsRead(new[2:], more=False))
        await pilot.pause()
        assert applied == [[new[0].key, new[1].key]]
        changed = read(inbox, new[2]._replace(keywords="$HDTriaged"))  # marked since
        feed.post_message(InboxLoaded(InboxResult([changed], 0, 1, (), delta=True)))
        await wait_until(pilot, lambda: len(applied) == 2, what="the read's result")
        assert applied[1] == [changed.key]
        await pilot.pause(mailbox_feed.ROWS_EVERY + 0.3)
        assert len(applied) == 2  # nothing waits any more
        assert next(r for r in queue.all_rows if r.key == changed.key) == changed


async def test_a_read_stops_at_its_next_batch_once_the_app_has_closed(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """The app cancels its workers as it exits (the member quits, or the terminal hangs
    up). A first read in the loading worker then stops at its next batch: it read on,
    unseen, and the process did not end until the whole mailbox was read
    (docs/cold-start.md, "Quitting during a first read")."""
    monkeypatch.setattr(mailbox_feed, "PROGRESS_EVERY", 1000.0)  # between two progresses
    app = make_app()
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    batches: list[int] = []
    outcome: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, InboxScreen)
        feed = app.screen.feed
        feed._progress_said = time.monotonic()

        def read_pending() -> list[Message]:  # as Triage.read_pending calls the feed back
            started.set()
            release.wait(10)
            for n in range(1, 4):
                feed._progress(n * 200, 600)
                feed._rows_read([], more=n < 3)
                batches.append(n)
            return []

        def loading() -> None:
            try:
                feed._deliver_load(read_pending)
                outcome.append("returned")
            except BaseException as error:
                outcome.append(repr(error))
            finally:
                finished.set()

        feed.run_worker(loading, thread=True, group="test-read")
        await wait_until(pilot, started.is_set, what="the read")
    release.set()  # the app has exited, its workers cancelled
    assert finished.wait(10)
    assert batches == [] and outcome == ["returned"]


async def test_counting_the_reports_stops_once_the_app_has_closed(
        make_app: Callable[..., HdtuiApp]) -> None:
    """Counting every report (their facts) takes minutes on a first start at 100,000; the
    count's worker looks at each progress whether the app cancelled it, as a first read
    does, so that quitting is not followed by minutes of a process the member cannot see
    (hdtui/ui/abandon.py)."""
    from hdtui.services.later import ready

    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    counted: list[int] = []

    class Counting:
        def count_due(self) -> None:
            """New rows arrived (nothing to mark here)."""

        def facts(self, progress: Callable[[int, int], None] | None = None,
                  pause: Callable[[], None] | None = None) -> list[object]:
            started.set()
            release.wait(10)
            try:
                for done in range(50, 201, 50):
                    if progress is not None:
                        progress(done, 200)
                    counted.append(done)
            finally:
                finished.set()
            return []

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, InboxScreen)
        app.screen._insight = ready(Counting())  # type: ignore[arg-type]
        app.screen.feed._count_queue()
        await wait_until(pilot, started.is_set, what="the count")
    release.set()  # the app has exited, its workers cancelled
    assert finished.wait(10)
    assert counted == []


async def test_the_facts_counted_are_put_out_of_the_collectors_reach(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """The facts of 100,000 reports (340,000 objects) live as long as the shift: once
    counted they are frozen (``gc.freeze``) as the whole queue's rows are, or every full
    pass of the collector walks them again (50-200 ms each: docs/live-changes.md). Only
    the first count freezes: a freeze at each recount (each new mail) would keep the
    garbage cycles of that moment for good."""
    from hdtui.services.later import ready

    counting = threading.Event()
    counts: list[int] = []
    freezes: list[bool] = []  # for each freeze: whether the count had run by then

    class Counting:
        def count_due(self) -> None:
            """New rows arrived (nothing to mark here)."""

        def facts(self, progress: Callable[[int, int], None] | None = None,
                  pause: Callable[[], None] | None = None) -> list[object]:
            counting.set()
            counts.append(1)
            return []

    monkeypatch.setattr(mailbox_feed.gc, "freeze", lambda: freezes.append(counting.is_set()))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, InboxScreen)
        feed = app.screen.feed
        await wait_until(pilot, lambda: feed._shown_whole, what="the whole queue")
        app.screen._insight = ready(Counting())  # type: ignore[arg-type]
        feed._count_queue()
        await wait_until(pilot, lambda: feed.counted, what="the count")
        assert freezes and freezes[-1] is True
        frozen = len(freezes)
        before = len(counts)
        feed._count_queue()
        await wait_until(pilot, lambda: len(counts) > before, what="the recount")
        await pilot.pause(0.2)
    assert len(freezes) == frozen


async def test_a_result_arriving_as_the_app_closes_is_dropped(
        make_app: Callable[..., HdtuiApp]) -> None:
    """A worker's last result handled while the app closes, its queue already removed,
    raised from the feed (NoMatches) instead of being dropped."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await wait_until(pilot, lambda: len(inbox.queue.all_rows) > 0, what="the queue")
        feed, rows = inbox.feed, list(inbox.queue.all_rows)
        # what HdtuiApp.exit() sets (its own mark, then Textual's) before the screens go
        app._exiting = app._exit = True
        await inbox.queue.remove()
        feed.on_inbox_loaded(InboxLoaded(InboxResult(rows, len(rows), 0, ())))
        app._exiting = app._exit = False  # the test's own exit


async def test_a_report_read_as_the_app_closes_is_dropped(
        make_app: Callable[..., HdtuiApp]) -> None:
    """The report pane's results (the message read, its matches, its thread) arriving
    while the app closes, the queue already removed, raised NoMatches from the pane (a
    loaded CI run met it); they are dropped as the feed's are."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await wait_until(pilot, lambda: inbox.report_pane.view.entry is not None,
                         what="the first report shown")
        pane = inbox.report_pane
        entry = pane.view.entry
        assert entry is not None
        app._exiting = app._exit = True
        await inbox.queue.remove()
        pane.on_entry_read(EntryRead(entry.key, entry))
        pane.on_suggestions_loaded(SuggestionsLoaded(entry.key, [], [], entry))
        pane.on_thread_loaded(ThreadLoaded(entry.key, Content("thread")))
        app._exiting = app._exit = False  # the test's own exit


async def test_rows_arriving_once_the_app_stopped_running_are_dropped(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """A shutdown that bypasses ``App.exit`` (a test's end, a hang-up) stops the app
    running without ``HdtuiApp.exiting``, and the feed's workers are cancelled only when it
    is unmounted: rows, a loaded queue or the member's claims arriving in between were
    put in a queue whose table was being removed (NoMatches). They are dropped."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, InboxScreen)
        inbox = app.screen
        feed = inbox.feed
        await wait_until(pilot, lambda: not feed.load_running, what="the first load")
        loads: list[object] = []
        monkeypatch.setattr(inbox.queue, "load", lambda rows: loads.append(rows))
        monkeypatch.setattr(inbox.queue, "apply", lambda rows: loads.append(rows))
        feed._shown_whole = False
        feed._rows_shown = 0.0
        monkeypatch.setattr(app, "_running", False)
        feed.on_rows_read(RowsRead([], True))
        feed._rows_waiting = {"k": None}  # type: ignore[dict-item]
        feed.show_covered()
        assert feed.closing and loads == []
        feed._rows_waiting = {}
        monkeypatch.setattr(app, "_running", True)
        feed.on_rows_read(RowsRead([], True))
        assert not feed.closing and len(loads) == 1


async def test_quitting_mid_read_ends_the_reading_processes_at_once_and_keeps_their_work(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``q`` during a first read read in child processes: the children and what they
    started end with the app, not at their next batch; the cache is not written after the
    quit, and the next start reads what was left (docs/cold-start.md, "The reading
    children at a quit"). The children are frozen at their first batch, so that only the
    quit can end them."""
    monkeypatch.setattr(triage_module, "FAR_MIN", 1)
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)
    monkeypatch.setattr(reading_module, "BATCH", 5)
    total = 150
    triage, source = reports_on(own_dovecot, test_key, tmp_path, total)
    far = ReadProcess(source, GpgCrypto(test_key.home), triage.store.cache_path)  # type: ignore[attr-defined]
    triage.far_reader = far
    groups: list[int] = []
    frozen = threading.Event()
    read = far.read

    def freezing(*args: Any) -> Iterator[ReadBatch]:
        for batch in read(*args):
            if not frozen.is_set():
                groups.extend(far.pids)
                for pid in groups:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(pid, signal.SIGSTOP)
                frozen.set()
            yield batch

    monkeypatch.setattr(far, "read", freezing)
    try:
        app = HdtuiApp(triage, {}, "default", source.account.where, (), None)
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, frozen.is_set, what="the children's first batch")
            written = cached(triage)
            await pilot.press("q")
            await wait_until(pilot, lambda: not app.is_running, what="the quit")
        assert len(groups) == 2
        for _ in range(100):  # (the app's way out ends them; the system reaps them)
            if not any(group_alive(pid) for pid in groups):
                break
            time.sleep(0.02)
        assert not any(group_alive(pid) for pid in groups)
        assert cached(triage) == written < total
    finally:
        for pid in groups:  # (without the stop: frozen for good)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        triage.store.close()  # type: ignore[attr-defined]
        source.close()
    again, source = reports_on_again(own_dovecot, test_key, tmp_path, source)
    try:
        snapshot = again.snapshot()
        assert len(snapshot.pending) == total - written
        assert again.read_pending(snapshot).parsed == total - written
    finally:
        again.store.close()  # type: ignore[attr-defined]
        source.close()


def reports_on_again(dovecot: Dovecot, key: KeyPair, tmp_path: Path,
                     before: ImapSource) -> tuple[Triage, ImapSource]:
    """The next start of ``reports_on``'s member (same mailbox, same store)."""
    source = ImapSource(before.account)
    return Triage(source, GpgCrypto(key.home), LocalStore(tmp_path / "store.json"),
                  StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                  DEFAULT_TEAM_ADDRESSES, live=source), source


async def test_the_status_line_says_what_a_first_start_read(
    own_dovecot: Dovecot, test_key: KeyPair, tmp_path: Path
) -> None:
    """Session 22's walk: right after a cold read of all 3009 messages the status line
    said "3009 from cache, 0 read": the resync the IDLE watcher asks for once in place
    (nothing new) said its own counts over the read's. It says what this start read."""
    triage, source = reports_on(own_dovecot, test_key, tmp_path, 5)
    try:
        first = triage.glimpse(2)
        app = HdtuiApp(triage, {}, "default", source.account.where, (), first)
        async with app.run_test(size=(120, 30)) as pilot:
            inbox = app.screen
            assert isinstance(inbox, InboxScreen)
            table = inbox.queue.table
            await wait_until(pilot, lambda: len(table.rows) == 5 and not any(
                row.provisional for row in table.rows), timeout=30, what="five rows read")
            await wait_until(pilot, lambda: inbox.feed._watching, what="watching")
            await pilot.pause(2.5)  # the watcher's resync once its IDLE is in place
            await wait_until(pilot, lambda: not inbox.feed.load_running)
            assert inbox.load_note == "0 from cache, 5 read"
            own_dovecot.deliver(source.account.user, REPORT % 99)
            await wait_until(pilot, lambda: len(table.rows) == 6 and not any(
                row.provisional for row in table.rows), timeout=20, what="new mail read")
            await wait_until(pilot, lambda: not inbox.feed.load_running)
            assert inbox.load_note == "0 from cache, 6 read"
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        source.close()
