"""The known issues' pane wraps a long title and its matched words under themselves, not
to the pane's first column (walk22 at 80x24: "│ 2011): black…")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len

from hdtui.ui.widgets.issue_list import MATCHED, TITLE_AT, IssueList, hanging
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle
from tests.support.pilot import wait_until


def test_hanging_wraps_under_the_first_line() -> None:
    text = hanging("Black screen after the boot menu on some laptops (since 2011)", 15, 15, 40)
    lines = text.split("\n")
    assert lines[0] == "Black screen after the"
    assert all(line.startswith(" " * 15) and not line[15].isspace() for line in lines[1:])
    assert all(15 + cell_len(line.strip()) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines) == \
        "Black screen after the boot menu on some laptops (since 2011)"


def test_hanging_leaves_short_or_unplaced_text_alone_and_cuts_long_words() -> None:
    assert hanging("short title", 15, 15, 80) == "short title"
    assert hanging("a title of any length at all", 15, 15, 0) == "a title of any length at all"
    cut = hanging("x" * 50, 15, 15, 40).split("\n")
    assert [len(line.strip()) for line in cut] == [25, 25]
    # Wide characters count two cells each.
    wide = hanging("黑屏 " * 10, 15, 15, 40).split("\n")
    assert all(15 + cell_len(line.strip()) <= 40 for line in wide)


def test_hanging_after_other_text_fits_its_first_line_in_what_is_left() -> None:
    # A counts line's piece that starts at column 30 of a 50-cell pane, continued at 8.
    text = "fixed in 7.8 and a long tail of words after it"
    lines = hanging(text, 30, 8, 50).split("\n")
    assert 30 + cell_len(lines[0]) <= 50 and lines[0] == "fixed in 7.8 and a"
    assert all(line.startswith(" " * 8) and 8 + cell_len(line.strip()) <= 50
               for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == text


async def test_the_pane_wraps_its_issues_to_its_width(demo_setup: Callable[..., Setup]) -> None:
    app: Any = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("enter")
        await pilot.press("3")
        await settle(pilot)
        issues = app.screen.query_one(IssueList)
        await wait_until(pilot, lambda: bool(issues.matches), timeout=30)
        width = issues.scrollable_content_region.width  # with the scroll bar, if shown
        for index in range(issues.option_count):
            lines = str(issues.get_option_at_index(index).prompt).split("\n")
            assert all(cell_len(line) <= width for line in lines), lines
            title_end = next(i for i, line in enumerate(lines) if line.startswith(MATCHED))
            assert all(line.startswith(" " * TITLE_AT) for line in lines[1:title_end]), lines


def test_the_counts_line_breaks_between_its_pieces() -> None:
    """The counts line with "counting the queue, so far" and "fixed in" went past the pane
    (75 cells in a 74-cell pane, seen in CI): a piece that does not fit starts the next
    line under the first."""
    from hdtui.ui.widgets.issue_list import _counts_line

    pieces = [("0 reports, 0 this week · counting the queue, so far", ""),
              ("linked", "green"), ("fixed in 7.7", "bold green")]
    text = "".join(t for t, _ in _counts_line(pieces, 74))
    lines = text.split("\n")
    assert lines == ["        0 reports, 0 this week · counting the queue, so far  · linked",
                     "        fixed in 7.7"]
    assert "".join(t for t, _ in _counts_line(pieces, 0)).count("\n") == 0
