"""Provides ``TypedWhileClosing`` and ``without_echo``: the keys a member types while the
TUI closes are neither echoed nor left for the shell.

Textual gives the terminal back (echo on, line mode) as soon as the app stops; hdtui then
keeps the drafts, saves what it parsed and closes the session (the mailbox, the reading
children, the gpg-agent, the store), which can take a second. A key pressed meanwhile was
echoed by the terminal ("^[" for escape, walk25's defect 9: "^[EXIT=0" in tmux) and then
read by the shell (a second escape made bash list its completions; an arrow recalled the
history). Now the app, as it begins to end, has Textual give the terminal back with echo
off (``HdtuiApp.exit``), echo stays off until the session is closed, and what was typed
meanwhile is thrown away: it was meant for hdtui (docs/keys.md, "Leaving").
"""

from __future__ import annotations

import contextlib
import sys
import termios
from typing import Any


def without_echo(attrs: list[Any]) -> list[Any]:
    """Terminal settings (``termios.tcgetattr``'s list) with echo off, the rest kept."""
    quiet = list(attrs)
    quiet[3] &= ~termios.ECHO
    return quiet


class TypedWhileClosing:
    """The terminal's settings of ``fd`` (stdin's by default) as they are before the app
    starts: ``quiet`` turns echo off once the app has ended, ``restore`` throws away what
    was typed since and puts the settings back. No terminal (a pipe, a hang-up): nothing
    is changed."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = -1
        self.before: list[Any] | None = None
        try:
            # The terminal Textual drives (its driver reads sys.__stdin__).
            self.fd = sys.__stdin__.fileno() if fd is None else fd  # type: ignore[union-attr]
            self.before = termios.tcgetattr(self.fd)
        except (AttributeError, OSError, ValueError, termios.error):
            self.before = None

    def quiet(self) -> None:
        """Echo off (the app has ended: the session closes)."""
        if self.before is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(self.fd, termios.TCSANOW, without_echo(self.before))

    def restore(self) -> None:
        """Throw away what was typed while closing, and put the settings back."""
        if self.before is not None:
            with contextlib.suppress(OSError, termios.error):
                termios.tcflush(self.fd, termios.TCIFLUSH)
                termios.tcsetattr(self.fd, termios.TCSANOW, self.before)
