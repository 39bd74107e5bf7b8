"""Times the hot topics screen as a member sees it: the real ``hdtui`` in tmux over a warm
cache of 10,000 or 100,000 reports whose facts are saved, ``H`` pressed once the queue's
rows are on screen (issue #10: "hot topics over 100,000 cached reports on screen in under
1 s").

Run: .venv/bin/python benchmarks/hot_topics_tmux.py [--messages 100000] [--runs 3]
                                                   [--use DIR] [--sizes 80x24,120x40]
                                                   [--roots DIR,DIR]

``--use DIR`` holds the data set, made on the first call by ``stats_command.make`` (a
Maildir of N small mails, the report cache filled by ``hdtui sync``, the synthetic facts of
``insight_speed.py`` saved for each message with the 60 known issues' fingerprint) and
reused later; without it a temporary one is made and removed. Each start gets a fresh copy
of the cache and store, a config that reads that Maildir, the static tracker of those 60
issues and no shift-start screen, and runs ``hdtui --read-only`` in tmux at each size of
``--sizes``, from each checkout of ``--roots`` in turn. Two ways to press ``H``:

- ``warm``: after the whole queue is on screen and the process has gone quiet (the start's
  background count of the saved facts is done: under 3 % of a core over half a second);
- ``early``: as soon as the first queue rows show (the count is still running).

From the key press, the screen is polled every 10 ms for its first frame (the heading),
(a) the first known issue's row with its numbers (``#N … this week · N linked``), (b) the
detail filled (the ``Versions:`` and ``Hardware:`` lines of the issue under the cursor;
the rows' sparklines come with (a)), (c) clusters and regressions counted (the heading's
``(N flagged)``); and when the issue rows show the whole queue's counts (not "still
counting": the same as (a) unless ``H`` came during the start's count). Printed per start
and as medians: those times, the CPU the process tree used from the key press to (a) and
to (c), its peak RSS over the whole start, and the load. Never talks to anything but
127.0.0.1 (no network at all: the source is a Maildir, the tracker a file).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from imap_cold_start import tmux, tree_rss_mb  # noqa: E402
from stats_command import make  # noqa: E402
from warm_tmux import ROW_STARTS, hang_up, tree_cpu  # noqa: E402

ISSUE_ROW = re.compile(r"#\d+ .* this week · \d+ linked")
"""A known issue's row of the list, with its numbers (``HotTopicsScreen._line``)."""
COUNTED = re.compile(r"\(\d+\s+flagged\)")
"""The heading once clusters and regressions are counted (it may wrap)."""
QUIET_CPU = 0.03
"""Share of a core under which the process counts as done with its start."""
TIMEOUT = 180.0


@dataclass
class Press:
    """One start: seconds from the key press to (a), (b), (c); CPU seconds of the tree
    from the press to (c); peak RSS MB; seconds from the process start to the press; what
    the heading said at the first frame of the screen."""

    opened: float = 0.0
    """Seconds from the key press to the screen's first frame (its heading)."""
    issues: float = 0.0
    complete: float = 0.0
    """Seconds to the issue rows with the whole queue's numbers (not "still counting")."""
    cpu_issues: float = 0.0
    """CPU seconds of the tree from the press to (a)."""
    detail: float = 0.0
    counted: float = 0.0
    cpu: float = 0.0
    peak: float = 0.0
    pressed_at: float = 0.0
    heading: str = ""


def home_for(made: Path, to: Path) -> Path:
    """A fresh copy of ``made``'s cache and store at ``to``; its config's path."""
    shutil.rmtree(to, ignore_errors=True)
    to.mkdir(mode=0o700, parents=True)
    for name in ("store.json", "store-cache.sqlite", "store-cache.sqlite-wal", "issues.json"):
        if (made / name).exists():
            shutil.copy2(made / name, to / name)
    (to / "gnupg").mkdir(mode=0o700)
    config = to / "config.toml"
    config.write_text(f'[source]\nkind = "maildir"\npath = "{made / "maildir"}"\n'
                      f'[store]\npath = "{to / "store.json"}"\n'
                      f'[gpg]\nhome = "{to / "gnupg"}"\n'
                      f'[tracker]\nkind = "static"\nfile = "{to / "issues.json"}"\n'
                      '[queue]\nshift_start = false\n')
    return config


def one_start(root: Path, config: Path, size: str, messages: int, early: bool) -> Press:
    """Start hdtui in tmux, press ``H`` (``early``: at the first rows, else once the start
    is done), time the screen."""
    width, height = size.split("x")
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", width, "-y", height, "-c", str(root),
         f"PYTHONPATH={root} {sys.executable} -m hdtui --config {config} --read-only "
         "</dev/tty; sleep 600")
    pane = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    found = Press()
    last_rss = 0.0

    def sample() -> str:
        nonlocal last_rss
        now = time.monotonic()
        if now - last_rss >= 0.05 and pane:
            found.peak = max(found.peak, tree_rss_mb(pane))
            last_rss = now
        return tmux("capture-pane", "-p", "-t", "b")

    def until(ready: str) -> None:
        while time.monotonic() - started < TIMEOUT:
            text = sample()
            if ready == "rows" and any(line.startswith(ROW_STARTS)
                                       for line in text.splitlines()):
                return
            if ready == "whole" and f"{messages}/{messages} shown" in text:
                return
            time.sleep(0.01)
        raise SystemExit(f"no {ready} within {TIMEOUT:.0f} s:\n{sample()}")

    try:
        until("rows" if early else "whole")
        if not early:
            quiet(pane, started, sample)
        cpu = tree_cpu(pane)
        pressed = time.monotonic()
        found.pressed_at = pressed - started
        tmux("send-keys", "-t", "b", "H")
        while time.monotonic() - pressed < TIMEOUT:
            text = sample()
            now = time.monotonic() - pressed
            if not found.heading and "Hot topics" in text:
                found.opened = now
                found.heading = next(line.strip() for line in text.splitlines()
                                     if "Hot topics" in line)
            if not found.issues and ISSUE_ROW.search(text):
                found.issues = now
                found.cpu_issues = tree_cpu(pane) - cpu
            if not found.complete and ISSUE_ROW.search(text) and "still counting" not in text:
                found.complete = now
            if not found.detail and "Versions: " in text and "Hardware: " in text:
                found.detail = now
            if COUNTED.search(" ".join(text.split())):
                found.counted = now
                found.issues = found.issues or now
                found.complete = found.complete or now
                found.detail = found.detail or now
                found.cpu = tree_cpu(pane) - cpu
                break
            time.sleep(0.01)
        else:
            raise SystemExit(f"hot topics not counted within {TIMEOUT:.0f} s:\n{sample()}")
    finally:
        hang_up(pane)
    return found


def quiet(pane: int, started: float, sample: Callable[[], str]) -> None:
    """Wait until the process tree uses under ``QUIET_CPU`` of a core over half a second
    (the start's count of the saved facts is done), polling the screen meanwhile for the
    RSS."""
    before = tree_cpu(pane)
    while time.monotonic() - started < TIMEOUT:
        window = time.monotonic() + 0.5
        while time.monotonic() < window:
            sample()
            time.sleep(0.05)
        now = tree_cpu(pane)
        if now - before < QUIET_CPU * 0.5:
            return
        before = now
    raise SystemExit(f"the start did not go quiet within {TIMEOUT:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--use", type=Path, help="the data set's directory (made if missing)")
    parser.add_argument("--sizes", default="80x24,120x40", help="terminal sizes, WxH,WxH")
    parser.add_argument("--modes", default="warm,early", help="warm, early or both")
    parser.add_argument("--roots", default=str(ROOT),
                        help="checkouts of hdtui to time in alternation, comma-separated")
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    work = Path(tempfile.mkdtemp(prefix="hdhot-"))
    made = args.use or work / "made"
    try:
        if not (made / "config.toml").exists():
            made.mkdir(parents=True, exist_ok=True)
            took = time.perf_counter()
            make(made, args.messages)
            print(f"made {made} in {time.perf_counter() - took:.0f} s", flush=True)
        print(f"hot topics in tmux, {args.messages} cached reports with saved facts, "
              f"{os.cpu_count()} cores, {args.runs} runs each", flush=True)
        results: dict[tuple[str, str, Path], list[Press]] = {}
        for run in range(args.runs):
            for size in args.sizes.split(","):
                for mode in args.modes.split(","):
                    for n, root in enumerate(roots):
                        load = os.getloadavg()[0]
                        press = one_start(root, home_for(made, work / f"home-{n}"), size,
                                          args.messages, mode == "early")
                        results.setdefault((size, mode, root), []).append(press)
                        print(f"  run {run + 1} {size} {mode} {root}: pressed at "
                              f"{press.pressed_at:.2f} s; screen {press.opened:.2f} s, "
                              f"issues {press.issues:.2f} s "
                              f"(CPU {press.cpu_issues:.2f} s), whole counts "
                              f"{press.complete:.2f} s, "
                              f"detail {press.detail:.2f} s, clusters {press.counted:.2f} s"
                              f" (CPU {press.cpu:.2f} s), peak RSS {press.peak:.0f} MB "
                              f"(load {load:.1f}, then {os.getloadavg()[0]:.1f}); first "
                              f"heading: {press.heading!r}", flush=True)
        for (size, mode, root), presses in results.items():
            print(f"  {size} {mode} {root}:")
            for name, values, unit in (
                    ("H to the screen's first frame", [p.opened for p in presses], "s"),
                    ("H to the first issue rows with numbers", [p.issues for p in presses],
                     "s"),
                    ("CPU of the process tree, H to those rows",
                     [p.cpu_issues for p in presses], "s"),
                    ("H to them with the whole queue's counts", [p.complete for p in presses],
                     "s"),
                    ("H to the detail (versions, hardware)", [p.detail for p in presses], "s"),
                    ("H to clusters and regressions", [p.counted for p in presses], "s"),
                    ("CPU of the process tree, H to clusters", [p.cpu for p in presses], "s"),
                    ("peak RSS", [p.peak for p in presses], "MB")):
                print(f"    {name:<42} median {statistics.median(values):6.2f} {unit} "
                      f"(min {min(values):.2f}, max {max(values):.2f})")
        print(f"  load average at the end: {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        tmux("kill-server")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
