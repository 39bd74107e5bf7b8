"""Provides Tmux: one tmux server and session for an end-to-end test in a real terminal."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable


class Tmux:
    """A session on a tmux server of its own socket (tests never share a server)."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def __call__(self, *args: str) -> str:
        """Run a tmux command on this server; its standard output."""
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
            time.sleep(0.1)
        raise AssertionError(f"timed out; screen was:\n{text}")
