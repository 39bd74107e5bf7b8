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
import sys
import threading
from typing import NoReturn


def quick_exit(code: int) -> NoReturn:
    """End the process with ``code`` now. A thread that is not a daemon and is still
    running is work Python's exit waits for: with one, the exit is Python's own."""
    current = threading.current_thread()
    if any(thread is not current and not thread.daemon and thread.is_alive()
           for thread in threading.enumerate()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
            stream.flush()
    os._exit(code)
