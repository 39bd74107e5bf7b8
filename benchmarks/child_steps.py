"""The CPU of a reading child's work on one message, step by step, without IMAP: this
checkout against another, alternately, each run in a fresh interpreter.

Run: .venv/bin/python benchmarks/child_steps.py [--messages 3000] [--runs 2]
                                                [--before /work/main]

Builds the plain reports ``imap_sync.seed_plain`` writes (the same bytes, a fixed date),
then times, with ``time.process_time`` over all of them, each step a child takes for a
message after its FETCH (docs/cold-start.md, "Reading in a process of its own"): the
parse of the bytes (``parse_item``), the understanding (``Reader.understand``: the kind
and the WhisperBack parse), the queue row, the cache's JSON text (``to_json``; before
session 16 ``to_data`` then ``json.dumps``, timed as one step here) and the filter's
document. The IMAP round trips, SQLite and the pipe to the parent are not in it
(``cold_cpu.py`` measures the whole child). The test data has
14 distinct report texts: what is kept per distinct version block, lspci line or short
text is found again far more often here than in a member's mailbox.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STEPS = r"""
import json, sys, time
from datetime import datetime
from pathlib import Path
bench, count = Path(sys.argv[1]), int(sys.argv[2])
import hdtui  # the checkout measured (imap_sync puts this one first on sys.path)
sys.path.insert(1, str(bench))
from imap_sync import plain_report
from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.codec import to_data
from hdtui.domain.mail import SourceItem
from hdtui.domain.query import document
from hdtui.gpg import GpgCrypto
from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_item
bodies = [p.read_text() for p in sorted((bench.parent / "tests" / "data" / "whisperback")
                                        .glob("*.txt"))]
raws = [plain_report(n, bodies[n % len(bodies)], 1765000000) for n in range(count)]
items = [SourceItem(key=f"INBOX/1/{n + 1}", size=len(r), mtime=datetime(2026, 1, 1))
         for n, r in enumerate(raws)]
reader = Reader(None, GpgCrypto(None), DEFAULT_TEAM_ADDRESSES, {}, ())
found = {}
def step(name, work, inputs):
    started = time.process_time()
    out = [work(*x) for x in inputs]
    found[name] = (time.process_time() - started) / count * 1000
    return out
parsed = step("parse", parse_item, list(zip(raws, items)))
entries = step("understand", reader.understand, [(p,) for p in parsed])
step("row", lambda e, i: e.row(i), list(zip(entries, items)))
try:  # the cache's JSON text as the checkout makes it: in one pass since session 16
    from hdtui.domain.codec import to_json
except ImportError:
    to_json = lambda e: json.dumps(to_data(e), separators=(",", ":"))
step("json", to_json, [(e,) for e in entries])
step("document", document, [(e,) for e in entries])
assert Path(hdtui.__file__).parents[1] == Path.cwd(), hdtui.__file__
print(" ".join(f"{k} {v:.3f}" for k, v in found.items()), f"sum {sum(found.values()):.3f}")
"""
"""One run in a fresh interpreter, the checkout's root first on ``sys.path``."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    args = parser.parse_args()
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    print(f"CPU ms a message, {args.messages} plain reports, load average "
          f"{os.getloadavg()[0]:.1f} at the start", flush=True)
    for run in range(args.runs):
        for label, root in roots:
            out = subprocess.run(
                [sys.executable, "-c", STEPS, str(ROOT / "benchmarks"), str(args.messages)],
                cwd=root, env={**os.environ, "PYTHONPATH": str(root)}, check=True,
                capture_output=True, text=True).stdout.strip()
            print(f"  run {run} {label:6} {out} (load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
