"""An ``Insight`` over facts given as they are, without a store or a matcher: a queue of
one row per fact, each fact known (``Insight._facts``), for tests of what the service
counts from the facts it holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.mail import Kind
from hdtui.domain.queue import KINDS, Row, queue_line
from hdtui.domain.queue_columns import QueueColumns
from hdtui.services.insight import Insight


class _Queue:
    issues_missing = ""

    def __init__(self, columns: QueueColumns) -> None:
        self.columns = columns

    def rows(self) -> Any:
        return self.columns.values()


def insight_over(facts: Sequence[ReportFacts], tracker: Any = None) -> Insight:
    """An ``Insight`` whose queue holds a row per fact (its key) and knows each fact;
    ``tracker``: anything with ``links()``, or None."""
    columns = QueueColumns()
    for n, f in enumerate(facts):
        columns.put(Row(f.key, 1000, 1.7e9 + n, KINDS.index(Kind.REPORT), 0, 0, "", n,
                        queue_line(f"summary {n}", f.version, "", f"{n:032x}", "")))
    insight = Insight(_Queue(columns), tracker)  # type: ignore[arg-type]
    for f in facts:
        insight._facts[f.key] = (1000, "", f)
    return insight
