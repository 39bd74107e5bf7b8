"""What a warm start holds one second after the whole queue is on screen (issue #12: peak
RSS under 100 MB at 100,000 messages), and when it grew.

Run: .venv/bin/python benchmarks/window_memory.py --use DIR [--root DIR] [--hold SECONDS]
                                                  [--messages 100000] [--trace]

Starts the real ``hdtui --read-only`` of ``--root`` (this checkout by default) in tmux
(120x40) on a fresh copy of the home ``warm_tmux.py --serve DIR`` keeps, as
``warm_tmux.py`` starts it (with the ``css.pickle`` of an untimed earlier start), but
under a hook that notes every 40 ms the process's anonymous RSS and the innermost hdtui
frames of each thread. ``--hold`` seconds (default 1) after ``N/N shown`` it prints, for
each process of the tree, its ``/proc/PID/smaps_rollup`` figures; then the hook, told by
SIGUSR1, writes SQLite's heap, Python's small-object arenas (``sys._debugmallocstats``),
the threads, the modules imported and the anonymous RSS before and after a
``malloc_trim(0)``; with ``--trace`` (``tracemalloc``, which slows the start and adds its
own memory) also the bytes traced by file. Last, the timeline: when the RSS grew and what
ran then, and when the saved facts' read (``Insight._load_saved``) began. Never talks to
anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import runpy
import shutil
import signal
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

EVERY = 0.04
"""Seconds between two samples of the hook's timeline."""


def _anonymous_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


def _where(frame: FrameType | None) -> str:
    """The innermost three hdtui frames of a thread's stack."""
    found: list[str] = []
    while frame is not None and len(found) < 3:
        name = frame.f_code.co_filename
        if "/hdtui/" in name:
            found.append(f"{name.rsplit('/hdtui/', 1)[1]}:{frame.f_code.co_name}")
        frame = frame.f_back
    return "<".join(found)


def hook(out: Path, trace: bool, argv: list[str]) -> None:
    """Run hdtui (``argv``) with the sampler and the SIGUSR1 report (the child's side), from
    the current directory's checkout."""
    sys.path.insert(0, os.getcwd())
    if trace:
        tracemalloc.start(1)
    started = time.monotonic()

    highest = [0]

    def note_peak() -> None:
        """With ``--trace``: the lines holding the most at the highest traced point so
        far (a snapshot each time it rose by 4 MB; the last one is the peak's)."""
        held = tracemalloc.get_traced_memory()[0]
        if held < highest[0] + 4_000_000:
            return
        highest[0] = held
        stats = tracemalloc.take_snapshot().statistics("lineno")
        (out / "peak").write_text(
            f"traced {held / 1e6:.1f} MB at {time.monotonic() - started:.1f} s, by line:\n"
            + "".join(f"  {s.size / 1e6:6.2f} MB {s.count:8d} {s.traceback[0]}\n"
                      for s in stats[:25]))

    def sample() -> None:
        me = threading.get_ident()
        with (out / "timeline").open("w") as log:
            while True:
                if trace:
                    note_peak()
                threads = [_where(f) for ident, f in sys._current_frames().items()
                           if ident != me]
                log.write(f"{time.monotonic() - started:.2f} {_anonymous_kb() // 1024} | "
                          f"{' ; '.join(t for t in threads if t)}\n")
                log.flush()
                time.sleep(EVERY)

    def report(*_: object) -> None:
        try:
            (out / "report").write_text(write_report())
        except Exception as error:  # never into the app's main thread
            (out / "report").write_text(f"the report failed: {error!r}\n")

    def write_report() -> str:
        before = _anonymous_kb()
        ctypes.CDLL(None).malloc_trim(0)
        after = _anonymous_kb()
        lines = [f"anonymous RSS {before / 1024:.1f} MB, {after / 1024:.1f} MB after "
                 "malloc_trim(0)"]
        with contextlib.suppress(OSError, AttributeError):
            sqlite = ctypes.CDLL("libsqlite3.so.0")
            sqlite.sqlite3_memory_used.restype = ctypes.c_int64
            lines.append(f"SQLite's heap {sqlite.sqlite3_memory_used() / 1e6:.1f} MB")
        lines.append(f"threads {threading.active_count()}: "
                     f"{', '.join(t.name for t in threading.enumerate())}")
        modules = list(sys.modules.copy())
        textual = sum(m.startswith("textual") for m in modules)
        lines.append(f"modules {len(modules)} (textual {textual}, "
                     f"hdtui {sum(m.startswith('hdtui') for m in modules)})")
        arenas = out / "arenas"
        with arenas.open("w") as file:
            saved = os.dup(2)
            os.dup2(file.fileno(), 2)
            try:
                sys._debugmallocstats()
            finally:
                os.dup2(saved, 2)
                os.close(saved)
        lines += [line for line in arenas.read_text().splitlines()
                  if line.startswith(("# arenas allocated current", "# bytes in allocated"))]
        if trace:
            stats = tracemalloc.take_snapshot().statistics("filename")
            lines.append(f"traced {sum(s.size for s in stats) / 1e6:.1f} MB, by file:")
            lines += [f"  {s.size / 1e6:6.2f} MB {s.count:8d} {s.traceback[0].filename}"
                      for s in stats[:20]]
            stats = tracemalloc.take_snapshot().statistics("lineno")
            lines.append("by line:")
            lines += [f"  {s.size / 1e6:6.2f} MB {s.count:8d} {s.traceback[0]}"
                      for s in stats[:25]]
            with contextlib.suppress(OSError):
                lines.append("at the highest point traced before:")
                lines.append((out / "peak").read_text())
        return "\n".join(lines) + "\n"

    signal.signal(signal.SIGUSR1, report)
    threading.Thread(target=sample, daemon=True, name="window-memory").start()
    sys.argv = ["hdtui", *argv]
    runpy.run_module("hdtui", run_name="__main__", alter_sys=True)


def command_of(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def smaps(pid: int) -> str:
    """A process's command and its resident, proportional and anonymous memory."""
    figures: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            figures[name] = int(value.split()[0]) // 1024
    return (f"{pid} {command_of(pid)[:70]}: Rss {figures.get('Rss')} MB, "
            f"Pss {figures.get('Pss')}, Anonymous {figures.get('Anonymous')}")


def timeline(path: Path, whole: float) -> None:
    """The hook's samples: about four a second, and where the saved facts' read began."""
    lines = path.read_text().splitlines()
    said = -1.0
    for line in lines:
        at = float(line.split()[0])
        if at - said >= 0.25:
            said = at
            print(f"  {line[:150]}")
    loads = [float(line.split()[0]) for line in lines if "_load_saved" in line]
    if loads:
        print(f"  the saved facts' read began at {loads[0]:.2f} s of the process, "
              f"{loads[0] - whole:+.2f} s from the whole queue (as the hook's clock has it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--use", type=Path, help="the directory of warm_tmux.py --serve")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--hold", type=float, default=1.0)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--hook", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.hook is not None:
        hook(args.hook, args.trace, rest)
        return
    if args.use is None:
        parser.error("--use DIR is needed")
    work = Path(tempfile.mkdtemp(prefix="hdwindow-"))
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path) -> None:
    """One start on a copy of the served home in ``work``, reported as the module says."""
    from imap_cold_start import tmux, tree_rss_mb
    from warm_tmux import give_css, hang_up, kept_css, served_home, tree_pids

    root = args.root.resolve()
    python = sys.executable
    home = work / "home"
    css = kept_css(f"cd {root} && {served_home(args.use, home)} {python} -m hdtui "
                   "--read-only", home, args.messages)
    env = served_home(args.use, home)
    give_css(home, css)
    out = work / "hook"
    out.mkdir()
    trace = " --trace" if args.trace else ""
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", "-c", str(home),
         f"cd {root} && {env} {python} {Path(__file__).resolve()} --hook {out}{trace} "
         "--read-only </dev/tty; sleep 600")
    pane = int(tmux("display-message", "-p", "-t", "b", "#{pane_pid}").strip() or 0)
    whole, peak = 0.0, 0.0
    while time.monotonic() - started < 300 and not whole:
        peak = max(peak, tree_rss_mb(pane))
        if f"{args.messages}/{args.messages} shown" in tmux("capture-pane", "-p", "-t", "b"):
            whole = time.monotonic() - started
        time.sleep(0.03)
    ends = time.monotonic() + args.hold
    while time.monotonic() < ends:
        peak = max(peak, tree_rss_mb(pane))
        time.sleep(0.05)
    print(f"{root}: whole queue at {whole:.2f} s, peak RSS of the tree {peak:.1f} MB to "
          f"{args.hold:g} s after it (load {os.getloadavg()[0]:.1f})")
    pids = tree_pids(pane)
    for pid in pids:
        print(f"  {smaps(pid)}")
    hooked = [pid for pid in pids if command_of(pid).split()[1:2] == [str(Path(__file__)
                                                                         .resolve())]]
    if hooked:
        os.kill(hooked[0], signal.SIGUSR1)
        for _ in range(600):
            if (out / "report").exists():
                break
            time.sleep(0.1)
        time.sleep(0.2)
        with contextlib.suppress(OSError):
            print("  " + (out / "report").read_text().replace("\n", "\n  ").rstrip())
    hang_up(pane)
    timeline(out / "timeline", whole)


if __name__ == "__main__":
    main()
