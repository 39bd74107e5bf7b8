"""Times a warm start's queue in a process of its own: reading the cached queue into
columns (``ReportCache.pages`` into ``QueueColumns.extend``, what the triage's worker
does) and sorting it in the default order (what the queue view does on the UI thread
when the whole queue is shown), on the store a ``warm_tmux.py --serve DIR`` synced.

Run: .venv/bin/python benchmarks/queue_fill.py DIR/home/.../cache.sqlite [--runs 5]
                                               [--profile] [--kept]

Prints the median (min-max) of each step in milliseconds of CPU time (the figure least
moved by other jobs). ``--kept`` (a cache of version 8 or later) also times keeping the
columns read in the cache (``ReportCache.put_columns``, what the first start after a
change of many messages does) and reading them back (``ReportCache.columns`` into
``QueueColumns.restore``, what a warm start does then: docs/queue-columns.md, "Kept in
the cache"), on a copy of the cache it makes next to it. ``--profile`` prints cProfile's
20 costliest functions of one read and sort. The collector is paused during the read, as
the triage pauses it (docs/benchmarks.md, "Warm start at 100,000").
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import shutil
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


def kept(cache: ReportCache, namespace: str) -> tuple[float, float, float]:
    """Milliseconds to keep the columns read (after reading them from the rows and
    sorting them), to read them back, and to sort what was read back (the order kept)."""
    columns = QueueColumns()
    unread: list = []  # type: ignore[type-arg]
    generation = cache.rows_read(namespace)
    cache.pages(namespace, columns.extend, unread=unread)
    columns.filled()
    columns.sort_every()  # as the triage does: the order is kept too
    arrays, data = columns.state()
    started = time.thread_time()
    assert cache.put_columns(namespace, generation, arrays, data, unread)
    written = time.thread_time()
    del columns, arrays
    gc.disable()
    started_read = time.thread_time()
    found = cache.columns(namespace, QueueColumns.restore)
    read = time.thread_time()
    gc.enable()
    assert found is not None
    found[0].values().sorted(SortOrder.PRIORITY)
    shown = time.thread_time()
    return (written - started) * 1000, (read - started_read) * 1000, (shown - read) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--kept", action="store_true")
    args = parser.parse_args()
    if args.kept:
        copy = args.cache.with_name("queue-fill-copy.sqlite")
        shutil.copyfile(args.cache, copy)
        args.cache = copy
    cache = ReportCache(args.cache, schema=0)
    namespace = cache._db.execute("SELECT ns FROM queue LIMIT 1").fetchone()[0]
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(once, cache, namespace)
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
        return
    reads, sorts = zip(*(once(cache, namespace) for _ in range(args.runs)), strict=True)
    steps = [("read", reads), ("sort", sorts)]
    if args.kept:
        writes, kept_reads, kept_sorts = zip(*(kept(cache, namespace)
                                               for _ in range(args.runs)), strict=True)
        steps += [("columns kept: write", writes), ("columns kept: read", kept_reads),
                  ("columns kept: sort", kept_sorts)]
    for name, times in steps:
        print(f"{name}: {statistics.median(times):.1f} ms "
              f"({min(times):.1f}-{max(times):.1f})")


if __name__ == "__main__":
    main()
