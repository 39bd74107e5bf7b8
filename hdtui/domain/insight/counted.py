"""Which reports are counted: the kinds users send, each reference once, the encrypted one
before a plain one of its ID, up to a day. Pure; see docs/insight.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import compress, islice
from operator import eq
from typing import TypeVar

from hdtui.domain.insight.facts import (
    PLAIN_KIND,
    UNREAD_KIND,
    ReportFacts,
    reference_tokens,
    token_of,
)

COUNTED_KINDS = frozenset({"report", "support", PLAIN_KIND, UNREAD_KIND})
"""What users send: team mail, list notices and [FT] threads are not counted, nor a
disputed report."""
_Reference = TypeVar("_Reference", bound=int | str)


def unencrypted(f: ReportFacts) -> bool:
    """Whether ``f`` is of a report that came unencrypted (support mail is not a report)."""
    return f.kind == PLAIN_KIND


def counted(facts: Iterable[ReportFacts]) -> list[ReportFacts]:
    """The reports and support mail among ``facts``, each reference once (the earliest):
    a report forwarded or quoted in a thread is still one user. An encrypted report wins
    over a plain one of the same ID, whatever their days: the plain one's ID may be forged
    (facts made without knowing the encrypted twin, rules v73; docs/encryption.md).
    In the order each reference first comes, as a dictionary by reference would give
    them, made without one: only the references that come twice are looked up (a
    dictionary of every counted report was 5 MB at 100,000, made by each count;
    docs/insight.md, "Session 27: counted without a dictionary of every report")."""
    chosen = [f for f in facts if f.kind in COUNTED_KINDS]
    # Compared by their tokens (the number of a report's ID): no string made of each
    # (docs/insight.md, "Session 29: the references as numbers").
    twice = references_twice(reference_tokens(chosen))
    if not twice:
        return chosen
    first: dict[int | str, ReportFacts] = {}
    for f in chosen:
        token = token_of(f)
        if token in twice:
            known = first.get(token)
            if known is None or _preferred(f, known):
                first[token] = f
    found: list[ReportFacts] = []
    for f in chosen:
        token = token_of(f)
        if token not in twice:
            found.append(f)
        elif token in first:  # its first place: the one preferred, once
            found.append(first.pop(token))
    return found


def references_twice(references: list[_Reference]) -> set[_Reference]:
    """The references (or their tokens: ``facts.reference_token``) that come more than
    once among ``references``: a sorted list of them, not a dictionary of each
    (``counted``). Tokens that are numbers and those that are strings never equal each
    other, and are sorted apart."""
    numbers = [r for r in references if type(r) is int]
    if numbers and len(numbers) < len(references):
        return _twice(numbers) | _twice([r for r in references if type(r) is not int])
    return _twice(references)


def _twice(references: list[_Reference]) -> set[_Reference]:
    """``references_twice`` of references all of one type (sorted in place)."""
    references.sort()
    return set(compress(references, map(eq, references, islice(references, 1, None))))


def _preferred(a: ReportFacts, b: ReportFacts) -> bool:
    """Whether ``a`` is counted rather than ``b`` of the same reference: the encrypted
    one, else the earlier."""
    if (a.kind == PLAIN_KIND) != (b.kind == PLAIN_KIND):
        return b.kind == PLAIN_KIND
    return _earlier(a, b)


def window_start(today: date, weeks: int, since: date | None = None) -> date:
    """The first day the numbers of a window of ``weeks`` weeks to ``today`` count: the
    first day of its first week (``weeks.week_starts``), or ``since`` when that is later.
    Every count of an overview (issues, users, versions, hardware, clusters, the heading's
    messages) covers these days only (walk28's defect 1: they covered the whole mailbox
    while the heading said the window; docs/insight.md, "Session 28: numbers of the
    window")."""
    first = today - timedelta(days=7 * weeks - 1)
    return first if since is None or since < first else since


def counted_in(facts: Iterable[ReportFacts], today: date, since: date | None = None
               ) -> list[ReportFacts]:
    """What ``overview`` counts: ``counted`` of the reports received up to ``today`` (and
    from ``since``, when given: the window's first day, ``window_start``), or undated."""
    return counted(f for f in facts if f.received is None or (
        f.received <= today and (since is None or f.received >= since)))


def in_window(facts: Iterable[ReportFacts], start: date) -> list[ReportFacts]:
    """Those of ``facts`` (``counted_in``'s) received from ``start`` on, or undated."""
    return [f for f in facts if f.received is None or f.received >= start]


def _earlier(a: ReportFacts, b: ReportFacts) -> bool:
    return (a.received or date.max, a.key) < (b.received or date.max, b.key)


def latest_day(facts: Iterable[ReportFacts]) -> date | None:
    """The newest date among the reports (the demo's "today": its mail is fixed in time)."""
    return max((f.received for f in facts if f.received is not None), default=None)
