"""Provides SafeTextArea: the TextArea of the forms (compose, the issue form, the hand-off
note, the auto-reply), whose text is always clean (docs/text-safety.md).

Apart from ``hdtui.ui.safe`` so that the first frame, which has no text area, does not
import Textual's TextArea and its document model (docs/benchmarks.md, "Warm start
imports", session 9). Screens import ``TextArea`` from here, never from
``textual.widgets`` (tests/test_architecture.py checks it).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from hdtui.domain.text import clean

__all__ = ["SafeTextArea"]


class SafeTextArea(TextArea):
    """A TextArea whose text is always clean: loaded, typed, pasted or edited."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(clean(text), **kwargs)

    def load_text(self, text: str) -> None:
        """Replace the whole text, made safe first."""
        super().load_text(clean(text))

    def on_resize(self) -> None:
        """Wrap the lines again once the new size is laid out: Textual wraps them at the
        resize itself, before the dialog's breakpoint styles and the scrollbars settle,
        and the lines then hid their last columns until the form was reopened (80x24 to
        120x40 with the auto-reply open)."""
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        if self.soft_wrap and self.is_attached:
            self._rewrap_and_refresh_virtual_size()
            self.refresh()

    def edit(self, edit: Edit) -> EditResult:
        """Every edit (typing, paste, insert, replace) inserts clean text."""
        edit.text = clean(edit.text)
        return super().edit(edit)
