"""Provides ``alert_team``: tell a team over XMPP about the known issue under the cursor,
with its count, after showing the exact text; and ``alert_problem``: the same about a new
problem or a regression of hot topics (docs/insight.md, "Alerts")."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from hdtui.domain.alert import issue_alert
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.issue_list import IssueList

if TYPE_CHECKING:
    from hdtui.domain.insight.clusters import Cluster
    from hdtui.services.acting import Actions


def _teams(flow: Flow, actions: Actions) -> list[str] | None:
    """The teams an alert can reach, or None after saying there is none."""
    teams = [t.name for t in actions.teams if t.xmpp]
    if not teams:
        flow.warn("No team has an XMPP room or address: set [[teams]] xmpp.")
        return None
    return teams


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
    teams = _teams(flow, actions)
    if teams is None:
        return
    cluster = _flagged_cluster_of(flow, row.key)
    if cluster is not None and not (match.confident or match.issue.iid in issues.linked):
        # The report is one of a flagged new problem's and its issue only a guess: the new
        # problem is what to alert about (walk29: #17640 offered on a 4.4 match).
        about = await flow.ask(PickScreen(
            f"Alert a team about what? This report belongs to the flagged new problem "
            f"{cluster.id}; {match.issue.ref} is only its best match, not a confident one",
            [f"new problem {cluster.id} ({len(cluster.reports)} reports)",
             f"{match.issue.ref} (best match, not confident)"],
            hint="enter picks · escape cancels"))
        if about is None:
            return
        if about.startswith("new problem"):
            await alert_problem(flow, _cluster_text(flow, cluster),
                                f"new problem {cluster.id}", row.key)
            return
    count = issues.counts.get(match.issue.iid)
    # Only the report's best match, not a confident one (its score has no ✓) and not
    # linked to it: the alert says so (walk29: a 4.4 match on one word, alerted as if it
    # were the report's issue).
    weak_for = "" if match.confident or match.issue.iid in issues.linked else (
        row.report_id or "under review")
    preview = issue_alert(match.issue, count, weak_for)
    demo = " (demo: it will NOT be sent)" if actions.demo_log else ""
    weak = " (best match, not confident)" if weak_for else ""
    team = await flow.ask(PickScreen(f"Alert a team about {match.issue.ref}{weak}{demo}",
                                     teams, preview))
    if team is None:
        return
    sent = await flow.run(actions.alert, team, match.issue, count, row.key, weak_for)
    _said(flow, actions, team, sent)


async def alert_problem(flow: Flow, text: str, label: str, key: str | None) -> None:
    """Pick a team for the alert ``text`` about a new problem or a regression (hot
    topics' ``A``; ``label`` names it), then send it; remembered about the report
    ``key`` (its newest). Allowed in a read-only skim, as every alert is."""
    actions = flow.needs_actions()
    if actions is None:
        return
    teams = _teams(flow, actions)
    if teams is None:
        return
    demo = " (demo: it will NOT be sent)" if actions.demo_log else ""
    team = await flow.ask(PickScreen(f"Alert a team about {label}{demo}", teams, text))
    if team is None:
        return
    sent = await flow.run(actions.alert_problem, team, text, key)
    _said(flow, actions, team, sent)


def _flagged_cluster_of(flow: Flow, key: str) -> Cluster | None:
    """The flagged new problem hot topics last counted that holds the report ``key``."""
    clusters: tuple[Cluster, ...] = getattr(flow.screen, "flagged_clusters", ())
    return next((c for c in clusters if key in c.reports), None)


def _cluster_text(flow: Flow, cluster: Cluster) -> str:
    """The alert about ``cluster`` as hot topics' ``A`` words it, as of the day hot topics
    counted to."""
    from hdtui.domain.alert import cluster_alert
    from hdtui.domain.signal_text import draft_signals

    day: date = getattr(flow.screen, "flagged_day", None) or datetime.now(UTC).date()
    return cluster_alert(cluster.id, draft_signals(cluster.signals), cluster.per_week, day,
                         cluster.versions, cluster.hardware, cluster.report_ids,
                         cluster.flagged)


def _said(flow: Flow, actions: Actions, team: str, sent: str) -> None:
    if actions.demo_log:  # the demo's notifier only logs it (hdtui/outbound/demo.py)
        flow.say(f"Alert to {team} (demo: NOT sent, see ctrl+o): {sent}", "Alert NOT sent")
        return
    flow.say(f"Alert sent to {team}: {sent}", "Alert sent")
