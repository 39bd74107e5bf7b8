"""Provides HdtuiApp: wiring only (keymap, the main screen, help, the command palette)."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from hdtui.errors import HdtuiError, TerminalDriverChanged
from hdtui.hangup import exit_on_hang_up
from hdtui.keymap import QUIT_KEYS
from hdtui.services.later import Later, later
from hdtui.services.ports import ReleaseSource
from hdtui.services.triage import InboxResult, Triage
from hdtui.ui.failures import deliver
from hdtui.ui.parsed_css import ParsedCss, RememberingStylesheet
from hdtui.ui.safe import literal, notice_line, single_line
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.screens.inbox import InboxScreen

if TYPE_CHECKING:  # built after the first frame (docs/benchmarks.md, "Services built
    # after the first frame")
    from rich.console import RenderableType

    from hdtui.domain.compose import Draft
    from hdtui.domain.insight.per_issue import IssueStats
    from hdtui.domain.kept_form import KeptForm
    from hdtui.domain.releases import FeedResult
    from hdtui.services.acting import Actions
    from hdtui.services.autoreply import AutoReply
    from hdtui.services.insight import Insight


def leaving_keys_kept(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap as the app applies it: a keymap giving ctrl+q or ctrl+c to ``quit`` (the
    checks allow it) would take the key from the leaving binding, and ``quit`` is heard
    on the main screen only; the leaving binding already answers them everywhere."""
    applied = dict(keymap)
    keys = [key for key in applied.get("quit", "").split(",") if key]
    if any(key in QUIT_KEYS for key in keys):
        left = [key for key in keys if key not in QUIT_KEYS]
        if left:
            applied["quit"] = ",".join(left)
        else:
            del applied["quit"]
    return applied


SERVICES_AT_THE_LATEST = 2.0
"""Seconds after the app starts when the services are built even if the whole queue is
not shown yet (docs/benchmarks.md, "Services built after the first frame")."""


START_NOT_OPENED = "Start of shift: not opened over what you opened; S in the queue opens it."
"""Said when the shift-start screen gives way to what the member opened first."""

KEPT_OFFER_RETRY = 0.3
"""Seconds between two looks at whether the member is back at the queue, for the offer
of the forms kept through a hang-up (``HdtuiApp._offer_kept_forms``), and at whether a
key's flow has opened a screen, for the shift start (``HdtuiApp._open_shift_start``)."""


class HdtuiApp(App[None]):
    """The Help Desk triage client."""

    CSS_PATH = "app.tcss"
    TITLE = "hdtui"
    HORIZONTAL_BREAKPOINTS = [(0, "-thin"), (100, "-broad")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """Every screen gets these classes by the terminal's size: in a thin or short terminal
    (80x24, the home size: docs/layouts.md) forms take the whole screen, compactly."""
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "show_help", "Keys", id="show-help"),
        Binding("ctrl+q", "leave", "Leave hdtui now", show=False, priority=True, system=True),
        Binding("ctrl+c", "leave_or_copy", "Leave hdtui now", show=False, priority=True,
                system=True),
    ]
    """ctrl+q and ctrl+c leave from every screen, a form, a dialog or an error box
    included (Textual's own ctrl+q ran ``quit``, which ``check_action`` keeps to the main
    screen: walk25's defect 7); they have no id, so no keymap moves them
    (hdtui.keymap.QUIT_KEYS, docs/keys.md)."""

    def __init__(
        self,
        triage: Triage,
        keymap: Mapping[str, str],
        keymap_name: str = "default",
        source_label: str = "",
        notices: Iterable[str] = (),
        snapshot: InboxResult | None = None,
        actions: Actions | Later[Actions] | None = None,
        insight: Insight | Later[Insight] | None = None,
        releases: ReleaseSource | Later[ReleaseSource] | None = None,
        autoreply: AutoReply | Later[AutoReply] | None = None,
        shift_start: bool = False,
        parsed_css: ParsedCss | None = None,
    ) -> None:
        """The services beyond the queue may be given as ``Later``: they are then built
        by a worker once the first frame is on screen, or by their first use. CSS parsed
        in an earlier start (``parsed_css``, hdtui.css_cache) is looked up before parsing."""
        super().__init__()
        if parsed_css is not None:  # the variables Textual's __init__ just made: the theme's
            self.stylesheet = RememberingStylesheet(parsed_css,
                                                    variables=self.stylesheet._variables)
        self._actions = later(actions)
        self._insight = later(insight)
        self._autoreply = later(autoreply)
        self._releases = later(releases)
        self.triage = triage
        self.keymap = dict(keymap)
        self.keymap_name = keymap_name
        self.source_label = source_label
        self.notices = list(notices)
        self.snapshot = snapshot
        self.shift_start = shift_start
        """Open on the shift-start screen once the services are built (docs/shift.md;
        ``S`` reopens it)."""
        self._queue_screen: InboxScreen | None = None
        self._services_started = False
        self._ending = False
        """The way out has begun (``hung_up``): a SIGCONT restarts nothing any more."""
        self._exiting = False
        """``exit`` was called (any quit): a SIGCONT restarts nothing any more either."""
        self.unsaved: list[Draft] = []
        """The drafts open in the editor when the terminal hung up, as typed: the caller
        keeps them once the app has ended (``hdtui.cli.run_tui``; docs/store.md)."""
        self.errors_open: list[tuple[str, str]] = []
        """(title, message) of the error boxes still open when the app ended (ctrl+q
        leaves over one): the caller prints them (``hdtui.cli.tell_what_waits``), as it
        prints those that waited for a form to close (``tell_waiting_errors``)."""
        self.unsaved_forms: list[KeptForm] = []
        """The forms open when the terminal hung up (or hdtui stopped on an error), as
        typed (the hand-off note, a new issue, a personal note, ...); kept by the caller and
        offered back at the next start (docs/store.md, "Forms kept through a hang-up")."""
        self.kept_answered: set[tuple[str, str]] = set()
        """The kept forms (kind, message key) the member answered at this start's offer:
        offered once a session (``hdtui.ui.flows.kept_forms``; walk26 saw "Kept" twice
        after one "Not now")."""
        self.services_due = threading.Event()
        """Set once the services may be built (``start_services``: the whole queue
        painted, or SERVICES_AT_THE_LATEST): the report pane's suggestions wait for it
        (ReportPane.show_suggestions)."""
        self.release_result: FeedResult | None = None
        """The Tails feeds as last read (the stable version marks outdated reports)."""
        self.issue_stats: Mapping[int, IssueStats] = {}
        """Each issue's numbers as hot topics last counted them (none before): the
        known-issues pane says "fixed in 7.7, yet N reports on 7.7 or later" with them,
        as hot topics does (docs/insight.md)."""

    @property
    def actions(self) -> Actions | None:
        """The actions of a shift (built now if the worker has not yet)."""
        return self._actions.get() if self._actions is not None else None

    @property
    def insight(self) -> Insight | None:
        """The numbers of the issues pane and hot topics."""
        return self._insight.get() if self._insight is not None else None

    @property
    def autoreply(self) -> AutoReply | None:
        """The auto-reply's upkeep (ui/screens/autoreply.py), when the session has one."""
        return self._autoreply.get() if self._autoreply is not None else None

    @property
    def releases(self) -> ReleaseSource | None:
        """The Tails release feeds."""
        return self._releases.get() if self._releases is not None else None

    def on_mount(self) -> None:
        """Apply the keymap and open the queue; the other services are built once the
        first frame is on screen."""
        self.set_keymap(leaving_keys_kept(self.keymap))
        exit_on_hang_up(self.hung_up)
        self._guard_continue()
        inbox = InboxScreen(self.triage, self.source_label, self.snapshot, self.size.width,
                            self._actions, self._insight, classes=self.breakpoint_classes())
        self.push_screen(inbox)
        self.snapshot = None
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self._queue_screen = inbox
        # Once the whole queue is shown (MailboxFeed), or a moment after the first frame
        # if loading it takes longer: they do not compete with the queue's loading. The
        # shift-start screen, which needs them, opens then too: it counts the whole queue
        # (docs/benchmarks.md, "Warm start at 100,000").
        self.set_timer(SERVICES_AT_THE_LATEST, self.start_services)

    def dialog_styles(self) -> None:
        """Parse the dialogs' and forms' CSS once the whole queue is drawn, as the services
        start (the first frame does not: docs/benchmarks.md, "Session 16: warm first
        rows"; nor the frames up to the whole queue: "Session 17: the warm queue at
        100,000"), so that the first dialog opened finds it: otherwise Textual, seeing a
        new CSS_PATH, parses the whole CSS again and restyles every screen (60 ms of CPU at
        a load of 12). Only that file is parsed here and nothing is restyled: its rules
        match no widget of the main screen, and no dialog has been opened (if one has,
        Textual added the file already)."""
        path = Path(DIALOGS_CSS)
        if not self.stylesheet.has_source(str(path), ""):
            self.stylesheet.read(path)
            self.stylesheet.parse()

    def breakpoint_classes(self) -> str:
        """The classes Textual gives a screen of the app's size by its breakpoints (the
        highest breakpoint each dimension reaches), for the main screen to have them from
        the start: Textual sets them at the screen's first resize, and a class set then
        restyles every widget of the screen (14 ms of the first frame, docs/benchmarks.md
        "Warm start imports", session 9)."""
        classes = []
        for size, breakpoints in ((self.size.width, self.HORIZONTAL_BREAKPOINTS),
                                  (self.size.height, self.VERTICAL_BREAKPOINTS)):
            reached = [(at, name) for at, name in breakpoints or () if size >= at]
            if reached:
                classes.append(max(reached)[1])
        return " ".join(classes)

    def start_services(self) -> None:
        """Build the services the first frame did not need, in a worker (once); parse the
        dialogs' CSS (rules parsed or looked up from now on are kept apart from the
        start's: hdtui.css_cache)."""
        if isinstance(self.stylesheet, RememberingStylesheet):
            self.stylesheet.remembered.start_done()
        self.dialog_styles()
        self.services_due.set()
        if not self._services_started and self._queue_screen is not None:
            self._services_started = True
            self._build_services(self._queue_screen)

    @work(thread=True, group="services", exit_on_error=False)
    def _build_services(self, inbox: InboxScreen) -> None:
        """Build what the first frame did not need (their imports included), off the UI
        thread; then the queue's screen takes them and the feeds' last copy is read. A
        setting found wrong only now (an [smtp] or [xmpp] section) is said in a dialog."""
        def build() -> list[Message]:
            for problem in self.triage.template_problems():  # read now, said as at start
                self.call_from_thread(self.notify, problem, severity="warning", timeout=10,
                                      markup=False)
            for service in (self._actions, self._insight, self._autoreply):
                if service is not None:
                    service.get()
            self.call_from_thread(inbox.services_ready)
            if self.triage.store.kept_forms():  # offered first; the shift-start screen
                # opens once they are answered
                self.call_from_thread(self._offer_kept_forms, inbox)
            elif self.shift_start:
                self.call_from_thread(self._open_shift_start, inbox)
            return []

        deliver(inbox, build)
        if self._releases is not None:
            self._read_release_copy(self._releases)

    def _offer_kept_forms(self, inbox: InboxScreen) -> None:
        """What the member was writing when hdtui last ended under them, offered back
        (hdtui.ui.flows.kept_forms); then the shift-start screen, if it opens at start.
        Never over another screen, nor while one of the member's flows runs (a form the
        member opened in the first seconds, maybe the kept one itself: it was open twice,
        and the one saved last overwrote the other, session 23's review): the offer waits
        until the member is back at the queue (docs/store.md)."""
        from hdtui.ui.flows.flow import start
        from hdtui.ui.flows.kept_forms import offer_kept_forms

        if self._ending:
            return
        if self.screen is not inbox or any(
                w.group == "flows" and not w.is_finished for w in self.workers):
            self.set_timer(KEPT_OFFER_RETRY, partial(self._offer_kept_forms, inbox))
            return
        then = partial(self._open_shift_start, inbox) if self.shift_start else None
        start(inbox, offer_kept_forms, then, self.kept_answered)

    def _open_shift_start(self, inbox: InboxScreen) -> None:
        """What happened since my last shift, first (docs/shift.md). Not over what the
        member opened already, nor under what a key of theirs is about to open: a flow
        of theirs still on its way (H pressed while the services were built waits for
        the report pane's parts before it opens hot topics) is waited for; one that
        opened a screen has the start said instead."""
        from textual.worker import NoActiveWorker, get_current_worker

        from hdtui.ui.flows.flow import waiting

        if self._ending:
            return
        actions = self.actions
        if actions is None or actions.shift is None:
            return
        try:
            own = get_current_worker()  # the kept forms' offer, which opens it after
        except NoActiveWorker:
            own = None
        busy = [w for w in self.workers
                if w.group == "flows" and not w.is_finished and w is not own]
        if self.screen is not inbox or any(map(waiting, busy)):
            # The member opened something already (H in the first second): the start
            # covered it, and hot topics seemed to open nothing (docs/shift.md).
            self.notify(START_NOT_OPENED, title="Shift start", markup=False)
            return
        if busy:  # a key's flow not done yet: whether it opens a screen is not known
            self.set_timer(KEPT_OFFER_RETRY, partial(self._open_shift_start, inbox))
            return
        inbox.action_flow("show_shift_start")

    async def on_event(self, event: events.Event) -> None:
        """A key typed before the shift-start screen was on screen goes where it was
        typed, the queue, and the start gives way (said as when the member opened
        something first). On a loaded machine a key waits in the app's queue behind the
        first read's messages, and the services' worker, ready meanwhile, opens the start
        ahead of it (``call_from_thread`` does not queue): an H typed at 7.5 s reached the
        start opened at 8.5 s, and hot topics never opened (docs/shift.md)."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            top = self.screen
            opened = getattr(top, "opened_at", None)
            if opened is not None and event.time < opened and \
                    type(top).__name__ == "ShiftStartScreen":
                await top.dismiss(None)
                self.notify(START_NOT_OPENED, title="Shift start", markup=False)
        await super().on_event(event)

    def _read_release_copy(self, later_releases: Later[ReleaseSource]) -> None:
        """The feeds' last good copy (a file, no network), off the UI thread (in the
        services' worker); the first time (no copy yet) the feeds are fetched once, so
        outdated reports are marked and fixed issues said without opening the releases
        pane."""
        try:
            releases = later_releases.get()
            result = releases.cached()
            if not result.state.releases and not result.state.stable \
                    and releases.fetch_at_start:
                result = releases.refresh()
        except HdtuiError:
            return
        if self.release_result is None:  # the releases pane may have fetched already
            self.call_from_thread(self.releases_known, result)

    def releases_known(self, result: FeedResult) -> None:
        """Keep what the feeds said; the queue marks the reports of older versions, the
        replies pane ranks the upgrade reply first for one."""
        self.release_result = result
        from hdtui.ui.widgets.queue_table import QueueTable

        for screen in self.screen_stack:
            for table in screen.query(QueueTable):
                table.set_stable(str(result.state.current))
            if isinstance(screen, InboxScreen):
                screen.report_pane.rank_replies_again()  # an outdated report: upgrade first

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast, whoever raised it, shows its text literally: toasts carry subjects,
        server replies and error text from mail (docs/text-safety.md). A confirmation
        (information) is a band as wide as the screen at its bottom, its title first, its
        whole text wrapped (app.tcss): at 80x24 its box covered the right half of the
        report for 5 s, and cut to one line it lost what to do next; a warning or an error
        keeps its box and its whole text (docs/layouts.md, "Notices")."""
        text = literal(message).plain
        if severity == "information":
            text = notice_line(title, text)
            title = ""
        super().notify(text, title=single_line(title), severity=severity, timeout=timeout,
                       markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """q quits from the main screen only: in a form or a dialog it would lose what the
        member was doing (forms close with escape, keeping their state)."""
        return action != "quit" or isinstance(self.screen, InboxScreen)

    def _guard_continue(self) -> None:
        """Textual's driver answers SIGCONT by starting application mode again, and a
        terminal that hangs up sends SIGCONT with SIGHUP: its answer is now given only
        after a ctrl+z stopped the process and never once the way out has begun (a
        hang-up, any quit under way: ``ContinueGuard``, docs/live-changes.md, "The
        exit"). Headless (tests) there is no driver's handler to guard. A Textual whose
        driver no longer sets them ends the start with the reason."""
        if self.is_headless:
            return
        from hdtui.ui.continue_guard import ContinueGuard

        try:
            ContinueGuard(lambda: self._ending or self._exiting).install()
        except TerminalDriverChanged as error:
            self.exit(return_code=1, message=error.message)

    @property
    def exiting(self) -> bool:
        """The way out has begun: a quit (``exit``) or a hang-up (``hung_up``). Widgets ask
        this rather than Textual's private state (``MailboxFeed.closing``)."""
        return self._exiting or self._ending

    def exit(self, result: None = None, return_code: int = 0,
             message: RenderableType | None = None) -> None:
        """Textual's exit, noted first: the way out has begun (``_guard_continue``). The
        error boxes still open are taken, to be printed once the screen is gone.
        Textual is to give the terminal back with echo off: a key pressed while the
        session closes is not echoed ("^[", walk25's defect 9); the caller puts echo back
        once it is closed (hdtui.terminal_input)."""
        self._exiting = True
        self._restore_without_echo()
        if "hdtui.ui.screens.error" in sys.modules:  # else no error was ever shown
            from hdtui.ui.screens.error import ErrorModal

            self.errors_open = [(screen.error_title, screen.message)
                                for screen in self.screen_stack
                                if isinstance(screen, ErrorModal)]
        super().exit(result, return_code, message)

    def _restore_without_echo(self) -> None:
        """Have the terminal driver restore the terminal's settings with echo off (its
        ``attrs_before``, read when the app started; a driver without it, headless or of
        another Textual, is left alone)."""
        driver = getattr(self, "_driver", None)
        attrs = getattr(driver, "attrs_before", None)
        if isinstance(attrs, list) and len(attrs) > 3:
            from hdtui.terminal_input import without_echo

            with contextlib.suppress(Exception):  # nothing may stop the app from ending
                driver.attrs_before = without_echo(attrs)  # type: ignore[union-attr]

    def hung_up(self, status: int) -> None:
        """The terminal went away (a dropped SSH connection) or hdtui was asked to stop:
        close as a quit does, without the hand-off question nobody is there to answer
        (docs/encryption.md, "When the terminal goes away"). What was typed in an open
        reply, forward or [FT] is taken to be kept as a draft: no draft is lost."""
        self._ending = True
        self._take_unsaved()
        self.exit(return_code=status)

    def _take_unsaved(self, crashed: bool = False, left: bool = False) -> None:
        """Take what the open editors and forms hold, as typed, for the caller to keep
        (``unsaved``, ``unsaved_forms``): a form's ``kept_form`` says what it holds, or
        None when nothing was typed in it. ``crashed``/``left``: hdtui stopped on an error,
        or the member left with ctrl+q or ctrl+c (the offer at the next start says which)."""
        if "hdtui.ui.screens.compose" in sys.modules:  # else no editor was ever opened
            from hdtui.ui.screens.compose import ComposeScreen

            self.unsaved = [screen.edited_draft() for screen in self.screen_stack
                            if isinstance(screen, ComposeScreen)]
        forms: list[KeptForm] = []
        for screen in self.screen_stack:
            kept = getattr(screen, "kept_form", None)
            form = None
            with contextlib.suppress(Exception):  # one form's failure loses no other's
                form = kept() if callable(kept) else None
            if form is not None:
                forms.append(replace(form, crashed=True) if crashed else
                             replace(form, left=True) if left else form)
        self.unsaved_forms = forms

    def _handle_exception(self, error: Exception) -> None:
        """hdtui stops on an error it did not expect (Textual shows its traceback and
        ends the app): what the open editors and forms hold is taken first, as a hang-up
        takes it, so that the caller keeps it (a form that cannot say what it holds any
        more is passed over: nothing may stop the app from ending)."""
        if not self._ending:
            self._ending = True
            with contextlib.suppress(Exception):
                self._take_unsaved(crashed=True)
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        """Quit; in a normal shift with a team folder, offer the hand-off note first
        (docs/shift.md)."""
        shift = self.actions.shift if self.actions is not None else None
        screen = self.screen
        if (shift is None or shift.handed_off or not shift.team_folder
                or self.triage.read_only or not isinstance(screen, InboxScreen)):
            self.exit()
            return
        from hdtui.ui.flows.flow import start
        from hdtui.ui.flows.shift import quit_offering_hand_off

        start(screen, quit_offering_hand_off)  # the q key's flow (not a flow of its own)

    def action_leave(self) -> None:
        """ctrl+q or ctrl+c, from any screen: leave now, without the hand-off question
        (``q`` on the queue asks it). What is typed is kept as at a hang-up: a reply,
        forward or [FT] in the editor as a draft in the outbox, any other form (the
        hand-off note, a new issue, a note, a reminder, ...) offered at the next start;
        what still waits (GitLab writes in the outbox, an error not read, what was kept) is
        printed as hdtui ends (``hdtui.domain.leaving``, docs/keys.md "Leaving")."""
        if self._exiting or self._ending:
            return
        self._take_unsaved(left=True)
        self.exit()

    def action_leave_or_copy(self) -> None:
        """ctrl+c: copy when text is selected, in the field or editor being typed in or
        with the mouse on the screen (as Textual's ctrl+c does: a member copying a line
        must not lose hdtui), else leave as ctrl+q does."""
        focused = self.focused
        copy = getattr(focused, "action_copy", None)
        if getattr(focused, "selected_text", "") and callable(copy):
            copy()
            return
        selected = self.screen.get_selected_text()
        if selected:
            self.copy_to_clipboard(selected)
            return
        self.action_leave()

    def action_show_help(self) -> None:
        """Show every key and its action."""
        from hdtui.ui.keys import help_rows
        from hdtui.ui.screens.help import HelpScreen  # with its DataTable: on first use

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_rows(self.keymap), self.keymap_name))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every hdtui action, then Textual's own (theme, screenshot, ...)."""
        from hdtui.ui.keys import WHERE_OF_ID, display_keys, iter_bindings

        for where, binding in iter_bindings():
            # an app binding said to apply elsewhere (q) is not the screen's to run
            if where not in ("everywhere", "main screen") or binding.id is None \
                    or binding.id in WHERE_OF_ID:
                continue
            target = self if where == "everywhere" else screen
            if where == "main screen" and not isinstance(screen, InboxScreen):
                continue
            keys = display_keys(self.keymap.get(binding.id, binding.key))
            why = screen.not_now(binding.action) if isinstance(screen, InboxScreen) else None
            # Still listed and still run: the flow says why (hdtui/ui/applicable.py).
            yield SystemCommand(
                binding.description or binding.action,
                f"{keys} · {binding.id}" + (f" · not now: {why}" if why else ""),
                partial(target.run_action, binding.action),
            )
        yield from super().get_system_commands(screen)
