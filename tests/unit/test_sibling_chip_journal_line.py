"""An issue that names other chips of the machine's GPU maker by their ids, and none of
the machine's, ranks as a sibling chip's issue even when the report's journal holds the
error line it quotes: the driver logs that line for any of its chips that fails ("amdgpu:
Fatal error during GPU init" from an HD 7850 as from an RX 480). A line the user wrote
still keeps its rank (docs/matching.md, "Session 26: a sibling chip's line in the
journal")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import matching_set_index, report, set_message

HD7850 = ("01:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
          "Pitcairn XT [Radeon HD 7850] [1002:6819]")


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


@pytest.mark.parametrize(("labels", "name", "label"), [
    ("labels_untuned42.json", "u42-hd7850-pl", 19129),  # Polish, a Radeon HD 7850
    ("labels_untuned42.json", "u42-r9-390-ja", 19130),  # Japanese, an R9 390 [1002:67b1]
    ("labels_untuned39.json", "u39-hd6570-two-chips-it", 19129),  # Italian, an HD 6570
])
def test_the_machines_chip_ranks_over_a_sibling_chips_journal_line(
        index: IssueIndex, labels: str, name: str, label: int) -> None:
    # On v88 #19131 (RX 480, Ellesmere [1002:67df]) was first on its journal line, and
    # the issue of the machine's own chip second.
    matches = suggest_issues(set_message(labels, name), index)
    iids = [m.issue.iid for m in matches]
    assert iids[0] == label, iids
    assert 19131 in iids  # lowered, never removed


def test_the_line_the_user_wrote_keeps_the_sibling_chips_issue(index: IssueIndex) -> None:
    # The user copied the line from the screen: the error they saw, not the journal's.
    entry = report("Error starting GDM",
                   "The screen says: amdgpu: Fatal error during GPU init",
                   product="Desktop", maker="To Be Filled By O.E.M.", lspci=(HD7850,))
    assert suggest_issues(entry, index)[0].issue.iid == 19131
