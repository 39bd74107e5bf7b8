"""Replies encrypted to the user's key with real GnuPG; key lookup; import on request."""

from __future__ import annotations

import email
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email import policy

import gnupg
import pytest

from hdtui.domain.compose import content_bytes, message_bytes, reply_draft, to_message
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.reply import RenderedReply
from hdtui.domain.report import WhisperBackReport
from hdtui.errors import CryptoError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from tests.servers.smtp import SmtpServers
from tests.support.pgp import KeyPair, kill_agent, make_key, short_tmp

USER = "someone-else@hdtui.invalid"  # other_key's address: the user who wrote the report
FROM = "Tails Help Desk <support@tails.net>"


@pytest.fixture
def helpdesk() -> Iterator[GpgCrypto]:
    """The Help Desk's keyring, empty of users' keys."""
    home = short_tmp("hdg-")
    crypto = GpgCrypto(home)
    yield crypto
    kill_agent(home)
    shutil.rmtree(home, ignore_errors=True)


def public_block(key: KeyPair) -> str:
    return str(key.gpg.export_keys(key.fingerprint))


def entry(openpgp_key: str | None, key_block: str | None = None) -> Entry:
    message = Message(key="INBOX:3", subject="Bug report: abc123",
                      sender_address=WHISPERBACK_SENDER, message_id="<r3@relay.example>",
                      encrypted=True)
    report = WhisperBackReport(report_id="abc123", summary="x", contact=f"Zoë <{USER}>",
                               openpgp_key=openpgp_key, key_block=key_block)
    return Entry(message=message, kind=Kind.REPORT, report=report,
                 decrypt=DecryptState.DECRYPTED)


REPLY = RenderedReply("Re: your report", "Bonjour Zoë,\n\nMerci, voilà la solution.\n", ())


def test_reply_is_encrypted_to_the_users_key_and_only_that_key_reads_it(
        helpdesk: GpgCrypto, other_key: KeyPair, test_key: KeyPair,
        smtpd: SmtpServers) -> None:
    helpdesk.import_public_key(public_block(other_key))
    draft = reply_draft(entry(other_key.fingerprint), REPLY, FROM)
    lookup = helpdesk.key_for(draft.user_key or "")
    assert lookup.found and lookup.fingerprint == other_key.fingerprint
    assert any(USER in uid for uid in lookup.uids)
    draft = replace(draft, encrypt_to=lookup.fingerprint)
    armored = helpdesk.encrypt(content_bytes(draft), [lookup.fingerprint or ""])
    msg = to_message(draft, FROM, datetime(2026, 5, 1, tzinfo=UTC), "<e1@tails.net>",
                     armored=armored)
    SmtpSender("127.0.0.1", smtpd.plain_port, "plain", timeout=10).send(msg)
    [got] = smtpd.handler.received
    assert got.data == message_bytes(msg)
    assert b"voil" not in got.data and b"Merci" not in got.data
    outer = email.message_from_bytes(got.data, policy=policy.default)
    assert outer.get_content_type() == "multipart/encrypted"
    ciphertext = list(outer.iter_parts())[1].get_payload(decode=True)  # type: ignore[attr-defined]
    decrypted = other_key.gpg.decrypt(ciphertext)
    assert decrypted.ok, decrypted.status
    inner = email.message_from_bytes(decrypted.data, policy=policy.default)
    assert inner.get_content().replace("\r\n", "\n") == REPLY.body  # type: ignore[attr-defined]
    assert not test_key.gpg.decrypt(ciphertext).ok  # the Help Desk's own key cannot


def test_no_key_is_a_clear_unencrypted_signal(helpdesk: GpgCrypto) -> None:
    lookup = helpdesk.key_for("0x1234567890ABCDEF")
    assert not lookup.found and lookup.fingerprint is None
    assert "No key for 1234567890ABCDEF in the keyring" in lookup.reason
    draft = reply_draft(entry("0x1234567890ABCDEF"), REPLY, FROM)
    assert draft.encrypt_to is None
    assert "UNENCRYPTED" in draft.encryption_notice()
    assert not helpdesk.key_for("").found


def test_lookup_by_address_key_id_and_spaced_fingerprint(helpdesk: GpgCrypto,
                                                         other_key: KeyPair) -> None:
    helpdesk.import_public_key(public_block(other_key))
    fpr = other_key.fingerprint
    spaced = " ".join(fpr[i:i + 4] for i in range(0, 40, 4))
    for query in (USER, f"<{USER.upper()}>", f"0x{fpr[-16:]}", fpr[-8:], spaced, fpr.lower()):
        lookup = helpdesk.key_for(query)
        assert lookup.found and lookup.fingerprint == fpr, query


def test_a_pasted_key_is_importable_only_on_request(helpdesk: GpgCrypto,
                                                    other_key: KeyPair) -> None:
    block = public_block(other_key)
    lookup = helpdesk.key_for(block)
    assert not lookup.found and lookup.importable
    assert lookup.fingerprint == other_key.fingerprint
    assert "not in the keyring" in lookup.reason
    assert not helpdesk.key_for(other_key.fingerprint).found  # looking did not import
    assert helpdesk.import_public_key(block) == [other_key.fingerprint]
    assert helpdesk.key_for(block).found


def test_a_key_given_as_a_link_is_never_fetched(helpdesk: GpgCrypto) -> None:
    lookup = helpdesk.key_for("https://keys.openpgp.org/vks/v1/by-fingerprint/ABCD")
    assert not lookup.found and "never fetches" in lookup.reason
    assert "complete report" in helpdesk.key_for("included below").reason


def test_secret_keys_are_not_imported(helpdesk: GpgCrypto, other_key: KeyPair) -> None:
    secret = str(other_key.gpg.export_keys(other_key.fingerprint, secret=True,
                                           expect_passphrase=False))
    with pytest.raises(CryptoError, match="public key block"):
        helpdesk.import_public_key(secret)
    assert not helpdesk.secret_fingerprints()


def test_a_sign_only_key_is_not_used(helpdesk: GpgCrypto) -> None:
    home = short_tmp("hds-")
    try:
        gpg = gnupg.GPG(gnupghome=str(home))
        key = gpg.gen_key(gpg.gen_key_input(key_type="EDDSA", key_curve="ed25519",
                                            name_email="signer@hdtui.invalid",
                                            expire_date="1d", no_protection=True))
        helpdesk.import_public_key(str(gpg.export_keys(key.fingerprint)))
        lookup = helpdesk.key_for("signer@hdtui.invalid")
        assert not lookup.found and "not usable for encryption" in lookup.reason
    finally:
        kill_agent(home)
        shutil.rmtree(home, ignore_errors=True)


def test_encrypting_to_something_else_than_a_fingerprint_is_refused(
        helpdesk: GpgCrypto) -> None:
    with pytest.raises(CryptoError, match="not a full OpenPGP fingerprint"):
        helpdesk.encrypt(b"x", ["--homedir /tmp"])
    with pytest.raises(CryptoError, match="Cannot encrypt to"):
        helpdesk.encrypt(b"x", ["AB" * 20])


def test_encrypted_to_a_fresh_key_of_its_own(helpdesk: GpgCrypto) -> None:
    user = make_key("fresh@hdtui.invalid")
    try:
        helpdesk.import_public_key(public_block(user))
        armored = helpdesk.encrypt(b"hello", [user.fingerprint])
        assert armored.startswith("-----BEGIN PGP MESSAGE-----")
        assert user.gpg.decrypt(armored).data == b"hello"
    finally:
        user.close()
