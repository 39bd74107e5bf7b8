"""Provides GpgCrypto: decryption of WhisperBack reports and encryption of replies with real
GnuPG (python-gnupg), and KeyLookup: whether a user's OpenPGP key is in the keyring.

Text from reports (key IDs, addresses, pasted key blocks) is never put on gpg's command
line: the keyring is listed and matched in Python, a pasted block is scanned from a file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hdtui.agent_users import AgentUsers
from hdtui.domain import decrypt_advice
from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.mail import DecryptedText
from hdtui.domain.text import CONTROL_PROBLEM, MailText, has_unsafe
from hdtui.errors import CryptoError
from hdtui.private_tmp import passing_dir, private_dir

if TYPE_CHECKING:
    import gnupg

    # The key blocks' domain and the MIME reader are imported where a key is read or a
    # message decrypted: a warm start's first frame does neither (docs/benchmarks.md,
    # "Warm start imports", session 10).
    from hdtui.domain.openpgp import KeyBlock, KeyDetails, KeyInspection

_log = logging.getLogger("gnupg")
_log.setLevel(logging.CRITICAL)  # python-gnupg logs gpg's stderr, which may name keys
_log.addHandler(logging.NullHandler())


class Decrypted(NamedTuple):
    """The outcome of one decryption."""

    ok: bool
    data: bytes = b""
    error: str = ""
    key: str = ""
    """The fingerprint of the primary key that decrypted it (gpg's DECRYPTION_KEY)."""


class KeyLookup(NamedTuple):
    """Whether a user's key can be encrypted to, and if not, why in plain words."""

    found: bool
    """A usable key is in the keyring: encrypt to ``fingerprint``."""
    fingerprint: str | None = None
    """The key to encrypt to, or (not found) the key a pasted block holds."""
    uids: tuple[str, ...] = ()
    reason: str = ""
    """Why no key can be used, and what the member can do; "" when found."""
    importable: bool = False
    """A pasted public key block holds a key that could be imported, if the member asks."""


_FPR_RE = lazy(r"(?:[0-9A-F]{40}|[0-9A-F]{64})")
_KEYID_RE = lazy(r"(?:[0-9A-F]{8}|[0-9A-F]{16})")
_EMAIL_RE = lazy(r"[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+")
_UID_EMAIL_RE = lazy(r"<([^<>\s]+)>\s*$")
_UNUSABLE_TRUST = {"r": "revoked", "e": "expired", "i": "invalid", "d": "disabled"}
_PUBLIC_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----"


def _key_emails(key: dict[str, Any]) -> set[str]:
    """The lowercased mail addresses in a listed key's user IDs."""
    found = set()
    for uid in key.get("uids", []):
        match = _UID_EMAIL_RE().search(uid)
        value = match.group(1) if match else uid.strip()
        if "@" in value:
            found.add(value.lower())
    return found


def _key_ids(key: dict[str, Any]) -> set[str]:
    """Fingerprints and long key IDs of a listed key and its subkeys, uppercase."""
    ids = {str(key.get("fingerprint", "")).upper(), str(key.get("keyid", "")).upper()}
    for sub in key.get("subkeys", []):
        ids.update(str(x).upper() for x in sub[:1] + sub[2:3] if x)
    return ids - {""}


def _unusable(key: dict[str, Any]) -> str:
    """Why a listed key cannot be encrypted to, or ""."""
    trust = str(key.get("trust", ""))
    if trust in _UNUSABLE_TRUST:
        return _UNUSABLE_TRUST[trust]
    if "E" not in str(key.get("cap", "")):
        return "not usable for encryption"
    return ""


_DECRYPTION_KEY_RE = lazy(r"^\[GNUPG:\] DECRYPTION_KEY ([0-9A-F]+) ([0-9A-F]+)", re.M)


def _decryption_key(status: str | None) -> str:
    """The primary fingerprint in gpg's ``DECRYPTION_KEY <subkey> <primary> <trust>`` status
    line (GnuPG 2.2.x and later), or ""."""
    match = _DECRYPTION_KEY_RE().search(status or "")
    return match.group(2) if match else ""


_ENC_TO_RE = lazy(r"^\[GNUPG:\] ENC_TO ([0-9A-F]{16})\b", re.M)


def _encrypted_to(status: str) -> str:
    """`` (encrypted to key ID …)`` from gpg's ENC_TO status lines, or "": the member sees
    a report meant for another key is not the team's keyring failing. A sender who hid
    the recipients (``gpg --throw-keyids``) gives the key ID 0000000000000000: not a key,
    said as a hidden one."""
    found = _ENC_TO_RE().findall(status)
    hidden = sum(1 for key_id in found if not key_id.strip("0"))
    ids = list(dict.fromkeys(key_id for key_id in found if key_id.strip("0")))
    if not ids:
        if not hidden:
            return ""
        return " (the recipient's key ID is hidden)" if hidden == 1 else \
            " (the recipients' key IDs are hidden)"
    shown = f"encrypted to key ID {', '.join(ids[:4])}{' …' if len(ids) > 4 else ''}"
    if hidden:
        shown += "; another recipient's key ID is hidden" if hidden == 1 else \
            f"; {hidden} other recipients' key IDs are hidden"
    return f" ({shown})"


def _when(epoch: object) -> datetime | None:
    """A listing's date field (seconds since 1970, or empty) as a UTC datetime."""
    try:
        return datetime.fromtimestamp(int(str(epoch)), UTC) if str(epoch).strip() else None
    except (ValueError, OverflowError, OSError):
        return None


def _details(key: dict[str, Any]) -> KeyDetails:
    """A scanned key (python-gnupg's listing of gpg's colon output) as KeyDetails."""
    from hdtui.domain.openpgp import KeyDetails

    return KeyDetails(
        fingerprint=str(key.get("fingerprint", "")).upper(),
        uids=tuple(str(u) for u in key.get("uids", [])),
        created=_when(key.get("date", "")),
        expires=_when(key.get("expires", "")),
        validity=str(key.get("trust", "")),
        # An upper-case E: the key as a whole has a usable encryption (sub)key now.
        can_encrypt="E" in str(key.get("cap", "")),
        secret=key.get("type") == "sec",
    )


def _gpg_complaint(stderr: str | None) -> str:
    """gpg's own words from its error output (not the status lines), shortened."""
    said = [line.removeprefix("gpg: ").strip() for line in (stderr or "").splitlines()
            if line.startswith("gpg: ") and "keybox" not in line and "trustdb" not in line]
    text = "; ".join(list(dict.fromkeys(s for s in said if s))[:2])[:200]
    return f"gpg said: {text}" if text else "gpg found no key in it"


_REASONS = {
    "no secret key": decrypt_advice.NO_SECRET_KEY,
    "no data was provided": decrypt_advice.NOT_OPENPGP,
    "decryption failed": decrypt_advice.CORRUPT,
    "no valid openpgp data found": decrypt_advice.BAD_ARMOUR,
}


SIGNED_ONLY = ("the encrypted part is only signed, not encrypted (WhisperBack always "
               "encrypts): its text is not shown as a report")
NOT_ENCRYPTED = ("the encrypted part is not encrypted (WhisperBack always encrypts): its "
                 "text is not shown as a report")
PASSPHRASE_ONLY = ("the encrypted part is encrypted with a passphrase, not to a key: hdtui "
                   "cannot read it")
"""Why a PGP/MIME message whose armour holds no message encrypted to a key is not read.
gpg gives the text of a signed or literal-only armour without decrypting anything, and
fails a passphrase-encrypted one; its own words ("signature valid", "no public key",
nothing, "decryption failed") would read as a key problem or a corrupt message
(docs/encryption.md, "Bad input on the encrypted path")."""


def _not_to_a_key(stderr: str) -> str:
    """Why gpg's status lines (python-gnupg reads them with its error output) show a
    message encrypted to no key, or "": signed only, not encrypted at all, or encrypted
    with a passphrase only."""
    if "[GNUPG:] ENC_TO" in stderr:
        return ""
    if "[GNUPG:] NEED_PASSPHRASE_SYM" in stderr:
        return PASSPHRASE_ONLY
    if "[GNUPG:] BEGIN_DECRYPTION" in stderr:
        return ""
    if "[GNUPG:] NEWSIG" in stderr:
        return SIGNED_ONLY
    return NOT_ENCRYPTED if "[GNUPG:] PLAINTEXT" in stderr else ""


BATCH_MIN = 4
"""Fewer messages are decrypted one gpg process each: a batch's files cost more than its
one start saves."""
BATCH_TIMEOUT = 60.0
"""Seconds a batch may take, plus a tenth of a second a message (then one by one)."""
STATUS_FILE = "status"
"""The file of a batch's private directory gpg writes its status lines to (no message is
named so: they are ``m<number>.asc``, their plaintexts ``m<number>``)."""
_FILE_START_RE = lazy(r"^\[GNUPG:\] FILE_START \d+ m(\d+)\.asc$")


def _files_decrypted(status: str, count: int) -> dict[int, tuple[bool, str]]:
    """Per file number of a ``--decrypt-files`` run: whether gpg said DECRYPTION_OKAY (and
    nothing failed) between its FILE_START and FILE_DONE, and the decrypting key."""
    found: dict[int, tuple[bool, str]] = {}
    current: int | None = None
    ok, failed, key = False, False, ""
    for line in status.splitlines():
        start = _FILE_START_RE().match(line)
        if start:
            current, ok, failed, key = int(start.group(1)), False, False, ""
        elif current is None:
            continue
        elif line.startswith("[GNUPG:] DECRYPTION_OKAY"):
            ok = True
        elif line.startswith(("[GNUPG:] DECRYPTION_FAILED", "[GNUPG:] BADMDC",
                              "[GNUPG:] NODATA", "[GNUPG:] ERROR")):
            # (NO_SECKEY alone is no failure: a report encrypted to several keys names
            # those this keyring lacks, and is still decrypted with the one it has.)
            failed = True
        elif line.startswith("[GNUPG:] DECRYPTION_KEY"):
            key = _decryption_key(line)
        elif line.startswith("[GNUPG:] FILE_DONE"):
            if 0 <= current < count:
                found[current] = (ok and not failed, key)
            current = None
    return found


def _primary_fingerprints(colons: str) -> list[str]:
    """The fingerprints of the primary keys in gpg's ``--with-colons`` key listing (the
    ``fpr`` record that follows each ``sec`` or ``pub`` record)."""
    found: list[str] = []
    primary = False
    for line in colons.splitlines():
        fields = line.split(":")
        if fields[0] in ("sec", "pub"):
            primary = True
        elif fields[0] in ("ssb", "sub"):
            primary = False
        elif fields[0] == "fpr" and primary and len(fields) > 9:
            found.append(fields[9])
            primary = False
    return found


def _as_text(result: Decrypted) -> DecryptedText:
    """A decryption's inner text (PGP/MIME), or why there is none."""
    from hdtui.mime import inner_text

    if not result.ok:
        return DecryptedText(False, error=result.error)
    text, problems = inner_text(result.data)
    if has_unsafe(text):
        problems += (CONTROL_PROBLEM,)
    # the boundary: docs/text-safety.md
    return DecryptedText(True, MailText(text), problems, key=result.key)


ENDED = "not decrypted: the command was stopped"
"""The reason of a decryption asked for after ``GpgCrypto.end`` (never cached)."""


def no_home(home: Path) -> str:
    """What is said when the GnuPG home hdtui would read does not exist."""
    return (f"no GnuPG home at {home}: set [gpg] home to the Help Desk's keyring (hdtui never "
            "creates one); encrypted reports stay unread until then")


class GpgCrypto:
    """Decrypt with the member's keyring (GNUPGHOME); thread-safe, one gpg process a call.

    Without ``home``, gpg's own choice ($GNUPGHOME, else ~/.gnupg) is used, and only when it
    exists: gpg would create an empty keyring there (docs/encryption.md, "The keyring").
    ``own_agent`` (a configured ``home`` only): this instance is written as a user of the
    home's agent and whether an agent already runs is asked, in the background now;
    ``release_agent`` stops the agent an hdtui launched when the last user leaves. The
    agent of gpg's own home is never stopped: the member's gpg, pass or ssh use it."""

    def __init__(self, home: Path | None, binary: str = "gpg", own_agent: bool = False) -> None:
        self.home = home
        self.keyring_home = home if home is not None else Path(
            os.environ.get("GNUPGHOME") or Path.home() / ".gnupg").expanduser()
        """The GnuPG home gpg reads: ``home``, else $GNUPGHOME, else ~/.gnupg."""
        if home is not None:
            try:
                home.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as e:
                raise CryptoError(f"Cannot create the GnuPG home {home}: {e}") from e
        # python-gnupg is imported, and gpg asked its version, when GnuPG is first used: a
        # warm start's first frame decrypts nothing (docs/benchmarks.md, "Warm start
        # imports"). A missing binary is still said at once.
        if shutil.which(binary) is None:
            raise CryptoError(f"Cannot run GnuPG ({binary}): not found. Install gnupg or set "
                              "[gpg] binary.")
        self._binary = binary
        self._handle: gnupg.GPG | None = None
        self._handle_lock = threading.Lock()
        self.batched = 0
        """Messages decrypted in batches so far (``decrypt_many``; the benchmarks say it)."""
        self._agent_lock = threading.Lock()
        self._agent_started = False
        self._ring: str | None = None
        """The decrypting keyring (``_decrypting_keyring``); "" when it cannot be made."""
        self._ring_lock = threading.Lock()
        self._agent_before: bool | None = None
        """Whether a gpg-agent ran for the home before hdtui used it; None: not asked."""
        self._agent_check: threading.Thread | None = None
        self._users: AgentUsers | None = None
        self._ended = False
        """``end`` was called: no gpg runs for a decryption any more."""
        self._decrypting: set[subprocess.Popen[bytes]] = set()
        """The gpg processes of the batches under way (``end`` kills them)."""
        if own_agent and home is not None and self.missing_home() == "":
            self._users = AgentUsers.join(home)
            self._agent_check = threading.Thread(target=self._note_agent, daemon=True,
                                                 name="gpg-agent-before")
            self._agent_check.start()

    def missing_home(self) -> str:
        """Why gpg must not run (its home does not exist, and gpg would create it), or
        ""."""
        return "" if self.keyring_home.is_dir() else no_home(self.keyring_home)

    def _agent_pid(self) -> str:
        """The pid of the gpg-agent running for the home, or "" (never starts one)."""
        try:
            answer = subprocess.run(["gpg-connect-agent", "--no-autostart", "--homedir",
                                     str(self.keyring_home), "GETINFO pid", "/bye"],
                                    capture_output=True, timeout=10, check=False,
                                    stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return ""
        for line in answer.stdout.decode("ascii", "replace").splitlines():
            if line.startswith("D ") and line[2:].strip().isdigit():
                return line[2:].strip()
        return ""

    def _note_agent(self) -> None:
        self._agent_before = self._agent_pid() != ""

    def _agent_known(self) -> None:
        """Wait for the question asked at start (before gpg may start an agent)."""
        check = self._agent_check
        if check is not None:
            check.join(timeout=15)

    def release_agent(self) -> None:
        """Leave the users of the configured home's agent (``own_agent``); the last one out
        stops the agent if it is still the one an hdtui launched. An agent the member had
        running, one another hdtui still uses, and gpg's own home's are left alone."""
        if self._agent_check is None:
            return
        self._agent_known()
        users, self._users = self._users, None
        if users is not None:
            users.leave(self._stop_launched)

    def _stop_launched(self, launched: str) -> None:
        if launched and self._agent_pid() == launched:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(["gpgconf", "--homedir", str(self.keyring_home), "--kill",
                                "gpg-agent"], capture_output=True, timeout=30, check=False)

    @property
    def binary(self) -> str:
        """The gpg program this crypto runs."""
        return self._binary

    @property
    def _gpg(self) -> gnupg.GPG:
        """python-gnupg's handle, made on first use. Raises CryptoError."""
        with self._handle_lock:
            if self._handle is None:
                missing = self.missing_home()
                if missing:
                    raise CryptoError(missing[0].upper() + missing[1:] + ".")
                self._agent_known()
                import gnupg

                try:
                    handle = gnupg.GPG(gpgbinary=self._binary,
                                       gnupghome=str(self.home) if self.home else None)
                except (OSError, ValueError, RuntimeError) as e:
                    raise CryptoError(f"Cannot run GnuPG ({self._binary}): {e}. Install "
                                      "gnupg or set [gpg] binary.") from e
                handle.encoding = "utf-8"
                self._handle = handle
            return self._handle

    def _ensure_agent(self) -> None:
        """Start the gpg-agent once, before any decryption: two gpg processes that both
        find no agent race to start one, and the loser fails ("No secret key")."""
        with self._agent_lock:
            if self._agent_started or self.missing_home():
                return
            self._agent_started = True
            self._agent_known()
            command = ["gpgconf", "--launch", "gpg-agent"]
            if self.home is not None:
                command[1:1] = ["--homedir", str(self.home)]
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(command, capture_output=True, timeout=30, check=False)
            if self._users is not None and self._agent_before is False:
                self._users.note_launched(self._agent_pid())

    def end(self) -> None:
        """The command is being stopped (``hdtui sync`` given SIGTERM: docs/cli.md): the
        gpg processes of the batches under way are killed, and no decryption runs gpg any
        more (each fails at once, saying so). What they would have decrypted is never
        cached: the read that asked for it is being ended too. Takes no lock: it is called
        from a signal's handler, wherever the main thread is."""
        self._ended = True
        for process in list(self._decrypting):
            with contextlib.suppress(OSError):
                process.kill()

    def decrypt(self, ciphertext: bytes) -> Decrypted:
        """Decrypt one armoured message; failures are returned, never raised."""
        from hdtui.domain.armour import passphrase_only

        if self._ended:
            return Decrypted(False, error=ENDED)
        if passphrase_only(ciphertext):
            # Not given to gpg: its agent would try a pinentry for the passphrase.
            return Decrypted(False, error=PASSPHRASE_ONLY)
        missing = self.missing_home()
        if missing:
            return Decrypted(False, error=missing)
        self._ensure_agent()
        for attempt in range(2):
            try:
                result = self._gpg.decrypt(ciphertext)
            except CryptoError as e:
                return Decrypted(False, error=e.message)
            except (OSError, ValueError) as e:
                return Decrypted(False, error=f"{decrypt_advice.GPG_DID_NOT_RUN}: {e}")
            if result.ok:
                return Decrypted(True, data=result.data, key=_decryption_key(result.stderr))
            why = _not_to_a_key(result.stderr or "")
            if why:
                # (Not tried again: a passphrase-encrypted message makes the agent try a
                # pinentry each time, about a second.)
                return Decrypted(False, error=why)
            # A fresh agent answering two gpg processes at once sometimes fails a sound
            # message as "decryption failed": once more tells it from a corrupt one.
            if attempt or (result.status or "").strip().lower() != "decryption failed":
                break
        status = (result.status or "").strip().lower()
        stderr = (result.stderr or "").lower()
        reason = _REASONS.get(status)
        if reason is None:
            if "no secret key" in stderr:
                reason = _REASONS["no secret key"]
            elif "no valid openpgp data" in stderr or "invalid packet" in stderr:
                reason = _REASONS["no valid openpgp data found"]
            elif "crc error" in stderr or "invalid radix64" in stderr:
                reason = decrypt_advice.BAD_CRC
            else:
                reason = f"gpg said: {status or 'unknown error'}"
        if reason == _REASONS["no secret key"]:
            reason += _encrypted_to(result.stderr or "")
        return Decrypted(False, error=reason)

    def decrypt_text(self, ciphertext: bytes) -> DecryptedText:
        """Decrypt PGP/MIME ciphertext into the text of its inner entity; never raises."""
        return _as_text(self.decrypt(ciphertext))

    def decrypt_texts(self, ciphertexts: Sequence[bytes]) -> list[DecryptedText]:
        """``decrypt_text`` of several messages, with one gpg process for all of them
        (``decrypt_many``); in the same order; never raises."""
        return [_as_text(result) for result in self.decrypt_many(ciphertexts)]

    def _home_args(self) -> list[str]:
        return ["--homedir", str(self.home)] if self.home is not None else []

    def _decrypting_keyring(self) -> str | None:
        """A public keyring in gpg's older keyring format holding only the public keys of
        the member's secret keys, made once (docs/encryption.md, "Where the time of a
        batch goes"): gpg checks a key's signatures again each time it reads it from a
        keybox (``pubring.kbx``), about 3 ms of a cv25519 key's decryption, and keeps
        the result in a keyring. Made in a throwaway home (the member's keyring and
        trustdb are only read), in a private directory removed when this crypto goes or
        the process ends. None when it cannot be made: batches then use the keybox."""
        with self._ring_lock:
            if self._ring is None:
                self._ring = ""
                with contextlib.suppress(OSError, subprocess.SubprocessError, CryptoError):
                    made = private_dir("ring")
                    weakref.finalize(self, shutil.rmtree, made, True)
                    self._ring = self._make_keyring(made)
            return self._ring or None

    def _make_keyring(self, made: str) -> str:
        os.chmod(made, 0o700)
        scratch = os.path.join(made, "home")
        os.mkdir(scratch, 0o700)
        ring = os.path.join(made, "pubring.gpg")
        os.close(os.open(ring, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # the format
        # Listed without python-gnupg and without the trustdb check gpg may otherwise
        # write into the member's home.
        listing = subprocess.run([self._binary, *self._home_args(), "--batch",
                                  "--no-auto-check-trustdb", "--with-colons",
                                  "--list-secret-keys"], capture_output=True, check=True,
                                 timeout=BATCH_TIMEOUT).stdout.decode("ascii", "replace")
        fingerprints = _primary_fingerprints(listing)
        if not fingerprints:
            return ""
        exported = subprocess.run([self._binary, *self._home_args(), "--batch", "--export",
                                   *fingerprints], capture_output=True, check=True,
                                  timeout=BATCH_TIMEOUT).stdout
        for step in (["--import"], ["--rebuild-keydb-caches"]):
            # --no-autostart: public keys need no agent, and none may outlive this home.
            subprocess.run([self._binary, "--homedir", scratch, "--batch", "--no-autostart",
                            "--no-default-keyring", "--keyring", ring, *step],
                           input=exported, capture_output=True, check=False,
                           timeout=BATCH_TIMEOUT)
        return ring if os.path.getsize(ring) else ""

    def decrypt_many(self, ciphertexts: Sequence[bytes]) -> list[Decrypted]:
        """Decrypt several armoured messages with one gpg process (``--decrypt-files``):
        starting gpg is most of the cost of a small message (docs/encryption.md,
        "Decrypting many reports at once"). The messages and their plaintexts pass through
        a private directory (0700, files 0600; on the tmpfs of $XDG_RUNTIME_DIR or
        /dev/shm: ``private_place``) and are removed before this returns. A message the
        batch did not decrypt is tried again alone, so its failure has its precise reason.
        Never raises."""
        from hdtui.domain.armour import passphrase_only

        if len(ciphertexts) < BATCH_MIN or self.missing_home() or self._ended:
            return [self.decrypt(c) for c in ciphertexts]
        self._ensure_agent()
        results: list[Decrypted | None] = [None] * len(ciphertexts)
        try:
            with passing_dir("gpg") as tmp:
                names = []
                for number, data in enumerate(ciphertexts):
                    if passphrase_only(data):
                        continue  # said by ``decrypt`` below, without gpg
                    name = f"m{number}.asc"
                    fd = os.open(os.path.join(tmp, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 0o600)
                    with os.fdopen(fd, "wb") as f:
                        f.write(data)
                    names.append(name)
                ring = self._decrypting_keyring()
                keyring = ["--no-default-keyring", "--keyring", ring,
                           "--trust-model", "always"] if ring else []
                # The status lines go to a file of the private directory, gpg's words to
                # nothing: read from pipes, a line at a time as gpg writes them, they
                # cost Python more than the rest of the batch (docs/encryption.md,
                # "Decrypting many reports at once"). Its standard output (where
                # --decrypt-files writes nothing) stays a pipe: its end tells the moment
                # gpg ends, where waiting with a timeout alone polls the process with
                # sleeps of up to 50 ms, a batch's whole decryption time again.
                command = [self._binary, *self._home_args(), "--batch", "--no-tty",
                           "--status-file", STATUS_FILE, *keyring, "--decrypt-files", *names]
                self._run_batch(command, tmp, BATCH_TIMEOUT + len(names) / 10)
                with open(os.path.join(tmp, STATUS_FILE), "rb") as f:
                    status = f.read().decode("utf-8", "replace")
                # Files are named by their message's index (passphrase-only ones have no
                # file): the limit is the number of messages, not of files.
                for number, (ok, key) in _files_decrypted(status, len(ciphertexts)).items():
                    plain = os.path.join(tmp, f"m{number}")
                    if ok and os.path.isfile(plain):
                        with open(plain, "rb") as f:
                            results[number] = Decrypted(True, data=f.read(), key=key)
                        self.batched += 1
        except (OSError, subprocess.SubprocessError):
            pass  # each message alone below: the batch is only faster, never required
        return [found if found is not None else self.decrypt(data)
                for found, data in zip(results, ciphertexts, strict=True)]

    def _run_batch(self, command: list[str], cwd: str, timeout: float) -> None:
        """Run a batch's gpg, known to ``end`` while it runs (``subprocess.run`` would
        hide its process); OSError or SubprocessError if it could not run or was
        killed."""
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   env={**os.environ})
        self._decrypting.add(process)
        try:
            if self._ended:  # ended while it started: ``end`` did not see it
                process.kill()
            try:
                process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise
        finally:
            self._decrypting.discard(process)
        if self._ended:
            raise subprocess.SubprocessError("the read was stopped")

    def encrypt(self, data: bytes, recipients: Sequence[str]) -> str:
        """Encrypt to the given fingerprints; return the ASCII armour. CryptoError on failure.

        ``always_trust``: the fingerprints come from `key_for` (a key already in the keyring,
        matched exactly), so gpg's web-of-trust check would only refuse users' own keys.
        """
        fingerprints = [f.replace(" ", "").upper() for f in recipients]
        bad = [f for f in fingerprints if not _FPR_RE().fullmatch(f)]
        if not fingerprints or bad:
            raise CryptoError(f"Cannot encrypt: {', '.join(bad) or 'no recipient'} is not a "
                              "full OpenPGP fingerprint.")
        try:
            result = self._gpg.encrypt(data, fingerprints, armor=True, always_trust=True)
        except (OSError, ValueError) as e:
            raise CryptoError(f"gpg could not run to encrypt: {e}") from e
        if not result.ok:
            status = (result.status or "").strip() or "unknown error"
            raise CryptoError(f"Cannot encrypt to {', '.join(fingerprints)}: gpg said "
                              f"{status}. Nothing was sent.")
        return str(result)

    def key_for(self, query: str) -> KeyLookup:
        """Look up the key a user gave: fingerprint, key ID, address or a pasted public key
        block. Never imports and never fetches (a URL is reported as such)."""
        text = (query or "").strip()
        if not text:
            return KeyLookup(False, reason="No OpenPGP key was given.")
        if self.missing_home():  # a reply is then drafted unencrypted, saying why
            return KeyLookup(False, reason=f"No key can be looked up: {self.missing_home()}.")
        if _PUBLIC_BLOCK in text:
            return self._key_for_block(text)
        if re.match(r"(?:https?|ftps?|hkps?)://", text, re.I):
            return KeyLookup(False, reason=f"The key is given as a link ({text[:200]}); hdtui "
                                           "never fetches keys. Fetch and check it yourself, "
                                           "then import it.")
        if text.lower() == "included below":
            return KeyLookup(False, reason="The report says the key is included below, but "
                                           "the key block is not available here: open the "
                                           "complete report.")
        compact = re.sub(r"\s+", "", text).upper().removeprefix("0X")
        if _FPR_RE().fullmatch(compact) or _KEYID_RE().fullmatch(compact):
            keys = [k for k in self._gpg.list_keys()
                    if any(i.endswith(compact) for i in _key_ids(k))]
            return self._choose(keys, compact)
        if _EMAIL_RE().fullmatch(text.strip("<>")):
            address = text.strip("<>").lower()
            keys = [k for k in self._gpg.list_keys() if address in _key_emails(k)]
            return self._choose(keys, address)
        return KeyLookup(False, reason=f"{text[:80]!r} is not an OpenPGP fingerprint, key ID, "
                                       "mail address or public key block.")

    def _choose(self, keys: list[dict[str, Any]], what: str) -> KeyLookup:
        """The newest usable key among the matches, or why none is usable."""
        if not keys:
            return KeyLookup(False, reason=f"No key for {what} in the keyring.")
        usable = [k for k in keys if not _unusable(k)]
        if not usable:
            why = ", ".join(f"{k['fingerprint']} is {_unusable(k)}" for k in keys)
            return KeyLookup(False, reason=f"The keyring has a key for {what}, but {why}.")
        if len(what) == 8 and len({k["fingerprint"] for k in usable}) > 1:
            return KeyLookup(False, reason=f"The short key ID {what} matches several keys; "
                                           "ask the user for the full fingerprint.")
        best = max(usable, key=lambda k: int(k.get("date") or 0))
        return KeyLookup(True, str(best["fingerprint"]), tuple(best.get("uids", [])))

    def _key_for_block(self, block: str) -> KeyLookup:
        """A pasted key block: found if its key is already in the keyring, else importable."""
        try:
            scanned = list(self._gpg.scan_keys_mem(block))
        except (OSError, ValueError) as e:
            return KeyLookup(False, reason=f"The pasted key block cannot be read: {e}")
        fingerprints = [str(k["fingerprint"]) for k in scanned if k.get("fingerprint")]
        if not fingerprints:
            return KeyLookup(False, reason="The pasted key block holds no readable public key.")
        for fingerprint in fingerprints:
            in_ring = self.key_for(fingerprint)
            if in_ring.found:
                return in_ring
        uids = tuple(u for k in scanned for u in k.get("uids", []))
        return KeyLookup(False, fingerprints[0], uids, importable=True,
                         reason=f"The report includes the public key {fingerprints[0]}, which "
                                "is not in the keyring. Import it (if you trust it) to "
                                "encrypt the reply.")

    def import_public_key(self, block: str) -> list[str]:
        """Import a pasted public key block, only when the member asks; return the imported
        fingerprints. Secret keys are refused. CryptoError when nothing was imported."""
        if "PRIVATE KEY BLOCK" in block or _PUBLIC_BLOCK not in block:
            raise CryptoError("Only a public key block (-----BEGIN PGP PUBLIC KEY BLOCK-----) "
                              "can be imported here.")
        try:
            scanned = list(self._gpg.scan_keys_mem(block))
        except (OSError, ValueError) as e:
            raise CryptoError(f"gpg could not read the key block: {e}") from e
        if any(k.get("type") == "sec" for k in scanned):
            raise CryptoError("The block holds a secret key: refused.")
        result = self._gpg.import_keys(block)
        imported = [f for f in result.fingerprints if f]
        if not imported:
            raise CryptoError("No key was imported from the block (gpg said: "
                              f"{(result.stderr or '').strip().splitlines()[-1:] or 'nothing'}).")
        return imported

    def inspect_keys(self, block: KeyBlock) -> KeyInspection:
        """What a pasted key block holds, as gpg reads it without importing anything
        (``--dry-run --import-options import-show``); never raises."""
        from hdtui.domain.openpgp import KeyInspection

        where = f"The key block {block.where}"
        if not block.usable:
            return KeyInspection(block, error=f"{where} {block.problem}.")
        if self.missing_home():
            return KeyInspection(block, error=f"{where} cannot be read: "
                                              f"{self.missing_home()}.")
        try:
            scanned = self._gpg.scan_keys_mem(block.text)
        except (OSError, ValueError) as e:
            return KeyInspection(block, error=f"gpg could not run to read {where.lower()}: "
                                              f"{e}")
        keys = tuple(_details(k) for k in scanned if k.get("fingerprint"))
        if not keys:
            return KeyInspection(block, error=(
                f"{where} cannot be read ({_gpg_complaint(scanned.stderr)}): it was "
                "probably changed while being pasted. Ask the user to send the key again, "
                "best as an attachment."))
        return KeyInspection(block, keys)

    def import_key(self, block: KeyBlock, fingerprint: str) -> KeyDetails:
        """Import one public key of a pasted block into the keyring (only when the member
        said yes): only that key, even when the block holds several, and only its
        self-signatures (``import-minimal``). CryptoError says why not."""
        from hdtui.domain.openpgp import normal_fingerprint

        wanted = normal_fingerprint(fingerprint)
        inspection = self.inspect_keys(block)
        if inspection.error:
            raise CryptoError(inspection.error, "Key not imported")
        if any(k.secret for k in inspection.keys):
            raise CryptoError("The block holds a secret key: hdtui never imports one.",
                              "Key not imported")
        chosen = next((k for k in inspection.keys if k.fingerprint == wanted), None)
        if wanted is None or chosen is None:
            raise CryptoError(f"The key {fingerprint} is not in the block {block.where}.",
                              "Key not imported")
        data = block.text if len(inspection.keys) == 1 else self._only_key(block.text, wanted)
        try:
            result = self._gpg.import_keys(data, extra_args=["--import-options",
                                                             "import-minimal"])
        except (OSError, ValueError) as e:
            raise CryptoError(f"gpg could not run to import the key: {e}",
                              "Key not imported") from e
        imported = {str(f).upper() for f in result.fingerprints if f}
        if wanted not in imported and not self.key_for(wanted).found:
            raise CryptoError(f"gpg did not import the key {wanted} "
                              f"({_gpg_complaint(result.stderr)}).", "Key not imported")
        return chosen

    def _only_key(self, block: str, fingerprint: str) -> str:
        """One key out of a block of several, through a throwaway keyring (gpg cannot
        import one key of a block by fingerprint)."""
        from hdtui.domain.openpgp import BEGIN

        with tempfile.TemporaryDirectory(prefix="hdk-") as home:
            os.chmod(home, 0o700)
            import gnupg

            try:
                scratch = gnupg.GPG(gpgbinary=self._binary, gnupghome=home)
                scratch.import_keys(block)
                single = str(scratch.export_keys(fingerprint))
            except (OSError, ValueError) as e:
                raise CryptoError(f"gpg could not separate the key {fingerprint}: {e}",
                                  "Key not imported") from e
            finally:
                with contextlib.suppress(OSError, subprocess.SubprocessError):
                    subprocess.run(["gpgconf", "--homedir", home, "--kill", "all"],
                                   capture_output=True, timeout=30, check=False)
        if BEGIN not in single:
            raise CryptoError(f"gpg could not separate the key {fingerprint} from the others "
                              "of the block.", "Key not imported")
        return single

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

