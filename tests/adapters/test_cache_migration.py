"""The report caches of earlier versions are migrated, never dropped: version 3's queue
lines, written before mail text had a boundary, are made safe (docs/text-safety.md);
version 4's search text gives way to the filter's documents, written again from the
cached messages (docs/filter.md); version 5's list mail is read again for the messages it
attaches (docs/moderation.md); version 6's index of the documents is kept, its trigger
indexing each new document on its own dropped (docs/cold-start.md, "Writing the cache");
version 8's saved facts, JSON objects, become the arrays version 9 reads (docs/insight.md,
"Session 13: stats --json at 100,000"); version 9's caches are kept as they are, without
the mark of version 10 saying the filter's documents are complete (docs/filter.md)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hdtui.cache import (
    DOCUMENTS_STATE,
    FTS,
    HEAD_INDEX,
    LINE_COLUMNS,
    PRIORITY,
    SCHEMA,
    VERSION,
    ReportCache,
)
from hdtui.code_digest import document_code
from hdtui.domain.codec import to_data
from hdtui.domain.facts_codec import decode_rows, encode
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.message import Message
from hdtui.domain.query import parse
from hdtui.domain.queue import KINDS, SEP, DecryptState, Entry, ParsedLine, Row
from hdtui.domain.report import parse_report
from hdtui.domain.word_set import WordSet
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import SCHEMA as ENTRY_SCHEMA
from hdtui.store import LocalStore

TEAM = KINDS.index(Kind.TEAM)
"""The team kind's code, as the index of older versions names it."""
V4_SCHEMA = """
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
    ns TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (ns, key)
);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facts (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, rules INTEGER NOT NULL,
    issues TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
"""
"""The tables as versions 3 and 4 created them, copied from the code of version 4."""

HOSTILE_LINE = SEP.join(("Wi-Fi \x1b]52;c;eA==\x07gone", "7.5\x1bc", "HP\u202e 250",
                         "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", ""))
SAFE_LINE = SEP.join(("Wi-Fi nice", "7.5", "HP 250", "0123", ""))
SHIFTED_LINE = SEP.join(("summary", "7.7", "X", "HP 250", "0456", ""))
"""Version 3 kept SEP out of the summary but not the version: ``VERSION="7.7\x1fX"``."""


def write_version_3(path: Path) -> None:
    """A cache exactly as version 3 left it: same tables, raw text in the lines."""
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(V4_SCHEMA.format(team=TEAM))
    db.execute("PRAGMA user_version = 3")
    rows = [("INBOX", "k1", 10, 1.0, 0, "$HDClaimed", 5, 1, 1, HOSTILE_LINE),
            ("INBOX", "k2", 20, 2.0, 1, "", 6, 1, 0, SAFE_LINE),
            ("INBOX", "k3", 30, 3.0, 1, "", 7, 1, 0, SHIFTED_LINE)]
    db.executemany("INSERT INTO queue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    full = {"message": {"key": "k1", "subject": "s\x1bc"}, "kind": "report"}
    db.execute("INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
               ("INBOX", "k1", 10, 3, json.dumps(full)))
    db.execute("INSERT INTO state VALUES (?, ?)", ("imap:INBOX", json.dumps({"uidnext": 7})))
    db.close()


def test_a_version_3_cache_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "store-cache.sqlite"
    write_version_3(path)
    cache = ReportCache(path, schema=3)
    try:
        rows = {row.key: row for row in cache.lines("INBOX", lambda line: Row(*line))}
        # Nothing dropped: both messages, their marks and the sync state are still there.
        assert set(rows) == {"k1", "k2"}  # and k3, to read again (below)
        assert rows["k1"].keywords == "$HDClaimed" and rows["k1"].modseq == 5
        assert cache.state("imap:INBOX") == {"uidnext": 7}
        assert cache.full("INBOX", "k1", 10) is not None
        # The hostile line is safe, field by field; the other one is untouched.
        assert rows["k1"].summary == "Wi-Fi \u241b]52;c;eA==\u2407gone"
        assert rows["k1"].version == "7.5\u241bc"
        assert rows["k1"].hardware == "HP<U+202E> 250"
        assert rows["k1"].report_id == "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
        assert rows["k2"].line == SAFE_LINE
        assert "\x1b" not in "".join(row.line for row in rows.values())
        # A shifted line is not guessed at: the message is read again.
        assert "k3" not in rows
        assert [item.key for item in cache.unread("INBOX")] == ["k3"]
    finally:
        cache.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()


REPORT = """Subject: Écran noir après la mise à jour
From: rené@example.fr
Tails-Version: 7.5

Que s'est-il passé ?
--------------------

Le Wi-Fi ne trouve aucun réseau.
"""


def wifi_entry(key: str) -> Entry:
    message = Message(key=key, subject="Bug report: 2b", sender="devnull@tails.boum.org",
                      sender_address="devnull@tails.boum.org",
                      date=datetime(2026, 11, 3, tzinfo=UTC))
    return Entry(message, Kind.REPORT, parse_report(REPORT, "2b"), DecryptState.DECRYPTED)


def write_version_4(path: Path, namespace: str, entries: dict[str, Any]) -> None:
    """A cache exactly as version 4 left it: read messages with their lowercased search
    text, a listed one not read yet, marks, a sync state and saved facts."""
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(V4_SCHEMA.format(team=TEAM))
    db.execute("PRAGMA user_version = 4")
    for n, (key, entry) in enumerate(entries.items(), 1):
        row = entry.row(SourceItem(key, 100 + n))
        db.execute("INSERT INTO queue VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (namespace, key, 100 + n, row.stamp, 0, "$HDClaimed", 7, row.kind_code,
                    row.decrypt_code, row.line))
        db.execute("INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                   (namespace, key, 100 + n, ENTRY_SCHEMA, json.dumps(to_data(entry))))
        db.execute("INSERT INTO search VALUES (?, ?, ?)",
                   (namespace, key, "écran noir\nle wi-fi ne trouve aucun réseau"))
    db.execute("INSERT INTO queue VALUES (?, 'unread', 9, 0, 0, '', 0, NULL, NULL, NULL)",
               (namespace,))
    db.execute("INSERT INTO state VALUES ('live-state:x', '{\"uidnext\": 7}')")
    db.execute("INSERT INTO facts VALUES (?, 'k,1', 101, 1, 'abc', '{}')", (namespace,))
    db.close()


def test_a_version_4_cache_keeps_everything_but_its_search_text(tmp_path: Path) -> None:
    path = tmp_path / "store-cache.sqlite"
    write_version_4(path, "ns", {"k,1": wifi_entry("k,1")})
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    try:
        rows = cache.lines("ns", lambda line: Row(*line))
        assert [(r.key, r.keywords, r.modseq) for r in rows] == [("k,1", "$HDClaimed", 7)]
        assert cache.full("ns", "k,1", 101) is not None
        assert [i.key for i in cache.unread("ns")] == ["unread"]
        assert cache.state("live-state:x") == {"uidnext": 7}
        assert [f[0] for f in cache.facts("ns")] == ["k,1"]
        # The old search text is gone: the message waits for its document.
        assert cache.search("ns", parse("wifi").clauses).include == set()
        assert cache.unindexed("ns") == [("k,1", 101)]
    finally:
        cache.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
    db.close()


def migrated_store(tmp_path: Path) -> tuple[MaildirSource, list[str], LocalStore]:
    """A store over an empty Maildir whose cache, written by version 4, holds three read
    reports (their documents not written yet, once migrated)."""
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    source = MaildirSource(mailbox)
    keys = [f"1700000001.M{n}P1.host,S=4521,W=4600" for n in range(3)]
    write_version_4(tmp_path / "store-cache.sqlite", source.identity,
                    {key: wifi_entry(key) for key in keys})
    store = LocalStore(tmp_path / "store.json")
    return source, keys, store


def test_the_documents_of_a_migrated_cache_are_written_again(tmp_path: Path) -> None:
    source, keys, store = migrated_store(tmp_path)
    try:
        triage = Triage(source, None, store, None, [], ())  # type: ignore[arg-type]
        progress: list[tuple[int, int]] = []
        assert triage.index_documents(lambda done, total: progress.append((done, total))) == 3
        assert progress[-1] == (3, 3)
        assert triage.index_documents() == 0  # nothing left to write
        for text in ("wifi", "Wi-Fi", "ecran", "réseaux", "from:rene", "subject:noir"):
            assert store.search(source.identity, parse(text).clauses).include == set(keys)
        assert store.search(source.identity, parse("printer").clauses).include == set()
    finally:
        store.close()


def test_the_documents_older_code_made_are_written_again(tmp_path: Path) -> None:
    # A filter document holds the words of the version that made it ("serveur" read as
    # "server" only from some version on): documents made by other code are dropped and
    # written again from the cached messages (docs/filter.md, "Documents made by older
    # code"); documents the current code made stay.
    source, keys, store = migrated_store(tmp_path)
    try:
        triage = Triage(source, None, store, None, [], ())  # type: ignore[arg-type]
        assert triage.index_documents() == 3  # migrated: none yet
        assert triage.index_documents() == 0  # made by this code: kept
        store._cache.set_state(DOCUMENTS_STATE, "an older version's digest")
        assert store.unindexed(source.identity) == []
        assert triage.index_documents() == 3  # dropped, written again
        assert triage.index_documents() == 0
        assert store.search(source.identity, parse("wifi").clauses).include == set(keys)
    finally:
        store.close()


def test_a_new_cache_keeps_the_documents_its_first_read_writes(tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "new.sqlite", schema=ENTRY_SCHEMA)
    try:
        cache.put_documents("ns", [("k,1", " wifi printer")])
        assert cache.documents_made_by(document_code()) is False
        assert cache.search("ns", parse("wifi").clauses).include == {"k,1"}
        assert cache.documents_made_by("other code") is True
        assert cache.search("ns", parse("wifi").clauses).include == set()
        assert cache.unindexed("ns") == []  # (no queue rows here: nothing to write again)
        cache.put_documents("ns", [("k,1", " scanner"), ("k,2", " wifi")])
        assert cache.search("ns", parse("scanner").clauses).include == {"k,1"}
        assert cache.search("ns", parse("wifi").clauses).include == {"k,2"}
        cache._db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
        cache.put_documents("ns", [("k,2", " printer")])  # its trigger is back
        assert cache.search("ns", parse("wifi").clauses).include == set()
    finally:
        cache.close()


def test_a_version_5_cache_reads_its_list_mail_again(tmp_path: Path) -> None:
    path = tmp_path / "store-cache.sqlite"
    notice = Entry(Message(key="n", subject="Tails-dev post from x@y.z requires approval",
                           sender_address="tails-dev-owner@boum.org"), Kind.LIST_ADMIN)
    entries = {"k,1": wifi_entry("k,1"), "n": notice}
    write_version_4(path, "ns", entries)
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("DROP TABLE search")  # what version 5 did to it; its own tables come back
    db.execute("PRAGMA user_version = 5")
    db.close()
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    try:
        rows = cache.lines("ns", lambda line: Row(*line))
        # The report stays as it was; the notice is read again, its marks kept.
        assert [r.key for r in rows] == ["k,1"]
        unread = {i.key: i for i in cache.unread("ns")}
        assert set(unread) == {"n", "unread"}
        assert unread["n"].keywords == {"$HDClaimed"}
        assert cache.state("live-state:x") == {"uidnext": 7}
    finally:
        cache.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()


V6_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS search_added AFTER INSERT ON search BEGIN
    INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;
"""
"""The trigger version 6 had besides the tables and index version 7 keeps (copied from
the code of version 6)."""


def write_one_message(db: sqlite3.Connection) -> None:
    """A read message "k,1" of namespace "ns", claimed, in the queue and the messages."""
    entry = wifi_entry("k,1")
    row = entry.row(SourceItem("k,1", 101))
    db.execute("INSERT INTO queue VALUES ('ns', 'k,1', 101, ?, 0, '$HDClaimed', 7, ?, ?, ?)",
               (row.stamp, row.kind_code, row.decrypt_code, row.line))
    db.execute("INSERT INTO messages VALUES ('ns', 'k,1', 101, ?, ?)",
               (ENTRY_SCHEMA, json.dumps(to_data(entry))))


def assert_one_message_kept(cache: ReportCache) -> None:
    """``write_one_message``'s message and the sync state are still there."""
    rows = cache.lines("ns", lambda line: Row(*line))
    assert [(r.key, r.keywords, r.modseq) for r in rows] == [("k,1", "$HDClaimed", 7)]
    assert cache.full("ns", "k,1", 101) is not None
    assert cache.state("live-state:x") == {"uidnext": 7}


def test_a_version_6_cache_keeps_its_index_and_indexes_new_documents(
        tmp_path: Path) -> None:
    path = tmp_path / "store-cache.sqlite"
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(SCHEMA.format(priority=PRIORITY, head_index=HEAD_INDEX) + FTS + V6_TRIGGER)
    db.execute("PRAGMA user_version = 6")
    write_one_message(db)
    db.execute("INSERT INTO search (ns, key, text) VALUES ('ns', 'k,1', ' wifi ecran')")
    db.execute("INSERT INTO state VALUES ('live-state:x', '{\"uidnext\": 7}')")
    db.execute("INSERT INTO facts VALUES ('ns', 'k,1', 101, 1, 'abc', '{}')")
    db.close()
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    try:
        assert_one_message_kept(cache)
        assert [f[0] for f in cache.facts("ns")] == ["k,1"]
        # The document version 6 indexed is still found, nothing to write again.
        assert cache.search("ns", parse("wifi").clauses).include == {"k,1"}
        assert cache.unindexed("ns") == []
        # A new document is indexed once (no trigger left to index it a second time),
        # a changed one replaced in the index.
        cache.put_documents("ns", [("k,2", " wifi printer"), ("k,1", " scanner")])
        assert cache.search("ns", parse("wifi").clauses).include == {"k,2"}
        assert cache.search("ns", parse("scanner").clauses).include == {"k,1"}
        cache._db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    finally:
        cache.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
                      ).fetchall() == [("search_changed",), ("search_removed",)]
    db.close()


def _facts(key: str, **changes: Any) -> ReportFacts:
    return replace(ReportFacts(
        key=key, reference=f"wb://{key}", report_id=key, received=date(2026, 11, 3),
        version="7.5", gpus=("8086:1234",), network=("10ec:b723",), product="HP 250",
        app="tor browser", errors=("amdgpu ring gfx timeout #",),
        words=WordSet(["wifi", "écran"]), likely=(101,), possible=0, kind="report",
        devices=("10ec:525a",)), **changes)


def test_a_version_8_cache_keeps_its_facts_as_arrays(tmp_path: Path) -> None:
    """Version 8 saved each report's facts as the object of ``to_data``; version 9 reads
    arrays (docs/insight.md, "Session 13: stats --json at 100,000"): those of the current
    rules are converted in place, every other table kept, a row that is no facts kept as
    it was, and rows of older rules (never read again, replaced when counted) as they
    were: converting them was work for nothing before the first frame."""
    path = tmp_path / "store-cache.sqlite"
    db = sqlite3.connect(str(path), isolation_level=None)
    # version 8's tables (as 9's)
    db.executescript(SCHEMA.format(priority=PRIORITY, head_index=HEAD_INDEX) + FTS)
    db.execute("PRAGMA user_version = 8")
    write_one_message(db)
    db.execute("INSERT INTO state VALUES ('live-state:x', '{\"uidnext\": 7}')")
    db.execute("INSERT INTO queue_columns VALUES ('ns', 'meta', x'7b7d')")
    full, older = _facts("k,1"), _facts("k,2", possible=404, devices=())
    saved_older = to_data(older)
    del saved_older["devices"], saved_older["possible"]  # saved before the fields existed
    saved_older["gone"] = 1  # a field the facts no longer have
    saved = [("k,1", json.dumps(to_data(full), separators=(",", ":"))),
             ("k,2", json.dumps(saved_older)), ("k,3", "{}"), ("k,4", "not json"),
             ("k,5", "[1, 2]")]
    db.executemany(f"INSERT INTO facts VALUES ('ns', ?, 101, {RULES_VERSION}, 'fp', ?)", saved)
    db.execute("INSERT INTO facts VALUES ('other', 'k,1', 9, 36, 'fp2', ?)", (saved[0][1],))
    db.close()
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    try:
        assert_one_message_kept(cache)
        assert cache._db.execute("SELECT data FROM queue_columns").fetchall() == [(b"{}",)]
        found = list(cache.facts("ns"))
        assert [r[:4] for r in found] == [(f"k,{n}", 101, RULES_VERSION, "fp")
                                          for n in range(1, 6)]
        data = [r[4] for r in found]
        assert data[0] == encode(full) and data[0].startswith('["k,1","wb://k,1",')
        assert json.loads(data[1]) == json.loads(encode(replace(older, possible=0)))
        assert data[2:] == ["{}", "not json", "[1, 2]"]  # refused when read, as before
        assert decode_rows(data) == [full, replace(older, possible=0), None, None, None]
        other = list(cache.facts("other"))
        assert [r[:4] for r in other] == [("k,1", 9, 36, "fp2")]
        assert other[0][4] == saved[0][1]  # an older rules version's row: as it was
    finally:
        cache.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()


def write_version_9(path: Path, namespace: str, keys: list[str]) -> None:
    """A cache as version 9 left it (its tables are version 10's): read messages, the
    first with its filter document (written by the current code), the others without."""
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(SCHEMA.format(priority=PRIORITY, head_index=HEAD_INDEX) + FTS)
    db.execute("PRAGMA user_version = 9")
    for n, key in enumerate(keys, 1):
        entry = wifi_entry(key)
        row = entry.row(SourceItem(key, 100 + n))
        db.execute("INSERT INTO queue VALUES (?, ?, ?, ?, 0, '$HDClaimed', 7, ?, ?, ?)",
                   (namespace, key, 100 + n, row.stamp, row.kind_code, row.decrypt_code,
                    row.line))
        db.execute("INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                   (namespace, key, 100 + n, ENTRY_SCHEMA, json.dumps(to_data(entry))))
    db.execute("INSERT INTO search (ns, key, text) VALUES (?, ?, ' wifi ecran')",
               (namespace, keys[0]))
    db.execute("INSERT INTO search_fts (rowid, text) SELECT id, text FROM search")
    db.execute("INSERT INTO state VALUES (?, ?)", (DOCUMENTS_STATE, json.dumps(document_code())))
    db.execute("INSERT INTO state VALUES ('live-state:x', '{\"uidnext\": 7}')")
    db.close()


def test_a_version_9_cache_looks_for_missing_documents_once_then_never(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Version 10 marks a namespace whose messages all have their documents: a start then
    skips the look for missing ones, which walks the whole queue (0.15 s of CPU at
    100,000 messages: docs/filter.md). A version 9 cache has no mark: it is looked at
    once, and marked."""
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    source = MaildirSource(mailbox)
    keys = [f"1700000001.M{n}P1.host,S=4521,W=4600" for n in range(3)]
    path = tmp_path / "store-cache.sqlite"
    write_version_9(path, source.identity, keys)
    store = LocalStore(tmp_path / "store.json")
    try:
        triage = Triage(source, None, store, None, [], ())  # type: ignore[arg-type]
        assert not store.has_every_document(source.identity)
        assert store.sync_state("live-state:x") == {"uidnext": 7}  # kept
        assert triage.index_documents() == 2  # the two without one
        assert store.has_every_document(source.identity)
        assert store.search(source.identity, parse("wifi").clauses).include == set(keys)
        looked: list[str] = []
        unindexed = store.unindexed
        monkeypatch.setattr(store, "unindexed",
                            lambda ns: looked.append(ns) or unindexed(ns))
        assert triage.index_documents() == 0
        assert looked == []  # marked: the queue was not walked
    finally:
        store.close()
    db = sqlite3.connect(str(path))
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()


def _parsed(key: str, search: str) -> ParsedLine:
    return ParsedLine(key, 101, 0.0, 0, 0, SAFE_LINE, "{}", search)


def test_the_mark_of_complete_documents_goes_when_one_may_be_missing(
        tmp_path: Path) -> None:
    cache = ReportCache(tmp_path / "new.sqlite", schema=ENTRY_SCHEMA)
    try:
        assert not cache.has_every_document("ns")
        assert cache.documents_complete("ns", cache.generation("ns"))
        assert cache.has_every_document("ns") and not cache.has_every_document("other")
        # A message read with its document keeps the mark; one without takes it away.
        cache.put_parsed("ns", [_parsed("k,1", " wifi")])
        assert cache.has_every_document("ns")
        cache.put_parsed("other", [_parsed("k,1", "")])
        assert cache.has_every_document("ns")  # another namespace's message
        cache.put_parsed("ns", [_parsed("k,2", " printer"), _parsed("k,3", "")])
        assert not cache.has_every_document("ns")
        # The queue changed after the look began: not marked.
        generation = cache.generation("ns")
        cache.apply_listing("ns", [SourceItem("k,4", 7)], ())
        assert not cache.documents_complete("ns", generation)
        assert not cache.has_every_document("ns")
        # Documents dropped (made by other code): every namespace's mark goes.
        assert cache.documents_complete("ns", cache.generation("ns"))
        assert cache.documents_complete("other", cache.generation("other"))
        cache.documents_made_by("some code")
        assert cache.documents_made_by("other code") is True
        assert not cache.has_every_document("ns")
        assert not cache.has_every_document("other")
    finally:
        cache.close()


def test_a_cache_with_the_team_first_index_gets_the_priority_one(tmp_path: Path) -> None:
    """Caches written before session 20 ordered the first frame's rows by a "team mail
    first" index: an auto-reply or a file that is not mail, newest, came second on screen
    and moved to the bottom once the whole queue was read. Opened now, the old index goes
    and the head follows the queue's priority groups from an index of its own."""
    path = tmp_path / "cache.sqlite"
    ReportCache(path, schema=ENTRY_SCHEMA).close()
    db = sqlite3.connect(path)
    db.execute(f"DROP INDEX {HEAD_INDEX}")
    db.execute(f"CREATE INDEX queue_order ON queue (ns, kind = {TEAM} DESC, stamp DESC)")
    # And one made from another expression (another version's groups), under the name
    # this session's first form gave it.
    db.execute("CREATE INDEX queue_priority ON queue (ns, CASE kind WHEN 0 THEN 1 ELSE 0 "
               "END, stamp DESC)")
    db.commit()
    db.close()
    cache = ReportCache(path, schema=ENTRY_SCHEMA)
    cache.close()
    db = sqlite3.connect(path)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    plan = " ".join(str(row) for row in db.execute(
        f"EXPLAIN QUERY PLAN SELECT {LINE_COLUMNS} FROM queue WHERE ns = ? AND line IS NOT "
        f"NULL ORDER BY {PRIORITY}, stamp DESC LIMIT ?", ("ns", 5)))
    db.close()
    assert HEAD_INDEX in names and not names & {"queue_order", "queue_priority"}
    assert f"USING INDEX {HEAD_INDEX}" in plan and "TEMP B-TREE" not in plan, plan


class _PlainOnly:
    """Crypto for a mailbox of plain messages: nothing to decrypt."""

    def decrypt_texts(self, texts: list[bytes], *args: Any, **kwargs: Any) -> list[Any]:
        assert not texts
        return []


def test_a_version_10_cache_reads_its_files_that_are_not_mail_again(tmp_path: Path) -> None:
    """Version 10's rules (before rules v63) gave a file that is not mail (empty or binary)
    the kind of support mail: opened now, its row is read again and is a system item; the
    mail beside it is kept as it was read."""
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    binary, mail = "1700000001.M1P1.host", "1700000002.M2P1.host"
    (mailbox / "cur" / f"{binary}:2,").write_bytes(b"\x00\x01\x02\xffbinary\x00")
    (mailbox / "cur" / f"{mail}:2,").write_bytes(b"From: a@example.org\nSubject: hello\n\nhi\n")
    source = MaildirSource(mailbox)

    def inbox() -> tuple[dict[str, Kind], int]:
        store = LocalStore(tmp_path / "store.json")
        try:
            triage = Triage(source, _PlainOnly(), store, None, [], ())  # type: ignore[arg-type]
            result = triage.inbox()
            return {row.key: row.kind for row in result.rows}, result.parsed
        finally:
            store.close()

    assert inbox() == ({binary: Kind.SYSTEM, mail: Kind.SUPPORT}, 2)
    # The cache as version 10 wrote it under the rules before v63.
    db = sqlite3.connect(tmp_path / "store-cache.sqlite", isolation_level=None)
    db.execute("UPDATE queue SET kind = ? WHERE key = ?", (KINDS.index(Kind.SUPPORT), binary))
    db.execute("UPDATE messages SET full = replace(full, '\"kind\":\"system\"', "
               "'\"kind\":\"support\"') WHERE key = ?", (binary,))
    db.execute("PRAGMA user_version = 10")
    db.close()
    assert inbox() == ({binary: Kind.SYSTEM, mail: Kind.SUPPORT}, 1)  # the file alone read
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    db.close()


def test_a_version_11_cache_reads_its_dates_no_arrival_gives_again(tmp_path: Path) -> None:
    """Version 11 kept a date cached before walkfix27b however far in the future (a mail
    dated 2100 headed the queue and counted in no week until read again), and the dates
    walkfix27b took from a file's time dated 1980. Opened now, those two messages are read
    again, dated as the rules of session 28 date them (its arrival; its own Date), their
    saved facts dropped; the message beside them is kept as it was read."""
    import os
    from email.utils import format_datetime

    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    delivered = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    future, old_file, plain = (f"{int(delivered.timestamp())}.M{n}P1.host" for n in (1, 2, 3))
    old = datetime(1980, 1, 1, tzinfo=UTC)
    for key, said in ((future, "Fri, 01 Jan 2100 00:00:00 +0000"),
                      (old_file, format_datetime(delivered)),
                      (plain, format_datetime(delivered))):
        (mailbox / "cur" / f"{key}:2,").write_bytes(
            f"From: a@example.org\nDate: {said}\nSubject: {key}\n\nhi\n".encode())
    os.utime(mailbox / "cur" / f"{old_file}:2,", (old.timestamp(), old.timestamp()))
    source = MaildirSource(mailbox)

    def inbox() -> tuple[dict[str, datetime | None], int]:
        store = LocalStore(tmp_path / "store.json")
        try:
            triage = Triage(source, _PlainOnly(), store, None, [], ())  # type: ignore[arg-type]
            result = triage.inbox()
            return {row.key: row.date for row in result.rows}, result.parsed
        finally:
            store.close()

    dates, parsed = inbox()
    # The 2100 Date not believed: dated by the name's delivery time (fix28c).
    right = {future: delivered, old_file: delivered, plain: delivered}
    assert dates == right and parsed == 3
    # The cache as version 11 wrote it: the 2100 Date believed (before walkfix27b), the
    # other dated by its file's time (walkfix27b's rule), facts saved for all three.
    db = sqlite3.connect(tmp_path / "store-cache.sqlite", isolation_level=None)
    for key, when, ahead in ((future, datetime(2100, 1, 1, tzinfo=UTC), None),
                             (old_file, old, delivered)):
        (full,) = db.execute("SELECT full FROM messages WHERE key = ?", (key,)).fetchone()
        entry = json.loads(full)
        entry["message"]["date"] = when.isoformat()
        entry["message"]["date_ahead"] = ahead.isoformat() if ahead is not None else None
        db.execute("UPDATE messages SET full = ? WHERE key = ?",
                   (json.dumps(entry, separators=(",", ":")), key))  # as the cache writes
        db.execute("UPDATE queue SET stamp = ? WHERE key = ?", (when.timestamp(), key))
    db.executemany(f"INSERT INTO facts VALUES (?, ?, 1, {RULES_VERSION}, 'fp', '[]')",
                   [(source.identity, key) for key in right])
    db.execute("DELETE FROM queue_columns")
    db.execute("PRAGMA user_version = 11")
    db.close()
    assert inbox() == (right, 2)  # the two read again, the third kept
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    assert {key for (key,) in db.execute("SELECT key FROM facts")} == {plain}
    db.close()


def test_a_version_12_cache_reads_again_what_it_dated_by_a_copys_day(tmp_path: Path) -> None:
    """Version 12 dated a message with no Date, or one not believed, by the latest of its
    file's time and its name's delivery time: in a ``cp -r`` copy, the copy's day. Opened
    now, those two are read again and dated by their names (fix28c), their saved facts
    dropped; a message whose own Date is after its delivery (believed) is kept as read."""
    import os
    from email.utils import format_datetime

    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    now = datetime.now(UTC).replace(microsecond=0)
    delivered, copied = now - timedelta(days=30), now - timedelta(hours=2)
    undated, future, later = (f"{int(delivered.timestamp())}.M{n}P1.host" for n in (1, 2, 3))
    own = delivered + timedelta(hours=5)  # after the delivery, before the copy: believed
    for key, head in ((undated, ""), (future, "Date: Fri, 01 Jan 2100 00:00:00 +0000\n"),
                      (later, f"Date: {format_datetime(own)}\n")):
        path = mailbox / "cur" / f"{key}:2,"
        path.write_bytes(f"From: a@example.org\n{head}Subject: {key}\n\nhi\n".encode())
        os.utime(path, (copied.timestamp(), copied.timestamp()))
    source = MaildirSource(mailbox)

    def inbox() -> tuple[dict[str, datetime | None], int]:
        store = LocalStore(tmp_path / "store.json")
        try:
            triage = Triage(source, _PlainOnly(), store, None, [], ())  # type: ignore[arg-type]
            result = triage.inbox()
            return {row.key: row.date for row in result.rows}, result.parsed
        finally:
            store.close()

    right = {undated: delivered, future: delivered, later: own}
    assert inbox() == (right, 3)
    # The cache as version 12 wrote it: the two dated by the copy's day.
    db = sqlite3.connect(tmp_path / "store-cache.sqlite", isolation_level=None)
    for key in (undated, future):
        (full,) = db.execute("SELECT full FROM messages WHERE key = ?", (key,)).fetchone()
        entry = json.loads(full)
        entry["message"]["date"] = copied.isoformat()
        db.execute("UPDATE messages SET full = ? WHERE key = ?",
                   (json.dumps(entry, separators=(",", ":")), key))  # as the cache writes
        db.execute("UPDATE queue SET stamp = ? WHERE key = ?", (copied.timestamp(), key))
    db.executemany(f"INSERT INTO facts VALUES (?, ?, 1, {RULES_VERSION}, 'fp', '[]')",
                   [(source.identity, key) for key in right])
    db.execute("DELETE FROM queue_columns")
    db.execute("PRAGMA user_version = 12")
    db.close()
    assert inbox() == (right, 2)  # the two read again, the third kept
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    assert {key for (key,) in db.execute("SELECT key FROM facts")} == {later}
    db.close()


@pytest.mark.parametrize(("version", "sender", "lost", "address"), [
    (14, "Bob Smith [work] <bob@x.example>", '"bob smith"', "bob@x.example"),
    (15, "Bob [w] <bob@[127.0.0.1]>", "bob", "bob@[127.0.0.1]"),  # review29b
])
def test_an_old_cache_reads_again_a_from_whose_address_was_lost(
        tmp_path: Path, version: int, sender: str, lost: str, address: str) -> None:
    """Version 14 read ``Bob Smith [work] <bob@x.example>`` as the address "bob smith"
    (walk29's defect 2), version 15 ``Bob [w] <bob@[127.0.0.1]>`` as "bob": opened now,
    the messages whose From had a problem are read again and answer to the address in
    angle brackets; a message whose From was fine is kept as read, its saved facts too."""
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    bracketed, plain = "1790000000.M1P1.host", "1790000000.M2P1.host"
    for key, written in ((bracketed, sender), (plain, "Ann <ann@x.example>")):
        (mailbox / "cur" / f"{key}:2,").write_bytes(
            f"From: {written}\nSubject: {key}\n\nhi\n".encode())
    source = MaildirSource(mailbox)

    def inbox() -> tuple[dict[str, str], int]:
        store = LocalStore(tmp_path / "store.json")
        try:
            triage = Triage(source, _PlainOnly(), store, None, [], ())  # type: ignore[arg-type]
            result = triage.inbox()
            senders = {}
            for row in result.rows:
                entry = triage.cached(row.key)
                assert entry is not None
                senders[row.key] = entry.message.sender_address
            return senders, result.parsed
        finally:
            store.close()

    right = {bracketed: address, plain: "ann@x.example"}
    assert inbox() == (right, 2)
    # The cache as that version wrote it: the address lost.
    db = sqlite3.connect(tmp_path / "store-cache.sqlite", isolation_level=None)
    (full,) = db.execute("SELECT full FROM messages WHERE key = ?", (bracketed,)).fetchone()
    entry = json.loads(full)
    assert "bad From header: InvalidHeaderDefect" in entry["message"]["problems"]
    entry["message"]["sender_address"] = lost
    db.execute("UPDATE messages SET full = ? WHERE key = ?",
               (json.dumps(entry, separators=(",", ":")), bracketed))
    db.executemany(f"INSERT INTO facts VALUES (?, ?, 1, {RULES_VERSION}, 'fp', '[]')",
                   [(source.identity, key) for key in right])
    db.execute("DELETE FROM queue_columns")
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    assert inbox() == (right, 1)  # the one read again, the other kept
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    assert {key for (key,) in db.execute("SELECT key FROM facts")} == {plain}
    db.close()
