"""Provides the queue: Entry (a message as triaged), classification, filtering, sorting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from hdtui.domain.mail import Kind, Message
from hdtui.domain.marks import Mark, state_label
from hdtui.domain.report import WhisperBackReport, report_id_from_subject

WHISPERBACK_SENDER = "devnull@tails.boum.org"
LIGHT_TEXT = 20_000
_FT_RE = re.compile(r"\[FT\]", re.IGNORECASE)
_LIST_ADMIN_SENDER_RE = re.compile(r"-(owner|bounces|request|admin)@", re.IGNORECASE)
_LIST_ADMIN_SUBJECT_RE = re.compile(
    r"(requires approval|moderator request|moderation|unsubscribe notification"
    r"|subscription notification|uncaught bounce|mailing list probe)",
    re.IGNORECASE,
)


class DecryptState(StrEnum):
    """Whether the body could be read."""

    PLAIN = "plain"
    DECRYPTED = "decrypted"
    FAILED = "cannot decrypt"


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the queue: a message with what hdtui understood of it."""

    message: Message
    kind: Kind
    report: WhisperBackReport | None = None
    decrypt: DecryptState = DecryptState.PLAIN
    decrypt_error: str | None = None
    marks: frozenset[Mark] = field(default_factory=frozenset)
    complete: bool = True
    """False for the light copy the queue keeps (no debug sections, text cut short)."""

    @property
    def key(self) -> str:
        """The message's identity in its source."""
        return self.message.key

    @property
    def report_id(self) -> str | None:
        """The WhisperBack report ID from the clear Subject, if any."""
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
        return tuple(found)

    def with_marks(self, marks: frozenset[Mark]) -> Entry:
        """A copy with other marks."""
        return replace(self, marks=marks)

    def light(self) -> Entry:
        """The copy the queue keeps for every message: everything the rows, filters and
        report header need, without debug sections or a pasted key (about a tenth of the
        size). The complete entry is read back from the cache when the message is opened."""
        if not self.complete:
            return self
        report = self.report
        if report is not None:
            report = replace(report, debug=(), key_block=None)
        message = self.message
        if len(message.text) > LIGHT_TEXT:
            message = replace(message, text=message.text[:LIGHT_TEXT])
        return replace(self, message=message, report=report, complete=False)


def classify(message: Message, team_addresses: Iterable[str]) -> Kind:
    """Decide the kind of a message from its clear headers."""
    sender = message.sender_address.lower()
    subject = message.subject
    if _FT_RE.search(subject):
        return Kind.FT
    if sender == WHISPERBACK_SENDER or (
        message.encrypted and report_id_from_subject(subject) is not None
    ):
        return Kind.REPORT
    if sender in {a.lower() for a in team_addresses}:
        return Kind.TEAM
    if _LIST_ADMIN_SENDER_RE.search(sender) or _LIST_ADMIN_SUBJECT_RE.search(subject):
        return Kind.LIST_ADMIN
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


def _stamp(entry: Entry) -> float:
    date = entry.message.date
    if date is None:
        return 0.0
    return date.timestamp() if date.tzinfo else date.replace(tzinfo=None).timestamp()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3]) or (-1,)


def sort_entries(entries: Sequence[Entry], order: SortOrder) -> list[Entry]:
    """Sort: by default team communications first, then newest first."""
    newest = sorted(entries, key=_stamp, reverse=True)
    if order is SortOrder.PRIORITY:
        return sorted(newest, key=lambda e: e.kind.priority)
    if order is SortOrder.OLDEST:
        return list(reversed(newest))
    if order is SortOrder.KIND:
        return sorted(newest, key=lambda e: (e.kind.priority, e.kind.value))
    if order is SortOrder.VERSION:
        return sorted(newest, key=lambda e: _version_key(e.version), reverse=True)
    if order is SortOrder.STATE:
        return sorted(newest, key=lambda e: e.state)
    return sorted(newest, key=lambda e: (e.hardware == "", e.hardware.lower()))


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """A parsed filter: ``kind:report version:7.5 state:new wifi "no networks"``."""

    kinds: frozenset[Kind] = frozenset()
    versions: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when the filter lets everything through."""
        return not (self.kinds or self.versions or self.states or self.words)

    @classmethod
    def parse(cls, query: str) -> QueueFilter:
        """Parse a query; unknown kinds are reported in ``errors``, never raised."""
        kinds: set[Kind] = set()
        versions: list[str] = []
        states: list[str] = []
        words: list[str] = []
        errors: list[str] = []
        for token in re.findall(r'"[^"]*"|\S+', query):
            token = token.strip('"')
            name, sep, value = token.partition(":")
            name = name.lower()
            if sep and value and name in ("kind", "k"):
                kind = _kind_from_word(value)
                if kind is None:
                    valid = ", ".join(k.value for k in Kind)
                    errors.append(f"unknown kind {value!r} (valid: {valid})")
                else:
                    kinds.add(kind)
            elif sep and value and name in ("version", "v"):
                versions.append(value)
            elif sep and value and name in ("state", "s"):
                states.append(value.lower())
            elif token:
                words.append(token.lower())
        return cls(frozenset(kinds), tuple(versions), tuple(states), tuple(words), tuple(errors))

    def matches(self, entry: Entry) -> bool:
        """True if the entry passes every part of the filter."""
        if self.kinds and entry.kind not in self.kinds:
            return False
        if self.versions and not any(_version_matches(entry.version, v) for v in self.versions):
            return False
        if self.states and entry.state not in self.states:
            return False
        if self.words:
            haystack = searchable_text(entry)
            return all(word in haystack for word in self.words)
        return True


def _kind_from_word(word: str) -> Kind | None:
    lowered = word.lower()
    aliases = {"wb": Kind.REPORT, "whisperback": Kind.REPORT, "mail": Kind.SUPPORT,
               "list": Kind.LIST_ADMIN, "[ft]": Kind.FT}
    if lowered in aliases:
        return aliases[lowered]
    for kind in Kind:
        if lowered in (kind.value, kind.label.lower()):
            return kind
    return None


def _version_matches(version: str, wanted: str) -> bool:
    """``7`` matches 7.x, ``7.5`` matches 7.5 and 7.5.1, ``<6`` and ``>=7.4`` compare."""
    if not version:
        return False
    match = re.fullmatch(r"(<=|>=|<|>)?\s*([\d.]+)", wanted)
    if match is None:
        return version == wanted
    op, number = match.groups()
    have, want = _version_key(version), _version_key(number)
    if op is None:
        return have[: len(want)] == want
    return {"<": have < want, ">": have > want, "<=": have <= want, ">=": have >= want}[op]


def searchable_text(entry: Entry) -> str:
    """The lowercased text a free-text filter searches."""
    parts = [entry.summary, entry.message.subject, entry.message.sender, entry.hardware,
             entry.version, entry.report_id or "", entry.state]
    if entry.report is not None:
        parts.extend(a.text for a in entry.report.answers)
        parts.extend(d.description for d in entry.report.hardware.pci)
        parts.extend(d.vendor_device for d in entry.report.hardware.pci)
    else:
        parts.append(entry.message.text[:20000])
    return "\n".join(parts).lower()


def filter_entries(entries: Iterable[Entry], query: QueueFilter) -> list[Entry]:
    """Keep the entries the filter matches."""
    if query.empty:
        return list(entries)
    return [e for e in entries if query.matches(e)]
