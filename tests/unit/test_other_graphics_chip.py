"""On a machine with two graphics chips, when an issue names the machine's product and one
chip by its id, the issues that name only the other chip, and whose title's problem the
user's words do not name, rank as other models' (docs/matching.md, "Session 23: the
machine's other graphics chip"): an XPS 15 7590's freeze is its own issue, not the
tearing of its Intel chip."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report, unrelated_issues

UHD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-H GT2 "
          "[UHD Graphics 630] [8086:3e9b]")
GTX1650 = ("01:00.0 3D controller [0302]: NVIDIA Corporation TU117M [GeForce GTX 1650 "
           "Mobile / Max-Q] [10de:1f91] (rev a1)")
# Words the lexicon reads as no freeze (a user in a language it barely reads): what is left
# is the Tor Browser the user opened and the graphics cards the user names.
WORDS = ("Tor Browser opens, then after minutes the pointer stays put. It has an Intel "
         "graphics card and an Nvidia one.")


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "Dell XPS 15 7590 with Nvidia GPU becomes unresponsive",
              "The Dell XPS 15 7590 with an Nvidia GeForce GTX 1650 Mobile `[10de:1f91]` "
              "becomes unresponsive after a few minutes."),
        issue(2, "Intel UHD Graphics 630: screen tearing when scrolling",
              "Scrolling in Tor Browser shows tearing with the Intel CoffeeLake-H GT2 "
              "[UHD Graphics 630] `[8086:3e9b]`."),
        *unrelated_issues()])


def ranked(words: str, lspci: tuple[str, ...] = (UHD630, GTX1650),
           product: str = "XPS 15 7590") -> dict[int, float]:
    entry = report("It stays put", words, product=product, maker="Dell Inc.", lspci=lspci)
    return {m.issue.iid: m.score for m in suggest_issues(entry, index(), limit=10)}


def test_the_machines_own_issue_comes_before_the_other_chips() -> None:
    scores = ranked(WORDS)
    assert scores[1] > scores.get(2, 0.0), scores


def test_the_other_chips_issue_keeps_its_place_when_the_user_names_its_problem() -> None:
    # The user writes of the tearing: the Intel chip's issue is the user's problem.
    scores = ranked(WORDS + " Scrolling shows tearing on the screen.")
    assert scores[2] > scores[1], scores


def test_a_screen_is_where_a_failure_shows_not_which() -> None:
    # "The screen stops moving" names the screen the tearing shows on too: not the tearing.
    scores = ranked(WORDS + " The screen stops moving.")
    assert scores[1] > scores.get(2, 0.0), scores


def test_without_the_machines_own_issue_the_chip_is_left_alone() -> None:
    # Another product (no issue names it): nothing says which chip is the machine's own,
    # and the Intel chip's issue keeps its score; so does one chip alone.
    other = ranked(WORDS, product="XPS 15 9500")
    alone = ranked(WORDS, lspci=(UHD630,))
    assert other[2] > 0.9 * alone[2], (other, alone)
    mine = ranked(WORDS)
    assert mine.get(2, 0.0) < 0.7 * other[2], (mine, other)
