"""Private directories in memory where plaintexts pass for a moment, and the sweep of those
a killed hdtui left behind (docs/encryption.md, "Decrypting many reports at once" and
"What a killed hdtui leaves")."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator

from hdtui.process_owner import owner_gone

SHARED_MEMORY = "/dev/shm"
"""Linux's memory file system for every user, where plaintexts pass when the member has no
runtime directory (docs/encryption.md, "Decrypting many reports at once")."""

KINDS = ("gpg", "ring")
"""What the directories hold: ``gpg`` a batch's messages and plaintexts, ``ring`` the
decrypting public keyring of one process."""

UNNAMED_AGE = 12 * 3600
"""Seconds after which a directory named before names carried their process (no process
number to ask) is taken as left behind: longer than a shift."""

_NAME_RE = re.compile(r"^hdtui-(gpg|ring)-(?:(\d+)-)?[A-Za-z0-9_]+$")
_swept: set[str] = set()
_swept_lock = threading.Lock()


def private_place() -> str | None:
    """Where plaintexts may pass for a moment, never on a disk: the member's runtime
    directory (a tmpfs only they can read) when there is one, else ``/dev/shm`` when it is
    a tmpfs (the private directory made there is 0700), else the system's temporary
    directory (None)."""
    for place in (os.environ.get("XDG_RUNTIME_DIR", ""), SHARED_MEMORY):
        if place and os.path.isdir(place) and os.access(place, os.W_OK | os.X_OK) and \
                (place != SHARED_MEMORY or in_memory(place)):
            return place
    return None


def in_memory(path: str) -> bool:
    """Whether ``path`` is the mount point of a tmpfs (``/proc/self/mounts``)."""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            return any(fields[1:3] == [path, "tmpfs"]
                       for fields in (line.split() for line in mounts) if len(fields) > 2)
    except OSError:
        return False


def private_dir(kind: str) -> str:
    """A new directory (0700) for ``kind`` in ``private_place``, named after this process
    so that a later hdtui can tell it was left behind; the first one of a process in a
    place first sweeps what killed processes left there. OSError if it cannot be made."""
    place = private_place()
    sweep_once(place or tempfile.gettempdir())
    made = tempfile.mkdtemp(prefix=f"hdtui-{kind}-{os.getpid()}-", dir=place)
    os.chmod(made, 0o700)
    return made


@contextlib.contextmanager
def passing_dir(kind: str) -> Iterator[str]:
    """A ``private_dir`` removed with what it holds when the block ends."""
    made = private_dir(kind)
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


def sweep_once(place: str) -> None:
    """``sweep`` ``place`` the first time this process asks for it."""
    with _swept_lock:
        if place in _swept:
            return
        _swept.add(place)
    sweep(place)


def sweep(place: str, now: float | None = None) -> list[str]:
    """Remove this user's hdtui directories in ``place`` whose process has ended (a killed
    hdtui's plaintexts, or its keyring), and those named before names carried a process
    that are older than ``UNNAMED_AGE``; never another user's, never a running process's.
    Returns the names removed. Never raises."""
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(place))
    except OSError:
        return removed
    for entry in entries:
        found = _NAME_RE.match(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = found.group(2)
        left = owner_gone(int(pid)) if pid else now - info.st_mtime > UNNAMED_AGE
        if left:
            shutil.rmtree(entry.path, ignore_errors=True)
            if not os.path.exists(entry.path):
                removed.append(entry.name)
    return removed

