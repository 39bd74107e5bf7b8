"""Provides NoteScreen: edit the personal note of a message (kept locally only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


class NoteScreen(ModalScreen[str | None]):
    """A SafeTextArea; ctrl+s saves, escape cancels."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("ctrl+s", "save_note", "Save note", id="save-note"),
        Binding("escape", "cancel_note", "Cancel", id="cancel-note"),
    ]

    def __init__(self, text: str, key: str = "", saved: str | None = None) -> None:
        """``text`` to edit, the note of the message ``key``; ``saved``: the note as it is
        kept now, when ``text`` is another (a note kept through a hang-up)."""
        super().__init__()
        self.text = text
        self.key = key
        self.saved = text if saved is None else saved

    def compose(self) -> ComposeResult:
        """Title and editor."""
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Content.styled(
                "Personal note (stays on this machine; allowed in read-only skims)", "bold"))
            yield SafeTextArea(self.text, id="note-text")
            yield Static(Content.styled("ctrl+s saves · escape cancels", "dim"))

    def on_mount(self) -> None:
        """Type at once."""
        self.query_one(SafeTextArea).focus()

    def kept_form(self) -> KeptForm | None:
        """The note as typed, to keep when hdtui ends under it (docs/store.md, "Forms kept
        through a hang-up"); None when it is the note as saved."""
        from hdtui.domain.kept_form import FormKind, KeptForm

        text = self.query_one(SafeTextArea).text
        return KeptForm(FormKind.NOTE, self.key, text) if text != self.saved else None

    def action_save_note(self) -> None:
        """Return the text."""
        self.dismiss(self.query_one(SafeTextArea).text)

    def action_cancel_note(self) -> None:
        """Return nothing."""
        self.dismiss(None)
