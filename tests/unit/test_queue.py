"""The queue: classification, sorting (teams first), filtering by kind, text and version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import Kind, Message
from hdtui.domain.marks import Mark
from hdtui.domain.queue import (
    DecryptState,
    Entry,
    QueueFilter,
    SortOrder,
    classify,
    filter_entries,
    sort_entries,
)
from hdtui.domain.report import parse_report

REPORT_7 = "Subject: Wi-Fi gone\nTails-Version: NAME=\"Tails\"\nVERSION=\"7.5\"\n\nno networks\n"
REPORT_5 = "Subject: Ecran noir\nTails-Version: 5.14 - 20230612\n\nécran noir au démarrage\n"


def msg(key: str, day: int, subject: str = "", sender: str = "user@example.org",
        encrypted: bool = False) -> Message:
    return Message(key=key, subject=subject, sender_address=sender,
                   date=datetime(2026, 11, day, tzinfo=UTC), encrypted=encrypted)


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (msg("a", 1, "Bug report: 8c1f3e", "devnull@tails.boum.org", True), Kind.REPORT),
        (msg("b", 1, "Re: [FT] Bug report: 8c1f3e", "member@example.org"), Kind.FT),
        (msg("c", 1, "Counting Wi-Fi reports", "foundations@tails.net"), Kind.TEAM),
        (msg("d", 1, "Tails-dev post from x@example.com requires approval",
             "tails-dev-owner@boum.org"), Kind.LIST_ADMIN),
        (msg("e", 1, "3 Tails-testers moderator request(s) waiting", "x-bounces@boum.org"),
         Kind.LIST_ADMIN),
        (msg("f", 1, "Tails ne démarre pas"), Kind.SUPPORT),
    ],
)
def test_classify(message: Message, kind: Kind) -> None:
    assert classify(message, DEFAULT_TEAM_ADDRESSES) is kind


def entries() -> list[Entry]:
    return [
        Entry(msg("old-report", 2, "Bug report: 1"), Kind.REPORT, parse_report(REPORT_7, "1"),
              DecryptState.DECRYPTED),
        Entry(msg("new-mail", 9, "Question"), Kind.SUPPORT),
        Entry(msg("team", 1, "FT asks"), Kind.TEAM),
        Entry(msg("fr-report", 5, "Bug report: 2"), Kind.REPORT, parse_report(REPORT_5, "2"),
              DecryptState.DECRYPTED, marks=frozenset({Mark.CLAIMED})),
        Entry(msg("broken", 7, "Bug report: 3"), Kind.REPORT, None, DecryptState.FAILED,
              "no secret key"),
    ]


def keys(items: list[Entry]) -> list[str]:
    return [e.key for e in items]


def test_default_order_is_team_first_then_newest() -> None:
    assert keys(sort_entries(entries(), SortOrder.PRIORITY)) == [
        "team", "new-mail", "broken", "fr-report", "old-report"]


def test_other_orders() -> None:
    assert keys(sort_entries(entries(), SortOrder.OLDEST))[0] == "team"
    assert keys(sort_entries(entries(), SortOrder.VERSION))[:2] == ["old-report", "fr-report"]
    assert SortOrder.PRIORITY.next() is SortOrder.OLDEST
    assert list(SortOrder)[-1].next() is SortOrder.PRIORITY


def test_summary_state_and_version() -> None:
    report, mail, _, claimed, broken = entries()
    assert report.summary == "Wi-Fi gone" and report.version == "7.5"
    assert mail.summary == "Question" and mail.version == ""
    assert claimed.state == "claimed" and mail.state == "new"
    assert broken.state == "undecryptable"
    assert broken.summary.startswith("(cannot decrypt)")
    assert "cannot decrypt: no secret key" in broken.problems


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind:report", ["old-report", "fr-report", "broken"]),
        ("kind:team", ["team"]),
        ("k:wb version:7", ["old-report"]),
        ("version:5.14", ["fr-report"]),
        ("version:<6", ["fr-report"]),
        ("version:>=7.5", ["old-report"]),
        ("écran", ["fr-report"]),
        ("NETWORKS", ["old-report"]),
        ("state:claimed", ["fr-report"]),
        ('"wi-fi gone"', ["old-report"]),
        ("", ["old-report", "new-mail", "team", "fr-report", "broken"]),
    ],
)
def test_filters(query: str, expected: list[str]) -> None:
    assert keys(filter_entries(entries(), QueueFilter.parse(query))) == expected


def test_unknown_kind_is_reported_not_raised() -> None:
    parsed = QueueFilter.parse("kind:spam wifi")
    assert parsed.errors and "spam" in parsed.errors[0]
    assert parsed.words == ("wifi",)


def test_mark_parse() -> None:
    assert Mark.parse("claimed") is Mark.CLAIMED
    assert Mark.parse("$HDNoReply") is Mark.NO_REPLY
    with pytest.raises(ValueError, match="valid marks"):
        Mark.parse("done")
