"""Provides ``give_back``: the C heap's free pages handed back to the system after a
computation that made and dropped many objects at once.

The counts, hot topics, clusters and regressions of 100,000 reports (``Insight``'s
overview) make tens of megabytes of objects and drop them at the end; CPython gives the
larger ones (over 512 bytes) and its own small-object arenas' backing to the C library's
``malloc``, which keeps freed memory in the middle of its heaps for later, so the
process's resident memory stayed about 20 MB above what it holds for the rest of the
session. glibc's ``malloc_trim`` returns the free pages of every heap (each thread's too)
to the system; elsewhere (no glibc) this does nothing (docs/insight.md, "Session 23: the
memory handed back").
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked_up = False
_lock = threading.Lock()


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, if the process has it (looked up once)."""
    global _trim, _looked_up
    with _lock:
        if not _looked_up:
            _looked_up = True
            import ctypes  # (not before the first frame: docs/benchmarks.md, "Warm start
            # imports")

            try:
                found = getattr(ctypes.CDLL(None), "malloc_trim", None)
            except OSError:
                found = None
            if found is not None:
                found.argtypes = [ctypes.c_size_t]
                found.restype = ctypes.c_int
                _trim = found
        return _trim


def give_back() -> bool:
    """Hand the C heap's free pages back to the system; whether it could (glibc)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
