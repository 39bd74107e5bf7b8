"""Where the CPU of a cold first start of the real TUI goes: its main thread (Textual),
its other threads (the glimpse, the listing, the hand-over of the reading children's
batches) and its reading children, this checkout against another, alternately, with a
cold ``hdtui sync`` of the same mailbox after each start.

Run: .venv/bin/python benchmarks/cold_tui_cpu.py [--messages 10000] [--runs 3]
                                                 [--before /work/main] [--no-sync]
                                                 [--seeds plain encrypted] [--counted]

Starts ``hdtui --read-only`` in tmux on a loopback Dovecot of plain reports (or of the
kinds ``--seeds`` names, as ``cold_cpu.py``'s: ``encrypted``, reports encrypted to a test
key; one Dovecot each, all measured in each run) with nothing cached (as
``imap_cold_start.py --whole``) and samples ``/proc/<pid>/task/<tid>/stat`` of the TUI's
process and of its reading children every 50 ms until every message is read and cached;
the CPU of each thread is its last sample. "Their gpg" is the CPU of the gpg processes the
children waited for (their ``cutime``, ``cstime``); "gpg-agent" what the home's agent (a
daemon, shared by every run) used during the TUI's run. "Children reading at" is the first
sample in which the children had used READING seconds of CPU together (past their start
and login), counted from the TUI's launch, with the TUI process's CPU by then. A shared
machine's load moves wall time far more than CPU time: on 2 cores, the TUI's processes
together need about twice the wall time of their CPU. Dovecot's CPU is not counted.
With ``--counted`` the queue is shown at once (no shift-start screen) and each start goes
on until the count after the read is over (every report's facts in the report cache: the
report pane's "counting the queue, so far" is cut from its narrow known-issues box at
120x40), the CPU then up to that moment, that of the counting processes
(``hdtui.count_process``) apart. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cold_cpu  # noqa: E402
import imap_cold_start  # noqa: E402
from dovecot_bench import hdtui_config, seeded_dovecot  # noqa: E402

from tests.support.pgp import agent_pids  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
Seen = dict[tuple[str, str, str], float]


READING = 0.6
"""The reading children's CPU seconds together past which they are reading: their start
and login took about 0.2 s each (docs/benchmarks.md, "Session 17: the cold read")."""


def sample(home: Path, seen: Seen, stop: threading.Event,
           reading: list[tuple[float, float]]) -> None:
    """Note the CPU seconds of every thread of the TUI started with ``home`` (its
    environment names it) and of every reading child of it, until ``stop``; ``reading``
    gets the seconds since the sampling started and the TUI process's CPU then, at the
    first sample in which its children had used READING seconds together."""
    start = time.monotonic()
    while not stop.is_set():
        if not reading and sum(cpu for (part, _, _), cpu in seen.items()
                               if part == "children") >= READING:
            reading.append((time.monotonic() - start, sum(
                cpu for (part, _, _), cpu in seen.items() if part != "children")))
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                child = b"hdtui.read_process" in command
                counter = b"hdtui.count_process" in command
                # Its children inherit the TUI's environment (HOME names ``home``): a
                # reading child of another hdtui on the machine is not counted.
                if (not child and not counter and b"-m hdtui" not in command) or \
                        str(home).encode() \
                        not in Path(f"/proc/{pid}/environ").read_bytes():
                    continue
                if child:
                    # gpg, started and waited for by the child: its children's CPU.
                    stat = Path(f"/proc/{pid}/stat").read_text()
                    fields = stat[stat.rindex(")") + 2:].split()
                    seen[("gpg", pid, "")] = (int(fields[13]) + int(fields[14])) / TICK
                for tid in os.listdir(f"/proc/{pid}/task"):
                    stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
                    fields = stat[stat.rindex(")") + 2:].split()
                    part = "children" if child else "counting" if counter else \
                        "main thread" if tid == pid else "other threads"
                    seen[(part, pid, tid)] = (int(fields[11]) + int(fields[12])) / TICK
            except (OSError, ValueError):
                continue  # ended meanwhile
        time.sleep(0.05)


def agent_cpu(home: Path) -> float:
    """The CPU seconds the gpg-agent of a GnuPG home has used (0 when none runs): a
    daemon, started by the first gpg and left running between runs."""
    total = 0.0
    for pid in agent_pids(home):
        with contextlib.suppress(OSError, ValueError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def facts_saved(home: Path) -> int:
    """How many reports' facts the report cache of the TUI started with ``home`` holds
    (read-only; 0 before it has any)."""
    cache = home / "store-cache.sqlite"
    if not cache.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"{cache.as_uri()}?mode=ro", uri=True,
                                                timeout=0.05)) as db:
            return int(db.execute("SELECT count(*) FROM facts").fetchone()[0])
    except sqlite3.Error:
        return 0  # (not made yet, or busy: looked at again)


def counted(total: int, home: Path) -> Callable[[str], bool]:
    """The whole queue shown and every report's facts saved in the cache: the count after
    the read is over (the report pane's "counting the queue, so far" goes at that moment,
    but it is cut from the narrow known-issues box at 120x40: the cache is looked at
    instead, every 0.1 s)."""
    whole = imap_cold_start.whole_queue(total)
    last = [0.0]

    def done(text: str) -> bool:
        if not whole(text) or time.monotonic() - last[0] < 0.1:
            return False
        last[0] = time.monotonic()
        return facts_saved(home) >= total
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    parser.add_argument("--seeds", nargs="+", choices=list(cold_cpu.SEEDS), default=["plain"],
                        help="the mailboxes, one Dovecot each, measured in turn in each run")
    parser.add_argument("--no-sync", action="store_true", help="the TUI only")
    parser.add_argument("--counted", action="store_true",
                        help="time to the count after the read complete too (every "
                             "report's facts saved in the cache; the queue shown at once, "
                             "not the shift-start screen); the CPU is then up to that "
                             "moment")
    args = parser.parse_args()
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    with contextlib.ExitStack() as stack:
        benches = {}
        for kind in args.seeds:
            how, key = cold_cpu.seeding(kind)
            benches[kind] = stack.enter_context(seeded_dovecot(args.messages, "hdtuicpu-", how,
                                                               key=key))
        stack.enter_context(imap_cold_start.tmux_server())
        print(f"cold TUI start, {args.messages} messages "
              f"({', '.join(cold_cpu.SEEDS[k] for k in args.seeds)}), {os.cpu_count()} "
              f"cores, load average {os.getloadavg()[0]:.1f} at the start", flush=True)
        for run, kind, (label, root) in itertools.product(range(args.runs), benches, roots):
            bench = benches[kind]
            agent = agent_cpu(bench.gpg_home)
            command, home = imap_cold_start.hdtui_command(bench, f"{label}-{run}", root)
            if args.counted:  # the queue and its report pane in view, not the shift start
                hdtui_config(bench, home, shift_start=False)
            seen: Seen = {}
            reading: list[tuple[float, float]] = []
            stop = threading.Event()
            sampler = threading.Thread(target=sample, args=(home, seen, stop, reading),
                                       daemon=True)
            sampler.start()
            marks: list[float] = []
            whole_seen = imap_cold_start.whole_queue(args.messages)
            count_seen = counted(args.messages, home)

            def done(text: str, marks: list[float] = marks,
                     whole_seen: Callable[[str], bool] = whole_seen,
                     count_seen: Callable[[str], bool] = count_seen) -> bool:
                if not marks and whole_seen(text):
                    marks.append(time.monotonic())
                    if not args.counted:
                        return True
                return bool(marks) and count_seen(text)

            started = time.monotonic()
            _, ended, _ = imap_cold_start.one_start(command, home, done)
            stop.set()
            whole = marks[0] - started if marks else 0.0
            sampler.join()
            parts: dict[str, float] = {}
            for (part, _, _), cpu in seen.items():
                parts[part] = parts.get(part, 0.0) + cpu
            agent = agent_cpu(bench.gpg_home) - agent
            sync_wall, sync_cpu = (0.0, 0.0) if args.no_sync else cold_cpu.sync(
                bench, root, bench.work / f"sync-{label}-{run}")
            print(f"  run {run} {kind} {label:6} TUI wall {whole:6.2f} s "
                  f"({args.messages / whole if whole else 0:.0f} rows/s), CPU "
                  f"{sum(parts.values()):6.2f} s (main thread "
                  f"{parts.get('main thread', 0):.2f}, other threads "
                  f"{parts.get('other threads', 0):.2f}, children "
                  f"{parts.get('children', 0):.2f}, their gpg {parts.get('gpg', 0):.2f}, "
                  f"gpg-agent {agent:.2f}; children reading at "
                  f"{reading[0][0] if reading else 0:.1f} s, TUI CPU then "
                  f"{reading[0][1] if reading else 0:.2f}); "
                  f"hdtui sync wall {sync_wall:6.2f} s, "
                  f"CPU {sync_cpu:6.2f} s (load {os.getloadavg()[0]:.1f})", flush=True)
            if args.counted:
                print(f"  run {run} {kind} {label:6} counts complete "
                      f"{ended:6.2f} s after the start ({ended - whole:.2f} s after the "
                      f"whole queue); CPU to then: main thread "
                      f"{parts.get('main thread', 0):.2f}, other threads "
                      f"{parts.get('other threads', 0):.2f}, counting children "
                      f"{parts.get('counting', 0):.2f} s", flush=True)


if __name__ == "__main__":
    main()
