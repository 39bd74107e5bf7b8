"""Provides ``toggle_shift_mode``: start a read-only skim, or go back to a normal shift
(asking first: a normal shift lets keys write what other members see)."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.widgets.shift_bar import ShiftBar


async def toggle_shift_mode(flow: Flow) -> None:
    """Switch, show the mode in the shift bar and say what it allows. Into a skim needs
    no question (it only takes rights away); out of one asks."""
    read_only = not flow.triage.read_only
    if not read_only and not await flow.ask(ConfirmScreen(
            "End the read-only skim?",
            "A normal shift lets keys change the mailbox (marks, claims), send mail and "
            "write on GitLab, where every member sees it.")):
        flow.say("Still a read-only skim.", "Shift")
        return
    flow.triage.set_read_only(read_only)
    flow.screen.query_one(ShiftBar).set_read_only(read_only)
    flow.screen.refresh_bindings()  # the footer greys what a skim refuses
    flow.app.notify("Read-only skim: no answer is sent and nothing in the mailbox changes; "
                    "new problems can still be reported back (I issue, A alert)." if read_only
                    else "Normal shift: changes are allowed again.", markup=False)
