"""Hot topics says a new problem's reports before its weeks, on its row and in its detail,
as ``hdtui stats`` does (fix28e; docs/insight.md, "Session 28: a cluster's reports before
the window")."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.overview import overview
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from tests.support.pilot import wait_until
from tests.unit.test_insight_fix28a import _printer
from tests.unit.test_insight_new_problems import TODAY, others


async def test_a_cluster_says_its_reports_before_the_weeks_on_its_row_and_detail() -> None:
    queue = [*(_printer(n, days) for n, days in enumerate((40, 30, 20, 3))),
             *others(40, first=100)]
    view = overview(queue, [], TODAY, weeks=1)
    [cluster] = [c for c in view.clusters if "k3" in c.reports]
    assert cluster.earlier == ("k2", "k1", "k0")
    screen = HotTopicsScreen(lambda: view, dict, None, lambda: None)
    app: App[None] = App()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.view is not None and any(
            isinstance(i, Cluster) for i in screen.items))
        index = next(n for n, i in enumerate(screen.items) if isinstance(i, Cluster))
        row = str(screen.query_one(OptionList).get_option_at_index(index).prompt)
        assert f"{cluster.id}" in row and "1 report · 3 before · new" in row
        screen.query_one(OptionList).highlighted = index
        await wait_until(pilot, lambda: "before these weeks" in str(
            screen.query_one("#hot-detail").render()))
        detail = " ".join(str(screen.query_one("#hot-detail").render()).split())
        assert ("3 reports of it before these weeks, not counted here: this one is the "
                "same as those") in detail
