"""A box that waited for a form opens without the warning that said it waits
(docs/layouts.md, "Notices"): at 80x24 that warning's 40 cells covered the right half of
the box's text for the rest of its 20 s (session 25's walk). And the "Draft kept" band of
the form left says its title once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.ui.messages import OutboxFlushed
from hdtui.ui.screens.error import ErrorModal
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import notifications, said, wait_until


async def test_a_box_that_waited_opens_without_toasts_over_it(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen is not inbox and app.screen.is_mounted,
                         what="the reply form")
        app.screen.query_one("#compose-body").focus()
        await settle(pilot)
        problem = "Claim of “help” not applied: the message is gone from the server."
        inbox.feed.on_outbox_flushed(OutboxFlushed(0, [problem]))  # a background event
        await settle(pilot)
        assert "waits" in notifications(app)  # told while typing
        await pilot.press("escape")  # leave the form: the box opens
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorModal),
                         what="the error box")
        await settle(pilot)
        box: Any = app.screen
        assert box.message == problem
        assert "waits" not in notifications(app)  # no longer true, and over the text


async def test_a_draft_closed_unsent_is_said_kept_once(
        demo_setup: Callable[..., Setup]) -> None:
    """The confirmation read "Draft kept · Draft kept: the same key opens it again; …": its
    title, then a text that began with the title again (session 25's walk)."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        inbox = app.screen
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen is not inbox and app.screen.is_mounted,
                         what="the reply form")
        await pilot.press("escape")
        await wait_until(pilot, lambda: "Draft kept" in said(app), what="the confirmation")
        assert "Draft kept · The same key opens it again; ctrl+o lists kept drafts." in said(app)
        assert said(app).count("Draft kept") == 1
