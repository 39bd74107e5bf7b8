"""The `?` help at 80x24 (the home size) reads without scrolling sideways: the keys, then
what they do with the binding's id under it, in sections by where they apply (a Where
column of its own was only reached by scrolling sideways there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable

from hdtui.ui.screens.help import HelpScreen
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle


async def test_help_fits_80_columns_with_where_and_ids(
    demo_setup: Callable[..., Setup]
) -> None:
    app: Any = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", DataTable)
        assert table.max_scroll_x == 0
        assert table.virtual_size.width <= table.scrollable_content_region.width
        cells = [" ".join(str(c) for c in table.get_row_at(n)) for n in range(table.row_count)]
        text = "\n".join(cells)
        assert " Main screen:" in cells and " Report:" in cells and " Compose:" in cells
        assert "ctrl+g Import the user's pasted OpenPGP key (asks first)\nimport-key" in text
        meanings = [c for c in cells if c.startswith("W waiting")]
        assert meanings and "since\n(W3: for 3 days" in meanings[0]  # the longest, wrapped


async def test_help_has_one_main_screen_heading_with_quit_s_note_in_its_row(
    demo_setup: Callable[..., Setup]
) -> None:
    """The app's q is heard on the main screen only: it is listed under the one "Main
    screen:" heading, its note ("q closes a view or dialog") in its description, not in a
    heading of its own (docs/keys.md)."""
    app: Any = demo_app(demo_setup())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        table = app.screen.query_one("#help-table", DataTable)
        cells = [" ".join(str(c) for c in table.get_row_at(n)) for n in range(table.row_count)]
        headings = [c for c in cells if c.startswith(" Main screen")]
        assert headings == [" Main screen:"]
        quit_row = " ".join(cells[cells.index(" Main screen:") + 1].split())  # wrapped
        assert quit_row.startswith("q Quit (a view or dialog: q closes it, as escape does)")
