"""Whether an armoured OpenPGP message is encrypted with a passphrase only
(``hdtui.domain.armour``), from its session key packets (RFC 4880)."""

from __future__ import annotations

import base64

import pytest

from hdtui.domain.armour import passphrase_only


def _armour(data: bytes, headers: bytes = b"") -> bytes:
    text = base64.b64encode(data)
    lines = b"\n".join(text[i:i + 64] for i in range(0, len(text), 64))
    return (b"-----BEGIN PGP MESSAGE-----\n" + headers + b"\n" + lines +
            b"\n=abcd\n-----END PGP MESSAGE-----\n")


def _new(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 192:
        return bytes([0xC0 | tag, size]) + body
    if size < 8384:
        size -= 192
        return bytes([0xC0 | tag, (size >> 8) + 192, size & 0xFF]) + body
    return bytes([0xC0 | tag, 255]) + size.to_bytes(4, "big") + body


def _old(tag: int, body: bytes) -> bytes:
    return bytes([0x80 | tag << 2 | 1]) + len(body).to_bytes(2, "big") + body


SKESK, PKESK, SEIPD = 3, 1, 18


@pytest.mark.parametrize(("data", "expected"), [
    (_new(SKESK, b"s" * 13) + _new(SEIPD, b"x" * 40), True),
    (_old(SKESK, b"s" * 13) + _new(SEIPD, b"x" * 40), True),
    (_new(SKESK, b"s" * 13) + _new(SKESK, b"t" * 300) + _new(SEIPD, b"x"), True),
    (_new(PKESK, b"p" * 94) + _new(SEIPD, b"x" * 40), False),
    (_old(PKESK, b"p" * 524) + _new(SKESK, b"s" * 13) + _new(SEIPD, b"x"), False),
    (_new(SKESK, b"s" * 13) + _new(PKESK, b"p" * 9000) + _new(SEIPD, b"x"), False),
    (_new(SEIPD, b"x" * 40), False),  # no session key packet
    (bytes([0xC0 | 8, 0xE1]) + b"z" * 10, False),  # compressed, partial length
    (b"\x00not a packet", False),
], ids=["new", "old", "two passphrases", "key", "key then passphrase",
        "passphrase then key (five-octet length)", "no session key", "partial", "junk"])
def test_passphrase_only_reads_the_session_key_packets(data: bytes, expected: bool) -> None:
    assert passphrase_only(_armour(data)) is expected
    assert passphrase_only(_armour(data, b"Version: GnuPG v2\nComment: x\n")) is expected
    assert passphrase_only(_armour(data).replace(b"\n", b"\r\n")) is expected


@pytest.mark.parametrize("text", [b"", b"hello", b"-----BEGIN PGP MESSAGE-----\n",
                                  b"-----BEGIN PGP MESSAGE-----\n\n!!!!\n",
                                  _armour(_new(SKESK, b"s" * 13)).replace(b"w", b"!")])
def test_anything_else_is_no_passphrase_only_message(text: bytes) -> None:
    assert passphrase_only(text) is False
