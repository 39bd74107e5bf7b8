"""Provides a plain-data codec for the domain's frozen dataclasses.

``to_data`` turns a dataclass tree into JSON-ready dicts and lists;
``from_data`` rebuilds it from the type hints, so the store can cache parsed
reports without pickling and without a hand-written mapper per class.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Convert a dataclass tree into dicts, lists, strings and numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [to_data(v) for v in value]
        return sorted(items) if isinstance(value, (frozenset, set)) else items
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_data(cls: type[T], data: Any) -> T:
    """Rebuild an instance of ``cls`` from ``to_data`` output; raises ValueError on mismatch."""
    result: T = _decode(cls, data)
    return result


def _decode(hint: Any, data: Any) -> Any:
    origin = get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        args = get_args(hint)
        if data is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            return _decode(arg, data)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise ValueError(f"expected an object for {hint.__name__}")
        hints = _hints(hint)
        kwargs = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(hint)
            if f.name in data
        }
        return hint(**kwargs)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin is frozenset:
        (arg,) = get_args(hint)
        return frozenset(_decode(arg, v) for v in data)
    if origin is list:
        (arg,) = get_args(hint)
        return [_decode(arg, v) for v in data]
    if origin is dict:
        _, arg = get_args(hint)
        return {k: _decode(arg, v) for k, v in data.items()}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is datetime:
        return datetime.fromisoformat(data)
    if hint in (str, int, float, bool) and not isinstance(data, hint):
        raise ValueError(f"expected {hint.__name__}, got {type(data).__name__}")
    return data
