"""Provides Actions: what a member does with a report, beyond marking it.

Reply, forward to a team, raise to the Foundations Team with [FT], link to a known issue,
create an issue, alert a team over XMPP, record the reproduce checklist and the outcome.
Every write goes through ``Triage.ensure_writable`` first, so a read-only skim refuses
it here, whatever the UI shows. Blocking: the UI calls it from worker threads.

Nothing is lost when something fails: a draft that could not be sent is kept in the
local store (``drafts``) and the error says what happened; a message sent but not copied
to Sent, or sent but not marked, says exactly that in ``SendReport.problems``.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from hdtui.domain.address import is_own_address, parse_address
from hdtui.domain.alert import issue_alert
from hdtui.domain.answered import (
    CONFLICTS,
    SENT_FIELDS,
    DoneBefore,
    SentCopy,
    copy_from_header,
    done_before,
    sent_kind,
)
from hdtui.domain.compose import (
    ComposeError,
    Draft,
    DraftKind,
    content_bytes,
    forward_draft,
    ft_draft,
    reply_draft,
    to_message,
)
from hdtui.domain.followups import ActKind
from hdtui.domain.forward import forward_context, forward_problem
from hdtui.domain.gitlab_write import (
    GitLabWrite,
    PendingWrite,
    WriteKind,
    WriteState,
    issue_marker,
    issue_problem,
    note_problem,
    with_marker,
)
from hdtui.domain.handoff import OUTCOME, REPRODUCE
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount, reference_for
from hdtui.domain.marks import Mark
from hdtui.domain.openpgp import (
    KeyBlock,
    KeyDetails,
    KeyInspection,
    best_uid,
    check_key,
    entry_key_blocks,
    is_key_attachment,
    normal_fingerprint,
    unique_blocks,
)
from hdtui.domain.placeholders import unfilled, unfilled_message
from hdtui.domain.process import Outcome, ReproduceState, reproduction_line
from hdtui.domain.queue import Entry, Row
from hdtui.domain.reply import ReplyTemplate, render, reply_from_issue
from hdtui.domain.team_mail import plain_reply, report_ids, report_ids_note
from hdtui.errors import (
    AnsweredMeanwhile,
    ConfigError,
    CryptoError,
    HdtuiError,
    ReadOnlyError,
    SendError,
    SourceError,
    TrackerError,
    TrackerRefused,
    TrackerUnreachable,
    WriteKept,
)
from hdtui.mime import key_attachments
from hdtui.services.ports import Encryptor, LinkedTracker, Mailer, Notifier, SentItem, Team
from hdtui.services.triage import Triage

if TYPE_CHECKING:  # the issue draft and its redaction (large patterns) are imported when
    # a draft is first made (docs/benchmarks.md, "Warm start imports")
    from hdtui.domain.insight.clusters import Cluster
    from hdtui.domain.issue_draft import IssueDraft
    from hdtui.domain.link_outcome import LinkOutcome
    from hdtui.services.moderation import Moderator
    from hdtui.services.shift import Shift

MARK_FOR = {DraftKind.REPLY: Mark.REPLIED, DraftKind.FORWARD: Mark.FORWARDED,
            DraftKind.FT: Mark.ESCALATED}
ACT_FOR = {DraftKind.REPLY: ActKind.REPLY, DraftKind.FORWARD: ActKind.FORWARD,
           DraftKind.FT: ActKind.FT}
"""What a sent draft was, for follow-ups (docs/followups.md)."""
KIND_NOUN = {DraftKind.REPLY: "reply", DraftKind.FORWARD: "forward", DraftKind.FT: "[FT] message"}
"""What a sent draft is called in what the member is told."""


@dataclass(frozen=True, slots=True)
class SendReport:
    """What sending a draft did."""

    message_id: str
    accepted: tuple[str, ...]
    problems: tuple[str, ...] = ()
    """What did not happen although the message left (Sent copy, mark, refusals)."""


def reply_values(entry: Entry) -> dict[str, str]:
    """The placeholder values a reply can take from a message."""
    values = {"subject": entry.message.subject, "name_greeting": ""}
    if entry.report_id:
        values["report_id"] = entry.report_id
    if entry.version:
        values["version"] = entry.version
    return values


def received_day(entry: Entry) -> date:
    """The UTC day a message was received, as link notes write it (docs/gitlab.md, "What
    one note can add"): not the day of its Date header's own time zone, which can be the
    day after the note's (a report of 00:30 +0100 linked at 23:35 UTC the evening before);
    a Date without a zone is read as UTC; none: today."""
    moment = entry.message.date or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).date()


def reference_of(entry: Entry) -> str:
    """How GitLab cites a message: wb://ID for a report, an opaque hash for mail."""
    received = entry.message.date or datetime.now(UTC)
    return reference_for(entry.report_id, entry.message.message_id, entry.key,
                         received.date())


KEPT_WORDS = {WriteKind.LINK: "link", WriteKind.UNLINK: "link's removal",
              WriteKind.NOTE: "note's text", WriteKind.ISSUE: "new issue's text"}
"""What a refused write kept in the outbox is called."""
DOWN_SECONDS = 10.0
"""Seconds after GitLab could not be reached during which new writes wait without a try."""
ISSUE_LOOKBACK = 86400.0
"""Seconds before a kept issue was asked for that a retry looks for it on GitLab."""


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """What replaying the GitLab writes kept in the outbox did."""

    done: tuple[str, ...] = ()
    """The writes made now, one line each."""
    problems: tuple[str, ...] = ()
    """What GitLab refused (kept, marked refused), and links of a new issue not made."""
    waiting: int = 0
    """Writes still waiting for GitLab."""
    next_try: float | None = None
    """When the next of them is due (seconds since the epoch)."""
    unreachable: bool = False
    """GitLab could not be reached during this replay."""


def _kept_message(write: PendingWrite, why: str) -> str:
    return (f"GitLab unreachable: kept in the outbox, will retry. The "
            f"{write.line().split('  ', 1)[1].rsplit('  [', 1)[0]} waits in the outbox "
            f"(ctrl+o; r there retries now). {why}")


class Actions:
    """The Help Desk's actions on the messages of one Triage."""

    def __init__(self, triage: Triage, mailer: Mailer, encryptor: Encryptor,
                 tracker: LinkedTracker | None, notifier: Notifier | None,
                 from_address: str, bugs_list: str, teams: Sequence[Team] = (),
                 sent_folder: str = "Sent",
                 demo_log: Callable[[], Sequence[SentItem]] | None = None,
                 config_file: str = "the config file", helpdesk_key: str = "") -> None:
        self.triage = triage
        self.mailer = mailer
        self.encryptor = encryptor
        self.tracker = tracker
        self.notifier = notifier
        self.from_address = from_address
        self.bugs_list = bugs_list
        self.teams = list(teams)
        self.sent_folder = sent_folder
        self.demo_log = demo_log
        """In the demo: what would have left (the local outbox and alert log)."""
        self.config_file = config_file
        """Where the configuration is read from, to say where a missing setting goes."""
        self.helpdesk_key = helpdesk_key
        self.send_problem = ""
        """Why nothing can be sent (SMTP not set up, or set up wrong), or "": the wiring
        sets it, and the editor says it before the member tries (docs/config.md)."""
        self.moderator: Moderator | None = None
        """List moderation by mail (docs/moderation.md), when the wiring set it up."""
        self.shift: Shift | None = None
        """Follow-ups and the team folder (docs/followups.md, docs/shift.md): what is sent
        is remembered for follow-ups, outcomes and reproduce results are shared."""
        self.shared_problems: list[str] = []
        """What could not be shared with the team (an outcome, a result), for the UI."""
        self.on_kept: Callable[[PendingWrite], None] | None = None
        """Called (from the worker thread) whenever a GitLab write is kept in the outbox."""
        self._down_until = 0.0
        """Until then (time.monotonic()) GitLab counts as down: it just failed, so a new
        write queues behind the waiting ones without another try (a bulk link)."""
        self._replaying = threading.RLock()
        """One replay of the GitLab writes at a time, and new writes after it (order)."""
        """[gpg] helpdesk_key: the Help Desk key every encrypted reply is also encrypted
        to; "" uses the key that decrypted the report (docs/encryption.md)."""

    def _entry(self, key: str) -> Entry:
        entry = self.triage.full(key)
        if entry is None:
            raise SourceError("This message is no longer in the queue (reload with f5).")
        return entry

    def team(self, name: str) -> Team:
        """A team of the config by name (case-insensitive)."""
        for team in self.teams:
            if team.name.lower() == name.lower():
                return team
        known = ", ".join(t.name for t in self.teams) or "none: add [[teams]] to the config"
        raise ComposeError(f"No team named {name!r} (teams: {known}).")

    def _sender(self) -> str:
        if not self.from_address:
            raise ConfigError(
                "hdtui does not know the Help Desk's address to write from: set "
                f"from_address in the [smtp] section of {self.config_file}, e.g. "
                'from_address = "Tails Help Desk <support@tails.net>".', "No sending address")
        return self.from_address

    @property
    def own_addresses(self) -> tuple[str, ...]:
        """The Help Desk's own addresses (``Triage.own_addresses``: ``[queue]
        helpdesk_addresses`` and ``[smtp] from_address``): a reply never goes to them."""
        return self.triage.own_addresses

    # -- drafts -------------------------------------------------------------------------

    def _encrypted(self, draft: Draft, entry: Entry, query: str | None) -> Draft:
        """The draft encrypted to the user's key when the keyring has it (the lookup never
        imports), and then to the Help Desk key as well."""
        if not query:
            return draft
        found = self.encryptor.key_for(query)
        if not found.found or not found.fingerprint:
            return draft
        uid = best_uid(KeyDetails(str(found.fingerprint), tuple(found.uids)), draft.to)
        return self._with_helpdesk(replace(draft, encrypt_to=str(found.fingerprint),
                                           encrypt_uid=uid), entry.decrypted_by)

    def _with_helpdesk(self, draft: Draft, decrypted_by: str | None) -> Draft:
        """An encrypted draft also encrypted to the Help Desk key: [gpg] helpdesk_key, else
        the key that decrypted the message; a note says when there is none."""
        configured = self.helpdesk_key.strip()
        wanted = normal_fingerprint(configured) if configured else decrypted_by
        where = (f"[gpg] helpdesk_key in {self.config_file}" if configured
                 else "the key that decrypted this report")
        problem = ""
        if configured and wanted is None:
            problem = (f"[gpg] helpdesk_key {configured!r} in {self.config_file} is not a "
                       "whole OpenPGP fingerprint")
        elif wanted is None:
            problem = ("no Help Desk key is known for this message (it was not decrypted "
                       f"by one): set [gpg] helpdesk_key in {self.config_file}")
        else:
            found = self.encryptor.key_for(wanted)
            if not found.found:
                problem = f"the Help Desk key {wanted} ({where}) cannot be used: {found.reason}"
        if problem:
            note = f"Not encrypted to the Help Desk: {problem}. The copy in Sent will be " \
                   "readable only by the user."
            return replace(draft, helpdesk_key=None, notes=(*draft.notes, note))
        return replace(draft, helpdesk_key=wanted)

    def reply(self, key: str, template: ReplyTemplate,
              extra: Mapping[str, str] | None = None) -> tuple[Draft, tuple[str, ...]]:
        """A reply to the message's contact address, filled from a standard reply;
        returns the draft and the placeholders nothing could fill."""
        entry = self._entry(key)
        template, warnings = self.current_template(template)
        rendered = render(template, {**reply_values(entry), **(extra or {})})
        user_key = None
        if entry.report is not None:
            user_key = entry.report.key_block or entry.report.openpgp_key
        if user_key is None:  # a key pasted in a mail: used once it is in the keyring
            user_key = next((b.text for b in entry_key_blocks(entry) if b.usable), None)
        draft = self._encrypted(reply_draft(entry, rendered, self._sender(),
                                            own=self.own_addresses), entry, user_key)
        if warnings:
            draft = replace(draft, notes=(*draft.notes, *warnings))
        return draft, tuple(rendered.missing)

    def plain_reply(self, key: str) -> Draft:
        """A reply to a team's mail: its sender (Reply-To, else From), its text quoted, no
        standard reply (those are written for users: docs/team-mail.md)."""
        entry = self._entry(key)
        return reply_draft(entry, plain_reply(entry), self._sender(), own=self.own_addresses)

    def current_template(self, template: ReplyTemplate
                         ) -> tuple[ReplyTemplate, tuple[str, ...]]:
        """A reply taken from a GitLab issue, as the issue's description says it *now*
        (fetched again), with what the draft should say about it: only the cached
        description could be used, or the issue is not vetted (now) by Help Desk
        (docs/replies.md). ComposeError when it has become confidential."""
        if not template.source.startswith("issue #") or self.tracker is None:
            return template, ()
        try:
            iid = int(template.source.removeprefix("issue #"))
            issue = self.tracker.issue(iid)
        except (ValueError, TrackerError) as error:
            why = error.message if isinstance(error, HdtuiError) else str(error)
            return template, (f"The issue could not be fetched again ({why}): this reply is "
                              "from the cached description.",)
        if issue.confidential:  # made confidential since: its text is for members only
            raise ComposeError(f"{issue.ref} is confidential now: its text and title are not "
                               "sent to a user. Choose another reply.")
        from hdtui.domain.reply_choice import TRUSTED  # not on the start path (matching)

        unvetted = (self.triage.vetting or TRUSTED).warning(issue)
        warnings = (unvetted,) if unvetted else ()
        fresh = reply_from_issue(issue.iid, issue.title, issue.web_url, issue.description)
        if fresh is None:
            return template, (f"{issue.ref} no longer has a Standard reply, Workaround or We "
                              "need your feedback section: this reply is from the cached "
                              "description.", *warnings)
        return fresh, warnings

    # -- users' keys pasted in the message (docs/encryption.md) ------------------------

    def key_blocks(self, draft: Draft) -> tuple[KeyBlock, ...]:
        """The public key blocks the message a reply answers carries: pasted in the report
        or the mail, or attached (.asc, application/pgp-keys). Reads, never imports."""
        if draft.kind is not DraftKind.REPLY or not draft.report_key:
            return ()
        entry = self.triage.full(draft.report_key)
        if entry is None:
            return ()
        found = list(entry_key_blocks(entry))
        if any(is_key_attachment(a.filename, a.content_type)
               for a in entry.message.attachments):
            found += key_attachments(self.triage.source.read(draft.report_key))
        return unique_blocks(found)

    def inspect_keys(self, block: KeyBlock) -> KeyInspection:
        """What a key block holds, as gpg reads it (nothing is imported)."""
        return self.encryptor.inspect_keys(block)

    def import_key(self, block: KeyBlock, fingerprint: str, draft: Draft) -> Draft:
        """Import one key of a pasted block (the member said yes) and return the draft
        encrypted to it, and to the Help Desk key. Refuses a key a reply cannot be
        encrypted to (CryptoError); the draft itself is never lost."""
        inspection = self.encryptor.inspect_keys(block)
        if inspection.error:
            raise CryptoError(inspection.error, "Key not imported")
        key = next((k for k in inspection.keys if k.fingerprint == fingerprint), None)
        if key is None:
            raise CryptoError(f"The key {fingerprint} is not in the block {block.where}.",
                              "Key not imported")
        check = check_key(key, draft.to, datetime.now(UTC))
        if not check.usable:
            raise CryptoError(check.refusal, "Key not imported")
        self.encryptor.import_key(block, key.fingerprint)
        entry = self.triage.full(draft.report_key) if draft.report_key else None
        encrypted = replace(draft, encrypt_to=key.fingerprint,
                            encrypt_uid=best_uid(key, draft.to), helpdesk_key=None,
                            notes=tuple(n for n in draft.notes
                                        if not n.startswith("Not encrypted to the Help")))
        return self._with_helpdesk(encrypted, entry.decrypted_by if entry else None)

    def forward(self, key: str, team: str, context: str) -> Draft:
        """A forward of the original, unchanged, to a team, with a context block on top."""
        original = self.triage.source.read(key)
        return forward_draft(self.team(team), original, context, report_key=key)

    def ft(self, key: str, body: str) -> Draft:
        """A reply on the bugs list with [FT] in the subject; warns when done before."""
        entry = self._entry(key)
        message = entry.message
        draft = ft_draft(self.bugs_list, message.subject, message.message_id, body,
                         references=message.references, report_id=entry.report_id,
                         report_key=key)
        if Mark.ESCALATED in entry.marks:
            draft = replace(draft, notes=(*draft.notes, "This report is already marked "
                                          "escalated: it was raised to the Foundations Team "
                                          "before."))
        return draft

    def keep(self, draft: Draft) -> None:
        """Keep a draft in the local store (a closed editor, a failed send)."""
        self.triage.store.keep_draft(draft)

    def drafts(self) -> list[Draft]:
        """Kept drafts (without the attached original)."""
        return self.triage.store.drafts()

    def kept(self, kind: DraftKind, key: str) -> Draft | None:
        """The kept draft of this kind for a message, if any (attachment read again)."""
        draft = self.triage.store.draft(kind, key)
        if draft is None:
            return None
        if draft.kind is DraftKind.FORWARD:
            draft = replace(draft, attachment=self.triage.source.read(key))
        return draft

    def discard(self, draft: Draft) -> bool:
        """Delete a kept draft (the member chose to); False if it was not kept."""
        return self.triage.store.forget_draft(draft.kind, draft.report_key)

    def _forget(self, draft: Draft) -> None:
        self.discard(draft)

    # -- no double answer (docs/team-mail.md) --------------------------------------------

    def done_before(self, key: str, kind: DraftKind) -> DoneBefore:
        """What was done before about a report that a new ``kind`` would repeat, with when:
        another member's claim, the marks as the server has them now, and the copies in
        Sent (empty when nothing was). Asked before the compose screen opens."""
        if kind not in CONFLICTS or not key:
            return DoneBefore()
        marks, fresh = self.triage.fresh_marks(key)
        # Offline, Sent is not searched either: no second wait for an unreachable server.
        copies = self._sent_copies(key) if fresh or self.demo_log is not None else []
        return done_before(kind, marks, self._other_claimant(key, marks), copies,
                           datetime.now(UTC))

    def _other_claimant(self, key: str, marks: frozenset[Mark]) -> str | None:
        if Mark.CLAIMED not in marks or self.triage.claimed_by_me(key):
            return None
        entry = self.triage.full(key)
        return self.triage.claimant(key, entry.message.message_id if entry else None)

    def _sent_copies(self, key: str) -> list[SentCopy]:
        """What was sent about a report, as Sent keeps it (the demo: its outbox): answers
        to its Message-ID, and messages naming its report ID in their subject. A Sent
        that cannot be read gives none (the marks still warn)."""
        entry = self.triage.full(key)
        if entry is None:
            return []
        teams = [t.address for t in self.teams]
        report_id = entry.report_id or ""
        if self.demo_log is not None:
            return [SentCopy(sent_kind(item.to, self.bugs_list, teams), item.to, item.title,
                             datetime.fromtimestamp(item.when, UTC), "the demo's outbox")
                    for item in self.demo_log()
                    if item.kind == "mail" and report_id and report_id in item.title]
        live = self.triage.live
        if live is None or not self.sent_folder:
            return []
        try:
            found = live.sent_about(self.sent_folder, entry.message.message_id or "",
                                    report_id, SENT_FIELDS)
        except HdtuiError:
            return []
        return [copy_from_header(header, when, self.bugs_list, teams)
                for header, when in found]

    def _recheck(self, draft: Draft, accepted: frozenset[Mark]) -> None:
        """The server's state now, just before sending: what another member or client did
        since the member started (not already accepted) stops the send, the draft kept."""
        if draft.kind not in CONFLICTS or not draft.report_key:
            return
        marks, _ = self.triage.fresh_marks(draft.report_key)
        found = done_before(draft.kind, marks, self._other_claimant(draft.report_key, marks),
                            (), datetime.now(UTC))
        if not found.marks - accepted:
            return
        self.keep(draft)
        found = done_before(draft.kind, marks,
                            self._other_claimant(draft.report_key, marks),
                            self._sent_copies(draft.report_key), datetime.now(UTC))
        raise AnsweredMeanwhile(
            f"Not sent: since you started, {found.text[0].lower()}{found.text[1:]}\n\n"
            "Your draft is kept: the same key opens it again, ctrl+o lists it.",
            found.marks)

    # -- sending ------------------------------------------------------------------------

    def send(self, draft: Draft, accepted: frozenset[Mark] = frozenset()) -> SendReport:
        """Send a draft, save the exact bytes to Sent, set the shared mark.

        Refused in a read-only skim. The report's state is read again from the server
        first: answered meanwhile by another member or client (beyond the ``accepted``
        marks, which the member was warned of) raises AnsweredMeanwhile, nothing sent and
        the draft kept. If nothing left, the draft is kept and the error raised; what
        failed after the message left is listed in the report.
        """
        self.triage.ensure_writable(f"sending a {draft.kind.value}")
        ours = [(field, a) for field, given in (("To", draft.to), ("Cc", draft.cc))
                for a in given if draft.kind is DraftKind.REPLY
                and is_own_address(a, (self._sender(), *self.own_addresses))]
        if ours:  # typed in the editor: a reply never addresses the Help Desk (walk28)
            self.keep(draft)
            field, named = ours[0]
            raise ComposeError(f"Not sent: {field} names {named}, one of the Help Desk's "
                               "own addresses; a reply there would only reach us. Write "
                               "the user's address; the draft is kept.")
        self._recheck(draft, accepted)
        sender = parse_address(self._sender(), "sending address")
        message_id = f"<{secrets.token_hex(12)}@{sender.domain or 'hdtui.invalid'}>"
        try:
            armored = None
            if draft.encrypt_to is not None:
                armored = self.encryptor.encrypt(content_bytes(draft), draft.recipients_keys)
            message = to_message(draft, self._sender(), datetime.now(UTC), message_id,
                                 armored=armored)
            sent = self.mailer.send(message)
        except SendError as error:
            result = getattr(error, "result", None)
            if result is None or not result.accepted:
                self.keep(draft)
                raise
            sent = result  # some recipients got it: say who did not, below
            problems = [error.message]
        except (HdtuiError, ComposeError):
            self.keep(draft)
            raise
        else:
            problems = []
        self._forget(draft)
        problems += self._after_sending(draft, sent.data)
        act = ACT_FOR.get(draft.kind)
        if self.shift is not None and act is not None:  # not the auto-reply's request
            self.shift.record_act(draft.report_key, act, message_id)
        return SendReport(message_id, tuple(sent.accepted), tuple(problems))

    def _after_sending(self, draft: Draft, data: bytes) -> list[str]:
        problems: list[str] = []
        live = self.triage.live
        if live is not None and self.sent_folder:
            # Replies, forwards and [FT] alike: every member and every other mail client
            # sees what went to a user, a team or the bugs list (docs/actions.md).
            try:
                live.append(self.sent_folder, data)
            except HdtuiError as error:
                problems.append(f"The {KIND_NOUN[draft.kind]} was sent but not copied to "
                                f"{self.sent_folder}: {error.message}")
        mark = MARK_FOR[draft.kind]
        try:
            self.triage.add_mark(draft.report_key, mark)
        except HdtuiError as error:
            problems.append(f"The message was sent, but it could not be marked "
                            f"{mark.label}: {error.message}")
        return problems

    # -- the Help Desk process ------------------------------------------------------

    def problem(self, key: str) -> str:
        """What the problem is, in one line, for a forward's context block."""
        return forward_problem(self._entry(key))

    def forward_context(self, key: str, importance: str, workarounds: str) -> str:
        """The context block on top of a forward, with the reproduction result."""
        state = self.reproduce_state(key)
        return forward_context(self._entry(key), importance, workarounds,
                               reproduction_line(state))

    def reproduce_state(self, key: str) -> ReproduceState:
        """The reproduce checklist of a message, as last saved (kept locally)."""
        return self.triage.store.reproduction(key)

    def save_reproduce(self, key: str, state: ReproduceState) -> None:
        """Keep the checklist and its result with the message; refused in a skim."""
        self.triage.ensure_writable("running the reproduce checklist")
        self.triage.store.set_reproduction(key, state)
        if self.shift is not None and state.result is not None:
            self._shared(self.shift.share(REPRODUCE, key, reproduction_line(state)))

    def outcome(self, key: str) -> Outcome | None:
        """The outcome recorded for a message, if any."""
        return self.triage.store.outcome(key)

    def record_outcome(self, key: str, outcome: Outcome) -> Row | None:
        """Record "stop answering" (with its reason, kept locally) or "no reply needed":
        both set the shared $HDNoReply. Returns the message's row as it is now."""
        self.triage.ensure_writable("recording an outcome")
        self.triage.store.set_outcome(key, outcome)
        if self.shift is not None:
            self._shared(self.shift.share(OUTCOME, key, outcome.label))
        mark = outcome.mark
        return self.triage.add_mark(key, mark) if mark is not None else self.triage.row(key)

    def _shared(self, problem: str | None) -> None:
        if problem:
            self.shared_problems.append(f"Kept on this machine only; the other members do "
                                        f"not see it yet: {problem}")

    def take_shared_problems(self) -> list[str]:
        """What could not be shared with the team since last asked, once."""
        problems, self.shared_problems = self.shared_problems, []
        return problems

    def issue_draft(self, keys: Sequence[str], team_mention: str = "",
                    cluster: Cluster | None = None, today: date | None = None) -> IssueDraft:
        """A GitLab issue prefilled from one or several reports, personal data stripped,
        with how often the problem was seen and the reproduction result.

        From a hot-topics ``cluster`` (counted as of the overview's ``today``), the draft
        says why its reports go together and counts its weeks as hot topics does, in
        words true before the issue exists (``cluster_frequency``: no "linked" nor
        "likely"); the reports drafted are linked once the issue is created (docs/insight.md,
        "Session 17")."""
        entries = [self._entry(key) for key in keys]
        dates = sorted(e.message.date.date() for e in entries if e.message.date is not None)
        noun = "report" if len(entries) == 1 else "reports"
        if cluster is not None and cluster.per_week:
            from hdtui.domain.issue_draft import cluster_frequency

            # Every report of the cluster it cites, those before hot topics' weeks too,
            # and their span; the weeks' counts said as the weeks' (fix29a).
            count = cluster_frequency(
                cluster.per_week, today, reports=len(entries),
                first=dates[0] if dates else None, latest=dates[-1] if dates else None,
                earlier=len(set(cluster.earlier) & set(keys)))
            if away := len({*cluster.reports, *cluster.earlier} - set(keys)):
                count += f"; {away} of the group's reports are not in this mailbox"
        else:
            from hdtui.domain.insight.weeks import this_week

            today = today or datetime.now(UTC).date()
            count = (f"{len(entries)} {noun} in the Help Desk queue (linked once created), "
                     f"{this_week(dates, today)} this week")
            if dates:
                count += f" (first {dates[0].isoformat()}, latest {dates[-1].isoformat()})"
        tried = [reproduction_line(self.reproduce_state(key)) for key in keys]
        reproduction = next((line for line in tried if line != "Not tried"), "Not tried")
        from hdtui.domain.issue_draft import issue_draft

        return issue_draft(entries, count, team_mention, reproduction,
                           cluster.signals if cluster is not None else ())

    def existing_issue(self, keys: Sequence[str]) -> tuple[KnownIssue, int] | None:
        """The known issue most of these reports confidently match, and how many do; None
        when fewer than half of them agree on one (a new issue is then the right step).
        Asked before the issue form opens: linking beats a duplicate issue."""
        votes: dict[int, tuple[KnownIssue, int]] = {}
        for key in keys:
            matches = self.triage.suggestions(self._entry(key), limit=1)
            if matches and matches[0].confident:
                issue = matches[0].issue
                votes[issue.iid] = (issue, votes.get(issue.iid, (issue, 0))[1] + 1)
        if not votes:
            return None
        issue, count = max(votes.values(), key=lambda v: (v[1], -v[0].iid))
        return (issue, count) if 2 * count >= len(keys) else None

    # -- known issues ---------------------------------------------------------------------

    def _tracker(self) -> LinkedTracker:
        if self.tracker is None:
            raise TrackerError("No issue tracker that can link or create issues: set "
                               "[tracker] url in the config.")
        return self.tracker

    def link(self, key: str, iid: int) -> bool:
        """Record on GitLab that this message is a report of issue ``iid`` (a note citing
        it, never the sender's address); False if it was linked already. Raises WriteKept
        when GitLab cannot be reached: the link waits in the outbox (docs/gitlab-writes.md)."""
        self.triage.ensure_writable("linking a report to an issue")
        entry = self._entry(key)
        write = self._new_write(WriteKind.LINK, iid, reference=reference_of(entry),
                                received=received_day(entry).isoformat())
        return bool(self._write(write))

    def unlink(self, key: str, iid: int) -> bool:
        """Remove a misplaced link: the note on issue ``iid`` citing this message; False
        if the issue had none. Refused in a read-only skim; kept in the outbox when GitLab
        cannot be reached (WriteKept)."""
        self.triage.ensure_writable("removing a report's link from an issue")
        write = self._new_write(WriteKind.UNLINK, iid, reference=reference_of(self._entry(key)))
        return bool(self._write(write))

    def link_many(self, keys: Sequence[str], iid: int) -> LinkOutcome:
        """Link several reports to one issue (hot topics' "link the likely ones", a new
        issue's reports); says how many notes were written, how many the issue cited
        already, and each report not linked with why (``link_said`` words it once)."""
        from hdtui.domain.link_outcome import KEPT_TO_RETRY, LinkFailure, LinkOutcome

        self.triage.ensure_writable("linking reports to an issue")
        written = already = 0
        failures = []
        for key in keys:
            try:
                if self.link(key, iid):
                    written += 1
                else:
                    already += 1
            except WriteKept:
                failures.append(LinkFailure(self._report_label(key), KEPT_TO_RETRY))
            except HdtuiError as error:
                failures.append(LinkFailure(self._report_label(key), error.message))
        return LinkOutcome(len(keys), written, already, tuple(failures))

    def _report_label(self, key: str) -> str:
        """A report by its ID for a list of links not made (no subject: the list may be
        copied into a ticket), else as ``describe`` says it."""
        row = self.triage.row(key)
        report_id = row.report_id if row is not None else None
        return f"report {report_id}" if report_id and not self.triage.id_disputed(key) \
            else self.triage.describe(key)

    def linked(self, entry: Entry) -> list[int]:
        """The issues this message is already linked to (the local record of links)."""
        if self.tracker is None:
            return []
        try:
            return self.tracker.linked(reference_of(entry))
        except TrackerError:
            return []

    def linked_to(self, key: str) -> list[int]:
        """The issues the message under ``key`` is linked to (the local record)."""
        return self.linked(self._entry(key))

    def issue_changes(self, keys: Sequence[str]) -> dict[str, tuple[int, datetime]]:
        """For follow-ups: each message's linked issue that changed last, and when (the
        local issue cache's ``updated_at``: no request to GitLab)."""
        if self.tracker is None:
            return {}
        try:
            issues = {issue.iid: issue for issue in self.tracker.issues()}
        except TrackerError:
            return {}
        found: dict[str, tuple[int, datetime]] = {}
        for key in keys:
            try:
                iids = self.linked_to(key)
            except HdtuiError:
                continue
            for iid in iids:
                issue = issues.get(iid)
                if issue is None:
                    continue
                try:
                    when = datetime.fromisoformat(issue.updated_at.replace("Z", "+00:00"))
                except ValueError:
                    continue
                when = when if when.tzinfo else when.replace(tzinfo=UTC)
                if key not in found or when > found[key][1]:
                    found[key] = (iid, when)
        return found

    def reference(self, key: str) -> str:
        """How a GitLab note cites this message (``wb://ID`` or ``mail:DATE:HASH``)."""
        return reference_of(self._entry(key))

    def counts(self, iids: Sequence[int]) -> dict[int, ReportCount]:
        """How many reports each issue has, in total and this week (cached briefly), and
        how many links to it wait in the outbox."""
        if self.tracker is None or not iids:
            return {}
        try:
            counts = self._tracker().counts(iids)
        except TrackerError:
            return {}  # counts are a help, not a reason to fail the pane
        pending = self.pending_links()
        return {iid: count._replace(pending=pending.get(iid, 0))
                for iid, count in counts.items()}

    def pending_links(self) -> dict[int, int]:
        """Links per issue kept in the outbox, not on GitLab yet."""
        found: dict[int, int] = {}
        for write in self.triage.store.gitlab_pending():
            if write.kind is WriteKind.LINK:
                found[write.iid] = found.get(write.iid, 0) + 1
        return found

    def create_issue(self, title: str, description: str, labels: Sequence[str],
                     keys: Sequence[str]) -> tuple[KnownIssue, list[str]]:
        """Create an issue, then link the reports to it; returns the issue and what could
        not be linked. Allowed in a read-only skim: it changes nothing in the mailbox and
        sends nothing to users (docs/skim.md). The description carries a hidden token so a
        retry never creates a second issue; when GitLab cannot be reached the issue and
        its links wait in the outbox (WriteKept). An issue still holding the draft's ``TODO:``
        placeholders is refused (`hdtui.domain.placeholders`)."""
        self._tracker()
        if not title.strip():
            raise TrackerError("An issue needs a title; nothing was sent to GitLab.")
        too_big = issue_problem(title, description)
        if too_big:  # refused before sending: nothing is kept to retry
            raise TrackerError(f"{too_big} Nothing was sent to GitLab.", "Issue too long")
        if todo := unfilled_message(unfilled(title, description)):  # both trackers alike
            raise TrackerError(f"{todo} Nothing was sent to GitLab.", "TODO placeholders")
        links: list[tuple[str, str]] = []
        problems: list[str] = []
        for key in keys:
            try:
                entry = self._entry(key)
            except HdtuiError as error:
                problems.append(f"{self.triage.describe(key)}: not linked ({error.message})")
                continue
            links.append((reference_of(entry), received_day(entry).isoformat()))
        write_id = secrets.token_hex(8)
        write = PendingWrite(write_id, WriteKind.ISSUE, 0, time.time(), title=title.strip(),
                             body=with_marker(description, write_id), labels=tuple(labels),
                             links=tuple(links))
        issue, more = self._write(write)
        return issue, problems + more

    def report_ids_note(self, iid: int) -> str:
        """The note answering a team's "reply on the issue with the report IDs": the IDs
        of the reports linked to issue ``iid`` (read again from the tracker when it can
        be reached, else as known locally)."""
        tracker = self._tracker()
        with contextlib.suppress(TrackerError):  # offline: the links known locally
            tracker.refresh_counts([iid])
        ids, mail = report_ids(tracker.links(), iid)
        return report_ids_note(ids, mail)

    def add_note(self, iid: int, body: str) -> None:
        """Write a note on issue ``iid``, and record it for the outbox. Allowed in a
        read-only skim: it reports back to the project (docs/skim.md). Kept in the outbox
        when GitLab cannot be reached (WriteKept)."""
        if not body.strip():
            raise TrackerError("An empty note; nothing was sent to GitLab.")
        if note_problem(body):
            raise TrackerError(f"{note_problem(body)} Nothing was sent to GitLab.",
                               "Note too long")
        self._tracker()
        self._write(self._new_write(WriteKind.NOTE, iid, body=body))

    def gitlab_writes(self) -> list[GitLabWrite]:
        """What this member wrote to GitLab, newest first (the outbox lists them)."""
        return list(reversed(self.triage.store.gitlab_writes()))

    def _wrote(self, iid: int, kind: WriteKind, what: str) -> None:
        """Record a write made to GitLab (never fails the write itself)."""
        # The write is on GitLab; only the outbox's record of it could be missing.
        with contextlib.suppress(HdtuiError):
            self.triage.store.add_gitlab_write(GitLabWrite(time.time(), iid, kind, what))

    # -- GitLab writes kept in the outbox (docs/gitlab-writes.md) -------------------------

    def gitlab_pending(self) -> list[PendingWrite]:
        """GitLab writes not made yet, oldest first: waiting for GitLab, or refused."""
        return self.triage.store.gitlab_pending()

    def drop_gitlab(self, write_id: str) -> bool:
        """Forget a GitLab write not made yet (the member chose to); False if unknown."""
        with self._replaying:
            return self.triage.store.drop_gitlab_pending(write_id)

    def replay_gitlab(self, due_only: bool = True, refused: bool = False) -> ReplayReport:
        """Make the writes kept in the outbox, oldest first, and say what happened.

        ``due_only``: only when the oldest waiting write's retry time has come (the
        timer); False tries now (f5, back online). ``refused``: the writes GitLab refused
        are tried again too (the outbox's retry key). The first write GitLab cannot take
        stops the replay, so the order is kept. Each write is checked on GitLab first, so
        one whose first answer was lost is not made twice. A write a read-only skim does
        not allow waits for a normal shift."""
        done: list[str] = []
        problems: list[str] = []
        unreachable = False
        if self.tracker is None:
            return ReplayReport()
        with self._replaying:
            now = time.time()
            for write in self.triage.store.gitlab_pending():
                if write.state is WriteState.REFUSED and not refused:
                    continue
                if due_only and write.state is WriteState.WAITING and write.next_try > now:
                    break  # the oldest waiting write sets the pace
                try:
                    result = self._try(write, again=True)
                except WriteKept:
                    unreachable = True
                    break
                except ReadOnlyError:
                    continue  # waits for a normal shift
                except HdtuiError as error:
                    problems.append(error.message)
                    continue
                done.append(write.line().rsplit("  [", 1)[0])
                if write.kind is WriteKind.ISSUE:
                    problems += result[1]
            waiting = [w for w in self.triage.store.gitlab_pending()
                       if w.state is WriteState.WAITING]
        return ReplayReport(tuple(done), tuple(problems), len(waiting),
                            min((w.next_try for w in waiting), default=None), unreachable)

    def _new_write(self, kind: WriteKind, iid: int, reference: str = "", received: str = "",
                   body: str = "") -> PendingWrite:
        return PendingWrite(secrets.token_hex(8), kind, iid, time.time(), reference=reference,
                            received=received, body=body)

    def _write(self, write: PendingWrite) -> Any:
        """Make a new write, after the ones waiting before it; kept in the outbox (raises
        WriteKept) when GitLab cannot take it now."""
        with self._replaying:
            recent = time.monotonic() < self._down_until and any(
                w.state is WriteState.WAITING for w in self.triage.store.gitlab_pending())
            if recent or self.replay_gitlab(due_only=False).unreachable:
                # Earlier writes still wait: this one waits behind them, in order.
                self._keep(replace(
                    write, error="waits for the earlier writes GitLab could not take",
                    next_try=time.time()))
                raise WriteKept(_kept_message(write, "GitLab is still unreachable"))
            return self._try(write, again=False)

    def _keep(self, write: PendingWrite) -> None:
        """Keep a write in the outbox (new, or after another failed attempt), and tell the
        UI (``on_kept``: its status line and its retry timer)."""
        self.triage.store.keep_gitlab_pending(write)
        if self.on_kept is not None:
            self.on_kept(write)

    def _try(self, write: PendingWrite, again: bool) -> Any:
        """One attempt at a write; ``again`` when it is kept in the outbox (then checked on
        GitLab first, and forgotten once made)."""
        store = self.triage.store
        try:
            result = self._make(write, again)
        except TrackerUnreachable as error:
            self._down_until = time.monotonic() + DOWN_SECONDS
            self._keep(write.failed(WriteState.WAITING, error.message, time.time()))
            raise WriteKept(_kept_message(write, error.message)) from error
        except (WriteKept, ReadOnlyError):
            raise
        except TrackerError as error:
            if not again and not isinstance(error, TrackerRefused):
                raise  # nothing was asked of GitLab (an empty note, a bad reference)
            self._keep(write.failed(WriteState.REFUSED, error.message, time.time()))
            raise TrackerRefused(
                f"{error.message} Nothing is lost: the {KEPT_WORDS[write.kind]} is kept in the "
                "outbox (ctrl+o) to copy, retry (r) or drop (x).", error.title) from error
        if again:
            store.drop_gitlab_pending(write.id)
        return result

    def _make(self, write: PendingWrite, again: bool) -> Any:
        tracker = self._tracker()
        if write.kind is WriteKind.LINK:
            added = tracker.link(write.iid, write.reference, date.fromisoformat(write.received))
            if added:
                self._wrote(write.iid, WriteKind.LINK, write.reference)
            return added
        if write.kind is WriteKind.UNLINK:
            removed = tracker.unlink(write.iid, write.reference)
            if removed:
                self._wrote(write.iid, WriteKind.UNLINK, write.reference)
            return removed
        if write.kind is WriteKind.NOTE:
            if again and tracker.has_note(write.iid, write.body):
                return None  # the first attempt reached GitLab; its answer was lost
            tracker.add_note(write.iid, write.body)
            first = next((line for line in write.body.splitlines() if line.strip()), "")
            self._wrote(write.iid, WriteKind.NOTE, first)
            return None
        issue = None
        if again:
            since = datetime.fromtimestamp(write.when - ISSUE_LOOKBACK, UTC)
            issue = tracker.find_created(issue_marker(write.id), since)
        if issue is None:
            issue = tracker.create_issue(write.title, write.body, write.labels)
        self.triage.issue_created()  # in the known issues at once, not after a restart
        self._wrote(issue.iid, WriteKind.ISSUE, write.title)
        return issue, self._link_all(issue.iid, write.links)

    def _link_all(self, iid: int, links: Sequence[tuple[str, str]]) -> list[str]:
        """Link reports to a new issue; a link GitLab cannot take waits in the outbox."""
        problems: list[str] = []
        down = False
        for reference, received in links:
            write = self._new_write(WriteKind.LINK, iid, reference=reference,
                                    received=received)
            if down:  # GitLab went away: the others wait without a try each
                self._keep(replace(write, error="GitLab was unreachable",
                                   next_try=time.time()))
                problems.append(f"{reference}: not linked yet (kept in the outbox, will retry)")
                continue
            try:
                self._try(write, again=False)
            except WriteKept:
                down = True
                problems.append(f"{reference}: not linked yet (kept in the outbox, will retry)")
            except HdtuiError as error:
                problems.append(f"{reference}: not linked ({error.message})")
        return problems

    def alert(self, team: str, issue: KnownIssue, count: ReportCount | None,
              key: str | None = None, weak_for: str = "") -> str:
        """Alert a team over XMPP about an issue with its counts; returns the text sent.
        Allowed in a read-only skim (docs/skim.md). Asking a team is an act: it is
        remembered about the report ``key`` (the local store only), so the team's mail
        naming the issue or the report comes due as a follow-up (docs/followups.md).
        ``weak_for``: the report whose best match, not a confident one, ``issue`` is
        (``issue_alert`` says so)."""
        return self._alert(team, issue_alert(issue, count, weak_for), key, issue.iid)

    def alert_problem(self, team: str, text: str, key: str | None = None) -> str:
        """Alert a team about a new problem or a regression (hot topics' ``A``), with the
        text ``cluster_alert`` or ``regression_alert`` made and the member saw; remembered
        about its newest report ``key`` as ``alert`` remembers its own."""
        return self._alert(team, text, key, 0)

    def _alert(self, team: str, text: str, key: str | None, iid: int) -> str:
        target = self.team(team)
        if self.notifier is None or not target.xmpp:
            raise ComposeError(f"No XMPP room or address for {target.name}: set [[teams]] "
                               "xmpp and [xmpp] in the config.")
        self.notifier.alert(target.xmpp, text)
        if self.shift is not None and key is not None:
            # The alert left: a local store that cannot take the record must not make it
            # look failed (sent again); the follow-up is what is lost.
            with contextlib.suppress(HdtuiError):
                self.shift.record_act(key, ActKind.TEAM, team=target.name, issue=iid)
        return text
