"""The pruning of candidates bounds every issue at the score the ranking gives it: an issue
ranked as other machines' (0.6 of its score) must not keep a place from one it will not
outrank (docs/matching.md, "Session 23: the pruning knows what ranks lower")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report, unrelated_issues


def test_an_issue_of_another_maker_does_not_take_a_place_it_would_not_keep() -> None:
    known = IssueIndex([
        issue(1, "Dell Latitude 5490: Bluetooth headphones not found",
              "On this Dell Latitude the Bluetooth headphones are not found."),
        issue(2, "Bluetooth is disabled in Tails",
              "Bluetooth headphones are not found: Bluetooth is disabled."),
        *unrelated_issues()])
    entry = report("Bluetooth headphones not found",
                   "My Bluetooth headphones are not found on my ThinkPad.",
                   product="ThinkPad E14 Gen 2", maker="LENOVO")
    five = [(m.issue.iid, m.score) for m in suggest_issues(entry, known, 5)]
    assert five[0][0] == 2 and five[0][1] > five[1][1], five
    # Asked for the best one only, the pruning keeps it: the Latitude issue's score before
    # its 0.6 is no floor the Bluetooth issue must reach.
    assert [(m.issue.iid, m.score) for m in suggest_issues(entry, known, 1)] == five[:1]
