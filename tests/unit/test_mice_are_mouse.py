""""Mice" is the plural of "mouse": an issue about "USB keyboards and mice" is about the
user's mouse (docs/matching.md, "Session 24: mice are a mouse")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import issue, mail, unrelated_issues


def test_mice_is_the_word_mouse() -> None:
    assert terms("mice") == terms("mouse") == ["mouse"]


def test_a_mouse_that_stops_finds_the_issue_of_mice() -> None:
    index = IssueIndex([
        issue(1, "USB ports stop answering on some desktop boards",
              "USB keyboards and pens stop responding after a few minutes."),
        issue(2, "USB ports stop answering on some desktop boards",
              "USB keyboards and mice stop responding after a few minutes."),
        *unrelated_issues()])
    ranked = suggest_issues(mail("mouse stops", "My USB mouse stops after a few minutes."),
                            index)
    assert ranked[0].issue.iid == 2, [(m.issue.iid, m.score) for m in ranked]
