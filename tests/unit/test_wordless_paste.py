"""A mail into which the user pasted their machine, with no word any issue has (an lspci
and a greeting), ranks the issues of that machine, never confidently; a WhisperBack report
with no such word (a "thanks": WhisperBack attaches the machine to every report) and a
paste whose words match keep the minimum score for issues only the machine backs
(docs/matching.md, "Session 24: a pasted machine with no words")."""

from __future__ import annotations

from hdtui.domain.mail import Kind
from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.report import parse_report
from tests.unit.matching_support import issue, report, unrelated_issues

UHD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 "
          "[UHD Graphics 630] [8086:3e92]")
GTX1060 = ("01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP106 [GeForce GTX "
           "1060 6GB] [10de:1c03] (rev a1)")


def index() -> IssueIndex:
    return IssueIndex([
        issue(1, "Nvidia GPUs and computers with several GPUs: Error starting GDM",
              "Many Nvidia GPUs, and computers with both an integrated and a discrete GPU, "
              "fail with \"Error starting GDM with your graphics card\": a GeForce GTX 1060 "
              "beside an Intel UHD Graphics 630, for one."),
        issue(2, "Bookmarks of Tor Browser lost after an upgrade",
              "Bookmarks saved in the Persistent Storage are gone after an upgrade."),
        *unrelated_issues()])


def pasted(subject: str, words: str) -> Entry:
    """A support mail: the user's words, then WhisperBack's sections pasted under them."""
    text = "\n".join([
        words, "", 'Tails-Version: VERSION="7.7"', 'ID="tails"', "",
        "======= content of /usr/sbin/dmidecode -s system-manufacturer =======", "ASUS", "",
        "======= content of /usr/sbin/dmidecode -s system-product-name =======",
        "System Product Name", "", "======= content of /usr/bin/lspci -nn =======", UHD630,
        GTX1060, ""])
    message = Message(key="m", subject=subject, sender_address="user@example.org", text=text)
    return Entry(message, Kind.SUPPORT, parse_report(text))


def ranked(entry: Entry) -> list[tuple[int, bool]]:
    return [(m.issue.iid, m.confident) for m in suggest_issues(entry, index())]


def test_a_pasted_machine_with_no_words_ranks_its_issues_never_confidently() -> None:
    said = ranked(pasted("lspci yami", "Sawubona"))
    assert said and said[0] == (1, False), said
    assert not any(confident for _, confident in said), said


def test_a_report_with_no_words_stays_empty() -> None:
    # WhisperBack sent the machine, not the user: "Ngiyabonga" (thank you) is no question.
    entry = report("Ngiyabonga", "Ngiyabonga", product="System Product Name", maker="ASUS",
                   lspci=(UHD630, GTX1060))
    assert suggest_issues(entry, index()) == []


def test_words_that_match_keep_the_minimum_for_the_machines_issues() -> None:
    said = ranked(pasted("Bookmarks gone", "My bookmarks are gone after the upgrade."))
    assert [iid for iid, _ in said] == [2], said
