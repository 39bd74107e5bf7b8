"""Weeks: the Monday-based weeks counts and trends cover, and how many days fall in each.
Pure; see docs/insight.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta

from hdtui.domain.insight.facts import ReportFacts

WEEK = 7
WEEKS = 8
"""How many weeks counts and trends cover by default."""



def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The first day of each of the last ``weeks`` seven-day windows, oldest first; the last
    window ends today."""
    return [today - timedelta(days=WEEK * (weeks - i) - 1) for i in range(weeks)]


def per_week(days: Iterable[date | None], today: date, weeks: int = WEEKS) -> tuple[int, ...]:
    """How many of ``days`` fall in each window of ``week_starts``, oldest first."""
    first = today - timedelta(days=WEEK * weeks - 1)
    counts = [0] * weeks
    for day, times in Counter(days).items():  # each day once: reports share their days
        if day is None or not first <= day <= today:
            continue
        counts[(day - first).days // WEEK] += times
    return tuple(counts)


def this_week(days: Iterable[date | None], today: date) -> int:
    """How many of ``days`` fall in "this week": the last seven days, today included (the
    last window of ``per_week``; docs/insight.md). Every count that says "this week" says
    it of this window."""
    return per_week(days, today, 1)[0]


def breakdown(facts: Iterable[ReportFacts], today: date, weeks: int = WEEKS
              ) -> list[tuple[str, tuple[str, ...]]]:
    """The reports behind each number of a row's breakdown, as (what, message keys): each
    week with reports (newest first, as ``week_starts`` counts them), each Tails version,
    then each piece of hardware (as ``ReportFacts.hardware`` names it), the most reported
    first; what hot topics' enter opens from the detail (docs/insight.md)."""
    chosen = list(facts)
    found: list[tuple[str, tuple[str, ...]]] = []
    starts = week_starts(today, weeks)
    for start in reversed(starts):
        end = start + timedelta(days=WEEK - 1)
        keys = tuple(f.key for f in chosen if f.received is not None
                     and start <= f.received <= end)
        if keys:
            found.append((f"week {start.isoformat()} to {end.isoformat()}", keys))
    grouped: list[dict[str, list[str]]] = [{}, {}]
    for f in chosen:
        if f.version:
            grouped[0].setdefault(f"Tails {f.version}", []).append(f.key)
        for name in f.hardware:
            grouped[1].setdefault(name, []).append(f.key)
    for group in grouped:
        found += [(name, tuple(keys)) for name, keys in
                  sorted(group.items(), key=lambda pair: (-len(pair[1]), pair[0]))]
    return found
