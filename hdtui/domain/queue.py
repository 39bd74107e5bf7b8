"""Provides the queue: Entry (a message as understood), Row (its line in the queue),
classification and sorting (filtering: hdtui.domain.query)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple

from hdtui.domain.frozen import Frozen, set_field
from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.mail import Kind, SourceItem, is_not_mail
from hdtui.domain.marks import ALIASES, Mark, state_label
from hdtui.domain.report_id import report_id_from_subject
from hdtui.domain.text import one_line

if TYPE_CHECKING:  # imported by hint_names, when an Entry is first decoded or built
    from hdtui.domain.message import Message
    from hdtui.domain.report import WhisperBackReport

# The Mailman notices (hdtui.domain.moderation) are read where a list-admin message is
# shown: a warm start's first frame shows rows from the cache, not Entries
# (docs/benchmarks.md, "Warm start imports", session 10). Nor does it need the WhisperBack
# parser: hdtui.domain.codec resolves Entry's annotations with ``hint_names``
# (docs/benchmarks.md, "Session 15: warm first rows").

WHISPERBACK_SENDER = "devnull@tails.boum.org"
# Compiled when a message is first classified (hdtui.domain.lazy_pattern), not at the
# import a warm start's first frame makes (docs/benchmarks.md, "Session 22: warm first
# rows").
_FT_RE = lazy(r"\[FT\]", re.IGNORECASE)
_LIST_ADMIN_SENDER_RE = lazy(r"-(owner|bounces|request|admin)@", re.IGNORECASE)
_LIST_ADMIN_SUBJECT_RE = lazy(
    r"(requires approval|moderator request|moderation|unsubscribe notification"
    r"|subscription notification|uncaught bounce|mailing list probe)",
    re.IGNORECASE,
)


_SYSTEM_SENDER_RE = lazy(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
_SYSTEM_FLAG_HEADERS = frozenset({"x-autoreply", "x-autorespond"})
_BULK_PRECEDENCE = frozenset({"bulk", "junk", "auto_reply"})


def is_system_mail(message: Message, system_subjects: Iterable[str] = ()) -> bool:
    """Whether no person wrote this message: an auto-reply or a bounce.

    RFC 3834 ``Auto-Submitted`` other than ``no``, a delivery status report (RFC 3464
    ``multipart/report; report-type=delivery-status``), ``X-Autoreply``/``X-Autorespond``,
    a MAILER-DAEMON or postmaster sender, or one of ``system_subjects`` (the Help Desk's
    own auto-reply coming back). ``Precedence: bulk`` is weaker: see `classify`.
    """
    for name, value in message.headers:
        lowered = name.lower()
        token = value.split(";", 1)[0].strip().lower()
        if lowered == "auto-submitted" and token and token != "no":
            return True
        if lowered in _SYSTEM_FLAG_HEADERS and value.strip():
            return True
        if lowered == "content-type" and token == "multipart/report" and \
                "delivery-status" in value.lower():
            return True
    if _SYSTEM_SENDER_RE().match(message.sender_address):
        return True
    subject = one_line(message.subject).lower()
    return bool(subject) and any(subject == one_line(s).lower() for s in system_subjects if s)


def _bulk(message: Message) -> bool:
    """``Precedence: bulk``, ``junk`` or ``auto_reply`` (RFC 3834 section 2)."""
    return any(name.lower() == "precedence" and value.strip().lower() in _BULK_PRECEDENCE
               for name, value in message.headers)


class DecryptState(StrEnum):
    """Whether the body could be read."""

    PLAIN = "plain"
    DECRYPTED = "decrypted"
    FAILED = "cannot decrypt"
    READING = "still reading"
    """A provisional row, from the message's headers alone: its body is being read
    (docs/cold-start.md). Never cached: the row read from the body replaces it."""


def hint_names() -> dict[str, Any]:
    """The names that this module's annotations use and that it imports only when they are
    needed: ``hdtui.domain.codec`` resolves Entry's hints with them."""
    from hdtui.domain.message import Message
    from hdtui.domain.report import WhisperBackReport

    return {"Message": Message, "WhisperBackReport": WhisperBackReport}


class Entry(Frozen):
    """One row of the queue: a message with what hdtui understood of it.

    A ``Frozen`` value, not a dataclass: this module is imported before a warm start's
    first frame, where a dataclass builds its methods from generated source (about 5
    million instructions; docs/benchmarks.md, "Session 22: warm first rows"). One is made
    for every message read or decoded: ``__init__`` and the fields compared are written out
    one by one. A copy with other fields is ``_replace`` (``dataclasses.replace`` takes
    dataclasses only)."""

    FIELDS = ("message", "kind", "report", "decrypt", "decrypt_error", "marks",
              "decrypted_by", "id_disputed")
    __slots__ = FIELDS
    message: Message
    kind: Kind
    report: WhisperBackReport | None
    decrypt: DecryptState
    decrypt_error: str | None
    marks: frozenset[Mark]
    decrypted_by: str | None
    """The fingerprint of the Help Desk key that decrypted the message (its primary key),
    when known: replies are encrypted to it too (docs/encryption.md)."""
    id_disputed: bool
    """An unencrypted message claims the report ID of an encrypted report in the queue: the
    ID may be forged, so the message has none of its own (`report_id` is None: not
    threaded, linked or cited as that report; docs/encryption.md). Set by the services
    when the entry is looked at; an entry cached without it reads back undisputed."""

    def __init__(self, message: Message, kind: Kind, report: WhisperBackReport | None = None,
                 decrypt: DecryptState = DecryptState.PLAIN, decrypt_error: str | None = None,
                 marks: frozenset[Mark] = frozenset(), decrypted_by: str | None = None,
                 id_disputed: bool = False) -> None:
        set_field(self, "message", message)
        set_field(self, "kind", kind)
        set_field(self, "report", report)
        set_field(self, "decrypt", decrypt)
        set_field(self, "decrypt_error", decrypt_error)
        set_field(self, "marks", marks)
        set_field(self, "decrypted_by", decrypted_by)
        set_field(self, "id_disputed", id_disputed)

    def _values(self) -> tuple[Any, ...]:
        return (self.message, self.kind, self.report, self.decrypt, self.decrypt_error,
                self.marks, self.decrypted_by, self.id_disputed)

    @property
    def key(self) -> str:
        """The message's identity in its source."""
        return self.message.key

    @property
    def report_id(self) -> str | None:
        """The WhisperBack report ID from the clear Subject, if any (None when disputed)."""
        if self.id_disputed:
            return None
        return self.claimed_id

    @property
    def claimed_id(self) -> str | None:
        """The report ID the message names, disputed or not."""
        if self.report is not None and self.report.report_id:
            return self.report.report_id
        return report_id_from_subject(self.message.subject)

    @property
    def summary(self) -> str:
        """The user's own summary for a report, else the mail subject."""
        if self.decrypt is DecryptState.FAILED:
            return f"(cannot decrypt) {self.message.subject}"
        if self.report is not None and self.report.summary.strip():
            return self.report.summary.strip()
        if self.kind is Kind.REPORT and self.report is not None:
            return "(no summary)"
        if self.kind is Kind.LIST_ADMIN:  # a Mailman notice says what it is about
            from hdtui.domain.moderation import Unreadable, read_notice

            notice = read_notice(self.message)
            if notice is not None and not isinstance(notice, Unreadable):
                return notice.summary()
        return self.message.subject or "(no subject)"

    @property
    def version(self) -> str:
        """The running Tails version, or ""."""
        if self.report is not None and self.report.running is not None:
            return self.report.running.version
        return ""

    @property
    def hardware(self) -> str:
        """Manufacturer and product, or ""."""
        return self.report.hardware.short() if self.report is not None else ""

    @property
    def state(self) -> str:
        """The triage state word for the queue."""
        if self.decrypt is DecryptState.FAILED and not self.marks:
            return "undecryptable"
        return state_label(self.marks, self.message.seen)

    @property
    def problems(self) -> tuple[str, ...]:
        """Everything that went wrong reading this message."""
        found = list(self.message.problems)
        if self.decrypt_error:
            found.append(f"cannot decrypt: {self.decrypt_error}")
        if self.report is not None:
            found.extend(self.report.problems)
        if self.kind is Kind.LIST_ADMIN:
            from hdtui.domain.moderation import Unreadable, read_notice

            notice = read_notice(self.message)
            if isinstance(notice, Unreadable):
                found.append(notice.note)
            elif notice is not None:
                found.extend(f"moderation notice: {p}" for p in getattr(notice, "problems", ()))
        return tuple(found)

    def with_marks(self, marks: frozenset[Mark]) -> Entry:
        """A copy with other marks."""
        return self._replace(marks=marks)

    def following(self, row: Row) -> Entry:
        """A copy with the marks and \\Seen of ``row``, this message's newer line (another
        member or client changed them on the server)."""
        seen = bool(row.seen)
        message = self.message if self.message.seen == seen else replace(self.message,
                                                                          seen=seen)
        return self._replace(marks=row.marks, message=message)

    def differs_from(self, row: Row) -> bool:
        """Whether ``row`` (this message's line) has other marks or another \\Seen."""
        return self.marks != row.marks or self.message.seen != bool(row.seen)

    def row(self, item: SourceItem, marks: Iterable[Mark] | None = None) -> Row:
        """The queue line of this entry, with the source state of ``item`` (and its
        keywords as marks, unless ``marks`` are given)."""
        date = self.message.date or item.mtime
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        stamp = 0.0 if date is None else date.timestamp()
        line = queue_line(self.summary, self.version, self.hardware, self.report_id or "",
                          "!" if self.problems else "")
        keywords = " ".join(sorted(item.keywords)) if marks is None else keywords_of(marks)
        return Row(item.key, item.size, stamp, KINDS.index(self.kind),
                   DECRYPT_STATES.index(self.decrypt), int(item.seen), keywords,
                   item.modseq, line)


SEP = "\x1f"
KINDS = tuple(Kind)
DECRYPT_STATES = tuple(DecryptState)
_FAILED = DECRYPT_STATES.index(DecryptState.FAILED)
READING = DECRYPT_STATES.index(DecryptState.READING)
"""Row.decrypt_code of a provisional row (DecryptState.READING)."""


def queue_line(*fields: str) -> str:
    """Row.line from its fields: each one clean line (``clean`` draws SEP as a visible
    stand-in, so no field can split another)."""
    return SEP.join(one_line(f) for f in fields)


_MARKS_OF: dict[str, frozenset[Mark]] = {}


DESCRIBED_WIDTH = 60
"""At most this many characters of a summary name a message in a notice."""


def marks_of_keywords(keywords: str) -> frozenset[Mark]:
    """The marks among space-separated keywords (memoised: there are few combinations)."""
    marks = _MARKS_OF.get(keywords)
    if marks is None:
        found = set()
        for word in keywords.split():
            try:
                found.add(ALIASES.get(word) or Mark(word))
            except ValueError:
                continue
        marks = _MARKS_OF[keywords] = frozenset(found)
    return marks


def keywords_of(marks: Iterable[Mark]) -> str:
    """Marks as the space-separated keywords a Row keeps."""
    return " ".join(sorted(m.value for m in marks))


class Row(NamedTuple):
    """One line of the queue: what it shows, sorts and filters by, plus the source state
    of the message (flags, keywords, mod-sequence).

    The fields are stored as the cache has them (codes and strings), so a warm start
    builds 100,000 rows straight from SQLite tuples with no work per row; about 0.4 KB
    each. The complete Entry is read from the cache when a message is opened.
    """

    key: str
    size: int
    stamp: float
    """The message's date in seconds since the epoch (0: unknown)."""
    kind_code: int
    """Index in KINDS."""
    decrypt_code: int
    """Index in DECRYPT_STATES."""
    seen: int
    """1 if the message has been read (\\Seen), else 0."""
    keywords: str
    """The triage marks (IMAP keywords or the member's local marks), space-separated."""
    modseq: int
    line: str
    """Summary, version, hardware, report ID and "!" if reading it had problems, joined by
    SEP."""

    @property
    def kind(self) -> Kind:
        """What the message is."""
        return KINDS[self.kind_code]

    @property
    def decrypt(self) -> DecryptState:
        """Whether the body could be read."""
        return DECRYPT_STATES[self.decrypt_code]

    @property
    def marks(self) -> frozenset[Mark]:
        """The triage marks."""
        return marks_of_keywords(self.keywords)

    @property
    def summary(self) -> str:
        """The user's own summary for a report, else the mail subject."""
        return self.line.split(SEP, 1)[0]

    @property
    def version(self) -> str:
        """The running Tails version, or ""."""
        return self.line.split(SEP, 2)[1]

    @property
    def hardware(self) -> str:
        """Manufacturer and product, or ""."""
        return self.line.split(SEP, 3)[2]

    @property
    def report_id(self) -> str | None:
        """The WhisperBack report ID, if any."""
        return self.line.split(SEP, 4)[3] or None

    @property
    def described(self) -> str:
        """The message in people's words, for notices and lists: "report <ID>", else its
        summary or subject in quotes (never the internal key)."""
        if self.report_id:
            return f"report {self.report_id}"
        summary = " ".join(self.summary.split())
        if len(summary) > DESCRIBED_WIDTH:
            summary = summary[:DESCRIBED_WIDTH - 1].rstrip() + "…"
        return f"“{summary}”" if summary else "a message without a subject"

    @property
    def has_problems(self) -> bool:
        """True if something went wrong reading the message (see Entry.problems)."""
        return self.line.endswith(SEP + "!")

    @property
    def provisional(self) -> bool:
        """A row from the message's headers alone: its body is still being read."""
        return self.decrypt_code == READING

    @property
    def date(self) -> datetime | None:
        """The message's date, in UTC."""
        return datetime.fromtimestamp(self.stamp, UTC) if self.stamp else None

    @property
    def state(self) -> str:
        """The triage state word for the queue."""
        marks = self.marks
        if self.decrypt_code == _FAILED and not marks:
            return "undecryptable"
        return state_label(marks, bool(self.seen))

    @property
    def item(self) -> SourceItem:
        """The message as its source listed it."""
        return SourceItem(self.key, self.size, bool(self.seen), self.date,
                          frozenset(self.keywords.split()), self.modseq)

    def with_marks(self, marks: Iterable[Mark]) -> Row:
        """A copy with other marks."""
        return self._replace(keywords=keywords_of(marks))


QueueLine = tuple[str, int, float, int, int, int, str, int, str]
"""A queue line of a message read, as the cache returns it: the fields of a Row."""

_SHARED_KEYWORDS: dict[str, str] = {}


def row_of_line(line: QueueLine) -> Row:
    """The Row of a cached queue line, its keywords one string shared by every row with
    the same marks (a few combinations: the cache returns a string of its own for each of
    100,000 messages, 50-70 bytes each; docs/benchmarks.md, "Warm start at 100,000")."""
    keywords = line[6]
    if keywords:
        shared = _SHARED_KEYWORDS.setdefault(keywords, keywords)
        if shared is not keywords:
            line = (*line[:6], shared, *line[7:])
    return tuple.__new__(Row, line)  # as Row._make, without its second call per row


class ParsedLine(Frozen):
    """What reading one message gives the cache: its queue line and complete entry.
    ``kind`` is an index in KINDS, ``decrypt`` in DECRYPT_STATES; ``full`` the complete
    entry as the cache keeps it: the JSON text of its plain data (``codec.to_json``),
    stored as it is; ``search`` the document the queue filter searches
    (hdtui.domain.query.document)."""

    FIELDS = ("key", "size", "stamp", "kind", "decrypt", "line", "full", "search")
    __slots__ = FIELDS
    key: str
    size: int
    stamp: float
    kind: int
    decrypt: int
    line: str
    full: str
    search: str

    def __init__(self, key: str, size: int, stamp: float, kind: int, decrypt: int,
                 line: str, full: str, search: str) -> None:
        # one line a field, not a loop: one is made for every message read
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "stamp", stamp)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "decrypt", decrypt)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "full", full)
        object.__setattr__(self, "search", search)


def classify(message: Message, team_addresses: Iterable[str],
             system_subjects: Iterable[str] = (),
             helpdesk_addresses: Iterable[str] = ()) -> Kind:
    """Decide the kind of a message from its clear headers.

    A file that is not mail (``is_not_mail``) is a system item; auto-replies and bounces
    are system mail before anything else (a bounce of an [FT]
    message is not an [FT] message), except list administration, whose notices are
    automatic too but need a person; ``Precedence: bulk`` alone counts only for mail that
    is nothing else. In an [FT] thread, a message from a team's address, or (when the Help
    Desk's own addresses are known) from anyone who is not the Help Desk, is a team's
    answer: team mail, first in the queue.
    """
    if is_not_mail(message):
        return Kind.SYSTEM  # an empty or binary file: shown, never counted (docs/insight.md)
    sender = message.sender_address.lower()
    subject = message.subject
    list_admin = bool(_LIST_ADMIN_SENDER_RE().search(sender))
    if not list_admin and is_system_mail(message, system_subjects):
        return Kind.SYSTEM
    if _FT_RE().search(subject):
        teams = {a.lower() for a in team_addresses}
        helpdesk = {a.lower() for a in helpdesk_addresses}
        if sender in teams or (helpdesk and sender and sender not in helpdesk
                               and sender != WHISPERBACK_SENDER):
            return Kind.TEAM
        return Kind.FT
    if sender == WHISPERBACK_SENDER or (
        message.encrypted and report_id_from_subject(subject) is not None
    ):
        return Kind.REPORT
    if sender in {a.lower() for a in team_addresses}:
        return Kind.TEAM
    if list_admin or _LIST_ADMIN_SUBJECT_RE().search(subject):
        return Kind.LIST_ADMIN
    if _bulk(message):
        return Kind.SYSTEM
    return Kind.SUPPORT


class SortOrder(StrEnum):
    """The orders the queue can be sorted by."""

    PRIORITY = "priority"
    OLDEST = "oldest"
    KIND = "kind"
    VERSION = "version"
    STATE = "state"
    HARDWARE = "hardware"

    def next(self) -> SortOrder:
        """The following order, cycling."""
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3]) or (-1,)


PRIORITY_GROUPS: tuple[tuple[Kind, ...], ...] = (
    (Kind.TEAM,), (Kind.FT,), (Kind.LIST_ADMIN,), (Kind.REPORT, Kind.SUPPORT), (Kind.SYSTEM,))
"""The priority order (docs/marks.md): communications from other teams, then the [FT]
threads (where a team member answers the Help Desk), then list moderation notices, then
reports and support mail, then mail no person wrote; newest first within each."""
_RANK = {KINDS.index(kind): rank for rank, group in enumerate(PRIORITY_GROUPS)
         for kind in group}


_REPORT_CODE = KINDS.index(Kind.REPORT)
_SUPPORT_CODE = KINDS.index(Kind.SUPPORT)


ENCRYPTED_CODES = frozenset(DECRYPT_STATES.index(s) for s in
                            (DecryptState.DECRYPTED, DecryptState.FAILED))
"""The decrypt codes of a message that came encrypted (read or not)."""


def disputes_id(row: Row, encrypted: Callable[[str], bool]) -> bool:
    """Whether ``row`` is an unencrypted report naming a report ID that an encrypted
    message has (``encrypted(report_id)``): that ID may be forged (docs/encryption.md)."""
    return (row.kind_code == _REPORT_CODE and row.decrypt is DecryptState.PLAIN
            and bool(row.report_id) and encrypted(row.report_id or ""))


def threaded(group: list[Row]) -> list[Row]:
    """A group of rows, newest first, with each user's reply to a report of the group (mail
    naming the report's ID in its subject: "Re: … Bug report: <id>") moved right below that
    report, oldest reply first, so the thread reads together (docs/marks.md). A reply whose
    report is not in the group stays where its date puts it."""
    order = thread_order(range(len(group)), lambda n: group[n].kind_code,
                         lambda n: group[n].report_id or "")
    return [group[n] for n in order]


def code_mask(code: int) -> bytes:
    """A ``bytes.translate`` table marking one code 1 and every other 0: the kind
    codes of many rows (bytes) made into a mask for ``itertools.compress`` in C."""
    mask = bytearray(256)
    mask[code] = 1
    return bytes(mask)


_IS_SUPPORT = code_mask(_SUPPORT_CODE)
_IS_REPORT = code_mask(_REPORT_CODE)


def thread_order(group: Iterable[int], kind: Callable[[int], int],
                 report_id: Callable[[int], str], kinds: bytes | None = None) -> list[int]:
    """``threaded`` of a group named by numbers (positions in the queue's columns, or
    indices), given each one's kind code and report ID ("" when none); ``kinds``: the
    group's kind codes when the caller has them already."""
    group = list(group)
    if kinds is None:
        kinds = bytes(map(kind, group))
    replies: dict[str, list[int]] = {}
    for item in compress(group, kinds.translate(_IS_SUPPORT)):
        found = report_id(item)
        if found:
            replies.setdefault(found, []).append(item)
    if not replies:
        return group
    heads = set()
    for item in compress(group, kinds.translate(_IS_REPORT)):
        found = report_id(item)
        if found in replies:
            heads.add(found)
    if not heads:
        return group
    moved = {item for found in heads for item in replies[found]}
    out: list[int] = []
    for item in group:
        if item in moved:
            continue
        out.append(item)
        found = report_id(item) if kind(item) == _REPORT_CODE else ""
        if found in heads:
            heads.discard(found)  # a report received twice: below the newest copy
            out.extend(reversed(replies[found]))
    return out


def threads_touched(rows: Sequence[Row], changed: Sequence[Row]) -> bool:
    """Whether putting ``changed`` in place by ``QueueColumns.place_key`` could break the
    default order's threads: a changed row is a user's reply naming a report ID, or a
    report whose ID a reply in ``rows`` names (then the queue is sorted again)."""
    from hdtui.domain.queue_columns import RowsAt, find_position

    if any(r.kind_code == _SUPPORT_CODE and r.report_id for r in changed):
        return True
    reports = {r.report_id for r in changed if r.kind_code == _REPORT_CODE and r.report_id}
    if not reports:
        return False
    rows = RowsAt.of(rows)
    kind = rows.columns.kind
    # The few positions naming these IDs, found in C; then whether the rows hold them.
    return any(kind[p] == _SUPPORT_CODE and find_position(rows.positions, p) is not None
               for p in rows.columns.positions_naming(reports))


def sort_rows(rows: Sequence[Row], order: SortOrder) -> Sequence[Row]:
    """Sort: by default in priority groups (PRIORITY_GROUPS), then newest first, a user's
    reply right below its report (``threaded``). The queue's rows (``RowsAt``) are sorted
    by their columns, without making a Row; other rows are given as a list."""
    from hdtui.domain.queue_columns import RowsAt

    if isinstance(rows, RowsAt):
        return rows.sorted(order)
    return list(RowsAt.of(rows).sorted(order))
