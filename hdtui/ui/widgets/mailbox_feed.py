"""Provides MailboxFeed: the main screen's mailbox, kept up to date in the background.

A widget that shows nothing (``display = False``): it owns the workers and timers that
load the queue (the cached snapshot first, then what is new, with progress), listen to
the server (IDLE) and resync on a change, go offline and back (backing off, then flushing
the outbox), retry the GitLab writes kept in the outbox (docs/gitlab-writes.md), and, once
the whole queue is loaded, read the member's own state, write the filter's missing
documents and count the queue for the issues pane. Its workers post the messages of
hdtui/ui/messages.py to it; the ones about the mailbox are handled here, the others
(progress, failures, a changed row) bubble up to the screen, which shows them.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, cast

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from hdtui.collector import resume as resume_collector
from hdtui.domain.mail import SourceItem
from hdtui.domain.marks import Personal
from hdtui.domain.queue import Row
from hdtui.errors import (
    ConnectionProblem,
    CountStopped,
    HdtuiError,
    TrackerError,
    TrackerNotSetUp,
)
from hdtui.services.triage import InboxResult
from hdtui.ui.abandon import Abandoned, still_wanted
from hdtui.ui.background_pause import BackgroundPause
from hdtui.ui.failures import bug, deliver
from hdtui.ui.fetch_again import ISSUES, MAIL
from hdtui.ui.messages import (
    InboxLoaded,
    LoadFailed,
    LoadProgress,
    MailboxChanged,
    Notice,
    Offline,
    OutboxFlushed,
    RowChanged,
    RowsRead,
    WritesReplayed,
    WriteWaiting,
)
from hdtui.ui.widgets.shift_bar import ShiftBar

if TYPE_CHECKING:
    # The GitLab writes come with the actions, built after the first frame
    # (docs/benchmarks.md, "Warm start imports", session 10).
    from hdtui.domain.gitlab_write import PendingWrite
    from hdtui.ui.screens.inbox import InboxScreen

KNOWN_ISSUES_AT_THE_LATEST = 2.0
"""Seconds after the start when the known issues are brought up to date even if the whole
queue is not shown yet."""
KNOWN_ISSUES_EVERY = 15 * 60.0
"""Seconds between two syncs of the known issues and their links during a session (a
retitled or closed issue, another member's links: docs/gitlab.md); F5 syncs at once."""
SHIFT_START_MODULE = "hdtui.ui.screens.shift_start"
"""The shift-start screen's module, imported when the screen is first opened."""
COUNT_DELAY = 2.0
"""Seconds after the queue is loaded before its reports are counted in the background."""
PROGRESS_EVERY = 1.0
"""Seconds between two progress updates while messages are read."""
ROWS_EVERY = 3.0
"""Seconds between two redraws of the queue with the messages read so far."""
WAIT_FOR_PAINT = 10
PAINT_WAIT = 0.05
"""How often, and how long each time, the services wait for the whole queue to be painted
(``_after_whole_queue``): half a second at most."""
RECONNECT_FIRST = 1.0
"""Seconds before the first reconnect attempt after the connection is lost."""
RECONNECT_CAP = 15.0
"""The longest wait between two reconnect attempts (seconds, not a minute)."""


def next_delay(delay: float) -> float:
    """The wait after one of ``delay`` seconds failed: twice as long, at most
    RECONNECT_CAP (1, 2, 4, 8, 15, 15… seconds)."""
    return min(delay * 2, RECONNECT_CAP)


class MailboxFeed(Widget):
    """The mailbox behind the main screen's queue: loading, listening, reconnecting."""

    def __init__(self) -> None:
        super().__init__()
        self.display = False
        self.load_started = 0.0
        self.load_seconds = 0.0
        self._backoff = RECONNECT_FIRST
        self._reconnect_timer: Timer | None = None
        self._gitlab_timer: Timer | None = None
        """The next retry of the GitLab writes kept in the outbox (docs/gitlab-writes.md)."""
        self.gitlab_waiting = 0
        """GitLab writes waiting in the outbox, as the last replay counted them."""
        self._stop_watch = threading.Event()
        self._watching = False
        self.pause = BackgroundPause()
        """Held from the server's notice of a change until the change is shown: the
        count of the queue waits meanwhile (hdtui/ui/background_pause.py)."""
        self._shown_generation = 0
        """The pause's generation when the last load started (``_start_load``)."""
        self._indexed = False
        self._documents_due = False
        """The filter documents' search waits for the whole queue's paint."""
        self._count_after = False
        """The known issues changed during the first count: count again once it ends."""
        self.counted = False
        """The queue's reports were counted once (the issues pane and alerts count likely
        reports from then on)."""
        self._rows_shown = 0.0
        self._rows_waiting: dict[str, Row] = {}
        """Rows read since the queue on screen was last updated (``on_rows_read``)."""
        self._rows_timer: Timer | None = None
        self._progress_said = 0.0
        self._loading = 0
        """Loading workers running (a change announced meanwhile is read after them)."""
        self._changed_meanwhile = False
        """The server announced a change while a load ran: resync once it is done."""
        self._member_reloaded = False
        """The member's f5 asked for a load since the last load's end: the queue's reports
        of a hot topics row are counted again at its end (``_tell_fetched``)."""
        self._shown_whole = False
        """The whole queue has been shown: a resync only shows what changed."""
        self.whole_at: float | None = None
        """When (``time.monotonic``) the whole queue was first shown: the shift-start
        screen reads a large queue's saved facts a moment after it (``flows.shift``)."""
        self._known_issues_synced = False
        self._missing_said: tuple[str, ...] = ()
        """The missing folders last said (each said once, not at every resync)."""
        self._offline_said = ""
        """Why the server is unreachable, as last said in a notice (once an outage)."""
        self._tracker_said = ""
        """Why the last sync of the known issues failed, as said in a notice: said once
        until it changes or a sync succeeds, not at every 15-minute tick."""
        self.count_progress: tuple[int, int] = (0, 0)
        """How far the count of the queue under way is (done, total), for a shift-start
        screen opened during it."""

    @property
    def inbox(self) -> InboxScreen:
        """The main screen this feed fills."""
        return cast("InboxScreen", self.screen)

    def start(self, snapshot: InboxResult | None) -> None:
        """Start loading the queue, and listening to the server (the screen is mounted)."""
        inbox = self.inbox
        # The collector paused by the start runs again once the first frame is drawn,
        # before the workers below start (the same queue: in order; hdtui/collector.py).
        self.call_after_refresh(resume_collector)
        # The known issues are brought up to date once the whole queue is shown, or a
        # moment after the start if that takes longer: not competing with its loading.
        self.set_timer(KNOWN_ISSUES_AT_THE_LATEST, self._sync_known_issues_once)
        self.set_interval(KNOWN_ISSUES_EVERY, self.sync_known_issues)
        if inbox.actions_built is not None:  # else once built (services_ready)
            self.services_ready()
        if snapshot is None:
            self._start_watch()
            self.refresh_inbox()
            return
        # The cache was read before the first frame: show it now, read what is new after
        # (and, after only the first rows, the whole queue). The workers start once the
        # first frame is drawn: started now, they would hold the interpreter while Textual
        # draws it (docs/benchmarks.md, "Warm start at 100,000").
        self.load_started = time.monotonic()
        self.on_inbox_loaded(InboxLoaded(snapshot))
        self.call_after_refresh(self._start_watch)
        if snapshot.partial:
            inbox.load_note = "reading the whole queue…"
            self._loading += 1  # a change announced before the worker starts waits for it
            # The login, too, once the first frame is drawn: its thread's import of the
            # IMAP client (imapclient, imaplib, the email package: about 50 M instructions)
            # held the interpreter while Textual drew it (docs/benchmarks.md, "Session 28").
            self.call_after_refresh(self._connect_early)
            self.call_after_refresh(self._start_deferred_load)

    @work(thread=True, exclusive=True, group="connect", exit_on_error=False)
    def _connect_early(self) -> None:
        """Log in to the server while the first frame is drawn (waiting on the network
        and TLS, little interpreter time), so the resync that follows the whole queue's
        read does not wait for it; a failure is left to that resync, which says it."""
        connect = getattr(self.inbox.triage.live, "connect", None)
        if connect is not None:
            with contextlib.suppress(Exception):
                connect()

    def _start_deferred_load(self) -> None:
        self._loading -= 1
        self._start_load(whole=True)

    def _sync_known_issues_once(self) -> None:
        if not self._known_issues_synced:
            self.sync_known_issues()

    def sync_known_issues(self) -> None:
        """Bring the known issues and their links up to date now (F5, and every
        ``KNOWN_ISSUES_EVERY`` seconds; the start's first once the queue is shown)."""
        self._known_issues_synced = True
        self._sync_known_issues()

    def _after_whole_queue(self, waited: int = 0) -> None:
        """The filter documents' search (a first whole queue's), the known issues brought
        up to date and the services built (and the dialogs' CSS parsed), after the queue,
        not competing with its loading or its drawing. Textual runs a callback after a
        refresh once the screen is idle, which can come before the queue's new rows are
        painted (a busy machine: the paint waits for its timer): until they are, or a few
        rounds have gone by, wait; not under another screen, which is not painted."""
        if self.closing:
            return
        table = self.inbox.queue.table
        if table.drawn is not table.rows and not self.inbox.covered and (
                waited < WAIT_FOR_PAINT):
            self.set_timer(PAINT_WAIT, partial(self._after_whole_queue, waited + 1))
            return
        if self._documents_due:
            self._documents_due = False
            self._index_documents()
        self._sync_known_issues_once()
        start_services = getattr(self.app, "start_services", None)
        if start_services is not None:
            start_services()

    def services_ready(self) -> None:
        """The actions are built (after the first frame): hear of the GitLab writes they
        keep, and make those kept at the last shift, when due."""
        actions = self.inbox.actions_built
        if actions is None or actions.on_kept is not None:
            return
        actions.on_kept = self._write_kept  # from a worker: post_message is safe
        self._replay_gitlab()  # writes kept in the outbox at the last shift, when due

    def on_unmount(self) -> None:
        """Stop listening to the server and reading it (the reading processes of a first
        read end now, not at their next batch); a count paused for a change ends at once."""
        self._stop_watch.set()
        self.inbox.triage.stop_watching()  # its IDLE threads woken now (the exit waits)
        self.pause.release()
        self.inbox.triage.stop_reading()

    @work(thread=True, exclusive=True, group="tracker", exit_on_error=False)
    def _sync_known_issues(self) -> None:
        """Bring the known issues up to date in the background; offline, say so once (not
        again at the next ticks while the failure is the same) and keep matching against
        the cached issues. Then say what is wrong with the tracker's
        settings (a helpdesk_accounts name GitLab does not know)."""
        triage = self.inbox.triage
        try:
            said = triage.refresh_known_issues()
        except TrackerNotSetUp as error:  # said once: at start when it could tell
            if error.message not in getattr(self.app, "notices", ()):
                self.post_message(Notice(error.message, error.title))
            return
        except TrackerError as error:
            # Nothing cached: none were ever loaded, which must not read as "no match".
            said = (f"Known issues not loaded: {error.message}" if triage.issues_missing
                    else f"Matching against the cached known issues: {error.message}")
            if said != self._tracker_said:  # the timer's next ticks say nothing new
                self._tracker_said = said
                self.post_message(Notice(said, error.title))
            return
        self._tracker_said = ""  # back: a later failure is said again
        if said:
            self.post_message(Notice(said, "Known issues"))
        self.app.call_from_thread(self._known_issues_synced_now)
        try:
            problems = triage.tracker_problems()
        except TrackerError:
            return  # GitLab failed just now: the next start asks again
        if problems:
            self.post_message(Notice("GitLab does not know every account of [tracker] "
                                     "helpdesk_accounts (the config).", "Help Desk accounts",
                                     tuple(problems)))

    def _known_issues_synced_now(self) -> None:
        """The known issues were synced: the report on screen is matched and counted again
        (a retitled or closed issue shows as it is now, the links read counted), and, when
        an issue or its links changed, the queue is counted again (its likely reports,
        and the words the issues learnt from linked reports, depend on them: until then
        the counts say "counting", walk23 item 10; docs/insight.md)."""
        if self.closing:
            return
        result = self.inbox.triage.last_sync
        if result is not None and (result.new or result.changed or result.dropped
                                   or result.links_changed):
            if self.counted:
                self.count_again()
            else:  # the first count runs on with the issues it started with: once more
                self._count_due()  # (the numbers say "counting" from now on)
                self._count_after = True
        self.inbox.report_pane.recount()
        self._tell_fetched(ISSUES)

    def _tell_fetched(self, what: str, recount: bool = True) -> None:
        """The screens of the stack whose F5 waits for ``what`` (``fetch_again.MAIL``,
        ``ISSUES``) hear it was fetched, and count again (hot topics, the shift start:
        docs/insight.md, "F5 where the numbers show"). The queue's reports of a hot
        topics row are counted again too (``InboxScreen.recount_only``) when ``recount``."""
        if recount:
            self.inbox.recount_only()
        for screen in self.app.screen_stack:
            heard = getattr(screen, "fetched", None)
            if callable(heard):
                heard(what)

    # -- loading --------------------------------------------------------------------

    def refresh_inbox(self) -> None:
        """Reload the queue from the mailbox (cached reports are not decrypted again)."""
        self._member_reloaded = True
        self.load_started = time.monotonic()
        self.inbox.load_note = "loading…"
        if self._watching:  # a watch that stopped hearing the server listens again
            self.inbox.triage.renew_watch()
        self._start_watch()  # (one that ended starts again)
        self._start_load(whole=True)
        if self.gitlab_waiting:
            self._replay_gitlab(due_only=False, asked=True)  # f5 retries them now

    def refresh_quietly(self) -> None:
        """Read what changed on the server, without saying "loading…": once the whole
        queue is shown, only the messages that changed are shown again. While a load
        runs, once it is done: started now, it cancelled that load (its worker group is
        exclusive), and a read of new mail cancelled after its rows were read showed them
        nowhere, while the next resync no longer listed them (docs/live-changes.md,
        "A server restart")."""
        if self._loading:
            self._changed_meanwhile = True
            return
        self.load_started = time.monotonic()
        self._start_load(whole=not self._shown_whole)

    def _start_load(self, whole: bool = True) -> None:
        # Every change announced up to now is in what this load reads: once shown, the
        # pause taken for it may go, not one taken since (``_changes_shown``).
        self._shown_generation = self.pause.generation
        self._loading += 1
        self._changed_meanwhile = False
        self._load_inbox(whole)

    class LoadDone(Message):
        """A loading worker ended."""

    def on_mailbox_feed_load_done(self, message: LoadDone) -> None:
        """A loading worker ended: a change announced meanwhile is read now."""
        self._loading = max(0, self._loading - 1)
        if not self._loading:
            self.inbox.show_held()
            # The queue's "reports of C-…" are counted again after the member's f5 only:
            # every IDLE change (any flag any member sets) ends a load, and each recount is
            # a whole overview, 3 s of CPU at 100,000 (review27b).
            asked, self._member_reloaded = self._member_reloaded, False
            self._tell_fetched(MAIL, recount=asked)
        if not self._loading and self._changed_meanwhile:
            self.refresh_quietly()
        elif not self._loading:
            # The changes are in the queue: the count goes on once they are painted.
            self.call_after_refresh(self._changes_shown, self._shown_generation)

    def _changes_shown(self, generation: int) -> None:
        if not self._loading:  # (else a change announced since is still on its way,
            self.pause.release(generation)  # as it is when a hold was taken since)

    @property
    def load_running(self) -> bool:
        """A loading worker runs or is about to (the listing, the read)."""
        return self._loading > 0

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _load_inbox(self, whole: bool = True) -> None:
        """List what changed and show the whole queue (or, not ``whole``, the messages
        that changed: docs/live-changes.md), then read the new messages (a first start
        shows the newest from their headers first: docs/cold-start.md)."""
        try:
            self._load(whole)
        finally:
            self.post_message(self.LoadDone())

    def _load(self, whole: bool) -> None:
        triage = self.inbox.triage
        found: list[InboxResult] = []
        if whole:
            self._glimpse()

        def snapshot() -> list[Message]:
            found.append(triage.snapshot() if whole else triage.resync())
            return [InboxLoaded(found[0])]

        self._deliver_load(snapshot)
        if found and found[0].pending and not found[0].offline:
            self._deliver_load(lambda: [InboxLoaded(triage.read_pending(
                found[0], self._progress, self._rows_read))])
        if found and whole:
            # Shown first, and the new messages read: the columns read from the rows are
            # written after (10.9 MB at 100,000 messages; docs/benchmarks.md, "Session
            # 12"), with the keys the listing and the read changed (docs/queue-columns.md,
            # "Kept in the cache"). Not before the read: the write came before it (1 s
            # later at 10,000), and a long read changes too many rows to keep them. Not
            # when the read was abandoned (the app quitting or hung up): the write would
            # hold up the exit (docs/cold-start.md, "Quitting during a first read").
            with contextlib.suppress(HdtuiError, Abandoned):
                still_wanted()
                triage.keep_columns()

    def _deliver_load(self, job: Callable[[], Iterable[Message]]) -> None:
        """Like ``deliver``, but every failure ends the "loading…" state: a lost connection
        goes offline (and retries), anything else, even a bug, becomes LoadFailed."""
        try:
            messages = list(job())
        except Abandoned:
            return  # the app is closing: nothing to show, nobody to tell
        except HdtuiError as error:
            self.post_message(Offline(error.message) if isinstance(error, ConnectionProblem)
                              else LoadFailed(error))
            return
        except Exception as error:  # in a worker it would vanish, "loading…" forever
            self.post_message(LoadFailed(bug(
                error, "Loading the queue failed", "Loading failed",
                f"; press {self.inbox.key_for('refresh-inbox', 'f5')} to try again")))
            return
        for message in messages:
            self.post_message(message)

    def _progress(self, done: int, total: int) -> None:
        still_wanted()
        # At most once a second: each update lays the status line out again, on the
        # thread the reading shares the interpreter with (docs/cold-start.md).
        # Shown before the worker goes on: a posted progress bubbles up to the screen
        # later than the queue's own result reaches the feed, and could say "reading…"
        # over the finished queue (a reading process ends right after its last batch).
        now = time.monotonic()
        if done >= total or now - self._progress_said >= PROGRESS_EVERY:
            self._progress_said = now
            self.app.call_from_thread(self.inbox.on_load_progress, LoadProgress(done, total))

    # -- a cold start: rows from headers first, bodies read behind (docs/cold-start.md) --

    def _glimpse(self) -> None:
        """In the loading worker: with nothing cached, show the newest messages from their
        headers (one round trip) before the listing; once they are drawn, start the
        reading processes, so that they are ready when the listing ends. A failure here
        is left to the listing, which says it properly."""
        try:
            first = self.inbox.triage.glimpse()
        except Exception:  # even a bug: the listing reports it (LoadFailed)
            return
        if first is not None:
            self.post_message(InboxLoaded(first))
        # Not before the screen is drawn: the children's imports would take the cores
        # the first frame needs (docs/cold-start.md, "Children started ahead").
        with contextlib.suppress(Exception):  # the app is closing
            self.app.call_from_thread(self.app.call_after_refresh, self._prepare_read)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _prepare_read(self) -> None:
        with contextlib.suppress(Exception):  # the read starts its processes itself
            self.inbox.triage.prepare_read()

    def _rows_read(self, rows: list[Row], more: bool) -> None:
        still_wanted()
        self.post_message(RowsRead(rows, more))

    @property
    def closing(self) -> bool:
        """The app is closing or this feed is being removed: a worker's result arriving
        now is dropped (the screen's widgets may be gone). ``HdtuiApp.exiting`` says a
        quit or a hang-up has begun; a shutdown that bypasses both (a test's end) only
        stops the app running, and the feed's workers are cancelled only once it is
        unmounted."""
        exiting = bool(getattr(self.app, "exiting", False))
        return exiting or not self.app.is_running or self._pruning

    def on_rows_read(self, message: RowsRead) -> None:
        """Show the messages read so far (provisional rows replaced by full ones), at most
        every ROWS_EVERY seconds: redrawing the queue for each batch would slow the
        reading. Once the listing is shown, the rows read are put in place (the many
        batches of a first read together, every ROWS_EVERY seconds: each update drew the
        queue and the footer again, which took the parent's interpreter more than reading
        in it would: docs/cold-start.md). A read's last rows (a few new messages: all
        of them) are not drawn here: the read's result, right behind, puts every row it
        read in place at once (docs/live-changes.md)."""
        if self.closing:
            return
        if self._shown_whole:
            self._rows_waiting.update((row.key, row) for row in message.rows)
            if self.inbox.covered:
                return  # under another screen: shown when the queue is back (show_covered)
            wait = ROWS_EVERY - (time.monotonic() - self._rows_shown)
            if wait <= 0 and message.more:
                self._show_rows_read()
            elif self._rows_timer is None:  # a last batch: only if its result never comes
                self._rows_timer = self.set_timer(wait if message.more else ROWS_EVERY,
                                                  self._show_rows_read)
            return
        now = time.monotonic()
        if message.more and now - self._rows_shown >= ROWS_EVERY and not self.inbox.covered:
            self._rows_shown = now
            self.inbox.queue.load(self.inbox.triage.rows())
            self.inbox.follow_server()

    def _show_rows_read(self) -> None:
        """Put the rows read and not shown yet in place (kept while another screen covers
        the queue: ``show_covered``)."""
        self._drop_rows_read()
        if self.closing or self.inbox.covered:
            return
        self._rows_shown = time.monotonic()
        rows, self._rows_waiting = list(self._rows_waiting.values()), {}
        self.inbox.queue.apply(rows)

    def show_covered(self) -> None:
        """The queue's screen is on top again: the rows read while another screen covered
        it are put in place (docs/cold-start.md, "The queue under another screen")."""
        if self._rows_waiting and not self.closing:
            self._show_rows_read()

    def _drop_rows_read(self) -> None:
        if self._rows_timer is not None:
            self._rows_timer.stop()
            self._rows_timer = None

    def on_inbox_loaded(self, message: InboxLoaded) -> None:
        """Show the loaded queue; not once the app is closing (a worker's last result
        arriving as the member quits: the screen's widgets are being removed)."""
        if self.closing:
            return
        inbox = self.inbox
        result: InboxResult = message.result
        inbox.hide_progress()
        self.load_seconds = time.monotonic() - self.load_started
        note = counts = "{read}"  # the counts, once the queue holds this result's rows
        if result.partial and not result.from_cache:
            note = f"{len(result.rows)} newest shown from their headers; listing…"
        if result.offline:
            self.went_offline(result.offline)
            note = inbox.load_note
        elif not result.partial:
            self._back_online()
        if result.pending and not result.offline:
            note = f"reading {len(result.pending)} new messages…"
        elif result.retry and not result.partial:
            self._retry(result.retry)
        if not result.partial and not result.pending and inbox.has_insight \
                and not (result.delta and not result.parsed):  # not for marks alone
            # A moment later: the first keys of a shift come before counting the queue.
            # Until it ends, the counts say they are of part of the queue.
            self._count_due()
            self.set_timer(COUNT_DELAY, self._count_queue)
        if not result.partial and not result.pending:
            self._regather_shift_start()
        # The first whole queue: what it does not need waits until it is painted
        # (``_after_whole_queue``).
        first_whole = not result.partial and not result.offline and not self._shown_whole
        if not result.partial and not result.pending and not self._indexed:
            self._indexed = True
            # Once this result is drawn: looking for the messages without a document
            # walks the whole queue table (0.15 s of CPU at 100,000 messages), which held
            # the interpreter while Textual drew the whole queue (docs/benchmarks.md,
            # "Session 12"); after its paint, not merely its refresh, which on a busy
            # machine came first ("Session 17: the warm queue at 100,000").
            if first_whole:
                self._documents_due = True
            else:
                self.call_after_refresh(self._index_documents)
        if not result.partial and not result.offline:
            self._say_missing(result.missing)
        if result.unreadable:
            note += f", {len(result.unreadable)} unreadable"
            self.notify("\n".join(result.unreadable[:5]), title="Some messages were unreadable",
                        severity="warning", markup=False)
        if not note.startswith(counts):
            inbox.load_note = note
        if result.in_mailbox:  # the queue shows part of the mailbox: say its size
            inbox.queue.in_mailbox = result.in_mailbox
        elif not result.partial and not result.pending and not result.offline:
            inbox.queue.in_mailbox = 0  # (offline, the server's count stays said)
        if not result.delta:  # the whole queue: every row read so far is in it
            self._drop_rows_read()
            self._rows_waiting = {}
        elif self._rows_waiting:
            # Rows read and not shown yet are older than this result's: shown later, they
            # would put back a mark changed meanwhile (docs/live-changes.md).
            for key in (*map(attrgetter("key"), result.rows), *result.gone_keys):
                self._rows_waiting.pop(key, None)
            if not self._rows_waiting:
                self._drop_rows_read()
        # A listing that found messages gone: the one on screen may be among them.
        complete = not result.partial and not result.offline and result.gone > 0
        pending = {item.key for item in result.pending}
        if result.delta:
            inbox.queue.apply(result.rows, result.gone_keys, pending)
        else:
            inbox.queue.load(result.rows, complete, pending)
        if note.startswith(counts):
            inbox.load_note = note.replace(counts, self._read_note(), 1)
        inbox.follow_server()
        if not result.partial and not result.offline:
            if first_whole:
                # Every object so far lives as long as the shift (100,000 rows, the
                # widgets): out of the cyclic collector's reach, whose full passes over them
                # took 0.2-1.6 s at 100,000 messages (docs/live-changes.md).
                gc.freeze()
                self.whole_at = time.monotonic()
                # Once the whole queue is drawn: started now, their workers (the services'
                # imports, the saved index's load) would hold the interpreter while
                # Textual draws it (docs/benchmarks.md, "Session 11").
                self.call_after_refresh(self._after_whole_queue)
            self._shown_whole = True
        if not result.partial and not result.delta:
            self._load_personal()

    def _read_note(self) -> str:
        """"N from cache, M read": M the messages read since this start, N the rest of the
        queue. Each result's own counts are of that load alone: the resync that follows
        a first read (the watcher asks for one once its IDLE is in place) found nothing
        new, and its "3009 from cache, 0 read" replaced what the read had done
        (docs/cold-start.md, "What the status line says")."""
        shown, read = len(self.inbox.queue.all_rows), self.inbox.triage.read_here
        return f"{max(0, shown - read)} from cache, {read} read"

    def _regather_shift_start(self) -> None:
        """The shift-start screen open over a queue that was still being read (a first
        start: its counts were of provisional rows) counts again (docs/shift.md)."""
        if SHIFT_START_MODULE not in sys.modules:
            # Never imported, so never opened: a warm start's whole queue is shown before
            # the screen opens, and importing it here held the UI thread 4-26 ms just
            # before the whole queue was put in the view (docs/benchmarks.md, "Session 20:
            # the warm queue at 100,000").
            return
        from hdtui.ui.screens.shift_start import ShiftStartScreen  # after the first frame

        for screen in self.app.screen_stack:
            if isinstance(screen, ShiftStartScreen):
                screen.regather()

    @work(thread=True, exclusive=True, group="personal", exit_on_error=False)
    def _load_personal(self) -> None:
        """Read the member's own claims, notes and opened messages (the state column)."""
        personal = self.inbox.triage.personal()
        self.app.call_from_thread(self._personal_loaded, personal)

    def _personal_loaded(self, personal: Personal) -> None:
        # A report opened while the store was being read is kept: opened only grows.
        if self.closing:
            return
        table = self.inbox.queue.table
        table.set_personal(personal.with_seen_too(table.personal.seen))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_documents(self) -> None:
        """Write the filter's documents a migrated cache lacks, in the background; then
        search again (the filter's results were missing those messages)."""
        queue = self.inbox.queue
        triage = self.inbox.triage

        def progress(done: int, total: int) -> None:
            note = f"filter index {done}/{total}" if done < total else ""
            self.app.call_from_thread(setattr, queue, "indexing", note)

        def index() -> list[Message]:
            if triage.index_documents(progress):
                self.app.call_from_thread(queue.search_again)
            return []

        deliver(self, index)

    def count_again(self) -> None:
        """The known issues changed (an issue was just created): count the queue again in
        the background now, pausable, as the start does, so that hot topics shows the
        counts so far meanwhile instead of "counting…" alone (docs/insight.md)."""
        if self.inbox.has_insight:
            self._count_due()
            self._count_queue()

    def _count_due(self) -> None:
        """Tell the counting service, if it is built, that a count follows."""
        insight = self.inbox.insight_built
        if insight is not None:
            insight.count_due()

    @work(thread=True, exclusive=True, group="insight", exit_on_error=False)
    def _count_queue(self) -> None:
        """Compute the facts of every report in the background, so the issues pane and
        alerts count likely reports too (saved: the next start reads them back)."""
        insight = self.inbox.insight
        if insight is None:
            return

        progress = self.counting_progress()

        def count() -> list[Message]:
            try:  # a count of 100,000 reports takes minutes: it stops when the app exits,
                # and waits while a change from the server is on its way to the screen
                insight.facts(progress, partial(self.pause.wait, still_wanted))
            except (Abandoned, CountStopped):  # (the counting processes ended with the app)
                return []
            except TrackerNotSetUp:  # said at start; H says why it counts nothing
                # The message on screen shown again, as a count's end does (after f5: its
                # thread, with the follow-up just recorded): no [tracker] counts nothing.
                self.app.call_from_thread(self.inbox.report_pane.recount)
                return []
            self.app.call_from_thread(self._counted)
            return []

        deliver(self, count)

    def counting_progress(self) -> Callable[[int, int], None]:
        """A progress callback for a count of the queue's reports, in a worker: the
        count stops when the worker is cancelled (the app exiting), and the shift-start
        screen says how far it is, at most once a second and its end (docs/shift.md).
        Whichever worker counts first does the whole count: the feed's, or the shift-start
        screen's own gathering after a first read (``counted_hot_line``), which both take
        it."""
        said = [0.0]

        def progress(done: int, total: int) -> None:
            still_wanted()
            now = time.monotonic()
            if done >= total or now - said[0] >= PROGRESS_EVERY:
                said[0] = now
                self.app.call_from_thread(self._count_progress, done, total)

        return progress

    def _count_progress(self, done: int, total: int) -> None:
        """How far the count of the queue is, on the shift-start screen open over it: after
        a first read it showed the numbers counted from the first rows, unchanged and with
        no word of the count, for 18 s at 3,009 messages (session 22's walk)."""
        self.count_progress = (done, total) if done < total else (0, 0)
        if SHIFT_START_MODULE not in sys.modules or self.closing:
            return  # never opened (and not imported for this)
        from hdtui.ui.screens.shift_start import COUNTING, ShiftStartScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ShiftStartScreen):
                screen.show_progress(done, total, COUNTING)

    def _counted(self) -> None:
        if not self.counted:
            # The facts of the first count (or read back from the cache: 340,000 objects
            # at 100,000 reports) are kept for the shift, as the queue's rows: out of the
            # collector's reach too, whose full passes walked them again and again (50-200
            # ms each, one in the middle of new mail's read: docs/live-changes.md, "The
            # garbage collector"). Once only: a later count adds the few new messages'
            # facts, and each freeze would also keep for good the garbage cycles of the
            # moment (a closed screen's widgets).
            gc.freeze()
        self.counted = True
        if self._count_after:  # the known issues changed during the first count
            self._count_after = False
            self.count_again()
            return
        self.inbox.report_pane.recount()

    @work(thread=True, exclusive=True, group="retry", exit_on_error=False)
    def _retry(self, items: Sequence[SourceItem]) -> None:
        """Try the undecryptable messages again, after the queue is already on screen."""
        triage = self.inbox.triage
        deliver(self, lambda: [RowChanged(row) for row in triage.retry(items)])

    # -- listening to the server, offline and back ------------------------------------

    def _start_watch(self) -> None:
        """Listen to the server (IDLE), unless already listening or not live."""
        if self.inbox.triage.live is not None and not self._watching:
            self._watching = True
            self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        try:
            self.inbox.triage.watch(self._changed, self._stop_watch)
        finally:
            # A refused login ends the watch (retrying it is useless): F5 restarts it.
            self._watching = False

    def _changed(self) -> None:
        # The count waits from now on (the watcher's thread), not from when the UI
        # thread hears of it: it would hold the interpreter until then.
        self.pause.hold()
        self.post_message(MailboxChanged())

    def on_mailbox_changed(self, message: MailboxChanged) -> None:
        """Something changed on the server: resync now (cheap with CONDSTORE), or, while a
        load runs, once it is done (one resync for the changes announced meanwhile)."""
        self.refresh_quietly()  # (after a load running now)

    def _say_missing(self, missing: tuple[str, ...]) -> None:
        """Name each watched folder the server does not have (the others are listed:
        docs/config.md), once until the listing finds it again or the name changes."""
        for reason in missing:
            if reason not in self._missing_said:
                self.notify(reason, title="IMAP folder missing", severity="error",
                            timeout=30, markup=False)
        self._missing_said = missing

    def went_offline(self, reason: str) -> None:
        """Show that the server is unreachable and try again later, backing off: the shift
        bar counts down to the next attempt and names the key that retries now."""
        delay = self._backoff
        self._backoff = next_delay(delay)
        bar = self._shift_bar()
        if bar is not None:
            bar.set_reconnect(bar.clock() + delay, self.inbox.key_for("refresh-inbox", "f5"))
        self.inbox.load_note = f"offline ({reason})"
        if reason != self._offline_said:
            # The status line cuts a long reason at 80 columns: the notice holds it whole,
            # said once an outage (again only if the reason changes), not at every retry.
            self._offline_said = reason
            self.notify(reason, title="Offline: working from the cache", severity="warning",
                        timeout=20, markup=False)
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
        self._reconnect_timer = self.set_timer(delay, self.refresh_quietly)

    def _back_online(self) -> None:
        triage = self.inbox.triage
        # (a read-only skim flushes nothing: the outbox, the store's file, is not read)
        if triage.live is not None and not triage.read_only and triage.outbox():
            self._flush_outbox()
        if self.gitlab_waiting:
            self._replay_gitlab()
        self._backoff = RECONNECT_FIRST
        self._offline_said = ""
        if self._reconnect_timer is not None:
            self._reconnect_timer.stop()
            self._reconnect_timer = None
        bar = self._shift_bar()
        if bar is not None:
            bar.set_offline("")

    def _shift_bar(self) -> ShiftBar | None:
        """The queue screen's shift bar; None once the screen is being taken down (a
        worker's answer can arrive as the app closes)."""
        return next(iter(self.inbox.query(ShiftBar)), None)

    @work(thread=True, exclusive=True, group="outbox", exit_on_error=False)
    def _flush_outbox(self) -> None:
        triage = self.inbox.triage
        deliver(self, lambda: [OutboxFlushed(*triage.flush_outbox())])

    def on_outbox_flushed(self, message: OutboxFlushed) -> None:
        """Say what the outbox did, then show the server's state."""
        if message.problems:  # a box, until read: they need the member
            self.inbox.say_problems("Some offline changes did not apply", message.problems)
        elif message.applied:
            self.notify(f"{message.applied} change(s) made offline are now on the server.",
                        markup=False)
        self.refresh_quietly()

    # -- GitLab writes kept in the outbox (docs/gitlab-writes.md) -----------------------

    @work(thread=True, exclusive=True, group="gitlab-writes", exit_on_error=False)
    def _replay_gitlab(self, due_only: bool = True, asked: bool = False) -> None:
        """Make the GitLab writes kept in the outbox, oldest first: those due (the timer,
        the start, back online), or all of them now (f5)."""
        actions = self.inbox.actions
        if actions is not None:
            deliver(self, lambda: [WritesReplayed(actions.replay_gitlab(due_only), asked)])

    def on_writes_replayed(self, message: WritesReplayed) -> None:
        """Say what the replay made or GitLab refused; retry the rest when due."""
        report = message.report
        self.gitlab_waiting = report.waiting
        if report.done and not message.said:
            self.notify("\n".join(report.done[:5]), markup=False,
                        title=f"{len(report.done)} GitLab write(s) from the outbox made")
        if report.problems and not message.said:  # a box, until read
            self.inbox.say_problems("GitLab refused a kept write (ctrl+o: retry or drop it)",
                                    report.problems[:5])
        if message.asked and report.unreachable:
            self.notify(f"GitLab is still unreachable: {report.waiting} write(s) wait in the "
                        "outbox (ctrl+o) and are retried by themselves.",
                        title="GitLab unreachable", severity="warning", markup=False)
        self.gitlab_retry_at(report.next_try)
        self.inbox.update_status()
        current = self.inbox.queue.table.current
        if report.done and current is not None:
            self.inbox.report_pane.show_suggestions(current.key)  # the counts without "pending"

    def _write_kept(self, write: PendingWrite) -> None:
        self.post_message(WriteWaiting(write))

    def on_write_waiting(self, message: WriteWaiting) -> None:
        """A GitLab write was kept in the outbox (by any flow, or a replay): count the
        waiting ones again, and retry when the first is due."""
        self._gitlab_status()

    @work(thread=True, exclusive=True, group="gitlab-status", exit_on_error=False)
    def _gitlab_status(self) -> None:
        actions = self.inbox.actions
        if actions is None:
            return

        def status() -> list[Message]:
            from hdtui.domain.gitlab_write import WriteState
            from hdtui.services.acting import ReplayReport

            waiting = [w for w in actions.gitlab_pending() if w.state is WriteState.WAITING]
            return [WritesReplayed(ReplayReport(waiting=len(waiting), next_try=min(
                (w.next_try for w in waiting), default=None)), said=True)]

        deliver(self, status)

    def gitlab_retry_at(self, moment: float | None) -> None:
        """Retry the GitLab writes kept in the outbox at ``moment`` (seconds since the
        epoch; None: nothing waits)."""
        if self._gitlab_timer is not None:
            self._gitlab_timer.stop()
            self._gitlab_timer = None
        if moment is not None:
            self._gitlab_timer = self.set_timer(max(1.0, moment - time.time()),
                                                self._replay_gitlab)
