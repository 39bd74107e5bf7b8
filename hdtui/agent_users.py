"""Which hdtui instances use the gpg-agent of a configured GnuPG home: one file per live
instance in a private runtime directory keyed by the home, and the pid of the agent an
hdtui launched there. The last instance out stops that agent, none stops an agent another
instance still uses (docs/encryption.md, "The keyring and its gpg-agent")."""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hdtui.process_owner import owner_gone

LAUNCHED = "launched"
"""The file holding the pid of the gpg-agent an hdtui instance launched for the home."""
_LOCK = "lock"
_SERIAL = itertools.count(1)
"""Two instances in one process (a test, a CLI command inside the TUI) are two users."""


def users_dir(home: Path) -> Path | None:
    """The private directory (0700, the member's own) where the users of ``home``'s agent
    are written: under $XDG_RUNTIME_DIR, else the system's temporary directory. None when
    it cannot be made or is not the member's alone: then no agent is ever stopped."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = Path(runtime) / "hdtui" if runtime and os.path.isdir(runtime) else \
        Path(tempfile.gettempdir()) / f"hdtui-{os.getuid()}"
    try:
        # The home's device and inode: one directory however its path is spelt (and no
        # hash module imported before the first frame, docs/benchmarks.md).
        status = home.stat()
        place = base / "gpg-agent" / f"{status.st_dev:x}-{status.st_ino:x}"
        for part in (base, base / "gpg-agent", place):
            part.mkdir(mode=0o700, exist_ok=True)
        for part in (base, place):
            status = part.lstat()
            if status.st_uid != os.getuid() or status.st_mode & 0o077:
                return None
    except OSError:
        return None
    return place


class AgentUsers:
    """This instance's entry among the users of a home's agent (made by ``join``)."""

    def __init__(self, place: Path) -> None:
        self._place = place
        self._name = f"{os.getpid()}.{next(_SERIAL)}"

    @classmethod
    def join(cls, home: Path) -> AgentUsers | None:
        """Write this instance as a user of ``home``'s agent; None when it cannot."""
        place = users_dir(home)
        if place is None:
            return None
        users = cls(place)
        try:
            with users._locked():
                (place / users._name).touch(mode=0o600)
        except OSError:
            return None
        return users

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self._place / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def note_launched(self, pid: str) -> None:
        """Write the pid of the agent this instance launched (none ran before)."""
        if pid.isdigit():
            with contextlib.suppress(OSError), self._locked():
                (self._place / LAUNCHED).write_text(pid, encoding="ascii")

    def leave(self, stop: Callable[[str], None]) -> None:
        """Remove this instance; when no other live instance remains, call ``stop`` with
        the pid of the agent an hdtui launched ("" when none did) and forget that pid. Under
        the lock: an instance starting meanwhile waits until the agent is stopped."""
        with contextlib.suppress(OSError), self._locked():
            (self._place / self._name).unlink(missing_ok=True)
            others = False
            for entry in self._place.iterdir():
                pid, dot, _ = entry.name.partition(".")
                if not (dot and pid.isdigit()):
                    continue
                if not owner_gone(int(pid)):
                    others = True
                else:
                    entry.unlink(missing_ok=True)  # an instance that died without leaving
            if others:
                return
            launched = self._place / LAUNCHED
            pid = launched.read_text(encoding="ascii").strip() if launched.exists() else ""
            launched.unlink(missing_ok=True)
            stop(pid)
