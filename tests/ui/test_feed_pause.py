"""The count's pause (hdtui/ui/background_pause.py) through the feed: a change's paint
releases the hold taken for it, never one taken for a later change still on its way
(docs/live-changes.md, "While the queue is counted")."""

from __future__ import annotations

from collections.abc import Callable

from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.mailbox_feed import MailboxFeed
from tests.support.pilot import wait_until


async def test_an_earlier_changes_paint_keeps_the_count_waiting_for_a_later_one(
        make_app: Callable[..., HdtuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, InboxScreen))
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        feed = inbox.feed
        await wait_until(pilot, lambda: feed._shown_whole and not feed.load_running,
                         what="the queue")
        feed.pause.hold()  # the server announces change A
        feed._shown_generation = feed.pause.generation  # the load that reads A starts
        feed._loading += 1
        feed.pause.hold()  # change B, announced while A is read (its notice not handled)
        feed.post_message(MailboxFeed.LoadDone())  # A read, then painted
        await wait_until(pilot, lambda: not feed.load_running, what="A's load done")
        for _ in range(5):
            await pilot.pause()
        assert feed.pause.held  # B is not shown yet: the count still waits for it
        feed._changes_shown(feed.pause.generation)  # B's load read and painted it
        assert not feed.pause.held
