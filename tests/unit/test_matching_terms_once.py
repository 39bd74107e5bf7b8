"""An issue's terms are analysed once per index, when it is built, however many reports are
ranked (docs/benchmarks.md, "Session 16: the cold read's parent"): the ranking reads them
from the index's postings and analyses no issue again (docs/matching.md, "Session 17: one
ranking's speed")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from hdtui.domain import matching
from hdtui.domain.issue import KnownIssue
from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import RTL8821CE, report
from tests.unit.test_matching import FILLER, ISSUES

REPORTS = [
    report("No Wi-Fi", "No Wi-Fi networks listed, the connection is lost.", lspci=RTL8821CE),
    report("Thunderbird", "Thunderbird crashes at start and the window is blank."),
    report("Freeze", "Tails freezes with soft lockup - CPU#1 stuck for 22s!"),
    report("Printing", "Tor Browser crashes when I print to PDF."),
]


def counted_reads(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter[int]:
    """How many times the matcher's function ``name`` reads each issue (by iid) from now."""
    read: Counter[int] = Counter()
    original: Callable[[KnownIssue], Any] = getattr(matching, name)

    def counted(issue: KnownIssue) -> Any:
        read[issue.iid] += 1
        return original(issue)

    monkeypatch.setattr(matching, name, counted)
    return read


def test_no_issues_terms_are_analysed_again_whatever_the_reports_ranked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    issues = ISSUES + FILLER
    expected = [suggest_issues(r, IssueIndex(issues)) for r in REPORTS]
    index = IssueIndex(issues)
    made = counted_reads(monkeypatch, "_issue_terms")
    for _ in range(3):  # the recount of the hot topics ranks every report again
        assert [suggest_issues(r, index) for r in REPORTS] == expected
    assert not made, "the ranking analysed issues again"


def test_an_issue_s_pci_ids_are_read_once_per_index_however_many_reports_lead_on_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # ``other_device`` judged each report's leading issue by reading the issue's keys
    # again: a 16th of the count after a cold read (docs/insight.md, "Session 21: the
    # count after a first open"). The index keeps them; the matches are the same.
    issues = ISSUES + FILLER
    reports = REPORTS * 3
    index = IssueIndex(issues)
    read = counted_reads(monkeypatch, "issue_keys")
    kept = [suggest_issues(r, index) for r in reports]
    assert read and max(read.values()) == 1, "an issue's keys were read again"
    monkeypatch.setattr(IssueIndex, "_other_device", lambda self, found, doc:
                        matching.other_device(found, self.issues[doc]))
    assert [suggest_issues(r, IssueIndex(issues)) for r in reports] == kept
    assert max(read.values()) > 1  # each time, without the kept ids
