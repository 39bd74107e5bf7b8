"""Provides HeldFacts: the facts ``Insight`` holds for the session, by message key, with
the size and the known issues' fingerprint each was computed for, in columns.

A dictionary of 100,000 keys to a tuple (size, fingerprint, facts) each cost 102 bytes a
message beside the facts themselves: 6.4 MB of tuples and 3.8 MB of dictionary at 100,000
(docs/benchmarks.md, "Session 27: a whole warm session at 100,000, the report pane's
count"). Here a message is a place (its position) in a list of facts, an array of sizes
and an array of fingerprint numbers (a table of the few distinct fingerprints); its key is
the facts' own ``key`` string (the same string as the message's, as Insight kept it); a
key is found by a binary search of an array of numbers, made of the key as the queue
keeps its keys (``queue_keys.split_key``: ``INBOX/1796487337/42`` is the number of its
prefix and 42), about 36 bytes a message in all (docs/insight.md, "Session 28: the facts
held in columns"). Keys that do not split (a Maildir's file names) are found in a
dictionary of their own. Reads as a mapping of key to (size, fingerprint, facts), in the
order the keys were first put, as the dictionary it replaces did (the counts' order
follows it). Not thread-safe: Insight holds its lock around it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, MutableMapping
from typing import cast

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.queue_keys import WHOLE, Distinct, QueueKeys, split_key

Held = tuple[int, str, ReportFacts]
"""What the mapping gives of a key: the message's size, the fingerprint, the facts."""
_SHIFT = 32
"""A split key's number is its prefix's number times 2**32 plus its own number."""
_DEAD_KEPT = 4096
"""Places of keys dropped kept before the columns are made again without them."""


class HeldFacts(MutableMapping[str, Held]):
    """The facts of messages by key, in columns (see the module)."""

    __slots__ = ("_at", "_codes", "_dead", "_facts", "_fingerprint", "_fingerprints",
                 "_keys", "_prefixes", "_size", "_whole")

    def __init__(self, items: Iterable[tuple[str, Held]] = ()) -> None:
        self._clear()
        self.update_all(items)

    def _clear(self) -> None:
        self._facts: list[ReportFacts | None] = []
        """By place: the facts, None once the key is dropped."""
        self._size = array("Q")
        self._fingerprint = array("I")
        self._fingerprints = Distinct()
        self._prefixes = Distinct()
        self._codes = array("Q")
        """The numbers of the split keys held, sorted (``_number``)."""
        self._at = array("I")
        """The place of each of ``_codes``."""
        self._whole: dict[str, int] = {}
        """The place of each key that does not split."""
        self._keys: dict[int, str] = {}
        """The key of a place whose facts' ``key`` is another string (never, as Insight
        puts them; tests may)."""
        self._dead = 0

    def _number(self, key: str, add: bool = False) -> int | None:
        """The number of a key that splits (None for one that does not, or whose prefix
        no key held has, unless ``add``)."""
        split = split_key(key)
        if split is None:
            return None
        prefix, number = split
        found = self._prefixes.number(prefix) if add else self._prefixes.numbers.get(prefix)
        return None if found is None else found << _SHIFT | number

    def _place(self, key: str) -> int | None:
        """The place of ``key``, or None."""
        code = self._number(key)
        if code is None:
            return self._whole.get(key)
        at = bisect_left(self._codes, code)
        if at < len(self._codes) and self._codes[at] == code:
            return self._at[at]
        return None

    def _key(self, place: int, facts: ReportFacts) -> str:
        return self._keys.get(place, facts.key) if self._keys else facts.key

    def __len__(self) -> int:
        return len(self._facts) - self._dead

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._place(key) is not None

    def __getitem__(self, key: str) -> Held:
        place = self._place(key)
        if place is None:
            raise KeyError(key)
        facts = self._facts[place]
        assert facts is not None  # (a dropped key has no place)
        return (self._size[place],
                self._fingerprints.values[self._fingerprint[place]], facts)

    def facts_of(self, key: str) -> ReportFacts | None:
        """The facts held of ``key``, or None."""
        place = self._place(key)
        return None if place is None else self._facts[place]

    def __setitem__(self, key: str, value: Held) -> None:
        size, fingerprint, facts = value
        place = self._place(key)
        if place is None:
            place = len(self._facts)
            self._facts.append(facts)
            self._size.append(size)
            self._fingerprint.append(self._fingerprints.number(fingerprint))
            code = self._number(key, add=True)
            if code is None:
                self._whole[key] = place
            else:
                at = bisect_left(self._codes, code)
                self._codes.insert(at, code)
                self._at.insert(at, place)
        else:
            self._facts[place] = facts
            self._size[place] = size
            self._fingerprint[place] = self._fingerprints.number(fingerprint)
        if facts.key != key:
            self._keys[place] = key
        elif self._keys:
            self._keys.pop(place, None)

    def __delitem__(self, key: str) -> None:
        code = self._number(key)
        if code is None:
            place = self._whole.pop(key)  # KeyError when not held
        else:
            at = bisect_left(self._codes, code)
            if at >= len(self._codes) or self._codes[at] != code:
                raise KeyError(key)
            place = self._at[at]
            del self._codes[at], self._at[at]
        self._facts[place] = None
        self._keys.pop(place, None)
        self._dead += 1
        if self._dead > _DEAD_KEPT and self._dead > len(self):
            self._compact()

    def _compact(self) -> None:
        """The columns made again without the places of dropped keys, in the same order."""
        kept = list(self._items())
        self._clear()
        self.update_all(kept)

    def _items(self) -> Iterator[tuple[str, Held]]:
        values = self._fingerprints.values
        for place, facts in enumerate(self._facts):
            if facts is not None:
                yield (self._key(place, facts),
                       (self._size[place], values[self._fingerprint[place]], facts))

    def __iter__(self) -> Iterator[str]:
        for place, facts in enumerate(self._facts):
            if facts is not None:
                yield self._key(place, facts)

    def all_facts(self) -> list[ReportFacts]:
        """The facts held, in the order their keys were first put (the dictionary's
        ``[f for _, _, f in values()]``, without a tuple a message)."""
        if self._dead:
            return list(filter(None, self._facts))
        return cast(list[ReportFacts], self._facts[:])  # (no None without a key dropped)

    def facts_items(self) -> Iterator[tuple[str, ReportFacts]]:
        """(key, facts) of every key held, in order."""
        for place, facts in enumerate(self._facts):
            if facts is not None:
                yield self._key(place, facts), facts

    def marks_of(self, keys: Iterable[str]) -> Iterator[tuple[int, str] | None]:
        """The size and fingerprint held of each of ``keys``, or None for one not held."""
        sizes, numbers, values = self._size, self._fingerprint, self._fingerprints.values
        for place in map(self._place, keys):
            yield None if place is None else (sizes[place], values[numbers[place]])

    def facts_of_each(self, keys: Iterable[str]) -> Iterator[ReportFacts | None]:
        """The facts held of each of ``keys``, or None for one not held."""
        facts = self._facts
        for place in map(self._place, keys):
            yield None if place is None else facts[place]

    def held_of(self, keys: QueueKeys, positions: Iterable[int]) -> Iterator[int]:
        """The place of the key of each of the queue's ``positions`` in ``keys`` (the
        queue's), -1 for one not held: the queue's numbers translated, no key string
        made (a warm start's ``facts`` looks up every message's, three times)."""
        prefixes = [self._prefixes.numbers.get(value, -1)
                    for value in keys.prefixes.values]
        codes, at, whole = self._codes, self._at, self._whole
        count = len(codes)
        for position in positions:
            prefix = keys.prefix[position]
            if prefix == WHOLE:
                yield whole.get(keys[position], -1)
                continue
            mine = prefixes[prefix]
            if mine < 0:
                yield -1
                continue
            code = mine << _SHIFT | keys.number[position]
            found = bisect_left(codes, code)
            yield at[found] if found < count and codes[found] == code else -1

    def facts_at(self, places: Iterable[int]) -> Iterator[ReportFacts | None]:
        """The facts of each place (``held_of``), None for -1."""
        facts = self._facts
        return (None if place < 0 else facts[place] for place in places)

    def marks_at(self, places: Iterable[int]) -> Iterator[tuple[int, str] | None]:
        """The size and fingerprint of each place (``held_of``), None for -1."""
        sizes, numbers, values = self._size, self._fingerprint, self._fingerprints.values
        return (None if place < 0 else (sizes[place], values[numbers[place]])
                for place in places)

    def update_all(self, items: Iterable[tuple[str, Held]]) -> None:
        """Put every (key, (size, fingerprint, facts)) of ``items``, the later of equal
        keys kept (as a dictionary's ``update``): keys held already in their place, new
        ones after the others, their numbers sorted into the index once at the end, not
        each put in place (a warm start puts 100,000)."""
        held = bool(len(self))
        codes, places = array("Q"), array("I")
        for key, value in items:
            if held and key in self:
                self[key] = value
                continue
            size, fingerprint, facts = value
            place = len(self._facts)
            self._facts.append(facts)
            self._size.append(size)
            self._fingerprint.append(self._fingerprints.number(fingerprint))
            if facts.key != key:
                self._keys[place] = key
            code = self._number(key, add=True)
            if code is None:
                before = self._whole.get(key)
                if before is not None:
                    self._drop_place(before)
                self._whole[key] = place
            else:
                codes.append(code)
                places.append(place)
        if not codes:
            return
        codes.extend(self._codes)
        places.extend(self._at)
        # Stable: equal numbers (a key given twice) stay in the order given.
        order = sorted(range(len(codes)), key=codes.__getitem__)
        self._codes = array("Q", map(codes.__getitem__, order))
        self._at = array("I", map(places.__getitem__, order))
        self._drop_repeated()

    def _drop_repeated(self) -> None:
        """Of equal numbers (a key put twice in one ``update_all``), the later place kept."""
        codes = self._codes
        if len(codes) < 2 or not any(map(int.__eq__, codes, codes[1:])):
            return
        kept_codes, kept_at = array("Q"), array("I")
        for code, place in zip(codes, self._at, strict=True):
            if kept_codes and kept_codes[-1] == code:
                self._drop_place(kept_at[-1])
                kept_at[-1] = place
            else:
                kept_codes.append(code)
                kept_at.append(place)
        self._codes, self._at = kept_codes, kept_at

    def _drop_place(self, place: int) -> None:
        self._facts[place] = None
        self._keys.pop(place, None)
        self._dead += 1

