"""Provides InboxScreen: the queue, the report, the matching issues and the replies.

The screen lays the panes out, loads the queue and keeps it up to date (the server's
changes, going offline and back), and shows the message under the cursor with its known
issues and replies. What the queue shows (filter, sort, kind, layout) is the QueueView's
reactive state; every action on a message is a flow of its own (hdtui/ui/flows/, see
docs/actions.md): the ``action_*`` methods below only start them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

from hdtui.domain.compose import ComposeError
from hdtui.domain.gitlab_write import PendingWrite, WriteState
from hdtui.domain.insight import Overview
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Personal
from hdtui.domain.query import Hits, Query
from hdtui.domain.queue import Row
from hdtui.domain.releases import FeedResult, fixed_in
from hdtui.errors import (
    ConflictError,
    ConnectionProblem,
    HdtuiError,
    TrackerError,
    TrackerRefused,
    WriteKept,
)
from hdtui.services.acting import Actions, ReplayReport
from hdtui.services.insight import Insight
from hdtui.services.triage import InboxResult, Triage
from hdtui.ui.applicable import Situation, explained, why_not
from hdtui.ui.debounce import Debounce
from hdtui.ui.failures import bug, failure_message, is_warning
from hdtui.ui.flows.alert import alert_team
from hdtui.ui.flows.flow import start
from hdtui.ui.flows.forward import forward
from hdtui.ui.flows.ft import raise_ft
from hdtui.ui.flows.hot_topics import hot_topics
from hdtui.ui.flows.issue import create_issue
from hdtui.ui.flows.link import link_issue, unlink_issue
from hdtui.ui.flows.marks import toggle_mark
from hdtui.ui.flows.note import edit_note
from hdtui.ui.flows.outbox import show_outbox
from hdtui.ui.flows.outcome import record_outcome
from hdtui.ui.flows.reply import preview_reply, reply
from hdtui.ui.flows.reproduce import reproduce
from hdtui.ui.flows.shift_mode import toggle_shift_mode
from hdtui.ui.flows.team_note import report_ids_on_issue
from hdtui.ui.messages import (
    ActionFailed,
    InboxLoaded,
    LoadFailed,
    LoadProgress,
    MailboxChanged,
    Notice,
    Offline,
    OutboxFlushed,
    RowChanged,
    RowsRead,
    SuggestionsLoaded,
    WritesReplayed,
    WriteWaiting,
)
from hdtui.ui.safe import literal
from hdtui.ui.screens.preview import PreviewScreen
from hdtui.ui.widgets.fitted_footer import FittedFooter
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.queue_view import QueueView, layout_for
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.ui.widgets.report_view import ReportView
from hdtui.ui.widgets.shift_bar import ShiftBar

COUNT_DELAY = 2.0
"""Seconds after the queue is loaded before its reports are counted in the background."""
HIGHLIGHT_DELAY = 0.06
"""Seconds the cursor rests on a message before it is read and matched."""
PAGER_HINT = "esc: back · 1 queue · 2 report · 3 known issues · 4 replies"
"""The pager's reminder of its page keys (over the report, issues and replies)."""
PROGRESS_EVERY = 1.0
"""Seconds between two progress updates while messages are read."""
ROWS_EVERY = 3.0
"""Seconds between two redraws of the queue with the messages read so far."""
LAYOUT_NAMES = {"split": "queue beside the report", "stacked": "queue above the report",
                "pager": "one pane at a time (enter opens, escape goes back)"}


class InboxScreen(Screen[None]):
    """The main screen of a shift."""

    BINDINGS = [
        Binding("f5", "refresh_inbox", "Reload", id="refresh-inbox"),
        Binding("slash", "focus_filter", "Filter", id="focus-filter"),
        Binding("s", "cycle_sort", "Sort", show=False, id="cycle-sort"),
        Binding("k", "cycle_kind", "Kind", show=False, id="cycle-kind"),
        Binding("v", "cycle_layout", "View", show=False, id="cycle-layout"),
        Binding("enter", "open_report", "Open", id="open-report"),
        Binding("1", "focus_pane('queue')", "Queue", show=False, id="focus-queue"),
        Binding("2", "focus_pane('report')", "Report", show=False, id="focus-report"),
        Binding("3", "focus_pane('issues')", "Issues", show=False, id="focus-issues"),
        Binding("4", "focus_pane('replies')", "Replies", show=False, id="focus-replies"),
        Binding("c", "toggle_mark('claimed')", "Claim", id="toggle-claim"),
        Binding("m", "toggle_mark('triaged')", "Triaged", id="mark-triaged"),
        Binding("o", "toggle_mark('no-reply')", "No reply", show=False, id="mark-no-reply"),
        Binding("N", "edit_note", "Note", show=False, id="edit-note"),
        Binding("l", "link_issue", "Link issue", show=False, id="link-issue"),
        Binding("u", "unlink_issue", "Remove link", show=False, id="unlink-issue"),
        Binding("t", "toggle_tag", "Tag", show=False, id="toggle-tag"),
        Binding("r", "reply", "Reply", id="reply-message"),
        Binding("f", "forward", "Forward", id="forward-message"),
        Binding("F", "raise_ft", "[FT]", show=False, id="raise-ft"),
        Binding("I", "create_issue", "New issue", show=False, id="create-issue"),
        Binding("A", "alert_team", "Alert", show=False, id="alert-team"),
        Binding("i", "report_ids_on_issue", "IDs on issue", show=False,
                id="report-ids-on-issue"),
        Binding("R", "reproduce", "Reproduce", show=False, id="reproduce-checklist"),
        Binding("x", "record_outcome", "Outcome", show=False, id="record-outcome"),
        Binding("ctrl+o", "show_outbox", "Outbox", show=False, id="show-outbox"),
        Binding("H", "show_hot_topics", "Hot topics", show=False, id="show-hot-topics"),
        Binding("L", "show_releases", "Releases", show=False, id="show-releases"),
        Binding("U", "update_auto_reply", "Update the auto-reply", show=False,
                id="update-auto-reply"),
        Binding("ctrl+t", "toggle_shift_mode", "Normal shift / read-only skim", show=False,
                id="toggle-shift-mode"),
    ]

    load_note: var[str] = var("loading…", init=False)
    """How loading the queue stands (the status line, after the queue's own part)."""

    def __init__(self, triage: Triage, source_label: str,
                 snapshot: InboxResult | None = None, width: int = 80,
                 actions: Actions | None = None, insight: Insight | None = None) -> None:
        # Classes set before the first styling pass cost nothing; set later they restyle all.
        super().__init__(classes=f"-layout-{layout_for(width)}")
        self.triage = triage
        self.actions = actions
        self.insight = insight
        self.snapshot = snapshot
        self.source_label = source_label
        self.release_armed: tuple[str, float] | None = None
        """A foreign claim the member was warned about: (key, when) (flows/marks.py)."""
        self._pending: Row | None = None
        self.highlight = Debounce(self, HIGHLIGHT_DELAY, self._show_pending)
        self._load_started = 0.0
        self.load_seconds = 0.0
        self._backoff = 2.0
        self._reconnect_timer: Timer | None = None
        self._gitlab_timer: Timer | None = None
        """The next retry of the GitLab writes kept in the outbox (docs/gitlab-writes.md)."""
        self._gitlab_waiting = 0
        """GitLab writes waiting in the outbox, as the last replay counted them."""
        self._change_timer: Timer | None = None
        self._stop_watch = threading.Event()
        self._watching = False
        self._indexed = False
        self._rows_shown = 0.0
        self._progress_said = 0.0

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The panes."""
        yield ShiftBar(self.triage.read_only, self.source_label, id="shift-bar")
        with Horizontal(id="main"):
            yield QueueView(self._search, id="queue-pane")
            with Vertical(id="side"):
                yield Static(PAGER_HINT, id="pager-hint")
                yield ReportView(id="report")
                with Horizontal(id="suggest"):
                    yield IssueList(id="issues")
                    yield ReplyList(id="replies")
        with Horizontal(id="status-line"):
            yield Static(id="status")
            yield ProgressBar(id="sync-progress", show_eta=False, show_percentage=True)
        yield FittedFooter()

    @property
    def queue(self) -> QueueView:
        """The queue pane."""
        return self.query_one(QueueView)

    def on_resize(self) -> None:
        """Take the layout that reads best at the new width (docs/layouts.md), unless the
        member chose one."""
        self.queue.fit(self.size.width)

    def on_mount(self) -> None:
        """Start loading the queue, and listening to the server."""
        queue = self.queue
        self.set_focus(queue.table)
        self.query_one(ReportView).show_entry(None)
        self.watch(queue, "status", self._update_status)
        self.watch(queue, "counts", self.query_one(ShiftBar).set_counts)
        queue.arrangement = layout_for(self.size.width)
        self.watch(queue, "arrangement", self._layout_changed, init=False)
        self.watch(queue, "page", self._page_changed, init=False)
        self._start_watch()
        self._sync_known_issues()
        if self.actions is not None:
            self.actions.on_kept = self._write_kept  # from a worker: post_message is safe
        self._replay_gitlab()  # writes kept in the outbox at the last shift, when due
        if self.snapshot is None:
            self.action_refresh_inbox()
            return
        # The cache was read before the first frame: show it now, read what is new after
        # (and, after only the first rows, the whole queue).
        self._load_started = time.monotonic()
        snapshot, self.snapshot = self.snapshot, None
        self.on_inbox_loaded(InboxLoaded(snapshot))
        if snapshot.partial:
            self.load_note = "reading the whole queue…"
            self._load_inbox()

    def _layout_changed(self, old: str, new: str) -> None:
        self.set_class(False, f"-layout-{old}")
        self.set_class(True, f"-layout-{new}")
        if new != "pager":
            self.queue.page = ""
        elif not self.queue.page:
            self.set_focus(self.queue.table)

    def _page_changed(self, old: str, new: str) -> None:
        """Show another page of the pager and focus it."""
        if old:
            self.set_class(False, f"-page-{old}")
        if new:
            self.set_class(True, f"-page-{new}")
        self.set_focus(self.query_one(f"#{new or 'queue'}"))

    @property
    def paged(self) -> bool:
        """The main screen is a pager (one pane at a time)."""
        return self.queue.arrangement == "pager"

    def watch_load_note(self) -> None:
        """Show how loading stands."""
        self._update_status()

    def _update_status(self) -> None:
        parts = [self.queue.describe(), self.load_note]
        waiting = len(self.triage.outbox()) if self.triage.live is not None else 0
        if waiting:
            parts.append(f"outbox: {waiting} waiting (ctrl+o)")
        if self._gitlab_waiting:
            parts.append(f"GitLab: {self._gitlab_waiting} write(s) waiting (ctrl+o)")
        self.query_one("#status", Static).update(literal(" · ".join(parts)))

    # -- actions: one line each; the flow is in hdtui/ui/flows/ (docs/actions.md) --------

    def action_reply(self) -> None:
        """Reply with the standard reply under the cursor of the replies pane."""
        start(self, reply)

    def action_forward(self) -> None:
        """Forward the original, unchanged, to a team with a context block on top."""
        start(self, forward)

    def action_raise_ft(self) -> None:
        """Raise the report to the Foundations Team: [FT] on the bugs list."""
        start(self, raise_ft)

    def action_create_issue(self) -> None:
        """Create a GitLab issue from the tagged reports (or the one under the cursor)."""
        start(self, create_issue)

    def action_alert_team(self) -> None:
        """Alert a team over XMPP about the known issue under the cursor, with its count."""
        start(self, alert_team)

    def action_report_ids_on_issue(self) -> None:
        """A note on the issue a team's mail is about, listing its reports' IDs."""
        start(self, report_ids_on_issue)

    def action_reproduce(self) -> None:
        """The reproduce checklist: three conditions, then a 30-minute attempt."""
        start(self, reproduce)

    def action_record_outcome(self) -> None:
        """Record "stop answering" with its reason, or "no reply needed"."""
        start(self, record_outcome)

    def action_link_issue(self) -> None:
        """Link the message to the known issue under the cursor of the issues pane."""
        start(self, link_issue)

    def action_unlink_issue(self) -> None:
        """Remove a misplaced link of the message to an issue (after asking)."""
        start(self, unlink_issue)

    def action_toggle_mark(self, word: str) -> None:
        """Set or clear a triage mark on the message under the cursor."""
        start(self, toggle_mark, word)

    def action_edit_note(self) -> None:
        """Write a personal note on the message under the cursor."""
        start(self, edit_note)

    def action_show_outbox(self) -> None:
        """List the changes waiting for the server, kept drafts, and in the demo what
        would have been sent."""
        start(self, show_outbox)

    def action_show_hot_topics(self) -> None:
        """Hot topics, new problems and regressions over the whole queue (docs/insight.md)."""
        start(self, hot_topics)

    def action_toggle_shift_mode(self) -> None:
        """Start a read-only skim, or go back to a normal shift."""
        start(self, toggle_shift_mode)

    def action_show_releases(self) -> None:
        """The latest Tails release, its notes and the unfixed advisories (fetched in a
        thread by the screen itself)."""
        from hdtui.ui.screens.releases import ReleasesScreen

        self.app.push_screen(ReleasesScreen(getattr(self.app, "releases", None)))

    def action_update_auto_reply(self) -> None:
        """Update the auto-reply's frequent problems (docs/autoreply.md)."""
        from hdtui.ui.screens.autoreply import open_auto_reply

        insight = self.insight_service()

        def overview() -> tuple[Overview, dict[int, KnownIssue]]:  # in the worker
            issues = {i.iid: i for i in self.triage.known_issues().issues}
            return insight.overview(), issues

        open_auto_reply(self, overview)

    def insight_service(self) -> Insight:
        """The counting service, made on first use."""
        if self.insight is None:
            actions = self.actions
            self.insight = Insight(self.triage, actions.tracker if actions else None)
        return self.insight

    # -- the queue's own state (hdtui/ui/widgets/queue_view.py) ---------------------------

    def action_cycle_sort(self) -> None:
        """Sort by the next order."""
        self.queue.cycle_sort()

    def action_cycle_kind(self) -> None:
        """Show only the next kind of message (then all again)."""
        self.queue.cycle_kind()

    def action_cycle_layout(self) -> None:
        """The next layout (beside, on top, one at a time), kept whatever the width."""
        self.queue.cycle_layout()
        self.notify(f"Layout: {LAYOUT_NAMES[self.queue.arrangement]} (kept; press "
                    f"{self._key('cycle-layout', 'v')} for the next)", timeout=3)

    def action_open_report(self) -> None:
        """Open the message under the cursor: full-screen in the pager, else focus it."""
        if self.queue.table.current is None:
            self.notify("No message to open: the queue shows none.", severity="warning",
                        timeout=3)
            return
        self.action_focus_pane("report")

    def action_toggle_tag(self) -> None:
        """Tag the message under the cursor for an issue about several reports."""
        if self.queue.table.current is None:
            self.notify("No message selected.", severity="warning", markup=False)
            return
        self.queue.toggle_tag()

    # -- what applies now: the footer and the palette (hdtui/ui/applicable.py) -----------

    def situation(self) -> Situation:
        """What the screen shows and allows now."""
        actions = self.actions
        teams = actions.teams if actions is not None else []
        return Situation(
            has_message=self.queue.table.current is not None,
            read_only=self.triage.read_only,
            has_actions=actions is not None,
            has_issue=self.query_one(IssueList).current is not None,
            teams=len(teams), xmpp_teams=sum(1 for t in teams if t.xmpp))

    def not_now(self, action: str) -> str | None:
        """Why ``action`` cannot apply now, or None (its key still runs and says why)."""
        name = action.split("(", 1)[0]
        try:
            return why_not(name, self.situation())
        except NoMatches:  # not composed yet, or being torn down
            return None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's bindings: one that cannot apply now is greyed, with why as its
        tooltip. Only the footer reads this; keys are dispatched without it, so the key
        still runs its flow, which says why (every key acts or says why not)."""
        return explained(super().active_bindings, self, self.not_now)

    def action_focus_filter(self) -> None:
        """Type a filter."""
        # The box is on screen (in the pager, the queue's page is shown first), so focusing
        # it cannot race with a layout refresh and keys typed right after "/" reach it.
        if self.paged:
            self.queue.page = ""
        self.set_focus(self.queue.box)

    def action_focus_pane(self, pane: str) -> None:
        """Move the focus to a pane; in the pager, show that pane's page."""
        if self.paged:
            page = "" if pane == "queue" else pane
            if self.queue.page != page:
                self.queue.page = page  # focused by _page_changed
                return
        self.set_focus(self.query_one(f"#{pane}"))

    def on_key(self, event: object) -> None:
        """Escape goes back a page in the pager (issues or replies: the report; the report:
        the queue), else shows the whole queue again after hot topics showed some
        reports."""
        if getattr(event, "key", "") != "escape":
            return
        if self.paged and self.queue.page:
            self.queue.page = "report" if self.queue.page != "report" else ""
            getattr(event, "stop", lambda: None)()
        elif self.queue.only is not None:
            self.queue.only = None

    @work(thread=True, exclusive=True, group="tracker", exit_on_error=False)
    def _sync_known_issues(self) -> None:
        """Bring the known issues up to date in the background; offline, say so once and
        keep matching against the cached issues."""
        try:
            said = self.triage.refresh_known_issues()
        except TrackerError as error:
            self.post_message(Notice(f"Matching against the cached known issues: "
                                     f"{error.message}", error.title))
            return
        if said:
            self.post_message(Notice(said, "Known issues"))

    # -- loading --------------------------------------------------------------------

    def action_refresh_inbox(self) -> None:
        """Reload the queue from the mailbox (cached reports are not decrypted again)."""
        self._load_started = time.monotonic()
        self.load_note = "loading…"
        self._start_watch()
        self._load_inbox()
        if self._gitlab_waiting:
            self._replay_gitlab(due_only=False, asked=True)  # f5 retries them now

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _load_inbox(self) -> None:
        """List what changed and show the whole queue, then read the new messages (a
        first start shows the newest from their headers first: docs/cold-start.md)."""
        found: list[InboxResult] = []
        self._glimpse()

        def snapshot() -> list[Message]:
            found.append(self.triage.snapshot())
            return [InboxLoaded(found[0])]

        self._deliver_load(snapshot)
        if found and found[0].pending and not found[0].offline:
            self._deliver_load(lambda: [InboxLoaded(self.triage.read_pending(
                found[0], self._progress, self._rows_read))])

    def _deliver_load(self, job: Callable[[], Iterable[Message]]) -> None:
        """Like _deliver, but every failure ends the "loading…" state: a lost connection
        goes offline (and retries), anything else, even a bug, becomes LoadFailed."""
        try:
            messages = list(job())
        except HdtuiError as error:
            self.post_message(Offline(error.message) if isinstance(error, ConnectionProblem)
                              else LoadFailed(error))
            return
        except Exception as error:  # in a worker it would vanish, "loading…" forever
            self.post_message(LoadFailed(bug(
                error, "Loading the queue failed", "Loading failed",
                f"; press {self._key('refresh-inbox', 'f5')} to try again")))
            return
        for message in messages:
            self.post_message(message)

    def _key(self, binding_id: str, default: str) -> str:
        """The first key bound to ``binding_id`` in the member's keymap."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return (keymap.get(binding_id) or default).split(",")[0]

    def on_load_failed(self, message: LoadFailed) -> None:
        """Replace "loading…" by what failed and what to do, and show the error."""
        error = message.error
        self.query_one("#sync-progress", ProgressBar).display = False
        self.load_note = (f"not loaded: {error.title} (fix it, then press "
                          f"{self._key('refresh-inbox', 'f5')} to reload)")
        self.post_message(ActionFailed(error))

    def on_unmount(self) -> None:
        """Stop listening to the server."""
        self._stop_watch.set()

    def _start_watch(self) -> None:
        """Listen to the server (IDLE), unless already listening or not live."""
        if self.triage.live is not None and not self._watching:
            self._watching = True
            self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        try:
            self.triage.watch(self._changed, self._stop_watch)
        finally:
            # A refused login ends the watch (retrying it is useless): F5 restarts it.
            self._watching = False

    def _changed(self) -> None:
        self.post_message(MailboxChanged())

    def on_mailbox_changed(self, message: MailboxChanged) -> None:
        """Something changed on the server: resync (cheap with CONDSTORE) in a moment."""
        if self._change_timer is not None:
            self._change_timer.stop()
        self._change_timer = self.set_timer(0.1, self._refresh_quietly)

    def _refresh_quietly(self) -> None:
        self._load_started = time.monotonic()
        self._load_inbox()

    def on_offline(self, message: Offline) -> None:
        """Show that the server is unreachable and try again later, backing off."""
        self._went_offline(message.reason)

    def _went_offline(self, reason: str) -> None:
        delay = self._backoff
        self._backoff = min(self._backoff * 2, 60.0)
        self.query_one(ShiftBar).set_offline(f"OFFLINE: reconnecting in {delay:.0f} s")
        self.load_note = f"offline ({reason})"
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
        self._reconnect_timer = self.set_timer(delay, self._refresh_quietly)

    def _back_online(self) -> None:
        if self.triage.live is not None and self.triage.outbox() and not self.triage.read_only:
            self._flush_outbox()
        if self._gitlab_waiting:
            self._replay_gitlab()
        self._backoff = 2.0
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
            self._reconnect_timer = None
        self.query_one(ShiftBar).set_offline("")

    @work(thread=True, exclusive=True, group="gitlab-writes", exit_on_error=False)
    def _replay_gitlab(self, due_only: bool = True, asked: bool = False) -> None:
        """Make the GitLab writes kept in the outbox, oldest first: those due (the timer,
        the start, back online), or all of them now (f5)."""
        actions = self.actions
        if actions is not None:
            self._deliver(lambda: [WritesReplayed(actions.replay_gitlab(due_only), asked)])

    def on_writes_replayed(self, message: WritesReplayed) -> None:
        """Say what the replay made or GitLab refused; retry the rest when due."""
        report = message.report
        self._gitlab_waiting = report.waiting
        if report.done and not message.said:
            self.notify("\n".join(report.done[:5]), markup=False,
                        title=f"{len(report.done)} GitLab write(s) from the outbox made")
        if report.problems and not message.said:
            self.notify("\n".join(report.problems[:5]), title="GitLab refused a kept write "
                        "(ctrl+o: retry or drop it)", severity="warning", timeout=20,
                        markup=False)
        if message.asked and report.unreachable:
            self.notify(f"GitLab is still unreachable: {report.waiting} write(s) wait in the "
                        "outbox (ctrl+o) and are retried by themselves.",
                        title="GitLab unreachable", severity="warning", markup=False)
        self.gitlab_retry_at(report.next_try)
        self._update_status()
        current = self.queue.table.current
        if report.done and current is not None:
            self.show_suggestions(current.key)  # the counts without "pending"

    def _write_kept(self, write: PendingWrite) -> None:
        self.post_message(WriteWaiting(write))

    def on_write_waiting(self, message: WriteWaiting) -> None:
        """A GitLab write was kept in the outbox (by any flow, or a replay): count the
        waiting ones again, and retry when the first is due."""
        self._gitlab_status()

    @work(thread=True, exclusive=True, group="gitlab-status", exit_on_error=False)
    def _gitlab_status(self) -> None:
        actions = self.actions
        if actions is None:
            return

        def status() -> list[Message]:
            waiting = [w for w in actions.gitlab_pending() if w.state is WriteState.WAITING]
            return [WritesReplayed(ReplayReport(waiting=len(waiting), next_try=min(
                (w.next_try for w in waiting), default=None)), said=True)]

        self._deliver(status)

    def gitlab_retry_at(self, moment: float | None) -> None:
        """Retry the GitLab writes kept in the outbox at ``moment`` (seconds since the
        epoch; None: nothing waits)."""
        if self._gitlab_timer is not None:
            self._gitlab_timer.stop()
            self._gitlab_timer = None
        if moment is not None:
            self._gitlab_timer = self.set_timer(max(1.0, moment - time.time()),
                                                self._replay_gitlab)

    @work(thread=True, exclusive=True, group="outbox", exit_on_error=False)
    def _flush_outbox(self) -> None:
        self._deliver(lambda: [OutboxFlushed(*self.triage.flush_outbox())])

    def on_outbox_flushed(self, message: OutboxFlushed) -> None:
        """Say what the outbox did, then show the server's state."""
        if message.problems:
            self.notify("\n".join(message.problems), title="Some offline changes did not apply",
                        severity="warning", timeout=20, markup=False)
        elif message.applied:
            self.notify(f"{message.applied} change(s) made offline are now on the server.",
                        markup=False)
        self._refresh_quietly()

    def _stable(self) -> str:
        """The current stable Tails from the feeds' last copy, "" when not known yet
        (docs/releases.md): the replies rank an outdated report's upgrade first."""
        result: FeedResult | None = getattr(self.app, "release_result", None)
        return result.state.current if result is not None else ""

    def rank_replies_again(self) -> None:
        """Rank the shown message's replies again (the release feeds became known: a quick,
        pure ranking of what is loaded already)."""
        entry = self.query_one(ReportView).entry
        replies = self.query_one(ReplyList)
        if entry is None or not replies.choices:
            return
        matches = list(self.query_one(IssueList).matches)
        replies.show_replies(self.triage.replies_for(entry, matches, self._stable()))

    def fixed_in(self, iids: Iterable[int]) -> dict[int, str]:
        """The release that fixes each issue, from the feeds' last copy (docs/releases.md)."""
        result: FeedResult | None = getattr(self.app, "release_result", None)
        if result is None:
            return {}
        found = {iid: fixed_in(iid, result.state.releases) for iid in iids}
        return {iid: version for iid, version in found.items() if version}

    def _progress(self, done: int, total: int) -> None:
        # At most once a second: each update lays the status line out again, on the
        # thread the reading shares the interpreter with (docs/cold-start.md).
        now = time.monotonic()
        if done >= total or now - self._progress_said >= PROGRESS_EVERY:
            self._progress_said = now
            self.post_message(LoadProgress(done, total))

    # -- a cold start: rows from headers first, bodies read behind (docs/cold-start.md) --

    def _glimpse(self) -> None:
        """In the loading worker: with nothing cached, show the newest messages from their
        headers (one round trip) before the listing. A failure here is left to the
        listing, which says it properly."""
        try:
            first = self.triage.glimpse()
        except Exception:  # even a bug: the listing reports it (LoadFailed)
            return
        if first is not None:
            self.post_message(InboxLoaded(first))

    def _rows_read(self, rows: list[Row]) -> None:
        self.post_message(RowsRead(rows))

    def on_rows_read(self, message: RowsRead) -> None:
        """Show the messages read so far (provisional rows replaced by full ones), at most
        every ROWS_EVERY seconds: redrawing the queue for each batch would slow the
        reading."""
        now = time.monotonic()
        if now - self._rows_shown >= ROWS_EVERY:
            self._rows_shown = now
            self.queue.load(self.triage.rows())

    def on_load_progress(self, message: LoadProgress) -> None:
        """Show how far loading is, with a progress bar while many messages are read."""
        self.load_note = f"reading {message.done}/{message.total}…"
        bar = self.query_one("#sync-progress", ProgressBar)
        if message.done < message.total:
            bar.display = True
            bar.update(total=message.total, progress=message.done)
        else:
            bar.display = False

    def on_inbox_loaded(self, message: InboxLoaded) -> None:
        """Show the loaded queue."""
        result: InboxResult = message.result
        self.query_one("#sync-progress", ProgressBar).display = False
        self.load_seconds = time.monotonic() - self._load_started
        note = f"{result.from_cache} from cache, {result.parsed} read"
        if result.partial and not result.from_cache:
            note = f"{len(result.rows)} newest shown from their headers; listing…"
        if result.offline:
            self._went_offline(result.offline)
            note = self.load_note
        elif not result.partial:
            self._back_online()
        if result.pending and not result.offline:
            note = f"reading {len(result.pending)} new messages…"
        elif result.retry and not result.partial:
            self._retry(result.retry)
        if not result.partial and not result.pending and self.insight is not None:
            # A moment later: the first keys of a shift come before counting the queue.
            self.set_timer(COUNT_DELAY, self._count_queue)
        if not result.partial and not result.pending and not self._indexed:
            self._indexed = True
            self._index_documents()
        if result.unreadable:
            note += f", {len(result.unreadable)} unreadable"
            self.notify("\n".join(result.unreadable[:5]), title="Some messages were unreadable",
                        severity="warning", markup=False)
        self.load_note = note
        self.queue.load(result.rows)
        if not result.partial:
            self._load_personal()

    @work(thread=True, exclusive=True, group="personal", exit_on_error=False)
    def _load_personal(self) -> None:
        """Read the member's own claims, notes and opened messages (the state column)."""
        personal = self.triage.personal()
        self.app.call_from_thread(self._personal_loaded, personal)

    def _personal_loaded(self, personal: Personal) -> None:
        # A report opened while the store was being read is kept: opened only grows.
        table = self.queue.table
        table.set_personal(personal.with_seen_too(table.personal.seen))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_documents(self) -> None:
        """Write the filter's documents a migrated cache lacks, in the background; then
        search again (the filter's results were missing those messages)."""
        queue = self.queue

        def progress(done: int, total: int) -> None:
            note = f"filter index {done}/{total}" if done < total else ""
            self.app.call_from_thread(setattr, queue, "indexing", note)

        def index() -> list[Message]:
            if self.triage.index_documents(progress):
                self.app.call_from_thread(queue.search_again)
            return []

        self._deliver(index)

    def _search(self, query: Query) -> Hits:
        """What a filter finds beyond the rows (blocking: the queue view's worker)."""
        return self.triage.search(query, self._issue_keys)

    def _issue_keys(self, iid: int) -> frozenset[str]:
        """The messages linked to issue ``iid`` or likely for it (in a worker)."""
        return self.insight_service().issue_keys(iid)

    @work(thread=True, exclusive=True, group="insight", exit_on_error=False)
    def _count_queue(self) -> None:
        """Compute the facts of every report in the background, so the issues pane and
        alerts count likely reports too (saved: the next start reads them back)."""
        insight = self.insight
        if insight is None:
            return

        def count() -> list[Message]:
            insight.facts()
            self.app.call_from_thread(self._recount_current)
            return []

        self._deliver(count)

    def _recount_current(self) -> None:
        """Show the counts of the message on screen again, likely reports included."""
        current = self.queue.table.current
        if current is not None:
            self.show_suggestions(current.key)

    @work(thread=True, exclusive=True, group="retry", exit_on_error=False)
    def _retry(self, items: Sequence[SourceItem]) -> None:
        """Try the undecryptable messages again, after the queue is already on screen."""
        self._deliver(lambda: [RowChanged(row) for row in self.triage.retry(items)])

    # -- the report and its suggestions ---------------------------------------------

    def on_queue_table_row_highlighted(self, message: QueueTable.RowHighlighted) -> None:
        """Show the message under the cursor, after the cursor rests a moment."""
        self._pending = message.row
        self.highlight.poke()

    def _show_pending(self) -> None:
        row = self._pending
        view = self.query_one(ReportView)
        self.refresh_bindings()  # what applies to this message (the footer), once it rests
        if row is None:
            view.show_entry(None)
            self.query_one(IssueList).show_matches([])
            self.query_one(ReplyList).show_replies([])
            return
        if view.entry is not None and view.entry.key == row.key:
            return
        view.show_loading(row)
        self.query_one(IssueList).show_matches(None)
        self.query_one(ReplyList).show_replies(None)
        self.show_suggestions(row.key)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def show_suggestions(self, key: str) -> None:
        """Read the complete message from the cache, then match it (off the UI thread)."""
        def suggest() -> list[Message]:
            entry = self.triage.full(key)
            if entry is None:
                return []
            self.triage.opened(key)  # opened in the report view: kept for this member
            matches = self.triage.suggestions(entry)
            replies = self.triage.replies_for(entry, matches, self._stable())
            counts: dict[int, ReportCount] = {}
            linked: list[int] = []
            if self.actions is not None:
                counts = self.actions.counts([m.issue.iid for m in matches])
                linked = self.actions.linked(entry)
            if self.insight is not None:  # linked, and likely once the queue is counted
                counts = self.insight.with_likely(counts)
            return [SuggestionsLoaded(key, matches, replies, entry, counts, linked,
                                      self.fixed_in([m.issue.iid for m in matches]))]

        self._deliver(suggest)

    def on_suggestions_loaded(self, message: SuggestionsLoaded) -> None:
        """Show the message and fill the issue and reply panes, if the cursor is still on
        that message."""
        current = self.queue.table.current
        if current is None or current.key != message.key:
            return
        view = self.query_one(ReportView)
        view.show_entry(message.entry, self.triage.note(message.key),
                        self.triage.claimed_by_me(message.key))
        table = self.queue.table
        table.set_personal(table.personal.with_seen(message.key))
        self.query_one(IssueList).show_matches(message.matches, message.counts,
                                               message.linked, message.fixed)
        self.refresh_bindings()  # an issue in the pane: link and alert apply
        team = message.entry.kind is Kind.TEAM  # docs/team-mail.md
        self.query_one(ReplyList).show_replies(
            message.replies, "a team's mail: r replies to its sender, quoting it; i writes "
            "the report IDs on the issue it names" if team else
            "no standard reply for this message")

    def on_issue_list_chosen(self, message: IssueList.Chosen) -> None:
        """Open an issue's description."""
        issue = message.match.issue
        title = Content.assemble((f"{issue.ref} ", "bold cyan"), literal(issue.title, "bold"),
                                 (f"  {issue.state}  {', '.join(issue.labels)}", "dim"))
        body = Content.assemble(literal(issue.web_url, "underline"), "\n\n",
                                ("matched: ", "dim"), literal(", ".join(message.match.terms)),
                                "\n\n", literal(issue.description or "(no description)"))
        self.app.push_screen(PreviewScreen(title, body))

    def on_reply_list_chosen(self, message: ReplyList.Chosen) -> None:
        """Preview a reply filled in for the message under the cursor; ``r`` there replies
        with it (flows/reply.py)."""
        start(self, preview_reply, message.choice)

    # -- what workers report ------------------------------------------------------

    def on_row_changed(self, message: RowChanged) -> None:
        """Redraw a changed message."""
        row = message.row
        table = self.queue.table
        note = self.triage.note(row.key)
        table.set_personal(table.personal.with_note(row.key, bool(note)).with_claim(
            row.key, self.triage.claimed_by_me(row.key)))
        self.queue.replace(row)
        view = self.query_one(ReportView)
        if view.entry is not None and view.entry.key == row.key:
            # Keep the complete entry on screen; only its marks or note changed.
            view.show_entry(view.entry.with_marks(row.marks), note,
                            self.triage.claimed_by_me(row.key))
        self._update_status()

    def _deliver(self, job: Callable[[], Iterable[Message]]) -> None:
        """Run a blocking job (in a worker thread) and post its messages, or its failure
        (hdtui/ui/failures.py)."""
        try:
            messages = list(job())
        except (HdtuiError, ComposeError) as error:
            self.post_message(failure_message(error))
            return
        for message in messages:
            self.post_message(message)

    def on_notice(self, message: Notice) -> None:
        """Say what a background job did, and anything that did not happen."""
        self.notify(message.text, title=message.title, markup=False)
        for problem in message.problems:
            self.notify(problem, title="Not everything happened", severity="warning",
                        timeout=15, markup=False)

    def on_action_failed(self, message: ActionFailed) -> None:
        """Say what went wrong: a refused write in a skim or a conflict is a warning (a
        conflict also shows what the other member did), anything else a dialog."""
        error = message.error
        if isinstance(error, ConflictError):
            self._refresh_quietly()  # show what the other member did
        current = self.queue.table.current
        if isinstance(error, (WriteKept, TrackerRefused)) and current is not None:
            self.show_suggestions(current.key)  # the issue's count: "1 link pending"
        if is_warning(error):
            self.notify(error.message, title=error.title, severity="warning", markup=False)
            return
        from hdtui.ui.screens.error import ErrorModal

        self.app.push_screen(ErrorModal(error.title, error.message))
