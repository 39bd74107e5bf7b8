"""The prefixes a mail client puts before the subject it answers or forwards ("Re:",
"Fwd:", "AW:", "SV:") are no words of the user's: a reply whose only other words no issue
has is a pasted machine with no words, ranked on the machine (docs/matching.md, "Session
25: a reply's prefix is no word")."""

from __future__ import annotations

from hdtui.domain.mail import Kind
from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.report import parse_report
from hdtui.domain.signals import message_signals
from tests.unit.matching_support import issue, unrelated_issues

UHD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-H GT2 "
          "[UHD Graphics 630] [8086:3e9b]")
RTX2060 = ("01:00.0 VGA compatible controller [0300]: NVIDIA Corporation TU106M [GeForce RTX "
           "2060 Mobile] [10de:1f15] (rev a1)")


def reply(subject: str, words: str) -> Entry:
    """A support mail answering the team: the user's words, the machine pasted under them."""
    text = "\n".join([
        words, "", 'Tails-Version: VERSION="7.7"', 'ID="tails"', "",
        "======= content of /usr/sbin/dmidecode -s system-manufacturer =======", "Razer", "",
        "======= content of /usr/sbin/dmidecode -s system-product-name =======",
        "Blade 15", "", "======= content of /usr/bin/lspci -nn =======", UHD630, RTX2060, ""])
    message = Message(key="m", subject=subject, sender_address="user@example.org", text=text)
    return Entry(message, Kind.SUPPORT, parse_report(text))


def test_the_prefixes_are_not_read_as_words() -> None:
    found = message_signals(reply("Re: AW: Fwd: informe", "Ahí va."))
    assert {"re", "aw", "fwd"}.isdisjoint(found.text), found.text
    assert "informe" in found.text


def test_a_reply_with_a_pasted_machine_ranks_the_machines_issue() -> None:
    # On v84 "re" met #2's "re-import" and the mail was not wordless: #2 alone was ranked.
    index = IssueIndex([
        issue(1, "Nvidia GPUs and computers with several GPUs: Error starting GDM",
              "Many Nvidia GPUs, and computers with both an integrated and a discrete GPU, "
              "fail with \"Error starting GDM with your graphics card\": a GeForce RTX 2060 "
              "beside an Intel UHD Graphics 630, for one."),
        issue(2, "GnuPG: re-import the keys after restoring a backup",
              "The keyring must be imported again by hand."),
        *unrelated_issues()])
    ranked = [(m.issue.iid, m.confident) for m in suggest_issues(reply("Re: lo pedido",
                                                                       "Ahí va."), index)]
    assert ranked and ranked[0] == (1, False), ranked
    assert 2 not in [iid for iid, _ in ranked], ranked
