"""Walk26's findings about kept forms (docs/store.md, "Forms kept through a hang-up"):
one "Not now" says "Kept" once, and leaving says a form still kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hdtui.domain.kept_form import FormKind, KeptForm
from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.screens.shift_start import ShiftStartScreen
from hdtui.wiring import Setup
from tests.support.pilot import said_each, settle, shown, wait_until
from tests.ui.test_kept_forms import OFFER, app_of, offered
from tests.ui.test_leave_keys import left

NOTE = KeptForm(FormKind.HANDOFF, text="What I did:\nthe Macs")
"""The hand-off note kept when the member last left."""


def with_kept_note(demo_setup: Callable[..., Setup], shift_start: bool = False
                   ) -> tuple[Setup, HdtuiApp]:
    """The demo with ``NOTE`` kept, and its app (not started)."""
    setup = demo_setup()
    setup.triage.store.keep_form(NOTE)
    return setup, app_of(setup, shift_start=shift_start)


async def at_the_offer(app: HdtuiApp, pilot: Any) -> None:
    await wait_until(pilot, lambda: offered(app) == OFFER, timeout=30,
                     what="the offer of the kept note")


def kept_toasts(app: HdtuiApp) -> int:
    return sum(1 for n in said_each(app) if "offered again at the next start" in
               str(n.message))


async def test_one_not_now_on_the_kept_hand_off_note_says_kept_once(
        demo_setup: Callable[..., Setup]) -> None:
    """Walk26: "Kept · A hand-off note you were writing: offered again at the next start."
    showed twice after one "Not now"."""
    _, app = with_kept_note(demo_setup, shift_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_offer(app, pilot)
        await pilot.press("down", "enter")  # not now
        await wait_until(pilot, lambda: not isinstance(app.screen, PickScreen))
        await shown(pilot, ShiftStartScreen, "the shift start", timeout=30)
        await settle(pilot)
        kept = kept_toasts(app)
    assert kept == 1


async def test_a_kept_form_answered_is_not_offered_again_in_the_same_session(
        demo_setup: Callable[..., Setup]) -> None:
    """The offer made a second time in one session (its services delivered again) asked
    again, and a second "Not now" said "Kept" twice: a form answered is offered once a
    session, at the next start again."""
    setup, app = with_kept_note(demo_setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_offer(app, pilot)
        inbox = app.screen_stack[-2]
        await pilot.press("down", "enter")  # not now
        await wait_until(pilot, lambda: not isinstance(app.screen, PickScreen))
        app._offer_kept_forms(inbox)  # type: ignore[arg-type]
        for _ in range(5):
            await settle(pilot)
            assert not isinstance(app.screen, PickScreen)
        kept = kept_toasts(app)
    assert kept == 1
    assert setup.triage.store.kept_forms() == [NOTE]


@pytest.mark.parametrize("answer", [("down", "enter"), ("ctrl+c",)])
async def test_leaving_with_a_kept_form_still_kept_says_it_waits(
        demo_setup: Callable[..., Setup], capsys: Any, answer: tuple[str, ...]) -> None:
    """Walk26: ctrl+c on the "open it?" offer, or leaving after "Not now", printed no line
    that a kept form still waits, where a form left while typing is said."""
    from hdtui.cli import keep_unsaved, tell_what_waits

    setup, app = with_kept_note(demo_setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_the_offer(app, pilot)
        await pilot.press(*answer)
        if answer[0] != "ctrl+c":
            await wait_until(pilot, lambda: not isinstance(app.screen, PickScreen))
            await pilot.press("ctrl+q")
        await left(app, pilot)
    keep_unsaved(setup, app)  # as run_tui does, then says what waits
    tell_what_waits(setup, app)
    assert capsys.readouterr().err.splitlines() == [
        "hdtui: still kept from before: a hand-off note (offered at the next start)."]
