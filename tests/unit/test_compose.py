"""Outgoing mail, pure: recipients, threading, the [FT] rule, encodings, rfc822 intact."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from hdtui.domain.address import is_own_address, sent_address
from hdtui.domain.compose import (
    MAX_REFERENCES,
    ComposeError,
    Draft,
    DraftKind,
    content_bytes,
    context_block,
    forward_draft,
    ft_draft,
    ft_subject,
    is_ft_subject,
    message_bytes,
    pgp_mime,
    reply_draft,
    reply_subject,
    thread_references,
    to_message,
)
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.reply import RenderedReply
from hdtui.domain.report import WhisperBackReport
from hdtui.ui.screens.compose import check_recipients
from tests.support.pgp import KeyPair, whisperback_message

FROM = "Tails Help Desk <support@tails.net>"
DATE = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
REPORT_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


@dataclass(frozen=True)
class Team:
    name: str
    address: str


def report_entry(contact: str | None = "Zoë Ünïcode <zoe@example.test>",
                 openpgp_key: str | None = None) -> Entry:
    message = Message(key="INBOX:7", subject=f"Bug report: {REPORT_ID}",
                      sender=WHISPERBACK_SENDER, sender_address=WHISPERBACK_SENDER,
                      message_id="<report-7@relay.tails.net>",
                      references=("<root@relay.tails.net>",), encrypted=True)
    report = WhisperBackReport(report_id=REPORT_ID, summary="Wi-Fi broken", contact=contact,
                               openpgp_key=openpgp_key)
    return Entry(message=message, kind=Kind.REPORT, report=report,
                 decrypt=DecryptState.DECRYPTED)


REPLY = RenderedReply(subject="Re: Your Tails report", body="Hello,\r\nThanks.\r\n", missing=())


def parse(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def wire(draft: Draft, **kw: str) -> bytes:
    return message_bytes(to_message(draft, FROM, DATE, "<new-1@tails.net>", **kw))


# --- recipients and threading ---------------------------------------------------------------


def test_reply_to_a_report_goes_to_the_contact_inside_the_body() -> None:
    draft = reply_draft(report_entry(), REPLY, FROM)
    assert draft.kind is DraftKind.REPLY
    assert draft.to == ("Zoë Ünïcode <zoe@example.test>",)
    assert WHISPERBACK_SENDER not in " ".join(draft.to)
    assert draft.in_reply_to == "<report-7@relay.tails.net>"
    assert draft.references == ("<root@relay.tails.net>", "<report-7@relay.tails.net>")
    assert draft.report_key == "INBOX:7" and draft.report_id == REPORT_ID
    assert draft.body == "Hello,\nThanks.\n"
    raw = wire(draft)
    parsed = parse(raw)
    assert parsed["In-Reply-To"] == "<report-7@relay.tails.net>"
    assert parsed["References"] == "<root@relay.tails.net> <report-7@relay.tails.net>"
    assert parsed["To"].addresses[0].addr_spec == "zoe@example.test"


def test_a_report_without_contact_cannot_be_answered() -> None:
    with pytest.raises(ComposeError, match="no contact address"):
        reply_draft(report_entry(contact=None), REPLY, FROM)


def test_an_undecryptable_report_cannot_be_answered() -> None:
    entry = report_entry()._replace(report=None, decrypt=DecryptState.FAILED)
    with pytest.raises(ComposeError, match="could not be decrypted"):
        reply_draft(entry, REPLY, FROM)


@pytest.mark.parametrize(("contact", "said"), [
    ("a@example.org, b@example.org", "names 2 addresses (a@example.org, b@example.org)"),
    ("evil@example.org\nBcc: spy@example.net",
     "names 2 addresses (evil@example.org, spy@example.net)"),
    ("not an address", "is not a mail address (none is written in it)")])
def test_a_contact_line_is_data_not_a_list_of_recipients(contact: str, said: str) -> None:
    """Never sent to what a contact line lists: To is left for the member (review29 #3:
    the reply opens, no dead end), the note says why."""
    draft = reply_draft(report_entry(contact=contact), REPLY, FROM)
    assert draft.to == ()
    (note,) = draft.notes
    assert said in note and "To is left empty" in note, note


def test_whisperbacks_sender_is_never_a_recipient() -> None:
    with pytest.raises(ComposeError, match="WhisperBack's fixed sender"):
        reply_draft(report_entry(contact="devnull@tails.boum.org"), REPLY, FROM)


@pytest.mark.parametrize(("contact", "dropped"), [
    ("jane@x.org;", "';' was left out"), ("jane@x.org>", "'>' was left out"),
    ("jane@x.org.", "'.' was left out"), ("<jane@x.org>>", "'<>>' was left out"),
    ("Jane Doe jane@x.org", "'Jane Doe' was left out")])
def test_a_contact_naming_one_address_is_answered_there_with_a_note(
        contact: str, dropped: str) -> None:
    """review29 #3: WhisperBack's e-mail field is free text; the counts read these as
    jane@x.org, and ``r`` answers her there, saying what was left out (it said "No one
    to reply to" before)."""
    draft = reply_draft(report_entry(contact=contact), REPLY, FROM,
                        own=("help-desk@demo.invalid",))
    assert draft.to == ("jane@x.org",)
    (note,) = draft.notes
    assert f"{contact!r}, is not one mail address as written" in note, note
    assert "the one address it names, jane@x.org" in note and dropped in note, note
    assert sent_address(contact) == "jane@x.org"  # whom the counts and the guard read
    assert [a.addr_spec for a in parse(wire(draft))["To"].addresses] == ["jane@x.org"]


@pytest.mark.parametrize("contact", ["help-desk@demo.invalid;", "<HELP-DESK@demo.invalid>>",
                                     "Help Desk help-desk@demo.invalid."])
def test_a_contact_naming_the_help_desk_alone_is_never_answered(contact: str) -> None:
    draft = reply_draft(report_entry(contact=contact), REPLY, FROM,
                        own=("help-desk@demo.invalid",))
    assert draft.to == ()
    (note,) = draft.notes
    assert "one of the Help Desk's own addresses" in note and "To is left empty" in note


def test_a_contact_naming_an_address_the_send_cannot_take_leaves_to_empty() -> None:
    draft = reply_draft(report_entry(contact="jane@bücher.de;"), REPLY, FROM)
    assert draft.to == ()
    (note,) = draft.notes
    assert "non-ASCII" in note and "To is left empty" in note, note


def test_a_reply_never_addresses_the_help_desk_itself() -> None:
    """walk28: a report whose contact field names one of the Help Desk's own addresses
    (``[smtp] from_address`` or ``[queue] helpdesk_addresses``, in any case) gets a reply
    with To left empty, and a note saying why, for the member to write the user's."""
    for contact, own in (("support@tails.net", ()),
                         ("Help <HELP-DESK@demo.invalid>", ("help-desk@demo.invalid",))):
        draft = reply_draft(report_entry(contact=contact), REPLY, FROM, own=own)
        assert draft.to == ()
        assert any("one of the Help Desk's own addresses" in n and "To is left empty" in n
                   for n in draft.notes), draft.notes
    # Not one of ours: addressed as before, nothing noted.
    other = reply_draft(report_entry(), REPLY, FROM, own=("help-desk@demo.invalid",))
    assert other.to == ("Zoë Ünïcode <zoe@example.test>",)
    assert other.notes == ()
    assert is_own_address("Tails Help Desk <Support@Tails.net>", (FROM,))
    assert not is_own_address("support@tails.net.evil.example", (FROM,))
    assert not is_own_address("", (FROM,))


@pytest.mark.parametrize(("contact", "to", "addr"), [
    ("(help-desk@demo.invalid) user@example.org", "user@example.org", "user@example.org"),
    ("user@example.org (help-desk@demo.invalid)", "user@example.org", "user@example.org"),
    ('"Doe, Jane" <jane@example.org>', '"Doe, Jane" <jane@example.org>', "jane@example.org"),
    ("jane@example.org (Doe; Jane)", '"Doe; Jane" <jane@example.org>', "jane@example.org"),
    ('"a \\"b\\" c" <c@example.org>', '"a \\"b\\" c" <c@example.org>', "c@example.org"),
    ("Dr. Who <who@example.org>", "Dr. Who <who@example.org>", "who@example.org"),
])
def test_a_replys_to_line_reads_back_as_the_one_address_it_goes_to(
        contact: str, to: str, addr: str) -> None:
    """fix29a: To is what the send takes as it is (the To field split at commas, each part
    parsed), never a line it refuses; a name holding an ``@`` is not shown as a name."""
    draft = reply_draft(report_entry(contact=contact), REPLY, FROM,
                        own=("help-desk@demo.invalid",))
    assert draft.to == (to,) and draft.notes == ()
    sent = parse(wire(draft))["To"].addresses
    assert [a.addr_spec for a in sent] == [addr]
    # As the compose screen reads the line back when the member sends it.
    assert check_recipients(", ".join(draft.to), "recipient") == draft.to


def test_support_mail_reply_prefers_reply_to() -> None:
    message = Message(key="k", subject="Help please", sender="Ann <ann@example.org>",
                      sender_address="ann@example.org", message_id="<m1@example.org>",
                      headers=(("Reply-To", "Ann Other <ann.other@example.org>"),))
    draft = reply_draft(Entry(message=message, kind=Kind.SUPPORT), REPLY, FROM)
    assert draft.to == ("Ann Other <ann.other@example.org>",)
    assert draft.references == ("<m1@example.org>",)


def test_support_mail_with_a_pasted_report_is_answered_to_its_sender() -> None:
    """Offline users paste WhisperBack's details into mail: the sender wrote it, whatever
    the pasted text says (its contact line, if any, may be absent or someone else's)."""
    message = Message(key="k", subject="Wi-Fi", sender="Ann <ann@example.org>",
                      sender_address="ann@example.org")
    for contact in (None, "someone.else@example.org"):
        pasted = WhisperBackReport(report_id=None, summary="Wi-Fi", contact=contact)
        draft = reply_draft(Entry(message=message, kind=Kind.SUPPORT, report=pasted), REPLY,
                            FROM)
        assert draft.to == ("ann@example.org",)


def test_encryption_notice_says_plainly_when_unencrypted() -> None:
    plain = reply_draft(report_entry(openpgp_key="0xDEADBEEFDEADBEEF"), REPLY, FROM)
    assert plain.user_key == "0xDEADBEEFDEADBEEF"
    assert "not in the keyring" in plain.encryption_notice()
    assert "UNENCRYPTED" in plain.encryption_notice()
    assert "UNENCRYPTED" in reply_draft(report_entry(), REPLY, FROM).encryption_notice()
    sealed = reply_draft(report_entry(), REPLY, FROM, encrypt_to="AB" * 20)
    assert sealed.encryption_notice().startswith("Encrypted to ABAB ABAB ABAB ABAB.")


USER_FPR = "7904CECA19BCAE4037BCAF071B53C86347FF876B"
DESK_FPR = "1F56EDD30741048035DAC1C5EC57B56EF0C43132"


def test_the_notice_names_the_users_key_and_the_help_desk_key() -> None:
    draft = replace(reply_draft(report_entry(), REPLY, FROM), encrypt_to=USER_FPR,
                    encrypt_uid="Zoë <zoe@example.test>", helpdesk_key=DESK_FPR)
    notice = draft.encryption_notice()
    assert notice == ("Encrypted to 1B53 C863 47FF 876B Zoë <zoe@example.test> and to the "
                      "Help Desk key EC57 B56E F0C4 3132.")
    assert draft.recipients_keys == (USER_FPR, DESK_FPR)


def test_without_a_help_desk_key_the_notice_says_the_sent_copy_is_the_users_only() -> None:
    draft = replace(reply_draft(report_entry(), REPLY, FROM), encrypt_to=USER_FPR)
    assert "readable only by the user" in draft.encryption_notice()
    assert "[gpg] helpdesk_key" in draft.encryption_notice()
    assert draft.recipients_keys == (USER_FPR,)
    same = replace(draft, helpdesk_key=USER_FPR)  # the user's key is the Help Desk's: once
    assert same.recipients_keys == (USER_FPR,)
    assert replace(draft, encrypt_to=None, helpdesk_key=DESK_FPR).recipients_keys == ()


def test_references_keep_the_root_and_drop_garbage() -> None:
    refs = [f"<r{i}@x.org>" for i in range(40)]
    kept = thread_references([*refs, "garbage", "<no-at-sign>"], "<parent@x.org>")
    assert len(kept) == MAX_REFERENCES
    assert kept[0] == "<r0@x.org>" and kept[-1] == "<parent@x.org>"
    assert "garbage" not in kept and "<no-at-sign>" not in kept


def test_reply_subject_does_not_pile_up() -> None:
    assert reply_subject("Re: RE: Fwd: Help") == "Re: Help"
    assert reply_subject("") == "Re: (no subject)"


# --- the [FT] rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(("subject", "expected"), [
    (f"Bug report: {REPORT_ID}", f"Re: [FT] Bug report: {REPORT_ID}"),
    (f"Re: Bug report: {REPORT_ID}", f"Re: [FT] Bug report: {REPORT_ID}"),
    (f"Re: [FT] Bug report: {REPORT_ID}", f"Re: [FT] Bug report: {REPORT_ID}"),
    (f"Re: [ft] Bug report: {REPORT_ID}", f"Re: [ft] Bug report: {REPORT_ID}"),
])
def test_ft_subject_adds_the_tag_once_and_keeps_the_report_id(subject: str,
                                                              expected: str) -> None:
    assert ft_subject(subject) == expected
    assert ft_subject(ft_subject(subject)) == expected
    assert len(re.findall(r"\[FT\]", expected, re.I)) == 1


def test_ft_subject_puts_back_a_lost_report_id() -> None:
    assert ft_subject("Re: wifi", REPORT_ID) == f"Re: [FT] wifi (Bug report: {REPORT_ID})"


def test_ft_draft_goes_to_the_bugs_list_in_the_thread() -> None:
    draft = ft_draft("tails-bugs@boum.org", f"Bug report: {REPORT_ID}",
                     "<report-7@relay.tails.net>", "FT: please look at this.\n",
                     references=["<root@relay.tails.net>"], report_key="INBOX:7")
    assert draft.kind is DraftKind.FT and draft.to == ("tails-bugs@boum.org",)
    assert draft.subject == f"Re: [FT] Bug report: {REPORT_ID}"
    assert draft.report_id == REPORT_ID and draft.notes == ()
    parsed = parse(wire(draft))
    assert parsed["Subject"] == f"Re: [FT] Bug report: {REPORT_ID}"
    assert parsed["In-Reply-To"] == "<report-7@relay.tails.net>"


def test_raising_to_ft_twice_is_detectable() -> None:
    again = ft_draft("tails-bugs@boum.org", f"Re: [FT] Bug report: {REPORT_ID}", None, "again")
    assert is_ft_subject(f"Re: [FT] Bug report: {REPORT_ID}")
    assert again.notes and "already carries [FT]" in again.notes[0]
    assert again.subject.count("[FT]") == 1
    assert again.in_reply_to is None and again.references == ()


# --- context block ---------------------------------------------------------------------------


def test_context_block_says_what_how_important_workarounds_and_reproduced() -> None:
    block = context_block("Wi-Fi card not detected\non Surface Pro 7", "High: 12 reports/week",
                          "", True)
    assert block.splitlines() == [
        "Context from the Help Desk",
        "--------------------------",
        "Problem:     Wi-Fi card not detected",
        "             on Surface Pro 7",
        "Importance:  High: 12 reports/week",
        "Workarounds: none known",
        "Reproduced:  yes",
    ]
    assert "Reproduced:  not tried" in context_block("x", "y", "z", None)
    assert "Reproduced:  tried, not reproduced" in context_block("x", "y", "z", False)


# --- encodings ---------------------------------------------------------------------------------


def test_every_line_ends_in_crlf_and_headers_are_rfc2047() -> None:
    draft = Draft(DraftKind.REPLY, to=("Zoë Ünïcode <zoe@example.test>",),
                  subject="Re: Écran noir après la mise à jour",
                  body="Bonjour Zoë,\n\nça marche ?\n")
    raw = wire(draft)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.isascii()
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]
    parsed = parse(raw)
    assert parsed["Subject"] == "Re: Écran noir après la mise à jour"
    assert parsed["To"].addresses[0].display_name == "Zoë Ünïcode"
    assert parsed["Content-Transfer-Encoding"] == "quoted-printable"
    assert parsed.get_content().replace("\r\n", "\n") == "Bonjour Zoë,\n\nça marche ?\n"
    assert parsed["Date"] == "Fri, 01 May 2026 12:30:00 +0000"
    assert parsed["Message-ID"] == "<new-1@tails.net>"
    assert parsed["From"].addresses[0].addr_spec == "support@tails.net"


def test_plain_ascii_short_lines_stay_7bit() -> None:
    parsed = parse(wire(Draft(DraftKind.REPLY, ("a@example.org",), "Hi", "Hello.\n")))
    assert parsed["Content-Transfer-Encoding"] == "7bit"
    assert parsed.get_content_charset() == "us-ascii"


def test_long_lines_are_encoded_and_come_back_whole() -> None:
    long_line = "word " * 400 + "x" * 1200
    subject = "S" * 300 + " " + "é" * 50
    raw = wire(Draft(DraftKind.REPLY, ("a@example.org",), subject, long_line + "\n"))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    parsed = parse(raw)
    assert parsed.get_content().replace("\r\n", "\n") == long_line + "\n"
    assert parsed["Subject"] == subject


def test_header_values_from_mail_stay_on_one_line() -> None:
    draft = Draft(DraftKind.REPLY, ("a@example.org",), "Hi\r\nBcc: spy@example.net", "x\n")
    raw = wire(draft)
    parsed = parse(raw)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hi Bcc: spy@example.net"


def test_control_characters_are_dropped_from_the_body() -> None:
    parsed = parse(wire(Draft(DraftKind.REPLY, ("a@example.org",), "Hi", "a\x00b\x1b[31mc\n")))
    assert parsed.get_content().replace("\r\n", "\n") == "ab[31mc\n"


def test_bad_message_id_is_refused() -> None:
    with pytest.raises(ComposeError, match="Message-ID"):
        to_message(Draft(DraftKind.REPLY, ("a@example.org",), "Hi", "x"), FROM, DATE, "nope")


# --- forwarding with the original intact ------------------------------------------------------


def attached_bytes(raw: bytes) -> bytes:
    """The body of the message/rfc822 part, cut out of the bytes as sent."""
    boundary = parse(raw).get_boundary()
    assert boundary
    parts = raw.split(b"\r\n--" + boundary.encode())
    [part] = [p for p in parts if b"Content-Type: message/rfc822" in p.split(b"\r\n\r\n")[0]]
    return part.split(b"\r\n\r\n", 1)[1]


def test_forward_attaches_an_encrypted_report_byte_for_byte(test_key: KeyPair) -> None:
    original = whisperback_message("Subject: Wi-Fi\nFrom: zoe@example.test\n\nIt fails.\n",
                                   REPORT_ID, test_key)
    original = original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    team = Team("Foundations Team", "foundations@tails.net")
    block = context_block("Wi-Fi fails", "high", "", None)
    draft = forward_draft(team, original, block, report_key="INBOX:7")
    assert draft.to == ("Foundations Team <foundations@tails.net>",)
    assert draft.subject == f"Fwd: Bug report: {REPORT_ID}"
    assert draft.report_id == REPORT_ID
    assert draft.body.startswith(block)
    assert "attached unchanged, still encrypted" in draft.body
    raw = wire(draft)
    assert attached_bytes(raw) == original
    parsed = parse(raw)
    assert parsed.get_content_type() == "multipart/mixed"
    body, attachment = parsed.iter_parts()
    assert body.get_content().replace("\r\n", "\n").startswith("Context from the Help Desk")
    assert attachment.get_content_type() == "message/rfc822"
    assert attachment.get_filename() == f"bug-report-{REPORT_ID}.eml"
    inner = attachment.get_content()
    assert inner.get_content_type() == "multipart/encrypted"
    assert b"-----BEGIN PGP MESSAGE-----" in raw
    assert b"It fails" not in raw


def test_forward_of_lf_mail_travels_with_crlf_and_8bit_survives() -> None:
    original = ("From: Ann <ann@example.org>\nSubject: caf\xe9 cass\xe9\n"
                "Message-ID: <m1@example.org>\n\nLigne \xe9 with a very long line " + "y" * 2000
                + "\n.\n..leading dots\n").encode("latin-1")
    draft = forward_draft(Team("UX", "ux@tails.net"), original, "Context\n")
    assert draft.attachment_name == "original-message.eml"
    raw = wire(draft)
    assert attached_bytes(raw) == original.replace(b"\n", b"\r\n")
    assert b"Content-Transfer-Encoding: 8bit" in raw


def test_forward_needs_an_original() -> None:
    with pytest.raises(ComposeError, match="no original"):
        forward_draft(Team("UX", "ux@tails.net"), b"  \n", "ctx")


# --- PGP/MIME ----------------------------------------------------------------------------------

ARMOR = "-----BEGIN PGP MESSAGE-----\n\nhF4DAAAAAAAAAAASAQdA\n=abcd\n-----END PGP MESSAGE-----\n"


def test_an_encrypted_draft_is_never_built_in_clear() -> None:
    draft = Draft(DraftKind.REPLY, ("a@example.org",), "Hi", "secret\n", encrypt_to="AB" * 20)
    with pytest.raises(ComposeError, match="refusing to build it unencrypted"):
        to_message(draft, FROM, DATE, "<m@x.org>")


def test_pgp_mime_follows_rfc_3156() -> None:
    draft = Draft(DraftKind.REPLY, ("a@example.org",), "Re: Bug", "secret\n",
                  in_reply_to="<p@x.org>", encrypt_to="AB" * 20)
    raw = wire(draft, armored=ARMOR)
    assert b"secret" not in raw
    parsed = parse(raw)
    assert parsed.get_content_type() == "multipart/encrypted"
    assert parsed.get_param("protocol") == "application/pgp-encrypted"
    assert parsed["In-Reply-To"] == "<p@x.org>" and parsed["Subject"] == "Re: Bug"
    version, data = parsed.iter_parts()
    assert version.get_content_type() == "application/pgp-encrypted"
    assert version.get_payload().strip() == "Version: 1"
    assert data.get_content_type() == "application/octet-stream"
    assert data.get_payload().replace("\r\n", "\n") == ARMOR
    assert pgp_mime(ARMOR).get_content_type() == "multipart/encrypted"
    with pytest.raises(ComposeError, match="not an ASCII-armoured"):
        pgp_mime("hello")


def test_content_bytes_is_the_body_entity_in_crlf() -> None:
    data = content_bytes(Draft(DraftKind.REPLY, ("a@example.org",), "Hi", "Zoë\n"))
    assert data.startswith(b"Content-Type: text/plain")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"Subject" not in data


def test_unfilled_placeholders_travel_in_the_draft_not_as_a_note_that_outlives_them() -> None:
    from hdtui.domain.codec import from_data, to_data

    rendered = replace(REPLY, body="See $issue_url\n", missing=("issue_url",))
    draft = reply_draft(report_entry(), rendered, FROM)
    assert draft.placeholders == ("issue_url",)
    assert not any("issue_url" in note for note in draft.notes)
    # Kept drafts keep them (the store's one codec); a draft kept by an older version,
    # with a note listing them, is read back by the store's migration
    # (tests/adapters/test_store.py).
    assert from_data(Draft, to_data(draft)) == draft


def test_the_unencrypted_notice_names_the_key_that_imports() -> None:
    """It said "import the key first" without the key (ctrl+g in the editor)."""
    draft = Draft(kind=DraftKind.REPLY, to=("a@example.org",), cc=(), subject="s",
                  body="b", user_key="0xDEADBEEF")
    assert "(ctrl+g imports the pasted key, then it is encrypted)" in \
        draft.encryption_notice("ctrl+g", pasted=True)
    assert "(only its ID is given; ctrl+g in a reply imports a public key the user pastes " \
        "in their message)" in draft.encryption_notice("ctrl+g")
    assert "import the key into the keyring first" in draft.encryption_notice()


def test_one_pattern_of_control_characters_for_headers_bodies_and_alerts() -> None:
    """review29 #7: compose (and alert) kept their own copy of address's pattern."""
    from hdtui.domain import address, alert, compose

    assert compose.CONTROL_RE is address.CONTROL_RE is alert.CONTROL_RE
    assert compose.clean_body("a\x00b\x1b[2J\tc\r\nd") == "ab[2J\tc\nd\n"
