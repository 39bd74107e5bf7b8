"""Provides ``without_markup``: a text without terminal escape sequences and console
markup tags, before its words are cut (docs/matching.md, "Escapes and markup are no
words").

Mail is shown as it came, an escape's ESC drawn as ``␛`` and a ``[bold red]`` tag as its
characters (docs/text-safety.md), but neither is a user's word: a subject written
``␛[31mred␛[0m [bold red]alert[/bold red]`` says "red alert", not "0m", "31mred" and
"bold". Matching and the counting read words only through ``terms.term_words``, which
calls this first; the text shown is never changed. Pure.
"""

from __future__ import annotations

import re

_ESC = "(?:\x1b|\u241b)"
"""An ESC as it came, or as ``domain.text.clean`` draws it (U+241B)."""
_C1 = "(?:{c}|<U\\+00{h}>)"
"""A C1 control as it came, or as ``clean`` writes it."""
_CSI = f"(?:{_ESC}\\[|{_C1.format(c=chr(0x9B), h='9B')})"
_OSC = f"(?:{_ESC}\\]|{_C1.format(c=chr(0x9D), h='9D')})"
_ST = f"(?:\x07|\u2407|{_ESC}\\\\|{_C1.format(c=chr(0x9C), h='9C')})"
_ESCAPES_RE = re.compile(
    # A control sequence: parameters, intermediates, a final byte (ECMA-48).
    f"{_CSI}[0-?]*[ -/]*[@-~]?"
    # An operating system command (a title, a hyperlink) up to its terminator, or to
    # the end of the line when it has none.
    f"|{_OSC}.*?(?:{_ST}|$)"
    # Anything else after an ESC (a broken sequence, a charset's "(B"): no word.
    f"|{_ESC}\\S*",
    re.MULTILINE)
_STYLE = (
    r"(?:not\s+)?(?:bold|b|dim|d|italic|i|underline2?|uu?|blink2?|reverse|r|conceal|c"
    r"|strike|s|frame|encircle|overline|o|default|none|reset"
    r"|(?:bright_)?(?:black|red|green|yellow|blue|magenta|cyan|white)"
    r"|gr[ae]y\d{0,3}|#[0-9a-f]{6}|#[0-9a-f]{3}|color\(\d{1,3}\)"
    r"|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)|\$[a-z][\w-]*(?:\s+\d{1,3}%)?"
    r"|on|link(?:=[^\[\]\s]*+)?)")
"""One word of a Rich or Textual style: an attribute (and its one-letter form), a colour
(a name of the eight and their bright forms, grey levels, hex, rgb(), color(n)), a theme
variable (``$accent 50%``), ``on`` before a background, a link (its address has no space
and no bracket)."""
_WORD = rf"{_STYLE}(?=[\s\]])"
"""A style's whole word: ``r`` is no word of ``[red]``."""
_MARKUP_RE = re.compile(
    r"\[(?:"
    rf"/?{_WORD}(?:\s++{_WORD})*+\]"  # [bold red], [/bold red], [on $panel], [link=…]
    r"|/\]"  # the closing tag of the last style
    r"|@[a-z][^\[\]\n]*+\])")  # an action: [@click=app.quit]
"""A markup tag of Rich or Textual, in lower case as they are written (matching any case
took three times as long over a report's journal). Only tags of styles, links and
actions: ``[sudo]``, ``[Errno 2]`` or a journal's ``[ 12.345]`` are the text's own.

Its time is linear in the text, whatever the text (mail is anyone's): no word of a tag
can hold a ``[``, so a try that starts at one ``[`` ends before the next one, and a
word (whole, up to a space or the ``]``) matches in one way only, kept (``*+``,
``++``) so that a tag that does not close is not tried again word by word. Before, a
link's address could hold spaces and brackets: ``"[link=a" + " link=a" * 24`` with no
``]`` took 7 s, ``"[link=a" * 20000`` 45 s (docs/matching.md)."""


def without_markup(text: str) -> str:
    """``text`` with terminal escape sequences and console markup tags replaced by a
    space, so that what they held is no word and the words around them stay apart; the
    same ``text`` object when it has neither (most text: checked without a regex)."""
    if "\x1b" in text or "\u241b" in text or "<U+009" in text or "\x9b" in text \
            or "\x9d" in text:
        text = _ESCAPES_RE.sub(" ", text)
    if "[" in text:
        text = _MARKUP_RE.sub(" ", text)
    return text
