"""The start's pause of the cyclic collector (hdtui/collector.py): paused before the
imports, resumed by a command once its arguments are parsed (the TUI: after its first
frame, tests/ui/test_warm_start_order.py)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdtui.collector import pause, resume

ROOT = Path(__file__).parents[2]


@pytest.fixture
def collecting() -> Iterator[None]:
    assert gc.isenabled()
    try:
        yield
    finally:
        resume()
        gc.enable()
        gc.unfreeze()  # the test process's objects back in the collector's reach


@pytest.mark.usefixtures("collecting")
def test_pause_then_resume() -> None:
    frozen = gc.get_freeze_count()
    pause()
    assert not gc.isenabled()
    pause()  # twice: still one pause
    made = [[] for _ in range(100)]  # the start's objects
    resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() - frozen >= len(made)  # out of the collector's reach
    resume()
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_resume_leaves_a_collector_someone_else_stopped() -> None:
    gc.disable()  # e.g. Triage._load, while it makes the rows
    pause()
    resume()
    assert not gc.isenabled()


COMMAND = """
import gc, sys
import hdtui.__main__
from hdtui import cli
cli.scan = lambda args: print("collecting" if gc.isenabled() else "paused") or 0
sys.argv = ["hdtui", "scan", "nowhere"]
hdtui.__main__.main()
"""


def test_python_m_hdtui_pauses_the_collector_and_a_command_resumes_it(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", COMMAND], capture_output=True, text=True,
                            cwd=ROOT, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "collecting"
