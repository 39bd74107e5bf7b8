"""Provides ``reply``: answer the message under the cursor with a standard reply."""

from __future__ import annotations

from hdtui.domain.compose import Draft, DraftKind
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.widgets.reply_list import ReplyList


async def reply(flow: Flow) -> None:
    """Reply with the standard reply under the cursor of the replies pane (a kept draft of
    this reply opens instead), in the editor, then send or keep it."""
    acting = flow.acting("replying")
    if acting is None:
        return
    row, actions = acting
    replies = flow.screen.query_one(ReplyList)
    index = replies.highlighted or 0
    if not replies.templates:
        flow.warn("No standard reply for this message yet.")
        return
    template = replies.templates[min(index, len(replies.templates) - 1)]

    def make() -> tuple[Draft, tuple[str, ...]]:
        kept = actions.kept(DraftKind.REPLY, row.key)
        return (kept, ()) if kept is not None else actions.reply(row.key, template)

    draft, missing = await flow.run(make)
    await compose(flow, actions, draft, missing, "Reply")
