"""Where the memory of a whole overview goes (issue #12): the saved facts of a home's report
cache read back as ``Insight._load_saved`` reads them, then ``overview()`` of them (the
counts, hot topics, clusters and regressions), in a process of its own.

    .venv/bin/python benchmarks/overview_memory.py HOME [--namespace NS] [--rules N]
                                                   [--trace]

HOME holds ``store-cache.sqlite`` (a copy: nothing is written, but SQLite may add its side
files); NS is the source's identity (the cache's only one by default); N the rules
version whose saved facts are read (the checkout's by default: older ones compare two
checkouts of other rules on the same facts). Prints the RSS and
CPU after the read and after the overview, the RSS once the C heap's free pages are handed
back (as ``hdtui.heap.give_back`` does), and a hash of the overview's numbers (compare two
checkouts: run it from each). ``--trace`` adds ``tracemalloc``'s bytes by line for the
facts held, and the bytes held and the highest point around each step of ``clusters()``
(slow: about three times the CPU; its RSS is not the process's own).
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import gc
import hashlib
import sqlite3
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from sys import intern
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hdtui.domain.insight.clusters as cluster_steps
import hdtui.domain.insight.overview as overview_steps
from hdtui.cache import ReportCache
from hdtui.domain.facts_codec import decode_rows
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.store import SCHEMA

STEPS = ((overview_steps, ("counted_in", "vetted", "issue_stats", "releases_seen", "regressions",
                           "clusters")),
         (cluster_steps, ("_ModelErrors", "_join_same_model_and_nearest", "_join_by_group_words",
                          "_join_mail_by_most_words", "_attach_by_journal", "_unique_ids",
                          "_families")))
"""The functions around which ``--trace`` notes the bytes traced, each in the module that
calls it."""


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 1e6


def traced(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call``, printing the bytes traced before it and held and at most within it."""
    @functools.wraps(call)
    def noted(*args: Any, **kwargs: Any) -> Any:
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        found = call(*args, **kwargs)
        after, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        print(f"  {name}: {held / 1e6:.1f} MB before, {after / 1e6:.1f} after, "
              f"{peak / 1e6:.1f} at most within")
        return found
    return noted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("home", type=Path)
    parser.add_argument("--namespace", default="")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--rules", type=int, default=None,
                        help="read the facts saved by these rules (default: the checkout's)")
    args = parser.parse_args()
    path = args.home / "store-cache.sqlite"
    namespace = args.namespace
    if not namespace:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            namespace = db.execute("SELECT ns FROM facts LIMIT 1").fetchone()[0]
    if args.trace:
        tracemalloc.start()
        for module, names in STEPS:
            for name in names:
                setattr(module, name, traced(name, getattr(module, name)))
    cache = ReportCache(path, SCHEMA)
    print(f"{namespace}: RSS {rss_mb():.1f} MB at the start")
    start = time.process_time()
    saved: dict[str, tuple[int, str, ReportFacts]] = {}
    rows = cache.facts(namespace, args.rules or RULES_VERSION)
    while page := list(islice(rows, 1000)):
        for (key, size, _, fingerprint, _), found in zip(
                page, decode_rows([row[4] for row in page]), strict=True):
            if found is not None:
                saved[found.key if found.key == key else key] = (size, intern(fingerprint),
                                                                 found)
    del page, rows
    gc.collect()
    print(f"{len(saved):,} facts read: RSS {rss_mb():.1f} MB, "
          f"CPU {time.process_time() - start:.2f} s")
    if args.trace:
        snapshot = tracemalloc.take_snapshot()
        print(f"  traced {tracemalloc.get_traced_memory()[0] / 1e6:.1f} MB, by line:")
        for stat in snapshot.statistics("lineno")[:10]:
            print(f"    {stat}")
        del snapshot
    facts = [f for _, _, f in saved.values()]
    today = max((f.received for f in facts if f.received), default=None) or \
        datetime.now(UTC).date()
    start = time.process_time()
    iids = sorted({iid for f in facts for iid in (*f.likely, f.possible) if iid})
    view = overview(facts, [], today, iids=iids)
    print(f"overview: RSS {rss_mb():.1f} MB after it, CPU {time.process_time() - start:.2f} s;"
          f" {len(view.clusters)} clusters, {len(view.regressions)} regressions")
    with open("/proc/self/status") as f:
        print(next(line.strip() for line in f if line.startswith("VmHWM")), "(peak RSS)")
    # (after the peak: the issues' stats hold their reports, whose text is large)
    numbers = hashlib.sha1()
    for part in (*view.stats.items(), view.hot, view.clusters, view.regressions):
        numbers.update(repr(part).encode())
    print(f"  hash of its numbers {numbers.hexdigest()[:16]}")
    del view, part
    gc.collect()
    before = rss_mb()
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # (as hdtui.heap.give_back:
    if trim is not None:  # not imported, so that any checkout can be measured)
        trim(0)
    print(f"RSS {before:.1f} MB with the overview dropped, {rss_mb():.1f} MB handed back")


if __name__ == "__main__":
    main()
