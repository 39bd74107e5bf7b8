"""Provides ``hot_topics``: what affects many users across the queue (docs/insight.md), and
what the member asks of it: the reports behind a number shown in the queue, or an issue
prefilled from a new problem."""

from __future__ import annotations

from functools import partial

from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import not_read_said
from hdtui.domain.mail import Kind
from hdtui.errors import ReadOnlyError
from hdtui.ui.failures import refusal
from hdtui.ui.flows.alert import alert_problem
from hdtui.ui.flows.flow import Flow
from hdtui.ui.flows.issue import issue_from_reports
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from hdtui.ui.widgets.queue_view import Only


async def hot_topics(flow: Flow, back: str = "") -> None:
    """Open hot topics; show the reports chosen, or open the issue form for a cluster.
    ``back``: the flow escape leads back to (``show_shift_start`` when its line 6 opened
    hot topics), else the queue; the issue form, closed or finished, leads back to hot
    topics."""
    screen, actions, triage = flow.screen, flow.actions, flow.triage
    insight = screen.insight_service()

    def writable() -> str | None:
        try:
            triage.ensure_writable("linking reports or creating an issue")
        except ReadOnlyError as error:
            return refusal(error, getattr(screen.app, "keymap", {}))
        return None

    def issues() -> dict[int, KnownIssue]:  # in the screen's worker: may ask GitLab
        return {i.iid: i for i in triage.known_issues().issues}

    def links_unread() -> str:  # the tracker's cache: no request
        tracker = insight.tracker
        return not_read_said(tracker.links_not_read()[0], "") if tracker is not None else ""

    hot = HotTopicsScreen(
        insight.overview, issues, actions.link_many if actions else None, writable,
        screen.report_pane.fixed_in, partial(insight.overview, counts_only=True, then_whole=True),
        insight.overview_so_far, start_at=screen.hot_topics_at, links_unread=links_unread,
        fetch=screen.action_refresh_inbox, count=insight.overview_of)
    choice = await flow.ask(hot)
    view = hot.view
    if view is not None and not view.partial and view.counting is None:
        # Kept for the report pane's A (flows/alert.py): the flagged clusters alone.
        screen.flagged_clusters = tuple(c for c in view.clusters if c.flagged)
        screen.flagged_day = view.today
    if hot.linked_any:  # the report on screen may be one linked: its pane says so now
        screen.report_pane.recount()
    if choice is None:
        if back:
            screen.action_flow(back)
        return
    screen.hot_topics_at = choice.row or choice.label  # H and escape reopen there
    known = set(flow.queue.all_rows.each_key())
    keys = [k for k in choice.keys if k in known]
    if choice.action == "show":
        # "reports of #19113" only when they are (a new problem's may hold a support mail;
        # walk28 read "reports of" over list notices and mail).
        rows = [triage.row(k) for k in keys]
        reports = all(r is not None and r.kind is Kind.REPORT for r in rows)
        flow.queue.only = Only(frozenset(keys), choice.label, back="show_hot_topics",
                               back_args=(back,) if back else (),
                               row="" if choice.row else choice.label,
                               of="reports of " if reports else "messages of ")
        flow.screen.action_focus_pane("queue")  # in the pager: the queue's page
        return
    if choice.action == "alert":  # allowed in a read-only skim, as every alert is
        await alert_problem(flow, choice.alert, choice.label, keys[0] if keys else None)
        screen.action_flow("show_hot_topics", back)  # back where the member was
        return
    actions = flow.needs_actions()
    if actions is None or not keys:
        return
    await issue_from_reports(flow, actions, tuple(keys), choice.cluster, choice.today)
    # Hot topics again, on the cluster's row (or the new issue's, once counted): escape
    # and the finished form led to the queue, away from where the member was.
    screen.action_flow("show_hot_topics", back)
