"""Provides the triage marks: a small fixed set, shared later as IMAP keywords.

Dovecot's Maildir storage allows at most 26 keywords per mailbox, so there is
never one mark per person or per issue: only this set.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from enum import StrEnum

from hdtui.domain.frozen import Frozen


class Mark(StrEnum):
    """A triage state of one message; the value is its IMAP keyword."""

    CLAIMED = "$HDClaimed"
    TRIAGED = "$HDTriaged"
    REPLIED = "$HDReplied"
    FORWARDED = "$HDForwarded"
    ESCALATED = "$HDEscalated"
    NO_REPLY = "$HDNoReply"
    FLAGGED = "\\Flagged"
    """The standard IMAP flag other mail clients set ("important", a star): shown, never
    set by hdtui's keys; a system flag, so not one of Dovecot's 26 keywords."""

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


class MarkChange(Frozen):
    """A mark set (``add``) or cleared while the server was out of reach: kept in the
    outbox, shown at once, and applied when the server is back."""

    FIELDS = ("key", "mark", "add")
    __slots__ = FIELDS
    key: str
    mark: Mark
    add: bool

    def __init__(self, key: str, mark: Mark, add: bool) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "mark", mark)
        object.__setattr__(self, "add", add)


_LABELS = {
    Mark.CLAIMED: "claimed",
    Mark.TRIAGED: "triaged",
    Mark.REPLIED: "replied",
    Mark.FORWARDED: "forwarded",
    Mark.ESCALATED: "escalated",
    Mark.NO_REPLY: "no-reply",
    Mark.FLAGGED: "flagged",
}

ANSWERED = "\\Answered"
"""The standard IMAP flag of a replied message: a reply sets it with $HDReplied (so other
mail clients show the report as answered), and a message another client answered counts
as replied (docs/marks.md)."""
ALSO_SET = {Mark.REPLIED: (ANSWERED,)}
"""Standard flags set and cleared on the server together with a mark."""
ALIASES = {ANSWERED: Mark.REPLIED}
"""Flags read as a mark: \\Answered set by another client is "replied"."""

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


class Personal(Frozen):
    """What this member alone knows about the queue (the local store, never the mailbox):
    the claims they made (``mine``: the shared $HDClaimed keyword does not say who), the
    messages they keep a note on (``noted``), those they have opened in the report view
    (``seen``: not IMAP \\Seen, which is shared); ``every_claim_mine`` when marks are kept in
    the local store (a local Maildir or mbox); ``waiting``, the messages of threads waiting
    for the user (I replied, no answer since), with since when (seconds since the epoch):
    docs/followups.md."""

    FIELDS = ("mine", "noted", "seen", "every_claim_mine", "waiting")
    __slots__ = FIELDS
    mine: frozenset[str]
    noted: frozenset[str]
    seen: frozenset[str]
    every_claim_mine: bool
    waiting: Mapping[str, float]

    def __init__(self, mine: frozenset[str] = frozenset(), noted: frozenset[str] = frozenset(),
                 seen: frozenset[str] = frozenset(), every_claim_mine: bool = False,
                 waiting: Mapping[str, float] | None = None) -> None:
        object.__setattr__(self, "mine", mine)
        object.__setattr__(self, "noted", noted)
        object.__setattr__(self, "seen", seen)
        object.__setattr__(self, "every_claim_mine", every_claim_mine)
        object.__setattr__(self, "waiting", {} if waiting is None else waiting)

    def claimed_by_me(self, key: str) -> bool:
        """Whether a claim on this message is this member's own."""
        return self.every_claim_mine or key in self.mine

    def changed_keys(self, other: Personal) -> frozenset[str] | None:
        """The messages whose state differs between ``other`` and this (claimed, noted,
        opened, waiting); None when every message's may (every claim mine or not)."""
        if self.every_claim_mine != other.every_claim_mine:
            return None
        waiting, was = self.waiting, other.waiting
        return (self.mine ^ other.mine) | (self.noted ^ other.noted) | (
            self.seen ^ other.seen) | frozenset(
            key for key in waiting.keys() | was.keys() if waiting.get(key) != was.get(key))

    def with_seen(self, key: str) -> Personal:
        """A copy with ``key`` opened (itself if it was)."""
        if key in self.seen:
            return self
        return self._replace(seen=self.seen | {key})

    def with_seen_too(self, keys: frozenset[str]) -> Personal:
        """A copy with these messages opened too (itself if they all were)."""
        if keys <= self.seen:
            return self
        return self._replace(seen=self.seen | keys)

    def with_note(self, key: str, noted: bool) -> Personal:
        """A copy with ``key``'s note kept or dropped (itself if unchanged)."""
        if (key in self.noted) == noted:
            return self
        return self._replace(noted=self.noted | {key} if noted else self.noted - {key})

    def with_claim(self, key: str, mine: bool) -> Personal:
        """A copy with ``key`` claimed by this member, or not (itself if unchanged)."""
        if (key in self.mine) == mine:
            return self
        return self._replace(mine=self.mine | {key} if mine else self.mine - {key})


LEGEND: tuple[tuple[str, str], ...] = (
    ("N", "new to me: I have not opened it yet"),
    ("C", "claimed by me"),
    ("c", "claimed by another member"),
    ("!", "flagged (\\Flagged, set in another mail client; filter: state:flagged)"),
    ("T", "triaged"),
    ("O", "no reply needed"),
    ("R", "replied"),
    ("F", "forwarded to a team"),
    ("E", "escalated ([FT])"),
    ("W", "waiting for the user: I replied, no answer since (W3: for 3 days, W+: 10 or "
          "more)"),
    ("✎", "I keep a note on it"),
    ("?", "cannot be decrypted"),
    ("…", "still being read: a row from its headers only"),
)
"""The symbols of the queue's state column, in the order they are shown: every mark a row
has, each in one cell, so a row with several (forwarded and escalated) shows them all, and
the column fits at 80 columns (docs/marks.md)."""

_SYMBOL = {Mark.TRIAGED: "T", Mark.NO_REPLY: "O", Mark.REPLIED: "R", Mark.FORWARDED: "F",
           Mark.ESCALATED: "E"}


def state_symbols(key: str, marks: frozenset[Mark], personal: Personal,
                  undecryptable: bool = False, reading: bool = False) -> str:
    """The state column of one row: ``N`` unless I opened it, ``C`` or ``c`` for my claim
    or another member's, ``!`` when flagged, one letter per other mark, ``W`` and the days
    when it waits for the user, ``✎`` for my note,
    ``?`` when it cannot be decrypted, ``…`` while it is still being read (LEGEND)."""
    out = [] if key in personal.seen else ["N"]
    if Mark.CLAIMED in marks:
        out.append("C" if personal.claimed_by_me(key) else "c")
    if Mark.FLAGGED in marks:
        out.append("!")
    out.extend(_SYMBOL[mark] for mark in DISPLAY_ORDER if mark in _SYMBOL and mark in marks)
    since = personal.waiting.get(key)
    if since is not None:
        days = int(max(0.0, time.time() - since) // 86400)
        out.append(f"W{days if days < 10 else '+'}")
    if key in personal.noted:
        out.append("✎")
    if undecryptable:
        out.append("?")
    if reading:
        out.append("…")
    return "".join(out)
