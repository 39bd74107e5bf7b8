"""Headers the standard library refuses to read as addresses (docs/text-safety.md): an
encoded line break in a From, Cc or Reply-To name made the parse raise twice over, and one
such mail stopped the queue from loading and every command from running (walk27)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.sources.parse import parse_message

MAIL = (Path(__file__).parents[1] / "data" / "bad" / "address-linebreak.eml").read_bytes()


def test_an_encoded_line_break_in_address_names_is_read_as_one_line_and_said() -> None:
    message = parse_message(MAIL, "k").message
    assert str(message.sender) == "Alice <alice@example.org>"
    assert str(message.sender_address) == "alice@example.org"  # a reply still finds the user
    headers = dict(message.headers)
    assert headers["Cc"] == "Bob <bob@example.org>"
    assert "\n" not in headers["Reply-To"] and "\r" not in headers["Reply-To"]
    assert headers["Reply-To"].startswith("Eve Bcc:")  # a name, never a header of its own
    assert {"bad From header: ValueError", "bad Cc header: ValueError",
            "bad Reply-To header: ValueError"} <= set(message.problems)
    assert str(message.subject) == "Tails will not start"


def test_a_malformed_encoded_word_in_a_refused_header_is_kept_as_it_came() -> None:
    raw = MAIL.replace(b"=?utf-8?q?Bob=0D?=", b"=?x-unknown?q?Bob=0D?=")
    message = parse_message(raw, "k").message
    assert dict(message.headers)["Cc"] == "=?x-unknown?q?Bob=0D?= <bob@example.org>"


def test_a_parse_that_fails_anyway_gives_a_row_saying_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The last guard: whatever the standard library raises next, the message is a row of
    its own saying it could not be read, and the queue's load goes on."""
    def refuse(*_: object) -> None:
        raise LookupError("a parser bug not met yet")

    monkeypatch.setattr("hdtui.sources.parse._header_block", refuse)
    message = parse_message(MAIL, "k").message
    assert message.key == "k" and message.size == len(MAIL)
    assert message.problems == ("unparseable message: LookupError",)
