"""Weeks worth a look (``LookWeek``, ``worth_a_look``): a known issue's week that its linked
and likely reports do not flag but that its possible reports fill to ``FLAG_PER_WEEK``,
counting only possible reports in no new problem's cluster and not another known issue's
by their journal. Said beside the flags, never one. Pure; see docs/insight.md, "Session
25: weeks worth a look".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.per_issue import FLAG_PER_WEEK, IssueStats, _logged_elsewhere
from hdtui.domain.insight.weeks import WEEK, WEEKS, week_starts


@dataclass(frozen=True, slots=True)
class LookWeek:
    """One week worth a look, and the counts it rests on."""

    start: date
    """The week's first day (as ``week_starts``)."""
    linked: int
    likely: int
    possible: int
    """The possible reports that fill the week: in no cluster, not another issue's."""

    @property
    def said(self) -> str:
        """``1 likely + 2 possible in the week of 2026-11-24``."""
        counts = [f"{n} {what}" for n, what in ((self.linked, "linked"),
                                                (self.likely, "likely"),
                                                (self.possible, "possible")) if n]
        return f"{' + '.join(counts)} in the week of {self.start.isoformat()}"


def worth_a_look(stats: Mapping[int, IssueStats], facts: Sequence[ReportFacts],
                 found: Iterable[Cluster], today: date, weeks: int = WEEKS
                 ) -> dict[int, IssueStats]:
    """``stats`` with ``IssueStats.look_weeks`` set: each week not flagged, with one
    linked or likely report at least, that the issue's possible reports fill to
    ``FLAG_PER_WEEK``. A possible report fills none when it is in one of the clusters
    ``found`` (another problem's: walk25's #16926, whose possible reports were a printer
    cluster's) or when its journal errors are mostly other known issues' reports'
    (``_logged_elsewhere``, rules v50). ``facts``: the reports counted (the overview's)."""
    clustered = {key for c in found for key in c.reports}
    starts = week_starts(today, weeks)
    first = starts[0]
    asked: dict[str, int] = {}  # reference: the issue it may fill a week of
    candidates: list[ReportFacts] = []
    for iid, s in stats.items():
        for f in s.possible:
            if f.key in clustered or f.received is None or not first <= f.received <= today:
                continue
            if 0 < s.per_week[(f.received - first).days // WEEK] < FLAG_PER_WEEK:
                asked[f.reference] = iid
                candidates.append(f)
    if not candidates:
        return dict(stats)
    linked_to = {ref: iid for iid, s in stats.items() for ref in s.confirmed}
    elsewhere = _logged_elsewhere(facts, candidates, lambda f: asked[f.reference], linked_to)
    filling: dict[int, list[int]] = defaultdict(lambda: [0] * weeks)
    for f in candidates:
        if f.reference not in elsewhere and f.received is not None:
            filling[asked[f.reference]][(f.received - first).days // WEEK] += 1
    result = dict(stats)
    for iid, possible in filling.items():
        s = stats[iid]
        likely = [0] * weeks
        for f in s.likely:
            if f.received is not None and first <= f.received <= today:
                likely[(f.received - first).days // WEEK] += 1
        look = tuple(LookWeek(start, n - min(n, k), min(n, k), m)
                     for start, n, k, m in zip(starts, s.per_week, likely, possible,
                                               strict=True)
                     if m and 0 < n < FLAG_PER_WEEK <= n + m)
        if look:
            result[iid] = replace(s, look_weeks=look)
    return result
