"""Decryption with real GnuPG: WhisperBack PGP/MIME, wrong key, corrupt armour."""

from __future__ import annotations

from pathlib import Path

from hdtui.gpg import GpgCrypto
from hdtui.sources.parse import parse_message
from tests.support.pgp import KeyPair, whisperback_message

DATA = Path(__file__).parent.parent / "data" / "whisperback"


def test_decrypts_a_whisperback_report(test_key: KeyPair) -> None:
    body = (DATA / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    raw = whisperback_message(body, "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key)
    parsed = parse_message(raw, "k")
    assert parsed.message.encrypted and parsed.ciphertext
    result = GpgCrypto(test_key.home).decrypt_text(parsed.ciphertext)
    assert result.ok, result.error
    assert result.text.replace("\r\n", "\n") == body


def test_non_ascii_report_goes_through_base64(test_key: KeyPair) -> None:
    body = "Subject: Écran noir après la mise à jour\n\nRésultat : rien ne s'affiche.\n"
    raw = whisperback_message(body, "abc123", test_key)
    ciphertext = parse_message(raw, "k").ciphertext
    assert ciphertext is not None
    result = GpgCrypto(test_key.home).decrypt_text(ciphertext)
    assert result.ok and "Écran noir après" in result.text


def test_report_for_another_key_says_so(test_key: KeyPair, other_key: KeyPair) -> None:
    raw = whisperback_message("Subject: x\n", "abc123", other_key)
    ciphertext = parse_message(raw, "k").ciphertext
    assert ciphertext is not None
    result = GpgCrypto(test_key.home).decrypt_text(ciphertext)
    assert not result.ok
    assert "no secret key" in result.error


def test_corrupt_armour_says_so(test_key: KeyPair) -> None:
    broken = "-----BEGIN PGP MESSAGE-----\n\nhQIMA51tZHKvwa13AQ/+!!!!broken!!!!\n=FAKE\n" \
             "-----END PGP MESSAGE-----\n"
    raw = whisperback_message("Subject: x\n", "abc123", test_key, armor_override=broken)
    ciphertext = parse_message(raw, "k").ciphertext
    assert ciphertext is not None
    result = GpgCrypto(test_key.home).decrypt_text(ciphertext)
    assert not result.ok and result.error
    assert "secret key" not in result.error
