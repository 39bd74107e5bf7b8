"""Provides OutcomeScreen: record that a message needs no reply, or why answering stops.

"Stop answering" has one of three reasons (information gathered, cannot realistically
improve, low priority); "no reply needed" has none. Every Help Desk member sees that no
reply is expected ($HDNoReply); the reason is kept locally by the caller.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.domain.process import Outcome, StopReason
from hdtui.ui.screens import DIALOGS_CSS


class OutcomeScreen(ModalScreen[Outcome | None]):
    """One key per outcome; escape cancels."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("1", "stop('information gathered')", "Stop answering: information gathered",
                id="outcome-gathered"),
        Binding("2", "stop('cannot realistically improve')",
                "Stop answering: cannot realistically improve", id="outcome-cannot-improve"),
        Binding("3", "stop('low priority')", "Stop answering: low priority",
                id="outcome-low-priority"),
        Binding("0", "no_reply", "No reply needed", id="outcome-no-reply"),
        Binding("escape,q", "close_outcome", "Cancel", id="close-outcome"),
    ]

    def __init__(self, current: Outcome | None = None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        """The choices, and the outcome recorded so far."""
        with Vertical(id="outcome-dialog", classes="dialog"):
            yield Static(Content.styled("Outcome", "bold"))
            yield Static("Stop answering, because:")
            for key, reason in zip("123", StopReason, strict=True):
                yield Static(Content.assemble((f"  {key}  ", "bold"), reason.value),
                             classes="outcome-choice")
            yield Static(Content.assemble(("  0  ", "bold"),
                                          "No reply needed (nothing to answer)"),
                         classes="outcome-choice")
            now = "none yet" if self.current is None else self.current.label
            yield Static(Content.styled(f"Recorded now: {now}", "dim"), id="outcome-current")
            yield Static(Content.styled(
                "Everyone sees that no reply is expected, and the reason (the team folder). "
                "escape cancels", "dim"))

    def action_stop(self, value: str) -> None:
        """Stop answering for the chosen reason."""
        self.dismiss(Outcome.stop_answering(StopReason(value)))

    def action_no_reply(self) -> None:
        """No reply needed."""
        self.dismiss(Outcome.not_needed())

    def action_close_outcome(self) -> None:
        """Change nothing."""
        self.dismiss(None)
