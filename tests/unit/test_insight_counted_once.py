"""Work the overview does once per distinct value rather than once per report (docs/
insight.md, "Session 12: `hdtui stats --json` at 100,000") gives what the per-report
count gives."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from hdtui.domain.insight.clusters import COMMON_CHIP_SHARE, _common_chips, _device_counts, clusters
from hdtui.domain.insight.facts import USB_PREFIX, ReportFacts
from hdtui.domain.insight.joining import _chip_postings
from hdtui.domain.insight.linking import _product_words
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


def test_device_chips_as_counted_report_by_report() -> None:
    """``_device_counts`` counts each peripheral PCI chip once per report that lists it (a
    chip listed twice, in another order, or among USB devices too), and no USB device."""
    rng = random.Random(5)
    chips = ["8086:282a", "10ec:522a", "8086:9ded", "usb:1050:0407", "usb:0bda:8179"]
    facts = [ReportFacts(f"k{i}", f"wb://{i}",
                         devices=tuple(rng.choices(chips, k=rng.randrange(5))))
             for i in range(200)]
    per_report: Counter[str] = Counter()
    for f in facts:
        per_report.update({f"device:{d}" for d in f.devices if not d.startswith(USB_PREFIX)})
    assert _device_counts(facts) == per_report
    assert any(len(set(f.devices)) < len(f.devices) for f in facts)  # duplicates were drawn


def test_chip_postings_are_each_chips_reports() -> None:
    """Posted per distinct chip set, a chip's posting holds the reports that list it, and
    a chip whose reports are another's is left out (compared once anyway)."""
    rng = random.Random(3)
    pool = ["device:a", "device:b", "device:c", "device:d", "device:e"]
    sets = [frozenset(rng.sample(pool, rng.randrange(1, 4))) for _ in range(60)]
    with_chips: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, chips in enumerate(sets):
        with_chips[chips].append(i)
    naive: dict[str, list[int]] = defaultdict(list)
    for i, chips in enumerate(sets):
        for chip in chips:
            naive[chip].append(i)
    found = _chip_postings(with_chips)
    assert all(found[chip] == naive[chip] for chip in found)
    assert {tuple(m) for m in found.values()} == {tuple(m) for m in naive.values()}
    # Two chips always together (a chipset's): one posting.
    together = {frozenset({"device:x", "device:y"}): [0, 2], frozenset({"device:z"}): [1]}
    assert sorted(map(tuple, _chip_postings(together).values())) == [(0, 2), (1,)]


def test_reports_of_one_machine_with_other_words_are_apart() -> None:
    """Reports with the very same devices share their chip set (one frozenset): the chips
    link only those of them that share two words of their own."""
    today = date(2026, 11, 30)
    devices = ("10ec:522a", "8086:282a", "usb:1050:0407")

    def fact(n: int, words: set[str], machine: tuple[str, ...] = devices) -> ReportFacts:
        return ReportFacts(f"k{n}", f"wb://{n}", received=today - timedelta(days=n),
                           product=f"Model {n}", devices=machine, words=frozenset(words))

    others = [ReportFacts(f"o{i}", f"wb://o{i}", received=today, words=frozenset({f"w{i}"}))
              for i in range(60)]  # so that the machine's chips are not a tenth of all
    found = clusters([fact(1, {"invisible", "ssd", "raid"}), fact(2, {"invisible", "ssd"}),
                      fact(3, {"bluetooth", "headphones"}),
                      fact(4, {"webcam", "black"}),
                      fact(5, {"invisible", "ssd"}, ("usb:aaaa:0001", "8086:282a", "8086:282a")),
                      fact(6, {"webcam", "black"}, ("10ec:522a", "usb:aaaa:0002")),
                      fact(7, {"bluetooth", "headphones"}, ("usb:1050:0407",)), *others], today)
    assert sorted(sorted(c.reports) for c in found) == [["k1", "k2", "k5"], ["k4", "k6"]]


def test_a_products_words_are_its_terms() -> None:
    for product in ("Lenovo ThinkPad X1 Carbon Gen 9", "", "MacBookAir10,1", "HP 250 G7"):
        assert _product_words(product) == frozenset(terms(product))


def test_without_learnt_words_a_reports_fingerprint_is_the_issues() -> None:
    """``Insight._current`` compares a saved fingerprint with the issues' alone when no
    word is learnt, without reading the report's words."""
    assert learnt_fingerprint("abc123", {}, ["wifi", "unlock"]) == "abc123"
    assert learnt_fingerprint("abc123", {"wifi": ["7:wifi"]}, ["wifi"]) != "abc123"
