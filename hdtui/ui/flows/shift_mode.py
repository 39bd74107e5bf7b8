"""Provides ``toggle_shift_mode``: start a read-only skim, or go back to a normal shift."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow
from hdtui.ui.widgets.shift_bar import ShiftBar


async def toggle_shift_mode(flow: Flow) -> None:
    """Switch, show the mode in the shift bar and say what it allows."""
    read_only = not flow.triage.read_only
    flow.triage.set_read_only(read_only)
    flow.screen.query_one(ShiftBar).set_read_only(read_only)
    flow.screen.refresh_bindings()  # the footer greys what a skim refuses
    flow.app.notify("Read-only skim: no answer is sent and nothing in the mailbox changes; "
                    "new problems can still be reported back (I issue, A alert)." if read_only
                    else "Normal shift: changes are allowed again.", markup=False)
