"""Provides Insight: the facts of every report in the queue, kept up to date, and the
numbers the Help Desk relays (counts, hot topics, clusters, regressions) computed from them.

Facts are computed once per message (reading its cached entry and ranking the known issues
for it) and kept in memory, keyed by message and size; they are computed again when the
known issues change, since "likely" depends on them. See docs/insight.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from hdtui.domain.insight import Overview, ReportFacts, latest_day, overview, report_facts
from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.queue import Entry
from hdtui.services.ports import LinkedTracker
from hdtui.services.triage import Triage

Progress = Callable[[int, int], None]
LIKELY_RANK = 3
"""How many of the best matches are looked at for a confident one."""


def likely_issues(entry: Entry, index: IssueIndex) -> list[int]:
    """The known issues an entry matches confidently, best first."""
    return [m.issue.iid for m in suggest_issues(entry, index, LIKELY_RANK) if m.confident]


def facts_of(entries: Sequence[Entry], index: IssueIndex) -> list[ReportFacts]:
    """The facts of entries read elsewhere (``hdtui stats PATH``)."""
    return [report_facts(e, likely_issues(e, index)) for e in entries]


class Insight:
    """Numbers across the queue of one Triage; blocking, call from a worker."""

    def __init__(self, triage: Triage, tracker: LinkedTracker | None,
                 clock: Callable[[], datetime] | None = None, as_of_newest: bool = False) -> None:
        self.triage = triage
        self.tracker = tracker
        self.as_of_newest = as_of_newest
        """Count as of the newest report instead of today (the demo: its mail is fixed)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._facts: dict[str, tuple[int, ReportFacts]] = {}
        self._index: IssueIndex | None = None
        self._lock = threading.Lock()

    def facts(self, progress: Progress | None = None) -> list[ReportFacts]:
        """The facts of every message read, computing those not known yet."""
        with self._lock:
            index = self.triage.known_issues()
            if index is not self._index:  # the known issues changed: "likely" did too
                self._facts.clear()
                self._index = index
            rows = self.triage.rows()
            todo = [r for r in rows if self._facts.get(r.key, (-1,))[0] != r.size]
            for done, row in enumerate(todo, 1):
                entry = self.triage.full(row.key)
                if entry is not None:
                    self._facts[row.key] = (row.size, report_facts(
                        entry, likely_issues(entry, index)))
                if progress is not None and (done % 50 == 0 or done == len(todo)):
                    progress(done, len(todo))
            keys = {r.key for r in rows}
            for gone in set(self._facts) - keys:
                del self._facts[gone]
            return [facts for _, facts in self._facts.values()]

    def overview(self, progress: Progress | None = None, since: date | None = None,
                 releases: Sequence[tuple[str, date]] = ()) -> Overview:
        """Counts, hot topics, clusters and regressions as of today."""
        facts = self.facts(progress)
        links = self.tracker.links() if self.tracker is not None else []
        iids = [issue.iid for issue in self.triage.known_issues().issues]
        today = self._clock().date()
        if self.as_of_newest:
            today = latest_day(facts) or today
        return overview(facts, links, today, releases, since=since, iids=iids)
