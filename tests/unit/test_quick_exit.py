"""The TUI's process, its session closed, ends without Python's teardown of its heap, yet
with what that exit does that matters: the exit functions run, stdout and stderr are
flushed, and a thread still at work is waited for (hdtui/quick_exit.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={"PYTHONPATH": str(ROOT),
                                                      "MARKS": str(tmp_path)})


def test_the_process_ends_at_once_with_its_exit_functions_run_and_its_output_flushed(
        tmp_path: Path) -> None:
    result = run(
        "import atexit, os, sys\n"
        "from pathlib import Path\n"
        "from hdtui.quick_exit import quick_exit\n"
        "marks = Path(os.environ['MARKS'])\n"
        "class Torn:\n"
        "    def __del__(self):\n"
        "        (marks / 'torn-down').write_text('')\n"
        "heap = [Torn()]\n"
        "atexit.register(lambda: (marks / 'exit-function').write_text(''))\n"
        "print('said before the end', end='')\n"  # buffered: stdout is a pipe
        "sys.stderr.write('told before the end')\n"
        "quick_exit(7)\n", tmp_path)
    assert result.returncode == 7
    assert result.stdout == "said before the end"
    assert result.stderr == "told before the end"
    assert (tmp_path / "exit-function").exists()
    # Python's own exit frees the heap object by object (the object's __del__ runs):
    # this one did not.
    assert not (tmp_path / "torn-down").exists()


WORK = ("import os, threading, time\n"
        "from pathlib import Path\n"
        "from hdtui.quick_exit import quick_exit\n"
        "marks = Path(os.environ['MARKS'])\n"
        "def work():\n"
        "    time.sleep(0.4)\n"
        "    (marks / 'work-done').write_text('')\n"
        "threading.Thread(target=work).start()\n")
"""A script's start: a thread at work for 0.4 s, then it marks 'work-done'."""


def test_a_thread_still_at_work_is_waited_for(tmp_path: Path) -> None:
    result = run(
        WORK +
        "quick_exit(3)\n", tmp_path)
    assert result.returncode == 3
    assert (tmp_path / "work-done").exists()


def test_textual_s_input_thread_is_not_waited_for(tmp_path: Path) -> None:
    # After a hang-up it reads the vanished terminal in a loop and never ends by itself.
    result = run(
        "import threading, time\n"
        "from hdtui.quick_exit import quick_exit\n"
        "def read_keys():\n"
        "    while True:\n"
        "        time.sleep(0.1)\n"
        "threading.Thread(target=read_keys, name='textual-input').start()\n"
        "quick_exit(0)\n", tmp_path)
    assert result.returncode == 0


def test_after_a_hang_up_a_thread_still_at_work_is_waited_for_within_a_bound(
        tmp_path: Path) -> None:
    result = run(
        WORK +
        "def stuck():\n"
        "    while True:\n"
        "        time.sleep(0.1)\n"
        "threading.Thread(target=stuck).start()\n"
        "started = time.monotonic()\n"
        "def said():\n"
        "    (marks / 'waited').write_text(str(time.monotonic() - started))\n"
        "import atexit; atexit.register(said)\n"
        "quick_exit(129, bound=1.0)\n", tmp_path)
    assert result.returncode == 129
    assert (tmp_path / "work-done").exists()
    assert 0.9 < float((tmp_path / "waited").read_text()) < 20
