"""Provides ContinueGuard: Textual's answer to SIGCONT, given only after a stop and never
once the way out has begun (docs/live-changes.md, "The exit").

Textual's Linux driver (textual 8.2.8, ``textual/drivers/linux_driver.py``) installs two
signal handlers when it is made: on SIGTSTP (ctrl+z) it leaves application mode, its
input thread included, then stops the process; on SIGCONT it starts application mode
again, a new input thread included. A terminal that hangs up sends SIGCONT too, with
SIGHUP, to the processes in its foreground, stopped or not: the driver then started a
second input thread beside the first, or one after the way out had stopped the first,
and nothing stopped it: it read the vanished terminal in a loop and kept the process
alive (session 22's review).

The guard wraps both handlers, which it reads with the signal module (public API: no
attribute of Textual's is touched). SIGCONT reaches Textual's handler only when a SIGTSTP
went through it since (the process was stopped by ctrl+z, so its input thread is gone)
and the app is not ending. If the handlers are not there (a Textual that no longer sets
them), ``install`` raises ``TerminalDriverChanged`` rather than leave the process open to
that loop without a word.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from hdtui.errors import TerminalDriverChanged

Handler = Callable[[int, FrameType | None], Any]


class ContinueGuard:
    """Installed once the app's driver has set its handlers (the app's mount)."""

    def __init__(self, ending: Callable[[], bool]) -> None:
        """``ending``: whether the way out has begun (a hang-up, a quit): a SIGCONT
        restarts nothing then."""
        self.ending = ending
        self.stopped = False
        """A SIGTSTP went to Textual's handler and no SIGCONT has come since."""
        self._on_stop: Handler | None = None
        self._on_continue: Handler | None = None

    def install(self) -> None:
        """Wrap the driver's SIGTSTP and SIGCONT handlers (main thread only: the app's
        mount runs there). Raises TerminalDriverChanged when either is not a function."""
        on_stop = signal.getsignal(signal.SIGTSTP)
        on_continue = signal.getsignal(signal.SIGCONT)
        if not callable(on_stop) or not callable(on_continue):
            raise TerminalDriverChanged(
                "Textual's terminal driver did not set its SIGTSTP and SIGCONT handlers, "
                "which hdtui wraps so that a hung-up terminal cannot start a second input "
                "thread (docs/live-changes.md). Install the Textual version hdtui pins "
                "(pyproject.toml) and start hdtui again.")
        self._on_stop, self._on_continue = on_stop, on_continue
        signal.signal(signal.SIGTSTP, self.stop)
        signal.signal(signal.SIGCONT, self.resume)

    def stop(self, number: int, frame: FrameType | None) -> None:
        """SIGTSTP: noted, then Textual's handler (which stops the process)."""
        self.stopped = True
        if self._on_stop is not None:
            self._on_stop(number, frame)

    def resume(self, number: int, frame: FrameType | None) -> None:
        """SIGCONT: Textual's handler after a stop, unless the app is ending."""
        stopped, self.stopped = self.stopped, False
        if stopped and not self.ending() and self._on_continue is not None:
            self._on_continue(number, frame)


__all__ = ["ContinueGuard"]
