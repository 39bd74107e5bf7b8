"""What a queue row says at a glance, in the demo: the member's own opened messages (kept in
the store, IMAP \\Seen untouched), every mark a row has, the member's note and claim."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.domain.marks import Mark
from hdtui.ui.messages import RowChanged
from hdtui.ui.widgets.queue_table import QueueTable, row_cells
from hdtui.wiring import Setup
from tests.support.demo_ui import WIFI_ID, demo_app, open_wifi_report, settle


def state_of(table: QueueTable, key: str) -> str:
    row = next(r for r in table.rows if r.key == key)
    return row_cells(row, personal=table.personal)[2][0]


def shown_line(table: QueueTable) -> str:
    """The cursor's row as drawn on screen."""
    return table.render_line(table.cursor_row - int(table.scroll_offset.y) + 1).text


def wifi_key(table: QueueTable) -> str:
    return next(r.key for r in table.rows if r.report_id == WIFI_ID and r.kind.value == "report")


async def test_opening_a_report_marks_it_seen_for_me_only(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app: Any = demo_app(setup)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        key = wifi_key(table)
        row = next(r for r in table.rows if r.key == key)
        assert key not in setup.store.seen() and state_of(table, key).startswith("N")
        await open_wifi_report(pilot)
        assert key in setup.store.seen()
        assert not state_of(table, key).startswith("N")
        assert not shown_line(table).split()[2].startswith("N")
        after = next(r for r in table.rows if r.key == key)
        assert after.seen == row.seen  # the shared \Seen flag is not touched


async def test_a_row_with_two_marks_shows_both_and_my_note(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app: Any = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wifi_report(pilot)
        await pilot.press("enter", "escape")  # opened, back on the queue (the pager: the
        # cursor resting on a row opens nothing)
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        key = wifi_key(table)
        row = next(r for r in table.rows if r.key == key)
        row = setup.triage.toggle_mark(row, Mark.FORWARDED)
        row = setup.triage.toggle_mark(row, Mark.ESCALATED)
        app.screen.post_message(RowChanged(row))
        await settle(pilot)
        assert "FE" in shown_line(table)  # neither hides the other
        await pilot.press("c")  # a claim in a local mailbox is mine
        await settle(pilot)
        assert state_of(table, key) == "CFE"
        head = str(app.screen.query_one("#report-head").render())
        assert "claimed, forwarded, escalated" in head and "by me" in head
        await pilot.press("N")
        await settle(pilot)
        await pilot.press(*"ask FT", "ctrl+s")
        await settle(pilot)
        assert state_of(table, key) == "CFE✎" and "CFE✎" in shown_line(table)
