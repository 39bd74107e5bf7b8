"""Where a cold first start's time goes before the first rows (issue #12): a timeline.

Run: .venv/bin/python benchmarks/cold_timeline.py [--messages 10000] [--runs 3]
                                                  [--before CHECKOUT] [--after 4]

Seeds a loopback Dovecot with plain reports (as ``imap_cold_start.py``), then starts the
real ``hdtui --read-only`` in tmux (120x40) with an empty cache, under a hook that notes
when each step of the start happens, counted from the process's start (``/proc``): the
hook running (the interpreter started), ``hdtui.cli`` imported, the setup built, the
glimpse's login and FETCH, the UI imported (``Glimpse.result`` called), the app started,
each of Textual's first writes to the terminal, the reading processes started ahead, the
listing, the first batch the reading processes sent back; and, from polling the screen,
the first row on it. With ``--before``, another checkout is timed the same way,
interleaved; ``--after`` seconds after the first row the client is ended. Nothing talks
to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


FRAME = 500
"""Characters of a terminal write counted as a frame (Textual's mode switches are short)."""


def _since_start() -> float:
    """Seconds since this process started (its start time from /proc, boot clock)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat") as f:
        started = int(f.read().rsplit(")", 1)[1].split()[19]) / ticks
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started


def counting_frames(run: Callable[..., Any], note: Callable[[str], None],
                    first: int, sizes: bool = True) -> Callable[..., Any]:
    """``HdtuiApp.run`` noting the ``first`` frames Textual writes to the terminal, with
    their ``sizes`` in characters or not (also used by warm_timeline.py)."""
    def counted_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        note("app.run")
        from textual.drivers.linux_driver import LinuxDriver

        writes: list[int] = []
        write = LinuxDriver.write

        def counted(driver: Any, data: str) -> None:
            if len(data) >= FRAME:  # a frame, not a mode switch
                writes.append(len(data))
                if len(writes) <= first:
                    size = f": {len(data)} characters" if sizes else ""
                    note(f"frame {len(writes)} written{size}")
            write(driver, data)

        LinuxDriver.write = counted  # type: ignore[method-assign,assignment]
        return run(self, *args, **kwargs)

    return counted_run


def noting(note: Callable[[str], None]) -> Callable[..., None]:
    """``around(owner, name, what, times=1)``: wrap ``owner.name`` so that its first
    ``times`` calls (every call with None) are noted as "what start" and "what done",
    numbered when more than one (also used by warm_timeline.py and live_timeline.py)."""
    def around(owner: Any, name: str, what: str, times: int | None = 1) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return  # not in this checkout (the code before a change)
        calls: list[bool] = []

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls.append(True)
            n = len(calls)
            noted = times is None or n <= times
            label = what if times == 1 or times is None else f"{what} #{n}"
            if noted:
                note(f"{label} start")
            try:
                return original(*args, **kwargs)
            finally:
                if noted:
                    note(f"{label} done")

        setattr(owner, name, wrapped)

    return around


def patch_on_import(watched: set[str], patch: Callable[[Any], None]) -> None:
    """``patch`` each module of ``watched``: at once if imported, else when hdtui imports
    it (importing it here would move its import time ahead of where it is)."""
    for name in watched & sys.modules.keys():
        patch(sys.modules[name])

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname not in watched:
                return None
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            execute = loader.exec_module

            def exec_module(module: Any) -> None:
                execute(module)
                patch(module)

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def hook(log: Path, argv: list[str]) -> None:
    """Run hdtui (``argv``) from the current directory's checkout, noting each step."""
    sys.path.insert(0, os.getcwd())
    lock = threading.Lock()

    def note(what: str) -> None:
        with lock, log.open("a") as f:
            f.write(f"{_since_start():.3f}\t{threading.current_thread().name}\t{what}\n")

    note("hook running")

    around = noting(note)

    import hdtui.cli as cli  # what ``python -m hdtui`` imports first anyway

    note("hdtui.cli imported")
    around(cli, "_config_only", "config")
    around(cli, "checked_keymap", "keymap")
    around(cli, "build", "setup")
    around(cli.Glimpse, "result", "UI imported; waiting for the glimpse")

    # The other modules are patched when hdtui imports them, not before: importing them
    # here would move their import time (the UI's above all) ahead of where it is.
    def patch(module: Any) -> None:
        if module.__name__ == "hdtui.sources.imap":
            around(module.ImapSource, "connect", "login")
            around(module.ImapSource, "newest", "glimpse FETCH")
        elif module.__name__ == "hdtui.services.triage":
            around(module.Triage, "snapshot", "listing")
            around(module.Triage, "_adopt", "first batch from the children")
        elif module.__name__ == "hdtui.read_process":
            around(module.ReadProcess, "prepare", "children started ahead")
            around(module.ReadProcess, "read", "read handed to the children")
        elif module.__name__ == "hdtui.ui.app":
            module.HdtuiApp.run = counting_frames(module.HdtuiApp.run, note, 6)

    watched = {"hdtui.sources.imap", "hdtui.services.triage", "hdtui.read_process",
               "hdtui.ui.app"}

    patch_on_import(watched, patch)
    import runpy

    sys.argv = ["hdtui", *argv]
    runpy.run_module("hdtui", run_name="__main__", alter_sys=True)


def after(seconds: float) -> Callable[[str], bool]:
    """A ``done`` for ``one_start``: true ``seconds`` after the first row (the steps that
    follow it, the listing and the reading processes, are noted too)."""
    shown: list[float] = []

    def done(text: str) -> bool:
        shown.append(time.monotonic())
        return shown[-1] - shown[0] >= seconds

    return done


def measure(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from dovecot_bench import seeded_dovecot
    from imap_cold_start import hdtui_command, one_start, slug, tmux_server

    roots = [("hdtui", ROOT)] + ([("hdtui before", args.before)] if args.before else [])
    steps: dict[str, dict[str, list[float]]] = {}
    with seeded_dovecot(args.messages, "hdtimeline-") as bench, tmux_server():
        print(f"cold start timeline, {args.messages} plain reports, {os.cpu_count()} cores, "
              f"{args.runs} runs each, load average {os.getloadavg()[0]:.1f}", flush=True)
        for run in range(args.runs):
            for label, root in roots:
                command, home = hdtui_command(bench, f"{slug(label)}-t{run}", root)
                log = home / "timeline.tsv"
                command = command.replace(
                    " -m hdtui ", f" {ROOT / 'benchmarks' / 'cold_timeline.py'} --hook "
                    f"{log} -- ")
                first, _, _ = one_start(command, home, after(args.after))
                found = steps.setdefault(label, {})
                found.setdefault("first row on screen (tmux poll)", []).append(first)
                seen: set[str] = set()
                for line in log.read_text().splitlines() if log.exists() else ():
                    at, thread, what = line.split("\t")
                    if what not in seen:
                        seen.add(what)
                        found.setdefault(f"{what} [{thread}]", []).append(float(at))
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    for label, found in steps.items():
        print(f"{label}: median seconds from process start (min, max)")
        for what, values in sorted(found.items(), key=lambda kv: statistics.median(kv[1])):
            print(f"  {statistics.median(values):6.3f} ({min(values):.3f}, {max(values):.3f})"
                  f"  {what}" + (f"  [{len(values)} runs]" if len(values) != args.runs else ""))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--hook":
        hook(Path(sys.argv[2]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--after", type=float, default=4.0,
                        help="seconds the start goes on after the first row (default 4)")
    parser.add_argument("--before", type=Path,
                        help="another checkout (the code before a change), interleaved")
    measure(parser.parse_args())


if __name__ == "__main__":
    main()
