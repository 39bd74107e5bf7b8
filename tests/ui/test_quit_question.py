"""Quitting a normal shift asks about the hand-off note: escape stays (it quit before,
while the dialog's line of keys said "n or escape: no"), n quits without a note, and that
line says which key does what (docs/shift.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.ui.screens.inbox import InboxScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle


async def ask_to_quit(app: Any, pilot: Any) -> None:
    """Press q on the queue (past the shift-start screen): the quit question opens."""
    await settle(pilot)
    if not isinstance(app.screen, InboxScreen):  # the shift-start screen
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("q")
    await settle(pilot)


async def test_escape_stays_and_n_quits_without_a_note(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app: Any = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_quit(app, pilot)
        assert "hand-off note before you go" in str(
            app.screen.query_one("#confirm-title").render())
        keys = str(app.screen.query_one("#confirm-keys").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert app.return_code is None and app.is_running
        assert not setup.actions.shift.handed_off
        assert "n: quit without one" in keys and "escape: stay" in keys
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, InboxScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.return_code == 0


async def test_the_line_of_keys_follows_the_keymap(demo_setup: Callable[..., Setup]) -> None:
    """A keymap that binds the answers elsewhere: the line says those keys, not the
    defaults it was written with."""
    from hdtui.ui.app import HdtuiApp

    setup = demo_setup()
    app: Any = HdtuiApp(setup.triage, {"quit-without-note": "x", "stay-not-quit": "escape,s"},
                        "mine", setup.label, actions=setup.actions, insight=setup.insight,
                        releases=setup.releases, autoreply=setup.autoreply)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_quit(app, pilot)
        keys = str(app.screen.query_one("#confirm-keys").render())
        assert keys == ("y or enter: write it, then quit · x: quit without one · "
                        "escape or s: stay"), keys
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_the_question_and_the_note_name_the_claims_still_held(
    demo_setup: Callable[..., Setup]
) -> None:
    """walk22: quitting with claims held said nothing of them and the note's "What is
    left" read "(nothing)". Now the question counts them and the note lists each."""
    from hdtui.ui.screens.handoff import HandoffScreen
    from hdtui.ui.widgets.queue_table import QueueTable

    setup = demo_setup()
    app: Any = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask_to_quit(app, pilot)
        body = str(app.screen.query_one("#confirm-body").render())
        assert "claim" not in body  # none held yet
        await pilot.press("escape")
        await settle(pilot)
        row = app.screen.query_one(QueueTable).current
        assert row is not None
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        body = str(app.screen.query_one("#confirm-body").render())
        assert "You still hold 1 claim:" in body, body
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        text = app.screen.query_one("#handoff-text").text
        left = text.split("What is left:", 1)[1].split("What to watch:", 1)[0]
        assert f"- still claimed by me: {row.described}" in left, text
        await pilot.press("escape")
        await settle(pilot)
