"""Provides ``record_outcome``: "stop answering" with its reason, or "no reply needed"."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.outcome import OutcomeScreen


async def record_outcome(flow: Flow) -> None:
    """Show the outcome recorded so far; record the one chosen (it sets $HDNoReply)."""
    acting = flow.acting("recording an outcome")
    if acting is None:
        return
    row, actions = acting
    current = await flow.run(actions.outcome, row.key)
    outcome = await flow.ask(OutcomeScreen(current))
    if outcome is None:
        return
    changed = await flow.run(actions.record_outcome, row.key, outcome)
    flow.say(f"Outcome recorded: {outcome.label}.", "Outcome",
             tuple(actions.take_shared_problems()))  # shared with the team? (docs/shift.md)
    flow.changed(changed)
