"""Decryption with real GnuPG: WhisperBack PGP/MIME, wrong key, corrupt armour."""

from __future__ import annotations

import gc
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hdtui import gpg
from hdtui.errors import CryptoError
from hdtui.gpg import NOT_ENCRYPTED, PASSPHRASE_ONLY, GpgCrypto
from hdtui.private_tmp import SHARED_MEMORY, in_memory
from hdtui.sources.parse import parse_message
from tests.support.pgp import KeyPair, agent_pids, kill_agent, make_key, whisperback_message

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
    # The key ID gpg's ENC_TO names: the encryption subkey of the other key.
    subkey = other_key.gpg.list_keys()[0]["subkeys"][0][0]
    assert result.error.endswith(f"(encrypted to key ID {subkey})")


def test_a_report_with_hidden_recipients_says_so_not_key_id_zero(
        test_key: KeyPair, other_key: KeyPair) -> None:
    """A sender who hid the recipients (gpg --throw-keyids) gives ENC_TO 0000000000000000:
    it was said as "encrypted to key ID 0000000000000000", a key that does not exist."""
    hidden = other_key.gpg.encrypt(b"Subject: r\n\nx\n", other_key.fingerprint, armor=True,
                                   always_trust=True, extra_args=["--throw-keyids"])
    assert hidden.ok, hidden.stderr
    result = GpgCrypto(test_key.home).decrypt_text(str(hidden).encode())
    assert not result.ok and "no secret key" in result.error
    assert result.error.endswith("(the recipient's key ID is hidden)"), result.error
    assert "0000000000000000" not in result.error


def test_hidden_key_ids_beside_shown_ones() -> None:
    zero = "[GNUPG:] ENC_TO 0000000000000000 18 0\n"
    shown = "[GNUPG:] ENC_TO 1234567890ABCDEF 18 0\n"
    assert gpg._encrypted_to(zero * 2) == " (the recipients' key IDs are hidden)"
    assert gpg._encrypted_to(shown + zero) == (
        " (encrypted to key ID 1234567890ABCDEF; another recipient's key ID is hidden)")
    assert gpg._encrypted_to(shown) == " (encrypted to key ID 1234567890ABCDEF)"
    assert gpg._encrypted_to("") == ""


def test_without_a_home_gpg_never_runs_nor_creates_one(
    test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gnupg"
    monkeypatch.setenv("GNUPGHOME", str(missing))
    raw = whisperback_message("Subject: x\n", "abc123", test_key)
    ciphertext = parse_message(raw, "k").ciphertext
    assert ciphertext is not None
    crypto = GpgCrypto(None, own_agent=True)
    assert crypto.missing_home().startswith(f"no GnuPG home at {missing}: set [gpg] home")
    for result in [crypto.decrypt_text(ciphertext), *crypto.decrypt_texts([ciphertext] * 5)]:
        assert not result.ok and result.error == crypto.missing_home()
    lookup = crypto.key_for("helpdesk-test@hdtui.invalid")  # a reply: drafted unencrypted
    assert not lookup.found and lookup.reason.startswith("No key can be looked up: no GnuPG")
    with pytest.raises(CryptoError, match="No GnuPG home at"):
        crypto.import_keys("-----BEGIN PGP PUBLIC KEY BLOCK-----")
    from hdtui.domain.openpgp import find_key_blocks

    (block,) = find_key_blocks(str(test_key.gpg.export_keys(test_key.fingerprint)), "pasted")
    inspection = crypto.inspect_keys(block)
    assert not inspection.keys and f"no GnuPG home at {missing}" in inspection.error
    crypto.release_agent()
    assert not missing.exists()


def _gone(home: Path) -> bool:
    """Whether the agent of ``home`` has exited (gpgconf --kill does not wait for it)."""
    for _ in range(40):
        if not agent_pids(home):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def lone_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyPair]:
    """A keypair with no gpg-agent running, and a runtime directory of this test alone."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    key = make_key()
    kill_agent(key.home)
    yield key
    kill_agent(key.home)
    key.close()


def test_one_hdtui_leaving_keeps_the_agent_another_uses(lone_key: KeyPair) -> None:
    first = GpgCrypto(lone_key.home, own_agent=True)
    first._ensure_agent()
    running = agent_pids(lone_key.home)
    assert running
    second = GpgCrypto(lone_key.home, own_agent=True)  # a timer's sync during a shift
    first.release_agent()
    assert agent_pids(lone_key.home) == running
    second.release_agent()  # the last one out stops the agent the first one launched
    assert _gone(lone_key.home)


def test_a_user_that_died_without_leaving_does_not_keep_the_agent(lone_key: KeyPair) -> None:
    crypto = GpgCrypto(lone_key.home, own_agent=True)
    crypto._ensure_agent()
    assert agent_pids(lone_key.home)
    ended = subprocess.Popen(["true"])
    ended.wait()
    place = gpg.AgentUsers.join(lone_key.home)
    assert place is not None
    (place._place / f"{ended.pid}.1").touch()
    place._place.joinpath(place._name).unlink()
    crypto.release_agent()
    assert _gone(lone_key.home)
    assert sorted(p.name for p in place._place.iterdir()) == ["lock"]


def test_the_agent_of_gpgs_own_home_is_never_stopped(
        lone_key: KeyPair, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GNUPGHOME", str(lone_key.home))  # no [gpg] home: the member's own
    crypto = GpgCrypto(None, own_agent=True)
    crypto._ensure_agent()
    running = agent_pids(lone_key.home)
    assert running
    crypto.release_agent()
    assert agent_pids(lone_key.home) == running


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
    # No message or plaintext left behind: only the decrypting keyring (public keys),
    # removed with the crypto.
    (ring,) = tmp_path.iterdir()
    assert ring.name.startswith("hdtui-ring-") and (ring / "pubring.gpg").is_file()
    assert not list(ring.glob("m*"))
    del crypto
    gc.collect()
    assert list(tmp_path.iterdir()) == []


def test_batches_read_the_members_keyring_and_never_change_it(
        other_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches decrypt with a keyring-format copy of the public keys of the member's
    secret keys (docs/encryption.md); the member's own files are only read, and a key the
    member imports later still decrypts its reports."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    member = make_key("member@hdtui.invalid")  # its own home: a second secret key comes

    def members_files() -> dict[str, tuple[bytes, int]]:
        return {f.name: (f.read_bytes(), f.stat().st_mtime_ns)
                for f in member.home.iterdir()
                # (random_seed: gpg's own generator state, saved by every gpg run)
                if f.is_file() and not f.name.startswith("S.") and f.name != "random_seed"}

    def reports(key: KeyPair, count: int) -> list[bytes]:
        found = [parse_message(whisperback_message(f"Subject: r{n}\n\nx\n", f"{n:032x}",
                                                   key), "k").ciphertext
                 for n in range(count)]
        return [c for c in found if c is not None]

    try:
        crypto = GpgCrypto(member.home)
        crypto.decrypt_text(reports(member, 1)[0])  # the agent started
        before = members_files()
        results = crypto.decrypt_many(reports(member, 5))
        assert all(r.ok and r.key == member.fingerprint for r in results)
        assert crypto.batched == 5 and crypto._ring  # the batch used the decrypting keyring
        assert members_files() == before
        # A second secret key, imported after the keyring was made: its reports fail in
        # the batch and are decrypted alone with the member's keyring.
        secret = other_key.gpg.export_keys(other_key.fingerprint, secret=True,
                                           expect_passphrase=False)
        member.gpg.import_keys(secret)
        results = crypto.decrypt_many(reports(other_key, 4))
        assert all(r.ok and r.key == other_key.fingerprint for r in results)
    finally:
        kill_agent(member.home)
        shutil.rmtree(member.home, ignore_errors=True)


@pytest.mark.skipif(not in_memory(SHARED_MEMORY), reason="no tmpfs at /dev/shm")
def test_without_a_runtime_directory_batches_pass_through_memory_not_the_disk(
        test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member without $XDG_RUNTIME_DIR (an SSH session without a login manager): the
    plaintexts and the decrypting keyring go to /dev/shm, never the system's temporary
    directory, which is usually on a disk (docs/encryption.md)."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    disk = tmp_path / "disk"
    disk.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    before = set(Path(SHARED_MEMORY).glob("hdtui-ring-*"))
    crypto = GpgCrypto(test_key.home)
    texts = [parse_message(whisperback_message(f"Subject: r{n}\n\nx{n}\n", f"{n:032x}",
                                               test_key), "k").ciphertext for n in range(5)]
    results = crypto.decrypt_texts([t for t in texts if t is not None])
    assert [r.text.replace("\r\n", "\n") for r in results] == [
        f"Subject: r{n}\n\nx{n}\n" for n in range(5)]
    assert crypto.batched == 5
    assert list(disk.iterdir()) == []  # nothing ever left there, nothing made there
    # This crypto's own ring (another hdtui on the machine can make one meanwhile).
    ring = Path(crypto._ring).parent  # type: ignore[arg-type]
    assert ring in set(Path(SHARED_MEMORY).glob("hdtui-ring-*")) - before
    assert ring.stat().st_mode & 0o777 == 0o700
    assert not list(ring.glob("m*"))
    del crypto
    gc.collect()
    assert not ring.exists()


def _armour(key: KeyPair, body: str = "Subject: r\n\nx\n") -> bytes:
    ciphertext = parse_message(whisperback_message(body, "a" * 32, key), "k").ciphertext
    assert ciphertext is not None
    return ciphertext


def test_a_truncated_armour_says_so_alone_and_in_a_batch(test_key: KeyPair) -> None:
    """A report cut short on its way (half its armour, with or without the END line):
    "corrupt or truncated" in a batch as alone, the sound reports around it decrypted."""
    lines = _armour(test_key).split(b"\n")
    half = b"\n".join(lines[:len(lines) // 2]) + b"\n"
    cut = [half, half + b"-----END PGP MESSAGE-----\n"]
    crypto = GpgCrypto(test_key.home)
    for ciphertext in cut:
        alone = crypto.decrypt_text(ciphertext)
        assert not alone.ok and "truncated" in alone.error, alone.error
    good = [_armour(test_key, f"Subject: r{n}\n\nx{n}\n") for n in range(3)]
    results = crypto.decrypt_texts([good[0], cut[0], good[1], cut[1], good[2]])
    assert [r.ok for r in results] == [True, False, True, False, True]
    assert all("truncated" in r.error for r in results if not r.ok)
    assert [r.text.replace("\r\n", "\n") for r in results if r.ok] == [
        f"Subject: r{n}\n\nx{n}\n" for n in range(3)]


def test_a_message_encrypted_to_no_key_says_what_it_is(
        test_key: KeyPair, other_key: KeyPair, monkeypatch: pytest.MonkeyPatch) -> None:
    """An armour that is only signed (by a key in the keyring or not, or clear-signed),
    neither signed nor encrypted, or encrypted with a passphrase: the reason says so,
    instead of gpg's "signature valid", "no public key" (which read as a key problem),
    nothing ("unknown error") or "decryption failed" (which reads as a corrupt one)."""
    signed = [str(test_key.gpg.sign(b"Subject: r\n\nx\n", keyid=test_key.fingerprint,
                                    clearsign=False)).encode(),
              str(other_key.gpg.sign(b"Subject: r\n\nx\n", keyid=other_key.fingerprint,
                                     clearsign=False)).encode(),
              str(test_key.gpg.sign(b"x\n", keyid=test_key.fingerprint)).encode()]
    assert all(b"BEGIN PGP" in s for s in signed)
    crypto = GpgCrypto(test_key.home)
    for ciphertext in signed:
        result = crypto.decrypt_text(ciphertext)
        assert not result.ok and "only signed, not encrypted" in result.error, result.error
    results = crypto.decrypt_texts([*signed, _armour(test_key)])
    assert [r.ok for r in results] == [False, False, False, True]
    assert all("only signed, not encrypted" in r.error for r in results[:3])
    # Encrypted and signed is no signed-only message.
    signed_too = test_key.gpg.encrypt(b"Subject: r\n\nsigned too\n", test_key.fingerprint,
                                      sign=test_key.fingerprint, armor=True,
                                      always_trust=True)
    assert signed_too.ok
    assert crypto.decrypt_text(str(signed_too).encode()).ok
    # Neither signed nor encrypted (a literal packet), or encrypted with a passphrase.
    home = ["gpg", "--homedir", str(test_key.home), "--batch", "-a"]
    literal = subprocess.run([*home, "--store"], input=b"Subject: r\n\nx\n",
                             capture_output=True, check=True).stdout
    symmetric = subprocess.run([*home, "--pinentry-mode", "loopback", "--passphrase", "p",
                                "-c"], input=b"Subject: r\n\nx\n", capture_output=True,
                               check=True).stdout
    both = subprocess.run([*home, "--pinentry-mode", "loopback", "--passphrase", "p", "-c",
                           "-e", "-r", test_key.fingerprint, "--trust-model", "always"],
                          input=b"Subject: r\n\nx\n", capture_output=True, check=True).stdout
    given: list[str] = []
    popen = subprocess.Popen

    def noted(command: list[str], **kwargs: object) -> object:  # a batch's gpg is a Popen
        given.extend(c for c in command if c.endswith(".asc"))
        return popen(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(gpg.subprocess, "Popen", noted)
    results = crypto.decrypt_texts([literal, symmetric, literal, both])
    assert [r.error for r in results] == [NOT_ENCRYPTED, PASSPHRASE_ONLY, NOT_ENCRYPTED, ""]
    assert results[3].ok and results[3].text.strip() == "x"  # a key and a passphrase
    # The passphrase-only message is never given to gpg, whose agent would try a
    # pinentry for it (a window in a desktop session; a second each without one).
    assert given == ["m0.asc", "m2.asc", "m3.asc"]
    monkeypatch.setattr(GpgCrypto, "_gpg", property(lambda self: pytest.fail("gpg asked")))
    assert crypto.decrypt_text(symmetric).error == PASSPHRASE_ONLY


def test_a_passphrase_only_message_first_keeps_the_batch_s_last_results(
        test_key: KeyPair) -> None:
    """A passphrase-only message has no file in the batch but keeps its index: the files
    after it are numbered by their message, so the last one's result must still be read
    from the batch (it was dropped, and that message decrypted again alone)."""
    home = ["gpg", "--homedir", str(test_key.home), "--batch", "-a"]
    symmetric = subprocess.run([*home, "--pinentry-mode", "loopback", "--passphrase", "p",
                                "-c"], input=b"Subject: r\n\nx\n", capture_output=True,
                               check=True).stdout
    bodies = [f"Subject: r{n}\n\nx{n}\n" for n in range(5)]
    crypto = GpgCrypto(test_key.home)
    results = crypto.decrypt_texts([symmetric, *(_armour(test_key, b) for b in bodies)])
    assert results[0].error == PASSPHRASE_ONLY
    assert [r.text.replace("\r\n", "\n") for r in results[1:]] == bodies
    assert crypto.batched == 5  # all five from the one gpg process, none again alone


def test_gpg_missing_is_said_at_once_and_gpg_gone_fails_each_report_clearly(
        test_key: KeyPair, tmp_path: Path) -> None:
    """No gpg at all: the crypto is not made, with what to do. gpg removed while hdtui
    runs (a package upgrade): every report of a batch fails with the reason, none raises,
    and they are read again once gpg is back."""
    with pytest.raises(CryptoError, match=r"not found\. Install gnupg or set"):
        GpgCrypto(test_key.home, str(tmp_path / "no-gpg"))
    binary = tmp_path / "gpg"
    real = shutil.which("gpg")
    assert real is not None
    binary.symlink_to(real)
    crypto = GpgCrypto(test_key.home, str(binary))
    reports = [_armour(test_key, f"Subject: r{n}\n\nx{n}\n") for n in range(5)]
    assert crypto.decrypt_text(reports[0]).ok
    binary.unlink()
    results = crypto.decrypt_texts(reports)
    assert [r.ok for r in results] == [False] * 5
    assert all("gpg could not run" in r.error for r in results), results[0].error
    binary.symlink_to(real)
    assert all(r.ok for r in crypto.decrypt_texts(reports))


def test_a_batch_reads_gpg_s_status_from_its_private_directory_not_from_pipes(
        test_key: KeyPair, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's gpg writes its status lines to a file of the private directory and its
    words to nothing: Python reading them from pipes as gpg wrote them, line by line, was
    half the Python of a batch (docs/encryption.md). The outcomes are the same."""

    seen: list[dict[str, object]] = []
    popen = subprocess.Popen

    def noted(command: list[str], **kwargs: object) -> object:  # a batch's gpg is a Popen
        if "--decrypt-files" in command:
            seen.append({"command": command, **kwargs})
        return popen(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(gpg.subprocess, "Popen", noted)
    bodies = [f"Subject: r{n}\n\nx{n}\n" for n in range(5)]
    crypto = GpgCrypto(test_key.home)
    results = crypto.decrypt_texts([_armour(test_key, b) for b in bodies])
    assert [r.text.replace("\r\n", "\n") for r in results] == bodies
    assert all(r.key == test_key.fingerprint for r in results)
    assert crypto.batched == 5
    (call,) = seen
    assert call["stderr"] is subprocess.DEVNULL
    assert "--status-fd" not in call["command"]  # type: ignore[operator]
    # A pipe whose end says gpg ended: without one, a timeout polls the process with
    # sleeps of up to 50 ms (the cold read of 10,000 reports took half as long again).
    assert call["stdout"] is subprocess.PIPE

