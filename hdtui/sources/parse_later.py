"""Provides the parser's two entry points, with the parser imported at their first call.

``hdtui.sources.parse`` brings the standard library's email policy, header registry and
generator. A warm start's first frame shows the queue's rows from the cache and parses
no message, so the sources call the parser through these (docs/benchmarks.md, "Warm
start imports", session 10); ``tests/test_architecture.py`` keeps the parser out of the
first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdtui.domain.mail import Parsed, SourceItem

if TYPE_CHECKING:  # built when a message is read, after a warm start's first frame
    # (docs/benchmarks.md, "Session 21: warm first rows")
    from hdtui.domain.message import Message


def parse_item(raw: bytes, item: SourceItem, maildir: bool = False) -> Parsed:
    """``hdtui.sources.parse.parse_item``: a message's bytes, parsed."""
    from hdtui.sources import parse

    return parse.parse_item(raw, item, maildir)


def parse_headers(raw: bytes, item: SourceItem) -> Message:
    """``hdtui.sources.parse.parse_headers``: a message known by its headers only."""
    from hdtui.sources import parse

    return parse.parse_headers(raw, item)
