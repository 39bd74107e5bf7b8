"""Provides MailText: text from mail made safe for a terminal, once, where it enters.

Anything a stranger can write (headers, the decrypted body, every report field, debug
sections, attachment names, GitLab issue text) is data. It must never drive the member's
terminal (escape sequences: OSC 52 clipboard writes, OSC 8 links, window titles, a reset),
never reorder what is shown (bidi overrides) and never hide characters (zero-width and
other format characters). ``MailText`` is the type that holds such text after ``clean``;
its only constructor cleans, so a ``MailText`` is safe whatever it was built from.
See docs/text-safety.md for the rules, character class by character class.

Widths here are terminal cells (a CJK letter or an emoji takes two, a combining mark
none), not ``len()``: a cut measured in characters lets wide text spill into the next pane.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hdtui.domain.lazy_pattern import lazy

# C0 controls but tab, line feed and carriage return (a line break, turned into LF
# first); DEL; C1 controls (NEL apart: a line break).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
# Bidi embeddings, overrides and isolates: shown (they are a sign of tampering), never obeyed.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Format characters (Unicode category Cf) other than the bidi ones above, variation
# selectors and emoji skin-tone modifiers: invisible, or of a width that terminals and
# Textual disagree on, so they are removed. Listed by hand: building the class from
# unicodedata at import would cost a scan of every code point at start-up.
_INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2060-\u2065\u206a-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U0001f3fb-\U0001f3ff\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef"
)
# Line breaks other than LF: NEL, line separator, paragraph separator.
_BREAKS = "\x85\u2028\u2029"
# Lone surrogates (undecodable bytes kept by surrogateescape) and non-characters cannot
# be written to a UTF-8 terminal at all.
_BROKEN = "\ud800-\udfff\ufffe\uffff"
_UNSAFE_RE = lazy(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}{_BREAKS}{_BROKEN}]")
_ASCII_SAFE = bytes(range(0x20, 0x7F)) + b"\t\n\r"
"""The ASCII characters ``clean`` keeps (CR is a line break, turned into LF first)."""
_INVISIBLE_RE = lazy(f"[{_INVISIBLE}]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 control pictures: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    if char in _BREAKS:
        return "\n"
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        return "\ufffd"
    if _INVISIBLE_RE().match(char):
        return ""
    return f"<U+{code:04X}>"  # C1 controls and bidi overrides: visible, never obeyed

CONTROL_PROBLEM = "control characters shown as symbols"
"""The problem noted on a message whose text held something ``clean`` changed."""


class MailText(str):
    """Text that came from outside (mail, a report, GitLab), made safe for a terminal.

    Building one cleans its argument (see ``clean``): no control character but tab and
    line feed, no bidi override, no invisible format character, no lone surrogate. Slices
    and other str operations return plain ``str`` that is just as safe; the type marks
    where the text entered.
    """

    __slots__ = ()

    def __new__(cls, text: object = "") -> MailText:
        if type(text) is cls:
            return text
        return super().__new__(cls, _clean(str(text)))


def _clean(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_RE().sub(_visible, text) if _unsafe(text) else text


_PRINTABLE_UNSAFE = tuple(map(chr, range(0xFE00, 0xFE10)))
"""The characters of ``_UNSAFE_RE`` below U+10000 that ``str.isprintable`` accepts (the
variation selectors); above it, the skin-tone modifiers and the variation selectors
supplement. Every other character of the class is unprintable to Python
(tests/unit/test_text.py checks it over every code point)."""


def _unsafe(text: str) -> bool:
    """Whether ``text`` holds a character of ``_UNSAFE_RE``. ASCII text (most mail) is
    checked by deleting the characters it may hold from its bytes, in C: searching a
    report's body with the regex's large class took about 0.2 ms, a good part of parsing
    it (docs/cold-start.md, "Writing the cache"). Other text is first asked, in C,
    whether it is printable but for its tabs and line breaks, holds no variation selector
    and nothing above U+FFFF: then it holds none of the class either, without the regex's
    1-2 ms for a report's body (docs/benchmarks.md, "Session 14: the cold read's
    children"); the regex decides anything else."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _ASCII_SAFE))
    flat = text.replace("\n", "").replace("\t", "").replace("\r", "")
    if flat.isprintable() and not any(c in flat for c in _PRINTABLE_UNSAFE) and \
            len(flat.encode("utf-16-le")) == 2 * len(flat):
        return False
    return _UNSAFE_RE().search(text) is not None


def clean_noting(text: str) -> tuple[MailText, bool]:
    """``clean(text)`` and ``has_unsafe(text)`` from one scan of ``text``: a parse that
    notes ``CONTROL_PROBLEM`` and then keeps the text cleaned read every value twice
    (docs/benchmarks.md, "Session 15: the cold read's children, second step"). CR, which
    ``has_unsafe`` passes over, is not in the class, so the scan after CR LF is turned
    into LF answers for the text as it came."""
    flat = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    unsafe = _unsafe(flat)
    if type(text) is MailText:
        return text, unsafe
    return str.__new__(MailText, _UNSAFE_RE().sub(_visible, flat) if unsafe else flat), unsafe


def clean(text: str) -> MailText:
    """``text`` made safe to show: controls and bidi overrides drawn as visible stand-ins
    (``␛``, ``<U+009B>``, ``<U+202E>``), invisible format characters removed, CR LF,
    NEL and Unicode line separators turned into LF; tab and LF kept."""
    return MailText(text)


def has_unsafe(text: str) -> bool:
    """True if ``text`` holds anything ``clean`` would change (CR apart)."""
    return _unsafe(text)


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal cells ``text`` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(c) for c in text)


def cut(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``width`` cells, ending in ``ellipsis`` when cut."""
    if cells(text) <= width:
        return text
    room = width - cells(ellipsis)
    if room < 0:
        return ""
    used = 0
    for end, char in enumerate(text):
        used += _char_cells(char)
        if used > room:
            return text[:end].rstrip() + ellipsis
    return text  # not reached: the text was wider than ``width``


def pad(text: str, width: int) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells."""
    text = cut(text, width)
    return text + " " * (width - cells(text))


def one_line(text: str, width: int | None = None) -> str:
    """Collapse whitespace to one clean line, cut to ``width`` cells."""
    flat = " ".join(clean(text).split())
    return flat if width is None else cut(flat, width)



NO_TEXT = MailText()
"""The empty MailText (a default for dataclass fields)."""
