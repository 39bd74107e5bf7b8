"""Provides the messages of the shared team folder: shift hand-off notes, and the records
every member sees (outcomes with their reasons, reproduce results) (docs/shift.md).

Like a claim message (hdtui/domain/claims.py), each is one small message appended to a
folder every member reads: ``From:`` the member's name at ``team@hdtui.invalid``, a
``Subject:`` saying what it is, and ``X-HDTUI-Record:`` its kind. A record carries its
value in headers only (one FETCH of header fields reads them all); a hand-off note's text
is its body. Everything read back is data: cleaned to safe text, never markup.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.policy import SMTP, default
from typing import TYPE_CHECKING

from hdtui.domain.claims import claim_ref, sender_name
from hdtui.domain.followups import Acted
from hdtui.domain.gitlab_write import WORDS, GitLabWrite, PendingWrite, WriteKind
from hdtui.domain.regression_name import short_group
from hdtui.domain.signal_text import draft_signal
from hdtui.domain.text import clean, one_line

if TYPE_CHECKING:
    from hdtui.domain.insight.overview import Overview

TEAM_ADDRESS = "team@hdtui.invalid"
RECORD_HEADER = "X-HDTUI-Record"
MESSAGE_ID_HEADER = "X-HDTUI-Message-ID"
VALUE_HEADER = "X-HDTUI-Value"
RECORD_FIELDS = ("FROM", "SUBJECT", RECORD_HEADER.upper(), MESSAGE_ID_HEADER.upper(),
                 VALUE_HEADER.upper())
"""The header fields read from the team folder (one FETCH for every message)."""
HANDOFF = "handoff"
OUTCOME = "outcome"
REPRODUCE = "reproduce"
REMINDER = "reminder"
"""A member's reminder: its due time and note (read back by that member only)."""
KINDS = (HANDOFF, OUTCOME, REPRODUCE, REMINDER)
SECTIONS = ("What I did", "What is left", "What to watch")
"""The hand-off note's three parts, in order, each a heading line ending with ":"."""
VALUE_CHARS = 200
NOTE_CHARS = 20000
"""A hand-off note longer than this is cut when read (it is shown in a pane)."""


@dataclass(frozen=True, slots=True)
class TeamRecord:
    """One message of the team folder as read back from its headers."""

    kind: str
    """HANDOFF, OUTCOME, REPRODUCE or REMINDER."""
    member: str
    ref: str = ""
    """The report ID or Message-ID the record is about ("" for a hand-off note)."""
    message_id: str = ""
    value: str = ""
    """An outcome's label with its reason, or a reproduce result."""
    when: datetime | None = None
    uid: int = 0

    def refs(self) -> tuple[str, ...]:
        """Every reference a queue message can be found by."""
        return tuple(r for r in (self.ref, self.message_id) if r)

    @property
    def said(self) -> str:
        """``stop answering: low priority (by bob, 12:03)``."""
        when = f", {self.when.astimezone():%Y-%m-%d %H:%M}" if self.when else ""
        return f"{self.value} (by {self.member}{when})"


@dataclass(frozen=True, slots=True)
class HandoffNote:
    """A shift hand-off note: what a member did, what is left, what to watch."""

    member: str
    when: datetime
    did: str = ""
    left: str = ""
    watch: str = ""

    @property
    def text(self) -> str:
        """The note as its body reads: the three parts under their headings."""
        parts = []
        for heading, body in zip(SECTIONS, (self.did, self.left, self.watch), strict=True):
            parts.append(f"{heading}:\n{body.strip() or '(nothing)'}")
        return "\n\n".join(parts) + "\n"


def _sender(member: str) -> Address:
    return Address(display_name=one_line(member, 40) or "unknown member",
                   addr_spec=TEAM_ADDRESS)


def record_message(kind: str, member: str, report_id: str | None, message_id: str | None,
                   value: str, when: datetime) -> bytes:
    """The bytes of a record appended to the team folder (headers carry everything)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = _sender(member)
    message["Subject"] = f"{kind} {claim_ref(report_id, message_id)}"
    message["Date"] = when.astimezone(UTC)
    message[RECORD_HEADER] = kind
    bare = claim_ref(None, message_id)
    if bare:
        message[MESSAGE_ID_HEADER] = f"<{bare}>"
    message[VALUE_HEADER] = one_line(value, VALUE_CHARS)
    message.set_content("Written by hdtui for the other Help Desk members (docs/shift.md).\n")
    return message.as_bytes()


def handoff_message(note: HandoffNote) -> bytes:
    """The bytes of a hand-off note appended to the team folder."""
    message = EmailMessage(policy=SMTP)
    message["From"] = _sender(note.member)
    when = note.when.astimezone(UTC)
    message["Subject"] = f"{HANDOFF} {when:%Y-%m-%dT%H:%MZ}"
    message["Date"] = when
    message[RECORD_HEADER] = HANDOFF
    message.set_content(note.text)
    return message.as_bytes()


def parse_record(headers: bytes, when: datetime | None = None, uid: int = 0
                 ) -> TeamRecord | None:
    """Read a team folder message's header fields; None when it is not one of hdtui's."""
    try:
        parsed = BytesHeaderParser(policy=default).parsebytes(headers)
        kind = str(parsed.get(RECORD_HEADER, "")).strip().lower()
        subject = str(parsed.get("Subject", ""))
        member = sender_name(str(parsed.get("From", "")))
        message_id = claim_ref(None, str(parsed.get(MESSAGE_ID_HEADER, "")))
        value = one_line(str(parsed.get(VALUE_HEADER, "")), VALUE_CHARS)
    except (ValueError, LookupError, TypeError, AttributeError):
        return None
    word, _, rest = subject.strip().partition(" ")
    if kind not in KINDS or word.lower() != kind:
        return None
    ref = "" if kind == HANDOFF else claim_ref(rest.strip(), None)
    if kind != HANDOFF and not ref:
        return None
    return TeamRecord(kind, member or "unknown member", ref, message_id, value, when, uid)


def parse_handoff(raw: bytes, when: datetime | None = None) -> HandoffNote | None:
    """A hand-off note from its whole message; None when it is not one."""
    try:
        parsed = BytesParser(policy=default).parsebytes(raw)
        if str(parsed.get(RECORD_HEADER, "")).strip().lower() != HANDOFF:
            return None
        member = sender_name(str(parsed.get("From", "")))
        body = parsed.get_body(("plain",))
        text = body.get_content() if body is not None else ""
    except (ValueError, LookupError, TypeError, AttributeError, KeyError):
        return None
    if not isinstance(text, str):
        return None
    parts = split_sections(str(clean(text[:NOTE_CHARS])))
    written = when or datetime.now(UTC)
    return HandoffNote(member or "unknown member", written, *parts)


def split_sections(text: str) -> tuple[str, str, str]:
    """The three parts of a note's text by their headings; text before any heading (a
    note written by hand) counts as "What I did"."""
    found: dict[str, list[str]] = {heading: [] for heading in SECTIONS}
    current = SECTIONS[0]
    for line in text.splitlines():
        heading = line.strip().rstrip(":").strip()
        if line.strip().endswith(":") and heading in SECTIONS:
            current = heading
            continue
        found[current].append(line)
    did, left, watch = (_nothing("\n".join(found[h]).strip()) for h in SECTIONS)
    return did, left, watch


def _nothing(part: str) -> str:
    return "" if part == "(nothing)" else part


def prefill(acted: Sequence[Acted], records: Iterable[str] = (),
            writes: Iterable[GitLabWrite] = (), apart: Collection[str] = ()) -> str:
    """"What I did" from this shift's actions: one line each, oldest first (the mail and
    alerts of ``acted``, and ``writes``: the issues created, links and notes made on
    GitLab; the links one line per issue, at its first: ``linked_said``, with ``apart``
    the references the counts set apart), then the outcomes and reproduce results
    recorded (``records``, already one line each)."""
    timed: list[tuple[float, str]] = []
    for act in acted:
        about = act.summary or (f"report {act.report_id}" if act.report_id else "a message")
        timed.append((act.when.timestamp(),
                      f"- {act.when.astimezone():%H:%M} {act.did}: {about}"))
    linked: dict[int, list[GitLabWrite]] = {}
    for write in writes:
        if write.kind is WriteKind.LINK:
            linked.setdefault(write.iid, []).append(write)
            continue
        at = datetime.fromtimestamp(write.when, UTC).astimezone()
        timed.append((write.when, f"- {at:%H:%M} {WORDS[write.kind]} #{write.iid}: "
                                  f"{one_line(write.what, VALUE_CHARS)}"))
    for iid, links in linked.items():
        first = min(write.when for write in links)
        at = datetime.fromtimestamp(first, UTC).astimezone()
        timed.append((first, f"- {at:%H:%M} "
                             f"{linked_said(iid, [w.what for w in links], apart)}"))
    lines = [line for _, line in sorted(timed, key=lambda pair: pair[0])]
    lines += [f"- {line}" for line in records]
    return "\n".join(lines)


LINKS_NAMED = 4
"""The reports a "What I did" line of links names (the others are counted)."""


def linked_said(iid: int, references: Sequence[str], apart: Collection[str] = ()) -> str:
    """``linked 18 reports to #19113: 8c1f3e0a, 1b2c3d4e, … and 14 more``: one line for the
    links this member made to one issue (one ``l`` in hot topics links 18 reports: the
    note had a line each; walk24b's item 4). A report is named by the first 8 hex digits
    of its ID, as the note names reports; a support mail by its reference. The links to
    reports of ``apart`` (``IssueStats.unreleased_linked``: a version no release has) are
    not in the count and said after it, as the counts say them: "linked 16 reports"
    beside hot topics' 15 counted a forged 9.9 first (walk25's item 6)."""
    counted = list(dict.fromkeys(_short(ref) for ref in references if ref not in apart))
    forged = list(dict.fromkeys(_short(ref) for ref in references if ref in apart))
    if not counted:
        return (f"linked {_reports(len(forged))} to #{iid} on a version no release has, "
                f"not counted: {_named(forged)}")
    after = (f" (and {_reports(len(forged))} on a version no release has, not counted: "
             f"{_named(forged)})") if forged else ""
    return f"linked {_reports(len(counted))} to #{iid}: {_named(counted)}{after}"


def _reports(count: int) -> str:
    return f"{count} report{'' if count == 1 else 's'}"


def _named(named: Sequence[str]) -> str:
    """The first ``LINKS_NAMED`` of ``named``, the others counted."""
    count = len(named)
    more = f" and {count - LINKS_NAMED} more" if count > LINKS_NAMED else ""
    return f"{one_line(', '.join(named[:LINKS_NAMED]), VALUE_CHARS)}{more}"


def _short(reference: str) -> str:
    ref = one_line(reference, VALUE_CHARS)
    return ref[5:13] if ref.startswith("wb://") else ref


def prefill_left(claims: Iterable[str], pending: Iterable[PendingWrite] = ()) -> str:
    """"What is left" from what this member still holds: the messages still claimed by
    them (``claims``: each described in people's words), so the next member knows whom
    to ask before answering one, and the GitLab writes not made yet (docs/shift.md)."""
    lines = [f"- still claimed by me: {described}" for described in claims]
    lines += [f"- not on GitLab yet (kept in the outbox): {write.line()}" for write in pending]
    return "\n".join(lines)


WATCH_SHOWN = 5
"""The most items of a kind "What to watch" lists (the rest: said as a number, H shows it)."""


def change_said(now: int, before: int) -> str:
    """A count's change from last week in words, ``+6 on last week``: a bare ``(+6)`` on
    the shift start read as nothing to walk24's member."""
    change = now - before
    return f"{change:+d} on last week" if change else "as many as last week"


def prefill_watch(view: Overview, titles: Mapping[int, str] | None = None) -> str:
    """"What to watch" from the numbers hot topics and the shift start show (``view``, the
    same overview): the new problems flagged, the regressions, and the known issues
    reported more this week than last, one line each, so that the next member looks at
    them (walk24: the note said "(nothing)" beside 3 flagged new problems and a
    regression). Cluster names as the team report says them (a journal line by its
    program); "" when the numbers flag nothing, or are not whole yet (``partial``)."""
    if view.partial:
        return ""
    # In hot topics' order (``look_order``; walk28 saw the new problem first here, the
    # regression first there), at most five of each kind, then how many more of each.
    from hdtui.domain.insight.clusters import Cluster  # the counting rules, when asked
    from hdtui.domain.insight.look_order import HotTopic, look_order
    from hdtui.domain.insight.regressions import Regression

    flagged = look_order(c for c in view.clusters if c.flagged)
    rose = look_order(s for s in view.hot if len(s.per_week) > 1
                      and s.this_week > s.per_week[-2])
    lines: list[str] = []
    topics: list[HotTopic] = [*view.regressions[:WATCH_SHOWN], *flagged[:WATCH_SHOWN],
                              *rose[:WATCH_SHOWN]]
    for item in look_order(topics):
        if isinstance(item, Regression):
            lines.append(f"- regression on {item.version}: {short_group(item.group)}, "
                         f"{item.count_new} reports in {item.days_new} days, "
                         f"{item.count_before} on earlier versions")
        elif isinstance(item, Cluster):
            lines.append(f"- new problem {item.id}: {item.per_week[-1]} this week, "
                         f"{len(item.reports)} reports, flagged (no issue yet: I in hot "
                         f"topics drafts one) · {one_line(draft_signal(item.label), 80)}")
        else:
            title = one_line((titles or {}).get(item.iid, ""), 60)
            lines.append(f"- #{item.iid} rose: {item.this_week} this week "
                         f"({change_said(item.this_week, item.per_week[-2])})"
                         + (f" · {title}" if title else ""))
    lines += _more(len(view.regressions), "regressions")
    lines += _more(len(flagged), "new problems flagged")
    lines += _more(len(rose), "known issues rose")
    return "\n".join(lines)


def _more(count: int, what: str) -> list[str]:
    left = count - WATCH_SHOWN
    return [f"- and {left} more {what} (H: hot topics)"] if left > 0 else []


def latest_by_ref(records: Iterable[TeamRecord], kind: str) -> dict[str, TeamRecord]:
    """The newest record of a kind for each reference (the highest UID wins)."""
    found: dict[str, TeamRecord] = {}
    for record in sorted(records, key=lambda r: r.uid):
        if record.kind == kind:
            for ref in record.refs():
                found[ref] = record
    return found


__all__ = ["HANDOFF", "OUTCOME", "RECORD_FIELDS", "REMINDER", "REPRODUCE", "SECTIONS",
           "HandoffNote", "TeamRecord", "change_said", "handoff_message", "latest_by_ref",
           "parse_handoff", "parse_record", "prefill", "prefill_left", "prefill_watch",
           "record_message", "split_sections"]
