"""On a Mac whose report gives its identifier, an issue whose title names Macs by family
and year only ("MacBook Pro 2016 and later", "MacBook Air Retina 2018/2019") is about
other Macs when its family is not the machine's, or when the user writes the machine's
year and it is none of the title's (docs/matching.md, "Session 24: a Mac's identifier
against a title's years")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report, unrelated_issues


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "MacBook Pro 2016 and later: keyboard, trackpad and Touch Bar don't work",
              "On MacBook Pro models from 2016 and later the keyboard and trackpad do not "
              "work in Tails."),
        issue(2, "MacBook Air Retina 2018/2019 doesn't finish starting",
              "The MacBook Air stops during startup; the keyboard and trackpad may not work."),
        issue(3, "Macs: many models don't start Tails or have unusable hardware",
              "On Intel Macs the keyboard, trackpad, Wi-Fi or sound are often unusable."),
        *unrelated_issues()])


def ranked(summary: str, product: str) -> dict[int, float]:
    entry = report(summary, "The keyboard works, the trackpad jumps, no sound at all.",
                   product=product, maker="Apple Inc.", lspci=())
    return {m.issue.iid: m.score for m in suggest_issues(entry, index(), limit=10)}


def test_a_2015_macbook_pro_is_none_of_the_2016_and_later_ones() -> None:
    said = ranked("MacBook Pro 2015: no sound, trackpad jumps", "MacBookPro12,1")
    unsaid = ranked("My MacBook Pro: no sound, trackpad jumps", "MacBookPro12,1")
    # 2015 is before 2016 and later: the issue at 0.6 of its score; without the year
    # written, the family alone, which is the title's: the issue keeps its score.
    assert said[1] < 0.7 * unsaid[1]
    # The MacBook Air issue is another family's, year or none.
    assert unsaid[2] < 0.7 * ranked("My MacBook Air: no sound, trackpad jumps",
                                    "MacBookAir8,1")[2]


def test_a_year_the_title_covers_keeps_the_issue() -> None:
    later = ranked("MacBook Pro 2017: no sound, trackpad jumps", "MacBookPro14,1")
    unsaid = ranked("My MacBook Pro: no sound, trackpad jumps", "MacBookPro14,1")
    assert later[1] >= unsaid[1]
    air = ranked("MacBook Air 2019: no sound, trackpad jumps", "MacBookAir8,2")
    assert air[2] >= ranked("My MacBook Air: no sound, trackpad jumps", "MacBookAir8,2")[2]
