"""Measures the CPU a cold first read of an IMAP mailbox costs, this checkout against
another, alternately: wall time moves with a shared machine's load (2 cores, other jobs),
CPU time much less.

Run: .venv/bin/python benchmarks/cold_cpu.py [--messages 10000] [--runs 3]
                                             [--before /work/main] [--encrypted]
                                             [--seeds plain encrypted] [--only sync]

Seeds a loopback Dovecot with plain WhisperBack reports (``imap_sync.seed_plain``), or
with ``--encrypted`` (``--seeds demo``) the demo's messages as templates
(``imap_sync.seed``: 72 % encrypted reports, decrypted with the demo key), or with
``--seeds encrypted`` WhisperBack reports all encrypted to a test key generated for the
run (``imap_sync.EncryptedReports``); ``--seeds plain encrypted`` seeds one Dovecot of
each and measures both in each run. Then for each checkout in turn, with nothing
cached:

- ``hdtui sync``, the real command (its own interpreter reads everything);
- the TUI's read without Textual: a process that lists the mailbox and hands the reading
  to ``ReadProcess`` (two children, each reading and caching its share, as in the TUI;
  docs/cold-start.md, "Reading in a process of its own").

For each: the wall time from the process's start to every message read and cached, and
the CPU time (user + system) of the process and every process it started and waited for
(the reading children, gpg), from ``wait4``. Dovecot's own CPU is not counted, nor the
gpg-agent's (a daemon, not waited for). Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import Bench, Seed, hdtui_config, seeded_dovecot  # noqa: E402
from imap_sync import EncryptedReports, seed, seed_plain  # noqa: E402

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
    return timed([sys.executable, "-m", "hdtui", *sync_words(root)], root, env)


def sync_words(root: Path) -> list[str]:
    """``sync``, read only: the TUI's cold path it is compared with reads, and counts
    after (in the background); a checkout from before sync counted (session 23) has no
    ``--no-count`` and counts nothing."""
    counts = "--no-count" in (root / "hdtui" / "cli.py").read_text()
    return ["sync", "--no-count"] if counts else ["sync"]


def far(bench: Bench, root: Path, home: Path, messages: int) -> tuple[float, float]:
    home.mkdir()
    server = bench.server
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
           "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(home / "cache")}
    return timed([sys.executable, "-c", FAR_READ, server.host, str(server.imaps_port),
                  str(server.cafile), bench.user[0], bench.user[1], str(home / "store.json"),
                  str(bench.gpg_home), str(messages)], root, env)


SEEDS = {"plain": "plain reports", "demo": "demo messages (72 % encrypted)",
         "encrypted": "encrypted reports (a test key)"}


def seeding(kind: str) -> tuple[Seed, Callable[[Path], None] | None]:
    """The seed of a kind of ``SEEDS``, and the key it needs in the bench's GnuPG home."""
    if kind == "encrypted":
        reports = EncryptedReports()
        return reports, reports.key
    return (seed if kind == "demo" else seed_plain), None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    parser.add_argument("--encrypted", action="store_true",
                        help="the demo's messages as templates (most of them encrypted); "
                        "the same as --seeds demo")
    parser.add_argument("--seeds", nargs="+", choices=list(SEEDS), default=None,
                        help="the mailboxes, one Dovecot each, measured in turn in each run "
                        "(default: plain)")
    parser.add_argument("--only", choices=["sync", "tui"], default=None,
                        help="only `hdtui sync`, or only the TUI's read")
    args = parser.parse_args()
    kinds = args.seeds or (["demo"] if args.encrypted else ["plain"])
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    whats = [w for w in ("hdtui sync", "TUI's read (2 children)")
             if args.only is None or (args.only == "sync") == (w == "hdtui sync")]
    found: dict[str, list[tuple[float, float]]] = {}
    with contextlib.ExitStack() as stack:
        benches = {}
        for kind in kinds:
            how, key = seeding(kind)
            benches[kind] = stack.enter_context(seeded_dovecot(args.messages, "hdcpu-", how,
                                                               key=key))
        print(f"cold first read, {args.messages} messages ({', '.join(SEEDS[k] for k in kinds)}"
              f"), {os.cpu_count()} cores, {args.runs} runs each, load average "
              f"{os.getloadavg()[0]:.1f} at the start", flush=True)
        for run in range(args.runs):
            for kind, bench in benches.items():
                for label, root in roots:
                    for what in whats:
                        home = bench.work / f"{label}-{run}-{len(what)}"
                        result = sync(bench, root, home) if what == "hdtui sync" else \
                            far(bench, root, home, args.messages)
                        name = f"{label}: {what}" + (f", {kind}" if len(kinds) > 1 else "")
                        found.setdefault(name, []).append(result)
                        print(f"  run {run} {kind:9} {label:6} {what:24} wall {result[0]:6.2f} s"
                              f" ({args.messages / result[0]:4.0f}/s)  CPU {result[1]:6.2f} s"
                              f"  (load {os.getloadavg()[0]:.1f})", flush=True)
    for name, values in found.items():
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        print(f"  {name:<44} wall median {statistics.median(walls):6.2f} s "
              f"({', '.join(f'{w:.1f}' for w in walls)}; "
              f"{args.messages / statistics.median(walls):.0f}/s), CPU median "
              f"{statistics.median(cpus):6.2f} s ({', '.join(f'{c:.1f}' for c in cpus)}): "
              f"{args.messages / statistics.median(cpus):.0f} messages per CPU second",
              flush=True)


if __name__ == "__main__":
    main()
