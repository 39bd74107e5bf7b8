"""Provides ``create_issue``: a GitLab issue from the tagged reports (or the one under the
cursor). When most of them confidently match a known issue, that is said first and linking
them to it is offered instead (a duplicate issue helps no one); otherwise the issue is
prefilled, edited and previewed in the issue form, then created with the reports linked.
Allowed in a read-only skim: it reports a problem back to the project (docs/skim.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from hdtui.services.acting import Actions
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.issue_form import IssueFormScreen
from hdtui.ui.screens.pick import PickScreen

if TYPE_CHECKING:
    from hdtui.domain.insight.clusters import Cluster
    from hdtui.domain.issue_draft import IssueDraft
    from hdtui.domain.kept_form import KeptForm

NEW_ANYWAY = "Write a new issue anyway"


async def create_issue(flow: Flow) -> None:
    """An issue from the tagged reports, or the one under the cursor."""
    acting = flow.acting("creating an issue", in_skim=True)
    if acting is None:
        return
    row, actions = acting
    keys = tuple(flow.queue.tagged()) or (row.key,)
    if await linked_instead(flow, actions, keys):
        return
    # "This week" as hot topics and the alert count it: to the same day (docs/insight.md).
    today = flow.screen.insight_service().counting_day()
    await issue_from_reports(flow, actions, keys, today=today)


async def linked_instead(flow: Flow, actions: Actions, keys: Sequence[str]) -> bool:
    """When most of the reports confidently match a known issue, say so and offer to link
    them to it; True when the member linked them (or cancelled)."""
    found = await flow.run(actions.existing_issue, keys)
    if found is None:
        return False
    issue, count = found
    link = f"Link {'them' if len(keys) > 1 else 'it'} to {issue.ref} instead"
    offers = [NEW_ANYWAY] if flow.triage.read_only else [link, NEW_ANYWAY]
    choice = await flow.ask(PickScreen(
        f"{count} of {len(keys)} report(s) confidently match {issue.ref}", offers,
        f"{issue.ref} {issue.title}\n{issue.web_url}",
        hint="enter does the one under the cursor · escape cancels",
        preview_heading="A known issue already covers this:"))
    if choice is None:
        return True
    if choice == NEW_ANYWAY:
        return False
    # A write others see: previewed as every other link is (hot topics' l, the l key).
    references = await flow.run(lambda: [actions.reference(key) for key in keys])
    if not await flow.ask(ConfirmScreen(
            f"Link {len(keys)} report(s) to {issue.ref}?",
            f"A note citing each of these {len(keys)} report(s) will be written on "
            f"{issue.ref}, where every member (and, on a public issue, anyone) sees it "
            "(report IDs only, no personal data):\n  " + "\n  ".join(references))):
        flow.say("Not linked.", "Link")
        return True
    outcome = await flow.run(actions.link_many, keys, issue.iid)
    flow.queue.clear_tags()
    flow.said_links(outcome, issue.ref)
    flow.screen.report_pane.recount()  # "· linked" and the new count at once
    return True


async def issue_from_reports(flow: Flow, actions: Actions, keys: Sequence[str],
                             cluster: Cluster | None = None,
                             today: date | None = None) -> None:
    """Prefill an issue from these reports, let the member edit and confirm it, create it
    and link the reports (hot topics' clusters come here too, with the cluster and the day
    hot topics counted to). An issue kept for the same set of reports when hdtui last
    ended under the member opens instead (one kept for another set, even one starting with
    the same report, stays kept: docs/store.md, "Forms kept through a hang-up")."""
    from hdtui.domain.kept_form import FormKind, issue_key

    kept = await flow.run(flow.triage.store.kept_form, FormKind.ISSUE, issue_key(keys)) \
        if keys else None
    if kept is not None and kept.issue is not None and set(kept.keys) == set(keys):
        # The same reports' issue, as typed when hdtui last ended under the member.
        await issue_form(flow, actions, kept.issue, keys, kept)
        return
    mention = next((t.gitlab_mention for t in actions.teams if t.gitlab_mention), "")
    draft = await flow.run(actions.issue_draft, keys, mention, cluster, today)
    await issue_form(flow, actions, draft, keys)


async def resume_issue(flow: Flow, kept: KeptForm) -> None:
    """The issue form as it was when hdtui last ended under the member, opened again; it
    is forgotten once the issue is created (docs/store.md, "Forms kept through a
    hang-up")."""
    actions = flow.needs_actions()
    if actions is None or kept.issue is None:
        return
    await issue_form(flow, actions, kept.issue, kept.keys, kept)


async def issue_form(flow: Flow, actions: Actions, draft: IssueDraft, keys: Sequence[str],
                     kept: KeptForm | None = None) -> None:
    """Edit and confirm the issue in its form; create it and link the reports ``keys``.
    ``kept`` (the form kept through a hang-up) is forgotten once the issue is created;
    escape leaves it kept."""
    mentions = [t.gitlab_mention for t in actions.teams if t.gitlab_mention]
    edited = await flow.ask(IssueFormScreen(draft, mentions, keys,
                                            kept.issue if kept is not None else None))
    if edited is None:
        flow.still_kept(kept)
        return
    flow.queue.clear_tags()
    issue, problems = await flow.run(actions.create_issue, edited.title, edited.description,
                                     edited.labels, keys)
    if kept is not None:  # created: what was kept is on GitLab now
        await flow.run(flow.triage.store.forget_form, kept.kind, kept.key)
    flow.screen.feed.count_again()  # every report is ranked again with the new issue
    linked = len(keys) - len(problems)
    where = f" {issue.web_url}" if issue.web_url else ""  # a local file has no address
    # Without its title, which the member just wrote: a long one made the notice four
    # lines at 80 columns, over the report (docs/layouts.md, "Notices").
    flow.say(f"Created {issue.ref}{where}; {linked} report(s) linked.", "Issue created",
             tuple(problems))
    # The report on screen may be one of them: its pane names the new issue, linked, now
    # (it kept its matches from before until the report was opened again).
    flow.screen.report_pane.recount()
