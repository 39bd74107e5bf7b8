"""What hdtui understands of a team's mail: the issue it is about, the plain reply, the
report IDs note."""

from __future__ import annotations

from datetime import date

import pytest

from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.team_mail import issue_named, plain_reply, report_ids, report_ids_note


@pytest.mark.parametrize(("subject", "text", "iid"), [
    ("", "known issue tails#19113). Before", 19113),
    ("", "see https://gitlab.tails.boum.org/tails/tails/-/issues/18042 and #19113", 18042),
    ("About #17001", "https://gitlab.example/t/-/issues/18042", 18042),
    ("About #17001", "nothing else", 17001),
    ("", "(tails/tails#20001)", 20001),
    ("", "an entity &#1234; and an anchor https://x.org/page#12 and issue#", None),
    ("", "version 7.5 #1", None),
])
def test_the_issue_a_mail_names(subject: str, text: str, iid: int | None) -> None:
    assert issue_named(subject, text) == iid


def test_a_plain_reply_quotes_the_mail_and_adds_nothing() -> None:
    entry = Entry(Message(key="k", subject="Help Desk: please count", sender_address=
                          "foundations@tails.net", text="Hi,\n\nPlease reply."), Kind.TEAM)
    reply = plain_reply(entry)
    assert reply.subject == "Re: Help Desk: please count"
    assert reply.body == "\n\nfoundations@tails.net wrote:\n> Hi,\n>\n> Please reply.\n"
    assert reply.missing == ()
    again = Entry(Message(key="k", subject="RE: x", text=""), Kind.TEAM)
    assert plain_reply(again).subject == "RE: x"


def test_the_report_ids_of_an_issue_once_each_oldest_first() -> None:
    links = [IssueLink(1, "wb://bbb", date(2026, 11, 3)),
             IssueLink(2, "wb://ccc", date(2026, 11, 1)),
             IssueLink(1, "wb://aaa", date(2026, 11, 2)),
             IssueLink(1, "wb://bbb", date(2026, 11, 4)),
             IssueLink(1, "mail:2026-11-05:0123456789ab", date(2026, 11, 5))]
    assert report_ids(links, 1) == (["aaa", "bbb"], 1)
    note = report_ids_note(*report_ids(links, 1))
    assert note.splitlines() == [
        "The WhisperBack reports linked to this issue (Tails Help Desk), 2 of the 3 "
        "messages linked:", "", "- aaa", "- bbb", "",
        "And 1 support mail (no report ID), counted as linked with them."]
    assert "No WhisperBack report" in report_ids_note([], 0)
