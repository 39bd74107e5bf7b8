"""Provides ``show_outbox``: what waits to leave this machine (mark changes made offline,
kept drafts, in the demo what would have been sent) and what was written to GitLab (notes,
links, issues); a kept draft is opened again in the
editor, to send or keep, or deleted after a confirmation."""

from __future__ import annotations

from hdtui.domain.compose import Draft
from hdtui.domain.gitlab_write import GitLabWrite
from hdtui.domain.marks import MarkChange
from hdtui.services.ports import SentItem
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.outbox import KIND_WORDS, OutboxScreen, draft_line


async def show_outbox(flow: Flow) -> None:
    """Read what waits (off the UI thread), show it, act on the draft chosen."""
    actions = flow.actions

    def read() -> tuple[list[MarkChange], list[Draft], list[SentItem] | None,
                        list[GitLabWrite]]:
        drafts = actions.drafts() if actions is not None else []
        sent = list(actions.demo_log()) if actions is not None and actions.demo_log else None
        written = actions.gitlab_writes() if actions is not None else []
        return flow.triage.outbox(), drafts, sent, written

    changes, drafts, sent, written = await flow.run(read)
    choice = await flow.ask(OutboxScreen(changes, drafts, sent, written))
    if choice is None or actions is None:
        return
    kept = choice.draft
    if choice.action == "delete":
        if not await flow.ask(ConfirmScreen("Delete this kept draft?", draft_line(kept))):
            return
        await flow.run(actions.discard, kept)
        flow.say(f"Deleted: {draft_line(kept)}", "Draft deleted")
        return
    if not flow.writable("sending a kept draft"):
        return
    draft = await flow.run(actions.kept, kept.kind, kept.report_key)  # the original again
    if draft is None:
        flow.warn("This draft is no longer kept.")
        return
    await compose(flow, actions, draft, (), f"{KIND_WORDS.get(draft.kind, 'Draft')} (kept)")
