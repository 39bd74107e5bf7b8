"""Provides ``go_ahead``: before a reply, a forward or an [FT] is written, the warning when
it was done before (another member's claim, the report's marks as the server has them
now, a copy in Sent), naming what happened and when (docs/team-mail.md)."""

from __future__ import annotations

from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark
from hdtui.services.acting import Actions
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.confirm import ConfirmScreen

QUESTION = {DraftKind.REPLY: "Done before: reply anyway?",
            DraftKind.FORWARD: "Done before: forward anyway?",
            DraftKind.FT: "Done before: raise another [FT] anyway?"}


async def go_ahead(flow: Flow, actions: Actions, key: str,
                   kind: DraftKind) -> frozenset[Mark] | None:
    """Ask before writing when this was done before; returns the marks the member was
    told of and accepted (empty when nothing was done), None when they stopped."""
    done = await flow.run(actions.done_before, key, kind)
    flow.changed(flow.triage.row(key))  # the row as the server has it now
    if not done:
        return frozenset()
    if not await flow.ask(ConfirmScreen(QUESTION.get(kind, "Done before: go on?"),
                                        done.text)):
        return None
    return done.marks
