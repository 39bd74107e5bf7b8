"""walk29's defect 1: ``A`` alerts about a new problem or a regression from hot topics,
and says when the report pane's issue is only a best match, not a confident one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from hdtui.config import cache_dir
from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.regressions import Regression
from hdtui.domain.vocabulary import CONCEPT_WORDS
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.issue_list import IssueList
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle
from tests.support.pilot import said, wait_until
from tests.ui.test_hot_topics import open_hot_topics


def assert_private(alert: str, app: Any, report_ids: Iterable[str],
                   words: Iterable[str] = ()) -> None:
    """No part of ``alert``, the whole text a member would send, holds the users' own
    ``words``, a word of their reports' summaries, or the contact, address or name of any
    of the reports ``report_ids`` names (docs/insight.md, "Alerts": a team's room must not
    read them). The demo's reports carry no contact and come from WhisperBack's own
    sender: there the words are what the check finds to look for."""
    text = alert.replace("\uff20", "@").lower()
    tokens = set(re.findall(r"\w+", text))
    ids = tuple(report_ids)
    entries = [e for e in (app.triage.full(r.key) for r in _queue(app).rows)
               if e is not None and e.report_id
               and any(e.report_id.startswith(i) for i in ids)]
    assert entries, "the alert's reports are in the queue"
    private = [str(p) for e in entries for p in (
        e.message.sender, e.message.sender_address,
        e.report.contact if e.report is not None else None) if p]
    assert private, "there is something private to look for"
    for part in private:
        assert part.lower() not in text, part
        for name in re.findall(r"\w+", part.lower().rsplit("@", 1)[0]):  # not a domain
            assert len(name) < 3 or name not in tokens, (name, part)
    # The words of their summaries too, but the lexicon's (the project's own vocabulary,
    # which a regression's alert may say: docs/insight.md, "Alerts") and short ones.
    said = {w for e in entries if e.report is not None
            for w in re.findall(r"\w+", e.report.summary.lower())
            if len(w) > 3 and w not in CONCEPT_WORDS}
    assert said, "the reports have words of their own"
    for word in {*(w.lower() for w in words), *said}:
        assert word not in tokens, word


def _queue(app: Any) -> Any:
    return next(s for s in app.screen_stack if isinstance(s, InboxScreen)).query_one("#queue")


SOUND_ID = "5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a"
"""The demo's "Sin sonido en los altavoces": a report of the new problem C-16e7a0 whose
best known issue is a weak match on one word."""


async def test_a_on_a_new_problem_alerts_about_it(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    app = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        cluster = next(i for i in screen.items if isinstance(i, Cluster) and i.flagged)
        screen.query_one("#hot-list").highlighted = screen.items.index(cluster)  # type: ignore[attr-defined]
        await settle(pilot)
        assert "A: alert a team" in str(screen.query_one("#hot-detail").render())
        await pilot.press("A")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickScreen), said(app)
        assert pick.title_text == (f"Alert a team about new problem {cluster.id} (demo: it "
                                   "will NOT be sent)")
        assert screen.view is not None
        total = sum(cluster.per_week)
        assert pick.preview.startswith(
            f"Help Desk alert: new problem {cluster.id}, no known issue yet (reached the "
            f"threshold: 2 or more reports in a week): {total} reports in the last 8 weeks")
        assert f"to {screen.view.today.isoformat()}), {cluster.per_week[-1]} this week." \
            in pick.preview
        assert all(i in pick.preview for i in cluster.report_ids) and cluster.report_ids
        assert "Tails versions: 7.7 (4)." in pick.preview
        assert_private(pick.preview, app,
                       cluster.report_ids, cluster.words)
        await pilot.press("enter")
        await settle(pilot)
        log = (cache_dir() / "demo" / "alerts.log").read_text()
        assert f"new problem {cluster.id}" in log
        assert "Alert to Foundations Team (demo: NOT sent, see ctrl+o)" in said(app)
        await wait_until(pilot, lambda: isinstance(app.screen, HotTopicsScreen),
                         what="back to hot topics")
        # Remembered as an act about its newest report (docs/followups.md).
        assert setup.actions is not None and setup.actions.shift is not None
        (act,) = setup.actions.shift.this_shift()
        assert act.did == "alerted Foundations Team"


async def test_a_on_a_regression_alerts_about_it_and_an_issue_row_says_where(
    demo_setup: Callable[..., Setup]
) -> None:
    app = demo_app(demo_setup(read_only=True))  # a skim still alerts (docs/skim.md)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        regression = next(i for i in screen.items if isinstance(i, Regression))
        screen.query_one("#hot-list").highlighted = screen.items.index(regression)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        pick: Any = app.screen
        assert isinstance(pick, PickScreen), said(app)
        assert pick.preview.startswith(
            f"Help Desk alert: regression on Tails {regression.version}, ")
        assert (f"{regression.count_new} reports on {regression.version} in the "
                f"{regression.days_new} days since its release") in pick.preview
        assert "Report IDs: " in pick.preview
        # Its lexicon concepts ("say headphone, sound") are the project's words: only the
        # reports' contacts, addresses and names are looked for.
        assert_private(pick.preview, app, re.findall(r"[0-9a-f]{16,}", pick.preview))
        await pilot.press("escape")
        await settle(pilot)
        back = app.screen
        assert isinstance(back, HotTopicsScreen)
        issue = next(i for i, item in enumerate(back.items)
                     if not isinstance(item, Cluster | Regression))
        back.query_one("#hot-list").highlighted = issue  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert app.screen is back
        assert "press A on its pane" in said(app)


async def test_a_on_a_weak_match_says_best_match_not_confident(
    demo_setup: Callable[..., Setup]
) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                                   if e.report_id == SOUND_ID))
        await settle(pilot)
        issues = app.screen.query_one(IssueList)
        await wait_until(pilot, lambda: bool(issues.matches), what="the ranking")
        match = issues.current
        assert match is not None and not match.confident
        await pilot.press("A")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickScreen)
        assert "(best match, not confident)" in pick.title_text
        assert (f"(Best match, not confident, for report {SOUND_ID}: it may be another "
                "problem.)") in pick.preview
        await pilot.press("enter")
        await settle(pilot)
        log = (cache_dir() / "demo" / "alerts.log").read_text()
        assert "Best match, not confident" in log


async def test_a_on_a_report_of_a_flagged_new_problem_offers_the_new_problem(
    demo_setup: Callable[..., Setup]
) -> None:
    """walk29's steps: H, the flagged new problem, enter, then A on its Spanish report
    offered #17640, a 4.4 match on "sonido"; now it offers the new problem first."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        cluster = next(i for i in screen.items if isinstance(i, Cluster) and i.flagged)
        assert any(SOUND_ID.startswith(i) or i == SOUND_ID for i in cluster.report_ids)
        screen.query_one("#hot-list").highlighted = screen.items.index(cluster)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("enter")  # its reports in the queue
        await settle(pilot)
        table: Any = app.screen.query_one("#queue")
        table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                                   if e.report_id == SOUND_ID))
        await settle(pilot)
        issues = app.screen.query_one(IssueList)
        await wait_until(pilot, lambda: bool(issues.matches), what="the ranking")
        assert issues.current is not None and not issues.current.confident
        await pilot.press("A")
        await settle(pilot)
        which = app.screen
        assert isinstance(which, PickScreen), said(app)
        assert f"flagged new problem {cluster.id}" in which.title_text
        assert which.options[0] == f"new problem {cluster.id} (4 reports)"
        assert which.options[1].endswith("(best match, not confident)")
        await pilot.press("enter")
        await settle(pilot)
        team = app.screen
        assert isinstance(team, PickScreen) and team is not which
        assert team.preview.startswith(f"Help Desk alert: new problem {cluster.id}, no known "
                                       "issue yet")
        await pilot.press("enter")
        await settle(pilot)
        log = (cache_dir() / "demo" / "alerts.log").read_text()
        assert f"new problem {cluster.id}" in log and "#17640" not in log
