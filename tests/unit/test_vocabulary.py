"""Symptom words, and the words known issues learn from the reports linked to them."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from hdtui.domain.vocabulary import LEARN_MAX_WORDS, learned_vocabulary, symptom_words
from tests.unit.matching_support import report
from tests.unit.test_matching import tracker_scale


def words(text: str) -> frozenset[str]:
    return frozenset(terms(text))


OTHERS = [words(text) for text in ("Mein Drucker druckt nicht", "Kein Ton aus den Lautsprechern",
                                   "WLAN findet keine Netze", "Der Bildschirm bleibt schwarz")
          ] * 3
"""Reports about other problems: the base rate of every word."""


def test_symptom_words_leave_out_hardware_applications_and_every_problems_words() -> None:
    assert symptom_words(terms("Intel graphics laptop rtl8723be Thunderbird error fails "
                               "start flickers")) == {"flicker"}


def test_danish_and_tagalog_template_answers_give_no_problem_words() -> None:
    # What users answer to "What were you trying to do?" in Danish, Norwegian and Tagalog
    # says no problem (rules v54); "som" is the sound only in Portuguese.
    assert symptom_words(terms("Jeg ville bare bruge Tails som normalt.")) == set()
    assert symptom_words(terms("Jeg ville bare bruke Tails som vanlig.")) == set()
    # Swedish too (rules v55: the review of session 19).
    assert symptom_words(terms("Jag ville bara använda Tails som vanligt.")) == set()
    assert symptom_words(terms("Gusto ko lang gamitin ang Tails nang normal.")) == set()
    assert symptom_words(terms("O som não funciona desde ontem")) >= {"sound"}
    assert symptom_words(terms("Jeg har ingen lyd, som om højttaleren er død")) >= {"sound"}
    # Danish and Norwegian "alt" (all) stays out: it is the key of "Alt+Tab".
    assert "alt" in symptom_words(terms("Alt+Tab gør ingenting"))


def test_the_words_of_a_problem_in_one_language_are_no_everyday_words_of_another() -> None:
    # Tagalog "dati" (formerly) and Serbian "malo" (a little) are Italian "data" and
    # Spanish "bad": kept as words of a problem (rules v55), an issue learns them.
    lost = [words("i miei dati persistenti sono spariti"), words("dati spariti dopo il riavvio")]
    assert "dati" in learned_vocabulary({21410: lost}, [*lost, *OTHERS])[21410]
    bad = [words("el sonido es malo y se corta"), words("sonido malo en los altavoces")]
    assert "malo" in learned_vocabulary({21411: bad}, [*bad, *OTHERS])[21411]


def test_an_issue_learns_the_symptom_words_two_of_its_linked_reports_share() -> None:
    first = words("Die Uhrzeit stimmt nicht, keine Verbindung, Fehler")
    second = words("Uhrzeit falsch, es hängt, Fehler")
    vocabulary = learned_vocabulary({21407: [first, second]}, [first, second, *OTHERS])
    # "uhrzeit" is in both; "stimmt" in one only; "fehler" (error) is every problem's word.
    assert vocabulary == {21407: frozenset({"uhrzeit"})}
    # A word most reports use is nobody's symptom, however often the linked ones use it.
    crowd = [words("Uhrzeit")] * 12
    assert learned_vocabulary({21407: [first, second]}, [first, second, *crowd]) == {}
    assert learned_vocabulary({21407: [first]}, [first, *OTHERS]) == {}
    # Nor a word that as many other reports use as linked ones: every report in that
    # language may say it ("normalerweise", answering "What were you trying to do?").
    usual = [words(f"{text} normalerweise") for text in ("Uhrzeit falsch", "Uhrzeit weg")]
    others = [words("Drucker kaputt, normalerweise"), words("Ton weg, normalerweise"),
              words("WLAN weg, normalerweise")]
    assert learned_vocabulary({21407: usual}, [*usual, *others, *OTHERS]) == {
        21407: frozenset({"uhrzeit"})}


def test_learnt_words_are_bounded_and_do_not_depend_on_the_order_of_reports() -> None:
    many = [frozenset(f"wort{chr(97 + i)}{chr(97 + j)}" for i in range(8) for j in range(8))
            for _ in range(2)]
    vocabulary = learned_vocabulary({1: many}, many + OTHERS)
    assert len(vocabulary[1]) == LEARN_MAX_WORDS
    assert learned_vocabulary({1: many[::-1]}, OTHERS + many) == vocabulary


def test_the_next_report_of_a_problem_matches_through_the_words_of_the_linked_ones() -> None:
    # Two German reports of the clock issue (#21407) were linked; they say "Uhrzeit", a
    # word neither the issue nor the lexicon knows. The third is counted for it.
    index = IssueIndex(tracker_scale())
    first = words("Der Verbindungsassistent bleibt bei ein paar Prozent stehen. Die Uhrzeit "
                  "stimmt nicht, sie geht drei Stunden nach.")
    second = words("Der Verbindungsassistent bleibt stehen, die Uhrzeit war falsch.")
    vocabulary = learned_vocabulary({21407: [first, second]}, [first, second, *OTHERS])
    third = report("Tor", "Der Verbindungsassistent bleibt stehen, die Uhrzeit ist falsch.",
                   lspci=())
    assert not any(m.confident for m in suggest_issues(third, index))
    top = suggest_issues(third, index.learned(vocabulary))[0]
    assert top.issue.iid == 21407 and top.confident and "uhrzeit" in top.terms
    # The index it was learnt on is unchanged.
    assert not any(m.confident for m in suggest_issues(third, index))
