"""The CPU of a cold start's glimpse (the newest headers, before any listing: the first
rows of a cold start, docs/cold-start.md), this checkout against another, alternately,
each run in a fresh interpreter.

Run: .venv/bin/python benchmarks/glimpse_cpu.py [--messages 2000] [--runs 5]
                                                [--before /work/main]

Seeds a loopback Dovecot with plain reports (as the cold benchmarks do), then for each
checkout in turn logs in and times ``ImapSource.newest(GLIMPSE)`` (SELECT, one FETCH of
the listing fields and the headers, the answer read and the headers parsed) with
``time.thread_time``: the thread's CPU, which the machine's load barely moves, and its
wall time. The first call of each interpreter imports the parser; the second is timed
too. The rows each checkout made are compared (their SourceItems and Messages). Dovecot's
CPU is not counted. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import seeded_dovecot  # noqa: E402

CHILD = r"""
import pickle, sys, time
from hdtui.services.triage import GLIMPSE
from hdtui.sources.imap import ImapAccount, ImapSource
host, port, user, password, cafile, out = sys.argv[1:]
source = ImapSource(ImapAccount(host=host, user=user, password=lambda: password,
                                port=int(port), ca_file=cafile), True)
source.connect()
times = []
for _ in range(2):
    cpu, wall = time.thread_time(), time.perf_counter()
    found = source.newest(GLIMPSE)
    times.append((time.thread_time() - cpu, time.perf_counter() - wall))
source.close()
with open(out, "wb") as f:
    pickle.dump(found, f)
print(" ".join(f"{cpu:.4f} {wall:.4f}" for cpu, wall in times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    args = parser.parse_args()
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    with seeded_dovecot(args.messages, "hdglimpse-") as bench, \
            tempfile.TemporaryDirectory(prefix="hdglimpse-rows-") as rows:
        server = bench.server
        print(f"glimpse of {args.messages} plain reports, {os.cpu_count()} cores, load "
              f"average {os.getloadavg()[0]:.1f} at the start", flush=True)
        found: dict[str, bytes] = {}
        for run in range(args.runs):
            for label, root in roots:
                out = Path(rows) / label
                env = {**os.environ, "PYTHONPATH": str(root)}
                line = subprocess.run(
                    [sys.executable, "-c", CHILD, server.host, str(server.imaps_port),
                     bench.user[0], bench.user[1], str(server.cafile), str(out)],
                    check=True, capture_output=True, text=True, env=env, cwd=root,
                    timeout=120).stdout.split()
                first_cpu, first_wall, second_cpu, second_wall = map(float, line)
                found[label] = out.read_bytes()
                print(f"  run {run} {label:6} first CPU {first_cpu * 1000:6.1f} ms (wall "
                      f"{first_wall * 1000:6.1f}), second CPU {second_cpu * 1000:6.1f} ms "
                      f"(wall {second_wall * 1000:6.1f}) (load {os.getloadavg()[0]:.1f})",
                      flush=True)
        if len(found) == 2:
            same = pickle.loads(found["this"]) == pickle.loads(found["before"])
            print("rows: the same" if same else "rows: DIFFERENT")


if __name__ == "__main__":
    main()
