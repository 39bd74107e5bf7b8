"""WordSet: a report's words as numbers into one shared vocabulary, read as a set of
strings (docs/benchmarks.md, "The counting's facts, compact")."""

from __future__ import annotations

import pytest

from hdtui.domain.word_set import WordSet


def test_reads_as_the_set_of_its_words() -> None:
    words = WordSet(["écran", "noir", "écran", "wifi"])
    assert len(words) == 3 and sorted(words) == ["noir", "wifi", "écran"]
    assert "noir" in words and "son" not in words and 3 not in words
    assert words == frozenset({"écran", "noir", "wifi"}) == words
    assert hash(words) == hash(frozenset({"écran", "noir", "wifi"}))
    assert words == WordSet(["wifi", "noir", "écran"]) and words != WordSet(["noir"])
    same = WordSet(["wifi", "noir", "écran"])
    assert words.packed() == same.packed() != WordSet(["noir"]).packed()
    assert words.packed(3) == words.packed() and words.packed(4) == b""
    assert words & {"noir", "son"} == {"noir"} and isinstance(words & {"noir"}, frozenset)
    assert words | {"son"} == {"écran", "noir", "wifi", "son"}
    assert words - {"noir"} == {"écran", "wifi"}
    assert {"noir", "wifi"} <= words and not words.isdisjoint({"wifi"})
    assert len(WordSet()) == 0 and list(WordSet()) == []


def test_words_beyond_the_first_65536_take_four_bytes() -> None:
    early = WordSet(["early-word"])
    many = WordSet(f"vocabulary-filler-{i}" for i in range(70_000))
    late = WordSet(["early-word", "vocabulary-filler-69999", "late-word"])
    assert len(many) == 70_000 and "vocabulary-filler-123" in many
    assert len(late) == 3 and sorted(late) == ["early-word", "late-word",
                                               "vocabulary-filler-69999"]
    assert "late-word" in late and "vocabulary-filler-5" not in late
    assert late - {"late-word", "vocabulary-filler-69999"} == early
    assert WordSet(["early-word"]) == early and hash(late) == hash(frozenset(late))
    assert late.packed(3) == WordSet(list(late)).packed() and late.packed(4) == b""


def test_many_sets_at_once_are_the_sets_made_one_by_one() -> None:
    """``WordSet.many`` (a page of saved facts' words: docs/insight.md, "Session 15:
    stats --json at 100,000") gives what ``WordSet`` of each list gives, new words,
    repeated words, empty lists and numbers past 65,535 included; a word that is not a
    string is refused as ``WordSet`` refuses it."""
    lists = [["écran", "noir", "écran"], [], ["new-word", "wifi"], ["noir"],
             ["other-new-word"]]
    found = WordSet.many(lists)
    assert found == [WordSet(words) for words in lists]
    assert [s.packed() for s in found] == [WordSet(words).packed() for words in lists]
    assert all(type(s) is WordSet for s in found) and WordSet.many([]) == []
    # Numbers past 65,535 (the words of the test above: the vocabulary only grows, and
    # other tests measure its growth)
    WordSet(f"vocabulary-filler-{i}" for i in range(70_000))
    late = [["vocabulary-filler-69999", "noir"], ["late-word"], ["noir"]]
    assert [s.packed() for s in WordSet.many(late)] == [WordSet(w).packed() for w in late]
    with pytest.raises(TypeError):
        WordSet.many([["noir"], ["fine", 3]])
    assert 3 not in WordSet(["noir"])
