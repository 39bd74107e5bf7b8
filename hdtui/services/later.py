"""Provides Later: a service built when first used, so that a start builds only what its
first frame needs (docs/benchmarks.md, "Services built after the first frame").

The first caller builds the value (importing its modules); a caller on another thread at
the same moment waits for it; every later caller gets the same value. A failure is raised
to the caller and the next call tries again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T", covariant=True)
V = TypeVar("V")


class Later(Generic[T]):
    """A value made by ``make`` on first use (thread-safe)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """The value, made now if it was not yet."""
        if self._make is not None:
            with self._lock:
                if self._make is not None:
                    self._value = self._make()
                    self._make = None
        return cast(T, self._value)

    @property
    def built(self) -> T | None:
        """The value if it was made, else None (never makes it)."""
        return self._value if self._make is None else None


def ready(value: V) -> Later[V]:
    """A value already made, as a Later."""
    made = Later(lambda: value)
    made.get()
    return made


def later(value: V | Later[V] | None) -> Later[V] | None:
    """``value`` as a Later (one already made), or None."""
    if value is None or isinstance(value, Later):
        return value
    return ready(value)
