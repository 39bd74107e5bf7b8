"""The queue's columns kept in the report cache (docs/queue-columns.md, "Kept in the
cache"): a warm start reads them instead of every row, with what changed since put in
place, and gets the queue its rows give; columns read from rows before the queue changed
are kept with the keys changed since; too many changes drop them; a version 7 cache
keeps everything."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import hdtui.cache
from hdtui.cache import FTS, VERSION, ReportCache
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.query import parse
from hdtui.domain.queue import KINDS, ParsedLine, Row, SortOrder, queue_line
from hdtui.domain.queue_columns import QueueColumns
from hdtui.store import SCHEMA as ENTRY_SCHEMA
from hdtui.store import LocalStore

NS = "imap:user@127.0.0.1:993"
PREFIX = "INBOX/1796487337/"


def parsed(n: int, size: int = 100, summary: str = "") -> ParsedLine:
    line = queue_line(summary or f"Wi-Fi {n}", "7.5", "Lenovo T480",
                      f"{n:032x}", "!" if n % 5 == 0 else "")
    return ParsedLine(f"{PREFIX}{n}", size, 1.7e9 + n * 60, n % 3, 0, line, json.dumps({"n": n}),
                      f" wifi{n}")


def filled(store: LocalStore, count: int) -> None:
    """``count`` messages listed and read, two more listed and not read."""
    store.apply_listing(NS, [SourceItem(f"{PREFIX}{n}", 100, seen=n % 2 == 0,
                                        keywords=frozenset({"$HDTriaged"} if n % 4 else ()),
                                        modseq=n) for n in range(1, count + 3)], [])
    store.put_parsed(NS, [parsed(n) for n in range(1, count + 1)])


def read_as_rows(store: LocalStore) -> tuple[list[Row], list[SourceItem]]:
    """The queue and the unread messages as a start without kept columns reads them."""
    columns = QueueColumns()
    unread: list[SourceItem] = []
    store.queue_pages(NS, columns.extend, unread)
    columns.filled()
    return sorted(columns.values(), key=lambda r: r.key), sorted(unread, key=_key)


def _key(item: SourceItem) -> str:
    return item.key


def kept_now(store: LocalStore) -> tuple[list[Row], list[SourceItem]] | None:
    found = store.queue_columns(NS)
    if found is None:
        return None
    columns, unread = found
    return sorted(columns.values(), key=lambda r: r.key), sorted(unread, key=_key)


def keep(store: LocalStore) -> bool:
    generation = store.queue_rows_read(NS)
    assert generation is not None
    return keep_from(store, generation)


def keep_from(store: LocalStore, generation: int) -> bool:
    columns = QueueColumns()
    unread: list[SourceItem] = []
    store.queue_pages(NS, columns.extend, unread)
    columns.filled()
    columns.sort_every()
    return store.keep_columns(NS, generation, columns, unread)


def test_the_kept_columns_give_the_rows_with_every_change_since(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    try:
        filled(store, 30)
        assert kept_now(store) is None  # nothing kept yet: the rows are read
        assert keep(store)
        assert kept_now(store) == read_as_rows(store)
        found = store.queue_columns(NS)
        assert found is not None
        every = found[0].values()
        assert found[0].every_in_order(SortOrder.PRIORITY, len(every)) is not None
        # New mail listed and read, one listed and not read yet, another member's mark,
        # this member's mark, a message gone, one rewritten (its size changed: read
        # again), and one of the unread ones read.
        store.apply_listing(NS, [SourceItem(f"{PREFIX}40", 100), SourceItem(f"{PREFIX}41", 9),
                                 SourceItem(f"{PREFIX}3", 100, keywords=frozenset(
                                     {"$HDClaimed"}), modseq=99),
                                 SourceItem(f"{PREFIX}4", 250)], [f"{PREFIX}5"])
        store.put_parsed(NS, [parsed(40, summary="écran noir"), parsed(31)])
        store.set_keywords(NS, f"{PREFIX}6", "$HDTriaged $HDClaimed")
        kept = kept_now(store)
        assert kept == read_as_rows(store)
        assert kept is not None
        keys = [row.key for row in kept[0]]
        assert f"{PREFIX}40" in keys and f"{PREFIX}5" not in keys and f"{PREFIX}4" not in keys
        assert [i.key for i in kept[1]] == [f"{PREFIX}32", f"{PREFIX}4", f"{PREFIX}41"]
        assert {r.key: r.keywords for r in kept[0]}[f"{PREFIX}3"] == "$HDClaimed"
        # The order kept is of the queue before the changes: sorted again.
        again = store.queue_columns(NS)
        assert again is not None
        assert again[0].every_in_order(SortOrder.PRIORITY, len(again[0].values())) is None
    finally:
        store.close()


def test_columns_read_before_the_queue_changed_are_kept_with_its_changes(
        tmp_path: Path) -> None:
    """Columns read from the rows, then changed in memory at some keys while the cache
    was written at others (the listing of new mail, messages read, another process), are
    kept with every one of those keys recorded: the next start reads their rows again
    and gets the queue the rows give (issue #12)."""
    store = LocalStore(tmp_path / "store.json")
    try:
        filled(store, 5)
        generation = store.queue_rows_read(NS)
        assert generation is not None
        assert kept_now(store) is None  # the mark of the read is no columns
        columns = QueueColumns()
        unread: list[SourceItem] = []
        store.queue_pages(NS, columns.extend, unread)
        columns.filled()
        columns.track(10)
        # Writes between the read and the keep, not in these columns: new mail listed,
        # one read, one gone, another member's mark.
        store.apply_listing(NS, [SourceItem(f"{PREFIX}8", 100),
                                 SourceItem(f"{PREFIX}3", 100, keywords=frozenset(
                                     {"$HDClaimed"}), modseq=50)], [f"{PREFIX}2"])
        store.put_parsed(NS, [parsed(6), parsed(8, summary="new")])
        # A change in memory only (a mark patched over the row), not in the cache.
        row = columns.get(f"{PREFIX}4")
        assert row is not None
        columns.put(row._replace(keywords="$HDLocal"))
        touched = columns.touched()
        assert touched == {f"{PREFIX}4"}
        assert store.keep_columns(NS, generation, columns, unread, touched)
        kept = kept_now(store)
        assert kept == read_as_rows(store)
        assert kept is not None
        rows = {r.key: r for r in kept[0]}
        assert rows[f"{PREFIX}4"].keywords == row.keywords  # the cache's, not memory's
        assert rows[f"{PREFIX}3"].keywords == "$HDClaimed"
        assert f"{PREFIX}2" not in rows and rows[f"{PREFIX}8"].summary == "new"
        assert [i.key for i in kept[1]] == [f"{PREFIX}7"]
    finally:
        store.close()


def test_columns_are_not_kept_past_the_limit_or_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More than CHANGES_LIMIT keys written since the rows were read, or touched in
    memory, and the columns are not kept (the next start reads the rows); nor are they
    without the mark of their read, or a second time from the same read."""
    monkeypatch.setattr(hdtui.cache, "CHANGES_LIMIT", 3)
    store = LocalStore(tmp_path / "store.json")
    try:
        filled(store, 10)
        columns = QueueColumns()
        store.queue_pages(NS, columns.extend, [])
        columns.filled()
        assert not store.keep_columns(NS, 0, columns, [])  # no mark: never read so
        generation = store.queue_rows_read(NS)
        assert generation is not None
        store.put_parsed(NS, [parsed(n, summary="again") for n in (1, 2, 3, 4)])
        assert not store.keep_columns(NS, generation, columns, [])  # 4 written
        generation = store.queue_rows_read(NS)
        assert generation is not None
        store.put_parsed(NS, [parsed(1, summary="once more")])
        assert not store.keep_columns(NS, generation, columns, [], {"a", "b", "c"})
        assert kept_now(store) is None
        generation = store.queue_rows_read(NS)
        assert generation is not None
        assert keep_from(store, generation)
        assert not keep_from(store, generation)  # kept already: its mark is gone
        assert kept_now(store) == read_as_rows(store)
    finally:
        store.close()


def test_more_changes_than_the_limit_drop_the_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond CHANGES_LIMIT keys changed, the columns are dropped (the next start reads
    the rows and keeps them again), and later writes record nothing."""
    monkeypatch.setattr(hdtui.cache, "CHANGES_LIMIT", 3)
    store = LocalStore(tmp_path / "store.json")
    try:
        filled(store, 10)
        assert keep(store)
        store.put_parsed(NS, [parsed(1, summary="one"), parsed(2, summary="two")])
        assert kept_now(store) == read_as_rows(store)
        store.put_parsed(NS, [parsed(3, summary="three"), parsed(4, summary="four")])
        assert kept_now(store) is None
        store.set_keywords(NS, f"{PREFIX}7", "$HDClaimed")
        path = store.cache_path
    finally:
        store.close()
    db = sqlite3.connect(str(path))
    assert db.execute("SELECT count(*) FROM queue_changed").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM queue_columns").fetchone() == (0,)
    db.close()


def test_columns_of_another_format_are_read_as_none(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    try:
        filled(store, 5)
        assert keep(store)
        path = store.cache_path
    finally:
        store.close()
    db = sqlite3.connect(str(path), isolation_level=None)
    meta = json.loads(db.execute("SELECT data FROM queue_columns WHERE name = 'meta'")
                      .fetchone()[0])
    db.execute("UPDATE queue_columns SET data = ? WHERE name = 'meta'",
               (json.dumps({**meta, "format": 999}).encode(),))
    db.close()
    store = LocalStore(tmp_path / "store.json")
    try:
        assert store.queue_columns(NS) is None
        assert keep(store)
        assert kept_now(store) == read_as_rows(store)
    finally:
        store.close()


V7_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, stamp REAL NOT NULL,
    seen INTEGER NOT NULL, keywords TEXT NOT NULL, modseq INTEGER NOT NULL,
    kind INTEGER, decrypt INTEGER, line TEXT,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS queue_order ON queue (ns, kind = {team} DESC, stamp DESC);
CREATE TABLE IF NOT EXISTS messages (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, schema INTEGER NOT NULL,
    full TEXT NOT NULL,
    PRIMARY KEY (ns, key)
);
CREATE TABLE IF NOT EXISTS search (
    id INTEGER PRIMARY KEY, ns TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL,
    UNIQUE (ns, key)
);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facts (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, rules INTEGER NOT NULL,
    issues TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
"""
"""The tables of version 7 (copied from its code; its full-text index is today's FTS)."""


def test_a_version_7_cache_keeps_everything_and_keeps_its_columns_next(
        tmp_path: Path) -> None:
    path = tmp_path / "store-cache.sqlite"
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(V7_SCHEMA.format(team=KINDS.index(Kind.TEAM)) + FTS)
    db.execute("PRAGMA user_version = 7")
    line = parsed(1)
    db.execute("INSERT INTO queue VALUES (?, ?, 100, ?, 1, '$HDClaimed', 7, ?, 0, ?)",
               (NS, line.key, line.stamp, line.kind, line.line))
    db.execute("INSERT INTO queue VALUES (?, ?, 50, 0, 0, '', 8, NULL, NULL, NULL)",
               (NS, f"{PREFIX}2"))
    db.execute("INSERT INTO messages VALUES (?, ?, 100, ?, '{\"n\": 1}')",
               (NS, line.key, ENTRY_SCHEMA))
    db.execute("INSERT INTO search (ns, key, text) VALUES (?, ?, ' wifi')", (NS, line.key))
    db.execute("INSERT INTO search_fts (rowid, text) SELECT id, text FROM search")
    db.execute("INSERT INTO state VALUES ('live-state:x', '{\"uidnext\": 7}')")
    db.execute("INSERT INTO facts VALUES (?, ?, 100, 1, 'abc', '{}')", (NS, line.key))
    db.close()
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    cache.close()
    store = LocalStore(tmp_path / "store.json")
    try:
        rows, unread = read_as_rows(store)
        assert [(r.key, r.keywords, r.line) for r in rows] == [
            (line.key, "$HDClaimed", line.line)]
        assert [i.key for i in unread] == [f"{PREFIX}2"]
        assert store.full(NS, line.key, 100) == {"n": 1}
        assert store.sync_state("live-state:x") == {"uidnext": 7}
        assert [f[0] for f in store.facts(NS)] == [line.key]
        assert store.search(NS, parse("wifi").clauses).include == {line.key}
        assert store.queue_columns(NS) is None  # none kept by version 7
        assert keep(store)
        assert kept_now(store) == (rows, unread)
    finally:
        store.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()
