"""Measures how fast the demo becomes usable: cold and warm loads, and start to first rows.

Run: .venv/bin/python benchmarks/demo_start.py [--runs N]
Prints one line per measurement (median and range over the runs). Uses throwaway XDG
directories; never touches your own store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.tmux import kill_server  # noqa: E402


def fresh_xdg() -> Path:
    root = Path(tempfile.mkdtemp(prefix="hdb-"))
    for name in ("config", "data", "cache"):
        (root / name).mkdir()
    os.environ.update(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "data"),
                      XDG_CACHE_HOME=str(root / "cache"))
    return root


def cleanup(root: Path) -> None:
    from tests.support.pgp import kill_agent

    home = root / "cache" / "hdtui" / "demo" / "gnupg"
    if home.exists():
        kill_agent(home)
    shutil.rmtree(root, ignore_errors=True)


def load_once() -> float:
    from hdtui.config import Config
    from hdtui.wiring import build

    setup = build(Config(), demo=True, read_only=False)
    try:
        started = time.perf_counter()
        setup.triage.inbox()
        return time.perf_counter() - started
    finally:
        setup.store.close()


async def app_to_rows() -> float:
    """From creating the app to the queue holding every row (headless, Pilot)."""
    from hdtui.config import Config
    from hdtui.ui.app import HdtuiApp
    from hdtui.ui.widgets.queue_table import QueueTable
    from hdtui.wiring import build

    started = time.perf_counter()
    setup = build(Config(), demo=True, read_only=False)
    app = HdtuiApp(setup.triage, {}, "default", setup.label, (), setup.triage.snapshot())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            while True:
                screens = [s for s in app.screen_stack if s.query(QueueTable)]
                if screens and screens[0].query_one(QueueTable).row_count:
                    return time.perf_counter() - started
                await pilot.pause(0.005)
    finally:
        setup.store.close()


FIRST_ROW = re.compile(r"^(WB|Mail|Team|List|\[FT\]) +\d\d-\d\d ", re.MULTILINE)
ALL_SHOWN = re.compile(r"\b(\d+)/\1 shown\b")


def tmux_to_rows(root: Path) -> tuple[float, float]:
    """A real terminal: from starting `python -m hdtui --demo` to the first queue row on
    screen (the first frame, from the cache), and to the full queue shown."""
    sock = f"hdtui-bench-{os.getpid()}-{time.monotonic_ns()}"
    env = (f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={root} TERM=xterm-256color "
           f"XDG_CONFIG_HOME={root}/config XDG_DATA_HOME={root}/data "
           f"XDG_CACHE_HOME={root}/cache")
    started = time.perf_counter()
    subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", "b", "-x", "80", "-y", "24",
                    "-c", str(ROOT), f"{env} {sys.executable} -m hdtui --demo; sleep 30"],
                   check=True)
    first = 0.0
    try:
        while time.perf_counter() - started < 30:
            screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-t", "b", "-p"],
                                    capture_output=True, text=True, check=False).stdout
            now = time.perf_counter() - started
            if not first and FIRST_ROW.search(screen):
                first = now
            if ALL_SHOWN.search(screen):
                return first or now, now
            time.sleep(0.01)
        raise RuntimeError("the demo did not show its queue within 30 s")
    finally:
        subprocess.run(["tmux", "-L", sock, "send-keys", "-t", "b", "q"], check=False)
        time.sleep(0.3)
        kill_server(sock)


def measure(name: str, runs: int, fn: Callable[[], float]) -> None:
    report(name, [fn() for _ in range(runs)])


def report(name: str, values: list[float]) -> None:
    runs = len(values)
    print(f"{name:<52} median {statistics.median(values) * 1000:7.1f} ms   "
          f"min {min(values) * 1000:7.1f}   max {max(values) * 1000:7.1f}   (n={runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"hdtui demo start-up, {os.cpu_count()} cores, Python {sys.version.split()[0]}")

    def cold() -> float:
        root = fresh_xdg()
        try:
            return load_once()
        finally:
            cleanup(root)

    root = fresh_xdg()
    try:
        load_once()  # warm the store and import the demo key
        measure("cold load: list, decrypt, parse, cache 67 messages", args.runs, cold)
        measure("warm load: 67 messages from the store", args.runs, load_once)
        measure("warm app start to a full queue (headless Pilot)", args.runs,
                lambda: asyncio.run(app_to_rows()))
        if shutil.which("tmux"):
            runs = [tmux_to_rows(root) for _ in range(args.runs)]
            report("warm process start to first rows in tmux, 80x24", [r[0] for r in runs])
            report("warm process start to full queue in tmux, 80x24", [r[1] for r in runs])
    finally:
        cleanup(root)


if __name__ == "__main__":
    main()
