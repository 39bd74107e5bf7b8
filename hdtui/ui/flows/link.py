"""Provides ``link_issue`` and ``unlink_issue``: link the message to a known issue (a note
on the issue cites the report, after asking) and show the new count; remove a misplaced
link (the note citing it is deleted, after asking)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdtui.domain.text import one_line
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.widgets.issue_list import IssueList

if TYPE_CHECKING:
    from hdtui.services.insight import Counted, Insight


async def link_issue(flow: Flow) -> None:
    """Link to the known issue under the cursor of the issues pane (the best match unless
    another is chosen), after showing which issue and the note; a second link writes no
    second note."""
    acting = flow.acting("linking a report to an issue")
    if acting is None:
        return
    row, actions = acting
    match = flow.screen.query_one(IssueList).current
    if match is None:
        flow.warn("No known issue to link: the issues pane is empty.")
        return
    iid = match.issue.iid
    insight = flow.screen.insight_service()
    reference, linked, claims = await flow.run(lambda: (
        actions.reference(row.key), actions.linked_to(row.key),
        insight.claims_unreleased(row.key)))
    if iid in linked:
        flow.say(f"Already linked to #{iid}: no second note.", "Linked")
        return
    # A forged 9.9: said as the hot topics' `l` preview says it (walk24b's item 2).
    warning = (f"{claims}: the report may be forged. Linked, it is still not counted."
               "\n\n") if claims else ""
    question = ConfirmScreen(
        f"Link this report to #{iid}?",
        f"{warning}#{iid} {one_line(match.issue.title, 120)}\n\nA note citing {reference} "
        "is added to the issue on GitLab, where every member (and, on a public issue, "
        "anyone) sees it. A misplaced link can be removed later (u).")
    if not await flow.ask(question):
        flow.say("Not linked.", "Link")
        return
    before = await flow.run(_counts_now, insight)
    added = await flow.run(actions.link, row.key, iid)
    if added:
        flow.say(f"Linked to #{iid}: a note on the issue cites this report (u removes it).",
                 "Linked")
    else:
        flow.say(f"Already linked to #{iid}: no second note.", "Linked")
    _show_count(flow, row.key)
    if added and before is not None:
        # What else moved, in the words of hot topics' `l` (walk24b: the pane's toast
        # said nothing of them): counted again, the counts only, over the messages
        # counted before the link (mail read meanwhile is not the link's doing).
        from hdtui.domain.insight.moved import moved_said

        was, now = await flow.run(insight.counts_since, before,
                                  frozenset({(iid, reference)}))
        moved = moved_said(was, now, iid)
        if moved:
            flow.say(moved, "Other numbers moved")


def _counts_now(insight: Insight) -> Counted | None:
    """The queue's counts before a link (not its new problems: the quick part), with the
    facts they count, or None while the queue is not wholly counted (the start's count
    runs, or is still to come: waiting for it could take minutes, and numbers of part of
    the queue move by themselves). After the link the same messages are counted again
    (``Insight.counts_since``)."""
    if insight.counting:
        return None
    return insight.counts_now()


async def unlink_issue(flow: Flow) -> None:
    """Remove the link of this report to an issue: the issue under the issues pane's
    cursor if the report is linked to it, else the only issue it is linked to."""
    acting = flow.acting("removing a report's link from an issue")
    if acting is None:
        return
    row, actions = acting
    linked = await flow.run(actions.linked_to, row.key)
    if not linked:
        flow.warn("This message is not linked to any issue: nothing to remove.")
        return
    match = flow.screen.query_one(IssueList).current
    if match is not None and match.issue.iid in linked:
        iid = match.issue.iid
    elif len(linked) == 1:
        iid = linked[0]
    else:
        listed = ", ".join(f"#{n}" for n in linked)
        flow.warn(f"Linked to {listed}: put the issues pane's cursor (3) on the one to "
                  "remove, then press u again.")
        return
    reference = await flow.run(actions.reference, row.key)
    question = ConfirmScreen(
        f"Remove the link to #{iid}?",
        f"The note citing {reference} is deleted from issue #{iid} on GitLab; the report no "
        "longer counts for it. A note that cites other reports too is left alone.")
    if not await flow.ask(question):
        flow.say("The link stays.", "Link")
        return
    removed = await flow.run(actions.unlink, row.key, iid)
    if removed:
        flow.say(f"Link to #{iid} removed: its note is deleted.", "Link removed")
    else:
        flow.say(f"No note on #{iid} cited this report: nothing removed.", "Link")
    _show_count(flow, row.key)


def _show_count(flow: Flow, key: str) -> None:
    flow.screen.recount_only()  # the queue's "reports of C-…" (walkfix27)
    current = flow.queue.table.current
    if current is not None and current.key == key:
        flow.screen.report_pane.show_suggestions(key)  # the new count
