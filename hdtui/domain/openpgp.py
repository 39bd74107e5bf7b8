"""Provides the pure side of users' OpenPGP keys: finding a pasted public key block in a
report or a mail, and judging a key (as gpg described it) before it is imported.

A user who wants an encrypted answer pastes their public key into WhisperBack's answers,
into a mail, or attaches it (``.asc``, ``application/pgp-keys``). Nothing here imports or
reads a key: `find_key_blocks` only cuts the ASCII-armoured blocks out of text (quoted
``> `` lines included), and `check_key` says, from the details gpg gave
(``hdtui.gpg.GpgCrypto.inspect_keys``), whether a reply can be encrypted to the key and
what the member should know first. See docs/encryption.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from hdtui.domain.queue import Entry

BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
END = "-----END PGP PUBLIC KEY BLOCK-----"

MAX_KEY_BLOCK = 256_000
"""The largest key block hdtui hands to gpg, in characters. A user's key with its own
signatures takes a few kB; hundreds of kB means thousands of third-party signatures (a
"flooded" key, which can keep gpg busy for minutes), or something that is not a key."""

KEY_SUFFIXES = (".asc", ".pub", ".key", ".gpg", ".pgp")
KEY_TYPES = ("application/pgp-keys", "application/pgp-key")

_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)*")
_FPR_RE = re.compile(r"[0-9A-F]{40}|[0-9A-F]{64}")
_EMAIL_RE = re.compile(r"<([^<>\s]+@[^<>\s]+)>\s*$|^\s*([^<>\s]+@[^<>\s]+)\s*$")
_VALIDITY = {"r": "revoked", "e": "expired", "i": "invalid", "d": "disabled"}


@dataclass(frozen=True, slots=True)
class KeyBlock:
    """One ASCII-armoured public key block as found, with where it was found."""

    text: str
    """The block from its BEGIN line to its END line (quote marks removed); "" when too big."""
    where: str
    """Where it was found, for the member: "in the report's answers", "in key.asc"…"""
    size: int = 0
    """Its size in characters (kept when the text is not)."""
    problem: str = ""
    """Why it cannot be imported as it is ("" when it can be handed to gpg)."""

    @property
    def usable(self) -> bool:
        """Whether gpg may be asked to read it."""
        return not self.problem


@dataclass(frozen=True, slots=True)
class KeyDetails:
    """One public key as gpg describes it (``--import-options show-only``)."""

    fingerprint: str
    uids: tuple[str, ...] = ()
    created: datetime | None = None
    expires: datetime | None = None
    validity: str = ""
    """gpg's validity letter for the key: "r" revoked, "e" expired, "i" invalid,
    "d" disabled; anything else ("-", "", "u"…) says nothing against it."""
    can_encrypt: bool = False
    """The key has a usable (valid, unexpired, unrevoked) encryption subkey."""
    secret: bool = False
    """gpg read a secret key (never imported here)."""

    @property
    def short(self) -> str:
        """The last 16 hex digits in groups of four: ``1B53 C863 47FF 876B``."""
        return short_fingerprint(self.fingerprint)

    @property
    def emails(self) -> tuple[str, ...]:
        """The mail addresses of the user IDs, lowercased."""
        return tuple(dict.fromkeys(e for e in (uid_email(u) for u in self.uids) if e))

    def expired(self, now: datetime) -> bool:
        """Whether the key is expired now."""
        return self.validity == "e" or (self.expires is not None and self.expires <= now)

    def describe(self, now: datetime) -> str:
        """One line: short fingerprint, first user ID, state."""
        uid = self.uids[0] if self.uids else "(no user ID)"
        return f"{self.short}  {uid}  ({key_state(self, now)})"


@dataclass(frozen=True, slots=True)
class KeyInspection:
    """What gpg read in one key block: its keys, or why it could read none."""

    block: KeyBlock
    keys: tuple[KeyDetails, ...] = ()
    error: str = ""


@dataclass(frozen=True, slots=True)
class KeyCheck:
    """Whether a reply may be encrypted to a key, and what to know before importing it."""

    refusal: str = ""
    """Why the key cannot be used at all ("" when it can)."""
    warnings: tuple[str, ...] = ()
    """What the member should look at before saying yes (the key is still usable)."""

    @property
    def usable(self) -> bool:
        """The key may be imported and encrypted to."""
        return not self.refusal


def short_fingerprint(fingerprint: str) -> str:
    """The last 16 hex digits of a fingerprint in groups of four."""
    tail = re.sub(r"\s+", "", fingerprint).upper()[-16:]
    return " ".join(tail[i:i + 4] for i in range(0, len(tail), 4))


def spaced_fingerprint(fingerprint: str) -> str:
    """A whole fingerprint in groups of four, as people compare them."""
    compact = re.sub(r"\s+", "", fingerprint).upper()
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def normal_fingerprint(text: str) -> str | None:
    """A fingerprint written with or without spaces or ``0x``, uppercase; None if it is not
    a whole (v4 or v5) fingerprint."""
    compact = re.sub(r"\s+", "", text or "").upper().removeprefix("0X")
    return compact if _FPR_RE.fullmatch(compact) else None


def uid_email(uid: str) -> str:
    """The mail address of a user ID (``Name <addr>`` or a bare ``addr``), lowercased."""
    match = _EMAIL_RE.search(uid or "")
    if match is None:
        return ""
    return (match.group(1) or match.group(2) or "").lower()


def human_size(size: int) -> str:
    """A size in characters as a person reads it: ``900 bytes``, ``312 kB``, ``2.1 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size // 1000} kB"
    return f"{size / 1_000_000:.1f} MB"


# --- finding blocks ----------------------------------------------------------------------


def _unquoted(line: str) -> str:
    """A line without the mail quote marks (``> > ``) and indentation in front."""
    match = _QUOTE_RE.match(line)
    return line[match.end() if match else 0:].rstrip()


def find_key_blocks(text: str, where: str) -> tuple[KeyBlock, ...]:
    """Every public key block in a text, in order: complete ones, cut-off ones (no END
    line, or a second BEGIN first) and too big ones, each with its problem said."""
    if not text or BEGIN not in text:
        return ()
    found: list[KeyBlock] = []
    lines: list[str] | None = None
    size = 0

    def close(problem: str) -> None:
        assert lines is not None
        body = "\n".join(lines) if size <= MAX_KEY_BLOCK else ""
        if size > MAX_KEY_BLOCK:
            problem = (f"is {human_size(size)}, more than the {human_size(MAX_KEY_BLOCK)} "
                       "hdtui reads: a key this large usually carries thousands of "
                       "third-party signatures and can keep gpg busy for minutes. Ask the "
                       "user for a minimal export (gpg --export --armor --export-options "
                       "export-minimal ADDRESS)")
        found.append(KeyBlock(body, where, size, problem))

    for raw in text.split("\n"):
        line = _unquoted(raw)
        if line == BEGIN:
            if lines is not None:
                close("was cut off: a second key block begins before its END line")
            lines, size = [BEGIN], len(BEGIN)
            continue
        if lines is None:
            continue
        size += len(line) + 1
        if size <= MAX_KEY_BLOCK:
            lines.append(line)
        if line == END:
            close("")
            lines = None
    if lines is not None:
        close("was cut off: it has no END line (ask the user to paste the whole block)")
    return tuple(found)


def _mime_type(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def is_key_attachment(filename: str, content_type: str) -> bool:
    """Whether an attachment may be an OpenPGP key: typed as one, or named like one
    (``.asc``, ``.pub``…) without being a signature or ciphertext (``signature.asc``)."""
    kind = _mime_type(content_type)
    if kind in KEY_TYPES:
        return True
    if kind.startswith("application/pgp-") or kind == "multipart/encrypted":
        return False
    return (filename or "").strip().lower().endswith(KEY_SUFFIXES)


def attachment_key_blocks(filename: str, content_type: str,
                          data: bytes) -> tuple[KeyBlock, ...]:
    """The key blocks of one attachment. One typed as a key but not armoured (a binary
    export) says so; one only named like a key and holding none is not a key."""
    where = f"in the attachment {filename or '(unnamed)'}"
    text = data.decode("utf-8", errors="replace")
    blocks = find_key_blocks(text.replace("\r\n", "\n"), where)
    if blocks or _mime_type(content_type) not in KEY_TYPES:
        return blocks
    return (KeyBlock("", where, len(data), "is not an ASCII-armoured public key block "
                     f"({BEGIN}): hdtui imports only armoured keys. Ask the user to send "
                     "the output of gpg --export --armor"),)


def entry_key_blocks(entry: Entry) -> tuple[KeyBlock, ...]:
    """The key blocks pasted into a message: in a report's pasted-key place, its answers
    and its debug information, or in the text of a mail. Duplicates are dropped."""
    found: list[KeyBlock] = []
    report = entry.report
    if report is not None:
        if report.key_block:
            found += find_key_blocks(report.key_block, "in the report")
        for answer in report.answers:
            found += find_key_blocks(answer.text, "in the report's answers")
        for section in report.debug:
            found += find_key_blocks("\n".join(section.lines),
                                     f"in the debug information ({section.title})")
    found += find_key_blocks(entry.message.text, "in the mail")
    return unique_blocks(found)


def unique_blocks(blocks: Iterable[KeyBlock]) -> tuple[KeyBlock, ...]:
    """Blocks without repeats (the same key pasted twice, or found twice)."""
    seen: set[str] = set()
    kept: list[KeyBlock] = []
    for block in blocks:
        ident = "".join(block.text.split()) or f"{block.where}:{block.size}:{block.problem}"
        if ident not in seen:
            seen.add(ident)
            kept.append(block)
    return tuple(kept)


# --- judging a key -------------------------------------------------------------------------


def key_state(key: KeyDetails, now: datetime) -> str:
    """A few words on a key: "revoked", "expired 2024-01-31", "can encrypt, expires …"."""
    if key.secret:
        return "SECRET key"
    if key.validity in _VALIDITY and key.validity != "e":
        return _VALIDITY[key.validity]
    if key.expired(now):
        return f"expired {key.expires:%Y-%m-%d}" if key.expires else "expired"
    words = "can encrypt" if key.can_encrypt else "cannot encrypt"
    ends = f"expires {key.expires:%Y-%m-%d}" if key.expires else "does not expire"
    return f"{words}, {ends}"


def check_key(key: KeyDetails, to: Sequence[str], now: datetime,
              others: int = 0) -> KeyCheck:
    """Whether a reply to ``to`` (its addresses) may be encrypted to this key.

    Refused: a secret key, a revoked, expired, invalid or disabled key, a key without a
    usable encryption subkey. Warned: no user ID is a reply address; the block held
    ``others`` more keys (only this one is imported).
    """
    fpr = spaced_fingerprint(key.fingerprint)
    if key.secret:
        return KeyCheck("The block holds a SECRET key: hdtui never imports one. Tell the "
                        "user their secret key was sent by mail and should be replaced.")
    if key.validity == "r":
        return KeyCheck(f"The key {fpr} is revoked: its owner withdrew it. Do not encrypt "
                        "to it; ask the user for their current key.")
    if key.expired(now):
        when = f" on {key.expires:%Y-%m-%d}" if key.expires else ""
        return KeyCheck(f"The key {fpr} expired{when}: a reply cannot be encrypted to it. "
                        "Ask the user to extend it or to send a current key.")
    if key.validity in _VALIDITY:
        return KeyCheck(f"The key {fpr} is {_VALIDITY[key.validity]}: a reply cannot be "
                        "encrypted to it.")
    if not key.can_encrypt:
        return KeyCheck(f"The key {fpr} has no usable encryption subkey (it can only sign "
                        "or certify, or its encryption subkey expired or was revoked): a "
                        "reply cannot be encrypted to it. Ask the user for a key that can "
                        "encrypt.")
    warnings: list[str] = []
    addresses = {uid_email(a) or a.strip().lower() for a in to if a.strip()}
    if addresses and not addresses & set(key.emails):
        shown = ", ".join(sorted(addresses))
        warnings.append(f"None of the key's user IDs is the reply's address ({shown}): "
                        "make sure this is the user's own key before encrypting to it.")
    if others:
        more = "key" if others == 1 else "keys"
        warnings.append(f"The block holds {others} other {more}: only this one is "
                        "imported.")
    return KeyCheck("", tuple(warnings))


def best_uid(key: KeyDetails, to: Sequence[str]) -> str:
    """The user ID to show for a key: the one with the reply's address, else the first."""
    addresses = {uid_email(a) or a.strip().lower() for a in to}
    for uid in key.uids:
        if uid_email(uid) in addresses:
            return uid
    return key.uids[0] if key.uids else ""
