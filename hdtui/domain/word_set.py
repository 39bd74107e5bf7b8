"""Provides WordSet: a report's distinct words, kept as numbers into one vocabulary every
report of the process shares.

The counting keeps the facts of every report for the session; a ``frozenset`` of the ~30
words of a report takes about 1.2-2 KB (its hash table), 2 bytes a word here
(docs/benchmarks.md, "The counting's facts, compact"). A WordSet reads as a set of
strings (membership, iteration, ``&``, ``|``, ``-`` giving ``frozenset``s), so the rules
that compare words are unchanged. The vocabulary only grows (one entry per distinct word
ever seen, its string shared with every report that uses it).
"""

from __future__ import annotations

import threading
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Set
from functools import partial
from itertools import accumulate, chain, repeat
from sys import intern
from typing import Any, cast

_NAMES: list[str] = []
"""Every word seen, by number."""
_NUMBERS: dict[str, int] = {}
_LOCK = threading.Lock()


def _number(word: str) -> int:
    found = _NUMBERS.get(word)
    if found is None:
        with _LOCK:  # the counting's worker and the UI's thread can both add words
            found = _NUMBERS.get(word)
            if found is None:
                word = intern(word)  # TypeError for anything but a string, before a change
                found = _NUMBERS[word] = len(_NAMES)
                _NAMES.append(word)
    return found


class WordSet(Set[str]):
    """An immutable set of words, 2 bytes a word while the vocabulary has fewer than 65,536
    words, else 4 (numbers into the shared vocabulary, in increasing order; 4-byte numbers
    are followed by one byte more, so that the length says which)."""

    __slots__ = ("_numbers",)

    def __init__(self, words: Iterable[str] = ()) -> None:
        if not isinstance(words, list | tuple | Set):
            words = list(words)  # read twice below when a word is new
        # Known words are looked up in one pass (a saved report's words all are, but for
        # its first: docs/insight.md, "Session 12: `hdtui stats --json` at 100,000").
        found = set(map(_NUMBERS.get, words))
        if None in found:
            found = {_number(w) for w in words}
        numbers = sorted(cast("set[int]", found))
        if not numbers or numbers[-1] < 65536:
            self._numbers = array("H", numbers).tobytes()
        else:
            self._numbers = array("I", numbers).tobytes() + b"\0"

    @classmethod
    def many(cls, lists: Sequence[Sequence[str]]) -> list[WordSet]:
        """The WordSets of many lists of words (a page of saved facts), as ``WordSet`` of
        each makes them: the words of all looked up in one pass, each set made without a
        Python call of its own while the vocabulary is under 65,536 words
        (docs/insight.md, "Session 15: stats --json at 100,000")."""
        looked_up = list(map(_NUMBERS.get, chain.from_iterable(lists)))
        if None in looked_up:  # new words: numbered first (TypeError for one not a string)
            looked_up = list(map(_number, chain.from_iterable(lists)))
        numbers = cast("list[int]", looked_up)
        ends = list(accumulate(map(len, lists)))
        if numbers and max(numbers) >= 65536:
            return list(map(cls, lists))
        each: Iterator[list[int]] = map(sorted, map(set, map(
            numbers.__getitem__, map(slice, [0, *ends], ends))))
        made = list(map(cls.__new__, repeat(cls, len(lists))))
        deque(map(_SET_NUMBERS, made, map(array.tobytes, map(partial(array, "H"), each))),
              maxlen=0)
        return made

    def _each(self) -> memoryview:
        if len(self._numbers) % 2:
            return memoryview(self._numbers)[:-1].cast("I")
        return memoryview(self._numbers).cast("H")

    def __iter__(self) -> Iterator[str]:
        return map(_NAMES.__getitem__, self._each())

    def __len__(self) -> int:
        size = len(self._numbers)
        return size // 4 if size % 2 else size // 2

    def __contains__(self, word: object) -> bool:
        number = _NUMBERS.get(word) if isinstance(word, str) else None
        return number is not None and number in self._each()

    def __and__(self, other: Iterable[Any]) -> frozenset[str]:
        return frozenset(self).intersection(other)

    def __or__(self, other: Iterable[Any]) -> frozenset[str]:
        return frozenset(self).union(other)

    def __sub__(self, other: Iterable[Any]) -> frozenset[str]:
        return frozenset(self).difference(other)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordSet) and len(self._numbers) % 2 == len(other._numbers) % 2:
            return self._numbers == other._numbers
        return super().__eq__(other)

    def __hash__(self) -> int:
        return self._hash()  # as a frozenset of the same words hashes

    def packed(self, at_least: int = 0) -> bytes:
        """The words as one value, equal for two sets of the same words: a quick key (no
        word is looked up; docs/insight.md, "Session 11, eighteenth round"); empty when the
        set holds fewer than ``at_least`` words."""
        return self._numbers if len(self) >= at_least else b""

    def __repr__(self) -> str:
        return f"WordSet({sorted(self)!r})"


_SET_NUMBERS = WordSet.__dict__["_numbers"].__set__
"""Sets a WordSet's numbers (``WordSet.many``: what ``__init__`` sets)."""
NO_WORDS = WordSet()
