"""Provides a plain-data codec for the domain's frozen dataclasses (and ``Frozen`` values,
by their ``FIELDS``: hdtui.domain.frozen).

``to_data`` turns a dataclass tree into JSON-ready dicts and lists;
``from_data`` rebuilds it from the type hints, so the store can cache parsed
reports without pickling and without a hand-written mapper per class.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Callable, Hashable
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar, cast, get_args, get_origin, get_type_hints

from hdtui.domain.frozen import Frozen
from hdtui.domain.text import MailText

T = TypeVar("T")


_SCALARS = frozenset({str, MailText, int, float, bool, type(None)})
"""Types returned as they are (checked first: most values of a parsed report are text)."""
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}
"""The field names of each dataclass met, and a getter of all their values at once (one
call in C instead of a ``getattr`` a field: docs/benchmarks.md, "Session 15: the cold
read's children, second step")."""
_SEQUENCE, _SET, _ENUM, _DATE, _DICT, _OTHER = range(6)
_SORTS: dict[type, int] = {}
"""What each other type met is (one of the constants above), found once per type: a first
read converts every message read, and asking ``is_dataclass`` and ``isinstance`` again for
each of a report's tuples was a third of the conversion (docs/cold-start.md, "Writing the
cache")."""


def to_data(value: Any) -> Any:
    """Convert a dataclass tree into dicts, lists, strings and numbers."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    fields = _FIELDS.get(kind)
    if fields is not None:
        names, values = fields
        return {name: v if type(v) in _SCALARS else to_data(v)
                for name, v in zip(names, values(value), strict=True)}
    sort = _SORTS.get(kind)
    if sort is None:
        if isinstance(value, Frozen) or (dataclasses.is_dataclass(value)
                                         and not isinstance(value, type)):
            _FIELDS[kind] = _fields(kind)
            return to_data(value)
        sort = _SORTS[kind] = _sort(value)
    if sort in (_SEQUENCE, _SET):
        items = [v if type(v) in _SCALARS else to_data(v) for v in value]
        return sorted(items) if sort == _SET else items
    if sort == _ENUM:
        return value.value
    if sort == _DATE:  # datetime too: both read back by their hint
        return value.isoformat()
    if sort == _DICT:
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    """What ``to_json``'s encoder writes for a value it cannot write itself: a dataclass
    as the dict of its values (which the encoder then writes, calling this again for
    what is in them); an enum, a date or a set as ``to_data`` gives it. Anything else
    is not plain data: a TypeError, as ``json.dumps`` of ``to_data``'s output gives."""
    fields = _FIELDS.get(type(value))
    if fields is not None:
        names, values = fields
        return dict(zip(names, values(value), strict=True))
    plain = to_data(value)
    if plain is value:
        raise TypeError(f"{type(value).__name__} is not plain data")
    return plain


_ENCODER = json.JSONEncoder(separators=(",", ":"), default=_plain, check_circular=False)
"""Without the check for circular references: the encoder kept every list and dict it
entered in a dict of IDs, about 45 a report, and 13 % of ``to_json``'s time went there
(docs/benchmarks.md, "Session 18: the cold read's children"). The domain's values are
frozen dataclasses and tuples, and ``_plain`` makes a new dict of a dataclass's values
each time: nothing can hold itself. The text is the same."""


def to_json(value: Any) -> str:
    """``json.dumps(to_data(value), separators=(",", ":"))``, the same text, written in
    one pass of the standard library's C encoder without building ``to_data``'s dicts and
    lists first: only dataclasses, enums, dates and sets come back to Python
    (``_plain``); text (``MailText`` too), numbers and tuples are written by the encoder
    as ``to_data`` would give them. The domain's values hold no dict (whose keys
    ``to_data`` makes text with ``str``), so none is met here (docs/benchmarks.md,
    "Session 16: the cold read, parent and children")."""
    return _ENCODER.encode(value)


def _fields(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's (or a Frozen value's) field names and a function giving their values
    as a tuple."""
    names = _names(kind)
    if len(names) > 1:
        return names, attrgetter(*names)
    # attrgetter of one name gives the value, not a tuple (and of none is an error)
    return names, lambda value: tuple(getattr(value, name) for name in names)


def _names(kind: type) -> tuple[str, ...]:
    """The field names of a dataclass or of a Frozen class, in order."""
    if issubclass(kind, Frozen):
        return kind.FIELDS
    return tuple(f.name for f in dataclasses.fields(cast(Any, kind)))


def _sort(value: Any) -> int:
    """What a value that is neither a scalar nor a dataclass is, for ``to_data``."""
    if isinstance(value, Enum):
        return _ENUM
    if isinstance(value, date):
        return _DATE
    if isinstance(value, (tuple, list)):
        return _SEQUENCE
    if isinstance(value, AbstractSet):  # frozenset, set, WordSet
        return _SET
    if isinstance(value, dict):
        return _DICT
    return _OTHER


@cache
def _hints(cls: type) -> dict[str, Any]:
    # A module whose annotations name types it imports only when they are needed (the
    # queue's Entry and the report's parser) gives them with ``hint_names()``.
    names = getattr(sys.modules.get(cls.__module__), "hint_names", None)
    return get_type_hints(cls, localns=names() if names is not None else None)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild an instance of ``cls`` from ``to_data`` output; raises ValueError on mismatch."""
    decode = _decoder(cast(Hashable, cls))
    result: T = decode(data)
    return result


Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A decoding function for a type, built once per type (the warm start decodes every
    cached report, so the per-value work must stay small)."""
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        members = [a for a in get_args(hint) if a is not type(None)]
        inner = _decoder(members[0])
        optional = len(members) < len(get_args(hint))
        return lambda data: None if data is None and optional else inner(data)
    if isinstance(hint, type) and (issubclass(hint, Frozen) or dataclasses.is_dataclass(hint)):
        return _dataclass_decoder(hint)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] is str:
                return _str_tuple
            item = _decoder(args[0])
            return lambda data: tuple(item(v) for v in data)
        if all(a is str for a in args):  # (name, value) header pairs: one check, no calls
            size = len(args)
            return lambda data: _str_tuple(data) if len(data) == size else _bad(hint)
        items = [_decoder(a) for a in args]
        return lambda data: tuple(d(v) for d, v in zip(items, data, strict=True))
    if isinstance(hint, type) and issubclass(hint, AbstractSet):  # WordSet: of strings
        make: Callable[[tuple[str, ...]], Any] = hint
        return lambda data: make(_str_tuple(data))
    if origin is frozenset:
        item = _decoder(get_args(hint)[0])
        return lambda data: frozenset(item(v) for v in data)
    if origin is list:
        item = _decoder(get_args(hint)[0])
        return lambda data: [item(v) for v in data]
    if origin is dict:
        value = _decoder(get_args(hint)[1])
        return lambda data: {k: value(v) for k, v in data.items()}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint is datetime:
        return datetime.fromisoformat
    if hint is date:
        return date.fromisoformat
    if hint is MailText:
        return _mail_text
    if hint in (str, int, float, bool):
        return _checker(hint)
    return lambda data: data


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _hints(cls)
    simple = {str, int, float, bool}
    # Plain fields are checked inline (most fields of a report are strings); the others
    # go through their own decoder.
    names = _names(cls)
    plain = [(name, hints[name]) for name in names if hints[name] in simple]
    nested = [(name, _decoder(hints[name])) for name in names if hints[name] not in simple]

    def decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"expected an object for {cls.__name__}")
        kwargs = {}
        for name, kind in plain:
            if name in data:
                value = data[name]
                if not isinstance(value, kind):
                    raise ValueError(f"{cls.__name__}.{name}: expected {kind.__name__}")
                kwargs[name] = value
        for name, decoder in nested:
            if name in data:
                kwargs[name] = decoder(data[name])
        return cls(**kwargs)

    return decode


def _bad(hint: Any) -> Any:
    raise ValueError(f"wrong shape for {hint}")


def _str_tuple(data: Any) -> tuple[str, ...]:
    # Debug sections are long tuples of lines: checked in one pass, no per-line dispatch.
    if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
        raise ValueError("expected a list of strings")
    return tuple(data)


def _mail_text(data: Any) -> MailText:
    # Cached before the text boundary existed, or not: cleaned again on the way in
    # (idempotent; docs/text-safety.md).
    if not isinstance(data, str):
        raise ValueError(f"expected str, got {type(data).__name__}")
    return MailText(data)


def _checker(kind: type) -> Decoder:
    def check(data: Any) -> Any:
        if not isinstance(data, kind):
            raise ValueError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data

    return check
