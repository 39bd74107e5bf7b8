"""Provides RemindScreen: "check back on this in 3 days", a reminder on the message under
the cursor (docs/followups.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe import SafeInput, literal
from hdtui.ui.screens import DIALOGS_CSS

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm

DELAY = "3d"
"""The delay the form opens with."""


class RemindScreen(ModalScreen[tuple[str, str] | None]):
    """When (``3d``, ``12h``, ``2w``) and a few words; enter keeps it, escape cancels."""

    CSS_PATH = DIALOGS_CSS

    HELP_WHERE = "reminder"
    BINDINGS = [
        Binding("ctrl+s", "keep_reminder", "Keep the reminder", id="keep-reminder"),
        Binding("escape", "cancel_reminder", "Cancel", id="cancel-reminder"),
    ]

    def __init__(self, about: str, current: str = "", key: str = "",
                 kept: KeptForm | None = None) -> None:
        """The form for the message ``key`` (``about``: as the member reads it);
        ``kept``: what it held when hdtui last ended under the member."""
        super().__init__()
        self.about = about
        self.current = current
        self.key = key
        self.opened = (kept.field("delay", DELAY), kept.field("note")) if kept is not None \
            else (DELAY, "")
        """The delay and the note it opens with."""

    def compose(self) -> ComposeResult:
        """The two fields."""
        with Vertical(id="remind-dialog", classes="dialog"):
            yield Static(literal(f"Check back on {self.about}", "bold"))
            if self.current:
                yield Static(literal(f"Now: {self.current} (a new one replaces it)", "dim"))
            yield Static("In (3d, 12h, 2w; empty or done: forget the reminder):")
            yield SafeInput(self.opened[0], id="remind-delay")
            yield Static("Why (a few words, optional):")
            yield SafeInput(self.opened[1], id="remind-note")
            yield Static(Content.styled("enter or ctrl+s keeps it · escape cancels", "dim"))

    def on_mount(self) -> None:
        """Type the delay at once."""
        self.query_one("#remind-delay", SafeInput).focus()

    def kept_form(self) -> KeptForm | None:
        """The delay and the words as typed, to keep when hdtui ends under the form
        (docs/store.md, "Forms kept through a hang-up"); None when nothing was typed."""
        from hdtui.domain.kept_form import FormKind, KeptForm

        typed = (self.query_one("#remind-delay", SafeInput).value,
                 self.query_one("#remind-note", SafeInput).value)
        if typed == self.opened:
            return None
        return KeptForm(FormKind.REMINDER, self.key, fields=(("delay", typed[0]),
                                                             ("note", typed[1])))

    def on_input_submitted(self) -> None:
        """Enter in either field keeps the reminder."""
        self.action_keep_reminder()

    def action_keep_reminder(self) -> None:
        """Return the delay and the note as typed (the flow checks the delay)."""
        self.dismiss((self.query_one("#remind-delay", SafeInput).value,
                      self.query_one("#remind-note", SafeInput).value))

    def action_cancel_reminder(self) -> None:
        """Return nothing."""
        self.dismiss(None)
