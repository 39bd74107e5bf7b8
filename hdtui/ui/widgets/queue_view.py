"""Provides QueueView: the queue pane (the filter box over the table), owning what the
queue shows as reactive state.

The filter typed in the box (``text``), the sort order, the kind shown, the reports hot
topics asked for (``only``) and the main screen's layout (``panes``) are reactives: setting
one shows the queue again through its ``watch_`` method, so no caller refreshes the queue
by hand. The rows arrive with ``load`` (the whole queue) and ``replace`` (one changed
message). ``status`` (the queue's part of the status line) and ``counts`` (messages of each
kind, for the shift bar) are reactives the screen watches.

Filtering is done in one place, ``visible_rows``: the filter's words are looked for in the
rows at once, then in the whole text of every message (answers, devices, mail text) by
``search``, off the UI thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import var

from hdtui.domain.mail import Kind
from hdtui.domain.queue import KINDS, QueueFilter, Row, SortOrder, filter_rows, sort_rows
from hdtui.errors import HdtuiError
from hdtui.ui.debounce import Debounce
from hdtui.ui.failures import failure_message
from hdtui.ui.messages import SearchDone
from hdtui.ui.safe import SafeInput
from hdtui.ui.widgets.queue_table import QueueTable

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)
LAYOUTS = ("split", "queue", "report")
FILTER_DELAY = 0.15
"""Seconds of no typing before the filter applies."""


@dataclass(frozen=True, slots=True)
class Only:
    """Only these reports are shown (what hot topics asked to see; escape shows all)."""

    keys: frozenset[str]
    label: str


class QueueView(Vertical):
    """The filter box and the queue table, with filter, sort, kind, ``only`` and panes."""

    text: var[str] = var("", init=False)
    """The filter as applied (what the box held when the member paused or pressed enter)."""
    order: var[SortOrder] = var(SortOrder.PRIORITY, init=False)
    kind: var[Kind | None] = var(None, init=False)
    """Only messages of this kind, or all (None)."""
    only: var[Only | None] = var(None, init=False)
    panes: var[str] = var("split", init=False)
    """The main screen's layout: "split", "queue" (only the queue) or "report"."""
    status: var[str] = var("", init=False)
    counts: var[str] = var("", init=False)

    def __init__(self, search: Callable[[Sequence[str]], set[str]], *,
                 id: str | None = None) -> None:
        """Args:
            search: the keys of the messages whose whole text holds every word (blocking:
                run in a worker).
        """
        super().__init__(id=id)
        self.search = search
        self.all_rows: list[Row] = []
        self.query_filter = QueueFilter()
        self._hits: set[str] | None = None
        """Keys whose whole text holds the filter's words (None: not searched yet)."""
        self.typing = Debounce(self, FILTER_DELAY, self.apply_filter)

    def compose(self) -> ComposeResult:
        """The filter box, then the table."""
        yield SafeInput(placeholder="/ filter: words kind:report version:7.5 state:new",
                        id="filter")
        yield QueueTable(id="queue")

    @property
    def table(self) -> QueueTable:
        """The queue table."""
        return self.query_one(QueueTable)

    @property
    def box(self) -> SafeInput:
        """The filter box."""
        return self.query_one("#filter", SafeInput)

    # -- the rows -----------------------------------------------------------------------

    def load(self, rows: list[Row]) -> None:
        """Show a new queue (every message)."""
        self.all_rows = rows
        codes = Counter(map(attrgetter("kind_code"), rows))
        counts = {kind: codes.get(n, 0) for n, kind in enumerate(KINDS)}
        self.counts = " ".join(f"{k.label} {n}" for k, n in counts.items() if n)
        self.show()

    def replace(self, row: Row) -> None:
        """Redraw one message whose state changed."""
        self.all_rows = [row if r.key == row.key else r for r in self.all_rows]
        self.table.replace_row(row)
        self._update_status()

    def visible_rows(self) -> list[Row]:
        """The rows the filter, the kind and ``only`` let through, sorted."""
        rows = filter_rows(self.all_rows, self.query_filter, self._hits)
        if self.kind is not None:
            rows = [r for r in rows if r.kind is self.kind]
        if self.only is not None:
            rows = [r for r in rows if r.key in self.only.keys]
        return sort_rows(rows, self.order)

    def show(self) -> None:
        """Show the visible rows, the cursor kept on its message when it still is."""
        table = self.table
        current = table.current
        table.show(self.visible_rows(), keep=current.key if current else None)
        self._update_status()

    def tagged(self) -> list[str]:
        """The keys of the tagged messages, in queue order."""
        tagged = self.table.tagged
        return [r.key for r in self.all_rows if r.key in tagged]

    def toggle_tag(self) -> None:
        """Tag or untag the message under the cursor."""
        self.table.toggle_tag()
        self._update_status()

    def clear_tags(self) -> None:
        """Untag every message."""
        self.table.clear_tags()
        self._update_status()

    # -- what is shown --------------------------------------------------------------

    def watch_order(self) -> None:
        """Sort again."""
        self.show()

    def watch_kind(self) -> None:
        """Show another kind."""
        self.show()

    def watch_only(self) -> None:
        """Show only some reports, or all again."""
        self.show()

    def watch_text(self, text: str) -> None:
        """Filter by the new text: the rows at once, the whole texts when searched."""
        self.query_filter = QueueFilter.parse(text)
        self._hits = None
        if self.query_filter.words:
            self._search(self.query_filter)
        self.show()

    def cycle_sort(self) -> None:
        """Sort by the next order."""
        self.order = self.order.next()

    def cycle_kind(self) -> None:
        """Show only the next kind of message (then all again)."""
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]

    def cycle_layout(self) -> None:
        """Split view, queue only, report only."""
        self.panes = LAYOUTS[(LAYOUTS.index(self.panes) + 1) % len(LAYOUTS)]

    def _update_status(self) -> None:
        self.status = self.describe()

    def describe(self) -> str:
        """The queue's part of the status line: what is shown, sorted and filtered how."""
        parts = [f"{len(self.table.rows)}/{len(self.all_rows)} shown",
                 f"sort: {self.order.value}"]
        if self.kind is not None:
            parts.append(f"kind: {self.kind.value}")
        if self.only is not None:
            parts.append(f"reports of {self.only.label} (escape: all)")
        query = self.box.value.strip()
        if query:
            parts.append(f"filter: {query}")
        if self.query_filter.errors:
            parts.append("; ".join(self.query_filter.errors))
        tagged = len(self.table.tagged)
        if tagged:
            parts.append(f"{tagged} tagged")
        return " · ".join(parts)

    # -- the filter box ---------------------------------------------------------------

    def apply_filter(self) -> None:
        """Filter by what the box holds now."""
        self.typing.cancel()
        self.text = self.box.value

    @on(SafeInput.Changed, "#filter")
    def _typed(self) -> None:
        self.typing.poke()

    @on(SafeInput.Submitted, "#filter")
    def _submitted(self) -> None:
        self.apply_filter()
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        """Escape in the filter box clears it and returns to the queue."""
        if event.key == "escape" and self.screen.focused is self.box:
            event.stop()
            self.box.value = ""
            self.apply_filter()
            self.table.focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: QueueFilter) -> None:
        try:
            hits = self.search(query.words)
        except HdtuiError as error:
            self.post_message(failure_message(error))
            return
        self.post_message(SearchDone(query, hits))

    def on_search_done(self, message: SearchDone) -> None:
        """Filter by the whole text, if the filter is still the one searched for."""
        message.stop()
        if message.query == self.query_filter:
            self._hits = message.hits
            self.show()
