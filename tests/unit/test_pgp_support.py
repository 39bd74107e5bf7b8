"""The tests' kill_agent returns once the agents of a home are gone, however long they take
to end (docs/testing.md, "Nothing left behind")."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.support.pgp import agent_pids, kill_agent, short_tmp

SLOW_AGENT = """
import signal, sys, time
def ending(number, frame):
    time.sleep(0.8)  # an agent finishing what it was doing, on a loaded machine
    sys.exit(0)
signal.signal(signal.SIGTERM, ending)
print("ready", flush=True)
time.sleep(60)
"""


def slow_agent(home: Path) -> subprocess.Popen[str]:
    """A process that /proc shows as a gpg-agent of ``home`` and takes 0.8 s to end once
    told to (argv[0] named as gpg-agent's, the home on its command line)."""
    agent = subprocess.Popen(
        ["bash", "-c", 'exec -a "$0" "$1" -c "$2" --homedir "$3"',
         "/usr/bin/gpg-agent", sys.executable, SLOW_AGENT, str(home)],
        stdout=subprocess.PIPE, text=True)
    assert agent.stdout is not None and agent.stdout.readline() == "ready\n"
    return agent


def test_kill_agent_returns_once_a_slow_agent_has_ended() -> None:
    home = short_tmp("hda-")
    agent = slow_agent(home)
    try:
        assert agent_pids(home) == [agent.pid]  # seen as an agent of that home
        started = time.monotonic()
        kill_agent(home)
        assert agent_pids(home) == []  # three fixed pauses (0.3 s in all) returned before
        assert agent.wait(timeout=5) == 0  # it ended by itself, not killed
        assert time.monotonic() - started >= 0.8
    finally:
        agent.kill()
        agent.wait()
        home.rmdir()
