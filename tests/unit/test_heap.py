"""``give_back`` hands the C heap's free pages back to the system: the memory an overview
made and dropped no longer stays resident for the session (docs/insight.md, "Session 23:
the memory handed back")."""

from __future__ import annotations

import ctypes
import gc

import pytest

from hdtui.heap import give_back


def _resident() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def _glibc() -> bool:
    return getattr(ctypes.CDLL(None), "malloc_trim", None) is not None


@pytest.mark.skipif(not _glibc(), reason="malloc_trim is glibc's")
def test_the_freed_middle_of_the_heap_is_handed_back() -> None:
    # 60 MB of objects larger than CPython's small objects (the C heap's), one in a
    # hundred kept: the rest is freed in the heap's middle, where free() leaves it.
    made = [bytes(1000) + bytes([n % 256]) for n in range(60_000)]
    kept = made[::100]
    del made
    gc.collect()
    before = _resident()
    assert give_back()
    after = _resident()
    assert before - after > 30_000_000, (before, after)
    assert len(kept) == 600
