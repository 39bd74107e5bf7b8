"""Provides Delta: what changed in a mailbox since it was last listed.

Apart from ``hdtui.domain.mail``, which a warm start's first frame imports for the kinds
of mail: a Delta is made by the listing that follows that frame, and a frozen dataclass
is built from generated source at import (docs/benchmarks.md, "Session 21: warm first
rows").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hdtui.domain.mail import SourceItem


@dataclass(frozen=True, slots=True)
class Delta:
    """What changed in a mailbox since it was last listed."""

    listed: list[SourceItem]
    """New messages and messages whose flags or keywords changed."""
    gone: list[str] = field(default_factory=list)
    """Keys of messages no longer there."""
    complete: tuple[str, ...] = ()
    """Key prefixes (folders) listed in full: any other known message under them is gone
    too. "" means the whole mailbox."""
    missing: tuple[str, ...] = ()
    """Why a folder the mailbox should hold was not listed (the server does not have it):
    the others were, and that folder's messages are neither listed nor gone."""
