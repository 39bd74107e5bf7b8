"""A Maildir's arrival is the latest plausible of its file's time and the delivery time
its name starts with: a Maildir copied with old file times keeps believing its dates, a
date really in the future is still not believed (arrival28; docs/insight.md, "Session 28:
arrival28"). A message dated by its arrival (no Date, or one not believed) is dated by
the name's time first: a copy's file times are the copy's day (fix28c). Each Maildir is
written by the test, its files' times set with ``os.utime``."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from hdtui.domain.arrival import arrival, dated_by_arrival, delivered_at, plausible
from hdtui.domain.mail import SourceItem
from hdtui.domain.message import Message
from hdtui.sources import parse
from hdtui.sources.local import MaildirSource

NOW = datetime.now(UTC).replace(microsecond=0)
DELIVERED = NOW - timedelta(days=2)
"""When the test's mail was delivered: two days ago (its Date is a minute before)."""
OLD = datetime(1980, 1, 1, tzinfo=UTC).timestamp()
"""A file time no Help Desk mail can have (``touch -d 1980``, an archive's times)."""
FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def mail(date: datetime | None, subject: str = "s") -> bytes:
    head = f"Date: {format_datetime(date)}\n" if date is not None else ""
    return f"From: a@example.org\n{head}Subject: {subject}\n\nx\n".encode()


def maildir(root: Path, files: dict[str, bytes], mtime: float | None) -> dict[str, Message]:
    """Write ``files`` into a Maildir's cur/ (their times set to ``mtime``, or left new),
    list it and read each message as hdtui does."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in files.items():
        path = root / "cur" / f"{name}:2,"
        path.write_bytes(raw)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
    source = MaildirSource(root)
    return {item.key: source.load(item).message for item in source.list()}


def real_name(n: int, when: datetime = DELIVERED) -> str:
    return f"{int(when.timestamp())}.M{n}P1.host"


def test_old_file_times_with_real_names_believe_every_date(tmp_path: Path) -> None:
    """``rsync -a``/``cp -a`` of a backup whose files are dated 1980: every Date was "ahead
    of its arrival", counted on 1980 and said not believed. The names' delivery times are
    the arrival now; an undated message is dated by its name."""
    read = maildir(tmp_path, {real_name(1): mail(DELIVERED - timedelta(minutes=1)),
                              real_name(2): mail(None)}, OLD)
    dated, undated = read[real_name(1)], read[real_name(2)]
    assert dated.date == DELIVERED - timedelta(minutes=1) and dated.date_ahead is None
    assert undated.date == DELIVERED and undated.dated_by_file


def test_made_up_names_with_new_file_times_go_by_the_file(tmp_path: Path) -> None:
    """The repository's test Maildirs' names ("1.M1P1.test", 1970) are no evidence: the
    file's time (now) is the arrival, as before, and a date 10 days ahead of it is not
    believed, counted on the file's time."""
    ahead = NOW + timedelta(days=10)
    before = datetime.now(UTC)  # the files' time (NOW is the module's import: a loaded
    # CI ran this test 17 minutes after it)
    read = maildir(tmp_path, {"1.M1P1.test": mail(DELIVERED), "2.M2P1.test": mail(ahead)},
                   None)
    assert read["1.M1P1.test"].date == DELIVERED
    assert read["1.M1P1.test"].date_ahead is None
    future = read["2.M2P1.test"]
    assert future.date_ahead == ahead and future.date is not None
    assert before - timedelta(seconds=2) <= future.date <= datetime.now(UTC)
    assert not future.dated_by_file


def test_with_both_times_implausible_a_date_is_believed_unless_in_the_future(
    tmp_path: Path
) -> None:
    """Files dated 1980 and made-up names: no evidence of the arrival, so the Date is
    believed (it was counted on 1980), unless it is more than a day after the moment
    the message is read, which no arrival can be before: dated then."""
    before = datetime.now(UTC)
    read = maildir(tmp_path, {"1.M1P1.test": mail(DELIVERED),
                              "2.M2P1.test": mail(FUTURE),
                              "3.M3P1.test": mail(None)}, OLD)
    after = datetime.now(UTC)
    assert read["1.M1P1.test"].date == DELIVERED
    assert read["1.M1P1.test"].date_ahead is None
    future = read["2.M2P1.test"]
    assert future.date_ahead == FUTURE
    assert future.date is not None and before <= future.date <= after
    # Undated: the file's time as before (no arrival to give instead).
    assert read["3.M3P1.test"].date == datetime.fromtimestamp(OLD, UTC)


def test_a_date_really_in_the_future_is_still_not_believed(tmp_path: Path) -> None:
    """With real names, whatever the files' times (1980, now, 2100), a Date of 2100 is not
    believed and the message is dated by the name's delivery time (a file written now is
    later, yet the name is the delivery)."""
    for mtime in (OLD, FUTURE.timestamp(), None):
        read = maildir(tmp_path / str(mtime), {real_name(1): mail(FUTURE)}, mtime)
        message = read[real_name(1)]
        assert message.date_ahead == FUTURE, mtime
        assert message.date == DELIVERED and not message.dated_by_file, mtime


def test_a_copy_made_later_dates_by_the_names_not_the_copys_day(tmp_path: Path) -> None:
    """``cp -r`` weeks after the delivery: every file's time is the copy's day. A message
    with no Date, or one ahead of both times, was dated by the copy's day (the latest
    plausible time) and so counted outside a window ending before it; the name's delivery
    time, which the copy kept, dates it now. A Date ahead of the name but within a day of
    the copy's day is still believed (the later time bounds)."""
    delivered = NOW - timedelta(days=30)
    ahead = delivered + timedelta(days=10)  # ahead of the delivery, before the copy
    read = maildir(tmp_path, {real_name(1, delivered): mail(None),
                              real_name(2, delivered): mail(FUTURE),
                              real_name(3, delivered): mail(ahead)},
                   (NOW - timedelta(hours=1)).timestamp())
    undated, future = read[real_name(1, delivered)], read[real_name(2, delivered)]
    assert undated.date == delivered and undated.dated_by_file
    assert future.date == delivered and future.date_ahead == FUTURE
    assert read[real_name(3, delivered)].date == ahead
    assert read[real_name(3, delivered)].date_ahead is None


def test_made_up_names_date_by_the_file_as_before(tmp_path: Path) -> None:
    """A name that is no delivery time (1970) leaves the file's time to date an undated
    message, and a Date in the future, when it is plausible."""
    copied = (NOW - timedelta(days=3)).replace(microsecond=0)
    read = maildir(tmp_path, {"1.M1P1.test": mail(None), "2.M2P1.test": mail(FUTURE)},
                   copied.timestamp())
    assert read["1.M1P1.test"].date == copied and read["1.M1P1.test"].dated_by_file
    assert read["2.M2P1.test"].date == copied
    assert read["2.M2P1.test"].date_ahead == FUTURE


def test_a_name_after_the_file_time_believes_a_date_near_the_name(tmp_path: Path) -> None:
    """A file's time that is plausible but older than its delivery (``touch -d 2015``):
    the later of the two is the arrival, so a Date near the delivery is believed."""
    read = maildir(tmp_path, {real_name(1): mail(DELIVERED)},
                   datetime(2015, 6, 1, tzinfo=UTC).timestamp())
    assert read[real_name(1)].date == DELIVERED
    assert read[real_name(1)].date_ahead is None


def test_an_implausible_internaldate_is_no_evidence_either() -> None:
    """IMAP's INTERNALDATE goes through the same rule (no name's time there): a server
    giving 1970 made every Date "ahead of its arrival"."""
    epoch = SourceItem("INBOX/1/7", 100, mtime=datetime(1970, 1, 1, tzinfo=UTC))
    for parsed in (parse.parse_item(mail(DELIVERED), epoch).message,
                   parse.parse_headers(mail(DELIVERED), epoch)):
        assert parsed.date == DELIVERED and parsed.date_ahead is None
    for parsed in (parse.parse_item(mail(FUTURE), epoch).message,
                   parse.parse_headers(mail(FUTURE), epoch)):
        assert parsed.date_ahead == FUTURE
        assert parsed.date is not None and parsed.date.year == NOW.year


def test_the_rule_itself() -> None:
    assert delivered_at("1700000005.M5P1.host") == datetime(2023, 11, 14, 22, 13, 25,
                                                             tzinfo=UTC)
    assert delivered_at("1.M1P1.test") == datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)
    for name in ("cur", "abc.M1.host", "1700000005", "123456789012.M1.host", "١٢.M1.x"):
        assert delivered_at(name) is None, name
    assert plausible(datetime(2009, 1, 1, tzinfo=UTC), NOW)
    assert not plausible(datetime(2008, 12, 31, tzinfo=UTC), NOW)
    assert plausible(NOW + timedelta(hours=23), NOW)
    assert not plausible(NOW + timedelta(days=2), NOW)
    old = datetime.fromtimestamp(OLD, UTC)
    assert arrival(old, DELIVERED, NOW) == DELIVERED
    assert arrival(NOW, DELIVERED, NOW) == NOW  # the later: a copy made now
    assert arrival(old, None, NOW) is None
    assert arrival(None, None, NOW) is None
    # Dating, not bounding: the name first when plausible, else the listed time.
    assert dated_by_arrival(NOW, DELIVERED, NOW) == DELIVERED
    assert dated_by_arrival(old, DELIVERED, NOW) == DELIVERED
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert dated_by_arrival(NOW, epoch, NOW) == NOW
    assert dated_by_arrival(old, epoch, NOW) is None
    assert dated_by_arrival(None, None, NOW) is None
