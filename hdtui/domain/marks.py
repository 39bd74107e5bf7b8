"""Provides the triage marks: a small fixed set, shared later as IMAP keywords.

Dovecot's Maildir storage allows at most 26 keywords per mailbox, so there is
never one mark per person or per issue: only this set.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Mark(StrEnum):
    """A triage state of one message; the value is its IMAP keyword."""

    CLAIMED = "$HDClaimed"
    TRIAGED = "$HDTriaged"
    REPLIED = "$HDReplied"
    FORWARDED = "$HDForwarded"
    ESCALATED = "$HDEscalated"
    NO_REPLY = "$HDNoReply"

    @property
    def label(self) -> str:
        """A short word for the queue's state column."""
        return _LABELS[self]

    @classmethod
    def parse(cls, word: str) -> Mark:
        """Accept a label ("claimed"), a keyword ("$HDClaimed") or a name ("CLAIMED")."""
        lowered = word.strip().lower()
        for mark in cls:
            if lowered in (mark.label, mark.value.lower(), mark.name.lower()):
                return mark
        valid = ", ".join(m.label for m in cls)
        raise ValueError(f"unknown mark {word!r}; valid marks: {valid}")


@dataclass(frozen=True, slots=True)
class MarkChange:
    """A mark set (``add``) or cleared while the server was out of reach: kept in the
    outbox, shown at once, and applied when the server is back."""

    key: str
    mark: Mark
    add: bool


_LABELS = {
    Mark.CLAIMED: "claimed",
    Mark.TRIAGED: "triaged",
    Mark.REPLIED: "replied",
    Mark.FORWARDED: "forwarded",
    Mark.ESCALATED: "escalated",
    Mark.NO_REPLY: "no-reply",
}

# The order in which marks are shown: the most advanced state last wins the column.
DISPLAY_ORDER = (
    Mark.CLAIMED,
    Mark.TRIAGED,
    Mark.NO_REPLY,
    Mark.REPLIED,
    Mark.FORWARDED,
    Mark.ESCALATED,
)


def state_label(marks: frozenset[Mark], seen: bool) -> str:
    """The one-word state of a message for the queue."""
    for mark in reversed(DISPLAY_ORDER):
        if mark in marks:
            return mark.label
    return "read" if seen else "new"
