"""Provides QueueColumns: the queue held as columns, one compact entry a message, and
RowsAt: rows of it named by position, made into a Row only when one is looked at
(docs/queue-columns.md).

A Row (a 9-field tuple, its key, line, stamp and size objects) costs about 450 bytes a
message held; at 100,000 messages that was most of what a warm start held beyond its
code (docs/benchmarks.md, "Warm start at 100,000"). Here a message is its key (its
prefix's number and its UID: ``QueueKeys``), its summary (UTF-8 in one buffer), a few
numbers in ``array``s, its keywords, version and hardware as numbers into their few
distinct strings, and its report ID as 16 bytes when it is hexadecimal. The queue view,
the table and the filter keep positions (an ``array`` of ints) into these columns instead
of lists of rows.

Positions are never reused: a message removed (``pop``) keeps its entry (the queue view
may still name that position until it hears of the removal) and a message put again
after that gets a new position. A message put while it is in the columns is changed in
place (its marks, or its row read again). The columns are appended to and changed by the
triage's workers while the UI reads them: a row is complete before its key names it
(``at``), and a position is handed out only once its row is complete.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, compress, repeat
from operator import eq, methodcaller
from typing import overload

from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark, state_label
from hdtui.domain.queue import (
    DECRYPT_STATES,
    KINDS,
    PRIORITY_GROUPS,
    SEP,
    DecryptState,
    QueueLine,
    Row,
    SortOrder,
    code_mask,
    marks_of_keywords,
    thread_order,
    version_key,
)
from hdtui.domain.queue_keys import WHOLE, Distinct, QueueKeys

POSITIONS = "i"
"""The array type of positions (4 bytes: two billion messages)."""
_FIELDS = 5
"""Fields of a Row's line: summary, version, hardware, report ID, problems flag."""
_HEX_ID = 32
"""A WhisperBack report ID: 32 hexadecimal digits, kept as 16 bytes."""
_NO_ID, _HEX, _OTHER_ID = 0, 1, 2
_BYTE = 128
"""Codes below this are one byte in an array of bytes (``where_equal``'s search)."""
_NO_HEX_ID = "0" * _HEX_ID
_UTF8 = ("utf-8", "surrogatepass")
"""How summaries are kept: any str comes back as it was (a lone surrogate too)."""
_FAILED = DECRYPT_STATES.index(DecryptState.FAILED)
_ARRAYS = ("size", "stamp", "modseq", "kind", "decrypt", "seen", "problems", "keywords",
           "version", "hardware", "text", "summary_at", "summary_length", "ids", "id_form")
"""The columns' arrays and byte buffers, by attribute name (``state``)."""
_ORDER = "order.priority"
"""The name ``state`` gives the positions in the default order (``sort_every``)."""
_RANK = {KINDS.index(kind): rank for rank, group in enumerate(PRIORITY_GROUPS)
         for kind in group}
_RANKS = [_RANK[code] for code in range(len(KINDS))]
_PEOPLE = _RANK[KINDS.index(Kind.REPORT)]
_REPORT = KINDS.index(Kind.REPORT)
_SUPPORT = KINDS.index(Kind.SUPPORT)
_RANK_TABLE = bytes(_RANKS).ljust(256, b"\0")
"""A kind code's priority group, as a ``bytes.translate`` table."""
_IS_RANK = [code_mask(rank) for rank in range(len(PRIORITY_GROUPS))]
"""For each priority group, a ``bytes.translate`` table marking it 1 and the others 0."""

CHANGES_LIMIT = 2000
"""Messages changed since the queue's columns were kept beyond which they are not kept
or are dropped (the next start reads the rows and writes them again): a warm start reads
each changed row and puts it in the columns, about 15 µs each (docs/queue-columns.md).
The cache drops kept columns past it and the triage does not keep them past it."""


class QueueColumns:
    """Every message of the queue as columns (see the module's docstring)."""

    def __init__(self) -> None:
        self.keys = QueueKeys()
        """The key of each position, and the position of each message in the queue now
        (the removed are not: their positions keep their rows)."""
        self.size = array("q")
        self.stamp = array("d")
        self.modseq = array("q")
        self.kind = array("b")
        self.decrypt = array("b")
        self.seen = array("b")
        self.problems = array("b")
        self.keywords = array("I")
        self.version = array("I")
        self.hardware = array("I")
        self.text = bytearray()
        """The summaries, UTF-8, one after the other (a changed one is added at the end)."""
        self.summary_at = array("I")
        self.summary_length = array("I")
        """Where each position's summary is in ``text``, and its length in bytes."""
        self.ids = bytearray()
        """16 bytes a message: its report ID when it is 32 hexadecimal digits."""
        self.id_form = array("b")
        self.other_ids: dict[int, str] = {}
        """Report IDs that are not 32 lowercase hexadecimal digits, by position."""
        self.odd_lines: dict[int, str] = {}
        """Lines that do not have the five fields (never from the cache), kept whole."""
        self.words = Distinct()
        """The keywords strings."""
        self.versions = Distinct()
        self.machines = Distinct()
        """The hardware strings."""
        self._touched: set[str] | None = None
        """The keys whose rows changed, came or left since ``track`` (None: not tracked,
        or more than its limit)."""
        self._touch_limit = 0
        self._order: array[int] | None = None
        """Every position in the default order (``SortOrder.PRIORITY``), while no row
        changed since it was sorted: kept in the cache with the columns, so a warm start's
        queue view does not sort 100,000 rows again (docs/queue-columns.md, "Kept in the
        cache")."""

    # -- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        """How many messages the queue holds now."""
        return self.keys.count()

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.keys.position(key) is not None

    def __iter__(self) -> Iterator[str]:
        """The keys of the messages in the queue now."""
        return iter(list(self.keys.keys(self.keys.live_positions())))

    def report_id(self, position: int) -> str:
        """The report ID of a position, "" when none."""
        form = self.id_form[position]
        if form == _HEX:
            return self.ids[position * 16:position * 16 + 16].hex()
        return self.other_ids.get(position, "") if form == _OTHER_ID else ""

    def positions_of_report_id(self, report_id: str) -> set[int]:
        """Every position whose ``report_id`` is ``report_id`` (none for ""), in or out of
        the queue now: ``positions_naming``'s search in C, not a report ID made for each
        of 100,000 positions (the report pane's thread, docs/queue-columns.md)."""
        return set(self.positions_naming((report_id,))) if report_id else set()

    def summary(self, position: int) -> str:
        """The summary of a position's message."""
        at = self.summary_at[position]
        return self.text[at:at + self.summary_length[position]].decode(*_UTF8)

    def _write_summary(self, position: int, summary: str) -> None:
        if summary == self.summary(position):
            return
        encoded = summary.encode(*_UTF8)
        self.summary_at[position] = len(self.text)
        self.summary_length[position] = len(encoded)
        self.text.extend(encoded)

    def _extend_summaries(self, summaries: Sequence[str]) -> None:
        """The summaries of the positions added last (a page: in C)."""
        joined = "".join(summaries)
        if joined.isascii():  # a character a byte: encoded at once
            lengths = list(map(len, summaries))
            self.summary_at.fromlist(list(accumulate(lengths[:-1], initial=len(self.text))))
            self.summary_length.fromlist(lengths)
            self.text.extend(joined.encode("ascii"))
            return
        encoded = list(map(methodcaller("encode", *_UTF8), summaries))
        lengths = list(map(len, encoded))
        self.summary_at.fromlist(list(accumulate(lengths[:-1], initial=len(self.text))))
        self.summary_length.fromlist(lengths)
        self.text.extend(b"".join(encoded))

    def version_of(self, position: int) -> str:
        """The version of a position's message, or ""."""
        return self.versions.values[self.version[position]]

    def hardware_of(self, position: int) -> str:
        """The hardware of a position's message, or ""."""
        return self.machines.values[self.hardware[position]]

    def row(self, position: int) -> Row:
        """The Row of a position (made now: nothing keeps it). What ``line`` and the
        keys do, written out: a service walking the queue makes 100,000 of them."""
        line = self.odd_lines.get(position) if self.odd_lines else None
        if line is None:
            form = self.id_form[position]
            at = self.summary_at[position]
            line = SEP.join((
                self.text[at:at + self.summary_length[position]].decode(*_UTF8),
                self.versions.values[self.version[position]],
                self.machines.values[self.hardware[position]],
                self.ids[position * 16:position * 16 + 16].hex() if form == _HEX
                else self.report_id(position), "!" if self.problems[position] else ""))
        keys = self.keys
        prefix = keys.prefix[position]
        key = keys[position] if prefix == WHOLE else \
            keys.prefixes.values[prefix] + str(keys.number[position])
        return tuple.__new__(Row, (
            key, self.size[position], self.stamp[position],
            self.kind[position], self.decrypt[position], self.seen[position],
            self.words.values[self.keywords[position]], self.modseq[position], line))

    def get(self, key: str, default: Row | None = None) -> Row | None:
        """The Row of a message in the queue, or ``default``."""
        position = self.keys.position(key)
        return default if position is None else self.row(position)

    def values(self) -> RowsAt:
        """Every message in the queue now (in the order they came, as a dict's values)."""
        live = self.keys.live
        if 0 not in live:  # none removed (a warm start's read): every position, in order
            every = self.keys.every()
            return RowsAt(self, every if every is not None else
                          array(POSITIONS, range(len(live))), every=True)
        return RowsAt(self, array(POSITIONS, self.keys.live_positions()))

    # -- changing -----------------------------------------------------------------------

    def _changed(self) -> None:
        """A row changed, came or left: the order kept is of rows as they were."""
        self._order = None

    def __setitem__(self, key: str, row: Row) -> None:
        self.put(row)

    def put(self, row: Row) -> int:
        """Put a message's row in the queue (in place of its row if it is there: nothing
        written when equal); its position."""
        at, position = self.keys.find(row.key)
        if position is None:
            position = self.append(row)
            self.keys.insert(at, position)
        elif self.row(position) != row:
            self._write(position, row)
        else:
            return position
        self._touch(row.key)
        return position

    def setdefault(self, key: str, row: Row) -> Row:
        """As dict.setdefault: the row in the queue, ``row`` put if none."""
        found = self.get(key)
        if found is not None:
            return found
        self.put(row)
        return row

    def pop(self, key: str, default: Row | None = None) -> Row | None:
        """Take a message out of the queue (its position keeps its row); its row."""
        position = self.keys.unbind(key)
        if position is None:
            return default
        self._changed()
        self._touch(key)
        return self.row(position)

    def track(self, limit: int) -> None:
        """Record from now on the key of each message whose row changes, comes or leaves
        (``touched``), up to ``limit`` of them (docs/queue-columns.md, "Kept in the
        cache")."""
        self._touched = set()
        self._touch_limit = limit

    def touched(self) -> set[str] | None:
        """The keys whose rows changed, came or left since ``track``; None when not
        tracked, or when more than its limit did."""
        return self._touched

    def _touch(self, key: str) -> None:
        touched = self._touched
        if touched is not None:
            touched.add(key)
            if len(touched) > self._touch_limit:
                self._touched = None  # too many: the columns are not kept

    def append(self, row: Row) -> int:
        """A new position holding ``row``, not in the queue yet (see ``put``)."""
        self._changed()
        position = self.keys.append(row.key)
        for column in (self.size, self.stamp, self.modseq, self.kind, self.decrypt,
                       self.seen, self.problems, self.keywords, self.version, self.hardware,
                       self.id_form):
            column.append(0)
        self.summary_at.append(0)
        self.summary_length.append(0)
        self.ids.extend(bytes(16))
        self._write(position, row)
        return position

    def _write(self, position: int, row: Row) -> None:
        self._changed()
        self.size[position] = row.size
        self.stamp[position] = row.stamp
        self.modseq[position] = row.modseq
        self.kind[position] = row.kind_code
        self.decrypt[position] = row.decrypt_code
        self.seen[position] = row.seen
        self.keywords[position] = self.words.number(row.keywords)
        self._write_line(position, row.line)

    def _write_line(self, position: int, line: str) -> None:
        parts = line.split(SEP)
        if len(parts) == _FIELDS:
            self.odd_lines.pop(position, None)
        else:  # never from the cache (queue_line makes five fields): kept as it is
            self.odd_lines[position] = line
            parts = (parts + [""] * _FIELDS)[:_FIELDS]
        summary, version, hardware, report_id, bang = parts
        self._write_summary(position, summary)
        self.version[position] = self.versions.number(version)
        self.hardware[position] = self.machines.number(hardware)
        self.problems[position] = bang == "!"
        self._write_id(position, report_id)

    def _write_id(self, position: int, report_id: str) -> None:
        if self.other_ids:
            self.other_ids.pop(position, None)
        form = _NO_ID
        raw = _hex_id(report_id)
        if raw is not None:
            self.ids[position * 16:position * 16 + 16] = raw
            form = _HEX
        if report_id and form == _NO_ID:
            self.other_ids[position] = report_id
            form = _OTHER_ID
        self.id_form[position] = form

    def extend(self, lines: Sequence[QueueLine]) -> None:
        """Put cached queue lines (``ReportCache.pages``: Row's fields, in key order) of
        messages not in the queue yet: a page of a warm start's read, columns filled a
        page at a time (most of it in C). ``filled`` ends the read."""
        if not lines:
            return
        self._changed()
        base = len(self.keys)
        (keys, sizes, stamps, kinds, decrypts, seens, words, modseqs,
         texts) = zip(*lines, strict=True)
        self.keys.extend(keys)
        # array.fromlist: several times faster than extend from a tuple or an iterator
        self.size.fromlist(list(sizes))
        self.stamp.fromlist(list(stamps))
        self.modseq.fromlist(list(modseqs))
        self.kind.fromlist(list(kinds))
        self.decrypt.fromlist(list(decrypts))
        self.seen.fromlist(list(seens))
        self.keywords.fromlist(list(self.words.numbers_of(words)))
        if set(map(str.count, texts, repeat(SEP))) != {_FIELDS - 1}:
            self._extend_blank(len(texts))  # never from the cache: line by line
            for position, text in enumerate(texts, base):
                self._write_line(position, text)
            return
        # every line has the five fields: the page split at once, each field every fifth
        fields = SEP.join(texts).split(SEP)
        summaries, versions, machines, report_ids, bangs = (
            fields[field::_FIELDS] for field in range(_FIELDS))
        self._extend_summaries(summaries)
        self.version.fromlist(list(self.versions.numbers_of(versions)))
        self.hardware.fromlist(list(self.machines.numbers_of(machines)))
        self.problems.fromlist(list(map(eq, bangs, repeat("!"))))
        self._extend_ids(base, report_ids)

    def _extend_blank(self, count: int) -> None:
        """``count`` positions more in the columns of the line, blank."""
        for column in (self.problems, self.version, self.hardware, self.id_form):
            column.frombytes(bytes(column.itemsize * count))
        self.summary_at.frombytes(bytes(4 * count))
        self.summary_length.frombytes(bytes(4 * count))
        self.ids.extend(bytes(16 * count))

    def _extend_ids(self, base: int, report_ids: Sequence[str]) -> None:
        """The report IDs of the positions from ``base``: in one conversion when every
        one is 32 lowercase hexadecimal digits or none (a warm start's pages)."""
        joined = "".join([i or _NO_HEX_ID for i in report_ids])
        raw = b""
        if len(joined) == _HEX_ID * len(report_ids):
            try:
                raw = bytes.fromhex(joined)
            except ValueError:
                raw = b""
        if raw and raw.hex() == joined:
            self.ids.extend(raw)
            self.id_form.fromlist(list(map(bool, report_ids)))  # _HEX, or _NO_ID
            return
        self.ids.extend(bytes(16 * len(report_ids)))
        self.id_form.frombytes(bytes(len(report_ids)))
        for position, report_id in enumerate(report_ids, base):
            if report_id:
                self._write_id(position, report_id)

    def positions_naming(self, report_ids: Iterable[str]) -> list[int]:
        """Every position (in the queue or not) whose report ID is one of ``report_ids``:
        a WhisperBack ID found by a search of the IDs' bytes in C, not position by
        position."""
        found: list[int] = []
        others = set()
        for report_id in report_ids:
            raw = _hex_id(report_id)
            if raw is None:
                others.add(report_id)
                continue
            at = self.ids.find(raw)
            while at != -1:
                if at % 16 == 0 and self.id_form[at // 16] == _HEX:
                    found.append(at // 16)
                at = self.ids.find(raw, at + 1)
        if others and self.other_ids:
            # A copy first, made in C at once: the walk is Python's, and another thread may
            # put a row with such an ID meanwhile (the report pane's thread is found in a
            # worker while the queue takes new mail).
            found.extend(p for p, other in list(self.other_ids.items()) if other in others)
        return found

    def filled(self) -> None:
        """The pages ``extend`` put are all there: the keys' index is sorted."""
        self.keys.reindex()

    def sort_every(self) -> None:
        """Sort every position in the default order now (in a worker), for ``state`` to
        keep and the queue view to take (``RowsAt.sorted``) instead of sorting on the UI
        thread."""
        every = self.values()
        if every.every:
            self._order = self.ordered(every.positions, SortOrder.PRIORITY)

    def every_in_order(self, order: SortOrder, count: int) -> array[int] | None:
        """A copy of the ``count`` positions 0, 1, 2… in ``order``, when they are sorted
        already (``sort_every``, or kept in the cache) and no row changed since; else
        None."""
        kept = self._order
        if order is SortOrder.PRIORITY and kept is not None and len(kept) == count:
            return kept[:]
        return None

    # -- kept in the cache (docs/queue-columns.md, "Kept in the cache") ------------------

    def state(self) -> tuple[dict[str, array[int] | bytearray], dict[str, object]]:
        """The columns as the cache keeps them: each array (and the summaries' and the
        report IDs' bytes) by name, as they are (no copy: written before anything changes
        them), and the rest (the distinct strings, the odd IDs and lines, the keys'
        prefixes) as plain data."""
        arrays, keys = self.keys.state()
        named: dict[str, array[int] | bytearray] = {
            f"keys.{name}": column for name, column in arrays.items()}
        named.update((name, getattr(self, name)) for name in _ARRAYS)
        if self._order is not None:
            named[_ORDER] = self._order
        return named, {"keys": keys, "words": self.words.values,
                       "versions": self.versions.values, "machines": self.machines.values,
                       "other_ids": [[p, i] for p, i in self.other_ids.items()],
                       "odd_lines": [[p, line] for p, line in self.odd_lines.items()]}

    @classmethod
    def restore(cls, data: Mapping[str, object],
                arrays: Iterable[tuple[str, Iterable[bytes | memoryview]]]) -> QueueColumns:
        """Columns again from what ``state`` gave: its data, and each of its arrays as
        pieces of bytes (the cache's BLOBs, read a piece at a time: no column is held
        twice); raises ValueError, TypeError or KeyError on data of another shape (the
        caller then reads the queue's rows)."""
        columns = cls()
        named, _ = columns.state()
        order = named[_ORDER] = array(POSITIONS)
        filled = set()
        for name, pieces in arrays:
            _fill(named[name], pieces)
            filled.add(name)
        if filled | {_ORDER} != named.keys():
            raise ValueError("columns missing")
        keys = data["keys"]
        if not isinstance(keys, Mapping):
            raise TypeError("columns of another shape")
        columns.keys.restore(keys)
        for table, name in ((columns.words, "words"), (columns.versions, "versions"),
                            (columns.machines, "machines")):
            values = data[name]
            if not isinstance(values, list):
                raise TypeError("columns of another shape")
            for value in values:
                table.number(str(value))
            if len(table.values) != len(values):
                raise ValueError("repeated distinct strings")
        for name in ("other_ids", "odd_lines"):
            pairs = data[name]
            if not isinstance(pairs, list):
                raise TypeError("columns of another shape")
            getattr(columns, name).update((int(p), str(text)) for p, text in pairs)
        count = len(columns.keys)
        if any(len(getattr(columns, name)) != count for name in _ARRAYS
               if name not in ("text", "ids")) or len(columns.ids) != 16 * count:
            raise ValueError("columns of unequal lengths")
        if _ORDER in filled and len(order) == count == len(columns):
            columns._order = order
        return columns

    # -- ordering -----------------------------------------------------------------------

    def state_of(self, position: int) -> str:
        """Row.state of a position."""
        marks = marks_of_keywords(self.words.values[self.keywords[position]])
        if self.decrypt[position] == _FAILED and not marks:
            return "undecryptable"
        return state_label(marks, bool(self.seen[position]))

    def has_mark(self, position: int, mark: Mark) -> bool:
        """Whether a position's message has ``mark``."""
        return mark in marks_of_keywords(self.words.values[self.keywords[position]])

    def place_key(self, order: SortOrder) -> Callable[[int], tuple[float, ...]] | None:
        """For the orders whose place depends on the kind and date alone (the default
        priority and oldest first), the key ``ordered`` sorts positions by, so that a
        message can be put in place in a sorted queue (bisect) instead of sorting it all
        again; None for the others. In the default order a user's reply sits below its
        report (``thread_order``): see ``queue.threads_touched`` for when the key is not
        enough."""
        stamp, kind = self.stamp, self.kind
        if order is SortOrder.PRIORITY:
            return lambda p: (_RANK[kind[p]], -stamp[p])
        if order is SortOrder.OLDEST:
            return lambda p: (stamp[p],)
        return None

    def thread_head(self, ordered: Sequence[int], at: int) -> int:
        """In positions in the default order, the index of the report whose thread holds
        the one at ``at`` (a user's reply moved below its report: ``thread_order``), else
        ``at``: a reply sorts as its report when a message is put in place."""
        kind, report_id = self.kind, self.report_id
        position = ordered[at]
        if kind[position] != _SUPPORT:
            return at
        named = report_id(position)
        head = at - 1
        while named and head >= 0 and kind[ordered[head]] == _SUPPORT \
                and report_id(ordered[head]) == named:
            head -= 1
        if named and head >= 0 and kind[ordered[head]] == _REPORT \
                and report_id(ordered[head]) == named:
            return head
        return at

    def ordered(self, positions: Iterable[int], order: SortOrder) -> array[int]:
        """``positions`` sorted as ``queue.sort_rows`` sorts their rows."""
        kind = self.kind
        positions = positions if isinstance(positions, (array, list)) else list(positions)
        # The stamps as floats once, in C, when most positions are sorted (a whole
        # queue): each of the array's look-ups made a float (docs/benchmarks.md,
        # "Session 11"); for a few positions of a large queue, those few look-ups.
        stamps = self.stamp.tolist() if len(positions) * 4 > len(self.stamp) else self.stamp
        newest = sorted(positions, key=stamps.__getitem__, reverse=True)
        if order is SortOrder.PRIORITY:  # a stable partition, in C
            return self._by_priority(newest)
        if order is SortOrder.OLDEST:
            return array(POSITIONS, reversed(newest))
        if order is SortOrder.KIND:
            by_kind = [(k.priority, k.value) for k in KINDS]
            return array(POSITIONS, sorted(newest, key=lambda p: by_kind[kind[p]]))
        if order is SortOrder.VERSION:
            return array(POSITIONS, sorted(newest, reverse=True, key=_per_value(
                self.version, self.versions, version_key)))
        if order is SortOrder.STATE:
            states: dict[tuple[int, int, bool], str] = {}

            def state(p: int) -> str:
                aspect = (self.keywords[p], self.seen[p], self.decrypt[p] == _FAILED)
                found = states.get(aspect)
                if found is None:
                    found = states[aspect] = self.state_of(p)
                return found
            return array(POSITIONS, sorted(newest, key=state))
        return array(POSITIONS, sorted(newest, key=_per_value(
            self.hardware, self.machines, lambda h: (h == "", h.lower()))))


    def _by_priority(self, newest: list[int]) -> array[int]:
        """Positions (newest first) in their kinds' priority groups, a user's reply below
        its report: a pass in C per group that is neither empty nor everything."""
        kinds = bytes(map(self.kind.__getitem__, newest))
        ranks = kinds.translate(_RANK_TABLE)
        ordered = array(POSITIONS)
        for rank in range(len(PRIORITY_GROUPS)):
            count = ranks.count(rank)
            if not count:
                continue
            group, group_kinds = newest, kinds
            if count < len(ranks):
                mask = ranks.translate(_IS_RANK[rank])
                group = list(compress(newest, mask))
                group_kinds = bytes(compress(kinds, mask))
            if rank == _PEOPLE:
                group = thread_order(group, self.kind.__getitem__, self.report_id,
                                     group_kinds)
            ordered.fromlist(group)
        return ordered


def _fill(column: array[int] | bytearray, pieces: Iterable[bytes | memoryview]) -> None:
    """Append the bytes of ``pieces`` to ``column``, whatever their lengths (an item may
    be cut between two); ValueError if they end inside an item."""
    if isinstance(column, bytearray):
        for piece in pieces:
            column.extend(piece)
        return
    carry = b""
    for piece in pieces:
        data = carry + piece if carry else piece
        cut = len(data) - len(data) % column.itemsize
        column.frombytes(data if cut == len(data) else data[:cut])
        carry = bytes(data[cut:])  # (of a view: its few bytes copied)
    if carry:
        raise ValueError("bytes length not a multiple of item size")


def _hex_id(report_id: str) -> bytes | None:
    """A report ID of 32 lowercase hexadecimal digits as its 16 bytes, else None."""
    if len(report_id) != _HEX_ID:
        return None
    try:
        raw = bytes.fromhex(report_id)
    except ValueError:
        return None
    return raw if raw.hex() == report_id else None


def find_position(positions: array[int], position: int) -> int | None:
    """Where ``position`` is in ``positions`` (in any order), or None: a search of the
    array's bytes in C (about 2 ms at 100,000 positions, against 12 ms for
    ``array.index``, which makes an int of each item to compare it)."""
    data = positions.tobytes()
    wanted = array(POSITIONS, (position,)).tobytes()
    at = data.find(wanted)
    while at % len(wanted):  # not on an item's boundary, or -1: not found
        if at == -1:
            return None
        at = data.find(wanted, at + 1)
    return at // len(wanted)


def _per_value(codes: array[int], table: Distinct,
               key: Callable[[str], tuple[object, ...]]) -> Callable[[int], tuple[object, ...]]:
    """A sort key of positions by a column of distinct strings, ``key`` worked out once
    per distinct string."""
    done: dict[int, tuple[object, ...]] = {}

    def of(position: int) -> tuple[object, ...]:
        code = codes[position]
        found = done.get(code)
        if found is None:
            found = done[code] = key(table.values[code])
        return found
    return of


class RowsAt(Sequence[Row]):
    """Rows of a QueueColumns by position, in order: a Row is made for the one looked at
    (``rows[n]``, iterating), so holding 100,000 of them costs 4 bytes each."""

    __slots__ = ("columns", "every", "positions")

    def __init__(self, columns: QueueColumns, positions: array[int],
                 every: bool = False) -> None:
        self.columns = columns
        self.positions = positions
        self.every = every
        """``positions`` are 0, 1, 2… (every position the columns had: ``values``), so a
        column's first ``len`` items are these rows' values, in order."""

    @classmethod
    def of(cls, rows: Iterable[Row]) -> RowsAt:
        """Rows given as Rows (tests, a few rows), in columns of their own."""
        if isinstance(rows, RowsAt):
            return rows
        columns = QueueColumns()
        positions = array(POSITIONS)
        for row in rows:
            position = columns.append(row)
            columns.keys.bind(position)
            positions.append(position)
        return cls(columns, positions)

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> RowsAt: ...

    def __getitem__(self, index: int | slice) -> Row | RowsAt:
        if isinstance(index, slice):
            return RowsAt(self.columns, self.positions[index])
        return self.columns.row(self.positions[index])

    def __iter__(self) -> Iterator[Row]:
        row = self.columns.row
        for position in self.positions:
            yield row(position)

    def __repr__(self) -> str:
        return f"RowsAt({len(self.positions)} rows)"

    def each_key(self) -> Iterator[str]:
        """The keys of the rows, in order (no Row made)."""
        return self.columns.keys.keys(self.positions)

    def key_at(self, index: int) -> str:
        """The key of the row at ``index``."""
        return self.columns.keys[self.positions[index]]

    def index_of(self, key: str) -> int | None:
        """Where the message ``key`` is in these rows (at its position now, or at one it
        had before: rows shown before it was read again), or None."""
        for position in reversed(self.columns.keys.positions_of(key)):
            found = find_position(self.positions, position)
            if found is not None:
                return found
        return None

    def where(self, test: Callable[[int], bool]) -> RowsAt:
        """The rows whose position passes ``test``, in order."""
        return RowsAt(self.columns, array(POSITIONS, filter(test, self.positions)))

    def chosen(self, selectors: Iterable[object]) -> RowsAt:
        """The rows whose selector (one per row, in order) is true, in order (in C)."""
        return RowsAt(self.columns, array(POSITIONS, compress(self.positions, selectors)))

    def sorted(self, order: SortOrder) -> RowsAt:
        """These rows in ``order`` (``queue.sort_rows``)."""
        if self.every:  # sorted by the worker, or kept in the cache
            kept = self.columns.every_in_order(order, len(self.positions))
            if kept is not None:
                return RowsAt(self.columns, kept)
        return RowsAt(self.columns, self.columns.ordered(self.positions, order))

    def kind_counts(self) -> dict[int, int]:
        """How many rows of each kind code."""
        kind = self.columns.kind
        codes = kind[:len(self.positions)].tobytes() if self.every else \
            bytes(map(kind.__getitem__, self.positions))
        return {code: codes.count(code) for code in range(len(KINDS))}

    def where_equal(self, column: array[int], value: int) -> RowsAt:
        """The rows whose ``column`` holds ``value``, in order (in C)."""
        positions = self.positions
        if column.itemsize == 1 and 0 <= value < _BYTE and bytes((value,)) not in column.tobytes():
            return RowsAt(self.columns, array(POSITIONS))  # a byte no row has (in C)
        return RowsAt(self.columns, array(POSITIONS, compress(
            positions, map(eq, map(column.__getitem__, positions), repeat(value)))))
