"""Where a warm start's time goes between the first frame and the whole queue (issue #12):
a timeline with CPU clocks.

Run: .venv/bin/python benchmarks/warm_timeline.py --use DIR [--messages 100000]
                                                  [--runs 3] [--roots DIR,DIR]

Starts the real ``hdtui --read-only`` in tmux (120x40) on the store and server of
``warm_tmux.py --serve DIR`` (a fresh copy each time; ``--use DIR,DIR``: one served
directory for each checkout of ``--roots``), the checkouts in turn, under a hook that
notes, at each step, the seconds since the process started, the CPU seconds of the whole
process and of its main (UI) thread: the cached queue's first rows (``Triage.head``),
Textual's first frames written, the worker's read of the whole queue (``Triage._load``,
and in it the columns kept in the cache or the rows), the listing's result
(``Triage.snapshot``), the feed showing each result, the queue view's ``load``, the
services' start and the search for messages without a filter document. The whole queue
on screen is polled as ``warm_tmux.py`` does. On a machine shared with other jobs the
wall times grow with the load; the CPU columns tell the checkouts apart. Nothing talks
to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from cold_timeline import _since_start, counting_frames, noting, patch_on_import  # noqa: E402


def hook(log: Path, argv: list[str]) -> None:
    """Run hdtui (``argv``) from the current directory's checkout, noting each step."""
    sys.path.insert(0, os.getcwd())
    lock = threading.Lock()
    main_clock = time.pthread_getcpuclockid(threading.main_thread().ident or 0)

    def note(what: str) -> None:
        line = (f"{_since_start():.3f}\t{time.process_time():.3f}\t"
                f"{time.clock_gettime(main_clock):.3f}\t{what}\n")
        with lock, log.open("a") as f:
            f.write(line)

    note("hook running")

    around = noting(note)

    # Modules are patched when hdtui imports them: importing them here would move their
    # import time ahead of where it is.
    def patch(module: Any) -> None:
        if module.__name__ == "hdtui.services.triage":
            around(module.Triage, "head", "first rows read (head)")
            around(module.Triage, "_load", "whole queue read (_load)")
            around(module.Triage, "snapshot", "snapshot (read and listing)")
            around(module.Triage, "index_documents", "filter documents' search")
        elif module.__name__ == "hdtui.store":
            around(module.LocalStore, "queue_columns", "columns kept read")
            around(module.LocalStore, "queue_pages", "rows read")
            around(module.LocalStore, "keep_columns", "columns kept written")
        elif module.__name__ == "hdtui.ui.widgets.mailbox_feed":
            around(module.MailboxFeed, "on_inbox_loaded", "feed shows a result", 2)
            around(module.MailboxFeed, "_after_whole_queue", "known issues and services due")
            around(module.MailboxFeed, "_load_personal", "personal state asked")
        elif module.__name__ == "hdtui.ui.widgets.queue_view":
            around(module.QueueView, "load", "queue view load", 2)
        elif module.__name__ == "hdtui.ui.app":
            module.HdtuiApp.run = counting_frames(module.HdtuiApp.run, note, 8, sizes=False)
            around(module.HdtuiApp, "start_services", "services started")

    watched = {"hdtui.services.triage", "hdtui.store", "hdtui.ui.widgets.mailbox_feed",
               "hdtui.ui.widgets.queue_view", "hdtui.ui.app"}
    patch_on_import(watched, patch)
    import runpy

    sys.argv = ["hdtui", *argv]
    runpy.run_module("hdtui", run_name="__main__", alter_sys=True)


def measure(args: argparse.Namespace) -> None:
    from warm_tmux import one_start, served_home

    roots = [Path(r).resolve() for r in args.roots.split(",")]
    served = [Path(u) for u in args.use.split(",")]
    work = Path(args.work)
    steps: dict[Path, dict[str, list[tuple[float, float, float]]]] = {}
    print(f"warm start timeline, {args.messages} messages, {os.cpu_count()} cores, "
          f"{args.runs} runs each", flush=True)
    for run in range(args.runs):
        for n, root in enumerate(roots):
            home = work / f"home-{n}"
            env = served_home(served[n % len(served)], home)
            log = home / "timeline.tsv"
            command = (f"cd {root} && {env} {sys.executable} "
                       f"{ROOT / 'benchmarks' / 'warm_timeline.py'} --hook {log} -- "
                       "--read-only")
            load = os.getloadavg()[0]
            first, whole, peak, _, cpu = one_start(command, home, args.messages)
            print(f"  run {run + 1} {root}: first rows {first:.2f} s, whole queue "
                  f"{whole:.2f} s (tree CPU {cpu:.2f} s), peak RSS {peak:.0f} MB, "
                  f"load {load:.1f}", flush=True)
            found = steps.setdefault(root, {})
            found.setdefault("first rows on screen (tmux poll)", []).append((first, 0, 0))
            found.setdefault("whole queue on screen (tmux poll)", []).append((whole, cpu, 0))
            seen: set[str] = set()
            for line in log.read_text().splitlines() if log.exists() else ():
                at, process, ui, what = line.split("\t")
                if what not in seen:
                    seen.add(what)
                    found.setdefault(what, []).append((float(at), float(process), float(ui)))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    for root, found in steps.items():
        print(f"{root}: median seconds from process start (wall, process CPU, UI thread "
              "CPU; min-max of the process CPU)")
        for what, values in sorted(found.items(),
                                   key=lambda kv: statistics.median(v[0] for v in kv[1])):
            walls, cpus, uis = zip(*values, strict=True)
            print(f"  {statistics.median(walls):6.3f} {statistics.median(cpus):6.3f} "
                  f"{statistics.median(uis):6.3f} ({min(cpus):.3f}-{max(cpus):.3f})  {what}"
                  + (f"  [{len(values)} runs]" if len(values) != args.runs else ""))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--hook":
        hook(Path(sys.argv[2]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--use", required=True)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--roots", default=str(ROOT))
    parser.add_argument("--work", default="/tmp/hdwarm-timeline")
    args = parser.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    measure(args)


if __name__ == "__main__":
    main()
