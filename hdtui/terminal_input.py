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

The settings are put back as the very last act of the process (``restore_last``): after
the session is closed, the exit functions have run and the output is flushed, just before
``quick_exit`` ends it. Put back earlier, a key typed in the remaining instants was echoed
("^[" under load, newcomer29's defect 2): the terminal echoed it while hdtui was still
ending.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
import termios
from typing import Any

_last: list[TypedWhileClosing] = []
"""The terminals whose settings the process puts back as it ends (``restore_last``)."""


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


def restore_last(typed: TypedWhileClosing) -> None:
    """Have ``typed`` put back as the process ends: by ``quick_exit`` just before it ends
    the process, or, on Python's own exit, by an exit function (run after the threads
    Python waits for; hdtui's own exit functions, registered before, run after it)."""
    if not _last:
        atexit.register(restore_now)
    _last.append(typed)


def restore_now() -> None:
    """Put back every terminal ``restore_last`` was given (once)."""
    while _last:
        _last.pop().restore()
