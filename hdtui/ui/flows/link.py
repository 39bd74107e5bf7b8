"""Provides ``link_issue``: link the message to a known issue (a note on the issue cites
the report) and show the new count."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow
from hdtui.ui.widgets.issue_list import IssueList


async def link_issue(flow: Flow) -> None:
    """Link to the known issue under the cursor of the issues pane (the best match unless
    another is chosen); a second link writes no second note."""
    row = flow.current()
    actions = flow.needs_actions()
    match = flow.screen.query_one(IssueList).current
    if row is None or actions is None:
        return
    if match is None:
        flow.warn("No known issue to link: the issues pane is empty.")
        return
    iid = match.issue.iid
    added = await flow.run(actions.link, row.key, iid)
    if added:
        flow.say(f"Linked to #{iid}: a note on the issue cites this report.", "Linked")
    else:
        flow.say(f"Already linked to #{iid}: no second note.", "Linked")
    current = flow.queue.table.current
    if current is not None and current.key == row.key:
        flow.screen.show_suggestions(row.key)  # the new count
