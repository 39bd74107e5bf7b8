"""Work the overview does once per distinct value rather than once per report (docs/
insight.md, "Session 12: `hdtui stats --json` at 100,000") gives what the per-report
count gives."""

from __future__ import annotations

import random
from collections import Counter

from hdtui.domain.insight import (
    COMMON_CHIP_SHARE,
    ReportFacts,
    _common_chips,
    _product_words,
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
