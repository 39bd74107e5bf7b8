"""On a machine with an Intel chip and another graphics card, an issue of the Intel chip
alone is not confident while an issue of the other card or of computers with several GPUs
is in the ranking: the lspci holds both chips, and it does not say which one the user's
screen failed on (docs/matching.md, "Session 24: one of two graphics chips")."""

from __future__ import annotations

from hdtui.domain.matching import Match, suggest_issues
from tests.unit.matching_support import matching_set_index, report
from tests.unit.test_nomodeset_resolution import GTX1050, UHD630

RX580 = ("01:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
         "Ellesmere [Radeon RX 470/480/570/570X/580/580X/590] [1002:67df] (rev e7)")
# Two failures: GDM's error screen (the Nvidia card or the two GPUs: #19133) and a wrong
# resolution (the Intel UHD 630's laptop panel: #21161).
WORDS = ("Sometimes an error screen about the graphics card, sometimes it starts with a "
         "wrong resolution.")


def ranked(lspci: tuple[str, ...], words: str = WORDS, title: str = "Screen problem"
           ) -> list[Match]:
    entry = report(title, words, product="Nitro AN515-52", maker="Acer",
                   lspci=lspci)
    return suggest_issues(entry, matching_set_index())


def test_the_intel_chips_issue_is_not_confident_beside_the_other_cards() -> None:
    # On v80 #21161 was first and confident, #19133 third on the two GPUs.
    matches = ranked((UHD630, GTX1050))
    ranking = [m.issue.iid for m in matches]
    assert ranking[0] == 21161 and 19133 in ranking, ranking
    assert not matches[0].confident


def test_a_title_naming_the_intel_chips_failure_keeps_it_confident() -> None:
    # The user's title is what the user asks about: the resolution, the Intel chip's.
    matches = ranked((UHD630, GTX1050), title="Wrong resolution")
    ranking = [m.issue.iid for m in matches]
    assert ranking[0] == 21161 and 19133 in ranking, ranking
    assert matches[0].confident


def test_the_intel_chip_alone_keeps_its_confident_issue() -> None:
    matches = ranked((UHD630,))
    assert matches[0].issue.iid == 21161 and matches[0].confident


def test_the_discrete_cards_issue_stays_confident() -> None:
    # The issue names the other card, not the Intel chip every such machine has.
    matches = ranked((UHD630, RX580), "After the boot menu: Error starting GDM with your "
                     "graphics card. The screen stays on that message.")
    assert matches[0].issue.iid == 19131 and matches[0].confident
