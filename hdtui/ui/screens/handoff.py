"""Provides HandoffScreen: the member edits the shift's hand-off note (what I did, what is
left, what to watch) before it is written to the team folder (docs/shift.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe import literal
from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


class HandoffScreen(ModalScreen[str | None]):
    """A SafeTextArea prefilled with the note's three parts; ctrl+s goes on, escape
    cancels (nothing is written)."""

    CSS_PATH = DIALOGS_CSS

    HELP_WHERE = "hand-off note"
    BINDINGS = [
        Binding("ctrl+s", "save_handoff", "Write the note", id="save-handoff"),
        Binding("escape", "cancel_handoff", "Cancel", id="cancel-handoff"),
    ]

    def __init__(self, text: str, where: str) -> None:
        super().__init__()
        self.text = text
        self.where = where

    def compose(self) -> ComposeResult:
        """Title, editor, keys."""
        with Vertical(id="handoff-dialog", classes="dialog"):
            yield Static(Content.styled("Hand-off note: every member reads it at the start "
                                        "of their shift", "bold"))
            yield SafeTextArea(self.text, id="handoff-text")
            yield Static(literal(f"ctrl+s: write it to {self.where} (asked first) · escape: "
                                 "cancel, nothing written", "dim"))

    def on_mount(self) -> None:
        """Type at once."""
        self.query_one(SafeTextArea).focus()

    def kept_form(self) -> KeptForm | None:
        """What the note holds now, to keep when hdtui ends under it (a hang-up, a crash:
        docs/store.md, "Forms kept through a hang-up"); None when nothing was typed."""
        from hdtui.domain.kept_form import FormKind, KeptForm

        text = self.query_one(SafeTextArea).text
        return KeptForm(FormKind.HANDOFF, text=text) if text != self.text else None

    def action_save_handoff(self) -> None:
        """Return the text."""
        self.dismiss(self.query_one(SafeTextArea).text)

    def action_cancel_handoff(self) -> None:
        """Return nothing."""
        self.dismiss(None)
