"""Ending the TUI cleanly when its terminal goes away.

A member works over SSH: when the connection drops, the terminal sends SIGHUP (and a
service manager sends SIGTERM). Python's default for both is to die at once, so the
`finally` that closes the store and stops the demo's gpg-agent never ran: an agent of
the demo's GnuPG home outlived the shift (docs/encryption.md, "When the terminal
goes away").

While the app runs, both signals close it the way a quit does, from its event loop
(``exit_on_hang_up``): its screens are unmounted, which stops the mailbox's watch. A
SystemExit raised wherever the main thread happened to be skipped that, and the watch's
thread, sitting in IDLE, kept the process alive after its terminal was gone. Before the
loop runs, the signals raise SystemExit (``ending_on_hang_up``), so every ``finally`` on
the way out still runs; once the way out is under way they are ignored
(``ignore_further``).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import NoReturn

SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""The terminal hung up; asked to stop."""

_loops: list[asyncio.AbstractEventLoop] = []
"""The event loops that handle the signals now (``exit_on_hang_up``)."""


_holding: list[bool] = []
"""Not empty while ``held`` blocks run: the signals wait in ``_waiting``."""
_waiting: list[int] = []
"""The signals that came while held, the first ends the run once no block holds them."""
_first: list[Callable[[], None]] = []
"""What ``ending_on_hang_up`` was told to do before the signal's SystemExit is raised."""


def _end(signum: int, _frame: FrameType | None) -> None:
    if _holding:
        _waiting.append(signum)
        return
    _ending(signum)


def _ending(signum: int) -> NoReturn:
    ignore_further()
    for first in _first:
        with contextlib.suppress(Exception):  # nothing may keep the run from ending
            first()
    raise SystemExit(128 + signum)  # the shell's status for a process ended by a signal


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Inside ``ending_on_hang_up``: SIGHUP and SIGTERM wait while the block runs, and the
    first that came ends the run as it would have, right after the block (a SystemExit
    then): a directory of copies being made or removed is made whole or gone first
    (``hdtui stats``' snapshot of a store in use: docs/store.md). A signal is handled in
    the main thread whichever thread the system gave it to, so this holds it where
    blocking it (``pthread_sigmask``) in the main thread would not."""
    _holding.append(True)
    try:
        yield
    finally:
        _holding.pop()
    if _waiting and not _holding:
        number = _waiting[0]
        _waiting.clear()
        _ending(number)


@contextlib.contextmanager
def ending_on_hang_up(first: Callable[[], None] | None = None) -> Iterator[None]:
    """While inside, SIGHUP and SIGTERM end the TUI in three ways, one after the other:
    before the app's event loop runs, they raise SystemExit in the main thread; while it
    runs, they close the app from the loop (``exit_on_hang_up``); once the way out is
    under way (``ignore_further``, or the first SystemExit), they are ignored, so that a
    second one (a hang-up often comes twice: the terminal's, then the shell's as it ends)
    cannot cut short the closing of the store or the stopping of an agent. The handlers
    that were there before are put back afterwards. ``first`` is called in the signal's
    handler just before its SystemExit (``hdtui sync``: the reads under way stop there and
    then, docs/cli.md): it runs wherever the main thread was, so it must take no lock the
    main thread may hold."""
    previous = {number: signal.signal(number, _end) for number in SIGNALS}
    previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)  # ``ignore_further``'s
    if first is not None:
        _first.append(first)
    try:
        yield
    finally:
        if first is not None:
            _first.remove(first)
        _waiting.clear()
        _forget_loops()
        for number, handler in previous.items():
            if handler is not None:  # None: set from outside Python, left as it is
                signal.signal(number, handler)


def exit_on_hang_up(exit: Callable[[int], None]) -> None:
    """In the running event loop: SIGHUP and SIGTERM call ``exit`` with the shell's status
    for them, as a callback of the loop, however busy the main thread is when they come."""
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        loop.add_signal_handler(number, exit, 128 + number)
    _loops.append(loop)


def ignore_further() -> None:
    """The way out is under way: SIGHUP, SIGTERM and SIGINT are ignored from now until
    ``ending_on_hang_up`` ends. (asyncio gives a signal its default, death, back when the
    app's loop closes.) SIGINT: ctrl+c leaves hdtui, and a second one pressed out of habit
    while the session closes (the terminal is in line mode again) raised KeyboardInterrupt
    in the keeping of the open form, which was lost without a word (review25)."""
    _forget_loops()
    for number in (*SIGNALS, signal.SIGINT):
        signal.signal(number, signal.SIG_IGN)


def _forget_loops() -> None:
    while _loops:
        loop = _loops.pop()
        if not loop.is_closed():
            for number in SIGNALS:
                loop.remove_signal_handler(number)
