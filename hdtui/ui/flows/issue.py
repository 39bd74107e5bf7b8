"""Provides ``create_issue``: a GitLab issue from the tagged reports (or the one under the
cursor), edited and previewed in the issue form, then created with the reports linked."""

from __future__ import annotations

from collections.abc import Sequence

from hdtui.services.acting import Actions
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.issue_form import IssueFormScreen


async def create_issue(flow: Flow) -> None:
    """An issue from the tagged reports, or the one under the cursor."""
    acting = flow.acting("creating an issue")
    if acting is None:
        return
    row, actions = acting
    tagged = flow.queue.tagged()
    await issue_from_reports(flow, actions, tagged or [row.key])


async def issue_from_reports(flow: Flow, actions: Actions, keys: Sequence[str]) -> None:
    """Prefill an issue from these reports, let the member edit and confirm it, create it
    and link the reports (hot topics' clusters come here too)."""
    mention = next((t.gitlab_mention for t in actions.teams if t.gitlab_mention), "")
    draft = await flow.run(actions.issue_draft, keys, mention)
    mentions = [t.gitlab_mention for t in actions.teams if t.gitlab_mention]
    edited = await flow.ask(IssueFormScreen(draft, mentions))
    if edited is None:
        return
    flow.queue.clear_tags()
    issue, problems = await flow.run(actions.create_issue, edited.title, edited.description,
                                     edited.labels, keys)
    flow.say(f"Created {issue.ref}: {issue.web_url}; {len(keys)} report(s) linked.",
             "Issue created", tuple(problems))
