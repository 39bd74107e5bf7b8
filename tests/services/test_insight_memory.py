"""The issues' counts with likely reports (``Insight.with_likely``, asked each time the
report pane shows a report) walk the queue without holding every key at once: at a warm
start its set of every key was the process's peak of memory (docs/benchmarks.md, "Session
20: the warm queue at 100,000")."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from hdtui.domain.facts_codec import encode
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.links import ReportCount
from hdtui.domain.mail import Kind
from hdtui.domain.queue import KINDS, Row, queue_line
from hdtui.domain.queue_columns import QueueColumns, RowsAt
from hdtui.services.insight import Insight

MESSAGES = 20_000
REPORT = KINDS.index(Kind.REPORT)


class _Queue:
    """The triage as ``with_likely`` sees it: the queue's rows, its known issues
    loaded (``issues_missing`` empty, as Triage's after a read that worked)."""

    def __init__(self, columns: QueueColumns) -> None:
        self.columns = columns
        self.issues_missing = ""

    def rows(self) -> RowsAt:
        return self.columns.values()


def _insight() -> Insight:
    columns = QueueColumns()
    for n in range(MESSAGES):
        columns.put(Row(f"INBOX/1796600829/{n}", 1000, 1.7e9 + n, REPORT, 0, 0, "", n,
                        queue_line(f"summary {n}", "7.5", "", f"{n:032x}", "")))
    return Insight(_Queue(columns), None)  # type: ignore[arg-type]


def _peak(call: Callable[[], Any]) -> int:
    """The most bytes traced at once while ``call`` runs, beyond those before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_no_fact_known_no_walk_of_the_queue() -> None:
    """A start's first report shown, before any fact is read back or counted: on main a
    set of the 20,000 keys (4.1 MB at its peak: 20 MB at 100,000)."""
    insight = _insight()
    counts = {7: ReportCount(2, 1)}
    # the numbers unchanged, said to be of a queue not counted yet (no count has ended)
    assert insight.with_likely(counts) == {7: ReportCount(2, 1, counting=True)}
    assert _peak(lambda: insight.with_likely(counts)) < 64_000


def test_facts_known_are_counted_without_a_set_of_every_key() -> None:
    """Facts known for a few messages of the queue (and one of a message gone): only
    those in the queue count, and the walk holds one key at a time, not all of them."""
    insight = _insight()
    received = date(2026, 12, 1)
    for n in (3, 500, 19_999):
        key = f"INBOX/1796600829/{n}"
        insight._facts[key] = (1000, "", ReportFacts(key, f"wb://{n:032x}",
                                                      received=received, likely=(7,)))
    gone = "INBOX/1796600829/123456"
    insight._facts[gone] = (1000, "", ReportFacts(gone, "wb://gone", received=received,
                                                  likely=(7,)))
    counts = {7: ReportCount(2, 1)}
    found = insight.with_likely(counts)[7]
    assert found.likely == 3  # the message gone is not counted
    insight._stats = None  # counted again in the measure
    assert _peak(lambda: insight.with_likely(counts)) < 400_000


class _Counted(_Queue):
    """The triage as ``Insight.facts`` sees it, with no message readable: each read
    notes the bytes traced at that moment."""

    def __init__(self, columns: QueueColumns) -> None:
        super().__init__(columns)
        self.source = SimpleNamespace(identity="ns")
        self.store = SimpleNamespace(facts=lambda namespace, rules: iter(()),
                                     put_facts=lambda namespace, batch: None)
        self.traced: list[int] = []
        self.issues_missing = ""  # the tracker is set up (``Triage.issues_missing``)

    def known_issues(self) -> SimpleNamespace:
        return SimpleNamespace(issues=[])

    def learn(self, vocabulary: object) -> None:
        pass

    def matching_index(self) -> None:
        return None

    def full(self, key: str) -> None:
        if not self.traced:
            self.traced.append(tracemalloc.get_traced_memory()[0])


def test_the_queue_s_keys_are_not_held_while_facts_are_computed() -> None:
    """A count of 100,000 reports takes minutes: on main it held a list of every key
    through it (1.6 MB at 20,000 messages, 7.9 MB at 100,000)."""
    triage = _Counted(_insight().triage.columns)  # type: ignore[attr-defined]
    insight = Insight(triage, None)  # type: ignore[arg-type]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert insight.facts() == []
    finally:
        tracemalloc.stop()
    assert triage.traced and triage.traced[0] - before < 400_000


def test_the_overview_and_the_saved_facts_read_hand_the_memory_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What the overview (the clustering's tens of MB at 100,000) and the saved facts'
    read made and dropped is handed back to the system after each, not kept resident by
    the C heap for the session (docs/insight.md, "Session 23: the memory handed back")."""
    handed: list[str] = []
    monkeypatch.setattr("hdtui.services.insight.give_back", lambda: handed.append("back"))
    triage = _Counted(_insight().triage.columns)  # type: ignore[attr-defined]
    insight = Insight(triage, None)  # type: ignore[arg-type]
    insight.load_saved()
    assert handed == ["back"]
    view = insight.overview()
    assert view.clusters == () and handed == ["back", "back"]


def test_the_saved_facts_are_held_with_their_size_and_fingerprint_in_columns() -> None:
    """A message's size and fingerprint are numbers in arrays, not a tuple and an int a
    message (docs/insight.md, "Session 28: the facts held in columns"): 20,000 saved
    facts held cost under 48 bytes a message beyond the facts (a dictionary of tuples
    cost about 100), and read back as they were saved."""
    triage = _Counted(_insight().triage.columns)  # type: ignore[attr-defined]
    rows = [(f"INBOX/1/{n}", 1000 + n % 7, RULES_VERSION, f"fp{n % 3}",
             encode(ReportFacts(f"INBOX/1/{n}", f"wb://{n:032x}"))) for n in range(MESSAGES)]
    triage.store = SimpleNamespace(facts=lambda namespace, rules: iter(rows))
    insight = Insight(triage, None)  # type: ignore[arg-type]
    insight.load_saved()
    assert [insight._facts[key][:2] for key, *_ in rows[:8]] == [
        (1000 + n % 7, f"fp{n % 3}") for n in range(8)]
    held = insight._facts
    facts = held.all_facts()
    assert [f.key for f in facts] == [key for key, *_ in rows]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        again = type(held)((f.key, (1000, "fp0", f)) for f in facts)
        cost = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(again) == MESSAGES and cost < 48 * MESSAGES


def test_the_facts_of_the_whole_queue_are_given_without_a_set_of_every_key() -> None:
    """A warm start's count finds every message's facts known: on main it made a set of
    the queue's keys to keep the facts of messages still there (2.2 MB at its peak at
    20,000 messages, 11 MB at 100,000, made just before the overview's counts). With a
    fact of a message gone, only the queue's are given, in the order they are known."""
    from hdtui.services.insight import issues_fingerprint

    triage = _Counted(_insight().triage.columns)  # type: ignore[attr-defined]
    insight = Insight(triage, None)  # type: ignore[arg-type]
    insight._loaded = True
    issues = issues_fingerprint([])
    keys = [f"INBOX/1796600829/{n}" for n in reversed(range(MESSAGES))]
    for key in keys:
        insight._facts[key] = (1000, issues, ReportFacts(key, "wb://1"))
    found: list[ReportFacts] = []
    peak = _peak(lambda: found.extend(insight.facts()))
    assert [f.key for f in found] == keys and not triage.traced  # (nothing counted)
    assert peak < 400_000
    insight._facts["INBOX/1796600829/gone"] = (1000, issues, ReportFacts("gone", "wb://2"))
    assert [f.key for f in insight.facts()] == keys
