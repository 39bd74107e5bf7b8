"""Lists cut in the weekly Markdown and `hdtui stats`' text say how many more there are
(review27c: the new problems and the issues with possible reports only were cut at 10 and
15 with nothing said; docs/insight.md, "Session 27: walkfix27b")."""

from __future__ import annotations

from dataclasses import replace

from hdtui.domain.insight.overview import Overview, overview
from hdtui.domain.weekly import markdown
from hdtui.stats import text
from tests.unit.test_insight_new_problems import RELEASES, TODAY, others
from tests.unit.test_insight_walk26 import MAC, demo_fact


def _many(count: int) -> Overview:
    """An overview of ``count`` new problems and ``count`` issues with possible reports
    only (copies of one of each, renamed)."""
    macs = [demo_fact(n + 1, MAC[13 if n < 5 else 14], 3 + 5 * n, likely=(13576,),
                      version="7.7" if n % 2 else "7.6.2") for n in range(8)]
    macs += [demo_fact(9 + i, MAC[15], d, possible=13576, summary="x",
                       problem="keyboard works in macos, dead in tails")
             for i, d in enumerate((2, 12, 6))]
    view = overview(macs + others(30), [], TODAY, RELEASES)
    # The issue's possible reports made its own (a cluster holding them lists them since
    # lang28, not the issue).
    cluster = view.clusters[0]
    issue = replace(view.stats[13576], possible=tuple(
        f for f in view.facts if f.key in {"k9", "k10", "k11"}))
    return replace(view, clusters=tuple(replace(cluster, id=f"C-{n:06x}")
                                        for n in range(count)),
                   hot=tuple(replace(issue, iid=90000 + n, per_week=(0,) * len(issue.per_week),
                                     likely=(), confirmed=()) for n in range(count)))


def test_the_weekly_says_how_many_more_new_problems_and_possible_only_issues() -> None:
    md = markdown(_many(14), {})
    top = md.split("## Top issues")[1].split("\n## ")[0]
    new = md.split("## New problems")[1].split("\n## ")[0]
    assert new.count("- `C-") == 10 and "- and 4 more new problems" in new
    assert "- and 4 more issues with possible reports only" in top
    short = markdown(_many(10), {})
    # (the list's heading says "possible reports only" too, since walk28: the cut line)
    assert "more new problems" not in short and "more issues with possible reports only" \
        not in short


def test_stats_text_says_how_many_more_new_problems_and_possible_only_issues() -> None:
    said = text(_many(18), {}, 0.1)
    assert "and 3 more new problems (--json lists them all)" in said
    assert "and 3 more issues with possible reports only (--json lists them all)" in said
    assert "more new problems" not in text(_many(15), {}, 0.1)
