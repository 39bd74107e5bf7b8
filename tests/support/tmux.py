"""Provides Tmux: one tmux server and session for an end-to-end test in a real terminal.

Tests wait on what the screen shows (``wait_for``, ``wait_stable``), never for a fixed time;
the one pause that stays is after an escape key (``ESCAPE_GAP``): a terminal cannot tell an
escape followed at once by a key from alt+key, so a person's escape is always followed by
a moment of nothing (Textual waits ESCDELAY, 100 ms, to decide).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ESCAPE_GAP = 0.15
"""Seconds after an escape before the next key (more than Textual's ESCDELAY)."""


def socket_path(name: str) -> Path:
    """Where the tmux server of ``tmux -L name`` keeps its socket: $TMUX_TMPDIR (else /tmp)
    /tmux-UID/name."""
    return Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / name


def kill_server(name: str) -> None:
    """End the tmux server of ``tmux -L name`` and remove its socket file, which
    kill-server leaves behind (one dead file per run and socket name, otherwise)."""
    subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True, check=False)
    socket_path(name).unlink(missing_ok=True)


class Tmux:
    """A session on a tmux server of its own socket: the socket's name carries this
    process's ID, so test runs side by side (several worktrees on one machine) never drive
    or kill each other's terminals."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = f"{socket}-{os.getpid()}"
        self.session = session
        self.escaped = 0.0
        """When ``press`` last sent an escape (monotonic), so that a key sent by the next
        call waits too: an escape whose ``until`` held at once (a notice hid the marker it
        waited to go) was followed by "t" at once, which the terminal read as alt+t, and
        the escape was lost (session 23's CI, tests/e2e/test_hostile_mail.py)."""

    def __call__(self, *args: str) -> str:
        """Run a tmux command on this server; its standard output. ``kill-server`` also
        removes the server's socket file."""
        if args == ("kill-server",):
            kill_server(self.socket)
            return ""
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=False).stdout

    def screen(self) -> str:
        """What the session's pane shows now."""
        return self("capture-pane", "-t", self.session, "-p")

    def send(self, *keys: str) -> None:
        """Send keys (tmux key names, e.g. Down, C-s) all at once."""
        self("send-keys", "-t", self.session, *keys)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        """The screen once ``predicate`` holds for it; AssertionError with the screen if
        it never does within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"timed out; screen was:\n{text}")

    def wait_stable(self, quiet: float = 0.2, timeout: float = 20.0) -> str:
        """The screen once it has not changed for ``quiet`` seconds (after a key whose
        effect shows nothing particular to wait for)."""
        deadline = time.monotonic() + timeout
        text, since = self.screen(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.screen()
            if now != text:
                text, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return text
        raise AssertionError(f"the screen kept changing; it was:\n{text}")

    def press(self, *keys: str, until: Callable[[str], bool] | None = None,
              timeout: float = 20.0) -> str:
        """Press keys one by one (an escape followed by another key waits ``ESCAPE_GAP``
        first); the screen once ``until`` holds for it, or, without ``until``, once it
        stops changing."""
        for key in keys:
            time.sleep(max(0.0, self.escaped + ESCAPE_GAP - time.monotonic()))
            self.send(key)
            if key == "Escape":
                self.escaped = time.monotonic()
        if until is None:
            return self.wait_stable(timeout=timeout)
        return self.wait_for(until, timeout)


def shows(text: str) -> Callable[[str], bool]:
    """A condition: the screen shows ``text``."""
    return lambda screen: text in screen


def gone(text: str) -> Callable[[str], bool]:
    """A condition: the screen no longer shows ``text``."""
    return lambda screen: text not in screen
