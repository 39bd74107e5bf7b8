"""Provides ReportPane: the main screen's side, the message under the cursor with its known
issues and replies.

The pane holds the report (ReportView), the issues that match it (IssueList) and the
standard replies ranked for it (ReplyList), and fills them: ``show`` is called once the
queue's cursor rests on a message; ``show_suggestions`` reads the complete message from
the cache and matches it in a worker, and the result is shown only if the cursor is still
on that message. The fixing release and the outdated-version ranking come from the
release feeds' last copy (docs/releases.md).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from hdtui.domain.links import ReportCount
from hdtui.domain.mail import Kind
from hdtui.domain.queue import Entry, Row
from hdtui.errors import TrackerError
from hdtui.ui.failures import deliver
from hdtui.ui.messages import EntryRead, SuggestionsLoaded, ThreadLoaded
from hdtui.ui.safe import literal
from hdtui.ui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from hdtui.domain.releases import FeedResult
    from hdtui.ui.screens.inbox import InboxScreen
    from hdtui.ui.widgets.issue_list import IssueList
    from hdtui.ui.widgets.reply_list import ReplyList
    from hdtui.ui.widgets.report_view import ReportView

SERVICES_DUE_POLL = 0.05
"""Seconds between two looks of a waiting suggestions' worker at its cancellation."""
PAGER_HINT = "esc: back · 1 queue · 2 report · 3 known issues · 4 replies"
"""The pager's reminder of its page keys (over the report, issues and replies)."""


class ReportPane(Vertical):
    """The report, its known issues and its replies."""

    def __init__(self, *, later: bool = False, id: str | None = None) -> None:
        """``later``: the parts are mounted once the screen's first frame is drawn, so that
        the queue's first rows do not wait for them: composing and styling the report, the
        issues and the replies delayed the first frame, in the pager where they are not on
        screen and beside the queue where they show "loading" at first
        (docs/benchmarks.md, "Warm start imports", session 11, and "Session 13: warm first
        rows")."""
        super().__init__(id=id)
        self.ready = not later
        """The parts are mounted: the report, the issues and the replies can be shown."""
        self._waiting: tuple[Row | None] | None = None
        """The row ``show`` was given before the parts were mounted, shown once they are."""
        self._then: list[Callable[[], object]] = []
        """What waits for the parts (a key that moves the focus to one of them)."""
        self._mounted = asyncio.Event()
        """Set once the parts are mounted (``parts_mounted``)."""
        if self.ready:
            self._mounted.set()

    def _parts(self) -> list[Widget]:
        """The pager's hint and the report above the issues and replies."""
        # Their modules are imported here, after the first frame when the parts come later
        # (docs/benchmarks.md, "Session 15: warm first rows").
        from hdtui.ui.widgets.issue_list import IssueList
        from hdtui.ui.widgets.reply_list import ReplyList
        from hdtui.ui.widgets.report_view import ReportView

        return [Static(PAGER_HINT, id="pager-hint"), ReportView(id="report"),
                Horizontal(IssueList(id="issues"), ReplyList(id="replies"), id="suggest")]

    def compose(self) -> ComposeResult:
        """The parts, unless they come after the first frame."""
        if self.ready:
            yield from self._parts()

    def on_mount(self) -> None:
        """Mount the parts after the first frame, when they come later."""
        if not self.ready:
            self.call_after_refresh(self._mount_parts)

    async def _mount_parts(self) -> None:
        await self.mount_all(self._parts())
        self.ready = True
        self._mounted.set()
        self.view.show_entry(None)
        if self._waiting is not None:
            (row,), self._waiting = self._waiting, None
            self.show(row)
        then, self._then = self._then, []
        for call in then:
            call()

    @property
    def view(self) -> ReportView:
        """The report (the parts are mounted)."""
        return cast("ReportView", self.get_child_by_id("report"))

    @property
    def issues(self) -> IssueList:
        """The known issues (the parts are mounted)."""
        return cast("IssueList", self.query_one("#issues"))

    @property
    def replies(self) -> ReplyList:
        """The standard replies (the parts are mounted)."""
        return cast("ReplyList", self.query_one("#replies"))

    def once_mounted(self, call: Callable[[], object]) -> None:
        """Call ``call`` now if the parts are mounted, else once they are (a key pressed
        in the first frame acts a moment later instead of finding no pane)."""
        if self.ready:
            call()
        else:
            self._then.append(call)

    def forget_held(self) -> None:
        """Drop the calls held for the mount: a later key moved the focus elsewhere (the
        filter, the queue), which a focus key pressed before it must not take back."""
        self._then.clear()

    async def parts_mounted(self) -> None:
        """Return once the parts are mounted (at once if they are): a flow that reads the
        report, the issues or the replies waits for them."""
        await self._mounted.wait()

    @property
    def has_issue(self) -> bool:
        """An issue is under the issue list's cursor."""
        return self.ready and self.issues.current is not None

    @property
    def inbox(self) -> InboxScreen:
        """The main screen this pane is part of."""
        return cast("InboxScreen", self.screen)

    def show(self, row: Row | None) -> None:
        """Show ``row`` (the cursor rests on it): loading, then its suggestions; once the
        parts are mounted if they are not yet."""
        if not self.ready:
            self._waiting = (row,)
            return
        view = self.view
        if row is None:
            view.show_entry(None)
            self.issues.show_matches([])
            self.replies.show_replies([])
            return
        if view.entry is not None and view.entry.key == row.key:
            return
        view.show_loading(row)
        self.issues.show_matches(None)
        self.replies.show_replies(None)
        self.show_suggestions(row.key)

    def recount(self) -> None:
        """Show the counts of the message on screen again, likely reports included."""
        current = self.inbox.queue.table.current
        if current is not None and self.ready:
            self.show_suggestions(current.key)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def show_suggestions(self, key: str) -> None:
        """Read the complete message from the cache and show it, then match it (off the
        UI thread); nothing before the parts are mounted (``show`` asks again then). The
        matching waits until the services are due (the app's ``services_due``: the whole
        queue painted): the services and the matcher built here for the first report
        shown (their imports, the known issues read) held the interpreter while the whole
        queue was read and drawn (docs/benchmarks.md, "Session 21: the warm queue at
        100,000"). The message itself never waits for them."""
        if not self.ready:
            return
        inbox = self.inbox
        triage = inbox.triage

        def suggest() -> list[Message]:
            entry = triage.full(key)
            if entry is None:
                return []
            self.post_message(EntryRead(key, entry))
            if not self._services_due():
                return []
            actions, insight = inbox.services_or_none()
            try:
                matches = triage.suggestions(entry)
            except TrackerError:
                # No known issues to match (GitLab refused or is out of reach, no cached
                # copy): the message is still shown; the known issues' sync says why. A
                # failure here would ask again on every ActionFailed (a loop).
                matches = []
            replies = triage.replies_for(entry, matches, self._stable())
            counts: dict[int, ReportCount] = {}
            linked: list[int] = []
            if actions is not None:
                counts = actions.counts([m.issue.iid for m in matches])
                linked = actions.linked(entry)
            if insight is not None:  # linked, and likely once the queue is counted
                counts, later = insight.with_likely_or_later(counts)
                if later:  # an overview counts now: these counts once it ends
                    self.app.call_from_thread(self._recount_after_overview, key)
                if insight.links_outdated:  # links read just now teach other words:
                    # marked "counting" above, counted again now (docs/insight.md)
                    self.app.call_from_thread(self.inbox.feed.count_again)
            moderator = actions.moderator if actions is not None else None
            status = moderator.status(entry) if moderator is not None else None
            found: list[Message] = [SuggestionsLoaded(
                key, matches, replies, entry, counts, linked,
                self.fixed_in([m.issue.iid for m in matches]),
                status.text if status is not None else "")]
            shift = actions.shift if actions is not None else None
            if shift is not None:  # the thread below the report (docs/followups.md)
                from hdtui.ui.widgets.thread import thread_content

                found.append(ThreadLoaded(key, thread_content(shift, key,
                                                              entry.message.message_id)))
            return found

        deliver(self, suggest)

    @work(thread=True, exclusive=True, group="likely-later", exit_on_error=False)
    def _recount_after_overview(self, key: str) -> None:
        """Show the counts of the message of ``key`` again once no overview is computed,
        if it is still on screen: its likely counts were not made beside the overview
        (``Insight.with_likely_or_later``; docs/insight.md, "Session 27: the report
        pane's counts not made beside an overview")."""
        insight = self.inbox.insight_built
        worker = get_current_worker()
        while insight is not None and not insight.overview_done(SERVICES_DUE_POLL):
            if worker.is_cancelled:
                return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._recount_if_on, key)

    def _recount_if_on(self, key: str) -> None:
        current = self._under_cursor()  # (None as the app closes)
        if current is not None and current.key == key:
            self.recount()

    def mark_opened(self) -> None:
        """The message shown here is no longer new to me (``N``) if its report is on
        screen: beside the queue, or a page of the pager. In the pager the report is read
        while the cursor moves on the queue's page, and moving the cursor opens nothing
        (docs/marks.md, "What a queue row shows")."""
        inbox = self.inbox
        entry = self.view.entry if self.ready else None
        if entry is None or (inbox.paged and not inbox.queue.page):
            return
        table = inbox.queue.table
        current = table.current
        if current is None or current.key != entry.key:
            return  # the cursor moved on: the message it rests on is shown next
        table.set_personal(table.personal.with_seen(entry.key))
        self._record_opened(entry.key)

    @work(thread=True, group="opened", exit_on_error=False)
    def _record_opened(self, key: str) -> None:
        """Keep the opening in the store (and \\Seen with mark_seen_on_open), off the UI
        thread."""
        triage = self.inbox.triage

        def record() -> list[Message]:
            triage.opened(key)
            return []

        deliver(self, record)

    def _services_due(self) -> bool:
        """(In the suggestions' worker) Wait, without holding the interpreter, until the
        app's services are due; False when the worker was cancelled meanwhile (another
        message shown, the app closing)."""
        due: threading.Event | None = getattr(self.app, "services_due", None)
        worker = get_current_worker()
        while due is not None and not due.wait(SERVICES_DUE_POLL):
            if worker.is_cancelled:
                return False
        return not worker.is_cancelled

    def on_entry_read(self, message: EntryRead) -> None:
        """Show the message read from the cache, if the cursor is still on it; its known
        issues and replies still say "loading"."""
        current = self._under_cursor()
        if current is None or current.key != message.key:
            return
        self._show_entry(message.entry)
        self.mark_opened()

    def _under_cursor(self) -> Row | None:
        """The queue's row under the cursor, for a worker's result arriving now; None once
        the app is closing (``MailboxFeed.closing``, which drops the feed's results the
        same way): the queue may be gone already (a report read as the app closed raised
        NoMatches, found by a loaded CI)."""
        if self.inbox.feed.closing:
            return None
        tables = self.inbox.queue.query(QueueTable)
        return tables.first().current if tables else None

    def _show_entry(self, entry: Entry, moderation: str | None = None) -> None:
        """The message in the report view, with this member's note and who claimed it."""
        triage = self.inbox.triage
        self.view.show_entry(entry, triage.note(entry.key), triage.claimed_by_me(entry.key),
                             triage.claimant(entry.key, entry.message.message_id), moderation)

    def on_suggestions_loaded(self, message: SuggestionsLoaded) -> None:
        """Show the message again (with its moderation status) and fill the issue and
        reply panes, if the cursor is still on that message."""
        inbox = self.inbox
        current = self._under_cursor()
        if current is None or current.key != message.key:
            return
        view = self.view
        if view.entry is None or view.entry.key != message.key or \
                view.moderation != message.moderation:
            # Shown already (``on_entry_read``) unless a held post's status came: showing
            # it again would mount its debug sections again.
            self._show_entry(message.entry, message.moderation)
        self.issues.show_matches(message.matches, message.counts, message.linked,
                                 message.fixed, inbox.triage.issues_missing)
        inbox.refresh_bindings()  # an issue in the pane: link and alert apply
        team = message.entry.kind is Kind.TEAM  # docs/team-mail.md
        self.replies.show_replies(
            message.replies, "a team's mail: r replies to its sender, quoting it; i writes "
            "the report IDs on the issue it names" if team else
            "no standard reply for this message")

    def on_thread_loaded(self, message: ThreadLoaded) -> None:
        """Show the thread below the report, if the cursor is still on that message."""
        current = self._under_cursor()
        if current is not None and current.key == message.key:
            self.view.show_thread(message.content)

    def on_issue_list_chosen(self, message: IssueList.Chosen) -> None:
        """Open an issue's description."""
        issue = message.match.issue
        title = Content.assemble((f"{issue.ref} ", "bold cyan"), literal(issue.title, "bold"),
                                 (f"  {issue.state}  {', '.join(issue.labels)}", "dim"))
        body = Content.assemble(literal(issue.web_url, "underline"), "\n\n",
                                ("matched: ", "dim"), literal(", ".join(message.match.terms)),
                                "\n\n", literal(issue.description or "(no description)"))
        from hdtui.ui.screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(title, body))

    def _stable(self) -> str:
        """The current stable Tails from the feeds' last copy, "" when not known yet
        (docs/releases.md): the replies rank an outdated report's upgrade first."""
        result: FeedResult | None = getattr(self.app, "release_result", None)
        return result.state.current if result is not None else ""

    def rank_replies_again(self) -> None:
        """Rank the shown message's replies again (the release feeds became known: a quick,
        pure ranking of what is loaded already)."""
        if not self.ready:
            return
        entry = self.view.entry
        replies = self.replies
        if entry is None or not replies.choices:
            return
        matches = list(self.issues.matches)
        replies.show_replies(self.inbox.triage.replies_for(entry, matches, self._stable()))

    def fixed_in(self, iids: Iterable[int]) -> dict[int, str]:
        """The release that fixes each issue, from the feeds' last copy (docs/releases.md)."""
        result: FeedResult | None = getattr(self.app, "release_result", None)
        if result is None:
            return {}
        from hdtui.domain.releases import fixed_in  # read after the first frame

        found = {iid: fixed_in(iid, result.state.releases) for iid in iids}
        return {iid: version for iid, version in found.items() if version}
