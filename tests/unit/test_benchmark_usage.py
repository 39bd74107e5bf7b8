"""The benchmarks a newcomer runs by hand answer --help with their usage, not a
traceback, and say numbers computed from what they use (docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hdtui.config import demo_dir

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args],
                          capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)


def test_warm_start_says_its_usage() -> None:
    helped = run("warm_start.py", "--help")
    assert helped.returncode == 0 and "Traceback" not in helped.stderr
    assert helped.stdout.startswith("usage: warm_start.py STORE HOST PORT CAFILE USER "
                                    "PASSWORD GPG_HOME SPAWNED\n")
    wrong = run("warm_start.py", "only-one")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "expected 8 arguments, got 1" in wrong.stderr


def test_imap_sync_counts_the_demo_messages_it_seeds_from() -> None:
    count = sum(1 for p in (demo_dir() / "maildir" / "cur").iterdir()
                if p.is_file() and not p.name.startswith("."))
    helped = run("imap_sync.py", "--help")
    assert helped.returncode == 0, helped.stderr
    assert f"seeded from the {count} demo messages" in " ".join(helped.stdout.split())
