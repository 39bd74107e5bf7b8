"""Headers the standard library refuses to read as addresses (docs/text-safety.md): an
encoded line break in a From, Cc or Reply-To name made the parse raise twice over, and one
such mail stopped the queue from loading and every command from running (walk27)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.domain.address import parse_address
from hdtui.sources.parse import parse_message

MAIL = (Path(__file__).parents[1] / "data" / "bad" / "address-linebreak.eml").read_bytes()


def test_an_encoded_line_break_in_address_names_is_read_as_one_line_and_said() -> None:
    message = parse_message(MAIL, "k").message
    assert str(message.sender) == "Alice <alice@example.org>"
    assert str(message.sender_address) == "alice@example.org"  # a reply still finds the user
    headers = dict(message.headers)
    assert headers["Cc"] == "Bob <bob@example.org>"
    # A name, never a header of its own, and a reply still goes to the one address.
    assert headers["Reply-To"] == '"Eve Bcc: x@evil.example" <eve@example.org>'
    assert parse_address(headers["Reply-To"], "Reply-To address").addr_spec == \
        "eve@example.org"
    assert {"bad From header: ValueError", "bad Cc header: ValueError",
            "bad Reply-To header: ValueError"} <= set(message.problems)
    assert str(message.subject) == "Tails will not start"


def test_a_malformed_encoded_word_in_a_refused_header_is_kept_as_it_came() -> None:
    raw = MAIL.replace(b"=?utf-8?q?Bob=0D?=", b"=?x-unknown?q?Bob=0D?=")
    message = parse_message(raw, "k").message
    assert dict(message.headers)["Cc"] == "=?x-unknown?q?Bob=0D?= <bob@example.org>"


@pytest.mark.parametrize(("name", "address"), [
    ("Doe,_John", "j@example.org"),  # a comma decoded: still one address
    ("x_<foundations@tails.net>", "attacker@evil.example"),  # an address in the name
    ("[b]bold[/b]", "m@example.org"),
    ("=1B[31mRED", "a@example.org"),
])
def test_what_a_refused_name_decodes_to_stays_in_the_name(name: str, address: str) -> None:
    """review27b: the refused header was decoded before its addresses were split, so a
    comma or an address inside the encoded name became the sender's address ("doe", the
    team's address)."""
    raw = (f"From: =?utf-8?q?{name}=0A?= <{address}>\nTo: support@tails.net\n"
           "Subject: hi\n\nbody\n").encode()
    message = parse_message(raw, "k").message
    assert str(message.sender_address) == address
    assert str(message.sender).endswith(f" <{address}>")
    assert "\n" not in str(message.sender) and "\x1b" not in str(message.sender)


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


def test_an_address_only_an_encoded_word_holds_is_no_address() -> None:
    """review27c: a From whose only address was inside an encoded word (with a line break,
    so refused) was read as that address: a team's, so team mail."""
    raw = (b"From: =?utf-8?q?foundations=40tails.net=0A?=\nTo: support@tails.net\n"
           b"Subject: hi\n\nbody\n")
    message = parse_message(raw, "k").message
    assert str(message.sender_address) == ""
    assert "bad From header: ValueError" in message.problems
