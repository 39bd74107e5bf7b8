"""At 80x24 (the pager) moving the cursor on the queue's page opens nothing: a row stays
"new to me" (N) until its report is opened (enter), as docs/marks.md says. Beside the
queue (120x40) resting on a row shows its report, which opens it: test_row_state.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.wiring import Setup
from tests.support.demo_ui import demo_app, settle
from tests.ui.test_row_state import state_of


async def test_moving_the_cursor_in_the_pager_keeps_new_to_me(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    app: Any = demo_app(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.paged
        table = screen.query_one(QueueTable)
        new = [r.key for r in table.rows if state_of(table, r.key).startswith("N")][:4]
        assert len(new) == 4
        for key in new:
            table.move_cursor(row=next(i for i, r in enumerate(table.rows) if r.key == key))
            await settle(pilot)
            assert screen.report_pane.view.entry.key == key  # read, ready to be opened
        assert all(state_of(table, key).startswith("N") for key in new)
        assert not set(new) & setup.store.seen()
        await pilot.press("enter")  # the report of the last one, on a page of its own
        await settle(pilot)
        assert screen.queue.page == "report"
        assert not state_of(table, new[-1]).startswith("N")
        assert new[-1] in setup.store.seen()
        assert all(state_of(table, key).startswith("N") for key in new[:-1])
        assert not set(new[:-1]) & setup.store.seen()

