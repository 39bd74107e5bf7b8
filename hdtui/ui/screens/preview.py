"""Provides PreviewScreen: a scrollable read-only view of a reply or an issue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class PreviewScreen(ModalScreen[None]):
    """Shows prepared Content (already literal) with a title."""

    BINDINGS = [
        Binding("escape,q", "dismiss_modal", "Close", id="close-preview"),
    ]

    def __init__(self, title: Content, body: Content) -> None:
        super().__init__()
        self.preview_title = title
        self.body = body

    def compose(self) -> ComposeResult:
        """Title and scrollable body."""
        with Vertical(id="preview-dialog", classes="dialog"):
            yield Static(self.preview_title, id="preview-title")
            with VerticalScroll(id="preview-scroll"):
                yield Static(self.body, id="preview-body")
            yield Static(Content.styled("escape closes · arrows scroll", "dim"))

    def on_mount(self) -> None:
        """Let the arrows scroll at once."""
        self.query_one("#preview-scroll").focus()

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(None)
