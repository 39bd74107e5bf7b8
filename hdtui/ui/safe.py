"""Provides literal(): text from mail made safe to show, never markup or escapes.

Mail text is data. Everything shown from a message goes through ``literal`` (for
Textual Content) so that ``[bold]`` stays brackets and an ESC byte is drawn as a
visible symbol instead of reaching the terminal.
"""

from __future__ import annotations

from textual.content import Content

from hdtui.domain.text import clean, one_line

__all__ = ["clean", "literal", "one_line"]


def literal(text: str, style: str = "") -> Content:
    """Content that shows ``text`` exactly, never parsed as markup."""
    return Content.styled(clean(text), style) if style else Content(clean(text))
