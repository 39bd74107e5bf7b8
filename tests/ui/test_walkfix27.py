"""walkfix27: what the counts say after a link, said true everywhere (docs/insight.md,
"Session 27: walkfix27")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from textual.app import App

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import Overview, overview
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.link_outcome import LinkOutcome
from hdtui.domain.links import IssueLink
from hdtui.domain.word_set import WordSet
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from hdtui.wiring import Setup
from tests.support.pilot import said, said_each, wait_until

TODAY = date(2026, 11, 30)


def _report(n: int, iid: int) -> ReportFacts:
    return ReportFacts(f"k{n}", f"wb://{n:032x}", f"{n:032x}", TODAY - timedelta(days=1),
                       "7.7", likely=(iid,))


async def test_hot_topics_link_says_only_what_the_link_moved() -> None:
    """Hot topics' ``l`` compared the view on screen with a whole count made after the
    link: a report likely for #8 read meanwhile was said as "#8 likely 1 → 2, #8 this
    week 1 → 2", the link's doing. Both sides are now of the messages counted before it;
    the screen still shows the whole count."""
    facts = [_report(0, 7), _report(1, 7), _report(2, 7), _report(3, 8)]
    links: list[IssueLink] = []

    def compute() -> Overview:
        return overview(list(facts), list(links), TODAY)

    def link(keys: tuple[str, ...], iid: int) -> LinkOutcome:
        for f in facts:
            if f.key in keys:
                links.append(IssueLink(iid, f.reference, TODAY))
        return LinkOutcome(len(keys), written=len(keys))

    screen = HotTopicsScreen(compute, dict, link, lambda: None,
                             count=lambda some, unlinked: overview(list(some), [
                                 k for k in links if (k.iid, k.reference) not in unlinked], TODAY))
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.view is not None and not screen.view.partial)
        issue = next(i for i in screen.items if isinstance(i, IssueStats) and i.iid == 7)
        screen.query_one("#hot-list").highlighted = screen.items.index(issue)  # type: ignore[attr-defined]
        await pilot.pause()
        facts.append(_report(4, 8))  # read while the member looks at the preview
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.view is not None
                         and 8 in screen.view.stats and len(screen.view.stats[8].likely) == 2,
                         what="counted again after the link")
        await pilot.pause()
        toasts = [str(n.message) for n in said_each(app)]
        assert any("3 reports linked to #7" in t for t in toasts), toasts
        assert not [t for t in toasts if "#8" in t], toasts


def test_the_same_messages_keep_what_the_link_moved_and_drop_what_came_meanwhile() -> None:
    """``of_the_same_messages``: a report matched to no issue, linked to #7, still moves
    #7's week; the #8 report read meanwhile, counted after only, no longer moves #8; one
    gone meanwhile is taken out of the count before."""
    from hdtui.domain.insight.moved import moved_said, of_the_same_messages

    lone = ReportFacts("k9", "wb://" + "9" * 32, "9" * 32, TODAY - timedelta(days=2), "7.7")
    gone = _report(5, 8)
    facts = [_report(0, 7), _report(3, 8), lone]
    before = overview([*facts, gone], [], TODAY)
    links = [IssueLink(7, lone.reference, TODAY)]
    after = overview([*facts, _report(4, 8), _report(6, 8)], links, TODAY)

    def count_before(some: Sequence[ReportFacts]) -> Overview:
        return overview(list(some), [], TODAY)  # (as it was: without the link)

    def count_after(some: Sequence[ReportFacts]) -> Overview:
        return overview(list(some), links, TODAY)

    said = moved_said(*of_the_same_messages(before, after, count_before, count_after), 7)
    assert said.startswith("Also changed: #7 this week ") and "#8" not in said, said
    assert "#8 likely 2 → 3" in moved_said(before, after, 7)  # counted apart: the defect
    same = of_the_same_messages(before, before, count_before, count_after)
    assert same[0] is before and same[1] is before  # nothing read: no count made


def test_a_link_says_how_many_reports_it_made_possible_for_its_issue() -> None:
    """walkfix27 item 2: three reports saying the same thing, matched to no issue (a new
    problem's cluster); linking one to #7 from the report pane makes the two others #7's
    possible reports (they say what a linked one says), and the message said nothing of
    them. It now says how many and for which issue, in one sentence that fits a toast."""
    from hdtui.domain.insight.moved import moved_said

    words = WordSet(frozenset({"printer", "queue", "stuck", "paper", "cups"}))
    same = [ReportFacts(f"p{n}", f"wb://{0xa0 + n:032x}", f"{0xa0 + n:032x}",
                        TODAY - timedelta(days=10), "7.7", words=words, product=f"M{n}")
            for n in range(3)]
    other = _report(0, 7)
    before = overview([*same, other], [], TODAY, counts_only=True)
    assert not before.stats[7].possible
    after = overview([*same, other], [IssueLink(7, same[0].reference, TODAY)], TODAY,
                     counts_only=True)
    assert {f.key for f in after.stats[7].possible} == {"p1", "p2"}
    said = moved_said(before, after, 7)
    sentence = "#7: 2 more possible reports (they say what a linked one says)."
    assert said.startswith(sentence), said
    assert len(sentence.replace("#7", "#17640")) <= 80
    assert moved_said(after, after, 7) == ""  # none gained: nothing said


def test_the_weekly_markdown_lists_an_issues_possible_reports() -> None:
    """walkfix27 item 3: ``hdtui stats --markdown`` listed each issue's counted reports
    but said nothing of its possible ones, which hot topics and the text output show
    ("0 linked, 3 likely, 1 this week, 1 possible"). They are counted on the issue's line
    and listed on a line of their own, apart from the counted ones."""
    from hdtui.domain.weekly import markdown

    counted = [_report(n, 7) for n in range(2)]
    doubted = replace(_report(9, 7), likely=(), possible=7)
    view = overview([*counted, doubted], [], TODAY)
    assert [f.key for f in view.stats[7].possible] == ["k9"]
    text = markdown(view, {7: "Wi-Fi"})
    line = next(x for x in text.splitlines() if x.startswith("- **#7**"))
    assert "total 2 in the 8 weeks, 1 possible, trend" in line  # its span since walk28
    assert f"  - possible, not counted: `{9:032x}`" in text.splitlines()
    reports = next(x for x in text.splitlines() if x.startswith("  - reports:"))
    assert f"{9:032x}" not in reports


async def _cluster_in_the_queue(pilot: Any) -> tuple[Any, Any]:
    """Hot topics opened on the demo's last week, enter on its first new problem's row:
    the inbox (its queue showing that cluster's reports) and the cluster."""
    from hdtui.domain.insight.clusters import Cluster
    from tests.support.demo_ui import settle

    app = pilot.app
    await settle(pilot)
    inbox: Any = app.screen
    inbox.insight_service().as_of_newest = True  # the demo's mail is fixed in time
    await pilot.press("H")
    await settle(pilot)
    hot = app.screen
    assert isinstance(hot, HotTopicsScreen)
    await wait_until(pilot, lambda: hot.view is not None and not hot.view.partial, 60)
    cluster = next(i for i in hot.items if isinstance(i, Cluster))
    hot.query_one("#hot-list").highlighted = hot.items.index(cluster)  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert inbox.queue.only is not None and inbox.queue.only.row == cluster.id
    return inbox, cluster


async def test_the_queues_reports_of_a_cluster_are_counted_again_after_a_link_and_f5(
    demo_setup: Callable[..., Setup]
) -> None:
    """walkfix27 item 5: enter on a new problem's row showed its 4 reports in the queue
    ("4/65 shown · reports of C-…"); one of them linked to an issue from the report pane,
    and f5, the cluster holds 3, and the queue still showed the 4 hot topics had
    counted. The queue now shows the reports the row holds as counted again."""
    from hdtui.ui.app import HdtuiApp
    from tests.support.demo_ui import settle
    from tests.support.pilot import confirm

    setup = demo_setup()
    app = HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)
    async with app.run_test(size=(160, 45)) as pilot:
        inbox, cluster = await _cluster_in_the_queue(pilot)
        assert len(cluster.reports) == 4
        queue = inbox.queue
        assert queue.only is not None and queue.only.row == cluster.id
        assert len(queue.table.rows) == 4
        assert f"reports of {cluster.id}" in queue.describe()
        newest = queue.table.rows[0]
        assert newest.key == cluster.reports[0]
        queue.table.move_cursor(row=0)
        await settle(pilot)
        await confirm(pilot, "l")
        await settle(pilot)
        await wait_until(pilot, lambda: "Linked to #" in said(app))
        await pilot.press("f5")
        await wait_until(pilot, lambda: len(queue.table.rows) == 3, 60,
                         what="the cluster's reports counted again")
        assert queue.only is not None and newest.key not in queue.only.keys
        assert queue.describe().startswith("3/") and f"reports of {cluster.id}" in \
            queue.describe()


async def test_the_queues_reports_of_a_cluster_are_counted_again_on_f5_not_on_each_change(
    demo_setup: Callable[..., Setup], monkeypatch: Any
) -> None:
    """review27b: every load's end recounted the queue's "reports of C-…", a whole
    overview each (3 s of CPU at 100,000), and every IDLE change (any flag any member sets)
    ends a load. A quiet load (what a change on the server starts) counts nothing again;
    the member's f5 does (after the mail, and after the known issues it fetches too)."""
    from hdtui.ui.app import HdtuiApp
    from tests.support.demo_ui import settle

    setup = demo_setup()
    app = HdtuiApp(setup.triage, {}, "default", setup.label, actions=setup.actions)
    async with app.run_test(size=(160, 45)) as pilot:
        inbox, _ = await _cluster_in_the_queue(pilot)
        recounts: list[object] = []
        monkeypatch.setattr(inbox, "_recount_only", lambda only: recounts.append(only))
        feed = inbox.feed
        feed.refresh_quietly()  # what a change announced by IDLE starts
        assert feed._loading == 1
        await wait_until(pilot, lambda: feed._loading == 0, 60, what="the quiet load's end")
        await settle(pilot)
        assert recounts == []
        await pilot.press("f5")
        await wait_until(pilot, lambda: len(recounts) >= 1, 60, what="f5's recount")
        await settle(pilot)
        assert 1 <= len(recounts) <= 2  # once the mail is read, once the known issues
