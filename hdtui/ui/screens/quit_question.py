"""Provides QuitQuestion: quitting a normal shift offers the hand-off note, with three
answers (docs/shift.md): write it then quit, quit without one, or stay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS

QUESTION = "Write a hand-off note before you go?"

KEYS = "y or enter: write it, then quit · n: quit without one · escape: stay"
"""The dialog's own line of keys. Escape stays: a yes/no confirmation read escape as no,
and no quit, so escape (the key that backs out of every dialog) left hdtui."""


class QuitQuestion(ModalScreen[bool | None], inherit_bindings=False):
    """Dismissed with True (write the note, then quit), False (quit without one) or None
    (stay: back to the queue)."""

    CSS_PATH = DIALOGS_CSS
    HELP_WHERE = "quit question"

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Write the note, then quit", id="quit-with-note"),
        Binding("n", "answer(False)", "Quit without a note", id="quit-without-note"),
        Binding("escape", "stay", "Stay (do not quit)", id="stay-not-quit"),
    ]

    def compose(self) -> ComposeResult:
        """The question, what the note is for and the keys (the ids of the yes/no
        confirmation's parts: the same look)."""
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(literal(QUESTION, "bold"), id="confirm-title")
            yield Static(literal("The next member reads it at the start of their shift."),
                         id="confirm-body")
            yield Static(Content.styled(KEYS, "dim"), id="confirm-keys")

    def action_answer(self, write: bool) -> None:
        """Quit, with the note first or without it."""
        self.dismiss(write)

    def action_stay(self) -> None:
        """Back to the queue, nothing quit."""
        self.dismiss(None)
