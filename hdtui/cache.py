"""Provides ReportCache: parsed messages and listing state in SQLite (stdlib sqlite3).

TinyDB rewrites its whole JSON file on every write, which is fine for marks, notes and
settings but not for thousands of parsed reports: at 2,000 reports the store was 15 MB
and every refresh rewrote it twice. The cache of parsed reports and the IMAP listing
state therefore live here: one row per message, written in one transaction per batch.
The file is owner-only like the store; the store's lock covers both.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from hdtui.errors import StoreError

SCHEMA = """
DROP TABLE IF EXISTS reports;
CREATE TABLE IF NOT EXISTS messages (
    ns TEXT NOT NULL, key TEXT NOT NULL, schema INTEGER NOT NULL,
    light TEXT NOT NULL, full TEXT NOT NULL,
    PRIMARY KEY (ns, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


class ReportCache:
    """Cached parsed messages by (namespace, cache key), and named state blobs."""

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
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"Cannot open the report cache {path}: {e}. It holds only a "
                             "cache: move it aside and start again.") from e

    def _run(self, what: str, sql: str, rows: Any = ()) -> sqlite3.Cursor:
        try:
            if isinstance(rows, list):
                return self._db.executemany(sql, rows)
            return self._db.execute(sql, rows)
        except sqlite3.OperationalError as e:
            if "full" in str(e).lower():
                raise StoreError(f"The disk holding {self.path} is full: {what} was not "
                                 "saved. Free some space; nothing else is lost.") from e
            raise StoreError(f"The report cache {self.path} failed during {what}: {e}.") from e
        except sqlite3.DatabaseError as e:
            raise StoreError(f"The report cache {self.path} is damaged ({e}). It holds only "
                             "a cache: move it aside and start again.") from e

    def get(self, namespace: str, keys: Collection[str] | None = None,
            full: bool = False) -> dict[str, Any]:
        """Cached items of one source (all, or only ``keys``): light copies, or full ones."""
        column = "full" if full else "light"
        with self._lock:
            if keys is None:
                rows = self._run("reading the cache",
                                 f"SELECT key, {column} FROM messages WHERE ns = ? "
                                 "AND schema = ?", (namespace, self.schema)).fetchall()
            else:
                rows = []
                wanted = list(keys)
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows += self._run(
                        "reading the cache",
                        f"SELECT key, {column} FROM messages WHERE ns = ? AND schema = ? "
                        f"AND key IN ({marks})", (namespace, self.schema, *chunk)).fetchall()
        return {key: json.loads(data) for key, data in rows}

    def put(self, namespace: str, items: Mapping[str, tuple[Any, Any]]) -> None:
        """Add or replace cached items (light, full), in one transaction."""
        if not items:
            return
        rows = [(namespace, key, self.schema, json.dumps(light, separators=(",", ":")),
                 json.dumps(full, separators=(",", ":")))
                for key, (light, full) in items.items()]
        with self._lock:
            self._run("saving parsed messages", "BEGIN")
            try:
                self._run("saving parsed messages",
                          "INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?)", rows)
                self._run("saving parsed messages", "COMMIT")
            except StoreError:
                self._db.rollback()
                raise

    def forget_missing(self, namespace: str, keep: set[str]) -> int:
        """Drop items of messages no longer in the source; return how many."""
        with self._lock:
            known = [k for (k,) in self._run(
                "pruning the cache", "SELECT key FROM messages WHERE ns = ?",
                (namespace,)).fetchall()]
            gone = [(namespace, k) for k in known if k not in keep]
            if gone:
                self._run("pruning the cache", "DELETE FROM messages WHERE ns = ? AND key = ?",
                          gone)
            return len(gone)

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
