"""Provides Shift: follow-ups, the shift-start summary, the hand-off note and the records
every member sees, without any UI (docs/followups.md, docs/shift.md).

What must be shared goes where claims go (docs/marks.md, "Who claimed"): small messages
appended to a shared IMAP folder every member reads (``[queue] team_folder``), so no new
server is needed. What is personal (what I did, my reminders) stays in the local store;
a reminder is also written to the team folder so ``hdtui followups`` on another machine of
the same member sees it.

Synchronous and blocking: the UI calls it from thread workers, the CLI directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from hdtui.domain.address import own_addresses
from hdtui.domain.claims import claim_ref
from hdtui.domain.followups import (
    Acted,
    ActKind,
    FollowUp,
    Reminder,
    ThreadMessage,
    bare_id,
    due,
    group_threads,
    thread_members,
    waiting_since,
)
from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite
from hdtui.domain.handoff import (
    HANDOFF,
    OUTCOME,
    RECORD_FIELDS,
    REMINDER,
    REPRODUCE,
    HandoffNote,
    TeamRecord,
    handoff_message,
    latest_by_ref,
    parse_handoff,
    parse_record,
    record_message,
)
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.queue import ENCRYPTED_CODES, KINDS, READING, Row
from hdtui.domain.team_mail import issue_named
from hdtui.errors import ConnectionProblem, HdtuiError, SourceError
from hdtui.services.ports import SharedFolders
from hdtui.services.triage import Triage

DONE = "done"
"""A reminder record's value once its member is done with it."""
LAST_SHIFT = "last-shift-start"
"""The settings entry: when this member's previous shift started (ISO time)."""
HANDOFFS_SHOWN = 3
"""The newest hand-off notes read at the start of a shift."""
THREAD_WINDOW = timedelta(days=60)
"""Follow-ups look at answers to what was done in this window (older acts are done)."""
THREAD_KINDS = frozenset({Kind.SUPPORT, Kind.TEAM, Kind.FT})
"""What answers a message: a person's mail (a report is a new one, unless it names the same
report ID)."""
ANSWERED = frozenset({Mark.REPLIED, Mark.FORWARDED, Mark.NO_REPLY, Mark.ESCALATED})


def no_moderation() -> frozenset[str] | None:
    """No list moderation on this mailbox: the shift-start screen says so."""
    return None


@dataclass(frozen=True, slots=True)
class Count:
    """One line of the shift-start screen: how many, what, and the messages behind it."""

    label: str
    keys: frozenset[str] = frozenset()
    number: int | None = None
    """Shown instead of len(keys) when set (None with no keys: not available)."""
    detail: str = ""

    @property
    def shown(self) -> str:
        if self.number is None and not self.keys and self.detail:
            return self.detail
        number = len(self.keys) if self.number is None else self.number
        return f"{number} {self.label}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True, slots=True)
class ShiftStart:
    """What the shift-start screen shows (the UI adds releases and hot topics)."""

    since: datetime | None
    """When this member's previous shift started (None: the first one)."""
    team_mail: Count
    followups: list[FollowUp]
    arrived: Count
    moderation: Count
    handoffs: list[HandoffNote] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    team_unreached: bool = False
    """The team folder was out of reach and never read this session (offline): its
    hand-off notes are unknown, not none (newcomer29's defect 9)."""


class Shift:
    """The work organisation of one member on one mailbox."""

    def __init__(self, triage: Triage, team_folder: str = "",
                 helpdesk_addresses: Iterable[str] = (),
                 issue_changes: Callable[[Sequence[str]], dict[str, tuple[int, datetime]]]
                 | None = None, folders: SharedFolders | None = None) -> None:
        self.triage = triage
        self.folders: SharedFolders | None = folders or triage.live
        """Where the team folder is: the mailbox's server, or the demo's files."""
        self.team_folder = team_folder if self.folders is not None else ""
        # Read as every judge of "ours" reads them (``address.own_addresses``): email's
        # parseaddr took ``Help Desk [team] <help-desk@…>`` for "help" (review29 #7).
        self.helpdesk = tuple(sorted(own_addresses(helpdesk_addresses)))
        self.issue_changes = issue_changes
        """For follow-ups: report key -> (issue, last change) of the issues they are
        linked to (from the issue cache)."""
        self.moderation_waiting: Callable[[], frozenset[str] | None] = no_moderation
        """The held posts still waiting for a moderator (docs/moderation.md), or None when
        hdtui moderates nothing here; the wiring sets it."""
        self.as_of: Callable[[], datetime] | None = None
        """The demo's clock (``wiring.demo_as_of``; None: the wall clock), its mail being
        fixed in time: ``THREAD_WINDOW`` ends at it (the demo's Help Desk replies of
        October fell out of the window on 2026-12-07 at 17:02: its follow-ups were gone),
        and a previous shift started after it is none (``start``). Reminders keep the wall
        clock: they are set now and come due later."""
        self._server: str | None = None
        self._ready = False
        self._records: list[TeamRecord] = []
        self._team_read = False
        """Whether the team folder was read once this session (its notes are known)."""
        self._memo: dict[tuple[str, int], ThreadMessage] = {}
        """What threading read of each message (by key and size): read once."""
        self.started = datetime.now(UTC)
        triage.waiting_for_users = self.waiting_stamps
        self.handed_off = False
        """This session wrote a hand-off note (quitting does not offer another)."""
        self._previous: tuple[datetime | None] | None = None

    @property
    def member(self) -> str:
        return self.triage.member_name or "me"

    # -- what I did (the local store) ---------------------------------------------------

    def record_act(self, key: str, kind: ActKind, sent_id: str = "", team: str = "",
                   issue: int = 0) -> None:
        """Remember something this member did about a report (follow-ups, hand-off): a
        mail sent (``sent_id``), or a team alerted about an issue (``team``, ``issue``)."""
        row = self.triage.row(key)
        message_id = ""
        try:
            entry = self.triage.full(key)
            message_id = bare_id(entry.message.message_id) if entry is not None else ""
        except HdtuiError:
            pass
        self.triage.store.add_acted(Acted(
            key, kind, datetime.now(UTC), (row.report_id or "") if row else "", message_id,
            bare_id(sent_id), row.described if row is not None else "", team, issue))

    def acted(self) -> list[Acted]:
        """What this member did (the store), and on a local mailbox the Help Desk's own
        mail in it too: its marks are all the member's (docs/followups.md)."""
        found = list(self.triage.store.acted())
        if self.triage.live is None and self.helpdesk:
            for message in self._messages():
                if message.sender in self.helpdesk and message.kind is not Kind.TEAM:
                    when = datetime.fromtimestamp(message.stamp, UTC)
                    found.append(Acted(message.key, ActKind.REPLY, when, message.report_id,
                                       message.message_id, message.message_id,
                                       message.summary))
        return found

    # -- threads and follow-ups ---------------------------------------------------------

    def _messages(self, since: float = 0.0) -> list[ThreadMessage]:
        """The queue's messages since ``since`` as threading needs them (Message-IDs from
        the cache: one read per message)."""
        rows = self.triage.rows()  # chosen by the columns: a Row made for those alone
        stamps, kinds, decrypt = rows.columns.stamp, rows.columns.kind, rows.columns.decrypt
        system = KINDS.index(Kind.SYSTEM)
        return [self._thread_message(row) for row in rows.where(
            lambda p: stamps[p] >= since and decrypt[p] != READING and kinds[p] != system)]

    def _thread_message(self, row: Row) -> ThreadMessage:
        known = self._memo.get((row.key, row.size))
        if known is not None:
            return known
        try:  # the cache alone: threading never reads (or decrypts) the mailbox
            entry = self.triage.cached(row.key)
        except HdtuiError:
            entry = None
        if entry is None:  # not read yet: its report ID only, and not kept
            return ThreadMessage(row.key, row.stamp, row.kind, row.report_id or "",
                                 summary=row.described)
        message = entry.message
        message_id = bare_id(message.message_id)
        refs = tuple(r for r in (bare_id(message.in_reply_to),
                                 *(bare_id(x) for x in message.references)) if r)
        sender = str(message.sender_address).lower()
        # A team's mail may answer an alert about an issue by naming it (docs/followups.md).
        issue = (issue_named(str(message.subject), message.text) or 0) \
            if row.kind is Kind.TEAM else 0
        # A report ID claimed without encryption next to an encrypted twin threads with
        # nothing (docs/encryption.md, "A report ID claimed without encryption").
        report_id = "" if entry.id_disputed else row.report_id or ""
        found = self._memo[(row.key, row.size)] = ThreadMessage(
            row.key, row.stamp, row.kind, report_id, message_id, refs, sender,
            row.described, issue)
        return found

    def followups(self, now: datetime | None = None) -> list[FollowUp]:
        """What came due for this member, newest first."""
        now = now or datetime.now(UTC)
        window_end = self.as_of() if self.as_of is not None else now
        acted = [a for a in self.acted()
                 if a.when >= min(now, window_end) - THREAD_WINDOW]
        # The messages since a while before the first act: what it answered names the
        # thread (a reply is seldom sent weeks after the question).
        first = min((a.when for a in acted), default=now) - timedelta(days=14)
        messages = self._messages(first.timestamp()) if acted else []
        known = {m.key for m in messages}
        messages += [self._thread_message(row) for a in acted
                     if a.key not in known and (row := self.triage.row(a.key)) is not None]
        changes = self.issue_changes([a.key for a in acted]) if (
            self.issue_changes and acted) else {}
        return due(acted, messages, self.reminders(), now, self.helpdesk, changes)

    def thread(self, key: str) -> list[ThreadMessage]:
        """The messages of ``key``'s thread, oldest first (the report pane)."""
        row = self.triage.row(key)
        if row is None:
            return []
        # Answers come after what they answer, within the follow-up window: the messages
        # people wrote since a day before it (a report's ID, or its Message-ID, links them).
        until = row.stamp + THREAD_WINDOW.total_seconds()
        rows = self.triage.rows()  # chosen by the columns: a Row made for those alone
        disputed = self.triage.id_disputed(key)
        columns, since = rows.columns, row.stamp - 86400
        wanted = "" if disputed else row.report_id
        kinds = {KINDS.index(kind) for kind in THREAD_KINDS}
        same = columns.positions_of_report_id(wanted or "")  # in C: no ID made a position
        if same and self.triage.encrypted_positions(wanted or ""):
            # An unencrypted report naming an encrypted one's ID may be forged: it is not
            # of its thread (docs/encryption.md); replies (support mail) still are.
            report = KINDS.index(Kind.REPORT)
            same = {p for p in same if columns.kind[p] != report
                    or columns.decrypt[p] in ENCRYPTED_CODES}
        messages = [self._thread_message(r) for r in rows.where(
            lambda p: p in same or (
                columns.kind[p] in kinds and since <= columns.stamp[p] <= until
                and columns.decrypt[p] != READING))]
        if all(m.key != key for m in messages):
            messages.append(self._thread_message(row))
        if disputed:
            messages = [replace(m, report_id="") if m.key == key else m for m in messages]
        sent = {a.sent_id: a.key for a in self.acted() if a.sent_id}
        return thread_members(group_threads(messages, sent), key, messages)

    def waiting(self, key: str) -> datetime | None:
        """Since when this thread waits for the user (None: it does not)."""
        return waiting_since(self.acted(), self.thread(key), self.helpdesk)

    def reminder(self, key: str) -> Reminder | None:
        """This member's reminder on a message, if any."""
        return next((r for r in self.reminders() if r.key == key), None)

    def waiting_stamps(self) -> dict[str, float]:
        """``waiting_keys`` as seconds since the epoch (the queue's state column); a
        failure to read shows none."""
        try:
            return {key: since.timestamp() for key, since in self.waiting_keys().items()}
        except HdtuiError:
            return {}

    def waiting_keys(self) -> dict[str, datetime]:
        """Every message of the queue waiting for its user, with since when (the rows)."""
        acted = [a for a in self.acted() if a.kind is ActKind.REPLY]
        if not acted:
            return {}
        messages = self._messages(min(a.when for a in acted).timestamp() - 86400)
        known = {m.key for m in messages}
        messages += [self._thread_message(row) for a in acted
                     if a.key not in known and (row := self.triage.row(a.key)) is not None]
        sent = {a.sent_id: a.key for a in acted if a.sent_id}
        threads = group_threads(messages, sent)
        found: dict[str, datetime] = {}
        for act in acted:
            members = thread_members(threads, act.key, messages)
            since = waiting_since(acted, members, self.helpdesk)
            if since is not None:
                found.update((m.key, since) for m in members)
        return found

    # -- reminders ----------------------------------------------------------------------

    def remind(self, key: str, delay: timedelta, note: str = "") -> Reminder:
        """Keep a reminder on a message (personal, allowed in a skim like a note); in a
        normal shift it is also written to the team folder. Returns it."""
        row = self.triage.row(key)
        now = datetime.now(UTC)
        reminder = Reminder(key, now + delay, note.strip(), now,
                            (row.report_id or "") if row else "",
                            row.described if row is not None else "")
        self.triage.store.set_reminder(reminder)
        if not self.triage.read_only:
            self._append_record(REMINDER, key, f"{reminder.due.isoformat()} {reminder.note}")
        return reminder

    def forget_reminder(self, key: str) -> bool:
        """Done with a reminder: dropped from the store and, in a normal shift, marked done
        in the team folder. False when the message had none."""
        had = self.triage.store.drop_reminder(key)
        if had and not self.triage.read_only:
            self._append_record(REMINDER, key, DONE)
        return had

    def reminders(self) -> list[Reminder]:
        """This member's reminders: the store's, and those the team folder holds from
        this member's other machines."""
        mine = {r.key: r for r in self.triage.store.reminders()}
        own = [r for r in self._records if r.member == self.member]
        newest = {id(r) for r in latest_by_ref(own, REMINDER).values()}
        for record in own:
            if record.kind != REMINDER or id(record) not in newest or record.value == DONE:
                continue  # an older one, or one its member marked done
            stamp, _, note = record.value.partition(" ")
            try:
                when = datetime.fromisoformat(stamp)
            except ValueError:
                continue
            key = self._key_of(record)
            if key is not None and key not in mine:
                mine[key] = Reminder(key, when, note, record.when, record.ref)
        return sorted(mine.values(), key=lambda r: r.due)

    def _key_of(self, record: TeamRecord) -> str | None:
        refs = set(record.refs()) - {""}  # a row without a report ID names none
        rows = self.triage.rows()
        report_id, keys = rows.columns.report_id, rows.columns.keys
        return next((keys[p] for p in rows.positions if report_id(p) in refs), None)

    # -- the team folder ----------------------------------------------------------------

    def _folder(self, create: bool) -> str:
        live = self.folders
        assert live is not None
        if self._server is None:
            self._server = live.folder_name(self.team_folder)
        if create and not self._ready:
            if not live.has_folder(self._server):
                live.create_folder(self._server)
            self._ready = True
        return self._server

    def read_team(self) -> list[TeamRecord]:
        """Read the team folder's records (one FETCH of a few header fields); a failure
        keeps what was read before and raises."""
        live = self.folders
        if live is None or not self.team_folder:
            return self._records
        found = live.folder_headers(self._folder(create=False), RECORD_FIELDS)
        self._team_read = True
        if found is None:
            self._records = []
            return []
        self._ready = True
        records = (parse_record(header, when, uid)
                   for uid, (header, when) in sorted(found.items()))
        self._records = [r for r in records if r is not None]
        return self._records

    def handoffs(self, limit: int = HANDOFFS_SHOWN) -> list[HandoffNote]:
        """The newest hand-off notes of the team folder, newest first."""
        live = self.folders
        if live is None or not self.team_folder:
            return []
        newest = sorted((r for r in self._records if r.kind == HANDOFF),
                        key=lambda r: r.uid, reverse=True)[:limit]
        if not newest:
            return []
        bodies = live.folder_bodies(self._folder(create=False), [r.uid for r in newest])
        notes = []
        for record in newest:
            raw = bodies.get(record.uid)
            note = parse_handoff(raw, record.when) if raw is not None else None
            if note is not None:
                notes.append(note)
        return notes

    def write_handoff(self, note: HandoffNote) -> None:
        """Append the hand-off note to the team folder; refused in a skim (it is a write
        other members see). Raises SourceError when the folder cannot take it."""
        self.triage.ensure_writable("writing a hand-off note")
        live = self.folders
        if live is None or not self.team_folder:
            raise SourceError(
                "The hand-off note needs the shared team folder on the IMAP server "
                "([queue] team_folder) so every member reads it; this mailbox has none.")
        live.append(self._folder(create=True), handoff_message(note))

    def share(self, kind: str, key: str, value: str) -> str | None:
        """Write an outcome or a reproduce result to the team folder so every member sees
        it; returns what could not be done (None when written or nothing to share to)."""
        return self._append_record(kind, key, value)

    def _append_record(self, kind: str, key: str, value: str) -> str | None:
        live = self.folders
        if live is None or not self.team_folder or self.triage.read_only:
            return None
        row = self.triage.row(key)
        message_id = None
        try:
            entry = self.triage.full(key)
            message_id = entry.message.message_id if entry is not None else None
        except HdtuiError:
            pass
        report_id = row.report_id if row is not None else None
        if not claim_ref(report_id, message_id):
            return "the message has neither a report ID nor a Message-ID"
        now = datetime.now(UTC)
        data = record_message(kind, self.member, report_id, message_id, value, now)
        try:
            live.append(self._folder(create=True), data)
        except SourceError as error:
            return error.message
        record = parse_record(data, now, uid=max((r.uid for r in self._records), default=0)
                              + 1)
        if record is not None:
            self._records.append(record)
        return None

    def shared(self, kind: str, key: str, message_id: str | None = None) -> TeamRecord | None:
        """The newest record of ``kind`` (OUTCOME, REPRODUCE) about a message, by any
        member (kept in memory: no I/O)."""
        row = self.triage.row(key)
        found = latest_by_ref(self._records, kind)
        for ref in (claim_ref(row.report_id if row else None, None),
                    claim_ref(None, message_id)):
            if ref and ref in found:
                return found[ref]
        return None

    def shared_lines(self, key: str, message_id: str | None = None) -> list[str]:
        """What members recorded about a message, one line each (the report view)."""
        lines = []
        for kind, label in ((OUTCOME, "Outcome"), (REPRODUCE, "Reproduce")):
            record = self.shared(kind, key, message_id)
            if record is not None:
                lines.append(f"{label}: {record.said}")
        return lines

    # -- the start of a shift ----------------------------------------------------------

    def last_shift(self) -> datetime | None:
        """When this member's previous shift started (None: the first one), as read the
        first time this session asked (``begin`` then records this shift's start)."""
        if self._previous is None:
            value = self.triage.store.setting(LAST_SHIFT)
            try:
                found = datetime.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                found = None
            self._previous = (found,)
        return self._previous[0]

    def begin(self) -> None:
        """Remember that a shift starts now (the next one counts what arrived since)."""
        self.last_shift()
        self.triage.store.set_setting(LAST_SHIFT, self.started.isoformat())

    def start(self, now: datetime | None = None,
              counting_day: date | None = None) -> ShiftStart:
        """What the shift-start screen shows: team mail not answered, follow-ups due,
        what arrived since my last shift, moderation requests, the newest hand-off notes.
        A first shift, and every shift of the demo (``as_of``: nothing arrives in mail
        fixed in time), counts what arrived "this week" as every count says it
        (``domain.insight.weeks.this_week``): the seven days to ``counting_day``
        (``Insight.counting_day``: today, or the demo's newest report), by default to the
        newest message's day (docs/shift.md)."""
        now = now or datetime.now(UTC)
        since = self.last_shift()
        if since is not None and self.as_of is not None and since >= self.as_of():
            # Mail fixed in time (the demo) has nothing new after a previous shift: each
            # start shows its week, as a first one ("0 arrived since" from the second on).
            since = None
        problems: list[str] = []
        unreached = False
        try:
            self.read_team()
        except SourceError as error:
            if not isinstance(error, ConnectionProblem):
                problems.append(f"The team folder could not be read: {error.message}")
            unreached = not self._team_read
        # By the queue's columns: a Row is made for team mail alone
        # (docs/queue-columns.md).
        rows = self.triage.rows()
        kinds, stamps = rows.columns.kind, rows.columns.stamp
        team = frozenset(r.key for r in rows.where_equal(kinds, KINDS.index(Kind.TEAM))
                         if not r.marks & ANSWERED)
        # The first time: this week, the seven days to the counting day, as hot topics
        # counts it (the same window: its "0 this week" beside "4 arrived in the week up
        # to the newest message" on a mailbox whose newest mail was weeks old).
        from hdtui.domain.insight.weeks import (
            WEEK,  # the counting rules: not before the first frame
        )

        if counting_day is None:
            newest = max(map(stamps.__getitem__, rows.positions), default=now.timestamp())
            counting_day = datetime.fromtimestamp(min(now.timestamp(), newest), UTC).date()
        first = datetime.combine(counting_day - timedelta(days=WEEK - 1), time.min, UTC)
        cut = since.timestamp() if since is not None else first.timestamp()
        end = datetime.combine(counting_day + timedelta(days=1), time.min, UTC).timestamp() \
            if since is None else float("inf")
        system = KINDS.index(Kind.SYSTEM)
        arrived = frozenset(rows.where(
            lambda p: (stamps[p] > cut if since is not None else cut <= stamps[p] < end)
            and kinds[p] != system).each_key())
        waiting = self.moderation_waiting()
        if waiting is None:
            moderation = Count("moderation requests", detail="moderation: not available")
        else:
            moderation = Count("moderation request" + ("" if len(waiting) == 1 else "s") +
                               " waiting", waiting)
        try:
            notes = self.handoffs()
        except SourceError as error:
            notes = []
            problems.append(f"The hand-off notes could not be read: {error.message}")
        return ShiftStart(
            since, Count("from other teams not answered yet", team),
            self.followups(now),
            Count("arrived since your last shift" if since else
                  f"arrived this week (the 7 days to {counting_day.isoformat()})",
                  arrived), moderation, notes, problems, unreached and not notes)

    def this_shift(self) -> list[Acted]:
        """What this member did since this shift started (the hand-off's prefill)."""
        return [a for a in self.triage.store.acted() if a.when >= self.started]

    def wrote_this_shift(self) -> list[GitLabWrite]:
        """What this member wrote to GitLab since this shift started (issues created,
        links and notes), for the hand-off's prefill."""
        since = self.started.timestamp()
        return [w for w in self.triage.store.gitlab_writes() if w.when >= since]

    def still_held(self) -> list[str]:
        """The messages this member still holds a claim on, described in people's words
        (the hand-off's "What is left" and the quit question), claims of earlier shifts
        too. A plain message claiming an encrypted report's ID is named so, not as that
        report: the walk's note said "report a746cb72…" of the forged copy while the real
        report was unclaimed (``Triage.describe``; docs/encryption.md)."""
        return [self.triage.describe(key) for key in self.triage.claims_held()
                if self.triage.row(key) is not None]

    def pending_writes(self) -> list[PendingWrite]:
        """The GitLab writes kept in the outbox, not made yet (the hand-off's "What is
        left")."""
        return self.triage.store.gitlab_pending()

    def recorded_this_shift(self) -> list[str]:
        """The outcomes and reproduce results this member shared during this shift, one
        line each ("stop answering: low priority: report 8c1f…"), for the prefill."""
        lines = []
        for record in self._records:
            if record.kind in (OUTCOME, REPRODUCE) and record.member == self.member and \
                    record.when is not None and record.when >= self.started:
                key = self._key_of(record)
                row = self.triage.row(key) if key is not None else None
                lines.append(f"{record.value}: "
                             f"{row.described if row is not None else record.ref}")
        return lines


__all__ = ["OUTCOME", "REMINDER", "REPRODUCE", "Count", "Shift", "ShiftStart",
           "no_moderation"]
