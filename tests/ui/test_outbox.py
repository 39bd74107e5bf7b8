"""The outbox (ctrl+o) in the demo: kept drafts listed by what they are, opened again in the
editor and sent, or deleted after a confirmation; a skim opens none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.ui.screens.compose import REMOVED
from hdtui.ui.screens.outbox import OutboxScreen
from hdtui.wiring import Setup
from tests.support.compose_host import reply
from tests.support.demo_ui import WIFI_ID, demo_app, open_wifi_report, settle
from tests.support.pilot import said, screen_name
from tests.ui.test_actions import outbox_files, send_from_the_editor


async def keep_a_reply(pilot: Any) -> None:
    """r on the Wi-Fi report, then escape: the reply is kept."""
    await open_wifi_report(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert screen_name(pilot.app) == "ComposeScreen"
    await pilot.press("escape")
    await settle(pilot)
    assert "Draft kept" in said(pilot.app)


async def test_a_kept_reply_is_listed_opened_and_sent(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await keep_a_reply(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OutboxScreen)
        [line] = [str(o.prompt) for o in screen.query_one("#outbox-drafts").options]  # type: ignore[attr-defined]
        assert line.startswith("Reply to ") and WIFI_ID in line
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(app) == "ComposeScreen"
        assert not app.screen.query_one("#compose-gone").display  # its report is there
        await send_from_the_editor(pilot)
        assert "demo: NOT sent" in said(app)
        assert len(outbox_files()) == 1
        assert setup.actions is not None and setup.actions.drafts() == []


async def test_a_kept_draft_is_deleted_after_asking(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await keep_a_reply(pilot)
        for answer, left in (("n", 1), ("y", 0)):
            await pilot.press("ctrl+o")
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert screen_name(app) == "ConfirmScreen"
            await pilot.press(answer)
            await settle(pilot)
            assert setup.actions is not None and len(setup.actions.drafts()) == left
        assert "Deleted: Reply to" in said(app) and outbox_files() == []
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "Kept drafts (0)" in str(app.screen.query_one(".section-heading").render())


async def test_a_skim_lists_kept_drafts_but_opens_none(demo_setup: Callable[..., Setup]) -> None:
    normal = demo_setup()
    app = demo_app(normal)
    async with app.run_test(size=(120, 40)) as pilot:
        await keep_a_reply(pilot)
        await pilot.press("ctrl+t")  # a read-only skim from now on
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OutboxScreen) and len(app.screen.drafts) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(app) == "InboxScreen"
        assert "read-only skim: sending a kept draft is not allowed" in said(app)


async def test_the_outbox_lists_what_was_written_to_gitlab(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "Written to GitLab (0)" in str(app.screen.query_one(
            "#outbox-gitlab-heading").render())
        await pilot.press("escape")
        await open_wifi_report(pilot)
        await pilot.press("l")  # a link: a note on the issue, after asking
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OutboxScreen)
        heading = str(app.screen.query_one("#outbox-gitlab-heading").render())
        listed = str(app.screen.query_one("#outbox-gitlab").render())
        assert "Written to GitLab (1, newest first)" in heading
        assert f"link note on #19113: wb://{WIFI_ID}" in listed


async def test_changes_waiting_are_listed_by_report_id_never_by_internal_key(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.domain.marks import Mark, MarkChange

    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wifi_report(pilot)
        key = next(r.key for r in setup.triage.rows() if r.report_id == WIFI_ID)
        setup.triage.store.add_to_outbox(MarkChange(key, Mark.CLAIMED, True))
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OutboxScreen)
        shown = str(app.screen.query_one("#outbox-changes").render())  # type: ignore[attr-defined]
        assert f"set claimed: report {WIFI_ID}" in shown and key not in shown


async def test_a_kept_draft_whose_report_is_gone_says_so_when_opened_again(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    assert setup.actions is not None
    # Kept while its report was there; removed since by another member or client.
    setup.actions.keep(reply(report_key="INBOX/1/999999"))
    app = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OutboxScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert screen_name(app) == "ComposeScreen"
        gone = app.screen.query_one("#compose-gone")
        assert gone.display and REMOVED in str(gone.render())
