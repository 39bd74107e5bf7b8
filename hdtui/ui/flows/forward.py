"""Provides ``forward``: the original, unchanged, to a team, with a context block on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.process import reproduction_line
from hdtui.ui.flows.answered import go_ahead
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.forward_form import ForwardFormScreen

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


async def forward(flow: Flow, kept: KeptForm | None = None) -> None:
    """Pick the team and write the context (the forward form), then edit and send; a
    forward kept for this message opens again instead (a kept draft is never replaced).
    The form as it was when hdtui last ended under the member (``kept``: its message; or
    found in the store) opens with what it held, forgotten once the forward is made of
    it (sent, or kept as a draft); escape leaves it kept (docs/store.md, "Forms kept
    through a hang-up")."""
    from hdtui.domain.kept_form import FormKind

    acting = flow.acting("forwarding", key=kept.key if kept is not None else None)
    if acting is None:
        return
    row, actions = acting
    if not actions.teams:
        flow.warn("No teams configured: add [[teams]] to the config.")
        return
    accepted = await go_ahead(flow, actions, row.key, DraftKind.FORWARD)
    if accepted is None:
        return
    store = flow.triage.store
    draft = await flow.run(actions.kept, DraftKind.FORWARD, row.key)
    if draft is not None:  # never replaced by a new one: opened again, as r does
        # A form kept beside it is the one this draft was made from (a hang-up in the
        # editor): the draft holds its context, as edited since.
        await flow.run(store.forget_form, FormKind.FORWARD, row.key)
        await compose(flow, actions, draft, (), f"Forward to {', '.join(draft.to)}",
                      "The forward kept for this message, opened again (ctrl+o lists "
                      "drafts)", accepted)
        return
    problem, reproduction, kept = await flow.run(lambda: (
        actions.problem(row.key), reproduction_line(actions.reproduce_state(row.key)),
        kept or store.kept_form(FormKind.FORWARD, row.key)))
    choice = await flow.ask(ForwardFormScreen([t.name for t in actions.teams], problem,
                                              reproduction, row.key, kept))
    if choice is None:
        flow.still_kept(kept)
        return

    def make() -> Draft:
        context = actions.forward_context(row.key, choice.importance, choice.workarounds)
        return actions.forward(row.key, choice.team, context)

    made = await flow.run(make)
    await compose(flow, actions, made, (), f"Forward to {choice.team}", "", accepted)
    if kept is not None:  # sent, or kept as a draft: the draft holds what the form held
        await flow.run(store.forget_form, FormKind.FORWARD, row.key)
