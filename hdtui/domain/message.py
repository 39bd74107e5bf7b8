"""Provides the message as hdtui reads it: Message, its Attachments and the messages
Embedded in it.

Apart from ``hdtui.domain.mail`` (the kinds of mail, a listed message): a warm start's first
frame shows rows from the cache's index and reads no message, and each frozen dataclass
is built from generated source at import (docs/benchmarks.md, "Session 21: warm first
rows"), so this module is imported when a message is first read or decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hdtui.domain.arrival import AHEAD
from hdtui.domain.text import NO_TEXT, MailText


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment as listed to the member (never opened by hdtui)."""

    filename: MailText
    content_type: MailText
    size: int


@dataclass(frozen=True, slots=True)
class Embedded:
    """A message attached to another one as ``message/rfc822`` (a list's held post and
    its confirmation in a moderation notice, docs/moderation.md), parsed like any mail, one
    level deep: what it attaches in turn is only listed."""

    subject: MailText = NO_TEXT
    sender: MailText = NO_TEXT
    sender_address: MailText = NO_TEXT
    to: MailText = NO_TEXT
    date: datetime | None = None
    message_id: MailText | None = None
    headers: tuple[tuple[str, MailText], ...] = ()
    text: MailText = NO_TEXT
    attachments: tuple[Attachment, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    """One mail message, decoded for display; never carries ciphertext.

    Every text that came from the message is a MailText (docs/text-safety.md).
    """

    key: str
    subject: MailText = NO_TEXT
    sender: MailText = NO_TEXT
    sender_address: MailText = NO_TEXT
    to: MailText = NO_TEXT
    date: datetime | None = None
    message_id: MailText | None = None
    in_reply_to: MailText | None = None
    references: tuple[MailText, ...] = ()
    headers: tuple[tuple[str, MailText], ...] = ()
    text: MailText = NO_TEXT
    attachments: tuple[Attachment, ...] = ()
    encrypted: bool = False
    seen: bool = False
    size: int = 0
    problems: tuple[str, ...] = ()
    embedded: tuple[Embedded, ...] = ()
    """The messages attached as ``message/rfc822`` directly under the top part, in order
    (at most ``MAX_EMBEDDED``)."""
    dated_by_file: bool = False
    """No Date or Received header could be read: ``date`` is the message's arrival (the
    file's or the server's time the listing gave, or a Maildir name's delivery time when
    later: ``parse.believed_date``), not the message's own. Said by the parser, never
    guessed by comparing ``date`` with that time: a Maildir written by IMAP APPEND has the
    INTERNALDATE as its files' time, often the Date's very second (docs/insight.md)."""
    date_ahead: datetime | None = None
    """The message's own date when it is more than a day after the message reached the
    mailbox (``parse.believed_date``; the arrival: ``domain.arrival``): not believed,
    ``date`` is the arrival (or, with no plausible one, when it was read), and the
    report view says so. None: its own date is believed (or none was given). Last of the
    fields: an entry cached before it reads back with None."""


MAX_EMBEDDED = 4
"""Attached messages parsed per message: a moderation notice has two, a digest of
forwards more, and those past the fourth are only listed as attachments."""




def date_in_future(message: Message) -> datetime | None:
    """The date ``message`` gives itself when it is more than ``AHEAD`` after the message
    reached the mailbox, else None: ``date_ahead`` (not believed by the parser), else its
    Date header's when a Received header dated it and the Date is ahead of that (counted
    right already; the Date header is parsed here, when a member reads the message, not
    for every message read: docs/insight.md, "Session 27: walkfix27b")."""
    if message.date_ahead is not None or message.date is None:
        return message.date_ahead
    import email.utils

    stated = next((str(v) for name, v in message.headers if name == "Date"), "")
    try:
        said = email.utils.parsedate_to_datetime(stated)
    except (TypeError, ValueError, IndexError):
        return None
    said = said if said.tzinfo is not None else said.replace(tzinfo=UTC)
    date = message.date if message.date.tzinfo is not None else \
        message.date.replace(tzinfo=UTC)
    return said if said - date > AHEAD else None
