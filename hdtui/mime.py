"""Provides small MIME helpers shared by the mail parser and the decryptor (stdlib only)."""

from __future__ import annotations

import email
import re
from email import policy
from email.message import Message as StdMessage

from hdtui.domain.openpgp import KeyBlock, attachment_key_blocks, is_key_attachment

MAX_PARTS = 500
"""Parts looked at when searching a message for key attachments."""


def looks_like_mail(raw: bytes) -> bool:
    """True when the bytes start like an RFC 5322 message (a header line). NUL bytes are
    ignored: a stray one is a defect of a message, not a sign of a binary file (those
    fail the header-line test anyway)."""
    head = raw[:4096].replace(b"\x00", b"")
    if not head.strip():
        return False
    first = head.lstrip(b"\r\n").split(b"\n", 1)[0]
    if first.startswith(b"From "):
        return True
    name, colon, _ = first.partition(b":")
    return bool(colon) and bool(name) and all(33 <= c <= 126 for c in name)


_HEAD_FIELDS = re.compile(rb"(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*")
"""Header lines the fast path reads itself: fields (a name of printable ASCII but the
colon, then a colon), each followed by its continuation lines, every line ending in LF or
CR LF. Anything else (a bare CR, a line without a colon or starting with one, a ``From ``
line, a continuation line first) is left to the feed parser."""
_HEAD_FIELD = re.compile(rb"([!-9;-~]+):[ \t]*([^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)")


def one_part(raw: bytes) -> StdMessage | None:
    """A message of one part (not multipart, not a message/* type) as the standard
    library's whole parse (compat32) reads it, without its feed parser: each header field
    as the feed parser stores it (``Policy.header_source_parse``: the name before the
    first colon; the value without the blanks after the colon, its continuation lines
    kept, the last line ending removed), and as the payload the bytes after the empty
    line, as they are (what the whole parse joins back from the body's lines; both decoded
    as ASCII with surrogate escapes, as the feed parser does). None, for the whole parse,
    when a header line is anything but a plain field (``_HEAD_FIELDS``), when the fields
    are not followed by an empty line or the end, or when the type has parts
    (docs/cold-start.md, "Parsing faster"). Used for a plain report
    (``sources.parse.parse_message``) and for a decrypted report's inner text
    (``inner_text``)."""
    found = plain_fields(raw)
    if found is None:
        return None
    head, start = found
    if head.get_content_maintype() in ("multipart", "message"):
        return None
    head.set_payload(raw[start:].decode("ascii", "surrogateescape"))
    return head


def plain_fields(raw: bytes) -> tuple[StdMessage, int] | None:
    """The header fields of ``raw`` as the standard library's parse (compat32) stores
    them, without its feed parser, and where the body starts (``one_part``); None when a
    header line is anything but a plain field (``_HEAD_FIELDS``), when there is none, or
    when the fields are not followed by an empty line or the end."""
    fields = _HEAD_FIELDS.match(raw)
    end = fields.end() if fields is not None else 0  # it matches "" at least
    if raw.startswith(b"\n", end):
        start = end + 1
    elif raw.startswith(b"\r\n", end) or end == len(raw):
        start = min(end + 2, len(raw))
    else:
        return None
    if not end:
        return None
    head = StdMessage(policy=policy.compat32)
    for name, value in _HEAD_FIELD.findall(raw, 0, end):
        head.set_raw(name.decode("ascii"),
                     value.decode("ascii", "surrogateescape").rstrip("\r\n"))
    return head, start


def decode_text(part: StdMessage, data: bytes, problems: list[str]) -> str:
    """Decode a text part's bytes by its charset, replacing what cannot be decoded."""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        problems.append(f"unknown charset {charset!r}")
        return data.decode("utf-8", errors="replace")


BROKEN_MULTIPART = ("broken MIME structure: a multipart mail without its boundary; its "
                    "parts were read by the boundary its body uses")
"""The problem noted when a mail's parts could be found by the delimiter lines of its body."""
UNREADABLE_MULTIPART = ("broken MIME structure: a multipart mail without its boundary; its "
                        "whole body is shown as it came")
"""The problem noted when they could not: the whole body is the text."""
_DELIMITER_RE = re.compile(rb"^--([0-9A-Za-z'()+_,./:=?-][0-9A-Za-z'()+_,./:=? -]{0,69}?)"
                           rb"[ \t]*\r?$", re.MULTILINE)
"""A delimiter line of RFC 2046: two hyphens and a boundary of its characters."""


def _broken(std: StdMessage) -> bytes | None:
    """The body of a mail that says it is multipart but whose parts the standard library
    could not cut (no ``boundary`` parameter, or no line of it in the body): it then keeps
    the body as one string. None for any other mail."""
    if std.is_multipart() or std.get_content_maintype() != "multipart":
        return None
    payload = std.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    return data if data.strip() else None


_HEADER_LINE_RE = re.compile(rb"[!-9;-~]+:")
"""A header field's name and its colon, at the start of a line."""


def repaired_multipart(std: StdMessage) -> StdMessage | None:
    """A broken multipart mail (``_broken``) read again with the boundary of the first
    delimiter line of its body, when the body is surely cut by it; None otherwise.

    Surely: nothing but blank lines before that first line (a user's text there is text,
    not a preamble), a header line right after it, and the line twice or closed
    (``--b--``). A body whose one line happens to start with two hyphens ("I ran it
    with\n--verbose\nand…") is the user's text, and is shown whole
    (``broken_multipart_text``): reading it by that line kept only what followed it."""
    data = _broken(std)
    if data is None:
        return None
    found = _DELIMITER_RE.search(data)
    if found is None or data[:found.start()].strip():
        return None
    boundary = found.group(1).removesuffix(b"--")
    if not boundary or not _HEADER_LINE_RE.match(data, found.end() + 1):
        return None
    lines = re.findall(rb"^--" + re.escape(boundary) + rb"(--)?[ \t]*\r?$", data,
                       re.MULTILINE)
    if len(lines) < 2 and b"--" not in lines:
        return None
    head = f'Content-Type: {std.get_content_type()}; boundary="{boundary.decode("ascii")}"\n\n'
    repaired = email.message_from_bytes(head.encode("ascii") + data, policy=policy.compat32)
    return repaired if repaired.is_multipart() else None


def broken_multipart_text(std: StdMessage, problems: list[str]) -> str | None:
    """The whole body of a broken multipart mail (``_broken``) as it came, with
    ``UNREADABLE_MULTIPART`` noted; None for any other mail. Nothing is lost, the parts'
    own header lines included (docs/text-safety.md, "Malformed mail")."""
    data = _broken(std)
    if data is None:
        return None
    problems.append(UNREADABLE_MULTIPART)
    try:  # a multipart has no charset of its own: UTF-8 (ASCII too) is the usual one
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(std, data, problems)


def inner_text(decrypted: bytes) -> tuple[str, tuple[str, ...]]:
    """Read the decrypted inner MIME entity of a report: its (longest) text part."""
    problems: list[str] = []
    if not looks_like_mail(decrypted):
        # Not a MIME entity: take the plaintext as it is.
        return decrypted.decode("utf-8", errors="replace"), ()
    # WhisperBack's inner entity is one text part: read without the feed parser walking
    # its lines, as the whole parse reads it (docs/encryption.md, "The inner text").
    single = one_part(decrypted)
    std = single if single is not None else email.message_from_bytes(
        decrypted, policy=policy.compat32)
    repaired = repaired_multipart(std)
    if repaired is not None:
        problems.append(BROKEN_MULTIPART)
    texts: list[str] = []
    for part in (repaired or std).walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_subtype() not in ("plain", ""):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        texts.append(decode_text(part, data, problems))
    if not texts:
        if repaired is not None:
            problems.remove(BROKEN_MULTIPART)
        broken = broken_multipart_text(std, problems)
        if broken is not None:
            return broken, tuple(problems)
        problems.append("decrypted message has no text part")
        return "", tuple(problems)
    if len(texts) > 1:
        problems.append(f"decrypted message has {len(texts)} text parts; showing the longest")
    return max(texts, key=len), tuple(problems)


def key_attachments(raw: bytes) -> tuple[KeyBlock, ...]:
    """The public key blocks attached to a message (``.asc``, ``application/pgp-keys``…),
    read from its MIME parts without recursion; never raises."""
    try:
        std = email.message_from_bytes(raw, policy=policy.compat32)
    except Exception:  # a message too broken to parse has no usable attachment
        return ()
    found: list[KeyBlock] = []
    stack = [std]
    seen = 0
    while stack and seen < MAX_PARTS:
        part = stack.pop()
        seen += 1
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, StdMessage)]))
            continue
        filename = part.get_filename() or ""
        if not is_key_attachment(filename, part.get_content_type()):
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            found += attachment_key_blocks(filename, part.get_content_type(), data)
    return tuple(found)


def attached_messages(raw: bytes) -> list[bytes]:
    """The messages attached as message/rfc822 directly under the top part, as bytes, in
    order (a moderation notice: the held post, then Mailman's confirmation)."""
    try:
        top = email.message_from_bytes(raw)
        payload = top.get_payload() if top.is_multipart() else []
        found: list[bytes] = []
        for part in payload if isinstance(payload, list) else []:
            if not isinstance(part, StdMessage) or part.get_content_type() != "message/rfc822":
                continue
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, StdMessage):
                found.append(inner.as_bytes(policy=policy.compat32))
        return found
    except Exception:  # a message the stdlib cannot walk: nothing attached to copy
        return []
