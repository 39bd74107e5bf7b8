"""Provides QueueView: the queue pane (the filter box over the table), owning what the
queue shows as reactive state.

The filter shown (``filter_query``, parsed, with the search ``hits`` it needs), the sort
order, the kind shown, the reports hot topics asked for (``only``), the main screen's
layout (``arrangement``, chosen from the width unless the member chose one) and the pager's
page (``page``) are reactives: setting one shows the queue again through its ``watch_``
method, so no caller refreshes the queue by hand. The rows arrive with ``load`` (the whole
queue) and ``replace`` (one changed message). ``status`` (the queue's part of the status
line) and ``counts`` (messages of each kind, for the shift bar) are reactives the screen
watches.

The filter typed is parsed when the member pauses (docs/filter.md): an invalid one is named
under the box and the queue keeps its last valid result; one that needs a search (the
store's full-text index, the tracker's links) is searched off the UI thread by ``search``
and shown once the result is in. Filtering is done in one place, ``visible_rows``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import islice
from operator import ge
from typing import NamedTuple

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from hdtui.domain.mail import Kind
from hdtui.domain.query import Hits, Query, QueryError, filter_rows, parse
from hdtui.domain.queue import KINDS, Row, SortOrder, threads_touched
from hdtui.domain.queue_columns import POSITIONS, RowsAt, find_position
from hdtui.errors import HdtuiError
from hdtui.ui.debounce import Debounce
from hdtui.ui.messages import SearchDone
from hdtui.ui.safe import SafeInput, literal
from hdtui.ui.widgets.queue_table import QueueTable

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)
LAYOUTS = ("split", "stacked", "pager")
"""The main screen's layouts (docs/layouts.md): the queue beside the report, the queue on
top of it, or one at a time full-screen (the queue, then Enter: the report)."""
PAGES = ("", "report", "issues", "replies")
"""What the pager shows: the queue (""), the report, its known issues or its replies."""
PAGER_BELOW = 100
"""Under this many columns the main screen is a pager."""
STACKED_BELOW = 120
"""Under this many columns (and not a pager) the queue is on top of the report."""


def layout_for(width: int) -> str:
    """The layout that reads best ``width`` columns wide (docs/layouts.md)."""
    if width < PAGER_BELOW:
        return "pager"
    return "stacked" if width < STACKED_BELOW else "split"
FILTER_DELAY = 0.15
"""Seconds of no typing before the filter applies."""


PLACE_SCAN = 64
"""Rows of one sort key looked through for a position before searching them all."""
PlaceKey = Callable[[int], tuple[float, ...]]
Head = Callable[[Sequence[int], int], int]


def _place(ordered: array[int], key: PlaceKey, old: Iterable[int], new: Iterable[int],
           head: Head | None = None) -> None:
    """Take the positions ``old`` out of ``ordered`` (sorted by ``key``) and put the
    positions ``new`` in their place: messages changed or added (a position whose row
    changed in place is in both). ``head``: in the default order, where the thread of the
    row at an index starts (``QueueColumns.thread_head``): a reply below its report sorts
    as its report, so no message is put inside a thread."""
    for position in old:
        _take_out(ordered, key, position, head)
    for position in new:
        ordered.insert(_bisect(ordered, key(position), key, head, right=True), position)


def _bisect(ordered: array[int], wanted: tuple[float, ...], key: PlaceKey,
            head: Head | None, right: bool = False) -> int:
    """``bisect_left`` (``bisect_right``) of ``wanted`` in ``ordered`` by ``key``, a
    reply in a thread taken as its report (``head``)."""
    if head is None:
        return (bisect_right if right else bisect_left)(ordered, wanted, key=key)
    low, high = 0, len(ordered)
    while low < high:
        middle = (low + high) // 2
        found = key(ordered[head(ordered, middle)])
        if found < wanted or (right and found == wanted):
            low = middle + 1
        else:
            high = middle
    return low


def _take_out(ordered: array[int], key: PlaceKey, position: int,
              head: Head | None = None) -> None:
    """Take ``position`` out of ``ordered`` (sorted by ``key``): found where its sort key
    puts it (a binary search), else (its row changed since it was placed) by a search of
    every position in C."""
    wanted = key(position)
    start = _bisect(ordered, wanted, key, head)
    for at in range(start, min(start + PLACE_SCAN, len(ordered))):
        if ordered[at] == position:
            del ordered[at]
            return
        if key(ordered[at if head is None else head(ordered, at)]) != wanted:
            break
    found = find_position(ordered, position)
    if found is not None:
        del ordered[found]


def _drop(positions: array[int], position: int) -> bool:
    """Take ``position`` out of ``positions`` (ascending); whether it was there."""
    at = bisect_left(positions, position)
    if at < len(positions) and positions[at] == position:
        del positions[at]
        return True
    return False


class Only(NamedTuple):
    """Only these reports are shown (what hot topics asked to see; escape shows all)."""

    keys: frozenset[str]
    label: str
    back: str = ""
    """The flow escape goes back to (``show_hot_topics``: hot topics, on the row the
    reports came from), or "" (the whole queue)."""
    back_args: tuple[str, ...] = ()
    """That flow's arguments (hot topics': where its own escape leads, the shift start
    when its line 6 opened it)."""
    row: str = ""
    """The hot topics row these are all the reports of (``hot_topics.label_of``: "#19113",
    "C-16e7a0", a regression's group), or "" (a part of a row, a thread): the reports of
    a row are counted again after a link and after f5 (``InboxScreen.recount_only``)."""
    of: str = "reports of "
    """What the status line puts before ``label``: "messages of " for a hot topics row
    that holds mail too, "" when the label says it all (a line of the shift start:
    "arrived this week (the 7 days to …)", whose messages are mail and list notices too;
    walk28 read "reports of arrived since your last shift")."""


class QueueView(Vertical):
    """The filter box and the queue table, with filter, sort, kind, ``only``, the layout
    and the pager's page."""

    class Removed(Message):
        """The message under the cursor is gone from the mailbox (another member or
        client removed it); ``now``: the message the cursor is on instead."""

        def __init__(self, row: Row, now: Row | None) -> None:
            super().__init__()
            self.row = row
            self.now = now

    filter_query: var[Query] = var(Query, init=False, always_update=True)
    """The filter shown (with ``hits`` when it needs them)."""
    order: var[SortOrder] = var(SortOrder.PRIORITY, init=False)
    kind: var[Kind | None] = var(None, init=False)
    """Only messages of this kind, or all (None)."""
    only: var[Only | None] = var(None, init=False)
    arrangement: var[str] = var("split", init=False)
    """The main screen's layout, one of LAYOUTS."""
    page: var[str] = var("", init=False)
    """In the pager, what is shown: one of PAGES."""
    indexing: var[str] = var("", init=False)
    """How far writing the filter's documents is (a migrated cache), or ""."""
    in_mailbox: var[int] = var(0, init=False)
    """The messages the mailbox holds while the queue does not show them all yet (a
    first start: the server's count before the listing; docs/cold-start.md), or 0."""
    status: var[str] = var("", init=False)
    counts: var[dict[Kind, int]] = var(dict, init=False)
    """Messages of each kind (every kind, in KINDS order)."""

    def __init__(self, search: Callable[[Query], Hits], *, id: str | None = None) -> None:
        """Args:
            search: what a filter that needs a search finds (blocking: run in a worker).
        """
        super().__init__(id=id)
        self.search = search
        self.all_rows = RowsAt.of(())
        """Every message of the queue: positions in the triage's columns (a Row made
        for each one looked at; docs/queue-columns.md)."""
        self._own = self.all_rows.columns
        """Columns made here of rows given as Rows (tests): changed here. The triage's
        columns are changed by the triage alone."""
        self._ascending = True
        """``all_rows``' positions are known to be in ascending order."""
        self._kinds = bytearray()
        """By position, the kind code each message was counted as (``counts``)."""
        self.hits: Hits | None = None
        self.wanted: Query | None = None
        """A filter being searched for: it replaces ``filter_query`` once searched."""
        self._sorted: tuple[RowsAt, SortOrder, RowsAt] | None = None
        """The queue sorted: which rows, in which order."""
        self.typing = Debounce(self, FILTER_DELAY, self.apply_filter)
        self.chosen = False
        """The member chose the layout (the layout key): resizing keeps it."""

    def compose(self) -> ComposeResult:
        """The filter box, then the table; what is wrong with a filter goes between them
        when there is something to say (``_say_filter_error``)."""
        yield SafeInput(placeholder="/ filter: words kind:report version:7.5 state:new",
                        id="filter")
        yield QueueTable(id="queue")

    def _say_filter_error(self, text: str) -> None:
        """Show ``text`` (mail-free: a parser's or the search's message) under the filter
        box. The line is mounted at the first error, not composed hidden with the box: a
        warm start's first frame styled and laid it out for nothing (docs/benchmarks.md,
        "Session 22: warm first rows")."""
        found = self.query("#filter-error")
        if found:
            shown = found.first(Static)
            shown.update(literal(text))
            shown.add_class("-shown")
        else:
            self.mount(Static(literal(text), id="filter-error", classes="-shown"),
                       before=self.table)

    def _hide_filter_error(self) -> None:
        for shown in self.query("#filter-error"):
            shown.remove_class("-shown")

    @property
    def table(self) -> QueueTable:
        """The queue table."""
        return self.query_one(QueueTable)

    @property
    def box(self) -> SafeInput:
        """The filter box."""
        return self.query_one("#filter", SafeInput)

    # -- the rows -----------------------------------------------------------------------

    def load(self, rows: Sequence[Row], complete: bool = False,
             pending: Collection[str] = ()) -> None:
        """Show a new queue (every message); a filter that searches is searched again (new
        messages may match). ``complete``: the server's whole listing, so a message under
        the cursor that is not in it was removed from the mailbox by another member or
        client (hdtui never removes one), unless it is listed but not read again yet
        (``pending``): the cursor stays at its place, on the next message, and ``Removed``
        says so (docs/team-mail.md)."""
        before = self.table.current
        self.all_rows = RowsAt.of(rows)
        if self.all_rows is not rows:
            self._own = self.all_rows.columns
        self._ascending = False
        self._count()
        self.search_again()
        gone = (complete and before is not None and before.key not in pending
                and self.all_rows.index_of(before.key) is None)
        self.show(at=self.table.cursor_row if gone else 0)
        if gone and before is not None:
            self.post_message(self.Removed(before, self.table.current))

    def apply(self, changed: Sequence[Row], gone: Collection[str] = (),
              pending: Collection[str] = ()) -> None:
        """Show a few messages changed, added or removed on the server (a resync:
        docs/live-changes.md) without sorting the whole queue again: in the default orders
        each row is put in its place (bisect); a message under the cursor that is gone
        (and not ``pending``, listed but not read again yet) is said as by ``load``.

        The work grows with the messages changed, not with the queue: the positions a
        changed message's rows had are the keys' record (``QueueKeys.positions_of``), found
        by binary searches in the queue's positions, kept in ascending order, and in the
        sorted copy (docs/queue-columns.md, "Positions")."""
        if not changed and not gone:
            return
        before = self.table.current
        rows = self._in_position_order()
        columns = rows.columns
        keys = columns.keys
        saved = self._sorted
        # Copies: the table shows the rows as they were until ``show`` below.
        ordered = array(POSITIONS, saved[2].positions) if saved is not None \
            and saved[0] is rows and saved[1] is self.order else None
        key = columns.place_key(self.order) if ordered is not None else None
        threads = self.order is SortOrder.PRIORITY
        if key is not None and threads and threads_touched(rows, [*changed, *(
                columns.row(held) for named in (*(row.key for row in changed), *gone)
                for held in keys.positions_of(named))]):
            # A reply or a report, as it is or as it was (a report read again under
            # another ID leaves its replies): sorted again (threaded)
            key = None
        positions = array(POSITIONS, rows.positions)
        out: list[int] = []
        """Positions taken out of the queue shown (a changed row's too: it goes back)."""
        into: list[int] = []
        for row in {row.key: row for row in changed}.values():
            # The triage's columns have the row already; columns made here take it.
            position = columns.put(row) if columns is self._own else \
                keys.position(row.key)
            if position is None:  # gone from the queue since (said next)
                continue
            out.extend(held for held in keys.positions_of(row.key) if _drop(positions, held))
            insort(positions, position)
            into.append(position)
        for gone_key in gone:
            out.extend(held for held in keys.positions_of(gone_key) if _drop(positions, held))
        if ordered is not None and key is not None:
            _place(ordered, key, out, into, columns.thread_head if threads else None)
        else:
            ordered = None
        rows = self.all_rows = RowsAt(columns, positions)
        self._sorted = (rows, self.order, RowsAt(columns, ordered)) \
            if ordered is not None else None
        self._recount(out, into)
        self.search_again()
        removed = before is not None and before.key in gone and before.key not in pending
        self.show(at=self.table.cursor_row)
        if removed and before is not None:
            self.post_message(self.Removed(before, self.table.current))

    def _in_position_order(self) -> RowsAt:
        """The queue, its positions in ascending order (as the triage gives them, and
        columns made here: ``apply`` finds a message's rows among them by binary search),
        sorted once if they were given in another order."""
        rows = self.all_rows
        if not self._ascending:
            positions = rows.positions
            if any(map(ge, positions, islice(positions, 1, None))):
                saved = self._sorted
                rows = self.all_rows = RowsAt(rows.columns, array(POSITIONS, sorted(positions)))
                if saved is not None:  # the same rows: their sorted copy still holds
                    self._sorted = (rows, saved[1], saved[2])
            self._ascending = True
        return rows

    def _count(self) -> None:
        """Messages of each kind (the shift bar), and the kind each was counted as."""
        rows = self.all_rows
        self._kinds = bytearray(rows.columns.kind.tobytes())
        codes = rows.kind_counts()
        self.counts = {kind: codes.get(n, 0) for n, kind in enumerate(KINDS)}

    def _recount(self, out: Iterable[int], into: Iterable[int]) -> None:
        """The counts of ``_count`` without the positions ``out`` (of the kind they were
        counted as) and with the positions ``into`` (of their kind now)."""
        kinds, kind = self._kinds, self.all_rows.columns.kind
        counts = dict(self.counts)
        for position in out:
            counts[KINDS[kinds[position]]] -= 1
        if len(kinds) < len(kind):
            kinds.extend(kind[len(kinds):].tobytes())
        for position in into:
            kinds[position] = kind[position]
            counts[KINDS[kinds[position]]] += 1
        self.counts = counts

    def replace(self, row: Row) -> None:
        """Redraw one message whose state changed."""
        if self.all_rows.columns is self._own:  # else the triage's columns have it
            self.all_rows.columns.put(row)
        self.table.replace_row(row)
        self._update_status()

    def visible_rows(self) -> RowsAt:
        """The rows the filter, the kind and ``only`` let through, in order: the queue is
        sorted once per change and order, then filtered (in order) at each keystroke, by
        the positions of its columns (no Row made).

        ``only`` shows exactly its reports: the filter and the kind are set aside while
        it is set (a filter typed before hot topics showed 1 of an issue's 4 reports
        behind the number 4) and apply again once escape clears it (docs/insight.md)."""
        if self.only is not None:
            rows = self._sorted_rows()
            keys, only = rows.columns.keys, self.only.keys
            return rows.where(lambda p: keys[p] in only)
        rows = RowsAt.of(filter_rows(self._sorted_rows(), self.filter_query, self.hits))
        if self.kind is not None:
            rows = rows.where_equal(rows.columns.kind, KINDS.index(self.kind))
        return rows

    def _sorted_rows(self) -> RowsAt:
        saved = self._sorted
        if saved is None or saved[0] is not self.all_rows or saved[1] is not self.order:
            saved = self._sorted = (self.all_rows, self.order,
                                    self.all_rows.sorted(self.order))
        return saved[2]

    def show(self, at: int = 0) -> None:
        """Show the visible rows, the cursor kept on its message when it still is (else at
        the position ``at``)."""
        table = self.table
        current = table.current
        table.show(self.visible_rows(), keep=current.key if current else None, at=at)
        self._update_status()

    def tagged(self) -> list[str]:
        """The keys of the tagged messages, in queue order."""
        tagged = self.table.tagged
        return [key for key in self.all_rows.each_key() if key in tagged]

    def toggle_tag(self) -> None:
        """Tag or untag the message under the cursor."""
        self.table.toggle_tag()
        self._update_status()

    def clear_tags(self, keys: Iterable[str] | None = None) -> None:
        """Untag every message (or only those of ``keys``)."""
        self.table.clear_tags(keys)
        self._update_status()

    # -- what is shown --------------------------------------------------------------

    def watch_filter_query(self) -> None:
        """Show the new filter's result."""
        self.show()

    def watch_order(self) -> None:
        """Sort again."""
        self.show()

    def watch_kind(self) -> None:
        """Show another kind."""
        self.show()

    def watch_only(self) -> None:
        """Show only some reports, or all again."""
        self.show()

    def watch_indexing(self) -> None:
        """Say how far indexing is."""
        self._update_status()

    def watch_in_mailbox(self) -> None:
        """Say how many messages the mailbox holds."""
        self._update_status()

    def cycle_sort(self) -> None:
        """Sort by the next order."""
        self.order = self.order.next()

    def cycle_kind(self) -> None:
        """Show only the next kind of message (then all again)."""
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]

    def cycle_layout(self) -> None:
        """The next layout, kept from now on whatever the terminal's width."""
        self.chosen = True
        self.arrangement = LAYOUTS[(LAYOUTS.index(self.arrangement) + 1) % len(LAYOUTS)]

    def fit(self, width: int) -> None:
        """Take the layout that reads best at ``width`` columns, unless the member chose
        one."""
        if not self.chosen:
            self.arrangement = layout_for(width)

    def _update_status(self) -> None:
        self.status = self.describe()

    def describe(self) -> str:
        """The queue's part of the status line: what is shown, sorted and filtered how."""
        shown = f"{len(self.table.rows)}/{len(self.all_rows)} shown"
        if self.in_mailbox > len(self.all_rows):
            # "300/300 shown" read as if the mailbox held 300 (issue #12's walk).
            shown = (f"{len(self.all_rows)} of {self.in_mailbox} shown"
                     if len(self.table.rows) == len(self.all_rows) else
                     f"{shown} of {self.in_mailbox}")
        if self.only is not None:
            # Short enough for 80 columns: the sort and the filter's text are not said (the
            # filter box still shows it), only that it is set aside until escape.
            parts = [shown, f"{self.only.of}{self.only.label}"]
            if self.kind is not None or self.filter_query.text.strip():
                parts.append("filter set aside")
            parts.append(f"escape: {'hot topics' if self.only.back else 'all'}")
            return " · ".join(parts)
        parts = [shown, f"sort: {self.order.value}"]
        if self.kind is not None:
            parts.append(f"kind: {self.kind.value}")
        if self.filter_query.text.strip():
            parts.append(f"filter: {self.filter_query.text.strip()}")
        if self.wanted is not None:
            parts.append("searching…")
        if self.indexing:
            parts.append(self.indexing)
        tagged = len(self.table.tagged)
        if tagged:
            parts.append(f"{tagged} tagged")
        return " · ".join(parts)

    # -- the filter box ---------------------------------------------------------------

    def apply_filter(self) -> bool:
        """Show the filter typed (docs/filter.md); False if it is not valid: then the box
        says why and the queue keeps the last valid result."""
        self.typing.cancel()
        box = self.box
        try:
            query = parse(box.value)
        except QueryError as error:
            self._say_filter_error(str(error))
            box.add_class("-error")
            self.wanted = None
            self._update_status()
            return False
        self._hide_filter_error()
        box.remove_class("-error")
        if self.only is not None and query != self.filter_query:
            self.only = None  # a new filter: the whole queue again, filtered
        if query.needs_search:
            # Searched off the UI thread (the store's full-text index, the tracker's
            # links); the queue changes once, when the result is in.
            self.wanted = query
            self._search(query)
            self._update_status()
        else:
            self.wanted = None
            self.hits = None
            self.filter_query = query
        return True

    def search_again(self) -> None:
        """Search the filter shown again (new messages, a finished index may match)."""
        if self.filter_query.needs_search and self.wanted is None:
            self.wanted = self.filter_query
            self._search(self.filter_query)

    @on(SafeInput.Changed, "#filter")
    def _typed(self) -> None:
        self.typing.poke()

    @on(SafeInput.Submitted, "#filter")
    def _submitted(self) -> None:
        if self.apply_filter():
            self.table.focus()

    def on_key(self, event: events.Key) -> None:
        """Escape in the filter box clears it and returns to the queue."""
        if event.key == "escape" and self.screen.focused is self.box:
            event.stop()
            self.box.value = ""
            self.apply_filter()
            self.table.focus()

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: Query) -> None:
        try:
            hits = self.search(query)
        except HdtuiError as error:  # said under the filter box, not in a dialog
            self.app.call_from_thread(self._search_failed, query, error.message)
            return
        self.post_message(SearchDone(query, hits))

    def _search_failed(self, query: Query, why: str) -> None:
        if query == self.wanted:
            self.wanted = None
            self._say_filter_error(f"The filter could not be searched: {why}")
            self._update_status()

    def on_search_done(self, message: SearchDone) -> None:
        """Show the filter searched for, if it is still the one wanted."""
        message.stop()
        if message.query == self.wanted:
            self.hits, self.wanted = message.hits, None
            self.filter_query = message.query
