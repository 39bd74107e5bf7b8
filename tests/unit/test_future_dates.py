"""A message's own date more than a day after it reached the mailbox is not believed: its
arrival counts and sorts it, and the report view says so (walkfix27b; docs/insight.md,
"Session 27: walkfix27b")."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.message import Message, date_in_future
from hdtui.domain.queue import Entry
from hdtui.sources import parse
from hdtui.ui.widgets.report_view import head_content

ARRIVED = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
ITEM = SourceItem("cur/1", 100, mtime=ARRIVED)


def mail(date: str, received: str = "") -> bytes:
    head = f"Received: from mx by mail.example.org; {received}\n" if received else ""
    return (f"{head}From: a@example.org\nDate: {date}\nSubject: s\n\nx\n").encode()


def test_a_date_far_ahead_of_the_arrival_is_not_believed() -> None:
    for raw in (mail("Fri, 01 Jan 2100 00:00:00 +0000"),
                mail("Wed, 09 Dec 2026 09:30:00 +0000")):  # two days ahead, no Received
        for parsed in (parse.parse_item(raw, ITEM).message, parse.parse_headers(raw, ITEM)):
            assert parsed.date == ARRIVED and parsed.date_ahead is not None
            assert parsed.date_ahead > ARRIVED and not parsed.dated_by_file


def test_a_date_within_a_day_or_without_an_arrival_is_believed() -> None:
    hours = mail("Mon, 07 Dec 2026 20:00:00 +0000")  # a clock or zone hours off
    for parsed in (parse.parse_item(hours, ITEM).message, parse.parse_headers(hours, ITEM)):
        assert parsed.date == datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
        assert parsed.date_ahead is None
    # No arrival known (a file parsed alone): nothing to compare with.
    alone = parse.parse_message(mail("Fri, 01 Jan 2100 00:00:00 +0000"), "k").message
    assert alone.date is not None and alone.date.year == 2100 and alone.date_ahead is None


def test_a_date_ahead_of_a_believed_received_header_is_said() -> None:
    """Counted by its Received header, as before; its Date in the future said by the
    report view (parsed then, not for every message read)."""
    raw = mail("Fri, 01 Jan 2100 00:00:00 +0000", "Mon, 07 Dec 2026 09:29:00 +0000")
    parsed = parse.parse_item(raw, ITEM).message
    assert parsed.date == datetime(2026, 12, 7, 9, 29, tzinfo=UTC)
    assert date_in_future(parsed) == datetime(2100, 1, 1, tzinfo=UTC)
    assert "2100-01-01 00:00 UTC by the mail itself" in head_content(
        Entry(parsed, Kind.SUPPORT)).plain
    same_day = parse.parse_item(mail("Mon, 07 Dec 2026 09:00:00 +0000",
                                     "Mon, 07 Dec 2026 09:29:00 +0000"), ITEM).message
    assert date_in_future(same_day) is None


def test_the_report_view_says_the_mail_s_own_date_was_in_the_future() -> None:
    parsed = parse.parse_item(mail("Fri, 01 Jan 2100 00:00:00 +0000"), ITEM).message
    shown = head_content(Entry(parsed, Kind.SUPPORT)).plain
    assert "2026-12-07 09:30" in shown
    assert "2100-01-01 00:00 UTC by the mail itself: in the future" in shown
    believed = parse.parse_item(mail("Mon, 07 Dec 2026 09:00:00 +0000"), ITEM).message
    assert "in the future" not in head_content(Entry(believed, Kind.SUPPORT)).plain


def test_an_entry_cached_before_date_ahead_reads_back_with_its_default() -> None:
    """``Message.date_ahead`` is one more key of a cached entry's document: one cached
    before it reads back as believed, the rest as it was; one with it keeps it."""
    entry = Entry(Message(key="cur/1", subject="s", date=ARRIVED,
                          date_ahead=datetime(2100, 1, 1, tzinfo=UTC)), Kind.SUPPORT)
    data = to_data(entry)
    assert from_data(Entry, json.loads(json.dumps(data))) == entry
    del data["message"]["date_ahead"]
    assert from_data(Entry, data) == entry._replace(
        message=replace(entry.message, date_ahead=None))
