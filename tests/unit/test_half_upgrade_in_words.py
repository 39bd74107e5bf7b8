"""A user who tells of a half-done upgrade in words, with no debug section, is offered the
half-done upgrade's issue first over an application's issue that shares the upgrade and
the application's name but whose title's problem the user does not name ("Tor Browser:
bookmarks lost after upgrade" for a Tor Browser that no longer starts); never confident.
A user who names that problem keeps its issue (docs/matching.md, "Session 27: a half-done
upgrade told in words")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import mail, matching_set_index, set_message


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


def test_an_interrupted_upgrade_told_in_russian(index: IssueIndex) -> None:
    # On v92: #21003 (bookmarks lost after upgrade), #20405, #17953, #14754 fourth.
    matches = suggest_issues(set_message("labels_untuned46.json", "u46-partial-upgrade-ru"),
                             index)
    assert matches[0].issue.iid == 14754, [m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: a half-done upgrade"
    assert not matches[0].confident


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned37.json", "u37-upgrade-half-ja"),  # fourth on v92
    ("labels_untuned38.json", "u38-upgrade-partial-pl"),  # third on v92
    ("labels_untuned44.json", "u44-incremental-pfl"),  # third on v92
])
def test_the_spent_half_done_upgrades(index: IssueIndex, labels: str, name: str) -> None:
    iids = [m.issue.iid for m in suggest_issues(set_message(labels, name), index)]
    assert iids[0] == 14754, iids


def test_the_bookmarks_named_keep_their_issue(index: IssueIndex) -> None:
    matches = suggest_issues(mail("Bookmarks gone after the upgrade",
                                  "After the upgrade my Tor Browser bookmarks are lost."),
                             index)
    assert matches[0].issue.iid == 21003, [m.issue.iid for m in matches]
    assert not matches[0].placed


def test_no_upgrade_named_no_place(index: IssueIndex) -> None:
    matches = suggest_issues(mail("Tor Browser", "Tor Browser does not open any more."),
                             index)
    assert all(m.placed != "placed by rule, not by score: a half-done upgrade"
               for m in matches)
