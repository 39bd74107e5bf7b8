"""Provides ``show_outbox``: what waits to leave this machine (mark changes made offline,
kept drafts, GitLab writes not made yet, in the demo what would have been sent) and what
was written to GitLab (notes, links, issues); a kept draft is opened again in the editor,
to send or keep, or deleted after a confirmation; the GitLab writes not made yet are
retried now, shown whole (to copy) or dropped after a confirmation
(docs/gitlab-writes.md)."""

from __future__ import annotations

from textual.content import Content

from hdtui.domain.compose import Draft
from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite, WriteState
from hdtui.domain.marks import MarkChange
from hdtui.services.acting import Actions, ReplayReport
from hdtui.services.ports import SentItem
from hdtui.ui.flows.answered import go_ahead
from hdtui.ui.flows.compose import compose
from hdtui.ui.flows.flow import Flow
from hdtui.ui.messages import WritesReplayed
from hdtui.ui.safe import literal
from hdtui.ui.screens.compose import REMOVED
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.outbox import KIND_WORDS, OutboxChoice, OutboxScreen, draft_line
from hdtui.ui.screens.preview import PreviewScreen


async def show_outbox(flow: Flow) -> None:
    """Read what waits (off the UI thread), show it, act on the draft chosen."""
    actions = flow.actions

    def read() -> tuple[list[MarkChange], list[Draft], list[SentItem] | None,
                        list[GitLabWrite], list[PendingWrite]]:
        drafts = actions.drafts() if actions is not None else []
        sent = list(actions.demo_log()) if actions is not None and actions.demo_log else None
        written = actions.gitlab_writes() if actions is not None else []
        pending = actions.gitlab_pending() if actions is not None else []
        return flow.triage.outbox(), drafts, sent, written, pending

    changes, drafts, sent, written, pending = await flow.run(read)
    names = {c.key: flow.triage.describe(c.key) for c in changes}  # never the internal key
    choice = await flow.ask(OutboxScreen(changes, drafts, sent, written, pending, names))
    if choice is None or actions is None:
        return
    if choice.action in ("show", "retry", "drop"):
        await _gitlab_write(flow, actions, choice)
        return
    kept = choice.draft
    if kept is None:
        return
    if choice.action == "delete":
        if not await flow.ask(ConfirmScreen("Delete this kept draft?", draft_line(kept))):
            return
        await flow.run(actions.discard, kept)
        flow.say(f"Deleted: {draft_line(kept)}", "Draft deleted")
        return
    if not flow.writable("sending a kept draft"):
        return
    accepted = await go_ahead(flow, actions, kept.report_key, kept.kind)
    if accepted is None:
        return
    draft = await flow.run(actions.kept, kept.kind, kept.report_key)  # the original again
    if draft is None:
        flow.warn("This draft is no longer kept.")
        return
    # Its report may have been removed since the draft was kept (docs/team-mail.md).
    gone = REMOVED if draft.report_key and flow.triage.row(draft.report_key) is None else ""
    await compose(flow, actions, draft, (), f"{KIND_WORDS.get(draft.kind, 'Draft')} (kept)",
                  "", accepted, gone)


async def _gitlab_write(flow: Flow, actions: Actions, choice: OutboxChoice) -> None:
    """Retry the GitLab writes not made yet now, show one whole, or drop one."""
    write = choice.write
    if choice.action == "retry":
        report = await flow.run(actions.replay_gitlab, False, True)
        if report.unreachable:
            flow.warn(f"GitLab is still unreachable: {report.waiting} write(s) wait in the "
                      "outbox and are retried by themselves.", "GitLab unreachable")
        flow.say(f"{len(report.done)} GitLab write(s) made"
                 f"{': ' + '; '.join(report.done[:3]) if report.done else '.'}",
                 "GitLab writes", report.problems)
        flow.screen.feed.post_message(WritesReplayed(report, said=True))  # status, timer
        return
    if write is None:
        return
    if choice.action == "show":
        await flow.ask(PreviewScreen(literal(write.line(), "bold"), write_text(write)))
        return
    if not await flow.ask(ConfirmScreen("Drop this GitLab write?", f"{write.line()}\n\n"
                                        "It is not made on GitLab, and no longer retried.")):
        return
    await flow.run(actions.drop_gitlab, write.id)
    flow.say(f"Dropped: {write.line()}", "GitLab write dropped")
    waiting = [w for w in await flow.run(actions.gitlab_pending)
               if w.state is WriteState.WAITING]
    flow.screen.feed.post_message(WritesReplayed(ReplayReport(
        waiting=len(waiting), next_try=min((w.next_try for w in waiting), default=None))))


def write_text(write: PendingWrite) -> Content:
    """Everything a GitLab write not made yet holds, as text to read or copy."""
    lines = [f"Issue: #{write.iid}" if write.iid else "A new issue"]
    if write.title:
        lines.append(f"Title: {write.title}")
    if write.labels:
        lines.append(f"Labels: {', '.join(write.labels)}")
    if write.reports:
        lines.append(f"Reports: {', '.join(write.reports)}")
    lines.append(f"Last error: {write.error or 'none'}")
    if write.body:
        lines += ["", write.body]
    return literal("\n".join(lines))
