"""A product's plain number is its model only beside the product's other words
(docs/matching.md, "Session 22: a product's plain number"): "400" of "HP ProDesk 400 G1
SFF" is not the "RX 400 series" of a graphics card's issue."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report

HASWELL = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Xeon E3-1200 v3/4th "
           "Gen Core Processor Integrated Graphics Controller [8086:0412] (rev 06)")


def test_a_bare_number_of_the_product_backs_only_an_issue_of_that_product() -> None:
    index = IssueIndex([
        issue(1, "AMD Radeon RX 480 (RX 400 series): Error starting GDM",
              "AMD Radeon RX 480 and other RX 400/500 cards fail to start the desktop."),
        issue(2, "HP ProDesk 400 G1: the fan runs at full speed",
              "On the HP ProDesk 400 G1 SFF the fan never slows down."),
        *(issue(10 + n, f"Tor Browser: bookmark {n} lost", "Nothing of hardware.")
          for n in range(20))])
    entry = report("No desktop", "Error starting GDM: the desktop does not start.",
                   product="HP ProDesk 400 G1 SFF", maker="Hewlett-Packard",
                   lspci=(HASWELL,))
    signals = {m.issue.iid: m.signals for m in suggest_issues(entry, index, limit=10)}
    # The card's issue fits the user's words, not the machine: it gets no part of the
    # product; the issue of the user's machine still does.
    assert "product HP ProDesk 400 G1 SFF" not in signals[1]
    assert "product HP ProDesk 400 G1 SFF" in signals[2]
