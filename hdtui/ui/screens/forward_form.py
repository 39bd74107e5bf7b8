"""Provides ForwardFormScreen: choose the team and write the context of a forward.

The member picks a team, says how important the problem is and which workarounds are
known; the context block that will sit on top of the forward is shown as it is typed.
``ctrl+s`` returns a ForwardChoice; the caller builds and sends the forward.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hdtui.domain.forward import ForwardChoice, context_text
from hdtui.ui.safe import SafeInput, literal
from hdtui.ui.safe_text_area import SafeTextArea
from hdtui.ui.screens import DIALOGS_CSS

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm

__all__ = ["ForwardChoice", "ForwardFormScreen"]


class ForwardFormScreen(ModalScreen[ForwardChoice | None]):
    """Team, importance and workarounds, with the resulting context block live."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("ctrl+s", "confirm_forward", "Use this team and context", id="confirm-forward"),
        Binding("escape", "close_forward_form", "Cancel", id="close-forward-form"),
    ]

    def __init__(self, teams: Sequence[str], problem: str, reproduction: str,
                 key: str = "", kept: KeptForm | None = None) -> None:
        """The form for the message ``key``; ``kept``: what it held when hdtui last ended
        under the member (docs/store.md, "Forms kept through a hang-up")."""
        super().__init__()
        self.teams = tuple(teams)
        self.problem = problem
        self.reproduction = reproduction
        self.key = key
        self.opened = (kept.field("team"), kept.field("importance"),
                       kept.field("workarounds")) if kept is not None else ("", "", "")
        """The team, importance and workarounds it opens with."""

    def compose(self) -> ComposeResult:
        """Team list, importance, workarounds, then the context block."""
        with Vertical(id="forward-dialog", classes="dialog"):
            yield Static(Content.styled("Forward to a team", "bold"))
            with Horizontal(classes="form-row", id="forward-team-row"):
                yield Static("Team", classes="form-label")
                yield OptionList(*(Option(literal(team)) for team in self.teams),
                                 id="forward-teams", markup=False, compact=True)
            with Horizontal(classes="form-row"):
                yield Static("Importance", classes="form-label")
                yield SafeInput(self.opened[1], id="forward-importance", compact=True,
                            placeholder="e.g. high: regression in 7.5, 5 reports this week")
            with Horizontal(classes="form-row", id="forward-workarounds-row"):
                yield Static("Workarounds", classes="form-label")
                yield SafeTextArea(self.opened[2], id="forward-workarounds", soft_wrap=True,
                               compact=True, placeholder="known workarounds, one per line")
            yield Static("The context on top of the forward:", classes="section-heading")
            with VerticalScroll(id="forward-context-scroll"):
                yield Static(id="forward-context")
            yield Static(Content.styled("ctrl+s uses this team and context · escape cancels",
                                        "dim"))

    def on_mount(self) -> None:
        """Highlight the first team and show the context."""
        teams = self.query_one("#forward-teams", OptionList)
        if self.teams:
            team = self.opened[0]
            teams.highlighted = self.teams.index(team) if team in self.teams else 0
        teams.focus()
        self.update_context()

    def team(self) -> str | None:
        """The highlighted team, or None."""
        index = self.query_one("#forward-teams", OptionList).highlighted
        return self.teams[index] if index is not None and index < len(self.teams) else None

    def choice(self) -> ForwardChoice | None:
        """What the form holds now (None without a team)."""
        team = self.team()
        if team is None:
            return None
        return ForwardChoice(team, self.query_one("#forward-importance", SafeInput).value.strip(),
                             self.query_one("#forward-workarounds", SafeTextArea).text.strip())

    def kept_form(self) -> KeptForm | None:
        """What the form holds, to keep when hdtui ends under it (docs/store.md, "Forms
        kept through a hang-up"); None when neither the importance nor the workarounds
        were typed in (a team alone is one key to choose again)."""
        from hdtui.domain.kept_form import FormKind, KeptForm

        importance = self.query_one("#forward-importance", SafeInput).value
        workarounds = self.query_one("#forward-workarounds", SafeTextArea).text
        if (importance, workarounds) == self.opened[1:]:
            return None
        return KeptForm(FormKind.FORWARD, self.key, fields=(
            ("team", self.team() or ""), ("importance", importance),
            ("workarounds", workarounds)))

    def context(self) -> str:
        """The context block as it would be sent now."""
        return context_text(self.problem,
                            self.query_one("#forward-importance", SafeInput).value,
                            self.query_one("#forward-workarounds", SafeTextArea).text,
                            self.reproduction)

    @on(SafeInput.Changed)
    @on(SafeTextArea.Changed)
    @on(OptionList.OptionHighlighted)
    def update_context(self) -> None:
        """Redraw the context block and the recipient."""
        team = self.team()
        head = f"To: {team}\n\n" if team else "To: (no team configured)\n\n"
        self.query_one("#forward-context", Static).update(literal(head + self.context()))

    @on(OptionList.OptionSelected, "#forward-teams")
    def _team_chosen(self) -> None:
        """Enter on a team moves on to the importance."""
        self.query_one("#forward-importance", SafeInput).focus()

    def action_confirm_forward(self) -> None:
        """Return the team and the context texts."""
        choice = self.choice()
        if choice is None:
            self.notify("No team to forward to: add one under [[teams]] in the config.",
                        severity="error", markup=False)
            return
        self.dismiss(choice)

    def action_close_forward_form(self) -> None:
        """Forward nothing."""
        self.dismiss(None)
