"""What review27 found wrong in session 26's regfix26, built in the pure domain: a small
second problem that made a hardware group's regression vanish, and a new problem the terse
fold swallowed (docs/insight.md, "Session 27: regfix27")."""

from __future__ import annotations

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import RELEASES, SOUND, TODAY, fact
from tests.unit.test_insight_walk26b import ADDITIONAL, ELITEBOOK, LATITUDE, T480

GPU_GROUP = "GPU 8086:5917, network chip 8086:24fd"
"""How the three laptops' regression is named (their GPU and Wi-Fi chip)."""


def _week(sound: int, additional: int) -> list[ReportFacts]:
    """A history of 7.6.2 reports on other machines, ``sound`` sound reports on 7.7 on the
    three laptops (keys k100...), and ``additional`` Additional Software reports likely for
    #20408 on them (k200...), one more on an ASUS."""
    queue = [fact(n, 30 + n, version="7.6.2", product=f"Desktop {n}") for n in range(14)]
    laptops = [T480, LATITUDE, ELITEBOOK]
    queue += [fact(100 + i, i % 27, SOUND[i % len(SOUND)], **laptops[i % 3])
              for i in range(sound)]
    machines = [laptops[i % 3] for i in range(additional)] + [{"product": "ASUS X540LA"}]
    queue += [fact(200 + i, 1 + i * 4, ADDITIONAL, likely=(20408,), **machine)
              for i, machine in enumerate(machines)]
    return queue


def _the_laptops(queue: list[ReportFacts], links: list[IssueLink] | None = None
                 ) -> list[tuple[str, int, frozenset[str]]]:
    """The regressions named by the laptops' GPU: name, count, report keys."""
    return [(r.group.split(" (")[0], r.count_new, frozenset(r.reports))
            for r in overview(queue, links or [], TODAY, RELEASES).regressions
            if r.group.startswith("GPU 8086:5917")]


def _sound_keys(count: int) -> frozenset[str]:
    return frozenset(f"k{100 + i}" for i in range(count))


def test_two_reports_of_another_problem_beside_a_large_cluster_leave_its_regression() -> None:
    """Review27's first case: 12 sound reports and 2 of #20408 on the laptops were no
    regression on main (`[]`), 14 before regfix26. Now the sound's 12, the two of #20408
    left out; and 20 beside 2 are 20."""
    assert _the_laptops(_week(12, 2)) == [(GPU_GROUP, 12, _sound_keys(12))]
    assert _the_laptops(_week(20, 2)) == [(GPU_GROUP, 20, _sound_keys(20))]


def test_one_report_of_another_problem_is_left_out_of_the_count() -> None:
    """One report of #20408 on the laptops beside 12 sound reports: 13 before and on main,
    12 now: a small second problem's reports are not the first's."""
    assert _the_laptops(_week(12, 1)) == [(GPU_GROUP, 12, _sound_keys(12))]
    assert _the_laptops(_week(12, 0)) == [(GPU_GROUP, 12, _sound_keys(12))]


def test_a_second_problem_of_a_real_share_still_makes_two_problems() -> None:
    """What regfix26 stopped stays stopped: 5 sound reports beside 3 of #20408 (a third of
    5 or more), and 6 beside 2, are no regression of the laptops; 7 beside 2 (less than a
    third) are the sound's."""
    assert _the_laptops(_week(5, 3)) == []
    assert _the_laptops(_week(6, 2)) == []
    assert _the_laptops(_week(7, 2)) == [(GPU_GROUP, 7, _sound_keys(7))]


def test_a_members_links_to_the_clusters_issue_keep_its_regression() -> None:
    """Review27's second case: two or three of the 12 sound reports linked to #19127 made
    "#19127 x2 beside the cluster x10" two problems and the regression vanished. The
    cluster and the issue its linked reports went to are one problem: 12 whatever the
    links."""
    queue = _week(12, 0)
    sound = [f for f in queue if f.key in _sound_keys(12)]
    for linked in range(7):
        links = [IssueLink(19127, f.reference, TODAY) for f in sound[:linked]]
        assert _the_laptops(queue, links) == [(GPU_GROUP, 12, _sound_keys(12))], linked
    view = overview(queue, [IssueLink(19127, f.reference, TODAY) for f in sound[:3]], TODAY,
                    RELEASES)
    assert [(len(c.reports), c.linked_issue) for c in view.clusters] == [(9, 19127)]
    assert [(len(c.reports), c.linked_issue) for c in overview(
        queue, [], TODAY, RELEASES).clusters] == [(12, 0)]


def test_reports_linked_to_two_issues_half_each_give_the_cluster_none() -> None:
    """A cluster's linked reports split between two issues, none by more than half, make
    it no issue's: two to #19127 and two to #19128 leave it its own id as a problem."""
    queue = _week(12, 0)
    sound = [f for f in queue if f.key in _sound_keys(12)]
    links = [IssueLink(19127 + i // 2, f.reference, TODAY) for i, f in enumerate(sound[:4])]
    view = overview(queue, links, TODAY, RELEASES)
    assert [(len(c.reports), c.linked_issue) for c in view.clusters] == [(8, 0)]
