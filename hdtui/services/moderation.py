"""Provides Moderator: list moderation by email (docs/moderation.md).

A held post is approved or discarded by a confirmation mail to the list's -request
address (``hdtui.domain.moderation.confirmation``). Every confirmation goes through
``Triage.ensure_writable`` first, so a read-only skim refuses it here whatever the UI
shows. A confirmation that could not be sent is kept in the outbox (the kept drafts,
``ctrl+o``), without the password; sent, the notice gets the shared ``$HDReplied`` mark
(and ``\\Answered``), so every member sees a moderator acted. No copy goes to Sent: an
approval carries the moderator password, and Mailman's answer is the record.

The moderator password is read from ``[moderation] password_env`` or ``password_command``
when an approval is sent, used once and forgotten: never in the config file, the store,
a notice or a log. Approvals go only to the lists named in ``[moderation] lists``: a
forged notice cannot make hdtui mail the password anywhere else. Blocking: the UI calls
it from worker threads.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from hdtui.domain.address import parse_address
from hdtui.domain.compose import ComposeError, Draft, DraftKind, to_message
from hdtui.domain.mail import HELD_PREFIX, Kind
from hdtui.domain.marks import Mark
from hdtui.domain.moderation import (
    EXPIRY,
    LIST_NAME_RE,
    NOT_HELD,
    Action,
    Confirmation,
    HeldPost,
    Results,
    Status,
    confirmation,
    read_notice,
    status,
)
from hdtui.domain.queue import KINDS, READING, Entry, Row
from hdtui.errors import ConfigError, HdtuiError, SendError, SourceError
from hdtui.mime import attached_messages
from hdtui.secrets import SecretSource, resolve_secret
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage

_CONFIRM_RE = re.compile(r"(?im)^subject:\s*confirm\s+[0-9a-f]{20,64}\s*$")
"""The header of Mailman's confirmation message (the other attachment of a notice)."""
NO_COPY = ("Copying a held post into the queue needs an IMAP mailbox: this one (a local "
           "mailbox, or the demo's) is read only. Forward the notice's post instead.")
DEFAULT_LISTS = ("tails-dev@boum.org", "tails-testers@boum.org", "tails-l10n@boum.org",
                 "amnesia-news@boum.org")
"""The public Mailman lists the Help Desk moderates (docs/moderation.md)."""
APPROVE_BODY = "Approved: (the moderator password, read when it is sent)\n"
"""A kept approval's body: the password itself is never kept."""
DEMO_PASSWORD = "demo-not-a-password"
"""What the demo's approvals carry: its mail never leaves the machine."""


@dataclass(frozen=True, slots=True)
class ModerationSettings:
    """``[moderation]`` as the services need it."""

    lists: tuple[str, ...] = DEFAULT_LISTS
    """The list addresses approvals may be sent for."""
    password: SecretSource | None = None
    """Where the moderator password comes from; None: approving by mail is off. A
    ``{list}`` in the command is replaced by the list's name (``tails-dev``)."""
    web: str = ""
    """The lists' web address (``https://lists.example.org/mailman``) for the admin page of
    a notice that gives none."""


@dataclass(frozen=True, slots=True)
class ModerationReport:
    """What sending confirmations did."""

    sent: tuple[str, ...] = ()
    """The held posts confirmed, in a few words each."""
    kept: tuple[str, ...] = ()
    """Those kept in the outbox (not sent), each with why."""
    refused: tuple[str, ...] = ()
    """Those not sent and not kept (not a held post, no cookie, a list not configured)."""
    problems: tuple[str, ...] = field(default=())
    """What did not happen although a confirmation left (the mark)."""


def list_mail(triage: Triage) -> Sequence[Row]:
    """The queue's list administration mail (a Row made for those alone)."""
    rows = triage.rows()
    return rows.where_equal(rows.columns.kind, KINDS.index(Kind.LIST_ADMIN))


def newest_message(triage: Triage) -> datetime:
    """The date of the newest message of the queue (now when it is empty): "now" for a
    mailbox fixed in time, the demo's."""
    rows = triage.rows()  # by the columns: no Row made
    stamps = [rows.columns.stamp[p] for p in rows.positions
              if rows.columns.decrypt[p] != READING]
    return datetime.fromtimestamp(max(stamps), UTC) if stamps else datetime.now(UTC)


class Moderator:
    """Approve and discard held posts by mail, and say what Mailman answered."""

    def __init__(self, actions: Actions, settings: ModerationSettings = ModerationSettings(),
                 clock: type[datetime] = datetime) -> None:
        self.actions = actions
        self.settings = settings
        self.clock = clock
        """What a confirmation's Date says (the wall clock)."""
        self.as_of: Callable[[], datetime] | None = None
        """The moment held posts' age and expiry are counted from; None: now. The demo's
        mail is fixed in time, so the wiring sets its newest message's date there
        (``newest_message``), as Insight counts it (docs/moderation.md)."""

    def now(self) -> datetime:
        """The moment held posts are counted from (``as_of``, else the wall clock)."""
        return self.as_of() if self.as_of is not None else self.clock.now(UTC)

    @property
    def demo(self) -> bool:
        """The demo: confirmations go to its local outbox."""
        return self.actions.demo_log is not None

    def held(self, key: str) -> HeldPost:
        """The held post a message announces; SourceError when it is no held-post notice."""
        entry = self.actions.triage.full(key)
        notice = read_notice(entry.message) if entry is not None and \
            entry.kind is Kind.LIST_ADMIN else None
        if not isinstance(notice, HeldPost):
            raise SourceError(NOT_HELD, "Not a held post")
        return notice

    def status(self, entry: Entry, now: datetime | None = None) -> Status | None:
        """What is known of the held post ``entry`` announces: Mailman's answers to its
        cookie in the queue, and whether a member sent a confirmation ($HDReplied); None
        for any other message."""
        notice = read_notice(entry.message) if entry.kind is Kind.LIST_ADMIN else None
        if not isinstance(notice, HeldPost):
            return None
        answers = self.answers(notice.cookie) if notice.cookie else []
        sent = "a confirmation" if Mark.REPLIED in entry.marks else ""
        return status(notice, answers, now or self.now(), sent)

    def waiting(self, now: datetime | None = None) -> list[str]:
        """The held posts still waiting for a moderator, newest first (for a shift's
        start): held-post notices of the last 3 days no member confirmed ($HDReplied),
        read from the queue's rows alone."""
        now = now or self.now()
        since = (now - EXPIRY).timestamp()
        rows = [r for r in list_mail(self.actions.triage)
                if r.summary.startswith(HELD_PREFIX)
                and Mark.REPLIED not in r.marks and r.stamp > since]
        return [r.key for r in sorted(rows, key=lambda r: r.stamp, reverse=True)]

    def answers(self, cookie: str) -> list[Results]:
        """Mailman's "results of your email commands" in the queue about ``cookie``."""
        triage = self.actions.triage
        found: list[Results] = []
        for row in list_mail(triage):
            if not row.summary.startswith("Mailman's"):
                continue
            if cookie[:12] not in row.summary:
                continue
            entry = triage.full(row.key)
            notice = read_notice(entry.message) if entry is not None else None
            if isinstance(notice, Results) and notice.cookie == cookie:
                found.append(notice)
        return found

    def confirmation(self, key: str, action: Action) -> Confirmation:
        """The confirmation for one notice, checked: refused (HdtuiError) in a skim, for a
        notice without cookie, and, for an approval, when the list is not configured or no
        password source is."""
        self.actions.triage.ensure_writable(f"{action.value} a held post")
        post = self.held(key)
        try:
            found = confirmation(post, action)
        except ValueError as error:
            raise SourceError(str(error), "No cookie") from error
        if action is Action.APPROVE:
            self._check_approval(post)
        return found

    def known(self, list_address: str) -> bool:
        """Whether a list is one of [moderation] lists."""
        return list_address.lower() in {a.lower() for a in self.settings.lists}

    def _check_approval(self, post: HeldPost) -> None:
        if not self.known(post.list_address):
            raise ConfigError(
                f"{post.list_address} is not in [moderation] lists of "
                f"{self.actions.config_file}: hdtui sends the moderator password only to the "
                "lists named there (a notice can be forged). Add the list, or approve it on "
                "its web page.", "Approval refused")
        if self.settings.password is None and not self.demo:
            raise ConfigError(
                "Approving by mail needs the moderator password: set [moderation] "
                f"password_command (or password_env) in {self.actions.config_file}. Discard "
                "needs no password.", "No moderator password")

    def _password(self, post_list: str) -> str:
        if self.demo:
            return DEMO_PASSWORD
        source = self.settings.password
        assert source is not None  # _check_approval said so
        name = post_list.partition("@")[0]
        if "{list}" in source.command:
            if not LIST_NAME_RE.fullmatch(name):
                raise ConfigError(f"The list name {name!r} cannot be put in [moderation] "
                                  "password_command.", "No moderator password")
            source = source._replace(command=source.command.replace("{list}", name))
        return resolve_secret(source)

    def send(self, keys: Sequence[str], action: Action) -> ModerationReport:
        """Send the confirmation of ``action`` for each notice. Refused in a skim (nothing
        sent). When the server cannot be reached, that confirmation and the rest are kept
        in the outbox without another try."""
        self.actions.triage.ensure_writable(f"{action.value} held posts")
        sent: list[str] = []
        kept: list[str] = []
        refused: list[str] = []
        problems: list[str] = []
        down = ""
        for key in keys:
            try:
                confirm = self.confirmation(key, action)
            except HdtuiError as error:
                refused.append(f"{self.actions.triage.describe(key)}: {error.message}")
                continue
            draft = self.draft(key, confirm)
            if down:
                self.actions.keep(draft)
                kept.append(f"{confirm.description}: {down}")
                continue
            try:
                self._send(draft, confirm)
            except SendError as error:
                self.actions.keep(draft)
                kept.append(f"{confirm.description}: {error.message}")
                down = "not tried, the server could not be reached"
                continue
            except HdtuiError as error:  # the password command failed: nothing left
                self.actions.keep(draft)
                kept.append(f"{confirm.description}: {error.message}")
                continue
            sent.append(confirm.description)
            try:
                self.actions.triage.add_mark(key, Mark.REPLIED)
            except HdtuiError as error:
                problems.append(f"{confirm.description}: sent, but not marked replied: "
                                f"{error.message}")
        return ModerationReport(tuple(sent), tuple(kept), tuple(refused), tuple(problems))

    def draft(self, key: str, confirm: Confirmation) -> Draft:
        """The confirmation as a draft the outbox can keep (no password in it)."""
        return Draft(kind=DraftKind.MODERATION, to=(confirm.to,), subject=confirm.subject,
                     body=APPROVE_BODY if confirm.action is Action.APPROVE else "",
                     report_key=key, notes=(f"{confirm.action.value}: {confirm.description}",))

    def resend(self, draft: Draft) -> ModerationReport:
        """Send a kept confirmation again (from the outbox)."""
        action = Action.APPROVE if draft.body == APPROVE_BODY else Action.DISCARD
        self.actions.discard(draft)
        return self.send([draft.report_key], action)

    @property
    def can_copy(self) -> bool:
        """Whether a held post can be copied into the mailbox (an IMAP one, not the
        demo's)."""
        return self.actions.triage.live is not None and not self.demo

    def to_report(self, key: str) -> str:
        """Copy the held post a notice carries into the notice's folder as a new message
        (unread), so it is triaged as user mail; returns the folder. Refused in a skim,
        and on a mailbox hdtui cannot write to (a local one, the demo)."""
        triage = self.actions.triage
        triage.ensure_writable("copying a held post into the queue")
        post = self.held(key)
        live = triage.live
        if live is None or not self.can_copy:
            raise SourceError(NO_COPY, "Not copied")
        attached = [m for m in attached_messages(triage.source.read(key))
                    if not _CONFIRM_RE.search(m.split(b"\n\n", 1)[0].decode("ascii",
                                                                           "replace"))]
        if not attached:
            raise SourceError("The held post is not attached to this notice.", "Not copied")
        header = f"X-Hdtui-Held-On: {post.list_address}\r\n".encode("ascii", "replace")
        folder = key.rsplit("/", 2)[0] if key.count("/") >= 2 else "INBOX"
        live.append(folder, header + attached[0], ())
        return folder

    def _send(self, draft: Draft, confirm: Confirmation) -> None:
        """Send one confirmation, the password put in at the last moment."""
        sender = parse_address(self.actions._sender(), "sending address")
        message_id = f"<{secrets.token_hex(12)}@{sender.domain or 'hdtui.invalid'}>"
        password = self._password(confirm.list_address) \
            if confirm.action is Action.APPROVE else ""
        try:
            message = to_message(replace(draft, body=confirm.body(password)),
                                 self.actions._sender(), self.clock.now(UTC), message_id)
            header = confirm.header(password)
            if header is not None:
                message["Approved"] = header
        except (ComposeError, ValueError) as error:
            raise SourceError(f"The confirmation could not be built: {error}",
                              "Not sent") from error
        finally:
            password = ""
        self.actions.mailer.send(message)
