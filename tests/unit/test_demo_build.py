"""`demo/build.py` reads its arguments before it touches the demo: `--help` rebuilt the
whole demo Maildir of the checkout, renaming a hundred files (session 25's newcomer)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_build_help_and_a_stray_argument_write_nothing(tmp_path: Path) -> None:
    # A copy alone, away from its sources: were it to build, it would fail reading them,
    # and never write into this checkout.
    (tmp_path / "demo").mkdir()
    script = tmp_path / "demo" / "build.py"
    shutil.copy(ROOT / "demo" / "build.py", script)
    shown = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                           text=True, timeout=60, check=False)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: build.py") and "demo/README.md" in shown.stdout
    stray = subprocess.run([sys.executable, str(script), "now"], capture_output=True,
                           text=True, timeout=60, check=False)
    assert stray.returncode == 2 and "unrecognized arguments: now" in stray.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["build.py", "demo"]
