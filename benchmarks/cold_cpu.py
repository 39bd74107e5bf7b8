"""Measures the CPU a cold first read of an IMAP mailbox costs, this checkout against
another, alternately: wall time moves with a shared machine's load (2 cores, other jobs),
CPU time much less.

Run: .venv/bin/python benchmarks/cold_cpu.py [--messages 10000] [--runs 3]
                                             [--before /work/main] [--encrypted]

Seeds a loopback Dovecot with plain WhisperBack reports (``imap_sync.seed_plain``), or
with ``--encrypted`` the demo's messages as templates (``imap_sync.seed``: 72 % encrypted
reports, decrypted with the demo key), then for each checkout in turn, with nothing
cached:

- ``hdtui sync``, the real command (its own interpreter reads everything);
- the TUI's read without Textual: a process that lists the mailbox and hands the reading
  to ``ReadProcess`` (two children, each reading and caching its share, as in the TUI;
  docs/cold-start.md, "Reading in a process of its own").

For each: the wall time from the process's start to every message read and cached, and
the CPU time (user + system) of the process and every process it started and waited for
(the reading children, gpg), from ``wait4``. Dovecot's own CPU is not counted. Never
talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import Bench, hdtui_config, seeded_dovecot  # noqa: E402
from imap_sync import seed, seed_plain  # noqa: E402

FAR_READ = """
import sys
from pathlib import Path
from hdtui.config import DEFAULT_TEAM_ADDRESSES, demo_dir
from hdtui.gpg import GpgCrypto
from hdtui.read_process import ReadProcess
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
host, port, cafile, user, password, store, gpg_home = sys.argv[1:8]
source = ImapSource(ImapAccount(host=host, user=user, password=lambda: password,
                                port=int(port), ca_file=Path(cafile), timeout=60.0),
                    read_only=True)
crypto = GpgCrypto(Path(gpg_home))
local = LocalStore(Path(store))
triage = Triage(source, crypto, local, StaticTracker(demo_dir() / "known_issues.json"), [],
                DEFAULT_TEAM_ADDRESSES, read_only=True, live=source,
                far_reader=ReadProcess(source, crypto, local.cache_path))
result = triage.read_pending(triage.snapshot())
assert len(result.rows) == int(sys.argv[8]), len(result.rows)
local.close()
source.close()
"""
"""The TUI's reading path (``Triage.snapshot`` then ``read_pending`` with a far reader),
run in the checkout measured."""


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its waited-for descendants)."""
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        assert child.stderr is not None
        raise SystemExit(f"{command[:3]} in {cwd} failed: {child.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def sync(bench: Bench, root: Path, home: Path) -> tuple[float, float]:
    home.mkdir()
    config = hdtui_config(bench, home)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "HDPW": bench.user[1],
           "HDTUI_CONFIG": str(config), "XDG_CACHE_HOME": str(home / "cache")}
    return timed([sys.executable, "-m", "hdtui", "sync"], root, env)


def far(bench: Bench, root: Path, home: Path, messages: int) -> tuple[float, float]:
    home.mkdir()
    server = bench.server
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
           "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(home / "cache")}
    return timed([sys.executable, "-c", FAR_READ, server.host, str(server.imaps_port),
                  str(server.cafile), bench.user[0], bench.user[1], str(home / "store.json"),
                  str(bench.gpg_home), str(messages)], root, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    parser.add_argument("--encrypted", action="store_true",
                        help="the demo's messages as templates (most of them encrypted)")
    args = parser.parse_args()
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    found: dict[str, list[tuple[float, float]]] = {}
    kind = "demo messages (72 % encrypted)" if args.encrypted else "plain reports"
    with seeded_dovecot(args.messages, "hdcpu-", seed if args.encrypted else seed_plain
                        ) as bench:
        print(f"cold first read, {args.messages} {kind}, {os.cpu_count()} cores, "
              f"{args.runs} runs each, load average {os.getloadavg()[0]:.1f} at the start",
              flush=True)
        for run in range(args.runs):
            for label, root in roots:
                for what in ("hdtui sync", "TUI's read (2 children)"):
                    home = bench.work / f"{label}-{run}-{len(what)}"
                    result = sync(bench, root, home) if what == "hdtui sync" else \
                        far(bench, root, home, args.messages)
                    found.setdefault(f"{label}: {what}", []).append(result)
                    print(f"  run {run} {label:6} {what:24} wall {result[0]:6.2f} s  CPU "
                          f"{result[1]:6.2f} s  (load {os.getloadavg()[0]:.1f})", flush=True)
    for name, values in found.items():
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        print(f"  {name:<34} wall median {statistics.median(walls):6.2f} s "
              f"({', '.join(f'{w:.1f}' for w in walls)}), CPU median "
              f"{statistics.median(cpus):6.2f} s ({', '.join(f'{c:.1f}' for c in cpus)}): "
              f"{args.messages / statistics.median(cpus):.0f} messages per CPU second",
              flush=True)


if __name__ == "__main__":
    main()
