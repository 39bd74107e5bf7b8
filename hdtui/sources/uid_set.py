"""Provides UidSet: the UIDs of a folder's messages, kept as ranges.

The IMAP listing state remembers every UID of a folder, to tell later which messages are
gone (docs/live-changes.md). A Python set of 100,000 UIDs holds 7 MB (its table and one
int object per UID) for the whole session, and a resync copied it; UIDs come mostly in
long runs (a folder's messages are numbered in order and few are removed), so the runs'
bounds, in one array of machine integers, hold the same in a few bytes a run
(docs/benchmarks.md, "Warm start at 100,000").
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence


class UidSet:
    """An immutable set of UIDs, as sorted runs of consecutive UIDs."""

    __slots__ = ("_bounds", "_count")

    def __init__(self, bounds: array[int]) -> None:
        """``bounds``: the first and last UID of each run, runs sorted and apart (use
        ``of`` or ``from_ranges``)."""
        self._bounds = bounds
        self._count = sum(bounds[i + 1] - bounds[i] + 1 for i in range(0, len(bounds), 2))

    @classmethod
    def of(cls, uids: Iterable[int]) -> UidSet:
        """The set of ``uids`` (any order, repeats allowed)."""
        bounds = array("Q")
        for uid in sorted(set(uids)):
            if bounds and bounds[-1] == uid - 1:
                bounds[-1] = uid
            else:
                bounds.extend((uid, uid))
        return cls(bounds)

    @classmethod
    def from_ranges(cls, ranges: Sequence[Sequence[int]]) -> UidSet:
        """The set of the saved runs ``[[low, high], ...]`` (``ranges``' output); a
        ValueError or TypeError if they are not runs of positive UIDs."""
        runs = sorted((int(low), int(high)) for low, high in ranges)
        bounds = array("Q")
        for low, high in runs:
            if low < 1 or high < low:
                raise ValueError(f"not a run of UIDs: {low}:{high}")
            if bounds and low <= bounds[-1] + 1:
                bounds[-1] = max(bounds[-1], high)
            else:
                bounds.extend((low, high))
        return cls(bounds)

    def ranges(self) -> list[list[int]]:
        """The runs as ``[[low, high], ...]``, lowest first (what the store saves)."""
        b = self._bounds
        return [[b[i], b[i + 1]] for i in range(0, len(b), 2)]

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        b = self._bounds
        for i in range(0, len(b), 2):
            yield from range(b[i], b[i + 1] + 1)

    def __contains__(self, uid: object) -> bool:
        if not isinstance(uid, int):
            return False
        at = bisect_right(self._bounds, uid)
        # Inside a run: after its first UID (odd position), or on its last one.
        return at % 2 == 1 or (at > 0 and self._bounds[at - 1] == uid)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UidSet) and self._bounds == other._bounds

    def __hash__(self) -> int:
        return hash(tuple(self._bounds))

    def __repr__(self) -> str:
        return f"UidSet({self.ranges()!r})"

    def with_uids(self, uids: Iterable[int]) -> UidSet:
        """This set with ``uids`` added (new mail: a few UIDs, usually above the rest)."""
        new = sorted({uid for uid in uids if uid not in self})
        if not new:
            return self
        added = UidSet.of(new)
        return UidSet.from_ranges(self.ranges() + added.ranges())

    def missing_from(self, present: Collection[int]) -> list[int]:
        """The UIDs of this set that ``present`` lacks (messages gone), in order."""
        return self.partition(present)[1]

    def kept(self, present: Collection[int]) -> UidSet:
        """This set without the UIDs ``present`` lacks."""
        return self.partition(present)[0]

    def partition(self, present: Collection[int]) -> tuple[UidSet, list[int]]:
        """``kept`` and ``missing_from`` at once, ``present`` sorted once (a resync that
        found an expunge wants both)."""
        bounds = array("Q")
        missing: list[int] = []
        for low, high, there in self._split(present):
            if not there:
                missing.extend(range(low, high + 1))
            elif bounds and bounds[-1] == low - 1:  # the two halves of a split run
                bounds[-1] = high
            else:
                bounds.extend((low, high))
        return UidSet(bounds), missing

    def _split(self, present: Collection[int]) -> Iterator[tuple[int, int, bool]]:
        """This set's UIDs as spans ``(low, high, in present)``, lowest first: a run
        whose every UID ``present`` holds is one span, found by counting ``present``'s
        UIDs between its bounds (two bisections in ``present`` sorted); a run that lacks
        some is halved until each half is all there or all gone. A resync after an
        expunge (100,000 UIDs, a few gone) costs the sort of ``present`` and a few
        bisections a run and a gone UID, not a look-up for every UID
        (docs/benchmarks.md, "UidSet after an expunge")."""
        ordered = sorted(present if isinstance(present, (set, frozenset)) else set(present))
        b = self._bounds
        start = 0
        for i in range(0, len(b), 2):
            start = bisect_left(ordered, b[i], start)
            spans = [(b[i], b[i + 1], start, bisect_right(ordered, b[i + 1], start))]
            while spans:
                low, high, first, end = spans.pop()
                if end - first == high - low + 1 or first == end:
                    yield low, high, first < end
                    continue
                middle = (low + high) // 2
                cut = bisect_right(ordered, middle, first, end)
                spans.append((middle + 1, high, cut, end))  # popped after the low half
                spans.append((low, middle, first, cut))

