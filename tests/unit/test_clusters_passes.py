"""The clustering's passes over the groups (``_Groups.clusters`` and the same-model rule,
``_join_same_model_and_nearest``) make no list for each lone report and no set of groups
for each word: at 100,000 messages (85,000 reports in the pool) the same-model rule's
peak was 23 MB above the clustering's other data (docs/insight.md, "Session 23: the
clustering's passes"). The groups they give and join are the same as before."""

from __future__ import annotations

import gc
import random
import tracemalloc
from array import array
from collections import Counter, defaultdict
from datetime import date
from itertools import chain
from typing import Any

import pytest

from hdtui.domain.components import PROGRAM_WORDS
from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.joining import _join_same_model_and_nearest, _join_three_or_more
from hdtui.domain.insight.linking import _Groups, _ModelErrors, _Signals
from hdtui.domain.vocabulary import GENERIC_WORDS

REPORTS = 20_000


def _signals(seed: int = 7) -> list[_Signals]:
    """Reports of two machine models and nearest issues (as at 100,000: thousands a model),
    saying words of a small vocabulary, some without a model or a nearest issue."""
    rng = random.Random(seed)
    vocabulary = [f"word{n}" for n in range(100)]
    found = []
    for n in range(REPORTS):
        words = frozenset(rng.sample(vocabulary, 12))
        found.append(_Signals(hardware=frozenset(), errors=frozenset(), words=words,
                              product=f"Laptop {n % 2}" if n % 11 else "",
                              size=len(words), nearest=(n % 2) + 1 if n % 13 else 0))
    return found


def _grouped(size: int, seed: int = 5) -> _Groups:
    """Groups of a few reports joined at random, most reports alone."""
    rng = random.Random(seed)
    groups = _Groups(size)
    for _ in range(size // 10):
        groups.join(rng.randrange(size), rng.randrange(size))
    return groups


def _members(groups: _Groups) -> list[list[int]]:
    """Every group as the rules listed them before (lone reports too), by smallest index."""
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(groups.parent)):
        by_root[groups.find(i)].append(i)
    return [by_root[root] for root in sorted(by_root)]


def _old_same_model(signals: list[_Signals], groups: _Groups) -> None:
    """The same-model rule as it was: a list a group, a set of groups a word."""
    by_key: dict[tuple[str, int], list[list[int]]] = defaultdict(list)
    for members in _members(groups):
        if len(members) == 1:
            alone = signals[members[0]]
            if alone.product and alone.nearest:
                by_key[(alone.product, alone.nearest)].append(members)
            continue
        products = {signals[i].product for i in members} - {""}
        (most, n), = Counter(signals[i].nearest for i in members).most_common(1)
        if len(products) == 1 and most and 2 * n > len(members):
            by_key[(next(iter(products)), most)].append(members)
    for found in by_key.values():
        by_word: dict[str, set[int]] = defaultdict(set)
        for n, members in enumerate(found):
            for i in members:
                for w in signals[i].words - PROGRAM_WORDS - GENERIC_WORDS:
                    by_word[w].add(n)
        local = _Groups(len(found))
        for together in by_word.values():
            first = min(together)
            for m in together:
                local.join(first, m)
        _join_three_or_more(found, local, groups)  # (as it was)


def test_clusters_lists_the_groups_of_two_or_more_in_order() -> None:
    groups = _grouped(5_000)
    expected = [m for m in _members(groups) if len(m) >= 2]
    assert groups.clusters() == expected
    assert len(expected) > 100
    assert _Groups(3).clusters() == []


def test_the_same_model_rule_joins_the_same_groups() -> None:
    signals = _signals()[:3_000]
    ours, theirs = _grouped(len(signals)), _grouped(len(signals))
    _join_same_model_and_nearest(signals, ours)
    _old_same_model(signals, theirs)
    assert _members(ours) == _members(theirs)
    assert len(ours.clusters()) < len(_grouped(len(signals)).clusters())  # (it joined)


def test_the_same_model_rule_holds_no_set_a_word_nor_a_list_a_lone_report() -> None:
    signals = _signals()
    groups = _grouped(len(signals))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        _join_same_model_and_nearest(signals, groups)
        per_report = (tracemalloc.get_traced_memory()[1] - before) / len(signals)
    finally:
        tracemalloc.stop()
    # 285 bytes a report with a list each and a set of groups a word; 79 with a tuple
    # of one and an int a lone report (session 27); 25 with the groups' roots in arrays
    # (session 28: docs/insight.md, "Session 28: the lone reports marked").
    assert per_report < 45, per_report


def test_the_postings_hold_the_reports_numbers_without_an_int_each(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The postings and the words' lists, held through every pass, keep each report's
    number in 4 bytes, not as a list entry and an int object (12.7 MB at 85,000 reports):
    the bytes traced once they are made, for reports that say words many others say."""
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(400)]
    today = date(2026, 12, 7)
    facts = [ReportFacts(key=f"INBOX/1/{n}", reference=f"wb://{n:032x}", received=today,
                         version="7.5", product=f"Laptop {n % 7}",
                         errors=(f"kernel driver{n % 8} # error failed",),
                         words=tuple(rng.sample(vocabulary, 20)))
             for n in range(4_000)]
    traced: list[int] = []
    made = _ModelErrors.__init__

    def noted(self: _ModelErrors, postings: Any, signals: Any) -> None:
        traced.append(tracemalloc.get_traced_memory()[0])
        made(self, postings, signals)

    monkeypatch.setattr(_ModelErrors, "__init__", noted)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        clusters(facts, today)
    finally:
        tracemalloc.stop()
    # 1,783 bytes a report with lists of ints, 1,671 with 4-byte numbers.
    assert (traced[0] - before) / len(facts) < 1_730, (traced[0] - before) / len(facts)


def test_the_groups_parents_are_numbers_of_4_bytes() -> None:
    # (Session 26) 4 bytes a report, not a list entry and an int object: 3.4 MB at 85,000
    # reports, held through every pass. The groups are as the list made them.
    groups = _grouped(20_000)
    assert groups.parent.itemsize == 4  # type: ignore[attr-defined]
    listed = _Groups(20_000)
    listed.parent = list(range(20_000))
    rng = random.Random(5)
    for _ in range(2_000):
        listed.join(rng.randrange(20_000), rng.randrange(20_000))
    assert groups.clusters() == listed.clusters()
    assert _members(groups) == _members(listed)


def test_what_every_group_holds_and_the_lone_reports_are_as_the_sets_found_them() -> None:
    # (Session 26) ``_in_all`` and ``_not_in`` make no set of a whole group or pool at once.
    from hdtui.domain.insight.joining import _in_all, _not_in

    rng = random.Random(8)
    keys = [f"error:e{n}" for n in range(12)]
    for _ in range(200):
        sets = [frozenset(rng.sample(keys, rng.randrange(1, 10)))
                for _ in range(rng.randrange(1, 6))]
        assert _in_all(iter(sets)) == frozenset.intersection(*sets)
        found = [sorted(rng.sample(range(100), rng.randrange(2, 8))) for _ in range(3)]
        pool = set(rng.sample(range(100), 40))
        postings = [rng.sample(sorted(pool), rng.randrange(1, 20)) for _ in range(5)]
        said = set(chain.from_iterable(postings))
        assert list(_not_in(postings, 100, found)) == sorted(
            said - {i for g in found for i in g})
    with pytest.raises(ValueError):
        _in_all(iter([]))


def test_the_lone_reports_are_marked_without_a_set_of_the_pool() -> None:
    # (Session 28) one byte a report of the pool, not a set and an int of each: a set of
    # 50,000 reports is about 3.5 MB traced.
    from hdtui.domain.insight.joining import _not_in

    count = 50_000
    postings = [array("i", range(start, count, 3)) for start in range(3)]
    found = [list(range(n, n + 5)) for n in range(0, count, 10)]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        lone = _not_in(postings, count, found)
        first = next(lone)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert first == 5 and peak < 200_000, peak
    assert [first, *lone] == [i for i in range(count) if i % 10 >= 5]
