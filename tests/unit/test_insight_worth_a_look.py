"""Weeks worth a look (flags25): a known issue's week its linked and likely reports do not
flag but that possible reports in no cluster fill to the threshold is said, never flagged
(docs/insight.md, "Session 25: weeks worth a look")."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import Clustering, Overview, overview
from hdtui.domain.insight.worth_a_look import LookWeek, worth_a_look
from hdtui.domain.links import IssueLink
from hdtui.domain.weekly import as_data, markdown
from hdtui.stats import _json, text
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact
from tests.unit.test_insight_walk25 import walk_queue

WEEK = date(2026, 11, 24)
"""The week of the walk's #16926 (10 to 13 days before ``TODAY``)."""


def _alone(n: int, days_ago: int, **kw: object) -> ReportFacts:
    """A report of its own words and machine, best matched to #16926: no cluster holds it."""
    return fact(n, days_ago, possible=16926, product=f"Machine {n}", **kw)


def test_possible_reports_in_no_cluster_make_a_week_worth_a_look_not_a_flag() -> None:
    linked = fact(1, 10, product="Laptop 1")
    queue = [linked, _alone(2, 9), _alone(3, 12), _alone(4, 2)]
    view = overview(queue, [IssueLink(16926, linked.reference, TODAY)], TODAY, RELEASES)
    assert view.clusters == ()
    stats = view.stats[16926]
    assert not stats.flagged
    assert stats.look_weeks == (LookWeek(WEEK, 1, 0, 2),)
    assert stats.look_said == "1 linked + 2 possible in the week of 2026-11-24"
    assert [s.look_weeks for s in view.hot] == [stats.look_weeks]
    # Said where the numbers are read: stats' text and JSON, the weekly Markdown.
    said = "worth a look: 1 linked + 2 possible in the week of 2026-11-24"
    assert said in text(view, {}, 0.0)
    assert "reached the threshold" not in text(view, {}, 0.0)
    assert as_data(view, {})["worth_a_look"] == [{
        "iid": 16926, "said": stats.look_said,
        "weeks": [{"week": "2026-11-24", "linked": 1, "likely": 0, "possible": 2}]}]
    weekly = markdown(view, {16926: "Initramfs"})
    assert "worth a look (1 linked + 2 possible in the week of 2026-11-24)" in weekly
    assert "reached the threshold" not in weekly


def test_a_likely_report_and_one_possible_report_say_so() -> None:
    likely = fact(1, 11, likely=(16926,), product="Laptop 1")
    view = overview([likely, _alone(2, 8)], [], TODAY, RELEASES)
    assert view.stats[16926].look_said == "1 likely + 1 possible in the week of 2026-11-24"


def test_no_week_worth_a_look_without_a_counted_report_or_once_flagged() -> None:
    """Possible reports alone are a guess on a guess; a flagged week is said as a flag."""
    alone = overview([_alone(2, 9), _alone(3, 12), _alone(4, 10)], [], TODAY, RELEASES)
    assert all(not s.look_weeks for s in alone.stats.values())
    counted = [fact(1, 10, likely=(16926,), product="Laptop 1"),
               fact(5, 11, likely=(16926,), product="Laptop 5")]
    flagged = overview([*counted, _alone(2, 9)], [], TODAY, RELEASES).stats[16926]
    assert flagged.flagged and not flagged.look_weeks


def test_stats_text_says_a_flag_s_week_in_the_hot_topics_words() -> None:
    """`hdtui stats` said a plain "FLAGGED" where hot topics says "2 in the week of
    2026-11-24" (IssueStats.flag_said): the text says the same words (docs/cli.md)."""
    counted = [fact(1, 10, likely=(16926,), product="Laptop 1"),
               fact(5, 11, likely=(16926,), product="Laptop 5")]
    view = overview(counted, [], TODAY, RELEASES)
    assert view.stats[16926].flag_said == "2 in the week of 2026-11-24"
    line = next(x for x in text(view, {}, 0.0).splitlines() if x.startswith("#16926"))
    assert "reached the threshold: 2 in the week of 2026-11-24" in line
    assert "FLAGGED" not in line


def _walk_with_16926() -> list[ReportFacts]:
    """Walk25's queue, its four printer reports best matched to #16926 (not confidently)."""
    printer = {"printer", "imprimante", "drucker", "impresora"}
    return [replace(f, possible=16926) if f.words & printer else f for f in walk_queue()]


def test_the_walks_printer_reports_in_a_cluster_leave_16926_quiet() -> None:
    """Walk25's #16926: one linked report in the week of 2026-11-24, and the printer
    reports of a new problem's cluster best matched to it. They are another problem's:
    neither a flag nor a week worth a look."""
    queue = _walk_with_16926()
    printer = [i for i, f in enumerate(queue) if f.possible == 16926]
    assert len(printer) == 4
    linked = fact(500, 10, product="Laptop 1")
    view = overview([*queue, linked], [IssueLink(16926, linked.reference, TODAY)], TODAY,
                    RELEASES)
    keys = {queue[i].key for i in printer}
    assert any(keys <= set(c.reports) for c in view.clusters)  # the printer cluster
    stats = view.stats[16926]
    # Listed with the cluster, not as 16926's possible ones too (lang28).
    assert stats.possible == () and sum(n for _, n in stats.possible_clustered) == 4
    possible = tuple(f for f in view.facts if f.key in keys)
    assert any(f.received is not None and WEEK <= f.received < date(2026, 12, 1)
               for f in possible)  # possible reports in that very week
    assert not stats.flagged and stats.look_weeks == ()
    assert "worth a look" not in text(view, {}, 0.0)
    # The cluster is what keeps it quiet: without it, its report of that week fills it.
    unclustered = worth_a_look({**view.stats, 16926: replace(stats, possible=possible)},
                               view.facts, (), TODAY)[16926]
    assert unclustered.look_weeks == (LookWeek(WEEK, 1, 0, 1),)


def test_possible_reports_another_issues_journal_explains_fill_no_week() -> None:
    """A possible report whose journal errors are mostly another known issue's reports' is
    that issue's problem (rules v50): it fills no week."""
    error = ("kernel: usb 1-1: device descriptor read/64, error -71",)
    linked = fact(1, 10, product="Laptop 1")
    other = [fact(10 + i, 20 + i, likely=(17000,), product=f"Other {i}", errors=error)
             for i in range(4)]
    # An error more than a quarter of the reports log is every machine's: others log none.
    rest = [fact(100 + i, i, product=f"Machine {100 + i}") for i in range(24)]
    queue = [linked, *other, *rest, _alone(2, 9, errors=error), _alone(3, 12, errors=error)]
    links = [IssueLink(16926, linked.reference, TODAY)]
    assert overview(queue, links, TODAY, RELEASES).stats[16926].look_weeks == ()
    quiet = [linked, *other, *rest, _alone(2, 9), _alone(3, 12)]
    assert overview(quiet, links, TODAY, RELEASES).stats[16926].look_weeks


def test_stats_json_says_weeks_worth_a_look_by_the_clusters_made_while_it_wrote() -> None:
    """``hdtui stats --json`` writes the counts while the clusters are made (a child, here
    in this process): its ``worth_a_look`` is made once they are back, so the walk's
    printer cluster keeps #16926 out of it there too."""
    queue = _walk_with_16926()
    linked = fact(500, 10, product="Laptop 1")
    links = [IssueLink(16926, linked.reference, TODAY)]

    def ahead(chosen: list[ReportFacts], day: date, weeks: int, away: frozenset[str],
              start: date | None = None) -> Callable[[], list[Cluster]]:
        found = clusters(chosen, day, weeks, away, start)
        return lambda: found

    def view_of(facts: list[ReportFacts]) -> Callable[[Clustering, bool], Overview]:
        return lambda clustering, later: overview(facts, links, TODAY, RELEASES,
                                                  clustering=clustering, looks_later=later)

    data = json.loads("".join(_json(view_of([*queue, linked]), {}, 0.0, ahead)))
    assert data["clusters"] and data["worth_a_look"] == []
    alone = [linked, _alone(2, 9), _alone(3, 12)]
    data = json.loads("".join(_json(view_of(alone), {}, 0.0, ahead)))
    assert data["worth_a_look"] == [{
        "iid": 16926, "said": "1 linked + 2 possible in the week of 2026-11-24",
        "weeks": [{"week": "2026-11-24", "linked": 1, "likely": 0, "possible": 2}]}]


def test_stats_json_makes_the_weeks_worth_a_look_once(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """``hdtui stats --json`` made them (and the regressions) twice: with no clusters while
    it wrote the counts (thrown away: the JSON says them once the clusters are back), then
    again with them. Now once, with the clusters; the same as the text's overview."""
    from hdtui.domain.insight import overview as overview_module

    linked = fact(500, 10, product="Laptop 1")
    links = [IssueLink(16926, linked.reference, TODAY)]
    alone = [linked, _alone(2, 9), _alone(3, 12)]
    made = []
    real = overview_module.worth_a_look

    def counted(*args: Any, **kwargs: Any) -> dict[int, Any]:
        made.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(overview_module, "worth_a_look", counted)
    weighed = []
    real_regressions = overview_module.regressions

    def counted_regressions(*args: Any, **kwargs: Any) -> Any:
        weighed.append(args)
        return real_regressions(*args, **kwargs)

    monkeypatch.setattr(overview_module, "regressions", counted_regressions)

    def ahead(chosen: list[ReportFacts], day: date, weeks: int, away: frozenset[str],
              start: date | None = None) -> Callable[[], list[Cluster]]:
        found = clusters(chosen, day, weeks, away, start)
        return lambda: found

    def view_of(clustering: Clustering, later: bool) -> Overview:
        return overview(alone, links, TODAY, RELEASES, clustering=clustering,
                        looks_later=later)

    data = json.loads("".join(_json(view_of, {}, 0.0, ahead)))
    assert len(made) == 1 and len(weighed) == 1  # the regressions too: once
    made.clear()
    whole = overview(alone, links, TODAY, RELEASES)
    assert len(made) == 1
    assert data["worth_a_look"] == as_data(whole, {})["worth_a_look"] != []
    assert data["regressions"] == as_data(whole, {})["regressions"]
