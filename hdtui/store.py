"""Provides LocalStore: personal state in TinyDB, the report cache in SQLite (cache.py).

One process owns a store: an exclusive ``flock`` on ``<store>.lock`` makes a
second hdtui fail fast with a clear message. Writes go to a temporary file that
is fsynced and renamed over the store, so a crash never leaves half a file; the
file, its lock and its directory are readable by the owner only, since the cache
holds decrypted reports.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from hdtui.cache import ReportCache
from hdtui.domain.mail import SourceItem
from hdtui.domain.queue import ParsedLine, QueueLine
from hdtui.errors import StoreError

SCHEMA = 3
T = TypeVar("T")


class AtomicJSONStorage(Storage):
    """TinyDB storage: read once, then write-through with temp file + fsync + rename."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        """Return the database (cached after the first read: this process is the only writer)."""
        if self._data is None:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
            if not text.strip():
                return None
            try:
                self._data = json.loads(text)
            except json.JSONDecodeError as e:
                raise StoreError(
                    f"The local store {self.path} is damaged ({e.msg} at line {e.lineno}). "
                    "It holds only a cache and personal notes: move it aside and start again."
                ) from e
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Write atomically; a full disk leaves the old file intact and raises StoreError."""
        self._data = data
        fd, tmp = tempfile.mkstemp(prefix=".store-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if e.errno == errno.ENOSPC:
                raise StoreError(
                    f"The disk holding {self.path} is full: the last change is kept in memory "
                    "only. Free some space; hdtui saves again on the next change."
                ) from e
            raise StoreError(f"Cannot write the local store {self.path}: {e.strerror}.") from e

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""


class LocalStore:
    """Cache of parsed messages, triage marks, personal notes and settings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"Cannot create {path.parent}: {e.strerror}.") from e
        self._lock_file = self._take_lock(path.with_name(path.name + ".lock"))
        if path.exists():
            os.chmod(path, 0o600)
        self._db = TinyDB(str(path), storage=AtomicJSONStorage)
        self._marks = self._db.table("marks", cache_size=0)
        self._notes = self._db.table("notes", cache_size=0)
        self._settings = self._db.table("settings", cache_size=0)
        self._cache = ReportCache(path.with_name(path.stem + "-cache.sqlite"), SCHEMA)

    @staticmethod
    def _take_lock(lock_path: Path) -> int:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            owner = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StoreError(
                f"Another hdtui (pid {owner}) is using the store {lock_path.with_suffix('')}. "
                "Close it first, or give this one another [store] path.",
                "Store in use",
            ) from e
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return fd

    def close(self) -> None:
        """Release the lock."""
        with self._lock:
            self._db.close()
            self._cache.close()
            if self._lock_file >= 0:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)
                os.close(self._lock_file)
                self._lock_file = -1

    # -- the queue and parsed-message cache (SQLite) ---------------------------------

    def queue_lines(self, namespace: str, make: Callable[[QueueLine], T]) -> list[T]:
        """The queue line of every message read (the warm start)."""
        return self._cache.lines(namespace, make)

    def queue_head(self, namespace: str, limit: int) -> list[QueueLine]:
        """The first lines in the default order (team mail first, then newest)."""
        return self._cache.head(namespace, limit)

    def unread(self, namespace: str) -> list[SourceItem]:
        """Messages listed but not read yet."""
        return self._cache.unread(namespace)

    def set_keywords(self, namespace: str, key: str, keywords: str) -> None:
        """Record a message's marks as this member changed them."""
        self._cache.set_keywords(namespace, key, keywords)

    def apply_listing(self, namespace: str, listed: Sequence[SourceItem],
                      gone: Collection[str], state: tuple[str, Any] | None = None) -> None:
        """Record a listing: new and changed messages, gone ones, the listing state."""
        self._cache.apply_listing(namespace, listed, gone, state)

    def put_parsed(self, namespace: str, parsed: Sequence[ParsedLine]) -> None:
        """Save what reading messages gave, in one transaction."""
        self._cache.put_parsed(namespace, parsed)

    def full(self, namespace: str, key: str, size: int) -> Any:
        """The complete parsed message as plain data, or None."""
        return self._cache.full(namespace, key, size)

    def search(self, namespace: str, words: Sequence[str]) -> set[str]:
        """Keys of the messages whose searchable text contains every word."""
        return self._cache.search(namespace, words)

    def sync_state(self, name: str) -> Any:
        """A saved listing state (IMAP folders, UIDVALIDITY, MODSEQ), or None."""
        return self._cache.state(name)

    def set_sync_state(self, name: str, value: Any) -> None:
        """Save a listing state."""
        self._cache.set_state(name, value)

    # -- personal state -------------------------------------------------------------

    def marks(self) -> dict[str, list[str]]:
        """Triage marks by message key."""
        with self._lock:
            return {d["key"]: list(d["marks"]) for d in self._marks.all()}

    def set_marks(self, key: str, marks: list[str]) -> None:
        """Record the marks of one message."""
        with self._lock:
            self._marks.upsert({"key": key, "marks": sorted(marks)}, Query().key == key)

    def note(self, key: str) -> str:
        """The member's personal note on a message."""
        with self._lock:
            doc = self._notes.get(Query().key == key)
            return str(doc["text"]) if isinstance(doc, Mapping) else ""

    def set_note(self, key: str, text: str) -> None:
        """Keep a personal note (allowed in read-only skims)."""
        with self._lock:
            self._notes.upsert({"key": key, "text": text}, Query().key == key)

    def setting(self, name: str, default: Any = None) -> Any:
        """A personal setting."""
        with self._lock:
            doc = self._settings.get(Query().name == name)
            return doc["value"] if isinstance(doc, Mapping) else default

    def set_setting(self, name: str, value: Any) -> None:
        """Save a personal setting."""
        with self._lock:
            self._settings.upsert({"name": name, "value": value}, Query().name == name)
