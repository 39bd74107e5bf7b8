"""Fix29a item 4: English's plural "work" after two or more parts joined otherwise than
"keyboard and touchpad": an emphatic "do" before them ("I do think ..."), "both", "the"
before the second part, "as well as", a list ("wifi, bluetooth and sound work fine"); and
the negations of each, which say no part works (rules v105; docs/insight.md, "Session 29:
fix29a")."""

from __future__ import annotations

import pytest

from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.working import said_working

BOTH = ("keyboard", "touchpad")
THREE = ("bluetooth", "sound", "wifi")


@pytest.mark.parametrize(("text", "parts"), [
    ("I do think keyboard and touchpad work", BOTH),
    ("keyboard and touchpad both work", BOTH),
    ("the keyboard as well as the touchpad work", BOTH),
    ("wifi, bluetooth and sound work fine", THREE),
    ("the keyboard and the touchpad work", BOTH),
    ("my keyboard and my touchpad work fine", BOTH),
    ("keyboard and touchpad do work", BOTH),
    ("the wifi, the bluetooth and the sound work", THREE),
    ("Tastatur, Maus und Touchpad funktionieren", ("keyboard", "mouse", "touchpad")),
    ("I tested: wifi, bluetooth and sound work", THREE),
])
def test_parts_joined_otherwise_than_by_one_and_all_work(
        text: str, parts: tuple[str, ...]) -> None:
    """Each read fewer parts than it names (most of them none)."""
    assert said_working(text) == parts


@pytest.mark.parametrize("text", [
    "neither keyboard nor touchpad work",
    "I don't think keyboard and touchpad work",
    "I do not think keyboard and touchpad work",
    "I don't think the keyboard works",
    "keyboard and touchpad both don't work",
    "keyboard and touchpad both do not work",
    "the keyboard as well as the touchpad do not work",
    "the keyboard as well as the touchpad don't work",
    "neither the keyboard nor the touchpad works",
    "neither the keyboard nor the touchpad work",
    "wifi, bluetooth and sound don't work",
    "wifi, bluetooth and sound do not work fine",
    "neither wifi, bluetooth nor sound work",
    "Do wifi, bluetooth and sound work",
    "Does keyboard and touchpad work",
    "Nothing I do makes the keyboard and touchpad work",
    "I couldn't make the wifi, the bluetooth and the sound work",
    "wifi, bluetooth and sound work?",
    "keyboard and touchpad do work? No.",
])
def test_their_negations_and_questions_say_nothing_works(text: str) -> None:
    assert said_working(text) == ()


@pytest.mark.parametrize(("text", "parts"), [
    ("The screen flickers, wifi and sound work", ("sound", "wifi")),
    ("Screen flickers, wifi and sound work", ("sound", "wifi")),
    ("Status: keyboard and touchpad work", BOTH),
    ("the touchpad does not work and the keyboard works", ("keyboard",)),
    ("The keyboard does not work but the touchpad works", ("touchpad",)),
])
def test_a_clause_before_that_is_no_part_of_the_list_is_not_read_as_one(
        text: str, parts: tuple[str, ...]) -> None:
    assert said_working(text) == parts


def test_the_rules_version_says_the_reading_changed() -> None:
    assert RULES_VERSION >= 105
