"""The inner text of a decrypted report (``hdtui.mime.inner_text``)."""

from __future__ import annotations

import email
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from hdtui import mime

DATA = Path(__file__).resolve().parents[1] / "data"


def _inner_entities() -> list[bytes]:
    """Decrypted inner entities as WhisperBack makes them (MIMEText: us-ascii 7bit, or
    utf-8 base64), LF and CRLF, and others a sender could encrypt: quoted-printable,
    latin-1 8-bit, an unknown charset, HTML only, two text parts, folded and encoded
    headers, no header at all, a header line without a colon."""
    bodies = [p.read_text(encoding="utf-8") for p in sorted((DATA / "whisperback")
                                                            .glob("*.txt"))]
    bodies.append("Écran noir après la mise à jour.\n")
    found = [MIMEText(body).as_bytes() for body in bodies]
    two = MIMEMultipart()
    two.attach(MIMEText("short"))
    two.attach(MIMEText("the longer of the two"))
    found += [
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
        b"quoted-printable\n\n=C3=89cran noir\n",
        b"Content-Type: text/plain; charset=latin-1\n\n\xc9cran noir\n",
        b"Content-Type: text/plain; charset=x-nowhere\n\nhi\n",
        b"Content-Type: text/html\n\n<p>hi</p>\n",
        two.as_bytes(),
        b"Content-Type: text/plain;\n charset=\"utf-8\"\nSubject: =?utf-8?q?caf=C3=A9?=\n\n"
        b"caf\xc3\xa9\n",
        b"just a text, no header\n",
        b"Content-Type: text/plain\nnot a field\n\nbody\n",
    ]
    return found + [raw.replace(b"\n", b"\r\n") for raw in found]


def test_the_inner_text_is_read_as_the_whole_parse_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-part inner entity read without the feed parser gives the same text and
    problems as the whole parse, for every entity above."""
    entities = _inner_entities()
    fast = [mime.inner_text(raw) for raw in entities]
    assert sum(mime.one_part(raw) is not None for raw in entities) >= 30
    monkeypatch.setattr(mime, "one_part", lambda raw: None)
    assert fast == [mime.inner_text(raw) for raw in entities]


def test_a_whisperback_inner_text_is_not_given_to_the_feed_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed parser walking the plaintext's lines was most of the Python time a
    decryption costs after gpg (docs/encryption.md, "The inner text")."""
    body = (DATA / "whisperback" / "tails-7.5-wifi.txt").read_text(encoding="utf-8")

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the feed parser")

    monkeypatch.setattr(email, "message_from_bytes", refused)
    for raw in (MIMEText(body).as_bytes(), MIMEText(body + "é").as_bytes()):
        text, problems = mime.inner_text(raw)
        assert text.replace("\r\n", "\n") in (body, body + "é") and problems == ()
