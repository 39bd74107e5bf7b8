"""Provides ``Forked``: a pure computation run on the machine's other core, in a child
process forked from this one, while this one works on.

The child starts with a copy of everything the parent holds (the decoded facts of 100,000
reports are not sent: the operating system copies their pages only when either process
writes to one), computes, and sends its result back pickled through a pipe: worth it only
for a computation whose result costs less to send than to compute (the clustering of
``hdtui stats``, a few kilobytes; a Maildir's listing, whose index of 100,000 file names
comes back: docs/insight.md, "Session 14: stats --json at 100,000" and "Session 15").

Only for a command-line process (never the TUI): while another thread runs, no child is
forked (a lock that thread held would stay held in the child), nor while SIGCHLD is
ignored (children could not be waited for). Then, where ``os.fork`` is missing, or when the
child fails or dies, the computation is made here instead, when the result is asked for:
the same result, later.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

_T = TypeVar("_T")


class Forked(Generic[_T]):
    """``work()``, computed in a forked child from now on; ``result()`` waits for it."""

    def __init__(self, work: Callable[[], _T]) -> None:
        self._work = work
        self._pid = 0
        self._pipe = -1
        if not hasattr(os, "fork") or threading.active_count() > 1 or _children_unwaited():
            return  # (another thread's lock could stay held in the child)
        for stream in (sys.stdout, sys.stderr):  # None when that descriptor was closed
            if stream is not None:
                stream.flush()  # nothing buffered twice: the child ends without flushing
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # pragma: no cover (the child: coverage does not follow it)
            os.close(read)
            _child(work, write)
        os.close(write)
        self._pid, self._pipe = pid, read

    @property
    def in_child(self) -> bool:
        """Whether a child is computing the result (else ``result`` makes it here)."""
        return self._pipe >= 0

    def result(self) -> _T:
        """The child's result, or ``work()`` made here when there was no child or it
        failed (its error, if any, raised from here then)."""
        if self._pipe < 0:
            return self._work()
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        self._pipe = -1
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:  # reaped by the system after all: its pickle says
            status = 0  # whether it finished (a cut one does not load)
        if status == 0 and data:
            try:
                found: _T = pickle.loads(data)
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
                pass
            else:
                return found
        return self._work()

    def close(self) -> None:
        """Give up the result: the child, if any, is ended and waited for (no zombie, no
        pipe left open); ``result()`` would then make it here."""
        if self._pipe < 0:
            return
        import signal

        os.close(self._pipe)
        self._pipe = -1
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass  # ended and reaped already


def _children_unwaited() -> bool:
    """Whether this process ignores SIGCHLD (as a launcher may have left it: ignored stays
    ignored through exec): the system then reaps children itself, and one could not be
    waited for."""
    import signal

    child = getattr(signal, "SIGCHLD", None)
    return child is not None and signal.getsignal(child) == signal.SIG_IGN


def _child(work: Callable[[], object], write: int) -> None:  # pragma: no cover
    """Computes, writes the pickled result and ends the child (never returns)."""
    code = 1
    try:
        # The parent's objects are the child's to read only: a cyclic collection would
        # walk (and so copy) every page of them for nothing.
        gc.disable()
        data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # the parent computes it again, and sees why
        pass
    finally:
        os._exit(code)
