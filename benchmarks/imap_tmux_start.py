"""Measures a warm start of the real `hdtui` on a live IMAP mailbox in a real terminal (tmux).

Run: .venv/bin/python benchmarks/imap_tmux_start.py [--messages 2000] [--runs 3]

Seeds a loopback Dovecot like benchmarks/imap_sync.py, syncs it once (cold), then starts
`hdtui --read-only` in tmux (120x40) several times and polls the screen: the time from
starting the process to the first queue rows on screen (a usable queue), and to the
status line counting every message (the whole queue, after the IMAP resync). This is what
a member sees over SSH, Python's start and Textual's first frame included. Never talks
to anything but 127.0.0.1.
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

from dovecot_bench import hdtui_config, hdtui_env, seeded_dovecot  # noqa: E402
from imap_sync import close, make_triage, seed  # noqa: E402

from tests.support.tmux import kill_server  # noqa: E402

SOCKET = f"hdtui-bench-start-{os.getpid()}"
"""This run's own tmux server: concurrent runs do not share one (issue #12)."""


def screen() -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "capture-pane", "-p", "-t", "b"],
                          capture_output=True, text=True, check=False).stdout


def one_start(env: str, total: int) -> tuple[float, float]:
    started = time.monotonic()
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", "b", "-x", "120", "-y",
                    "40", "-c", str(ROOT), f"{env} {sys.executable} -m hdtui --read-only "
                    "</dev/tty; sleep 30"], check=True)
    first = whole = 0.0
    while time.monotonic() - started < 60:
        text = screen()
        if not first and any(line.startswith(("WB ", "Mail ", "Team ")) for line in
                             text.splitlines()):
            first = time.monotonic() - started
        if f"{total}/{total} shown" in text:
            whole = time.monotonic() - started
            break
        time.sleep(0.01)
    kill_server(SOCKET)
    time.sleep(0.5)
    return first, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with seeded_dovecot(args.messages, "hdtmux-", seed=seed, index=False) as bench:
        work = bench.work
        triage = make_triage(bench.server, bench.user, work / "store.json", bench.gpg_home)
        total = len(triage.inbox().rows)
        close(triage)
        env = hdtui_env(bench, work, hdtui_config(bench, work))
        runs = [one_start(env, total) for _ in range(args.runs)]
        print(f"hdtui in tmux (120x40), {total} messages, {os.cpu_count()} cores, "
              f"{args.runs} warm starts:")
        for name, values in (("process start to the first rows on screen", [r[0] for r in runs]),
                             ("process start to the whole queue on screen", [r[1] for r in runs])):
            print(f"  {name:<46} median {statistics.median(values):.2f} s "
                  f"(min {min(values):.2f}, max {max(values):.2f})")


if __name__ == "__main__":
    main()
