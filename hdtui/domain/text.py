"""Provides clean(): mail text made safe to print, control characters made visible."""

from __future__ import annotations

import re

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 control pictures: ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """Replace control characters (ESC, C1, bidi overrides) with visible stand-ins."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub(_picture, text)


def one_line(text: str, width: int | None = None) -> str:
    """Collapse whitespace to one clean line, cut to ``width`` characters."""
    flat = " ".join(clean(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat
