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


def repaired_multipart(std: StdMessage) -> StdMessage | None:
    """A broken multipart mail (``_broken``) read again with the boundary of the first
    delimiter line of its body, when that gives parts; None otherwise."""
    data = _broken(std)
    if data is None:
        return None
    found = _DELIMITER_RE.search(data)
    if found is None:
        return None
    boundary = found.group(1).removesuffix(b"--").decode("ascii")
    if not boundary:
        return None
    head = f'Content-Type: {std.get_content_type()}; boundary="{boundary}"\n\n'
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
    std = email.message_from_bytes(decrypted, policy=policy.compat32)
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
