"""A machine's report ranks the issue titled with its own model ("Lenovo ThinkPad 11e
(2015) is unstable") over one that a chip the two machines share backs but whose title
names another maker's machine ("Intel Bay Trail (Acer Aspire E13): stuck after the boot
menu"), neither confident (docs/matching.md, "Session 27: the machine's own model over
another maker's machine")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import matching_set_index, report, set_message

BAY_TRAIL = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Atom Processor "
             "Z36xxx/Z37xxx Series Graphics & Display [8086:0f31] (rev 0e)")


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


def test_the_thinkpad_11e_over_the_acer_bay_trail_issue(index: IssueIndex) -> None:
    entry = report("Tails hängt nach ein paar Minuten",
                   "Nach ein paar Minuten hängt alles, die Maus bewegt sich nicht mehr.",
                   product="ThinkPad 11e", maker="LENOVO", lspci=(BAY_TRAIL,))
    matches = suggest_issues(entry, index)
    assert [m.issue.iid for m in matches][:2] == [19119, 19128], [m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: this machine's model"
    assert not any(m.confident for m in matches)


def test_an_acer_keeps_the_bay_trail_issue(index: IssueIndex) -> None:
    entry = report("Tails bleibt nach dem Menü hängen", "Nach dem Startmenü hängt alles.",
                   product="Aspire E5-511", maker="Acer", lspci=(BAY_TRAIL,))
    iids = [m.issue.iid for m in suggest_issues(entry, index)]
    assert iids[0] == 19128, iids


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned29.json", "u29-tp11e-old-de"),  # second on v92
    ("labels_untuned7.json", "u7-thinkpad11e-unstable-de"),  # fifth, #19128 confident
])
def test_the_spent_thinkpad_11e_reports(index: IssueIndex, labels: str, name: str) -> None:
    matches = suggest_issues(set_message(labels, name), index)
    assert matches[0].issue.iid == 19119, [m.issue.iid for m in matches]
    assert not any(m.confident for m in matches)
