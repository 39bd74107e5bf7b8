"""Provides ``lazy``: a regular expression compiled on its first use instead of at import.

A module-level ``re.compile`` runs at every start, whether the pattern is used or not; the
modules imported before the queue's first frame held about twenty such patterns that the
first frame never uses (docs/benchmarks.md, "Session 17: warm first rows").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import AnyStr


def lazy(pattern: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A function returning ``re.compile(pattern, flags)``: compiled on the first call,
    the same pattern object on every call after it."""
    return cache(lambda: re.compile(pattern, flags))
