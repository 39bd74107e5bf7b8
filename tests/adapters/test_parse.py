"""Mail parsing: headers, PGP/MIME detection, and bad input that never crashes."""

from __future__ import annotations

import base64
import email
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from hdtui.sources.parse import _header_block, _split_pgp_mime, parse_message
from tests.support.cpython import email_test_data

BAD = Path(__file__).parent.parent / "data" / "bad"


def test_markup_and_escapes_are_kept_as_data() -> None:
    message = parse_message((BAD / "markup-subject.eml").read_bytes(), "k").message
    assert message.subject == "[bold red]URGENT[/] [link=https://evil.example]x[/link]"
    # Kept as data, made visible where it enters: the bytes never reach a terminal.
    assert "\u241b[2J\u241b]0;pwned\u2407" in message.text and "\x1b" not in message.text
    assert "control characters shown as symbols" in " ".join(message.problems)
    assert message.sender_address == "mallory@example.org"


def test_latin1_header_keeps_its_letters_via_stdlib_policy() -> None:
    message = parse_message((BAD / "latin1-subject.eml").read_bytes(), "k").message
    # mail-parser alone would drop the é; the standard library keeps a visible stand-in.
    assert message.subject.startswith("caf") and len(message.subject) == len("café crème")
    assert message.text.strip() == "café"


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_bad_input_never_raises(name: str) -> None:
    parsed = parse_message((BAD / name).read_bytes(), name)
    assert parsed.message.key == name


def test_specific_problems_are_named() -> None:
    def problems(name: str) -> str:
        return " | ".join(parse_message((BAD / name).read_bytes(), name).message.problems)

    assert "not a mail message" in problems("binary.bin")
    assert "not a mail message" in problems("no-headers.eml")
    assert "unknown charset 'x-klingon'" in problems("unknown-charset.eml")
    assert "bad Date header" in problems("bad-date.eml")


def test_pgp_mime_is_recognised_and_ciphertext_extracted() -> None:
    outer = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
    outer["Subject"] = "Bug report: 72e11dad9c9faf4d5a990800a3349dd"
    outer["From"] = "devnull@tails.boum.org"
    outer.attach(MIMEApplication("Version: 1\n", "pgp-encrypted", _encoder=lambda p: None))
    armour = "-----BEGIN PGP MESSAGE-----\n\nhQIMA51tZHKvwa13\n-----END PGP MESSAGE-----\n"
    outer.attach(MIMEApplication(armour, "octet-stream", _encoder=lambda p: None))
    parsed = parse_message(outer.as_bytes(), "k")
    assert parsed.message.encrypted
    assert parsed.ciphertext is not None and b"hQIMA51tZHKvwa13" in parsed.ciphertext
    assert parsed.message.text == ""


def test_received_header_gives_the_date() -> None:
    raw = (b"Received: from relay (localhost [127.0.0.1]) by mx.example.org with ESMTP id 1;"
           b" Tue, 14 Oct 2026 09:12:44 +0000\nFrom: devnull@tails.boum.org\nSubject: x\n\nhi\n")
    message = parse_message(raw, "k").message
    assert message.date is not None and message.date.isoformat() == "2026-10-14T09:12:44+00:00"


def test_big_attachment_is_listed_with_its_size() -> None:
    outer = MIMEMultipart()
    outer["From"] = "a@example.org"
    outer["Subject"] = "screenshot"
    outer.attach(MIMEText("see attached"))
    blob = MIMEApplication(b"\x89PNG" + b"\x00" * (20 * 1024 * 1024), "octet-stream")
    blob.add_header("Content-Disposition", "attachment", filename="huge.png")
    outer.attach(blob)
    message = parse_message(outer.as_bytes(), "k").message
    assert message.text.strip() == "see attached"
    (attachment,) = message.attachments
    assert attachment.filename == "huge.png"
    assert abs(attachment.size - 20 * 1024 * 1024) < 1024


def test_every_cpython_email_test_file_parses() -> None:
    files = sorted(p for p in email_test_data().iterdir() if p.is_file())
    assert len(files) > 40
    for path in files:
        parse_message(path.read_bytes(), path.name)


def test_a_nul_byte_is_flagged_and_removed_but_headers_and_body_are_read() -> None:
    raw = (BAD / "nul-byte.eml").read_bytes()
    assert raw.count(b"\0") == 2
    message = parse_message(raw, "k").message
    assert message.subject == "Tor Browser crashes"
    assert message.sender == "Zoë <zoe@example.org>" and message.sender_address == "zoe@example.org"
    assert message.text.replace("\r\n", "\n") == "It crashes when I open a tab.\n"
    assert "message contains NUL bytes (2 removed)" in message.problems
    assert message.size == len(raw)
    assert "\0" not in message.subject + message.text


def test_deeply_nested_mime_keeps_subject_from_and_text() -> None:
    message = parse_message((BAD / "deep-mime.eml").read_bytes(), "k").message
    assert message.subject == "200 levels of multipart/mixed"
    assert message.sender_address == "deep@example.org"
    assert "the innermost text" in message.text
    assert "MIME nested 201 levels deep (more than 32): only plain-text parts shown" \
        in message.problems


def test_mime_too_deep_for_the_parser_keeps_subject_and_from() -> None:
    levels = 5000  # far past the recursion limit of the standard library's feed parser
    raw = (b"From: deep@example.org\nSubject: very deep\n"
           + b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i)
                      for i in range(levels)) + b"Content-Type: text/plain\n\nx\n")
    message = parse_message(raw, "k").message
    assert message.subject == "very deep" and message.sender_address == "deep@example.org"
    assert "MIME nested too deeply to parse (hundreds of levels): body not read" \
        in message.problems


# -- PGP/MIME cut at its boundaries (docs/encryption.md, "The outer MIME of an encrypted
# report"): the same ciphertext and problems as the standard library's whole parse ------

_ARMOUR = b"-----BEGIN PGP MESSAGE-----\n\nhQIMA51tZHKvwa13\n=JIGn\n-----END PGP MESSAGE-----\n"


def _pgp_mime_bytes(second: bytes = b"Content-Type: application/octet-stream\n\n" + _ARMOUR,
                    boundary: str = "==b==", close: bytes = b"--==b==--\n",
                    preamble: bytes = b"", epilogue: bytes = b"") -> bytes:
    return (b"From: devnull@tails.boum.org\nSubject: Bug report: 72e11dad9c9faf4d5a990800a33"
            b"49dd\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; "
            b"boundary=\"" + boundary.encode() + b"\"\n\n" + preamble +
            b"--==b==\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n"
            b"--==b==\n" + second + b"\n" + close + epilogue)


def _stdlib_ciphertext(raw: bytes) -> bytes | None:
    parts = email.message_from_bytes(raw).get_payload()
    if not isinstance(parts, list) or len(parts) < 2 or isinstance(parts[1], str):
        return None
    payload = parts[1].get_payload(decode=True)
    return payload if isinstance(payload, bytes) and payload.strip() else None


WELL_FORMED = {
    "lf": _pgp_mime_bytes(),
    "crlf": _pgp_mime_bytes().replace(b"\n", b"\r\n"),
    "preamble and epilogue": _pgp_mime_bytes(preamble=b"This is PGP/MIME.\n",
                                             epilogue=b"\nbye\n"),
    "blanks after a delimiter": _pgp_mime_bytes().replace(b"--==b==\n", b"--==b==  \n"),
    "folded part header": _pgp_mime_bytes(b"Content-Type: application/octet-stream;\n"
                                          b"\tname=\"encrypted.asc\"\n\n" + _ARMOUR),
    "part without headers": _pgp_mime_bytes(b"\n" + _ARMOUR),
    "8-bit bytes in the armour": _pgp_mime_bytes(b"Content-Type: application/octet-stream"
                                                 b"\n\n" + _ARMOUR + b"caf\xe9\n"),
}
MALFORMED = {
    "no closing delimiter": _pgp_mime_bytes(close=b""),
    "another boundary": _pgp_mime_bytes(boundary="other"),
    "a delimiter inside the armour": _pgp_mime_bytes(
        b"Content-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n--==b==\n"
        b"Content-Type: text/plain\n\nsmuggled\n-----END PGP MESSAGE-----\n"),
    "a delimiter with more after it": _pgp_mime_bytes(
        b"Content-Type: application/octet-stream\n\n--==b==x\n" + _ARMOUR),
    "base64 part": _pgp_mime_bytes(b"Content-Type: application/octet-stream\n"
                                   b"Content-Transfer-Encoding: base64\n\n"
                                   + base64.encodebytes(_ARMOUR)),
    "nested multipart": _pgp_mime_bytes(b"Content-Type: multipart/mixed; boundary=in\n\n"
                                        b"--in\n\n" + _ARMOUR + b"--in--\n"),
    "mixed line endings": _pgp_mime_bytes().replace(b"Version: 1\n", b"Version: 1\r\n"),
    "bare CR": _pgp_mime_bytes().replace(b"\n", b"\r"),
    "part header without a colon": _pgp_mime_bytes(b"Content-Type application/octet-stream"
                                                   b"\n\n" + _ARMOUR),
    "part without its blank line": _pgp_mime_bytes(b"Content-Type: application/octet-stream"),
    "empty armour": _pgp_mime_bytes(b"Content-Type: application/octet-stream\n\n \n"),
    "one part": _pgp_mime_bytes().replace(b"--==b==\nContent-Type: application/octet", b"X-"),
    "another protocol": _pgp_mime_bytes().replace(b"application/pgp-encrypted\"",
                                                  b"application/x-other\""),
    "RFC 2231 boundary beyond ASCII": _pgp_mime_bytes().replace(
        b"boundary=\"==b==\"", b"boundary*=utf-8''%C3%A9"),
}


@pytest.mark.parametrize("name", sorted(WELL_FORMED))
def test_well_formed_pgp_mime_is_cut_at_its_boundaries(name: str) -> None:
    raw = WELL_FORMED[name]
    block = _header_block(raw)
    split = _split_pgp_mime(raw, block)
    assert split is not None
    assert split[1] == _stdlib_ciphertext(raw)
    parsed = parse_message(raw, "k")
    assert parsed.message.encrypted and parsed.ciphertext == _stdlib_ciphertext(raw)
    assert parsed.message.problems == ()
    assert str(parsed.message.subject) == "Bug report: 72e11dad9c9faf4d5a990800a3349dd"


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_pgp_mime_is_left_to_the_whole_parse(name: str) -> None:
    raw = MALFORMED[name]
    assert _split_pgp_mime(raw, _header_block(raw)) is None
    parsed = parse_message(raw, "k")  # never raises; the standard library's reading
    assert parsed.ciphertext == (_stdlib_ciphertext(raw) if name != "another protocol"
                                 else parsed.ciphertext)


def test_malformed_pgp_mime_says_what_is_wrong() -> None:
    def problems(name: str) -> str:
        return " | ".join(parse_message(MALFORMED[name], "k").message.problems)

    assert "CloseBoundaryNotFoundDefect" in problems("no closing delimiter")
    assert "PGP/MIME message without its encrypted part" in problems("another boundary")
    assert "PGP/MIME message with an empty encrypted part" in problems("empty armour")
    assert "unknown protocol" in problems("another protocol")
    smuggled = parse_message(MALFORMED["a delimiter inside the armour"], "k").ciphertext
    assert smuggled is not None and b"smuggled" not in smuggled
    decoded = parse_message(MALFORMED["base64 part"], "k").ciphertext
    assert decoded == _ARMOUR.rstrip(b"\n") or decoded == _ARMOUR


def test_every_demo_message_parses_as_before(tmp_path: Path) -> None:
    """The demo's encrypted reports, as IMAP gives them (CRLF) and as stored (LF): cut at
    their boundaries, and the ciphertext is the standard library's."""
    demo = Path(__file__).resolve().parents[2] / "hdtui" / "demo" / "maildir"
    cut = 0
    for path in sorted(demo.glob("*/*")):
        for raw in (path.read_bytes(), path.read_bytes().replace(b"\n", b"\r\n")):
            parsed = parse_message(raw, "k")
            if _split_pgp_mime(raw, _header_block(raw)) is not None:
                cut += 1
                assert parsed.ciphertext == _stdlib_ciphertext(raw)
                assert parsed.message.problems == ()
    assert cut >= 20
