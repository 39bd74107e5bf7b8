"""Acting from the keyboard in the demo: link a report to a known issue, see the count,
and the same keys refused in a read-only skim. The demo's tracker is a local file, so
this runs the real services end to end with nothing leaving the machine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from hdtui.cli import Setup
from hdtui.config import cache_dir
from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.issue_list import IssueList

WIFI_ID = "665bce744bdc41648bb1cc4246de2400"


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)


def app_for(setup: Setup) -> HdtuiApp:
    return HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)


async def open_wifi_report(pilot: Pilot[None]) -> None:
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    row = next(i for i, e in enumerate(table.rows)
               if e.report_id == WIFI_ID and e.kind.value == "report")
    table.move_cursor(row=row)
    await settle(pilot)


def notes_file() -> str:
    path = cache_dir() / "demo" / "known_issues-notes.json"
    return path.read_text() if path.exists() else ""


def notifications(app: HdtuiApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_link_key_writes_one_note_and_shows_the_count(
    demo_setup: Callable[..., Setup]
) -> None:
    app = app_for(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        issues = app.screen.query_one(IssueList)
        best = issues.matches[0].issue.iid
        assert best not in issues.linked
        await pilot.press("l")
        await settle(pilot)
        assert f"Linked to #{best}" in notifications(app)
        assert best in issues.linked and issues.counts[best].total == 1
        assert f"wb://{WIFI_ID}" in notes_file()
        await pilot.press("l")
        await settle(pilot)
        assert f"Already linked to #{best}" in notifications(app)
        assert notes_file().count(f"wb://{WIFI_ID}") == 1


async def test_a_skim_refuses_to_link(demo_setup: Callable[..., Setup]) -> None:
    app = app_for(demo_setup(read_only=True))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert "read-only skim" in notifications(app)
        assert WIFI_ID not in notes_file()
