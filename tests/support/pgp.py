"""Builds WhisperBack-shaped PGP/MIME messages with real GnuPG, for tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import gnupg


@dataclass
class KeyPair:
    """A throwaway keypair in its own short GNUPGHOME."""

    home: Path
    fingerprint: str
    gpg: gnupg.GPG

    def close(self) -> None:
        """Stop the agent and remove the home."""
        kill_agent(self.home)
        shutil.rmtree(self.home, ignore_errors=True)


AGENT_STOP = 20.0
"""Seconds an agent is given to end once told to, before it is killed."""

AGENT_TERMS = 3
"""SIGTERMs sent to an agent that goes on running (gpg-agent ends at once, whatever is
pending, at its third)."""


def kill_agent(home: Path, timeout: float = AGENT_STOP) -> None:
    """Stop the gpg-agent of a home (it outlives the test otherwise), and return once no
    agent of it runs.

    A worker thread of a finished app may still start gpg (and so an agent) right after
    gpgconf's --kill, so agents of this home found in /proc are signalled as well. Their
    end is waited for, not a fixed time: under load an agent took longer than the 0.3 s
    three pauses gave it, and outlived its removed home into the next test's check.
    """
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "gpg-agent"],
                   check=False, capture_output=True)
    deadline = time.monotonic() + timeout
    terms: dict[int, int] = {}
    while pids := agent_pids(home):
        late = time.monotonic() > deadline
        for pid in pids:
            if late or terms.get(pid, 0) < AGENT_TERMS:
                terms[pid] = terms.get(pid, 0) + 1
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL if late else signal.SIGTERM)
        if late:
            return
        time.sleep(0.05)


def _agents() -> Iterator[tuple[int, list[bytes]]]:
    """(pid, command line) of every gpg-agent process running."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmdline and cmdline[0].endswith(b"gpg-agent"):
            yield int(proc.name), cmdline


def agent_pids(home: Path) -> list[int]:
    """PIDs of gpg-agent processes started for a home."""
    return [pid for pid, cmdline in _agents() if str(home).encode() in cmdline]


def agent_homes(under: Path) -> list[Path]:
    """The GnuPG homes under a directory that have a gpg-agent running."""
    homes: set[Path] = set()
    prefix = str(under).encode() + b"/"
    for _, cmdline in _agents():
        for i, arg in enumerate(cmdline[:-1]):
            if arg == b"--homedir" and cmdline[i + 1].startswith(prefix):
                homes.add(Path(cmdline[i + 1].decode(errors="replace")))
    return sorted(homes)


def short_tmp(prefix: str) -> Path:
    """A short temporary directory (the agent socket path is limited to ~107 chars)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o700)
    return path


def make_key(email: str = "helpdesk-test@hdtui.invalid", encrypt: bool = True) -> KeyPair:
    """Generate an ed25519/cv25519 key without passphrase (``encrypt=False``: sign-only,
    no encryption subkey)."""
    home = short_tmp("hdk-")
    gpg = gnupg.GPG(gnupghome=str(home))
    subkey = {"subkey_type": "ECDH", "subkey_curve": "cv25519"} if encrypt else {}
    key = gpg.gen_key(gpg.gen_key_input(key_type="EDDSA", key_curve="ed25519",
                                        name_email=email, expire_date="1d",
                                        no_protection=True, **subkey))
    assert key.fingerprint, key.stderr
    return KeyPair(home, str(key.fingerprint), gpg)


def make_expired_key(email: str) -> KeyPair:
    """A key with an encryption subkey, made in 2020 to last one day: expired now."""
    home = short_tmp("hdx-")
    base = ["gpg", "--homedir", str(home), "--batch", "--pinentry-mode", "loopback",
            "--passphrase", ""]
    # The faked clock runs from the given time in each gpg process: the subkey is made an
    # hour later, or on a loaded machine the first key, made a second or more into its own
    # run, was "created in the future" for the second run and gpg refused the subkey.
    subprocess.run([*base, "--faked-system-time", "20200101T000000", "--quick-gen-key",
                    email, "ed25519", "sign", "1d"], check=True, capture_output=True)
    gpg = gnupg.GPG(gnupghome=str(home))
    fingerprint = str(gpg.list_keys()[0]["fingerprint"])
    subprocess.run([*base, "--faked-system-time", "20200101T010000", "--quick-add-key",
                    fingerprint, "cv25519", "encr", "1d"], check=True, capture_output=True)
    return KeyPair(home, fingerprint, gpg)


def revoke(key: KeyPair) -> None:
    """Revoke a key with the certificate gpg made when it generated it."""
    cert = (key.home / "openpgp-revocs.d" / f"{key.fingerprint}.rev").read_text()
    key.gpg.import_keys(cert.replace(":-----BEGIN", "-----BEGIN"))
    assert key.gpg.list_keys(keys=[key.fingerprint])[0]["trust"] == "r"


def public_block(*keys: KeyPair) -> str:
    """The ASCII-armoured public key of each key, in one block (exported from the first
    key's keyring after importing the others there)."""
    first = keys[0]
    for other in keys[1:]:
        first.gpg.import_keys(str(other.gpg.export_keys(other.fingerprint)))
    return str(first.gpg.export_keys([k.fingerprint for k in keys]))


def whisperback_message(body: str, report_id: str, key: KeyPair, to: str = "support@tails.net",
                        armor_override: str | None = None) -> bytes:
    """A report exactly as WhisperBack sends it: PGP/MIME around MIMEText(body)."""
    inner = MIMEText(body)  # us-ascii 7bit, or utf-8 base64 for non-ASCII, as WhisperBack
    encrypted = key.gpg.encrypt(inner.as_bytes(), key.fingerprint, armor=True, always_trust=True)
    assert encrypted.ok, encrypted.status
    armored = armor_override if armor_override is not None else str(encrypted)
    outer = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
    outer["Subject"] = f"Bug report: {report_id}"
    outer["From"] = "devnull@tails.boum.org"
    outer["To"] = to
    outer["Content-Disposition"] = "inline"
    version = MIMEApplication("Version: 1\n", "pgp-encrypted", _encoder=lambda p: None)
    version.replace_header("Content-Type", 'application/pgp-encrypted; charset="us-ascii"')
    version["Content-Transfer-Encoding"] = "7bit"
    payload = MIMEApplication(armored, "octet-stream", _encoder=lambda p: None)
    payload.replace_header("Content-Type",
                           'application/octet-stream; name="encrypted.asc"; charset="us-ascii"')
    payload["Content-Description"] = "OpenPGP encrypted message"
    payload["Content-Transfer-Encoding"] = "7bit"
    outer.attach(version)
    outer.attach(payload)
    return outer.as_bytes()


def write_maildir(root: Path, messages: dict[str, bytes]) -> Path:
    """A Maildir holding the messages under the given unique names, in new/."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name, raw in messages.items():
        (root / "new" / name).write_bytes(raw)
    return root
