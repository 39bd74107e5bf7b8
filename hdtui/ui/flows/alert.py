"""Provides ``alert_team``: tell a team over XMPP about the known issue under the cursor,
with its count, after showing the exact text."""

from __future__ import annotations

from hdtui.domain.alert import issue_alert
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.issue_list import IssueList


async def alert_team(flow: Flow) -> None:
    """Pick a team (the text that will be sent is shown), then send the alert."""
    acting = flow.acting("alerting a team", in_skim=True)  # reporting back (docs/skim.md)
    if acting is None:
        return
    row, actions = acting
    issues = flow.screen.query_one(IssueList)
    match = issues.current
    if match is None:
        flow.warn("No known issue to alert about: link or create one first.")
        return
    teams = [t.name for t in actions.teams if t.xmpp]
    if not teams:
        flow.warn("No team has an XMPP room or address: set [[teams]] xmpp.")
        return
    count = issues.counts.get(match.issue.iid)
    preview = issue_alert(match.issue, count)
    demo = " (demo: it will NOT be sent)" if actions.demo_log else ""
    team = await flow.ask(PickScreen(f"Alert a team about {match.issue.ref}{demo}", teams,
                                     preview))
    if team is None:
        return
    sent = await flow.run(actions.alert, team, match.issue, count, row.key)
    if actions.demo_log:  # the demo's notifier only logs it (hdtui/outbound/demo.py)
        flow.say(f"Alert to {team} (demo: NOT sent, see ctrl+o): {sent}", "Alert NOT sent")
        return
    flow.say(f"Alert sent to {team}: {sent}", "Alert sent")
