"""Provides KeptForm: what a member had typed in a form when hdtui ended under them (the
terminal hung up, SIGTERM came, hdtui stopped on an error, or the member left with ctrl+q
or ctrl+c from the form), kept in the member's own
store and offered back at the next start (docs/store.md, "Forms kept through a hang-up").

Replies, forwards and [FT] open in the editor are kept as drafts (``Draft``); the forms
here write nothing anyone else sees until the member confirms, so what they held is kept
as typed and only ever opened again by the member: the hand-off note, a new GitLab issue,
a personal note, the context of a forward, a reminder's words, the auto-reply's new text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a form is read back (``hint_names``): 0.1 s of imports
    # (the redaction's word lists) that a start with no kept form never pays
    from hdtui.domain.issue_draft import IssueDraft

def issue_key(keys: Sequence[str]) -> str:
    """The key an issue form is kept under: its reports, each once, sorted, one a line
    (no message key holds a line break): the same set of reports, in whatever order they
    were tagged, is the same kept issue (docs/store.md, "Forms kept through a hang-up")."""
    return "\n".join(sorted(set(keys)))


PREVIEW_LINES = 6
"""Lines of the kept text the offer shows (the form shows all of it)."""


def hint_names() -> dict[str, Any]:
    """The names KeptForm's annotations use, for hdtui.domain.codec to read one back."""
    from hdtui.domain.issue_draft import IssueDraft

    return {"IssueDraft": IssueDraft}


class FormKind(StrEnum):
    """Which form a kept text comes from."""

    HANDOFF = "handoff"
    """The hand-off note (E, or offered at quit: docs/shift.md)."""
    ISSUE = "issue"
    """A new GitLab issue (I: title, labels and description)."""
    NOTE = "note"
    """A personal note on a message (N)."""
    FORWARD = "forward"
    """The forward form of a message (f: the team, the importance, the workarounds)."""
    REMINDER = "reminder"
    """A reminder on a message (b: when, and a few words why)."""
    AUTO_REPLY = "auto-reply"
    """The auto-reply's new subject and text (its screen: docs/autoreply.md)."""


WHAT = {
    FormKind.HANDOFF: "a hand-off note",
    FormKind.ISSUE: "a new GitLab issue",
    FormKind.NOTE: "a personal note",
    FormKind.FORWARD: "the context of a forward",
    FormKind.REMINDER: "a reminder",
    FormKind.AUTO_REPLY: "the auto-reply's new text",
}
"""Each kind as the offer names it."""


def still_kept(kind: FormKind) -> str:
    """What the member is told when a form opened with what was kept is closed without
    its work done (escape, "no" at its confirmation): the kept text stays as it was (the
    offer said it is kept until saved, sent or thrown away)."""
    return (f"{WHAT[kind].capitalize()} you were writing, as it was kept: offered again at "
            "the next start (throw it away there).")


@dataclass(frozen=True, slots=True)
class KeptForm:
    """The text of one form as it was when hdtui ended; one per kind and message."""

    kind: FormKind
    key: str = ""
    """The message the form is about (a personal note, a forward, a reminder); for a new
    issue its whole set of reports (``issue_key``: an issue kept for some reports is never
    replaced by one typed on others); "" for the hand-off note and the auto-reply."""
    text: str = ""
    """The hand-off note's or the personal note's text."""
    issue: IssueDraft | None = None
    """The issue as the form held it (title, labels, description and what was kept out)."""
    keys: tuple[str, ...] = ()
    """The reports a new issue links once it is created."""
    fields: tuple[tuple[str, str], ...] = ()
    """The other forms' fields by name, as typed (the forward's ``team``, ``importance``
    and ``workarounds``; the reminder's ``delay`` and ``note``; the auto-reply's
    ``subject`` and ``body``)."""
    crashed: bool = False
    """Kept because hdtui stopped on an error, not because the terminal went away."""
    left: bool = False
    """Kept because the member left with ctrl+q or ctrl+c while the form was open (a form
    kept before this field existed reads as False: docs/store.md)."""

    def offer(self, about: str = "") -> str:
        """The question asked at the next start: "You were writing a hand-off note when
        the connection dropped: open it?" (``about``: the message, for a personal note)."""
        what = WHAT[self.kind] + (f" on {about}" if about else "")
        when = "hdtui stopped on an error" if self.crashed else \
            "you left hdtui (ctrl+q or ctrl+c)" if self.left else "the connection dropped"
        return f"You were writing {what} when {when}: open it?"

    def field(self, name: str, default: str = "") -> str:
        """One of ``fields`` (``default`` when it was not kept)."""
        return next((value for found, value in self.fields if found == name), default)

    def preview(self) -> str:
        """The first lines of what was typed, for the offer."""
        if self.issue is not None:
            text = f"Title: {self.issue.title}\n\n{self.issue.description}"
        elif self.fields:
            text = "\n".join(f"{name.capitalize()}: {value}" for name, value in self.fields)
        else:
            text = self.text
        lines = text.strip("\n").split("\n")
        more = len(lines) - PREVIEW_LINES
        shown = "\n".join(lines[:PREVIEW_LINES])
        return shown + (f"\n… ({more} more line{'s' if more > 1 else ''})" if more > 0 else "")
