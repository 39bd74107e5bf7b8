"""Provides what was done before about a report, in people's words: the warning before a
second answer (docs/team-mail.md, "Two members, one mailbox: no double answer").

Two members on one mailbox, and other mail clients on it, must never answer the same user
twice, forward to a team twice or raise a second [FT] without knowing it. What counts:
another member's claim, the report's mark ($HDReplied or \\Answered, $HDNoReply,
$HDForwarded, $HDEscalated), and a copy in Sent of what was sent about it.

Pure: no I/O (the services fetch the flags and search Sent).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import getaddresses, parsedate_to_datetime

from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark

SENT_FIELDS = ("To", "Subject", "Date")
"""The header fields read from a copy in Sent."""
CONFLICTS: dict[DraftKind, tuple[Mark, ...]] = {
    DraftKind.REPLY: (Mark.REPLIED, Mark.NO_REPLY),
    DraftKind.FORWARD: (Mark.FORWARDED,),
    DraftKind.FT: (Mark.ESCALATED,),
}
"""The marks that mean "done before" for each kind of draft."""
NOUN = {DraftKind.REPLY: "reply", DraftKind.FORWARD: "forward",
        DraftKind.FT: "[FT] message"}
SHOWN_COPIES = 3
"""At most this many copies in Sent are named, newest first."""


@dataclass(frozen=True, slots=True)
class SentCopy:
    """One message sent about a report, as its copy in Sent (or the demo's outbox) says."""

    kind: DraftKind
    to: str
    subject: str
    when: datetime | None
    where: str = "Sent"
    """Where its copy is: the Sent folder (the demo: its outbox)."""


@dataclass(frozen=True, slots=True)
class DoneBefore:
    """What was done before about a report, for one kind of draft."""

    marks: frozenset[Mark] = frozenset()
    """The marks the warning covers (CLAIMED: another member's claim): a send made after
    the member accepted them is not stopped again for them."""
    lines: tuple[str, ...] = ()
    """What happened and when, one sentence each."""

    def __bool__(self) -> bool:
        return bool(self.lines)

    @property
    def text(self) -> str:
        """The sentences, one a line."""
        return "\n".join(self.lines)


def _addresses(value: str) -> set[str]:
    return {address.lower() for _, address in getaddresses([value]) if address}


def sent_kind(to: str, bugs_list: str, team_addresses: Iterable[str]) -> DraftKind:
    """What a sent message was, by its recipients: to the bugs list an [FT] message, to a
    team a forward, else a reply."""
    recipients = _addresses(to)
    if bugs_list and recipients & _addresses(bugs_list):
        return DraftKind.FT
    teams: set[str] = set()
    for address in team_addresses:
        teams |= _addresses(address)
    return DraftKind.FORWARD if recipients & teams else DraftKind.REPLY


def copy_from_header(header: bytes, arrived: datetime | None, bugs_list: str,
                     team_addresses: Iterable[str]) -> SentCopy:
    """A copy in Sent from its header fields (SENT_FIELDS) and its arrival time."""
    parsed = BytesHeaderParser(policy=default).parsebytes(header)
    to = " ".join(str(parsed.get("To", "")).split())
    when = arrived
    try:
        dated = parsedate_to_datetime(str(parsed.get("Date", "")))
        when = dated if dated.tzinfo is not None else dated.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError):
        pass
    return SentCopy(sent_kind(to, bugs_list, team_addresses), to,
                    " ".join(str(parsed.get("Subject", "")).split()), when)


def when_text(when: datetime | None, now: datetime) -> str:
    """``today at 12:03``, ``on 2026-12-03 at 12:03`` (local time), or ``at a time not
    recorded``."""
    if when is None:
        return "at a time not recorded"
    local, today = when.astimezone(), now.astimezone()
    if local.date() == today.date():
        return f"today at {local:%H:%M}"
    return f"on {local:%Y-%m-%d} at {local:%H:%M}"


def done_before(kind: DraftKind, marks: frozenset[Mark], claimed_by: str | None,
                copies: Sequence[SentCopy], now: datetime) -> DoneBefore:
    """What was done before about a report that a new draft of ``kind`` would repeat:
    another member's claim (``claimed_by``: "alice (12:03)"), the kind's marks, and the
    copies in Sent of the same kind, each with when; empty when nothing was."""
    lines: list[str] = []
    covered: set[Mark] = set()
    if claimed_by is not None:
        covered.add(Mark.CLAIMED)
        lines.append(f"Claimed by {claimed_by}: they may be answering it now.")
    same = sorted((c for c in copies if c.kind is kind),
                  key=lambda c: c.when or datetime.min.replace(tzinfo=UTC), reverse=True)
    noun = NOUN.get(kind, "message")
    article = "An" if kind is DraftKind.FT else "A"
    for copy in same[:SHOWN_COPIES]:
        lines.append(f"{article} {noun} was sent {when_text(copy.when, now)} to "
                     f"{copy.to or 'nobody'} (its copy is in {copy.where}): “{copy.subject}”.")
    if len(same) > SHOWN_COPIES:
        lines.append(f"… and {len(same) - SHOWN_COPIES} more in Sent.")
    for mark in CONFLICTS.get(kind, ()):
        if mark not in marks:
            continue
        covered.add(mark)
        if mark is Mark.NO_REPLY:
            lines.append("A member recorded that it needs no reply ($HDNoReply).")
        elif not same:
            flag = " or \\Answered" if mark is Mark.REPLIED else ""
            lines.append(f"It is marked {mark.label} ({mark.value}{flag}, by hdtui or "
                         "another mail client); when is not recorded, and no copy of it "
                         "is in Sent.")
    if same:
        covered.update(m for m in CONFLICTS.get(kind, ()) if m is not Mark.NO_REPLY)
    return DoneBefore(frozenset(covered), tuple(lines))
