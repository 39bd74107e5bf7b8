"""No double answer, from the keyboard (issue #13, section 0), in the demo: r, f and F on
a report answered before ask first, and the question names what happened and when; a
report answered while the member was writing is said at send time, the draft kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import WIFI_ID, demo_app, open_wifi_report, settle
from tests.support.pilot import said, screen_name
from tests.ui.test_actions import outbox_files, send_from_the_editor

WHEN = re.compile(r"today at \d\d:\d\d")


def question(app: Any) -> tuple[str, str]:
    screen = app.screen
    assert isinstance(screen, ConfirmScreen), screen_name(app)
    return screen.confirm_title, str(screen.body)


async def test_r_on_a_report_replied_before_names_what_and_when_before_composing(
    demo_setup: Callable[..., Setup]
) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("r")
        await settle(pilot)
        await send_from_the_editor(pilot)
        assert len(outbox_files()) == 1
        await pilot.press("r")  # a second reply: asked first, before any editor
        await settle(pilot)
        title, body = question(app)
        assert title == "Done before: reply anyway?"
        assert "A reply was sent " in body and WHEN.search(body), body
        assert "(its copy is in the demo's outbox)" in body
        await pilot.press("n")  # no: nothing opens
        await settle(pilot)
        assert screen_name(app) != "ComposeScreen"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")  # yes: the editor, and the send is not asked twice
        await settle(pilot)
        await send_from_the_editor(pilot)
        assert len(outbox_files()) == 2


async def test_f_and_F_done_before_ask_first(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("F")
        await settle(pilot)
        await send_from_the_editor(pilot)
        await pilot.press("F")
        await settle(pilot)
        title, body = question(app)
        assert title == "Done before: raise another [FT] anyway?"
        assert "An [FT] message was sent " in body and WHEN.search(body), body
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("f")  # forwarding is not raising: no question, the form
        await settle(pilot)
        assert screen_name(app) == "ForwardFormScreen"


async def test_answered_while_writing_is_said_at_send_time_and_the_draft_is_kept(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert screen_name(app) == "ComposeScreen"
        row = next(r for r in setup.triage.rows() if r.report_id == WIFI_ID
                   and r.kind.value == "report")
        setup.triage.toggle_mark(row, Mark.REPLIED)  # meanwhile, another member replied
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # "Send this reply?"
        await settle(pilot)
        title, body = question(app)
        assert title == "Answered meanwhile: send anyway?"
        assert body.startswith("Not sent: since you started, it is marked replied")
        assert "Your draft is kept" in body
        await pilot.press("n")
        await settle(pilot)
        assert outbox_files() == [] and "Not sent" in said(app)
        assert setup.actions is not None
        assert setup.actions.kept(DraftKind.REPLY, row.key) is not None
