"""Provides PickScreen: choose one of a few options (a team to alert, with the text that
will leave: nothing is sent without a preview; or what to do instead of a reply)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hdtui.ui.fetch_again import NOT_HERE
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll

SHORT = 9
"""A picker of at most this many options does not wrap: down on its last option stays
there (in a two-option picker, down down landed back on the first, a link, and enter
linked)."""


class ShortOptionList(OptionList):
    """An OptionList whose cursor stops at either end instead of wrapping."""

    def action_cursor_down(self) -> None:
        """The next option; none after the last."""
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """The option before; none before the first."""
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()


class PickScreen(ModalScreen[str | None]):
    """Options by name; enter picks the one under the cursor, escape cancels. The preview
    shows exactly what will be sent to whichever is picked."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,q", "cancel_pick", "Cancel", id="cancel-pick"),
        Binding("f5", "fetch_not_here", "Why F5 does not count here", show=False,
                id="pick-f5"),
    ]

    def __init__(self, title: str, options: Sequence[str], preview: str = "",
                 hint: str = "enter sends to the one under the cursor · escape cancels",
                 preview_heading: str = "This will be sent:") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.preview = preview
        self.preview_heading = preview_heading
        self.hint = hint

    def compose(self) -> ComposeResult:
        """Title, preview, options, the keys; a long preview scrolls (Tab reaches it) and
        leaves the options and the keys on screen (docs/layouts.md, "Dialogs at 80x24")."""
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Static(literal(self.title_text, "bold"), classes="dialog-title")
            yield Static(Content.styled(self.hint, "dim"), classes="dialog-keys")
            if self.preview:
                with DialogScroll(id="pick-preview-scroll"):
                    yield Static(Content.assemble((f"{self.preview_heading}\n", "dim"),
                                                  literal(self.preview)), id="pick-preview")
            kind = ShortOptionList if len(self.options) <= SHORT else OptionList
            yield kind(*(Option(literal(o), id=str(n))
                         for n, o in enumerate(self.options)), id="pick-options")

    def on_mount(self) -> None:
        """Choose at once."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the option picked."""
        event.stop()
        self.dismiss(self.options[event.option_index])

    def action_cancel_pick(self) -> None:
        """Return nothing."""
        self.dismiss(None)

    def action_fetch_not_here(self) -> None:
        """F5 over a pick says where it counts again (walk24: it did nothing)."""
        self.notify(NOT_HERE, timeout=5)
