"""Provides AutoReply: keeping the auto-reply's text current (docs/autoreply.md).

The auto-reply is the standard reply ``auto-reply.<lang>.md``. The mail server sends it by
itself and does not pick up changes, so a change is saved to the replies directory and then
the sysadmins are asked, by mail, to update it (or, where the replies live in a GitLab
repository, a merge request proposes it). The mail is a Draft the member previews, edits and
confirms in the compose screen like a forward; it is sent through the same Mailer.

Every write (saving, sending, the merge request) is refused in a read-only skim. The bundled
replies are never written: edits go to ``[replies] dir`` (the demo keeps its own copy).
Blocking: the UI calls it from worker threads.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hdtui.domain.address import format_address, parse_address
from hdtui.domain.autoreply import (
    REQUEST_SUBJECT,
    SLUG,
    FrequentItem,
    ProposedChange,
    cluster_item,
    frequent_block,
    publishable,
    replace_block,
    request_text,
    unified_diff,
    with_front_matter,
)
from hdtui.domain.compose import (
    ComposeError,
    Draft,
    DraftKind,
    to_message,
)
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.per_issue import FLAG_PER_WEEK
from hdtui.domain.issue import KnownIssue
from hdtui.domain.markdown import fence
from hdtui.domain.reply import SECTION_WORKAROUND, issue_sections, parse_template
from hdtui.domain.text import one_line
from hdtui.errors import ConfigError, HdtuiError, SendError, TrackerError
from hdtui.services.acting import Actions, SendReport
from hdtui.services.ports import Proposer

FREQUENT_LIMIT = 5
"""Problems put in the block by default: the auto-reply must stay short."""


def items_from_overview(view: Overview, issues: Mapping[int, KnownIssue],
                        limit: int = FREQUENT_LIMIT) -> list[FrequentItem]:
    """The block's items from the counts (linked and likely reports this week, as hot
    topics ranks them): open issues first, then the new problems flagged this week (clusters
    of reports no issue covers, docs/autoreply.md), up to ``limit`` in all."""
    ranked = [(issues[s.iid], s.this_week) for s in view.hot
              if s.this_week and s.iid in issues and issues[s.iid].state == "opened"]
    items = items_of(ranked, limit)
    fresh = [cluster_item(c) for c in view.clusters
             if c.per_week and c.per_week[-1] >= FLAG_PER_WEEK]
    return items + fresh[:max(0, limit - len(items))]


def items_of(ranked: Sequence[tuple[KnownIssue, int]],
             limit: int = FREQUENT_LIMIT) -> list[FrequentItem]:
    """The block's items for issues already ranked (with their reports this week): the
    title, the URL and the first line of the issue's Workaround section."""
    items = []
    for issue, this_week in ranked[:limit]:
        workaround = issue_sections(issue.description).get(SECTION_WORKAROUND, "")
        first = next((line for line in workaround.split("\n") if line.strip()), "")
        items.append(FrequentItem(one_line(issue.title), issue.web_url, this_week,
                                  one_line(first, 160)))
    return items


@dataclass(frozen=True, slots=True)
class AutoReplyText:
    """The auto-reply as saved: subject and body (template text) and where it was read."""

    subject: str
    body: str
    path: Path
    file_text: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """The auto-reply with a new frequent-problems block, and what it changes."""

    current: AutoReplyText
    block: str
    body: str
    diff: str
    notes: tuple[str, ...] = ()
    """What was left out of the block, and why (a title still saying TODO), for the
    member: shown above the diff, never in the text."""


class AutoReply:
    """The auto-reply's upkeep for one shift (see the module)."""

    def __init__(self, actions: Actions, read_dirs: Sequence[Path], save_dir: Path | None,
                 team: str = "Sysadmins", language: str = "en",
                 merge_requests: Proposer | None = None, repository_dir: str = "replies",
                 branch_prefix: str = "hdtui/auto-reply-", target_branch: str = "",
                 config_file: str = "the config file",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.actions = actions
        self.read_dirs = list(read_dirs)
        """Where the current text is looked for, after ``save_dir``."""
        self.save_dir = save_dir
        """Where edits are written; None when nowhere is configured (saving then says what
        to set)."""
        self.team_name = team
        self.language = language
        self.merge_requests = merge_requests
        self.repository_dir = repository_dir.strip("/")
        self.branch_prefix = branch_prefix
        self.target_branch = target_branch
        self.config_file = config_file
        self.clock = clock

    @property
    def file_name(self) -> str:
        """``auto-reply.en.md``."""
        return f"{SLUG}.{self.language}.md"

    # -- reading ----------------------------------------------------------------------

    def current(self) -> AutoReplyText:
        """The auto-reply as last saved (the saved copy first, else the bundled one)."""
        dirs = ([self.save_dir] if self.save_dir is not None else []) + self.read_dirs
        for directory in dirs:
            path = directory / self.file_name
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ConfigError(f"The auto-reply {path} cannot be read: {error}.",
                                  "Auto-reply unreadable") from error
            try:
                template = parse_template(text, str(path), SLUG, self.language)
            except ValueError as error:
                raise ConfigError(str(error), "Auto-reply unreadable") from error
            return AutoReplyText(template.subject, template.body, path, text)
        where = ", ".join(str(d) for d in dirs) or "no directory"
        raise ConfigError(f"No {self.file_name} in {where}: copy the bundled replies/"
                          f"{self.file_name} into [replies] dir.", "Auto-reply not found")

    def frequent_items(self, limit: int = FREQUENT_LIMIT) -> list[FrequentItem]:
        """The open known issues with the most linked reports this week (then in total),
        with the first line of their Workaround section; only issues with reports."""
        tracker = self.actions.tracker
        if tracker is None:
            return []
        try:
            issues = [i for i in tracker.issues() if i.state == "opened"]
        except TrackerError:
            return []
        counts = self.actions.counts([i.iid for i in issues])
        ranked = sorted((i for i in issues if i.iid in counts and counts[i.iid].total),
                        key=lambda i: (-counts[i.iid].this_week, -counts[i.iid].total, i.iid))
        return items_of([(issue, counts[issue.iid].this_week) for issue in ranked], limit)

    def propose(self, items: Sequence[FrequentItem]) -> Proposal:
        """The current text with a block built from ``items``, and the diff."""
        current = self.current()
        kept, notes = publishable(items)
        block = frequent_block(kept, self.language)
        try:
            body = replace_block(current.body, block)
        except ValueError as error:
            raise ConfigError(f"{current.path}: {error}", "Auto-reply has no block") from error
        return Proposal(current, block, body, unified_diff(current.body, body,
                                                           self.file_name, "new"),
                        tuple(notes))

    def check(self, subject: str, body: str) -> str:
        """The file text for this subject and body; ComposeError when it would not load
        as a reply (a bad ``$`` placeholder, an empty text)."""
        if not one_line(subject):
            raise ComposeError("The auto-reply needs a subject.")
        current = self.current()
        try:
            text = with_front_matter(current.file_text, subject, body)
            parse_template(text, self.file_name, SLUG, self.language)
        except ValueError as error:
            raise ComposeError(str(error)) from error
        return text

    # -- writing ----------------------------------------------------------------------

    def save(self, subject: str, body: str) -> Path:
        """Write the new text to the replies directory (atomically); refused in a skim."""
        self.actions.triage.ensure_writable("saving the auto-reply")
        text = self.check(subject, body)
        if self.save_dir is None:
            raise ConfigError(
                "The bundled replies are not edited in place: set [replies] dir in "
                f"{self.config_file} to a copy of them (e.g. dir = \"~/help-desk/replies\"); "
                "the auto-reply is saved there.", "Nowhere to save the auto-reply")
        try:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".auto-reply-", dir=self.save_dir)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            target = self.save_dir / self.file_name
            os.replace(name, target)
        except OSError as error:
            raise ConfigError(f"The auto-reply could not be saved in {self.save_dir}: "
                              f"{error.strerror or error}.", "Auto-reply not saved") from error
        return target

    def request(self, old: AutoReplyText, subject: str, body: str) -> Draft:
        """The "please update the auto-reply" mail to the sysadmins' team, to preview."""
        team = self.actions.team(self.team_name)
        to = parse_address(team.address, f"address of the team {team.name!r}")
        name = one_line(team.name)
        shown = f"{name} <{to.addr_spec}>" if name and not to.display_name else format_address(to)
        return Draft(kind=DraftKind.AUTO_REPLY, to=(shown,), subject=REQUEST_SUBJECT,
                     body=request_text(subject, body, old.subject, old.body),
                     report_key=SLUG)

    def send(self, draft: Draft) -> SendReport:
        """Send the request; refused in a skim. Kept as a draft when nothing left."""
        triage = self.actions.triage
        triage.ensure_writable("asking the sysadmins to update the auto-reply")
        sender = parse_address(self.actions._sender(), "sending address")
        message_id = f"<{secrets.token_hex(12)}@{sender.domain or 'hdtui.invalid'}>"
        try:
            message = to_message(draft, self.actions._sender(), self.clock(), message_id)
            sent = self.actions.mailer.send(message)
        except SendError as error:
            result = getattr(error, "result", None)
            if result is None or not result.accepted:
                self.actions.keep(draft)
                raise
            return SendReport(message_id, tuple(result.accepted), (error.message,))
        except (HdtuiError, ComposeError):
            self.actions.keep(draft)
            raise
        return SendReport(message_id, tuple(sent.accepted))

    def merge_request(self, old: AutoReplyText, subject: str, body: str) -> ProposedChange:
        """Propose the new text as a merge request on the replies repository."""
        self.actions.triage.ensure_writable("opening a merge request for the auto-reply")
        if self.merge_requests is None:
            raise ConfigError(f"No repository for the standard replies: set [autoreply] "
                              f"repository in {self.config_file} (and [tracker] url and "
                              "token) to propose changes as merge requests.",
                              "No replies repository")
        text = self.check(subject, body)
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        path = f"{self.repository_dir}/{self.file_name}" if self.repository_dir \
            else self.file_name
        # Issue titles and workarounds are in it, and anyone can write those: in a code
        # block nothing in it is live on GitLab (docs/gitlab.md).
        description = ("The auto-reply's new text, its frequent-problems block rebuilt from "
                       "this week's reports (hdtui):\n\n" + fence(request_text(
                           subject, body, old.subject, old.body).replace(
                               "Hi sysadmins,\n\n", "", 1)))
        return self.merge_requests.propose(
            path, text, f"{self.branch_prefix}{stamp}", "Update the auto-reply",
            description, f"Auto-reply: update the frequent problems ({self.language})",
            self.target_branch)
