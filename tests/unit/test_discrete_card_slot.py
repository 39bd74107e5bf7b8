"""On a laptop with an Intel chip and an Nvidia card, the issue of the card or of computers
with several GPUs keeps a place in the top five when sibling issues of the Intel chip
alone would fill it: every such laptop's lspci names the Intel chip, whichever chip the
screen failed on (docs/matching.md, "Session 24: the discrete card among the integrated
chip's issues")."""

from __future__ import annotations

from hdtui.domain.matching import Match, suggest_issues
from tests.unit.matching_support import matching_set_index, report
from tests.unit.test_nomodeset_resolution import UHD630

GTX1660TI = ("01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU116M [GeForce "
             "GTX 1660 Ti Mobile] [10de:2191] (rev a1)")


def ranked(lspci: tuple[str, ...], title: str = "doesnt boot") -> list[Match]:
    # A title and no words: only the machine says which issues it may be.
    entry = report(title, "", product="OMEN by HP Laptop 15-dc1xxx",
                   maker="HP", lspci=lspci)
    return suggest_issues(entry, matching_set_index())


def test_the_cards_issue_is_in_the_top_five_under_the_intel_chips_siblings() -> None:
    # On v83: #21160, #21161, #21159 (all three the UHD 630's alone), #16447, #19104.
    # Since v93 the user who names none of the siblings' problems is shown the card's
    # issue first (docs/matching.md, "Session 27: the siblings' problems unsaid").
    matches = ranked((UHD630, GTX1660TI))
    ranking = [m.issue.iid for m in matches]
    assert ranking == [19133, 21160, 21161, 16447, 19104], ranking
    assert not any(m.confident for m in matches)
    # Said to be placed, first of what matched: on v88 nothing said why it was shown
    # (docs/matching.md, "Session 26: a placed issue shows its own score").
    assert matches[0].signals[0] == "placed by rule, not by score: second GPU 10de:2191"
    assert not any(s.startswith("placed by rule") for m in matches[1:] for s in m.signals)


def test_a_sibling_problem_named_keeps_the_card_last() -> None:
    # The user names the tearing of #21160: the card's issue keeps the last place.
    matches = ranked((UHD630, GTX1660TI), "screen tearing when scrolling")
    ranking = [m.issue.iid for m in matches]
    assert ranking[0] == 21160 and ranking[-1] == 19133, ranking
    assert matches[-1].signals[0] == "placed by rule, not by score: second GPU 10de:2191"


def test_the_intel_chip_alone_gets_no_such_place() -> None:
    ranking = [m.issue.iid for m in ranked((UHD630,))]
    assert 19133 not in ranking, ranking


def test_the_cards_issue_shown_under_two_siblings_goes_first_on_a_grey_screen() -> None:
    # On v87: #21160, #21161 (the UHD 630's alone), #21004, #19133 fourth (10.15): shown
    # already, so the place above did not move it (docs/matching.md, "Session 25: the
    # discrete card shown under the integrated chip's issues").
    entry = report("La pantalla se queda gris",
                   "Después de elegir Tails la pantalla se queda gris con un error.",
                   product="OMEN by HP Laptop 15-dc1xxx", maker="HP", lspci=(UHD630, GTX1660TI))
    matches = suggest_issues(entry, matching_set_index())
    ranking = [m.issue.iid for m in matches]
    # Since v93 first: the user names none of the siblings' problems (docs/matching.md,
    # "Session 27: the siblings' problems unsaid"); v88 to v92: second.
    assert ranking[:3] == [19133, 21160, 21161], ranking
    # Shown with its own score (10.15), under #21161's 17.45, and said to be placed: on
    # v88 it showed #21161's score as its own (docs/matching.md, "Session 26: a placed
    # issue shows its own score").
    card, sibling = matches[0], matches[2]
    assert card.score < sibling.score, (card.score, sibling.score)
    assert card.signals[0] == "placed by rule, not by score: second GPU 10de:2191"
    assert not any(s.startswith("placed by rule") for m in matches if m is not card
                   for s in m.signals)
    assert not any(m.confident for m in matches)
