"""A journal line of the machine's own issue does not make that issue confident, nor likely
in the counts, when the user's words are of another part or an application: the Lenovo
Legion Y530 logs "Wi-Fi hardware radio set disabled" at every start, whatever its user asks
(docs/matching.md, "Session 26: the machine's own line under another problem")."""

from __future__ import annotations

import email
from pathlib import Path

import pytest

from hdtui.domain.mail import Kind
from hdtui.domain.matching import Match, suggest_issues
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.report import parse_report
from hdtui.services.insight import matched_issues
from tests.unit.matching_support import matching_set_index
from tests.unit.test_insight_new_problems import SOUND

LEGION = (Path(__file__).parents[1] / "data" / "matching" / "reports_untuned42"
          / "u42-legion-downloads-pl.eml")
"""A WhisperBack report from a Legion Y530 (untuned42, spent): its debug sections, with
NetworkManager's line of the Wi-Fi switch in the journal, are kept; its answers replaced."""
REPORT_ID = "043378d1fe68351fff1f58d74ca0d215"


def legion(summary: str, problem: str) -> Entry:
    """The Legion's report with the user's summary and problem."""
    decoded = email.message_from_bytes(LEGION.read_bytes()).get_payload(decode=True)
    assert isinstance(decoded, bytes)
    lines = decoded.decode("utf-8").splitlines()
    debug = lines[lines.index("======= content of /proc/cmdline ======="):]
    header = [line for line in lines[1:14] if not line.startswith("From:")]
    body = [f"Subject: {summary}", *header, "", "What happened instead?",
            "----------------------", "", problem, "", *debug]
    message = Message(key="r", subject=f"Bug report: {REPORT_ID}",
                      sender_address="devnull@tails.boum.org")
    return Entry(message, Kind.REPORT, parse_report("\n".join(body) + "\n", REPORT_ID))


def top(entry: Entry) -> Match:
    matches = suggest_issues(entry, matching_set_index())
    assert matches[0].issue.iid == 19116, [m.issue.iid for m in matches]
    return matches[0]


@pytest.mark.parametrize("text", SOUND)
def test_a_sound_report_is_not_likely_for_the_wifi_switch(text: str) -> None:
    # walk25: a sound report from the Legion counted "#19116 1 likely"; on v88 each of
    # these four was confident for #19116 (the German one once "Lautsprechern" and
    # "Kopfhörer" read as speaker and headphone).
    entry = legion(text[:40], text)
    assert not top(entry).confident
    assert matched_issues(entry, matching_set_index()) == ((), 19116)


def test_vanishing_downloads_in_polish_are_not_the_wifi_switch() -> None:
    # untuned42's unrelated mail, confident for #19116 on v88: Tor Browser's downloads.
    assert not top(legion("pobrane pliki znikają po restarcie",
                          "Pobieram pliki PDF w Tor Browser, zapisują się w folderze Tor "
                          "Browser. Po ponownym uruchomieniu Tails wszystko znika.")).confident


def test_a_grey_screen_is_not_the_wifi_switch() -> None:
    # untuned42's confident wrong on v88 (its label is #19133, the discrete card).
    assert not top(legion("boot problem", "see title\n\nusb, choose tails, grey")).confident


@pytest.mark.parametrize(("summary", "problem"), [
    ("Wi-Fi does not work", "The Wi-Fi is off and pressing the switch does nothing."),
    ("لا أستطيع تفعيل الواي فاي في حاسوبي", "في Tails يظهر أن الواي فاي مطفأ"),
    ("nie działa", "Nie mogę się połączyć z siecią bezprzewodową."),
    ("problem", "it does not work"),
])
def test_the_wifi_or_no_part_at_all_keeps_the_line_confident(summary: str,
                                                              problem: str) -> None:
    # The user's Wi-Fi (English, Arabic, Polish "wireless network") is the line's; words
    # of no part and no application leave the line to say the problem.
    assert top(legion(summary, problem)).confident
