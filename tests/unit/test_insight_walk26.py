"""What walk26 (a member's week on main 1c0be8b0) found wrong in the counts, built in the
pure domain from the walk25 queue's builders and the demo's machines (docs/insight.md,
"Session 26: what walk26 counted wrong")."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import Clustering, Overview, overview
from hdtui.domain.weekly import as_data, markdown
from hdtui.stats import _json, text
from tests.unit.test_insight_new_problems import RELEASES, TODAY
from tests.unit.test_insight_walk25 import walk_queue


def _ahead(chosen: list[ReportFacts], day: date, weeks: int, away: frozenset[str]
           ) -> Callable[[], list[Cluster]]:
    """``hdtui stats``'s child clustering, here in this process."""
    found = clusters(chosen, day, weeks, away)
    return lambda: found


def test_stats_json_weighs_regressions_by_the_clusters_as_the_text_does() -> None:
    """Walk26's defect 1: `stats --json` listed "USB device ...: 6 reports on 7.7" and a
    GPU's "7 reports" made of the portal, printer, reader and sound reports, while the
    text, the Markdown and hot topics said none: the JSON's view was made before its
    clusters (written while a child makes them), so the reports were weighed by no
    cluster. Every output weighs them with the clusters."""
    queue = walk_queue()

    def view_of(clustering: Clustering | None) -> Overview:
        return overview(queue, [], TODAY, RELEASES, clustering=clustering)

    data = json.loads("".join(_json(view_of, {}, 0.0, _ahead)))
    view = view_of(None)
    assert view.clusters and view.regressions == ()
    assert "regression" not in text(view, {}, 0.0)
    assert "None flagged on 7.7." in markdown(view, {})
    assert data["regressions"] == as_data(view, {})["regressions"] == []
    # The case is one: weighed by no cluster, the queue's USB controller rises.
    unweighed = overview(queue, [], TODAY, RELEASES, clustering=lambda *_: list)
    assert unweighed.regressions
