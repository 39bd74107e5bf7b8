"""The report cache of the previous version (3) is migrated, never dropped: its queue
lines, written before mail text had a boundary, are made safe (docs/text-safety.md)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hdtui.cache import SCHEMA, TEAM, VERSION, ReportCache
from hdtui.domain.queue import SEP, Row

HOSTILE_LINE = SEP.join(("Wi-Fi \x1b]52;c;eA==\x07gone", "7.5\x1bc", "HP\u202e 250",
                         "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", ""))
SAFE_LINE = SEP.join(("Wi-Fi nice", "7.5", "HP 250", "0123", ""))
SHIFTED_LINE = SEP.join(("summary", "7.7", "X", "HP 250", "0456", ""))
"""Version 3 kept SEP out of the summary but not the version: ``VERSION="7.7\x1fX"``."""


def write_version_3(path: Path) -> None:
    """A cache exactly as version 3 left it: same tables, raw text in the lines."""
    db = sqlite3.connect(str(path), isolation_level=None)
    db.executescript(SCHEMA.format(team=TEAM))
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
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 4
    db.close()
