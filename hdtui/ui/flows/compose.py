"""Provides ``compose``: a draft in the editor, then sent or kept, as the member says (the
end of the reply, forward and [FT] flows)."""

from __future__ import annotations

from hdtui.domain.compose import Draft
from hdtui.domain.marks import Mark
from hdtui.errors import AnsweredMeanwhile
from hdtui.services.acting import Actions
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.compose import ComposeScreen
from hdtui.ui.screens.confirm import ConfirmScreen


async def compose(flow: Flow, actions: Actions, draft: Draft, missing: tuple[str, ...],
                  title: str, why: str = "", accepted: frozenset[Mark] = frozenset(),
                  gone: str = "") -> None:
    """Open the draft in the editor (``why``: which standard reply it was made from and
    why, for its header; ``gone``: why its report is no longer in the mailbox); send it,
    or keep it, as the member says. ``accepted``: what was done before that the member
    was told of (``go_ahead``)."""
    outcome = await flow.ask(ComposeScreen(draft, actions.from_address, missing, title,
                                           keys=actions, why=why, gone=gone,
                                           cannot_send=actions.send_problem))
    if outcome is None:
        return
    if outcome.action == "send":
        await send(flow, actions, outcome.draft, accepted)
        return
    await flow.run(actions.keep, outcome.draft)
    flow.say("The same key opens it again; ctrl+o lists kept drafts.", "Draft kept")


async def send(flow: Flow, actions: Actions, draft: Draft,
               accepted: frozenset[Mark] = frozenset()) -> None:
    """Send a draft (kept if nothing left) and show the message's new state. Answered
    meanwhile by another member or client: nothing was sent, the draft is kept, and the
    member says whether to send it anyway (docs/team-mail.md)."""
    try:
        report = await flow.run(actions.send, draft, accepted)
    except AnsweredMeanwhile as error:
        flow.changed(flow.triage.row(draft.report_key))
        if not await flow.ask(ConfirmScreen("Answered meanwhile: send anyway?",
                                            error.message)):
            flow.say("Not sent. Your draft is kept: the same key opens it again; ctrl+o "
                     "lists kept drafts.", "Draft kept")
            return
        report = await flow.run(actions.send, draft, accepted | error.marks)
    what = "Sent (demo: NOT sent, see ctrl+o)" if actions.demo_log else "Sent"
    flow.say(f"{what} to {', '.join(report.accepted)}.", "Sent", report.problems)
    flow.changed(flow.triage.row(draft.report_key))
