"""Times what the queue view does on the UI thread when a few messages change at 100,000
(``QueueView.apply``: a resync's changed, new, re-read and removed messages put in place).

Run: .venv/bin/python benchmarks/queue_apply.py [--messages 100000] [--runs 7]
                                                [--profile]

A headless Textual app holds the queue view; the queue is WhisperBack reports in the
triage's columns (``QueueColumns``), shown whole in the default order. Each case changes
the columns as the triage's resync does (docs/live-changes.md), then times ``apply`` in
CPU time of the UI thread (the figure least moved by other jobs): median (min-max) in
milliseconds. ``--profile`` prints cProfile's 15 costliest functions of each case.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402

from hdtui.domain.mail import Kind  # noqa: E402
from hdtui.domain.query import Hits  # noqa: E402
from hdtui.domain.queue import KINDS, Row, queue_line  # noqa: E402
from hdtui.domain.queue_columns import QueueColumns  # noqa: E402
from hdtui.ui.widgets.queue_view import QueueView  # noqa: E402

PREFIX = "INBOX/1796487337/"
REPORT = KINDS.index(Kind.REPORT)


def report(uid: int, keywords: str = "") -> Row:
    """A WhisperBack report as the benchmark's mailbox holds them."""
    return Row(f"{PREFIX}{uid}", 4000 + uid % 97, 1.7e9 + uid * 60.0, REPORT, 0, 0,
               keywords, uid, queue_line(f"Tails does not start on my laptop {uid}", "6.10",
                                         "Lenovo ThinkPad T480", f"{uid:032x}", ""))


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield QueueView(lambda query: Hits(), id="queue-pane")


Case = Callable[[QueueColumns, int], tuple[list[Row], tuple[str, ...]]]


def flagged(columns: QueueColumns, step: int) -> tuple[list[Row], tuple[str, ...]]:
    """Another member claimed a report: its row changed in place."""
    old = columns.get(f"{PREFIX}{1 + step * 7919 % 90_000}")
    assert old is not None
    new = old._replace(keywords="" if old.keywords else "$HDClaimed")
    columns.put(new)
    return [new], ()


def new_mail(columns: QueueColumns, step: int) -> tuple[list[Row], tuple[str, ...]]:
    """A new report came: a new position."""
    new = report(1_000_000 + step)
    columns.put(new)
    return [new], ()


def read_again(columns: QueueColumns, step: int) -> tuple[list[Row], tuple[str, ...]]:
    """A report's size changed: taken out and read again (a new position)."""
    key = f"{PREFIX}{2 + step * 6151 % 90_000}"
    old = columns.pop(key)
    assert old is not None
    new = old._replace(size=old.size + 1)
    columns.put(new)
    return [new], ()


def removed(columns: QueueColumns, step: int) -> tuple[list[Row], tuple[str, ...]]:
    """A report was expunged by another client."""
    key = f"{PREFIX}{3 + step * 4099 % 90_000}"
    columns.pop(key)
    return [], (key,)


CASES: dict[str, Case] = {"flag set by another member": flagged, "new mail": new_mail,
                          "read again (size changed)": read_again,
                          "removed on the server": removed}


async def measure(messages: int, runs: int, profile: bool) -> None:
    columns = QueueColumns()
    columns.extend([tuple(report(uid)) for uid in range(1, messages + 1)])  # type: ignore[misc]
    columns.filled()
    app = Bench()
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.query_one(QueueView)
        view.load(columns.values())
        await pilot.pause()
        gc.freeze()  # as the app does once the queue is whole (docs/live-changes.md)
        for name, case in CASES.items():
            times = []
            profiler = cProfile.Profile() if profile else None
            for step in range(runs):
                changed, gone = case(columns, step)
                started = time.thread_time()
                if profiler is not None:
                    profiler.enable()
                view.apply(changed, gone)
                if profiler is not None:
                    profiler.disable()
                times.append((time.thread_time() - started) * 1000)
                await pilot.pause()
                assert len(view.all_rows) == len(columns)
            print(f"{name}: {statistics.median(times):.2f} ms "
                  f"({min(times):.2f}-{max(times):.2f})", flush=True)
            if profiler is not None:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    asyncio.run(measure(args.messages, args.runs, args.profile))


if __name__ == "__main__":
    main()
