"""Tails versions, release notes by section, fixed issues, outdated reports (pure domain)."""

from __future__ import annotations

import pytest

from hdtui.domain.releases import (
    Release,
    ReleaseState,
    fixed_in,
    is_older,
    latest_release,
    outdated,
    parse_release_notes,
    parse_version,
)
from hdtui.domain.text import MailText
from tests.servers.feeds import notes_76, notes_77, notes_771


@pytest.mark.parametrize(("older", "newer"), [
    ("7.6", "7.7"), ("7.6", "7.6.1"), ("7.6.1", "7.6.2"), ("7.6.9", "7.10"),
    ("7.7~rc1", "7.7"), ("7.7~beta1", "7.7~rc1"), ("7.7~alpha2", "7.7~beta1"),
    ("7.7~rc1", "7.7~rc2"), ("6.10", "7.0"), ("7.6 - 20260310", "7.7"),
])
def test_version_order(older: str, newer: str) -> None:
    assert is_older(older, newer)
    assert not is_older(newer, older)


def test_versions_that_are_equal_or_unreadable() -> None:
    assert parse_version("7.6") == parse_version("7.6.0") == parse_version("Tails 7.6")
    assert not is_older("7.6", "7.6.0")
    for text in ("", "seven", "7", "7.6b", "7.6.1.2.3x", "unknown"):
        assert parse_version(text) is None, text
    # An unknown version is never called outdated.
    assert not is_older("", "7.7") and not is_older("7.7", "")


def test_outdated_against_the_stable_version() -> None:
    assert outdated("7.6.2", "7.7")
    assert outdated("7.7~rc1", "7.7")
    assert not outdated("7.7", "7.7")
    assert not outdated("7.8~rc1", "7.7")  # a tester ahead of stable
    assert not outdated("", "7.7") and not outdated("7.6", "")


def test_release_notes_by_section_with_issue_numbers() -> None:
    notes = parse_release_notes(notes_77())
    assert list(notes.sections) == ["features", "changes", "fixes", "issues"]
    assert notes.sections["features"] == (
        "The Persistent Storage can be unlocked with a FIDO2 key.",)
    # A nested bullet is its own line; the parent keeps only its own text.
    assert notes.sections["changes"] == ("Update Tor Browser to 15.0.2.",
                                         "Update the Linux kernel to 6.12.57.",
                                         "Update the Intel and Realtek firmware.")
    assert len(notes.sections["fixes"]) == 3  # the loose "changelog" paragraph is not a fix
    assert notes.fixed_issues == (17953, 19113, 17794)
    # Known issues name an issue too, but it is not fixed.
    assert 16421 not in notes.fixed_issues
    assert notes.sections["issues"] == ("Electrum does not connect. (#16421)",)
    # "Get Tails" is not a section of notes.
    assert not any("Automatic upgrades" in b for v in notes.sections.values() for b in v)
    assert notes.intro == "This release fixes many security vulnerabilities."


def test_release_notes_text_is_clean() -> None:
    notes = parse_release_notes(notes_77())
    fix = notes.sections["fixes"][2]
    assert isinstance(fix, MailText)
    # HTML character references to controls (&#27;, &#7;) decode to nothing; raw bidi
    # overrides and C1 controls in the page arrive visible.
    assert "\x1b" not in fix and "\x07" not in fix and "]52;c;aGk= the" in fix
    assert "\u202e" not in fix and "\u009b" not in fix and "<U+202E>" in fix


def test_emergency_release() -> None:
    notes = parse_release_notes(notes_771())
    release = Release(MailText("7.7.1"), "2026-11-20", MailText(""), notes.sections,
                      notes.fixed_issues, notes.intro)
    assert release.emergency and release.fixed_issues == (20001,)
    regular = parse_release_notes(notes_77())
    assert not Release(MailText("7.7"), "", MailText(""), intro=regular.intro).emergency


def test_plain_text_notes() -> None:
    text = """Tails 7.8 is out.

New features
- Something new

Fixed problems
- Fix the thing (tails/tails#12345)
- Fix another thing
  over two lines (#23456)

Known issues
* Still broken (#34567)
"""
    notes = parse_release_notes(text)
    assert notes.intro == "Tails 7.8 is out."
    assert notes.sections["fixes"] == ("Fix the thing (tails/tails#12345)",
                                       "Fix another thing over two lines (#23456)")
    assert notes.fixed_issues == (12345, 23456)
    assert notes.sections["issues"] == ("Still broken (#34567)",)


def test_notes_without_sections_give_every_issue_named() -> None:
    notes = parse_release_notes("<p>Fixes https://gitlab.tails.boum.org/tails/tails/-/issues/"
                                "19999 and #18888.</p>")
    assert notes.sections == {} and notes.fixed_issues == (19999, 18888)


def _release(version: str, fixed: tuple[int, ...]) -> Release:
    return Release(MailText(version), "", MailText(""), fixed_issues=fixed)


def test_fixed_in_is_the_first_stable_release() -> None:
    releases = [_release("7.7", (17953, 17794)), _release("7.6", (17183, 17794)),
                _release("7.8~rc1", (20000,))]
    assert fixed_in(17953, releases) == "7.7"
    assert fixed_in(17794, releases) == "7.6"
    assert fixed_in(20000, releases) is None  # only in a release candidate so far
    assert fixed_in(1, releases) is None


def test_state_latest_and_unfixed() -> None:
    r76, r77, rc = _release("7.6", ()), _release("7.7", ()), _release("7.8~rc1", ())
    assert latest_release([r76, rc, r77]) is r77
    state = ReleaseState((rc, r77, r76), (), MailText("7.6"))
    # latest.json is the authority: its version's notes are "the latest".
    assert state.latest is r76 and state.current == "7.6"
    assert ReleaseState((rc, r77, r76)).current == "7.7"
    assert ReleaseState().latest is None and ReleaseState().current == ""
    assert notes_76()  # the 7.6 page of the test server parses too
    assert parse_release_notes(notes_76()).fixed_issues == (17183, 17794)
