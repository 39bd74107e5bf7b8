"""Provides the only ways text reaches a widget: literal Content, SafeInput (and, in
``hdtui.ui.safe_text_area``, SafeTextArea).

Mail text is data. It is made safe once where it enters the domain (``MailText``,
docs/text-safety.md); the widgets here clean what they are given once more, so that a
string built by a later feature (or typed or pasted by the member) can never carry an
escape sequence to the terminal or be read as Textual markup. Screens import ``Input``
from here and ``TextArea`` from ``hdtui.ui.safe_text_area``, never from
``textual.widgets`` (tests/test_architecture.py checks it).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Input

from hdtui.domain.text import clean, one_line

__all__ = ["SafeInput", "clean", "literal", "one_line", "single_line"]

TAB_SIZE = 4


def literal(text: str, style: str = "") -> Content:
    """Content that shows ``text`` exactly, never parsed as markup, controls made visible
    and tabs expanded (a raw tab moves the terminal's cursor past cells Textual drew)."""
    safe = clean(text).expandtabs(TAB_SIZE)
    return Content.styled(safe, style) if style else Content(safe)


def notice_line(title: str, text: str) -> str:
    """A titled notice as one line: the title, then the text's lines joined by " · "."""
    parts = [single_line(title)] if title.strip() else []
    parts += [single_line(line) for line in text.splitlines() if line.strip()]
    return " · ".join(part.strip() for part in parts)


def single_line(text: str) -> str:
    """``text`` as one line an Input can hold: clean, line breaks and tabs as spaces."""
    return clean(text).replace("\n", " ").replace("\t", " ")


class SafeInput(Input):
    """An Input whose value is always clean, one line (whoever set it)."""

    def validate_value(self, value: str) -> str:
        """Every value set, typed or pasted, is made safe first."""
        return single_line(value)

