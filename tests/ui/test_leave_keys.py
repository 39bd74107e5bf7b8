"""ctrl+q and ctrl+c leave hdtui from every screen (walk25's defect 7: they did nothing
in the hand-off form, a form with an error waiting, the held error box and the shift-start
screen, though docs/keys.md says they always leave). What was typed is kept as at a
hang-up, the offer at the next start says the member left, and the errors not read are
handed to the caller to print (docs/keys.md, "Leaving")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.cli import keep_unsaved
from hdtui.domain.kept_form import FormKind
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.error import ErrorModal, show_error, waiting
from hdtui.ui.screens.handoff import HandoffScreen
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.screens.shift_start import ShiftStartScreen
from hdtui.wiring import Setup
from tests.support.pilot import settle, shown, wait_until
from tests.ui.test_kept_forms import app_of, open_form


async def left(app: HdtuiApp, pilot: Any) -> None:
    """Wait until the app has ended (a quit returns code 0)."""
    await wait_until(pilot, lambda: app.return_code is not None or not app.is_running,
                     timeout=10, what=f"hdtui left ({type(app.screen).__name__} on screen)")


async def test_ctrl_q_in_the_hand_off_form_leaves_and_keeps_the_note_as_typed(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = app_of(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "E", HandoffScreen)
        await pilot.press(*"Left by ctrl+q. ")
        await pilot.press("ctrl+q")
        await left(app, pilot)
    assert app.return_code == 0
    [kept] = app.unsaved_forms
    assert kept.kind is FormKind.HANDOFF and kept.left and not kept.crashed
    assert kept.text.startswith("Left by ctrl+q. ")
    keep_unsaved(setup, app)
    kept = setup.triage.store.kept_forms()
    assert kept == app.unsaved_forms
    assert kept[0].offer() == ("You were writing a hand-off note when you left hdtui "
                               "(ctrl+q or ctrl+c): open it?")


async def test_ctrl_c_leaves_the_shift_start_screen(demo_setup: Callable[..., Setup]) -> None:
    app = app_of(demo_setup(), shift_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ShiftStartScreen),
                         timeout=30, what="the shift-start screen")
        await settle(pilot)
        await pilot.press("ctrl+c")
        await left(app, pilot)
    assert app.return_code == 0
    assert app.unsaved_forms == [] and app.errors_open == []


async def test_ctrl_q_with_an_error_waiting_in_a_form_leaves_and_hands_the_error_over(
        demo_setup: Callable[..., Setup]) -> None:
    app = app_of(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "E", HandoffScreen)
        await pilot.press(*"x")
        show_error(app, "Not saved", "The team folder is read-only.")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)  # the box waits for the form
        await pilot.press("ctrl+q")
        await left(app, pilot)
    # Held for the form: said on exit by tell_waiting_errors (below, and in run_tui).
    assert waiting(app) == [("Not saved", "The team folder is read-only.")]
    assert app.errors_open == []
    assert [form.kind for form in app.unsaved_forms] == [FormKind.HANDOFF]


async def test_ctrl_q_leaves_the_held_error_box_once_it_opens(
        demo_setup: Callable[..., Setup]) -> None:
    """The box opened after a form closed takes escape only: ctrl+q still leaves."""
    app = app_of(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "E", HandoffScreen)
        show_error(app, "Not saved", "The team folder is read-only.")
        await pilot.press("escape")  # the form closes: the held box opens
        # Shown (mounted) before the key: an enter reaching it before then would not
        # test its bindings.
        await shown(pilot, ErrorModal, "the held error box")
        await pilot.press("enter")  # taken from the close binding (escape only)
        await settle(pilot)
        assert isinstance(app.screen, ErrorModal)
        await pilot.press("ctrl+q")
        await left(app, pilot)
    assert app.return_code == 0
    assert app.errors_open == [("Not saved", "The team folder is read-only.")]


async def test_ctrl_c_with_text_selected_in_a_form_copies_and_stays(
        demo_setup: Callable[..., Setup]) -> None:
    app = app_of(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "E", HandoffScreen)
        area: Any = app.screen.query_one("#handoff-text")
        area.select_all()
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HandoffScreen)
        assert app.clipboard == area.text
        area.select_line(0)
        area.move_cursor((0, 0))  # nothing selected: ctrl+c leaves
        await settle(pilot)
        await pilot.press("ctrl+c")
        await left(app, pilot)
    assert app.return_code == 0


async def test_ctrl_q_given_to_quit_by_a_keymap_still_leaves_a_form(
        demo_setup: Callable[..., Setup]) -> None:
    """``"quit" = "ctrl+q"`` (the keymap checks allow it) took the key from the leaving
    binding, and quit is heard on the main screen only."""
    app = app_of(demo_setup())
    app.keymap = {"quit": "ctrl+q"}  # applied as the app mounts
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        await open_form(pilot, "E", HandoffScreen)
        await pilot.press("ctrl+q")
        await left(app, pilot)
    assert app.return_code == 0


async def test_the_quit_prints_the_refused_writes_and_what_was_kept(
        demo_setup: Callable[..., Setup], capsys: Any) -> None:
    """Once the screen is gone (``hdtui.cli.run_tui``): the refused GitLab writes, what was
    typed and where it is kept, and the errors not read, one line each on stderr."""
    import time

    from hdtui.cli import tell_waiting_errors, tell_what_waits
    from hdtui.domain.gitlab_write import PendingWrite, WriteKind, WriteState

    setup = demo_setup()
    for n in range(9):
        setup.triage.store.keep_gitlab_pending(PendingWrite(
            f"w{n}", WriteKind.LINK, 13576, time.time(), reference=f"wb://{n:032x}",
            received="2026-12-01").failed(WriteState.REFUSED, "403 Forbidden", time.time()))
    app = app_of(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "E", HandoffScreen)
        await pilot.press(*"x")
        show_error(app, "Not saved", "The team folder is read-only.")
        await pilot.press("ctrl+q")
        await left(app, pilot)
    tell_waiting_errors(app)  # as run_tui says them
    tell_what_waits(setup, app)
    printed = capsys.readouterr().err.splitlines()
    assert printed == [
        "hdtui: an error waited while you typed and was never shown: Not saved: The team "
        "folder is read-only.",
        "hdtui: 9 GitLab writes refused by GitLab are still in the outbox: open it with "
        "ctrl+o at the next start to copy, retry (r) or drop (x) them.",
        "hdtui: kept what you were typing: a hand-off note (offered at the next start)."]
