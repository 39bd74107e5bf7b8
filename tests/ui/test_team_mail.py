"""Team mail in the demo: r is a plain reply to the sender, quoting it, with no standard
reply; i writes the report IDs of the issue the mail is about, after showing the note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.domain.mail import Kind
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.wiring import Setup
from tests.support.demo_ui import WIFI_ID, demo_app, open_wifi_report, settle
from tests.support.pilot import said
from tests.ui.test_actions import notes_file

REQUEST = "Help Desk: please count RTL8723BE Wi-Fi reports since 7.5"
"""The demo's team mail asking for report IDs on tails#19113."""


async def open_request(pilot: Any) -> None:
    """Put the cursor on the Foundations Team's request and wait for it to be shown."""
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                               if e.kind is Kind.TEAM and e.line.startswith(REQUEST)))
    await settle(pilot)


async def test_r_on_team_mail_is_a_plain_reply_to_its_sender(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_request(pilot)
        assert app.screen.query_one(ReplyList).choices == []  # no user reply offered
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        draft = screen.draft
        assert draft.to == ("foundations@tails.net",)
        assert draft.subject == f"Re: {REQUEST}"
        assert "> Please reply on the issue (not on this list) with report IDs only, no" \
            in draft.body
        assert draft.body.lstrip().startswith("foundations@tails.net wrote:")


async def test_i_writes_the_linked_report_ids_on_the_issue_after_a_preview(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("l")  # the Wi-Fi report, linked to its best match, #19113
        await settle(pilot)
        await pilot.press("y")  # l asks first
        await settle(pilot)
        assert "Linked to #19113" in said(app)
        await open_request(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert screen.confirm_title == "Write this note on issue #19113?"
        shown = str(screen.body)
        assert "named in the mail" in shown and f"- {WIFI_ID}" in shown
        await pilot.press("n")  # nothing written
        await settle(pilot)
        assert "Nothing was written." in said(app)
        assert "WhisperBack report linked" not in notes_file()
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Note written on #19113 (demo: in the local notes file, not GitLab)" \
            in said(app)
        assert "The WhisperBack report linked to this issue" in notes_file()
        assert setup.actions is not None
        assert [w.kind.value for w in setup.actions.gitlab_writes()] == ["note", "link"]


async def test_i_in_a_skim_still_reports_back(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup(read_only=True)
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_request(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "No WhisperBack report is linked to this issue yet" in notes_file()


async def test_i_on_a_mail_naming_no_issue_takes_the_issues_pane(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)  # names no issue; its best match is #19113
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert "under the cursor of the issues pane" in str(screen.body)
