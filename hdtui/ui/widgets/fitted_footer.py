"""Provides FittedFooter: Textual's footer showing only the keys that fit whole.

Textual's Footer lays its keys in a row that scrolls sideways: at 80 columns the last key
that does not fit is cut by the command palette's key (``/ F▏^p palette``) and the keys
after it are out of sight. FittedFooter hides the keys that do not fit whole instead, the
most important kept (docs/layouts.md): the help key (``?``, every key of the screen), then
the palette's key, then the keys that apply now in the footer's order (the focused
widget's first, then the screen's, then the app's), then the greyed ones
(``hdtui/ui/applicable.py``). A hidden key still works, and the help lists it.

Textual's footer composes its keys again each time the screen says its bindings may
have changed (a focus, a row under the cursor, the services ready): about nine times
while a warm start read the queue at 100,000 messages, 16-30 ms of the UI thread each,
most of them to show the same keys (docs/benchmarks.md, "Session 10"). This one composes
them again once for the signals of one refresh, and only when what it would show
changed.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEPT_FIRST = ("show-help",)
"""Ids of the bindings shown before any other, whatever the width."""


class FittedFooter(Footer):
    """A footer whose keys are all whole: what does not fit is hidden."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._due = False
        """A look at the bindings is waiting for the next refresh."""
        self._shown: tuple[object, ...] | None = None
        """What the keys were composed from (``_situation``), None before."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """The screen's bindings may have changed: after the next refresh, the keys are
        composed again if what they show changed (one look for every signal until
        then)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._due = False
        if not self.is_attached:  # its screen was closed meanwhile (escape from a dialog)
            return
        situation = self._situation()
        if situation != self._shown:
            self._shown = situation
            await self.recompose()

    def _situation(self) -> tuple[object, ...]:
        """What the keys show: each active binding (its key, description, group...),
        whether it applies now and why not (the tooltip), in order."""
        return tuple((active.binding, active.enabled, active.tooltip)
                     for active in self.screen.active_bindings.values())

    async def recompose(self) -> None:
        """Compose the keys anew (the bindings changed), then fit them."""
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        """Fit the keys to the new width."""
        self.fit()

    def fit(self) -> None:
        """Show the keys that fit whole, most important first; hide the others."""
        items = list(self.children)
        if not items or not self.size.width:
            return
        left = self.size.width
        # The screen's bindings once per fit: each reading of them builds the binding
        # chain and judges every key (hdtui/ui/applicable.py), and the warm start's
        # first fits ran while the whole queue was read (docs/benchmarks.md, "Session 9,
        # second step").
        first = {key for key, active in self.screen.active_bindings.items()
                 if active.binding.id in KEPT_FIRST}
        for item in sorted(items, key=lambda item: self._rank(item, first)):
            width = self._width(item)
            item.display = width <= left
            if item.display:
                left -= width

    @staticmethod
    def _rank(item: Widget, first: set[str]) -> int:
        """0 for a key kept first (``first``: their keys), 1 the palette's, 2 a key that
        applies now, 3 the others."""
        if not isinstance(item, FooterKey):
            return 3
        if item.key in first:
            return 0
        if item.has_class("-command-palette"):
            return 1
        return 2 if not item.has_class("-disabled") else 3

    def _width(self, item: Widget) -> int:
        """Cells ``item`` takes in the row: its content, padding, border and margins."""
        content = item.get_content_width(self.size, self.app.size)
        return content + item.styles.gutter.width + item.styles.margin.width
