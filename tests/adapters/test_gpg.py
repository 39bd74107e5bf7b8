"""Decryption with real GnuPG: WhisperBack PGP/MIME, wrong key, corrupt armour."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_many_reports_in_one_gpg_process_each_with_its_own_outcome(
        test_key: KeyPair, other_key: KeyPair, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # where the plaintexts pass
    bodies = [f"Subject: report {n}\n\nÉcran noir numéro {n}.\n" for n in range(6)]
    texts = [parse_message(whisperback_message(b, f"{n:032x}", test_key), "k").ciphertext
             for n, b in enumerate(bodies)]
    foreign = parse_message(whisperback_message("Subject: x\n", "f" * 32, other_key),
                            "k").ciphertext
    broken = parse_message(whisperback_message(
        "Subject: x\n", "e" * 32, test_key, armor_override="-----BEGIN PGP MESSAGE-----\n\n"
        "hQIMA51tZHKvwa13AQ/+!!!!broken!!!!\n=FAKE\n-----END PGP MESSAGE-----\n"),
        "k").ciphertext
    assert all(texts) and foreign and broken
    batch = [*texts[:3], foreign, *texts[3:5], broken, texts[5]]
    crypto = GpgCrypto(test_key.home)
    results = crypto.decrypt_texts([t for t in batch if t is not None])
    assert [r.ok for r in results] == [True, True, True, False, True, True, False, True]
    wanted = [bodies[0], bodies[1], bodies[2], bodies[3], bodies[4], bodies[5]]
    got = [r.text.replace("\r\n", "\n") for r in results if r.ok]
    assert got == wanted  # each in its place, none mixed up
    assert "no secret key" in results[3].error  # the precise reason, as alone
    assert results[6].error and "secret key" not in results[6].error
    assert all(r.key for r in results if r.ok)  # the key that decrypted it
    assert crypto.batched == 6  # in one gpg process; only the two failures alone
    assert list(tmp_path.iterdir()) == []  # no message or plaintext left behind


def test_a_few_reports_are_decrypted_one_by_one(test_key: KeyPair) -> None:
    one = parse_message(whisperback_message("Subject: a\n", "a" * 32, test_key), "k")
    assert one.ciphertext is not None
    crypto = GpgCrypto(test_key.home)
    [result] = crypto.decrypt_texts([one.ciphertext])
    assert result.ok and "Subject: a" in result.text and crypto.batched == 0
