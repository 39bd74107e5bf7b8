"""Provides ``reproduce``: the reproduce checklist of the message under the cursor, its
30-minute attempt counted down in the shift bar."""

from __future__ import annotations

from hdtui.domain.process import reproduction_line
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.checklist import ReproduceScreen
from hdtui.ui.widgets.shift_bar import ShiftBar


async def reproduce(flow: Flow) -> None:
    """Open the checklist as last kept; keep what the member did with it."""
    acting = flow.acting("running the reproduce checklist")
    if acting is None:
        return
    row, actions = acting
    kept = await flow.run(actions.reproduce_state, row.key)
    state = await flow.ask(ReproduceScreen(kept))
    if state is None:
        return
    flow.screen.query_one(ShiftBar).set_countdown(state.deadline if state.running else None,
                                                  (row.report_id or "")[:8] or row.summary)
    await flow.run(actions.save_reproduce, row.key, state)
    if state.result is not None:
        flow.say(f"Kept with the report: {reproduction_line(state)}.", "Reproduce checklist",
                 tuple(actions.take_shared_problems()))  # shared with the team? (docs/shift.md)
