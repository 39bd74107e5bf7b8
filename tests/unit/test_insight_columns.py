"""The counting's helpers that work on attributes in C give what the per-report forms gave
(docs/insight.md, "Session 18: stats --json at 100,000")."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hdtui.domain.insight.facts import ReportFacts, _hardware_counts, _Named, newest_first_sorted
from hdtui.domain.insight.per_issue import _newest_first
from hdtui.domain.insight.regressions import _group_counts, _groups_of
from hdtui.domain.insight.weeks import per_week
from tests.unit.test_insight import TODAY, fact


def _varied() -> list[ReportFacts]:
    return [
        fact(1, 0, gpus=("8086:a7a0",), network=("8086:2723",), product="ThinkPad T14"),
        fact(2, 0, gpus=("8086:a7a0", "10de:1f95"), product="ThinkPad T14"),
        fact(3, 5, gpus=("8086:a7a0", "8086:a7a0"), network=("10ec:b723",)),  # the same twice
        fact(4, 9, received=None, product="GPU 8086:a7a0"),  # a machine named like a chip
        fact(5, 9, product="net 10ec:b723", network=("10ec:b723",)),
        fact(6, 70, key="a0"),
        fact(7, 9, key="a1", received=None),
        fact(8, 5, key="z"),
        fact(9, 5, key="b"),
    ]


def test_hardware_counts_are_the_counter_of_every_reports_hardware() -> None:
    facts = _varied()
    names = _Named("GPU "), _Named("net ")
    expected = Counter(h for f in facts for h in f.hardware)
    assert _hardware_counts(facts, *names) == expected
    assert expected["GPU 8086:a7a0"] == 5 and expected["net 10ec:b723"] == 3
    assert _hardware_counts(facts[:3], *names) == Counter(
        h for f in facts[:3] for h in f.hardware)  # the names made once serve again
    assert _hardware_counts([], *names) == Counter()


def test_newest_first_is_the_sort_by_day_then_key() -> None:
    facts = _varied()
    for chosen in (facts, facts[::-1], [f for f in facts if f.received], facts[3:4], []):
        assert newest_first_sorted(chosen) == sorted(
            chosen, key=_newest_first)
    twins = [fact(1, 2, key="same"), fact(2, 2, key="same"), fact(3, 2, key="same")]
    assert newest_first_sorted(twins) == twins  # equal keys keep their order


def test_per_week_counts_each_day_as_often_as_it_comes() -> None:
    days = [TODAY, TODAY, None, TODAY - timedelta(days=6), TODAY - timedelta(days=7),
            TODAY - timedelta(days=7), TODAY - timedelta(days=56), TODAY + timedelta(days=1)]
    assert per_week(days, TODAY) == (0, 0, 0, 0, 0, 0, 2, 3)
    assert per_week(iter(days), TODAY, weeks=2) == (2, 3)


def test_regression_group_counts_are_the_counter_of_every_reports_groups() -> None:
    facts = [*_varied(),
        fact(20, 1, likely=(7, 8), devices=("8086:9dc8", "smbus:8086:51a3", "usb:0bda:8179",
                                            "usb:0bda:8179"), gpus=("1002:15bf",)),
        fact(21, 1, likely=(8,), devices=("usb:8086:9dc8",), product="Framework Laptop"),
    ]
    expected = Counter(g for f in facts for g in _groups_of(f))
    assert _group_counts(facts) == expected
    assert expected["USB device 0bda:8179"] == 2 and expected["#8"] == 1
    assert expected["SMBus 8086:51a3"] == 1  # rules v52: counted before a release alike
    assert _group_counts([]) == Counter()
