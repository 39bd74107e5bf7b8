"""A carriage return that ends no line inside a header (a bare CR) is read as a space: the
standard parser ended the headers there, losing the Date, the Message-ID and the
Content-Type to the body (arrival28; docs/text-safety.md, "A bare CR in a header")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hdtui.domain.mail import SourceItem
from hdtui.domain.message import Message
from hdtui.sources import parse
from hdtui.sources.local import MaildirSource, open_path

SAMPLE = Path(__file__).parents[1] / "data" / "bad" / "bare-cr-subject.eml"
DATE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def shown(message: Message) -> list[str]:
    """Every text of the message a screen shows."""
    return [str(message.subject), str(message.sender), str(message.text),
            *(str(value) for _, value in message.headers)]


def assert_read_whole(message: Message) -> None:
    assert message.subject == "Tor fails after 5 minutes"
    assert message.date == DATE and message.message_id == "<bare-cr@example.org>"
    assert parse.BARE_CR_PROBLEM in message.problems
    assert not [p for p in message.problems if "MissingHeaderBodySeparator" in p]
    assert not any("\r" in text for text in shown(message))


def test_a_bare_cr_in_a_subject_keeps_the_headers_after_it(tmp_path: Path) -> None:
    """The sample file (``hdtui scan`` reads it), in a Maildir, and as IMAP gives it (CRLF
    line endings), whole and by its headers alone (a provisional row)."""
    raw = SAMPLE.read_bytes()
    assert b"Tor fails\rafter" in raw
    assert_read_whole(open_path(SAMPLE).load(open_path(SAMPLE).list()[0]).message)
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "cur" / "1700000005.M5P1.t:2,").write_bytes(raw)
    source = MaildirSource(tmp_path)
    message = source.load(source.list()[0]).message
    assert_read_whole(message)
    assert str(message.text).startswith("Tor Connection stops")  # the body, not headers
    crlf = raw.replace(b"\n", b"\r\n")
    item = SourceItem("INBOX/1/1", len(crlf))
    assert_read_whole(parse.parse_item(crlf, item).message)
    assert_read_whole(parse.parse_headers(crlf, item))


def test_a_bare_cr_cannot_add_a_header() -> None:
    """``Subject: x\\rTo: y``: the To is the Subject's text, not a second recipient."""
    raw = (b"From: a@example.org\nTo: help@tails.example\nSubject: hello\rTo: evil@x\n"
           b"Date: Mon, 23 Nov 2026 10:00:00 +0000\n\nhi\n")
    message = parse.parse_message(raw, "k").message
    assert message.subject == "hello To: evil@x" and message.to == "help@tails.example"
    assert message.date == DATE


def test_line_endings_and_the_body_are_left_as_they_are() -> None:
    """CRLF and LF endings are no bare CR; a CR in the body stays the body's (the text's
    own cleaning says it); a message whose lines end in CR alone is read as before."""
    for raw in (b"From: a@example.org\r\nSubject: s\r\n\r\nhi\rthere\r\n",
                b"From: a@example.org\nSubject: s\n\nhi\rthere\n"):
        message = parse.parse_message(raw, "k").message
        assert message.subject == "s" and parse.BARE_CR_PROBLEM not in message.problems
    mac = b"From: a@example.org\rSubject: s\r\rhi\r"
    assert parse.parse_message(mac, "k").message.subject == "s"


CR_CR_LF = Path(__file__).parents[1] / "data" / "bad" / "cr-cr-lf.eml"


def test_cr_cr_lf_ends_a_header_line(tmp_path: Path) -> None:
    """Lines ended by CR CR LF (a client or gateway that added a CR before each CRLF):
    the bare-CR reading found no end of the headers, rewrote the whole message, gave each
    body line a trailing space and said a bare CR and a MissingHeaderBodySeparatorDefect.
    Read now as line ends: the headers whole, no problem said, no space added."""
    raw = CR_CR_LF.read_bytes()
    assert raw.count(b"\r\r\n") == 10 and b"\r\r\n\r\r\nTor" in raw
    (tmp_path / "cur").mkdir()
    (tmp_path / "cur" / "1700000005.M5P1.t:2,").write_bytes(raw)
    source = MaildirSource(tmp_path)
    item = SourceItem("INBOX/1/1", len(raw))
    for message in (open_path(CR_CR_LF).load(open_path(CR_CR_LF).list()[0]).message,
                    source.load(source.list()[0]).message,
                    parse.parse_item(raw, item).message, parse.parse_headers(raw, item)):
        assert message.subject == "Tor fails after 5 minutes", message.subject
        assert message.date == DATE and message.message_id == "<cr-cr-lf@example.org>"
        assert message.to == "help@tails.example"
        assert message.problems == (), message.problems
        assert not any("\r" in text for text in shown(message))
        if message.text:
            assert str(message.text).startswith("Tor Connection stops after 5 minutes on")
            assert " \n" not in str(message.text), str(message.text)
            # The body's CR CR LF are line ends too: no blank line after each (fix28d).
            assert str(message.text).endswith("Tails 7.7.\nTor Browser shows nothing.\n")
    # A bare CR beside CR CR LF ends is still a bare CR, read as a space.
    mixed = raw.replace(b"Tor fails after", b"Tor fails\rafter")
    message = parse.parse_message(mixed, "k").message
    assert message.subject == "Tor fails after 5 minutes"
    assert message.problems == (parse.BARE_CR_PROBLEM,)
