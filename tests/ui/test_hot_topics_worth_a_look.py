"""Hot topics says a week worth a look (flags25): possible reports in no cluster that fill a
known issue's week to the threshold, on its row and in its detail, never as a flag
(docs/insight.md, "Session 25: weeks worth a look")."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList

from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.links import IssueLink
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from tests.support.pilot import wait_until
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact


async def test_a_week_worth_a_look_is_said_on_the_row_and_in_the_detail() -> None:
    linked = fact(1, 10, product="Laptop 1")
    possible = [fact(n, days, possible=16926, product=f"Machine {n}")
                for n, days in ((2, 9), (3, 12))]
    view = overview([linked, *possible], [IssueLink(16926, linked.reference, TODAY)], TODAY,
                    RELEASES)
    assert view.stats[16926].look_weeks
    screen = HotTopicsScreen(lambda: view, dict, None, lambda: None)
    app: App[None] = App()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.view is not None and any(
            isinstance(i, IssueStats) and i.look_weeks for i in screen.items))
        row = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "#16926" in row and "worth a look" in row and "⚑" not in row
        await wait_until(pilot, lambda: "Worth a look" in str(
            screen.query_one("#hot-detail").render()))
        detail = " ".join(str(screen.query_one("#hot-detail").render()).split())
        assert ("Worth a look (not flagged): 1 linked + 2 possible in the week of "
                "2026-11-24.") in detail
        assert "Reached the threshold" not in detail
