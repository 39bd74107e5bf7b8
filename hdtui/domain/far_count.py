"""Provides CountJob and CountBatch: what a count of the queue's facts in processes of its
own is given and gives back (``hdtui.count_process``; docs/insight.md, "Session 22: the
count after a first open, in processes of its own")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # annotations only: the start path builds no issue's dataclass
    # (tests/test_architecture.py; the counting processes are wired at start)
    from datetime import date

    from hdtui.domain.issue import KnownIssue


class CountJob(NamedTuple):
    """What every counting process needs before its reports: plain values, pickled."""

    namespace: str
    """The mailbox's identity: the report cache's namespace."""
    rules: int
    """The rules version the facts are saved with (``insight.RULES_VERSION``)."""
    issues: tuple[KnownIssue, ...]
    """The known issues, in the index's order."""
    analysed: dict[str, Any]
    """Their analysed index (``IssueIndex.export``): not analysed again in each process."""
    vocabulary: dict[int, frozenset[str]]
    """The words the issues learnt from their linked reports (``Triage.learn``)."""
    fingerprint: str
    """The known issues' fingerprint (``insight.issues_fingerprint``)."""
    today: date
    """The day that dates a report without a date (``report_facts``)."""
    every: int
    """Reports a batch: saved, then sent back."""
    ours: frozenset[str] = frozenset()
    """The addresses Help Desk members write from (``report_facts``'s ``ours``)."""
    relays: frozenset[str] = frozenset()
    """The lists that pass users' mail on (``report_facts``'s ``relays``)."""


class CountBatch(NamedTuple):
    """Facts a counting process computed and saved: of its share ``share``, the next
    ``processed`` reports (those not in the cache among them, with no row), and the saved
    rows (key, size, rules version, fingerprint, encoded facts) of the others."""

    share: int
    processed: int
    rows: list[tuple[str, int, int, str, str]]
