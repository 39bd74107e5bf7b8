"""The queue table draws a row's cells again only when the row or what its cells show
changed: the whole queue's first rows are the first frame's, and a personal state that
changes nothing on screen draws nothing (docs/benchmarks.md, "Session 17: the warm queue
at 100,000")."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from hdtui.domain.mail import Kind
from hdtui.domain.marks import Personal
from hdtui.domain.queue import KINDS, Row, queue_line
from hdtui.domain.queue_columns import QueueColumns, RowsAt
from hdtui.ui.widgets import queue_table
from hdtui.ui.widgets.queue_table import QueueTable

REPORT = KINDS.index(Kind.REPORT)


def row(n: int, keywords: str = "") -> Row:
    return Row(f"INBOX/7/{n}", 1000 + n, 1.7e9 - n * 60, REPORT, 0, 0, keywords, 1,
               queue_line(f"Report number {n}", "6.0", "Lenovo T480", "", ""))


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield QueueTable()


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the rows whose cells were made."""
    keys: list[str] = []
    original = queue_table.row_cells

    def counting(shown: Row, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
        keys.append(shown.key)
        return original(shown, *args, **kwargs)

    monkeypatch.setattr(queue_table, "row_cells", counting)
    return keys


def line_of(table: QueueTable, at: int) -> str:
    return table.render_line(at + 1).text


async def drawn_once(pilot: Any, made: list[str]) -> QueueTable:
    """The table of ``Bare`` showing 40 rows, drawn; ``made`` emptied."""
    table: QueueTable = pilot.app.query_one(QueueTable)
    table.show([row(n) for n in range(40)])
    await pilot.pause()
    assert len(made) >= 10  # the rows on screen were drawn
    made.clear()
    return table


async def test_the_rows_shown_again_unchanged_keep_their_cells(made: list[str]) -> None:
    app = Bare()
    async with app.run_test(size=(120, 20)) as pilot:
        table = await drawn_once(pilot, made)
        # The whole queue after the first frame's head: the same first rows (made again,
        # from other columns) and more below them.
        table.show([row(n) for n in range(400)])
        await pilot.pause()
        assert made == []
        # A row changed, and one put in at the top: those and the rows moved are drawn.
        table.show([row(-1), row(0, "$HDClaimed"), *(row(n) for n in range(1, 400))])
        await pilot.pause()
        assert made[:3] == ["INBOX/7/-1", "INBOX/7/0", "INBOX/7/1"]
        assert "c" in line_of(table, 1).split()[2]  # the claim shown


async def test_a_row_changed_in_its_columns_is_drawn_again(made: list[str]) -> None:
    """The triage changes its columns in place (a mark set by another member): the same
    position then gives another row, whose cells are made again."""
    columns = QueueColumns()
    for n in range(30):
        columns.put(row(n))
    every = columns.values()
    app = Bare()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(QueueTable)
        table.show(every)
        await pilot.pause()
        assert "c" not in line_of(table, 2).split()[2]
        made.clear()
        columns.put(row(2, "$HDClaimed"))
        table.show(RowsAt(columns, every.positions))
        await pilot.pause()
        assert made == ["INBOX/7/2"]
        assert "c" in line_of(table, 2).split()[2]


async def test_a_personal_state_draws_only_the_rows_it_changes(made: list[str]) -> None:
    app = Bare()
    async with app.run_test(size=(120, 20)) as pilot:
        table = await drawn_once(pilot, made)
        table.set_personal(Personal())  # read from an empty store: nothing changes
        await pilot.pause()
        assert made == []
        table.set_personal(Personal(seen=frozenset({"INBOX/7/3"})))  # one opened
        await pilot.pause()
        assert made == ["INBOX/7/3"]
        table.set_personal(Personal(seen=frozenset({"INBOX/7/3"}), every_claim_mine=True))
        await pilot.pause()
        assert len(made) > 10  # every row may say another claim's owner


def test_a_personal_state_says_which_messages_it_changes() -> None:
    before = Personal(mine=frozenset({"a"}), noted=frozenset({"b"}), waiting={"c": 1.0})
    assert before.changed_keys(before) == frozenset()
    after = Personal(mine=frozenset({"a", "d"}), seen=frozenset({"e"}),
                     waiting={"c": 2.0, "f": 1.0})
    assert after.changed_keys(before) == {"b", "c", "d", "e", "f"}
    assert Personal(every_claim_mine=True).changed_keys(Personal()) is None


async def test_a_waiting_rows_days_follow_the_clock(made: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The state cell of a row waiting for the user counts the days since (``W2``) from
    the clock: a load or a store read later shows the new count, though the row and the
    member's state are unchanged."""
    import hdtui.domain.marks as marks

    now = marks.time.time()
    waiting = Personal(waiting={"INBOX/7/0": now - 3600})
    app = Bare()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(QueueTable)
        table.set_personal(waiting)
        table.show([row(n) for n in range(40)])
        await pilot.pause()
        assert "W0" in line_of(table, 0)
        monkeypatch.setattr(marks.time, "time", lambda: now + 2 * 86400)
        table.show([row(n) for n in range(40)])
        await pilot.pause()
        assert "W2" in line_of(table, 0)
        monkeypatch.setattr(marks.time, "time", lambda: now + 3 * 86400)
        table.set_personal(Personal(waiting={"INBOX/7/0": now - 3600}))  # read again
        await pilot.pause()
        assert "W3" in line_of(table, 0)
