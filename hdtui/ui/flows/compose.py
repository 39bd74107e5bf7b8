"""Provides ``compose``: a draft in the editor, then sent or kept, as the member says (the
end of the reply, forward and [FT] flows)."""

from __future__ import annotations

from hdtui.domain.compose import Draft
from hdtui.services.acting import Actions
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.compose import ComposeScreen


async def compose(flow: Flow, actions: Actions, draft: Draft, missing: tuple[str, ...],
                  title: str, why: str = "") -> None:
    """Open the draft in the editor (``why``: which standard reply it was made from and
    why, for its header); send it, or keep it, as the member says."""
    outcome = await flow.ask(ComposeScreen(draft, actions.from_address, missing, title,
                                           keys=actions, why=why))
    if outcome is None:
        return
    if outcome.action == "send":
        await send(flow, actions, outcome.draft)
        return
    await flow.run(actions.keep, outcome.draft)
    flow.say("Draft kept: the same key opens it again; ctrl+o lists kept drafts.",
             "Draft kept")


async def send(flow: Flow, actions: Actions, draft: Draft) -> None:
    """Send a draft (kept if nothing left) and show the message's new state."""
    report = await flow.run(actions.send, draft)
    what = "Sent (demo: NOT sent, see ctrl+o)" if actions.demo_log else "Sent"
    flow.say(f"{what} to {', '.join(report.accepted)}.", "Sent", report.problems)
    flow.changed(flow.triage.row(draft.report_key))
