"""What the counting's facts of 100,000 reports hold in memory (issue #12): synthetic saved
facts (about 30 words a report from a shared vocabulary, chips, a machine, journal errors),
encoded as the report cache keeps them, then decoded and kept as ``Insight._load_saved``
does (``from_data`` then ``shared``).

    .venv/bin/python benchmarks/facts_memory.py [--reports 100000] [--trace]
                                                [--cache PAGE]

Prints the RSS the kept facts add (the saved JSON is made and held before, and counted
apart) and, with ``--trace``, the bytes ``tracemalloc`` traces for them. With ``--cache``
the saved facts are first written to a report cache in a temporary directory and dropped
from memory, then read back through ``ReportCache.facts`` PAGE rows at a time (0: all in
one query, as before session 8), so the RSS added includes what reading them holds.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hdtui.cache import ReportCache
from hdtui.domain.codec import from_data, to_data
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.word_set import WordSet
from hdtui.services.insight import shared
from hdtui.store import SCHEMA as ENTRY_SCHEMA

TODAY = date(2026, 11, 30)
VOCABULARY = [f"term{i}" for i in range(20_000)]
ERRORS = [f"kernel: amdgpu # ring gfx timeout signaled seq # emitted seq # kind {i}"
          for i in range(2_000)]


def rss_mb() -> float:
    """The resident set size now, in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def saved_rows(n: int, seed: int = 3) -> list[tuple[str, str]]:
    """(key, JSON) as the report cache returns them."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(VOCABULARY))]
    rows = []
    for i in range(n):
        words = WordSet(rng.choices(VOCABULARY, weights, k=40))
        facts = ReportFacts(
            key=f"INBOX/{1_700_000 + i}/<{i:016x}.{rng.randrange(10**9)}@example.org>",
            reference=f"wb://{i:032x}", report_id=f"{i:032x}",
            received=TODAY - timedelta(days=rng.randrange(400)),
            version=rng.choice(["6.18", "7.5", "7.6", "7.7"]),
            gpus=(f"8086:{rng.randrange(300):04x}",), network=(f"10ec:{rng.randrange(50):04x}",),
            product=f"Model {rng.randrange(500)}",
            errors=tuple(rng.sample(ERRORS, rng.randrange(4))),
            words=words, likely=(rng.randrange(60),) if rng.random() < 0.6 else ())
        rows.append((facts.key, json.dumps(to_data(facts), separators=(",", ":"))))
    return rows


def load(rows: Iterable[tuple[str, str]]) -> dict[str, tuple[int, str, ReportFacts]]:
    """As ``Insight._load_saved``: decoded, strings shared."""
    return {key: (1000, "", shared(from_data(ReportFacts, json.loads(data))))
            for key, data in rows}


def cached(rows: list[tuple[str, str]], directory: str) -> ReportCache:
    """A report cache holding ``rows`` as saved facts (rules version 1)."""
    cache = ReportCache(Path(directory) / "cache.sqlite", schema=ENTRY_SCHEMA)
    for start in range(0, len(rows), 10_000):
        cache.put_facts("ns", [(key, 1000, 1, "", data)
                               for key, data in rows[start:start + 10_000]])
    return cache


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--trace", action="store_true")
    p.add_argument("--cache", type=int, metavar="PAGE", default=None)
    args = p.parse_args()
    rows = saved_rows(args.reports)
    with tempfile.TemporaryDirectory() as directory:
        cache = None
        if args.cache is not None:
            cache = cached(rows, directory)
            del rows
        gc.collect()
        before = rss_mb()
        if args.trace:
            tracemalloc.start()
        started = time.perf_counter()
        if cache is not None:
            kept = load((key, data) for key, _, _, _, data in cache.facts(
                "ns", 1, page=args.cache or 10**9))
            cache.close()
        else:
            kept = load(rows)
        took = time.perf_counter() - started
    gc.collect()
    if args.trace:
        traced, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"traced: {traced / 1e6:.1f} MB, {traced / len(kept):.0f} bytes a report")
    words = sum(len(f.words) for _, _, f in kept.values()) / len(kept)
    print(f"{len(kept)} reports ({words:.1f} words each): the kept facts add "
          f"{rss_mb() - before:.1f} MB of RSS; decoded in {took:.2f} s")


if __name__ == "__main__":
    main()
