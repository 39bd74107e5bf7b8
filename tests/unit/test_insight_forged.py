"""Numbers forged or inflated reports cannot bend (rules v72; docs/insight.md, "Session
23: numbers forged reports cannot bend"): anyone can mail the Help Desk, encrypted or
not, so a few reports must never make a release, hide a regression or inflate a count."""

from __future__ import annotations

from datetime import date, timedelta

from hdtui.domain.insight import (
    SHOWN_NAME,
    ReportFacts,
    overview,
    plausible_versions,
    regressions,
    releases_seen,
)

TODAY = date(2026, 12, 7)


def fact(n: int, days_ago: int, **kw: object) -> ReportFacts:
    values: dict[str, object] = {"key": f"k{n}", "reference": f"wb://{n:032x}",
                                 "report_id": f"{n:032x}",
                                 "received": TODAY - timedelta(days=days_ago),
                                 "version": "7.7"}
    values.update(kw)
    return ReportFacts(**values)  # type: ignore[arg-type]


def test_three_reports_of_a_far_version_date_no_release_from_the_reports() -> None:
    real = [fact(i, 20 - i % 15, version="7.7") for i in range(30)]
    older = [fact(100 + i, 40 + i, version="7.6.2") for i in range(10)]
    forged = [fact(200 + i, 0, version="9.9") for i in range(3)]
    dated = dict(releases_seen(real + older + forged))
    assert set(dated) == {"7.6.2", "7.7"}
    # Even many of them: 9.9 is no step from 7.7.
    many = [fact(300 + i, 0, version="9.9") for i in range(12)]
    assert "9.9" not in dict(releases_seen(real + older + many))
    # Few reports of a plausible next version do not date it either: more than a few must.
    few = [fact(400 + i, 0, version="7.8") for i in range(3)]
    assert "7.8" not in dict(releases_seen(real + few))
    enough = [fact(500 + i, i, version="7.8") for i in range(4)]
    assert "7.8" in dict(releases_seen(real + enough))


def test_plausible_versions_are_those_up_to_the_most_run_and_one_step_beyond() -> None:
    counts = {"7.6.2": 12, "7.7": 9, "7.8": 2, "8.0": 1, "9.9": 3, "7.5": 1, "x": 4}
    assert plausible_versions(counts) == {"7.5", "7.6.2", "7.7", "7.8", "8.0"}
    assert plausible_versions({"7.7": 5, "9.9": 3, "10.0": 2}) == {"7.7"}
    assert plausible_versions({}) == set()


def test_forged_reports_with_a_far_version_keep_the_real_regressions_in_overview() -> None:
    """The walk: three forged reports of "9.9" replaced every regression on 7.7 by "3
    reports on 9.9 in 1 days" when releases were dated from the reports."""
    before = [fact(i, 30 + i % 20, version="7.6.2", gpus=("8086:1616",)) for i in range(20)]
    after = [fact(100 + i, i, version="7.7", gpus=("8086:1616",)) for i in range(14)]
    planted = [fact(200 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(6)]
    forged = [fact(300 + i, 0, version="9.9", product="X" * 300) for i in range(3)]
    view = overview(before + after + planted + forged, [], TODAY)
    assert view.releases[-1][0] == "7.7"
    assert [(r.group, r.version) for r in view.regressions] == [("GPU 8086:a7a0", "7.7")]


def test_a_long_machine_name_is_shortened_in_a_regressions_name() -> None:
    name = "Forged " + "very long machine name " * 13
    new = [fact(i, i, version="7.7", product=name) for i in range(4)]
    [found] = regressions(new, [("7.7", TODAY - timedelta(days=6))], TODAY)
    assert found.group.startswith("machine Forged very long")
    assert len(found.group) <= len("machine ") + SHOWN_NAME and found.group.endswith("…")
    assert len(found.explanation) < 160


def test_reports_on_earlier_versions_since_the_release_count_as_earlier() -> None:
    """The walk: "13 reports on 7.7 in 28 days, 0 on earlier versions" though 3 reports
    of the same chip came on 7.6.2 after 7.7's release (users who had not upgraded)."""
    chip = ("10ec:b723",)
    others = [fact(i, 30 + i, version="7.6.2", network=("8086:2723",)) for i in range(20)]
    new = [fact(100 + i, i, version="7.7", network=chip) for i in range(13)]
    late = [fact(200 + i, 15 + i, version="7.6.2", network=chip) for i in range(3)]
    found = regressions(others + new + late, [("7.7", TODAY - timedelta(days=27))], TODAY)
    [row] = [r for r in found if "10ec:b723" in r.group]
    assert row.count_before == 3
    assert "3 on earlier versions in the 4 weeks before and since" in row.explanation
