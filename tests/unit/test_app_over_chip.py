"""An issue placed over a top that only the machine's chip backs, because its title shares
a word with the user's title, must not be of an application the user does not name: "the
laptop restarts on power off" is no question about Tor Browser's bookmarks toolbar
"hidden again after each restart" (docs/matching.md, "Session 25: the application's issue
over the chip needs the application")."""

from __future__ import annotations

import json

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.tracker.static import issue_from_rest
from tests.unit.matching_support import MATCHING_ISSUES, issue, report

# The matching set's issues less the HP Pavilion's "restarts during startup" (#19103),
# which would take the place over the chip by its own title, and an issue of Tor
# Browser's whose title shares "restart" with the user's.
ISSUES = [
    *(known for obj in json.loads(MATCHING_ISSUES.read_text(encoding="utf-8"))
      if (known := issue_from_rest(obj)).iid != 19103),
    issue(21653, "Tor Browser: the bookmarks toolbar is hidden again after each restart",
          "Showing the bookmarks toolbar does not survive a restart of Tails."),
]


def ranking(summary: str, problem: str) -> list[int]:
    # The HP 250 G5 of the report helper: its RTL8723BE Wi-Fi chip backs #19113.
    entry = report(summary, problem)
    return [m.issue.iid for m in suggest_issues(entry, IssueIndex(ISSUES))]


def test_an_application_the_user_does_not_name_is_not_placed_over_the_chip() -> None:
    # Without the rule #21653 was placed first (the rule of "the user's words over the
    # machine's chip" on "restart"); so it was on the insight set's ExpertBook reports
    # "La laptop se reinicia al apagar" once #19134 no longer took a place.
    ranked = ranking("laptop restarts on power off",
                     "It goes off for a second and starts again by itself. "
                     "The Wi-Fi dropped once.")
    assert ranked[0] != 21653, ranked


def test_the_application_named_keeps_its_issue_first() -> None:
    ranked = ranking("Tor Browser toolbar hidden after restart",
                     "The bookmarks toolbar is gone each time.")
    assert ranked[0] == 21653, ranked
