"""Typing a filter in the demo: the queue narrows as the words are typed, the same for
every spelling, prefixes combine, and an unknown prefix says so in the filter box while
the queue keeps the last valid result."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, Static

from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle


def keys(app: HdtuiApp) -> list[str]:
    return [row.key for row in app.screen.query_one(QueueTable).rows]


def error_box(app: HdtuiApp) -> Static | None:
    """The line under the filter box that says what is wrong, once there was something to
    say (mounted at the first error: docs/benchmarks.md, "Session 22: warm first rows")."""
    found = app.screen.query("#filter-error")
    return found.first(Static) if found else None


def error_shown(app: HdtuiApp) -> bool:
    box = error_box(app)
    return box is not None and box.display


async def retype(pilot: Pilot[None], text: str) -> None:
    """Clear the filter box and type ``text`` key by key, as a member does."""
    box = pilot.app.screen.query_one("#filter", Input)
    pilot.app.screen.set_focus(box)
    box.value = ""
    await pilot.press(*text)
    await settle(pilot)  # the debounce, then the search


async def test_the_queue_narrows_as_a_filter_is_typed(demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        everything = keys(app)
        await pilot.press("slash", *"wi")
        await settle(pilot)
        typed_two = keys(app)
        await pilot.press(*"fi")
        await settle(pilot)
        wifi = keys(app)
        assert 0 < len(wifi) <= len(typed_two) < len(everything)
        assert set(wifi) <= set(typed_two)
        for spelling in ("Wi-Fi", "WIFI", "wlan"):
            await retype(pilot, spelling)
            assert keys(app) == wifi, spelling
        await retype(pilot, "wifi kind:report")
        reports = keys(app)
        assert 0 < len(reports) < len(wifi)
        assert {r.kind.value for r in app.screen.query_one(QueueTable).rows} == {"report"}
        await retype(pilot, "pci:10ec:b723 -wifi")
        assert set(keys(app)).isdisjoint(wifi)
        await pilot.press("escape")
        await settle(pilot)
        assert keys(app) == everything


async def test_an_unknown_prefix_is_named_and_the_queue_stays(
        demo_setup: Callable[..., Setup]) -> None:
    app = demo_app(demo_setup())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert error_box(app) is None  # not composed hidden for the first frame
        await retype(pilot, "wifi")
        wifi = keys(app)
        # Pasted at once (typed key by key, "wifi foo" would be a valid filter on the way).
        app.screen.query_one("#filter", Input).insert_text_at_cursor(" foo:bar")
        await settle(pilot)
        assert error_shown(app)
        shown = str(error_box(app).render())  # type: ignore[union-attr]
        assert "unknown filter foo:" in shown and "from, to, subject" in shown
        pane = app.screen.query_one("#queue-pane")  # between the box and the table
        assert [w.id for w in pane.children] == ["filter", "filter-error", "queue"]
        assert keys(app) == wifi  # the last valid result, not an empty queue
        await pilot.press("enter")  # an invalid filter keeps the focus in the box
        assert app.focused is app.screen.query_one("#filter", Input)
        await pilot.press(*["backspace"] * len(" foo:bar"))
        await settle(pilot)
        assert not error_shown(app)
        assert keys(app) == wifi
        app.screen.query_one("#filter", Input).insert_text_at_cursor(" bar:foo")
        await settle(pilot)  # a second error: the same line, shown again with its words
        assert error_shown(app) and len(app.screen.query("#filter-error")) == 1
        assert "unknown filter bar:" in str(error_box(app).render())  # type: ignore[union-attr]


async def test_the_report_follows_the_cursor_onto_a_searched_filters_result(
        demo_setup: Callable[..., Setup]) -> None:
    # The report pane showed the first message; a filter found by the full-text search
    # leaves another under the cursor: the report is that one, not the one before.
    from hdtui.ui.widgets.report_view import ReportView

    app = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ReportView)
        assert view.entry is not None and "URGENT" not in view.entry.summary
        await pilot.press("slash", *"URGENT", "enter")
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.current is not None and "URGENT" in table.current.summary
        await pilot.press("enter")
        await settle(pilot)
        assert view.entry is not None and view.entry.key == table.current.key
