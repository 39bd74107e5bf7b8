"""Ending the TUI's process once its session is closed, without Python's teardown.

When the TUI has closed its session (the mailbox logged out, the reading children and the
gpg-agent stopped, the store closed and its lock released last: ``Setup.close``), Python's
own exit still takes every module apart and frees the heap object by object: 0.14-0.16 s
at 10,000 messages on this project's 2-core test machine under load (docs/benchmarks.md,
"Session 22: the exit after a hang-up"), while the member's terminal waits for the prompt
and the process is still there for whoever waits for it to be gone. None of it writes
anything. ``quick_exit`` does what that exit does that matters (the exit functions
registered with ``atexit``, such as logging's flush or the removal of a temporary
directory, and the flush of stdout and stderr), then ends the process at once.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
import time
from typing import NoReturn

INPUT_THREAD = "textual-input"
"""The name Textual gives its thread that reads the terminal's keys: it holds nothing of
the member's. After a hang-up it may still be running when the session is closed (its
terminal gone, it reads nothing in a loop of ``select`` on the vanished terminal, about a
third of a core, until the process ends: docs/live-changes.md, "The exit")."""

HANG_UPS = frozenset({128 + signal.SIGHUP, 128 + signal.SIGTERM})
"""The statuses of a TUI ended by a hang-up or asked to stop (hdtui.hangup)."""

HANG_UP_BOUND = 3.0
"""Seconds, all together, that the threads still running are waited for after a hang-up,
once the member's work is saved and the store's lock released: then the process ends
whatever is left. Nobody is at the terminal to wait for them."""


def quick_exit(code: int, bound: float = HANG_UP_BOUND) -> NoReturn:
    """End the process with ``code`` now. A thread that is not a daemon and is still
    running (other than Textual's input thread) is work Python's exit waits for: with one,
    the exit is Python's own; after a hang-up (``code`` 129 or 143) it is waited for
    ``bound`` seconds at most, then the process ends all the same."""
    if _others_done(code in HANG_UPS, bound):
        terminal = sys.modules.get("hdtui.terminal_input")
        if terminal is not None:  # the terminal is put back last (hdtui.terminal_input)
            atexit.unregister(terminal.restore_now)
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
                stream.flush()
        if terminal is not None:
            terminal.restore_now()
        os._exit(code)
    sys.exit(code)


def _others_done(hung_up: bool, bound: float) -> bool:
    """Whether no thread worth waiting for is running: after a hang-up, once each has
    ended or ``bound`` seconds have gone by (the rest are given up)."""
    deadline = time.monotonic() + bound
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is current or thread.daemon or thread.name == INPUT_THREAD:
            continue
        if not hung_up:
            if thread.is_alive():
                return False
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    return True
