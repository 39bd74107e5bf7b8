"""Provides QueueTable: the queue of messages, drawn line by line (only visible rows).

A DataTable builds every row up front (28.7 s for 100,000 rows on the 2-core machine);
this widget keeps the rows as positions in the queue's columns (``RowsAt``) and renders
only the lines on screen, a Row made for each (docs/queue-columns.md), so showing, sorting
and filtering cost the same at 60 rows as at 100,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hdtui.domain.mail import HELD_PREFIX, Kind
from hdtui.domain.marks import Personal, state_label, state_symbols
from hdtui.domain.queue import DecryptState, Row
from hdtui.domain.queue_columns import RowsAt
from hdtui.domain.text import cut, one_line, pad

KIND_STYLES = {
    Kind.TEAM: "bold magenta",
    Kind.REPORT: "cyan",
    Kind.SUPPORT: "green",
    Kind.LIST_ADMIN: "dim",
    Kind.FT: "bold yellow",
    Kind.SYSTEM: "dim italic",
}
NOBODY = Personal()
"""No claim, note or opened message of the member's known (yet)."""
STATE_STYLES = {"new": "bold", "undecryptable": "red", "claimed": "yellow", "triaged": "green",
                "replied": "green", "no-reply": "dim", "forwarded": "blue", "escalated": "magenta"}
# (key, label, width); the summary takes what the others leave, the last ones go first
# when the terminal is narrow.
COLUMNS = (("kind", "Kind", 5), ("date", "Date", 6), ("state", "State", 11),
           ("summary", "Summary", 0), ("version", "Ver", 7), ("hardware", "Hardware", 26))
MIN_SUMMARY = 30
"""Narrower, the hardware column goes (then the version): at 80 columns the summary reads
better than a cut hardware name, which the report shows whole."""


def row_cells(row: Row, tagged: bool = False, stable: str = "",
              personal: Personal = NOBODY) -> list[tuple[str, str]]:
    """The cells of one row as (text, style), each text one clean line (the row's fields
    came from mail: cleaned here again, whatever the cache held); a tagged row (picked for
    an issue about several reports) starts with ●; a version older than ``stable`` (the
    current Tails release, from the feeds) ends with ↓ (docs/releases.md). The state is
    every mark as a symbol, with the member's own claim, note and opened state
    (``personal``; the legend: hdtui.domain.marks.LEGEND)."""
    date = row.date
    state = state_cell(row, personal)
    summary_style = "red" if row.decrypt is DecryptState.FAILED else \
        "dim" if row.provisional else "italic" if row.has_problems else ""
    held = row.kind is Kind.LIST_ADMIN and row.summary.startswith(HELD_PREFIX)
    return [
        (("●" if tagged else "") + ("Held" if held else row.kind.label),
         "bold reverse" if tagged else "bold yellow" if held else KIND_STYLES[row.kind]),
        (date.strftime("%m-%d") if date else "--", ""),
        state,
        (one_line(row.summary, 300), summary_style),
        _version_cell(row.version, stable),
        (one_line(row.hardware, 60), ""),
    ]


def state_cell(row: Row, personal: Personal) -> tuple[str, str]:
    """The state column: symbols, styled by the most advanced mark, bold when new to me."""
    marks = row.marks
    failed = row.decrypt is DecryptState.FAILED
    text = state_symbols(row.key, marks, personal, failed, row.provisional)
    word = "undecryptable" if failed and not marks else state_label(marks, True)
    style = STATE_STYLES.get(word, "")
    if row.key not in personal.seen:
        style = f"bold {style}".strip()
    return text, style


def _version_cell(version: str, stable: str) -> tuple[str, str]:
    shown = one_line(version, 40)
    if version and stable:  # known once the feeds are read, after the first frame
        from hdtui.domain.releases import outdated  # (docs/benchmarks.md, session 9)

        if outdated(version, stable):
            return f"{shown}↓", "yellow"
    return shown, ""


@lru_cache(maxsize=64)
def _style(definition: str) -> Style:
    return Style.parse(definition) if definition else Style()


def layout(width: int) -> list[tuple[int, int]]:
    """(column index, width) of the columns that fit, the summary flexible."""
    fixed = [(i, w) for i, (_, _, w) in enumerate(COLUMNS) if w]
    while fixed and width - sum(w for _, w in fixed) < MIN_SUMMARY:
        fixed.pop()  # drop hardware, then version, on narrow terminals
    summary = max(width - sum(w for _, w in fixed), 1)
    shown = [(i, w) for i, w in fixed if i < 3] + [(3, summary)] + \
        [(i, w) for i, w in fixed if i > 3]
    return shown


def fit(text: str, width: int) -> str:
    """Cut or pad to exactly ``width`` terminal cells (one of them a gutter on the right):
    wide letters and emoji take two cells, so a cut by characters would spill over."""
    return pad(cut(text, width - 1), width)


class QueueTable(ScrollView, can_focus=True):
    """The queue. Posts ``QueueTable.RowHighlighted`` when the cursor moves."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"queue-table--cursor", "queue-table--header"}
    DEFAULT_CSS = """
    QueueTable { overflow-x: hidden; }
    QueueTable > .queue-table--header { text-style: bold; }
    QueueTable > .queue-table--cursor { background: $block-cursor-blurred-background; }
    QueueTable:focus > .queue-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    BINDINGS = [
        Binding("down", "cursor_down", "Next message", show=False, id="cursor-down"),
        Binding("up", "cursor_up", "Previous message", show=False, id="cursor-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("ctrl+home", "scroll_top", "First message", show=False, id="first-message"),
        Binding("ctrl+end", "scroll_bottom", "Last message", show=False, id="last-message"),
    ]

    cursor_row: reactive[int] = reactive(0)

    class RowHighlighted(Message):
        """The cursor is on another message."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows = RowsAt.of(())
        self._own = self._rows.columns
        """Columns the table made of rows given as Rows (``show``): changed here."""
        self._cells: dict[int, tuple[Row, list[tuple[str, str]]]] = {}
        """The cells drawn of each row shown, by index, with the row they were made of."""
        self.stable = ""
        """The current stable Tails version (older versions are marked), "" unknown."""
        self.tagged: set[str] = set()
        """Keys of the rows picked (t) for an action on several reports."""
        self.personal = NOBODY
        """The member's own claims, notes and opened messages (the state column)."""
        self.drawn: RowsAt | None = None
        """The rows last drawn (``render_line``): ``rows`` once the screen shows them."""
        self.drawn_current: Row | None = None
        """The row under the cursor as last drawn: what the member sees there, until the
        screen draws again a change that reached ``rows`` (docs/marks.md, "What the claim
        key decides")."""

    # -- data -------------------------------------------------------------------------

    @property
    def rows(self) -> RowsAt:
        """The rows shown, in order (each made when looked at)."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows the queue has."""
        return len(self._rows)

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        if not self._rows or not (0 <= self.cursor_row < len(self._rows)):
            return None
        return self._rows[self.cursor_row]

    @property
    def seen(self) -> Row | None:
        """The row under the cursor as the screen last drew it (its marks maybe older than
        ``current``'s); None when the message under the cursor is not the one last drawn
        there (the cursor moved since), or when the queue is not on screen (the pager shows
        the report, which follows ``current``)."""
        current, drawn = self.current, self.drawn_current
        if current is None or drawn is None or drawn.key != current.key or not self.region:
            return None
        return drawn

    def show(self, rows: Sequence[Row], keep: str | None = None, at: int = 0) -> None:
        """Replace the rows, keeping the cursor on ``keep`` when it is still shown, else
        at the position ``at`` (clamped)."""
        was = self.cursor_row
        drawn = self._cells
        self._rows = RowsAt.of(rows)
        if self._rows is not rows:
            self._own = self._rows.columns
        # The cells of a row still at its place, unchanged, are kept: the whole queue's
        # first rows are the first frame's (the head's), drawn again for nothing at
        # every load (docs/benchmarks.md, "Session 17: the warm queue at 100,000").
        # A row waiting for the user is drawn again all the same: its state cell counts
        # the days since (``W3``), from the clock, not from the row.
        after = self._rows
        waiting = self.personal.waiting
        self._cells = {at: made for at, made in drawn.items()
                       if at < len(after) and after[at] == made[0]
                       and made[0].key not in waiting}
        self._set_virtual_size()
        found = None
        if keep:
            found = self._near(keep, was)
            if found is None:
                found = self._index(keep)
        row = found if found is not None else max(0, min(at, len(self._rows) - 1))
        self.set_reactive(QueueTable.cursor_row, row)
        self._scroll_to_cursor()
        self.refresh()
        # Made on the table's own turn: a message made while the parent handles one of
        # its own (a filter's search result) has the parent as sender, and Textual stops
        # such a message at the parent: the report would stay on the previous message.
        self.call_next(self._say_highlighted)

    def _say_highlighted(self) -> None:
        self.post_message(self.RowHighlighted(self.current))

    def _near(self, key: str, around: int, span: int = 16) -> int | None:
        """The position of a message if it is within ``span`` rows of ``around``: where
        the cursor's message is after a few messages came or went (docs/live-changes.md),
        found without indexing every row."""
        rows = self._rows
        for at in range(max(0, around - span), min(len(rows), around + span + 1)):
            if rows.key_at(at) == key:
                return at
        return None

    def _index(self, key: str) -> int | None:
        """The position of a message in the rows shown."""
        return self._rows.index_of(key)

    def replace_row(self, changed: Row) -> None:
        """Redraw one message after its state changed."""
        row = self._index(changed.key)
        if row is None:
            return
        if self._rows.columns is self._own:  # else the queue's columns have it already
            self._rows.columns.put(changed)
        self._cells.pop(row, None)
        self.refresh()

    def set_stable(self, version: str) -> None:
        """Mark the rows of versions older than ``version`` (the feeds said it)."""
        if version != self.stable:
            self.stable = version
            self._cells.clear()
            self.refresh()

    def set_personal(self, personal: Personal) -> None:
        """Show the member's own claims, notes and opened messages."""
        if personal is self.personal:
            return
        changed = personal.changed_keys(self.personal)
        self.personal = personal
        if changed is None:
            self._cells.clear()
        else:  # only the rows whose state changed are drawn again (none: nothing)
            rows = self._rows
            waiting = personal.waiting  # their day counts come from the clock (show())
            stale = [at for at in self._cells
                     if (key := rows.key_at(at)) in changed or key in waiting]
            if not stale:
                return
            for at in stale:
                del self._cells[at]
        self.refresh()

    def toggle_tag(self) -> bool:
        """Tag or untag the row under the cursor; return whether it is tagged now."""
        current = self.current
        if current is None:
            return False
        if current.key in self.tagged:
            self.tagged.discard(current.key)
        else:
            self.tagged.add(current.key)
        self._cells.pop(self.cursor_row, None)
        self.refresh()
        return current.key in self.tagged

    def clear_tags(self, keys: Iterable[str] | None = None) -> None:
        """Untag every row (or only those of ``keys``)."""
        if keys is None:
            self.tagged.clear()
        else:
            self.tagged.difference_update(keys)
        self._cells.clear()
        self.refresh()

    # -- cursor -------------------------------------------------------------------------

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """Put the cursor on a row (clamped)."""
        self.cursor_row = max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        """Keep the cursor visible and say which message it is on."""
        self._scroll_to_cursor()
        self.refresh()
        if old != new:
            self.post_message(self.RowHighlighted(self.current))

    def _rows_visible(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)  # less the header line

    def _page(self) -> int:
        return max(self._rows_visible() - 1, 1)

    def _scroll_to_cursor(self) -> None:
        rows_visible = self._rows_visible()
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + rows_visible:
            self.scroll_to(y=self.cursor_row - rows_visible + 1, animate=False)

    def action_cursor_down(self) -> None:
        """Next message."""
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        """Previous message."""
        self.move_cursor(row=self.cursor_row - 1)

    def action_page_down(self) -> None:
        """A page further."""
        self.move_cursor(row=self.cursor_row + self._page())

    def action_page_up(self) -> None:
        """A page back."""
        self.move_cursor(row=self.cursor_row - self._page())

    def action_scroll_top(self) -> None:
        """The first message."""
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        """The last message."""
        self.move_cursor(row=len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        """Clicking a row moves the cursor there."""
        if event.y >= 1:
            self.move_cursor(row=int(self.scroll_offset.y) + event.y - 1)

    def on_resize(self) -> None:
        """Keep the scroll range and the cursor right after a resize."""
        self._set_virtual_size()
        self._scroll_to_cursor()

    def _set_virtual_size(self) -> None:
        # Rows are as wide as the widget (no horizontal scrolling: overflow-x is hidden);
        # assign only on change, as a new virtual size makes Textual resize us again.
        size = Size(self.size.width, len(self._rows) + 1)
        if self.virtual_size != size:
            self.virtual_size = size

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """The header on the first line, then the rows under the scroll position."""
        width = self.scrollable_content_region.width
        columns = layout(width)
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("queue-table--header")
            text = "".join(fit(COLUMNS[i][1], w) for i, w in columns)
            return Strip([Segment(text[:width].ljust(width), base + header)], width)
        self.drawn = self._rows
        row = int(self.scroll_offset.y) + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, base)
        made = self._cells.get(row)
        if made is None:
            shown = self._rows[row]
            made = self._cells[row] = (shown, row_cells(shown, shown.key in self.tagged,
                                                        self.stable, self.personal))
        cells = made[1]
        line_style = base
        cursor = row == self.cursor_row
        if cursor:
            self.drawn_current = made[0]
            line_style = base + self.get_component_rich_style("queue-table--cursor")
        segments = []
        for index, cell_width in columns:
            text, style = cells[index]
            cell_style = line_style if cursor else line_style + _style(style)
            segments.append(Segment(fit(text, cell_width), cell_style))
        return Strip(segments, width).crop(0, width)
