"""Failures are shown by their class (hdtui/ui/failures.py): the reconnect banner for a
server out of reach, a warning for a refused write or a conflict, a dialog otherwise; a
bug in a flow is a dialog naming its type and place, never its text, and never silence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hdtui.domain.compose import ComposeError
from hdtui.errors import (
    ConflictError,
    ConnectionLost,
    HdtuiError,
    LoginRefused,
    ReadOnlyError,
    ServerUnreachable,
    SourceError,
)
from hdtui.ui.failures import failure_message, is_warning
from hdtui.ui.messages import ActionFailed, Offline
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle


@pytest.mark.parametrize("error", [ServerUnreachable("no route"), ConnectionLost("dropped")])
def test_a_server_out_of_reach_is_the_reconnect_banner(error: HdtuiError) -> None:
    # The title says nothing: a class decides (a renamed title once broke this).
    error.title = "Something else"
    message = failure_message(error)
    assert isinstance(message, Offline) and message.reason == error.message


@pytest.mark.parametrize(("error", "warning"), [
    (LoginRefused("wrong password"), False),
    (SourceError("Connection lost", "Connection lost"), False),  # a title is not a class
    (ReadOnlyError("skim"), True),
    (ConflictError("faster"), True),
    (HdtuiError("other"), False),
])
def test_other_errors_are_a_dialog_or_a_warning(error: HdtuiError, warning: bool) -> None:
    message = failure_message(error)
    assert isinstance(message, ActionFailed) and message.error is error
    assert is_warning(error) is warning


def test_a_draft_that_cannot_be_built_and_a_bug_are_dialogs() -> None:
    built = failure_message(ComposeError("no contact address"))
    assert isinstance(built, ActionFailed)
    assert built.error.title == "Cannot write this message"
    assert built.error.message == "no contact address"
    try:
        raise KeyError("secret-from-a-message")
    except KeyError as error:
        bug = failure_message(error)
    assert isinstance(bug, ActionFailed) and bug.error.title == "Action failed"
    assert "KeyError at test_failures.py:" in bug.error.message
    assert "secret" not in bug.error.message


async def test_a_bug_in_a_flow_is_shown_not_dropped(demo_setup: Callable[..., Setup],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from hdtui.ui.screens.error import ErrorModal

    setup = demo_setup()
    assert setup.actions is not None

    def broken(key: str) -> None:
        raise RuntimeError("secret-in-the-exception")

    monkeypatch.setattr(setup.actions, "outcome", broken)
    app = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ErrorModal), type(screen).__name__
        assert screen.error_title == "Action failed"
        assert "RuntimeError at test_failures.py:" in screen.message
        assert "secret-in-the-exception" not in screen.message


async def test_the_same_failure_again_is_one_box_not_a_stack(
        demo_setup: Callable[..., Setup]) -> None:
    from hdtui.ui.screens.error import ErrorModal
    from hdtui.ui.screens.inbox import InboxScreen

    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wifi_report(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        for _ in range(3):  # a worker failing again and again for one cause
            inbox.post_message(ActionFailed(SourceError("The CA file is wrong", "Bad CA")))
        inbox.post_message(ActionFailed(SourceError("Another cause", "Bad CA")))
        await settle(pilot)
        boxes = [s for s in app.screen_stack if isinstance(s, ErrorModal)]
        assert [b.message for b in boxes] == ["The CA file is wrong", "Another cause"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is inbox
