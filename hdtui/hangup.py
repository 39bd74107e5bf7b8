"""Ending the TUI cleanly when its terminal goes away.

A member works over SSH: when the connection drops, the terminal sends SIGHUP (and a
service manager sends SIGTERM). Python's default for both is to die at once, so the
`finally` that closes the store and stops the demo's gpg-agent never ran: an agent of
the demo's GnuPG home outlived the shift (docs/encryption.md, "When the terminal
goes away"). Here both signals end the TUI
as a SystemExit would, so every `finally` on the way out runs.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""The terminal hung up; asked to stop."""


def _end(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # the shell's status for a process ended by a signal


@contextlib.contextmanager
def ending_on_hang_up() -> Iterator[None]:
    """While inside, SIGHUP and SIGTERM raise SystemExit in the main thread; the handlers
    that were there before are put back afterwards."""
    previous = {number: signal.signal(number, _end) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
