"""Provides InboxScreen: the queue, the report, the matching issues and the replies."""

from __future__ import annotations

import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import attrgetter

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static

from hdtui.domain.insight import Overview
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Mark
from hdtui.domain.query import Hits, Query, QueryError, filter_rows, parse
from hdtui.domain.queue import KINDS, Row, SortOrder, sort_rows
from hdtui.domain.releases import FeedResult, fixed_in
from hdtui.domain.reply import render
from hdtui.errors import (
    ConflictError,
    ForeignClaimError,
    HdtuiError,
    ReadOnlyError,
    TrackerError,
    is_connection_problem,
)
from hdtui.services.acting import Actions, reply_values
from hdtui.services.insight import Insight
from hdtui.services.triage import InboxResult, Triage
from hdtui.ui.messages import (
    ActionFailed,
    InboxLoaded,
    IssueLinked,
    LoadFailed,
    LoadProgress,
    MailboxChanged,
    Notice,
    Offline,
    OutboxFlushed,
    RowChanged,
    SearchDone,
    SuggestionsLoaded,
)
from hdtui.ui.safe import SafeInput, literal
from hdtui.ui.screens.acting import ActingScreen
from hdtui.ui.screens.hot_topics import HotChoice
from hdtui.ui.screens.note import NoteScreen
from hdtui.ui.screens.preview import PreviewScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.reply_list import ReplyList
from hdtui.ui.widgets.report_view import ReportView
from hdtui.ui.widgets.shift_bar import ShiftBar

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)
LAYOUTS = ("split", "queue", "report")


COUNT_DELAY = 2.0
"""Seconds after the queue is loaded before its reports are counted in the background."""


class InboxScreen(ActingScreen):
    """The main screen of a shift."""

    BINDINGS = [
        Binding("f5", "refresh_inbox", "Reload", id="refresh-inbox"),
        Binding("slash", "focus_filter", "Filter", id="focus-filter"),
        Binding("s", "cycle_sort", "Sort", show=False, id="cycle-sort"),
        Binding("k", "cycle_kind", "Kind", show=False, id="cycle-kind"),
        Binding("v", "cycle_layout", "View", show=False, id="cycle-layout"),
        Binding("1", "focus_pane('queue')", "Queue", show=False, id="focus-queue"),
        Binding("2", "focus_pane('report')", "Report", show=False, id="focus-report"),
        Binding("3", "focus_pane('issues')", "Issues", show=False, id="focus-issues"),
        Binding("4", "focus_pane('replies')", "Replies", show=False, id="focus-replies"),
        Binding("c", "toggle_mark('claimed')", "Claim", id="toggle-claim"),
        Binding("m", "toggle_mark('triaged')", "Triaged", id="mark-triaged"),
        Binding("o", "toggle_mark('no-reply')", "No reply", show=False, id="mark-no-reply"),
        Binding("N", "edit_note", "Note", show=False, id="edit-note"),
        Binding("l", "link_issue", "Link issue", show=False, id="link-issue"),
        Binding("t", "toggle_tag", "Tag", show=False, id="toggle-tag"),
        Binding("r", "reply", "Reply", id="reply-message"),
        Binding("f", "forward", "Forward", id="forward-message"),
        Binding("F", "raise_ft", "[FT]", show=False, id="raise-ft"),
        Binding("I", "create_issue", "New issue", show=False, id="create-issue"),
        Binding("A", "alert_team", "Alert", show=False, id="alert-team"),
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

    NARROW = 120
    _insight: Insight | None

    def action_update_auto_reply(self) -> None:
        """Update the auto-reply's frequent problems (docs/autoreply.md)."""
        from hdtui.ui.screens.autoreply import open_auto_reply

        insight = self._insight_service()

        def overview() -> tuple[Overview, dict[int, KnownIssue]]:  # in the worker
            issues = {i.iid: i for i in self.triage.known_issues().issues}
            return insight.overview(), issues

        open_auto_reply(self, overview)

    def _insight_service(self) -> Insight:
        """The counting service, made on first use."""
        if self._insight is None:
            actions = self.actions
            self._insight = Insight(self.triage, actions.tracker if actions else None)
        return self._insight

    def __init__(self, triage: Triage, source_label: str,
                 snapshot: InboxResult | None = None, width: int = 80,
                 actions: Actions | None = None, insight: Insight | None = None) -> None:
        # Classes set before the first styling pass cost nothing; set later they restyle all.
        super().__init__(classes="-layout-split -narrow" if width < self.NARROW
                         else "-layout-split")
        self.triage = triage
        self.actions = actions
        self.snapshot = snapshot
        self.source_label = source_label
        self.all_rows: list[Row] = []
        self.queue_order = SortOrder.PRIORITY
        self.kind_filter: Kind | None = None
        self.query_filter = Query()
        """The filter the queue shows, with ``_hits`` when it needs them; a filter being
        typed replaces it once its search is done (``_wanted``), an invalid one never."""
        self._hits: Hits | None = None
        self._sorted: tuple[list[Row], SortOrder, list[Row]] | None = None
        """The queue sorted: which rows, in which order."""
        self._wanted: Query | None = None
        self._indexing = ""
        """How far writing the filter's documents is (a migrated cache), or ""."""
        self._indexed = False
        self.only_keys: frozenset[str] | None = None
        """The reports hot topics asked to see (escape shows the whole queue again)."""
        self.only_label = ""
        self._insight = insight
        self.layout_index = 0
        self._pending: Row | None = None
        self._release_armed: tuple[str, float] | None = None
        """A foreign claim the member was warned about: (key, when)."""
        self._highlight_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self._load_started = 0.0
        self.load_seconds = 0.0
        self._backoff = 2.0
        self._reconnect_timer: Timer | None = None
        self._change_timer: Timer | None = None
        self._stop_watch = threading.Event()
        self._load_note = "loading…"
        self._watching = False

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The panes."""
        yield ShiftBar(self.triage.read_only, self.source_label, id="shift-bar")
        with Horizontal(id="main"):
            with Vertical(id="queue-pane"):
                yield SafeInput(placeholder="/ filter: words kind:report version:7.5 state:new",
                            id="filter")
                yield Static(id="filter-error")
                yield QueueTable(id="queue")
            with Vertical(id="side"):
                yield ReportView(id="report")
                with Horizontal(id="suggest"):
                    yield IssueList(id="issues")
                    yield ReplyList(id="replies")
        with Horizontal(id="status-line"):
            yield Static(id="status")
            yield ProgressBar(id="sync-progress", show_eta=False, show_percentage=True)
        yield Footer()

    def on_resize(self) -> None:
        """Under 120 columns the queue goes on top and the report below."""
        narrow = self.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")

    def on_mount(self) -> None:
        """Start loading the queue, and listening to the server."""
        self.set_focus(self.query_one(QueueTable))
        self.query_one(ReportView).show_entry(None)
        self._start_watch()
        self._sync_known_issues()
        if self.snapshot is None:
            self.action_refresh_inbox()
            return
        # The cache was read before the first frame: show it now, read what is new after
        # (and, after only the first rows, the whole queue).
        self._load_started = time.monotonic()
        snapshot, self.snapshot = self.snapshot, None
        self.on_inbox_loaded(InboxLoaded(snapshot))
        if snapshot.partial:
            self._load_note = "reading the whole queue…"
            self._update_status()
            self._load_inbox()

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
        self._load_note = "loading…"
        self._update_status()
        self._start_watch()
        self._load_inbox()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _load_inbox(self) -> None:
        """List what changed and show the whole queue, then read the new messages."""
        found: list[InboxResult] = []

        def snapshot() -> list[Message]:
            found.append(self.triage.snapshot())
            return [InboxLoaded(found[0])]

        self._deliver_load(snapshot)
        if found and found[0].pending and not found[0].offline:
            self._deliver_load(lambda: [InboxLoaded(self.triage.read_pending(found[0],
                                                                             self._progress))])

    def _deliver_load(self, job: Callable[[], Iterable[Message]]) -> None:
        """Like _deliver, but every failure ends the "loading…" state: a lost connection
        goes offline (and retries), anything else, even a bug, becomes LoadFailed."""
        try:
            messages = list(job())
        except HdtuiError as error:
            self.post_message(Offline(error.message) if is_connection_problem(error)
                              else LoadFailed(error))
            return
        except Exception as error:  # in a worker it would vanish, "loading…" forever
            # Only the type and the place: an unexpected exception's text might hold a
            # secret or a message's content (docs/secrets.md).
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            self.post_message(LoadFailed(HdtuiError(
                f"Loading the queue failed because of a bug in hdtui ({type(error).__name__} "
                f"at {where}). Please report it; press {self._key('refresh-inbox', 'f5')} to "
                "try again.", "Loading failed")))
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
        self._load_note = (f"not loaded: {error.title} (fix it, then press "
                           f"{self._key('refresh-inbox', 'f5')} to reload)")
        self._update_status()
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
        self._load_note = f"offline ({reason})"
        self._update_status()
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
        self._reconnect_timer = self.set_timer(delay, self._refresh_quietly)

    def _back_online(self) -> None:
        if self.triage.live is not None and self.triage.outbox() and not self.triage.read_only:
            self._flush_outbox()
        self._backoff = 2.0
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
            self._reconnect_timer = None
        self.query_one(ShiftBar).set_offline("")

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

    def action_toggle_shift_mode(self) -> None:
        """Start a read-only skim, or go back to a normal shift."""
        read_only = not self.triage.read_only
        self.triage.set_read_only(read_only)
        self.query_one(ShiftBar).set_read_only(read_only)
        self.notify("Read-only skim: no answer is sent and nothing in the mailbox changes; "
                    "new problems can still be reported back (I issue, A alert)." if read_only
                    else "Normal shift: changes are allowed again.", markup=False)

    def action_show_hot_topics(self) -> None:
        """Hot topics, new problems and regressions over the whole queue (docs/insight.md)."""
        from hdtui.ui.screens.hot_topics import HotTopicsScreen

        actions = self.actions
        insight = self._insight_service()
        compute = insight.overview

        def writable() -> str | None:
            try:
                self.triage.ensure_writable("linking reports or creating an issue")
            except ReadOnlyError as error:
                return error.message
            return None

        def issues() -> dict[int, KnownIssue]:  # in the screen's worker: may ask GitLab
            return {i.iid: i for i in self.triage.known_issues().issues}

        self.app.push_screen(
            HotTopicsScreen(compute, issues, actions.link_many if actions else None, writable,
                            self._fixed_in, partial(insight.overview, counts_only=True)),
            self._hot_choice)

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

    def _fixed_in(self, iids: Iterable[int]) -> dict[int, str]:
        """The release that fixes each issue, from the feeds' last copy (docs/releases.md)."""
        result: FeedResult | None = getattr(self.app, "release_result", None)
        if result is None:
            return {}
        found = {iid: fixed_in(iid, result.state.releases) for iid in iids}
        return {iid: version for iid, version in found.items() if version}

    def _hot_choice(self, choice: HotChoice | None) -> None:
        if choice is None:
            return
        known = {r.key for r in self.all_rows}
        keys = [k for k in choice.keys if k in known]
        if choice.action == "show":
            self.only_keys = frozenset(keys)
            self.only_label = choice.label
            self._refresh_queue()
            self.set_focus(self.query_one(QueueTable))
            return
        actions = self._needs_actions()
        if actions is None or not keys:
            return
        mention = next((t.gitlab_mention for t in actions.teams if t.gitlab_mention), "")
        self._prepare("issue", tuple(keys), lambda: actions.issue_draft(keys, mention))
    def action_show_releases(self) -> None:
        """The latest Tails release, its notes and the unfixed advisories (fetched in a
        thread by the screen itself)."""
        from hdtui.ui.screens.releases import ReleasesScreen

        self.app.push_screen(ReleasesScreen(getattr(self.app, "releases", None)))

    def action_show_outbox(self) -> None:
        """List the changes waiting for the server, kept drafts, and in the demo what would
        have been sent."""
        ops = self.triage.outbox()
        lines = [f"{'+' if op.get('add') else '-'}{op.get('mark')}  {op.get('key')}" for op in ops]
        body = "\n".join(lines) or "Nothing waiting: every change is on the server."
        parts: list[Content | str | tuple[str, str]] = [literal(body)]
        if self.actions is not None:
            drafts = self.actions.drafts()
            if drafts:
                parts += ["\n\n", (f"Kept drafts ({len(drafts)}):", "bold")]
                for name, data in drafts.items():
                    parts += ["\n", literal(f"  {name}  {data.get('subject', '')}")]
            if self.actions.demo_log is not None:
                sent = self.actions.demo_log()
                parts += ["\n\n", (f"DEMO: NOT SENT. {len(sent)} message(s) and alert(s) that "
                                     "would have left this machine:", "bold reverse")]
                for item in sent:
                    when = time.strftime("%H:%M:%S", time.localtime(item.when))
                    parts += ["\n\n", (f"{when} {item.kind} to ", "bold"),
                              literal(item.to, "bold"), "\n", literal(item.title, "italic"),
                              "\n", literal(item.text[:2000])]
        self.app.push_screen(PreviewScreen(
            Content.styled(f"Outbox: {len(ops)} change(s) waiting for the server", "bold"),
            Content.assemble(*parts)))

    def _progress(self, done: int, total: int) -> None:
        self.post_message(LoadProgress(done, total))

    def on_load_progress(self, message: LoadProgress) -> None:
        """Show how far loading is, with a progress bar while many messages are read."""
        self._load_note = f"reading {message.done}/{message.total}…"
        bar = self.query_one("#sync-progress", ProgressBar)
        if message.done < message.total:
            bar.display = True
            bar.update(total=message.total, progress=message.done)
        else:
            bar.display = False
        self._update_status()

    def on_inbox_loaded(self, message: InboxLoaded) -> None:
        """Show the loaded queue."""
        result: InboxResult = message.result
        self.query_one("#sync-progress", ProgressBar).display = False
        self.all_rows = result.rows
        self.load_seconds = time.monotonic() - self._load_started
        self._load_note = f"{result.from_cache} from cache, {result.parsed} read"
        if result.offline:
            self._went_offline(result.offline)
        elif not result.partial:
            self._back_online()
        if result.pending and not result.offline:
            self._load_note = f"reading {len(result.pending)} new messages…"
        elif result.retry and not result.partial:
            self._retry(result.retry)
        if not result.partial and not result.pending and self._insight is not None:
            # A moment later: the first keys of a shift come before counting the queue.
            self.set_timer(COUNT_DELAY, self._count_queue)
        if not result.partial and not result.pending and not self._indexed:
            self._indexed = True
            self._index_documents()
        if self.query_filter.needs_search and self._wanted is None:
            self._wanted = self.query_filter  # new messages may match: search again
            self._search(self.query_filter)
        if result.unreadable:
            self._load_note += f", {len(result.unreadable)} unreadable"
            self.notify("\n".join(result.unreadable[:5]), title="Some messages were unreadable",
                        severity="warning", markup=False)
        self._refresh_queue()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_documents(self) -> None:
        """Write the filter's documents a migrated cache lacks, in the background; then
        search again (the filter's results were missing those messages)."""
        def progress(done: int, total: int) -> None:
            note = f"filter index {done}/{total}" if done < total else ""
            self.app.call_from_thread(self._indexing_progress, note)

        def index() -> list[Message]:
            if self.triage.index_documents(progress):
                self.app.call_from_thread(self._search_again)
            return []

        self._deliver(index)

    def _indexing_progress(self, note: str) -> None:
        self._indexing = note
        self._update_status()

    def _search_again(self) -> None:
        if self.query_filter.needs_search and self._wanted is None:
            self._wanted = self.query_filter
            self._search(self.query_filter)

    @work(thread=True, exclusive=True, group="insight", exit_on_error=False)
    def _count_queue(self) -> None:
        """Compute the facts of every report in the background, so the issues pane and
        alerts count likely reports too (saved: the next start reads them back)."""
        insight = self._insight
        if insight is None:
            return

        def count() -> list[Message]:
            insight.facts()
            self.app.call_from_thread(self._recount_current)
            return []

        self._deliver(count)

    def _recount_current(self) -> None:
        """Show the counts of the message on screen again, likely reports included."""
        current = self.query_one(QueueTable).current
        if current is not None:
            self._open(current.key)

    @work(thread=True, exclusive=True, group="retry", exit_on_error=False)
    def _retry(self, items: Sequence[SourceItem]) -> None:
        """Try the undecryptable messages again, after the queue is already on screen."""
        self._deliver(lambda: [RowChanged(row) for row in self.triage.retry(items)])

    # -- the queue --------------------------------------------------------------------

    def visible_rows(self) -> list[Row]:
        """Filtered and sorted rows: the queue is sorted once per change and order, then
        filtered (in order) at each keystroke."""
        rows = filter_rows(self._sorted_rows(), self.query_filter, self._hits)
        if self.kind_filter is not None:
            rows = [r for r in rows if r.kind is self.kind_filter]
        if self.only_keys is not None:
            rows = [r for r in rows if r.key in self.only_keys]
        return rows

    def _sorted_rows(self) -> list[Row]:
        saved = self._sorted
        if saved is None or saved[0] is not self.all_rows or saved[1] is not self.queue_order:
            saved = self._sorted = (self.all_rows, self.queue_order,
                                    sort_rows(self.all_rows, self.queue_order))
        return saved[2]

    def _refresh_queue(self) -> None:
        table = self.query_one(QueueTable)
        current = table.current
        table.show(self.visible_rows(), keep=current.key if current else None)
        self._update_status()

    def _update_status(self) -> None:
        table = self.query_one(QueueTable)
        parts = [f"{len(table.rows)}/{len(self.all_rows)} shown",
                 f"sort: {self.queue_order.value}"]
        if self.kind_filter is not None:
            parts.append(f"kind: {self.kind_filter.value}")
        if self.only_keys is not None:
            parts.append(f"reports of {self.only_label} (escape: all)")
        if self.query_filter.text.strip():
            parts.append(f"filter: {self.query_filter.text.strip()}")
        if self._wanted is not None:
            parts.append("searching…")
        if self._indexing:
            parts.append(self._indexing)
        tagged = len(self.query_one(QueueTable).tagged)
        if tagged:
            parts.append(f"{tagged} tagged")
        parts.append(self._load_note)
        waiting = len(self.triage.outbox()) if self.triage.live is not None else 0
        if waiting:
            parts.append(f"outbox: {waiting} waiting (ctrl+o)")
        self.query_one("#status", Static).update(literal(" · ".join(parts)))
        codes = Counter(map(attrgetter("kind_code"), self.all_rows))
        counts = {kind: codes.get(n, 0) for n, kind in enumerate(KINDS)}
        self.query_one(ShiftBar).set_counts(
            " ".join(f"{k.label} {n}" for k, n in counts.items() if n))

    def action_cycle_sort(self) -> None:
        """Sort by the next order."""
        self.queue_order = self.queue_order.next()
        self._refresh_queue()

    def action_cycle_kind(self) -> None:
        """Show only the next kind of message (then all again)."""
        index = KIND_CYCLE.index(self.kind_filter)
        self.kind_filter = KIND_CYCLE[(index + 1) % len(KIND_CYCLE)]
        self._refresh_queue()

    def action_focus_filter(self) -> None:
        """Type a filter."""
        # The box is always on screen, so focusing it cannot race with a layout refresh and
        # keys typed right after "/" reach it.
        self.set_focus(self.query_one("#filter", SafeInput))

    @on(SafeInput.Changed, "#filter")
    def _filter_changed(self, event: SafeInput.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, self._apply_filter)

    def _apply_filter(self) -> bool:
        """Show the filter typed (docs/filter.md); False if it is not valid: then the box
        says why and the queue keeps the last valid result."""
        box = self.query_one("#filter", SafeInput)
        shown = self.query_one("#filter-error", Static)
        try:
            query = parse(box.value)
        except QueryError as error:
            shown.update(literal(str(error)))
            shown.add_class("-shown")
            box.add_class("-error")
            self._wanted = None
            self._update_status()
            return False
        shown.remove_class("-shown")
        box.remove_class("-error")
        if query.needs_search:
            # Searched off the UI thread (the store's full-text index, the tracker's
            # links); the queue changes once, when the result is in.
            self._wanted = query
            self._search(query)
            self._update_status()
        else:
            self._wanted = None
            self.query_filter, self._hits = query, None
            self._refresh_queue()
        return True

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: Query) -> None:
        try:
            hits = self.triage.search(query, self._issue_keys)
        except HdtuiError as error:  # said under the filter box, not in a dialog
            self.app.call_from_thread(self._search_failed, query, error.message)
            return
        self.post_message(SearchDone(query, hits))

    def _search_failed(self, query: Query, why: str) -> None:
        if query == self._wanted:
            self._wanted = None
            shown = self.query_one("#filter-error", Static)
            shown.update(literal(f"The filter could not be searched: {why}"))
            shown.add_class("-shown")
            self._update_status()

    def _issue_keys(self, iid: int) -> frozenset[str]:
        """The messages linked to issue ``iid`` or likely for it (in a worker)."""
        if self._insight is None:
            tracker = self.actions.tracker if self.actions is not None else None
            self._insight = Insight(self.triage, tracker)
        return self._insight.issue_keys(iid)

    def on_search_done(self, message: SearchDone) -> None:
        """Show the filter searched for, if it is still the one wanted."""
        if message.query == self._wanted:
            self.query_filter, self._hits, self._wanted = message.query, message.hits, None
            self._refresh_queue()

    @on(SafeInput.Submitted, "#filter")
    def _filter_submitted(self, event: SafeInput.Submitted) -> None:
        if self._apply_filter():
            self.set_focus(self.query_one(QueueTable))

    def on_key(self, event: object) -> None:
        """Escape in the filter box clears it and returns to the queue."""
        key = getattr(event, "key", "")
        box = self.query_one("#filter", SafeInput)
        if key == "escape" and self.focused is box:
            box.value = ""
            self._apply_filter()
            self.set_focus(self.query_one(QueueTable))
        elif key == "escape" and self.only_keys is not None:
            self.only_keys = None
            self._refresh_queue()

    # -- the report and its suggestions ---------------------------------------------

    def on_queue_table_row_highlighted(self, message: QueueTable.RowHighlighted) -> None:
        """Show the message under the cursor, after the cursor rests a moment."""
        self._pending = message.row
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
        self._highlight_timer = self.set_timer(0.06, self._show_pending)

    def _show_pending(self) -> None:
        row = self._pending
        view = self.query_one(ReportView)
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
        self._open(row.key)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _open(self, key: str) -> None:
        """Read the complete message from the cache, then match it (off the UI thread)."""
        def suggest() -> list[Message]:
            entry = self.triage.full(key)
            if entry is None:
                return []
            matches = self.triage.suggestions(entry)
            replies = self.triage.replies_for(entry, matches, self._stable())
            counts: dict[int, ReportCount] = {}
            linked: list[int] = []
            if self.actions is not None:
                counts = self.actions.counts([m.issue.iid for m in matches])
                linked = self.actions.linked(entry)
            if self._insight is not None:  # linked, and likely once the queue is counted
                counts = self._insight.with_likely(counts)
            return [SuggestionsLoaded(key, matches, replies, entry, counts, linked,
                                      self._fixed_in([m.issue.iid for m in matches]))]

        self._deliver(suggest)

    def on_suggestions_loaded(self, message: SuggestionsLoaded) -> None:
        """Show the message and fill the issue and reply panes, if the cursor is still on
        that message."""
        current = self.query_one(QueueTable).current
        if current is None or current.key != message.key:
            return
        view = self.query_one(ReportView)
        view.show_entry(message.entry, self.triage.note(message.key))
        self.query_one(IssueList).show_matches(message.matches, message.counts,
                                               message.linked, message.fixed)
        self.query_one(ReplyList).show_replies(message.replies)

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
        with it (the member chose it: not the best fit ``r`` takes from the main screen)."""
        entry = self.query_one(ReportView).entry
        if entry is None:
            return
        choice = message.choice
        template = choice.template
        rendered = render(template, reply_values(entry))
        title = Content.assemble(literal(template.title, "bold"),
                                 (f"  [{template.language}] from {template.source}", "dim"))
        parts: list[Content | str | tuple[str, str]] = [
            ("Why: ", "bold"), literal(choice.reason), "\n",
            ("Subject: ", "bold"), literal(rendered.subject), "\n",
        ]
        if rendered.missing:
            parts += [("To fill in before sending: ", "bold red"),
                      literal(", ".join(f"${m}" for m in rendered.missing), "red"), "\n"]
        parts += ["\n", literal(rendered.body)]
        key = entry.key

        def chosen(reply: bool | None) -> None:
            current = self.query_one(QueueTable).current
            if reply and current is not None and current.key == key:
                self.reply_with(choice, chosen=True)

        self.app.push_screen(PreviewScreen(title, Content.assemble(*parts), can_reply=True),
                             chosen)

    # -- panes ------------------------------------------------------------------------

    def action_focus_pane(self, pane: str) -> None:
        """Move the focus to a pane."""
        self.set_focus(self.query_one(f"#{pane}"))

    def action_cycle_layout(self) -> None:
        """Split view, queue only, report only."""
        self.set_class(False, f"-layout-{LAYOUTS[self.layout_index]}")
        self.layout_index = (self.layout_index + 1) % len(LAYOUTS)
        layout = LAYOUTS[self.layout_index]
        self.set_class(True, f"-layout-{layout}")
        if layout == "report":
            self.set_focus(self.query_one(ReportView))
        elif layout == "queue":
            self.set_focus(self.query_one(QueueTable))

    # -- triage state ------------------------------------------------------------------

    def action_toggle_mark(self, word: str) -> None:
        """Set or clear a triage mark on the message under the cursor."""
        row = self._current()
        if row is None:
            return
        armed, self._release_armed = self._release_armed, None
        force = armed is not None and armed[0] == row.key and time.monotonic() - armed[1] < 5
        self._mark(row, Mark.parse(word), force)

    @work(thread=True, group="marks", exit_on_error=False)
    def _mark(self, row: Row, mark: Mark, force: bool = False) -> None:
        self._deliver(lambda: [RowChanged(self.triage.toggle_mark(row, mark, force))])

    def on_row_changed(self, message: RowChanged) -> None:
        """Redraw a changed message."""
        row = message.row
        self.all_rows = [row if r.key == row.key else r for r in self.all_rows]
        self.query_one(QueueTable).replace_row(row)
        view = self.query_one(ReportView)
        if view.entry is not None and view.entry.key == row.key:
            # Keep the complete entry on screen; only its marks or note changed.
            view.show_entry(view.entry.with_marks(row.marks), self.triage.note(row.key))
        self._update_status()

    def action_toggle_tag(self) -> None:
        """Tag the message under the cursor for an issue about several reports."""
        self.query_one(QueueTable).toggle_tag()
        self._update_status()

    def action_link_issue(self) -> None:
        """Link the message to the known issue under the cursor of the issues pane (the
        best match unless another is chosen): a note on the issue cites the report."""
        row = self._current()
        actions = self._needs_actions()
        match = self.query_one(IssueList).current
        if row is None or actions is None:
            return
        if match is None:
            self.notify("No known issue to link: the issues pane is empty.",
                        severity="warning")
            return
        self._link(actions, row.key, match.issue.iid)

    @work(thread=True, group="actions", exit_on_error=False)
    def _link(self, actions: Actions, key: str, iid: int) -> None:
        self._deliver(lambda: [IssueLinked(key, iid, actions.link(key, iid))])

    def on_issue_linked(self, message: IssueLinked) -> None:
        """Say what linking did and show the new count."""
        if message.added:
            self.notify(f"Linked to #{message.iid}: a note on the issue cites this report.",
                        title="Linked")
        else:
            self.notify(f"Already linked to #{message.iid}: no second note.", title="Linked")
        current = self.query_one(QueueTable).current
        if current is not None and current.key == message.key:
            self._open(message.key)

    def action_edit_note(self) -> None:
        """Write a personal note on the message under the cursor."""
        row = self._current()
        if row is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self._save_note(row, text)

        self.app.push_screen(NoteScreen(self.triage.note(row.key)), save)

    @work(thread=True, group="notes", exit_on_error=False)
    def _save_note(self, row: Row, text: str) -> None:
        def save() -> list[Message]:
            self.triage.set_note(row.key, text)
            return [RowChanged(self.triage.row(row.key) or row)]

        self._deliver(save)

    def on_action_failed(self, message: ActionFailed) -> None:
        """Say what went wrong; a refused write in a skim is a warning, not a dialog."""
        error = message.error
        if isinstance(error, ForeignClaimError):
            self._release_armed = (error.key, time.monotonic())
        if isinstance(error, ConflictError):
            self._refresh_quietly()  # show what the other member did
        if isinstance(error, (ReadOnlyError, ConflictError)):
            self.notify(error.message, title=error.title, severity="warning", markup=False)
            return
        from hdtui.ui.screens.error import ErrorModal

        self.app.push_screen(ErrorModal(error.title, error.message))
