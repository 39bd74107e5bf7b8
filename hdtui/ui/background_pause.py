"""Provides BackgroundPause: the start's count of the queue waits while a change from the
server is on its way to the screen.

The count of every report's facts (minutes at 100,000 messages on a first start, or after
the known issues changed) is pure Python in a worker thread: it holds the interpreter
against the UI thread and the IMAP threads, which wait for it at each step of new mail's
path (the watcher's fetch, the resync, the read, the queue's apply, the paint; up to 5 ms
each time, the interpreter's switch interval) and pay the collector's passes its objects
bring on. New mail took 0.8-2.0 s during a count against 0.76-0.93 s without
(docs/live-changes.md, "While the queue is counted"). So the watcher holds the pause as
soon as the server says something changed, the feed releases it once the change is
shown, and the count looks at it before each report: it waits, and goes on when released
or after ``LONGEST`` seconds at most (a change that shows nothing, a feed gone offline),
so a server that never stops changing slows the count down but never stops it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

LONGEST = 3.0
"""Seconds a hold pauses the count at most, if nothing releases it."""
STEP = 0.05
"""While paused, how often the count looks whether its worker was cancelled (a quit)."""


class BackgroundPause:
    """Held from any thread while a change is on its way to the screen; background work
    calls ``wait`` between two steps."""

    def __init__(self, longest: float = LONGEST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._longest = longest
        self._clock = clock
        self._free = threading.Event()
        self._free.set()
        self._until = 0.0
        """The clock's time when the current hold lapses."""
        self._generation = 0
        """How many holds were taken: each change's own number (``release``)."""
        self._lock = threading.Lock()

    @property
    def held(self) -> bool:
        """Whether background work waits now."""
        return not self._free.is_set()

    @property
    def generation(self) -> int:
        """The number of the latest hold: what a change read from now on shows."""
        return self._generation

    def hold(self) -> None:
        """A change is on its way: background work waits, ``LONGEST`` seconds at most
        from now (a later hold extends it)."""
        with self._lock:
            self._generation += 1
            self._until = self._clock() + self._longest
            self._free.clear()

    def release(self, generation: int | None = None) -> None:
        """The change is shown: background work goes on. With ``generation`` (the
        ``generation`` read before the change was read), only if no hold was taken since:
        a later change is still on its way (an earlier change's paint released the
        pause taken for a later one)."""
        with self._lock:
            if generation is None or generation == self._generation:
                self._free.set()

    def wait(self, still_wanted: Callable[[], object] = lambda: None) -> None:
        """Return at once when not held; else once released or the hold lapsed, calling
        ``still_wanted`` every ``STEP`` seconds meanwhile (it raises to end the work: the
        app quitting ends a paused count as quickly as a running one)."""
        while not self._free.is_set():
            left = self._until - self._clock()
            if left <= 0:
                return
            self._free.wait(min(left, STEP))
            still_wanted()
