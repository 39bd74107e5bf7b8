"""Provides ``show_outbox``: the mark changes waiting for the server, the kept drafts and,
in the demo, everything that would have left this machine."""

from __future__ import annotations

import time

from textual.content import Content

from hdtui.domain.compose import Draft
from hdtui.domain.marks import MarkChange
from hdtui.services.ports import SentItem
from hdtui.ui.flows.flow import Flow
from hdtui.ui.safe import literal
from hdtui.ui.screens.preview import PreviewScreen


async def show_outbox(flow: Flow) -> None:
    """Read what waits (off the UI thread), then show it."""
    actions = flow.actions

    def read() -> tuple[list[MarkChange], list[Draft], list[SentItem] | None]:
        drafts = actions.drafts() if actions is not None else []
        sent = list(actions.demo_log()) if actions is not None and actions.demo_log else None
        return flow.triage.outbox(), drafts, sent

    ops, drafts, sent = await flow.run(read)
    lines = [f"{'+' if op.add else '-'}{op.mark.value}  {op.key}" for op in ops]
    body = "\n".join(lines) or "Nothing waiting: every change is on the server."
    parts: list[Content | str | tuple[str, str]] = [literal(body)]
    if drafts:
        parts += ["\n\n", (f"Kept drafts ({len(drafts)}):", "bold")]
        for draft in drafts:
            parts += ["\n", literal(f"  {draft.kind.value}:{draft.report_key}  "
                                    f"{draft.subject}")]
    if sent is not None:
        parts += ["\n\n", (f"DEMO: NOT SENT. {len(sent)} message(s) and alert(s) that "
                           "would have left this machine:", "bold reverse")]
        for item in sent:
            when = time.strftime("%H:%M:%S", time.localtime(item.when))
            parts += ["\n\n", (f"{when} {item.kind} to ", "bold"),
                      literal(item.to, "bold"), "\n", literal(item.title, "italic"),
                      "\n", literal(item.text[:2000])]
    await flow.ask(PreviewScreen(
        Content.styled(f"Outbox: {len(ops)} change(s) waiting for the server", "bold"),
        Content.assemble(*parts)))
