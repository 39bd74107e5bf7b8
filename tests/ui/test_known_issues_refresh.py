"""The known issues are synced during a session, not once (walk23 item 8): F5 (and a timer,
every 15 minutes) brings a retitled or closed issue, and the report pane shows it as it
is now; the links another member made meanwhile are read by the same sync (item 1). On
the local GitLab API server over real HTTP, with a Maildir of one Wi-Fi report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.wiring import Setup
from tests.servers.gitlab_api import GitLabAPI
from tests.support.demo_ui import settle
from tests.support.pgp import KeyPair
from tests.support.pilot import wait_until
from tests.ui.test_gitlab_outbox import ROOT, WIFI, issue_pane, wifi_app, wifi_maildir

__all__ = ["wifi_maildir"]  # the fixture


async def test_f5_shows_an_issue_retitled_and_closed_on_gitlab_meanwhile(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    with wifi_app(wifi_maildir, gitlab_api, test_key, tmp_path) as (app, project):
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            await wait_until(pilot, lambda: "#1" in issue_pane(app), what="the match")
            await wait_until(pilot, lambda: app.screen.feed._known_issues_synced,
                             what="the start's sync")
            await pilot.pause(1.0)  # (its worker done)
            await settle(pilot)
            assert "(closed)" not in issue_pane(app)
            gitlab_api.update_issue(project, 1, title="Realtek RTL8723BE: Wi-Fi, retitled",
                                    state="closed")
            alice = GitLabTracker(GitLabSettings(gitlab_api.url, "tails/tails",
                                                 lambda: "glpat-alice", timeout=5.0),
                                  tmp_path / "alice.json")
            gitlab_api.add_user("glpat-alice", "alice")
            try:  # another member links the report meanwhile (an internal note)
                assert alice.link(1, f"wb://{WIFI}", date(2026, 11, 23))
            finally:
                alice.close()

            await pilot.press("f5")
            await wait_until(pilot, lambda: "retitled" in issue_pane(app), timeout=15,
                             what="the new title")

            pane = issue_pane(app)
            assert "Wi-Fi, retitled (closed)" in " ".join(pane.split())
            assert "1 report" in pane and "linked" in pane



async def test_hot_topics_says_which_issues_links_were_not_read(
        demo_setup: Callable[..., Setup], tmp_path: Path) -> None:
    """A GitLab cache whose issues' notes no sync read (GitLab out of reach since): hot
    topics' "0 linked" would be a silent guess, so its heading names the issues whose
    links were not read (walk23 item 1), and the known-issues pane marks each count."""
    import json
    import time

    from tests.servers.dovecot import free_port
    from tests.support.demo_ui import demo_app, open_wifi_report
    from tests.ui.test_hot_topics import counted, open_hot_topics
    from tests.ui.test_known_issues_unloaded import pane_text

    url = f"http://127.0.0.1:{free_port()}"  # nothing listens: every sync fails
    demo = json.loads((ROOT / "hdtui" / "demo" / "known_issues.json").read_text())
    cache = tmp_path / "issues.json"
    cache.write_text(json.dumps({
        "format": 3, "source": f"{url} tails/tails", "project_id": 2,
        "high_water": "2026-11-26T00:00:00.000Z", "synced_at": time.time(),
        "full_at": time.time(), "vetting": "internal",
        "issues": {str(i["iid"]): i for i in demo}, "links": {}, "links_checked": {},
        "links_for": {}}))
    tracker = GitLabTracker(GitLabSettings(url, "tails/tails", lambda: "glpat-x",
                                           timeout=2.0), cache)
    setup = demo_setup()
    setup.triage.tracker = tracker
    assert setup.insight is not None and setup.actions is not None
    setup.insight.tracker = tracker
    setup.actions.tracker = tracker
    setup.triage.issue_created()  # the (new) tracker's issues at their next use
    app = demo_app(setup)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await open_wifi_report(pilot)
            await wait_until(pilot, lambda: "links not read" in pane_text(app),
                             what="the pane's mark")
            screen = await open_hot_topics(app, pilot)
            await counted(pilot, screen)
            heading = str(screen.query_one("#hot-heading").render())
            assert "links not read: #" in heading and "may miss links" in heading
    finally:
        tracker.close()


async def test_counts_say_counting_from_a_sync_that_changed_links_until_counted_again(
        demo_setup: Callable[..., Setup]) -> None:
    """walk23 item 10: after the start's count, the sync brought other members' links;
    for a moment the pane said "12 linked, 0 likely, 6 this week" with no mark while hot
    topics said 2 likely, 7 this week (the issue learnt words from the reports linked).
    A sync that changed links or issues marks the counts "counting" until the queue is
    counted again."""
    from hdtui.domain.issue import SyncResult
    from hdtui.domain.links import ReportCount
    from tests.support.demo_ui import demo_app, open_wifi_report

    setup = demo_setup()
    app = demo_app(setup)
    insight = setup.insight
    assert insight is not None
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)
        feed = app.screen.feed
        await wait_until(pilot, lambda: feed.counted and not insight.counting, timeout=60,
                         what="the first count")
        setup.triage.last_sync = SyncResult(0, 0, 0, 61, 0, False, links_read=1,
                                            links_changed=1)
        feed._known_issues_synced_now()
        assert insight.counting  # at once: the pane's next numbers say so (the demo's
        # count of nothing new ends too soon to catch the mark on screen every time)
        assert insight.with_likely({19113: ReportCount(1, 1)})[19113].counting
        await wait_until(pilot, lambda: not insight.counting and
                         "counting" not in issue_pane(app), timeout=60,
                         what="counted again")
