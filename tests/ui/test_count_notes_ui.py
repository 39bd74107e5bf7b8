"""What the numbers are made of, in the TUI at 80x24 (docs/insight.md, "Session 23: the
TUI shows what the numbers are made of"): a user's resends counted once and unencrypted
reports are said in the known-issues pane, in hot topics' rows (issues, clusters and
regressions) and in a regression's detail, in the words of ``hdtui stats``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len
from textual.app import App
from textual.widgets import OptionList, Static

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import PLAIN_KIND, ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.insight.regressions import Regression
from hdtui.domain.links import ReportCount
from hdtui.domain.weekly import markdown
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from hdtui.ui.widgets.issue_list import COUNTS_AT, IssueList
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import wait_until

TODAY = date(2026, 12, 7)
WORDS = frozenset({"persistent", "storage", "unlock", "fails", "after", "upgrade",
                   "passphrase"})


def _fact(n: int, days_ago: int, **kw: Any) -> ReportFacts:
    return ReportFacts(f"k{n}", f"wb://{n:032x}", f"{n:032x}",
                       TODAY - timedelta(days=days_ago), kw.pop("version", "7.7"), **kw)


def _facts() -> list[ReportFacts]:
    """#20402: five users and three resends of one of them; #13576: one encrypted report
    and five plain ones, which rise on 7.7 against 7.6.2's twenty; a cluster of three plain
    reports and one encrypted sharing a GPU and a journal error."""
    users = [_fact(i, i, likely=(20402,), product=f"M{i}", words=WORDS) for i in range(5)]
    resends = [_fact(10 + i, 0, likely=(20402,), product="M0", words=WORDS)
               for i in range(3)]
    real = _fact(20, 1, likely=(13576,))
    plain = [_fact(30 + i, i, likely=(13576,), product=f"Mac{i}",
                   devices=("usb:0781:5591",), kind=PLAIN_KIND) for i in range(5)]
    before = [_fact(100 + i, 10 + i, version="7.6.2", gpus=("8086:1616",))
              for i in range(20)]
    error = ("snd_hda_intel codec probe failed",)
    sound = [_fact(40 + i, i, gpus=("1002:15bf",), errors=error, kind=PLAIN_KIND)
             for i in range(3)] + [_fact(50, 2, gpus=("1002:15bf",), errors=error)]
    return [*users, *resends, real, *plain, *before, *sound]


RELEASES = (("7.6.2", TODAY - timedelta(days=40)), ("7.7", TODAY - timedelta(days=6)))


def _view() -> Any:
    return overview(_facts(), [], TODAY, releases=RELEASES)


async def test_hot_topics_rows_say_resends_and_unencrypted_reports_at_80x24() -> None:
    view = _view()
    screen = HotTopicsScreen(lambda: view, dict, None, lambda: None)
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.view is not None and screen.items != [])
        listing = screen.query_one("#hot-list", OptionList)
        rows = {id(item): str(listing.get_option_at_index(n).prompt)
                for n, item in enumerate(screen.items)}
        issues = {i.iid: rows[id(i)] for i in screen.items if isinstance(i, IssueStats)}
        assert "5 likely (8 reports, 5 users) ·" in issues[20402]
        assert "6 likely (5 of them unencrypted) ·" in issues[13576]
        [cluster] = [i for i in screen.items if isinstance(i, Cluster)
                     and "k40" in i.reports]
        assert "4 reports (3 of them unencrypted) · new on 7.7 (none before):" \
            in rows[id(cluster)]
        [rose] = [i for i in screen.items if isinstance(i, Regression) and "k30" in i.reports]
        assert rose.mostly_unencrypted
        assert f"{rose.count_before} before (5 of them unencrypted)" in rows[id(rose)]
        # The same words as ``hdtui stats`` (its Markdown), never a second wording.
        text = markdown(view, {})
        assert "(8 reports, 5 users)" in text and "4 reports (3 of them unencrypted)" in text
        assert rose.explanation.endswith("(5 of them unencrypted)")
        # Each row is one or two lines of the list at 80x24.
        width = listing.scrollable_content_region.width
        for n in range(listing.option_count):
            assert len(listing.get_option_at_index(n).prompt) <= 2 * width
        listing.highlighted = screen.items.index(rose)
        await pilot.pause()
        detail = str(screen.query_one("#hot-detail", Static).render())
        assert "since its release (5 of them unencrypted)" in detail


async def test_the_known_issues_pane_says_what_its_count_holds_at_80x24(
    demo_setup: Callable[..., Setup]
) -> None:
    """The counts line under an issue's title says the notes, wrapped under itself inside
    the pane at 80x24."""
    app: Any = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("enter")
        await pilot.press("3")  # the known issues' pane, as the member reads it
        await settle(pilot)
        issues = app.screen.query_one(IssueList)
        await wait_until(pilot, lambda: bool(issues.matches), timeout=30)
        iid = issues.matches[0].issue.iid
        notes = " (8 reports, 5 users; 5 of them unencrypted)"
        issues.show_matches(issues.matches, {iid: ReportCount(3, 5, 5, notes=notes,
                                                              unread=True)})
        await pilot.pause()
        width = issues.scrollable_content_region.width
        lines = str(issues.get_option_at_index(0).prompt).split("\n")
        assert all(cell_len(line) <= width for line in lines), lines
        at = next(n for n, line in enumerate(lines) if "3 linked, 5 likely" in line)
        said = " ".join(line.strip() for line in lines[at:])
        assert said.startswith("3 linked, 5 likely, 5 this week (8 reports, 5 users; 5 of "
                               "them unencrypted) · links not read"), said
        assert all(line.startswith(" " * COUNTS_AT) for line in lines[at:]), lines


def test_the_counts_of_the_known_issues_pane_carry_the_issues_notes() -> None:
    """``Insight.with_likely`` gives the pane an issue's notes (``IssueStats.caveats``)."""
    from tests.support.insight_over import insight_over

    facts = [replace(f, key=f"INBOX/1/{n}") for n, f in enumerate(_facts())]
    insight = insight_over(facts)
    counts = insight._with_likely({20402: ReportCount(0, 0), 13576: ReportCount(0, 0)})
    assert counts[20402].label == "0 linked, 5 likely, 5 this week (8 reports, 5 users)"
    assert counts[13576].label == "0 linked, 6 likely, 6 this week (5 of them unencrypted)"
