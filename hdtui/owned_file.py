"""Provides owned_bytes and write_owned: the member's own cache files, read only when no
one else could have written them, and written owner-only in one step.

A cache file hdtui reads back before the first frame (the parsed CSS, the parsed TOML:
docs/store.md) is read only when it is a regular file of this user that no one else can
write, so another user's file put in its place is never taken for hdtui's own; it is
written through a file of its own (this process's id in its name: two sessions ending at
once) and renamed over the old one, so a reader sees the old file or the new one whole.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def owned_bytes(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user that only this user can
    write, not larger than ``limit``; else None (a missing file raises OSError). Opened
    without blocking, so a FIFO put there does not hang the start (it is not a regular
    file)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                or info.st_mode & 0o077 or info.st_size > limit):
            return None
        return file.read()


def write_owned(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600, its directory made 0700 when missing), replacing
    the file at once. Raises OSError; nothing half-written stays behind."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if partial.exists() or partial.is_symlink():
            partial.unlink()
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                             0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):  # a full disk: nothing half-written stays
            partial.unlink()
        raise
