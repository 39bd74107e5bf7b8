"""Provides ``report_ids_on_issue``: answer a team's "reply on the issue with the report
IDs" in one key: a note on the issue the mail is about, listing the IDs of the reports
linked to it, shown before it is written (docs/team-mail.md)."""

from __future__ import annotations

from textual.content import Content

from hdtui.domain.team_mail import issue_named
from hdtui.ui.flows.flow import Flow
from hdtui.ui.safe import literal
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.widgets.issue_list import IssueList


async def report_ids_on_issue(flow: Flow) -> None:
    """The issue: the one the mail names (an issue address, else ``#NNNN``), else the one
    under the cursor of the issues pane. The note is previewed; ``y`` writes it. Allowed
    in a read-only skim: it reports back to the project (docs/skim.md)."""
    acting = flow.acting("writing the report IDs on an issue", in_skim=True)
    if acting is None:
        return
    row, actions = acting
    entry = await flow.run(flow.triage.full, row.key)
    iid = issue_named(entry.message.subject, entry.message.text) if entry else None
    where = "named in the mail"
    if iid is None:
        match = flow.screen.query_one(IssueList).current
        if match is None:
            flow.warn("This mail names no issue (no GitLab issue address, no #NNNN) and the "
                      "issues pane has none under its cursor: choose one there (3), then "
                      "press the key again.", "No issue")
            return
        iid, where = match.issue.iid, "under the cursor of the issues pane"
    note = await flow.run(actions.report_ids_note, iid)
    body = Content.assemble((f"Issue #{iid}, {where}. The note:", "bold"), "\n\n",
                            literal(note))
    if not await flow.ask(ConfirmScreen(f"Write this note on issue #{iid}?", body)):
        flow.say("Nothing was written.", "Note not written")
        return
    await flow.run(actions.add_note, iid, note)
    where_to = " (demo: in the local notes file, not GitLab)" if actions.demo_log else ""
    flow.say(f"Note written on #{iid}{where_to}; ctrl+o lists what was written to GitLab.",
             "Note written")
