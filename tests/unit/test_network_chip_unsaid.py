"""The machine's network chip backs an issue at the full share of the machine only when
the user's words name the network: a user who writes of an upgrade cut off by the laptop's
sleep is not told of the Wi-Fi chip's issue after suspend first (docs/matching.md,
"Session 23: a network chip the user says nothing of")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report, unrelated_issues

INTEL_8265 = ("02:00.0 Network controller [0280]: Intel Corporation Wireless 8265 / 8275 "
              "[8086:24fd] (rev 78)")
HD620 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 620 "
         "[8086:5916] (rev 02)")


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "Intel Wireless 8265: Wi-Fi disconnects after suspend",
              "After resuming from suspend the Intel Wireless 8265 / 8275 `[8086:24fd]` does "
              "not reconnect. Restart Tails; avoid suspend."),
        issue(2, "Partial incremental upgrades leave Tails broken",
              "When an automatic upgrade is interrupted, or several are applied without "
              "restarting, the USB stick is left half upgraded and applications fail."),
        *unrelated_issues()])


def ranked(summary: str, words: str) -> list[int]:
    entry = report(summary, words, product="ThinkPad T470", maker="LENOVO",
                   lspci=(HD620, INTEL_8265))
    return [m.issue.iid for m in suggest_issues(entry, index())]


def test_a_network_chip_the_user_says_nothing_of_ranks_below_the_users_problem() -> None:
    said = ranked("Tails after the automatic upgrade",
                  "The laptop went to suspend in the middle, I restarted and got it again.")
    assert said[0] == 2, said


def test_the_network_chips_issue_when_the_user_names_the_network() -> None:
    said = ranked("Wi-Fi gone after suspend",
                  "After the laptop wakes from suspend the Wi-Fi does not connect again.")
    assert said[0] == 1, said
