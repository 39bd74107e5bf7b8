"""A line of the machine's journal that an issue about hardware quotes is not confident
alone when the user asks about something else: the user's title names nothing of the
issue and no word of the user's is a word of the issue's title or of the same failure
("thanks", "how do I change the language", "how do I save a page"). A user who says little
in a word of the title ("Wi-Fi doesn't work", "can't type") keeps the line confident
(docs/matching.md, "Session 29: rules v107 (rank50; v104 on its branch)")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import suggest_issues
from tests.unit.matching_support import matching_set_index, set_message
from tests.unit.test_machine_line_other_part import legion, top


@pytest.mark.parametrize(("summary", "problem"), [
    ("thanks from a village school",
     "No problem at all: I teach with Tails at a village school and it runs well with the "
     "cable. Thanks to everyone who makes it."),
    ("how to change the language after starting",
     "I picked Korean at the Welcome Screen. Can I change the menus to English during a "
     "session without a restart?"),
])
def test_a_question_of_another_thing_is_not_the_wifi_switch(summary: str,
                                                            problem: str) -> None:
    # On rules v103 both were confident for #19116 ("Wi-Fi disabled by a hardware
    # switch"): its line is in the Legion's journal at every start. Now nothing is
    # confident, whichever issue comes first (the language's issue, for the question).
    matches = suggest_issues(legion(summary, problem), matching_set_index())
    assert 19116 in [m.issue.iid for m in matches] and not matches[0].confident


@pytest.mark.parametrize(("summary", "problem"), [
    ("Wi-Fi is off", "The Wi-Fi is disabled and I cannot turn it on."),
    ("help", "wifi doesn't work"),
    ("problem", "it does not work"),
])
def test_a_word_of_the_title_keeps_the_line_confident(summary: str, problem: str) -> None:
    assert top(legion(summary, problem)).confident


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned57.json", "u57-none-legion-thanks-xsr"),  # thanks, in Sherpa
    ("labels_untuned57.json", "u57-none-mbp132-lang-ko"),  # the language, applespi line
    ("labels_untuned58.json", "u58-none-x570-saveoffline-ko"),  # saving pages, xHCI line
    ("labels_untuned59.json", "u59-probook445-spell-pt"),  # a spelling checker, Renoir
])
def test_the_spent_unrelated_mails_are_not_confident(labels: str, name: str) -> None:
    # untuned57-59's unrelated mails, each confident for its machine's issue on v103.
    matches = suggest_issues(set_message(labels, name), matching_set_index())
    assert matches and not matches[0].confident, [(m.issue.iid, m.confident) for m in matches]


@pytest.mark.parametrize(("labels", "name", "iid"), [
    ("labels_untuned57.json", "u57-legion-hardblock-xsr", 19116),
    ("labels_untuned57.json", "u57-x570-usb-ko", 19120),
    ("labels_untuned57.json", "u57-mbp131-keyboard-fr", 13576),
    ("labels_untuned21.json", "u21-mbp133-keys-en", 13576),  # "cant type", no title
])
def test_the_same_machines_own_problem_stays_confident(labels: str, name: str,
                                                       iid: int) -> None:
    [first, *_] = suggest_issues(set_message(labels, name), matching_set_index())
    assert first.issue.iid == iid and first.confident
