"""Provides GpgCrypto: decryption of WhisperBack reports with real GnuPG (python-gnupg)."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import gnupg

from hdtui.domain.mail import DecryptedText
from hdtui.errors import CryptoError
from hdtui.mime import inner_text

_log = logging.getLogger("gnupg")
_log.setLevel(logging.CRITICAL)  # python-gnupg logs gpg's stderr, which may name keys
_log.addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class Decrypted:
    """The outcome of one decryption."""

    ok: bool
    data: bytes = b""
    error: str = ""


_REASONS = {
    "no secret key": "no secret key for this message in the keyring",
    "no data was provided": "the encrypted part is empty or not OpenPGP data",
    "decryption failed": "decryption failed (corrupt or truncated message)",
    "no valid openpgp data found": "the encrypted part is not valid OpenPGP data (corrupt armour)",
}


class GpgCrypto:
    """Decrypt with the member's keyring (GNUPGHOME); thread-safe, one gpg process a call."""

    def __init__(self, home: Path | None, binary: str = "gpg") -> None:
        self.home = home
        if home is not None:
            try:
                home.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as e:
                raise CryptoError(f"Cannot create the GnuPG home {home}: {e}") from e
        try:
            self._gpg = gnupg.GPG(gpgbinary=binary, gnupghome=str(home) if home else None)
        except (OSError, ValueError, RuntimeError) as e:
            raise CryptoError(
                f"Cannot run GnuPG ({binary}): {e}. Install gnupg or set [gpg] binary."
            ) from e
        self._gpg.encoding = "utf-8"
        self._agent_lock = threading.Lock()
        self._agent_started = False

    def _ensure_agent(self) -> None:
        """Start the gpg-agent once, before any decryption: two gpg processes that both
        find no agent race to start one, and the loser fails ("No secret key")."""
        with self._agent_lock:
            if self._agent_started:
                return
            self._agent_started = True
            command = ["gpgconf", "--launch", "gpg-agent"]
            if self.home is not None:
                command[1:1] = ["--homedir", str(self.home)]
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(command, capture_output=True, timeout=30, check=False)

    def decrypt(self, ciphertext: bytes) -> Decrypted:
        """Decrypt one armoured message; failures are returned, never raised."""
        self._ensure_agent()
        try:
            result = self._gpg.decrypt(ciphertext)
        except (OSError, ValueError) as e:
            return Decrypted(False, error=f"gpg could not run: {e}")
        if result.ok:
            return Decrypted(True, data=result.data)
        status = (result.status or "").strip().lower()
        stderr = (result.stderr or "").lower()
        reason = _REASONS.get(status)
        if reason is None:
            if "no secret key" in stderr:
                reason = _REASONS["no secret key"]
            elif "no valid openpgp data" in stderr or "invalid packet" in stderr:
                reason = _REASONS["no valid openpgp data found"]
            elif "crc error" in stderr or "invalid radix64" in stderr:
                reason = "the armour is corrupt (CRC or base64 error)"
            else:
                reason = f"gpg said: {status or 'unknown error'}"
        return Decrypted(False, error=reason)

    def decrypt_text(self, ciphertext: bytes) -> DecryptedText:
        """Decrypt PGP/MIME ciphertext into the text of its inner entity; never raises."""
        result = self.decrypt(ciphertext)
        if not result.ok:
            return DecryptedText(False, error=result.error)
        text, problems = inner_text(result.data)
        return DecryptedText(True, text, problems)

    def import_keys(self, armored: str) -> list[str]:
        """Import keys; return the fingerprints imported."""
        result = self._gpg.import_keys(armored)
        return [f for f in result.fingerprints if f]

    def secret_fingerprints(self) -> list[str]:
        """Fingerprints of the secret keys in the keyring."""
        return [k["fingerprint"] for k in self._gpg.list_keys(secret=True)]

    def stop_agent(self) -> None:
        """Stop the gpg-agent of this home (tests and the demo's throwaway homes)."""
        if self.home is None:
            return
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "gpg-agent"],
                       check=False, capture_output=True, env={**os.environ})

