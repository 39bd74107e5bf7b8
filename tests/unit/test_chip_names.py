"""The names of one lspci line are one chip's (docs/matching.md, "Session 22: the names of
one chip"): "Oland [Radeon HD 8570 / R5 430 OEM / R7 240/340 / Radeon 520 OEM]" counts as
one chip, as the best of its names, not five."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report

OLAND = ("01:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
         "Oland [Radeon HD 8570 / R5 430 OEM / R7 240/340 / Radeon 520 OEM] [1002:6611]")
LINE = "AMD/ATI Oland [Radeon HD 8570 / R5 430 OEM / R7 240/340 / Radeon 520 OEM] `[1002:6611]`"


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "AMD Radeon R7 240 (Oland): screen tearing when scrolling",
              f"Scrolling shows tearing with the {LINE}."),
        issue(2, "AMD Radeon HD GPUs: grey screen after the boot menu",
              "Several AMD Radeon HD GPUs stop at a grey screen after the boot menu."),
        *(issue(10 + n, f"Tor Browser: bookmark {n} lost", "Nothing of graphics.")
          for n in range(20))])


def test_a_chip_with_five_names_counts_once() -> None:
    # The user's grey screen after the boot menu is the second issue's; the first quotes
    # the machine's lspci line, and its five names of one chip outweighed the problem
    # (and made it confident).
    entry = report("Grey screen", "After the boot menu the screen turns grey and stops.",
                   product="HP Compaq Elite 8300 SFF", maker="Hewlett-Packard",
                   lspci=(OLAND,))
    ranked = suggest_issues(entry, index())
    assert [m.issue.iid for m in ranked[:2]] == [2, 1]
    assert not ranked[0].confident
    # The names still show as what matched.
    assert "chip 240" in ranked[1].signals and "PCI 1002:6611" in ranked[1].signals


def test_the_chip_still_backs_its_own_problem() -> None:
    # The user's tearing on the same machine: the chip's issue first, as before.
    entry = report("Tearing", "Scrolling in Tor Browser shows tearing.",
                   product="HP Compaq Elite 8300 SFF", maker="Hewlett-Packard",
                   lspci=(OLAND,))
    assert suggest_issues(entry, index())[0].issue.iid == 1
