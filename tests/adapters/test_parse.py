"""Mail parsing: headers, PGP/MIME detection, and bad input that never crashes."""

from __future__ import annotations

import base64
import email
import re
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from hdtui.domain import text as text_module
from hdtui.domain.message import Message
from hdtui.domain.text import CONTROL_PROBLEM, MailText
from hdtui.sources import parse
from hdtui.sources.parse import _header_block, _one_part, _split_pgp_mime, parse_message
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


# -- A message of one part read without the feed parser (docs/cold-start.md, "Parsing
# faster"): the same standard-library message, and so the same Message, as the whole parse

_PLAIN = (b"Received: from localhost by mail.example.org; Tue, 03 Nov 2026 10:00:00 +0000\n"
          b"Date: Tue, 03 Nov 2026 10:00:00 +0000\nFrom: devnull@tails.boum.org\n"
          b"To: support@tails.net\nSubject: Bug report: 72e11dad9c9faf4d5a990800a3349dd\n"
          b"Message-ID: <1.bench@example.org>\nMIME-Version: 1.0\n"
          b"Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 8bit\n\n"
          b"Summary: Tor does not start\n\nTails-Version: 7.5\n")


def _whole(raw: bytes) -> email.message.Message:
    return email.message_from_bytes(raw)


def _state(std: email.message.Message) -> tuple[object, ...]:
    return (std._headers, std._payload, [type(d) for d in std.defects],  # type: ignore[attr-defined]
            std.get_unixfrom(), std.preamble, std.epilogue, std.get_content_type())


ONE_PART = {
    "plain report": _PLAIN,
    "plain report, CRLF": _PLAIN.replace(b"\n", b"\r\n"),
    "folded header and tabs": _PLAIN.replace(b"Subject: Bug", b"Subject:\t \n\tBug"),
    "empty value and its continuation": b"X-A:\nX-B: \n  more\nFrom: a@b.c\n\nbody\n",
    "8-bit bytes in a header and the body": b"Subject: caf\xc3\xa9 \xe9\nFrom: a@b.c\n\n"
                                            b"\xff\xfe\r\r\n",
    "quoted-printable latin-1": b"From: a@b.c\nContent-Type: text/plain; charset=iso-8859-1\n"
                                b"Content-Transfer-Encoding: quoted-printable\n\ncaf=E9=\n !\n",
    "base64 utf-8": b"From: a@b.c\nContent-Type: text/plain; charset=utf-8\n"
                    b"Content-Transfer-Encoding: base64\n\nY2Fmw6k=\n",
    "an attachment of one part": b"From: a@b.c\nContent-Type: application/pdf; name=x.pdf\n"
                                 b"Content-Disposition: attachment; filename=x.pdf\n\n%PDF\n",
    "no body": b"From: a@b.c\nSubject: s\n",
    "an empty line first in the body, CRLF": b"From: a@b.c\r\n\r\n\r\nbody\r\n",
    "LF then CRLF as the empty line": b"A: b\n\r\nbody\n",
    "control characters and markup": (BAD / "markup-subject.eml").read_bytes(),
}
WHOLE_PARSE = {
    "multipart": b"From: a@b.c\nContent-Type: multipart/mixed; boundary=x\n\n--x\n\nhi\n--x--\n",
    "multipart without a boundary": b"From: a@b.c\nContent-Type: multipart/mixed\n\nhi\n",
    "an attached message": b"From: a@b.c\nContent-Type: message/rfc822\n\nSubject: in\n\nc\n",
    "a unix From line": b"From a@b.c Tue Nov  3 10:00:00 2026\nFrom: a@b.c\n\nbody\n",
    "a From line among the fields": b"From: a@b.c\nFrom a@b.c\nTo: b@c.d\n\nbody\n",
    "a line without a colon": b"From: a@b.c\nnot a field\n\nbody\n",
    "a field without a name": b"From: a@b.c\n: x\n\nbody\n",
    "a continuation line first": b" x\nFrom: a@b.c\n\nbody\n",
    "bare CR line endings": _PLAIN.replace(b"\n", b"\r"),
    "a bare CR in a field": b"From: a@b.c\rTo: b@c.d\n\nbody\n",
    "a bare CR then CRLF at the end of the fields": b"A: b\r\r\n\r\nX",
    "the last field without its line end": b"From: a@b.c\nSubject: s",
}


@pytest.mark.parametrize("name", sorted(ONE_PART))
def test_a_message_of_one_part_is_read_as_the_whole_parse_reads_it(name: str) -> None:
    raw = ONE_PART[name]
    single = _one_part(raw)
    assert single is not None
    assert _state(single) == _state(_whole(raw))
    assert single.get_payload(decode=True) == _whole(raw).get_payload(decode=True)


@pytest.mark.parametrize("name", sorted(WHOLE_PARSE))
def test_anything_else_is_left_to_the_whole_parse(name: str) -> None:
    assert _one_part(WHOLE_PARSE[name]) is None


def test_a_plain_report_is_parsed_without_the_feed_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(raw: bytes) -> email.message.Message:
        parsed.append(raw)
        return original(raw)

    original = email.message_from_bytes

    parsed: list[bytes] = []
    monkeypatch.setattr(parse.email, "message_from_bytes", whole)
    for raw in (_PLAIN, _PLAIN.replace(b"\n", b"\r\n")):
        message = parse_message(raw, "k").message
        assert str(message.subject) == "Bug report: 72e11dad9c9faf4d5a990800a3349dd"
        assert str(message.text) == "Summary: Tor does not start\n\nTails-Version: 7.5\n"
        assert message.problems == ()
    assert parsed == []
    parse_message(WHOLE_PARSE["multipart"], "k")
    assert len(parsed) == 1


def test_mail_text_read_by_the_fast_path_stays_data() -> None:
    """The fast path's values go through the same checks (docs/text-safety.md)."""
    raw = ONE_PART["control characters and markup"]
    assert _one_part(raw) is not None
    message = parse_message(raw, "k").message
    assert message.subject == "[bold red]URGENT[/] [link=https://evil.example]x[/link]"
    assert "\x1b" not in message.text and "\x07" not in message.text
    assert "control characters shown as symbols" in message.problems


def test_a_message_of_one_part_is_not_asked_its_depth_nor_its_pgp_mime(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # _one_part read it: neither multipart nor encrypted (docs/benchmarks.md, "Session 15:
    # the cold read's children, second step"); a multipart message is still asked.
    asked: list[str] = []
    depth, pgp_mime = parse._depth, parse._pgp_mime

    def counted_depth(std: email.message.Message) -> int:
        asked.append("depth")
        return depth(std)

    def counted_pgp_mime(std: email.message.Message,
                         problems: list[str]) -> tuple[bool, bytes | None]:
        asked.append("pgp")
        return pgp_mime(std, problems)

    monkeypatch.setattr(parse, "_depth", counted_depth)
    monkeypatch.setattr(parse, "_pgp_mime", counted_pgp_mime)
    for raw in (_PLAIN, _PLAIN.replace(b"\n", b"\r\n")):
        message = parse_message(raw, "k").message
        assert not message.encrypted and message.problems == ()
    assert asked == []
    assert not parse_message(WHOLE_PARSE["multipart"], "k").message.encrypted
    assert asked == ["depth", "pgp"]


def test_each_kept_value_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The check for CONTROL_PROBLEM and the cleaning are one scan of each value, and the
    # Subject, From and To kept twice (fields and headers) are scanned once
    # (docs/benchmarks.md, "Session 15: the cold read's children, second step").
    scanned: list[str] = []
    original = text_module._unsafe

    def counting(text: str) -> bool:
        scanned.append(text)
        return original(text)

    monkeypatch.setattr(text_module, "_unsafe", counting)
    for raw, flagged in ((_PLAIN, False), (_PLAIN.replace(b"\n", b"\r\n"), False),
                         (_PLAIN.replace(b"Tor does", b"Tor \x1b[2J does"), True)):
        scanned.clear()
        message = parse_message(raw, "k").message
        assert (CONTROL_PROBLEM in message.problems) is flagged
        assert "\x1b" not in message.text and "\r" not in message.text
        assert sorted(scanned) == sorted(set(scanned))
        assert sum(text.startswith("Summary:") for text in scanned) == 1
        assert scanned.count(str(message.subject)) == 1


def _corpus() -> list[bytes]:
    root = Path(__file__).resolve().parents[2]
    paths = sorted((root / "hdtui" / "demo" / "maildir").glob("*/*")) + \
        sorted(p for p in BAD.iterdir()) + sorted(BAD.parent.glob("system/*.eml")) + \
        sorted(BAD.parent.glob("matching/reports/*.eml")) + \
        sorted(p for p in email_test_data().iterdir() if p.is_file())
    found = []
    for path in paths:
        raw = path.read_bytes().replace(b"\0", b"")
        found += [raw, raw.replace(b"\n", b"\r\n"), raw.replace(b"\n", b"\r")]
    return found


def test_every_message_of_one_part_in_the_test_mail_parses_as_by_the_whole_parse(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo, tests/data (bad, system, the matching reports) and CPython's email test
    data, LF, CRLF and bare CR: where
    the fast path reads a message, its standard-library message and its Message are the
    whole parse's."""
    corpus = _corpus()
    read = [raw for raw in corpus if _one_part(raw) is not None]
    fast = [parse_message(raw, "k") for raw in read]
    assert all(_state(_one_part(raw)) == _state(_whole(raw))  # type: ignore[arg-type]
               for raw in read)
    monkeypatch.setattr(parse, "_one_part", lambda raw: None)
    assert fast == [parse_message(raw, "k") for raw in read]
    assert len(read) >= 250  # 268 of 765: the matching reports, the plain demo mail...


_TYPES = [
    "text/plain", "text/plain; charset=utf-8", "Text/Plain;Charset=\"UTF-8\"",
    " text/plain ;  charset = us-ascii ", "text/plain; charset=iso-8859-1",
    "text/plain; charset=\"utf-8", "text/plain; charset=utf-8; format=flowed",
    "text/plain; charset*=utf-8''utf-8", "text/plain; charset=", "text/plain;",
    "text", "text/plain/x", "text/html; charset=utf-8", "text/plain;\n charset=utf-8",
    "text/plain; charset=\"utf\\-8\"", "text/plain; name=\"a.txt\"", "text/plain; charset=utf8",
    "text/plain\x1c; charset=utf-8", "text/plain; charset=\u00fctf-8",
]
_OTHER_HEADS = [b"", b"Content-Transfer-Encoding: 8BIT \n", b"Content-Transfer-Encoding: base64\n",
                b"Content-Disposition: inline\n", b"Content-ID: <a@b>\n",
                b"Content-Transfer-Encoding: 7bit\nContent-Type: text/html\n",
                b"Content-Transfer-Encoding: \xc3\xa9\n"]


def _typed(content_type: str, other: bytes) -> bytes:
    return (b"From: a@b\nSubject: s\n" + other + b"Content-Type: "
            + content_type.encode("utf-8", "surrogateescape") + b"\n\nhello\n")


def test_a_plain_parts_headers_are_read_as_the_standard_library_reads_them() -> None:
    # _plain_heads reads a simple Content-Type and the transfer encoding without the
    # standard library's lookups (docs/benchmarks.md, "Session 16: the cold read, parent
    # and children"); where it reads them, they must be what the library gives.
    messages = _corpus() + [_typed(t, o) for t in _TYPES for o in _OTHER_HEADS]
    read = 0
    for raw in messages:
        for std in (_whole(raw), _one_part(raw)):
            if std is None:
                continue
            fields = parse._Heads(_header_block(raw), std, []).fields
            known = parse._plain_heads(fields)
            if known is None:
                continue
            read += 1
            assert known == (
                std.get_content_type(),
                any(std.get(n) is not None for n in ("content-disposition", "content-id")),
                str(std.get("content-transfer-encoding", "7bit")).strip().lower(),
                std.get_content_charset("us-ascii")), raw[:300]
            problems: list[str] = []
            assert parse._simple_text(std, problems, fields) == \
                parse._simple_text(std, []), raw[:300]
    assert read >= 500


def test_a_plain_reports_type_and_charset_are_not_asked_of_the_standard_library(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    for name in ("get_content_type", "get_content_charset"):
        method = getattr(email.message.Message, name)
        monkeypatch.setattr(email.message.Message, name,
                            lambda self, *a, _m=method, _n=name: asked.append(_n) or _m(self, *a))
    for raw in (_PLAIN, _PLAIN.replace(b"\n", b"\r\n")):
        assert "Tor does" in parse_message(raw, "k").message.text
    # The type once a message: _one_part's check for parts.
    assert asked == ["get_content_type", "get_content_type"]
    # Anything else is still read by the standard library: a type with another parameter.
    parse_message(_typed("text/plain; charset=utf-8; format=flowed", b""), "k")
    assert "get_content_charset" in asked


def test_a_plain_reports_absent_headers_are_not_looked_up(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Of the 15 headers a Message keeps, a plain report has 5: the other 10 are not asked
    # of _Heads (docs/benchmarks.md, "Session 17: the cold read"); what is kept is the same.
    asked: list[str] = []
    text = parse._Heads.text
    monkeypatch.setattr(parse._Heads, "text",
                        lambda self, name: asked.append(name) or text(self, name))
    for raw in (_PLAIN, _PLAIN.replace(b"\n", b"\r\n")):
        asked.clear()
        message = parse_message(raw, "k").message
        assert [name for name, _ in message.headers] == \
            ["From", "To", "Date", "Subject", "Message-ID"]
        assert sorted(set(asked)) == ["Date", "From", "In-Reply-To", "Message-ID",
                                      "References", "Subject", "To"]
    # A present header with an empty value is still left out, an Approved one still hidden.
    raw = _PLAIN.replace(b"MIME-Version", b"Cc: \nApproved: secret\nX-Autoreply: yes\n"
                         b"MIME-Version")
    headers = dict(parse_message(raw, "k").message.headers)
    assert "Cc" not in headers and headers["X-Autoreply"] == "yes"
    assert headers["Approved"] == parse.HIDDEN_PASSWORD
    assert "secret" not in repr(parse_message(raw, "k").message)


def _header_fields(raw: bytes) -> bytes:
    """What a server's ``BODY[HEADER.FIELDS (...)]`` gives of a message: its fields named
    in HEADER_FIELDS, continuation lines kept, then an empty line."""
    import re

    end = ([i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n"), raw.find(b"\r\r"))
            if i >= 0] or [len(raw)])[0]
    wanted = {name.lower().encode() for name in parse.HEADER_FIELDS}
    lines = re.split(rb"(?<=\n)(?=[^ \t])", raw[:end] + b"\n")
    kept = [line for line in lines if line.split(b":", 1)[0].strip().lower() in wanted]
    return b"".join(kept) + (b"\r\n" if b"\r\n" in raw[:end + 2] else b"\n")


def test_headers_alone_read_as_by_the_whole_parse_of_the_headers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``parse_headers`` (a glimpse's provisional rows) reads plain fields without the
    feed parser, as ``parse_message`` does (docs/cold-start.md, "Rows from the newest
    headers"): the same Message as the policy.default parse of the headers, for the
    whole header block and for the fields a server sends of every message of the corpus
    above (hostile, encoded and folded headers among them)."""
    from hdtui.domain.mail import SourceItem

    item = SourceItem("INBOX/1/7", 1234, True)
    blocks = [block for raw in _corpus() for block in (raw, _header_fields(raw))]
    fast = [parse.parse_headers(block, item) for block in blocks]
    monkeypatch.setattr(parse, "_plain_fields", lambda raw: None)
    assert fast == [parse.parse_headers(block, item) for block in blocks]
    assert all(isinstance(v, MailText) for m in fast for v in (m.subject, m.sender, m.to))
    assert len(blocks) >= 1500


def test_plain_headers_alone_are_not_parsed_by_the_feed_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain report's headers, as the glimpse fetches them, are read without
    policy.default's parse of the whole block (most of ``parse_headers``' CPU); a header
    that needs it (an encoded word) still gets it, for its value only being read so."""
    from hdtui.domain.mail import SourceItem

    parsed: list[bytes] = []
    parsebytes = parse.BytesParser.parsebytes

    def counted(self: object, text: bytes, headersonly: bool = False) -> object:
        parsed.append(text)
        return parsebytes(self, text, headersonly)  # type: ignore[arg-type]

    monkeypatch.setattr(parse.BytesParser, "parsebytes", counted)
    plain = (b"Date: Sun, 06 Dec 2026 16:41:05 +0000\r\nFrom: devnull@tails.boum.org\r\n"
             b"To: support@tails.net\r\nSubject: Bug report: 0000000000000000000000000000012b"
             b"\r\nMessage-ID: <299.bench@example.org>\r\n"
             b"Content-Type: text/plain; charset=us-ascii\r\n\r\n")
    message = parse.parse_headers(plain, SourceItem("INBOX/1/7", 1234))
    assert parsed == [] and message.subject == "Bug report: 0000000000000000000000000000012b"
    assert message.sender_address == "devnull@tails.boum.org" and message.date is not None
    encoded = plain.replace(b"Subject: Bug", b"Subject: =?utf-8?q?caf=C3=A9?= Bug")
    message = parse.parse_headers(encoded, SourceItem("INBOX/1/7", 1234))
    assert len(parsed) == 1 and message.subject.startswith("café Bug")


def _encrypted_corpus() -> list[bytes]:
    """Every PGP/MIME message of the test mail (LF, CRLF and bare CR), the well-formed
    and malformed ones above, and made ones whose outer headers are anything but plain
    fields (encoded, folded, 8-bit, a line without a colon, a unix From line)."""
    odd = [b"Subject: =?utf-8?q?Bug_report=3A_caf=C3=A9?=\n",
           b"Subject: Bug report:\n folded\n", b"Subject: Bug report: caf\xe9\n",
           b"not a field\n", b"X-A: 1\n\tcontinued\n"]
    made = [head + WELL_FORMED["lf"] for head in odd] + \
        [b"From a@b.c Tue Nov  3 10:00:00 2026\n" + WELL_FORMED["lf"]]
    return [raw for raw in (*_corpus(), *WELL_FORMED.values(), *MALFORMED.values(), *made)
            if b"multipart/encrypted" in _header_block(raw).lower()]


def test_pgp_mime_headers_read_without_the_feed_parser_as_it_reads_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The outer headers of a PGP/MIME message cut at its boundaries are plain fields
    read as for a plain report (``plain_fields``): the same compat32 header as the feed
    parser's, and the same Parsed, for every PGP/MIME message of the test mail and the
    made ones; anything but plain fields still goes to the feed parser."""
    corpus = _encrypted_corpus()
    split = [_split_pgp_mime(raw, _header_block(raw)) for raw in corpus]
    fast = [parse_message(raw, "k") for raw in corpus]
    monkeypatch.setattr(parse, "_plain_fields", lambda raw: None)
    assert [_split_pgp_mime(raw, _header_block(raw)) is not None for raw in corpus] == \
        [s is not None for s in split]
    for raw, found in zip(corpus, split, strict=True):
        again = _split_pgp_mime(raw, _header_block(raw))
        if found is not None and again is not None:
            assert _state(found[0]) == _state(again[0]) and found[1] == again[1]
    assert fast == [parse_message(raw, "k") for raw in corpus]
    assert sum(s is not None for s in split) >= 100  # the demo's reports, LF and CRLF


def test_a_whisperback_reports_outer_headers_are_not_given_to_the_feed_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed parser's reading of the outer headers was a third of the cut's CPU
    (docs/encryption.md, "The outer MIME of an encrypted report")."""
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the feed parser")

    monkeypatch.setattr(parse, "BytesParser", refused)
    for raw in (WELL_FORMED["lf"], WELL_FORMED["crlf"]):
        found = _split_pgp_mime(raw, _header_block(raw))
        assert found is not None and found[1] == _stdlib_ciphertext(raw)


NO_BOUNDARY = (b"From: a@example.org\nSubject: Tails crashes at start\nMIME-Version: 1.0\n"
               b"Content-Type: multipart/mixed\n\n--xyz\nContent-Type: text/plain\n\n"
               b"Tails freezes when I plug my USB stick. [bold]Caf\xc3\xa9[/bold]\n--xyz--\n")


@pytest.mark.parametrize("raw", [
    NO_BOUNDARY,  # no boundary parameter at all
    NO_BOUNDARY.replace(b"multipart/mixed", b'multipart/mixed; boundary="abc"'),  # none of it
])
def test_a_multipart_mail_without_its_boundary_is_read_by_its_bodys_delimiters(
        raw: bytes) -> None:
    from hdtui.mime import BROKEN_MULTIPART

    message = parse_message(raw, "k").message
    # Its text part, as data (the markup kept as characters), with a note.
    assert message.text.strip() == "Tails freezes when I plug my USB stick. [bold]Café[/bold]"
    assert isinstance(message.text, MailText)
    assert BROKEN_MULTIPART in message.problems
    # Its attachments are found too.
    attached = raw.replace(b"--xyz--\n", b"--xyz\nContent-Type: application/pdf\n"
                           b"Content-Disposition: attachment; filename=a.pdf\n"
                           b"Content-Transfer-Encoding: base64\n\nJVBERi0=\n--xyz--\n")
    assert [a.filename for a in parse_message(attached, "k").message.attachments] == ["a.pdf"]


def test_a_multipart_mail_without_any_boundary_shows_its_whole_body() -> None:
    from hdtui.mime import UNREADABLE_MULTIPART

    raw = (b"From: a@example.org\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/"
           b"mixed\n\nThe screen goes black.\n-----\nThen \xc3\xa9 nothing [red]x[/red].\n")
    message = parse_message(raw, "k").message
    assert message.text == "The screen goes black.\n-----\nThen é nothing [red]x[/red].\n"
    assert UNREADABLE_MULTIPART in message.problems


def test_a_decrypted_multipart_without_its_boundary_keeps_its_text() -> None:
    from hdtui.mime import BROKEN_MULTIPART, UNREADABLE_MULTIPART, inner_text

    text, problems = inner_text(NO_BOUNDARY)
    # (A part without a charset is read as ASCII here, as in a well-formed report.)
    assert text.startswith("Tails freezes when I plug my USB stick. [bold]Caf")
    assert problems == (BROKEN_MULTIPART,)
    text, problems = inner_text(b"Content-Type: multipart/mixed\n\nonly this\n")
    assert text == "only this\n" and problems == (UNREADABLE_MULTIPART,)


USERS_HYPHENS = ("Hello, Tails does not start.\nI ran it with\n--verbose\nand it printed "
                 "nothing\u2026\n")


@pytest.mark.parametrize("body", [
    USERS_HYPHENS,  # a line of the user's own text starts with two hyphens
    "--verbose\nContent-Type: text/plain\n\nonce, never again nor closed\n",
    "--xyz\nplain words, no header line\n--xyz--\n",
    "Before the parts, the user's words.\n--xyz\nContent-Type: text/plain\n\nx\n--xyz--\n",
])
def test_a_body_not_surely_cut_by_its_first_delimiter_is_shown_whole(body: str) -> None:
    from hdtui.mime import BROKEN_MULTIPART, UNREADABLE_MULTIPART, inner_text

    raw = (b"From: a@example.org\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/"
           b"mixed\n\n" + body.encode())
    message = parse_message(raw, "k").message
    assert message.text == body  # before: only what followed the "--verbose" line
    assert UNREADABLE_MULTIPART in message.problems
    assert BROKEN_MULTIPART not in message.problems
    assert inner_text(b"Content-Type: multipart/mixed\n\n" + body.encode()) == \
        (body, (UNREADABLE_MULTIPART,))


def test_a_body_cut_twice_or_closed_is_still_read_by_its_parts() -> None:
    from hdtui.mime import BROKEN_MULTIPART

    for body in (b"\n--b\nContent-Type: text/plain\n\none\n--b\nContent-Type: text/x\n\n2\n",
                 b"--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b--\r\n"):
        raw = (b"From: a@example.org\nSubject: x\nMIME-Version: 1.0\nContent-Type: "
               b"multipart/mixed\n\n" + body)
        message = parse_message(raw, "k").message
        assert message.text.strip() == "one" and BROKEN_MULTIPART in message.problems


def test_an_empty_multipart_is_still_said_to_have_no_text() -> None:
    message = parse_message(b"From: a@example.org\nSubject: x\nMIME-Version: 1.0\n"
                            b"Content-Type: multipart/mixed\n\n", "k").message
    assert message.text == ""
    assert not any("broken MIME structure" in p for p in message.problems)

def test_the_parser_says_when_a_date_is_the_file_s_own() -> None:
    """``dated_by_file``: the date is the listing's time because no Date or Received
    header could be read, said by the parser (a date equal to that time is no sign of it:
    IMAP APPEND gives a Maildir's files the INTERNALDATE, often the Date's second)."""
    from datetime import UTC, datetime

    from hdtui.domain.mail import SourceItem

    when = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    item = SourceItem("cur/1", 100, mtime=when)
    dated = b"From: a@example.org\nDate: Fri, 20 Nov 2026 09:30:00 +0000\nSubject: s\n\nx\n"
    bad = dated.replace(b"Fri, 20 Nov 2026 09:30:00 +0000", b"not a date")
    for parsed in (parse.parse_item(dated, item).message, parse.parse_headers(dated, item)):
        assert parsed.date == when and not parsed.dated_by_file
    for parsed in (parse.parse_item(bad, item).message, parse.parse_headers(bad, item)):
        assert parsed.date == when and parsed.dated_by_file
    assert not parse_message(bad, "k").message.dated_by_file  # no time given: no date


@pytest.mark.parametrize(("sender", "address"), [
    ("Bob Smith [work] <bob@x.example>", "bob@x.example"),
    ("Support <SUPPORT@Tails.Net.>", "support@tails.net"),
    ("[@click=app.quit]Click me[/] <m@x.example>", "m@x.example"),
    ("Bob Smith [work] <bob@x.example>, eve@y.example", "bob@x.example"),
])
def test_a_from_whose_name_the_parser_cannot_read_keeps_its_address(
        sender: str, address: str) -> None:
    """walk29's defects 2 and 5: policy.default reads ``Bob Smith [work] <bob@x.example>``
    as the address "bob smith" (no domain) and ``<SUPPORT@Tails.Net.>`` as "support". The
    address in angle brackets is the sender's (``address.named_address``): the pane
    shows the header as it came, ``r`` answers that address, the counts know ours; the
    problem is still said."""
    from hdtui.domain.address import own_addresses
    from hdtui.domain.compose import contact_address
    from hdtui.domain.insight.facts import OURS_KIND, report_facts
    from hdtui.domain.mail import Kind
    from hdtui.domain.queue import Entry

    raw = (f"From: {sender}\nTo: help-desk@x.example\nSubject: hi\n"
           "Date: Mon, 23 Nov 2026 10:00:00 +0000\n\nhi\n").encode()
    message = parse_message(raw, "k").message
    assert message.sender_address == address
    assert message.sender == sender  # as it came: text, never markup (the pane's literal)
    assert "bad From header: InvalidHeaderDefect" in message.problems
    entry = Entry(message, Kind.SUPPORT)
    assert contact_address(entry).addr_spec.lower() == address.lower()
    facts = report_facts(entry, ours=own_addresses(["support@tails.net"]))
    assert (facts.kind == OURS_KIND) is (address == "support@tails.net")


@pytest.mark.parametrize(("sender", "address"), [
    ('Bob [x] <"odd [a]"@x.example>', '"odd [a]"@x.example'),
    ("Bob [w] <bob@[127.0.0.1]>", "bob@[127.0.0.1]"),
])
def test_a_from_with_an_unusual_address_after_a_name_the_parser_cannot_read(
        sender: str, address: str) -> None:
    """review29b: after a ``[…]`` name, a quoted local part or a domain literal gave the
    address "bob". It is read as written, as after a name the parser reads (``Bob
    <bob@[127.0.0.1]>``), and ``r`` says it cannot answer it, To left to the member."""
    from hdtui.domain.address import ComposeError
    from hdtui.domain.compose import contact_address
    from hdtui.domain.mail import Kind
    from hdtui.domain.queue import Entry

    def read(sender: str) -> Message:
        return parse_message((f"From: {sender}\nTo: help-desk@x.example\nSubject: hi\n\n"
                              "hi\n").encode(), "k").message

    message = read(sender)
    assert message.sender_address == address == read(
        f"Bob <{sender.split('<')[1]}").sender_address
    assert message.sender == sender
    assert "bad From header: InvalidHeaderDefect" in message.problems
    with pytest.raises(ComposeError, match=re.escape(f"'{address}', is not a mail address")):
        contact_address(Entry(message, Kind.SUPPORT))
