"""Driving the demo app in Pilot tests: open the demo's Wi-Fi report, build the app."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.support.pilot import notifications, said, settle, wait_until

__all__ = ["WIFI_ID", "create_from_form", "demo_app", "fill_placeholders", "notifications",
           "open_wifi_report", "settle"]

WIFI_ID = "665bce744bdc41648bb1cc4246de2400"
"""The demo's RTL8723BE Wi-Fi report (a report row; an [FT] thread carries the same ID)."""


async def open_wifi_report(pilot: Pilot[None]) -> None:
    """Put the cursor on the demo's Wi-Fi report and wait for it to be shown."""
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    row = next(i for i, e in enumerate(table.rows)
               if e.report_id == WIFI_ID and e.kind.value == "report")
    table.move_cursor(row=row)
    await settle(pilot)


async def fill_placeholders(pilot: Pilot[None], form: Any) -> str:
    """Fill the issue form's TODO placeholders as a member does (the title's symptom, the
    feedback section): the form refuses to create an issue still holding them. Returns
    the title."""
    from hdtui.domain.issue_draft import FEEDBACK_PLACEHOLDER, TITLE_SYMPTOM

    title = form.query_one("#issue-title")
    title.value = title.value.replace(TITLE_SYMPTOM, "no sound at all")
    area = form.query_one("#issue-description")
    area.text = area.text.replace(FEEDBACK_PLACEHOLDER, "Please try a nightly image.")
    await settle(pilot)
    return str(title.value)


async def create_from_form(pilot: Pilot[None], fill: bool = True) -> None:
    """In the issue form: the TODO placeholders filled (unless the test did already),
    preview, create (y, and y again when an address is in the text), then wait for the
    confirmation."""
    app: Any = pilot.app
    assert type(app.screen).__name__ == "IssueFormScreen"
    if fill:
        await fill_placeholders(pilot, app.screen)
    for key in ("ctrl+s", "y"):
        await pilot.press(key)
        await settle(pilot)
    if type(app.screen).__name__ == "IssueFormScreen":
        await pilot.press("y")  # the form asked again: an address is in the text
        await settle(pilot)
    await wait_until(pilot, lambda: "Created #" in said(app), timeout=30,
                     what=f"the issue created ({type(app.screen).__name__}: {said(app)})")
    await settle(pilot)


def demo_app(setup: Any) -> Any:
    """The app of a demo Setup with every service it has (actions, counting, releases,
    the auto-reply), as `hdtui --demo` builds it."""
    from hdtui.ui.app import HdtuiApp

    return HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions,
                    insight=setup.insight, releases=setup.releases,
                    autoreply=setup.autoreply)
