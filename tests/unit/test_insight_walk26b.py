"""What a second walk of a member's week in session 26 (walk26b, on main) found wrong in the
regressions, built in the pure domain like its queue (docs/insight.md, "Session 26:
walk26b's regression of two problems")."""

from __future__ import annotations

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import RELEASES, SOUND, TODAY, fact, others
from tests.unit.test_insight_walk26 import MAC, demo_fact

T480 = {"product": "LENOVO 20L5CTO1WW", "gpus": ("8086:5917",), "network": ("8086:24fd",),
        "devices": ("8086:9d71",)}
LATITUDE = {"product": "Dell Latitude 7490", "gpus": ("8086:5917",),
            "network": ("8086:24fd",), "devices": ("8086:9d71",)}
ELITEBOOK = {"product": "HP EliteBook 840 G5", "gpus": ("8086:5917",),
             "network": ("8086:24fd",), "devices": ()}
"""The three laptops of the walk's regression: one GPU and Wi-Fi chip, no earlier report."""
ADDITIONAL = "Additional Software does not install my packages at startup since the upgrade."


def walk_week() -> list[ReportFacts]:
    """A history of 7.6.2 reports on other machines, 7 sound reports on 7.7 (5 on the
    three laptops, 2 on a Legion and a Framework) and 4 Additional Software reports likely
    for #20408 (3 on the three laptops)."""
    queue = [fact(n, 30 + n, version="7.6.2", product=f"Desktop {n}") for n in range(14)]
    machines = [T480, LATITUDE, ELITEBOOK, T480, LATITUDE,
                {"product": "LENOVO Legion Y530", "gpus": ("10de:1c8d",)},
                {"product": "Framework Laptop", "gpus": ("8086:9a49",)}]
    queue += [fact(100 + i, i * 3, SOUND[i % len(SOUND)], **machine)
              for i, machine in enumerate(machines)]
    queue += [fact(200 + i, 1 + i * 4, ADDITIONAL, likely=(20408,), **machine)
              for i, machine in enumerate(
                  [ELITEBOOK, T480, LATITUDE, {"product": "ASUS X540LA"}])]
    return queue


def test_a_regression_of_a_cluster_and_a_known_issue_on_the_same_laptops_is_none() -> None:
    """Walk26b's defect 2: "regression: GPU 8086:5917, Wi-Fi/network chip 8086:24fd ...: 8
    reports on 7.7 ...; most of them say headphone, sound, speaker", 5 of the sound
    cluster's reports and 3 of #20408's likely ones: two problems, so no regression; and
    the same after a sound report is linked to an issue."""
    queue = walk_week()
    view = overview(queue, [], TODAY, RELEASES)
    assert any(len(c.reports) == 7 for c in view.clusters)  # the sound problem
    # #20408 itself rising (4 reports on 7.7, none before) is its own regression.
    assert [r.group for r in view.regressions] == ["#20408"]
    linked = [IssueLink(19127, queue[14].reference, TODAY)]
    after = overview(queue, linked, TODAY, RELEASES).regressions
    assert [r.group for r in after] == ["#20408"]


def test_a_regression_of_one_cluster_beside_one_known_issues_report_stays() -> None:
    """The bar is a second problem of two reports or more: one report of a known issue on
    the laptops beside the sound cluster's five leaves the regression of the five."""
    queue = [f for f in walk_week() if f.key not in ("k200", "k201")]
    found = overview(queue, [], TODAY, RELEASES).regressions
    assert len(found) == 1
    assert found[0].count_new >= 5


def _mac_week(english: int, french: int) -> list[ReportFacts]:
    """#13576 as walk26b built it: its demo texts on the MacBookPro13,2 (English) and
    14,3 (French) likely, ``english`` and ``french`` of them, and 2 of the demo's "cant
    type anything" reports on a MacBookPro15,2, possible."""
    found = [demo_fact(n + 1, MAC[13 if n < english else 14], 3 + 5 * n, likely=(13576,),
                       version="7.7" if n % 2 else "7.6.2")
             for n in range(english + french)]
    first = english + french + 1
    return found + [demo_fact(first + i, MAC[15], days_ago, possible=13576)
                    for i, days_ago in enumerate((2, 12))]


def test_terse_reports_of_a_family_issue_on_a_model_it_counted_none_on_are_no_problem(
        ) -> None:
    """Walk26b's defect 4: with 5 of #13576's 8 counted reports the English demo text,
    its problem words were that text's (24: "boot", "efi", "trackpad" ...), and the two
    terse "cant type anything and mouse dont move" reports, saying "keyboard", "mouse",
    "type" of them, stayed `C-50e75d ... same machine Apple MacBookPro15,2`. Most of their
    own words being the issue's makes them its."""
    macs = _mac_week(5, 3)
    assert not any(f.key in c.reports
                   for c in clusters(macs + others(30), TODAY) for f in macs)
    view = overview(macs + others(30), [], TODAY, RELEASES)
    assert len(view.stats[13576].possible) == 2
