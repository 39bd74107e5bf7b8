"""Provides AutoReplyScreen: update the auto-reply's frequent-problems block, then save it
and ask the sysadmins to put it on the server, or propose it as a merge request.

The screen gets the problems reported often (FrequentItem: from the known issues' link
counts today, from hot topics later), puts them in the block, and shows the whole new text
to edit next to its diff against the saved text. ctrl+s opens the request mail to the
sysadmins in the compose screen (preview, edit, confirm), then saves and sends; ctrl+r asks,
then saves and opens a merge request. See docs/autoreply.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from hdtui.domain.autoreply import FrequentItem, unified_diff
from hdtui.domain.compose import ComposeError
from hdtui.domain.insight.overview import Overview
from hdtui.domain.issue import KnownIssue
from hdtui.errors import HdtuiError, ReadOnlyError
from hdtui.services.autoreply import AutoReply, AutoReplyText, items_from_overview
from hdtui.ui.failures import refusal
from hdtui.ui.fetch_again import NOT_IN_FORM
from hdtui.ui.safe import SafeInput, literal
from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.screens.compose import ComposeOutcome, ComposeScreen
from hdtui.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm

DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}


def diff_content(diff: str) -> Content:
    """A unified diff, coloured by line (the text shown literally)."""
    if not diff:
        return literal("(no change from the saved text)", "dim")
    lines = [literal(line, DIFF_STYLES.get(line[:1], "")) for line in diff.rstrip("\n").split("\n")]
    return Content("\n").join(lines)


class AutoReplyScreen(ModalScreen[None]):
    """The auto-reply being updated (see the module)."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("ctrl+s", "ask_sysadmins", "Save, ask the sysadmins (preview first)",
                id="autoreply-send", priority=True),
        Binding("ctrl+r", "merge_request", "Save, open a merge request (asks first)",
                id="autoreply-merge-request", priority=True),
        Binding("escape", "close", "Close without saving", id="autoreply-close"),
        Binding("f5", "fetch_not_here", "Why F5 does not count here", show=False,
                id="autoreply-f5"),
    ]

    def __init__(self, autoreply: AutoReply, items: Sequence[FrequentItem],
                 kept: KeptForm | None = None) -> None:
        """The screen for these problems (most reported first, any order accepted);
        ``kept``: the subject and text it held when hdtui last ended under the member,
        put in the editor instead of the proposal (docs/store.md, "Forms kept through a
        hang-up")."""
        super().__init__()
        self.autoreply = autoreply
        self.kept = kept
        self.items = list(items)
        self.current: AutoReplyText | None = None
        self.problem = ""
        self.new_body = ""
        self.notes: tuple[str, ...] = ()
        self.saved = False
        """Whether the text was saved (a kept text is forgotten then)."""
        self._opened: tuple[str, str] = ("", "")
        """What the proposal left out of the block and why, shown above the diff."""
        try:
            proposal = autoreply.propose(self.items)
        except HdtuiError as error:
            self.problem = error.message
        else:
            self.current = proposal.current
            self.new_body = proposal.body
            self.notes = proposal.notes

    def compose(self) -> ComposeResult:
        """Where it goes, the subject, the text and its diff."""
        autoreply = self.autoreply
        current = self.current
        with Vertical(id="autoreply-dialog", classes="dialog"):
            yield Static(literal("Update the auto-reply: problems reported often", "bold"),
                         id="autoreply-title")
            saved = autoreply.save_dir or "[replies] dir (not set)"
            counted = f"{len(self.items)} problem(s) from this week's reports" if self.items \
                else "no problem has reports linked this week: edit the block by hand"
            yield Static(literal(f"{counted} · saved in {saved} · then sent to "
                                 f"{autoreply.team_name}"), id="autoreply-where")
            with Horizontal(classes="compose-field"):
                yield Static("Subject:", classes="compose-label")
                yield SafeInput(current.subject if current else "", id="autoreply-subject")
            yield Static(literal(self.problem, "bold red"), id="autoreply-error")
            with Horizontal(id="autoreply-panes"):
                yield SafeTextArea(self.new_body, id="autoreply-body", soft_wrap=True,
                                   language=None)
                with VerticalScroll(id="autoreply-diff-scroll"):
                    yield Static(literal("\n".join(self.notes), "bold yellow"),
                                 id="autoreply-notes")
                    yield Static(id="autoreply-diff")
            # Every key the screen has, ctrl+r too when no repository is set (it says why).
            request = "ctrl+r merge request…" if autoreply.merge_requests is not None else \
                "ctrl+r merge request (needs [autoreply] repository)"
            keys = f"ctrl+s save, ask the sysadmins… · {request} · escape close"
            yield Static(Content.styled(keys, "dim"), id="autoreply-keys")

    def on_mount(self) -> None:
        """Draw the diff; start in the text."""
        self.query_one("#autoreply-error", Static).display = bool(self.problem)
        self.query_one("#autoreply-notes", Static).display = bool(self.notes)
        self._opened = (self.subject, self.body)
        """The text as proposed (escape asks before dropping changes to it)."""
        if self.kept is not None and self.current is not None:
            self.query_one("#autoreply-subject", SafeInput).value = \
                self.kept.field("subject", self.subject)
            self.query_one("#autoreply-body", SafeTextArea).text = \
                self.kept.field("body", self.body)
        self.refresh_diff()
        self.query_one("#autoreply-body", SafeTextArea).focus()

    def kept_form(self) -> KeptForm | None:
        """The subject and text as edited, to keep when hdtui ends under the screen
        (docs/store.md, "Forms kept through a hang-up"); None when they are as proposed."""
        from hdtui.domain.kept_form import FormKind, KeptForm

        if self.current is None or (self.subject, self.body) == self._opened:
            return None
        return KeptForm(FormKind.AUTO_REPLY, fields=(("subject", self.subject),
                                                     ("body", self.body)))

    # -- state ------------------------------------------------------------------------

    @property
    def body(self) -> str:
        """The text as edited."""
        return self.query_one("#autoreply-body", SafeTextArea).text

    @property
    def subject(self) -> str:
        """The subject as edited."""
        return self.query_one("#autoreply-subject", SafeInput).value

    @property
    def diff(self) -> str:
        """The edited text against the saved one (subject included when it changed)."""
        if self.current is None:
            return ""
        old = f"Subject: {self.current.subject}\n\n{self.current.body}"
        new = f"Subject: {self.subject}\n\n{self.body}"
        return unified_diff(old, new, "saved", "edited")

    def refresh_diff(self) -> None:
        """Show the diff of what is in the editor now."""
        self.query_one("#autoreply-diff", Static).update(diff_content(self.diff))

    def show_error(self, message: str) -> None:
        """A red line above the text (empty: hidden)."""
        widget = self.query_one("#autoreply-error", Static)
        widget.update(literal(message, "bold red"))
        widget.display = bool(message)

    def on_text_area_changed(self, event: SafeTextArea.Changed) -> None:
        """Keep the diff current."""
        self.refresh_diff()

    def on_input_changed(self, event: SafeInput.Changed) -> None:
        """Keep the diff current."""
        self.refresh_diff()

    def _ready(self, doing: str) -> AutoReplyText | None:
        """The saved text when the edit can be used (else the error is shown)."""
        if self.current is None:
            self.show_error(self.problem or "The auto-reply could not be read.")
            return None
        try:
            self.autoreply.actions.triage.ensure_writable(doing)
            self.autoreply.check(self.subject, self.body)
        except ReadOnlyError as error:
            self.show_error(refusal(error, getattr(self.app, "keymap", {})))
            return None
        except (ComposeError, HdtuiError) as error:
            self.show_error(f"Cannot save: {getattr(error, 'message', error)}")
            return None
        self.show_error("")
        return self.current

    # -- actions ----------------------------------------------------------------------

    def action_ask_sysadmins(self) -> None:
        """Preview the request mail in the compose screen; on send: save, then send."""
        current = self._ready("asking the sysadmins to update the auto-reply")
        if current is None:
            return
        subject, body = self.subject, self.body
        try:
            draft = self.autoreply.request(current, subject, body)
        except (ComposeError, HdtuiError) as error:
            self.show_error(f"Cannot write to the sysadmins: {getattr(error, 'message', error)}")
            return

        def done(outcome: ComposeOutcome | None) -> None:
            if outcome is not None and outcome.action == "send":
                self._save_and_send(subject, body, outcome)

        self.app.push_screen(ComposeScreen(draft, self.autoreply.actions.from_address,
                                           title=f"Ask {self.autoreply.team_name} to update "
                                                 "the auto-reply",
                                           cannot_send=self.autoreply.actions.send_problem),
                             done)

    def action_merge_request(self) -> None:
        """Ask, then save and open a merge request on the replies repository."""
        if self.autoreply.merge_requests is None:
            self.show_error("No repository for the standard replies: set [autoreply] "
                            "repository to propose changes as merge requests.")
            return
        current = self._ready("opening a merge request for the auto-reply")
        if current is None:
            return
        subject, body = self.subject, self.body

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._save_and_propose(subject, body)

        summary = Content("\n").join([literal("The new text is saved, then proposed as a "
                                              "merge request. The changes:"),
                                      diff_content(self.diff)])
        self.app.push_screen(ConfirmScreen("Open a merge request for the auto-reply?",
                                           summary), confirmed)

    def action_fetch_not_here(self) -> None:
        """F5 says where it counts again, and that the form keeps its text (walk24: it did
        nothing and said nothing)."""
        self.notify(NOT_IN_FORM, timeout=5)

    def action_close(self) -> None:
        """Close; nothing is saved. Edits made here are not dropped without asking (escape
        closed the editor at once, and a member's edits were lost)."""
        if self.current is None or (self.subject, self.body) == self._opened:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        lost = "The changes made here are lost" if self.kept is None else \
            "The text kept through a hang-up stays kept, as it was"
        self.app.push_screen(ConfirmScreen(
            "Close the auto-reply without saving?",
            f"{lost}: nothing is saved or sent. n or escape: back to the text."), answered)

    @work(thread=True, group="autoreply", exit_on_error=False)
    def _save_and_send(self, subject: str, body: str, outcome: ComposeOutcome) -> None:
        current = self.current
        assert current is not None
        try:
            path = self.autoreply.save(subject, body)
        except (HdtuiError, ComposeError) as error:
            self._failed("The auto-reply was not saved", error)
            return
        self._saved()
        try:
            report = self.autoreply.send(outcome.draft)
        except (HdtuiError, ComposeError) as error:
            self._failed(f"Saved in {path}, but the request was not sent (the draft is kept)",
                         error)
            return
        demo = " (demo: NOT sent, see ctrl+o)" if self.autoreply.actions.demo_log else ""
        self._done(f"Saved in {path}. Request sent{demo} to {', '.join(report.accepted)}.",
                   report.problems)

    @work(thread=True, group="autoreply", exit_on_error=False)
    def _save_and_propose(self, subject: str, body: str) -> None:
        current = self.current
        assert current is not None
        try:
            path = self.autoreply.save(subject, body)
            self._saved()
            change = self.autoreply.merge_request(current, subject, body)
        except (HdtuiError, ComposeError) as error:
            self._failed("The merge request was not opened", error)
            return
        self._done(f"Saved in {path}. Merge request !{change.iid} opened: {change.web_url}",
                   ())

    def _saved(self) -> None:
        """The text is saved: a text kept through a hang-up is not needed any more (in
        the worker; escape, or a save that failed, leaves it kept: docs/store.md)."""
        self.saved = True
        if self.kept is not None:
            from hdtui.domain.kept_form import FormKind

            self.autoreply.actions.triage.store.forget_form(FormKind.AUTO_REPLY)

    def _failed(self, what: str, error: Exception) -> None:
        text = f"{what}: {getattr(error, 'message', error)}"
        self.app.call_from_thread(self.show_error, text)
        self.app.call_from_thread(self.app.notify, text, title="Auto-reply",
                                  severity="error", markup=False)

    def _done(self, text: str, problems: Sequence[str]) -> None:
        def finish() -> None:
            self.app.notify(text, title="Auto-reply", markup=False)
            for problem in problems:
                self.app.notify(problem, title="Not everything happened", severity="warning",
                                markup=False)
            self.dismiss(None)

        self.app.call_from_thread(finish)


def open_auto_reply(screen: Screen[Any],
                    overview: Callable[[], tuple[Overview, Mapping[int, KnownIssue]]] | None
                    = None, kept: KeptForm | None = None) -> None:
    """Open the screen from the main screen: the problems come from ``overview`` (the
    counts hot topics shows: linked and likely reports, flagged new problems), else from
    the known issues' link counts; read in a worker (counting may ask GitLab). ``kept``:
    the text kept when hdtui last ended under the member, opened again and forgotten once
    saved (closed unsaved, it stays kept)."""
    app = screen.app
    autoreply: AutoReply | None = getattr(app, "autoreply", None)
    if autoreply is None:
        screen.notify("The auto-reply cannot be updated in this session.", severity="warning")
        return

    from hdtui.domain.kept_form import still_kept

    def gather() -> None:
        try:
            if overview is not None:
                view, issues = overview()
                items = items_from_overview(view, issues)
            else:
                items = autoreply.frequent_items()
        except HdtuiError as error:  # said, not a worker that ends without a word
            app.call_from_thread(app.notify, error.message, title=error.title,
                                 severity="error")
            return

        def show() -> None:
            opened = AutoReplyScreen(autoreply, items, kept)
            app.push_screen(opened, None if kept is None else lambda _: closed(opened))

        def closed(opened: AutoReplyScreen) -> None:
            if kept is not None and not opened.saved:
                app.notify(still_kept(kept.kind), title="Still kept", markup=False)

        app.call_from_thread(show)

    screen.run_worker(gather, thread=True, group="autoreply", exit_on_error=False)
