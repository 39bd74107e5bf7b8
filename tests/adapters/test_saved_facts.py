"""The report cache's saved facts (the counting's, docs/insight.md) are read a page at a
time: a session at 100,000 reports kept every row's JSON at once while decoding them
(docs/benchmarks.md, "Measured in a whole session")."""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path

from hdtui.cache import ReportCache
from hdtui.store import SCHEMA as ENTRY_SCHEMA


def saved(count: int, size: int = 10, rules: int = 1) -> list[tuple[str, int, int, str, str]]:
    return [(f"k{n:05d}", 100 + n, rules, "fp", "x" * size) for n in range(count)]


def test_every_row_comes_back_in_key_order_across_pages(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "c.sqlite", schema=ENTRY_SCHEMA)
    try:
        rows = saved(7)
        cache.put_facts("ns", list(reversed(rows)))
        cache.put_facts("other", saved(3))
        assert list(cache.facts("ns", page=2)) == rows
        assert list(cache.facts("ns", page=7)) == rows
        assert list(cache.facts("ns", page=100)) == rows
    finally:
        cache.close()


def test_only_the_rows_of_the_rules_asked_for_are_read(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "c.sqlite", schema=ENTRY_SCHEMA)
    try:
        cache.put_facts("ns", [*saved(2, rules=8), *saved(6, rules=9)[4:]])
        assert [r[0] for r in cache.facts("ns", rules=9, page=1)] == ["k00004", "k00005"]
        assert [r[0] for r in cache.facts("ns", rules=8)] == ["k00000", "k00001"]
        assert len(list(cache.facts("ns"))) == 4
    finally:
        cache.close()


def test_reading_them_holds_one_page_not_every_row(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "c.sqlite", schema=ENTRY_SCHEMA)
    try:
        cache.put_facts("ns", saved(400, size=20_000))  # 8 MB of saved facts
        tracemalloc.start()
        try:
            count = sum(1 for _ in cache.facts("ns", page=10))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert count == 400
        assert peak < 2_000_000, f"{peak} bytes held at once"
    finally:
        cache.close()


def test_a_write_between_two_pages_is_not_held_up(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "c.sqlite", schema=ENTRY_SCHEMA)
    try:
        cache.put_facts("ns", saved(4))
        reading = cache.facts("ns", page=2)
        assert next(reading)[0] == "k00000"
        writer = threading.Thread(target=cache.put_facts, args=("ns", saved(1, rules=2)))
        writer.start()
        writer.join(timeout=10)
        assert not writer.is_alive()
        assert [r[0] for r in reading] == ["k00001", "k00002", "k00003"]
    finally:
        cache.close()
