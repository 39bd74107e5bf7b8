"""Provides follow-ups: threads a member acted on that got an answer, reminders that came
due, and the "waiting for the user" state (docs/followups.md).

A thread is a report and the mail that answers it: messages that name the same WhisperBack
report ID in their subject, or that point at one another by Message-ID (In-Reply-To,
References), including at the Message-ID of what the member sent. Pure: no I/O (the
services read the queue, the local store and the issue cache).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from hdtui.domain.mail import Kind


class ActKind(StrEnum):
    """What a member did about a report that expects an answer."""

    REPLY = "reply"
    FORWARD = "forward"
    FT = "ft"
    TEAM = "team"
    """Asked a team another way (an alert, a note on an issue)."""

    @property
    def label(self) -> str:
        """In people's words."""
        return _ACT_LABELS[self]


_ACT_LABELS = {ActKind.REPLY: "replied", ActKind.FORWARD: "forwarded to a team",
               ActKind.FT: "raised [FT]", ActKind.TEAM: "asked a team"}


@dataclass(frozen=True, slots=True)
class Acted:
    """One thing this member did about a report (kept in the local store, ``acted``)."""

    key: str
    """The report's message key when it was done."""
    kind: ActKind
    when: datetime
    report_id: str = ""
    message_id: str = ""
    """The report's own Message-ID (without angle brackets)."""
    sent_id: str = ""
    """The Message-ID of what was sent (a user's answer points at it)."""
    summary: str = ""
    """The report in people's words (``Row.described``), for lists and the hand-off."""
    team: str = ""
    """The team asked (an XMPP alert), as the config names it."""
    issue: int = 0
    """The GitLab issue the team was asked about (0: none): a team's mail naming it
    answers the act."""

    @property
    def did(self) -> str:
        """What was done, in people's words: "replied", "alerted Foundations about #12"."""
        if self.kind is ActKind.TEAM and self.team:
            about = f" about #{self.issue}" if self.issue else ""
            return f"alerted {self.team}{about}"
        return self.kind.label


@dataclass(frozen=True, slots=True)
class Reminder:
    """"Check back on this": a member's own reminder on a message (the local store)."""

    key: str
    due: datetime
    note: str = ""
    created: datetime | None = None
    report_id: str = ""
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    """What threading needs of one message of the queue."""

    key: str
    stamp: float
    kind: Kind
    report_id: str = ""
    message_id: str = ""
    refs: tuple[str, ...] = ()
    """In-Reply-To and References, without angle brackets."""
    sender: str = ""
    """The sender's address, lower case."""
    summary: str = ""
    issue: int = 0
    """The GitLab issue a team's mail names (its address or ``#NNNN``; 0: none)."""


class DueWhy(StrEnum):
    """Why a follow-up came due."""

    USER = "the user answered"
    TEAM = "a team answered"
    ISSUE = "its GitLab issue changed"
    REMINDER = "reminder"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One follow-up that came due for this member."""

    why: DueWhy
    key: str
    """The message to open: the answer, or the message of the reminder."""
    since: datetime
    """When it came due: the answer's date, the issue's change, the reminder's time."""
    about: str
    """The report in people's words."""
    detail: str = ""
    report_id: str = ""

    @property
    def line(self) -> str:
        """One line for a list: why, what, when."""
        extra = f": {self.detail}" if self.detail else ""
        return f"{self.why.value} · {self.about}{extra} ({self.since:%Y-%m-%d %H:%M} UTC)"

    def data(self) -> dict[str, str]:
        """Plain data for ``hdtui followups --json``."""
        return {"why": self.why.name.lower(), "key": self.key, "report_id": self.report_id,
                "about": self.about, "detail": self.detail,
                "since": self.since.astimezone(UTC).isoformat()}


def bare_id(message_id: str | None) -> str:
    """A Message-ID without angle brackets or spaces ("" for none)."""
    return (message_id or "").strip().strip("<>").strip()


def group_threads(messages: Sequence[ThreadMessage],
                  sent: Mapping[str, str] = {}) -> dict[str, str]:
    """The thread of every message: key -> the key of the thread's oldest message.

    Messages join a thread when they name the same report ID, or when one's In-Reply-To or
    References names another's Message-ID, or the Message-ID of something sent about it
    (``sent``: a sent Message-ID -> the key of the report it answered)."""
    parent: dict[str, str] = {m.key: m.key for m in messages}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    by_report: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for message in messages:
        if message.report_id:
            first = by_report.setdefault(message.report_id, message.key)
            join(first, message.key)
        if message.message_id:
            by_id.setdefault(message.message_id, message.key)
    for sent_id, key in sent.items():
        if key in parent:
            by_id.setdefault(sent_id, key)
    for message in messages:
        for ref in message.refs:
            other = by_id.get(ref)
            if other is not None:
                join(other, message.key)
    oldest: dict[str, str] = {}
    for message in sorted(messages, key=lambda m: (m.stamp, m.key)):
        oldest.setdefault(root(message.key), message.key)
    return {m.key: oldest[root(m.key)] for m in messages}


def thread_members(threads: Mapping[str, str], key: str,
                   messages: Iterable[ThreadMessage]) -> list[ThreadMessage]:
    """The messages of ``key``'s thread, oldest first (itself alone if it has none)."""
    head = threads.get(key, key)
    found = [m for m in messages if threads.get(m.key, m.key) == head]
    return sorted(found, key=lambda m: (m.stamp, m.key))


def _is_answer(message: ThreadMessage, helpdesk: frozenset[str]) -> DueWhy | None:
    """Whether a message of a thread is an answer to the Help Desk, and whose."""
    if message.kind is Kind.TEAM:
        return DueWhy.TEAM
    if message.kind in (Kind.SYSTEM, Kind.LIST_ADMIN, Kind.FT):
        return None
    if message.sender and message.sender in helpdesk:
        return None
    return DueWhy.USER


def due(acted: Sequence[Acted], messages: Sequence[ThreadMessage],
        reminders: Sequence[Reminder], now: datetime,
        helpdesk: Iterable[str] = (), issue_changes: Mapping[str, tuple[int, datetime]] = {},
        ) -> list[FollowUp]:
    """What came due for this member, newest first.

    - an answer in the thread of something this member did, that arrived after it (the
      user's reply, a team's reply; never the Help Desk's own mail or a bounce);
    - a change of the GitLab issue a report this member acted on is linked to, after the
      act (``issue_changes``: report key -> (issue number, when it last changed));
    - a reminder whose time has come.
    """
    ours = frozenset(a.lower() for a in helpdesk)
    by_key = {m.key: m for m in messages}
    sent = {a.sent_id: a.key for a in acted if a.sent_id}
    threads = group_threads(messages, sent)
    found: dict[tuple[DueWhy, str], FollowUp] = {}
    latest: dict[str, Acted] = {}
    for act in sorted(acted, key=lambda a: a.when):
        latest[threads.get(act.key, act.key)] = act
    for head, act in latest.items():
        since = act.when.timestamp()
        first = by_key.get(head)  # the thread's first message names it best
        about = (first.summary if first is not None and first.summary else act.summary) or (
            f"report {act.report_id}" if act.report_id else "a message")
        members = thread_members(threads, act.key, messages) if act.key in by_key else []
        for message in members:
            if message.key == act.key or message.stamp <= since:
                continue
            why = _is_answer(message, ours)
            if why is None:
                continue
            when = datetime.fromtimestamp(message.stamp, UTC)
            found[(why, head)] = FollowUp(why, message.key, when, about,
                                          f"after you {act.did}", act.report_id)
        if act.issue:  # a team asked about an issue answers naming it, in any thread
            for message in messages:
                if message.kind is Kind.TEAM and message.issue == act.issue and \
                        message.stamp > since:
                    when = datetime.fromtimestamp(message.stamp, UTC)
                    known = found.get((DueWhy.TEAM, head))
                    if known is None or known.since < when:
                        found[(DueWhy.TEAM, head)] = FollowUp(
                            DueWhy.TEAM, message.key, when, about, f"after you {act.did}",
                            act.report_id)
        change = issue_changes.get(act.key)
        if change is not None and change[1] > act.when:
            found[(DueWhy.ISSUE, head)] = FollowUp(
                DueWhy.ISSUE, act.key, change[1], about, f"issue #{change[0]} changed "
                f"after you {act.did}", act.report_id)
    for reminder in reminders:
        if reminder.due <= now:
            about = reminder.summary or (f"report {reminder.report_id}"
                                         if reminder.report_id else "a message")
            found[(DueWhy.REMINDER, reminder.key)] = FollowUp(
                DueWhy.REMINDER, reminder.key, reminder.due, about, reminder.note,
                reminder.report_id)
    return sorted(found.values(), key=lambda f: f.since, reverse=True)


def waiting_since(acted: Sequence[Acted], thread: Sequence[ThreadMessage],
                  helpdesk: Iterable[str] = ()) -> datetime | None:
    """When the Help Desk last replied to the user in this thread, if the user has not
    answered since: "waiting for the user" (None otherwise)."""
    keys = {m.key for m in thread}
    replies = [a.when for a in acted if a.key in keys and a.kind is ActKind.REPLY]
    if not replies:
        return None
    last = max(replies)
    ours = frozenset(a.lower() for a in helpdesk)
    answered = any(m.stamp > last.timestamp() and _is_answer(m, ours) is DueWhy.USER
                   for m in thread)
    return None if answered else last


def age_text(since: datetime, now: datetime) -> str:
    """``3 d``, ``5 h``, ``12 min``: how long ago, short (for a queue row)."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds >= 86400:
        return f"{seconds // 86400} d"
    if seconds >= 3600:
        return f"{seconds // 3600} h"
    return f"{seconds // 60} min"


def parse_delay(text: str) -> timedelta:
    """A reminder's delay: ``3d``, ``3 days``, ``12h``, ``2 weeks``; a bare number is
    days. ValueError says what is accepted."""
    words = text.strip().lower().replace(" ", "")
    units = (("weeks", 7 * 86400), ("week", 7 * 86400), ("w", 7 * 86400),
             ("days", 86400), ("day", 86400), ("d", 86400),
             ("hours", 3600), ("hour", 3600), ("h", 3600))
    number, seconds = words, 86400
    for unit, size in units:
        if words.endswith(unit):
            number, seconds = words[: -len(unit)], size
            break
    if not number.isdigit() or not 0 < int(number) <= 365 * 86400 // seconds:
        raise ValueError("Give a delay such as 3d, 12h or 2w (at most a year).")
    return timedelta(seconds=int(number) * seconds)


__all__ = ["ActKind", "Acted", "DueWhy", "FollowUp", "Reminder", "ThreadMessage", "age_text",
           "bare_id", "due", "group_threads", "parse_delay", "thread_members", "waiting_since"]
