"""A new problem's cluster all of whose reports came on the newest release, with reports
of earlier releases before it, is "new on" that release (walk24's sound problem: 8 on 7.7,
none before); not when the weeks before hold too few reports to tell, nor when one of its
reports runs an earlier release."""

from __future__ import annotations

from datetime import date, timedelta

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.new_on_release import new_on
from hdtui.domain.insight.overview import Overview

TODAY = date(2026, 11, 30)
RELEASES = (("7.6.2", date(2026, 10, 20)), ("7.7", date(2026, 11, 10)),
            ("7.8", date(2026, 12, 20)))  # 7.8 not out yet on TODAY


def fact(key: str, version: str, day: date) -> ReportFacts:
    return ReportFacts(key=key, reference=f"wb://{key}", received=day, version=version)


def view(sound: list[ReportFacts], earlier: int) -> tuple[Overview, Cluster]:
    history = [fact(f"old{n}", "7.6.2", date(2026, 10, 21) + timedelta(days=n % 15))
               for n in range(earlier)]
    cluster = Cluster("C-1", "no sound", (), tuple(f.key for f in sound), (0, len(sound)))
    return Overview(TODAY, 8, (*history, *sound), {}, (), (cluster,), (), RELEASES), cluster


def sound(versions: list[str]) -> list[ReportFacts]:
    return [fact(f"snd{n}", v, date(2026, 11, 12) + timedelta(days=n))
            for n, v in enumerate(versions)]


def test_eight_on_the_newest_release_with_history_before_are_new_on_it() -> None:
    overview, cluster = view(sound(["7.7"] * 7 + ["7.7.1"]), earlier=12)
    assert new_on(cluster, overview) == "7.7"


def test_one_report_of_an_earlier_release_says_nothing() -> None:
    overview, cluster = view(sound(["7.7"] * 7 + ["7.6.2"]), earlier=12)
    assert new_on(cluster, overview) == ""


def test_too_little_history_before_the_release_says_nothing() -> None:
    overview, cluster = view(sound(["7.7"] * 8), earlier=7)
    assert new_on(cluster, overview) == ""
    overview, cluster = view(sound(["7.7"] * 8), earlier=8)
    assert new_on(cluster, overview) == "7.7"


def test_an_unknown_version_is_not_history() -> None:
    overview, cluster = view(sound(["7.7"] * 3), earlier=0)
    junk = [fact(f"j{n}", "unknown", date(2026, 10, 25)) for n in range(5)]
    overview = Overview(TODAY, 8, (*overview.facts, *junk), {}, (), (cluster,), (),
                        RELEASES)
    assert new_on(cluster, overview) == ""
