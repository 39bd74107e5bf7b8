"""The queue in columns (docs/queue-columns.md): every row comes back as it was put, keys
are found by position and back whatever their form, and a warm start's queue holds a
fraction of what its rows held (tracemalloc)."""

from __future__ import annotations

import gc
import random
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hdtui.cache import ReportCache
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.queue import KINDS, ParsedLine, Row, SortOrder, queue_line, row_of_line
from hdtui.domain.queue_columns import QueueColumns, RowsAt
from hdtui.domain.queue_keys import QueueKeys, split_key

REPORT = KINDS.index(Kind.REPORT)
KEYS = ["INBOX/1796487337/1", "INBOX/1796487337/10", "INBOX/1796487337/2",
        "INBOX/1796487337/0", "INBOX/1796487337/007", "INBOX/1796487337/4294967296",
        "INBOX/7/123456789", "INBOX/7/1234567890", "12", "", "cur/1.M1P1.host,S=2:2,S",
        "Bilder/Ünïcode/٣", "x/y/"]
SUMMARIES = ["Persistent Storage", "écran noir", "Не работает Wi-Fi", "无法启动", "🙂 emoji", ""]
IDS = ["8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", "8C1F3E0A9B7D42E6A5F01C3D9E2B7A64",
       "72e11dad9c9faf4d5a990800a3349dd", "abcdef0123456789abcd", "",
       "zz1f3e0a9b7d42e6a5f01c3d9e2b7a64"]


def rows() -> list[Row]:
    chance = random.Random(7)
    found = []
    for n, key in enumerate(KEYS):
        line = queue_line(SUMMARIES[n % len(SUMMARIES)] + str(n),
                          chance.choice(["7.5", "", "6.0"]),
                          chance.choice(["Lenovo T480", ""]), IDS[n % len(IDS)],
                          "!" if n % 3 == 0 else "")
        found.append(Row(key, 1000 + n, 1.7e9 + n * 0.5, n % len(KINDS), n % 4, n % 2,
                         chance.choice(["", "$HDTriaged", "$HDClaimed \\Flagged"]),
                         2**40 + n, line))
    found.append(Row("odd-line", 1, 0.0, 0, 0, 0, "", 0, "only a summary"))
    # queue_line cleans a lone surrogate away; a Row given as it is keeps it.
    found.append(Row("surrogate", 1, 0.0, 0, 0, 0, "", 0, "lone \udce9\x1f\x1f\x1f\x1f"))
    return found


def test_every_row_comes_back_as_it_was_put() -> None:
    columns = QueueColumns()
    for row in rows():
        columns.put(row)
    for row in rows():
        assert columns.get(row.key) == row
        assert row.key in columns
    assert list(columns.values()) == sorted(rows(), key=lambda r: KEYS.index(r.key)
                                            if r.key in KEYS else len(KEYS) + len(r.key))
    assert len(columns) == len(rows())


def test_the_positions_of_a_report_id_are_those_whose_report_id_it_is() -> None:
    """Searched in the ID bytes (the report pane's thread, docs/queue-columns.md): the
    same positions as a report ID made for each, whatever the ID's form, and not a
    position whose ID changed since, nor bytes that straddle two positions' IDs."""
    columns = QueueColumns()
    for row in rows():
        columns.put(row)

    def each(wanted: str) -> set[int]:
        return {p for p in range(len(columns.keys)) if wanted and columns.report_id(p) == wanted}

    straddling = columns.ids[8:24].hex()  # the end of position 0's, the start of 1's
    for wanted in (*IDS, IDS[0].upper(), "", straddling, "0" * 32):
        assert columns.positions_of_report_id(wanted) == each(wanted), wanted
    assert columns.positions_of_report_id(IDS[0])  # (found at all)
    assert columns.ids.find(bytes.fromhex(straddling)) == 8  # (there, not aligned)
    # An ID changed in place (hexadecimal, then another form, then none): its old bytes
    # stay in the column but name nothing.
    first = next(r for r in rows() if r.report_id == IDS[0])
    position = columns.keys.position(first.key)
    columns.put(first._replace(line=queue_line("changed", "", "", "abc", "")))
    assert position not in columns.positions_of_report_id(IDS[0])
    assert position in columns.positions_of_report_id("abc")
    columns.put(first._replace(line=queue_line("changed", "", "", "", "")))
    assert position not in columns.positions_of_report_id("abc")
    for wanted in (*IDS, "abc"):
        assert columns.positions_of_report_id(wanted) == each(wanted), wanted


def test_a_report_s_positions_are_found_while_another_thread_adds_rows() -> None:
    """The report pane's thread is found in a worker while the queue takes new mail: a
    non-hexadecimal ID put meanwhile must not end the search with "dictionary changed size
    during iteration" (the other IDs were walked a Python step at a time)."""
    import sys
    import threading

    columns = QueueColumns()
    template = rows()[0]
    for n in range(3000):
        columns.put(template._replace(key=f"old/{n}", line=queue_line("s", "", "", f"x{n}", "")))
    stop = threading.Event()

    def adding() -> None:
        n = 0
        while not stop.is_set():
            columns.put(template._replace(key=f"new/{n}",
                                          line=queue_line("s", "", "", f"y{n}", "")))
            n += 1

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    adder = threading.Thread(target=adding)
    adder.start()
    try:
        for _ in range(200):
            assert len(columns.positions_of_report_id("x7")) == 1
    finally:
        stop.set()
        adder.join()
        sys.setswitchinterval(switching)


def test_pages_of_every_form_come_back_as_they_were() -> None:
    """A page of keys that do not all split, IDs that are not all hexadecimal, a line
    without its five fields: each put line by line, as it was."""
    sorted_rows = sorted(rows(), key=lambda r: r.key)
    columns = QueueColumns()
    columns.extend([tuple(r) for r in sorted_rows[:5]])  # type: ignore[misc]
    columns.extend([tuple(r) for r in sorted_rows[5:]])  # type: ignore[misc]
    columns.filled()
    assert list(columns.values()) == sorted_rows
    assert all(columns.get(r.key) == r for r in sorted_rows)


def test_keys_split_only_when_they_come_back_whole() -> None:
    assert split_key("INBOX/1796487337/42") == ("INBOX/1796487337/", 42)
    assert split_key("12") == ("", 12)
    for key in ("INBOX/1/007", "INBOX/1/1234567890", "x/", "", "a/٣"):
        assert split_key(key) is None
    keys = QueueKeys()
    for key in KEYS:
        keys.bind(keys.append(key))
    assert [keys[p] for p in range(len(KEYS))] == KEYS
    assert [keys.position(k) for k in KEYS] == list(range(len(KEYS)))
    assert keys.position("INBOX/1796487337/3") is None
    assert keys.position("INBOX/9/1") is None


@pytest.mark.parametrize("odd", ["", "1733.M2P3.host", "1733.M2P3.host2", "INBOX/5/1"])
def test_a_page_of_keys_that_end_in_no_digit_is_kept_whole_at_once(
        odd: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Maildir's keys end in its host's name: none splits, so a page of them is kept
    whole at once, not key by key (docs/insight.md, "Session 13: stats --json at
    100,000"); a page with a key that ends in a digit goes the long way. Either way each
    key comes back as it was and is found."""
    keys = sorted({"1733.M1P1.host", "1734.M1P2.host", odd, "1735.M9P1.other-host"})
    one_by_one = QueueKeys()
    for key in keys:
        one_by_one.bind(one_by_one.append(key))
    if not odd[-1:].isdigit():
        monkeypatch.setattr(QueueKeys, "_add", None)  # not called
    page = QueueKeys()
    page.extend(keys)
    assert [page[p] for p in range(len(keys))] == keys
    assert [page.position(key) for key in keys] == list(range(len(keys)))
    assert page.position("1733.M1P1.hos") is None
    (arrays, data), (arrays_one, data_one) = page.state(), one_by_one.state()
    assert (arrays["prefix"], arrays["number"]) == (arrays_one["prefix"], arrays_one["number"])
    assert (data["whole"], data["prefixes"]) == (data_one["whole"], data_one["prefixes"])


@pytest.mark.parametrize("odd", ["007", "\u0663", "1234567890", "", "0", "12", "5/1"])
def test_a_page_of_one_folders_keys_comes_back_whole(odd: str) -> None:
    """A page's keys of one prefix are cut at its length at once: a key whose tail does
    not come back from its number (a leading zero, a digit of another script, too many
    digits, none) sends the page the long way, and every key comes back as it was."""
    keys = sorted({"INBOX/5/1", "INBOX/5/20", f"INBOX/5/{odd}", "INBOX/5/3"})
    page = [(key, 1, 1.0, 0, 0, 0, "", 0, queue_line(f"plain {n}", "7.5", "", "", ""))
            for n, key in enumerate(keys)]
    columns = QueueColumns()
    columns.extend(page)
    columns.filled()
    assert [columns.keys[p] for p in range(len(keys))] == keys
    assert [columns.keys.position(key) for key in keys] == list(range(len(keys)))
    assert [tuple(row) for row in columns.values()] == page


def test_a_message_taken_out_and_put_again_gets_a_new_position() -> None:
    columns = QueueColumns()
    first, second = rows()[:2]
    at = columns.put(first)
    columns.put(second)
    assert columns.put(first) == at  # the same row: nothing written
    marked = first._replace(keywords="$HDTriaged", seen=1)
    assert columns.put(marked) == at  # changed in place
    assert columns.get(first.key) == marked
    assert columns.pop(first.key) == marked
    assert columns.get(first.key) is None and len(columns) == 1
    assert columns.row(at) == marked  # the view may still name the old position
    again = columns.put(first)
    assert again != at and columns.get(first.key) == first
    assert [r.key for r in columns.values()] == [second.key, first.key]


def test_every_position_counted_and_searched_at_once_gives_what_each_row_gives() -> None:
    """With no message removed, the queue's rows are every position in order: their kinds
    are counted from the column itself and a decryption state no row has is found absent
    at once (docs/benchmarks.md, "Session 11"); both give what a walk of the rows gives,
    and once a message is removed (or the columns grow) the walk is taken."""
    columns = QueueColumns()
    for row in rows():
        columns.put(row)
    every = columns.values()
    assert every.every and list(every.positions) == list(range(len(rows())))
    walked = RowsAt(columns, every.positions)
    assert not walked.every
    assert every.kind_counts() == walked.kind_counts() == {
        code: sum(row.kind_code == code for row in rows()) for code in range(len(KINDS))}
    for state in range(5):
        expected = [row.key for row in rows() if row.decrypt_code == state]
        assert [r.key for r in every.where_equal(columns.decrypt, state)] == \
            [r.key for r in walked.where_equal(columns.decrypt, state)]
        assert sorted(r.key for r in every.where_equal(columns.decrypt, state)) == \
            sorted(expected)
    columns.put(Row("late", 1, 0.0, REPORT, 0, 0, "", 0, queue_line("x", "", "", "", "")))
    assert every.kind_counts() == walked.kind_counts()  # the rows given, not the columns'
    columns.pop(rows()[0].key)
    after = columns.values()
    assert not after.every and len(after) == len(rows())
    assert after.kind_counts()[REPORT] == every.kind_counts()[REPORT] + 1 - (
        rows()[0].kind_code == REPORT)


def parsed(n: int, prefix: str = "INBOX/1796487337/") -> ParsedLine:
    line = queue_line(f"Persistent Storage does not unlock after the update {n}", "7.5",
                      "Lenovo ThinkPad X1 Carbon 5th", f"{n:032x}", "")
    return ParsedLine(f"{prefix}{n}", 5000 + n, 1.7e9 + n, REPORT, 0, line, "{}", "")


@pytest.fixture
def cache(tmp_path: Path) -> ReportCache:
    cache = ReportCache(tmp_path / "cache.sqlite", 1)
    lines = [parsed(n) for n in range(1, 3001)]
    cache.apply_listing("ns", [SourceItem(p.key, p.size, False, datetime.fromtimestamp(
        p.stamp, UTC), frozenset(), 0) for p in lines], [])
    cache.put_parsed("ns", lines)
    return cache


def test_a_warm_start_fills_the_columns_in_key_order_and_finds_every_key(
        cache: ReportCache) -> None:
    columns = QueueColumns()
    cache.pages("ns", columns.extend, page=700)
    columns.filled()
    rows = {row.key: row for row in cache.lines("ns", row_of_line)}
    assert len(columns) == len(rows) == 3000
    for key, row in rows.items():
        assert columns.get(key) == row
    shuffled = QueueColumns()  # pages out of key order: the index is sorted once
    lines = cache.lines("ns", tuple)
    random.Random(3).shuffle(lines)
    for at in range(0, len(lines), 500):
        shuffled.extend(lines[at:at + 500])
    shuffled.filled()
    assert all(shuffled.get(key) == row for key, row in rows.items())
    assert [r.key for r in RowsAt(columns, columns.values().positions).sorted(
        SortOrder.PRIORITY)][:3] == ["INBOX/1796487337/3000", "INBOX/1796487337/2999",
                                      "INBOX/1796487337/2998"]


def traced(make: object) -> int:
    """Bytes traced for what ``make()`` returns (kept), without its passing garbage."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = make()  # type: ignore[operator]
        gc.collect()
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return size


def test_a_warm_starts_queue_holds_under_160_bytes_a_message(cache: ReportCache) -> None:
    """What a warm start keeps of each message (docs/benchmarks.md, "The queue in
    columns"): before, a Row and a dict entry, about 430 bytes at 100,000 (with a
    89-character line), 453 here; now the summary's UTF-8 and about 80 bytes of columns."""

    def columns() -> QueueColumns:
        found = QueueColumns()
        cache.pages("ns", found.extend)
        found.filled()
        return found

    def as_rows() -> dict[str, Row]:
        return {row.key: row for row in cache.lines("ns", row_of_line)}

    per_message = traced(columns) / 3000
    assert per_message < 160  # 139 here (a 56-character summary: 56 bytes of UTF-8)
    assert traced(as_rows) / 3000 > 2 * per_message


def restored(columns: QueueColumns, piece: int = 5) -> QueueColumns:
    """``columns`` through ``state`` and ``restore``, each array given as bytes in pieces
    of ``piece`` bytes (the cache's BLOBs are read a piece at a time)."""
    arrays, data = columns.state()

    def pieces(raw: bytes) -> list[bytes]:
        return [raw[at:at + piece] for at in range(0, len(raw), piece)]

    return QueueColumns.restore(data, [(name, pieces(bytes(column)) if isinstance(
        column, bytearray) else pieces(column.tobytes())) for name, column in arrays.items()])


def test_columns_kept_come_back_with_every_row_key_and_position() -> None:
    """Rows of every form (keys kept whole, odd lines, report IDs that are not hex), a
    message taken out and one put again: the columns restored give the same rows, find
    the same keys and take changes as the original does (docs/queue-columns.md, "Kept in
    the cache")."""
    columns = QueueColumns()
    for row in rows():
        columns.put(row)
    columns.pop("12")
    columns.put(rows()[0]._replace(keywords="$HDTriaged", size=5))
    again = restored(columns)
    assert list(again.values()) == list(columns.values())
    assert list(again.values().positions) == list(columns.values().positions)
    for row in rows():
        assert again.get(row.key) == columns.get(row.key)
    assert "12" not in again
    new = Row("INBOX/1796487337/3", 7, 1.8e9, REPORT, 0, 0, "", 1, queue_line(
        "new", "7.6", "", IDS[0], ""))
    for queue in (columns, again):
        queue.put(new)
        queue.pop(KEYS[1])
    assert list(again.values()) == list(columns.values())
    assert again.positions_naming([IDS[0]]) == columns.positions_naming([IDS[0]])


def test_the_default_order_is_kept_until_a_row_changes() -> None:
    """``sort_every`` sorts the whole queue once (in the worker), kept with the columns:
    the queue view's sort of every row gives that order without sorting again, the same
    as sorting; once a row changes, it sorts again."""
    columns = QueueColumns()
    columns.extend([tuple(row) for row in rows()])
    columns.filled()
    expected = list(columns.ordered(columns.values().positions, SortOrder.PRIORITY))
    columns.sort_every()
    again = restored(columns)
    for queue in (columns, again):
        every = queue.values()
        kept = queue.every_in_order(SortOrder.PRIORITY, len(every))
        assert kept is not None and list(kept) == expected
        assert list(every.sorted(SortOrder.PRIORITY).positions) == expected
        assert queue.every_in_order(SortOrder.OLDEST, len(every)) is None
        newest = Row(KEYS[2], 1002, 2e9, REPORT, 0, 0, "", 0, queue_line("now", "", "", "",
                                                                        ""))
        queue.put(newest)  # in place: now the newest report
        assert queue.every_in_order(SortOrder.PRIORITY, len(every)) is None
        resorted = queue.values().sorted(SortOrder.PRIORITY)
        assert list(resorted.positions) == list(queue.ordered(
            queue.values().positions, SortOrder.PRIORITY))
        assert list(resorted.positions) != expected


def test_columns_of_another_shape_are_refused() -> None:
    columns = QueueColumns()
    columns.extend([tuple(row) for row in rows()[:4]])
    arrays, data = columns.state()
    given = [(name, [bytes(column) if isinstance(column, bytearray) else column.tobytes()])
             for name, column in arrays.items()]
    with pytest.raises(ValueError):
        QueueColumns.restore(data, given[:-1])  # a column missing
    with pytest.raises(ValueError):
        QueueColumns.restore(data, [(name, [raw[0][:-4]] if name == "size" else raw)
                                    for name, raw in given])  # unequal lengths
    with pytest.raises(KeyError):
        QueueColumns.restore({k: v for k, v in data.items() if k != "words"}, given)


def test_every_position_comes_in_order_however_the_keys_came() -> None:
    """``values`` of a queue with nothing removed is every position in order: copied from
    the keys' index while that is 0, 1, 2… (a warm start's read, new mail with higher
    UIDs), made again otherwise (a key put between others, pages out of order)."""
    def row(uid: int) -> Row:
        return Row(f"INBOX/1796487337/{uid}", 1, 1.7e9 + uid, REPORT, 0, 0, "", 0,
                   queue_line(f"s{uid}", "", "", "", ""))

    columns = QueueColumns()
    columns.extend([tuple(row(uid)) for uid in (1, 2, 3)])
    columns.filled()
    assert columns.keys.every() is not None
    columns.put(row(4))  # new mail, at the end of the index (keys sort as strings)
    assert columns.keys.every() is not None
    again = restored(columns)
    assert again.keys.every() is not None
    for queue in (columns, again):
        queue.put(row(25))  # between 2 and 3: the index is no longer the positions
        assert queue.keys.every() is None
        every = queue.values()
        assert every.every and list(every.positions) == list(range(5))
        assert [r.key.rsplit("/", 1)[1] for r in every] == ["1", "2", "3", "4", "25"]
    unsorted = QueueColumns()
    unsorted.extend([tuple(row(uid)) for uid in (3, 1, 2)])
    unsorted.filled()
    assert unsorted.keys.every() is None
    assert list(unsorted.values().positions) == [0, 1, 2]
    assert [unsorted.keys[p] for p in unsorted.keys._index] == [
        row(uid).key for uid in (1, 2, 3)]
