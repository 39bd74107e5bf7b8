"""Known issues never loaded are said as such, never as "no known issue matches": GitLab
out of reach with nothing cached (the pane and the start notice said "Matching against the
cached known issues" though none were cached), and no [tracker] at all (the demo's made-up
issues were shown for a real mailbox)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.tracker.not_set_up import NotSetUpTracker
from hdtui.wiring import NO_TRACKER, Setup
from tests.servers.dovecot import free_port
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import said, said_each, wait_until


def pane_text(app: object) -> str:
    issues = app.screen.query_one("#issues", OptionList)  # type: ignore[attr-defined]
    # One space for each run of spaces and line breaks: the pane wraps its lines to its
    # width (issue_list.hanging), which a narrow layout makes short.
    return " ".join(" ".join(str(issues.get_option_at_index(i).prompt).split())
                    for i in range(issues.option_count))


def without_tracker(demo_setup: Callable[..., Setup]) -> Setup:
    """The demo's services, the tracker of a config without [tracker] in place of the
    demo's (its issues read again at their next use)."""
    setup = demo_setup()
    setup.triage.tracker = NotSetUpTracker(NO_TRACKER, "No [tracker]")
    setup.triage.issue_created()
    return setup


async def test_gitlab_out_of_reach_with_nothing_cached(
        demo_setup: Callable[..., Setup], tmp_path: Path) -> None:
    setup = demo_setup()
    tracker = GitLabTracker(GitLabSettings(url=f"http://127.0.0.1:{free_port()}",
                                           project="tails/tails", token=lambda: "glpat-x",
                                           timeout=2.0), tmp_path / "issues.json")
    setup.triage.tracker = tracker
    setup.triage.issue_created()  # read the (new) tracker's issues at the next use
    app = demo_app(setup)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await open_wifi_report(pilot)
            await settle(pilot)
            pane = pane_text(app)
            assert "known issues not loaded: " in pane and "Cannot reach GitLab" in pane
            assert "no known issue matches" not in pane
            toasts = said(app)
            assert "Known issues not loaded" in toasts
            assert "Matching against the cached known issues" not in toasts
    finally:
        tracker.close()


async def test_no_tracker_says_so_where_matches_would_be(
        demo_setup: Callable[..., Setup]) -> None:
    setup = without_tracker(demo_setup)
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await settle(pilot)
        pane = pane_text(app)
        assert "No [tracker] configured: no known issues to match" in pane
        assert "no known issue matches" not in pane and "#191" not in pane


def test_the_hot_topics_line_says_no_known_issues_not_nothing_reported() -> None:
    from datetime import date

    from hdtui.domain.insight.overview import overview
    from hdtui.ui.flows.shift import hot_text

    view = overview([], [], date(2026, 11, 26), [])
    assert hot_text(view) == "Hot topics: nothing reported this week"
    said = hot_text(view, NO_TRACKER)
    assert said == "Hot topics: no known issues to count (no [tracker] configured)"
    assert "could not be loaded" in hot_text(view, "Cannot reach GitLab")


async def test_the_auto_reply_is_not_counted_against_no_issues(
        demo_setup: Callable[..., Setup]) -> None:
    """U with no known issues loaded says why and opens no proposal (a block counted
    against no issue would drop every problem from the published auto-reply)."""
    from hdtui.ui.screens.autoreply import AutoReplyScreen

    setup = without_tracker(demo_setup)
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the shift start
        await settle(pilot)
        await pilot.press("U")
        await wait_until(pilot, lambda: "Known issues not loaded" in said(app)
                         or "none could be loaded" in said(app), what="U's refusal")
        await settle(pilot)
        assert "none could be loaded: No [tracker] configured" in said(app)
        assert not isinstance(app.screen, AutoReplyScreen)


async def test_the_shift_start_says_no_known_issues_to_count(
        demo_setup: Callable[..., Setup]) -> None:
    """No [tracker]: the hot-topics line of the shift start says so in a few words (not
    "nothing reported this week", nor three lines of the count's refusal at 80x24)."""
    from hdtui.ui.app import HdtuiApp
    from hdtui.ui.screens.shift_start import ShiftStartScreen
    from tests.support.pilot import wait_until

    setup = without_tracker(demo_setup)
    app = HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions,
                   insight=setup.insight, releases=setup.releases,
                   autoreply=setup.autoreply, shift_start=True)

    def body() -> str:
        found = app.screen.query("#shift-body")
        return str(found.first().render()) if found else ""

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ShiftStartScreen))
        # The first view says "Hot topics: counting…" (the line is counted after the
        # rest is on screen): wait for the line the count gives.
        await wait_until(pilot, lambda: "Hot topics: " in body() and "counted once" not in
                         body() and "counting…" not in body(), timeout=20)
        assert "Hot topics: no known issues to count (no [tracker] configured)" in body()


async def test_the_pane_says_its_counts_are_incomplete_until_the_queue_is_counted(
        demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #12's walk: after a first read the pane showed "0 linked, 5 likely" (the
    reports counted so far) as if complete, and A sent it; 41 once counted. Until the
    background count of the queue ends, the counts say so; its end shows them whole."""
    from hdtui.ui.widgets import mailbox_feed

    monkeypatch.setattr(mailbox_feed, "COUNT_DELAY", 3600.0)  # the count waits for us
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        await settle(pilot)
        assert "counting the queue, so far" in pane_text(app)
        feed = app.screen.feed
        feed.count_again()  # the background count, as after the read
        await wait_until(pilot, lambda: feed.counted, what="the queue counted")
        await wait_until(pilot, lambda: "likely" in pane_text(app), what="likely counts")
        assert "counting the queue" not in pane_text(app)


async def test_gitlab_out_of_reach_is_said_once_not_at_every_sync(
        demo_setup: Callable[..., Setup], tmp_path: Path) -> None:
    """linksfix23, defect 5: the 15-minute sync (and F5) while GitLab stays out of reach
    posted the same toast at every tick; it is said once until the failure changes or a
    sync succeeds."""
    from hdtui.ui.widgets.mailbox_feed import MailboxFeed

    setup = demo_setup()
    tracker = GitLabTracker(GitLabSettings(url=f"http://127.0.0.1:{free_port()}",
                                           project="tails/tails", token=lambda: "glpat-x",
                                           timeout=2.0), tmp_path / "issues.json")
    setup.triage.tracker = tracker
    setup.triage.issue_created()
    app = demo_app(setup)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            feed = app.screen.query_one(MailboxFeed)

            def told() -> int:
                return sum("Cannot reach GitLab" in str(n.message) and (
                    "Known issues not loaded" in str(n.message)
                    or "Matching against the cached" in str(n.message))
                    for n in said_each(app))
            async def tick() -> None:
                feed.sync_known_issues()
                await wait_until(pilot, lambda: not [
                    w for w in app.workers if w.group == "tracker" and not w.is_finished],
                    what="the sync's end")
                await settle(pilot)

            for _ in range(3):  # the timer's ticks
                await tick()
                assert told() == 1, said(app)
            demo_tracker = setup.tracker
            setup.triage.tracker = demo_tracker  # a sync that succeeds
            await tick()
            setup.triage.tracker = tracker  # out of reach again: said again, once
            await tick()
            await tick()
            assert told() == 2, said(app)
    finally:
        tracker.close()
