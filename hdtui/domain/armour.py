"""What an ASCII-armoured OpenPGP message is encrypted to, read from its first packets
(RFC 4880), before gpg is asked to decrypt it (docs/encryption.md, "Bad input on the
encrypted path")."""

from __future__ import annotations

import binascii

BEGIN = b"-----BEGIN PGP MESSAGE-----"
PUBLIC_KEY_ESK = 1
"""A session key encrypted to a public key (RFC 4880, 5.1)."""
SYMMETRIC_KEY_ESK = 3
"""A session key encrypted with a passphrase (RFC 4880, 5.3)."""
HEAD_LINES = 40
"""Armour lines decoded at most: the session key packets come first and take a few
hundred bytes each (40 lines hold 1,920 bytes)."""
HEAD_BYTES = 4096
"""Armour read at most for those lines (and armour headers before them)."""


def _body(armour: bytes) -> bytes:
    """The first bytes of the armoured message's data (after its armour headers), or b""."""
    start = armour.find(BEGIN)
    if start < 0:
        return b""
    head = start + len(BEGIN)
    lines = armour[head:head + HEAD_BYTES].splitlines()[1:HEAD_LINES + 1]
    if b"" in (line.strip() for line in lines):
        # Armour headers (Version:, Comment:) end at an empty line.
        lines = lines[[line.strip() for line in lines].index(b"") + 1:]
    data = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith((b"=", b"-----")):
            break
        data.append(line)
    try:
        return binascii.a2b_base64(b"".join(data)[:len(b"".join(data)) // 4 * 4])
    except binascii.Error:
        return b""


def _esk_tags(data: bytes) -> list[int]:
    """The tags of the session key packets the data starts with."""
    tags: list[int] = []
    at = 0
    while at < len(data):
        first = data[at]
        if not first & 0x80:
            break
        if first & 0x40:  # the new packet format
            tag, size = first & 0x3F, data[at + 1] if at + 1 < len(data) else 255
            if size < 192:
                head, length = 2, size
            elif size < 224 and at + 2 < len(data):
                head, length = 3, ((size - 192) << 8) + data[at + 2] + 192
            elif size == 255:
                head, length = 6, int.from_bytes(data[at + 2:at + 6], "big")
            else:
                break  # a partial length: no session key packet has one
        else:  # the old format
            tag, kind = (first >> 2) & 0x0F, first & 0x03
            if kind == 3:
                break  # an indeterminate length: no session key packet has one
            head = 1 + (1 << kind)
            length = int.from_bytes(data[at + 1:at + head], "big")
        if tag not in (PUBLIC_KEY_ESK, SYMMETRIC_KEY_ESK):
            break
        tags.append(tag)
        at += head + length
    return tags


def passphrase_only(armour: bytes) -> bool:
    """Whether an armoured OpenPGP message is encrypted with a passphrase only: the
    session key packets it starts with are all symmetric-key ones. False whenever that
    cannot be told (no armour, bad base64, another first packet)."""
    tags = _esk_tags(_body(armour))
    return bool(tags) and PUBLIC_KEY_ESK not in tags
