"""A line of the machine's journal that an issue about hardware quotes is not confident
alone when the user asks about something else: the user's title names nothing of the
issue and no word of the user's is a word of the issue's title or of the same failure
("thanks", "how do I change the language", "how do I save a page"). A user who says little
in a word of the title ("Wi-Fi doesn't work", "can't type") keeps the line confident
(docs/matching.md, "Session 29: rules v107 (rank50; v104 on its branch)")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hdtui.domain.matching import suggest_issues
from hdtui.domain.queue import Entry
from hdtui.domain.report import Answer
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


@pytest.mark.parametrize(("summary", "problem"), [
    ("谢谢", "我们在学校使用Tails，运行良好。谢谢大家。"),
    ("ありがとうございます", "学校でTailsを使っています。ありがとう。"),
    ("怎么更改语言", "我在欢迎界面选了韩语。可以不重启就把菜单改成英语吗？"),
])
def test_a_chinese_or_japanese_thanks_or_question_is_not_the_wifi_switch(
        summary: str, problem: str) -> None:
    # On rules v107-v109 these were confident for #19116: no term is read from a title of
    # Chinese or Japanese without the lexicon's words, and an empty title let the line
    # decide as for a user who says little (docs/matching.md, "Session 29: rules v110
    # (rank51)"). The same words in English or Arabic were not confident.
    matches = suggest_issues(legion(summary, problem), matching_set_index())
    assert 19116 in [m.issue.iid for m in matches] and not matches[0].confident


@pytest.mark.parametrize(("summary", "problem"), [
    ("无线网络无法使用", "无线网络被禁用，我无法打开它。"),
    ("無線LANが使えません", "無線LANがオフになっていて、オンにできません。"),
    ("wifi 连不上", "打不开。"),
])
def test_a_chinese_or_japanese_wifi_report_stays_confident(summary: str,
                                                           problem: str) -> None:
    assert top(legion(summary, problem)).confident


def _macbook(summary: str, problem: str) -> Entry:
    """untuned61's MacBook Pro 13,1 (the applespi line in its journal) with other words."""
    entry = set_message("labels_untuned61.json", "u61-mbp131-japanese-ja")
    assert entry.report is not None
    report = replace(entry.report, summary=summary, answers=(Answer("", problem),))
    return Entry(entry.message, entry.kind, report)


@pytest.mark.parametrize(("summary", "problem", "confident"), [
    ("键盘不能用", "打字没有反应。", True),
    ("キーボードが動かない", "何を打っても文字が出ません。", True),
    ("谢谢", "我们在学校使用Tails，运行良好。", False),
    ("ページの保存方法", "オフラインで読むために保存したいです。", False),
])
def test_the_macbooks_keyboard_line_under_chinese_or_japanese(summary: str, problem: str,
                                                              confident: bool) -> None:
    [first, *_] = suggest_issues(_macbook(summary, problem), matching_set_index())
    assert first.issue.iid == 13576 and first.confident is confident


def test_the_rules_version_names_the_change() -> None:
    from hdtui.domain.insight import RULES_VERSION

    assert RULES_VERSION >= 110


@pytest.mark.parametrize(("text", "unsplit"), [
    ("谢谢", True), ("日本語入力の切り替え方", True), ("ขอบคุณ", True),
    ("thanks from a village school", False), ("شكرا", False), ("Wi-Fi не работает", False),
])
def test_text_the_term_reader_does_not_split(text: str, unsplit: bool) -> None:
    from hdtui.domain.terms import has_unsplit_words

    assert has_unsplit_words(text) is unsplit
