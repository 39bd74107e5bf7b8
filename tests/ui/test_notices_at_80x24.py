"""Notices at 80x24, the home size (docs/layouts.md, "Notices"): a confirmation is one
line over the status line and never covers the report the member reads; a warning or an
error keeps its box and its whole text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets._toast import Toast

from hdtui.ui.safe import notice_line
from hdtui.wiring import Setup
from tests.support.demo_ui import create_from_form, demo_app, open_wifi_report, settle
from tests.support.pilot import wait_until

HOME = (80, 24)


def toasts(app: Any) -> list[Toast]:
    return list(app.screen.query(Toast))


def notifying_app(demo_setup: Callable[..., Setup]) -> Any:
    """The demo's app, its toasts shown however long a loaded machine takes."""
    app = demo_app(demo_setup())
    app.NOTIFICATION_TIMEOUT = 60
    return app


def screen_lines(app: Any) -> list[str]:
    """The screen's rows as the terminal shows them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_issue_created_leaves_the_report_on_screen(
    demo_setup: Callable[..., Setup]
) -> None:
    app = notifying_app(demo_setup)
    async with app.run_test(size=HOME, notifications=True) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("enter")  # 80x24: the report, full-screen
        await settle(pilot)
        report = app.screen.query_one("#report")
        status = app.screen.query_one("#status-line")
        before = screen_lines(app)
        await pilot.press("I")
        await settle(pilot)
        if type(app.screen).__name__ == "PickScreen":  # a confident match is offered first
            await pilot.press("down", "enter")
            await settle(pilot)
        await create_from_form(pilot)
        assert type(app.screen).__name__ == "InboxScreen"
        def created() -> list[Toast]:
            return [t for t in toasts(app) if "Issue created" in t._notification.message]

        await wait_until(pilot, lambda: bool(created()), what="the confirmation")
        await settle(pilot)
        (toast,) = created()
        # The report's lines as they were, the notice over the status line alone.
        after = screen_lines(app)
        rows = range(report.region.y, report.region.bottom)
        assert [after[y] for y in rows] == [before[y] for y in rows]
        assert not toast.region.overlaps(report.region)
        assert toast.region.height == 1 and toast.region.y == status.region.y
        assert "Issue created · Created #" in after[status.region.y]


async def test_a_warning_and_an_error_keep_their_box_and_whole_text(
    demo_setup: Callable[..., Setup]
) -> None:
    app = notifying_app(demo_setup)
    async with app.run_test(size=HOME, notifications=True) as pilot:
        await settle(pilot)
        long = "The issue could not be created: GitLab answered 500. " * 3
        app.notify(long, title="GitLab", severity="error", timeout=30)
        app.notify("Still counting.", severity="warning")
        await settle(pilot)
        boxes = {t._notification.severity: t for t in toasts(app)}
        error, warning = boxes["error"], boxes["warning"]
        assert error._notification.message == long and error._notification.timeout == 30
        assert error._notification.title == "GitLab"
        assert error.region.height > 3 and warning.region.height > 1
        status = app.screen.query_one("#status-line")
        assert max(error.region.bottom, warning.region.bottom) <= status.region.y


def test_a_notice_line_joins_title_and_lines() -> None:
    assert notice_line("Issue created", "Created #1 t\n\n2 linked.\n") == \
        "Issue created · Created #1 t · 2 linked."
    assert notice_line("", "one\ttab") == "one tab"
    assert "\x1b" not in notice_line("", "\x1b[31mred")  # mail text stays data
