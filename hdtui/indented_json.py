"""Provides ``indented``: the text of ``json.dumps(data, indent=2, ensure_ascii=False)``,
the same to the byte, written faster.

With ``indent`` set, the standard library encodes in Python, one generator per list and
object: the 100,000 reports of ``hdtui stats --json`` (an object each) took it about a
second (docs/insight.md, "Session 12: `hdtui stats --json` at 100,000"). Here every
string is encoded by the library's C function and each list or object is one ``join``.
Data of any other shape (keys that are not strings, values that are not JSON's own
types) goes to ``json.dumps`` as it is. Strings of a subclass of ``str`` (the issues'
titles are ``MailText``) are written here as the library writes them: until session 14 they
sent the whole of ``hdtui stats --json`` to ``json.dumps`` (docs/insight.md, "Session 14:
stats --json at 100,000"). A ``Prewritten`` value writes its own text, at the place it is
given (the report lists of ``hdtui stats --json``, a column at a time: docs/insight.md,
"Session 18: stats --json at 100,000").
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from json.encoder import encode_basestring
from typing import Any

_NESTED = (list, tuple, dict)


class Prewritten:
    """A value that writes its own JSON text: ``text`` the same as ``indented(data())``
    would write it there, only faster."""

    def text(self, newline: str) -> str:
        """The value's text, its lines after the first beginning with ``newline``'s
        indent (``newline`` itself: a line break and that indent)."""
        raise NotImplementedError

    def data(self) -> Any:
        """The plain data written (for ``json.dumps``, when the rest needs it)."""
        raise NotImplementedError


def _plain(value: Any) -> Any:
    """``json.dumps``'s ``default``: a ``Prewritten`` value as its data; anything else
    refused as the library refuses it."""
    if isinstance(value, Prewritten):
        return value.data()
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


class _Other(Exception):
    """A value ``indented`` does not write itself."""


def indented(data: Any, level: int = 0) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text; ``level``: as
    written inside that many objects or lists (``indented_object``)."""
    newline = "\n" + "  " * level
    try:
        return _value(data, newline)
    except _Other:  # no line break inside a JSON string: each begins a line to indent
        return json.dumps(data, indent=2, ensure_ascii=False, default=_plain).replace(
            "\n", newline)


def indented_object(values: Mapping[str, str]) -> str:
    """``indented`` of an object whose values were written apart, by ``indented(value,
    1)``: the parts of one text made at different times (``hdtui stats --json`` writes
    its clusters last: docs/insight.md, "Session 14: stats --json at 100,000")."""
    return "".join(object_pieces(values))


def object_pieces(values: Mapping[str, str]) -> Iterator[str]:
    """The text of ``indented_object(values)`` in pieces, each value's text as it was
    given: written one after the other, no copy of the whole is made (``hdtui stats
    --json`` at 100,000 held its 24 MB of text twice more, joined and encoded: docs/
    benchmarks.md, "Session 25: stats --json's peak at 100,000")."""
    if not values:
        yield "{}"
        return
    ahead = "{\n  "
    for key, text in values.items():
        yield f"{ahead}{encode_basestring(key)}: "
        yield text
        ahead = ",\n  "
    yield "\n}"


def _value(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        text: str = encode_basestring(value)
        return text
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        parts = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Other
            parts.append(f"{encode_basestring(key)}: {_value(item, inner)}")
        return f"{{{inner}{(',' + inner).join(parts)}{newline}}}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        return f"[{inner}{(',' + inner).join([_value(v, inner) for v in value])}{newline}]"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is float and value - value == 0:  # finite (nan and infinity: the library's)
        return float.__repr__(value)
    if isinstance(value, str):  # text from mail (``MailText``): the library writes a
        subclass: str = encode_basestring(value)  # string's subclass as the string it is
        return subclass
    if isinstance(value, Prewritten):
        return value.text(newline)
    raise _Other  # other subclasses and types: the library's way
