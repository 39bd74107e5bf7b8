"""Provides ``edit_note``: the member's personal note on the message under the cursor
(kept on this machine only; allowed in a read-only skim)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.note import NoteScreen

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


async def edit_note(flow: Flow, kept: KeptForm | None = None) -> None:
    """Edit the note; save it when the member does. The note as typed when hdtui last
    ended under the member (``kept``: its message; or found in the store for the message
    under the cursor) opens instead of the saved one, and is forgotten once the note is
    saved; escape leaves it kept (docs/store.md, "Forms kept through a hang-up")."""
    from hdtui.domain.kept_form import FormKind

    store = flow.triage.store
    if kept is None:
        row = flow.current()
        if row is None:
            return
        key = row.key
        kept = await flow.run(store.kept_form, FormKind.NOTE, key)
    else:
        key = kept.key
    saved = flow.triage.note(key)
    text = await flow.ask(NoteScreen(saved if kept is None else kept.text, key, saved))
    if text is None:
        flow.still_kept(kept)
        return
    await flow.run(flow.triage.set_note, key, text)
    if kept is not None:  # saved: what was kept is in the note now
        await flow.run(store.forget_form, FormKind.NOTE, key)
    flow.changed(flow.triage.row(key))
