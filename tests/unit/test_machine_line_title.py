"""A kernel line that every machine of a model logs does not put the issue it quotes over
the machine's issue that the user's title names: the user of a 2017 MacBook Pro who knows
the keyboard issue and asks about the Wi-Fi is shown the Wi-Fi chip's issue first, and the
keyboard issue is not confident (docs/matching.md, "Session 24: the machine's line against
the user's title")."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from tests.unit.matching_support import issue, report, unrelated_issues

BCM43602 = ("03:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM43602 "
            "802.11ac Wireless LAN SoC [14e4:43ba] (rev 02)")
HD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation HD Graphics 630 "
         "[8086:591b] (rev 04)")
APPLESPI = "kernel: applespi spi-APP000D:00: Error writing to device: 01 0e 00 00"


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "MacBook Pro 2016 and later: keyboard and trackpad don't work",
              "On MacBookPro14,1, MacBookPro14,2 and MacBookPro14,3 the internal keyboard "
              "and trackpad do not work. The journal shows `applespi spi-APP000D:00: Error "
              "writing to device`. Use an external keyboard and mouse."),
        issue(2, "Broadcom 43602: Wi-Fi password asked again and again",
              "With a Broadcom BCM43602 `[14e4:43ba]` card, NetworkManager keeps asking for "
              "the Wi-Fi password."),
        *unrelated_issues()])


def ranked(summary: str, words: str) -> list[tuple[int, bool]]:
    entry = report(summary, words, product="MacBookPro14,3", maker="Apple Inc.",
                   lspci=(HD630, BCM43602), journal=(APPLESPI,))
    return [(m.issue.iid, m.confident) for m in suggest_issues(entry, index())]


def test_the_issue_the_users_title_names_comes_before_the_machines_line() -> None:
    said = ranked("Wi-Fi password asked again",
                  "MacBook Pro 2017. I know the keyboard and trackpad don't work, I use an "
                  "external keyboard. I choose my network, type the password and after a "
                  "few seconds the window asks for it again.")
    assert said[0] == (2, False), said
    assert said[1] == (1, False), said


def test_the_machines_line_stays_first_when_the_title_names_its_issue() -> None:
    said = ranked("keyboard and trackpad dead",
                  "MacBook Pro 2017: the keyboard and trackpad don't work, already in the "
                  "Welcome Screen; the Wi-Fi asks for the password again.")
    assert said[0][0] == 1, said
