"""Provides DialogScroll: the scrolled text of a dialog, between its title and its line of
keys (docs/layouts.md, "Dialogs at 80x24").

A dialog's text can be longer than the screen (twelve report IDs to link, a hand-off note,
the note of report IDs ``i`` writes): it scrolls, focused when the dialog opens, with the
keys a member tries (down/up, pagedown/pageup, home/end; j/k, ctrl+f/ctrl+b and g/G in the
vim keymap), while the dialog's title and its line of keys stay on screen. The keys a
dialog answers with (y, n, escape, enter) are not the text's: they reach the dialog.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll


class DialogScroll(VerticalScroll):
    """A dialog's text; the keys below scroll it (their ids let a keymap move them)."""

    HELP_WHERE = "dialog text"

    BINDINGS = [Binding(key, action, description, show=False, id=binding_id)
                for key, action, description, binding_id in (
                    ("down", "scroll_down", "Scroll the dialog's text down", "dialog-line-down"),
                    ("up", "scroll_up", "Scroll the dialog's text up", "dialog-line-up"),
                    ("pagedown", "page_down", "Page down in the dialog's text",
                     "dialog-page-down"),
                    ("pageup", "page_up", "Page up in the dialog's text", "dialog-page-up"),
                    ("home", "scroll_home", "The start of the dialog's text", "dialog-top"),
                    ("end", "scroll_end", "The end of the dialog's text", "dialog-end"))]

    DEFAULT_CLASSES = "dialog-scroll"
