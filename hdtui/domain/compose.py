"""Provides outgoing mail, pure: Draft, the reply/forward/[FT] builders and to_message().

Nothing here does I/O. The adapters send (``hdtui.outbound.smtp``) and encrypt
(``hdtui.gpg``); this module decides who a message goes to, its subject and threading
headers, and how it is encoded:

- a reply goes to the report's contact address (for WhisperBack the ``From:`` line inside
  the encrypted body, never the outer devnull sender), with In-Reply-To and References;
- a forward to a team carries a context block on top and the original attached as
  ``message/rfc822``, byte for byte (an encrypted report stays encrypted);
- an ``[FT]`` reply on the bugs list adds ``[FT]`` once and keeps ``Bug report: <id>``.

`to_message` builds an `email.message.EmailMessage` for SMTP: CRLF line endings, RFC 2047
for non-ASCII names and subjects, quoted-printable for non-ASCII or long-lined bodies, and,
when the draft is to be encrypted, RFC 3156 PGP/MIME around the armoured ciphertext.
Text taken from mail is data: it is put on one line and stripped of control characters
before it becomes a header, and never decides a recipient without being checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.parser import BytesHeaderParser
from email.utils import format_datetime
from enum import StrEnum
from io import BytesIO
from typing import Protocol

from hdtui.domain.address import (
    CONTROL_RE,
    addresses_named,
    format_address,
    is_own_address,
    one_line,
    own_addresses,
    parse_address,
)

# ComposeError is compose's error and an address's: exported from here as well.
from hdtui.domain.address import ComposeError as ComposeError
from hdtui.domain.mail import Kind
from hdtui.domain.openpgp import short_fingerprint
from hdtui.domain.queue import WHISPERBACK_SENDER, Entry
from hdtui.domain.reply import RenderedReply
from hdtui.domain.report import report_id_from_subject

SMTP_POLICY = policy.SMTP
"""The policy of every message built here: CRLF, lines folded at 78, RFC 2047 headers."""

FT_TAG = "[FT]"
"""The subject tag that routes a report to the Foundations Team."""

MAX_REFERENCES = 20
"""References kept: the first (thread root) and the newest ones."""

_FT_RE = re.compile(r"\[FT\]", re.IGNORECASE)
_PREFIX_RE = re.compile(r"^\s*(?:(?:re|fwd?|aw|tr|sv|vs)\s*:\s*)+", re.IGNORECASE)
_MSGID_RE = re.compile(r"<[^<>\s]+@[^<>\s]+>")
_ARMOR_BEGIN = "-----BEGIN PGP MESSAGE-----"
_TEXT_LINE_MAX = 78


class DraftKind(StrEnum):
    """What a draft is."""

    REPLY = "reply"
    FORWARD = "forward"
    FT = "ft"
    AUTO_REPLY = "auto-reply"
    """The request to the sysadmins to update the auto-reply (hdtui.services.autoreply)."""
    MODERATION = "moderation"
    """A confirmation to Mailman that approves or discards a held post, kept when it could
    not be sent (docs/moderation.md); an approval's password is never in it."""


class TeamLike(Protocol):
    """A team to forward to (``hdtui.config.TeamConfig`` fits)."""

    @property
    def name(self) -> str:
        """The team's name, e.g. "Foundations Team"."""
        ...

    @property
    def address(self) -> str:
        """The team's mail address."""
        ...


@dataclass(frozen=True, slots=True)
class Draft:
    """A message still to send: kept as is when sending fails, so it can be retried."""

    kind: DraftKind
    to: tuple[str, ...]
    """Recipients, each ``addr`` or ``Name <addr>``, checked by the builders."""
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachment: bytes | None = None
    """The original message, attached unchanged as message/rfc822 (forwards)."""
    attachment_name: str = "original-message.eml"
    encrypt_to: str | None = None
    """The fingerprint to encrypt to, or None: the message then goes unencrypted."""
    encrypt_uid: str = ""
    """The user ID of that key, as shown to the member (may be "")."""
    helpdesk_key: str | None = None
    """The Help Desk's own key, encrypted to as well so that the copy in Sent stays
    readable by every member (docs/encryption.md); None: not known."""
    user_key: str | None = None
    """The OpenPGP key the report named (ID, fingerprint, URL or pasted block), as written."""
    report_key: str = ""
    """The source key of the message this draft answers (``Entry.key``)."""
    report_id: str | None = None
    notes: tuple[str, ...] = ()
    """Things the member should know before sending (e.g. already raised to FT)."""
    placeholders: tuple[str, ...] = ()
    """The reply's placeholders it could not fill (``issue_url``): the compose screen warns
    about each one while it is still written in the text, never after it is filled."""

    @property
    def encrypted(self) -> bool:
        """Whether the message will be encrypted."""
        return self.encrypt_to is not None

    @property
    def recipients_keys(self) -> tuple[str, ...]:
        """Every fingerprint the message is encrypted to (the user's, then the Help Desk's);
        () when it goes unencrypted."""
        if self.encrypt_to is None:
            return ()
        if self.helpdesk_key and self.helpdesk_key != self.encrypt_to:
            return (self.encrypt_to, self.helpdesk_key)
        return (self.encrypt_to,)

    def encryption_notice(self, import_key: str = "", pasted: bool = False) -> str:
        """One plain sentence on whether and to what this message will be encrypted;
        ``import_key``: the editor's key that imports a key the user pasted (named when the
        user's key is not in the keyring), or "" where there is none; ``pasted``: a key
        block is pasted in the message answered (the key imports it now)."""
        if self.encrypt_to is not None:
            who = " ".join(p for p in (short_fingerprint(self.encrypt_to),
                                       one_line(self.encrypt_uid)) if p)
            if self.helpdesk_key:
                return (f"Encrypted to {who} and to the Help Desk key "
                        f"{short_fingerprint(self.helpdesk_key)}.")
            return (f"Encrypted to {who}. No Help Desk key is known (set [gpg] helpdesk_key): "
                    "the copy in Sent will be readable only by the user.")
        if self.user_key:
            if import_key and pasted:
                how = f"{import_key} imports the pasted key, then it is encrypted"
            elif import_key:
                how = (f"only its ID is given; {import_key} in a reply imports a public key "
                       "the user pastes in their message")
            else:
                how = "import the key into the keyring first to encrypt it"
            return ("The user gave an OpenPGP key that is not in the keyring: this message "
                    f"goes UNENCRYPTED ({how}).")
        return "No OpenPGP key for the recipient: this message goes UNENCRYPTED."


# --- small text rules ---------------------------------------------------------------------


BODY_SHOWN = 4
"""Lines of a body the send confirmation shows: a member checks what leaves, not only to
whom (docs/layouts.md, "Before mail leaves")."""


def body_opening(body: str, lines: int = BODY_SHOWN) -> tuple[tuple[str, ...], int]:
    """The first ``lines`` lines of a body as it will be sent (blank lines at its end left
    out), and how many more it has."""
    all_lines = body.rstrip().splitlines()
    return tuple(all_lines[:lines]), max(0, len(all_lines) - lines)


def clean_body(text: str) -> str:
    """A body with LF line endings, without NUL and other control characters, ending in LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_RE.sub("", text)
    return text if text.endswith("\n") else text + "\n"


def message_ids(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """The ``<id@host>`` tokens in a header value (anything else is dropped)."""
    if text is None:
        return ()
    joined = text if isinstance(text, str) else " ".join(text)
    return tuple(_MSGID_RE.findall(joined))


def thread_references(references: Sequence[str], parent: str | None) -> tuple[str, ...]:
    """References for a reply: the parent's references then the parent, deduplicated and
    cut to the thread root plus the newest ``MAX_REFERENCES - 1``."""
    ids = list(dict.fromkeys([*message_ids(references), *message_ids(parent)]))
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1):]]
    return tuple(ids)


def reply_subject(subject: str) -> str:
    """``Re: <subject>`` without piling up Re:/Fwd: prefixes."""
    rest = _PREFIX_RE.sub("", one_line(subject))
    return f"Re: {rest}" if rest else "Re: (no subject)"


def is_ft_subject(subject: str) -> bool:
    """Whether a subject already carries the [FT] tag (the report was raised to FT)."""
    return _FT_RE.search(subject or "") is not None


def ft_subject(subject: str, report_id: str | None = None) -> str:
    """``Re: [FT] Bug report: <id>``: [FT] added once, ``Bug report: <id>`` kept (or added
    when the subject lost it and the ID is known). Applying it twice changes nothing."""
    line = one_line(subject)
    known = report_id_from_subject(line) or report_id
    rest = _PREFIX_RE.sub("", line)
    if not is_ft_subject(rest):
        rest = f"{FT_TAG} {rest}".rstrip()
    if known and report_id_from_subject(rest) is None:
        rest = f"{rest} (Bug report: {known})"
    return f"Re: {rest}"


def forward_subject(subject: str) -> str:
    """``Fwd: <subject>`` without piling up prefixes."""
    rest = _PREFIX_RE.sub("", one_line(subject))
    return f"Fwd: {rest}" if rest else "Fwd: (no subject)"


# --- builders ------------------------------------------------------------------------------


def contact_address(entry: Entry) -> Address:
    """Who a reply to this entry goes to; ComposeError when nobody can be answered, or
    when the contact is not one address as written (``reply_recipient`` says what a reply
    does then)."""
    address, notes = reply_recipient(entry)
    if address is None:
        raise ComposeError(notes[0])
    return address


def reply_recipient(entry: Entry, own: Iterable[str] = ()
                    ) -> tuple[Address | None, tuple[str, ...]]:
    """Who a reply to this entry goes to, and what the member should know about it;
    ComposeError when nobody can be answered (no contact at all).

    For a WhisperBack report, the ``From:`` line inside the encrypted body; for other mail,
    Reply-To, else the sender (support mail with a pasted report too: its sender wrote it).
    The devnull sender of reports is never a recipient; a name holding an ``@`` is dropped
    (docs/replies.md). A contact that is not one address as written (``jane@x.org;``,
    ``Jane Doe jane@x.org``, free text in WhisperBack's field) is answered at the one
    address it names, with a note saying what was left out; the Help Desk's own addresses
    among those it names (``own``) are left out first, so that ``help-desk@…, jane@…``
    is answered at jane's whatever the order, the user the counts read
    (``address.user_address``, fix29c); when it names none or several, the address is
    None and the note says why: the member writes To (docs/replies.md, "A contact that is
    not one address").
    """
    message = entry.message
    is_report = (entry.report is not None and entry.kind is not Kind.SUPPORT) \
        or message.sender_address == WHISPERBACK_SENDER
    if is_report:
        if entry.report is None:
            raise ComposeError("This report could not be decrypted, so its contact address "
                               "(the From: line inside the encrypted body) is unknown.")
        if not entry.report.contact:
            raise ComposeError("The user gave no contact address in this report (no From: "
                               "line inside the encrypted body): there is no one to reply to.")
        source, what = entry.report.contact, "contact address in the report"
    else:
        reply_to = next((v for n, v in message.headers if n.lower() == "reply-to"), "")
        source = reply_to or message.sender_address
        if not source:
            raise ComposeError("This message has no sender address to reply to.")
        what = "Reply-To address" if reply_to else "sender address"
    notes: tuple[str, ...] = ()
    try:
        address = parse_address(source, what)
    except ComposeError:
        instead, notes = _named_instead(source, what, own_addresses(own))
        if instead is None:
            return None, notes
        address = instead
    if address.addr_spec.lower() == WHISPERBACK_SENDER:
        raise ComposeError(f"{WHISPERBACK_SENDER} is WhisperBack's fixed sender, not a person: "
                           "replies go to the contact address inside the report.")
    if "@" in address.display_name:
        # A name (or a comment, ``(help-desk@…) user@…``) that is itself an address would
        # show To as going to it: To holds only the address the reply goes to (fix29a).
        return Address(username=address.username, domain=address.domain), notes
    return address, notes


def _named_instead(source: str, what: str, ours: AbstractSet[str] = frozenset()
                   ) -> tuple[Address | None, tuple[str, ...]]:
    """The one address ``source`` names (``address.addresses_named``) when it is not one
    address as written, those of ``ours`` left out when another is named, with a note
    saying what was left out; None and a note saying why To is left empty when it names
    none, several, or one the send cannot take."""
    shown = one_line(source)
    shown = shown if len(shown) <= 100 else shown[:99] + "…"
    named = addresses_named(one_line(source))
    theirs = [a for a in named if a.lower() not in ours]
    named = theirs or named  # only ours: reply_draft leaves To empty and says why
    empty = "To is left empty: write the user's address if you can tell it."
    if not named:
        return None, (f"The {what}, {shown!r}, is not a mail address (none is written in "
                      f"it). {empty}",)
    if len(named) > 1:
        return None, (f"The {what}, {shown!r}, names {len(named)} addresses "
                      f"({', '.join(named[:3])}{', …' if len(named) > 3 else ''}). {empty}",)
    try:
        address = parse_address(named[0], what)
    except ComposeError as error:
        return None, (f"{error} {empty}",)
    dropped = " ".join(shown.replace(named[0], "", 1).split())
    left_out = f"{dropped!r} was left out" if dropped else "nothing else"
    return address, (f"The {what}, {shown!r}, is not one mail address as written: To holds "
                     f"the one address it names, {address.addr_spec}; {left_out}. Check it "
                     "before sending.",)


def own_contact_said(address: str) -> str:
    """Why a reply's To is left empty when the address to answer is the Help Desk's own
    (a report whose contact field names ours, by mistake or to hide the user's)."""
    return (f"The address to reply to, {address}, is one of the Help Desk's own addresses "
            "([queue] helpdesk_addresses, [smtp] from_address): a reply there would only "
            "reach us. To is left empty: write the user's address if you know it.")


def reply_draft(entry: Entry, reply: RenderedReply, from_address: str,
                encrypt_to: str | None = None, own: Iterable[str] = ()) -> Draft:
    """A reply to the entry's contact address, prefilled with the rendered reply. When
    that address is one of the Help Desk's own (``from_address`` or one of ``own``), To
    is left empty and the draft's notes say why: the member writes the user's address,
    and a reply never addresses the Help Desk itself (walk28)."""
    to, notes = reply_recipient(entry, (from_address, *own))
    parse_address(from_address, "sending address")
    recipients: tuple[str, ...] = (format_address(to),) if to is not None else ()
    if to is not None and is_own_address(to.addr_spec, (from_address, *own)):
        recipients, notes = (), (own_contact_said(to.addr_spec),)
    message = entry.message
    user_key: str | None = None
    if entry.report is not None:
        user_key = entry.report.key_block or entry.report.openpgp_key
    return Draft(
        kind=DraftKind.REPLY,
        to=recipients,
        subject=one_line(reply.subject) or reply_subject(message.subject),
        body=clean_body(reply.body),
        in_reply_to=(message_ids(message.message_id) or (None,))[0],
        references=thread_references(message.references, message.message_id),
        encrypt_to=encrypt_to,
        user_key=user_key,
        report_key=entry.key,
        report_id=entry.report_id,
        placeholders=tuple(reply.missing),
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class _Original:
    """What the headers of an original message say."""

    subject: str
    message_id: str | None
    encrypted: bool


def _original_facts(raw: bytes) -> _Original:
    """Subject, Message-ID and PGP/MIME-ness of raw message bytes (headers only)."""
    end = min((i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0),
              default=len(raw))
    head = BytesHeaderParser(policy=policy.default).parsebytes(raw[: end + 4])
    try:
        subject = one_line(str(head.get("Subject", "")))
        ids = message_ids(str(head.get("Message-ID", "")))
        content_type = head.get_content_type()
    except Exception:  # a broken header is data, not a reason to refuse forwarding
        return _Original("", None, b"multipart/encrypted" in raw[:end].lower())
    return _Original(subject, ids[0] if ids else None, content_type == "multipart/encrypted")


def context_block(problem: str, importance: str, workarounds: str,
                  reproduced: bool | None) -> str:
    """The Help Desk's context put on top of a forward: problem, importance, workarounds,
    whether it was reproduced (None: not tried)."""
    said = {True: "yes", False: "tried, not reproduced", None: "not tried"}[reproduced]

    def field(label: str, value: str, empty: str) -> str:
        lines = clean_body(value).rstrip("\n").split("\n") if value.strip() else [empty]
        head = f"{label + ':':<13}{lines[0]}"
        return "\n".join([head, *(f"{'':13}{line}".rstrip() for line in lines[1:])])

    return "\n".join([
        "Context from the Help Desk",
        "--------------------------",
        field("Problem", problem, "(not described)"),
        field("Importance", importance, "(not assessed)"),
        field("Workarounds", workarounds, "none known"),
        field("Reproduced", said, said),
    ]) + "\n"


def forward_draft(team: TeamLike, original: bytes, context: str, *, report_key: str = "",
                  encrypt_to: str | None = None) -> Draft:
    """A forward to a team: the context block on top, the original attached unchanged."""
    if not original.strip():
        raise ComposeError("There is no original message to forward (it is empty).")
    to = parse_address(team.address, f"address of the team {team.name!r}")
    if not to.display_name and team.name:
        to = Address(display_name=one_line(team.name), username=to.username, domain=to.domain)
    facts = _original_facts(original)
    report_id = report_id_from_subject(facts.subject)
    where = ("The original report is attached unchanged, still encrypted."
             if facts.encrypted else "The original message is attached unchanged.")
    body = clean_body(context).rstrip("\n") + f"\n\n{where}\n"
    name = f"bug-report-{report_id}.eml" if report_id else "original-message.eml"
    return Draft(
        kind=DraftKind.FORWARD,
        to=(format_address(to),),
        subject=forward_subject(facts.subject),
        body=body,
        attachment=original,
        attachment_name=name,
        encrypt_to=encrypt_to,
        report_key=report_key,
        report_id=report_id,
    )


def ft_draft(bugs_list: str, original_subject: str, original_message_id: str | None,
             body: str, *, references: Sequence[str] = (), report_id: str | None = None,
             report_key: str = "", encrypt_to: str | None = None) -> Draft:
    """A reply on the bugs list raising the report to the Foundations Team with [FT]."""
    to = parse_address(bugs_list, "bugs list address")
    notes: tuple[str, ...] = ()
    if is_ft_subject(original_subject):
        notes = ("This thread already carries [FT]: it was raised to the Foundations Team "
                 "before. The subject keeps a single [FT].",)
    known = report_id or report_id_from_subject(original_subject)
    return Draft(
        kind=DraftKind.FT,
        to=(format_address(to),),
        subject=ft_subject(original_subject, known),
        body=clean_body(body),
        in_reply_to=(message_ids(original_message_id) or (None,))[0],
        references=thread_references(references, original_message_id),
        encrypt_to=encrypt_to,
        report_key=report_key,
        report_id=known,
        notes=notes,
    )


# --- encoding ------------------------------------------------------------------------------


def _crlf(data: bytes) -> bytes:
    """Bytes with every line ending made CRLF (the form mail travels in)."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")


def _set_text(part: MIMEPart, body: str) -> None:
    """A text/plain body: 7bit when ASCII with short lines, else UTF-8 quoted-printable."""
    text = clean_body(body)
    short = all(len(line) <= _TEXT_LINE_MAX for line in text.split("\n"))
    if text.isascii() and short:
        part.set_content(text, charset="us-ascii", cte="7bit")
    else:
        part.set_content(text, charset="utf-8", cte="quoted-printable")


def _rfc822_part(original: bytes, filename: str) -> MIMEPart:
    """The original message as message/rfc822, emitted byte for byte (CRLF line endings).

    The payload is kept as a string so the generator writes it out unchanged instead of
    re-serialising a parsed copy (which would refold headers and change boundaries).
    """
    data = _crlf(original)
    part = MIMEPart(policy=SMTP_POLICY)
    part["Content-Type"] = "message/rfc822"
    part["Content-Disposition"] = f'attachment; filename="{filename}"'
    part["Content-Transfer-Encoding"] = "7bit" if data.isascii() else "8bit"
    part.set_payload(data.decode("ascii", "surrogateescape"))
    return part


def _fill_content(target: MIMEPart, draft: Draft) -> None:
    """Put the draft's body (and attachment) into an empty part."""
    if draft.attachment is None:
        _set_text(target, draft.body)
        return
    target["Content-Type"] = "multipart/mixed"
    text = MIMEPart(policy=SMTP_POLICY)
    _set_text(text, draft.body)
    target.attach(text)
    target.attach(_rfc822_part(draft.attachment, draft.attachment_name))


def content_entity(draft: Draft) -> MIMEPart:
    """The MIME entity holding the draft's content, without envelope headers."""
    part = MIMEPart(policy=SMTP_POLICY)
    _fill_content(part, draft)
    return part


def content_bytes(draft: Draft) -> bytes:
    """What to encrypt for an encrypted draft: the content entity, CRLF (RFC 3156)."""
    return content_entity(draft).as_bytes(policy=SMTP_POLICY)


def _fill_pgp(target: MIMEPart, armored: str) -> None:
    """RFC 3156 multipart/encrypted: a version part, then the armoured ciphertext."""
    text = armored.strip()
    if not text.startswith(_ARMOR_BEGIN) or not text.isascii():
        raise ComposeError("The encrypted data is not an ASCII-armoured OpenPGP message.")
    target["Content-Type"] = 'multipart/encrypted; protocol="application/pgp-encrypted"'
    version = MIMEPart(policy=SMTP_POLICY)
    version["Content-Type"] = "application/pgp-encrypted"
    version["Content-Description"] = "PGP/MIME version identification"
    version.set_payload("Version: 1\n")
    data = MIMEPart(policy=SMTP_POLICY)
    data["Content-Type"] = 'application/octet-stream; name="encrypted.asc"'
    data["Content-Description"] = "OpenPGP encrypted message"
    data["Content-Disposition"] = 'inline; filename="encrypted.asc"'
    data.set_payload(text.replace("\r\n", "\n") + "\n")
    target.attach(version)
    target.attach(data)


def pgp_mime(armored: str) -> EmailMessage:
    """A PGP/MIME multipart/encrypted entity (RFC 3156) around armoured ciphertext."""
    message = EmailMessage(policy=SMTP_POLICY)
    message["MIME-Version"] = "1.0"
    _fill_pgp(message, armored)
    return message


def to_message(draft: Draft, from_address: str, date: datetime, message_id: str, *,
               armored: str | None = None) -> EmailMessage:
    """The message to send for a draft.

    An encrypted draft (``encrypt_to`` set) needs ``armored``: `content_bytes(draft)`
    encrypted to that key; without it this raises rather than send the text in clear.
    """
    if draft.encrypt_to is not None and armored is None:
        raise ComposeError(f"This message is to be encrypted to {draft.encrypt_to}, but no "
                           "ciphertext was given: refusing to build it unencrypted.")
    if armored is not None and draft.encrypt_to is None:
        raise ComposeError("Ciphertext was given for a draft that is not to be encrypted.")
    if not draft.to:
        raise ComposeError("The draft has no recipient.")
    ids = message_ids(message_id)
    if len(ids) != 1:
        raise ComposeError(f"{message_id!r} is not a Message-ID of the form <id@host>.")
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = parse_address(from_address, "sending address")
    message["To"] = [parse_address(a, "recipient") for a in draft.to]
    if draft.cc:
        message["Cc"] = [parse_address(a, "Cc recipient") for a in draft.cc]
    message["Subject"] = one_line(draft.subject) or "(no subject)"
    message["Date"] = format_datetime(date)
    message["Message-ID"] = ids[0]
    parent = message_ids(draft.in_reply_to)
    if parent:
        message["In-Reply-To"] = parent[0]
    references = message_ids(draft.references)
    if references:
        message["References"] = " ".join(references)
    message["MIME-Version"] = "1.0"
    if armored is not None:
        _fill_pgp(message, armored)
    else:
        _fill_content(message, draft)
    return message


class _Generator(BytesGenerator):
    """BytesGenerator that writes an attached original with 8-bit bytes back unchanged.

    The stock one encodes a string message/rfc822 payload as strict ASCII, so an original
    with a raw 8-bit header (as some mailers send) would fail to serialise.
    """

    def _encode(self, s: str) -> bytes:
        return s.encode("ascii", "surrogateescape")


def message_bytes(message: EmailMessage) -> bytes:
    """The bytes of a message as sent over SMTP and saved to Sent (CRLF).

    Use this rather than ``message.as_bytes()``, which cannot write an attached original
    that holds 8-bit bytes.
    """
    out = BytesIO()
    _Generator(out, mangle_from_=False, policy=SMTP_POLICY).flatten(message, linesep="\r\n")
    return out.getvalue()
