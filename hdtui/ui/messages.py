"""Provides the messages workers post back to the UI thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from hdtui.domain.links import ReportCount
from hdtui.domain.query import Hits, Query
from hdtui.domain.queue import Entry, Row
from hdtui.errors import HdtuiError
from hdtui.services.triage import InboxResult

if TYPE_CHECKING:  # the matcher and the reply ranking load after the first frame
    from hdtui.domain.gitlab_write import PendingWrite  # as do the GitLab writes
    from hdtui.domain.matching import Match
    from hdtui.domain.reply_choice import ReplyChoice
    from hdtui.services.acting import ReplayReport  # as do the actions


@dataclass
class InboxLoaded(Message):
    """The queue has been loaded."""

    result: InboxResult


@dataclass
class LoadFailed(Message):
    """Loading the queue failed with something other than a lost connection (a refused
    login, a secret that cannot be had, a bug): the status line says so, not "loading…"."""

    error: HdtuiError


@dataclass
class LoadProgress(Message):
    """Some messages of the queue have been read."""

    done: int
    total: int


@dataclass
class RowsRead(Message, bubble=False):
    """A batch of messages was read and cached (their provisional rows are replaced).

    For the feed alone (``MailboxFeed.on_rows_read``), never bubbled to the screen: under
    another screen (the shift-start screen over a first read), each message the queue's
    screen handles is followed by its idle, and Textual repaints a covered screen whole
    on each (dimmed under the one on top): about 40 ms of the parent's interpreter for
    every batch of 200 messages read (docs/benchmarks.md, "Session 13: the cold read's
    parent")."""

    rows: list[Row]
    more: bool = True
    """More batches of the same read follow; False: the read's result (InboxLoaded), which
    puts every row it read in place, comes right after (docs/live-changes.md)."""


@dataclass
class SuggestionsLoaded(Message):
    """A message was read from the cache, with its known issues and replies."""

    key: str
    matches: list[Match]
    replies: list[ReplyChoice]
    """The standard replies, best first, each with why."""
    entry: Entry
    """The complete entry (debug sections included), read from the cache."""
    counts: dict[int, ReportCount] = field(default_factory=dict)
    """Reports per issue, as the tracker counts them."""
    linked: list[int] = field(default_factory=list)
    """Issues this message is linked to already."""
    fixed: dict[int, str] = field(default_factory=dict)
    """The release that fixes each issue, when the release feed says so."""
    moderation: str = ""
    """A held post's status: what Mailman answered to its cookie (docs/moderation.md)."""


@dataclass
class ThreadLoaded(Message):
    """What the thread of the message on screen holds, and what the team knows of it
    (docs/followups.md): shown below the report."""

    key: str
    content: Content


@dataclass
class RowChanged(Message):
    """A message's triage state changed."""

    row: Row


@dataclass
class SearchDone(Message):
    """What a filter needs beyond the rows was searched (whole text, issue links)."""

    query: Query
    hits: Hits


@dataclass
class Notice(Message):
    """What an action did, and what did not happen (warnings)."""

    text: str
    title: str
    problems: tuple[str, ...] = ()


@dataclass
class ActionFailed(Message):
    """A worker failed with an error the member can act on."""

    error: HdtuiError


@dataclass
class MailboxChanged(Message):
    """The server announced a change (IDLE): new mail or marks set by someone else."""


@dataclass
class Offline(Message):
    """The server cannot be reached; the queue shown is the cached one."""

    reason: str


@dataclass
class WriteWaiting(Message):
    """A GitLab write was kept in the outbox to retry (posted from a worker thread)."""

    write: PendingWrite


@dataclass
class WritesReplayed(Message):
    """The GitLab writes kept in the outbox were tried again (docs/gitlab-writes.md)."""

    report: ReplayReport
    asked: bool = False
    """The member asked (f5): said even when nothing was made."""
    said: bool = False
    """The outbox said what was made already: only the status and the panes change."""


@dataclass
class OutboxFlushed(Message):
    """Changes made while offline were sent; some may not have applied."""

    applied: int
    problems: list[str]
