"""Counts the instructions of a warm start to its first frame, for one or several
checkouts alternating, with a minimal Textual app as the floor: the figure the machine's
load does not move.

    .venv/bin/python benchmarks/first_frame_ir.py [--runs 2] [--roots DIR,DIR]
                                                  [--env FILE] [--floor] [--size 120x40]
                                                  [-- HDTUI ARGS]

The start is ``benchmarks/first_frame.py``'s child (the same pseudo-terminal, hook and
environment; ``--env DIR/env.sh -- --read-only`` for the mailbox ``warm_tmux.py --serve
DIR`` serves) run under ``valgrind --tool=cachegrind --cache-sim=no``, with
``PYTHONHASHSEED=0`` and ``os._exit`` at the first frame of the main screen, so that what
comes after it is not counted; every thread of the process is counted (an early login's
too). Each checkout is first started once natively, so that its kept CSS and parsed
tables are in its own cache directory and no counted start parses CSS. Prints each
start's count in millions and, per checkout, the count above the floor's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_frame import ROOT, environment, own_cache, start


def counted(root: Path, args: list[str], env: dict[str, str], minimal: bool,
            size: tuple[int, int]) -> float:
    """Instructions (millions) of one start under cachegrind, to its first frame."""
    with tempfile.TemporaryDirectory(prefix="hdir-") as scratch:
        out = Path(scratch) / "cachegrind.out"
        wrapper = ("valgrind", "--tool=cachegrind", "--cache-sim=no",
                   f"--cachegrind-out-file={out}", f"--log-file={Path(scratch) / 'log'}")
        start(root, args, {**env, "PYTHONHASHSEED": "0", "HDFF_QUICK": "1"}, minimal, size,
              wrapper, timeout=600)
        for line in out.read_text().splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1]) / 1e6
    raise RuntimeError(f"no summary in cachegrind's output for {root}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--roots", default=str(ROOT), help="checkouts, comma-separated")
    parser.add_argument("--env", type=Path, help="a start's environment (warm_tmux --serve)")
    parser.add_argument("--floor", action="store_true", help="count a minimal Textual app too")
    parser.add_argument("--size", default="120x40", help="the terminal, COLUMNSxLINES")
    parser.add_argument("args", nargs="*", help="hdtui's arguments (default: --demo)")
    options = parser.parse_args()
    columns, lines = (int(n) for n in options.size.split("x"))
    roots = [Path(r).resolve() for r in options.roots.split(",")]
    args = options.args or ["--demo"]
    home = Path(tempfile.mkdtemp(prefix="hdir-"))
    try:
        env = environment(home, options.env)
        starts = [(str(root), root, False, own_cache(env, n)) for n, root in enumerate(roots)]
        if options.floor:
            starts.insert(0, ("Textual floor", roots[0], True, env))
        for _, root, minimal, its_env in starts:  # warm: the kept CSS, the parsed tables
            start(root, args, its_env, minimal, (columns, lines))
        found: dict[str, list[float]] = {label: [] for label, _, _, _ in starts}
        for run in range(options.runs):
            for label, root, minimal, its_env in starts if run % 2 == 0 else starts[::-1]:
                found[label].append(counted(root, args, its_env, minimal, (columns, lines)))
                print(f"  {label}: {found[label][-1]:,.1f} M", flush=True)
        floor = statistics.median(found["Textual floor"]) if options.floor else 0.0
        print(f"instructions to the first frame, {options.runs} starts each; "
              f"hdtui {' '.join(args)}, {options.size}")
        for label, values in found.items():
            above = f"; above the floor {statistics.median(values) - floor:,.1f} M" if (
                options.floor and label != "Textual floor") else ""
            print(f"  {label}: {min(values):,.1f}-{max(values):,.1f} M{above}")
    finally:
        for gpg_home in (home / "cache").glob("*/hdtui/demo/gnupg"):
            subprocess.run(["gpgconf", "--homedir", str(gpg_home), "--kill", "gpg-agent"],
                           check=False, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
