"""English's plural "work" says two parts work only in a statement: not after "make",
"get", "help", "does", "none" or "nothing" before the parts, nor right before a "?" not
answered "Yes"; and a softener ("really") is no part's name (rules v103; docs/insight.md,
"Session 28: fix28d")."""

from __future__ import annotations

import pytest

from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.working import said_working

NOTHING_WORKS = (
    "I couldn't make wifi and bluetooth work",
    "I tried everything to make wifi and bluetooth work",
    "help me make wifi and bluetooth work",
    "none of wifi and bluetooth work",
    "wifi and bluetooth work?",
    "wifi and bluetooth work? Not really",
    "Does keyboard and touchpad work",
    "how can I make the keyboard and touchpad work",
    "Nothing I do makes the keyboard and touchpad work",
    "I could not get wifi and bluetooth work",
    "Do wifi and bluetooth work? I wonder.",
)


@pytest.mark.parametrize("text", NOTHING_WORKS)
def test_the_plural_work_in_a_failure_or_a_question_says_nothing_works(text: str) -> None:
    """Each gave ``('bluetooth', 'wifi')`` or ``('keyboard', 'touchpad')`` (rules v101)."""
    assert said_working(text) == ()


@pytest.mark.parametrize(("text", "parts"), [
    ("wifi and bluetooth work? Yes.", ("bluetooth", "wifi")),
    ("wifi and bluetooth work? yeah, both", ("bluetooth", "wifi")),
    ("keyboard and touchpad work fine", ("keyboard", "touchpad")),
    ("wifi and bluetooth work.", ("bluetooth", "wifi")),
    ("I made a new USB stick. Keyboard and touchpad work", ("keyboard", "touchpad")),
    ("Keyboard works? Yes.", ("keyboard",)),
])
def test_the_plural_work_in_a_statement_or_answered_yes_still_says_both_work(
        text: str, parts: tuple[str, ...]) -> None:
    """What the rule leaves: a statement, a question answered "Yes", and a causative verb
    in a sentence before."""
    assert said_working(text) == parts


@pytest.mark.parametrize("softener", ["really", "actually", "sadly"])
def test_a_softener_before_the_verb_is_no_part(softener: str) -> None:
    """"the keyboard really works" gave ``('really',)``: the softeners the table lists
    were read as the part's name."""
    assert said_working(f"the keyboard {softener} works") == ("keyboard",)
    assert said_working(f"the keyboard is {softener} working fine, the touchpad {softener} "
                        "works") == ("keyboard", "touchpad")


def test_the_rules_version_says_the_reading_changed() -> None:
    assert RULES_VERSION >= 103
