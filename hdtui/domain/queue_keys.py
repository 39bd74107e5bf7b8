"""Provides QueueKeys: the keys of the queue's messages by position, without a string
or a dict entry a message (docs/queue-columns.md).

An IMAP message's key is its folder, the folder's UIDVALIDITY and its UID
(``INBOX/1796487337/42``): a prefix shared by every message of the folder, then a
number. Such a key is kept as the number of its prefix (in a table of the few distinct
prefixes) and its number, 8 bytes; any other key (a Maildir file name) is kept whole.
Finding a key's position is a binary search in an index of positions sorted by key, 4
bytes a message, instead of a dict (about 70 bytes a message, and the key's own string,
about 70 more: docs/benchmarks.md, "The queue in columns"). The cache reads the queue
in key order, so a warm start's index is the positions in the order read.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress, islice, repeat
from operator import le, methodcaller

DIGITS = "0123456789"
NUMBER_DIGITS = 9
"""At most this many digits make a key's number (below 2**32: an IMAP UID is 32 bits)."""
WHOLE = 0xFFFFFFFF
"""The prefix number of a key kept whole."""


def split_key(key: str) -> tuple[str, int] | None:
    """A key as (prefix, number) when it ends in a number of 1 to NUMBER_DIGITS digits
    written plainly (no leading zero), so that ``prefix + str(number)`` gives it back;
    None for any other key."""
    prefix = key.rstrip(DIGITS)
    tail = key[len(prefix):]
    if not tail or len(tail) > NUMBER_DIGITS or (tail[0] == "0" and tail != "0"):
        return None
    return prefix, int(tail)


class Distinct:
    """A few distinct strings (versions, hardware names, keywords), each kept once and
    named by its number."""

    __slots__ = ("numbers", "values")

    def __init__(self) -> None:
        self.values: list[str] = []
        self.numbers: dict[str, int] = {}

    def numbers_of(self, values: Iterable[str]) -> Iterator[int]:
        """The numbers of ``values`` (a page of them: each distinct one looked up once)."""
        values = list(values)
        for value in set(values):
            self.number(value)
        return map(self.numbers.__getitem__, values)

    def number(self, value: str) -> int:
        """The number of ``value``, given one if new."""
        found = self.numbers.get(value)
        if found is None:
            self.values.append(value)
            found = self.numbers[value] = len(self.values) - 1
        return found


class QueueKeys:
    """The key of each position, and the position of each key in the queue now."""

    __slots__ = ("_former", "_identity", "_index", "_lock", "_unsorted", "_whole", "live",
                 "number", "prefix", "prefixes")

    def __init__(self) -> None:
        self.prefixes = Distinct()
        self.prefix = array("I")
        self.number = array("I")
        self._whole: dict[int, str] = {}
        """Keys kept whole, by position."""
        self.live = bytearray()
        """1 for a position whose key names it in the queue now."""
        self._index = array("i")
        """The positions in the queue now, sorted by key."""
        self._unsorted = False
        """``extend`` was given keys out of order: ``reindex`` sorts the index."""
        self._identity = True
        """The index is 0, 1, 2… (a warm start's keys, read in key order, and new mail
        with higher UIDs): ``every`` copies it instead of making every position's int."""
        self._former: dict[str, list[int]] = {}
        """The positions that left the queue (a message removed, or taken out to be read
        again), by key: the queue view finds the rows it shows of a changed message by
        them instead of walking every position (docs/queue-columns.md, "Positions")."""
        self._lock = threading.Lock()
        """Held while the index is searched or changed: the triage's workers put messages
        while the UI looks keys up, and a binary search runs Python code between its
        steps (a few microseconds)."""

    def __len__(self) -> int:
        """How many positions there are (in the queue or not)."""
        return len(self.prefix)

    def __getitem__(self, position: int) -> str:
        """The key of a position."""
        prefix = self.prefix[position]
        if prefix == WHOLE:
            return self._whole[position]
        return self.prefixes.values[prefix] + str(self.number[position])

    def count(self) -> int:
        """How many keys are in the queue now."""
        return len(self._index)

    def live_positions(self) -> Iterator[int]:
        """The positions in the queue now, in position order."""
        return compress(range(len(self.live)), self.live)

    def every(self) -> array[int] | None:
        """A copy of the index when it is every position in order (0, 1, 2… up to the
        last position), else None: a copy in C, where ``array("i", range(n))`` made an
        int of each of 100,000 positions (11 ms; docs/benchmarks.md, "Session 12")."""
        with self._lock:
            if self._identity and len(self._index) == len(self.prefix):
                return self._index[:]
            return None

    def keys(self, positions: Iterable[int]) -> Iterator[str]:
        """The keys of ``positions``."""
        return map(self.__getitem__, positions)

    def _place(self, key: str) -> int:
        """Where ``key`` is in the index, or would go."""
        return bisect_left(self._index, key, key=self.__getitem__)

    def position(self, key: str) -> int | None:
        """The position of a key in the queue now, or None."""
        with self._lock:
            at = self._place(key)
            if at < len(self._index):
                position = self._index[at]
                if self[position] == key:
                    return position
            return None

    def positions_of(self, key: str) -> list[int]:
        """Every position that has held ``key`` in the queue: those that left it, in the
        order they left, then its position now if it is in the queue."""
        with self._lock:
            found = list(self._former.get(key, ()))
            at = self._place(key)
            if at < len(self._index) and self[self._index[at]] == key:
                found.append(self._index[at])
            return found

    def _retire(self, position: int) -> None:
        """``position`` leaves the queue (its key is put elsewhere, or gone); under the
        lock."""
        self.live[position] = 0
        self._former.setdefault(self[position], []).append(position)

    def _add(self, key: str) -> int:
        position = len(self.prefix)
        split = split_key(key)
        if split is None:
            self.prefix.append(WHOLE)
            self.number.append(0)
            self._whole[position] = key
        else:
            self.prefix.append(self.prefixes.number(split[0]))
            self.number.append(split[1])
        self.live.append(0)
        return position

    def append(self, key: str) -> int:
        """A new position for ``key``, not in the queue yet (see ``bind``)."""
        return self._add(key)

    def find(self, key: str) -> tuple[int, int | None]:
        """Where ``key`` is in the index or would go, and its position (None: not in the
        queue): with ``insert``, one search for a new key."""
        with self._lock:
            at = self._place(key)
            if at < len(self._index) and self[self._index[at]] == key:
                return at, self._index[at]
            return at, None

    def insert(self, at: int, position: int) -> None:
        """Put a new key's ``position`` in the index at ``at``, as ``find`` said (the
        triage's writers take turns: the index has not changed since)."""
        with self._lock:
            self._identity = self._identity and at == position == len(self._index)
            self._index.insert(at, position)
            self.live[position] = 1

    def bind(self, position: int) -> None:
        """Make ``position`` the one of its key in the queue (a position it had before
        leaves the queue)."""
        key = self[position]
        with self._lock:
            self._identity = False
            at = self._place(key)
            if at < len(self._index) and self[self._index[at]] == key:
                before = self._index[at]
                self._index[at] = position
                if before != position:
                    self._retire(before)
            else:
                self._index.insert(at, position)
            self.live[position] = 1

    def unbind(self, key: str) -> int | None:
        """Take a key out of the queue (its position keeps it); its position, or None."""
        with self._lock:
            at = self._place(key)
            if at >= len(self._index) or self[self._index[at]] != key:
                return None
            self._identity = False
            position = self._index[at]
            del self._index[at]
            self._retire(position)
            return position

    def extend(self, keys: Sequence[str]) -> None:
        """New positions, in the queue, for keys not in it (a warm start's pages, in key
        order: the index is then these positions in order; out of order, ``reindex``
        sorts it)."""
        if not keys:
            return
        with self._lock:
            base = len(self.prefix)
            if self._split_all(keys) or self._whole_all(keys, base):
                self.live.extend(bytes(len(keys)))
            else:
                for key in keys:
                    self._add(key)
            if (self._index and self[self._index[-1]] >= keys[0]) or \
                    any(map(le, islice(keys, 1, None), keys)):
                self._unsorted = True
            self._identity = self._identity and not self._unsorted and \
                len(self._index) == base
            self._index.extend(range(base, base + len(keys)))
            self.live[base:] = b"\x01" * len(keys)

    def _split_all(self, keys: Sequence[str]) -> bool:
        """Append ``keys`` when every one of them splits (``split_key``), the work done in
        C (a warm start's 100,000 keys); False, nothing appended, otherwise."""
        if self._split_one_prefix(keys):
            return True
        prefixes = list(map(str.rstrip, keys, repeat(DIGITS)))
        tails = list(map(str.__getitem__, keys, map(slice, map(len, prefixes), repeat(None))))
        lengths = set(map(len, tails))
        if min(lengths) < 1 or max(lengths) > NUMBER_DIGITS or \
                sum(map(methodcaller("startswith", "0"), tails)) != tails.count("0"):
            return False
        self.prefix.fromlist(list(self.prefixes.numbers_of(prefixes)))
        self.number.fromlist(list(map(int, tails)))
        return True

    def _whole_all(self, keys: Sequence[str], base: int) -> bool:
        """Append ``keys`` kept whole when none of them ends in a digit, so none splits
        (a Maildir's keys end in its host's name), the work done in C; False, nothing
        appended, otherwise. ``_add`` for each of 100,000 keys took 0.3-0.4 s of a warm
        ``hdtui stats`` (docs/insight.md, "Session 13: stats --json at 100,000")."""
        if any(map(str.isdigit, map(str.__getitem__, keys, repeat(slice(-1, None))))):
            return False
        self.prefix.extend(array("I", (WHOLE,)) * len(keys))
        self.number.extend(array("I", (0,)) * len(keys))
        self._whole.update(zip(range(base, base + len(keys)), keys, strict=True))
        return True

    def _split_one_prefix(self, keys: Sequence[str]) -> bool:
        """``_split_all`` for keys of one prefix (a page of a folder's keys, read in key
        order: nearly always): the prefix looked up once, each key cut at its length."""
        prefix = keys[0].rstrip(DIGITS)
        if not all(map(str.startswith, keys, repeat(prefix))):
            return False
        tails = list(map(str.__getitem__, keys, repeat(slice(len(prefix), None))))
        spaced = " " + " ".join(tails)
        lengths = set(map(len, tails))
        # ASCII digits only (str.isdigit alone takes other scripts' digits, which int
        # reads but str would not write back); " 0" starts a tail with a leading zero,
        # or the tail "0"
        if not spaced.isascii() or not spaced.replace(" ", "").isdigit() or \
                min(lengths) < 1 or max(lengths) > NUMBER_DIGITS or \
                spaced.count(" 0") != tails.count("0"):
            return False
        self.prefix.extend(array("I", (self.prefixes.number(prefix),)) * len(keys))
        self.number.fromlist(list(map(int, tails)))
        return True

    ARRAYS = ("prefix", "number", "index")
    """The arrays ``state`` gives: the keys' prefixes and numbers, the index."""

    def state(self) -> tuple[dict[str, array[int] | bytearray], dict[str, object]]:
        """What ``restore`` makes these keys again from: the arrays and ``live`` (as
        they are, no copy) and the rest as plain data (docs/queue-columns.md, "Kept in
        the cache"). The positions that left the queue are not kept: they are a
        session's (the queue view's rows shown before a change)."""
        arrays: dict[str, array[int] | bytearray] = {
            "prefix": self.prefix, "number": self.number, "index": self._index,
            "live": self.live}
        return arrays, {"prefixes": self.prefixes.values,
                        "whole": [[p, key] for p, key in self._whole.items()],
                        "identity": self._identity and not self._unsorted}

    def restore(self, data: Mapping[str, object]) -> None:
        """Given empty keys whose arrays (``state``'s) were filled again, the rest of
        what ``state`` gave; raises ValueError or TypeError on data of another shape."""
        prefixes = data["prefixes"]
        whole = data["whole"]
        if not isinstance(prefixes, list) or not isinstance(whole, list):
            raise TypeError("keys of another shape")
        for prefix in prefixes:
            self.prefixes.number(str(prefix))
        self._whole = {int(p): str(key) for p, key in whole}
        self._identity = data.get("identity") is True
        count = len(self.prefix)
        if len(self.number) != count or len(self.live) != count or \
                len(self._index) > count or len(self.prefixes.values) != len(prefixes):
            raise ValueError("keys of unequal lengths")

    def reindex(self) -> None:
        """Sort the index if ``extend`` was given keys out of order; of two positions of
        one key, the later stays in the queue."""
        with self._lock:
            if not self._unsorted:
                return
            self._unsorted = False
            self._identity = False
            ordered = sorted(self._index, key=self.__getitem__)  # stable: the later last
            index = array("i")
            for position in ordered:
                if index and self[index[-1]] == self[position]:
                    self._retire(index[-1])
                    index[-1] = position
                else:
                    index.append(position)
            self._index = index
