"""Provides ErrorModal: what went wrong and what to do, dismissed with escape or enter;
and ``show_error``, which opens one for a failure the member must act on (one box per
cause). Such a failure is never a toast: a toast goes away after seconds, read or not,
while the member may be looking at the report (docs/layouts.md, "Notices").

A box is modal: it takes every key. Opened while the member types in a form or an editor
(a reply, a note, the issue form, any Input or TextArea), it would take the next key
typed ("q" or enter closed it unread, what came before went nowhere). So ``show_error``
holds such a box, says in a toast that an error waits, and opens it once no form is
open; a box opened then closes with escape only, a key not typed by accident."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll


class ErrorModal(ModalScreen[None]):
    """A dialog showing one HdtuiError."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,enter,q", "dismiss_modal", "Close", id="close-dialog"),
    ]

    def __init__(self, title: str, message: str, escape_only: bool = False) -> None:
        super().__init__()
        self.error_title = title
        self.message = message
        self.escape_only = escape_only
        """Opened when the member may still be typing: enter, q and space do not close it."""

    def compose(self) -> ComposeResult:
        """A title and the message."""
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(literal(self.error_title, "bold"), id="error-title",
                         classes="dialog-title")
            yield Static(Content.styled("escape closes this" if self.escape_only
                                        else "escape or enter closes this", "dim"),
                         classes="dialog-keys")
            with DialogScroll(id="error-scroll"):
                yield Static(literal(self.message), id="error-message")

    def on_mount(self) -> None:
        """A long message scrolls at once."""
        self.query_one(DialogScroll).focus()

    def on_key(self, event: events.Key) -> None:
        """Opened while the member may be typing, only escape closes the box: enter and q,
        typed on by accident, are kept from the close binding (space never closes it;
        the arrows still scroll a long message)."""
        if self.escape_only and event.key in ("enter", "q"):
            event.prevent_default()
            event.stop()

    def action_dismiss_modal(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


HOLD_CHECK = 0.25
"""Seconds between two looks at whether the member has left the form a box waits for."""


class _Held:
    """The boxes held for an app while the member types, and the timer that opens them."""

    def __init__(self) -> None:
        self.boxes: list[tuple[str, str]] = []
        self.timer: Timer | None = None


FIELDS = "Input, TextArea"
"""What a member types in (CSS types: their subclasses match too)."""

_held: WeakKeyDictionary[App[object], _Held] = WeakKeyDictionary()


def typing(app: App[object]) -> bool:
    """Whether the member may be typing: a field or an editor has the focus, or a form
    (a dialog holding one: reply, forward, note, hand-off, issue form) is open, even with
    the focus on its buttons."""
    # Fields found by their CSS type (it matches subclasses: SafeInput, SafeTextArea), so
    # that this module takes no text widget from Textual (tests/test_architecture.py).
    def fields(screen: Screen[object]) -> list[Widget]:
        return [widget for widget in screen.query(FIELDS)
                if not getattr(widget, "read_only", False)]

    focused = app.focused
    if focused is not None and any(widget is focused for widget in fields(app.screen)):
        return True
    return any(isinstance(screen, ModalScreen) and not isinstance(screen, ErrorModal)
               and bool(fields(screen)) for screen in app.screen_stack)


def show_error(app: App[object], title: str, message: str) -> None:
    """Open an ErrorModal for a failure the member must act on (a send that partly
    failed, a change that could not be saved or applied), unless one saying the same is
    open or waiting already: a failure repeated by every worker is one box, not a stack.
    While the member types (``typing``), the box waits for the form to close."""
    if _said(app, title, message):
        return
    if typing(app):
        held = _held.setdefault(app, _Held())
        held.boxes.append((title, message))
        app.notify("An error waits: it opens when you leave this form or field. Nothing "
                   "typed is lost.", title=f"Waiting: {title}", severity="warning",
                   timeout=20, markup=False)
        if held.timer is None:
            held.timer = app.set_interval(HOLD_CHECK, lambda: _release(app))
        _status(app)
        return
    app.push_screen(ErrorModal(title, message))


def _said(app: App[object], title: str, message: str) -> bool:
    """Whether a box saying this is open, or waits."""
    held = _held.get(app)
    return (title, message) in (held.boxes if held else ()) or any(
        isinstance(screen, ErrorModal) and (screen.error_title, screen.message)
        == (title, message) for screen in app.screen_stack)


def _release(app: App[object]) -> None:
    """Open the boxes held, once the member has left the form; escape only closes them
    (the member was typing a moment ago)."""
    held = _held.get(app)
    if held is None or typing(app):
        return
    if held.timer is not None:
        held.timer.stop()
    del _held[app]
    _status(app)
    # The toasts on screen now (the "An error waits" warning, no longer true) are drawn
    # over the box: at 80x24 that warning's 40 cells hid the right half of the box's text
    # for the rest of its 20 s (docs/layouts.md, "Notices").
    app.clear_notifications()
    for title, message in held.boxes:
        app.push_screen(ErrorModal(title, message, escape_only=True))


def waiting(app: App[object]) -> list[tuple[str, str]]:
    """The boxes still held for ``app`` (title, message): each came while the member
    typed, and the member has not left the form since. Said on stderr when the app quits
    with some still waiting (``cli.tell_waiting_errors``): they were lost with it."""
    held = _held.get(app)
    return list(held.boxes) if held else []


def _status(app: App[object]) -> None:
    """The shift bar, on screen above a form, says how many errors wait."""
    from hdtui.ui.widgets.shift_bar import ShiftBar

    held = _held.get(app)
    for screen in app.screen_stack:
        for bar in screen.query(ShiftBar):
            bar.set_errors_waiting(len(held.boxes) if held else 0)


__all__ = ["ErrorModal", "show_error", "typing", "waiting"]
