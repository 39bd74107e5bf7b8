"""Provides ``go_ahead``: before a reply, a forward or an [FT] is written, the warning when
it was done before (another member's claim, the report's marks as the server has them
now, a copy in Sent), naming what happened and when (docs/team-mail.md); and ``cleared``:
the checks every writing flow starts with, then that warning."""

from __future__ import annotations

from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark
from hdtui.domain.queue import Row
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


async def cleared(flow: Flow, what: str, kind: DraftKind
                  ) -> tuple[Row, Actions, frozenset[Mark]] | None:
    """The message to write about, the actions and what the member accepted that was done
    before, once ``flow.acting(what)`` allows it and ``go_ahead`` did not stop; None
    otherwise (the member was told why)."""
    acting = flow.acting(what)
    if acting is None:
        return None
    row, actions = acting
    accepted = await go_ahead(flow, actions, row.key, kind)
    return None if accepted is None else (row, actions, accepted)
