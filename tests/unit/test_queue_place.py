"""Putting changed rows in their place in a sorted queue gives the order a full sort gives
(QueueView.apply: a resync of 100,000 rows without sorting them again)."""

from __future__ import annotations

import random

import pytest

from hdtui.domain.mail import Kind
from hdtui.domain.queue import (
    KINDS,
    Row,
    SortOrder,
    queue_line,
    sort_rows,
    threads_touched,
)
from hdtui.domain.queue_columns import QueueColumns
from hdtui.ui.widgets.queue_view import _place


def row(n: int, stamp: float, kind: int, keywords: str = "", report_id: str = "") -> Row:
    return Row(f"INBOX/1/{n}", 10, stamp, kind, 0, 0, keywords, 0,
               queue_line(f"m{n}", "", "", report_id, ""))


@pytest.mark.parametrize("order", [SortOrder.PRIORITY, SortOrder.OLDEST])
def test_rows_put_in_place_one_by_one_are_in_the_order_of_a_full_sort(
        order: SortOrder) -> None:
    chance = random.Random(12)
    columns = QueueColumns()
    for n in range(300):
        columns.put(row(n, float(chance.randrange(10**6)), chance.randrange(len(KINDS))))
    key = columns.place_key(order)
    assert key is not None
    ordered = columns.values().sorted(order).positions
    for step in range(400):
        n = chance.randrange(360)  # a new message, or one whose marks or kind changed
        old = columns.get(f"INBOX/1/{n}")
        if old is not None and step % 3:
            new = old._replace(keywords="$HDTriaged" if not old.keywords else "")
        else:
            new = row(n, float(chance.randrange(10**6)), chance.randrange(len(KINDS)))
        was = columns.keys.position(new.key)
        if old is not None and step % 5 == 0:
            columns.pop(new.key)  # read again: a new position, the old one left behind
        position = columns.put(new)
        _place(ordered, key, [] if was is None else [was], [position])
        assert [columns.keys[p] for p in ordered] == [
            r.key for r in sort_rows(list(columns.values()), order)]


def test_the_orders_that_depend_on_more_than_kind_and_date_have_no_place_key() -> None:
    columns = QueueColumns()
    assert columns.place_key(SortOrder.STATE) is None
    assert columns.place_key(SortOrder.VERSION) is None


def test_a_reply_or_its_report_changing_is_sorted_again_not_put_in_place() -> None:
    report_code, support_code = KINDS.index(Kind.REPORT), KINDS.index(Kind.SUPPORT)
    report = row(1, 100.0, report_code, report_id="8c1f3e0a")
    reply = row(2, 200.0, support_code, report_id="8c1f3e0a")
    other = row(3, 300.0, report_code, report_id="ffff0000")
    mail = row(4, 400.0, support_code)
    rows = [report, reply, other, mail]
    assert threads_touched(rows, [reply])  # a reply naming a report
    assert threads_touched(rows, [report])  # a report a reply names
    assert not threads_touched(rows, [other])  # no reply names it
    assert not threads_touched(rows, [mail])  # a mail naming no report
    # Put in place by the key alone, the reply would leave its report's side:
    ordered = sort_rows(rows, SortOrder.PRIORITY)
    assert [r.key for r in ordered].index(reply.key) == \
        [r.key for r in ordered].index(report.key) + 1
