"""A Mac the user names with its year is none of the Macs an issue's title names by
identifiers of another family, or of its family with other years only (docs/matching.md,
"Session 23: a Mac named with its year")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.signals import mac_years
from tests.unit.matching_support import issue, mail, unrelated_issues


def test_the_family_and_year_of_a_mac_as_users_and_titles_write_them() -> None:
    assert mac_years("I got Tails to start on a 2018 Mac mini (Intel)") == {("macmini", "2018")}
    assert mac_years("Mac mini 2018 - no wifi") == {("macmini", "2018")}
    assert mac_years("Apple Macmini7,1 (Mac mini late 2014): fan") == {("macmini", "2014")}
    assert mac_years('MacBookPro12,1 (MacBook Pro 13" early 2015)') == {("macbookpro", "2015")}
    assert mac_years("my macbook air 13-inch, 2017") == {("macbookair", "2017")}
    assert mac_years("an iMac 27 late 2013 and a late 2012 MacBook") == {
        ("imac", "2013"), ("macbook", "2012")}
    # "of" or "from" in the Romance languages, German, Dutch and English.
    assert mac_years("mi MacBook Pro de 2015") == {("macbookpro", "2015")}
    assert mac_years("mein MacBook Air von 2017, 13 Zoll") == {("macbookair", "2017")}
    assert mac_years("un Mac mini del 2018") == {("macmini", "2018")}
    # Nothing but a size, early, mid, late, Retina or those stands between them.
    assert mac_years("my Mac mini, bought in 2018") == frozenset()
    assert mac_years("MacBookPro11,5 with Radeon R9") == frozenset()


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "Apple Macmini7,1 (Mac mini late 2014): headphone jack has no sound",
              "On the Apple Macmini7,1 (Mac mini late 2014) plugged headphones get no sound "
              "from the speaker jack."),
        issue(2, "Macs: many models don't start Tails or have unusable hardware",
              "On Intel Macs the keyboard, Wi-Fi or sound are often unusable."),
        issue(3, 'Apple MacBookAir7,2 (MacBook Air 13" 2017): no sound',
              "On the MacBook Air 2017 the speaker gives no sound."),
        *unrelated_issues()])


def ranked(text: str) -> dict[int, float]:
    entry = mail(text.split(" - ")[0], text)
    return {m.issue.iid: m.score for m in suggest_issues(entry, index(), limit=10)}


def test_an_issue_of_a_mac_of_another_year_or_family_ranks_as_other_macs() -> None:
    words = " - no sound from the speaker, no Wi-Fi on my Mac mini with plugged headphones"
    same = ranked("Mac mini late 2014" + words)
    other = ranked("Mac mini 2018" + words)
    unsaid = ranked("Mac mini" + words)
    # The year the user gives is the title's: the issue keeps its score (and more).
    assert same[1] >= unsaid[1]
    # Another year: the Macmini7,1 issue at 0.6 of its score, under the general one.
    assert other[1] < 0.7 * unsaid[1]
    # Another family (a MacBook Air) is another Mac whatever its year.
    words = " - no sound from the speaker"
    assert ranked("MacBook Pro 2017" + words)[3] < 0.7 * ranked("MacBook Pro" + words)[3]
