"""The machine's evidence alone (a journal line the machine always logs, its chips, its
model, its boot options) does not make its own issue confident, nor likely in the counts,
when the user's title names another part or an upgrade and nothing of the issue: the title
is the question (docs/matching.md, "Session 26: the machine's evidence under a title of
another part")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, Match, suggest_issues
from hdtui.domain.queue import Entry
from hdtui.services.insight import matched_issues
from tests.unit.matching_support import matching_set_index, set_message
from tests.unit.test_machine_line_other_part import legion, top


def spent(name: str) -> tuple[Entry, list[Match]]:
    """A spent set's message ("u43-..." is untuned43's) and its ranking."""
    entry = set_message(f"labels_{name.split('-')[0].replace('u', 'untuned', 1)}.json", name)
    return entry, suggest_issues(entry, matching_set_index())


@pytest.mark.parametrize(("name", "iid"), [
    # untuned43 on v89: the Legion Y530's fans (Spanish, unrelated), confident through the
    # journal's Wi-Fi switch line; an Acer's printer (Portuguese, unrelated), through the
    # RTL8723BE's journal line; both answers say the Wi-Fi works.
    ("u43-y530-fans-none-es", 19116),
    ("u43-acer-printer-none-pt", 19113),
    # An Inspiron 3593's half-done upgrade (Korean, labelled #14754), confident for the Ice
    # Lake issue through its chip, nomodeset and its model. Since v93 its label is first,
    # placed by the half-done upgrade told in words (docs/matching.md, "Session 27").
    ("u43-incremental-broken-ko", 14754),
    # Earlier sets' unrelated mail: the Legion's keyboard light (Turkish), an XPS's fan
    # (Polish); and a Wi-Fi card not found, under the Ice Lake issue (Indonesian).
    ("u31-legion-backlight-tr", 19116),
    ("u33-xps-fan-pl", 19123),
    ("u23-14s-nowifi-id-mail", 19126),
])
def test_a_title_of_another_part_is_not_the_machines_issue(name: str, iid: int) -> None:
    entry, matches = spent(name)
    assert iid in [m.issue.iid for m in matches[:2]]
    assert not matches[0].confident
    assert matched_issues(entry, matching_set_index())[0] == ()


@pytest.mark.parametrize(("summary", "problem"), [
    # walk26: the Legion's printer and screen reader reports counted "likely" for #19116;
    # the answers name the Wi-Fi as working, which v89's rule read as the issue's part.
    ("the printer does not print", "My USB printer is found but the job stays pending. "
                                   "The Wi-Fi works fine."),
])
def test_the_legions_title_of_another_part_is_not_likely(summary: str, problem: str) -> None:
    entry = legion(summary, problem)
    assert not top(entry).confident
    assert matched_issues(entry, matching_set_index()) == ((), 19116)


def test_the_legions_screen_reader_title_puts_the_screen_readers_issue_first() -> None:
    # walk26 too. Since v94 the issue the title names goes over #19116, which only the
    # model and its journal back (docs/matching.md, "Session 27: rules v94"); neither is
    # likely.
    entry = legion("the screen reader says nothing", "Orca does not read anything aloud. "
                   "Wi-Fi is OK.")
    matches = suggest_issues(entry, matching_set_index())
    assert [m.issue.iid for m in matches[:2]] == [21068, 19116]
    assert not matches[0].confident and not matches[1].confident
    assert matched_issues(entry, matching_set_index())[0] == ()


@pytest.mark.parametrize(("summary", "problem"), [
    ("Wi-Fi does not work", "The Wi-Fi is off and pressing the switch does nothing."),
    ("problem", "it does not work"),
    ("wifi niy pado", "wyłonczone"),
])
def test_the_wifi_no_part_or_unread_words_keep_the_line_confident(summary: str,
                                                                 problem: str) -> None:
    # The title names the issue's part, or nothing the lexicon reads as a part.
    assert top(legion(summary, problem)).confident


@pytest.mark.parametrize("name", ["u41-y530-wifi-szl", "u42-legion-wifi-ar",
                                  "u4-rx480-tr", "u19-r9390-en-mail"])
def test_spent_confident_rights_on_the_machine_stay_confident(name: str) -> None:
    # Titles in words the lexicon does not read (Silesian, Arabic), and a screen under the
    # graphics chip's issue, whose chip is the screen's part.
    assert spent(name)[1][0].confident


def test_the_applications_own_line_is_not_the_machines_evidence() -> None:
    # The insight set's twentysecond part: "no red underline in Writer" on an IdeaCentre,
    # with soffice's "no spell checker" line in the journal. "red" reads as the network
    # (Spanish), but the line is LibreOffice's own process's, not the machine's: #21751
    # stays likely (it did not on this rule's first draft).
    from tests.support.insight_set import load

    data = load()
    case = next(c for c in data.part("twentysecond") if c.key == "insight-twentysecond-075")
    matches = suggest_issues(case.entry, IssueIndex(list(data.issues)))
    assert (matches[0].issue.iid, matches[0].confident) == (21751, True)
