"""Provides ``edit_note``: the member's personal note on the message under the cursor
(kept on this machine only; allowed in a read-only skim)."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.note import NoteScreen


async def edit_note(flow: Flow) -> None:
    """Edit the note; save it when the member does."""
    row = flow.current()
    if row is None:
        return
    text = await flow.ask(NoteScreen(flow.triage.note(row.key)))
    if text is None:
        return
    await flow.run(flow.triage.set_note, row.key, text)
    flow.changed(flow.triage.row(row.key) or row)
