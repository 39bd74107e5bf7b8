"""Driving the demo app in Pilot tests: wait for it to settle, open the demo's Wi-Fi report."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

WIFI_ID = "665bce744bdc41648bb1cc4246de2400"
"""The demo's RTL8723BE Wi-Fi report (a report row; an [FT] thread carries the same ID)."""


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the workers, the highlight debounce and what they post."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)


async def open_wifi_report(pilot: Pilot[None]) -> None:
    """Put the cursor on the demo's Wi-Fi report and wait for it to be shown."""
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    row = next(i for i, e in enumerate(table.rows)
               if e.report_id == WIFI_ID and e.kind.value == "report")
    table.move_cursor(row=row)
    await settle(pilot)


def demo_app(setup: Any) -> Any:
    """The app of a demo Setup with every service it has (actions, counting, releases,
    the auto-reply), as `hdtui --demo` builds it."""
    from hdtui.ui.app import HdtuiApp

    return HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions,
                    insight=setup.insight, releases=setup.releases,
                    autoreply=setup.autoreply)


def notifications(app: Any) -> str:
    """The text of every toast shown so far."""
    return " ".join(str(n.message) for n in app._notifications)
