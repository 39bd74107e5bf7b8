"""Provides InboxScreen: the queue, the report, the matching issues and the replies.

The screen lays the panes out and routes keys, focus and the status line. Its parts live in
their own places: what the queue shows (filter, sort, kind, layout) is the QueueView's
reactive state; keeping the queue up to date (loading, the server's changes, going offline
and back, the GitLab writes kept in the outbox) is the MailboxFeed's; the report with its
known issues and replies is the ReportPane's; every action on a message is a flow of its own
(hdtui/ui/flows/, see docs/actions.md), which ``action_flow`` starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import work
from textual.actions import parse
from textual.app import ComposeResult, ScreenStackError
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from hdtui.domain.query import Hits, Query
from hdtui.domain.queue import Row
from hdtui.domain.text import cells, cut
from hdtui.errors import ConflictError, HdtuiError, TrackerRefused, WriteKept
from hdtui.services.later import Later, later, ready
from hdtui.services.triage import InboxResult, Triage
from hdtui.ui.applicable import Situation, explained, needs_of, why_not
from hdtui.ui.debounce import Debounce
from hdtui.ui.failures import is_warning, shift_key, warning_text
from hdtui.ui.flows import FLOW_BINDINGS, FLOWS
from hdtui.ui.flows.flow import start
from hdtui.ui.messages import (
    ActionFailed,
    LoadFailed,
    LoadProgress,
    Notice,
    Offline,
    RowChanged,
)
from hdtui.ui.safe import literal
from hdtui.ui.widgets.footer_slot import FooterSlot
from hdtui.ui.widgets.mailbox_feed import MailboxFeed
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.queue_view import Only, QueueView, layout_for
from hdtui.ui.widgets.report_pane import ReportPane
from hdtui.ui.widgets.shift_bar import ShiftBar

HIGHLIGHT_DELAY = 0.06
"""Seconds the cursor rests on a message before it is read and matched."""
LAYOUT_NAMES = {"split": "queue beside the report", "stacked": "queue above the report",
                "pager": "one pane at a time (enter opens, escape goes back)"}

if TYPE_CHECKING:  # built after the first frame (docs/benchmarks.md, "Services built after
    # the first frame"), as is the progress bar of a long read (session 10)
    from datetime import date

    from textual.widgets import ProgressBar

    from hdtui.domain.insight.clusters import Cluster
    from hdtui.services.acting import Actions
    from hdtui.services.insight import Insight

    # the report pane's parts, imported when they are mounted (docs/benchmarks.md,
    # "Session 15: warm first rows")
    from hdtui.ui.widgets.reply_list import ReplyList


def _flow_name(action: str) -> str:
    """The name an action is judged by: ``flow('name', ...)``'s flow, else the action's."""
    _, name, params = parse(action)
    return str(params[0]) if name == "flow" and params else name


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
        *FLOW_BINDINGS,  # the actions on a message: hdtui/ui/flows/__init__.py
    ]

    AUTO_FOCUS = "#queue"
    """The queue has the focus from the start: given to the filter first (Textual's
    default, the first focusable widget) and then moved, it restyled both."""

    load_note: var[str] = var("loading…", init=False)
    """How loading the queue stands (the status line, after the queue's own part)."""

    def __init__(self, triage: Triage, source_label: str,
                 snapshot: InboxResult | None = None, width: int = 80,
                 actions: Actions | Later[Actions] | None = None,
                 insight: Insight | Later[Insight] | None = None,
                 classes: str = "") -> None:
        """``classes``: more classes from the start (the app's breakpoint classes)."""
        # Classes set before the first styling pass cost nothing; set later they restyle all.
        super().__init__(classes=f"-layout-{layout_for(width)} {classes}".strip())
        self.triage = triage
        self._actions = later(actions)
        self._insight = later(insight)
        self.snapshot = snapshot
        self.source_label = source_label
        self.release_armed: tuple[str, float] | None = None
        """A foreign claim the member was warned about: (key, when) (flows/marks.py)."""
        self.hot_topics_at = ""
        """The hot-topics row last opened (``#19113``, a cluster's id): H reopens there."""
        self.flagged_clusters: tuple[Cluster, ...] = ()
        """The new problems hot topics last counted as flagged, and the day it counted to:
        ``A`` on one of their reports offers to alert about the new problem (walk29;
        docs/insight.md, "Alerts"). The clusters alone, not the overview: its facts are
        not kept alive after hot topics closes."""
        self.flagged_day: date | None = None
        self._pending: Row | None = None
        self.highlight = Debounce(self, HIGHLIGHT_DELAY, self._show_pending)
        self.feed = MailboxFeed()
        """The mailbox behind the queue: loading, listening, reconnecting."""
        self.report_pane = ReportPane(id="side", later=True)
        """The report with its known issues and replies, mounted once the first frame is
        drawn at every width (docs/benchmarks.md, "Session 13: warm first rows")."""
        self._progress_waiting: LoadProgress | None = None
        self.read_progress: tuple[int, int] = (0, 0)
        """How far the read under way is (done, total), for a screen opened over it."""
        """The last progress of a read while another screen covered this one."""
        self._held = False
        """Changes of this screen under another one, not drawn yet: the queue is loading
        (``_compositor_refresh``)."""

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The panes."""
        yield ShiftBar(self.triage.read_only, self.source_label, id="shift-bar")
        with Horizontal(id="main"):
            yield QueueView(self._search, id="queue-pane")
            yield self.report_pane
        with Horizontal(id="status-line"):
            yield Static(id="status")  # and the progress bar of a long read (show_progress)
        yield FooterSlot()  # the footer, mounted in it after the first frame
        yield self.feed

    @property
    def queue(self) -> QueueView:
        """The queue pane."""
        return self.query_one(QueueView)

    def on_resize(self) -> None:
        """Take the layout that reads best at the new width (docs/layouts.md), unless the
        member chose one."""
        self.queue.fit(self.size.width)
        self.update_status()  # fitted to the new width

    @property
    def covered(self) -> bool:
        """Another screen is on top of this one (``is_current`` is still true for a screen
        seen dimmed under a modal one)."""
        try:
            return self.app.screen is not self
        except ScreenStackError:  # no screen left: the app is closing
            return True

    def _compositor_refresh(self) -> None:
        """Textual's, but while another screen covers this one and the queue loads (the
        shift-start screen over a first read), what changes here waits for the load's end
        (``show_held``) or for this screen to be on top: Textual draws the screen on top
        again whole for each change of a covered one, dimming this one's every segment
        (docs/cold-start.md, "The queue under another screen")."""
        if self.feed.load_running and self.covered and not self.app.is_inline:
            self._held = True
            self._dirty_widgets.clear()  # their regions stay in the compositor's dirty ones
            return
        self._held = False
        super()._compositor_refresh()

    def show_held(self) -> None:
        """The load has ended: what changed under the screen on top is drawn, once."""
        if self._held:
            self._compositor_refresh()

    def on_screen_resume(self) -> None:
        """On top again: what a read did while another screen covered the queue is shown
        (docs/cold-start.md, "The queue under another screen")."""
        waiting, self._progress_waiting = self._progress_waiting, None
        if waiting is not None:
            self.on_load_progress(waiting)
        self.feed.show_covered()

    def on_mount(self) -> None:
        """Start loading the queue, and listening to the server."""
        queue = self.queue
        self.set_focus(queue.table)
        if self.report_pane.ready:  # else once its parts are mounted, after the first frame
            self.report_pane.view.show_entry(None)
        self.watch(queue, "status", self.update_status)
        self.watch(queue, "counts", self.query_one(ShiftBar).set_counts)
        queue.arrangement = layout_for(self.size.width)
        self.watch(queue, "arrangement", self._layout_changed, init=False)
        self.watch(queue, "page", self._page_changed, init=False)
        snapshot, self.snapshot = self.snapshot, None
        self.feed.start(snapshot)

    def _layout_changed(self, old: str, new: str) -> None:
        self.set_class(False, f"-layout-{old}")
        self.set_class(True, f"-layout-{new}")
        if new != "pager":
            self.queue.page = ""
            self.report_pane.mark_opened()  # the report is beside the queue now
        elif not self.queue.page:
            self.set_focus(self.queue.table)

    def _page_changed(self, old: str, new: str) -> None:
        """Show another page of the pager and focus it."""
        if old:
            self.set_class(False, f"-page-{old}")
        if new:
            self.set_class(True, f"-page-{new}")
            self.report_pane.mark_opened()  # the report is open now (docs/marks.md)
        self.set_focus(self.query_one(f"#{new or 'queue'}"))

    @property
    def paged(self) -> bool:
        """The main screen is a pager (one pane at a time)."""
        return self.queue.arrangement == "pager"

    # -- the status line ------------------------------------------------------------

    def watch_load_note(self) -> None:
        """Show how loading stands."""
        self.update_status()

    def update_status(self) -> None:
        """Show the queue's part, how loading stands and what waits in the outbox; when
        it is too long, the first two are cut, never what waits (an offline reason can
        be long, and the outbox matters most then)."""
        try:
            parts = [self.queue.describe(), self.load_note]
        except NoMatches:  # being torn down (a worker's last result as the app closes)
            return
        waits: list[str] = []
        waiting = len(self.triage.outbox()) if self.triage.live is not None else 0
        if waiting:
            waits.append(f"outbox: {waiting} waiting (ctrl+o)")
        gitlab_waiting = self.feed.gitlab_waiting
        if gitlab_waiting:
            waits.append(f"GitLab: {gitlab_waiting} write(s) waiting (ctrl+o)")
        status = self.query_one("#status", Static)
        text = " · ".join((*parts, *waits))
        width = status.size.width or self.size.width
        if waits and width and cells(text) > width:
            end = " · ".join(waits)
            front = cut(" · ".join(p for p in parts if p), width - cells(end) - 3)
            text = f"{front} · {end}" if front else end
        status.update(literal(text))

    def on_load_progress(self, message: LoadProgress) -> None:
        """Show how far loading is, with a progress bar while many messages are read.

        Under another screen (the shift-start screen over a first read) the last progress
        waits until the queue is on top again: each update of a covered screen made
        Textual draw it again whole, dimmed under the one on top, on the interpreter the
        reading's hand-over shares (docs/cold-start.md, "The queue under another
        screen")."""
        self.read_progress = (message.done, message.total)
        if self.covered:
            # The shift-start screen over a first read shows it (issue #12's walk: nothing
            # on it said the read went on); only the screen on top is drawn.
            shown = getattr(self.app.screen, "show_progress", None)
            if callable(shown):
                shown(message.done, message.total)
        if self.covered and message.done < message.total:
            self._progress_waiting = message
            return
        self._progress_waiting = None
        self.load_note = f"reading {message.done}/{message.total}…"
        if message.done < message.total:
            bar = self.progress_bar() or self._mount_progress_bar()
            bar.display = True
            bar.update(total=message.total, progress=message.done)
        else:
            self.hide_progress()

    def progress_bar(self) -> ProgressBar | None:
        """The progress bar of a long read, once one was shown (looked up by its id: its
        class is imported when the first one is made)."""
        found = self.query("#sync-progress")
        return cast("ProgressBar", found.first()) if found else None

    def _mount_progress_bar(self) -> ProgressBar:
        """The progress bar, mounted in the status line at its first use: a warm start
        never shows it, and its widgets and styles cost the first frame (docs/benchmarks.md,
        "Warm start imports", session 10)."""
        from textual.widgets import ProgressBar

        bar = ProgressBar(id="sync-progress", show_eta=False, show_percentage=True)
        self.query_one("#status-line").mount(bar)
        return bar

    def hide_progress(self) -> None:
        """Hide the progress bar, if one was shown."""
        self._progress_waiting = None
        self.read_progress = (0, 0)
        bar = self.progress_bar()
        if bar is not None:
            bar.display = False

    def on_load_failed(self, message: LoadFailed) -> None:
        """Replace "loading…" by what failed and what to do, and show the error."""
        error = message.error
        self.hide_progress()
        self.load_note = (f"not loaded: {error.title} (fix it, then press "
                          f"{self.key_for('refresh-inbox', 'f5')} to reload)")
        self.post_message(ActionFailed(error))

    def key_for(self, binding_id: str, default: str) -> str:
        """The first key bound to ``binding_id`` in the member's keymap."""
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        return (keymap.get(binding_id) or default).split(",")[0]

    # -- actions: a flow each (hdtui/ui/flows/, docs/actions.md) -----------------------

    def action_flow(self, name: str, *args: str) -> None:
        """Start the flow of the action ``name`` (hdtui/ui/flows/__init__.py)."""
        start(self, FLOWS[name].flow, *args)

    def action_refresh_inbox(self) -> None:
        """Reload the queue from the mailbox (cached reports are not decrypted again), and
        bring the known issues and their links up to date (docs/gitlab.md)."""
        self.feed.refresh_inbox()
        self.feed.sync_known_issues()

    @property
    def actions(self) -> Actions | None:
        """The actions of a shift (built now if the app's worker has not yet)."""
        return self._actions.get() if self._actions is not None else None

    def services_or_none(self) -> tuple[Actions | None, Insight | None]:
        """The actions and the counting service, for reading a message: one that cannot be
        built is None (its failure was said by the worker that builds them at start), so
        a message is always read and shown (docs/config.md, "One section wrong")."""
        try:
            actions = self.actions
        except HdtuiError:
            actions = None
        try:
            insight = self.insight
        except HdtuiError:
            insight = None
        return actions, insight

    @property
    def actions_built(self) -> Actions | None:
        """The actions if they are built already (never builds them: the first frame)."""
        return self._actions.built if self._actions is not None else None

    @property
    def insight(self) -> Insight | None:
        """The counting service of the session, if it has one."""
        return self._insight.get() if self._insight is not None else None

    @property
    def insight_built(self) -> Insight | None:
        """The counting service if it is built already (never builds it)."""
        return self._insight.built if self._insight is not None else None

    @property
    def has_insight(self) -> bool:
        """Whether the session counts its queue (without building the service)."""
        return self._insight is not None

    def services_ready(self) -> None:
        """The services were built after the first frame: the footer shows what they
        allow now (the teams of the actions), the feed uses them."""
        self.feed.services_ready()
        self.refresh_bindings()

    def insight_service(self) -> Insight:
        """The counting service, made on first use."""
        if self._insight is None:
            from hdtui.services.insight import Insight

            actions = self.actions
            self._insight = ready(Insight(self.triage,
                                                actions.tracker if actions else None))
        return self._insight.get()

    def recount_only(self) -> None:
        """The queue shows the reports of a hot topics row (``Only.row``): count them
        again, in a worker, and show those counted now. After a link or f5 the filter
        "reports of C-…" still showed the reports hot topics had counted (walkfix27: 4
        where the cluster now held 3); docs/insight.md, "Session 27: walkfix27"."""
        only = self.queue.only
        if only is None or not only.row or self._insight is None:
            return
        self._recount_only(only)

    @work(thread=True, exclusive=True, group="only-recount", exit_on_error=False)
    def _recount_only(self, only: Only) -> None:
        from hdtui.ui.screens.hot_topics import reports_of

        insight = self.insight
        if insight is None or get_current_worker().is_cancelled:
            return  # a newer recount replaced this one before it began
        try:
            view = insight.overview()
        except HdtuiError:
            return  # the numbers' own screens say why; the reports shown stay
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._only_recounted, only, reports_of(view, only.row))

    def _only_recounted(self, only: Only, keys: tuple[str, ...] | None) -> None:
        if self.queue.only is not only:
            return  # the member left those reports meanwhile (escape, a filter)
        known = set(self.queue.all_rows.each_key())
        label = only.row if keys is not None else f"{only.row}, none now"
        self.queue.only = only._replace(
            keys=frozenset(k for k in keys or () if k in known), label=label)

    def gitlab_retry_at(self, moment: float | None) -> None:
        """Retry the GitLab writes kept in the outbox at ``moment`` (MailboxFeed)."""
        self.feed.gitlab_retry_at(moment)

    def _search(self, query: Query) -> Hits:
        """What a filter finds beyond the rows (blocking: the queue view's worker); an
        issue's reports are the messages linked to it or likely for it."""
        return self.triage.search(query, lambda iid: self.insight_service().issue_keys(iid))

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
                    f"{self.key_for('cycle-layout', 'v')} for the next)", timeout=3)

    def action_open_report(self) -> None:
        """Open the message under the cursor: full-screen in the pager, else focus it."""
        if self.queue.table.current is None:
            self.notify("No message to open: the queue shows none.", severity="warning",
                        timeout=3)
            return
        self.action_focus_pane("report")

    # -- what applies now: the footer and the palette (hdtui/ui/applicable.py) -----------

    def situation(self) -> Situation:
        """What the screen shows and allows now."""
        actions = self.actions_built  # built after the first frame: services_ready
        teams = actions.teams if actions is not None else []
        return Situation(
            has_message=self.queue.table.current is not None,
            read_only=self.triage.read_only,
            has_actions=self._actions is not None,
            has_issue=self.report_pane.has_issue,
            teams=len(teams), xmpp_teams=sum(1 for t in teams if t.xmpp),
            shift_key=shift_key(getattr(self.app, "keymap", {})))

    def not_now(self, action: str, situation: Situation | None = None) -> str | None:
        """Why ``action`` cannot apply now, or None (its key still runs and says why);
        ``flow('name', ...)`` is judged by the flow's name. ``situation``: the screen's,
        when the caller judges many actions at once."""
        try:
            return why_not(_flow_name(action), situation or self.situation())
        except NoMatches:  # not composed yet, or being torn down
            return None

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's bindings: one that cannot apply now is greyed, with why as its
        tooltip; in a read-only skim the mailbox writes are left out (a skim never allows
        them: the footer shows what acts, docs/skim.md). Only the footer reads this; keys
        are dispatched without it, so the key still runs its flow, which says why (every
        key acts or says why not). The situation is looked at once for all the keys."""
        try:
            situation = self.situation()
        except NoMatches:  # not composed yet, or being torn down: nothing greyed
            return super().active_bindings
        bindings = super().active_bindings
        refused = {active.binding.action for active in bindings.values()
                   if situation.read_only and needs_of(_flow_name(active.binding.action)).writes}
        return explained(bindings, self, lambda action: self.not_now(action, situation),
                         hidden=refused)

    # -- focus and keys ----------------------------------------------------------------

    def action_focus_filter(self) -> None:
        """Type a filter."""
        # The box is on screen (in the pager, the queue's page is shown first), so focusing
        # it cannot race with a layout refresh and keys typed right after "/" reach it.
        self.report_pane.forget_held()  # a focus key typed before "/" acts no later
        if self.paged:
            self.queue.page = ""
        self.set_focus(self.queue.box)

    def action_focus_pane(self, pane: str) -> None:
        """Move the focus to a pane; in the pager, show that pane's page."""
        if pane != "queue" and not self.report_pane.ready:
            # Pressed in the first frame: the pane's parts are mounted right after it.
            self.report_pane.once_mounted(partial(self.action_focus_pane, pane))
            return
        if pane == "queue":
            self.report_pane.forget_held()  # the last focus key pressed wins
        if self.paged:
            page = "" if pane == "queue" else pane
            if self.queue.page != page:
                self.queue.page = page  # focused by _page_changed
                return
        self.set_focus(self.query_one(f"#{pane}"))

    def on_key(self, event: object) -> None:
        """Escape goes back a page in the pager (issues or replies: the report; the report:
        the queue), else shows the whole queue again after hot topics showed some
        reports, and reopens hot topics on the row they came from."""
        if getattr(event, "key", "") != "escape":
            return
        if self.paged and self.queue.page:
            self.queue.page = "report" if self.queue.page != "report" else ""
            getattr(event, "stop", lambda: None)()
        elif self.queue.only is not None:
            back, args = self.queue.only.back, self.queue.only.back_args
            self.queue.only = None
            if back:
                getattr(event, "stop", lambda: None)()
                self.action_flow(back, *args)

    # -- the message under the cursor (hdtui/ui/widgets/report_pane.py) ------------------

    def on_queue_table_row_highlighted(self, message: QueueTable.RowHighlighted) -> None:
        """Show the message under the cursor, after the cursor rests a moment."""
        self._pending = message.row
        self.highlight.poke()

    def _show_pending(self) -> None:
        self.refresh_bindings()  # what applies to this message (the footer), once it rests
        self.report_pane.show(self._pending)

    def on_reply_list_chosen(self, message: ReplyList.Chosen) -> None:
        """Preview a reply filled in for the message under the cursor; ``r`` there replies
        with it (flows/reply.py)."""
        from hdtui.ui.flows.reply import preview_reply  # on first use (issue #12)

        start(self, preview_reply, message.choice)

    # -- what workers and flows report ------------------------------------------------

    def on_row_changed(self, message: RowChanged) -> None:
        """Redraw a changed message."""
        row = message.row
        table = self.queue.table
        note = self.triage.note(row.key)
        table.set_personal(table.personal.with_note(row.key, bool(note)).with_claim(
            row.key, self.triage.claimed_by_me(row.key)))
        self.queue.replace(row)
        self._show_state(row, force=True)
        self.update_status()

    def follow_server(self) -> None:
        """The queue was loaded again (the server changed, a reload): the report on screen
        takes its row's new marks and \\Seen, so its state and claim lines follow what
        another member or client did (docs/team-mail.md)."""
        current = self.queue.table.current
        if current is not None:
            self._show_state(current)

    def _show_state(self, row: Row, force: bool = False) -> None:
        """Show the report on screen with ``row``'s marks, if it is that message (and they
        changed, unless ``force``: a note or a claim may have changed alone)."""
        if not self.report_pane.ready:
            return  # nothing shown yet
        view = self.report_pane.view
        entry = view.entry
        if entry is None or entry.key != row.key or not (force or entry.differs_from(row)):
            return
        # Keep the complete entry on screen; only its marks, \Seen or note changed.
        view.show_entry(entry.following(row), self.triage.note(row.key),
                        self.triage.claimed_by_me(row.key),
                        self.triage.claimant(row.key, entry.message.message_id))

    def on_queue_view_removed(self, message: QueueView.Removed) -> None:
        """The message on screen is gone from the mailbox: say so, say where the cursor is
        now, and tell an open draft about it (it is kept; docs/team-mail.md)."""
        from hdtui.ui.screens.compose import REMOVED, ComposeScreen  # on first use (#12)

        gone = message.row
        now = (f"The cursor is on the next message, {message.now.described}."
               if message.now is not None else "The queue is empty now.")
        self.notify(f"{REMOVED} ({gone.described}). {now}", title="Report removed",
                    severity="warning", timeout=20, markup=False)
        for screen in self.app.screen_stack:
            if isinstance(screen, ComposeScreen) and screen.draft.report_key == gone.key:
                screen.report_gone(REMOVED)

    def on_offline(self, message: Offline) -> None:
        """The server is unreachable (a load, a flow, a worker): the feed reconnects."""
        self.feed.went_offline(message.reason)

    def on_notice(self, message: Notice) -> None:
        """Say what a background job did, and anything that did not happen."""
        self.notify(message.text, title=message.title, markup=False)
        self.say_problems(message.title, message.problems)  # (the notice's subject)

    def on_action_failed(self, message: ActionFailed) -> None:
        """Say what went wrong: a refused write in a skim or a conflict is a warning (a
        conflict also shows what the other member did), anything else a dialog."""
        error = message.error
        if isinstance(error, ConflictError):
            self.feed.refresh_quietly()  # show what the other member did
        current = self.queue.table.current
        if isinstance(error, (WriteKept, TrackerRefused)) and current is not None:
            self.report_pane.show_suggestions(current.key)  # the count: "1 link pending"
        if is_warning(error):
            self.notify(warning_text(error, getattr(self.app, "keymap", {})),
                        title=error.title, severity="warning", markup=False)
            return
        from hdtui.ui.screens.error import show_error

        show_error(self.app, error.title, error.message)

    def say_problems(self, title: str, problems: Sequence[str]) -> None:
        """What did not happen and needs the member (a recipient refused, a mark or an
        offline change not saved, a kept GitLab write refused): one box, open until
        escape or enter, not a toast gone after 15 s while the member looked elsewhere."""
        if problems:
            from hdtui.ui.screens.error import show_error

            show_error(self.app, title, "\n".join(problems))
