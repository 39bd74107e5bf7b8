"""The releases pane in the demo (its bundled feed snapshot, no network): opened with L,
latest version, notes by section, the unfixed advisory; a report from before the stable
version says it is outdated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.releases import ReleasesScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle


def text_of(app: HdtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_releases_pane_shows_the_snapshot(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        body = text_of(app, "#releases-body")
        assert "Tails 7.7" in body and "2026-11-10" in body
        for heading in ("New features", "Changes and updates", "Fixed problems",
                        "Known issues"):
            assert heading in body
        assert "Fixes issues #17953, #19113, #17794" in body
        assert "Unfixed advisories: 1" in body
        assert "Thunderbird shows remote images" in body
        assert "7.6.1  emergency" in body  # the earlier releases, the emergency one marked
        assert "up to date" in text_of(app, "#releases-status")
        await pilot.press("escape")
        assert not isinstance(app.screen, ReleasesScreen)


async def test_an_old_report_is_marked_outdated(demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    assert setup.releases is not None
    setup.releases.refresh()  # as `hdtui releases` from cron would have
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)  # a report from Tails 7.5
        head = text_of(app, "#report-head")
        assert "outdated (stable is 7.7)" in head


async def test_feeds_unreachable_and_no_copy_nothing_is_called_outdated(
        demo_setup: Callable[..., Setup], tmp_path: Path) -> None:
    from hdtui.releases.feeds import FeedSettings, ReleaseFeeds
    from hdtui.services.later import ready
    from tests.servers.dovecot import free_port

    nowhere = f"http://127.0.0.1:{free_port()}/feed"  # nothing listens there
    feeds = ReleaseFeeds(FeedSettings(nowhere, nowhere, nowhere, 2.0, 100_000),
                         tmp_path / "releases.json")
    setup = demo_setup()
    setup.services = setup.services._replace(releases=ready(feeds))
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await open_wifi_report(pilot)
        assert "outdated" not in text_of(app, "#report-head")


async def test_feeds_never_fetched_show_advisories_unknown_not_none(
        demo_setup: Callable[..., Setup], tmp_path: Path) -> None:
    """Unknown is not none: the pane and the start line (it said "Tails unknown; 0
    unfixed advisories")."""
    from hdtui.releases.feeds import FeedSettings, ReleaseFeeds
    from hdtui.services.later import ready
    from hdtui.ui.flows.shift import release_line
    from tests.servers.dovecot import free_port

    nowhere = f"http://127.0.0.1:{free_port()}/feed"  # nothing listens there
    feeds = ReleaseFeeds(FeedSettings(nowhere, nowhere, nowhere, 2.0, 100_000),
                         tmp_path / "releases.json")
    result = feeds.refresh()
    line = release_line(result).text
    assert "unfixed advisories unknown" in line and "0 unfixed" not in line
    setup = demo_setup()
    setup.services = setup.services._replace(releases=ready(feeds))
    app = demo_app(setup)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        body = text_of(app, "#releases-body")
        assert "Unfixed advisories: unknown" in body and "none" not in body


async def test_an_outdated_report_offers_the_upgrade_first_and_says_what_is_fixed(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.widgets.issue_list import IssueList
    from hdtui.ui.widgets.reply_list import ReplyList

    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await open_wifi_report(pilot)  # Tails 7.5; the feed's stable is 7.7
        await settle(pilot)
        replies = app.screen.query_one(ReplyList)
        assert replies.templates[0].slug == "upgrade"
        issues = app.screen.query_one(IssueList)
        assert issues.fixed.get(19113) == "7.7"  # 7.7's notes name #19113 as fixed


async def test_replies_are_ranked_again_when_the_feeds_become_known(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.widgets.reply_list import ReplyList

    setup = demo_setup()
    assert setup.releases is not None
    result = setup.releases.refresh()  # the demo's bundled snapshot: stable 7.7
    app = HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_wifi_report(pilot)  # Tails 7.5, the feeds not read yet
        replies = app.screen.query_one(ReplyList)
        assert "upgrade" not in [t.slug for t in replies.templates]
        app.releases_known(result)
        await pilot.pause()
        assert replies.templates[0].slug == "upgrade"
        assert replies.choices[0].reason.startswith("Tails 7.5, older than the current 7.7")


async def test_the_queue_marks_reports_of_older_versions(
    demo_setup: Callable[..., Setup]
) -> None:
    from hdtui.ui.widgets.queue_table import QueueTable, row_cells

    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.stable == "7.7"
        versions = {row.version: row_cells(row, stable=table.stable)[4] for row in table.rows
                    if row.version}
        assert versions["7.5"] == ("7.5↓", "yellow")
        assert versions["7.7"] == ("7.7", "")


def test_hot_topics_heading_without_a_feed_copy_names_no_latest_release() -> None:
    """Releases dated from the reports only (no copy of the feeds) are not "the latest
    release": the heading says it is unknown and which version the reports show."""
    from datetime import date

    from hdtui.domain.insight.overview import overview
    from hdtui.ui.screens.hot_topics import _heading

    view = overview([], [], date(2026, 11, 26), [("7.7", date(2026, 11, 10))])
    assert " · latest release 7.7 · " in _heading(view)
    unknown = _heading(view, feed_known=False)
    assert "latest release unknown (no feed copy; newest reported 7.7)" in unknown
    assert "latest release 7.7" not in unknown
    # A copy too old to judge versions by says so (rules v81).
    assert "feed copy over 45 days old" not in _heading(view)
    old = overview([], [], date(2026, 11, 26), [("7.7", date(2026, 11, 10))], feed_old=True)
    assert " · latest release 7.7 (feed copy over 45 days old: reports on newer versions " \
        "counted; L fetches it) · " in _heading(old)


async def test_the_pane_says_how_many_report_an_issue_on_the_release_that_fixed_it(
    demo_setup: Callable[..., Setup]
) -> None:
    """The known-issues pane said plain "fixed in 7.6" where hot topics says "fixed in
    7.6, yet 1 report on 7.6 or later" (walk24): once hot topics has counted, the pane
    says it in the same words (the demo's #17792, fixed in 7.6, and its likely report
    from 7.6 or later)."""
    from hdtui.ui.widgets.issue_list import IssueList
    from tests.support.pilot import wait_until
    from tests.ui.test_hot_topics import open_hot_topics

    app = demo_app(demo_setup())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_hot_topics(app, pilot, full=True)
        await pilot.press("escape")
        await settle(pilot)
        (likely,) = app.issue_stats[17792].likely
        assert likely.reference == "wb://8f0918653f0b20a17d3e0ac68c47e88a"
        key = likely.key
        table = app.screen.query_one("#queue")
        issues = app.screen.query_one(IssueList)
        view = app.screen.report_pane.view  # type: ignore[attr-defined]
        table.move_cursor(row=next(i for i, r in enumerate(table.rows)  # type: ignore[attr-defined]
                                   if r.key == key))
        await wait_until(pilot, lambda: view.entry is not None and view.entry.key == key
                         and bool(issues.matches), timeout=30, what="the report's issues")
        await settle(pilot)
        assert issues.fixed.get(17792) == "7.6"
        at = next(i for i, m in enumerate(issues.matches) if m.issue.iid == 17792)
        prompt = issues.get_option_at_index(at).prompt
        shown = " ".join(str(getattr(prompt, "plain", prompt)).split())
        assert "fixed in 7.6, yet 1 report on 7.6 or later" in shown, shown
