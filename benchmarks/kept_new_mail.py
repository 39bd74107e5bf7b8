"""The start after a start that listed new mail, at 100,000 messages (issue #12;
docs/queue-columns.md, "Kept in the cache"): CPU and wall time of the real `hdtui` in
tmux, one or several checkouts alternating.

Run: .venv/bin/python benchmarks/kept_new_mail.py [--messages 100000] [--runs 2]
                                                  [--roots DIR,DIR] [--new 3]

Seeds a loopback Dovecot with plain WhisperBack reports and caches them once with
``hdtui sync`` (from the first checkout), as ``warm_tmux.py`` does. Then, for each run
and each checkout in turn, on a fresh copy of that synced store: ``--new`` reports are
delivered and ``hdtui --read-only`` started (the first start: it reads the queue's rows,
lists the new mail and reads it; held ``--hold`` seconds after its whole queue, for the
columns to be written), then ``--new`` more are delivered and hdtui started again: the
start measured, until its whole queue, new mail read, is on screen (``N/N shown``). A
checkout that keeps the columns when new mail came reads them there; one that does not
reads every row again. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import Bench, seeded_dovecot  # noqa: E402
from imap_cold_start import tmux  # noqa: E402
from imap_sync import plain_report  # noqa: E402
from warm_tmux import fresh_home, one_start, synced_home  # noqa: E402

BODY = (ROOT / "tests" / "data" / "whisperback" / "tails-7.5-wifi.txt").read_text()


def deliver(bench: Bench, first: int, count: int) -> int:
    """Deliver ``count`` plain reports numbered from ``first``; the next number."""
    now = int(time.time())
    for n in range(first, first + count):
        bench.server.deliver(bench.user[0], plain_report(n, BODY, now + 60 * n))
    return first + count


def columns_kept(home: Path) -> str:
    """Whether the store in ``home`` holds the queue's columns (their meta row), and how
    many keys it records as changed since (a start that read the columns adds its own to
    them; one that read the rows and kept them again starts anew)."""
    db = sqlite3.connect(str(home / "store-cache.sqlite"))
    try:
        kept = db.execute("SELECT count(*) FROM queue_columns WHERE name = 'meta'")
        changed = db.execute("SELECT count(*) FROM queue_changed")
        return f"{bool(kept.fetchone()[0])}, {changed.fetchone()[0]} keys changed"
    except sqlite3.OperationalError:
        return "False"  # no such table: a checkout before the columns were kept
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--roots", default=str(ROOT))
    parser.add_argument("--new", type=int, default=3)
    parser.add_argument("--hold", type=float, default=10.0)
    parser.add_argument("--timeline", action="store_true",
                        help="run the second start under warm_timeline.py's hook and print "
                             "its steps (seconds since the start: wall, process CPU, UI "
                             "thread CPU)")
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    work = Path(tempfile.mkdtemp(prefix="hdt-kept-"))
    results: dict[Path, list[tuple[float, float, float]]] = {r: [] for r in roots}
    try:
        with seeded_dovecot(args.messages, "hdt-keptseed-") as bench:
            synced, took = synced_home(bench, roots[0])
            print(f"{args.messages} plain reports seeded and synced in "
                  f"{took + bench.seeding + bench.indexing:.0f} s; {os.cpu_count()} cores",
                  flush=True)
            number = args.messages
            for run in range(args.runs):
                for n, root in enumerate(roots):
                    home = work / f"home-{n}"
                    env = fresh_home(synced, home, bench)
                    command = f"cd {root} && {env} {sys.executable} -m hdtui --read-only"
                    number = deliver(bench, number, args.new)
                    one_start(command, home, number, hold=args.hold)
                    kept = columns_kept(home)
                    number = deliver(bench, number, args.new)
                    load = os.getloadavg()
                    log = home / "timeline.tsv"
                    measured = command if not args.timeline else command.replace(
                        "-m hdtui", f"{ROOT / 'benchmarks' / 'warm_timeline.py'} --hook {log} --")
                    first, whole, _, _, cpu = one_start(measured, home, number)
                    results[root].append((first, whole, cpu))
                    after = columns_kept(home)
                    if args.timeline and log.exists():
                        print(log.read_text(), end="", flush=True)
                    print(f"  run {run + 1} {root}: second start after new mail: first rows "
                          f"{first:.2f} s, whole queue with the new mail {whole:.2f} s "
                          f"(columns kept by the first: {kept}; after the second: {after}) "
                          f"(CPU {cpu:.2f} s) (load {load[0]:.1f} {load[1]:.1f} "
                          f"{load[2]:.1f}, then {os.getloadavg()[0]:.1f})", flush=True)
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)
    for root, found in results.items():
        firsts, wholes, cpus = zip(*found, strict=True)
        print(f"  {root}: first rows median {statistics.median(firsts):.2f} s, whole queue "
              f"median {statistics.median(wholes):.2f} s, CPU median "
              f"{statistics.median(cpus):.2f} s (min {min(cpus):.2f}, max {max(cpus):.2f})")
    print(f"  load average at the end: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
