"""The known issues are synced during a session, not once (walk23 item 8): F5 (and a timer,
every 15 minutes) brings a retitled or closed issue, and the report pane shows it as it
is now; the links another member made meanwhile are read by the same sync (item 1). On
the local GitLab API server over real HTTP, with a Maildir of one Wi-Fi report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI
from tests.support.demo_ui import settle
from tests.support.pgp import KeyPair
from tests.support.pilot import wait_until
from tests.ui.test_gitlab_outbox import WIFI, issue_pane, wifi_app, wifi_maildir

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

