"""The count after a first open, alone: the CPU and wall time of ``Insight.facts()`` over a
cache that a cold read just made, before any fact is saved.

    .venv/bin/python benchmarks/count_after_read.py [--messages 3000] [--runs 3]
        [--before /work/main] [--work DIR] [--profile FILE] [--far]

Seeds a Maildir with ``--messages`` copies of the demo's messages (each with its own report
ID and Message-ID, as ``imap_sync.seed``), reads it once with ``Triage.inbox()`` into a
fresh report cache (the demo's key decrypts the encrypted ones), and keeps a copy of that
cache. Each run puts the copy back (no fact saved), reads the queue from it, and times a
fresh ``Insight.facts()``: every report matched against the demo's known issues and reduced
to its facts, as ``MailboxFeed._count_queue`` does after a cold read. With ``--before``,
the runs alternate between that checkout and this one, each in a process of its own, and
check that both computed the same facts (their encoded form, sorted). ``--profile`` writes
a cProfile of one run of this checkout. ``--far``: this checkout counts as the TUI
does after a first read of an IMAP mailbox, in processes of their own
(``hdtui.count_process``); their CPU is said apart (docs/insight.md, "Session 22: the count
after a first open, in processes of its own"). Touches no network: the mailbox is a local
directory. (docs/insight.md, "Session 21: the count after a first open".)
"""

from __future__ import annotations

import argparse
import cProfile
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hdtui.services.triage import Triage

ROOT = Path(__file__).resolve().parents[1]


def seed(box: Path, count: int) -> None:
    """``count`` copies of the demo's messages in the Maildir ``box``."""
    from hdtui.config import demo_dir

    raw = [p.read_bytes() for p in sorted((demo_dir() / "maildir" / "cur").iterdir())
           if p.is_file() and not p.name.startswith(".")]
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True, exist_ok=True)
    now = int(time.time())
    for n in range(count):
        data = raw[n % len(raw)].replace(b"Bug report: ", b"Bug report: %08x" % n, 1)
        data = data.replace(b"Message-ID: <", b"Message-ID: <%d." % n, 1)
        (box / "cur" / f"{now - n}.M{n}P1.bench:2,").write_bytes(data)


def one_run(work: Path, messages: int, profile: str, dump: str, far: bool = False) -> None:
    """In this process (``--one``): seed and read if ``work`` is new, else put the cold
    cache back; then time the count and print one line."""
    os.environ["XDG_CACHE_HOME"] = str(work / "xdg")
    from hdtui.config import DEFAULT_TEAM_ADDRESSES, demo_dir
    from hdtui.services.triage import Triage
    from hdtui.sources.local import MaildirSource
    from hdtui.store import LocalStore
    from hdtui.tracker.static import StaticTracker
    from hdtui.wiring import demo_crypto

    box = work / "box"
    crypto = demo_crypto()
    try:
        count(work, messages, profile, dump, lambda: Triage(
            MaildirSource(box), crypto, LocalStore(work / "store"),
            StaticTracker(demo_dir() / "known_issues.json"), [], DEFAULT_TEAM_ADDRESSES,
            read_only=True), far)
    finally:
        crypto.stop_agent()  # the demo home's agent, started by the cold read


def count(work: Path, messages: int, profile: str, dump: str,
          triage: Callable[[], Triage], far: bool = False) -> None:
    """``one_run`` with the queue's ``triage`` made."""
    import resource

    from hdtui.domain.facts_codec import encode
    from hdtui.services.insight import Insight

    if not (work / "cold.store").exists():
        seed(work / "box", messages)
        first = triage()
        started = time.perf_counter()
        first.inbox()
        print(f"cold read of {messages}: {time.perf_counter() - started:.1f} s wall",
              flush=True)
        first.store.close()  # type: ignore[attr-defined]
        for path in work.glob("store*"):
            shutil.copy2(path, work / f"cold.{path.name}")
    else:
        for path in work.glob("cold.store*"):
            shutil.copy2(path, work / path.name.removeprefix("cold."))
    queue = triage()
    queue.inbox()
    if far:
        from hdtui.count_process import CountProcess
        from hdtui.store import SCHEMA

        queue.far_counter = CountProcess(queue.store.cache_path,  # type: ignore[attr-defined]
                                         SCHEMA)
    insight = Insight(queue, queue.tracker, as_of_newest=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    profiler = cProfile.Profile() if profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    facts = insight.facts()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    far_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    print(f"facts of {len(facts)}: {cpu:.2f} s CPU" +
          (f" (counting processes {far_cpu:.2f} s more, the largest's peak RSS "
           f"{after.ru_maxrss / 1024:.0f} MB)" if far else "") +
          f", {wall:.2f} s wall, load {os.getloadavg()[0]:.1f}", flush=True)
    if dump:
        Path(dump).write_text("\n".join(sorted(encode(f) for f in facts)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="", help="another checkout, run alternately")
    parser.add_argument("--work", default="", help="keep the mailbox and cold cache here")
    parser.add_argument("--profile", default="", help="cProfile one run into this file")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dump", default="", help=argparse.SUPPRESS)
    parser.add_argument("--far", action="store_true",
                        help="this checkout counts in processes of their own, as the TUI")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="hdcount-"))
    if args.one:
        one_run(work, args.messages, args.profile, args.dump, args.far)
        return
    trees = ([Path(args.before).resolve()] if args.before else []) + [ROOT]
    dumps: dict[Path, set[str]] = {tree: set() for tree in trees}
    try:
        for run in range(args.runs):
            for tree in trees:
                dump = work / f"facts-{len(dumps[tree])}-{trees.index(tree)}.txt"
                print(f"{tree} (load {os.getloadavg()[0]:.1f}): ", end="", flush=True)
                subprocess.run(
                    [sys.executable, str(Path(__file__).resolve()), "--one", "--messages",
                     str(args.messages), "--work", str(work), "--dump", str(dump),
                     *(["--far"] if args.far and tree == ROOT else []),
                     *(["--profile", args.profile] if args.profile and tree == ROOT
                       and run == 0 else [])],
                    env={**os.environ, "PYTHONPATH": str(tree)}, cwd=tree, check=True)
                dumps[tree].add(dump.read_text())
        same = len({text for texts in dumps.values() for text in texts}) == 1
        print("the same facts in every run" if same else "THE FACTS DIFFER between runs")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
