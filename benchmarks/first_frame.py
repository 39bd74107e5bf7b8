"""Measures a warm start to its first frame: the CPU time and the wall time of
``python -m hdtui`` from the process's start to the first frame of the main screen, for
one or several checkouts alternating, with a minimal Textual app as the floor.

    .venv/bin/python benchmarks/first_frame.py [--runs 12] [--roots DIR,DIR]
                                               [--env FILE] [--floor] [--size 80x24]
                                               [-- HDTUI ARGS]

Each start runs in a pseudo-terminal of its own (80x24, or ``--size 120x40``), from the
checkout's directory (``cd ROOT && python -m hdtui ARGS``, the default ARGS ``--demo``),
with a hook that patches Textual's ``App._display`` when hdtui imports Textual (an import
hook: the start is otherwise the real one) and records, at the first frame of ``InboxScreen``: the
process's CPU time (``time.process_time``: the figure least moved by the machine's load),
the wall time since the parent started it, the modules loaded (their names too:
tests/test_architecture.py reads them, as it reads the CSS files and the selectors of the
rules parsed by then, and whether any CSS was parsed rather than found in the cache of
parsed CSS, ``hdtui.css_cache``), the CPU time when
``App.run`` was called (what came before it: imports, config, wiring, the queue's head)
and the cyclic collector's passes; then the app exits. The demo's starts share one
throwaway XDG home (warmed by an untimed start of each checkout first); ``--env FILE``
takes the environment of a start from ``benchmarks/warm_tmux.py --serve DIR``'s
``DIR/env.sh`` instead (e.g. ``--env DIR/env.sh -- --read-only``: the IMAP mailbox it
serves). Prints the load average and, per checkout, the medians (and the quartile and
minimum). See docs/benchmarks.md, "Warm start imports", session 9.

Each checkout has a cache directory of its own (``XDG_CACHE_HOME/N``, N its place in
``--roots``): the kept CSS (``css.pickle``) is keyed by the CSS files' paths, so two
checkouts sharing one would each parse Textual's CSS at every start, over the other's file
(session 21). Each start says whether it parsed any CSS; a member's warm start parses none.

Compile each checkout's bytecode first (``python -m compileall -q hdtui``): with
PYTHONDONTWRITEBYTECODE set, a checkout without it compiles every module at each start.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import gc, importlib.abc, importlib.machinery, json, os, runpy, sys, time
root, out, minimal = sys.argv[1], sys.argv[2], sys.argv[3] == "minimal"
sys.path.insert(0, root)
at_run, done = [], []

def patch(module):
    display, run = module.App._display, module.App.run

    def drawn(self, screen, renderable):
        display(self, screen, renderable)
        if done or not at_run:
            return
        if minimal or type(screen).__name__ == "InboxScreen":
            done.append(True)
            with open(out, "w") as f:
                json.dump({"cpu": time.process_time(), "monotonic": time.monotonic(),
                           "modules": len(sys.modules), "before_run": at_run[0],
                           "collections": [g["collections"] for g in gc.get_stats()],
                           "loaded": sorted(sys.modules),
                           "css": [path for path, _ in self.stylesheet.source
                                   if path.endswith(".tcss")],
                           "selectors": [rule.selectors for rule in self.stylesheet.rules],
                           "css_parsed": getattr(getattr(self.stylesheet, "remembered", None),
                                                 "added", None)},
                          f)
            if os.environ.get("HDFF_QUICK"):  # first_frame_ir.py: count to here only
                os._exit(0)
            self.call_later(self.exit)

    def running(self, *args, **kwargs):
        at_run.append(time.process_time())
        return run(self, *args, **kwargs)

    module.App._display, module.App.run = drawn, running

class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            patch(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
if minimal:
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("hdtui")

    Minimal().run()
else:
    sys.argv = ["hdtui", *sys.argv[4:]]
    runpy.run_module("hdtui", run_name="__main__", alter_sys=True)
'''
"""The measured process: ``python -c CHILD ROOT OUT minimal|hdtui ARGS...``."""


def start(root: Path, args: list[str], env: dict[str, str], minimal: bool,
          size: tuple[int, int] = (80, 24), wrapper: tuple[str, ...] = (),
          timeout: float = 60) -> dict[str, Any]:
    """One start in a pseudo-terminal of ``size`` (columns, lines); what the child
    recorded, its wall time added. ``wrapper`` goes before the interpreter (e.g.
    valgrind, benchmarks/first_frame_ir.py)."""
    with tempfile.TemporaryDirectory(prefix="hdff-") as scratch:
        out = Path(scratch) / "frame.json"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        spawned = time.monotonic()
        child = subprocess.Popen(
            [*wrapper, sys.executable, "-c", CHILD, str(root), str(out),
             "minimal" if minimal else "hdtui", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=root, close_fds=True)
        os.close(slave)
        try:
            while child.poll() is None and time.monotonic() - spawned < timeout:
                if select.select([master], [], [], 0.1)[0]:
                    try:
                        os.read(master, 65536)  # the terminal's side: drained
                    except OSError:
                        break
            child.wait(30)
        finally:
            os.close(master)
        if not out.exists():
            raise RuntimeError(f"no first frame from {root} (exit status {child.returncode})")
        found: dict[str, Any] = json.loads(out.read_text())
        found["wall"] = found.pop("monotonic") - spawned
        return found


def environment(home: Path, env_file: Path | None) -> dict[str, str]:
    """A start's environment: a throwaway XDG home, or that of ``--env``."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "TERM": "xterm-256color",
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    if env_file is not None:  # "env -i NAME=VALUE ..." as warm_tmux.py --serve writes it
        env.update(word.split("=", 1) for word in env_file.read_text().split() if "=" in word)
    return env


def own_cache(env: dict[str, str], n: int) -> dict[str, str]:
    """``env`` with the cache directory of the n-th checkout (see the module's text)."""
    return {**env, "XDG_CACHE_HOME": f"{env['XDG_CACHE_HOME']}/{n}"}


def report(label: str, found: list[dict[str, Any]]) -> None:
    def line(name: str, values: list[float]) -> str:
        ordered = sorted(values)
        return (f"{name} median {statistics.median(values) * 1000:5.0f} ms "
                f"(q1 {ordered[len(ordered) // 4] * 1000:.0f}, min {ordered[0] * 1000:.0f})")

    cpu = [f["cpu"] for f in found]
    print(f"  {label}: {line('CPU', cpu)}; {line('wall', [f['wall'] for f in found])}")
    print(f"  {' ' * len(label)}  before App.run: CPU median "
          f"{statistics.median(f['before_run'] for f in found) * 1000:.0f} ms, after it "
          f"{statistics.median(f['cpu'] - f['before_run'] for f in found) * 1000:.0f} ms; "
          f"{found[0]['modules']} modules; collector passes (young, middle, full) "
          f"{found[0]['collections']}; CSS parsed in "
          f"{sum(1 for f in found if f.get('css_parsed'))} of {len(found)} starts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--roots", default=str(ROOT), help="checkouts, comma-separated")
    parser.add_argument("--env", type=Path, help="a start's environment (warm_tmux --serve)")
    parser.add_argument("--floor", action="store_true", help="time a minimal Textual app too")
    parser.add_argument("--size", default="80x24",
                        help="the terminal, COLUMNSxLINES (120x40: the split layout)")
    parser.add_argument("args", nargs="*", help="hdtui's arguments (default: --demo)")
    options = parser.parse_args()
    columns, lines = (int(n) for n in options.size.split("x"))
    roots = [Path(r).resolve() for r in options.roots.split(",")]
    args = options.args or ["--demo"]
    home = Path(tempfile.mkdtemp(prefix="hdff-"))
    try:
        env = environment(home, options.env)
        starts = [(str(root), root, False, own_cache(env, n)) for n, root in enumerate(roots)]
        if options.floor:
            starts.insert(0, ("Textual floor", roots[0], True, env))
        for _, root, minimal, its_env in starts:  # the demo's store and key, the bytecode,
            start(root, args, its_env, minimal, (columns, lines))  # the kept CSS: warm
        found: dict[str, list[dict[str, Any]]] = {label: [] for label, _, _, _ in starts}
        for run in range(options.runs):
            for label, root, minimal, its_env in starts if run % 2 == 0 else starts[::-1]:
                found[label].append(start(root, args, its_env, minimal, (columns, lines)))
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"first frame, {options.runs} starts each, alternating (load {load}); "
              f"hdtui {' '.join(args)}, {options.size}")
        for label, values in found.items():
            report(label, values)
    finally:
        for gpg_home in (home / "cache").glob("*/hdtui/demo/gnupg"):
            subprocess.run(["gpgconf", "--homedir", str(gpg_home), "--kill", "gpg-agent"],
                           check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
