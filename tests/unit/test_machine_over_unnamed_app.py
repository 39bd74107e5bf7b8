"""An application's issue that shares a word or two with a user who never names the
application ("grey", "screen": "Tor Browser window too small on HiDPI screens") gives the
first place to the hardware issue right below it that the user's machine backs; a user who
names the application keeps its issue (docs/matching.md, "Session 27: the machine's issue
over an application the user does not name")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import matching_set_index, report, set_message
from tests.unit.test_nomodeset_resolution import UHD630
from tests.unit.test_two_chip_gdm_quote import QUADRO


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


@pytest.mark.parametrize(("labels", "name", "label"), [
    ("labels_untuned46.json", "u46-paste-omen-es", 19133),  # under #21004 on v92
    ("labels_untuned31.json", "u31-paste-hd5450-es", 19129),  # under #21004 on v92
    ("labels_untuned36.json", "u36-rx580-paste-mh", 19131),  # under #21004 on v92
])
def test_a_paste_under_a_grey_screen_subject(index: IssueIndex, labels: str, name: str,
                                             label: int) -> None:
    matches = suggest_issues(set_message(labels, name), index)
    assert [m.issue.iid for m in matches][:2] == [label, 21004], [
        m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: the machine's issue"
    assert not matches[0].confident


def test_the_application_named_keeps_its_issue(index: IssueIndex) -> None:
    entry = report("Tor Browser window small",
                   "The Tor Browser window opens very small with large grey margins.",
                   product="Precision 5530", maker="Dell Inc.", lspci=(UHD630, QUADRO))
    matches = suggest_issues(entry, index)
    assert matches[0].issue.iid == 21004, [m.issue.iid for m in matches]
    assert not matches[0].placed
