"""Provides ``short_group``: a regression's name short enough for one row (docs/layouts.md,
"Hot topics at 80x24"), its whole name kept for its detail."""

from __future__ import annotations

import re

from hdtui.domain.text import one_line

ALSO = re.compile(r" \(\d+ of them also .*\)\Z", re.DOTALL)
"""The tail of a regression's group naming the smaller groups its reports also make ("5 of
them also GPU ...; 3 of them also machine ...": docs/insight.md)."""

NAME_CELLS = 40
"""A regression's name in a hot-topics row or on the shift-start line: its first group, cut
(its detail says it whole)."""


def short_group(group: str) -> str:
    """``group`` without the groups its reports also make, on one line, cut to
    ``NAME_CELLS``: ``USB device 0781:5591`` for ``USB device 0781:5591 (5 of them also
    #13576; ...)``."""
    return one_line(ALSO.sub("", group), NAME_CELLS)


def also_named(group: str) -> bool:
    """Whether ``group`` names smaller groups its reports also make (said in the detail)."""
    return ALSO.search(group) is not None
