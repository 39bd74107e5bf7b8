"""Provides ``raise_ft``: raise the report to the Foundations Team, [FT] on the bugs list."""

from __future__ import annotations

from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.process import reproduction_line
from hdtui.ui.flows.answered import cleared
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow


async def raise_ft(flow: Flow) -> None:
    """A reply on the bugs list with [FT] in the subject, with the reproduction result; in
    the editor, then sent or kept."""
    ready = await cleared(flow, "raising a report with [FT]", DraftKind.FT)
    if ready is None:
        return
    row, actions, accepted = ready

    def make() -> Draft:
        kept = actions.kept(DraftKind.FT, row.key)
        if kept is not None:
            return kept
        state = actions.reproduce_state(row.key)
        body = (f"Hi FT,\n\nRaising this report: {row.summary}\n"
                f"Reproduction: {reproduction_line(state)}\n\n"
                "Why it needs you: \n")
        return actions.ft(row.key, body)

    draft = await flow.run(make)
    await compose(flow, actions, draft, (), "[FT] on the bugs list", "", accepted)
