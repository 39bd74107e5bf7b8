"""At 80x24 (docs/layouts.md) labels never run into values and nothing is cut mid-word:
a report's long value wraps under its value column, the footer shows only whole keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from hdtui.ui.app import HdtuiApp
from hdtui.ui.labelled import LABEL_WIDTH, Labelled, Line, line
from hdtui.ui.widgets.shift_bar import ShiftBar
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, open_wifi_report, settle

HOME = (80, 24)
VALUE_COLUMN = LABEL_WIDTH + 1
DELL_ID = "f8206796280ced30c2638f92f59f29d1"
"""The demo's Dell Latitude report: its ``Report`` line is too long for 80 columns."""


def screen_lines(app: HdtuiApp) -> list[str]:
    """The screen as the terminal shows it, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_report(pilot: Any, report_id: str) -> None:
    """Show the report ``report_id`` full-screen (the pager at 80 columns)."""
    await settle(pilot)
    table: Any = pilot.app.screen.query_one("#queue")
    table.move_cursor(row=next(i for i, e in enumerate(table.rows)
                               if e.report_id == report_id and e.kind.value == "report"))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_long_value_wraps_under_its_value(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        await open_report(pilot, DELL_ID)
        lines = screen_lines(app)
        start = next(i for i, text in enumerate(lines) if text.lstrip().startswith("Report "))
        label_column = lines[start].index("Report")
        value_column = label_column + VALUE_COLUMN
        assert lines[start][value_column:].startswith(DELL_ID)
        # The wb:// link does not fit beside the ID: it continues under the value.
        assert lines[start + 1][:value_column].strip() == ""
        assert lines[start + 1][value_column:].startswith(f"wb://{DELL_ID}")


def test_every_continuation_starts_at_the_value_column() -> None:
    text = Labelled([line("Summary", "word " * 40), line("To", "short"),
                     Line("Message-ID", Content("<" + "x" * 90 + ">"))])
    rows = text.at(80).plain.splitlines()
    assert rows[0].startswith("Summary    word")
    continued = [row for row in rows if not row[:VALUE_COLUMN].strip()]
    assert len(continued) == len(rows) - 3
    assert all(len(row) <= 80 and row[VALUE_COLUMN] != " " for row in continued)
    assert "To         short" in rows
    # A label as wide as the column keeps its space, and its value folds under itself.
    assert rows[-2].startswith("Message-ID <xxx") and rows[-1].startswith(" " * VALUE_COLUMN + "x")


def test_a_narrow_width_lets_values_flow() -> None:
    """Under 20 cells beside the label the value wraps as plain text does."""
    text = Labelled([line("Summary", "word " * 10)])
    assert text.at(30).plain == text.unwrapped.plain
    assert text.get_height({}, 30) == 3  # type: ignore[arg-type]


async def footer_state(pilot: Pilot[Any], app: HdtuiApp) -> tuple[list[str], str]:
    """The keys the footer shows whole, and the footer's row on the screen once it is
    drawn (a fit re-mounts the keys: the row is blank until the next refresh)."""
    footer = app.screen.query_one(Footer)
    deadline = time.monotonic() + 10
    row = screen_lines(app)[footer.region.y]
    while not row.strip() and time.monotonic() < deadline:
        await pilot.pause(0.02)
        row = screen_lines(app)[footer.region.y]
    shown = [key.key for key in footer.query(FooterKey) if key.display]
    return shown, row


def whole_keys(row: str, app: HdtuiApp) -> None:
    """Every key the footer holds is either shown whole in ``row`` or not at all."""
    footer = app.screen.query_one(Footer)
    assert footer.max_scroll_x == 0, "the keys overflow the footer"
    for key in footer.query(FooterKey):
        label = f"{app.get_key_display(app.screen.active_bindings[key.key].binding)}"
        whole = f"{label} {key.description}".strip()
        assert (whole in row) == key.display, (whole, row)


async def test_the_footer_shows_only_whole_keys(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        await open_wifi_report(pilot)
        shown, row = await footer_state(pilot, app)
        assert "question_mark" in shown and "? Keys" in row  # the help is always there
        assert row.rstrip().endswith("^p palette")
        whole_keys(row, app)
        await pilot.press("enter")  # the report page: its own two keys come first
        await settle(pilot)
        shown, row = await footer_state(pilot, app)
        assert shown[:2] == ["space", "O"] and "question_mark" in shown
        assert "? Keys" in row  # and no key cut short (whole_keys)
        whole_keys(row, app)
        await pilot.resize_terminal(160, 24)  # wider: every key fits again
        await settle(pilot)
        await pilot.pause()
        shown, row = await footer_state(pilot, app)
        assert "f5" in shown and "slash" in shown
        whole_keys(row, app)


async def test_fitting_the_footer_judges_the_keys_once(
        demo_setup: Callable[..., Setup], monkeypatch: Any) -> None:
    """A fit reads the screen's bindings once, and that reading looks at the screen's
    situation once for all its keys: the warm start's fits ran while the whole queue was
    read, and judged every key once per key (docs/benchmarks.md, "Session 9, second
    step")."""
    from hdtui.ui.screens.inbox import InboxScreen
    from hdtui.ui.widgets.fitted_footer import FittedFooter

    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        await settle(pilot)
        looked = []
        situation = InboxScreen.situation
        monkeypatch.setattr(InboxScreen, "situation",
                            lambda screen: looked.append(1) or situation(screen))
        footer = app.screen.query_one(FittedFooter)
        assert len(list(footer.query(FooterKey))) > 5
        footer.fit()
        assert len(looked) == 1
        whole_keys((await footer_state(pilot, app))[1], app)


async def test_the_footer_is_composed_again_only_when_its_keys_change(
        demo_setup: Callable[..., Setup], monkeypatch: Any) -> None:
    """Signals that the bindings may have changed (Textual sends one at each focus, each
    message the cursor rests on...) compose the footer's keys again only when what they
    show changed, once for the signals of one refresh: a warm start at 100,000 composed
    them about nine times, mostly the same (docs/benchmarks.md, "Session 10")."""
    from hdtui.ui.widgets.fitted_footer import FittedFooter

    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        await settle(pilot)
        composed: list[int] = []
        compose = Footer.compose
        monkeypatch.setattr(FittedFooter, "compose",
                            lambda footer: composed.append(1) or compose(footer))
        for _ in range(5):
            app.screen.refresh_bindings()
        await settle(pilot)
        await pilot.pause()
        assert composed == []
        assert not app.screen.query_one(ShiftBar).read_only
        await pilot.press("ctrl+t")  # a read-only skim: the keys that write are left out
        await settle(pilot)
        app.screen.refresh_bindings()
        await settle(pilot)
        await pilot.pause()
        assert composed == [1]
        whole_keys((await footer_state(pilot, app))[1], app)
        # the skim's mailbox writes are left out (docs/skim.md): the keys changed
        assert not any(key.description == "Claim"
                       for key in app.screen.query_one(FittedFooter).query(FooterKey))


async def test_a_footer_whose_screen_was_closed_does_not_compose_again(
        demo_setup: Callable[..., Setup]) -> None:
    """A look at the keys scheduled after a refresh runs after its screen was closed when
    the member leaves quickly (escape from hot topics, then a key): it does nothing
    instead of crashing the app on a footer with no screen (a clean-clone CI run of
    session 17 ended with NoScreen there)."""
    from hdtui.ui.screens.hot_topics import HotTopicsScreen
    from hdtui.ui.widgets.fitted_footer import FittedFooter

    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HotTopicsScreen)
        footer = app.screen.query_one(FittedFooter)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HotTopicsScreen)
        assert not footer.is_attached
        await footer._recompose_if_changed()  # the look that was due: nothing happens
        await pilot.press("L")
        await settle(pilot)
        assert app.is_running
