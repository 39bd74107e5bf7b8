"""Provides ReportCache: the queue, parsed messages and listing state in SQLite.

TinyDB rewrites its whole JSON file on every write, which is fine for marks, notes and
settings but not for 100,000 reports. The queue therefore lives here, in three tables:

- ``queue``: one compact line per message: its source state (size, flags, keywords,
  mod-sequence) and, once read, what the queue shows (kind, decryption state, summary,
  version, hardware, report ID). A warm start reads only this table.
- ``messages``: the complete parsed message (JSON), read when a message is opened.
- ``search``: the document the queue filter searches (``domain.query.document``: the
  words of a message in the forms matching compares, and its fields), with ``search_fts``,
  its SQLite FTS5 index (new documents indexed by the write that adds them, changed and
  removed ones kept in step by triggers). Without FTS5 in this SQLite the
  documents are searched with ``instr``: the same results, slower (docs/filter.md).

Rows of a message that was listed but not read yet have ``kind`` NULL. The file is
owner-only like the store; the store's lock covers both.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from array import array
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from hdtui.domain.mail import NOT_MAIL, Kind, SourceItem
from hdtui.domain.query import Clause, Hits, Needle, needle_text
from hdtui.domain.queue import KINDS, PRIORITY_GROUPS, SEP, ParsedLine, QueueLine, queue_line
from hdtui.domain.queue_columns import CHANGES_LIMIT
from hdtui.domain.text import has_unsafe
from hdtui.errors import StoreError

T = TypeVar("T")
DOCUMENTS_STATE = "documents"
"""The state row naming the code that made the filter's documents (``documents_made_by``):
NEW_DOCUMENTS in a cache made by this version, until that is first asked (the code's
digest is not made before the first frame: it would load hashlib)."""
NEW_DOCUMENTS = "made with the cache"
COMPLETE_DOCUMENTS = "documents complete:"
"""The state row, followed by a namespace, saying that every message of that namespace
read so far has its filter document (``documents_complete``): a start does not look for
missing ones (``unindexed`` walks the whole queue: docs/filter.md, "Documents made by older
code")."""
VERSION = 16
"""The layout of the tables. Version 4 is version 3 with every queue line made safe to
show (docs/text-safety.md); version 5 replaces the lowercased search text by the filter's
documents and their FTS5 index; version 6 keeps the messages attached to list mail
(a moderation notice's held post and cookie, docs/moderation.md), so the list mail of a
version 5 cache is read again; version 7 has no trigger indexing each new document: new
documents are indexed together, once per write (``_put_documents``; docs/cold-start.md,
"Writing the cache"); version 8 keeps the queue's columns as BLOBs beside its rows, with
the keys changed since they were written (docs/queue-columns.md, "Kept in the cache");
version 9 saves report facts as JSON arrays, their fields in order, not objects
(``domain.facts_codec``; docs/insight.md, "Session 13: stats --json at 100,000");
version 10 may hold the mark that a namespace's documents are complete
(COMPLETE_DOCUMENTS), which a version 9 program would not clear when it writes a message
without its document: an older program drops a version 10 cache as any newer one;
version 11 holds no file that is not mail under another kind than system: version 10's
rules gave such a file (empty or binary) the kind of support mail, shown as "Mail" and
counted as new mail until it was read again, so a version 10 cache reads those again;
version 12 holds no date the rules of session 28 would not give (a date in the future, a
date from a file's time before 2009 or before its Maildir name's delivery time), so a
version 11 cache reads those messages again (``_migrate_11_to_12``); version 13 holds no
message dated by its arrival (no date, or one not believed) later than the delivery time
its Maildir name starts with (a ``cp -r`` copy's day: fix28c dates them by the name), so a
version 12 cache reads those again (``_migrate_12_to_13``); version 14 holds no message
with CR CR LF line ends read before fix28c and fix28d read them as line ends (the header
block's, then the body's), so a version 13 cache reads those again (``_migrate_13_to_14``);
version 15 holds no sender address a From header's parse lost (``Name [work] <addr>`` read
as "name", walk29), so a version 14 cache reads again the messages with a problem in their
From (``_migrate_14_to_15``); version 16 holds no address after such a name read as
"bob" when it has a quoted local part or a domain literal (``Bob [w] <bob@[127.0.0.1]>``,
review29b), so a version 15 cache reads those messages again the same way
(``_migrate_15_to_16``).
A version 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 or 15 cache is migrated in place (the search text
of 3 and 4 is dropped: ``Triage.index_documents`` writes the documents again from the
cached messages, in the background); older ones are dropped and rebuilt from the mailbox
(a cache holds no marks, notes or drafts)."""
PRIORITY = "CASE kind {} ELSE {} END".format(
    " ".join(f"WHEN {KINDS.index(kind)} THEN {rank}"
             for rank, group in enumerate(PRIORITY_GROUPS) for kind in group),
    len(PRIORITY_GROUPS))
"""A line's place in the queue's default order (``domain.queue.PRIORITY_GROUPS``: team
mail, [FT] threads, list moderation, reports and support mail, then system mail), as
SQL: the head's index and its query use this same expression, so the first frame's rows
are the whole queue's first rows (team mail first alone left an auto-reply or a file that
is not mail on top of the first frame, moved down once the queue was read)."""
HEAD_INDEX = "queue_priority_" + "".join(c for c in PRIORITY if c.isdigit())
"""The head's index, named after its expression (its kinds and ranks, in order; no
hash: hashlib is not imported before the first frame): a cache whose index was made from
another ``PRIORITY`` (groups changed in another version) gets a new one at open and loses
the old, rather than sorting the whole queue at every first frame without a word."""
LIST_ADMIN = KINDS.index(Kind.LIST_ADMIN)
SYSTEM = KINDS.index(Kind.SYSTEM)
BARE_CR_SAID = "a header held a bare carriage return"
"""The problem a message read before fix28c said of CR CR LF line ends in its header block
(``_migrate_13_to_14``)."""
DOUBLED_END = '\\n\\n"'
"""A text ending with an empty line, as the cache's JSON writes it: how the body of a
message with CR CR LF line ends read before fix28d ended (``_migrate_13_to_14``)."""
LINE_FIELDS = 5
"""Summary, version, hardware, report ID and the problems flag (domain.queue.queue_line)."""

LINE_COLUMNS = "key, size, stamp, kind, decrypt, seen, keywords, modseq, line"
"""A queue line's columns, in the order of Row's fields."""
KEYS_A_QUERY = 500
"""Keys named in one query (``lines_of``): far below SQLite's limit of parameters."""
LINES_PAGE = 2000
"""Queue lines read at a time by a warm start (``ReportCache.pages``)."""
COLUMNS_FORMAT = 1
"""The layout of the queue's columns' BLOBs (``QueueColumns.state``); another one is
read as no columns (the rows are read and the columns written again)."""
BLOB_PIECE = 65536
"""Bytes of a column's BLOB read at a time: below the allocator's threshold for a
mapping of its own, so each piece reuses the memory of the last."""
_META = "meta"
"""The name of the columns' row holding their data as JSON."""
_SINCE = "since"
"""The name of the row ``rows_read`` puts in place of the columns while the rows are
read: its data is the queue's generation then (``put_columns`` checks it); its presence
makes ``_touch`` record the keys written meanwhile, and ``columns`` reads it as no
columns (no meta row), as version 8's first code did."""
FACTS_PAGE = 1000
"""Saved report facts read at a time (``ReportCache.facts``)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS queue (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, stamp REAL NOT NULL,
    seen INTEGER NOT NULL, keywords TEXT NOT NULL, modseq INTEGER NOT NULL,
    kind INTEGER, decrypt INTEGER, line TEXT,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
DROP INDEX IF EXISTS queue_order;
CREATE INDEX IF NOT EXISTS {head_index} ON queue (ns, {priority}, stamp DESC);
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
CREATE TABLE IF NOT EXISTS queue_generation (
    ns TEXT PRIMARY KEY, generation INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS queue_columns (
    ns TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (ns, name)
);
CREATE TABLE IF NOT EXISTS queue_changed (
    ns TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS facts (
    ns TEXT NOT NULL, key TEXT NOT NULL, size INTEGER NOT NULL, rules INTEGER NOT NULL,
    issues TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
"""
FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
    text, content='search', content_rowid='id', prefix='2',
    tokenize="unicode61 remove_diacritics 0 tokenchars '._-+'"
);
CREATE TRIGGER IF NOT EXISTS search_removed AFTER DELETE ON search BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS search_changed AFTER UPDATE ON search BEGIN
    INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_fts (rowid, text) VALUES (new.id, new.text);
END;
"""
"""The documents' full-text index: tokens are the documents' own (words, dots, hyphens,
pluses and the fields' ``_tag_`` prefixes kept whole), already lowercased and folded.
Triggers keep it in step when a document changes or goes; a new document is indexed by
``_put_documents`` with the others of its write (a trigger per new row cost FTS5 a flush
of its pending terms per row: three times the time of the whole write)."""


class ReportCache:
    """The queue of each source (by namespace), its parsed messages and listing state."""

    def __init__(self, path: Path, schema: int) -> None:
        self.path = path
        self.schema = schema
        self._lock = threading.Lock()
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
            self._db = sqlite3.connect(str(path), check_same_thread=False,
                                       isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # SQLite gives its side files the database's mode when it creates them; ones
            # left by an older, looser file are tightened like the database.
            for side in ("-wal", "-shm"):
                if os.path.exists(f"{path}{side}"):
                    os.chmod(f"{path}{side}", 0o600)
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if 3 <= version <= 13:  # the way to version 14 scans every cached message
                say_updating()
            if version == 3:
                self._migrate_3_to_4()
                version = 4
            if version == 4:
                self._migrate_4_to_5()
                version = 5
            if version == 5:
                self._migrate_5_to_6()
                version = 6
            if version == 6:
                self._migrate_6_to_7()
                version = 7
            if version == 7:
                self._migrate_7_to_8()
                version = 8
            if version == 8:
                self._migrate_8_to_9()
                version = 9
            if version == 9:
                self._migrate_9_to_10()
                version = 10
            if version == 10:
                self._migrate_10_to_11()
                version = 11
            if version == 11:
                self._migrate_11_to_12()
                version = 12
            if version == 12:
                self._migrate_12_to_13()
                version = 13
            if version == 13:
                self._migrate_13_to_14()
                version = 14
            if version == 14:
                self._migrate_14_to_15()
                version = 15
            if version == 15:
                self._migrate_15_to_16()
            elif version != VERSION:
                # Virtual tables first: their shadow tables go with them.
                for kind in ("CREATE VIRTUAL TABLE%", "%"):
                    for (table,) in self._db.execute(
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql "
                            "LIKE ?", (kind,)).fetchall():
                        self._db.execute(f'DROP TABLE IF EXISTS "{table}"')
                self._db.execute(f"PRAGMA user_version = {VERSION}")
            self._db.executescript(SCHEMA.format(priority=PRIORITY, head_index=HEAD_INDEX))
            for (old,) in self._db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE "
                    "'queue_priority%' AND name != ?", (HEAD_INDEX,)).fetchall():
                self._db.execute(f'DROP INDEX IF EXISTS "{old}"')  # another PRIORITY's
            if version not in range(3, VERSION + 1):  # made now: its documents will be ours
                self._db.execute("INSERT OR IGNORE INTO state VALUES (?, ?)",
                                 (DOCUMENTS_STATE, json.dumps(NEW_DOCUMENTS)))
            self.fts = self._full_text_index()
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"Cannot open the report cache {path}: {e}. It holds only a "
                             "cache: move it aside and start again.") from e

    def _migrate_3_to_4(self) -> None:
        """Clean the queue lines written before mail text had a boundary: the first frame
        shows them as they are. Full messages are cleaned as they are decoded."""
        rows = self._db.execute("SELECT ns, key, line FROM queue WHERE line IS NOT NULL")
        # A line whose fields a separator inside a value shifted (version 3 did not keep
        # SEP out of the version) is dropped: the message is read again.
        fixed = [(queue_line(*line.split(SEP)) if line.count(SEP) == LINE_FIELDS - 1
                  else None, ns, key) for ns, key, line in rows
                 if has_unsafe(line.replace(SEP, "")) or line.count(SEP) != LINE_FIELDS - 1]
        self._db.execute("BEGIN")
        self._db.executemany("UPDATE queue SET line = ?, kind = CASE WHEN ? IS NULL THEN NULL "
                             "ELSE kind END WHERE ns = ? AND key = ?",
                             [(line, line, ns, key) for line, ns, key in fixed])
        self._db.execute("PRAGMA user_version = 4")
        self._db.execute("COMMIT")

    def _migrate_4_to_5(self) -> None:
        """Drop the lowercased search text of version 4: the documents that replace it
        are written again from the cached messages (``Triage.index_documents``)."""
        self._db.execute("BEGIN")
        self._db.execute("DROP TABLE IF EXISTS search")
        self._db.execute("PRAGMA user_version = 5")
        self._db.execute("COMMIT")

    def _migrate_5_to_6(self) -> None:
        """Read list mail again: version 5 kept no attached message, so a moderation
        notice had neither its held post nor its cookie (its marks stay on the row)."""
        self._db.execute("BEGIN")
        self._db.execute("UPDATE queue SET kind = NULL, decrypt = NULL, line = NULL "
                         "WHERE kind = ?", (LIST_ADMIN,))
        self._db.execute("PRAGMA user_version = 6")
        self._db.execute("COMMIT")

    def _migrate_6_to_7(self) -> None:
        """Drop the trigger that indexed each new document on its own: the index it built
        is kept as it is (the same documents, the same tokens)."""
        self._db.execute("BEGIN")
        self._db.execute("DROP TRIGGER IF EXISTS search_added")
        self._db.execute("PRAGMA user_version = 7")
        self._db.execute("COMMIT")

    def _migrate_7_to_8(self) -> None:
        """Every table of version 7 is kept as it is; the tables of the queue's columns
        are created empty with the others (SCHEMA, right after), so the next start reads
        the rows as before and writes the columns."""
        self._db.execute("PRAGMA user_version = 8")

    def _migrate_8_to_9(self) -> None:
        """Save each report's facts counted under the current rules as the array version
        9 reads (``saved_array`` of the object version 8 saved), in one transaction; every
        other table is kept as it is. Rows of other rules versions are kept as they were:
        they are never read (``Insight`` reads the current rules' only) and are replaced
        when the report is counted again, so converting them was work for nothing (4 s at
        100,000 before the first frame, when the rules changed with the format; found at
        session 13's review). A row that is not JSON, or no object with a key and a
        reference, is kept as it was: it is refused when read, as any damaged row, and its
        report's facts are computed again from the cached message. Facts are derived from
        the messages; the marks, notes and drafts a member made live in the store, not
        here."""
        # Here: the facts' codec loads the counting's rules, which a start does not need.
        from hdtui.domain.facts_codec import saved_array
        from hdtui.domain.insight import RULES_VERSION

        self._db.execute("BEGIN")
        try:
            after: tuple[str, str] = ("", "")
            while self._has_facts() and (rows := self._db.execute(
                    "SELECT ns, key, data FROM facts WHERE (ns, key) > (?, ?) AND rules = ? "
                    "ORDER BY ns, key LIMIT ?",
                    (*after, RULES_VERSION, FACTS_PAGE)).fetchall()):
                changed = []
                for ns, key, data in rows:
                    try:
                        found = saved_array(json.loads(data))
                    except (ValueError, TypeError):
                        found = None
                    if found is not None:
                        changed.append((json.dumps(found, separators=(",", ":")), ns, key))
                self._db.executemany("UPDATE facts SET data = ? WHERE ns = ? AND key = ?",
                                     changed)
                after = rows[-1][0], rows[-1][1]
            self._db.execute("PRAGMA user_version = 9")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.rollback()
            raise

    def _migrate_9_to_10(self) -> None:
        """Every table of version 9 is kept as it is, with no mark that the documents are
        complete: the first ``Triage.index_documents`` looks for missing ones once, as
        version 9 did at every start, and sets it."""
        self._db.execute("PRAGMA user_version = 10")

    def _migrate_10_to_11(self) -> None:
        """Read again the files that are not mail which version 10's rules (before rules
        v63) gave another kind than system (support mail: "Mail" in the queue, counted as
        new mail by the shift's screen): their rows become unread, as listed and not read
        (the next load reads them, now system items: docs/store.md), their marks kept.
        Only rows flagged with problems are looked up in the messages (a few, not the
        whole table); the queue's columns of their namespaces are dropped, so the next
        start reads the rows. Everything else is kept as it is."""
        self._db.execute("BEGIN")
        try:
            found = self._db.execute(
                "SELECT q.ns, q.key FROM queue q JOIN messages m ON m.ns = q.ns AND "
                "m.key = q.key WHERE q.kind IS NOT NULL AND q.kind != ? AND q.line LIKE ? "
                "AND instr(m.full, ?)",
                (SYSTEM, f"%{SEP}!", json.dumps(NOT_MAIL))).fetchall()
            self._db.executemany("UPDATE queue SET kind = NULL, decrypt = NULL, line = NULL "
                                 "WHERE ns = ? AND key = ?", found)
            columns = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                       "AND name = 'queue_columns'").fetchone()
            for namespace in {ns for ns, _ in found} if columns else ():  # (version 8 on)
                for table in ("queue_columns", "queue_changed"):
                    self._db.execute(f"DELETE FROM {table} WHERE ns = ?", (namespace,))
            self._db.execute("PRAGMA user_version = 11")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.rollback()
            raise

    def _migrate_11_to_12(self) -> None:
        """Read again the messages version 11 cached with a date the rules of session 28
        would not give (docs/store.md): a date more than a day after now (cached before
        walkfix27b believed a date in the future: a mail dated 2100 heads the queue and
        counts in no week), and, of the messages dated by their arrival (a date not
        believed, or none), those dated before 2009 (a file's time set by a tool) or, in a
        Maildir, more than a day before the delivery time their name starts with (a file's
        time older than the delivery: the name's is the arrival now). Their rows become
        unread with no time (their arrival is not cached: the Maildir reads its file's
        time, IMAP asks the INTERNALDATE when they are read again), their saved facts are
        dropped, and so are the kept columns of their mailboxes. Only the rows whose stamp
        says so are looked up in the messages; everything else is kept as it is."""
        # Here: a start that migrates nothing does not load the rule (docs/benchmarks.md,
        # "Warm start imports").
        from hdtui.domain.arrival import AHEAD, PLAUSIBLE_FROM_SECONDS

        now, ahead = time.time(), AHEAD.total_seconds()
        def lookup() -> list[tuple[str, str]]:
            future = self._db.execute(
                "SELECT ns, key FROM queue WHERE kind IS NOT NULL AND stamp > ?",
                (now + ahead,)).fetchall()
            name = "substr(q.key, 1, instr(q.key, '.') - 1)"
            arrived = self._db.execute(  # CROSS JOIN: the queue's few rows first
                "SELECT q.ns, q.key FROM queue q CROSS JOIN messages m ON m.ns = q.ns AND "
                "m.key = q.key WHERE q.kind IS NOT NULL AND q.stamp <= ? AND ("
                "(q.stamp > 0 AND q.stamp < ?) OR (q.ns LIKE 'maildir:%' AND "
                f"{name} != '' AND {name} NOT GLOB '*[^0-9]*' AND "
                f"CAST({name} AS INTEGER) BETWEEN max(q.stamp + ?, ?) AND ?)) AND "
                "(instr(m.full, ?) OR instr(m.full, ?))",
                (now + ahead, PLAUSIBLE_FROM_SECONDS, ahead, PLAUSIBLE_FROM_SECONDS,
                 now + ahead,
                 '"date_ahead":"', '"dated_by_file":true')).fetchall()
            return future + arrived

        self._read_again_as(12, lookup)

    def _migrate_12_to_13(self) -> None:
        """Read again the Maildir messages version 12 dated by their arrival (no date of
        their own, or one not believed) at a time later than the plausible delivery time
        their name starts with: the latest of the file's time and the name's, which a
        ``cp -r`` copy makes the copy's day; the name's dates them now
        (``arrival.dated_by_arrival``; docs/store.md). Only the rows whose stamp is after
        their name's time are looked up in the messages (mail whose own date is after its
        delivery, a few); their rows become unread with no time, their saved facts are
        dropped, and so are the kept columns of their mailboxes."""
        # Here: a start that migrates nothing does not load the rule (docs/benchmarks.md,
        # "Warm start imports").
        from hdtui.domain.arrival import AHEAD, PLAUSIBLE_FROM_SECONDS

        name = "substr(q.key, 1, instr(q.key, '.') - 1)"
        def lookup() -> list[tuple[str, str]]:
            found = self._db.execute(  # CROSS JOIN: the queue's few rows first
                "SELECT q.ns, q.key FROM queue q CROSS JOIN messages m ON m.ns = q.ns AND "
                "m.key = q.key WHERE q.kind IS NOT NULL AND q.ns LIKE 'maildir:%' AND "
                f"{name} != '' AND {name} NOT GLOB '*[^0-9]*' AND length({name}) <= 11 AND "
                f"CAST({name} AS INTEGER) BETWEEN ? AND ? AND "
                f"q.stamp > CAST({name} AS INTEGER) AND "
                "(instr(m.full, ?) OR instr(m.full, ?))",
                (PLAUSIBLE_FROM_SECONDS, time.time() + AHEAD.total_seconds(),
                 '"date_ahead":"', '"dated_by_file":true')).fetchall()
            return found

        self._read_again_as(13, lookup)

    def _migrate_13_to_14(self) -> None:
        """Read again the messages cached with the text CR CR LF line ends gave before
        they were read as line ends (docs/store.md; docs/text-safety.md): before fix28c,
        the whole message read as its header block, said by its problem "a header held a
        bare carriage return"; before fix28d, a body whose every line end was doubled (an
        empty line after every line), said by the text alone: each message whose text
        ends with an empty line is looked up, and read again when none of its line ends
        is single (a mail written so reads the same again: one read more). Their rows
        become unread, their saved facts are dropped, and so are the kept columns of
        their mailboxes; everything else is kept as it is."""
        def lookup() -> list[tuple[str, str]]:
            found = [(ns, key) for ns, key, full in self._db.execute(
                "SELECT ns, key, full FROM messages WHERE instr(full, ?) OR instr(full, ?)",
                (BARE_CR_SAID, DOUBLED_END)).fetchall() if _read_before_crcrlf(full)]
            return found

        self._read_again_as(14, lookup)

    def _migrate_14_to_15(self) -> None:
        """Read again the messages version 14 cached with a From its parse found bad: it
        lost the address a display name with ``[`` ``]``, or a domain with a trailing dot
        in angle brackets, came with (``Bob Smith [work] <bob@x.example>`` read as "bob
        smith", whom ``r`` could not answer; walk29's defects 2 and 5), which is read now
        (docs/store.md). Only the rows whose line says the message has a problem are
        looked up in the messages; their rows become unread with no time, their saved
        facts are dropped, and so are the kept columns of their mailboxes."""
        self._read_again_bad_from(15)

    def _migrate_15_to_16(self) -> None:
        """Read again, as ``_migrate_14_to_15`` does, the messages version 15 cached with a
        From its parse found bad: after a name with ``[`` ``]``, an address with a quoted
        local part or a domain literal (``Bob [w] <bob@[127.0.0.1]>``) was read as "bob";
        it is read now as written (review29b; docs/store.md)."""
        self._read_again_bad_from(16)

    def _read_again_bad_from(self, version: int) -> None:
        """In a transaction of its own: the rows whose line says the message has a problem
        and whose cached message says "bad From header" are read again (``_read_again``),
        then the cache is marked ``version``."""
        def lookup() -> list[tuple[str, str]]:
            found = self._db.execute(  # CROSS JOIN: the queue's few rows first
                "SELECT q.ns, q.key FROM queue q CROSS JOIN messages m ON m.ns = q.ns AND "
                "m.key = q.key WHERE q.kind IS NOT NULL AND substr(q.line, -2) = ? AND "
                "instr(m.full, ?)", (SEP + "!", "bad From header")).fetchall()
            return found

        self._read_again_as(version, lookup)

    def _read_again_as(self, version: int, lookup: Callable[[], list[tuple[str, str]]]
                       ) -> None:
        """In a transaction of its own: the rows ``lookup`` finds are read again
        (``_read_again``), then the cache is marked ``version``; nothing changes if either
        fails."""
        self._db.execute("BEGIN")
        try:
            self._read_again(lookup())
            self._db.execute(f"PRAGMA user_version = {int(version)}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.rollback()
            raise

    def _read_again(self, found: list[tuple[str, str]]) -> None:
        """Within a migration's transaction: the rows of ``found`` (namespace, key) become
        unread with no time, their saved facts are dropped, and so are the kept columns of
        their mailboxes (the next start reads those messages again)."""
        self._db.executemany("UPDATE queue SET kind = NULL, decrypt = NULL, line = NULL, "
                             "stamp = 0 WHERE ns = ? AND key = ?", found)
        if self._has_facts():
            self._db.executemany("DELETE FROM facts WHERE ns = ? AND key = ?", found)
        for namespace in {ns for ns, _ in found}:
            for table in ("queue_columns", "queue_changed"):
                self._db.execute(f"DELETE FROM {table} WHERE ns = ?", (namespace,))

    def _has_facts(self) -> bool:
        return bool(self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                     "AND name = 'facts'").fetchone())

    def _full_text_index(self) -> bool:
        """Create the FTS5 index of the documents; False if this SQLite has no FTS5."""
        try:
            self._db.executescript(FTS)
        except sqlite3.OperationalError as e:
            if "fts5" not in str(e).lower():
                raise
            return False
        return True

    def _run(self, what: str, sql: str, rows: Any = ()) -> sqlite3.Cursor:
        try:
            if isinstance(rows, list):
                return self._db.executemany(sql, rows)
            return self._db.execute(sql, rows)
        except sqlite3.DatabaseError as e:
            raise self._failure(what, e) from e

    def _failure(self, what: str, e: sqlite3.DatabaseError) -> StoreError:
        """What a failed SQLite call means for the member, and what to do."""
        if isinstance(e, sqlite3.OperationalError):
            if "full" in str(e).lower():
                return StoreError(f"The disk holding {self.path} is full: {what} was not "
                                  "saved. Free some space; nothing else is lost.")
            return StoreError(f"The report cache {self.path} failed during {what}: {e}.")
        return StoreError(f"The report cache {self.path} is damaged ({e}). It holds only "
                          "a cache: move it aside and start again.")

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        with self._lock:
            # IMMEDIATE: the write lock first (waited for as any lock, up to 5 s). A
            # transaction that read first (``_put_documents`` asks for the largest ID)
            # could not take it later if another process wrote meanwhile: SQLite's WAL
            # refuses that upgrade at once instead of waiting.
            self._run(what, "BEGIN IMMEDIATE")
            try:
                yield
                self._run(what, "COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.rollback()
                raise

    # -- the queue ----------------------------------------------------------------------

    def lines(self, namespace: str, make: Callable[[QueueLine], T]) -> list[T]:
        """``make`` of every queue line of the messages read, in key order (``pages``,
        gathered: a store's whole queue at once, for migrations and checks; the warm start
        takes the pages as they come)."""
        made: list[T] = []
        self.pages(namespace, lambda page: made.extend(make(line) for line in page))
        return made

    def pages(self, namespace: str, take: Callable[[list[QueueLine]], object],
              page: int = LINES_PAGE, unread: list[SourceItem] | None = None) -> None:
        """Give ``take`` every queue line of the messages read, fields in the order of
        Row's, in key order (the table's own order: no sorting), ``page`` lines at a
        time (one query: the warm start fills the queue's columns a page at a time, so
        neither the raw tuples nor a Row of each of 100,000 lines ever all exist at once;
        docs/queue-columns.md). Given ``unread``, the messages listed but not read yet
        are appended to it (``unread()``'s items) from the same pass over the table: a
        second query for them walked the whole table again (docs/benchmarks.md,
        "Session 11")."""
        which = "" if unread is not None else " AND line IS NOT NULL"
        with self._lock:
            cursor = self._run(
                "reading the queue",
                f"SELECT {LINE_COLUMNS} FROM queue WHERE ns = ?{which} ORDER BY key",
                (namespace,))
            try:
                while lines := cursor.fetchmany(page):
                    if unread is not None and None in map(_LINE, lines):
                        unread.extend(_unread_item(line) for line in lines
                                      if line[_LINE_AT] is None)
                        lines = [line for line in lines if line[_LINE_AT] is not None]
                    if lines:
                        take(lines)
            except sqlite3.DatabaseError as e:
                raise self._failure("reading the queue", e) from e

    def unread(self, namespace: str) -> list[SourceItem]:
        """Messages listed but not read yet (a sync stopped half-way)."""
        with self._lock:
            rows = self._run(
                "reading the queue",
                "SELECT key, size, stamp, seen, keywords, modseq FROM queue "
                "WHERE ns = ? AND line IS NULL", (namespace,)).fetchall()
        return [_item(*row) for row in rows]

    def head(self, namespace: str, limit: int) -> list[QueueLine]:
        """The first ``limit`` lines in the queue's default order (``PRIORITY``, then
        newest), straight from an index: what the first frame shows before the whole
        queue is read."""
        with self._lock:
            rows: list[QueueLine] = self._run(
                "reading the queue",
                f"SELECT {LINE_COLUMNS} "
                "FROM queue WHERE ns = ? AND line IS NOT NULL "
                f"ORDER BY {PRIORITY}, stamp DESC LIMIT ?",
                (namespace, limit)).fetchall()
        return rows

    def lines_of(self, namespace: str, keys: Collection[str]) -> list[QueueLine]:
        """The queue lines of the messages read among ``keys``, in no particular order:
        what a reading process cached that its parent was not told of (docs/cold-start.md,
        "Parcels while the listing runs")."""
        wanted = list(keys)
        lines: list[QueueLine] = []
        with self._lock:
            for start in range(0, len(wanted), KEYS_A_QUERY):
                part = wanted[start:start + KEYS_A_QUERY]
                lines.extend(self._run(
                    "reading the queue",
                    f"SELECT {LINE_COLUMNS} FROM queue WHERE ns = ? AND line IS NOT NULL "
                    f"AND key IN ({', '.join('?' * len(part))})", (namespace, *part)))
        return lines

    def apply_listing(self, namespace: str, listed: Sequence[SourceItem],
                      gone: Collection[str], state: tuple[str, Any] | None = None) -> None:
        """Record what a listing found, in one transaction: new messages are added (to be
        read), the flags of known ones updated, and ``gone`` ones forgotten. A message
        whose size changed (a local file rewritten) is read again. ``state`` (a name and a
        value) is the source's listing state, saved in the same transaction so the two
        never disagree."""
        upserts = [(namespace, i.key, i.size,
                    i.mtime.timestamp() if i.mtime is not None else 0.0,
                    int(i.seen), " ".join(sorted(i.keywords)), i.modseq) for i in listed]
        removed = [(namespace, key) for key in gone]
        with self._transaction("saving the listing"):
            if upserts:
                self._run("saving the listing",
                          "INSERT INTO queue VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL) "
                          "ON CONFLICT (ns, key) DO UPDATE SET seen = excluded.seen, "
                          "keywords = excluded.keywords, modseq = excluded.modseq, "
                          "kind = CASE WHEN size = excluded.size THEN kind END, "
                          "decrypt = CASE WHEN size = excluded.size THEN decrypt END, "
                          "line = CASE WHEN size = excluded.size THEN line END, "
                          "stamp = CASE WHEN size = excluded.size THEN stamp "
                          "ELSE excluded.stamp END, "
                          "size = excluded.size", upserts)
            if removed:
                for table in ("queue", "messages", "search", "facts"):
                    self._run("pruning the cache",
                              f"DELETE FROM {table} WHERE ns = ? AND key = ?", removed)
            if upserts or removed:
                self._touch("saving the listing", namespace,
                            [i.key for i in listed] + [key for _, key in removed])
            if state is not None:
                self._run("saving the sync state", "INSERT OR REPLACE INTO state VALUES (?, ?)",
                          (state[0], json.dumps(state[1], separators=(",", ":"))))

    # -- the queue's columns (docs/queue-columns.md, "Kept in the cache") ---------------

    def _touch(self, what: str, namespace: str, keys: Sequence[str]) -> None:
        """In a write's transaction: the queue of ``namespace`` changed at ``keys``. Its
        generation goes up, and the keys are recorded beside its columns (or beside the
        mark of rows being read: ``rows_read``), or the columns (the mark) dropped when
        more than CHANGES_LIMIT keys changed since they were written (a first read's
        writes drop the mark at the first CHANGES_LIMIT keys, and find none after: two
        small statements a transaction)."""
        self._run(what, "INSERT INTO queue_generation VALUES (?, 1) ON CONFLICT (ns) "
                  "DO UPDATE SET generation = generation + 1", (namespace,))
        if not self._run(what, "SELECT EXISTS (SELECT 1 FROM queue_columns WHERE ns = ?)",
                         (namespace,)).fetchone()[0]:
            return
        (logged,) = self._run(what, "SELECT count(*) FROM queue_changed WHERE ns = ?",
                              (namespace,)).fetchone()
        if logged + len(keys) > CHANGES_LIMIT:
            for table in ("queue_columns", "queue_changed"):
                self._run(what, f"DELETE FROM {table} WHERE ns = ?", (namespace,))
            return
        self._run(what, "INSERT OR IGNORE INTO queue_changed VALUES (?, ?)",
                  [(namespace, key) for key in keys])

    def rows_read(self, namespace: str) -> int:
        """The queue's rows are about to be read, to fill the columns ``put_columns`` keeps:
        any columns kept are dropped and, from now on, each key written is recorded
        (``_touch``), so that the columns can be kept after the queue changed (new mail
        listed, messages read: docs/queue-columns.md, "Kept in the cache"). The mark to
        give ``put_columns``: the queue's generation now."""
        with self._transaction("reading the queue"):
            generation = self._generation(namespace)
            for table in ("queue_columns", "queue_changed"):
                self._run("reading the queue", f"DELETE FROM {table} WHERE ns = ?",
                          (namespace,))
            self._run("reading the queue", "INSERT INTO queue_columns VALUES (?, ?, ?)",
                      (namespace, _SINCE, str(generation).encode()))
        return generation

    def put_columns(self, namespace: str, generation: int,
                    arrays: Mapping[str, array[Any] | bytearray], data: Any,
                    unread: Sequence[SourceItem], touched: Collection[str] = ()) -> bool:
        """Keep the queue's columns (``arrays``: each column, its bytes written as they
        are; ``data``: the rest, as JSON), filled from the rows ``rows_read`` marked at
        ``generation`` and since changed in memory at the keys ``touched``, and the
        messages listed but not read when the rows were read. The keys touched and those
        written since the mark are recorded as changed: a start reading the columns reads
        their rows again (so a key changed in memory but not in the cache, or written by
        another process, is as the cache has it). False, nothing written, when the mark is
        not there any more (columns kept or dropped since, more than CHANGES_LIMIT keys
        written) or the keys changed would be more than CHANGES_LIMIT (the mark is dropped:
        the next start reads the rows again)."""
        meta = json.dumps({"format": COLUMNS_FORMAT, "data": data, "unread": [
            [i.key, i.size, i.mtime.timestamp() if i.mtime is not None else 0.0,
             int(i.seen), " ".join(sorted(i.keywords)), i.modseq] for i in unread]},
            separators=(",", ":")).encode()
        what = "keeping the queue's columns"
        with self._transaction(what):
            row = self._run(what, "SELECT data FROM queue_columns WHERE ns = ? AND name = ?",
                            (namespace, _SINCE)).fetchone()
            if row is None or bytes(row[0]) != str(generation).encode():
                return False
            self._run(what, "INSERT OR IGNORE INTO queue_changed VALUES (?, ?)",
                      [(namespace, key) for key in touched])
            (changed,) = self._run(what, "SELECT count(*) FROM queue_changed WHERE ns = ?",
                                   (namespace,)).fetchone()
            self._run(what, "DELETE FROM queue_columns WHERE ns = ?", (namespace,))
            if changed > CHANGES_LIMIT:
                self._run(what, "DELETE FROM queue_changed WHERE ns = ?", (namespace,))
                return False
            self._run(what, "INSERT INTO queue_columns VALUES (?, ?, ?)",
                      [(namespace, name, column) for name, column in
                       (*arrays.items(), (_META, meta))])
        return True

    def columns(self, namespace: str,
                make: Callable[[Any, Iterator[tuple[str, Iterator[bytes]]]], T],
                ) -> tuple[T, list[QueueLine], list[SourceItem], list[str]] | None:
        """The queue's columns as ``put_columns`` kept them, or None (none kept, or of
        another format): ``make`` gets the data and each column's bytes, a piece at a
        time (none of 100,000 messages' columns is held twice: docs/benchmarks.md,
        "Session 12"), and its result comes with what changed since, read in the same
        transaction: the lines of the messages read, the messages listed but not read,
        and the keys gone."""
        with self._lock:
            self._run("reading the queue", "BEGIN")
            try:
                found = self._run("reading the queue", "SELECT rowid, name FROM "
                                  "queue_columns WHERE ns = ?", (namespace,)).fetchall()
                rowids = dict((name, rowid) for rowid, name in found)
                rowids.pop(_SINCE, None)  # (never beside the columns: put_columns drops it)
                if _META not in rowids:
                    return None
                meta = json.loads(self._read_blob(rowids.pop(_META)))
                if not isinstance(meta, dict) or meta.get("format") != COLUMNS_FORMAT:
                    return None
                made = make(meta["data"], ((name, self._blob_pieces(rowid))
                                           for name, rowid in rowids.items()))
                changed = self._run(
                    "reading the queue",
                    f"SELECT {', '.join('q.' + c for c in LINE_COLUMNS.split(', '))} "
                    # CROSS JOIN: the few keys changed first, not a walk of the queue
                    "FROM queue_changed c CROSS JOIN queue q ON q.ns = c.ns AND q.key = c.key "
                    "WHERE c.ns = ? ORDER BY q.key", (namespace,)).fetchall()
                gone = [key for (key,) in self._run(
                    "reading the queue", "SELECT key FROM queue_changed c WHERE ns = ? AND "
                    "NOT EXISTS (SELECT 1 FROM queue q WHERE q.ns = c.ns AND q.key = c.key)",
                    (namespace,))]
            except sqlite3.DatabaseError as e:
                raise self._failure("reading the queue", e) from e
            finally:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
        lines = [line for line in changed if line[_LINE_AT] is not None]
        keys = {line[0] for line in changed}.union(gone)
        unread = [_item(*item) for item in meta["unread"] if item[0] not in keys]
        unread.extend(_unread_item(line) for line in changed if line[_LINE_AT] is None)
        return made, lines, unread, gone

    def _read_blob(self, rowid: int) -> bytes:
        return b"".join(self._blob_pieces(rowid))

    def _blob_pieces(self, rowid: int) -> Iterator[bytes]:
        """A column's bytes, BLOB_PIECE at a time (read inside ``columns``' transaction)."""
        with self._db.blobopen("queue_columns", "data", rowid, readonly=True) as blob:
            while piece := blob.read(BLOB_PIECE):
                yield piece

    def set_keywords(self, namespace: str, key: str, keywords: str) -> None:
        """Record a message's marks as changed by this member (the next listing confirms)."""
        with self._transaction("saving a mark"):
            self._run("saving a mark", "UPDATE queue SET keywords = ? WHERE ns = ? AND key = ?",
                      (keywords, namespace, key))
            self._touch("saving a mark", namespace, [key])

    def put_parsed(self, namespace: str, parsed: Sequence[ParsedLine]) -> None:
        """Save what reading messages gave, in one transaction."""
        if not parsed:
            return
        lines = [(p.stamp, p.kind, p.decrypt, p.line, namespace, p.key, p.size) for p in parsed]
        full = [(namespace, p.key, p.size, self.schema, p.full) for p in parsed]
        search = [(namespace, p.key, p.search) for p in parsed if p.search]
        with self._transaction("saving parsed messages"):
            if len(search) < len(parsed):  # a message read without its document
                self._run("saving parsed messages", "DELETE FROM state WHERE name = ?",
                          (COMPLETE_DOCUMENTS + namespace,))
            self._run("saving parsed messages",
                      "UPDATE queue SET stamp = ?, kind = ?, decrypt = ?, line = ? "
                      "WHERE ns = ? AND key = ? AND size = ?", lines)
            self._run("saving parsed messages",
                      "INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?)", full)
            self._put_documents("saving parsed messages", search)
            self._touch("saving parsed messages", namespace, [p.key for p in parsed])

    def full(self, namespace: str, key: str, size: int) -> Any:
        """The complete parsed message, or None if it is not cached (or stale)."""
        with self._lock:
            row = self._run("reading the cache",
                            "SELECT full FROM messages WHERE ns = ? AND key = ? AND size = ? "
                            "AND schema = ?", (namespace, key, size, self.schema)).fetchone()
        return json.loads(row[0]) if row else None

    def _put_documents(self, what: str, rows: Sequence[tuple[str, str, str]]) -> None:
        """Save documents and index them; inside a transaction (the new rows' IDs are
        those above the largest before, as no other writer can add one meanwhile)."""
        if self.fts:
            (last,) = self._run(what, "SELECT coalesce(max(id), 0) FROM search").fetchone()
        # An upsert, not INSERT OR REPLACE: a replaced row would not fire the trigger
        # that takes it out of the full-text index; a changed one is indexed again by its
        # trigger.
        self._run(what, "INSERT INTO search (ns, key, text) VALUES (?, ?, ?) "
                  "ON CONFLICT (ns, key) DO UPDATE SET text = excluded.text", list(rows))
        if self.fts:
            # The new documents in one statement: FTS5 tokenizes them into one segment
            # (docs/cold-start.md, "Writing the cache").
            self._run(what, "INSERT INTO search_fts (rowid, text) "
                      "SELECT id, text FROM search WHERE id > ?", (last,))

    def documents_made_by(self, code: str) -> bool:
        """Record that the filter's documents are those ``code`` (``document_code``) makes:
        documents saved by other code (an older version's words: "serveur" not yet read as
        "server") are dropped, so ``unindexed`` names their messages and they are written
        again from the cached messages; returns whether any were dropped
        (docs/filter.md, "Documents made by older code")."""
        what = "dropping the filter's documents of an older version"
        with self._transaction(what):
            row = self._run(what, "SELECT value FROM state WHERE name = ?",
                            (DOCUMENTS_STATE,)).fetchone()
            made = json.loads(row[0]) if row is not None else None
            if made == code:
                return False
            dropped = made != NEW_DOCUMENTS and bool(self._run(
                what, "SELECT EXISTS (SELECT 1 FROM search)").fetchone()[0])
            if dropped:
                self._drop_documents(what)
            self._run(what, "INSERT OR REPLACE INTO state VALUES (?, ?)",
                      (DOCUMENTS_STATE, json.dumps(code)))
        return dropped

    def _drop_documents(self, what: str) -> None:
        """Every document and its full-text entries, at once: the trigger taking each row
        out of the index is set aside meanwhile (it made 100,000 rows cost 8 s with the
        cache locked, 'delete-all' a fraction of that); inside a transaction."""
        trigger = self._run(what, "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND name = 'search_removed'").fetchone()
        if trigger is not None:
            self._run(what, "DROP TRIGGER search_removed")
        self._run(what, "DELETE FROM search")
        self._run(what, "DELETE FROM state WHERE substr(name, 1, ?) = ?",
                  (len(COMPLETE_DOCUMENTS), COMPLETE_DOCUMENTS))
        if self.fts:
            self._run(what, "INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        if trigger is not None:
            self._run(what, trigger[0])

    def put_documents(self, namespace: str, documents: Sequence[tuple[str, str]]) -> None:
        """Save the filter's documents of messages already read, as (key, document)."""
        if not documents:
            return
        with self._transaction("indexing messages for the filter"):
            self._put_documents("indexing messages for the filter",
                                [(namespace, key, text) for key, text in documents])

    def unindexed(self, namespace: str) -> list[tuple[str, int]]:
        """(key, size) of the messages read that have no document yet (a migrated cache,
        documents dropped). It walks the whole queue (0.15 s of CPU at 100,000 messages):
        ``has_every_document`` says first whether it can be skipped."""
        with self._lock:
            return self._run(
                "reading the queue",
                "SELECT q.key, q.size FROM queue q WHERE q.ns = ? AND q.line IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM search s WHERE s.ns = q.ns AND s.key = q.key)",
                (namespace,)).fetchall()

    def has_every_document(self, namespace: str) -> bool:
        """Every message of ``namespace`` read so far has its document (the mark
        ``documents_complete`` set and nothing cleared it since)."""
        with self._lock:
            return self._run("reading the queue", "SELECT 1 FROM state WHERE name = ?",
                             (COMPLETE_DOCUMENTS + namespace,)).fetchone() is not None

    def generation(self, namespace: str) -> int:
        """The queue's generation: it goes up with every write to the queue (``_touch``)."""
        with self._lock:
            return self._generation(namespace)

    def _generation(self, namespace: str) -> int:
        row = self._run("reading the queue", "SELECT generation FROM queue_generation "
                        "WHERE ns = ?", (namespace,)).fetchone()
        return int(row[0]) if row else 0

    def documents_complete(self, namespace: str, generation: int) -> bool:
        """Mark every message read of ``namespace`` as having its document, if the queue
        is still at ``generation``, read before ``unindexed`` looked (a message read
        meanwhile may lack its document); whether it was marked. The mark goes when a message is
        saved without its document (``put_parsed``) or documents are dropped."""
        what = "marking the filter's documents complete"
        with self._transaction(what):
            if self._generation(namespace) != generation:
                return False
            self._run(what, "INSERT OR REPLACE INTO state VALUES (?, 'true')",
                      (COMPLETE_DOCUMENTS + namespace,))
        return True

    def search(self, namespace: str, clauses: Sequence[Clause]) -> Hits:
        """The messages whose documents hold every positive clause and no negated one
        (``include``); with negated clauses only, those holding one (``exclude``)."""
        positive = [c for c in clauses if not c.negated]
        negative = [c for c in clauses if c.negated]
        with self._lock:
            if positive:
                return Hits(frozenset(self._keys(namespace, positive, negative)))
            if negative:
                return Hits(exclude=frozenset(self._keys(namespace, [], negative)))
        return Hits()

    def _keys(self, namespace: str, positive: Sequence[Clause],
              negative: Sequence[Clause]) -> set[str]:
        """Keys whose documents hold all the positive clauses and none of the negative
        ones; without positive clauses, those holding any negative one."""
        if self.fts:
            def any_of(clause: Clause) -> str:
                return "(" + " OR ".join(_fts_phrase(n) for n in clause.needles) + ")"
            unwanted = " OR ".join(any_of(c) for c in negative)
            if positive:
                expression = " AND ".join(any_of(c) for c in positive)
                if unwanted:
                    expression = f"({expression}) NOT ({unwanted})"
            else:
                expression = unwanted
            sql = ("SELECT key FROM search WHERE ns = ? AND id IN "
                   "(SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
            parameters: tuple[str, ...] = (namespace, expression)
        else:
            def condition(clause: Clause) -> str:
                return "(" + " OR ".join("instr(text, ?) > 0" for _ in clause.needles) + ")"
            needles = [needle_text(n) for c in (*positive, *negative) for n in c.needles]
            unwanted = " OR ".join(condition(c) for c in negative)
            if positive:
                where = " AND ".join(condition(c) for c in positive)
                if unwanted:
                    where += f" AND NOT ({unwanted})"
            else:
                where = unwanted
            sql = f"SELECT key FROM search WHERE ns = ? AND {where}"
            parameters = (namespace, *needles)
        return {key for (key,) in self._run("searching the cache", sql, parameters)}

    def count(self, namespace: str) -> int:
        """How many messages of one source the queue knows."""
        with self._lock:
            row = self._run("reading the queue", "SELECT count(*) FROM queue WHERE ns = ?",
                            (namespace,)).fetchone()
        return int(row[0])

    # -- report facts (docs/insight.md) ---------------------------------------------------

    def facts(self, namespace: str, rules: int | None = None,
              page: int = FACTS_PAGE) -> Iterator[tuple[str, int, int, str, str]]:
        """Every saved report facts row (of rules version ``rules`` if given): (key, size,
        rules version, issues fingerprint, data), in key order, read ``page`` rows at a
        time with the lock held for each page only: every row's JSON at once took about
        150 MB at 100,000 reports, where the caller keeps only the decoded facts
        (docs/benchmarks.md, "Measured in a whole session"). The data is the array
        ``domain.facts_codec.encode`` writes (version 9; version 8's objects are turned
        into arrays by the migration)."""
        after = ""
        chosen = "" if rules is None else " AND rules = ?"
        while True:
            with self._lock:
                rows: list[tuple[str, int, int, str, str]] = self._run(
                    "reading report facts",
                    "SELECT key, size, rules, issues, data FROM facts WHERE ns = ? AND key > ?"
                    f"{chosen} ORDER BY key LIMIT ?",
                    (namespace, after, *(() if rules is None else (rules,)), page)).fetchall()
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1][0]

    def put_facts(self, namespace: str, rows: Sequence[tuple[str, int, int, str, str]]) -> None:
        """Save report facts rows (as ``facts`` returns them), in one transaction."""
        if not rows:
            return
        with self._transaction("saving report facts"):
            self._run("saving report facts", "INSERT OR REPLACE INTO facts VALUES "
                      "(?, ?, ?, ?, ?, ?)", [(namespace, *row) for row in rows])

    def forget_facts(self, namespace: str, keys: Sequence[str]) -> None:
        """Remove the saved report facts of ``keys`` (every rules version), in one
        transaction: the message read again differs (a report decrypted now)."""
        if not keys:
            return
        with self._transaction("forgetting report facts"):
            self._run("forgetting report facts", "DELETE FROM facts WHERE ns = ? AND key = ?",
                      [(namespace, key) for key in keys])

    # -- named state ----------------------------------------------------------------

    def state(self, name: str) -> Any:
        """A named state blob (the IMAP listing state), or None."""
        with self._lock:
            row = self._run("reading the sync state", "SELECT value FROM state WHERE name = ?",
                            (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_state(self, name: str, value: Any) -> None:
        """Save a named state blob."""
        data = json.dumps(value, separators=(",", ":"))
        with self._lock:
            self._run("saving the sync state", "INSERT OR REPLACE INTO state VALUES (?, ?)",
                      (name, data))

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def reopen(self) -> None:
        """In a process forked from the one that opened the cache (``hdtui.forked``): a
        connection of its own from now on. SQLite's is not to be used across a fork; the
        inherited one is kept, never closed (closing it here could end the parent's use of
        the write-ahead log), and the process ends without closing it."""
        self._inherited = self._db
        self._db = sqlite3.connect(str(self.path), check_same_thread=False,
                                   isolation_level=None)
        self._db.execute("PRAGMA synchronous=NORMAL")  # as ``__init__`` sets it


UPDATING = ("hdtui: updating the report cache for this version (once): looking through "
            "every cached message, a few seconds for a big mailbox...")
"""Said on stderr before the scan of ``_migrate_13_to_14``: it runs while the store opens,
before the app's first frame, and would otherwise leave a blank terminal for seconds
(docs/store.md, "Format and upgrades")."""


def say_updating() -> None:
    """Say UPDATING on stderr (the terminal, before the app starts)."""
    try:
        sys.stderr.write(UPDATING + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr (closed, or None): say nothing
        pass


def _fts_phrase(needle: Needle) -> str:
    """A needle as an FTS5 phrase whose last token is a prefix: ``"no network"*``."""
    return '"' + " ".join(needle).replace('"', '""') + '"*'


_LINE_AT = 8
"""Where the line is in a row of ``LINE_COLUMNS`` (NULL: listed, not read yet)."""
_LINE = itemgetter(_LINE_AT)


def _item(key: str, size: int, stamp: float, seen: int, words: str,
          modseq: int) -> SourceItem:
    """A message listed but not read yet, from its queue row."""
    return SourceItem(key, size, bool(seen),
                      datetime.fromtimestamp(stamp, UTC) if stamp else None,
                      frozenset(words.split()), modseq)


def _unread_item(row: Sequence[Any]) -> SourceItem:
    """``_item`` of a row of ``LINE_COLUMNS`` whose line is NULL."""
    key, size, stamp, _, _, seen, words, modseq, _ = row
    return _item(key, size, stamp, seen, words, modseq)


def _read_before_crcrlf(full: str) -> bool:
    """Whether a cached message (its JSON) holds what CR CR LF line ends gave before fix28c
    and fix28d read them as line ends: the bare CR said of its header block, or a text
    none of whose line ends is single (``_migrate_13_to_14``)."""
    try:
        message = json.loads(full)["message"]
        text = message.get("text") or ""
        problems = message.get("problems") or ()
    except (ValueError, TypeError, KeyError, AttributeError):
        return False  # not an entry this code wrote: read as it is
    if any(BARE_CR_SAID in str(problem) for problem in problems):
        return True
    return isinstance(text, str) and text.endswith("\n\n") and \
        "\n" not in text.replace("\n\n", "")
