"""Provides the messages workers post back to the UI thread.

Plain classes, not dataclasses: a dataclass builds its methods from generated source each
time its module is imported, and this module is imported before the first frame (15
messages cost about 10 ms of CPU at a load of 10: docs/benchmarks.md, "Session 15: warm
first rows"). Like Textual's own messages, they compare by identity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the matcher and the reply ranking load after the first frame
    from textual.content import Content

    from hdtui.domain.gitlab_write import PendingWrite  # as do the GitLab writes
    from hdtui.domain.links import ReportCount
    from hdtui.domain.matching import Match
    from hdtui.domain.query import Hits, Query
    from hdtui.domain.queue import Entry, Row
    from hdtui.domain.reply_choice import ReplyChoice
    from hdtui.errors import HdtuiError
    from hdtui.services.acting import ReplayReport  # as do the actions
    from hdtui.services.triage import InboxResult


class InboxLoaded(Message):
    """The queue has been loaded."""

    def __init__(self, result: InboxResult) -> None:
        super().__init__()
        self.result = result


class LoadFailed(Message):
    """Loading the queue failed with something other than a lost connection (a refused
    login, a secret that cannot be had, a bug): the status line says so, not "loading…"."""

    def __init__(self, error: HdtuiError) -> None:
        super().__init__()
        self.error = error


class LoadProgress(Message):
    """Some messages of the queue have been read."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class RowsRead(Message, bubble=False):
    """A batch of messages was read and cached (their provisional rows are replaced).

    For the feed alone (``MailboxFeed.on_rows_read``), never bubbled to the screen: under
    another screen (the shift-start screen over a first read), each message the queue's
    screen handles is followed by its idle, and Textual repaints a covered screen whole
    on each (dimmed under the one on top): about 40 ms of the parent's interpreter for
    every batch of 200 messages read (docs/benchmarks.md, "Session 13: the cold read's
    parent")."""

    def __init__(self, rows: list[Row], more: bool = True) -> None:
        super().__init__()
        self.rows = rows
        self.more = more
        """More batches of the same read follow; False: the read's result (InboxLoaded),
        which puts every row it read in place, comes right after
        (docs/live-changes.md)."""


class EntryRead(Message):
    """A message was read from the cache: shown at once, before its known issues and
    replies (which may wait for the services, docs/cold-start.md)."""

    def __init__(self, key: str, entry: Entry) -> None:
        super().__init__()
        self.key = key
        self.entry = entry
        """The complete entry (debug sections included)."""


class SuggestionsLoaded(Message):
    """A message was read from the cache, with its known issues and replies."""

    def __init__(self, key: str, matches: list[Match], replies: list[ReplyChoice],
                 entry: Entry, counts: dict[int, ReportCount] | None = None,
                 linked: list[int] | None = None, fixed: dict[int, str] | None = None,
                 moderation: str = "") -> None:
        super().__init__()
        self.key = key
        self.matches = matches
        self.replies = replies
        """The standard replies, best first, each with why."""
        self.entry = entry
        """The complete entry (debug sections included), read from the cache."""
        self.counts: dict[int, ReportCount] = {} if counts is None else counts
        """Reports per issue, as the tracker counts them."""
        self.linked: list[int] = [] if linked is None else linked
        """Issues this message is linked to already."""
        self.fixed: dict[int, str] = {} if fixed is None else fixed
        """The release that fixes each issue, when the release feed says so."""
        self.moderation = moderation
        """A held post's status: what Mailman answered to its cookie
        (docs/moderation.md)."""


class ThreadLoaded(Message):
    """What the thread of the message on screen holds, and what the team knows of it
    (docs/followups.md): shown below the report."""

    def __init__(self, key: str, content: Content) -> None:
        super().__init__()
        self.key = key
        self.content = content


class RowChanged(Message):
    """A message's triage state changed."""

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.row = row


class SearchDone(Message):
    """What a filter needs beyond the rows was searched (whole text, issue links)."""

    def __init__(self, query: Query, hits: Hits) -> None:
        super().__init__()
        self.query = query
        self.hits = hits


class Notice(Message):
    """What an action did, and what did not happen (warnings)."""

    def __init__(self, text: str, title: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.text = text
        self.title = title
        self.problems = problems


class ActionFailed(Message):
    """A worker failed with an error the member can act on."""

    def __init__(self, error: HdtuiError) -> None:
        super().__init__()
        self.error = error


class MailboxChanged(Message):
    """The server announced a change (IDLE): new mail or marks set by someone else."""


class Offline(Message):
    """The server cannot be reached; the queue shown is the cached one."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WriteWaiting(Message):
    """A GitLab write was kept in the outbox to retry (posted from a worker thread)."""

    def __init__(self, write: PendingWrite) -> None:
        super().__init__()
        self.write = write


class WritesReplayed(Message):
    """The GitLab writes kept in the outbox were tried again (docs/gitlab-writes.md)."""

    def __init__(self, report: ReplayReport, asked: bool = False, said: bool = False) -> None:
        super().__init__()
        self.report = report
        self.asked = asked
        """The member asked (f5): said even when nothing was made."""
        self.said = said
        """The outbox said what was made already: only the status and the panes change."""


class OutboxFlushed(Message):
    """Changes made while offline were sent; some may not have applied."""

    def __init__(self, applied: int, problems: list[str]) -> None:
        super().__init__()
        self.applied = applied
        self.problems = problems
