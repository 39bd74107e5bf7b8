"""Checks that work grows in proportion to its input, in the process's own CPU time.

Hostile input (a mail body of markers only, one huge line) must not make parsing
quadratic. A wall-clock bound fails on a loaded machine and passes a slow algorithm on a
fast one; the growth between two sizes does neither: five times the input may cost at
most ``limit`` (12) times the CPU time (linear work gives about 5, quadratic about 25).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

FLOOR = 0.005
"""CPU seconds below which the small size's time is taken as this (timer resolution)."""


def cpu_seconds(run: Callable[[T], object], value: T, tries: int = 3) -> float:
    """The least CPU time of ``tries`` runs of ``run(value)``, the cyclic collector paused:
    its full passes walk every live object, so they grow faster than the work measured
    (a clean-clone run saw 18 times the time for five times the markers with it on)."""
    best = float("inf")
    was_on = gc.isenabled()
    gc.disable()
    try:
        for _ in range(tries):
            gc.collect()
            start = time.process_time()
            run(value)
            best = min(best, time.process_time() - start)
    finally:
        if was_on:
            gc.enable()
    return best


def assert_linear(make: Callable[[int], T], run: Callable[[T], object], small: int,
                  factor: int = 5, limit: float = 12.0) -> None:
    """``run(make(small * factor))`` takes at most ``limit`` times ``run(make(small))``."""
    little = cpu_seconds(run, make(small))
    big = cpu_seconds(run, make(small * factor))
    assert big < limit * max(little, FLOOR), (
        f"{small * factor} took {big:.3f} s of CPU, {small} took {little:.3f} s")
