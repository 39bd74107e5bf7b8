"""What review27 found wrong in session 26's regfix26, built in the pure domain: a small
second problem that made a hardware group's regression vanish, and a new problem the terse
fold swallowed (docs/insight.md, "Session 27: regfix27")."""

from __future__ import annotations

from hdtui.domain.insight.clusters import _says_the_issues_problem
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.regressions import regressions
from hdtui.domain.insight.working import said_working
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import RELEASES, SOUND, TODAY, fact, others
from tests.unit.test_insight_walk26 import MAC, demo_fact
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


def _mac_week(summary: str, problem: str) -> list[ReportFacts]:
    """#13576 as review27 built it: 8 of its demo reports counted on the MacBookPro13,2 and
    14,3, 3 possible on a MacBookPro15,2 saying ``summary`` and ``problem`` (k9-k11), and
    30 reports of problems of their own."""
    macs = [demo_fact(n + 1, MAC[13 if n < 5 else 14], 3 + 5 * n, likely=(13576,),
                      version="7.7" if n % 2 else "7.6.2") for n in range(8)]
    macs += [demo_fact(9 + i, MAC[15], days_ago, possible=13576, summary=summary,
                       problem=problem) for i, days_ago in enumerate((2, 12, 6))]
    return macs + others(30)


def _own_cluster(summary: str, problem: str) -> list[int]:
    """The sizes of the clusters holding the MacBookPro15,2 reports ([] when they are
    folded into #13576 as its possible reports)."""
    view = overview(_mac_week(summary, problem), [], TODAY, RELEASES)
    # Best matching #13576, listed as its possible reports or, a cluster holding them, with
    # the cluster only (lang28).
    stats = view.stats[13576]
    assert len(stats.possible) + sum(n for _, n in stats.possible_clustered) == 3
    return [len(c.reports) for c in view.clusters
            if {"k9", "k10", "k11"}.intersection(c.reports)]


def test_a_touch_bar_that_stays_blank_while_the_keyboard_works_is_a_new_problem() -> None:
    """Review27's terse case: three "touch bar is blank, keyboard works" reports on a
    MacBookPro15,2 were folded into #13576 (keyboard, trackpad, Touch Bar) on main: 3 of
    their 4 problem words are the issue's, "keyboard" among them, which they say works.
    Now a cluster of its own; said of the keyboard without "works", they are the issue's."""
    assert _own_cluster("touch bar blank", "touch bar is blank, keyboard works") == [3]
    assert _own_cluster("touch bar blank", "touch bar is blank, the keyboard is fine") == [3]
    assert _own_cluster("touch bar blank", "touch bar is blank, keyboard dead too") == []


def test_terse_reports_of_the_issue_still_fold() -> None:
    """Regfix26's case stays: the "cant type anything and mouse dont move" reports say 3 of
    their 4 problem words with #13576 (keyboard, mouse, type) and are its possible ones;
    so is a cluster whose only problem word is the issue's."""
    assert _own_cluster("cant type anything",
                        "cant type anything and mouse dont move. using other keyboard now") == []
    assert _own_cluster("keyboard", "keyboard") == []


def test_the_parts_a_user_says_work() -> None:
    """``said_working``: the word before "works", "fine", "ok" in its clause, unless a
    negation is before it or between, or "works" only a while."""
    assert said_working("touch bar is blank, keyboard works") == ("keyboard",)
    assert said_working("webcam does not work, the keyboard is still fine") == ("keyboard",)
    assert said_working("The touchpad does not work, only a USB mouse works. Keyboard is "
                        "ok.") == ("keyboard", "mouse")
    assert said_working("neither keyboard nor mouse works") == ()
    assert said_working("the keyboard is not ok") == ()
    assert said_working("the keyboard works for a few seconds, then nothing") == ()
    assert said_working("keyboard stopped working") == ()
    assert said_working("no sound at all") == ()


def test_words_that_say_no_problem_share_none_by_the_strict_bar_either() -> None:
    """"cant", "dont", "doesnt", "other"... (``_NOT_THE_PROBLEM``) are left out of the
    issue's problem words and the cluster's for the strict bar as for the terse one: a
    cluster sharing only them with an issue says none of its problem (docs/insight.md,
    "Session 27: regfix27")."""
    theirs = [fact(n, n, "keyboard trackpad doesnt react, other mouse", likely=(13576,))
              for n in range(3)]
    members = [fact(10 + n, n, "screen blurry, doesnt help, other cable") for n in range(2)]
    assert not _says_the_issues_problem(members, theirs, frozenset())
    assert _says_the_issues_problem(
        [fact(20 + n, n, "keyboard trackpad doesnt react") for n in range(2)], theirs,
        frozenset())


def test_problems_of_one_report_each_are_all_left_out() -> None:
    """A GPU's 4 unexplained reports beside one report of #20408 and one of a cluster: no
    problem is first, so both are left out (none kept by its name), and the regression
    counts the 4 (6 on main). The labelled set's twentysixth part without its planted
    regression had such a group: 8086:9df0's 3 reports, one unexplained, one each of two
    clusters, were "Wi-Fi/network chip 8086:9df0 (3 new, 1 before)"."""
    queue = [fact(n, 30 + n, version="7.6.2", product=f"Desktop {n}") for n in range(14)]
    queue += [fact(100 + i, i, gpus=("1234:5678",), product=f"Laptop {i}") for i in range(6)]
    problems = {"k104": "#20408", "k105": "C-123456"}
    found = [(r.group, r.count_new, set(r.reports))
             for r in regressions(queue, RELEASES, TODAY, problems)]
    assert found == [("GPU 1234:5678", 4, {"k100", "k101", "k102", "k103"})]


def test_a_part_said_to_work_elsewhere_is_not_said_to_work() -> None:
    """review27c: "keyboard works in macOS, dead in Tails" is a keyboard problem in Tails,
    not a working keyboard, and the reports saying so are #13576's (they were a new
    problem on main); "works fine" says the part once."""
    assert said_working("keyboard works in macos, dead in tails") == ()
    assert said_working("keyboard works in the bios but not in tails") == ()
    assert said_working("keyboard works fine in windows") == ()
    assert said_working("touch bar is blank, keyboard works fine") == ("keyboard",)
    for problem in ("keyboard works in macos, dead in tails",
                    "keyboard works in the bios but not in tails",
                    "keyboard and trackpad work in macos but not in tails"):
        assert _own_cluster("keyboard trackpad dead", problem) == [], problem


def test_a_report_saying_a_part_works_fine_counts_once_among_the_clusters_reports() -> None:
    """review27c: "keyboard works fine" listed the keyboard twice, and the clusters counted
    mentions: one report of three saying so outweighed two saying the keyboard is dead.
    Reports count, once each: the two decide, and they say the issue's problem."""
    for working in ("keyboard works", "keyboard works fine"):
        assert _own_cluster("touch bar blank", "touch bar is blank, keyboard dead too") == []
        week = _mac_week("touch bar blank", "touch bar is blank, keyboard dead too")
        k11 = next(i for i, f in enumerate(week) if f.key == "k11")
        week[k11] = _mac_week("touch bar blank", f"touch bar is blank, {working}")[k11]
        view = overview(week, [], TODAY, RELEASES)
        assert [len(c.reports) for c in view.clusters
                if {"k9", "k10", "k11"}.intersection(c.reports)] == [], working
