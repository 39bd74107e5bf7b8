"""On a laptop with an Intel chip and an Nvidia card, the user who quotes GDM's error line
naming the Intel chip ("Error starting GDM with your graphics card: Intel Corporation
CoffeeLake-H GT2 [UHD Graphics 630] [8086:3e9b]") is told the card's issue first, not the
integrated chip's siblings that hold its id alone; an AMD card that is not the RX 480 is
told its own issue over the RX 480's, though the user wrote GDM's error that both quote;
and the rule's reason for a place hides none of the user's words (docs/matching.md,
"Session 26: the two-chip laptop that quotes GDM's error", "... the user's line every AMD
issue quotes", "... the placed label is not a matched word")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, Match, suggest_issues
from hdtui.ui.widgets.issue_list import _reasons
from tests.unit.matching_support import issue, matching_set_index, report, set_message
from tests.unit.test_nomodeset_resolution import UHD630
from tests.unit.test_sibling_chip_journal_line import HD7850

QUADRO = ("01:00.0 3D controller [0302]: NVIDIA Corporation GP107GLM [Quadro P2000 Mobile] "
          "[10de:1cba] (rev a1)")


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


def test_the_quoted_intel_chip_leaves_the_cards_issue_first(index: IssueIndex) -> None:
    # On v90: #21160, #21161, #21159 (the UHD 630's alone), #19133 fourth: the id the user
    # wrote replaced the lspci line's, so the rule saw one GPU.
    entry = report("Grauer Bildschirm", "Nach dem Menü ein grauer Bildschirm:\n\n"
                   "Error starting GDM with your graphics card: Intel Corporation\n"
                   "CoffeeLake-H GT2 [UHD Graphics 630] [8086:3e9b]",
                   product="Precision 5530", maker="Dell Inc.", lspci=(UHD630, QUADRO))
    matches = suggest_issues(entry, index)
    assert [m.issue.iid for m in matches][:2] == [19133, 21160], matches
    assert not any(m.confident for m in matches)
    assert matches[0].placed == "placed by rule, not by score: second GPU 10de:1cba"


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned44.json", "u44-precision-gdm-de"),  # #19133 fourth on v90
    ("labels_untuned43.json", "u43-zbook-grey-de"),  # #19133 second on v90
])
def test_the_spent_two_chip_reports_quoting_gdm(index: IssueIndex, labels: str,
                                                name: str) -> None:
    matches = suggest_issues(set_message(labels, name), index)
    assert matches[0].issue.iid == 19133, [m.issue.iid for m in matches]
    assert not matches[0].confident


def test_the_intel_chip_alone_gets_no_placed_card(index: IssueIndex) -> None:
    entry = report("Grauer Bildschirm", "Error starting GDM with your graphics card: Intel "
                   "Corporation CoffeeLake-H GT2 [UHD Graphics 630] [8086:3e9b]",
                   product="Precision 5530", maker="Dell Inc.", lspci=(UHD630,))
    # One GPU: #19133 ranks by its own score (the GDM line), placed by no rule. Since v93
    # the issue quoting the user's line goes first over the UHD 630's issues, whose
    # problems the user does not name: #17953 (docs/matching.md, "Session 27: the user's
    # error under the chip's other problems"); until v92, #21160 first.
    matches = suggest_issues(entry, index)
    assert matches[0].issue.iid == 17953, [m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: the error line the user wrote"
    assert not any(m.placed.startswith("placed by rule, not by score: second GPU")
                   for m in matches)
    assert not any(m.placed for m in matches if m.issue.iid == 19133)


def test_gdms_error_does_not_keep_the_rx_480_over_an_hd_7850(index: IssueIndex) -> None:
    # On v90: #19131 (RX 480) 53.9 over #19129 (Radeon HD) 49.4: the user's GDM line,
    # quoted by both, kept the sibling chip's issue at its full rank.
    entry = report("error de la tarjeta gráfica",
                   'Al arrancar sale: "Error starting GDM with your graphics card: '
                   'Advanced Micro Devices, Inc. [AMD/ATI] Pitcairn PRO [Radeon HD 7850]".',
                   product="XPS 8500", maker="Dell Inc.", lspci=(HD7850,),
                   journal=("kernel: amdgpu 0000:01:00.0: amdgpu: Fatal error during GPU init",))
    iids = [m.issue.iid for m in suggest_issues(entry, index)]
    assert iids[0] == 19129, iids
    assert 19131 in iids  # lowered, never removed
    iids = [m.issue.iid for m in suggest_issues(
        set_message("labels_untuned44.json", "u44-hd7850-es"), index)]
    assert iids[0] == 19129, iids


def test_the_placed_label_hides_no_word_of_the_user() -> None:
    # review26: the words "gpu", "second", "rule", "score" were dropped from the matched
    # list as repeated, being in the label.
    why = "placed by rule, not by score: second GPU 10de:2191"
    match = Match(issue(19133, "Nvidia GPUs"), 2.0, ("second", "rule", "gpu"),
                  (why, "vendor Nvidia"), False, why)
    assert _reasons(match) == [why, "vendor Nvidia", "second", "rule", "gpu"]
