"""When a message reached the mailbox, from the times its listing gives, and which of
those times are evidence of it (docs/insight.md, "Session 28: arrival28").

A Maildir gives two: its file's time, which a copy may change (``cp -r`` makes it the
copy's, ``touch -d`` anything), and the delivery time that starts its file's name
(``1700000005.M5P1.host``), which every copy keeps. IMAP gives its INTERNALDATE. A time
before ``PLAUSIBLE_FROM`` or more than ``AHEAD`` after now is no evidence of an arrival
(a file dated 1980, a name made up as ``1.M1P1.test``, a clock in the future)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

AHEAD = timedelta(days=1)
"""How far a message's own date may be ahead of when it reached the mailbox and still be
believed (clocks and zones differ by hours, not days: ``parse.believed_date``), and a
time may be ahead of now and still be an arrival (``plausible``)."""
PLAUSIBLE_FROM = datetime(2009, 1, 1, tzinfo=UTC)
"""No mail reached the Help Desk before Tails existed (its first release was in 2009):
an earlier time is a file's time set by a tool, or a made-up name."""
PLAUSIBLE_FROM_SECONDS = int(PLAUSIBLE_FROM.timestamp())
_DIGITS_MOST = 11
"""The seconds of a delivery time have at most 11 digits (year 5138): longer leading
digits are no time."""


def plausible(when: datetime, now: datetime) -> bool:
    """True when ``when`` may be a message's arrival: from 2009 to a day after ``now``."""
    return PLAUSIBLE_FROM <= when <= now + AHEAD


def delivered_at(unique: str) -> datetime | None:
    """The delivery time a Maildir file's unique name starts with (its seconds before
    the first dot, as the Maildir convention writes it: ``1700000005.M5P1.host``), or
    None when the name starts with no number. Not checked: ``plausible`` says whether
    it is evidence."""
    head, dot, _ = unique.partition(".")
    if not dot or not head.isdigit() or len(head) > _DIGITS_MOST or not head.isascii():
        return None
    return datetime.fromtimestamp(int(head), UTC)


def arrival(listed: datetime | None, delivered: datetime | None, now: datetime
            ) -> datetime | None:
    """When the message reached the mailbox: the latest of ``listed`` (the file's time,
    the INTERNALDATE) and ``delivered`` (a Maildir name's time) that is plausible; None
    when neither is. The latest: a copy can make a file's time later than the delivery
    or earlier (``touch``, an archive's times), never the name's; a date is disbelieved
    only when it is ahead of every plausible time."""
    found = [when for when in (listed, delivered) if when is not None and
             plausible(_aware(when), now)]
    return max(map(_aware, found)) if found else None


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def dated_by_arrival(listed: datetime | None, delivered: datetime | None, now: datetime
                     ) -> datetime | None:
    """The date of a message dated by its arrival (no date of its own, or one not
    believed): the delivery time a Maildir name starts with when it is plausible, else
    ``listed`` when it is; None when neither is. Not the latest, as ``arrival`` (which
    bounds a date): the name is the delivery, kept by every copy, while ``cp -r`` gives
    a copy's files the day of the copy, which would date a message delivered weeks
    before on that day."""
    for when in (delivered, listed):
        if when is not None and plausible(_aware(when), now):
            return _aware(when)
    return None
