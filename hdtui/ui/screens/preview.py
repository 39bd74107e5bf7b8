"""Provides PreviewScreen: a scrollable read-only view of a reply or an issue."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.applicable import explained
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll


class PreviewScreen(ModalScreen[bool]):
    """Shows prepared Content (already literal) with a title. A reply's preview can answer
    with it: dismissed with True when the member wants to reply with what they read."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,q", "dismiss_modal", "Close", id="close-preview"),
        Binding("r", "reply_with_this", "Reply with this one", id="reply-with-previewed"),
    ]

    def __init__(self, title: Content, body: Content, can_reply: bool = False) -> None:
        super().__init__()
        self.preview_title = title
        self.body = body
        self.can_reply = can_reply

    def compose(self) -> ComposeResult:
        """Title and scrollable body."""
        with Vertical(id="preview-dialog", classes="dialog"):
            yield Static(self.preview_title, id="preview-title")
            keys = "escape closes · arrows scroll"
            yield Static(Content.styled(f"{keys} · r replies with it" if self.can_reply
                                        else keys, "dim"), classes="dialog-keys")
            with DialogScroll(id="preview-scroll"):
                yield Static(self.body, id="preview-body")

    def on_mount(self) -> None:
        """Let the arrows scroll at once."""
        self.query_one("#preview-scroll").focus()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Replying is offered only for a reply's preview; elsewhere ``r`` says so
        (hdtui/ui/applicable.py)."""
        return explained(super().active_bindings, self, self._not_now,
                         hidden={"reply_with_this"})

    def _not_now(self, action: str) -> str | None:
        if action == "reply_with_this" and not self.can_reply:
            return "this is not a reply"
        return None

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(False)

    def action_reply_with_this(self) -> None:
        """Close and reply with the reply shown."""
        if not self.can_reply:
            self.notify("This is not a standard reply: there is nothing to reply with here.",
                        severity="warning", markup=False)
            return
        self.dismiss(True)
