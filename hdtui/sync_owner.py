"""Provides ended_sync: a TUI start that finds its store held by ``hdtui sync`` ends that
sync and takes the store.

A member's cron runs ``hdtui sync``, which holds the store's lock while it reads and then
counts (minutes after a change of the known issues or of the rules at 100,000 reports).
A TUI started meanwhile was refused ("Store in use … Close it first") for that long. A
sync is read-only and made to be stopped: on SIGTERM it ends its read, its gpg processes
and its counting processes, keeps what it read and counted, and releases the lock
(docs/cli.md, "Stopping hdtui sync"); the TUI then reads and counts the rest itself. So a
TUI start ends a sync that holds its store, says so, and starts; a store held by anything
else (another member's TUI, ``hdtui stats``) is refused as before (docs/store.md, "A sync
holding the store").
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

WAIT = 10.0
"""Seconds a sync is given to end after SIGTERM (it ends in under one: docs/cli.md)."""


def _hdtui_arguments(pid: int) -> list[str] | None:
    """The words after ``hdtui`` on the command line of ``pid`` when it is an hdtui of this
    user (``hdtui sync``, ``python -m hdtui [--config FILE] sync``), else None."""
    try:
        if os.stat(f"/proc/{pid}").st_uid != os.getuid():
            return None
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    names = [w.decode(errors="replace") for w in words if w]
    hdtui = next((n for n, w in enumerate(names)
                  if w == "hdtui" or w.endswith("/hdtui")), None)
    return None if hdtui is None else names[hdtui + 1:]


def is_sync(pid: int) -> bool:
    """Whether ``pid`` is an ``hdtui sync`` of this user (its command line: ``hdtui sync``
    or ``python -m hdtui [--config FILE] sync``)."""
    arguments = _hdtui_arguments(pid)
    return arguments is not None and "sync" in arguments


def holder_said(owner: str) -> str:
    """Who holds a store, for a refusal to say: "an hdtui TUI in a read-only skim (pid
    4242)", "hdtui stats (pid 4242)", "another hdtui (pid 4242)" when its command line
    cannot be read (another user's, or gone). A skim set by the config's ``read_only``
    is not on the command line: it is said as a TUI (walk26: `hdtui sync` said only
    "Another hdtui (pid …)" while a member's skim held the store)."""
    pid = int(owner) if owner.isdigit() else 0
    arguments = _hdtui_arguments(pid) if pid > 0 else None
    if arguments is None:
        return f"another hdtui (pid {owner})"
    for command in ("sync", "stats", "followups"):
        if command in arguments:
            return f"{'another ' if command == 'sync' else ''}hdtui {command} (pid {pid})"
    skim = " in a read-only skim" if "--read-only" in arguments else ""
    return f"an hdtui TUI{skim} (pid {pid})"


def ended_sync(owner: str, store: Path) -> int | None:
    """End the ``hdtui sync`` whose pid ``owner`` holds the lock of ``store`` (SIGTERM),
    and wait until the lock is free: its pid, or None when the owner is not a sync of this
    user, or did not let go within WAIT seconds (the caller then refuses as before)."""
    from hdtui.store import owner_of

    try:
        pid = int(owner)
    except ValueError:
        return None
    if pid <= 0 or pid == os.getpid() or not is_sync(pid):
        return None
    with contextlib.suppress(OSError):  # (ended meanwhile: its lock went with it)
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if owner_of(store) is None:
            return pid
        time.sleep(0.05)
    return None
