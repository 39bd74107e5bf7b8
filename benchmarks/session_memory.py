"""The peak memory of a whole warm session at 100,000 messages with every fact saved (issue
#12, "peak RSS at 100,000 under 100 MB"): the real ``hdtui --read-only`` in tmux (120x40)
on a copy of a home whose report cache holds every message's facts, from the process start
until the shift-start screen shows its hot-topics line whole (the known issues' counts,
then the new problems flagged and the regressions: the clustering of every saved fact),
then quit (the terminal hung up, as ``warm_tmux.py`` ends its starts).

    .venv/bin/python benchmarks/session_memory.py --use DIR[,DIR] [--roots DIR,DIR]
                                                  [--runs 3] [--messages 100000]

``DIR`` is a directory ``warm_tmux.py --serve DIR`` keeps (its ``env.sh`` and ``home``,
the server still running), whose home's facts were all saved beforehand: by the count of
a first TUI start left running, or by ``hdtui stats`` once (which counts and saves the
facts of every cached message). ``DIR,DIR`` gives each checkout of ``--roots`` its own
(checkouts of different rules versions recompute each other's facts). The checkouts start
in turn, each on a fresh copy of its home with the ``css.pickle`` of an untimed earlier
start (a member's warm start, as ``warm_tmux.py`` gives it). Printed per start and as
medians: the seconds to the whole queue, to the hot-topics line counted whole, the CPU of
the process tree by then, and the peak RSS of the process tree (sampled every 50 ms), with
the load. Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from imap_cold_start import tmux, tree_rss_mb  # noqa: E402
from warm_tmux import (  # noqa: E402
    forget_kept,
    give_css,
    hang_up,
    left_by_start,
    print_medians,
    served_home,
    tree_cpu,
)

TIMEOUT = 300.0
HOLD = 1.0
"""Seconds sampled after the hot-topics line is whole, before the terminal hangs up."""


@dataclass
class Session:
    """One start: seconds to the whole queue and to the whole hot-topics line, CPU seconds
    of the tree at that line, peak RSS MB of the tree over the whole session."""

    whole: float = 0.0
    hot: float = 0.0
    cpu: float = 0.0
    peak: float = 0.0
    line: str = ""


def hot_line_whole(text: str) -> str:
    """The shift-start screen's hot-topics line once counted whole (known issues, then the
    new problems and regressions), else ""."""
    flat = " ".join(text.split())
    at = flat.find("Hot topics:")
    if at < 0 or "counting" in flat[at:]:
        return ""
    return flat[at:at + 160]


def one_session(command: str, home: Path, total: int, hold: float = HOLD) -> Session:
    """Start, sample until the hot-topics line is whole and ``hold`` seconds more, hang up."""
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c", str(home),
         f"{command} </dev/tty; sleep 600")
    pane = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    found = Session()
    last = 0.0
    whole_text = f"{total}/{total} shown"
    try:
        while time.monotonic() - started < TIMEOUT:
            now = time.monotonic() - started
            if now - last >= 0.05 and pane:
                found.peak = max(found.peak, tree_rss_mb(pane))
                last = now
            text = tmux("capture-pane", "-p", "-t", "b")
            now = time.monotonic() - started
            if not found.whole and whole_text in text:
                found.whole = now
            line = hot_line_whole(text)
            if line:
                found.hot, found.line = now, line
                found.cpu = tree_cpu(pane) if pane else 0.0
                break
            time.sleep(0.01)
        else:
            raise SystemExit(f"no whole hot-topics line within {TIMEOUT:.0f} s:\n"
                             f"{tmux('capture-pane', '-p', '-t', 'b')}")
        settle = time.monotonic() + hold
        while time.monotonic() < settle and pane:
            found.peak = max(found.peak, tree_rss_mb(pane))
            time.sleep(0.05)
    finally:
        hang_up(pane)
    return found


def measure(served: list[Path], roots: list[Path], work: Path, total: int, runs: int) -> None:
    """Each checkout in turn, ``runs`` times; each start and the medians printed."""
    def fresh(n: int) -> tuple[Path, str]:
        home = work / f"home-{n}"
        return home, served_home(served[n % len(served)], home)

    def command(root: Path, env: str) -> str:
        return f"cd {root} && {env} {sys.executable} -m hdtui --read-only"

    css: dict[Path, dict[Path, bytes]] = {}
    for n, root in enumerate(roots):
        home, env = fresh(n)
        forget_kept(home)
        one_session(command(root, env), home, total)
        css[root] = left_by_start(home)
    results: dict[Path, list[Session]] = {r: [] for r in roots}
    for run in range(runs):
        for n, root in enumerate(roots):
            home, env = fresh(n)
            give_css(home, css[root])
            load = os.getloadavg()
            found = one_session(command(root, env), home, total)
            results[root].append(found)
            print(f"  run {run + 1} {root}: whole queue {found.whole:.2f} s, hot-topics line "
                  f"{found.hot:.2f} s (CPU {found.cpu:.2f} s), peak RSS {found.peak:.0f} MB "
                  f"(load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, then "
                  f"{os.getloadavg()[0]:.1f}); {found.line!r}", flush=True)
    for root, sessions in results.items():
        print(f"  {root}:")
        print_medians([
            ("process start to the whole queue", [s.whole for s in sessions], "s"),
            ("process start to the whole hot-topics line", [s.hot for s in sessions], "s"),
            ("CPU of the process tree by then", [s.cpu for s in sessions], "s"),
            ("peak RSS of the session", [s.peak for s in sessions], "MB")])
    print(f"  load average at the end: {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--use", required=True,
                        help="directories of warm_tmux.py --serve, every fact saved "
                        "(DIR,DIR: one for each checkout of --roots, in order)")
    parser.add_argument("--roots", default=str(ROOT),
                        help="checkouts of hdtui to start in alternation, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    work = Path(tempfile.mkdtemp(prefix="hdsession-"))
    try:
        print(f"whole warm sessions in tmux (120x40), {args.messages} messages, every fact "
              f"saved, {os.cpu_count()} cores, {args.runs} runs each", flush=True)
        measure([Path(u) for u in args.use.split(",")], roots, work, args.messages,
                args.runs)
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
