"""Servers that a killed test run left running (docs/testing.md, "Servers of a killed run").

A pytest stopped with SIGKILL (a time limit, the out-of-memory killer) runs no fixture's
teardown: its Dovecot and Prosody keep their ports and their CPU under its run directory
(``hdt-*``, made by ``tests/conftest.py``). Each run writes ``RUN_OWNER`` into its directory
(its pid and the process's start time); a later run stops the servers of the directories
whose run is gone, then removes those directories. Only this user's, only those whose
owner file names a process that ended (or a pid reused since), never a running run's; a
directory with no owner file (made before session 26) is left alone. Only the fixtures'
server programs are stopped, never a pager or shell that happens to name a file there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from pathlib import Path

from hdtui.process_owner import owner_gone, stat_fields

RUN_PREFIX = "hdt-"
"""The prefix of a test run's directory (``tests/conftest.py``)."""
RUN_OWNER = "pytest.pid"
"""The file of a run's directory naming its pytest: ``<pid> <start time>``."""
STOP_WAIT = 10.0
"""Seconds a server is given to end after SIGTERM before SIGKILL."""


def start_time(pid: int) -> str:
    """The start time of process ``pid`` in clock ticks since boot (``/proc/<pid>/stat``'s
    22nd field), "" when unknown: with the pid, it tells a process from a later one that
    was given the same number."""
    fields = stat_fields(pid)
    return fields[19] if len(fields) > 19 else ""  # the 22nd field, 20th after the name


def claim(run_dir: Path) -> None:
    """Name this process as the owner of ``run_dir``."""
    pid = os.getpid()
    (run_dir / RUN_OWNER).write_text(f"{pid} {start_time(pid)}\n", encoding="ascii")


def run_gone(run_dir: Path) -> bool:
    """Whether the run that owns ``run_dir`` has ended: its owner file names a process that
    is gone, or a process of that number started at another time (the number given again).
    False when there is no owner file or it cannot be read: not ours to judge."""
    try:
        pid_text, _, started = (run_dir / RUN_OWNER).read_text(encoding="ascii").partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return False
    if owner_gone(pid):
        return True
    now = start_time(pid)
    return bool(started.strip() and now and now != started.strip())


SERVER_PROGRAMS = frozenset({"dovecot", "prosody", "gpg-agent"})
"""The programs a fixture runs under a run directory (tests/servers, tests/support/pgp.py):
the only ones the sweep stops. A pager, ``tail -f`` or editor open on a killed run's log
names a path under its directory too, and is the member's, not the run's."""


def program(args: list[bytes]) -> str:
    """The program a command line runs: its first word's file name, or the script's for an
    interpreter (Prosody is a Lua script: ``lua5.4 /usr/bin/prosody --config …``)."""
    first = os.path.basename(args[0]).decode(errors="replace") if args else ""
    if first.startswith("lua") and len(args) > 1:
        return os.path.basename(args[1]).decode(errors="replace")
    return first


def servers_under(run_dir: Path) -> list[tuple[int, str]]:
    """This user's fixture servers (``SERVER_PROGRAMS``) whose command line names a path
    under ``run_dir`` (``-c <dir>/dovecot.conf``, ``--config <dir>/...``,
    ``--homedir <dir>/...``), each with its start time, so that a number given to another
    process meanwhile is never signalled."""
    inside = str(run_dir).encode() + b"/"
    found: list[tuple[int, str]] = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if entry.stat().st_uid != os.getuid() or pid == os.getpid():
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().rstrip(b"\0").split(b"\0")
        except OSError:
            continue
        if program(args) in SERVER_PROGRAMS and \
                any(arg.startswith(inside) or b"=" + inside in arg for arg in args):
            found.append((pid, start_time(pid)))
    return found


def _same(pid: int, started: str) -> bool:
    """Whether ``pid`` is still the process found, started at ``started``, and running."""
    return not owner_gone(pid) and start_time(pid) == started


def stop(found: list[tuple[int, str]]) -> None:
    """SIGTERM each server (to its whole group when it leads one: a fixture starts its
    servers in a session of their own, so Dovecot's children go with it), then SIGKILL what
    is left after ``STOP_WAIT`` seconds; a process whose start time changed (it ended and
    its number was given again) is never signalled."""
    targets: dict[int, tuple[int, str]] = {}  # signal target (-pgid for a group) -> found
    for pid, started in found:
        with contextlib.suppress(OSError):
            targets[-pid if os.getpgid(pid) == pid else pid] = (pid, started)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for target, (pid, started) in targets.items():
            if not _same(pid, started):
                continue
            with contextlib.suppress(OSError):
                if target < 0:
                    os.killpg(pid, sig)
                else:
                    os.kill(pid, sig)
        deadline = time.monotonic() + STOP_WAIT
        while time.monotonic() < deadline and any(_same(*f) for f in targets.values()):
            time.sleep(0.05)
        if not any(_same(*f) for f in targets.values()):
            return


def sweep(place: Path) -> list[Path]:
    """Stop the servers of every run directory in ``place`` whose run is gone, then remove
    the directory; the directories swept. Never raises for a directory it cannot read."""
    swept: list[Path] = []
    try:
        entries = list(os.scandir(place))
    except OSError:
        return swept
    for entry in entries:
        if not entry.name.startswith(RUN_PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        run_dir = Path(entry.path)
        if not run_gone(run_dir):
            continue
        stop(servers_under(run_dir))
        shutil.rmtree(run_dir, ignore_errors=True)
        swept.append(run_dir)
    return swept
