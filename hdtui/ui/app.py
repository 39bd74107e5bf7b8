"""Provides HdtuiApp: wiring only (keymap, the main screen, help, the command palette)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from hdtui.domain.releases import FeedResult
from hdtui.errors import HdtuiError
from hdtui.services.acting import Actions
from hdtui.services.autoreply import AutoReply
from hdtui.services.insight import Insight
from hdtui.services.ports import ReleaseSource
from hdtui.services.triage import InboxResult, Triage
from hdtui.ui.safe import literal, single_line
from hdtui.ui.screens.help import HelpScreen
from hdtui.ui.screens.inbox import InboxScreen


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
    ]

    def __init__(
        self,
        triage: Triage,
        keymap: Mapping[str, str],
        keymap_name: str = "default",
        source_label: str = "",
        notices: Iterable[str] = (),
        snapshot: InboxResult | None = None,
        actions: Actions | None = None,
        insight: Insight | None = None,
        releases: ReleaseSource | None = None,
        autoreply: AutoReply | None = None,
        shift_start: bool = False,
    ) -> None:
        super().__init__()
        self.actions = actions
        self.insight = insight
        self.autoreply = autoreply
        """The auto-reply's upkeep (ui/screens/autoreply.py), when the session has one."""
        self.triage = triage
        self.keymap = dict(keymap)
        self.keymap_name = keymap_name
        self.source_label = source_label
        self.notices = list(notices)
        self.snapshot = snapshot
        self.releases = releases
        self.shift_start = shift_start
        """Open on the shift-start screen (docs/shift.md; ``S`` reopens it)."""
        self.release_result: FeedResult | None = None
        """The Tails feeds as last read (the stable version marks outdated reports)."""

    def on_mount(self) -> None:
        """Apply the keymap and open the queue."""
        self.set_keymap(self.keymap)
        inbox = InboxScreen(self.triage, self.source_label, self.snapshot, self.size.width,
                            self.actions, self.insight)
        self.push_screen(inbox)
        self.snapshot = None
        if self.shift_start and self.actions is not None and self.actions.shift is not None:
            self.call_after_refresh(inbox.action_flow, "show_shift_start")
        if self.releases is not None:
            self._read_release_copy(self.releases)
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)

    @work(thread=True, group="releases", exit_on_error=False)
    def _read_release_copy(self, releases: ReleaseSource) -> None:
        """The feeds' last good copy (a file, no network), off the UI thread; the first
        time (no copy yet) the feeds are fetched once, so outdated reports are marked and
        fixed issues said without opening the releases pane."""
        try:
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
        server replies and error text from mail (docs/text-safety.md)."""
        super().notify(literal(message).plain, title=single_line(title), severity=severity,
                       timeout=timeout, markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """q quits from the main screen only: in a form or a dialog it would lose what the
        member was doing (forms close with escape, keeping their state)."""
        return action != "quit" or isinstance(self.screen, InboxScreen)

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

    def action_show_help(self) -> None:
        """Show every key and its action."""
        from hdtui.ui.keys import help_rows

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_rows(self.keymap), self.keymap_name))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every hdtui action, then Textual's own (theme, screenshot, ...)."""
        from hdtui.ui.keys import display_keys, iter_bindings

        for where, binding in iter_bindings():
            if where not in ("everywhere", "main screen") or binding.id is None:
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
