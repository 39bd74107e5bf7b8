"""A failure the member must act on stays on screen until read (docs/layouts.md,
"Notices"): what a send did not do, offline changes that did not apply. They were toasts
that went away after 15-20 s, read or not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hdtui.errors import StoreError
from hdtui.ui.messages import OutboxFlushed
from hdtui.ui.screens.error import ErrorModal
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import said, wait_until
from tests.ui.test_actions import outbox_files, send_from_the_editor

FULL = "The store cannot be written: No space left on device."


def box(app: Any) -> ErrorModal:
    screen = app.screen
    assert isinstance(screen, ErrorModal), type(screen).__name__
    return screen


async def test_a_reply_sent_but_not_marked_says_so_until_read(
        demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch) -> None:
    setup = demo_setup()

    def full(*args: Any, **kwargs: Any) -> None:
        raise StoreError(FULL)

    monkeypatch.setattr(setup.triage, "add_mark", full)
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("r")
        await settle(pilot)
        await send_from_the_editor(pilot)
        assert len(outbox_files()) == 1  # sent (the demo's outbox)
        boxed = box(app)
        assert boxed.error_title == "Not everything happened"
        assert "could not be marked replied" in boxed.message and FULL in boxed.message
        assert "could not be marked" not in said(app)  # no toast that times out
        await pilot.pause(0.3)
        await pilot.press("down")  # another key: still there, nothing behind it moves
        await settle(pilot)
        assert app.screen is boxed
        await pilot.press("escape")  # read: closed
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_offline_changes_that_did_not_apply_stay_until_read(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        problem = "Claim of “help” not applied: the message is gone from the server."
        for _ in range(2):  # said twice (two flushes): one box
            inbox.feed.on_outbox_flushed(OutboxFlushed(0, [problem]))
        await settle(pilot)
        boxed = box(app)
        assert boxed.error_title == "Some offline changes did not apply"
        assert boxed.message == problem
        assert sum(isinstance(s, ErrorModal) for s in app.screen_stack) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_a_background_error_waits_for_the_reply_being_typed(
        demo_setup: Callable[..., Setup]) -> None:
    """A box opened by a background event while a reply is typed took the keys that
    followed: "q" closed it unread, what came before it went nowhere. It waits until the
    form closes, the member is told it waits, and then only escape closes it."""
    from hdtui.ui.screens.compose import ComposeScreen

    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await pilot.press("r")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ComposeScreen)
        body: Any = form.query_one("#compose-body")
        body.focus()
        body.text = ""
        await settle(pilot)
        await pilot.press(*"I think")
        problem = "Claim of “help” not applied: the message is gone from the server."
        inbox.feed.on_outbox_flushed(OutboxFlushed(0, [problem]))  # a background event
        await pilot.press(*" this is quite bad", "enter", *"q and more")
        await settle(pilot)
        assert app.screen is form  # no box took the keys
        assert body.text == "I think this is quite bad\nq and more"
        assert "waits" in said(app)  # the member knows an error waits
        bar = str(inbox.query_one("#shift-bar").render())
        assert "1 error(s) wait" in bar, bar  # in the bar over the form, until shown
        await pilot.press("escape")  # leave the form (keeping the draft)
        await settle(pilot)
        # Released by the next look (every 0.25 s) once nothing is typed into: waited for,
        # not a fixed 0.6 s (a loaded machine may look later).
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorModal),
                         what="the box once the form is left")
        await settle(pilot)
        boxed = box(app)
        assert boxed.error_title == "Some offline changes did not apply"
        assert boxed.message == problem
        assert "error(s) wait" not in str(inbox.query_one("#shift-bar").render())
        for key in ("q", "enter", "space"):  # keys typed by accident do not close it
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is boxed
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ErrorModal)


async def test_a_background_error_waits_for_the_filter_being_typed(
        demo_setup: Callable[..., Setup]) -> None:
    """Typing in the queue's filter is typing too: the box waits until the focus leaves
    it; with nothing typed in, a box shows at once and enter still closes it."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        field: Any = inbox.query_one("#filter")
        field.focus()
        await settle(pilot)
        await pilot.press(*"wifi")
        inbox.say_problems("GitLab refused a kept write", ["Note on #1 refused."])
        await pilot.press(*" quiet")
        await pilot.pause(0.6)
        await settle(pilot)
        assert app.screen is inbox and field.value == "wifi quiet"
        inbox.queue.table.focus()  # the member leaves the filter
        await wait_until(pilot, lambda: isinstance(app.screen, ErrorModal),
                         what="the box once the filter is left")
        await settle(pilot)
        boxed = box(app)
        assert boxed.error_title == "GitLab refused a kept write"
        await pilot.press("escape")
        await settle(pilot)
        inbox.say_problems("Some offline changes did not apply", ["Tag not applied."])
        await settle(pilot)
        assert box(app).message == "Tag not applied."  # at once: nothing being typed
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is inbox
