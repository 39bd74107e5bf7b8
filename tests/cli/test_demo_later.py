"""The demo says the same a month and a year later (docs/insight.md, "The demo's clock"):
its mail is fixed in time, and each window it shows ends at its newest message, not on
the wall clock (its follow-ups were gone on 2026-12-07 at 17:02). Run under `faketime`
(docs/testing.md, "Tests on another day")."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import ROOT, hdtui, hdtui_env

LATER = ("+30d", "+400d")


def on_day(offset: str, *args: str, env_root: Path) -> subprocess.CompletedProcess[str]:
    """``hdtui`` run with the wall clock ``offset`` from now."""
    return subprocess.run(["faketime", "-f", offset, sys.executable, "-m", "hdtui", *args],
                          capture_output=True, text=True, cwd=ROOT,
                          env=hdtui_env(env_root), timeout=120, check=False)


@pytest.mark.skipif(shutil.which("faketime") is None,
                    reason="faketime is missing: scripts/setup.sh dev installs it")
def test_the_demos_followups_and_counts_are_the_same_a_month_and_a_year_later(
    xdg: Path
) -> None:
    today = [hdtui("--demo", "followups", env_root=xdg),
             hdtui("--demo", "stats", "--json", env_root=xdg)]
    assert all(run.returncode == 0 for run in today), [run.stderr for run in today]
    assert "Which bridges should I use?" in today[0].stdout
    counted = json.loads(today[1].stdout)
    assert counted["today"] == "2026-11-26" and counted["regressions"]
    assert counted["clusters"]
    for offset in LATER:
        assert on_day(offset, "--demo", "followups", env_root=xdg).stdout == today[0].stdout
        later = on_day(offset, "--demo", "stats", "--json", env_root=xdg)
        assert later.returncode == 0, later.stderr
        found = json.loads(later.stdout)
        assert {**found, "seconds": 0} == {**counted, "seconds": 0}, offset
