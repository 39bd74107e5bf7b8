"""Provides links from reports to tracker issues: references, the note marker, counting.

A link is recorded on the tracker as a note on the issue holding one machine-readable
line, so every member (and every hdtui) counts the same reports::

    Help Desk report: wb://8c1f3e0a9b7d42e6a5f01c3d9e2b7a64 received 2026-11-19 (hdtui)

The reference never carries report contents (issues are usually public): ``wb://<id>``
for a WhisperBack report, and for a support mail an opaque ``mail:<date>:<12 hex>``,
the first 12 hex digits of the SHA-256 of its Message-ID, never the sender's address.

Anyone who can comment on an issue can type a marker line, so a marker counts only in a
vetted note (``CountRule``: an internal note, or a note by one of the Help Desk's own
accounts, checked by author id) and never inside code (a fenced block or a code span),
where it is only quoted: docs/gitlab.md, "Counts nobody else can forge". Notes typed in
GitLab's web UI arrive with CRLF line ends; they count the same.
Pure: no I/O and no clock; "today" is always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from hdtui.domain.lazy_pattern import lazy

NOTE_PREFIX = "Help Desk report: "
NOTE_SUFFIX = " (hdtui)"
VETTED = "only our links count"
"""Said wherever counts are shown, in plain words ("our": the Help Desk's): only vetted
notes count, those a Help Desk account or an internal note made (docs/gitlab.md)."""
VETTED_SAID = "reports count only when a Help Desk member linked them"
"""`VETTED` where there is room for a sentence (hot topics' detail of an issue)."""
LINKS_NOT_READ = "links not read"
"""Said beside numbers that may lack links other members made: the tracker's notes of the
issue were not read since it changed (docs/gitlab.md, "Links other members made")."""
SAID_ISSUES = 8
"""Issues named in ``not_read_said`` (the others are counted)."""
WEEK_DAYS = 7
""""This week" is the last seven days, today included (a rolling week: no Monday reset)."""

_WB = lazy(r"wb://[0-9a-f]{1,32}")
_MAIL = lazy(r"mail:\d{4}-\d{2}-\d{2}:[0-9a-f]{12}")
_FENCE = lazy(r"^ {0,3}(?P<run>`{3,}|~{3,})(?P<info>.*)$")
_NOTE_LINE = lazy(
    r"^Help Desk report: (?P<ref>\S+)(?: received (?P<date>\d{4}-\d{2}-\d{2}))? \(hdtui\)[ \t]*$",
    re.MULTILINE,
)


def is_reference(text: str) -> bool:
    """True for a well-formed ``wb://<id>`` or ``mail:<date>:<hash>`` reference."""
    return bool(_WB().fullmatch(text) or _MAIL().fullmatch(text))


def report_reference(report_id: str) -> str:
    """``wb://<id>`` for a WhisperBack report ID (1–32 hex digits, any case)."""
    rid = report_id.strip().lower().removeprefix("wb://")
    reference = f"wb://{rid}"
    if not _WB().fullmatch(reference):
        raise ValueError(f"not a WhisperBack report ID: {report_id!r}")
    return reference


def mail_reference(message_id: str, received: date) -> str:
    """An opaque reference for a support mail: its date and a hash of its Message-ID."""
    normal = message_id.strip()
    if normal.startswith("<") and normal.endswith(">"):
        normal = normal[1:-1].strip()
    if not normal:
        raise ValueError("a support mail needs a Message-ID to be linked")
    import hashlib  # here: the first frame links nothing (docs/benchmarks.md, session 9)

    digest = hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]
    return f"mail:{received.isoformat()}:{digest}"


def reference_for(report_id: str | None, message_id: str | None, key: str,
                  received: date) -> str:
    """How GitLab notes cite a message, the one rule every caller uses: ``wb://ID`` for a
    report, else a hash of its Message-ID (of its key when it has none) and its date."""
    if report_id:
        return report_reference(report_id)
    return mail_reference(message_id or key, received)


def note_body(reference: str, received: date) -> str:
    """The note that records one link (a single marker line)."""
    if not is_reference(reference):
        raise ValueError(f"not a report reference: {reference!r}")
    return f"{NOTE_PREFIX}{reference} received {received.isoformat()}{NOTE_SUFFIX}"


SUMMARY_HEADING = ("Help Desk reports linked to this issue (hdtui keeps this one note up "
                   "to date instead of adding a note per report):")
"""The first line of a busy issue's summary note (docs/gitlab-writes.md, "Busy issues")."""
BUSY_LINKS = 50
"""Links above which an issue is busy: further reports go into one summary note, edited
in place, instead of a note each (every new note notifies every watcher of the issue)."""


def is_summary(body: str) -> bool:
    """Whether a note is an hdtui summary note (it holds many marker lines)."""
    return body.startswith(SUMMARY_HEADING)


def summary_body(lines: Iterable[str]) -> str:
    """A summary note holding these marker lines, one per line."""
    return "\n\n".join([SUMMARY_HEADING, "\n".join(lines)]) + "\n"


def summary_with(body: str, line: str) -> str:
    """A summary note with one more marker line."""
    return f"{body.rstrip()}\n{line}\n"


def summary_without(body: str, reference: str) -> str:
    """A summary note without the marker lines citing ``reference`` ("" when no marker
    line is left)."""
    kept = [line for line in body.splitlines() if not any(
        found.reference == reference for found in parse_note(line))]
    if not any(parse_note(line) for line in kept):
        return ""
    return "\n".join(kept).rstrip() + "\n"


class NoteLink(NamedTuple):
    """One link read from a note's marker line."""

    reference: str
    received: date | None
    """The report's date as written in the note; None for a note without one."""
    outside: bool = False
    """Cited by an account outside the Help Desk (an internal note of a Reporter, say):
    such a link counts only for a report this mailbox holds (``IssueLink.outside``)."""


def parse_note(body: str) -> list[NoteLink]:
    """The links a note records: marker lines with a well-formed reference only.

    Text from the tracker is data: anything that is not exactly a marker line is
    ignored, and a malformed reference or date never raises. Lines inside code (a fenced
    block, a code span) are quoted text, not markers; CRLF and lone CR end lines as LF.
    """
    found: list[NoteLink] = []
    for match in _NOTE_LINE().finditer(outside_code(body)):
        reference = match.group("ref")
        if not is_reference(reference):
            continue
        received: date | None = None
        if match.group("date"):
            try:
                received = date.fromisoformat(match.group("date"))
            except ValueError:
                received = None
        found.append(NoteLink(reference, received))
    return found


NOTE_LINKS_MAX = 5
"""The most links one account outside the Help Desk adds to one issue, all its notes
together: a member typing a note by hand cites a few. One such note with twenty made-up
IDs counted twenty reports (forged23), then four notes of five each did (walk23b); the
Help Desk's own accounts are never cut (``notes_links``; docs/gitlab.md, "What one note
can add")."""
EARLIEST_REPORT = date(2009, 1, 1)
"""No report was received before Tails and WhisperBack existed: an earlier date is made up."""
AHEAD = timedelta(days=1)
"""How far a link's date may be after its note's UTC day: hdtui writes UTC days, but a
support mail's reference (and a note written by an older hdtui) carries the day of the
sender's time zone, up to UTC+14, so a day ahead (docs/gitlab.md, "What one note can
add")."""


def note_links(body: str, created: date | None) -> list[NoteLink]:
    """The links a vetted note written on day ``created`` adds, each dated: its marker
    lines (``parse_note``); a line without a date is dated by the note; a support mail's
    reference by its own date. A line dated after the note was written (no report is
    received after the note citing it: more than ``AHEAD`` after ``created``, the note's
    UTC day), before ``EARLIEST_REPORT``, or with a support mail's date after the note,
    adds nothing; nor does one that cannot be dated (docs/gitlab.md, "What one note can
    add"). How many of them count is the issue's notes' matter (``notes_links``)."""
    kept: list[NoteLink] = []
    for link in parse_note(body):
        received = link.received or created
        if link.reference.startswith("mail:"):
            try:
                received = date.fromisoformat(link.reference[5:15])
            except ValueError:  # digits, not a day (2026-13-45)
                continue
        if received is None or received < EARLIEST_REPORT or (
                created is not None and received > created + AHEAD):
            continue
        kept.append(NoteLink(link.reference, received))
    return kept


class VettedNote(NamedTuple):
    """One vetted note of an issue, as ``notes_links`` needs it."""

    body: str
    created: date | None
    author: str
    """Who wrote it (a username, or an id as text): an outside account's notes are limited
    together."""
    helpdesk: bool
    """Written by one of the Help Desk's own accounts (``helpdesk_accounts``, the token's):
    never cut."""


class NotesLinks(NamedTuple):
    """The links an issue's vetted notes add, and how many marker lines were left out."""

    links: list[NoteLink]
    left_out: int = 0
    """Links of accounts outside the Help Desk beyond ``NOTE_LINKS_MAX`` each: said
    wherever the count is (``ReportCount.label``, ``IssueStats``)."""


def notes_links(notes: Iterable[VettedNote]) -> NotesLinks:
    """The links of one issue's vetted notes, oldest note first (``note_links`` each): a
    Help Desk account's all (Bob's note listing 8 report IDs counted 5, silently,
    walk23b), an outside account's first ``NOTE_LINKS_MAX`` over all its notes (four notes
    of mallory's added 20); the rest is counted in ``left_out``. A reference cited again
    counts once, and uses no room; an outside account's link is marked ``outside`` unless
    a Help Desk account cites the reference too."""
    kept: dict[str, NoteLink] = {}
    used: dict[str, int] = {}
    left_out = 0
    for note in notes:
        for link in note_links(note.body, note.created):
            known = kept.get(link.reference)
            if known is not None:
                if known.outside and note.helpdesk:  # a member vouches for it too
                    kept[link.reference] = known._replace(outside=False)
                continue
            if not note.helpdesk:
                if used.get(note.author, 0) >= NOTE_LINKS_MAX:
                    left_out += 1
                    continue
                used[note.author] = used.get(note.author, 0) + 1
            kept[link.reference] = link._replace(outside=True) if not note.helpdesk \
                else link
    return NotesLinks(list(kept.values()), left_out)


def outside_code(body: str) -> str:
    """The note with its code blanked out (line breaks kept, made LF): fenced code blocks
    (CommonMark: a run of 3 or more backticks or tildes indented at most 3 spaces, closed
    by a run of the same character at least as long, or by the end of the note) and code
    spans inside a paragraph (a backtick run closed by a run of the same length; a
    paragraph ends at a blank line). Indented code needs no blanking: a marker line
    starts at column 0."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    fence = ""
    paragraph: list[str] = []

    def flush() -> None:
        kept.extend(_without_code_spans("\n".join(paragraph)).split("\n") if paragraph
                    else [])
        paragraph.clear()

    for line in lines:
        if fence:
            closing = _FENCE().match(line)
            if closing and closing.group("run")[0] == fence[0] and \
                    len(closing.group("run")) >= len(fence) and not closing.group("info").strip():
                fence = ""
            kept.append("")
            continue
        opening = _FENCE().match(line)
        if opening and not (opening.group("run")[0] == "`" and "`" in opening.group("info")):
            flush()
            fence = opening.group("run")
            kept.append("")
        elif not line.strip():
            flush()
            kept.append(line)
        else:
            paragraph.append(line)
    flush()
    return "\n".join(kept)


_TICKS = lazy(r"`+")


def _without_code_spans(text: str) -> str:
    """``text`` with every code span's content replaced by spaces (newlines kept)."""
    out: list[str] = []
    at = 0
    while (opening := _TICKS().search(text, at)) is not None:
        run = opening.group()
        closing = next((m for m in _TICKS().finditer(text, opening.end())
                        if len(m.group()) == len(run)), None)
        if closing is None:  # an unmatched run is literal backticks
            out.append(text[at:opening.end()])
            at = opening.end()
            continue
        out.append(text[at:opening.start()])
        out.append(re.sub(r"[^\n]", " ", text[opening.start():closing.end()]))
        at = closing.end()
    out.append(text[at:])
    return "".join(out)


class CountRule(NamedTuple):
    """Which notes may count a report: the vetting of docs/gitlab.md."""

    authors: frozenset[int] = frozenset()
    """The GitLab user ids of the Help Desk's own accounts (the allow-list, resolved)."""
    internal: bool = False
    """Internal notes count too (only Reporter and above can write or read them)."""

    def allows(self, author_id: object, internal: object) -> bool:
        """Whether a note by ``author_id`` (internal or not) is vetted; anything that is
        not a plain int id or a plain True is not."""
        if self.internal and internal is True:
            return True
        return isinstance(author_id, int) and not isinstance(author_id, bool) and \
            author_id in self.authors


class IssueLink(NamedTuple):
    """A report linked to an issue, as cached locally."""

    iid: int
    reference: str
    received: date
    outside: bool = False
    """Only an account outside the Help Desk cites it (``NoteLink.outside``). Such a link
    counts for a report this mailbox holds, dated by the report; one to an ID the mailbox
    never received is said, not counted: nothing dates it but the note of an account
    anyone can make up IDs in (walk24: five made-up IDs topped hot topics "this week";
    docs/insight.md, "Session 24: numbers a member can trust")."""


class ReportCount(NamedTuple):
    """How many reports are linked to one issue: in total and in the last seven days."""

    total: int = 0
    this_week: int = 0
    likely: int | None = None
    """Reports in the queue that match the issue confidently and are not linked yet, when
    they have been counted (docs/insight.md); ``this_week`` then counts them too."""
    pending: int = 0
    """Links kept in the outbox, not on GitLab yet (docs/gitlab-writes.md): not counted in
    ``total``."""
    counting: bool = False
    """The queue's reports are still being counted (a first read's count, or one after
    new mail): the likely reports, and this week's, are of those counted so far
    (docs/insight.md, "Counts while the queue is counted")."""
    failed: bool = False
    """The last count of the queue failed and none runs: the likely reports are of those
    counted before it failed."""
    unread: bool = False
    """The issue's links on the tracker were not read since it last changed (another
    member's links may be missing from ``total``: docs/gitlab.md, "Links other members
    made")."""
    left_out: int = 0
    """Links of accounts outside the Help Desk not counted (``notes_links``)."""
    notes: str = ""
    """What the numbers hold that anyone could send, in the words of ``hdtui stats``
    (``IssueStats.caveats``: `` (8 reports, 5 users; 5 of them unencrypted)``), "" when
    nothing or not counted (docs/insight.md, "Session 23: the TUI shows what the numbers
    are made of")."""

    @property
    def label(self) -> str:
        """``14 reports, 5 this week``, or ``4 linked, 9 likely, 5 this week`` and its
        ``notes``; with ``, 1 link pending`` while links wait in the outbox, ``·
        counting the queue, so far`` while the queue's reports are still being counted,
        ``· the queue's count failed, so far`` once a count failed, and ``· links not
        read`` while the issue's links on the tracker are not read since it changed."""
        waiting = ""
        if self.pending:
            waiting = f", {self.pending} link{'' if self.pending == 1 else 's'} pending"
        if self.counting:
            waiting += " · counting the queue, so far"
        elif self.failed:
            waiting += " · the queue's count failed, so far"
        if self.unread:
            waiting += f" · {LINKS_NOT_READ}"
        if self.left_out:
            waiting += f" · {left_out_said(self.left_out)}"
        if self.likely is not None:
            return (f"{self.total} linked, {self.likely} likely, {self.this_week} this week"
                    f"{self.notes}{waiting}")
        noun = "report" if self.total == 1 else "reports"
        return f"{self.total} {noun}, {self.this_week} this week{waiting}"


def left_out_said(left_out: int) -> str:
    """``3 links of accounts outside the Help Desk not counted`` (``notes_links``)."""
    return (f"{left_out} link{'' if left_out == 1 else 's'} of accounts outside the Help "
            "Desk not counted")


def count_reports(links: Iterable[IssueLink], today: date) -> dict[int, ReportCount]:
    """Count distinct references per issue, and those received in the last seven days."""
    week_start = today - timedelta(days=WEEK_DAYS - 1)
    seen: dict[int, dict[str, date]] = {}
    for link in links:
        per_issue = seen.setdefault(link.iid, {})
        # The same report linked twice (two members at once) counts once, at its earliest date.
        known = per_issue.get(link.reference)
        if known is None or link.received < known:
            per_issue[link.reference] = link.received
    return {
        iid: ReportCount(len(refs), sum(1 for d in refs.values() if week_start <= d <= today))
        for iid, refs in seen.items()
    }


def not_read_said(iids: Iterable[int], why: str) -> str:
    """``links not read: #19113, #13576 (why)``: the issues whose counts may lack links
    other members made, for stats and hot topics; "" when none."""
    wanted = sorted(set(iids))
    if not wanted:
        return ""
    named = ", ".join(f"#{iid}" for iid in wanted[:SAID_ISSUES])
    more = f" and {len(wanted) - SAID_ISSUES} more" if len(wanted) > SAID_ISSUES else ""
    reason = f" ({why.rstrip('.')})" if why else ""
    return f"{LINKS_NOT_READ}: {named}{more}{reason}: their linked counts may miss links"
