"""A GitLab write kept in the outbox (docs/gitlab-writes.md): its backoff, what the outbox
lists, the token of a new issue, and the count of an issue with links pending."""

from __future__ import annotations

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.gitlab_write import (
    PendingWrite,
    WriteKind,
    WriteState,
    issue_marker,
    retry_delay,
    with_marker,
)
from hdtui.domain.links import ReportCount
from tests.support.gfm import live_markup


def test_the_backoff_doubles_from_30_seconds_up_to_10_minutes() -> None:
    assert [retry_delay(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 600, 600]


def test_a_failed_attempt_counts_and_only_a_waiting_write_is_retried_by_itself() -> None:
    write = PendingWrite("ab12", WriteKind.LINK, 7, 100.0, reference="wb://abc",
                         received="2026-11-20")
    waiting = write.failed(WriteState.WAITING, "no connection", 1000.0)
    assert (waiting.attempts, waiting.next_try, waiting.error) == (1, 1030.0, "no connection")
    again = waiting.failed(WriteState.WAITING, "503", 2000.0)
    assert (again.attempts, again.next_try) == (2, 2060.0)
    refused = again.failed(WriteState.REFUSED, "403", 3000.0)
    assert (refused.state, refused.next_try, refused.reference) == \
        (WriteState.REFUSED, 0.0, "wb://abc")
    assert from_data(PendingWrite, to_data(refused)) == refused


def test_the_outbox_lists_what_each_write_is() -> None:
    link = PendingWrite("a", WriteKind.LINK, 7, 0.0, reference="wb://abc")
    assert "link note on #7: wb://abc  [waiting for GitLab]" in link.line()
    note = PendingWrite("b", WriteKind.NOTE, 7, 0.0, body="\nThe reports:\n- wb://abc",
                        state=WriteState.REFUSED)
    assert "note on #7: The reports:  [refused by GitLab]" in note.line()
    issue = PendingWrite("c", WriteKind.ISSUE, 0, 0.0, title="Wi-Fi",
                         links=(("wb://abc", "2026-11-20"), ("wb://def", "2026-11-21")))
    assert "new issue: Wi-Fi (+2 link(s))" in issue.line()
    assert issue.reports == ("wb://abc", "wb://def")
    unlink = PendingWrite("d", WriteKind.UNLINK, 7, 0.0, reference="wb://abc")
    assert "link removed from #7: wb://abc" in unlink.line()


def test_a_new_issue_carries_its_token_as_inert_text() -> None:
    description = with_marker("## Problem\n\nNo Wi-Fi.\n", "0123abcd")
    assert description.endswith("Created with hdtui: `hdtui-write-0123abcd`\n")
    assert issue_marker("0123abcd") in description
    assert live_markup(description) == []


def test_an_issue_count_says_how_many_links_are_pending() -> None:
    assert ReportCount(3, 1).label == "3 reports, 1 this week"
    assert ReportCount(0, 0, pending=1).label == "0 reports, 0 this week, 1 link pending"
    assert ReportCount(2, 1, 4, pending=2).label == \
        "2 linked, 4 likely, 1 this week, 2 links pending"


def test_an_issue_count_made_while_the_queue_is_counted_says_so() -> None:
    assert ReportCount(0, 0, 5, counting=True).label == \
        "0 linked, 5 likely, 0 this week · counting the queue, so far"
    assert ReportCount(2, 0, counting=True).label == \
        "2 reports, 0 this week · counting the queue, so far"


def test_issue_and_note_sizes_gitlab_refuses() -> None:
    from hdtui.domain.gitlab_write import (
        TEXT_LIMIT,
        TITLE_LIMIT,
        issue_problem,
        note_problem,
        with_marker,
    )

    assert issue_problem("t" * TITLE_LIMIT + "  ", "d") == ""  # stripped as sent
    assert "256 characters" in issue_problem("t" * (TITLE_LIMIT + 1), "d")
    room = TEXT_LIMIT - len(with_marker("", "0" * 16))
    assert issue_problem("t", "d" * room) == ""
    assert "1,048,577 characters" in issue_problem("t", "d" * (room + 1))
    assert issue_problem("t", "d" * TEXT_LIMIT, as_sent=True) == ""
    assert note_problem("n" * TEXT_LIMIT) == ""
    assert "1,048,576" in note_problem("n" * (TEXT_LIMIT + 1))
