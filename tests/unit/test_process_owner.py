"""One test of a dead owner for every sweep of leftovers (``process_owner.owner_gone``;
docs/store.md, "Leftovers of a killed process")."""

from __future__ import annotations

import os
import subprocess
import sys

from hdtui.process_owner import PID_LIMIT, owner_gone


def test_an_ended_process_and_a_zombie_are_gone_a_running_one_not() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped
        assert owner_gone(zombie.pid)
        os.kill(zombie.pid, 0)  # still a process to the kernel: kill alone would say alive
    finally:
        zombie.wait()
    assert owner_gone(ended.pid)
    assert not owner_gone(os.getpid())
    assert not owner_gone(1)  # init runs (another user's: not ours to judge)


def test_a_number_no_process_can_have_is_gone_without_an_error() -> None:
    for pid in (0, -1, PID_LIMIT, 2**31, 2**70):  # 2**70: OverflowError from os.kill
        assert owner_gone(pid), pid
