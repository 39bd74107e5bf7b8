"""Checks that work grows in proportion to its input, in the process's own CPU time.

Hostile input (a mail body of markers only, one huge line) must not make parsing
quadratic. A wall-clock bound fails on a loaded machine and passes a slow algorithm on a
fast one; the growth between two sizes does neither: five times the input may cost at
most ``limit`` times the CPU time (linear work gives about 5, quadratic about 25).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

FLOOR = 0.005
"""CPU seconds below which the small size's time is taken as this (timer resolution)."""


def cpu_seconds(run: Callable[[T], object], value: T, tries: int = 2) -> float:
    """The least CPU time of ``tries`` runs of ``run(value)``."""
    best = float("inf")
    for _ in range(tries):
        start = time.process_time()
        run(value)
        best = min(best, time.process_time() - start)
    return best


def assert_linear(make: Callable[[int], T], run: Callable[[T], object], small: int,
                  factor: int = 5, limit: float = 10.0) -> None:
    """``run(make(small * factor))`` takes at most ``limit`` times ``run(make(small))``."""
    little = cpu_seconds(run, make(small))
    big = cpu_seconds(run, make(small * factor))
    assert big < limit * max(little, FLOOR), (
        f"{small * factor} took {big:.3f} s of CPU, {small} took {little:.3f} s")
