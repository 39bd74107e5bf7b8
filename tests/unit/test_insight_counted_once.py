"""Work the overview does once per distinct value rather than once per report (docs/
insight.md, "Session 12: `hdtui stats --json` at 100,000") gives what the per-report
count gives."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import cast

import pytest

from hdtui.domain import insight
from hdtui.domain.insight import (
    COMMON_CHIP_SHARE,
    ReportFacts,
    _common_chips,
    _hardware_counts,
    _product_words,
    issue_stats,
    regressions,
)
from hdtui.domain.terms import terms
from hdtui.services.insight import learnt_fingerprint


def _per_report(facts: list[ReportFacts]) -> set[str]:
    counts: Counter[str] = Counter()
    for f in facts:
        counts.update({f"gpu:{g}" for g in f.gpus} | {f"net:{n}" for n in f.network})
    limit = max(COMMON_CHIP_SHARE * len(facts), 4)
    return {k for k, n in counts.items() if n > limit}


def test_common_chips_as_counted_report_by_report() -> None:
    rng = random.Random(11)
    gpus = ["8086:5917", "1002:15bf", "10de:1c8d", "8086:a7a0"]
    nets = ["8086:2723", "10ec:b723", "168c:0042"]
    for size in (3, 40, 400):
        facts = [ReportFacts(f"k{i}", f"wb://{i}",
                             # The same chip twice in one report counts once.
                             gpus=tuple(rng.choices(gpus, k=rng.randrange(3))),
                             network=tuple(rng.choices(nets, k=rng.randrange(2))))
                 for i in range(size)]
        found = _common_chips(facts)
        assert found == _per_report(facts)
        assert size < 40 or found  # some chip is common at these sizes


def test_a_products_words_are_its_terms() -> None:
    for product in ("Lenovo ThinkPad X1 Carbon Gen 9", "", "MacBookAir10,1", "HP 250 G7"):
        assert _product_words(product) == frozenset(terms(product))


def test_without_learnt_words_a_reports_fingerprint_is_the_issues() -> None:
    """``Insight._current`` compares a saved fingerprint with the issues' alone when no
    word is learnt, without reading the report's words."""
    assert learnt_fingerprint("abc123", {}, ["wifi", "unlock"]) == "abc123"
    assert learnt_fingerprint("abc123", {"wifi": ["7:wifi"]}, ["wifi"]) != "abc123"


def _machines(size: int, rng: random.Random) -> list[ReportFacts]:
    gpus = ["8086:5917", "1002:15bf", "10de:1c8d"]
    return [ReportFacts(f"k{i}", f"wb://{i}", received=date(2026, 11, 30) - timedelta(
                            days=rng.randrange(120)),
                        version=rng.choice(["7.4", "7.5", "7.6"]),
                        product=rng.choice(["", "HP 250", "Dell XPS 13"]),
                        # The same chip twice in one report counts twice, as before.
                        gpus=tuple(rng.choices(gpus, k=rng.randrange(3))),
                        network=tuple(rng.choices(["8086:2723", "10ec:b723"],
                                                  k=rng.randrange(2))),
                        devices=tuple(rng.choices(["usb:0bda:8153", "10ec:525a"],
                                                  k=rng.randrange(2))),
                        likely=tuple(rng.sample([101, 202], rng.randrange(2))))
            for i in range(size)]


def test_hardware_and_groups_before_a_release_counted_per_distinct_machine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hardware of an issue's reports and the groups of the reports before a release
    are counted per distinct machine and chips (docs/insight.md, "Session 13: stats
    --json at 100,000"): the same counts as report by report, the names made once per
    distinct machine."""
    facts = _machines(600, random.Random(12)) + [  # a machine new on 7.6: a regression
        ReportFacts(f"x{i}", f"wb://x{i}", received=date(2026, 11, 20), version="7.6",
                    product="Lenovo X1") for i in range(12)]
    assert _hardware_counts(facts) == Counter(h for f in facts for h in f.hardware)
    expected_stats = issue_stats(facts, [], date(2026, 11, 30))
    expected = regressions(facts, [("7.6", date(2026, 11, 1))], date(2026, 11, 30))
    made = 0
    hardware, groups_of = ReportFacts.hardware, insight._groups_of

    def counted_hardware(f: ReportFacts) -> tuple[str, ...]:
        nonlocal made
        made += 1
        return cast(tuple[str, ...], hardware.__get__(f))

    def counted_groups(f: ReportFacts) -> list[str]:
        nonlocal made
        made += 1
        return groups_of(f)

    monkeypatch.setattr(ReportFacts, "hardware", property(counted_hardware))
    assert issue_stats(facts, [], date(2026, 11, 30)) == expected_stats
    assert 0 < made <= 2 * 3 * 9 * 3  # issues × products × GPU tuples × network tuples
    made = 0
    monkeypatch.setattr(insight, "_groups_of", counted_groups)
    found = regressions(facts, [("7.6", date(2026, 11, 1))], date(2026, 11, 30))
    assert found == expected and found
    new = sum(1 for f in facts if f.received is not None and f.received >= date(2026, 11, 1)
              and f.version == "7.6")
    assert made <= new + 3 * 9 * 3 * 3 * 3  # the new reports, then distinct machines
