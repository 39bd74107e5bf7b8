"""Provides ``needs_a_look`` and ``look_order``: the one order in which hot topics, the
shift start's hot-topics line and the hand-off note's "What to watch" list what the
numbers show (docs/insight.md, "One order"). Pure.

Regressions first, then the flagged known issues and new problems, then by reports this
week, most first; a stable sort keeps the rest as counted. Walk28 saw the same topics in
three orders: the shift start put the known issues first and the regression last, the
note the new problem first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.insight.regressions import Regression

HotTopic = IssueStats | Cluster | Regression
"""What hot topics lists: a known issue's numbers, a new problem, a regression."""
Topic = TypeVar("Topic", bound=HotTopic)


def needs_a_look(item: HotTopic) -> tuple[int, int]:
    """The sort key of ``item`` in the one order: regressions, then the flagged issues and
    new problems, then by reports this week, most first."""
    if isinstance(item, Regression):
        return (0, 0)
    week = item.this_week if isinstance(item, IssueStats) else item.per_week[-1]
    return (1 if item.flagged else 2, -week)


def look_order(items: Iterable[Topic]) -> list[Topic]:
    """``items`` in the one order (stable: ties keep the order they came in)."""
    return sorted(items, key=needs_a_look)


__all__ = ["HotTopic", "look_order", "needs_a_look"]
