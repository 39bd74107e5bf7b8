"""Provides parsing of raw mail bytes into domain Messages (the only mailparser user).

Display headers go through the standard library's ``policy.default`` (mail-parser
loses 8-bit characters in headers); bodies and attachments through mail-parser,
with a standard-library fallback. Nothing here raises on bad input: every
oddity becomes a problem string on the Message.
"""

from __future__ import annotations

import email
import email.header
import email.utils
import logging
import re
import time
from dataclasses import replace
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.message import Message as StdMessage
from email.parser import BytesParser
from typing import Any

from hdtui.domain.address import angled_address, named_address
from hdtui.domain.arrival import AHEAD, arrival, dated_by_arrival, delivered_at
from hdtui.domain.mail import HEADER_FIELDS, NOT_MAIL, SYSTEM_HEADERS, Parsed, SourceItem
from hdtui.domain.message import MAX_EMBEDDED, Attachment, Embedded, Message
from hdtui.domain.text import CONTROL_PROBLEM, MailText, clean_noting, has_unsafe, one_line
from hdtui.mime import (
    BROKEN_MULTIPART,
    broken_multipart_text,
    decode_text,
    looks_like_mail,
    repaired_multipart,
)
from hdtui.mime import one_part as _one_part
from hdtui.mime import plain_fields as _plain_fields

_log = logging.getLogger("mailparser")
_log.setLevel(logging.CRITICAL)  # it warns on every multipart/alternative
_log.addHandler(logging.NullHandler())

DISPLAY_HEADERS = ("From", "To", "Cc", "Reply-To", "Date", "Subject", "Message-ID",
                   "In-Reply-To", "List-Id", "X-BeenThere", "X-Mailman-Version")
"""Kept when present; the last two tell a Mailman notice and its list (docs/moderation.md)."""
_APPROVED_RE = re.compile(r"(?im)^([ \t>]*(?:x-)?approved?[ \t]*:)[ \t]*\S[^\n]*$")
"""A Mailman ``Approved:`` line (header or first line of a body): it carries a list's
moderator password, so its value is never kept (docs/moderation.md)."""
HIDDEN_PASSWORD = "(password hidden by hdtui)"
APPROVED_HEADERS = ("Approved", "Approve", "X-Approved", "X-Approve")
"""The headers Mailman reads a moderator password from."""
_KEPT_HEADERS = tuple((name, name.lower()) for name in (*DISPLAY_HEADERS, *SYSTEM_HEADERS))
"""The headers a Message keeps, with the lower-case names ``_Heads`` files them by: one
that is absent is not looked up (a plain report has 5 of these 15)."""
_APPROVED_FIELDS = tuple(name.lower() for name in APPROVED_HEADERS)
MAX_TEXT = 2_000_000
_PRINTABLE = re.compile(r"[\x20-\x7e\t]*")
"""A header value the fast path may take as it is: printable ASCII (no control character,
which the standard parser flags as a defect)."""
_ATOMS = r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
_ADDR = rf"{_ATOMS}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_SIMPLE_ADDRESS = re.compile(rf"(?:[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)* <({_ADDR})>|({_ADDR}))")
_SIMPLE_ID = re.compile(rf"<{_ADDR}>")
_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender", "resent-from",
                              "resent-to", "resent-cc", "resent-bcc", "resent-sender"})
_STRUCTURED = frozenset({"date", "resent-date", "orig-date", "message-id", "mime-version",
                         "content-type", "content-disposition", "content-transfer-encoding",
                         *_ADDRESS_HEADERS})
_AHEAD_SECONDS = AHEAD.total_seconds()
_BARE_CR = re.compile(rb"\r(?!\n)")
BARE_CR_PROBLEM = "a header held a bare carriage return (read as a space)"
"""Said of a message whose header block had a CR that ends no line (``_bare_crs_as_spaces``)."""
MAX_MIME_DEPTH = 32
"""Deeper MIME is read without mail-parser (whose walk recurses): real mail nests a few
levels, a forward chain perhaps twenty; hundreds are an attack or a broken client."""


def parse_item(raw: bytes, item: SourceItem, maildir: bool = False) -> Parsed:
    """Parse a listed message's bytes, carrying over what the listing knew (seen, date).
    ``maildir``: the key is a Maildir file's unique name, whose delivery time is an
    arrival beside the file's time (``believed_date``)."""
    parsed = _parse_message(raw, item.key, item.mtime, True, item.key if maildir else "")
    if item.seen:
        return Parsed(replace(parsed.message, seen=True), parsed.ciphertext)
    return parsed


def parse_headers(raw: bytes, item: SourceItem) -> Message:
    """A message known only by its headers (``HEADER_FIELDS``, fetched before its body):
    what a provisional queue row shows. No body, no problems of the body; the headers are
    read exactly as ``parse_message`` reads them, so hostile ones stay data. Never
    raises."""
    problems: list[str] = []
    try:
        block, bare = _header_line_ends(_header_block(raw.replace(b"\0", b"")))
        if bare:
            problems.append(BARE_CR_PROBLEM)
        # Plain fields are stored as the feed parser would store them, without it: the
        # headers are then parsed with policy.default only when a value needs it, as in
        # parse_message (a fifth of the glimpse's CPU, docs/cold-start.md).
        plain = _plain_fields(block)
        heads = _Heads(block, plain[0] if plain is not None else None, problems)
        headers = [(name, heads.text(name)) for name in (*DISPLAY_HEADERS, *SYSTEM_HEADERS)
                   if name in HEADER_FIELDS]
        content_type = heads.raw("content-type").lower()
        if "multipart/report" in content_type and \
                heads.head.get_content_type() == "multipart/report":
            kind = one_line(str(heads.head.get_param("report-type") or ""), 40)
            headers.append(("Content-Type", f"multipart/report; report-type={kind}"))
        subject, sender = heads.text("Subject"), heads.text("From")
        date, ahead, by_arrival = believed_date(heads.received_date(), item.mtime,
                                                heads.raw("date"))
        if any(has_unsafe(v) for v in (subject, sender, *(v for _, v in headers))):
            problems.append(CONTROL_PROBLEM)
        return Message(
            key=item.key,
            subject=MailText(subject),
            sender=MailText(sender),
            sender_address=MailText(heads.address()),
            to=MailText(heads.text("To")),
            date=date,
            dated_by_file=by_arrival,
            date_ahead=ahead,
            message_id=MailText(heads.text("Message-ID")) or None,
            headers=tuple((name, MailText(value)) for name, value in headers if value),
            encrypted="multipart/encrypted" in content_type,
            size=item.size,
            seen=item.seen,
            problems=tuple(dict.fromkeys(problems)),
        )
    except Exception as e:  # defence in depth, as in parse_message
        return Message(key=item.key, size=item.size, date=item.mtime, seen=item.seen,
                       dated_by_file=item.mtime is not None,
                       problems=(f"unparseable headers: {type(e).__name__}: {e}",))


def believed_date(own: datetime | None, listed: datetime | None, stated: str,
                  named: str = "") -> tuple[datetime | None, datetime | None, bool]:
    """The date a message is counted and sorted by, its own date when that is not
    believed (else None), and whether the date is its arrival's for want of its own.
    ``own``: the first Received header's date, else the Date header's (``received_date``);
    ``listed``: the time the listing gives (the file's time, the IMAP INTERNALDATE; None:
    none); ``stated``: the Date header as it came, parsed only when ``own`` is not
    believed; ``named``: a Maildir file's unique name, whose delivery time
    (``arrival.delivered_at``) is read only when the file's time does not settle it.

    The arrival is the latest plausible of ``listed`` and the name's time
    (``arrival.arrival``: a time before 2009 or more than a day from now is no evidence).
    A date more than ``AHEAD`` after the arrival is the sender's clock or a lie: a mail
    dated 2100 sat first in the queue for ever, moved the demo's "today" to 2100 and was
    left out of every count (walk27). With a time given but none plausible, the moment it
    is read stands for the arrival (mail cannot arrive after it is read): a Maildir copied
    with its files dated 1980 and made-up names believes every date that is not in the
    future (its files' times made every date "ahead of its arrival", arrival28). With no
    time given (a file parsed alone) nothing is compared. A message whose date is not
    believed, or that has none, is dated by its arrival as ``arrival.dated_by_arrival``
    dates it (the name's time first: a ``cp -r`` copy's file times are the copy's day),
    else by the bound (a date not believed) or the listed time as it is (none). A Date
    ahead of a Received header that is believed is said by the report view
    (``message.date_in_future``; docs/insight.md, "Session 27: walkfix27b" and "Session
    28: arrival28")."""
    if listed is None and not named:
        return own, None, False
    if own is not None and listed is not None and own - listed <= AHEAD and \
            listed.timestamp() <= time.time() + _AHEAD_SECONDS:
        # Most mail: its date within a day of a file's time that is not in the future.
        # The arrival is that time or later (or, were the time before 2009, the date is
        # too), so the date is believed whatever the name says.
        return own, None, False
    now = datetime.now(UTC)
    delivered = delivered_at(named) if named else None
    arrived = arrival(listed, delivered, now)
    if own is None:
        dated = dated_by_arrival(listed, delivered, now) or listed
        return dated, None, dated is not None
    bound = arrived or now
    if own - bound <= AHEAD:
        return own, None, False
    said = _parse_date(stated) if stated else None
    return dated_by_arrival(listed, delivered, now) or bound, \
        said if said is not None and said - bound > AHEAD else own, False


def parse_message(raw: bytes, key: str, fallback_date: datetime | None = None,
                  embed: bool = True) -> Parsed:
    """Parse raw bytes into a Message; never raises. ``fallback_date``: the time the
    listing gives (``believed_date``'s ``listed``); ``embed``: parse the messages attached
    as message/rfc822 too (``Message.embedded``; one level only)."""
    return _parse_message(raw, key, fallback_date, embed)


def _parse_message(raw: bytes, key: str, fallback_date: datetime | None, embed: bool,
                   named: str = "") -> Parsed:
    try:
        return _parsed(raw, key, fallback_date, embed, named)
    except Exception as e:  # the last guard: one hostile mail never stops a queue's load
        return Parsed(Message(key=key, subject=MailText("(unreadable message)"),
                              size=len(raw),
                              problems=(f"unparseable message: {type(e).__name__}",)))


def _parsed(raw: bytes, key: str, fallback_date: datetime | None, embed: bool,
            named: str) -> Parsed:
    problems: list[str] = []
    size = len(raw)
    if b"\0" in raw:
        # NUL is never valid in mail (RFC 5322) but broken clients send it; one NUL must not
        # hide the Subject and From. Removed (not shown as a symbol: the bytes are not yet
        # decoded, and in a non-UTF-8 charset any stand-in would become garbage).
        nuls = raw.count(b"\0")
        problems.append(f"message contains NUL bytes ({nuls} removed)")
        raw = raw.replace(b"\0", b"")
    if not looks_like_mail(raw):
        return Parsed(Message(key=key, subject=MailText("(not a mail message)"), size=size,
                              problems=(NOT_MAIL,)))
    # Display headers through policy.default (it keeps 8-bit letters mail-parser drops),
    # parsed only when a value needs it (_Heads); the body is parsed once, compat32, and
    # shared with mail-parser.
    block = _header_block(raw)
    read, bare = _header_line_ends(block)
    if bare:
        problems.append(BARE_CR_PROBLEM)
    if read is not block:
        body = raw[len(block):]
        if block.endswith(b"\r\r\n\r\r\n"):  # the body's lines end so too (fix28d)
            body = body.replace(b"\r\r\n", b"\r\n")
        raw, block = read + body, read
    # The body is parsed apart from the headers: when it fails, Subject and From stay.
    std: StdMessage | None
    single: StdMessage | None = None
    try:
        split = _split_pgp_mime(raw, block)
        if split is None:
            single = _one_part(raw)
    except Exception:  # defence in depth: the whole parse then says what is wrong
        split = single = None
    try:
        # A well-formed PGP/MIME message is cut at its boundaries instead (its armour is
        # most of it, and the feed parser's walk through it most of its parse), and a
        # message of one part is parsed by its headers alone (a plain report).
        std = split[0] if split is not None else single if single is not None else \
            email.message_from_bytes(raw)
    except RecursionError:  # the stdlib's feed parser recurses once per MIME level
        std = None
        problems.append("MIME nested too deeply to parse (hundreds of levels): "
                        "body not read")
    except Exception as e:
        std = None
        problems.append(f"unparseable body: {type(e).__name__}: {e}")
    # A message of one part read by ``_one_part`` is neither multipart nor encrypted: its
    # depth and its PGP/MIME are known without asking it again.
    one_part = single is not None and std is single
    depth = 1 if one_part else _depth(std) if std is not None else 0
    if depth > MAX_MIME_DEPTH:
        problems.append(f"MIME nested {depth} levels deep (more than {MAX_MIME_DEPTH}): "
                        "only plain-text parts shown")
    for defect in std.defects if std is not None else ():
        problems.append(f"MIME defect: {type(defect).__name__}")
    try:
        heads = _Heads(block, std, problems)
    except Exception as e:  # the stdlib parser is lenient; this is defence in depth
        return Parsed(Message(key=key, size=size,
                              problems=(f"unparseable message: {type(e).__name__}: {e}",)))
    headers = []
    fields = heads.fields
    for name, lowered in _KEPT_HEADERS:
        if lowered in fields:  # an absent header's text is ""
            value = heads.text(name)
            if value:
                headers.append((name, value))
    if any(fields[name][0] for name in _APPROVED_FIELDS if name in fields):
        # A moderator's approval (docs/moderation.md): that it was there, never its value.
        headers.append(("Approved", HIDDEN_PASSWORD))
    if "multipart/report" in heads.raw("content-type").lower() and \
            heads.head.get_content_type() == "multipart/report":
        # A delivery or disposition report (RFC 3462/3464): only its kind is kept, not the
        # boundary, so the header reads as what it says.
        kind = one_line(str(heads.head.get_param("report-type") or ""), 40)
        headers.append(("Content-Type", f"multipart/report; report-type={kind}"))
    subject = heads.text("Subject")
    sender = heads.text("From")
    sender_address = heads.address()
    date, ahead, by_arrival = believed_date(heads.received_date(), fallback_date,
                                            heads.raw("date"), named)
    encrypted, ciphertext = (True, split[1]) if split is not None else \
        _pgp_mime(std, problems) if std is not None and not one_part else (False, None)
    text = ""
    attachments: tuple[Attachment, ...] = ()
    # The boundary: every string below is turned into MailText (docs/text-safety.md).
    if std is not None and depth > MAX_MIME_DEPTH:
        text, attachments = _std_body(std, problems)
    elif std is not None and not encrypted:
        simple = _simple_text(std, problems, heads.fields)
        text, attachments = (simple, ()) if simple is not None else _body(std, problems)
    if "pprove" in text:
        text = _APPROVED_RE.sub(rf"\1 {HIDDEN_PASSWORD}", text)
    embedded = _embedded(std, key, problems) if embed and std is not None and \
        depth <= MAX_MIME_DEPTH and std.is_multipart() else ()
    # Each value checked and cleaned in one scan, once however often it is kept (the
    # Subject, From and To stand in the headers too).
    cleaned = {v: clean_noting(v) for v in dict.fromkeys(
        (text, subject, sender, *(v for _, v in headers)))}
    if any(unsafe for _, unsafe in cleaned.values()):
        problems.append(CONTROL_PROBLEM)

    def safe(value: str) -> MailText:
        found = cleaned.get(value)
        return found[0] if found is not None else MailText(value)

    message = Message(
        key=key,
        subject=safe(subject),
        sender=safe(sender),
        sender_address=safe(sender_address),
        to=safe(heads.text("To")),
        date=date,
        dated_by_file=by_arrival,
        date_ahead=ahead,
        message_id=safe(heads.text("Message-ID")) or None,
        in_reply_to=safe(heads.text("In-Reply-To")) or None,
        references=tuple(MailText(r) for r in heads.text("References").split()),
        headers=tuple((name, safe(value)) for name, value in headers),
        text=safe(text),
        attachments=attachments,
        encrypted=encrypted,
        size=size,
        problems=tuple(dict.fromkeys(problems)),
        embedded=embedded,
    )
    return Parsed(message, ciphertext)


def _embedded(std: StdMessage, key: str, problems: list[str]) -> tuple[Embedded, ...]:
    """The messages attached as message/rfc822 directly under the top part, each parsed
    like any mail (its own attached messages only listed)."""
    found: list[Embedded] = []
    payload = std.get_payload()
    for part in payload if isinstance(payload, list) else ():
        if len(found) == MAX_EMBEDDED:
            break
        if not isinstance(part, StdMessage) or part.get_content_type() != "message/rfc822":
            continue
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if not isinstance(inner, StdMessage):
            problems.append("an attached message could not be read")
            continue
        try:
            data = inner.as_bytes(policy=policy.compat32)
        except Exception as e:  # a header the generator cannot write again
            problems.append(f"an attached message could not be read ({type(e).__name__})")
            continue
        message = parse_message(data, key, embed=False).message
        found.append(Embedded(message.subject, message.sender, message.sender_address,
                              message.to, message.date, message.message_id,
                              message.headers, message.text, message.attachments,
                              message.problems))
    return tuple(found)


class _Heads:
    """The headers of one message, each looked up once (docs/cold-start.md).

    The standard library's ``policy.default`` parses a header again at every lookup, and
    that parse was most of reading a plain report. A value of printable ASCII without
    encoded words whose meaning the parse would not change (unstructured text, a plain
    address, a plain message ID, a valid date) is taken as it is; anything else goes
    through ``policy.default`` as before, with the same problems recorded."""

    def __init__(self, block: bytes, std: StdMessage | None, problems: list[str]) -> None:
        """``block``: the header lines; ``std``: the whole message parsed (compat32), whose
        raw header values are the same, or None (then ``block`` is parsed now)."""
        self.block = block
        self.problems = problems
        self._head: EmailMessage | None = None
        self._raw: dict[str, list[str]] = {}
        for name, value in (std if std is not None else self.head).raw_items():
            self._raw.setdefault(name.lower(), []).append(str(value))
        self._texts: dict[str, str] = {}

    @property
    def head(self) -> EmailMessage:
        """The headers parsed with ``policy.default`` (on first use)."""
        if self._head is None:
            head = BytesParser(policy=policy.default).parsebytes(self.block, headersonly=True)
            assert isinstance(head, EmailMessage)
            self._head = head
        return self._head

    @property
    def fields(self) -> dict[str, list[str]]:
        """Every header's values as they came, by lower-case name (``_simple_text``)."""
        return self._raw

    def raw(self, name: str) -> str:
        """The first value of a header as it came (folding removed), "" when absent."""
        found = self._raw.get(name.lower())
        return found[0] if found else ""

    def _plain(self, value: str) -> bool:
        return "=?" not in value and _PRINTABLE.fullmatch(value.replace("\r", "")
                                                          .replace("\n", "")) is not None

    def text(self, name: str) -> str:
        """A header as ``_header`` gives it (policy.default's reading, one line)."""
        lowered = name.lower()
        known = self._texts.get(lowered)
        if known is None:
            known = self._fast(lowered) if lowered in self._raw else ""
            if known is None:
                known = _header(self.head, name, self.problems)
            self._texts[lowered] = known
        return known

    def _fast(self, lowered: str) -> str | None:
        value = self._raw[lowered][0]
        if not self._plain(value):
            return None
        if lowered in _ADDRESS_HEADERS:
            if len(self._raw[lowered]) > 1 or "," in value:
                return None
            return " ".join(value.split()) if _SIMPLE_ADDRESS.fullmatch(value.strip()) \
                else None
        if lowered == "message-id":
            return value.strip() if _SIMPLE_ID.fullmatch(value.strip()) else None
        if lowered == "date":
            date = _parse_date_strict(value)
            return " ".join(email.utils.format_datetime(date).split()) if date else None
        if lowered in _STRUCTURED:
            return None
        return " ".join(value.split())

    def address(self) -> str:
        """The sender's address, as ``_address`` gives it."""
        value = self.raw("from")
        match = _SIMPLE_ADDRESS.fullmatch(value.strip()) if self._plain(value) and \
            len(self._raw.get("from", ())) == 1 else None
        if match is not None:
            return (match.group(1) or match.group(2)).lower()
        return _address(self.head, self.problems)

    def received_date(self) -> datetime | None:
        """The delivery time, as ``_received_date`` gives it."""
        received = self._raw.get("received", [])
        dates = self._raw.get("date", [])
        if not all(self._plain(v) for v in (*received, *dates[:1])):
            return _received_date(self.head, self.problems)
        for value in received:
            date = _parse_date(value.rsplit(";", 1)[-1].strip())
            if date is not None:
                return date
        if dates:
            date = _parse_date_strict(dates[0])
            if date is None:
                return _received_date(self.head, self.problems)
            return _parse_date(email.utils.format_datetime(date))
        return None


def _parse_date_strict(value: str) -> datetime | None:
    """``parsedate_to_datetime`` as the Date header's parse does it, None if it fails."""
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _header_block(raw: bytes) -> bytes:
    """The bytes up to the first empty line: headers only, however large the body. Lines
    may end in LF, CRLF, or CR CR LF (a client or gateway that added a CR before each
    CRLF): that empty line is kept in the block (``_header_line_ends``)."""
    ends = [(i, i + 2) for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0]
    # Looked for before the other ends only: not a scan of a large body.
    doubled = raw.find(b"\r\r\n\r\r\n", 0, min(ends)[0] + 6 if ends else len(raw))
    if doubled >= 0:
        ends.append((doubled, doubled + 6))
    return raw[: min(ends)[1]] if ends else raw


def _header_line_ends(block: bytes) -> tuple[bytes, bool]:
    """The header block with each CR CR LF read as a line end (CRLF) and each bare CR
    left as a space (``_bare_crs_as_spaces``), and whether it had a bare CR; ``block``
    itself when it needs neither. CR CR LF ends no header line for the standard parser:
    it found no end of the headers, the whole message was rewritten, the body's lines
    kept a space where the CR was and a "MissingHeaderBodySeparator" defect was said
    (docs/text-safety.md, "A bare CR in a header")."""
    read = block.replace(b"\r\r\n", b"\r\n") if b"\r\r\n" in block else block
    spaced = _bare_crs_as_spaces(read)
    return spaced, spaced is not read


def _bare_crs_as_spaces(block: bytes) -> bytes:
    """A header block whose lines end in LF (or CRLF) with each carriage return that ends
    no line (a bare CR: not before an LF) made a space; ``block`` itself when it has none.
    The standard parser ends a line at a bare CR: inside a Subject it ended the headers,
    the rest (Date, Message-ID, Content-Type) read as the body ("MissingHeaderBodySeparator"
    defect), or started a header of its own (``Subject: x\rTo: y`` added a To). As a
    space, the value reads as the sender's client showed it, on one line, and the CR never
    reaches the screen (docs/text-safety.md, "A bare CR in a header"). A block with no LF
    at all (lines ended by CR alone, old Mac mail) is left as the parser reads it."""
    crs = block.count(b"\r")
    if not crs or crs == block.count(b"\r\n") or b"\n" not in block:
        return block
    return _BARE_CR.sub(b" ", block)


def _header(std: EmailMessage, name: str, problems: list[str]) -> str:
    try:
        value = std.get(name)
    except Exception as e:
        problems.append(f"bad {name} header: {type(e).__name__}")
        # Read again as it came, never through the parse that just failed (an encoded
        # line break in a From name made get_all raise too: docs/text-safety.md).
        came = _raw_values(std, name)
        pairs = _pairs(came) if name.lower() in _ADDRESS_HEADERS else []
        if pairs:
            return ", ".join(_address_as_it_came(pair) for pair in pairs)
        return " ".join(" ".join(_as_it_came(v).split()) for v in came)
    if value is None:
        return ""
    text = str(value)
    defects = getattr(value, "defects", ())
    if defects:
        problems.append(f"bad {name} header: {type(defects[0]).__name__}")
        if name.lower() in _ADDRESS_HEADERS and _lost_address(value):
            # ``Bob Smith [work] <bob@x.example>`` read as "Bob Smith", the address lost
            # (walk29's defect 2): shown as it came, the problem said above.
            return " ".join(" ".join(_as_it_came(v).split())
                            for v in _raw_values(std, name))
    return " ".join(text.split())


def _lost_address(value: object) -> bool:
    """Whether a defective address header's parse lost an address it holds: one of its
    addresses has no domain (a display name with ``[`` ``]``, a domain with a trailing
    dot in angle brackets), or it found none."""
    addresses = getattr(value, "addresses", ())
    return not addresses or any(not a.domain for a in addresses)


def _as_it_came(value: object) -> str:
    """A header's stored value with its encoded words decoded as far as they decode, and
    as stored when they do not: never an error."""
    text = str(value)
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except Exception:  # a malformed encoded word or charset: the text as it came
        return text


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[qQbB]\?[^?\s]*\?=")


def _raw_values(std: EmailMessage, name: str) -> list[str]:
    """A header's values as stored, never through the parse of its kind."""
    return [str(v) for k, v in std.raw_items() if k.lower() == name.lower()]


def _quoted(text: str) -> str:
    """``text`` as an RFC 5322 quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted_word(found: re.Match[str]) -> str:
    """An encoded word as the quoted string of what it decodes to, on one line."""
    return _quoted(" ".join(_as_it_came(found.group()).split()))


def _pairs(values: list[str]) -> list[tuple[str, str]]:
    """The (name, address) pairs of address header values as they came, each encoded word
    first made the quoted string of what it decodes to: what a name decodes to (a comma, a
    line break, an address of its own) stays in the name (review27b: "Doe, John" gave the
    address "doe", "x <foundations@tails.net>" the team's address)."""
    quoted = [_ENCODED_WORD.sub(_quoted_word, " ".join(v.split())) for v in values]
    # An address only an encoded word holds is a name, never the address ("=?utf-8?q?
    # foundations=40tails.net=0A?=" alone was read as the team's address: review27c).
    plain = " ".join(_ENCODED_WORD.sub(" ", v) for v in values).lower()
    return [(name, address) for name, address in email.utils.getaddresses(quoted)
            if address and address.lower() in plain]


_SPECIALS = frozenset('()<>[]:;@\\,."')


def _address_as_it_came(pair: tuple[str, str]) -> str:
    """One address of a refused header as a reader shows it: its name (quoted when it
    holds what would split it again), then the address."""
    name = " ".join(pair[0].split())
    if not name:
        return pair[1]
    return f"{_quoted(name) if any(c in _SPECIALS for c in name) else name} <{pair[1]}>"


def _address(std: EmailMessage, problems: list[str]) -> str:
    try:
        header = std.get("From")
    except Exception:  # unparseable (an encoded line break in the name): as it came
        pairs = _pairs(_raw_values(std, "From")[:1])
        return pairs[0][1].lower() if pairs else ""
    if header is None:
        problems.append("no From header")
        return ""
    addresses = getattr(header, "addresses", ())
    if getattr(header, "defects", ()) and _lost_address(header):
        # The parse lost the address (``Bob Smith [work] <bob@x.example>`` gave "bob
        # smith", ``Support <SUPPORT@Tails.Net.>`` "support": walk29's defects 2 and 5):
        # the one the header names, as the Help Desk's own addresses are read
        # (``address.named_address``: the first in angle brackets, a trailing dot
        # dropped), from the value as it came, never from what an encoded word decodes to.
        # A quoted local part or a domain literal in them (``Bob [w] <bob@[127.0.0.1]>``:
        # review29b) is read as written (``address.angled_address``), as the parse reads
        # it after a name it can read.
        raw = " ".join(_raw_values(std, "From")[:1])
        named = named_address(raw) or angled_address(raw)
        if named:
            return named
    if addresses:
        return str(addresses[0].addr_spec).lower()
    _, addr = email.utils.parseaddr(str(header))
    return addr.lower()


def _received_date(std: EmailMessage, problems: list[str]) -> datetime | None:
    """The delivery time from the top Received header, else the Date header."""
    try:
        received = std.get_all("Received") or []
    except Exception:
        received = []
    for value in received:
        stamp = str(value).rsplit(";", 1)[-1].strip()
        date = _parse_date(stamp)
        if date is not None:
            return date
    try:
        raw_date = std.get("Date")
    except Exception:
        raw_date = None
    if raw_date is not None:
        date = _parse_date(str(raw_date))
        if date is None:
            problems.append(f"bad Date header: {str(raw_date)[:60]!r}")
        return date
    return None


def _parse_date(value: str) -> datetime | None:
    try:
        date = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return date


_PLAIN_CTE = frozenset({b"", b"7bit", b"8bit", b"binary"})
"""Transfer encodings whose payload is the part's bytes as they are."""


def _split_pgp_mime(raw: bytes, block: bytes) -> tuple[StdMessage, bytes] | None:
    """A PGP/MIME message (RFC 3156) cut at its boundaries without the feed parser walking
    its armour: its headers (parsed alone, compat32) and the second part's bytes, exactly
    what ``_pgp_mime`` takes from a whole parse. None, for the whole parse, whenever the
    message is anything but plain: another protocol, not two parts, a boundary line that
    is not exactly one, a nested or encoded part, mixed line endings, an empty armour
    (docs/encryption.md, "The outer MIME of an encrypted report")."""
    if b"multipart/encrypted" not in block.lower():
        return None
    # Plain fields are read without the feed parser, as for a plain report (the same
    # compat32 fields, no defects possible); anything else by the feed parser.
    plain = _plain_fields(block)
    if plain is not None:
        head = plain[0]
        head.set_payload("")  # as a headers-only parse leaves it
    else:
        head = BytesParser(policy=policy.compat32).parsebytes(block, headersonly=True)
    boundary = head.get_boundary()
    protocol = str(head.get_param("protocol", "", header="content-type") or "")
    if head.defects or head.get_content_type() != "multipart/encrypted" or not boundary \
            or protocol.lower() != "application/pgp-encrypted":
        return None
    body = raw[len(block):]
    crlf = body.count(b"\r\n")
    if crlf != body.count(b"\r") or crlf not in (0, body.count(b"\n")):
        return None  # bare CR, or CRLF and LF mixed
    eol = b"\r\n" if crlf else b"\n"
    try:
        delimiter = b"--" + boundary.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # an RFC 2231 boundary with letters beyond ASCII
        return None
    lines = body.split(eol)
    marks = [i for i, line in enumerate(lines) if line.startswith(delimiter)]
    if len(marks) != 3 or [lines[i].rstrip(b" \t") for i in marks] != \
            [delimiter, delimiter, delimiter + b"--"]:
        return None
    parts = [lines[marks[0] + 1:marks[1]], lines[marks[1] + 1:marks[2]]]
    payload = b""
    for part in parts:
        if b"" not in part:
            return None  # no end of the part's headers
        end = part.index(b"")
        fields = _part_fields(part[:end])
        if fields is None:
            return None
        ctype = fields.get(b"content-type", b"").split(b";")[0].strip().lower()
        if ctype.startswith((b"multipart/", b"message/")) or \
                fields.get(b"content-transfer-encoding", b"").strip().lower() not in _PLAIN_CTE:
            return None
        payload = eol.join(part[end + 1:])
    if not payload.strip():
        return None
    return head, payload


_FIELD_NAME = re.compile(rb"[!-9;-~]+")
"""A header field's name (RFC 5322: printable ASCII but the colon)."""


def _part_fields(lines: list[bytes]) -> dict[bytes, bytes] | None:
    """The first value of each header field of a part of a PGP/MIME message (lower-case
    names, continuation lines joined): cheaper than the feed parser for the two small
    heads of its parts. None when a line is not a plain field (the whole parse then says
    what is wrong)."""
    fields: dict[bytes, bytes] = {}
    name = b""
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            if not name:
                return None
            fields[name] += line
            continue
        head, colon, value = line.partition(b":")
        if not colon or not _FIELD_NAME.fullmatch(head):
            return None
        name = head.lower()
        if name in fields:
            name = b"-"  # only the first value counts, as for Message.get
        fields[name] = value
    return fields


def _pgp_mime(std: StdMessage, problems: list[str]) -> tuple[bool, bytes | None]:
    """Recognise RFC 3156 PGP/MIME and return its armoured ciphertext."""
    if std.get_content_type() != "multipart/encrypted":
        return False, None
    protocol = str(std.get_param("protocol", "", header="content-type") or "")
    if protocol.lower() != "application/pgp-encrypted":
        problems.append(f"multipart/encrypted with unknown protocol {protocol!r}")
    parts = std.get_payload()
    if not isinstance(parts, list) or len(parts) < 2:
        problems.append("PGP/MIME message without its encrypted part")
        return True, None
    encrypted_part = parts[1]
    if not isinstance(encrypted_part, StdMessage):
        problems.append("PGP/MIME message with a malformed encrypted part")
        return True, None
    payload = encrypted_part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        problems.append("PGP/MIME message with an empty encrypted part")
        return True, None
    return True, payload


def _body(std: StdMessage, problems: list[str]) -> tuple[str, tuple[Attachment, ...]]:
    import mailparser  # imported on first use: a warm start parses no mail at all

    try:
        parsed = mailparser.MailParser(std)
        text = "\n\n".join(parsed.text_plain)
        if not text and parsed.text_html:
            text = _strip_html("\n".join(parsed.text_html))
        attachments = tuple(_attachment(a) for a in parsed.attachments)
    except Exception as e:
        problems.append(f"mail-parser failed ({type(e).__name__}); used the standard parser")
        text, attachments = _std_body(std, problems)
    if not text and not attachments:
        text, attachments = _broken_body(std, problems)
    if "\ufffd" in text[:MAX_TEXT]:
        problems.append("text contains undecodable characters (wrong or unknown charset)")
    for part in std.walk():
        charset = part.get_content_charset()
        if charset:
            try:
                "".encode(charset)
            except LookupError:
                problems.append(f"unknown charset {charset!r}")
    if len(text) > MAX_TEXT:
        problems.append(f"text truncated to {MAX_TEXT} characters")
        text = text[:MAX_TEXT]
    return text, attachments


def _broken_body(std: StdMessage, problems: list[str]) -> tuple[str, tuple[Attachment, ...]]:
    """The text and attachments of a multipart mail whose boundary is missing: its parts
    read by the boundary its body's delimiter lines use, else its whole body as text
    (docs/text-safety.md, "Malformed mail"); nothing for any other mail."""
    repaired = repaired_multipart(std)
    if repaired is not None:
        found: list[str] = []
        text, attachments = _body(repaired, found)
        if text or attachments:
            problems += [BROKEN_MULTIPART, *found]
            return text, attachments
    return broken_multipart_text(std, problems) or "", ()


_SIMPLE_CHARSETS = frozenset({"us-ascii", "utf-8", "utf8"})


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_PLAIN_TYPE = re.compile(rf"[ \t]*({_TOKEN}/{_TOKEN})[ \t]*"
                         rf"(?:;[ \t]*charset[ \t]*=[ \t]*(\"?)({_TOKEN})\2[ \t]*)?",
                         re.ASCII | re.IGNORECASE)
"""A Content-Type of a type and at most a charset, each a token (the charset quoted or
not), blanks around them: what the standard library reads without anything to decode."""


def _plain_heads(fields: dict[str, list[str]]) -> tuple[str, bool, str, str] | None:
    """What ``_simple_text`` asks a part of one message's headers (its values as they
    came, by lower-case name): its type, whether it is marked as an attachment or named
    (Content-Disposition, Content-ID), its transfer encoding and its charset, as the
    standard library's ``get_content_type``, ``get``, and ``get_content_charset`` give
    them, without their lookups and parameter parsing, for a Content-Type ``_PLAIN_TYPE``
    reads and values of ASCII (read as they came by compat32). None for anything else:
    the standard library reads it (docs/benchmarks.md, "Session 16: the cold read, parent
    and children")."""
    types = fields.get("content-type")
    encodings = fields.get("content-transfer-encoding") or ["7bit"]
    if not types or not types[0].isascii() or not encodings[0].isascii():
        return None
    found = _PLAIN_TYPE.fullmatch(types[0])
    if found is None:
        return None
    attached = "content-disposition" in fields or "content-id" in fields
    return (found.group(1).lower(), attached, encodings[0].strip().lower(),
            (found.group(3) or "us-ascii").lower())


def _simple_text(std: StdMessage, problems: list[str],
                 fields: dict[str, list[str]] | None = None) -> str | None:
    """The text of a single text/plain part in UTF-8 (or ASCII), 7 or 8 bit, with nothing
    that makes it an attachment: what mail-parser would give, without mail-parser (a plain
    WhisperBack report is such a message); None for anything else. ``fields``: the
    message's header values by lower-case name, when ``std`` is the whole message (its
    headers then read by ``_plain_heads``)."""
    if std.is_multipart():
        return None
    known = _plain_heads(fields) if fields is not None else None
    if known is not None:
        content_type, attached, encoding, charset = known
        if content_type != "text/plain" or attached:
            return None
    else:
        if std.get_content_type() != "text/plain":
            return None
        if any(std.get(name) is not None for name in ("content-disposition", "content-id")):
            return None
        encoding = str(std.get("content-transfer-encoding", "7bit")).strip().lower()
        charset = std.get_content_charset("us-ascii")
    if encoding not in ("7bit", "8bit") or charset not in _SIMPLE_CHARSETS:
        return None
    payload = std.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\ufffd" in text[:MAX_TEXT]:
        problems.append("text contains undecodable characters (wrong or unknown charset)")
    if len(text) > MAX_TEXT:
        problems.append(f"text truncated to {MAX_TEXT} characters")
        text = text[:MAX_TEXT]
    return text


def _attachment(item: dict[str, Any]) -> Attachment:
    payload = str(item.get("payload") or "")
    if item.get("binary"):
        # mail-parser keeps binary payloads as base64 text (with line breaks).
        encoded = "".join(payload.split())
        size = len(encoded) * 3 // 4 - encoded[-2:].count("=")
    else:
        size = len(payload.encode())
    return Attachment(
        filename=MailText(item.get("filename") or "(unnamed)"),
        content_type=MailText(item.get("mail_content_type") or "application/octet-stream"),
        size=size,
    )


def _parts(std: StdMessage) -> list[StdMessage]:
    """Every part, depth first, without recursion (Message.walk recurses once per level)."""
    parts: list[StdMessage] = []
    stack = [std]
    while stack:
        part = stack.pop()
        parts.append(part)
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, StdMessage)]))
    return parts


def _depth(std: StdMessage) -> int:
    """How deeply MIME parts nest (1: a single part), without recursion."""
    deepest = 0
    stack = [(std, 1)]
    while stack:
        part, level = stack.pop()
        deepest = max(deepest, level)
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend((p, level + 1) for p in payload if isinstance(p, StdMessage))
    return deepest


def _std_body(std: StdMessage, problems: list[str]) -> tuple[str, tuple[Attachment, ...]]:
    texts: list[str] = []
    attachments: list[Attachment] = []
    for part in _parts(std):
        if part.is_multipart():
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if filename or part.get_content_maintype() not in ("text",):
            attachments.append(Attachment(MailText(filename or "(unnamed)"),
                                          MailText(part.get_content_type()),
                                          len(data)))
        elif part.get_content_subtype() == "plain":
            texts.append(decode_text(part, data, problems))
    return "\n\n".join(texts), tuple(attachments)


def _strip_html(html: str) -> str:
    import html as html_lib
    import re

    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip()
