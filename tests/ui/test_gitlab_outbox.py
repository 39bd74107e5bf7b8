"""GitLab writes in the outbox, on the local GitLab API server over real HTTP
(docs/gitlab-writes.md): a link made while GitLab is unreachable is kept and said so, the
known-issues pane counts it as pending, ctrl+o lists it, r there makes it once GitLab is
back, x drops one after asking; the timer retries a kept link by itself."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hdtui.domain.gitlab_write import WriteKind, WriteState
from hdtui.ui.screens.error import ErrorModal
from hdtui.ui.screens.outbox import OutboxScreen
from hdtui.ui.widgets.issue_list import IssueList
from tests.servers.gitlab_api import GitLabAPI
from tests.support.demo_ui import notifications, settle
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir
from tests.support.pilot import wait_until
from tests.ui.test_maildir_keys import app_over

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


@pytest.fixture
def wifi_maildir(test_key: KeyPair) -> Iterator[Path]:
    """One Wi-Fi report."""
    root = short_tmp("hdg-")
    text = (WB / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    yield write_maildir(root / "Maildir", {"1.M1P1.t": whisperback_message(text, WIFI,
                                                                            test_key)})
    shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def wifi_app(mailbox: Path, api: GitLabAPI, key: KeyPair, tmp_path: Path
             ) -> Iterator[tuple[Any, Any]]:
    """The app over the local GitLab server, whose issue #1 is the demo's Wi-Fi issue (the
    report's best match); its store and tracker are closed at the end."""
    app, project, to_close = app_over(mailbox, api, key, tmp_path)
    try:
        demo = json.loads((ROOT / "hdtui" / "demo" / "known_issues.json").read_text())
        wifi = next(i for i in demo if "RTL8723BE" in i["title"])
        api.update_issue(project, 1, title=wifi["title"], description=wifi["description"])
        to_close[1].sync()  # type: ignore[attr-defined]
        yield app, project
    finally:
        for item in to_close:
            item.close()  # type: ignore[attr-defined]


def pending_lines(screen: Any) -> list[str]:
    return [str(o.prompt) for o in screen.query_one("#outbox-pending").options]


def issue_pane(app: Any) -> str:
    pane = app.screen.query_one(IssueList)
    return "\n".join(str(o.prompt) for o in pane.options)


async def test_a_link_kept_during_an_outage_is_listed_and_made_by_the_retry_key(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    with wifi_app(wifi_maildir, gitlab_api, test_key, tmp_path) as (app, project):
        actions: Any = app.actions
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert "#1" in issue_pane(app)
            gitlab_api.go_away(mode="close")
            await pilot.press("l")
            await settle(pilot)
            await pilot.press("y")  # l asks first
            await settle(pilot)
            shown = notifications(app)
            assert "GitLab unreachable: kept in the outbox, will retry" in shown, shown
            assert type(app.screen).__name__ == "InboxScreen"  # a warning, no dialog
            assert "1 link pending" in issue_pane(app)
            assert "GitLab: 1 write(s) waiting (ctrl+o)" in str(
                app.screen.query_one("#status").render())
            assert project.notes[1] == []

            await pilot.press("ctrl+o")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, OutboxScreen)
            [line] = pending_lines(screen)
            assert f"link note on #1: wb://{WIFI}" in line and "waiting for GitLab" in line
            gitlab_api.come_back()
            await pilot.press("r")
            await settle(pilot)
            assert "1 GitLab write(s) made" in notifications(app)
            assert [WIFI in n["body"] for n in project.notes[1]] == [True]
            assert actions.gitlab_pending() == []
            assert "pending" not in issue_pane(app)

            await pilot.press("ctrl+o")
            await settle(pilot)
            assert pending_lines(app.screen) == []
            assert f"link note on #1: wb://{WIFI}" in str(
                app.screen.query_one("#outbox-gitlab").render())
            await pilot.press("escape")
            await settle(pilot)
            assert [WIFI in n["body"] for n in project.notes[1]] == [True]  # made once


async def test_a_refused_note_is_shown_whole_and_dropped_after_asking(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    with wifi_app(wifi_maildir, gitlab_api, test_key, tmp_path) as (app, project):
        actions: Any = app.actions
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            gitlab_api.fail_next(1, 403)
            with pytest.raises(Exception, match="api scope"):
                actions.add_note(1, "The reports:\n- wb://abc")
            [kept] = actions.gitlab_pending()
            assert (kept.kind, kept.state) == (WriteKind.NOTE, WriteState.REFUSED)
            await pilot.press("ctrl+o")
            await settle(pilot)
            [line] = pending_lines(app.screen)
            assert "note on #1: The reports:" in line and "refused by GitLab" in line
            await pilot.press("enter")  # its whole text, to copy
            await settle(pilot)
            assert type(app.screen).__name__ == "PreviewScreen"
            body = str(app.screen.query_one("#preview-body").render())
            assert "- wb://abc" in body and "403" in body
            await pilot.press("escape")
            await settle(pilot)
            for answer, left in (("n", 1), ("y", 0)):
                await pilot.press("ctrl+o")
                await settle(pilot)
                await pilot.press("x")
                await settle(pilot)
                assert type(app.screen).__name__ == "ConfirmScreen"
                await pilot.press(answer)
                await settle(pilot)
                assert len(actions.gitlab_pending()) == left
            assert "Dropped: " in notifications(app)
            assert project.notes[1] == []


async def test_a_kept_link_is_retried_by_itself_when_due(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    with wifi_app(wifi_maildir, gitlab_api, test_key, tmp_path) as (app, project):
        actions: Any = app.actions
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            gitlab_api.go_away(mode="close")
            await pilot.press("l")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            [kept] = actions.gitlab_pending()
            assert kept.next_try > time.time() + 20  # the first retry: in 30 s
            gitlab_api.come_back()
            # As if the 30 s had passed: the write is due, and the timer says when.
            actions.triage.store.keep_gitlab_pending(replace(kept, next_try=time.time()))
            app.screen.gitlab_retry_at(time.time())  # type: ignore[attr-defined]
            await wait_until(pilot, lambda: actions.gitlab_pending() == [], timeout=10,
                             what="the kept link made by the timer")
            await settle(pilot)
            assert [WIFI in n["body"] for n in project.notes[1]] == [True]
            assert f"  link note on #1: wb://{WIFI}" in notifications(app)  # what was made
            assert "GitLab:" not in str(app.screen.query_one("#status").render())


async def test_a_helpdesk_account_gitlab_does_not_know_is_told_at_start(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    """The start-up sync asks GitLab for the Help Desk's accounts; a name it does not know
    counts nothing, and the member is told (docs/config.md)."""
    app, _, to_close = app_over(wifi_maildir, gitlab_api, test_key, tmp_path,
                                helpdesk_accounts=("helpdesk", "sajolda"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            # A setting to mend: a box, open until read, not a toast gone in 15 s.
            await wait_until(pilot, lambda: isinstance(app.screen, ErrorModal)
                             and "sajolda" in app.screen.message)
            assert "helpdesk_accounts" in notifications(app)  # what the box is about
            box = app.screen
            assert isinstance(box, ErrorModal) and box.error_title == "Help Desk accounts"
            assert "helpdesk_accounts: 'sajolda' is not a GitLab user" in box.message
            assert "'helpdesk'" not in box.message
    finally:
        for item in to_close:
            item.close()  # type: ignore[attr-defined]


async def test_hot_topics_links_refused_by_gitlab_say_not_linked_and_the_reason_once(
        wifi_maildir: Path, gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    """walk25's defect 5: with GitLab answering 403, hot topics' l said "Linked · 0 reports
    linked to #13576: now counted as linked", then the 403 sentence once per report. Now
    the toast says not linked with the reason once; the box lists the reports."""
    from tests.ui.test_hot_topics import open_hot_topics

    with wifi_app(wifi_maildir, gitlab_api, test_key, tmp_path) as (app, project):
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_hot_topics(app, pilot)
            # The report is older than hot topics' 8 weeks: its l is run as y runs it.
            key = next(r.key for r in app.triage.snapshot().rows if r.report_id == WIFI)
            gitlab_api.fail_next(50, 403)
            screen._link((key,), 1)
            await wait_until(pilot, lambda: isinstance(app.screen, ErrorModal), timeout=20,
                             what="the box of the links not made")
            await settle(pilot)
            shown = notifications(app)
            box = str(app.screen.query_one("#error-message").render())
    assert "The report is not linked to #1. Why: GitLab refused" in shown
    assert shown.count("403") == 1 and "Reporter role" in shown
    assert "now counted as linked" not in shown and "reports linked" not in shown
    assert f"report {WIFI}" in box and box.count("403") == 1
    assert project.notes[1] == []
