"""Notices at 80x24, the home size (docs/layouts.md, "Notices"): a confirmation is a band
over the status line, its whole text in three lines at most, never a box over the report
the member reads nor over a dialog's border; a warning or an error keeps its box and its
whole text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets._toast import Toast

from hdtui.ui.safe import notice_line
from hdtui.wiring import Setup
from tests.support.demo_ui import create_from_form, demo_app, open_wifi_report, settle
from tests.support.pilot import wait_until
from tests.ui.test_kept_forms import app_of

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
        # At the screen's bottom, over the footer and the status line: its whole text.
        assert toast.region.bottom == 24 and toast.region.height <= 2
        assert toast.region.y >= status.region.y
        assert toast_text(app, toast).startswith("Issue created · Created #")
        assert toast_text(app, toast).endswith("1 report(s) linked.")


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


REVIEWED = [
    # The confirmations session 23's review found cut at 80 columns, what to do next lost.
    ("Choose a reply", "None fits well enough to take without asking (see "
     "why on each). Choose one here: enter previews it, r there replies with it."),
    ("Draft kept", "Not sent. Your draft is kept: the same key opens it again; ctrl+o lists "
     "kept drafts."),
    ("", "Read-only skim: no answer is sent and nothing in the mailbox changes; new problems "
     "can still be reported back (I issue, A alert)."),
    ("Kept", "A personal note you were writing: offered again at the next start."),
    ("Shift start", "Start of shift: not opened over what you opened; S in the queue opens "
     "it."),
    ("Held posts", "approved: 3 sent to Mailman; its answer shows on each notice.\n1 kept "
     "in the outbox (ctrl+o), not sent: Mailman could not be reached"),
]


def toast_text(app: Any, toast: Toast) -> str:
    """What the terminal shows of a toast, its lines joined, spaces folded."""
    lines = screen_lines(app)
    region = toast.region
    return " ".join(" ".join(lines[y][region.x:region.right].replace("▌", " ").split())
                    for y in range(region.y, region.bottom)).strip()


async def test_a_confirmation_is_read_whole_in_two_lines_at_most(
    demo_setup: Callable[..., Setup]
) -> None:
    app = notifying_app(demo_setup)
    async with app.run_test(size=HOME, notifications=True) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status-line")
        for title, text in REVIEWED:
            app.clear_notifications()
            app.notify(text, title=title)
            await settle(pilot)
            (toast,) = toasts(app)
            # Whole (main cut each to one line ending in "…"), over the status line.
            assert toast_text(app, toast) == notice_line(title, text)
            assert toast.region.height <= 2 and toast.region.width == 80
            assert toast.region.bottom == 24 and toast.region.y >= status.region.y


async def test_a_confirmation_over_a_dialog_stays_inside_its_border(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.screens.shift_start import ShiftStartScreen

    app = app_of(demo_setup(), shift_start=True)
    app.NOTIFICATION_TIMEOUT = 60
    async with app.run_test(size=HOME, notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ShiftStartScreen), timeout=30)
        await settle(pilot)
        before = screen_lines(app)
        title, text = REVIEWED[3]
        app.notify(text, title=title)
        await settle(pilot)
        (toast,) = toasts(app)
        dialog = app.screen.query_one(".dialog").region
        region = toast.region
        assert toast_text(app, toast) == notice_line(title, text)
        assert dialog.x < region.x and region.right < dialog.right
        assert dialog.y < region.y and region.bottom < dialog.bottom
        after = screen_lines(app)  # the border's columns and last row as they were
        assert [(line[0], line[-1]) for line in after] == [(line[0], line[-1])
                                                            for line in before]
        assert after[dialog.bottom - 1] == before[dialog.bottom - 1]
