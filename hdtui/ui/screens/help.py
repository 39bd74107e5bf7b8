"""Provides HelpScreen: every key and what it does, in the keymap in force."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from hdtui.domain.marks import LEGEND
from hdtui.ui.screens import DIALOGS_CSS


class HelpScreen(ModalScreen[None]):
    """A table of binding id, keys and description, then the legend of the queue's state
    column."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss_modal", "Close", id="close-help"),
    ]

    def __init__(self, rows: Sequence[tuple[str, str, str, str]], keymap_name: str) -> None:
        super().__init__()
        self.rows = rows
        self.keymap_name = keymap_name

    def compose(self) -> ComposeResult:
        """The table."""
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Content.styled(f"Keys (keymap: {self.keymap_name})", "bold"))
            yield DataTable[Text](id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(Content.styled(
                "escape closes · ctrl+p lists every action · ids go in [keymap_overrides]",
                "dim"))

    def on_mount(self) -> None:
        """Fill the table."""
        table: DataTable[Text] = self.query_one("#help-table", DataTable)
        table.add_columns("Keys", "Id", "Action", "Where")
        for keys, description, where, binding_id in self.rows:
            table.add_row(Text(keys, style="bold"), Text(binding_id, style="cyan"),
                          Text(description), Text(where, style="dim"))
        for symbol, meaning in LEGEND:  # after the keys: what the queue's symbols mean
            table.add_row(Text(symbol, style="bold"), Text(""), Text(meaning),
                          Text("queue: State column", style="dim"))
        table.focus()

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(None)
