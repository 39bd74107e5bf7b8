"""Provides ErrorModal: what went wrong and what to do, dismissed with escape or enter;
and ``show_error``, which opens one for a failure the member must act on (one box per
cause). Such a failure is never a toast: a toast goes away after seconds, read or not,
while the member may be looking at the report (docs/layouts.md, "Notices")."""

from __future__ import annotations

from textual.app import App, ComposeResult
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


def show_error(app: App[object], title: str, message: str) -> None:
    """Open an ErrorModal for a failure the member must act on (a send that partly
    failed, a change that could not be saved or applied), unless one saying the same is
    open already: a failure repeated by every worker is one box, not a stack."""
    for screen in app.screen_stack:
        if isinstance(screen, ErrorModal) and (screen.error_title, screen.message) \
                == (title, message):
            return
    app.push_screen(ErrorModal(title, message))


__all__ = ["ErrorModal", "show_error"]
