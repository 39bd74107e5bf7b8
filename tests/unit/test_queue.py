"""The queue: classification, sorting (teams first), rows (filtering: test_query.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Mark
from hdtui.domain.message import Message
from hdtui.domain.queue import (
    DecryptState,
    Entry,
    Row,
    SortOrder,
    classify,
    sort_rows,
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


def test_a_team_members_answer_in_an_ft_thread_is_team_mail() -> None:
    helpdesk = ("support@tails.net", "rowan.helpdesk@example.org")
    ours = msg("a", 1, "Re: [FT] Bug report: 8c1f3e", "rowan.helpdesk@example.org")
    theirs = msg("b", 2, "Re: [FT] Bug report: 8c1f3e", "anna.ft@example.org")
    listed = msg("c", 3, "Re: [FT] Bug report: 8c1f3e", "foundations@tails.net")
    assert classify(ours, DEFAULT_TEAM_ADDRESSES, helpdesk_addresses=helpdesk) is Kind.FT
    assert classify(theirs, DEFAULT_TEAM_ADDRESSES, helpdesk_addresses=helpdesk) is Kind.TEAM
    assert classify(listed, DEFAULT_TEAM_ADDRESSES) is Kind.TEAM  # a team's own address
    # Without the Help Desk's addresses nobody can tell: the thread stays one group.
    assert classify(theirs, DEFAULT_TEAM_ADDRESSES) is Kind.FT
    assert Kind.TEAM.priority < Kind.FT.priority


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


def rows() -> list[Row]:
    return [e.row(SourceItem(e.key, 100), e.marks) for e in entries()]


def keys(items: list[Row] | list[Entry]) -> list[str]:
    return [e.key for e in items]


def test_default_order_is_team_first_then_newest() -> None:
    assert keys(sort_rows(rows(), SortOrder.PRIORITY)) == [
        "team", "new-mail", "broken", "fr-report", "old-report"]


def test_priority_puts_ft_threads_then_moderation_before_reports() -> None:
    extra = [
        Entry(msg("ft-reply", 3, "Re: [FT] Bug report: 1", "ilex@example.net"), Kind.FT),
        Entry(msg("moderation", 8, "Tails-dev post requires approval",
                  "tails-dev-owner@boum.org"), Kind.LIST_ADMIN),
        Entry(msg("bounce", 10, "Undelivered Mail", "mailer-daemon@example.org"),
              Kind.SYSTEM),
        Entry(msg("team-old", 1, "FT asks again"), Kind.TEAM),
    ]
    everything = rows() + [e.row(SourceItem(e.key, 100)) for e in extra]
    assert keys(sort_rows(everything, SortOrder.PRIORITY)) == [
        "team", "team-old", "ft-reply", "moderation", "new-mail", "broken", "fr-report",
        "old-report", "bounce"]
    by_kind = keys(sort_rows(everything, SortOrder.KIND))
    assert by_kind.index("ft-reply") < by_kind.index("moderation") < by_kind.index("new-mail")


def test_a_users_reply_sorts_right_below_its_report() -> None:
    extra = [  # the user answers twice about report 1, once about a report not here
        Entry(msg("reply-1", 10, "Re: Bug report: 1"), Kind.SUPPORT),
        Entry(msg("reply-2", 12, "Re: Re: Bug report: 1"), Kind.SUPPORT),
        Entry(msg("orphan", 11, "Re: Bug report: 99"), Kind.SUPPORT),
        Entry(msg("team-on-1", 8, "Re: Bug report: 1", "foundations@tails.net"), Kind.TEAM),
    ]
    everything = rows() + [e.row(SourceItem(e.key, 100)) for e in extra]
    assert keys(sort_rows(everything, SortOrder.PRIORITY)) == [
        "team-on-1", "team", "orphan", "new-mail", "broken", "fr-report", "old-report",
        "reply-1", "reply-2"]  # the thread together, oldest answer first
    # The other orders are by what they say, threads or not.
    assert keys(sort_rows(everything, SortOrder.OLDEST))[-1] == "reply-2"
    assert keys(sort_rows(rows(), SortOrder.PRIORITY)) == [
        "team", "new-mail", "broken", "fr-report", "old-report"]


def test_other_orders() -> None:
    assert keys(sort_rows(rows(), SortOrder.OLDEST))[0] == "team"
    assert keys(sort_rows(rows(), SortOrder.VERSION))[:2] == ["old-report", "fr-report"]
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


def test_row_keeps_what_the_queue_shows() -> None:
    for entry, row in zip(entries(), rows(), strict=True):
        assert (row.summary, row.version, row.hardware, row.report_id, row.state, row.kind) \
            == (entry.summary, entry.version, entry.hardware, entry.report_id, entry.state,
                entry.kind)
        assert row.date == entry.message.date
    assert rows()[0].report_id == "1"
    assert [r.has_problems for r in rows()] == [bool(e.problems) for e in entries()]
    assert rows()[4].has_problems


def test_row_survives_a_separator_in_the_summary() -> None:
    entry = Entry(msg("x", 1, "odd\x1fsubject"), Kind.SUPPORT)
    row = entry.row(SourceItem("x", 10, seen=True))
    assert row.summary == "odd\u241fsubject" and row.version == "" and row.state == "read"
    assert row.item == SourceItem("x", 10, True, row.date, frozenset(), 0)


def test_mark_parse() -> None:
    assert Mark.parse("claimed") is Mark.CLAIMED
    assert Mark.parse("$HDNoReply") is Mark.NO_REPLY
    with pytest.raises(ValueError, match="valid marks"):
        Mark.parse("done")


def test_rows_of_cached_lines_share_their_keywords() -> None:
    # The cache gives each line strings of its own: 100,000 rows with the same marks would
    # hold 100,000 copies of the same keywords (docs/benchmarks.md).
    from hdtui.domain.queue import row_of_line

    def line(n: int, keywords: str) -> tuple[str, int, float, int, int, int, str, int, str]:
        return (f"k{n}", 10, 1.0, 0, 0, 0, keywords, 1, "summary\x1f\x1f\x1f\x1f")

    rows = [row_of_line(line(n, "".join(["$HD", "Claimed"]))) for n in range(3)]
    assert rows[0].keywords == "$HDClaimed"
    assert rows[0].keywords is rows[1].keywords is rows[2].keywords
    assert rows[0] == (*line(0, "$HDClaimed"),)
    assert row_of_line(line(4, "")).keywords == ""


def test_an_entry_cached_before_disputed_ids_reads_back_and_a_disputed_one_has_no_id() -> None:
    """Entries cached by an older hdtui have no ``id_disputed``: they read back undisputed.
    A disputed entry keeps the ID it claims but has none of its own (docs/encryption.md)."""

    from hdtui.domain.codec import from_data, to_data

    entry = entries()[0]
    older = to_data(entry)
    del older["id_disputed"]
    assert from_data(Entry, older) == entry and entry.report_id == "1"
    disputed = entry._replace(id_disputed=True)
    assert disputed.report_id is None and disputed.claimed_id == "1"
