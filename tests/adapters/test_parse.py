"""Mail parsing: headers, PGP/MIME detection, and bad input that never crashes."""

from __future__ import annotations

from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from hdtui.sources.parse import parse_message
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
