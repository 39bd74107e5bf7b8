"""A MacBook Pro named with or without its Touch Bar: the words name the model, not the
problem, on a report whose hardware is a MacBook Pro (docs/matching.md, "Session 23: a
MacBook Pro with or without a Touch Bar")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.signals import touch_bar_names_model
from tests.unit.matching_support import issue, report, unrelated_issues

BCM43602 = ("03:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM43602 "
            "802.11ac Wireless LAN SoC [14e4:43ba] (rev 02)")


def test_the_touch_bar_a_model_has_or_lacks() -> None:
    for said in ("my MacBook Pro (2017, ohne Touch Bar)", "MacBook Pro 13 without Touch Bar",
                 "un MacBook Pro sans la Touch Bar", "MacBook Pro con TouchBar"):
        assert touch_bar_names_model(said), said
    # The Touch Bar that fails, alone or beside the model's name, is the problem's.
    for said in ("The Touch Bar stays dark", "no Wi-Fi",
                 "MacBook Pro with Touch Bar: the Touch Bar stays dark"):
        assert not touch_bar_names_model(said), said


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "MacBook Pro 2016 and later: keyboard, trackpad and Touch Bar don't work",
              "On MacBook Pro models from 2016 and later the keyboard, the trackpad and the "
              "Touch Bar do not work. Affected models: `MacBookPro13,1`, `MacBookPro14,1`."),
        issue(2, "Broadcom 43602: Wi-Fi password asked in a loop",
              "With a Broadcom BCM43602 `[14e4:43ba]` card, NetworkManager keeps asking for "
              "the Wi-Fi password."),
        *unrelated_issues()])


def ranked(words: str) -> list[tuple[int, bool]]:
    entry = report("It keeps asking", words, product="MacBookPro14,1", maker="Apple Inc.",
                   lspci=(BCM43602,))
    return [(m.issue.iid, m.confident) for m in suggest_issues(entry, index())]


def test_a_macbook_pro_without_touch_bar_is_not_the_touch_bars_problem() -> None:
    # The product backs the Touch Bar's issue; the user's "without Touch Bar" says which
    # MacBook Pro it is, and the Wi-Fi chip's issue comes first.
    said = "My MacBook Pro (2017, without Touch Bar) keeps asking for the password."
    assert ranked(said)[0][0] == 2, ranked(said)
    assert (1, True) not in ranked(said)
    # The user whose Touch Bar fails still has its issue's words.
    fails = said + " And the Touch Bar and the keyboard do not work."
    assert ranked(fails)[0][0] == 1, ranked(fails)
