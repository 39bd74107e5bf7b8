"""The queue's screen under another one while the queue loads (the shift-start screen over
a first read): its changes are drawn once, at the load's end (docs/cold-start.md, "The
queue under another screen")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen

from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.mailbox_feed import MailboxFeed
from hdtui.ui.widgets.queue_table import QueueTable
from tests.support.pilot import wait_until


def count_drawn(app: HdtuiApp, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the app draws from now on (an update of the terminal each, None when
    nothing changed)."""
    drawn: list[object] = []
    display = app._display

    def counted(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            drawn.append(renderable)
        display(screen, renderable)

    monkeypatch.setattr(app, "_display", counted)
    return drawn


async def quiet(pilot: Pilot[Any], drawn: list[object]) -> None:
    """Until the start's own work (the services, the count, the report pane) is drawn."""
    for _ in range(40):
        drawn.clear()
        await pilot.pause(0.5)
        if not drawn:
            return
    raise AssertionError("the app never stopped drawing")


async def test_changes_under_another_screen_while_loading_are_drawn_once_at_the_end(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each change of the covered queue made Textual draw the screen on top again whole,
    the queue dimmed under it, twice (the covered screen asks itself for a whole repaint
    after each): the report pane filling in, the footer's keys, the status line, on the
    interpreter the read's hand-over shares. While the queue loads they wait, and the
    load's end draws them once."""
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        assert isinstance(app.screen, InboxScreen)
        inbox = app.screen
        await wait_until(pilot, lambda: inbox.feed._shown_whole and not inbox.feed.load_running,
                         what="the queue")
        drawn = count_drawn(app, monkeypatch)
        await app.push_screen(ModalScreen[None]())
        await quiet(pilot, drawn)
        inbox.feed._loading += 1  # a loading worker runs (the listing, then the read)
        status = inbox.query_one("#status")
        for n in range(5):
            inbox.load_note = f"reading {n}/5…"
            status.refresh(layout=True)
            await pilot.pause(0.1)
        await pilot.pause(0.3)
        assert drawn == []
        inbox.feed.post_message(MailboxFeed.LoadDone())
        await wait_until(pilot, lambda: bool(drawn), what="the changes drawn")
        await pilot.pause(0.3)
        assert len(drawn) <= 2  # the covered queue, then its repaint Textual asks
        assert not inbox.feed.load_running


async def test_a_first_read_under_another_screen_ends_with_the_same_queue(
        make_app: Callable[..., HdtuiApp], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same rows in the same order at the end of a first read, whether another screen
    covered the queue while it loaded or not."""
    shown: list[list[tuple[str, str]]] = []
    held: list[bool] = []
    show_held = InboxScreen.show_held

    def noted(self: InboxScreen) -> None:
        held.append(self._held)
        show_held(self)

    monkeypatch.setattr(InboxScreen, "show_held", noted)
    for covered in (False, True):
        app = make_app()
        async with app.run_test(size=(120, 30)) as pilot:
            assert isinstance(app.screen, InboxScreen)
            inbox = app.screen
            if covered:
                await app.push_screen(ModalScreen[None]())
            feed = inbox.feed
            await wait_until(pilot, lambda: feed._shown_whole and not feed.load_running,  # noqa: B023
                             what="the queue")
            await pilot.pause(0.3)
            table = inbox.query_one(QueueTable)
            shown.append([(row.key, row.summary) for row in table.rows])
            assert not inbox._held
            if covered:
                app.pop_screen()
                await pilot.pause(0.3)
                assert [(row.key, row.summary) for row in table.rows] == shown[0]
    assert shown[0] and shown[1] == shown[0]
    assert True in held  # the covered read's changes were held, then drawn
