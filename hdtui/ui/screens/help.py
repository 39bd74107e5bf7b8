"""Provides HelpScreen: every key and what it does, in the keymap in force."""

from __future__ import annotations

import textwrap
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

ACTION_WIDTH = 50
"""Columns of the action's lines: with the keys' column (16 at most, "escape, enter, q")
and the table's padding and the dialog's border, a line fits 80 columns."""


def _wrapped(text: str) -> str:
    """``text`` in lines of ACTION_WIDTH columns at most."""
    return "\n".join(textwrap.wrap(text, ACTION_WIDTH)) or text


def _action(description: str, binding_id: str) -> Text:
    """What a key does and its binding's id: on one line when both fit ACTION_WIDTH (a
    screenful of keys at 80x24), the id on a line of its own after a long description."""
    lines = textwrap.wrap(description, ACTION_WIDTH) or [description]
    fits = len(f"{lines[-1]} · {binding_id}") <= ACTION_WIDTH
    action = Text("\n".join(lines))
    action.append(" · " if fits else "\n")
    action.append(binding_id, style="cyan")
    return action


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
        """Fill the table: two columns, the keys and what they do with the binding's id
        after it, in sections by where they apply, then the queue's state symbols. Every
        line fits 80 columns (docs/layouts.md): a Where column of its own was only reached
        by scrolling sideways there."""
        table: DataTable[Text] = self.query_one("#help-table", DataTable)
        table.add_columns("Keys", "Action · id")
        where_before = None
        for keys, description, where, binding_id in self.rows:
            if where != where_before:
                self._heading(table, where)
                where_before = where
            table.add_row(Text(keys, style="bold"), _action(description, binding_id),
                          height=None)
        self._heading(table, "queue: the State column")
        for symbol, meaning in LEGEND:  # after the keys: what the queue's symbols mean
            table.add_row(Text(symbol, style="bold"), Text(_wrapped(meaning)), height=None)
        table.focus()

    @staticmethod
    def _heading(table: DataTable[Text], where: str) -> None:
        """A section's heading: where the keys under it apply."""
        heading = where[:1].upper() + where[1:] + ":"
        table.add_row(Text(""), Text(_wrapped(heading), style="bold underline"), height=None)

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(None)
