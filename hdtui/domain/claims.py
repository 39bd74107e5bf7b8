"""Provides the claim messages of the shared claims folder: who claimed a message
(docs/marks.md, "Who claimed").

The keyword ``$HDClaimed`` on the message is the claim; a claim message only names the
member. One is a tiny message appended to the claims folder when a claim wins: ``From:``
the member's name, ``Subject: claim <ref>`` where ref is the report ID (or the claimed
message's Message-ID), and the Message-ID again in its own header. It holds nothing of
the user's mail. Everything read back from the folder is data: another client or a
member may have written anything there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import NamedTuple

from hdtui.domain.text import one_line

CLAIMED_ID_HEADER = "X-HDTUI-Claimed-Message-ID"
"""The claimed message's Message-ID, so a member can map a claim without the report ID."""
CLAIM_FIELDS = ("FROM", "SUBJECT", CLAIMED_ID_HEADER.upper())
"""The header fields hdtui reads from the claims folder (one FETCH for every message)."""
SUBJECT_WORD = "claim"
NAME_CELLS = 40
"""A name longer than this (in terminal cells) is cut: it is shown inside a sentence."""
REF_CHARS = 998
CLAIM_ADDRESS = "claims@hdtui.invalid"
"""The address part of ``From:`` (a header needs one; the display name is the member)."""


class ClaimNote(NamedTuple):
    """One claim message as read back: who, for which report or message, and when."""

    member: str
    """The member's name, cleaned to one safe line (never markup: shown literally)."""
    ref: str
    """The report ID or Message-ID after ``claim`` in the subject."""
    message_id: str = ""
    """The claimed message's Message-ID, if the claim message gave one."""
    when: datetime | None = None
    """When the server received the claim message (its INTERNALDATE)."""

    def refs(self) -> tuple[str, ...]:
        """Every reference a queue message can be found by."""
        return tuple(r for r in (self.ref, self.message_id) if r)


def claim_ref(report_id: str | None, message_id: str | None) -> str:
    """The stable reference of a claimed message: its report ID, else its Message-ID
    (without angle brackets), else "" (no claim message can name it)."""
    if report_id:
        return _token(report_id)
    return _token((message_id or "").strip().strip("<>"))


def claim_message(member: str, ref: str, message_id: str | None, when: datetime) -> bytes:
    """The bytes of the claim message appended to the claims folder."""
    import email.utils  # the email package: imported by the first claim, after the first
    from email.header import Header  # frame (docs/benchmarks.md, session 11)

    name = _name(member) or "unknown member"
    if name.isascii():
        sender = email.utils.formataddr((name, CLAIM_ADDRESS))
    else:
        sender = f"{Header(name, 'utf-8').encode()} <{CLAIM_ADDRESS}>"
    lines = [
        f"From: {sender}",
        f"Subject: {SUBJECT_WORD} {_token(ref)}",
        f"Date: {email.utils.format_datetime(when.astimezone(UTC))}",
    ]
    claimed = _token((message_id or "").strip().strip("<>"))
    if claimed:
        lines.append(f"{CLAIMED_ID_HEADER}: <{claimed}>")
    lines += [
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "Written by hdtui: the keyword $HDClaimed on the claimed message is the claim;",
        "this message only says who made it. Releasing the claim deletes it.",
        "",
    ]
    return "\r\n".join(lines).encode("ascii")


def parse_claim(headers: bytes, when: datetime | None = None) -> ClaimNote | None:
    """Read a claim message's header fields; None when it is not one (no ``claim <ref>``
    subject). Hostile values stay data: the name is one cleaned line, cut."""
    from email.parser import BytesHeaderParser  # after the first frame, as in claim_message

    try:
        parsed = BytesHeaderParser().parsebytes(headers)
        subject = _decoded(parsed.get("Subject", ""))
        sender = _decoded(parsed.get("From", ""))
        claimed = _decoded(parsed.get(CLAIMED_ID_HEADER, ""))
    except (ValueError, LookupError, TypeError, AttributeError):
        return None
    word, _, rest = subject.strip().partition(" ")
    ref = _token(rest.strip())
    if word.lower() != SUBJECT_WORD or not ref:
        return None
    member = _name(_display_name(sender))
    return ClaimNote(member or "unknown member", ref,
                     _token(claimed.strip().strip("<>")), when)


def names_by_ref(notes: Iterable[ClaimNote]) -> dict[str, ClaimNote]:
    """The claim note for each reference; of several for one message, the last one."""
    found: dict[str, ClaimNote] = {}
    for note in notes:
        for ref in note.refs():
            found[ref] = note
    return found


def claimant(notes: Mapping[str, ClaimNote], report_id: str | None,
             message_id: str | None) -> ClaimNote | None:
    """The claim note naming a message, found by its report ID or Message-ID."""
    for ref in (claim_ref(report_id, None), claim_ref(None, message_id)):
        if ref and ref in notes:
            return notes[ref]
    return None


def claimed_by_text(note: ClaimNote | None) -> str:
    """``alice (12:03)``, or ``another member`` when no claim message names one."""
    if note is None:
        return "another member"
    if note.when is None:
        return note.member
    when = note.when if note.when.tzinfo is None else note.when.astimezone()
    return f"{note.member} ({when:%H:%M})"


def sender_name(sender: str) -> str:
    """The member's name in a ``From:`` value of a shared folder's message (RFC 2047
    decoded, one cleaned line, cut): data, shown literally."""
    return _name(_display_name(_decoded(sender)))


def _display_name(sender: str) -> str:
    """The name of ``Name <address>`` (unquoted), else the address, else the whole
    value. By hand: a name of any characters (brackets too) must come back as written."""
    text = sender.strip()
    if not (text.endswith(">") and "<" in text):
        return text
    cut = text.rindex("<")
    name = text[:cut].strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return name or text[cut + 1:-1]


def _decoded(value: object) -> str:
    from email.header import decode_header, make_header  # as in claim_message

    text = str(value)
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        return text


def _name(text: str) -> str:
    return one_line(text, NAME_CELLS)


def _token(text: str) -> str:
    """A reference as one safe word: printable ASCII without spaces, bounded."""
    word = "".join(c for c in text if "!" <= c <= "~")
    return word[:REF_CHARS] if word == text else ""


__all__ = ["CLAIMED_ID_HEADER", "CLAIM_FIELDS", "ClaimNote", "claim_message", "claim_ref",
           "claimant", "claimed_by_text", "names_by_ref", "parse_claim", "sender_name"]
