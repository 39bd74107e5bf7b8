"""Provides the saved form of ``ReportFacts``: written one report at a time (``encode``),
read back many at a time, decoded and shared in one step.

The report cache keeps each report's facts as a JSON array of their fields' values in the
order of ``ReportFacts``' fields (``to_data`` of each; cache version 9). Version 8 kept the
JSON object of ``codec.to_data``: the names of fifteen fields in every row, 35 MB to parse
at 100,000 reports against 22 MB (docs/insight.md, "Session 13: stats --json at
100,000"); ``saved_array`` turns such an object into the array (the cache's migration),
and ``facts_of`` still reads one. A field added to ``ReportFacts`` goes last, with a
default: a row saved before it existed is shorter and gets the default; any other change
of the fields' order is another format (a cache version and a migration).

The generic ``codec.from_data`` reads any dataclass from its type hints, checking every
value through a decoder per value, and ``Insight`` then made a second copy of each
report's facts with their recurring strings shared (``services.insight.shared``): at
100,000 reports that was most of a warm ``hdtui stats --json`` (docs/insight.md, "Session
12: `hdtui stats --json` at 100,000"). Here each field is converted by a converter chosen
for its type when the module loads, checking the same things (a damaged row is refused
with ValueError or TypeError, as ``from_data`` refuses it), sharing as it goes; a page of
rows is parsed by one ``json.loads`` and converted a field at a time over the page.
"""

from __future__ import annotations

import dataclasses
import json
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import date
from functools import partial
from itertools import chain, repeat
from sys import intern
from typing import Any, TypeVar, cast, get_type_hints

from hdtui.domain.codec import _decoder, to_data
from hdtui.domain.insight.facts import _REFERENCE_SLOT, ReportFacts, reference_token
from hdtui.domain.word_set import WordSet

_T = TypeVar("_T")

_ONES: dict[Any, Any] = {}
"""One copy of each day, tuple of chips and tuple of issues seen (a few thousand)."""


def one(value: _T) -> _T:
    """The copy of ``value`` every report shares."""
    found: _T = _ONES.setdefault(value, value)
    return found


_SHARED = frozenset({"version", "product", "app", "kind", "gpus", "network", "devices",
                     "errors", "received", "likely", "lines", "ethernet"})
"""Fields whose values recur across reports, kept once (``shared``, and the decoding)."""
_ONCE = frozenset({"gpus", "network", "devices", "received", "likely", "ethernet"})
"""Of those, the whole values (a tuple, a day) kept once, not only their strings."""
_PAGE_SHARED = frozenset({"contact"})
"""Strings kept once within a page of saved facts (``_page_texts_column``)."""


def shared(facts: ReportFacts) -> ReportFacts:
    """The same facts, their strings shared with every other report's (``sys.intern``):
    Insight keeps the facts of every report for the session, and the same words, versions,
    chips and products recur across reports; decoded from JSON or parsed, each report had
    its own copies (about 40 % of their memory at 100,000 reports: docs/benchmarks.md,
    "Warm start at 100,000"). So are the few values many reports have: the day, the chips,
    the issues matched (docs/benchmarks.md, "The counting's facts, compact"). The fields
    are those the decoding of saved facts shares (``_SHARED``, ``_ONCE``)."""
    changes: dict[str, Any] = {}
    for name in _SHARED:
        value = getattr(facts, name)
        if type(value) is str:
            value = intern(value)
        elif type(value) is tuple and value and type(value[0]) is str:
            value = _one_line(tuple(map(intern, value)))
        changes[name] = one(value) if name in _ONCE else value
    return dataclasses.replace(facts, **changes)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected str, got {type(value).__name__}")
    return value


def _integer(value: Any) -> int:
    if not isinstance(value, int):
        raise ValueError(f"expected int, got {type(value).__name__}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("expected a list of strings")
    return tuple(map(_text, value))


def _shared_texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("expected a list of strings")
    return _one_line(tuple(map(intern, value)))  # TypeError for anything but a string


_LINES: dict[tuple[str, ...], tuple[str, ...]] = {}
"""The journal's errors and lines of one line met (most reports log one error or one
line, and many reports the same: a tuple of 56 bytes each, 5.5 MB at 100,000 reports held
for the session; docs/insight.md, "Session 23: one tuple a journal line")."""
LINES_KEPT = 100_000
"""How many such tuples are kept to share: lines no other report logs are not kept
beyond it."""


def kept_once(table: dict[_T, _T], value: _T, limit: int) -> _T:
    """The copy of ``value`` kept in ``table`` (``value`` itself kept there first, while the
    table holds fewer than ``limit``): one object for all that are equal."""
    found = table.get(value)
    if found is None:
        if len(table) >= limit:
            return value
        found = table[value] = value
    return found


def _one_line(value: tuple[str, ...]) -> tuple[str, ...]:
    """The tuple every report with the same one line shares; others as they are."""
    return kept_once(_LINES, value, LINES_KEPT) if len(value) == 1 else value


def _integers(value: Any) -> tuple[int, ...]:
    if type(value) is not list:
        raise ValueError("expected a list of numbers")
    return tuple(map(_integer, value))


_TUPLES: dict[Any, Any] = {}
"""The tuples of chips and of issues met, by their saved list's text: most reports'
are among a few thousand."""


def _one_shared_texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("expected a list of strings")
    if not value:
        return ()
    if len(value) == 1:  # most reports: one chip, one issue
        found = _TUPLES.get(value[0]) if type(value[0]) is str else None
        if found is None:
            found = one((intern(value[0]),))  # TypeError for anything but a string
            if len(_TUPLES) < 100_000:
                _TUPLES[found[0]] = found
        return cast(tuple[str, ...], found)
    return one(_shared_texts(value))


def _known_shared_texts(value: Any) -> tuple[str, ...] | None:
    """``_one_shared_texts``, or None for not known (``ReportFacts.ethernet``)."""
    return None if value is None else _one_shared_texts(value)


def _one_integers(value: Any) -> tuple[int, ...]:
    return one(_integers(value))


_DAYS: dict[str, date] = {}


def _day(value: Any) -> date | None:
    if value is None:
        return None
    found = _DAYS.get(value) if type(value) is str else None
    if found is None:
        found = one(date.fromisoformat(value))  # TypeError or ValueError when not a day
        if len(_DAYS) < 100_000:
            _DAYS[value] = found
    return found


def _words(value: Any) -> WordSet:
    if type(value) is not list:
        raise ValueError("expected a list of words")
    return WordSet(value)


def _converter(name: str, hint: Any) -> Callable[[Any], Any]:
    """The function that checks and converts one field's saved value."""
    if hint == date | None:
        return _day
    if hint is WordSet:
        return _words
    shares = name in _SHARED
    if hint is str:
        return intern if shares else _text
    if hint is int:
        return _integer
    if hint == tuple[str, ...]:
        if name in _ONCE:
            return _one_shared_texts
        return _shared_texts if shares else _texts
    if hint == tuple[int, ...]:
        return _one_integers if name in _ONCE else _integers
    if hint == tuple[str, ...] | None and name in _ONCE:
        return _known_shared_texts
    generic = _decoder(cast(Hashable, hint))  # a field of another type: the codec's way
    return generic


Column = Callable[[Sequence[Any]], Sequence[Any]]
"""A page's values of one field converted at once (``decode_rows``)."""


def _types(values: Iterable[Any], allowed: frozenset[type]) -> None:
    """ValueError unless each value's type is one of ``allowed`` (a set made in C)."""
    if not allowed.issuperset(map(type, values)):
        raise ValueError(f"expected only {', '.join(t.__name__ for t in allowed)}")


_STR, _INT, _LIST = frozenset({str}), frozenset({int, bool}), frozenset({list})
_LIST_OR_NONE: frozenset[type] = frozenset({list, type(None)})


def _texts_column(column: Sequence[Any]) -> Sequence[Any]:
    _types(column, _STR)
    return column


def _integers_column(column: Sequence[Any]) -> Sequence[Any]:
    types = set(map(type, column))
    if not _INT.issuperset(types):  # bool too, as ``isinstance(value, int)`` in ``_integer``
        raise ValueError("expected only int, bool")
    # Equal numbers of the page one object: JSON makes an int object of each number, and
    # past 256 that is 32 bytes a report held for the session (``possible``, an issue's
    # id, for most reports; docs/insight.md, "Session 26: one number a page"). Not with
    # a bool among them, which a dictionary would take for 0 or 1.
    return column if bool in types else _page_shared(list(column))


def _page_shared(values: list[_T]) -> list[_T]:
    """``values`` with the equal ones of the page one object (the first met): facts of a
    page that say the same thing keep one copy of it for the session, and the table is
    dropped with the page (docs/insight.md, "Session 25: equal values of a page kept
    once"). Hashed in C; the values must be hashable."""
    first: dict[_T, _T] = {}
    return list(map(first.setdefault, values, values))


def _shared_texts_column(column: Sequence[Any]) -> Sequence[Any]:
    _types(column, _LIST)
    # TypeError for anything but a string; tuples of one line shared (``_one_line``), and
    # those of several lines within the page
    return _page_shared(list(map(_one_line, map(tuple, map(map, repeat(intern), column)))))


def _page_texts_column(column: Sequence[Any]) -> Sequence[Any]:
    """A field of strings that recur across some reports but not most (a user's contact
    digest: one user, several reports), shared within the page, not interned for the
    process."""
    _types(column, _STR)
    return _page_shared(list(column))


def _once_column(elements: frozenset[type], share: Callable[[Any], Any]) -> Column:
    """Lists of ``elements`` as the tuples every report shares (``one``): each distinct
    tuple of the page is made and shared once."""
    def convert(column: Sequence[Any]) -> Sequence[Any]:
        _types(column, _LIST)
        _types(chain.from_iterable(column), elements)
        tuples = list(map(tuple, column))
        for new in set(tuples).difference(_ONES):
            _ONES[new] = tuple(map(share, new))
        return list(map(_ONES.__getitem__, tuples))
    return convert


def _known_once_column(column: Sequence[Any]) -> Sequence[Any]:
    """``_once_column`` of strings for a field whose value can be None, not known
    (``ReportFacts.ethernet``): None stays None."""
    _types(column, _LIST_OR_NONE)
    _types(chain.from_iterable(filter(None, column)), _STR)
    tuples = [None if value is None else tuple(value) for value in column]
    for new in set(tuples).difference(_ONES):
        _ONES[new] = None if new is None else tuple(map(intern, new))
    return list(map(_ONES.__getitem__, tuples))


def _days_column(column: Sequence[Any]) -> Sequence[Any]:
    for new in set(column).difference(_DAYS):
        if new is not None:  # TypeError or ValueError below when not a day
            _DAYS[new] = one(date.fromisoformat(new))
    return list(map(_DAYS.get, column))


def _words_column(column: Sequence[Any]) -> Sequence[Any]:
    _types(column, _LIST)
    made = WordSet.many(column)
    # Reports of the page with the same words (resent, one user's copies) share one set.
    first: dict[bytes, WordSet] = {}
    return list(map(first.setdefault, map(WordSet.packed, made), made))


def _column(name: str, hint: Any, convert: Callable[[Any], Any]) -> Column:
    """The function that checks and converts a page's values of one field at once, as
    ``convert`` (``_converter``) does one value: in C where it can."""
    if hint == date | None:
        return _days_column
    if hint is WordSet:
        return _words_column
    if hint is str:
        if name in _PAGE_SHARED:
            return _page_texts_column
        return _texts_column if convert is _text else partial(_map_list, convert)
    if hint is int:
        return _integers_column
    if hint == tuple[str, ...]:
        if name in _ONCE:
            return _once_column(_STR, intern)
        return _shared_texts_column if convert is _shared_texts else partial(_map_list,
                                                                              convert)
    if hint == tuple[int, ...] and name in _ONCE:
        return _once_column(_INT, int)
    if hint == tuple[str, ...] | None and name in _ONCE:
        return _known_once_column
    return partial(_map_list, convert)


def _map_list(convert: Callable[[Any], Any], column: Sequence[Any]) -> Sequence[Any]:
    return list(map(convert, column))


_HINTS = get_type_hints(ReportFacts)
_FIELDS = tuple((f.name, _converter(f.name, _HINTS[f.name]))
                for f in dataclasses.fields(ReportFacts))
NAMES = tuple(name for name, _ in _FIELDS)
"""The fields in the order of the saved array."""
_CONVERTERS = tuple(convert for _, convert in _FIELDS)
_COLUMNS = tuple(_column(name, _HINTS[name], convert) for name, convert in _FIELDS)
_REQUIRED = sum(1 for f in dataclasses.fields(ReportFacts)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
"""The fields without a default (the first ones): a saved array holds at least these."""
_SAVED_DEFAULTS = tuple((f.name, to_data(f.default)) for f in dataclasses.fields(ReportFacts)
                        if f.default is not dataclasses.MISSING)
"""The saved value of each field that has a default, in order (``saved_array``)."""
_PADDING = [None] * _REQUIRED + [default for _, default in _SAVED_DEFAULTS]
"""The saved values a row lacks from its length on (``decode_rows``: the first
``_REQUIRED`` are never lacking)."""


def encode(facts: ReportFacts) -> str:
    """The saved form of one report's facts: the JSON array of ``to_data`` of each field,
    in ``NAMES`` order."""
    return json.dumps([to_data(getattr(facts, name)) for name in NAMES],
                      separators=(",", ":"))


def saved_array(data: Any) -> list[Any] | None:
    """The saved array of facts saved as an object (cache version 8: ``to_data`` of the
    facts), a field it lacks given its default and a field the facts do not have left
    out; None when it is no object or lacks a field without a default. The values are
    not checked here: reading them back does (``decode_rows`` refuses a damaged row)."""
    if type(data) is not dict or not all(name in data for name in NAMES[:_REQUIRED]):
        return None
    return [data[name] for name in NAMES[:_REQUIRED]] + [
        data.get(name, default) for name, default in _SAVED_DEFAULTS]


def facts_of(data: Any) -> ReportFacts:
    """One report's facts from their saved JSON value (an array, or an object as cache
    version 8 saved them), their recurring values shared; ValueError or TypeError when it
    is not facts (neither, a field of the wrong type, a required field missing, more
    values than fields). Fields of an object the facts do not have are ignored."""
    if type(data) is list:
        if not _REQUIRED <= len(data) <= len(_CONVERTERS):
            raise ValueError(f"expected {_REQUIRED} to {len(_CONVERTERS)} values for "
                             f"ReportFacts, got {len(data)}")
        return ReportFacts(*[convert(value)  # a row saved before a field existed: shorter
                             for convert, value in zip(_CONVERTERS, data, strict=False)])
    if type(data) is not dict:
        raise ValueError("expected an array or an object for ReportFacts")
    if data.keys() >= _ALL_FIELDS:  # as hdtui wrote them: every field, no lookup twice
        return ReportFacts(*[convert(data[name]) for name, convert in _FIELDS])
    return ReportFacts(**{name: convert(data[name]) for name, convert in _FIELDS
                          if name in data})


_ALL_FIELDS = frozenset(NAMES)


def decode_rows(texts: Sequence[str]) -> list[ReportFacts | None]:
    """The facts of saved rows' JSON texts, in order; None for a row that is not facts.
    The rows are parsed as one JSON array when each is one array (``[...]``) and the
    whole holds exactly one value per row, then converted a field at a time over the
    page when every row holds every field; otherwise (a damaged row, a row saved before a
    field existed) one by one."""
    values: list[Any] | None = None
    if texts and all(t[:1] == "[" and t[-1:] == "]" for t in texts):
        try:
            values = json.loads("[" + ",".join(texts) + "]")
        except ValueError:
            values = None
        if values is not None and len(values) != len(texts):
            values = None
    if values is None:
        return [_one_row(t) for t in texts]
    width = len(_CONVERTERS)
    if all(type(v) is list and _REQUIRED <= len(v) <= width for v in values):
        if not all(len(v) == width for v in values):
            # Rows saved before a field existed: their missing fields' saved defaults
            # added, so that the page is still converted a field at a time (one by one it
            # cost 4 times as much: docs/benchmarks.md, "Session 24: stats --json and hot
            # topics at 100,000").
            values = [v if len(v) == width else v + _PADDING[len(v):] for v in values]
        try:
            # Each field's values over the page converted at once, then the facts from
            # the columns: no Python call per report and field but the words'.
            columns = [convert(column) for convert, column in
                       zip(_COLUMNS, zip(*values, strict=True), strict=True)]
            return list(_made(columns))
        except (ValueError, TypeError):
            pass  # a damaged row somewhere: found below, one row at a time
    return [_one_value(value) for value in values]


_SETTERS = tuple(getattr(ReportFacts, name).__set__ if name != "reference" else
                 _REFERENCE_SLOT.__set__ for name in NAMES)
"""Each field's slot setter, in ``NAMES`` order (``_made``): the reference's slot set
with its token (``facts.reference_token``), the column made at once."""
_REFERENCE_AT = NAMES.index("reference")


def _made(columns: Sequence[Sequence[Any]]) -> list[ReportFacts]:
    """The facts of converted columns (one per field, in ``NAMES`` order), each slot set
    as the dataclass's ``__init__`` sets it, a column at a time: its Python call for each
    report (a frozen class's ``__init__`` sets each field through ``object.__setattr__``)
    was about a quarter of the decoding (docs/insight.md, "Session 15: stats --json at
    100,000"). Its ``__post_init__`` makes a WordSet of words given otherwise: the words
    column is WordSets."""
    made = list(map(ReportFacts.__new__, repeat(ReportFacts, len(columns[0]))))
    for at, (setter, column) in enumerate(zip(_SETTERS, columns, strict=True)):
        if at == _REFERENCE_AT:
            column = list(map(reference_token, column))
        deque(map(setter, made, column), maxlen=0)
    return made


def _one_value(value: Any) -> ReportFacts | None:
    try:
        return facts_of(value)
    except (ValueError, TypeError):
        return None


def _one_row(text: str) -> ReportFacts | None:
    try:
        return facts_of(json.loads(text))
    except (ValueError, TypeError):
        return None
