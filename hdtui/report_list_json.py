"""Provides ``ReportList``: a list of report entries of ``hdtui stats --json`` that writes
its own JSON text, a column at a time.

Each entry is ``weekly.report_dicts``'s object (``message``, ``report_id``, ``reference``,
``received``, ``version``; the ``unclustered`` list's entries also ``undecrypted``).
Written by ``indented``, each of the 100,000 entries of a
large mailbox was a dict made, then walked key by key, one Python call per value: about a
third of the command's JSON time. Here each field is a column: its strings encoded by the
library's C function over the whole column (``map``), the few distinct dates and versions
encoded once each; the pieces are laid into one list by slice assignments and joined
once (or, written ahead, each entry filled into one template of its indent by ``%``), so
no Python function runs per entry. The text is the same to the byte (docs/insight.md,
"Session 18: stats --json at 100,000").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from hdtui.domain.insight.facts import UNREAD_KIND, ReportFacts
from hdtui.domain.weekly import report_dicts
from hdtui.indented_json import Prewritten, indented

_FIELDS = ("message", "report_id", "reference", "received", "version")
_MARKED = (*_FIELDS, "undecrypted")
"""The fields of an ``unclustered`` entry: whether the message could not be decrypted
(what it reports is unknown; docs/insight.md, "Session 28: numbers of the window")."""
_KIND = attrgetter("kind")
_UNREAD = {UNREAD_KIND: "true"}
_KEY = attrgetter("key")
_REPORT_ID = attrgetter("report_id")
_REFERENCE = attrgetter("reference")
_RECEIVED = attrgetter("received")
_VERSION = attrgetter("version")
_NULL_IF_EMPTY = {'""': "null"}  # ``report_id or None``: the empty string's text is null


class ReportList(Prewritten):
    """The entries of ``weekly.report_dicts(facts)``, written when the text is made; or,
    with ``ahead`` (the ``newline`` its text will be asked at), each entry written now,
    so that ``without`` some reports the text is only joined (``hdtui stats`` writes the
    ``unclustered`` entries while a child clusters, then leaves out the clusters'
    reports). ``marked``: each entry also says ``undecrypted`` (``unclustered``'s)."""

    __slots__ = ("_ahead", "_entries", "_facts", "_marked")

    def __init__(self, facts: Sequence[ReportFacts], ahead: str | None = None,
                 marked: bool = False) -> None:
        self._facts = facts
        self._ahead = ahead
        self._marked = marked
        self._entries: list[str] | None = None
        if ahead is not None and facts:
            with contextlib.suppress(TypeError, AttributeError):  # then written the
                self._entries = _entry_texts(facts, ahead + "  ", marked)  # general way

    def data(self) -> list[dict[str, Any]]:
        return report_dicts(self._facts, self._marked)

    def without(self, keys: AbstractSet[str]) -> ReportList:
        """The list less the reports of those keys (their entries written already, if
        they were)."""
        kept = ReportList([f for f in self._facts if f.key not in keys], marked=self._marked)
        if self._entries is not None:
            kept._ahead = self._ahead
            kept._entries = [entry for f, entry in zip(self._facts, self._entries,
                                                       strict=True) if f.key not in keys]
        return kept

    def text(self, newline: str) -> str:
        if not self._facts:
            return "[]"
        if self._entries is not None and newline == self._ahead:
            item = newline + "  "
            return f"[{item}{(',' + item).join(self._entries)}{newline}]"
        try:
            return _written(self._facts, newline, self._marked)
        except (TypeError, AttributeError):  # a value of another type than the fields'
            return indented(self.data(), (len(newline) - 1) // 2)  # the general way


def _written(facts: Sequence[ReportFacts], newline: str, marked: bool = False) -> str:
    """The list's text: its pieces (each entry's opening, a field's name, its value...)
    laid in one list, a column at a time, and joined once."""
    item = newline + "  "
    names = _names(item, marked)
    count = len(facts)
    step = 2 * len(names) + 1
    pieces: list[str] = [""] * (step * count)
    pieces[0::step] = ["," + item + "{" + names[0]] * count
    for n, column in enumerate(_columns(facts, marked)):
        if n:
            pieces[2 * n::step] = ["," + names[n]] * count
        pieces[2 * n + 1::step] = column
    pieces[step - 1::step] = [item + "}"] * count
    pieces[0] = "[" + item + "{" + names[0]
    return "".join(pieces) + newline + "]"


def _entry_texts(facts: Sequence[ReportFacts], item: str, marked: bool = False
                 ) -> list[str]:
    """Each report's object, its first line at the indent of ``item``."""
    template = "{" + ",".join(f"{name}%s" for name in _names(item, marked)) + item + "}"
    return list(map(template.__mod__, zip(*_columns(facts, marked), strict=True)))


def _names(item: str, marked: bool = False) -> list[str]:
    """Each field's name and colon on its line, for an object at ``item``'s indent."""
    return [f"{item}  {encode_basestring(name)}: " for name in (_MARKED if marked
                                                                 else _FIELDS)]


def _columns(facts: Sequence[ReportFacts], marked: bool = False
             ) -> tuple[Iterable[str], ...]:
    """Each field's values, written, a column at a time."""
    report_ids = list(map(encode_basestring, map(_REPORT_ID, facts)))
    columns: tuple[Iterable[str], ...] = (
        map(encode_basestring, map(_KEY, facts)),
        map(_NULL_IF_EMPTY.get, report_ids, report_ids),
        map(encode_basestring, map(_REFERENCE, facts)),
        _each_once(map(_RECEIVED, facts), _day_text),
        _each_once(map(_VERSION, facts), _or_null),
    )
    if marked:
        kinds = list(map(_KIND, facts))
        columns += (map(_UNREAD.get, kinds, ["false"] * len(kinds)),)
    return columns


def _each_once(values: Iterable[Any], write: Callable[[Any], str]) -> Iterable[str]:
    """``write`` of each value, called once per distinct value (a mailbox's reports have
    a few hundred days and a few versions)."""
    values = list(values)
    written = {value: write(value) for value in set(values)}
    return map(written.__getitem__, values)


def _day_text(day: date | None) -> str:
    return encode_basestring(day.isoformat()) if day else "null"


def _or_null(text: str) -> str:
    return encode_basestring(text) if text else "null"
