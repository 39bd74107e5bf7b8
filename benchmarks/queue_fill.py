"""Times a warm start's queue in a process of its own: reading the cached queue into
columns (``ReportCache.pages`` into ``QueueColumns.extend``, what the triage's worker
does) and sorting it in the default order (what the queue view does on the UI thread
when the whole queue is shown), on the store a ``warm_tmux.py --serve DIR`` synced.

Run: .venv/bin/python benchmarks/queue_fill.py DIR/home/.../cache.sqlite [--runs 5]
                                               [--profile]

Prints the median (min-max) of each step in milliseconds of CPU time (the figure least
moved by other jobs); ``--profile`` prints cProfile's
20 costliest functions of one read and sort. The collector is paused during the read, as
the triage pauses it (docs/benchmarks.md, "Warm start at 100,000").
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.cache import ReportCache  # noqa: E402
from hdtui.domain.queue import SortOrder  # noqa: E402
from hdtui.domain.queue_columns import QueueColumns  # noqa: E402


def once(cache: ReportCache, namespace: str) -> tuple[float, float]:
    """Milliseconds to read the queue into columns, then to sort it."""
    gc.disable()
    started = time.thread_time()
    columns = QueueColumns()
    cache.pages(namespace, columns.extend)
    columns.filled()
    read = time.thread_time()
    gc.enable()
    values = columns.values()
    values.sorted(SortOrder.PRIORITY)
    shown = time.thread_time()
    return (read - started) * 1000, (shown - read) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    cache = ReportCache(args.cache, schema=0)
    namespace = cache._db.execute("SELECT ns FROM queue LIMIT 1").fetchone()[0]
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(once, cache, namespace)
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
        return
    reads, sorts = zip(*(once(cache, namespace) for _ in range(args.runs)), strict=True)
    for name, times in (("read", reads), ("sort", sorts)):
        print(f"{name}: {statistics.median(times):.1f} ms "
              f"({min(times):.1f}-{max(times):.1f})")


if __name__ == "__main__":
    main()
