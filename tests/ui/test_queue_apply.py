"""QueueView.apply puts a resync's changes in place (docs/live-changes.md): every changed,
new, re-read, removed or moved message lands where a full sort puts it, and the work
grows with the messages changed, not with the queue (docs/queue-columns.md,
"Positions")."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from textual.app import App, ComposeResult

from hdtui.domain.mail import Kind
from hdtui.domain.query import Hits
from hdtui.domain.queue import KINDS, Row, SortOrder, queue_line, sort_rows
from hdtui.domain.queue_columns import QueueColumns
from hdtui.domain.queue_keys import QueueKeys
from hdtui.ui.widgets.queue_view import QueueView

REPORT, SUPPORT = KINDS.index(Kind.REPORT), KINDS.index(Kind.SUPPORT)


def message(key: str, stamp: float, kind: int, keywords: str = "", report_id: str = "",
            size: int = 10) -> Row:
    return Row(key, size, stamp, kind, 0, 0, keywords, 0,
               queue_line(f"summary of {key}", "6.10", "", report_id, ""))


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield QueueView(lambda query: Hits(), id="queue-pane")


def shown(view: QueueView) -> list[str]:
    return list(view.table.rows.each_key())


def expected(columns: QueueColumns, order: SortOrder) -> list[str]:
    return [row.key for row in sort_rows(list(columns.values()), order)]


@pytest.mark.parametrize("order", [SortOrder.PRIORITY, SortOrder.OLDEST, SortOrder.STATE])
async def test_changes_applied_one_resync_at_a_time_show_what_a_full_sort_shows(
        order: SortOrder) -> None:
    """The triage's columns changed as a resync changes them (marks in place, new mail,
    a message taken out and read again, removed, moved to another folder), then applied:
    the view shows the queue's messages in the order of a full sort, and counts them."""
    chance = random.Random(10)
    ids = [f"{n:032x}" for n in range(1, 40)]

    def fresh(key: str) -> Row:
        kind = chance.choice([REPORT, REPORT, SUPPORT, KINDS.index(Kind.TEAM),
                              KINDS.index(Kind.SYSTEM)])
        report_id = chance.choice(ids) if kind in (REPORT, SUPPORT) and chance.random() < .7 \
            else ""
        return message(key, chance.uniform(0, 10**6), kind, report_id=report_id)

    columns = QueueColumns()
    for uid in range(1, 400):
        columns.put(fresh(f"INBOX/7/{uid}"))
    next_uid = 400
    async with Host().run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(QueueView)
        view.order = order
        view.load(columns.values())
        await pilot.pause()
        assert shown(view) == expected(columns, order)
        for step in range(120):
            changed: list[Row] = []
            gone: list[str] = []
            for _ in range(chance.choice([1, 1, 2, 5])):
                keys = list(columns)
                what = chance.randrange(5)
                key = chance.choice(keys)
                if what == 0:  # marks changed by another member: in place
                    old = columns.get(key)
                    assert old is not None
                    new = old._replace(keywords="" if old.keywords else "$HDClaimed")
                    columns.put(new)
                    changed.append(new)
                elif what == 1:  # new mail
                    new = fresh(f"INBOX/7/{next_uid}")
                    next_uid += 1
                    columns.put(new)
                    changed.append(new)
                elif what == 2:  # its size changed: taken out, read again
                    old = columns.pop(key)
                    assert old is not None
                    new = fresh(key)._replace(size=old.size + 1)
                    columns.put(new)
                    changed.append(new)
                elif what == 3:  # expunged
                    columns.pop(key)
                    gone.append(key)
                else:  # moved to another folder: a new key
                    old = columns.pop(key)
                    assert old is not None
                    new = old._replace(key=f"Archive/3/{next_uid}")
                    next_uid += 1
                    columns.put(new)
                    gone.append(key)
                    changed.append(new)
            changed = [row for row in changed if row.key in columns]
            view.apply(changed, [key for key in gone if key not in columns])
            await pilot.pause()
            assert shown(view) == expected(columns, order), f"step {step}"
            kinds = Counter(row.kind for row in columns.values())
            assert view.counts == {kind: kinds.get(kind, 0) for kind in KINDS}
            assert len(view.all_rows) == len(columns)


async def test_a_message_read_again_is_shown_once_at_its_new_row() -> None:
    """A message taken out of the queue (its size changed) stays shown as it was until
    its row read again comes; then it is shown once, as read again."""
    columns = QueueColumns()
    for uid in range(1, 50):
        columns.put(message(f"INBOX/7/{uid}", float(uid), REPORT))
    async with Host().run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(QueueView)
        view.load(columns.values())
        await pilot.pause()
        view.table.move_cursor(row=shown(view).index("INBOX/7/20"))
        await pilot.pause()
        old = columns.pop("INBOX/7/20")
        assert old is not None
        view.apply([], [])  # a resync that read nothing yet
        assert shown(view).count("INBOX/7/20") == 1
        new = old._replace(size=99, stamp=1000.0)
        columns.put(new)
        view.apply([new])
        await pilot.pause()
        assert shown(view).count("INBOX/7/20") == 1
        assert shown(view)[0] == "INBOX/7/20"  # the newest now
        assert view.table.current == new  # the cursor followed it
        assert view.all_rows.index_of("INBOX/7/20") is not None


async def test_a_resync_looks_up_a_few_keys_however_long_the_queue(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One message changed in a queue of 20,000: apply looks up keys and makes rows for
    that message and its neighbours, never for every position (it walked them all:
    37 ms at 100,000 on the UI thread at each change, docs/benchmarks.md)."""
    columns = QueueColumns()
    columns.extend([tuple(message(f"INBOX/7/{uid}", float(uid), REPORT,  # type: ignore[misc]
                                  report_id=f"{uid:032x}"))
                    for uid in range(1, 20_001)])
    columns.filled()
    async with Host().run_test(size=(120, 40)) as pilot:
        view = pilot.app.query_one(QueueView)
        view.load(columns.values())
        await pilot.pause()
        work = Counter[str]()
        lookup, make = QueueKeys.__getitem__, QueueColumns.row

        def counted_lookup(keys: QueueKeys, position: int) -> str:
            work["keys"] += 1
            return lookup(keys, position)

        def counted_row(self: QueueColumns, position: int) -> Row:
            work["rows"] += 1
            return make(self, position)

        monkeypatch.setattr(QueueKeys, "__getitem__", counted_lookup)
        monkeypatch.setattr(QueueColumns, "row", counted_row)
        old = columns.get("INBOX/7/12345")
        assert old is not None
        claimed = old._replace(keywords="$HDClaimed")
        columns.put(claimed)
        work.clear()
        view.apply([claimed])
        assert work["keys"] < 500 and work["rows"] < 100, work
        new = message("INBOX/7/20001", 30_000.0, REPORT)
        columns.put(new)
        gone = "INBOX/7/777"
        columns.pop(gone)
        work.clear()
        view.apply([new], [gone])
        assert work["keys"] < 500 and work["rows"] < 100, work
        monkeypatch.undo()
        await pilot.pause()
        assert shown(view)[0] == "INBOX/7/20001"
        assert gone not in shown(view) and len(shown(view)) == 20_000
        assert view.table.rows[shown(view).index("INBOX/7/12345")] == claimed
