"""What works, read right: a part said not to work or to work badly a few words on, asked
about and answered "No", or said of what the user wants, is not said to work; English's
plural "work" says two parts joined by "and" work (fix28b; docs/insight.md, "Session 28:
what works, in the queue's languages (lang28)")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hdtui.domain.insight.facts import report_facts
from hdtui.domain.insight.working import said_working, wants_it
from tests.support.insight_set import report_entry
from tests.unit.test_insight_regfix27 import _own_cluster

NOT_WORKING = [
    # A negation a few words after the verb (German "leider", "überhaupt", "gar").
    "Die Tastatur funktioniert leider nicht", "Tastatur funktioniert überhaupt nicht",
    "Tastatur funktioniert gar nicht", "Tastatur funktioniert leider gar nicht",
    # It works badly, in each language.
    "Tastatur funktioniert schlecht", "le clavier marche mal", "le clavier fonctionne mal",
    "el teclado funciona mal", "o teclado funciona mal", "la tastiera funziona male",
    "la tastiera funziona a tratti", "klawiatura działa źle", "клавиатура работает плохо",
    "keyboard works badly", "keyboard works poorly", "keyboard works erratically",
    "the keyboard partially works", "klawiatura działa słabo",
    # A negation a few words before it.
    "the keyboard never really works",
    # Asked and answered "No".
    "Keyboard works? No.", "Tastatur funktioniert? Nein.", "le clavier marche ? Non.",
    "клавиатура работает? Нет.",
    # What the user wants or expected, not what happens.
    "Expected result: the keyboard works.", "Erwartetes Ergebnis: die Tastatur funktioniert",
    "Résultat souhaité : le clavier marche", "I hope the keyboard works",
    "Nur ein Test, ob das Senden klappt.",
    "Chcę wiedzieć, czy ten formularz działa",
    # English's "work" without two parts joined by "and", or after "to".
    "the keyboard does not work", "keyboard and mouse don't work",
    "I can't get the keyboard and mouse to work", "the keyboard should work",
]
"""Texts that say no part works in Tails (each was read as working before fix28b, but the
last group, which stays unread)."""

WORKING = [
    ("keyboard and touchpad work", ("keyboard", "touchpad")),
    ("Keyboard and trackpad work.", ("keyboard", "trackpad")),
    ("Tastatur und Touchpad funktionieren", ("keyboard", "touchpad")),
    ("keyboard and touchpad work fine", ("keyboard", "touchpad")),
    ("Keyboard works? Yes.", ("keyboard",)),
    ("Das Touchpad funktioniert überhaupt nicht. Tastatur geht.", ("keyboard",)),
    ("Tastatur funktioniert, nur das Touchpad nicht", ("keyboard",)),
    ("no sound and the keyboard works", ("keyboard",)),
    ("la tastiera funziona a meraviglia", ("keyboard",)),
    ("The keyboard works as it should, the touchpad is fine", ("keyboard", "touchpad")),
    ("keyboard works as expected", ("keyboard",)),
]
"""Texts saying parts work, and the parts read: the plural the same in English and German,
and a negation or answer that is not the part's left alone."""


@pytest.mark.parametrize("text", NOT_WORKING)
def test_a_part_said_not_to_work_badly_or_wanted_is_not_read(text: str) -> None:
    """"funktioniert leider nicht", "marche mal", "works? No.", "Expected result:"."""
    assert said_working(text) == ()


@pytest.mark.parametrize(("text", "parts"), WORKING)
def test_parts_said_to_work_are_read(text: str, parts: tuple[str, ...]) -> None:
    """"keyboard and touchpad work" as "Tastatur und Touchpad funktionieren": both."""
    assert said_working(text) == parts


@pytest.mark.parametrize(("heading", "wanted"), [
    ("Desired result", True), ("Résultat souhaité", True), ("Gewünschtes Ergebnis", True),
    ("Resultado deseado", True), ("Risultato desiderato", True),
    ("Желаемый результат", True), ("Oczekiwany rezultat", True), ("Expected result", True),
    ("What were you trying to achieve?", True),
    ("What happened instead?", False), ("Actual result and description of the error", False),
    ("Résultat obtenu et description de l'erreur", False),
    ("What did you do that triggered this error?", False), ("", False),
])
def test_answers_saying_what_the_user_wants(heading: str, wanted: bool) -> None:
    """The old form's "Desired result" (translated) and the new form's "What were you
    trying to achieve?" say what the user wants; the others what happens."""
    assert wants_it(heading) is wanted


def _report(answers: str) -> tuple[str, ...]:
    """The parts ``report_facts`` reads as working in a report with ``answers``."""
    body = f"Subject: wifi\n\n\n{answers}"
    entry = report_entry("k1", "a" * 32, body, datetime(2026, 12, 1, tzinfo=UTC))
    return report_facts(entry).working


def _answer(heading: str, text: str) -> str:
    return f"{heading}\n{'-' * len(heading)}\n\n{text}\n\n"


def test_the_desired_result_is_not_what_works() -> None:
    """"the wifi works" under "Desired result" (old form) or "What were you trying to
    achieve?" (new form) is what the user wants; under "What happened instead?" or the
    old form's "Actual result", what happens."""
    assert _report(_answer("Actual result and description of the error", "no network")
                   + _answer("Desired result", "the wifi works")) == ()
    assert _report(_answer("Résultat obtenu et description de l'erreur", "pas de réseau")
                   + _answer("Résultat souhaité", "le wifi marche")) == ()
    assert _report(_answer("What were you trying to achieve?", "Test whether sending works")
                   + _answer("What happened instead?", "nothing")) == ()
    assert _report(_answer("What were you trying to achieve?", "connect")
                   + _answer("What happened instead?", "no wifi, the keyboard works")
                   ) == ("keyboard",)
    assert _report(_answer("Actual result and description of the error", "the keyboard works")
                   + _answer("Desired result", "the wifi works")) == ("keyboard",)


@pytest.mark.parametrize(("summary", "problem"), [
    ("Tastatur", "Tastatur funktioniert leider nicht"),
    ("Tastatur", "Tastatur funktioniert überhaupt nicht"),
    ("clavier", "le clavier marche mal"),
    ("клавиатура", "клавиатура работает плохо"),
])
def test_terse_reports_saying_the_part_does_not_work_fold(summary: str, problem: str
                                                         ) -> None:
    """A terse #13576 report "Tastatur funktioniert leider nicht" folds into the issue as
    "Tastatur funktioniert nicht" does: the keyboard is its problem, not a part that works
    (before fix28b, a new problem of 3 reports)."""
    assert _own_cluster(summary, problem) == []
