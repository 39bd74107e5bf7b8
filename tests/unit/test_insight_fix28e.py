"""A new problem says its reports before the window, as an issue says its likely ones
(fix28e): `stats --weeks 1` on the demo said `C-16e7a0 █ 1 report, 1 this week: same
journal error …` of a 4-report problem with 3 reports the week before, and "same" of one
report; and "new on 7.7 (none before)" is judged with those reports too (docs/insight.md,
"Session 28: a cluster's reports before the window")."""

from __future__ import annotations

from datetime import date, timedelta

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.new_on_release import new_on
from hdtui.domain.insight.overview import Overview, overview
from hdtui.domain.weekly import clusters_data, markdown
from hdtui.stats import text
from tests.unit.test_insight_fix28a import PRINTER, _printer
from tests.unit.test_insight_new_problems import RELEASES as OUT
from tests.unit.test_insight_new_problems import TODAY, others
from tests.unit.test_insight_new_problems import fact as reported
from tests.unit.test_new_on_release import RELEASES, fact


def _printers(*ages: int) -> list[ReportFacts]:
    return [_printer(n, days) for n, days in enumerate(ages)]


def test_one_report_in_the_window_says_it_is_the_same_as_its_earlier_ones() -> None:
    """Three reports before the week, one in it: every output says the three, not
    counted, and the one is "the same as its 3 earlier reports"."""
    queue = [*_printers(40, 30, 20, 3), *others(40, first=100)]
    view = overview(queue, [], TODAY, weeks=1)
    [week] = [c for c in view.clusters if "k3" in c.reports]
    assert week.reports == ("k3",)
    assert week.earlier == ("k2", "k1", "k0")  # newest first, as its reports
    said = "; the same as its 3 earlier reports, before these weeks (not counted here)"
    assert f"{week.id}  █  1 report, 1 this week{said}: " in text(view, {}, 0.1)
    assert f"`{week.id}`: 1 report, 1 this week, trend █{said}" in markdown(view, {})
    [data] = [c for c in clusters_data(view) if c["id"] == week.id]
    assert data["before"] == 3 and len(data["reports"]) == 1
    # Eight weeks hold them all: nothing before, nothing said.
    whole = overview(queue, [], TODAY)
    [eight] = [c for c in whole.clusters if "k3" in c.reports]
    assert eight.id == week.id and eight.earlier == () and len(eight.reports) == 4
    assert "before these weeks" not in text(whole, {}, 0.1)
    assert "before these weeks" not in markdown(whole, {})
    assert [c["before"] for c in clusters_data(whole) if c["id"] == week.id] == [0]


def test_two_reports_in_the_window_say_how_many_came_before() -> None:
    queue = [*_printers(40, 30, 3, 1), *others(40, first=100)]
    view = overview(queue, [], TODAY, weeks=1)
    [week] = [c for c in view.clusters if "k3" in c.reports]
    assert set(week.reports) == {"k2", "k3"} and week.earlier == ("k1", "k0")
    said = ("2 reports, 2 this week; 2 before these weeks (not counted here)  reached the "
            "threshold: ")
    assert f"{week.id}  █  {said}" in text(view, {}, 0.1)
    assert "; 2 before these weeks (not counted here)" in markdown(view, {})


def test_a_cluster_with_earlier_reports_on_an_older_release_is_not_new_on_the_newest() -> None:
    """Two reports on 7.7 in the window, three of the same problem on 7.6.2 before it: the
    problem was there before 7.7, so it is not "new on 7.7 (none before)" (the cluster's
    window reports alone said it was)."""
    history = [fact(f"old{n}", "7.6.2", date(2026, 10, 21) + timedelta(days=n % 15))
               for n in range(12)]
    earlier = [fact(f"snd-old{n}", "7.6.2", date(2026, 10, 25) + timedelta(days=n))
               for n in range(3)]
    window = [fact(f"snd{n}", "7.7", date(2026, 11, 20) + timedelta(days=n)) for n in range(2)]
    cluster = Cluster("C-1", "no sound", (), tuple(f.key for f in window), (0, 2),
                      earlier=tuple(f.key for f in earlier))
    view = Overview(date(2026, 11, 30), 2, (*window,), {}, (), (cluster,), (), RELEASES,
                    earlier=(*history, *earlier))
    assert new_on(cluster, view) == ""
    # Its earlier reports on 7.7 too: new on it, the history before the window counted.
    again = [fact(f"snd-new{n}", "7.7", date(2026, 11, 11) + timedelta(days=n))
             for n in range(3)]
    cluster = Cluster("C-1", "no sound", (), tuple(f.key for f in window), (0, 2),
                      earlier=tuple(f.key for f in again))
    view = Overview(date(2026, 11, 30), 2, (*window,), {}, (), (cluster,), (), RELEASES,
                    earlier=(*history, *again))
    assert new_on(cluster, view) == "7.7"


def test_new_on_a_release_is_the_same_whatever_the_window() -> None:
    """Six weeks hold 7.7's day and 15 reports of 7.6.2 before it; the printer problem's
    3 reports on 7.6.2 came before the six weeks, its 2 on 7.7 in them: judged by the
    window's two it was "new on 7.7 (none before)", judged over 8 weeks (all five) not."""
    printer = [reported(n, days, PRINTER, product=f"Laptop {n}", gpus=("8086:3ea0",),
                        version="7.6.2" if days > 42 else "7.7")
               for n, days in enumerate((55, 50, 45, 3, 1))]
    history = [reported(200 + i, 30 + i % 8, product=f"Machine {i}", version="7.6.2")
               for i in range(15)]
    queue = [*printer, *history, *others(40, first=100)]
    for weeks in (6, 8):
        view = overview(queue, [], TODAY, OUT, weeks=weeks)
        [found] = [c for c in view.clusters if "k4" in c.reports]
        assert len(found.reports) + len(found.earlier) == 5
        assert new_on(found, view) == "", weeks
