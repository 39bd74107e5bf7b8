"""Whether the process that left something behind still runs (``owner_gone``): the one test
of a dead owner for every sweep of leftovers (plaintext directories in memory, a killed
``hdtui stats``'s snapshot of the cache, an instance's gpg-agent marker), so that they do
not disagree on a zombie or on a number no process can have (docs/store.md, "Leftovers of
a killed process").
"""

from __future__ import annotations

import contextlib
import os

PID_LIMIT = 2**22
"""Linux's highest possible process number plus one (``/proc/sys/kernel/pid_max`` can be
raised no further): a number from a name or a file at or above it is no process's."""


def owner_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs: none has that number, it is a zombie (ended, its
    parent not told yet: a killed run whose parent is a pytest still running), or the
    number is one no process can have (0, below, or ``PID_LIMIT`` and above: written by no
    process, its owner is gone). This process is never gone; another user's process of
    that number runs (not ours to judge). Never raises."""
    if pid == os.getpid():
        return False
    if not 0 < pid < PID_LIMIT:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # another user's process: it runs
    except OSError:
        return False  # not asked: kept
    return stat_fields(pid)[:1] == ["Z"]


def stat_fields(pid: int) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command's name (which may hold ")"
    itself): the state first, the start time 20th; none when it cannot be read."""
    with contextlib.suppress(OSError), \
            open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
        return stat.read().rsplit(")", 1)[-1].split()
    return []
