"""The machine's network chip that one issue names by its id, and a user who says the
network fails in other words than the issue's ("internet ne marche pas" for "No Wi-Fi
adapter found"): that issue ranks first, on the machine's score in full, and stays
possible (docs/matching.md, "Session 28: rules v98 (rank49)")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from tests.unit.matching_support import matching_set_index, report

BCM4352 = ("08:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM4352 "
           "802.11ac Dual Band Wireless Network Adapter [14e4:43b1] (rev 03)")
HASWELL = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Haswell-ULT "
           "Integrated Graphics Controller [8086:0a16] (rev 0b)")


def test_internet_that_does_not_work_on_a_wl_chip_is_its_issue() -> None:
    """On rules v97 no issue was listed at all: the issue shares no word with the user,
    and a third of the machine's score was under the minimum."""
    entry = report("internet ne marche pas",
                   "internet ne marche pas sur ce pc. avec le cable ca va",
                   product="HP Pavilion 15 Notebook PC", maker="Hewlett-Packard",
                   lspci=(HASWELL, BCM4352))
    [top, *_] = suggest_issues(entry, matching_set_index())
    assert top.issue.iid == 19114
    assert not top.confident  # no word of the issue: the order, not the count


def test_words_of_another_failure_leave_the_chip_s_issue_down() -> None:
    """The same machine, a printer that does not print: the chip's issue is not first."""
    entry = report("imprimante ne marche pas", "mon imprimante n'imprime rien",
                   product="HP Pavilion 15 Notebook PC", maker="Hewlett-Packard",
                   lspci=(HASWELL, BCM4352))
    matches = suggest_issues(entry, matching_set_index())
    assert not matches or matches[0].issue.iid != 19114
