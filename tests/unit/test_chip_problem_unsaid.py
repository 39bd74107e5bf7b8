"""An issue that the machine's chip id backs says which chip the user has, not which of
its problems: when the user names none of the problems that the chip's issues are about
("UHD Graphics 630: screen tearing when scrolling"), the issue of the machine's both GPUs
goes first on a two-chip laptop, the issue that quotes the error line the user wrote goes
first over the chip's other problems, and on a machine with GPUs of two makers the issue of
several GPUs goes first over one that only the integrated chip's vendor backs; none of
them is confident (docs/matching.md, "Session 27: the siblings' problems unsaid", "... the
user's error under the chip's other problems", "... several GPUs over the integrated
chip's vendor")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import matching_set_index, report, set_message
from tests.unit.test_nomodeset_resolution import UHD630
from tests.unit.test_two_chip_gdm_quote import QUADRO

ALDER_LAKE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Alder Lake-P GT2 "
              "[Iris Xe Graphics] [8086:46a6] (rev 0c)")


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


def test_a_grey_screen_on_a_two_chip_laptop_ranks_the_several_gpus_issue_first(
        index: IssueIndex) -> None:
    # On v92: #21160 (tearing), #19133 placed second, #21161 (resolution).
    entry = report("Grey screen after the boot menu",
                   "After the boot menu the screen turns grey with a sad computer and a "
                   "line saying something went wrong. The troubleshooting mode starts.",
                   product="Precision 5530", maker="Dell Inc.", lspci=(UHD630, QUADRO))
    matches = suggest_issues(entry, index)
    assert matches[0].issue.iid == 19133, [m.issue.iid for m in matches]
    assert matches[0].placed.startswith("placed by rule, not by score")
    assert not any(m.confident for m in matches)


def test_the_users_tearing_keeps_the_integrated_chips_issue_first(index: IssueIndex) -> None:
    entry = report("Screen tearing when scrolling",
                   "When I scroll a page in Tor Browser the screen shows tearing.",
                   product="Precision 5530", maker="Dell Inc.", lspci=(UHD630, QUADRO))
    iids = [m.issue.iid for m in suggest_issues(entry, index)]
    assert iids[0] == 21160, iids


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned46.json", "u46-precision-grey-de"),  # second on v92
    ("labels_untuned44.json", "u44-paste-precision-de"),  # fifth on v92: a bare paste
    ("labels_untuned45.json", "u45-paste-zbook-pl"),  # fifth on v92
    ("labels_untuned40.json", "u40-omen-grey-es"),  # second on v92
])
def test_the_spent_two_chip_laptops(index: IssueIndex, labels: str, name: str) -> None:
    matches = suggest_issues(set_message(labels, name), index)
    assert matches[0].issue.iid == 19133, [m.issue.iid for m in matches]
    assert not matches[0].confident


def test_gdms_error_after_a_kernel_upgrade_over_the_chips_other_problems(
        index: IssueIndex) -> None:
    # On v92: the three Alder Lake issues (pointer trails, brightness, resolution) hold the
    # id the user copied with GDM's error; #17953, which quotes the error, fourth.
    entry = report("Grey screen since the upgrade",
                   "Since the last automatic upgrade a grey screen says:\n\n"
                   "Error starting GDM with your graphics card: Intel Corporation Alder "
                   "Lake-P GT2 [Iris Xe Graphics] [8086:46a6] (rev 0c)",
                   product="Vostro 5620", maker="Dell Inc.", lspci=(ALDER_LAKE,))
    matches = suggest_issues(entry, index)
    assert matches[0].issue.iid == 17953, [m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: the error line the user wrote"
    assert not any(m.confident for m in matches)
    for labels, name in (("labels_untuned46.json", "u46-kernel-gdm-it"),
                         ("labels_untuned45.json", "u45-gdm-intel-after-kernel-ja")):
        iids = [m.issue.iid for m in suggest_issues(set_message(labels, name), index)]
        assert iids[0] == 17953, (name, iids)


def test_the_chips_problem_named_keeps_its_issue_over_the_line(index: IssueIndex) -> None:
    entry = report("Brightness cannot be changed",
                   "The brightness slider does nothing, and once I saw:\n\n"
                   "Error starting GDM with your graphics card: Intel Corporation Alder "
                   "Lake-P GT2 [Iris Xe Graphics] [8086:46a6] (rev 0c)",
                   product="Vostro 5620", maker="Dell Inc.", lspci=(ALDER_LAKE,))
    matches = suggest_issues(entry, index)
    assert matches[0].issue.iid == 21155, [m.issue.iid for m in matches]
    assert not matches[0].placed


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned46.json", "u46-omen-grey-es"),  # under #16447 on v92
    ("labels_untuned41.json", "u41-zbook-grey-lmo"),  # under #16447 on v92
])
def test_several_gpus_over_the_integrated_chips_vendor(index: IssueIndex, labels: str,
                                                       name: str) -> None:
    matches = suggest_issues(set_message(labels, name), index)
    assert [m.issue.iid for m in matches][:2] == [19133, 16447], [
        m.issue.iid for m in matches]
    assert matches[0].placed == "placed by rule, not by score: several GPUs"
    assert not matches[0].confident
