"""The report pane's link dialog at 80x24 for a report on a version no release has
(walk24b's item 2): it says what the hot topics' ``l`` preview says of such a report, and
that linking it does not make it counted (docs/insight.md, "Session 24: a report's own
day, and three more count defects")."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from hdtui.ui.app import HdtuiApp
from hdtui.wiring import Setup
from tests.support.demo_ui import WIFI_ID, open_wifi_report, settle


def _shown(app: HdtuiApp) -> str:
    body = app.screen.query_one("#confirm-body")
    lines = [strip.text.rstrip() for strip in body.render_lines(body.region.reset_offset)]
    return " ".join(" ".join(lines).split())


async def test_the_link_dialog_says_a_report_claims_a_version_no_release_has(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app = HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        screen: object = app.screen
        insight = screen.insight_service()  # type: ignore[attr-defined]
        await asyncio.to_thread(insight.facts)
        [key] = [k for k, (_, _, f) in insight._facts.items()
                 if f.report_id == WIFI_ID and f.kind == "report"]
        size, fingerprint, facts = insight._facts[key]
        await pilot.press("l")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "no release has" not in _shown(app)  # its own version: said as before
        await pilot.press("n")
        await settle(pilot)
        insight._facts[key] = (size, fingerprint, replace(facts, version="9.9"))
        await pilot.press("l")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        said = _shown(app)
        assert f"{WIFI_ID} claims Tails 9.9, which no release has: the report may be " \
            "forged. Linked, it is still not counted." in said, said
        assert "A note citing" in said  # the rest is still there at 80x24
