"""Provides GitLabWrite: one write hdtui made to GitLab (a note, an issue), as the store
keeps it so the outbox (ctrl+o) can list what this member wrote there (docs/store.md)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum


class WriteKind(StrEnum):
    """What was written."""

    LINK = "link"
    """A note citing a report: the report is linked to the issue."""
    NOTE = "note"
    """Any other note (e.g. the report IDs a team asked for)."""
    ISSUE = "issue"
    """A new issue."""


@dataclass(frozen=True, slots=True)
class GitLabWrite:
    """One write to GitLab: when, on which issue, what."""

    when: float
    """Seconds since the epoch."""
    iid: int
    kind: WriteKind
    what: str
    """One line: the report cited, the note's first line, the new issue's title."""

    def line(self) -> str:
        """How the outbox lists it."""
        at = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.when))
        words = {WriteKind.LINK: "link note on", WriteKind.NOTE: "note on",
                 WriteKind.ISSUE: "new issue"}[self.kind]
        return f"{at}  {words} #{self.iid}: {self.what}"
