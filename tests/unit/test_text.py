"""MailText: the one boundary where mail text is made safe for a terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from hdtui.domain import text as text_module
from hdtui.domain.codec import from_data, to_data
from hdtui.domain.issue import KnownIssue
from hdtui.domain.message import Message
from hdtui.domain.text import (
    MailText,
    cells,
    clean,
    clean_noting,
    cut,
    has_unsafe,
    one_line,
    pad,
)


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]52;c;Zm9v\x07", "\u241b]52;c;Zm9v\u2407"),       # OSC 52: ESC and BEL pictured
    ("\x1bc", "\u241bc"),                                    # RIS
    ("\x9b2J", "<U+009B>2J"),                                # C1 CSI
    ("\x9d0;t\x9c", "<U+009D>0;t<U+009C>"),                  # C1 OSC and ST
    ("a\x7fb", "a\u2421b"),                                  # DEL
    ("\u202eevil\u202c", "<U+202E>evil<U+202C>"),            # bidi override: visible
    ("\u2067iso\u2069", "<U+2067>iso<U+2069>"),              # bidi isolate: visible
    ("a\u200bb\u200dc\u2060d\ufeffe\u00adf", "abcdef"),      # zero-width and format: removed
    ("r\u200el\u200fm\u061c", "rlm"),                        # bidi marks: removed
    ("\u2764\ufe0f \U0001f44d\U0001f3fd", "\u2764 \U0001f44d"),  # VS16, skin tone: removed
    ("tag\U000e0041\U000e007f", "tag"),                      # Unicode tag characters
    ("a\r\nb\rc\x85d\u2028e\u2029f", "a\nb\nc\nd\ne\nf"),   # every line break is LF
    ("bad \udcff surrogate \uffff", "bad \ufffd surrogate \ufffd"),
    ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
    ("日本語 é [bold]x[/]", "日本語 é [bold]x[/]"),       # letters and markup: data
])
def test_clean_makes_every_class_of_character_safe(raw: str, shown: str) -> None:
    assert clean(raw) == shown
    assert not has_unsafe(clean(raw))
    assert clean(clean(raw)) == clean(raw)  # idempotent: cleaning twice changes nothing


@pytest.mark.parametrize("raw", [
    "", "plain report", "a\r\nb\rc", "\x1b]52;c;Zm9v\x07", "\x9b2J", "\u202eevil",
    "a\u200bb", "r\u200el", "\u2764\ufe0f", "tag\U000e0041", "x\x85y\u2028z",
    "bad \udcff", "日本語 é [bold]x[/]", "\r\x1b\r\n", "écran noir\r\n",
    MailText("a\x1b[2Jb"), MailText("clean"),
])
def test_clean_noting_is_clean_and_has_unsafe_in_one(raw: str) -> None:
    # One scan for both (docs/benchmarks.md, "Session 15: the cold read's children,
    # second step"): the same text and the same answer as the two calls.
    cleaned, unsafe = clean_noting(raw)
    assert cleaned == clean(raw) and type(cleaned) is MailText
    assert unsafe is has_unsafe(raw)
    if type(raw) is MailText:
        assert cleaned is raw


def test_mailtext_is_clean_whatever_it_is_built_from() -> None:
    text = MailText("a\x1b[2Jb")
    assert text == "a\u241b[2Jb" and isinstance(text, MailText)
    assert MailText(text) is text
    assert MailText(b"x".decode()) == "x"


def test_every_c0_and_c1_control_is_replaced() -> None:
    controls = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
    shown = clean(controls)
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in shown)
    assert not any(0x7F <= ord(c) <= 0x9F for c in shown)


def test_ascii_text_is_checked_character_by_character() -> None:
    # ASCII text takes a path of its own (bytes, not the regex): each control found in a
    # report's text, and nothing else.
    for code in range(0x80):
        char = chr(code)
        text = f"Tails 7.5 report{char}with words"
        unsafe = (code < 0x20 and char not in "\t\n\r") or code == 0x7F
        assert has_unsafe(text) is unsafe, hex(code)
        assert (clean(text) != text) is (unsafe or char == "\r"), hex(code)
        assert not has_unsafe(clean(text))


def test_other_text_is_checked_for_every_code_point() -> None:
    # Text that is not ASCII takes the printable check before the regex: it holds on only
    # if every character of the regex's class is unprintable to Python but the variation
    # selectors (or lies above U+FFFF, where the regex decides).
    printable = [c for c in map(chr, range(0x80, 0x110000))
                 if c.isprintable() and text_module._UNSAFE_RE().match(c)]
    assert all(c in text_module._PRINTABLE_UNSAFE or ord(c) > 0xFFFF for c in printable)
    for char in ["\u00a0", "\u0600", "\u200b", "\u2028", "\u2066", "\ufe0f", "\ufeff",
                 "\uffff", "\U0001f3fb", "\U000e0100", "\U0001f44d", "é"]:
        text = f"écran noir\tà {char} l'arrêt\r\n"
        assert has_unsafe(text) is (text_module._UNSAFE_RE().search(text) is not None), char


def test_printable_text_that_is_not_ascii_skips_the_regex(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The regex's large class took 1-2 ms on a report's body (docs/benchmarks.md,
    # "Session 14: the cold read's children"): text it would find nothing in is not
    # searched, text with something to clean still is.
    searched: list[str] = []
    pattern = text_module._UNSAFE_RE()

    class Counting:
        def search(self, text: str) -> re.Match[str] | None:
            searched.append(text)
            return pattern.search(text)

        def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
            return pattern.sub(repl, text)

    monkeypatch.setattr(text_module, "_UNSAFE_RE", Counting)
    body = "Écran noir après le démarrage\n\tlspci: Contrôleur réseau 日本語\r\n" * 50
    assert not has_unsafe(body)
    assert clean(body) == body.replace("\r\n", "\n")
    assert searched == []
    assert has_unsafe(body + "\u202e") and has_unsafe(body + "\u00a0\x85")
    assert has_unsafe("émoji \U0001f44d\U0001f3fd") and has_unsafe("é\u2764\ufe0f")
    assert len(searched) == 4


def test_widths_are_terminal_cells() -> None:
    assert cells("abc") == 3
    assert cells("日本語") == 6
    assert cells("e\u0301") == 1  # a combining accent takes no cell
    assert cells("\U0001f600") == 2
    assert cut("日本語のレポート", 7) == "日本語…"
    assert cells(cut("日本語のレポート", 7)) <= 7
    assert cut("abc", 3) == "abc" and cut("abcd", 3) == "ab…"
    assert pad("日本", 5) == "日本 " and cells(pad("日本語のレポート", 5)) == 5
    assert one_line("a\n\tb\x1b", 10) == "a b\u241b"


@pytest.mark.parametrize("width", range(0, 12))
def test_a_cut_never_exceeds_its_width(width: int) -> None:
    for text in ("日本語のレポート", "ab日c本d", "\U0001f600x\U0001f600", "plain text"):
        assert cells(cut(text, width)) <= width
        assert cells(pad(text, width)) == width


def test_cached_messages_from_before_the_boundary_are_cleaned_on_the_way_in() -> None:
    """A report cached by an earlier version holds raw escapes: decoding cleans them."""
    old = {"key": "k", "subject": "s\x1bc", "text": "body \x1b]52;c;eA==\x07",
           "headers": [["From", "x\x9by"]], "references": ["<r\u202e>"]}
    message = from_data(Message, json.loads(json.dumps(old)))
    assert isinstance(message.subject, MailText)
    assert message.subject == "s\u241bc" and "\x1b" not in message.text
    assert message.headers == (("From", "x<U+009B>y"),)
    assert from_data(Message, to_data(message)) == message


def test_issue_text_from_gitlab_is_mail_text() -> None:
    from hdtui.tracker.static import issue_from_rest

    issue = issue_from_rest({"iid": 1, "title": "t\x1b]0;x\x07", "description": "\u202ed",
                             "labels": ["l\x1b"]})
    assert isinstance(issue, KnownIssue)
    assert issue.title == "t\u241b]0;x\u2407" and issue.description == "<U+202E>d"
    assert issue.labels == ("l\u241b",)
