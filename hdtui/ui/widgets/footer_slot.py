"""Provides FooterSlot: the main screen's footer line, its keys mounted after the first frame.

Textual's footer shows no key in the frame it is mounted in: it composes its keys once the
screen first says which bindings it has, a refresh later. So the main screen's first frame
showed an empty footer line, and yet paid for the footer's module (Textual's ``_footer``
and hdtui's ``FittedFooter``), its CSS and its mount: about 19 million instructions of a
warm start's first frame at 120x40 (docs/benchmarks.md, "Session 29: warm first rows").
FooterSlot draws the same empty line (the footer's height and background, from
``app.tcss``) and mounts the ``FittedFooter`` into itself once that frame is drawn, at
once asking it to show the screen's keys (the screen said which bindings it has before
the footer was there to hear it). The keys are the footer's, with their ids and the
keymap's keys, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

if TYPE_CHECKING:
    from hdtui.ui.widgets.fitted_footer import FittedFooter


class FooterSlot(Widget):
    """The footer's line; the footer itself mounted in it after the first frame."""

    def __init__(self) -> None:
        super().__init__(id="footer-slot")
        self.footer: FittedFooter | None = None
        """The footer, once mounted."""

    def on_mount(self) -> None:
        """Mount the footer once the first frame is drawn."""
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        from hdtui.ui.widgets.fitted_footer import FittedFooter

        if not self.is_attached:  # the app closed before its first refresh
            return
        footer = FittedFooter()
        self.footer = footer
        await self.mount(footer)
        # From the footer's own messages: the keys it composes are bound to its data
        # (Textual binds them to the widget whose message is being handled).
        footer.call_later(footer.bindings_changed, self.screen)
