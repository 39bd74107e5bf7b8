"""Provides ConfirmScreen: a yes/no question (y or enter: yes; n or escape: no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS


class ConfirmScreen(ModalScreen[bool]):
    """A title and a body; dismissed with True (yes) or False (no)."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, title: str, body: str | Content) -> None:
        """A question.

        Args:
            title: The question, shown in bold (made literal).
            body: What the answer applies to: a str is shown literally; a Content is shown
                as built (the caller made any mail text in it literal).
        """
        super().__init__()
        self.confirm_title = title
        self.body = body if isinstance(body, Content) else literal(body)

    def compose(self) -> ComposeResult:
        """Title, body and the keys."""
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(literal(self.confirm_title, "bold"), id="confirm-title")
            yield Static(self.body, id="confirm-body")
            yield Static(Content.styled("y or enter: yes · n or escape: no", "dim"),
                         id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
