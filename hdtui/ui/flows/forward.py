"""Provides ``forward``: the original, unchanged, to a team, with a context block on top."""

from __future__ import annotations

from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.process import reproduction_line
from hdtui.ui.flows.answered import go_ahead
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.forward_form import ForwardFormScreen


async def forward(flow: Flow) -> None:
    """Pick the team and write the context (the forward form), then edit and send; a
    forward kept for this message opens again instead (a kept draft is never replaced)."""
    acting = flow.acting("forwarding")
    if acting is None:
        return
    row, actions = acting
    if not actions.teams:
        flow.warn("No teams configured: add [[teams]] to the config.")
        return
    accepted = await go_ahead(flow, actions, row.key, DraftKind.FORWARD)
    if accepted is None:
        return
    kept = await flow.run(actions.kept, DraftKind.FORWARD, row.key)
    if kept is not None:  # never replaced by a new one: opened again, as r does
        await compose(flow, actions, kept, (), f"Forward to {', '.join(kept.to)}",
                      "The forward kept for this message, opened again (ctrl+o lists "
                      "drafts)", accepted)
        return
    problem, reproduction = await flow.run(lambda: (
        actions.problem(row.key), reproduction_line(actions.reproduce_state(row.key))))
    choice = await flow.ask(ForwardFormScreen([t.name for t in actions.teams], problem,
                                              reproduction))
    if choice is None:
        return

    def make() -> Draft:
        context = actions.forward_context(row.key, choice.importance, choice.workarounds)
        return actions.forward(row.key, choice.team, context)

    draft = await flow.run(make)
    await compose(flow, actions, draft, (), f"Forward to {choice.team}", "", accepted)
