"""Servers of a test run killed outright are stopped by the next run (docs/testing.md,
"Servers of a killed run"): a SIGKILLed pytest runs no fixture's teardown, and its Dovecot
kept its ports and its CPU. Against real Dovecots, one of a run that is gone and one of a
run that is not."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from hdtui.process_owner import owner_gone
from tests.servers.dovecot import DOVECOT, Dovecot, wait_port
from tests.support import orphans


def _run_dir(place: Path, name: str, owner: str | None) -> Path:
    made = place / name
    made.mkdir()
    os.chmod(made, 0o711)  # Dovecot's auth process passes through to its passwd file
    if owner is not None:
        (made / orphans.RUN_OWNER).write_text(owner, encoding="ascii")
    return made


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _instance(port: int) -> list[int]:
    """The live processes of the Dovecot instance of ``port`` (master and children)."""
    name = f"hdtui-test-{port}".encode()
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as f:
                    line = f.read()
            except OSError:
                continue
            if name in line and not owner_gone(int(entry.name)):
                found.append(int(entry.name))
    return found


def _job(leader: int) -> list[int]:
    """The live processes of the process group ``leader`` leads."""
    return [pid for pid in (int(e.name) for e in os.scandir("/proc") if e.name.isdigit())
            if not owner_gone(pid) and _group(pid) == leader]


def _command_line(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode(errors="replace") for a in f.read().split(b"\0")]
    except OSError:
        return []


def _group(pid: int) -> int:
    try:
        return os.getpgid(pid)
    except OSError:
        return 0


def test_a_killed_run_s_dovecot_is_stopped_a_running_run_s_kept() -> None:
    if not Path(DOVECOT).exists():
        pytest.fail("dovecot is not installed: run ./test.sh, which installs dovecot-imapd")
    place = Path(tempfile.mkdtemp(prefix="orph-"))
    os.chmod(place, 0o711)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    killed = _run_dir(place, "hdt-killed", f"{ended.pid} 1\n")
    running = _run_dir(place, "hdt-running", None)
    orphans.claim(running)  # this process: a run still going
    reused = _run_dir(place, "hdt-reused", f"{os.getpid()} 1\n")  # its number, given again
    unnamed = _run_dir(place, "hdt-unnamed", None)  # no owner file: not ours to judge
    left = Dovecot.create(killed)
    kept = Dovecot.create(running)
    # A member reading the killed run's log in a job of their own: not the run's to stop,
    # nor is the job's other process, which names nothing under the directory.
    (killed / "seen.log").write_text("what the killed run wrote\n", encoding="ascii")
    viewer = subprocess.Popen(["sh", "-c", f"sleep 300 & exec tail -f {killed}/seen.log"],
                              start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        left.start()
        kept.start()
        assert _instance(left.port)  # master, log and config processes
        assert any(str(killed) in " ".join(_command_line(pid))
                   for pid in _job(viewer.pid))  # the tail names the killed run's file
        swept = orphans.sweep(place)
        assert sorted(swept) == [killed, reused]
        assert left.proc is not None and left.proc.wait(15) is not None
        assert not _instance(left.port), "a child of the killed run's Dovecot still runs"
        assert not _listening(left.port) and not _listening(left.imaps_port)
        assert not killed.exists() and not reused.exists()
        assert kept.proc is not None and kept.proc.poll() is None
        wait_port(kept.port)
        assert running.exists() and unnamed.exists()
        assert viewer.poll() is None and len(_job(viewer.pid)) == 2  # tail and sleep
    finally:
        with contextlib.suppress(OSError):
            os.killpg(viewer.pid, signal.SIGKILL)
        viewer.wait(15)
        kept.remove()
        left.remove()
        shutil.rmtree(place, ignore_errors=True)


def test_a_run_names_its_pytest_in_its_directory() -> None:
    """The run's own directory (``$TMPDIR``, made by tests/conftest.py) names this process,
    so that it is never taken for a killed run's."""
    root = Path(os.environ["TMPDIR"])
    assert root.name.startswith(orphans.RUN_PREFIX)
    assert (root / orphans.RUN_OWNER).read_text().split()[0] == str(os.getpid())
    assert not orphans.run_gone(root)
