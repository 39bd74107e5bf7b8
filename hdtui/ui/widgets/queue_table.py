"""Provides QueueTable: the queue of messages, one row each (rows are not widgets)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from hdtui.domain.mail import Kind
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.text import one_line

KIND_STYLES = {
    Kind.TEAM: "bold magenta",
    Kind.REPORT: "cyan",
    Kind.SUPPORT: "green",
    Kind.LIST_ADMIN: "dim",
    Kind.FT: "bold yellow",
}
STATE_STYLES = {"new": "bold", "undecryptable": "red", "claimed": "yellow", "triaged": "green",
                "replied": "green", "no-reply": "dim", "forwarded": "blue", "escalated": "magenta"}
COLUMNS = (("kind", "Kind", 5), ("date", "Date", 5), ("state", "State", 9),
           ("summary", "Summary", 44), ("version", "Ver", 6), ("hardware", "Hardware", 26))


def row_cells(entry: Entry) -> list[Text]:
    """The cells of one row, as literal Text (never markup)."""
    date = entry.message.date.strftime("%m-%d") if entry.message.date else "--"
    summary_style = "red" if entry.decrypt is DecryptState.FAILED else ""
    if entry.problems and entry.decrypt is not DecryptState.FAILED:
        summary_style = "italic"
    return [
        Text(entry.kind.label, style=KIND_STYLES[entry.kind]),
        Text(date),
        Text(entry.state, style=STATE_STYLES.get(entry.state, "")),
        Text(one_line(entry.summary, 200), style=summary_style, no_wrap=True, overflow="ellipsis"),
        Text(entry.version),
        Text(one_line(entry.hardware, 60), no_wrap=True, overflow="ellipsis"),
    ]


class QueueTable(DataTable[Text]):
    """The queue. Posts ``QueueTable.EntryHighlighted`` when the cursor moves."""

    BINDINGS = [
        Binding("down", "cursor_down", "Next message", show=False, id="cursor-down"),
        Binding("up", "cursor_up", "Previous message", show=False, id="cursor-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("ctrl+home", "scroll_top", "First message", show=False, id="first-message"),
        Binding("ctrl+end", "scroll_bottom", "Last message", show=False, id="last-message"),
    ]

    class EntryHighlighted(Message):
        """The cursor is on another entry."""

        def __init__(self, entry: Entry | None) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._entries: list[Entry] = []
        self._row_of: dict[str, int] = {}

    def on_mount(self) -> None:
        """Create the columns."""
        for key, label, width in COLUMNS:
            self.add_column(label, width=width, key=key)

    @property
    def entries(self) -> list[Entry]:
        """The entries shown, in order."""
        return self._entries

    @property
    def current(self) -> Entry | None:
        """The entry under the cursor."""
        if not self._entries or not (0 <= self.cursor_row < len(self._entries)):
            return None
        return self._entries[self.cursor_row]

    def show(self, entries: Sequence[Entry], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep`` when it is still shown."""
        self._entries = list(entries)
        self._row_of = {e.key: i for i, e in enumerate(self._entries)}
        self.clear()
        self.add_rows(row_cells(e) for e in self._entries)
        # add_rows made its own keys; map ours by position.
        row = self._row_of.get(keep, 0) if keep else 0
        if self._entries:
            self.move_cursor(row=row, animate=False)
        self.post_message(self.EntryHighlighted(self.current))

    def replace_entry(self, entry: Entry) -> None:
        """Redraw one entry after its state changed."""
        row = self._row_of.get(entry.key)
        if row is None:
            return
        self._entries[row] = entry
        for column, cell in enumerate(row_cells(entry)):
            self.update_cell_at(Coordinate(row, column), cell)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Translate the table's event into ours."""
        event.stop()
        self.post_message(self.EntryHighlighted(self.current))
