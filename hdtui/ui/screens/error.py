"""Provides ErrorModal: what went wrong and what to do, dismissed with escape or enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll


class ErrorModal(ModalScreen[None]):
    """A dialog showing one HdtuiError."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,enter,q", "dismiss_modal", "Close", id="close-dialog"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.error_title = title
        self.message = message

    def compose(self) -> ComposeResult:
        """A title and the message."""
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(literal(self.error_title, "bold"), id="error-title",
                         classes="dialog-title")
            yield Static(Content.styled("escape or enter closes this", "dim"),
                         classes="dialog-keys")
            with DialogScroll(id="error-scroll"):
                yield Static(literal(self.message), id="error-message")

    def on_mount(self) -> None:
        """A long message scrolls at once."""
        self.query_one(DialogScroll).focus()

    def action_dismiss_modal(self) -> None:
        """Close the dialog."""
        self.dismiss(None)
