"""Provides QuitQuestion: quitting a normal shift offers the hand-off note, with three
answers (docs/shift.md): write it then quit, quit without one, or stay."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.ui.keys import display_keys
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll

QUESTION = "Write a hand-off note before you go?"

ANSWERS = (("quit-with-note", "y,enter", "write it, then quit"),
           ("quit-without-note", "n", "quit without one"),
           ("stay-not-quit", "escape", "stay"))
"""The dialog's answers: binding id, default keys, what the line of keys says. Escape
stays: a yes/no confirmation read escape as no, and no quit, so escape (the key that backs
out of every dialog) left hdtui."""


def keys_line(keymap: Mapping[str, str]) -> str:
    """The dialog's own line of keys, as the member's keymap binds them ("y or enter:
    write it, then quit · n: quit without one · escape: stay" by default)."""
    return " · ".join(f"{display_keys(keymap.get(binding_id, keys)).replace(', ', ' or ')}: "
                      f"{what}" for binding_id, keys, what in ANSWERS)


def body(claims_held: int) -> str:
    """What the question says under it: who reads the note, and the claims this member
    still holds (other members see those messages as taken until they are released)."""
    text = "The next member reads it at the start of their shift."
    if claims_held:
        text += (f"\nYou still hold {claims_held} claim{'s' if claims_held > 1 else ''}: "
                 "other members see those messages as taken (the note lists them).")
    return text


class QuitQuestion(ModalScreen[bool | None], inherit_bindings=False):
    """Dismissed with True (write the note, then quit), False (quit without one) or None
    (stay: back to the queue)."""

    CSS_PATH = DIALOGS_CSS
    HELP_WHERE = "quit question"

    BINDINGS = [
        Binding(ANSWERS[0][1], "answer(True)", "Write the note, then quit",
                id=ANSWERS[0][0]),
        Binding(ANSWERS[1][1], "answer(False)", "Quit without a note", id=ANSWERS[1][0]),
        Binding(ANSWERS[2][1], "stay", "Stay (do not quit)", id=ANSWERS[2][0]),
    ]

    def __init__(self, claims_held: int = 0) -> None:
        super().__init__()
        self.claims_held = claims_held
        """How many messages this member still holds a claim on (said in the question)."""

    def compose(self) -> ComposeResult:
        """The question, what the note is for, the claims still held and the keys (the ids
        of the yes/no confirmation's parts: the same look)."""
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(literal(QUESTION, "bold"), id="confirm-title",
                         classes="dialog-title")
            keymap = getattr(self.app, "keymap", None)
            yield Static(Content.styled(keys_line(keymap if isinstance(keymap, dict) else {}),
                                        "dim"), id="confirm-keys", classes="dialog-keys")
            with DialogScroll(id="confirm-scroll"):
                yield Static(literal(body(self.claims_held)), id="confirm-body")

    def on_mount(self) -> None:
        """The text scrolls at once (the keys line stays below it)."""
        self.query_one(DialogScroll).focus()

    def action_answer(self, write: bool) -> None:
        """Quit, with the note first or without it."""
        self.dismiss(write)

    def action_stay(self) -> None:
        """Back to the queue, nothing quit."""
        self.dismiss(None)
