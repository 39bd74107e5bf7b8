"""walk29's defect 9: a part said to work after (or before) a "but" that opens what
another part does, read as after a comma (rules v106; docs/insight.md, "Session 29:
working parts after a but"). Negations stay unread."""

from __future__ import annotations

import pytest

from hdtui.domain.insight.working import said_working


@pytest.mark.parametrize(("text", "parts"), [
    ("El teclado funciona bien pero el touchpad no", ("keyboard",)),
    ("La souris ne marche pas mais le clavier marche", ("keyboard",)),
    ("Wi-Fi works but Tor does not connect", ("wifi",)),
    ("Die Tastatur funktioniert aber das Touchpad nicht", ("keyboard",)),
    ("Клавиатура работает но тачпад нет", ("keyboard",)),
    # As with a comma, which was read already.
    ("Wi-Fi works, but Tor does not connect", ("wifi",)),
])
def test_a_part_on_either_side_of_a_but_is_read(text: str, parts: tuple[str, ...]) -> None:
    assert said_working(text) == parts


@pytest.mark.parametrize("text", [
    # What follows "but" goes on about the same part: where, when, how well, or "it".
    "the keyboard works but not in Tails",
    "keyboard works but only sometimes",
    "keyboard works but slowly",
    "keyboard works but very slowly",
    "keyboard works but it does not register keys",
    "wifi works but then it does not",
    "keyboard works but after a while it does not",
    "El teclado funciona pero no siempre",
    "la souris marche mais pas sous Tails",
    "Die Tastatur funktioniert aber nicht",
    "Die Tastatur funktioniert aber nur kurz",
    "Клавиатура работает но не всегда",
    "La tastiera funziona a tratti",
    # A negation on the part itself, on either side.
    "the keyboard does not work but the mouse does not either",
    "La souris ne marche pas mais",
    "Wi-Fi doesn't work but Tor does not connect either",
])
def test_what_goes_on_about_the_part_or_denies_it_is_not_read(text: str) -> None:
    assert said_working(text) == ()
