"""A warm start's order (docs/benchmarks.md, "Warm start at 100,000"): the first frame (the
queue's first rows from the cache) is drawn before the whole queue is read, and the
services, the shift-start screen, the known-issue sync and the search for messages
without a filter document wait for the whole queue instead of competing with its reading
and drawing."""

from __future__ import annotations

import gc
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.dom import DOMNode
from textual.widgets import Static

from hdtui.collector import pause, resume
from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.marks import Mark
from hdtui.domain.queue import SortOrder
from hdtui.domain.queue_columns import RowsAt
from hdtui.gpg import GpgCrypto
from hdtui.replies import load_templates, template_paths
from hdtui.services.later import Later
from hdtui.services.triage import Replies, Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui import app as app_module
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.ui.widgets.mailbox_feed import SHIFT_START_MODULE, MailboxFeed
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.ui.widgets.report_view import ReportView
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair
from tests.support.pilot import said, wait_until

ROOT = Path(__file__).parents[2]

def warm_triage(ui_mailbox: Path, key: KeyPair, tmp_path: Path,
                read_only: bool = False) -> tuple[Triage, int]:
    """A triage whose cache holds the whole mailbox (the start is warm), and its size."""
    def triage() -> Triage:
        return Triage(MaildirSource(ui_mailbox / "Maildir"), GpgCrypto(key.home),
                      LocalStore(tmp_path / "store.json"),
                      StaticTracker(ui_mailbox / "issues.json"), [], DEFAULT_TEAM_ADDRESSES,
                      read_only=read_only)

    cold = triage()
    total = len(cold.inbox().rows)  # cached: the next start is warm
    cold.store.close()  # type: ignore[attr-defined]
    return triage(), total


def record_frame_and_read(monkeypatch: pytest.MonkeyPatch, events: list[str],
                          frame: Callable[[], str], read: Callable[[], str],
                          read_done: Callable[[], str] | None = None) -> None:
    """Append ``frame()`` to ``events`` at the first frame, ``read()`` at the whole
    queue's read, and ``read_done()`` (if given) once it has returned, in its thread."""
    display = HdtuiApp._display

    def drawn(self: HdtuiApp, *args: Any) -> None:
        if not events:
            events.append(frame())
        display(self, *args)

    snapshot = Triage.snapshot

    def whole_read(self: Triage) -> Any:
        events.append(read())
        found = snapshot(self)
        if read_done is not None:
            events.append(read_done())
        return found

    monkeypatch.setattr(HdtuiApp, "_display", drawn)
    monkeypatch.setattr(Triage, "snapshot", whole_read)


def whole_queue_drawn(monkeypatch: pytest.MonkeyPatch, whole: Callable[[], bool]) -> list[bool]:
    """A list that gets True at each frame drawn while ``whole()`` (the whole queue in the
    view)."""
    drawn: list[bool] = []
    display = HdtuiApp._display

    def draw(self: HdtuiApp, *args: Any) -> None:
        display(self, *args)
        if whole():
            drawn.append(True)

    monkeypatch.setattr(HdtuiApp, "_display", draw)
    return drawn


async def test_first_frame_then_whole_queue_then_the_rest(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    events: list[str] = []
    # The services' fallback timer (2 s after the start) is for a queue slower than that;
    # on a loaded machine it fired first once: this test is about the usual order (the
    # fallback has its own test below).
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 600.0)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2), shift_start=True)

    def whole() -> bool:
        screen = app._queue_screen
        return screen is not None and len(screen.queue.all_rows) == total

    record_frame_and_read(monkeypatch, events, lambda: "frame", lambda: "whole queue read")
    drawn = whole_queue_drawn(monkeypatch, whole)
    build = HdtuiApp._build_services

    def services(self: HdtuiApp, inbox: InboxScreen) -> None:
        events.append(f"services (whole queue drawn: {bool(drawn)})")
        build(self, inbox)

    refresh = Triage.refresh_known_issues

    def known_issues(self: Triage) -> str:
        events.append(f"known issues (whole queue drawn: {bool(drawn)})")
        return refresh(self)

    index = Triage.index_documents

    def documents(self: Triage, *args: Any) -> int:
        events.append(f"documents (whole queue drawn: {bool(drawn)})")
        return index(self, *args)

    monkeypatch.setattr(HdtuiApp, "_build_services", services)
    monkeypatch.setattr(Triage, "refresh_known_issues", known_issues)
    monkeypatch.setattr(Triage, "index_documents", documents)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: len(events) >= 5, what="the start's steps")
            # The columns read from the rows are kept for the next start, once shown.
            await wait_until(pilot, lambda: warm.store.queue_columns(
                warm.source.identity) is not None, what="the columns kept")
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert events[:2] == ["frame", "whole queue read"], events
    # The search for messages without a filter document walks the queue table (0.15 s
    # at 100,000): after the frame too (docs/benchmarks.md, "Session 12").
    assert sorted(events[2:5]) == ["documents (whole queue drawn: True)",
                                   "known issues (whole queue drawn: True)",
                                   "services (whole queue drawn: True)"], events


async def test_the_services_start_at_the_latest_when_the_whole_queue_is_slow(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole queue that takes longer than SERVICES_AT_THE_LATEST does not hold the
    services back: they are built while it is still being read."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path)
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 0.1)
    release = threading.Event()
    snapshot = Triage.snapshot

    def slow_whole_read(self: Triage) -> Any:
        release.wait(30)  # held until the services are built
        return snapshot(self)

    built: list[bool] = []
    build = HdtuiApp._build_services

    def services(self: HdtuiApp, inbox: InboxScreen) -> None:
        built.append(not release.is_set())
        build(self, inbox)

    monkeypatch.setattr(Triage, "snapshot", slow_whole_read)
    monkeypatch.setattr(HdtuiApp, "_build_services", services)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: bool(built), what="the services")
            release.set()
            assert built == [True]  # while the whole queue was still being read
    finally:
        release.set()
        warm.store.close()  # type: ignore[attr-defined]


def record_keep_and_read(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    """Append "read" and "read done" to ``events`` around each ``Triage.read_pending``,
    "kept True" or "kept False" after each ``Triage.keep_columns``."""
    keep, read = Triage.keep_columns, Triage.read_pending

    def keeping(self: Triage) -> bool:
        kept = keep(self)
        events.append(f"kept {kept}")
        return kept

    def reading(self: Triage, *args: Any, **kwargs: Any) -> Any:
        events.append("read")
        try:
            return read(self, *args, **kwargs)
        finally:
            events.append("read done")

    monkeypatch.setattr(Triage, "keep_columns", keeping)
    monkeypatch.setattr(Triage, "read_pending", reading)


async def test_a_first_start_keeps_no_columns_before_its_read(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A start with messages still to read (a first start: nothing cached) keeps no
    columns before reading them: the read changes every row, and writing the columns
    first delayed it (docs/benchmarks.md, "Session 12")."""
    cold = Triage(MaildirSource(ui_mailbox / "Maildir"), GpgCrypto(test_key.home),
                  LocalStore(tmp_path / "store.json"),
                  StaticTracker(ui_mailbox / "issues.json"), [], DEFAULT_TEAM_ADDRESSES)
    events: list[str] = []
    record_keep_and_read(monkeypatch, events)
    app = HdtuiApp(cold, {}, "default", "test", (), cold.head(limit=2))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: "read done" in events, what="the first read")
    finally:
        cold.store.close()  # type: ignore[attr-defined]
    assert events[:2] == ["read", "read done"], events


async def test_a_start_with_new_mail_keeps_the_columns_after_reading_it(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm start that lists new mail reads it, then keeps the columns it read from
    the rows, with the new messages (docs/queue-columns.md, "Kept in the cache"; issue
    #12: the feed kept none when a message was pending)."""
    box = tmp_path / "box"
    shutil.copytree(ui_mailbox, box)  # a Maildir of its own, to deliver to
    warm, _ = warm_triage(box, test_key, tmp_path)
    (box / "Maildir" / "new" / "1700000009.M9P1.t").write_bytes(
        b"From: someone@example.org\nSubject: new question\n\nhello\n")
    events: list[str] = []
    record_keep_and_read(monkeypatch, events)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: any(e.startswith("kept") for e in events),
                             what="the columns kept")
        found = warm.store.queue_columns(warm.source.identity)
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert events == ["read", "read done", "kept True"], events
    assert found is not None
    assert "1700000009.M9P1.t" in found[0] and found[1] == []


async def test_a_read_abandoned_by_quitting_keeps_no_columns(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Quitting while new mail is read abandons the read, and the columns are not
    written after it: that write (10.9 MB at 100,000) would hold up the exit
    (docs/cold-start.md, "Quitting during a first read")."""
    box = tmp_path / "box"
    shutil.copytree(ui_mailbox, box)
    warm, _ = warm_triage(box, test_key, tmp_path)
    (box / "Maildir" / "new" / "1700000009.M9P1.t").write_bytes(
        b"From: someone@example.org\nSubject: new question\n\nhello\n")
    events: list[str] = []
    release, ended = threading.Event(), threading.Event()
    read, load = Triage.read_pending, MailboxFeed._load

    def held_read(self: Triage, *args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return read(self, *args, **kwargs)

    def loading(self: MailboxFeed, whole: bool) -> None:
        try:
            load(self, whole)
        finally:
            ended.set()

    monkeypatch.setattr(Triage, "read_pending", held_read)
    record_keep_and_read(monkeypatch, events)  # around the held read
    monkeypatch.setattr(MailboxFeed, "_load", loading)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: "read" in events, what="the read")
        release.set()  # the app has quit: its workers are cancelled
        assert ended.wait(10)
    finally:
        release.set()
        warm.store.close()  # type: ignore[attr-defined]
    assert not any(e.startswith("kept") for e in events), events


def test_a_warm_start_reads_the_columns_the_one_before_kept(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm start reads the queue's rows and, once the queue is shown, keeps its
    columns in the cache, with the keys changed since the read; the next start reads those
    instead of every row (docs/queue-columns.md, "Kept in the cache") and gets the same
    queue, already in the default order."""
    first, total = warm_triage(ui_mailbox, test_key, tmp_path)
    first.store.close()  # type: ignore[attr-defined]
    reads: list[str] = []
    pages = LocalStore.queue_pages

    def read_rows(self: LocalStore, *args: Any) -> None:
        reads.append("rows")
        pages(self, *args)

    monkeypatch.setattr(LocalStore, "queue_pages", read_rows)
    shown = []
    kept = []
    for start in range(4):
        warm = Triage(MaildirSource(ui_mailbox / "Maildir"), GpgCrypto(test_key.home),
                      LocalStore(tmp_path / "store.json"),
                      StaticTracker(ui_mailbox / "issues.json"), [], DEFAULT_TEAM_ADDRESSES)
        try:
            rows = warm.snapshot().rows
            assert isinstance(rows, RowsAt)
            shown.append((list(rows), list(rows.sorted(SortOrder.PRIORITY))))
            assert warm.rows().columns.every_in_order(SortOrder.PRIORITY, total) is not None
            if start == 0:  # a mark changed after the read, then back: kept all the same
                row = warm.toggle_mark(rows[0], Mark.TRIAGED)
                warm.toggle_mark(row, Mark.TRIAGED)
            kept.append(warm.keep_columns())
        finally:
            warm.store.close()  # type: ignore[attr-defined]
    assert reads == ["rows"]
    assert kept == [True, False, False, False]
    assert len(shown[0][0]) == total and shown[0] == shown[1] == shown[2] == shown[3]


async def test_the_collector_paused_by_the_start_runs_again_after_the_first_frame(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m hdtui`` pauses the cyclic collector (hdtui/collector.py): the first frame
    is drawn without it, it runs again before the whole queue is read, and still runs
    once that read is over.

    The collector's state is a flag of the whole process, and the whole queue's read
    turns it off for a while in its worker (``Triage._read_queue``: the columns' fill).
    It is looked at in that worker, at the read's start and end, not from the test's
    loop while the read may be in that stretch: that look failed under load (2 in 20
    runs beside two busy processes, and in whole-suite runs)."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path)
    seen: list[str] = []
    record_frame_and_read(monkeypatch, seen, lambda: f"frame, collecting: {gc.isenabled()}",
                          lambda: f"whole queue read, collecting: {gc.isenabled()}",
                          lambda: f"whole queue read done, collecting: {gc.isenabled()}")
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    pause()
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: len(seen) >= 3, what="the whole queue's read")
    finally:
        resume()
        gc.enable()
        gc.unfreeze()
        warm.store.close()  # type: ignore[attr-defined]
    assert seen[:3] == ["frame, collecting: False", "whole queue read, collecting: True",
                        "whole queue read done, collecting: True"], seen


async def test_the_main_screen_is_styled_once_before_its_first_frame(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its breakpoint classes (80x24: thin, short), the READ-ONLY bar's class and the
    queue's focus are there from the start: set at mount or at the first resize, each
    restyled the screen or the widget again (docs/benchmarks.md, "Warm start imports",
    session 9)."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path, read_only=True)
    styled: list[str] = []
    frames: list[str] = []
    record_frame_and_read(monkeypatch, frames, lambda: "frame", lambda: "whole queue read")
    restyle = DOMNode.update_node_styles

    def styling(self: DOMNode, animate: bool = True) -> None:
        if not frames:
            styled.append(type(self).__name__)
        restyle(self, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", styling)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: bool(frames), what="the first frame")
            screen = app.screen
            assert isinstance(screen, InboxScreen)
            assert {"-thin", "-short"} <= screen.classes
            assert screen.query_one("#shift-bar").has_class("-read-only")
            assert screen.focused is screen.queue.table
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert styled.count("InboxScreen") == 1, styled
    assert not {"ShiftBar", "SafeInput"} & set(styled), styled


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 40)])
async def test_the_report_pane_is_mounted_after_the_first_frame(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """The first frame holds the queue's first rows without the report, its issues and
    replies: they are mounted once it is drawn, and then show the message under the
    cursor, in the pager (80x24, where the queue is alone; docs/benchmarks.md, "Warm
    start imports", session 11) and beside the queue (120 and 160 columns: "Session 13:
    warm first rows"). The first frame's rows are the head's."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path)
    head = warm.head(limit=2)
    first: list[bool] = []
    first_rows: list[list[str]] = []
    display = HdtuiApp._display

    def drawn(self: HdtuiApp, screen: Any, *args: Any) -> None:
        if isinstance(screen, InboxScreen) and not first:
            first.append(bool(screen.query(ReportView)))
            table = screen.queue.table
            first_rows.append([row.key for row in table.rows])
        display(self, screen, *args)

    monkeypatch.setattr(HdtuiApp, "_display", drawn)
    app = HdtuiApp(warm, {}, "default", "test", (), head)
    try:
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: bool(first), what="the first frame")
            screen = app.screen
            assert isinstance(screen, InboxScreen)
            current = screen.queue.table.current
            assert current is not None

            def shown() -> bool:
                views = screen.query(ReportView)
                entry = views.first().entry if views else None
                return entry is not None and entry.key == current.key

            await wait_until(pilot, shown, what="the report of the row under the cursor")
            assert screen.query(IssueList) and screen.query(ReplyList)
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert first == [False]
    assert first_rows == [[row.key for row in head.rows]]


def act_in_first_frame(monkeypatch: pytest.MonkeyPatch,
                       act: Callable[[InboxScreen], None]) -> list[bool]:
    """Run ``act`` on the queue's screen as its first frame is drawn (as keys pressed
    then); the list gets whether the report pane was mounted then."""
    at_first_frame: list[bool] = []
    display = HdtuiApp._display

    def drawn(self: HdtuiApp, screen: Any, *args: Any) -> None:
        if isinstance(screen, InboxScreen) and not at_first_frame:
            at_first_frame.append(screen.report_pane.ready)
            act(screen)
        display(self, screen, *args)

    monkeypatch.setattr(HdtuiApp, "_display", drawn)
    return at_first_frame


async def drawn_screen(pilot: Any, app: HdtuiApp, at_first_frame: list[bool]) -> InboxScreen:
    """The queue's screen, once ``act_in_first_frame``'s keys were pressed."""
    await wait_until(pilot, lambda: bool(at_first_frame), what="the first frame")
    screen = app.screen
    assert isinstance(screen, InboxScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("pane", ["report", "issues", "replies"])
async def test_a_key_in_the_first_frame_acts_once_the_report_pane_is_mounted(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, pane: str, size: tuple[int, int]) -> None:
    """Keys act from the first frame, before the report, issues and replies are mounted
    (docs/benchmarks.md, "Session 13: warm first rows"): the key that focuses one of them
    (in the pager: shows its page) focuses it once it is mounted (it found no pane and
    failed), and a flow started then runs once they are there (flows read the report and
    the panes)."""
    from hdtui.ui.flows.flow import Flow, start

    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    flow_saw: list[bool] = []

    async def a_flow(flow: Flow) -> None:
        flow_saw.append(flow.screen.report_pane.ready)

    def keys(screen: InboxScreen) -> None:
        screen.action_focus_pane(pane)  # as the key does
        start(screen, a_flow)

    at_first_frame = act_in_first_frame(monkeypatch, keys)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=size) as pilot:
            screen = await drawn_screen(pilot, app, at_first_frame)
            await wait_until(pilot, lambda: bool(screen.query(f"#{pane}")) and
                             screen.focused is screen.query_one(f"#{pane}"),
                             what=f"the focus on #{pane}")
            await wait_until(pilot, lambda: bool(flow_saw), what="the flow")
            # The whole queue's result is put in place before the test quits: handled
            # while the app closes, it found no queue table (a loaded machine's race, on
            # main too; docs/benchmarks.md, "Session 15: warm first rows").
            await wait_until(pilot, lambda: len(screen.queue.all_rows) == total,
                             what="the whole queue")
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert at_first_frame == [False]
    assert flow_saw == [True]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_focus_key_held_for_the_mount_yields_to_a_later_slash(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """"2" then "/" typed in the first frame: "2" waits for the report pane's mount, "/"
    focuses the filter at once, and the held "2" must not take the focus back from the
    filter when the pane is mounted (the text typed next goes to the filter; found at
    session 13's review)."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path)

    def keys(screen: InboxScreen) -> None:
        screen.action_focus_pane("report")  # "2", as the key does
        screen.action_focus_filter()  # then "/"

    at_first_frame = act_in_first_frame(monkeypatch, keys)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=size) as pilot:
            screen = await drawn_screen(pilot, app, at_first_frame)
            await wait_until(pilot, lambda: screen.report_pane.ready, what="the mount")
            await pilot.pause()
            await pilot.pause()
            assert screen.focused is screen.queue.box
    finally:
        warm.store.close()  # type: ignore[attr-defined]
    assert at_first_frame == [False]


async def test_the_replies_are_read_after_the_first_frame_and_their_problems_said(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard replies are parsed once the first frame is drawn (their module and the
    terms of their mentions are imported then: docs/benchmarks.md, "Session 14: warm first
    rows"); a reply file that cannot be used is still said, as a warning."""
    replies = tmp_path / "replies"
    replies.mkdir()
    shutil.copy(bundled_dir("replies") / "apple-hardware.en.md", replies)
    (replies / "Not A Reply.md").write_text("no front matter\n", encoding="utf-8")
    paths = template_paths(replies)
    drawn: list[bool] = []
    read_after_a_frame: list[bool] = []

    def read() -> Replies:
        read_after_a_frame.append(bool(drawn))
        return load_templates(replies, paths)

    display = HdtuiApp._display

    def draw(self: HdtuiApp, *args: Any) -> None:
        display(self, *args)
        drawn.append(True)

    monkeypatch.setattr(HdtuiApp, "_display", draw)
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 0.01)
    triage = Triage(MaildirSource(ui_mailbox / "Maildir"), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), StaticTracker(ui_mailbox / "issues.json"),
                    Later(read), DEFAULT_TEAM_ADDRESSES)
    app = HdtuiApp(triage, {}, "default", "test", ())
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: "Not A Reply.md" in said(app),
                             what="the reply file's problem said")
    finally:
        triage.store.close()  # type: ignore[attr-defined]
    assert read_after_a_frame[:1] == [True]
    assert [t.slug for t in triage.templates] == ["apple-hardware"]




async def confirm_laid_out(pilot: Any, app: HdtuiApp) -> None:
    """Wait for the ConfirmScreen opened to be laid out by the dialogs' CSS as in session
    15's app.tcss (80 % of 120 columns, a thick border), then answer it."""
    from hdtui.ui.screens.confirm import ConfirmScreen

    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen)
                     and bool(app.screen.query("#confirm-dialog")), what="the dialog")
    dialog = app.screen.query_one("#confirm-dialog")
    await wait_until(pilot, lambda: dialog.outer_size.width == 96, what="80 % of 120 columns")
    assert dialog.styles.border_top[0] == "thick"
    await pilot.press("n")


async def test_a_dialog_opened_in_the_first_frame_brings_the_css_of_the_dialogs(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame parses app.tcss alone; the dialogs' and forms' CSS comes after it,
    or with the first of them opened (their CSS_PATH: docs/benchmarks.md, "Session 16:
    warm first rows"). One opened by a key in that frame is laid out by it as before."""
    from hdtui.ui.screens import DIALOGS_CSS
    from hdtui.ui.screens.confirm import ConfirmScreen

    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    dialogs_at_first_frame: list[bool] = []

    def open_dialog(screen: InboxScreen) -> None:
        dialogs_at_first_frame.append(screen.app.stylesheet.has_source(DIALOGS_CSS, ""))
        screen.app.push_screen(ConfirmScreen("Close it?", "The report stays."))

    at_first_frame = act_in_first_frame(monkeypatch, open_dialog)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: bool(at_first_frame), what="the first frame")
            assert dialogs_at_first_frame == [False]
            await confirm_laid_out(pilot, app)
            # the whole queue in place before the test quits (see the test above)
            await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen)
                             and len(app.screen.queue.all_rows) == total,
                             what="the whole queue")
    finally:
        warm.store.close()  # type: ignore[attr-defined]


async def test_the_css_of_the_dialogs_is_parsed_once_the_whole_queue_is_painted(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialogs' CSS (10 ms of CPU) is parsed once the whole queue is on screen, with
    the services, not between the first frame and the whole queue (docs/benchmarks.md,
    "Session 17: the warm queue at 100,000")."""
    from hdtui.ui.screens import DIALOGS_CSS

    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 600.0)  # not the fallback
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    painted: list[bool] = []
    styles = HdtuiApp.dialog_styles

    def parsing(self: HdtuiApp) -> None:
        if not self.stylesheet.has_source(DIALOGS_CSS, ""):
            painted.append(whole_queue_painted(self, total))
        styles(self)

    monkeypatch.setattr(HdtuiApp, "dialog_styles", parsing)
    await run_until(app, warm, lambda: app.stylesheet.has_source(DIALOGS_CSS, ""),
                    "the dialogs' CSS")
    assert painted == [True]


async def test_the_css_a_start_parsed_is_found_by_the_next_and_the_dialogs_kept_apart(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a ParsedCss, the app's stylesheet looks its rules up there: what the start
    used is one part, what it used once the services start (the dialogs' CSS) the other
    (read after the first frame, hdtui.css_cache); a second start given the rules parses
    none (docs/benchmarks.md, "Session 20: the first frame's CSS and imports")."""
    from hdtui.ui.parsed_css import ParsedCss
    from hdtui.ui.screens import DIALOGS_CSS

    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 0.1)
    rules: list[list[str]] = []
    parts: list[ParsedCss] = []
    for _ in range(2):
        home = tmp_path / str(len(parts))
        home.mkdir()
        warm, _total = warm_triage(ui_mailbox, test_key, home)
        parsed = ParsedCss(parts[0].parsed if parts else None)
        parts.append(parsed)
        app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2),
                       parsed_css=parsed)
        # The footer's keys are mounted after the first frame (FooterSlot), their widgets'
        # CSS with them: both starts are compared once the keys are there, or the rules
        # compared depend on which came first under load (a CI run of session 29).
        await run_until(app, warm,
                        lambda app=app: (app.stylesheet.has_source(DIALOGS_CSS, "")
                                         and bool(app.screen.query("FooterKey"))),
                        "the dialogs' CSS and the footer's keys")
        rules.append(sorted(rule.selectors for rule in app.stylesheet.rules))
    first, again = parts
    start, later = first.used()
    assert [Path(css[1][0]).name for found in start.values() for css in found
            if css[1][0].endswith(".tcss")] == ["app.tcss"]
    assert [Path(css[1][0]).name for found in later.values() for css in found
            if css[1][0].endswith(".tcss")] == ["dialogs.tcss"]
    assert first.added and not again.added
    assert rules[0] == rules[1]


def whole_queue_painted(app: HdtuiApp, total: int) -> bool:
    """The queue's table holds the ``total`` rows and has drawn them."""
    screen = app._queue_screen
    table = screen.queue.table if screen is not None else None
    return table is not None and len(table.rows) == total and table.drawn is table.rows


async def run_until(app: HdtuiApp, warm: Triage, done: Callable[[], bool], what: str) -> None:
    """Run ``app`` at 120x40 until ``done()``; then close ``warm``'s store."""
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, done, what=what)
    finally:
        warm.store.close()  # type: ignore[attr-defined]


async def test_the_first_frames_rows_are_not_made_again_for_the_whole_queue(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole queue's first rows are the head's, drawn in the first frame: their cells
    are kept, not made again (docs/benchmarks.md, "Session 17: the warm queue at
    100,000")."""
    from hdtui.ui.widgets import queue_table

    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    head = warm.head(limit=5)
    made: list[str] = []
    cells = queue_table.row_cells

    def counting(row: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(row.key)
        return cells(row, *args, **kwargs)

    monkeypatch.setattr(queue_table, "row_cells", counting)
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 600.0)
    # The member's own state (read after the whole queue: in a local mailbox every claim
    # is theirs, which draws every row again) is left out, as the message under the
    # cursor is below (opened: its state changes).
    monkeypatch.setattr(MailboxFeed, "_load_personal", lambda self: None)
    app = HdtuiApp(warm, {}, "default", "test", (), head)
    first: list[str] = []

    def painted() -> bool:
        if not whole_queue_painted(app, total):
            return False
        rows = app._queue_screen.queue.table.rows  # type: ignore[union-attr]
        first.extend(row.key for row in rows[:5])
        return True

    await run_until(app, warm, painted, "the whole queue painted")
    shown = [row.key for row in head.rows]
    assert first == shown  # the same first rows
    assert [made.count(key) for key in shown[1:]] == [1] * (len(shown) - 1), made


async def test_the_css_of_the_dialogs_is_parsed_after_the_first_frame_once(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the whole queue is drawn, the app parses the dialogs' CSS alone: the first
    dialog opened then is laid out by it without Textual parsing the whole CSS again and
    restyling every screen (docs/benchmarks.md, "Session 16: warm first rows", "Session
    17: the warm queue at 100,000")."""
    from textual.css.stylesheet import Stylesheet

    from hdtui.ui.screens import DIALOGS_CSS
    from hdtui.ui.screens.confirm import ConfirmScreen

    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    reparsed: list[bool] = []
    reparse = Stylesheet.reparse

    def counting(self: Stylesheet) -> None:
        reparsed.append(True)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.stylesheet.has_source(DIALOGS_CSS, ""),
                             what="the dialogs' CSS")
            screen = app.screen
            assert isinstance(screen, InboxScreen)
            await wait_until(pilot, lambda: len(screen.queue.all_rows) == total,
                             what="the whole queue")
            before = len(reparsed)
            app.push_screen(ConfirmScreen("Close it?", "The report stays."))
            await confirm_laid_out(pilot, app)
            assert len(reparsed) == before
    finally:
        warm.store.close()  # type: ignore[attr-defined]


def test_a_whole_queue_shown_imports_no_shift_start_screen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No shift-start screen can be open before its module is imported: the feed does not
    import it to look for one (4-26 ms of the UI thread before a warm start's whole queue
    was put in the view: docs/benchmarks.md, "Session 20: the warm queue at 100,000")."""
    monkeypatch.delitem(sys.modules, SHIFT_START_MODULE, raising=False)
    feed = SimpleNamespace(app=SimpleNamespace(screen_stack=[]))
    MailboxFeed._regather_shift_start(feed)  # type: ignore[arg-type]
    assert SHIFT_START_MODULE not in sys.modules


async def test_the_report_pane_builds_no_service_before_the_whole_queue_is_drawn(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The report pane shows the message under the cursor once the services are due (the
    whole queue drawn): its suggestions built the actions and the counting service and
    matched the message (their imports, the known issues read) while the whole queue was
    read and drawn (docs/benchmarks.md, "Session 21: the warm queue at 100,000"). The
    whole queue's read is held up to 2 s here: on main the report was matched meanwhile."""
    warm, total = warm_triage(ui_mailbox, test_key, tmp_path)
    monkeypatch.setattr(app_module, "SERVICES_AT_THE_LATEST", 600.0)
    events: list[str] = []
    release = threading.Event()

    def step(name: str) -> None:
        events.append(f"{name} (whole queue drawn: {bool(drawn)})")

    actions: Later[Any] = Later(lambda: step("actions built"))
    insight: Later[Any] = Later(lambda: step("counting built"))
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2), actions=actions,
                   insight=insight)
    snapshot, suggestions = Triage.snapshot, Triage.suggestions

    def held_whole_read(self: Triage) -> Any:
        release.wait(2)  # the report pane's worker, if it does not wait, runs meanwhile
        return snapshot(self)

    def matching(self: Triage, *args: Any) -> Any:
        step("matched")
        return suggestions(self, *args)

    def whole() -> bool:
        screen = app._queue_screen
        return screen is not None and len(screen.queue.all_rows) == total

    drawn = whole_queue_drawn(monkeypatch, whole)
    monkeypatch.setattr(Triage, "snapshot", held_whole_read)
    monkeypatch.setattr(Triage, "suggestions", matching)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: app.screen.query(ReportView).first().entry
                             is None and bool(app.screen.query(ReportView)),
                             what="the report pane mounted")
            await pilot.pause(0.5)  # the whole queue's read held meanwhile
            release.set()
            await wait_until(pilot, lambda: any(e.startswith("matched") for e in events),
                             what="the report matched")
            current = app.screen.query_one(ReportView)
            await wait_until(pilot, lambda: current.entry is not None, what="the report")
    finally:
        release.set()
        warm.store.close()  # type: ignore[attr-defined]
    assert events and all(e.endswith("(whole queue drawn: True)") for e in events), events


async def test_the_report_is_shown_before_the_services_are_due(
        ui_mailbox: Path, test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The message under the cursor is shown as soon as it is read from the cache; only its
    known issues and replies wait for the services (the whole queue drawn, or 2 s): the
    whole report waited for them at every start."""
    warm, _ = warm_triage(ui_mailbox, test_key, tmp_path)
    held: list[HdtuiApp] = []
    start_services = HdtuiApp.start_services
    monkeypatch.setattr(HdtuiApp, "start_services", lambda self: held.append(self))
    matched: list[str] = []
    suggestions = Triage.suggestions

    def matching(self: Triage, *args: Any) -> Any:
        matched.append("matched")
        return suggestions(self, *args)

    monkeypatch.setattr(Triage, "suggestions", matching)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head(limit=2))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: bool(app.screen.query(ReportView)) and
                             app.screen.query_one(ReportView).entry is not None,
                             what="the report shown")
            assert not app.services_due.is_set() and not matched
            view = app.screen.query_one(ReportView)
            current = app.screen.query_one(QueueTable).current
            assert view.entry is not None and current is not None
            assert view.entry.key == current.key
            await wait_until(pilot, lambda: bool(held), what="the services due")
            start_services(app)
            await wait_until(pilot, lambda: bool(matched), what="the report matched")
    finally:
        warm.store.close()  # type: ignore[attr-defined]


async def test_a_warm_imap_start_logs_in_after_its_first_frame(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm IMAP start logs in to the server (the early login, which imports the IMAP
    client: imapclient, imaplib, the email package) once its first frame is drawn, not
    while Textual draws it (docs/benchmarks.md, "Session 28: warm first rows"); the whole
    queue and the resync follow as before."""
    user, password = imap_user
    for n in range(3):
        dovecot.deliver(user, b"From: user@example.org\nTo: support@tails.net\n"
                              b"Subject: report %d\n\nbody\n" % n)

    def triage() -> Triage:
        source = ImapSource(ImapAccount(host=dovecot.host, user=user,
                                        password=lambda: password, port=dovecot.imaps_port,
                                        ca_file=dovecot.cafile, timeout=5.0))
        return Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                      StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                      DEFAULT_TEAM_ADDRESSES, live=source, read_only=True)

    cold = triage()
    assert len(cold.inbox().rows) == 3  # cached: the next start is warm
    cold.store.close()  # type: ignore[attr-defined]
    cold.source.close()  # type: ignore[attr-defined]
    warm = triage()
    events: list[str] = []
    frames: list[bool] = []
    display = HdtuiApp._display

    def drawn(self: HdtuiApp, *args: Any) -> None:
        display(self, *args)
        if isinstance(self.screen, InboxScreen) and not frames:
            frames.append(True)

    connect = ImapSource.connect

    def login(self: ImapSource) -> Any:
        if not events:
            events.append(f"login (first frame drawn: {bool(frames)})")
        return connect(self)

    monkeypatch.setattr(HdtuiApp, "_display", drawn)
    monkeypatch.setattr(ImapSource, "connect", login)
    app = HdtuiApp(warm, {}, "default", "test", (), warm.head())
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await wait_until(pilot, lambda: bool(events), what="the login")
            await wait_until(pilot, lambda: "3/3 shown" in str(
                app.screen.query_one("#status", Static).render()), what="the whole queue")
            await pilot.press("q")
    finally:
        warm.store.close()  # type: ignore[attr-defined]
        warm.source.close()  # type: ignore[attr-defined]
    assert events == ["login (first frame drawn: True)"]
