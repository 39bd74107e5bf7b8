"""Provides ``update_auto_reply``: update the auto-reply's frequent problems from the
counts hot topics shows (docs/autoreply.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hdtui.domain.insight.overview import Overview
from hdtui.domain.issue import KnownIssue
from hdtui.errors import TrackerError
from hdtui.ui.flows.flow import Flow

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm


async def update_auto_reply(flow: Flow, kept: KeptForm | None = None) -> None:
    """Open the auto-reply's screen; its problems are counted in a worker. ``kept``: the
    text it held when hdtui last ended under the member (docs/store.md, "Forms kept
    through a hang-up"), put in its editor."""
    from hdtui.ui.screens.autoreply import open_auto_reply  # imported on first use

    insight = flow.screen.insight_service()
    triage = flow.triage

    def overview() -> tuple[Overview, dict[int, KnownIssue]]:  # in the worker
        issues = {i.iid: i for i in triage.known_issues().issues}
        if triage.issues_missing:  # a block counted against no issue would drop them all
            raise TrackerError("The auto-reply's frequent problems are counted per known "
                               f"issue, and none could be loaded: {triage.issues_missing}",
                               "Known issues not loaded")
        return insight.overview(), issues

    open_auto_reply(flow.screen, overview, kept)
