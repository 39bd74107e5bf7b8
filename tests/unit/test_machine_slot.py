"""The last shown place for the issue of the user's own machine (docs/matching.md,
"Session 18: the machine's place in the top five")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.signals import machine_lines
from tests.unit.matching_support import INTEL_ETHERNET as I219
from tests.unit.matching_support import matching_set_index as _index
from tests.unit.matching_support import report

UHD620 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation UHD Graphics 620 "
          "[8086:5917] (rev 07)")


def test_the_issue_of_the_machine_takes_the_last_place_when_the_words_are_not_read() -> None:
    # Irish, which the lexicon does not fold: "everything is very slow in Tor Browser, the
    # computer has 8 GB but the system sees less". Issues of Tor Browser share a word and
    # fill the top; the Acer Swift 3 memory issue (#19122) gets nothing of the problem and
    # was below the minimum score. The machine's line ("Swift") names it.
    index = _index()
    entry = report("Tá gach rud an-mhall",
                   "Tá gach rud an-mhall i Tor Browser. Tá 8 GB ag an ríomhaire ach feiceann "
                   "an córas níos lú.", product="Swift SF314-54", maker="Acer",
                   lspci=(UHD620, I219))
    ranked = suggest_issues(entry, index)
    assert [m.issue.iid for m in ranked].index(19122) == 4
    # Only the last place changes: the places before it and the top's confidence are those
    # of a shorter ranking.
    four = suggest_issues(entry, index, 4)
    assert [(m.issue.iid, m.score, m.confident) for m in ranked[:3]] == [
        (m.issue.iid, m.score, m.confident) for m in four[:3]]
    assert ranked[4].score <= ranked[3].score and not ranked[4].confident


def test_the_issue_of_the_machine_is_not_shown_twice() -> None:
    # First on its words, the machine's issue is not given the last place again.
    index = _index()
    ranked = suggest_issues(report("Acer Swift 3 memory", "Tails sees only part of the "
                                   "memory on my Acer Swift 3.", product="Swift SF314-54",
                                   maker="Acer", lspci=(UHD620, I219)), index)
    assert [m.issue.iid for m in ranked].count(19122) == 1 and ranked[0].issue.iid == 19122


def test_model_lines_of_a_maker_and_everyday_words() -> None:
    assert machine_lines("HP EliteBook 840 G6") == {"elitebook"}
    assert machine_lines("Lenovo ThinkPads are fine") == {"thinkpad"}
    # Lines that are everyday words count only after their maker's name.
    assert machine_lines("HP Envy 13-ah0xxx: headphone jack has no sound") == {"envy"}
    assert machine_lines("Acer Swift 3: not all memory is usable") == {"swift"}
    assert machine_lines("the envy of a swift surface") == frozenset()
    # Another name of a maker is no line.
    assert machine_lines("Hewlett-Packard") == frozenset()
    assert machine_lines("Macs: many models") == {"mac"}


def test_a_message_nothing_ranks_for_gets_no_issue_of_its_machine() -> None:
    # Irish again, "It does not work.", no debug information, on a machine that has
    # issues of its own: nothing ranks, and the machine's issue is not made the top (it
    # would be the report's saved best match and count toward its weeks).
    index = _index()
    for product, maker in (("ENVY x360 Convertible 13-ay0xxx", "HP"),
                           ("MacBookPro11,1", "Apple Inc."), ("20L5CTO1WW", "LENOVO")):
        entry = report("Ní oibríonn sé", "Ní oibríonn sé.", product=product, maker=maker,
                       lspci=())
        assert suggest_issues(entry, index) == []
