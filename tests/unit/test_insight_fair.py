"""Counts fair to real members (rules v76; docs/insight.md, "Session 23: counts fair to
real members"): the rules that made the counts resist forged reports (rules v73) wronged
real members or still bent, as a second walk found (walk23b, items B, C, D and F)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hdtui.domain.insight.facts import ReportFacts, own_words
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import RESEND_MARK, issue_stats, one_per_user, to_link
from hdtui.domain.insight.regressions import (
    NO_HISTORY,
    UNKNOWN_VERSION,
    regressions,
    versions_shown,
)
from hdtui.domain.links import (
    NOTE_LINKS_MAX,
    IssueLink,
    ReportCount,
    VettedNote,
    note_body,
    notes_links,
)
from hdtui.domain.terms import terms
from hdtui.domain.word_set import WordSet
from tests.unit.test_insight import fact as insight_fact

TODAY = date(2026, 12, 7)
RELEASED = date(2026, 11, 10)
RELEASES = [("7.6.2", date(2026, 10, 20)), ("7.7", RELEASED)]


def fact(n: int, days_ago: int, **kw: object) -> ReportFacts:
    """``test_insight.fact`` counted back from this file's day, on 7.7 unless told."""
    made = insight_fact(n, 0, **{"version": "7.7", **kw})
    return replace(made, received=TODAY - timedelta(days=days_ago))


def _note(ids: range, author: str, helpdesk: bool, day: date = TODAY) -> VettedNote:
    body = "\n".join(note_body(f"wb://{0xbeef00 + n:032x}", day - timedelta(days=1))
                     for n in ids)
    return VettedNote(body, day, author, helpdesk)


# -- B: a Help Desk member's note is never cut; an outside account adds a few in all ----

def test_a_help_desk_members_note_is_never_cut_and_an_outside_account_adds_a_few() -> None:
    """walk23b B: Bob's internal note listing 8 report IDs counted 5, nothing said;
    mallory's four notes (20 lines, then 5, 5, 5) added 20."""
    bob = notes_links([_note(range(8), "2", True)])
    assert len(bob.links) == 8 and bob.left_out == 0
    mallory = notes_links([_note(range(20), "9", False), _note(range(20, 25), "9", False),
                           _note(range(25, 30), "9", False), _note(range(30, 35), "9", False)])
    assert len(mallory.links) == NOTE_LINKS_MAX and mallory.left_out == 35 - NOTE_LINKS_MAX
    # Each outside account has its own few; a Help Desk note beside them is whole.
    both = notes_links([_note(range(3), "9", False), _note(range(10, 20), "8", False),
                        _note(range(40, 52), "2", True)])
    assert len(both.links) == 3 + NOTE_LINKS_MAX + 12 and both.left_out == 5
    # A reference cited again counts once and takes no room.
    again = notes_links([_note(range(5), "9", False), _note(range(5), "9", False)])
    assert len(again.links) == 5 and again.left_out == 0


def test_what_is_left_out_is_said_in_the_counts_label_and_in_stats() -> None:
    assert ReportCount(5, 5, left_out=15).label == (
        "5 reports, 5 this week · 15 links of accounts outside the Help Desk not counted")
    here = [fact(1, 1, likely=(13576,))]
    view = overview(here, [], TODAY, RELEASES, left_out={13576: 15})
    assert view.stats[13576].label == ("0 linked, 1 likely, 1 this week (15 links of "
                                       "accounts outside the Help Desk not counted)")
    from hdtui.domain.weekly import as_data, markdown

    assert as_data(view, {})["issues"][0]["left_out"] == 15
    assert "15 links of accounts outside the Help Desk not counted" in markdown(view, {})


# -- C: regressions need a history; a version no release knows is apart -----------------

def _new_on_77() -> list[ReportFacts]:
    return [fact(100 + i, 20 - i, gpus=("1002:15bf",) if i < 6 else ("8086:a7a0",),
                 product=f"M{i}") for i in range(14)]


def test_without_history_before_the_release_no_regression_is_called_and_it_is_said() -> None:
    """walk23b C: with no earlier history everything above the minimum was flagged, and one
    report on another version (a real 7.6.2, a forged 9.9) turned six regressions into
    none, silently."""
    new = _new_on_77()
    assert regressions(new, RELEASES, TODAY) == []
    for other in ("7.6.2", "9.9"):
        view = overview([*new, fact(300, 3, version=other)], [], TODAY, RELEASES)
        assert view.regressions == ()
        assert view.regressions_said == NO_HISTORY.format(release="7.7")
    from hdtui.domain.weekly import as_data, markdown

    assert as_data(view, {})["regressions_said"] == view.regressions_said
    assert ("None flagged on 7.7: not enough history before 7.7 to call regressions."
            in markdown(view, {}))
    # With weeks of reports before the release, a rise is called and nothing is said.
    history = [fact(200 + i, 28 + i, version="7.6.2", gpus=("8086:1616",), product=f"H{i}")
               for i in range(12)]
    view = overview([*history, *new], [], TODAY, RELEASES)
    assert {"GPU 1002:15bf", "GPU 8086:a7a0"} <= {r.group for r in view.regressions}
    assert view.regressions_said == ""


def test_a_version_no_release_knows_is_shown_as_an_unknown_version() -> None:
    """walk23b C: three forged 9.9 reports showed "Versions: 7.7 12, 9.9 3"."""
    assert versions_shown((("7.7", 12), ("9.9", 3), ("7.6.1", 1)), RELEASES) == (
        ("7.7", 12), ("7.6.1", 1), (UNKNOWN_VERSION, 3))
    # A next release the feed's copy does not list yet (7.8) is counted, its version
    # unknown; a forged 9.9 is counted as no user since rules v78 (walk24's item 6).
    facts = [*(fact(i, i, likely=(19113,)) for i in range(12)),
             *(fact(50 + i, 0, likely=(19113,), version="9.9") for i in range(3)),
             fact(60, 0, likely=(19113,), version="7.8")]
    view = overview(facts, [], TODAY, RELEASES)
    assert dict(view.stats[19113].versions) == {"7.7": 12, UNKNOWN_VERSION: 1}
    assert len(view.stats[19113].unreleased) == 3


# -- D: a resend folded as one user stays folded once linked ------------------------------

WORDS = frozenset({"usb", "stick", "boot", "freeze", "black", "screen", "logo"})


def test_a_resend_linked_is_still_no_user_and_the_preview_marks_it() -> None:
    """walk23b D: linking the likely list made a folded resend count as a user: "8
    reports, 6 users" became "8 reports, 7 users", with no new mail."""
    users = [fact(i, i, likely=(20402,), product=f"M{i}", words=WORDS) for i in range(6)]
    resends = [fact(10 + i, 0, likely=(20402,), product="M0", words=WORDS) for i in range(2)]
    before = issue_stats(users + resends, [], TODAY)[20402]
    assert before.label == "0 linked, 6 likely, 6 this week (8 reports, 6 users)"
    chosen = to_link(before)
    assert len(chosen) == 8 and sum(again for _, again in chosen) == 2
    assert RESEND_MARK.startswith("(a resend")
    links = [IssueLink(20402, f.reference, f.received or TODAY) for f, _ in chosen]
    after = issue_stats(users + resends, links, TODAY)[20402]
    assert after.label == "6 linked, 0 likely, 6 this week (8 reports, 6 users)"  # walk26
    assert len(after.linked_resent) == 2
    from hdtui.domain.weekly import as_data

    [issue] = as_data(overview(users + resends, links, TODAY), {})["issues"]
    assert len(issue["linked_resent"]) == 2 and issue["left_out"] == 0
    # Linking a part of them: the same users still.
    some = issue_stats(users + resends, links[:6], TODAY)[20402]
    assert some.label.endswith("(8 reports, 6 users)")


# -- F: one user needs the same words beyond a quoted error line --------------------------

def test_two_users_pasting_the_same_error_sentence_on_one_model_are_two() -> None:
    """walk23b F: two report IDs a day apart, on the same ASUS VivoBook E410KA, each with
    the same short error sentence, were counted as one user."""
    said = ("Error: Tor failed to start because the clock could not be synchronized "
            "with the network time servers")
    words = WordSet(terms(said))
    assert len(words) >= 6 and own_words(said, words) == 0
    two = [replace(fact(i, i, likely=(20402,), product="ASUS VivoBook E410KA"), words=words,
                   own_words=own_words(said, words)) for i in range(2)]
    assert one_per_user(two) == (two, [])
    # The walk's byte-identical resends: the user's own words beyond the error, joined.
    resent = (f"{said}\nI boot from my usb stick, the screen stays black after the logo "
              "and then it freezes")
    words = WordSet(terms(resent))
    assert own_words(resent, words) >= 6
    same = [replace(f, words=words, own_words=own_words(resent, words)) for f in two]
    kept, again = one_per_user(same)
    assert len(kept) == 1 and len(again) == 1


def test_a_reports_own_words_leave_out_the_error_line_it_quotes() -> None:
    from hdtui.domain.insight.facts import report_facts
    from tests.unit.test_insight_forged import _entry

    made = report_facts(_entry(1, decrypt="decrypted"))  # "Tor does not start", twice
    assert made.own_words == len(made.words)
    quoted = "Tor does not start\nError: connection refused by the bridge"
    assert own_words(quoted, WordSet(terms(quoted))) == len(WordSet(terms("Tor does not "
                                                                          "start")))
