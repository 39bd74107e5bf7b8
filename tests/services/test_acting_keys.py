"""A user's pasted OpenPGP key, end to end against real servers (Dovecot, aiosmtpd, gpg):
found in the report or in an attachment, imported only when asked, and the reply then
encrypted to the user and to the Help Desk key, so the copy in Sent stays readable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.compose import Draft
from hdtui.domain.openpgp import short_fingerprint
from hdtui.errors import CryptoError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.replies import load_templates
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.pgp import (
    KeyPair,
    make_expired_key,
    make_key,
    public_block,
    revoke,
    whisperback_message,
)

ROOT = Path(__file__).parents[2]
WIFI = (ROOT / "tests" / "data" / "whisperback" / "tails-7.5-wifi.txt").read_text()
CONTACT = "kestrel-742@example.org"
REPORT = "5e1f0a9b7d42e6a5"
ARMOR_RE = re.compile(r"-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----", re.S)


def with_key(block: str) -> str:
    """The Wi-Fi report with a key block pasted below the answers, as WhisperBack puts it."""
    head, debug = WIFI.split("======= content of", 1)
    head = head.replace("OpenPGP-Key: 0x6B2F0A9C4D3E1F57", "OpenPGP-Key: included below")
    return f"{head.rstrip()}\n\n{block.strip()}\n\n\n======= content of{debug}"


@dataclass
class Shift:
    triage: Triage
    actions: Actions
    dovecot: Dovecot
    user: str
    desk: KeyPair
    """The Help Desk key: it decrypts the reports."""

    def deliver_report(self, text: str, report_id: str = REPORT) -> str:
        self.dovecot.deliver(self.user, whisperback_message(text, report_id, self.desk))
        self.triage.inbox()
        return next(r.key for r in self.triage.snapshot().rows if r.report_id == report_id)

    def reply(self, key: str) -> Draft:
        template = next(t for t in self.triage.templates if t.slug == "not-enough-information"
                        and t.language == "en")
        draft, _ = self.actions.reply(key, template)
        return draft

    def in_ring(self, fingerprint: str) -> bool:
        return GpgCrypto(self.desk.home).key_for(fingerprint).found


@pytest.fixture
def shift(dovecot: Dovecot, imap_user: tuple[str, str], tmp_path: Path, smtpd: SmtpServers,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Shift]:
    """A shift whose keyring holds only its own Help Desk key (made for this test)."""
    user = imap_user[0]
    dovecot.doveadm("mailbox", "create", "-u", user, "Sent")
    desk = make_key("help-desk@tails.invalid")
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    source = ImapSource(ImapAccount(host=dovecot.host, user=user,
                                    password=lambda: imap_user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=10.0))
    templates, _ = load_templates(bundled_dir("replies"))
    triage = Triage(source, GpgCrypto(desk.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), templates,
                    DEFAULT_TEAM_ADDRESSES, live=source)
    mailer = SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                        password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile, timeout=10)
    actions = Actions(triage, mailer, GpgCrypto(desk.home), None, None,
                      "Tails Help Desk <help-desk@tails.invalid>", "tails-bugs@boum.org")
    yield Shift(triage, actions, dovecot, user, desk)
    triage.store.close()  # type: ignore[attr-defined]
    source.close()
    desk.close()


@pytest.fixture
def person() -> Iterator[KeyPair]:
    """The user who wrote the report, with their own key."""
    key = make_key(CONTACT)
    yield key
    key.close()


def ciphertext(raw: bytes | str) -> str:
    text = raw.decode() if isinstance(raw, bytes) else raw
    match = ARMOR_RE.search(text.replace("\r\n", "\n"))
    assert match is not None, "no OpenPGP message"
    return match.group(0)


def test_a_pasted_key_is_imported_when_asked_and_both_keys_read_the_reply(
        shift: Shift, person: KeyPair, smtpd: SmtpServers) -> None:
    key = shift.deliver_report(with_key(public_block(person)))
    entry = shift.triage.full(key)
    assert entry is not None and entry.decrypted_by == shift.desk.fingerprint
    draft = shift.reply(key)
    assert not draft.encrypted and "not in the keyring" in draft.encryption_notice()
    (block,) = shift.actions.key_blocks(draft)
    assert block.where == "in the report" and block.usable
    (found,) = shift.actions.inspect_keys(block).keys
    assert found.fingerprint == person.fingerprint
    assert found.uids == (f"Autogenerated Key <{CONTACT}>",)
    assert not shift.in_ring(person.fingerprint)  # finding and reading imported nothing

    sealed = shift.actions.import_key(block, person.fingerprint, draft)
    assert shift.in_ring(person.fingerprint)
    assert (sealed.encrypt_to, sealed.helpdesk_key) == (person.fingerprint,
                                                       shift.desk.fingerprint)
    assert sealed.body == draft.body and sealed.to == draft.to  # the draft is intact
    assert sealed.encryption_notice().startswith(
        f"Encrypted to {short_fingerprint(person.fingerprint)} Autogenerated Key <{CONTACT}> "
        f"and to the Help Desk key {short_fingerprint(shift.desk.fingerprint)}")

    report = shift.actions.send(sealed)
    assert report.problems == () and report.accepted == (CONTACT,)
    (received,) = smtpd.handler.received
    first_line = draft.body.split("\n")[0].encode()
    assert first_line and first_line not in received.data  # nothing in clear
    assert message_from_bytes(received.data, policy=default).get_content_type() == \
        "multipart/encrypted"
    sent = ciphertext(received.data)
    for reader in (person, shift.desk):
        plain = reader.gpg.decrypt(sent)
        assert plain.ok, plain.status
        assert first_line in plain.data
    copy = shift.dovecot.doveadm("fetch", "-u", shift.user, "text", "mailbox", "Sent", "all")
    assert report.message_id in copy
    kept = shift.desk.gpg.decrypt(ciphertext(copy))  # every member can read the Sent copy
    assert kept.ok and first_line in kept.data


def test_a_key_already_imported_encrypts_the_next_reply_to_the_help_desk_too(
        shift: Shift, person: KeyPair) -> None:
    key = shift.deliver_report(with_key(public_block(person)))
    draft = shift.reply(key)
    (block,) = shift.actions.key_blocks(draft)
    shift.actions.import_key(block, person.fingerprint, draft)
    again = shift.reply(key)  # found in the keyring now, no import needed
    assert again.recipients_keys == (person.fingerprint, shift.desk.fingerprint)


def test_the_configured_help_desk_key_is_used_and_a_wrong_one_is_said(
        shift: Shift, person: KeyPair, smtpd: SmtpServers) -> None:
    team = make_key("helpdesk-shared@tails.invalid")
    try:
        GpgCrypto(shift.desk.home).import_keys(str(team.gpg.export_keys(team.fingerprint)))
        shift.actions.helpdesk_key = " ".join(team.fingerprint[i:i + 4]
                                              for i in range(0, 40, 4))
        key = shift.deliver_report(with_key(public_block(person)))
        draft = shift.reply(key)
        (block,) = shift.actions.key_blocks(draft)
        sealed = shift.actions.import_key(block, person.fingerprint, draft)
        assert sealed.helpdesk_key == team.fingerprint
        shift.actions.send(sealed)
        assert team.gpg.decrypt(ciphertext(smtpd.handler.received[0].data)).ok

        shift.actions.helpdesk_key = "AB" * 20  # not in the keyring
        unknown = shift.reply(key)
        assert unknown.encrypt_to == person.fingerprint and unknown.helpdesk_key is None
        (note,) = [n for n in unknown.notes if n.startswith("Not encrypted to the Help Desk")]
        assert "ABAB" in note and "[gpg] helpdesk_key" in note
        assert "readable only by the user" in unknown.encryption_notice()
    finally:
        team.close()


@pytest.mark.parametrize("bad", ["revoked", "expired", "sign-only", "malformed"])
def test_a_bad_key_is_refused_with_its_reason_and_the_draft_stays(
        shift: Shift, bad: str) -> None:
    if bad == "expired":
        user = make_expired_key(CONTACT)
    else:
        user = make_key(CONTACT, encrypt=bad != "sign-only")
    try:
        if bad == "revoked":
            revoke(user)
        block_text = public_block(user)
        if bad == "malformed":
            block_text = block_text.replace("m", "x", 3)
        key = shift.deliver_report(with_key(block_text))
        draft = shift.reply(key)
        (block,) = shift.actions.key_blocks(draft)
        reason = {"revoked": "is revoked", "expired": "expired on 2020",
                  "sign-only": "no usable encryption subkey",
                  "malformed": "cannot be read"}[bad]
        with pytest.raises(CryptoError, match=reason):
            shift.actions.import_key(block, user.fingerprint, draft)
        assert not shift.in_ring(user.fingerprint)
        assert not draft.encrypted and shift.reply(key).body == draft.body
    finally:
        user.close()


def test_a_key_attached_to_support_mail_is_found_and_used(
        shift: Shift, smtpd: SmtpServers) -> None:
    zoe = make_key("zoe@example.org")
    try:
        mail = EmailMessage()
        mail["From"] = "Zoë <zoe@example.org>"
        mail["To"] = "support@tails.net"
        mail["Subject"] = "Tails does not start"
        mail["Message-ID"] = "<zoe-1@example.org>"
        mail.set_content("Hello, Tails does not start on my laptop. My key is attached.\n")
        mail.add_attachment(public_block(zoe).encode(), maintype="application",
                            subtype="pgp-keys", filename="zoe.asc")
        shift.dovecot.deliver(shift.user, mail.as_bytes())
        shift.triage.inbox()
        key = next(r.key for r in shift.triage.snapshot().rows
                   if r.summary == "Tails does not start")
        draft = shift.reply(key)
        (block,) = shift.actions.key_blocks(draft)
        assert block.where == "in the attachment zoe.asc"
        sealed = shift.actions.import_key(block, zoe.fingerprint, draft)
        # Plain mail was decrypted by no key: without [gpg] helpdesk_key, the member is told.
        assert sealed.encrypt_to == zoe.fingerprint and sealed.helpdesk_key is None
        assert any("no Help Desk key is known" in n for n in sealed.notes)
        shift.actions.send(sealed)
        assert zoe.gpg.decrypt(ciphertext(smtpd.handler.received[0].data)).ok
    finally:
        zoe.close()


def test_a_key_pasted_in_plain_mail_encrypts_the_replies_once_imported(
        shift: Shift) -> None:
    zoe = make_key("zoe@example.org")
    try:
        shift.actions.helpdesk_key = shift.desk.fingerprint  # plain mail: no decrypting key
        quoted = "\n".join(f"> {line}" for line in public_block(zoe).splitlines())
        shift.dovecot.deliver(shift.user, (
            "From: Zoë <zoe@example.org>\nTo: support@tails.net\nSubject: Persistent "
            "Storage\nMessage-ID: <zoe-2@example.org>\n\nYou wrote, and I answer with my "
            f"key:\n{quoted}\n").encode())
        shift.triage.inbox()
        key = next(r.key for r in shift.triage.snapshot().rows
                   if r.summary == "Persistent Storage")
        first = shift.reply(key)
        assert not first.encrypted
        (block,) = shift.actions.key_blocks(first)
        assert block.where == "in the mail"
        shift.actions.import_key(block, zoe.fingerprint, first)
        later = shift.reply(key)
        assert later.recipients_keys == (zoe.fingerprint, shift.desk.fingerprint)
        assert later.encrypt_uid == "Autogenerated Key <zoe@example.org>"
    finally:
        zoe.close()
