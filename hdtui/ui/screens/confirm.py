"""Provides ConfirmScreen: a yes/no question (y or enter: yes; n or escape: no). Its text
scrolls between the question and the line of keys, both always on screen (docs/layouts.md,
"Dialogs at 80x24")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.fetch_again import NOT_HERE
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


class ConfirmScreen(ModalScreen[bool]):
    """A title and a body; dismissed with True (yes) or False (no)."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm-no"),
        Binding("f5", "fetch_not_here", "Why F5 does not count here", show=False,
                id="confirm-f5"),
    ]

    def __init__(self, title: str, body: str | Content, kept: KeptForm | None = None) -> None:
        """A question.

        Args:
            title: The question, shown in bold (made literal).
            body: What the answer applies to: a str is shown literally; a Content is shown
                as built (the caller made any mail text in it literal).
            kept: The form the question is about, as the member typed it (the hand-off
                note): kept if hdtui ends under the question, as under the form itself
                (docs/store.md, "Forms kept through a hang-up").
        """
        super().__init__()
        self.confirm_title = title
        self.body = body if isinstance(body, Content) else literal(body)
        self.kept = kept

    def kept_form(self) -> KeptForm | None:
        """The form asked about, to keep when hdtui ends under the question."""
        return self.kept

    def compose(self) -> ComposeResult:
        """Title, the scrolled body and the keys."""
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(literal(self.confirm_title, "bold"), id="confirm-title",
                         classes="dialog-title")
            yield Static(Content.styled("y or enter: yes · n or escape: no", "dim"),
                         id="confirm-keys", classes="dialog-keys")
            with DialogScroll(id="confirm-scroll"):
                yield Static(self.body, id="confirm-body")

    def on_mount(self) -> None:
        """The arrows and page keys scroll the text at once."""
        self.query_one(DialogScroll).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)

    def action_fetch_not_here(self) -> None:
        """F5 over a question says where it counts again (walk24: it did nothing)."""
        self.notify(NOT_HERE, timeout=5)
