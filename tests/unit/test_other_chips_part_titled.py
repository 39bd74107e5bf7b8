"""A journal line the machine logs at every start (the MacBook Pro's applespi line) does
not make its issue confident when the user's title names the part of another of the
machine's chips (the Wi-Fi), whose issue ranks below, and no word of the top issue's title
(docs/matching.md, "Session 26: the title names another chip's part")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.services.insight import matched_issues
from tests.unit.matching_support import matching_set_index, report, set_message

BCM43602 = ("03:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM43602 "
            "802.11ac Wireless LAN SoC [14e4:43ba] (rev 02)")
IRIS = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Iris Plus Graphics 650 "
        "[8086:5927] (rev 06)")
APPLESPI = "kernel: applespi spi-APP000D:00: Error writing to device: 01 0e 00 00"


def macbook(summary: str, problem: str) -> list[int | bool]:
    entry = report(summary, problem, product="MacBookPro14,3", maker="Apple Inc.",
                   lspci=(IRIS, BCM43602), journal=(APPLESPI,))
    matches = suggest_issues(entry, matching_set_index())
    return [matches[0].issue.iid, matches[0].confident]


def test_untuned45s_password_loop_is_not_the_keyboard_issue() -> None:
    # untuned45 on v91: a MacBook Pro 2017's Japanese Wi-Fi password loop, confident under
    # the keyboard issue #13576 through the applespi line; the Wi-Fi chip's issue #19115
    # second.
    entry = set_message("labels_untuned45.json", "u45-mbp2017-pwloop-ja")
    matches = suggest_issues(entry, matching_set_index())
    assert [m.issue.iid for m in matches[:2]] == [13576, 19115]
    assert not matches[0].confident
    assert matched_issues(entry, matching_set_index())[0] == ()


def test_the_keyboard_title_keeps_the_line_confident() -> None:
    # The title names the top issue's part: the line tells its problem.
    assert macbook("keyboard and trackpad do not work",
                   "Nothing happens when I type, already in the Welcome Screen.") == [
        13576, True]
