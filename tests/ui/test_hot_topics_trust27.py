"""Hot topics in the demo (walkfix27b): what needs a look first, and an issue only possible
reports match listed with its possible count (docs/insight.md, "Session 27: walkfix27b")."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.insight.regressions import Regression
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle
from tests.ui.test_hot_topics import open_hot_topics


async def test_flagged_rows_come_first_and_show_at_80x24(
    demo_setup: Callable[..., Setup]
) -> None:
    """The flagged new problem (3 this week) was the last of 31 rows, below 25 issues with
    none this week (walk27): regressions first, then flagged rows, then this week's counts,
    the flagged ones on the first screen."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        items = screen.items
        rows = [i for i in items if not isinstance(i, Regression)]
        flags = [i.flagged for i in rows]
        assert any(flags) and flags == sorted(flags, reverse=True)
        weeks = [i.this_week if isinstance(i, IssueStats) else i.per_week[-1]
                 for i in rows if not i.flagged]
        assert weeks == sorted(weeks, reverse=True)
        assert all(isinstance(i, Regression) for i in items[:len(items) - len(rows)])
        [sound] = [c for c in rows if isinstance(c, Cluster) and c.flagged]
        listing = screen.query_one("#hot-list", OptionList)
        listing.highlighted = 0
        await settle(pilot)
        assert listing.scroll_y == 0 and listing.max_scroll_y > 0
        seen = "\n".join("".join(s.text for s in listing.render_line(y))
                         for y in range(listing.size.height))
        assert sound.id in seen


async def test_an_issue_only_possible_reports_match_has_a_row(
    demo_setup: Callable[..., Setup]
) -> None:
    """An issue only possible matches name had no row (#19110, walk27). Since rules v99 the
    Surface report is likely for #19110, and a possible report the sound cluster holds is
    listed with the cluster only (#19132's); the demo's VMware question has #19138 as its
    best match, not confident: #19138 has possible reports only."""
    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        [only] = [i for i in screen.items if isinstance(i, IssueStats) and i.iid == 19138]
        assert not only.likely and len(only.possible) == 1
        listing = screen.query_one("#hot-list", OptionList)
        row = str(listing.get_option_at_index(screen.items.index(only)).prompt)
        assert "0 linked 0 likely 1 possible" in row


async def test_at_120_columns_each_row_is_one_line_cut_to_the_width(
    demo_setup: Callable[..., Setup]
) -> None:
    """Rows were cut at 120 cells in a list 112 wide: the last words of a title wrapped to
    a line of their own ("RAM: C…", walk27)."""
    import re

    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        listing = screen.query_one("#hot-list", OptionList)
        listing.highlighted = 0
        await settle(pilot)
        lines = ["".join(s.text for s in listing.render_line(y)).rstrip()
                 for y in range(listing.size.height)]
        lines = [line for line in lines if line]
        assert len(lines) == min(len(screen.items), listing.size.height)
        assert all(re.match(r"(⚠ |⚑ |  [#C])", line) for line in lines), lines
        assert any(line.endswith("…") for line in lines)  # some cut, to the width


async def test_enter_on_an_issue_only_possible_reports_match_shows_them(
    demo_setup: Callable[..., Setup]
) -> None:
    """Enter on the row of an issue only possible reports match (#19110's, walk27; #19138's
    since rules v99) said "None of its reports is in this mailbox (linked earlier)": its
    possible report is shown in the queue, said as possible."""
    from tests.support.pilot import said, wait_until

    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        [only] = [i for i in screen.items if isinstance(i, IssueStats) and i.iid == 19138]
        listing = screen.query_one("#hot-list", OptionList)
        listing.highlighted = screen.items.index(only)
        await settle(pilot)
        await pilot.press("b")  # no count to break down: said so, not "linked earlier"
        await settle(pilot)
        assert "#19138 has no report counted, only possible ones" in said(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not screen, timeout=10,
                         what="back in the queue")
        await settle(pilot)
        assert "#19138: 1 possible report, its best match but not a confident one" \
            in said(app)
        assert "linked earlier" not in said(app)
        shown = app.screen.queue.only  # type: ignore[attr-defined]
        assert shown is not None and shown.label == "#19138 (possible)"
        assert set(shown.keys) == {f.key for f in only.possible}
