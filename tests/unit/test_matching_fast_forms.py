"""The ranking's fast forms give what their plain forms give (docs/matching.md, "Session 17:
one ranking's speed"): an issue's terms and keys read from the index, the survivors found
without their loop, the frequent terms added from the smaller side. Compared on the
matching sets' mails (tests/data/matching) over their known issues."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from hdtui.domain import matching
from hdtui.domain.matching import IssueIndex, _holds, _issue_terms
from hdtui.domain.signals import issue_keys, message_signals
from tests.unit.test_matching_quality import _benchmark

SETS = ("dev", "untuned20", "untuned25")


@pytest.fixture(scope="module")
def data() -> tuple[IssueIndex, list[Any]]:
    bench = _benchmark()
    entries = [case.entry for which in SETS for case in bench.load_cases(which)]
    return IssueIndex(bench.load_issues()), entries


def _asked(index: IssueIndex, entries: list[Any]) -> Iterator[str]:
    """Terms to ask about: every issue's, and the mails' own."""
    yield from index._postings
    for entry in entries:
        yield from message_signals(entry).text


def test_an_issues_terms_read_from_the_postings_are_its_analysed_terms(
        data: tuple[IssueIndex, list[Any]]) -> None:
    index, entries = data
    asked = [*sorted(set(_asked(index, entries))), "", "not-a-term-of-any-issue"]
    for doc, issue in enumerate(index.issues):
        analysed = _issue_terms(issue)
        fast = index.terms_of(doc)
        assert [t for t in asked if t in fast] == [t for t in asked if t in analysed], (
            issue.iid)


def test_an_issues_keys_read_from_the_index_are_its_analysed_keys(
        data: tuple[IssueIndex, list[Any]]) -> None:
    index, _ = data
    for doc, issue in enumerate(index.issues):
        analysed = set(issue_keys(issue))
        fast = {key for key, docs in index._keys.items() if _holds(docs, doc)}
        assert fast == analysed, issue.iid


def _plain_survivors(index: IssueIndex, candidates: set[int], text: dict[int, float],
                     symptom: dict[int, float], context: dict[int, float], found: Any,
                     limit: int, elsewhere: set[int], lower: set[int] | None = None
                     ) -> set[int]:
    """``_survivors`` as it was before session 17: the loop over every candidate (with the
    floor that counts ``lower`` at ``OTHER_VENDORS`` since session 23)."""
    lower = elsewhere if lower is None else lower
    text_bound = index._frequent_bound(found.text)
    context_bound = index._frequent_bound(found.hardware_text)
    now = []
    for doc in candidates:
        problem = text.get(doc, 0.0) + symptom.get(doc, 0.0)
        fit = context.get(doc, 0.0)
        factor = (matching.CLOSED_FACTOR if index._closed[doc] else 1.0) * (
            matching.OTHER_VENDORS if doc in elsewhere else 1.0)
        total = (problem + matching._share(problem) * fit) * factor * (
            matching.OTHER_VENDORS if doc in lower and doc not in elsewhere else 1.0)
        upper = ((problem + text_bound) + matching._share(problem + text_bound) * (
            fit + context_bound)) * factor
        now.append((total, upper, doc))
    if len(now) <= limit:
        return {doc for _, _, doc in now}
    floor = sorted((total for total, _, _ in now), reverse=True)[limit - 1]
    return {doc for _, upper, doc in now if upper >= floor}


def _plain_frequent(index: IssueIndex, weights: dict[str, float], candidates: list[int],
                    scores: dict[int, float]) -> dict[int, float]:
    """``_add_frequent`` as it was before session 17: each term over every candidate."""
    scores = dict(scores)
    for term, weight in weights.items():
        parts = index._frequent_parts.get(term)
        if parts is None:
            continue
        factor = weight * index._idf(len(parts))
        for doc in candidates:
            part = parts.get(doc)
            if part is not None:
                scores[doc] = scores.get(doc, 0.0) + factor * part
    return scores


def test_the_survivors_and_the_frequent_terms_are_those_of_the_plain_loops(
        data: tuple[IssueIndex, list[Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    index, entries = copy.copy(data[0]), data[1]  # the module's index stays as it is
    # A smaller share of frequent terms, so that the sets' mails meet many of them and the
    # bound lets every candidate through, as at 10,000 issues.
    index._frequent = 5
    index._frequent_parts = {
        term: dict(zip(docs, parts, strict=True))
        for term, (docs, parts) in index._postings.items()
        if index._frequent < len(docs) <= index._common}
    survivors, frequent = IssueIndex._survivors, IssueIndex._add_frequent
    seen = {"shortcut": 0, "loop": 0, "smaller side": 0}
    all_survive = IssueIndex._all_survive

    def counted_all(self: IssueIndex, *args: Any) -> bool:
        kept = all_survive(self, *args)
        seen["shortcut" if kept else "loop"] += 1
        return kept

    def checked(self: IssueIndex, candidates: set[int], *args: Any) -> list[int]:
        plain = _plain_survivors(self, set(candidates), *args)
        fast = survivors(self, candidates, *args)
        assert len(fast) == len(set(fast))
        assert set(fast) == plain
        return fast

    def checked_frequent(self: IssueIndex, weights: dict[str, float], candidates: list[int],
                         scores: dict[int, float]) -> None:
        plain = _plain_frequent(self, weights, candidates, scores)
        if any(len(self._frequent_parts.get(t, ())) < len(candidates) for t in weights):
            seen["smaller side"] += 1
        frequent(self, weights, candidates, scores)
        assert scores == plain

    monkeypatch.setattr(IssueIndex, "_all_survive", counted_all)
    monkeypatch.setattr(IssueIndex, "_survivors", checked)
    monkeypatch.setattr(IssueIndex, "_add_frequent", checked_frequent)
    for entry in entries:
        matching.suggest_issues(entry, index)
    assert min(seen.values()) > 0, seen  # each form was met


def test_the_rankings_are_those_of_the_plain_forms(
        data: tuple[IssueIndex, list[Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    index, entries = data
    quiet = IssueIndex._quiet
    met = Counter[str]()

    def counted(self: IssueIndex, candidates: list[int], *args: Any
                ) -> tuple[list[int], dict[int, float]]:
        looping, siblings = quiet(self, candidates, *args)
        met["left out"] += len(candidates) - len(looping)
        met["quiet siblings"] += len(siblings)
        return looping, siblings

    monkeypatch.setattr(IssueIndex, "_quiet", counted)
    fast = [matching.suggest_issues(entry, index) for entry in entries]
    assert met["left out"] and met["quiet siblings"], met  # the fast forms were met
    plain = IssueIndex(index.issues)
    monkeypatch.setattr(IssueIndex, "terms_of",
                        lambda self, doc: _issue_terms(self.issues[doc]))
    monkeypatch.setattr(IssueIndex, "_all_survive", lambda self, *args: False)
    monkeypatch.setattr(IssueIndex, "_quiet",
                        lambda self, candidates, *args: (list(candidates), {}))
    monkeypatch.setattr(IssueIndex, "_add_frequent",
                        lambda self, weights, candidates, scores: scores.update(
                            _plain_frequent(self, weights, candidates, scores)))
    assert [matching.suggest_issues(entry, plain) for entry in entries] == fast
