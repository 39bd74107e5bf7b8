"""Provides the kinds of mail in the queue, a listed message (SourceItem) and what reading a
message gives (Parsed, DecryptedText); the message itself is in ``hdtui.domain.message``,
what changed in a mailbox in ``hdtui.domain.mailbox_delta``."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from itertools import repeat
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from hdtui.domain.frozen import Frozen, set_field
from hdtui.domain.text import NO_TEXT, MailText

if TYPE_CHECKING:  # the message's classes are built when a message is read, not before
    # a warm start's first frame, which imports this module for Kind and SourceItem
    # (docs/benchmarks.md, "Session 21: warm first rows")
    from hdtui.domain.message import Message

NOT_MAIL = "not a mail message: no header lines found"
"""The problem of bytes that do not start like a message (an empty or a binary file):
``hdtui stats`` skips them, ``hdtui scan`` calls them unreadable, the queue shows them as
system items, never counted (``is_not_mail``; docs/insight.md, "Session 20: what stats
tells")."""


def is_not_mail(message: Message) -> bool:
    """Whether ``message`` is a file that is not mail (``NOT_MAIL``): the one rule by which
    the queue shows it as a system item and every count (hot topics, stats) skips it."""
    return NOT_MAIL in message.problems


class Kind(StrEnum):
    """What a message is, for the Help Desk."""

    TEAM = "team"
    REPORT = "report"
    SUPPORT = "support"
    LIST_ADMIN = "list-admin"
    FT = "ft"
    SYSTEM = "system"
    """Auto-replies, bounces and delivery reports: mail no person wrote (docs/autoreply.md).
    Last: the cache stores a kind as its index in this enum."""

    @property
    def label(self) -> str:
        """A short column label."""
        return _LABELS[self]

    @property
    def priority(self) -> int:
        """Sort rank: communications from other teams first, then [FT] threads, list
        moderation, reports and support mail, system mail last (queue.PRIORITY_GROUPS)."""
        return _PRIORITY[self]


SYSTEM_HEADERS = ("Auto-Submitted", "Precedence", "X-Autoreply", "X-Autorespond")
"""Headers the parser keeps when present: they tell auto-replies and bounces from mail a
person wrote (RFC 3834; ``hdtui.domain.queue.classify``). A delivery report also keeps
``Content-Type``, reduced to its report type."""
HELD_PREFIX = "Held on "
"""How a held post's line in the queue starts (``hdtui.domain.moderation.HeldPost.summary``):
the queue shows such a list-admin row as Held."""
HEADER_FIELDS = ("From", "To", "Subject", "Date", "Message-ID", "Reply-To", "Content-Type",
                 *SYSTEM_HEADERS)
"""The headers a provisional row is made of (``hdtui.sources.parse.parse_headers``):
enough to show the message and tell its kind (docs/cold-start.md)."""

_PRIORITY = {Kind.TEAM: 0, Kind.FT: 1, Kind.LIST_ADMIN: 2, Kind.REPORT: 3, Kind.SUPPORT: 3,
             Kind.SYSTEM: 4}

_LABELS = {
    Kind.TEAM: "Team",
    Kind.REPORT: "WB",
    Kind.SUPPORT: "Mail",
    Kind.LIST_ADMIN: "List",
    Kind.FT: "[FT]",
    Kind.SYSTEM: "Sys",
}


class SourceItem(Frozen):
    """One message as listed by a source, before it is read.

    A ``Frozen`` value, not a dataclass: this module is imported before a warm start's
    first frame, where a dataclass builds its methods from generated source (about 5
    million instructions; docs/benchmarks.md, "Session 22: warm first rows"). One is made
    for every message listed: ``__init__``, the comparison and the hash are written out
    field by field, as fast as a dataclass's generated ones."""

    FIELDS = ("key", "size", "seen", "mtime", "keywords", "modseq")
    DEFAULTS: ClassVar[dict[str, Any]] = {"seen": False, "mtime": None,
                                          "keywords": frozenset(), "modseq": 0}
    """What ``__init__`` gives a field left out (``many`` gives them too)."""
    __slots__ = FIELDS
    key: str
    size: int
    seen: bool
    mtime: datetime | None
    keywords: frozenset[str]
    """IMAP keywords on the message (the shared triage marks live here)."""
    modseq: int
    """CONDSTORE mod-sequence of the message when it was listed (0: unknown)."""

    def __init__(self, key: str, size: int, seen: bool = False,
                 mtime: datetime | None = None, keywords: frozenset[str] = frozenset(),
                 modseq: int = 0) -> None:
        set_field(self, "key", key)
        set_field(self, "size", size)
        set_field(self, "seen", seen)
        set_field(self, "mtime", mtime)
        set_field(self, "keywords", keywords)
        set_field(self, "modseq", modseq)

    def _values(self) -> tuple[Any, ...]:
        return (self.key, self.size, self.seen, self.mtime, self.keywords, self.modseq)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:  # narrows ``other`` for mypy
            return NotImplemented
        return (self.key, self.size, self.seen, self.mtime, self.keywords, self.modseq) == (
            other.key, other.size, other.seen, other.mtime, other.keywords, other.modseq)

    def __hash__(self) -> int:
        return hash(self._values())

    @property
    def cache_key(self) -> str:
        """Identity for the parsed-message cache: changes when the message changes."""
        return f"{self.key}:{self.size}"

    @classmethod
    def many(cls, keys: Sequence[str], sizes: Sequence[int], seen: Sequence[bool],
             mtimes: Sequence[datetime | None]) -> list[SourceItem]:
        """``SourceItem(key, size, seen, mtime)`` of each position of the columns, the
        other fields their defaults: each slot set a column at a time (``map``, in C), not
        by ``__init__`` and its Python call a message (a Maildir's listing of 100,000
        files: docs/insight.md, "Session 16: stats --json at 100,000"). The fields are the
        class's own, so one added later gets its default (or, with none, a TypeError here
        rather than an item without it)."""
        if not len(keys) == len(sizes) == len(seen) == len(mtimes):
            raise ValueError("SourceItem.many: columns of different lengths")
        given: dict[str, Iterable[Any]] = {"key": keys, "size": sizes, "seen": seen,
                                           "mtime": mtimes}
        made = list(map(cls.__new__, repeat(cls, len(keys))))
        for name in cls.FIELDS:
            column = given.get(name)
            if column is None:
                if name not in cls.DEFAULTS:
                    raise TypeError(f"SourceItem.many: no column nor default for {name}")
                column = repeat(cls.DEFAULTS[name])
            deque(map(getattr(cls, name).__set__, made, column), maxlen=0)
        return made


# Parsed and DecryptedText are NamedTuples, not frozen dataclasses: this module is imported
# before a warm start's first frame, where a dataclass compiles its methods from generated
# source (docs/benchmarks.md, "Session 18: warm first rows"); the cache stores neither.


class Parsed(NamedTuple):
    """A parsed message and, for PGP/MIME, the armoured ciphertext still to decrypt."""

    message: Message
    ciphertext: bytes | None = None


class DecryptedText(NamedTuple):
    """The readable inner text of an encrypted message, or why there is none."""

    ok: bool
    text: MailText = NO_TEXT
    problems: tuple[str, ...] = ()
    error: str = ""
    key: str = ""
    """The fingerprint of the (primary) key that decrypted it, when gpg said."""
