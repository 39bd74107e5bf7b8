"""Provides LocalStore: personal state in TinyDB, the report cache in SQLite (cache.py).

One process owns a store: an exclusive ``flock`` on ``<store>.lock`` makes a
second hdtui fail fast with a clear message. Writes go to a temporary file
(``.<store>.tmp-*``) that is fsynced and renamed over the store, so a crash never
leaves half a file; what an interrupted write leaves behind is removed at the next
start, under the lock. The file, its lock and its directory are readable by the owner
only, since the cache holds decrypted reports; a directory found looser is tightened
to 0700 and the member is told.

Personal state has one table per kind, each read and written by typed methods through the
domain's codec (``to_data``/``from_data``): marks, notes, kept drafts, my claims, reproduce
checklists, outcomes, seen messages, the outbox of mark changes made offline, and a few
preferences (``settings``). ``meta`` holds the format version; a store of an earlier
format is migrated when it is opened (``migrate``), its previous file kept as the last good
copy.

The store never loses marks, notes or drafts silently. ``<store>.last-good`` keeps the
previous complete version (a copy at start, then the version each write replaces). A
store file that cannot be understood (empty, not UTF-8, not JSON, JSON of the wrong
shape) is moved aside as ``<store>.damaged-<time>`` and the last good copy restored, or,
without one, the store starts empty; either way a notice says what happened. Where
going on could lose data (the file cannot be read or moved aside) hdtui refuses to
start instead. See docs/store.md.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import sqlite3
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from hdtui.cache import ReportCache
from hdtui.domain.codec import from_data, to_data
from hdtui.domain.mail import SourceItem
from hdtui.domain.marks import MarkChange
from hdtui.domain.query import Clause, Hits
from hdtui.domain.queue import ParsedLine, QueueLine, row_of_line
from hdtui.domain.queue_columns import QueueColumns
from hdtui.errors import StoreError, StoreInUse
from hdtui.process_owner import owner_gone

if TYPE_CHECKING:  # the methods that read them back import them: a warm start's first
    # frame reads none (docs/benchmarks.md, "Warm start imports", session 9); TinyDB is
    # opened on the first write or lookup ("Session 29: warm first rows")
    from tinydb import Query, TinyDB
    from tinydb.table import Table

    from hdtui.domain.compose import Draft, DraftKind
    from hdtui.domain.followups import Acted, Reminder
    from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite
    from hdtui.domain.kept_form import FormKind, KeptForm
    from hdtui.domain.process import Outcome, ReproduceState

SCHEMA = 3
"""The report cache's layout (cache.py)."""
FORMAT = 6
"""The format of ``store.json``: 1 kept drafts, claims, checklists, outcomes and the
outbox as values of the ``settings`` table; 2 gives each its own table; 3 adds
``gitlab_pending``, the GitLab writes not made yet; 4 adds ``acted`` and ``reminders``,
what follow-ups come from; 5 adds ``forms``, the forms kept through a hang-up; 6 keys a
kept issue by its whole set of reports, not its first (``migrate``)."""
T = TypeVar("T")
LEGACY_TEMP = re.compile(r"\.store-[a-z0-9_]{8}")
"""Temporary files of earlier versions: ``.store-`` and eight of tempfile's characters."""

REQUIRED_FIELDS: dict[str, dict[str, type | None]] = {
    "marks": {"key": str, "marks": list},
    "notes": {"key": str, "text": str},
    "settings": {"name": str, "value": None},
    "meta": {"name": str, "value": None},
    "drafts": {"kind": str, "key": str, "draft": dict},
    "claims": {"key": str},
    "reproductions": {"key": str, "state": dict},
    "outcomes": {"key": str, "outcome": dict},
    "seen": {"key": str},
    "outbox": {"key": str, "mark": str, "add": bool},
    "gitlab_writes": {"when": None, "iid": int, "kind": str, "what": str},
    "gitlab_pending": {"id": str, "kind": str, "iid": int},
    "acted": {"key": str, "kind": str, "when": str},
    "reminders": {"key": str, "due": str},
    "forms": {"kind": str, "key": str, "form": dict},
}
"""The fields every document of LocalStore's own tables has (None: any type). A document
without them would fail later, mid-shift, with a KeyError: the file is damaged."""


class StoreDamage(Exception):
    """A store file that is there and readable but cannot be understood (the reason)."""


def shown(path: Path) -> str:
    """A path as the member reads it: the home directory as ``~``."""
    home, text = str(Path.home()), str(path)
    if home == "/" or not (text == home or text.startswith(home + "/")):
        return text
    return "~" + text[len(home):]


def temp_prefix(path: Path) -> str:
    """The prefix of this store's temporary files: its own name, so cleaning never
    touches another store's (or the issue cache's) files in the same directory."""
    return f".{path.name}.tmp-"


def last_good_path(path: Path) -> Path:
    """Where the previous complete version of the store is kept."""
    return path.with_name(path.name + ".last-good")


def check_shape(data: Any) -> dict[str, Any]:
    """``data`` if it is what TinyDB and LocalStore expect, else StoreDamage saying why:
    tables (objects) of documents (objects) under whole-number IDs."""
    if not isinstance(data, dict):
        raise StoreDamage(f"it holds a JSON {_json_type(data)}, not tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreDamage(f"table {name!r} is a JSON {_json_type(table)}, not documents")
        required = REQUIRED_FIELDS.get(name, {})
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise StoreDamage(f"table {name!r} has a document ID {doc_id!r} that is "
                                  "not a number")
            if not isinstance(doc, dict):
                raise StoreDamage(f"document {doc_id} of table {name!r} is a JSON "
                                  f"{_json_type(doc)}, not an object")
            for field, kind in required.items():
                if field not in doc or (kind is not None and not isinstance(doc[field], kind)):
                    raise StoreDamage(f"document {doc_id} of table {name!r} lacks a valid "
                                      f"{field!r}")
    return data


def store_format(data: Mapping[str, Any]) -> int:
    """The format a store's tables were written in (1: before ``meta`` existed)."""
    for doc in data.get("meta", {}).values():
        if doc.get("name") == "format" and isinstance(doc.get("value"), int):
            return int(doc["value"])
    return 1


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """The tables of a store of an earlier format in the current format, one step at a
    time (the input is not changed; no document is dropped)."""
    version = store_format(data)
    tables = _from_format_1(data) if version < 2 else data
    tables = _issues_by_their_reports(tables) if version == 5 else tables
    return _new_tables(tables, ("gitlab_pending", "acted", "reminders", "forms"))


def _issues_by_their_reports(data: dict[str, Any]) -> dict[str, Any]:
    """Format 5 to 6 (the input is not changed): a kept issue was keyed by its first
    report, so another issue typed on a set of reports starting with the same one
    replaced it; it is keyed by its whole set now (``issue_key``). Every other form, and
    an issue form that cannot be read (it is left out when read, as before), stays as it
    is."""
    from hdtui.domain.kept_form import FormKind, issue_key

    forms: dict[str, Any] = {}
    for doc_id, doc in data.get("forms", {}).items():
        form = doc.get("form")
        keys = form.get("keys") if isinstance(form, dict) else None
        if doc.get("kind") == FormKind.ISSUE.value and isinstance(keys, list) and all(
                isinstance(k, str) for k in keys):
            key = issue_key(keys)
            doc = {**doc, "key": key, "form": {**form, "key": key}}
        forms[doc_id] = doc
    return {**data, "forms": forms} if "forms" in data else data


def _new_tables(data: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """Format 2, 3, 4 or 5 to 6: the tables a later format added start empty (3:
    ``gitlab_pending``, the GitLab writes not made yet; 4: ``acted`` and ``reminders``, what
    follow-ups come from; 5: ``forms``, the forms kept through a hang-up); every other table
    is kept as it is, and ``meta`` says the current format."""
    tables: dict[str, dict[str, Any]] = {name: dict(docs) for name, docs in data.items()}
    for name in names:
        tables.setdefault(name, {})
    meta = {doc_id: dict(doc) for doc_id, doc in tables.get("meta", {}).items()}
    found = [doc_id for doc_id, doc in meta.items() if doc.get("name") == "format"]
    for doc_id in found:
        meta[doc_id]["value"] = FORMAT
    if not found:
        meta[str(max((int(n) for n in meta), default=0) + 1)] = {"name": "format",
                                                                   "value": FORMAT}
    tables["meta"] = meta
    return tables


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """The tables of a format 1 store in format 2 (the input is not changed).

    Format 1 kept personal state as values of the ``settings`` table: ``drafts`` (kept
    drafts by "kind:key", each holding its kind and message key), ``my-claims`` (a list of
    keys), ``outbox`` (a list of mark changes), ``reproduce:<key>`` and ``outcome:<key>``.
    Each moves to its own table; the other settings (preferences) stay. A value of the
    wrong shape is kept in ``settings`` rather than dropped.
    """
    tables: dict[str, dict[str, Any]] = {name: dict(docs) for name, docs in data.items()}
    moved: dict[str, list[dict[str, Any]]] = {
        "drafts": [], "claims": [], "reproductions": [], "outcomes": [], "outbox": []}
    kept: list[dict[str, Any]] = []
    for doc in tables.pop("settings", {}).values():
        name, value = doc.get("name"), doc.get("value")
        if name == "drafts" and isinstance(value, dict) and all(
                isinstance(d, dict) and isinstance(d.get("kind"), str)
                and isinstance(d.get("report_key"), str) for d in value.values()):
            moved["drafts"] += [{"kind": d["kind"], "key": d["report_key"],
                                 "draft": _placeholders_of_notes(d)} for d in value.values()]
        elif name == "my-claims" and isinstance(value, list) and all(
                isinstance(k, str) for k in value):
            moved["claims"] += [{"key": k} for k in value]
        elif name == "outbox" and isinstance(value, list) and all(
                isinstance(op, dict) and isinstance(op.get("key"), str)
                and isinstance(op.get("mark"), str) and isinstance(op.get("add"), bool)
                for op in value):
            moved["outbox"] += [{"key": op["key"], "mark": op["mark"], "add": op["add"]}
                                for op in value]
        elif isinstance(name, str) and name.startswith("reproduce:") and isinstance(value,
                                                                                   dict):
            moved["reproductions"].append({"key": name[len("reproduce:"):], "state": value})
        elif isinstance(name, str) and name.startswith("outcome:") and isinstance(value, dict):
            moved["outcomes"].append({"key": name[len("outcome:"):], "outcome": value})
        else:
            kept.append(doc)
    for name, docs in moved.items():
        if docs:
            tables[name] = {str(n): doc for n, doc in enumerate(docs, 1)}
    if kept:
        tables["settings"] = {str(n): doc for n, doc in enumerate(kept, 1)}
    tables["meta"] = {"1": {"name": "format", "value": 2}}
    return tables


LEGACY_PLACEHOLDER_NOTE = "Missing placeholders still in the text: "
"""How drafts kept before placeholders had a field of their own listed them (a note that
stayed after they were filled)."""


def _placeholders_of_notes(draft: dict[str, Any]) -> dict[str, Any]:
    """A format 1 draft with a legacy placeholder note: the note's names moved into
    ``placeholders`` (the compose screen then warns only while one is still in the text)."""
    notes = [n for n in draft.get("notes", []) if isinstance(n, str)]
    legacy = [n for n in notes if n.startswith(LEGACY_PLACEHOLDER_NOTE)]
    if not legacy:
        return draft
    placeholders = [p for p in draft.get("placeholders", []) if isinstance(p, str)]
    for note in legacy:
        placeholders += [p.strip() for p in note[len(LEGACY_PLACEHOLDER_NOTE):].split(",")
                         if p.strip() and p.strip() not in placeholders]
    return {**draft, "notes": [n for n in notes if n not in legacy],
            "placeholders": placeholders}


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def load_store(path: Path) -> dict[str, Any] | None:
    """The store's tables; None if the file does not exist.

    Raises StoreDamage for a file that is there but cannot be understood, and StoreError
    ("refusing to start") for one that cannot be read at all: starting empty would
    replace it at the first change.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(
            f"Refusing to start: cannot read the local store {shown(path)} "
            f"({e.strerror}). Starting empty would replace it at the first change: fix "
            "its permissions or move it aside, then start again.") from e
    if not raw.strip():
        raise StoreDamage("it is empty" if not raw else "it holds only blank space")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise StoreDamage(f"it is not UTF-8 text at byte {e.start}") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise StoreDamage(f"{e.msg} at line {e.lineno}, column {e.colno}") from e
    except (ValueError, RecursionError) as e:  # nested too deep, number too long
        raise StoreDamage(f"it is not usable JSON: {e}") from e
    return check_shape(data)


def snapshot(path: Path, into: Path) -> Path:
    """Copy the store at ``path`` into the private directory ``into`` without its lock,
    for a reader while another hdtui owns the store (``hdtui stats``: docs/store.md,
    "Reading a store in use"); the copy's path. ``store.json`` is only ever replaced
    whole, so one read of it is a complete version; the cache is copied with SQLite's
    backup from a read-only connection, one read transaction: a consistent state
    whatever the owner writes meanwhile. Nothing of the owner's files is written."""
    copy = into / path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as e:
        raise StoreError(f"Cannot read {shown(path)}: {e.strerror}.") from e
    if data is not None:
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    cache = path.with_name(path.stem + "-cache.sqlite")
    if cache.exists():
        target = into / cache.name
        try:
            source = sqlite3.connect(f"{cache.resolve().as_uri()}?mode=ro", uri=True)
            try:
                with contextlib.closing(sqlite3.connect(target)) as out_db:
                    source.backup(out_db)
            finally:
                source.close()
        except sqlite3.Error as e:
            raise StoreError(f"Cannot copy the cache {shown(cache)} while another hdtui "
                             f"uses it: {e}.") from e
        os.chmod(target, 0o600)
    return copy


def owner_of(path: Path) -> StoreInUse | None:
    """The StoreInUse opening the store at ``path`` would raise now (another hdtui holds
    its lock), else None: a look, the lock taken and given back at once (as an open that
    failed would), for a reader that counts a snapshot of a store in use instead of
    building everything twice (``hdtui stats``: docs/store.md, "Reading a store in use")."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return None  # never opened: no owner
    except OSError as e:
        raise StoreError(f"Cannot open {shown(lock_path)}: {e.strerror}.") from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        owner = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        return StoreInUse(owner, str(path))
    finally:
        os.close(fd)  # (the lock, if taken, goes with it)
    return None


SNAPSHOT_PREFIX = ".stats-snapshot-"
"""The private directories ``snapshot`` copies a store in use into, beside the store."""
SNAPSHOT_PID = "pid"
"""The file of a snapshot directory that names the process using it."""
SNAPSHOT_UNNAMED_AGE = 3600.0
"""Seconds after which a snapshot directory that names no process is a leftover: one made
by an hdtui before the pid was written (session 20), or killed between making it and
naming itself (a few microseconds)."""


def snapshot_directory(parent: Path) -> Path:
    """A new private directory (0700) for a snapshot of a store in ``parent``, naming this
    process in its ``SNAPSHOT_PID`` file: the store's next owner removes it once that
    process is gone (``remove_dead_snapshots``)."""
    directory = Path(tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=parent))
    try:
        fd = os.open(directory / SNAPSHOT_PID, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(str(os.getpid()))
    except OSError:  # a full disk: no nameless directory left
        import shutil

        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to the new file ``target``, made 0600 from its first byte."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as f:
        while chunk := f.read(1 << 20):
            out.write(chunk)


def remove_dead_snapshots(parent: Path) -> int:
    """Remove the snapshot directories in ``parent`` whose process is gone (a ``hdtui
    stats`` killed with SIGKILL, or by a power cut, leaves its copy of the decrypted
    cache): those naming a dead pid, and those naming none older than
    ``SNAPSHOT_UNNAMED_AGE``. Those of a live process are kept. How many were removed."""
    import shutil

    removed = 0
    for entry in os.scandir(parent):
        if not entry.name.startswith(SNAPSHOT_PREFIX) or \
                not entry.is_dir(follow_symlinks=False):
            continue
        try:
            with open(os.path.join(entry.path, SNAPSHOT_PID), encoding="ascii") as f:
                text = f.read().strip()
            dead = not text.isdigit() or owner_gone(int(text))
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                dead = time.time() - entry.stat(follow_symlinks=False).st_mtime > \
                    SNAPSHOT_UNNAMED_AGE
        except (OSError, ValueError):
            dead = True  # unreadable: no process of ours wrote it so
        if dead:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += not os.path.lexists(entry.path)
    return removed


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``<path>.lock`` (0600) for as long as the block runs: one
    writer at a time for a small shared file (the issue cache, the feeds' copy)."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600) through a temporary file: fsync, then rename, so
    ``path`` is always either the old or the new complete file. Raises OSError."""
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        # An interrupted write (a full disk, Ctrl-C) leaves no temporary file behind.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def private_dir(path: Path) -> str | None:
    """Make sure ``path`` is a directory only its owner can enter: created 0700, or
    tightened to 0700 when it has group or other permissions. Returns a notice when it
    changed (or could not change) an existing directory's permissions.

    The home directory and directories of another user are left as they are, with a
    notice: a [store] path of ``~/store.json`` must not lock up the member's home.
    """
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.mkdir(mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask
            return None
        info = path.stat()
    except OSError as e:
        raise StoreError(f"Cannot create {shown(path)}: {e.strerror}.") from e
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{shown(path)} should be a directory for hdtui's files, but it "
                         "is a file. Move it aside or choose another [store] path.")
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return None
    if path.resolve() == Path.home().resolve() or info.st_uid != os.getuid():
        return (f"{shown(path)} can be read by other users (mode {mode:04o}); it is not "
                "hdtui's own directory, so it is left as it is. hdtui's files in it are "
                "owner-only.")
    try:
        os.chmod(path, 0o700)
    except OSError as e:
        return (f"{shown(path)} can be read by other users (mode {mode:04o}) and could "
                f"not be tightened to 0700: {e.strerror}.")
    # 0555 and the like gain the owner's write: "tightened" would not say that.
    verb = "Tightened" if mode & 0o700 == 0o700 else "Set"
    return f"{verb} permissions of {shown(path)} from {mode:04o} to 0700."


class AtomicJSONStorage:
    """TinyDB storage: read once, then write-through with temp file + fsync + rename.

    LocalStore hands over what it already read and checked (``loaded``); each write
    first keeps the version it replaces as ``<store>.last-good``. TinyDB asks a storage
    for ``read``, ``write`` and ``close`` only: this class does not derive from TinyDB's
    ``Storage``, so that the store's module does not import TinyDB (a warm start's first
    frame reads the tables without it: ``LocalStore._documents``).
    """

    _NOT_READ: Any = object()

    def __init__(self, path: str, loaded: Any = _NOT_READ) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = loaded if loaded is not self._NOT_READ else None
        self._read = loaded is not self._NOT_READ

    def read(self) -> dict[str, Any] | None:
        """Return the database (cached after the first read: this process is the only writer)."""
        if not self._read:
            try:
                self._data = load_store(self.path)
            except StoreDamage as e:
                raise StoreError(f"The local store {shown(self.path)} is damaged ({e}).") from e
            self._read = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Write atomically; a full disk leaves the old file intact and raises StoreError."""
        self._data = data
        self._read = True
        try:
            payload = json.dumps(data, separators=(",", ":")).encode("utf-8")
            self._keep_previous()
            write_private(self.path, payload)
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise StoreError(
                    f"The disk holding {shown(self.path)} is full: the last change is kept in "
                    "memory only. Free some space; hdtui saves again on the next change."
                ) from e
            raise StoreError(f"Cannot write the local store {shown(self.path)}: "
                             f"{e.strerror}.") from e

    def _keep_previous(self) -> None:
        """Keep the complete version about to be replaced as the last good copy: a hard
        link, so it costs no copying (its own inode: the rename gives the store a new one)."""
        if not self.path.exists():
            return
        link = self.path.with_name(f"{temp_prefix(self.path)}link")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        try:
            os.link(self.path, link)
            os.replace(link, last_good_path(self.path))
        except OSError:
            # No hard links here (some network or FAT file systems): the copy made at
            # start stays the last good one. It is a second line of defence; failing to
            # refresh it must never stop a change from being saved.
            with contextlib.suppress(OSError):
                os.unlink(link)

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""


class LocalStore:
    """Cache of parsed messages, triage marks, personal notes and settings.

    ``notices`` holds what the member must be told about opening the store (a damaged
    file moved aside, a copy restored, permissions tightened, leftovers removed).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._lock = threading.Lock()
        tightened = private_dir(path.parent)
        if tightened:
            self.notices.append(tightened)
        self._lock_file = self._take_lock(path.with_name(path.name + ".lock"))
        try:
            self._remove_leftovers()
            loaded = self._open_file()
            version = FORMAT if loaded is None else store_format(loaded)
            if version > FORMAT:
                raise StoreError(
                    f"The local store {shown(path)} was written by a newer hdtui (format "
                    f"{version}; this one reads format {FORMAT}). Use the newer hdtui, or "
                    "give this one another [store] path.")
            migrated = migrate(loaded) if loaded is not None and version < FORMAT else None
            self._storage = AtomicJSONStorage(str(path), loaded=migrated or loaded)
            if migrated is not None:
                # Written at once: the previous file becomes the last good copy.
                self._storage.write(migrated)
            self._db: TinyDB | None = None
            """TinyDB over ``_storage``, opened on the first write or lookup (``_table``)."""
            self._tables: dict[str, Table] = {}
            self._opening = threading.Lock()
            if loaded is None:  # the format's document, as TinyDB's first insert writes it
                self._storage.write({"meta": {"1": {"name": "format", "value": FORMAT}}})
            self._cache = ReportCache(path.with_name(path.stem + "-cache.sqlite"), SCHEMA)
        except BaseException:
            self._release()
            raise

    @property
    def cache_path(self) -> Path:
        """The report cache's SQLite file (a reading child process writes it too:
        docs/cold-start.md, "Reading in a process of its own")."""
        return self._cache.path

    def _table(self, name: str) -> Table:
        """TinyDB's table ``name``, TinyDB opened over the loaded tables on the first call
        (a write or a lookup; every table at once, so each has one ``Table`` and one
        counter of document ids whichever thread asks first)."""
        if self._db is None:
            with self._opening:
                if self._db is None:
                    from tinydb import TinyDB

                    storage = self._storage
                    db = TinyDB(storage=lambda: storage)
                    self._tables = {table: db.table(table, cache_size=0)
                                    for table in REQUIRED_FIELDS}
                    self._db = db
        return self._tables[name]

    def _numbered(self, name: str) -> list[tuple[int, Mapping[str, Any]]]:
        """The documents of table ``name`` with their ids, as TinyDB's ``Table.all``
        reads them (the table's documents in the loaded tables, in the file's order), but
        without TinyDB: a warm start's first frame reads the claims and the outbox
        before any write (docs/benchmarks.md, "Session 29: warm first rows"). Writes go
        through TinyDB to the same tables (``AtomicJSONStorage.read``)."""
        tables = self._storage.read() or {}
        return [(int(key), doc) for key, doc in tables.get(name, {}).items()]

    def _documents(self, name: str) -> list[Mapping[str, Any]]:
        """The documents of table ``name`` (``_numbered`` without their ids)."""
        return [doc for _, doc in self._numbered(name)]

    @staticmethod
    def _take_lock(lock_path: Path) -> int:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise StoreError(f"Cannot open {shown(lock_path)}: {e.strerror}.") from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            owner = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StoreInUse(owner, str(lock_path.with_suffix(""))) from e
        os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        return fd

    def _remove_leftovers(self) -> None:
        """Remove temporary files an interrupted write left (ours only: we hold the lock,
        so no write of this store is under way)."""
        prefixes = (temp_prefix(self.path), temp_prefix(last_good_path(self.path)))
        removed = 0
        snapshots = False
        for entry in os.scandir(self.path.parent):
            ours = entry.name.startswith(prefixes) or (
                self.path.name == "store.json" and LEGACY_TEMP.fullmatch(entry.name))
            if ours and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
            snapshots = snapshots or entry.name.startswith(SNAPSHOT_PREFIX)
        if removed:
            self.notices.append(
                f"Removed {removed} temporary file{'s' if removed > 1 else ''} an interrupted "
                f"write left next to {shown(self.path)} (the store itself is whole).")
        gone = remove_dead_snapshots(self.path.parent) if snapshots else 0
        if gone:
            self.notices.append(
                f"Removed {gone} snapshot{'s' if gone > 1 else ''} of the store a stopped "
                f"`hdtui stats` left next to {shown(self.path)} (copies of the cache).")

    def _open_file(self) -> dict[str, Any] | None:
        """Read and check the store, recovering from a damaged or missing file (one path
        for every kind of damage); refresh the last good copy from a sound one."""
        path, good = self.path, last_good_path(self.path)
        try:
            data = load_store(path)
        except StoreDamage as damage:
            aside = self._move_aside(path, f"is damaged ({damage})")
            return self._restore(f"The local store {shown(path)} is damaged ({damage}): "
                                 f"moved aside as {shown(aside)}")
        if data is None:
            if not good.exists():
                return None  # the first start
            return self._restore(f"The local store {shown(path)} is missing")
        try:
            os.chmod(path, 0o600)
        except OSError as e:
            raise StoreError(f"Cannot make {shown(path)} owner-only: {e.strerror}.") from e
        # A sound store: its last good copy is brought up to date. A second line of
        # defence, so a failure here (a full disk) only means an older copy stays.
        with contextlib.suppress(OSError):
            mine, copy = path.stat(), good.stat() if good.exists() else None
            if copy is None or (copy.st_size, copy.st_mtime_ns) != (mine.st_size,
                                                                    mine.st_mtime_ns):
                # A copy of its own (not a link): truncating the store in place must not
                # empty its last good copy too.
                write_private(good, path.read_bytes())
                os.utime(good, ns=(mine.st_atime_ns, mine.st_mtime_ns))
        return data

    def _restore(self, what: str) -> dict[str, Any] | None:
        """Go on from the last good copy if there is a sound one, else start empty; say
        which (``what`` says what happened to the store file)."""
        good = last_good_path(self.path)
        try:
            data = load_store(good)
        except StoreDamage as damage:
            aside = self._move_aside(good, f"is damaged ({damage})")
            self.notices.append(f"{what}, starting empty. Its last good copy was damaged "
                                f"too ({damage}): moved aside as {shown(aside)}.")
            return None
        if data is None:
            self.notices.append(f"{what}, starting empty (there is no last good copy).")
            return None
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(good.stat().st_mtime))
        try:
            write_private(self.path, good.read_bytes())
        except OSError as e:
            raise StoreError(
                f"Refusing to start: {what}, and its last good copy {shown(good)} could not "
                f"be put back ({e.strerror}). Copy it over {shown(self.path)} yourself, "
                "then start again.") from e
        self.notices.append(f"{what}; restored the last good copy, saved {when} "
                            f"({shown(good)}). The last change before that may be missing.")
        return data

    def _move_aside(self, path: Path, why: str) -> Path:
        """Rename a damaged file to ``<name>.damaged-<time>`` (never over another one), so
        nothing is overwritten; refuse to start if that is impossible."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.damaged-{stamp}")
        number = 1
        while aside.exists():
            number += 1
            aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
        try:
            os.replace(path, aside)
            os.chmod(aside, 0o600)
        except OSError as e:
            raise StoreError(
                f"Refusing to start: {shown(path)} {why} and cannot be moved aside "
                f"({e.strerror}). Starting empty would overwrite it: move it aside yourself, "
                "then start again.") from e
        return aside

    def _release(self) -> None:
        if self._lock_file >= 0:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            os.close(self._lock_file)
            self._lock_file = -1

    def close(self) -> None:
        """Release the lock."""
        with self._lock:
            if self._db is not None:
                self._db.close()
            self._cache.close()
            self._release()

    # -- the queue and parsed-message cache (SQLite) ---------------------------------

    def reopen_cache(self) -> None:
        """In a forked child (``hdtui.forked``): the cache read through a connection of
        the child's own (``ReportCache.reopen``)."""
        self._cache.reopen()

    def queue_lines(self, namespace: str, make: Callable[[QueueLine], T]) -> list[T]:
        """The queue line of every message read, in key order."""
        return self._cache.lines(namespace, make)

    def queue_pages(self, namespace: str, take: Callable[[list[QueueLine]], object],
                    unread: list[SourceItem] | None = None) -> None:
        """Give ``take`` the queue line of every message read, a page at a time (the warm
        start fills the queue's columns: docs/queue-columns.md); given ``unread``, append
        the messages listed but not read yet to it, from the same pass."""
        self._cache.pages(namespace, take, unread=unread)

    def queue_head(self, namespace: str, limit: int) -> list[QueueLine]:
        """The first lines in the default order (by priority group, then newest)."""
        return self._cache.head(namespace, limit)

    def queue_lines_of(self, namespace: str, keys: Collection[str]) -> list[QueueLine]:
        """The queue lines of the messages read among ``keys`` (in no particular order)."""
        return self._cache.lines_of(namespace, keys)

    def queue_rows_read(self, namespace: str) -> int | None:
        """The queue's rows are about to be read (no columns kept): from now on the cache
        records each key written, for ``keep_columns``; the mark to give it, or None when
        the cache could not be written (nothing will be kept)."""
        try:
            return self._cache.rows_read(namespace)
        except StoreError:
            return None  # only a faster start lost: the rows are read again

    def queue_columns(self, namespace: str) -> tuple[QueueColumns, list[SourceItem]] | None:
        """The queue's columns as ``keep_columns`` kept them, with the messages changed
        since put in place, and the messages listed but not read yet; None when none are
        kept (the rows are read: docs/queue-columns.md, "Kept in the cache")."""
        try:
            found = self._cache.columns(namespace, QueueColumns.restore)
        except (ValueError, TypeError, KeyError):
            return None  # another shape (never written so): the rows are read
        if found is None:
            return None
        columns, lines, unread, gone = found
        for key in gone:
            columns.pop(key)
        for item in unread:  # listed again, to be read (its size changed)
            columns.pop(item.key)
        for line in lines:
            columns.put(row_of_line(line))
        return columns, unread

    def keep_columns(self, namespace: str, generation: int, columns: QueueColumns,
                     unread: Sequence[SourceItem], touched: Collection[str] = ()) -> bool:
        """Keep the columns read from the queue's rows after ``queue_rows_read`` gave
        ``generation``, changed since at the keys ``touched`` (and the messages listed but
        not read when the rows were read): the next start reads them instead of the rows,
        and the rows of the keys touched or written since. False when not kept (more than
        the cache's limit changed, or the disk full)."""
        arrays, data = columns.state()
        try:
            return self._cache.put_columns(namespace, generation, arrays, data, unread,
                                           touched)
        except StoreError:
            return False  # only a faster start lost: the rows are read again

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

    def facts(self, namespace: str,
              rules: int | None = None) -> Iterator[tuple[str, int, int, str, str]]:
        """Saved report facts (of rules version ``rules`` if given): (key, size, rules
        version, issues fingerprint, data), read a page at a time."""
        return self._cache.facts(namespace, rules)

    def put_facts(self, namespace: str, rows: Sequence[tuple[str, int, int, str, str]]) -> None:
        """Save report facts rows."""
        self._cache.put_facts(namespace, rows)

    def forget_facts(self, namespace: str, keys: Sequence[str]) -> None:
        """Remove the saved report facts of ``keys`` (computed again when next counted)."""
        self._cache.forget_facts(namespace, keys)

    def search(self, namespace: str, clauses: Sequence[Clause]) -> Hits:
        """What the queue filter's clauses find in the messages' documents."""
        return self._cache.search(namespace, clauses)

    def unindexed(self, namespace: str) -> list[tuple[str, int]]:
        """(key, size) of the messages read that have no filter document yet."""
        return self._cache.unindexed(namespace)

    def has_every_document(self, namespace: str) -> bool:
        """Every message read has its filter document (marked by ``documents_complete``)."""
        return self._cache.has_every_document(namespace)

    def queue_generation(self, namespace: str) -> int:
        """A number that goes up with every write to the cached queue."""
        return self._cache.generation(namespace)

    def documents_complete(self, namespace: str, generation: int) -> bool:
        """Mark the filter documents complete if the queue is still at ``generation``."""
        return self._cache.documents_complete(namespace, generation)

    def documents_made_by(self, code: str) -> bool:
        """Drop the filter documents other code made (whether any were); record ``code``."""
        return self._cache.documents_made_by(code)

    def put_documents(self, namespace: str, documents: Sequence[tuple[str, str]]) -> None:
        """Save filter documents, as (key, document)."""
        self._cache.put_documents(namespace, documents)

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
            return {d["key"]: list(d["marks"]) for d in self._documents("marks")}

    def set_marks(self, key: str, marks: list[str]) -> None:
        """Record the marks of one message."""
        with self._lock:
            self._table("marks").upsert({"key": key, "marks": sorted(marks)}, _query().key == key)

    def note(self, key: str) -> str:
        """The member's personal note on a message."""
        with self._lock:
            doc = self._table("notes").get(_query().key == key)
            return str(doc["text"]) if isinstance(doc, Mapping) else ""

    def noted(self) -> set[str]:
        """The messages with a personal note."""
        with self._lock:
            return {str(d["key"]) for d in self._documents("notes") if str(d.get("text") or "")}

    def set_note(self, key: str, text: str) -> None:
        """Keep a personal note (allowed in read-only skims)."""
        with self._lock:
            self._table("notes").upsert({"key": key, "text": text}, _query().key == key)

    def setting(self, name: str, default: Any = None) -> Any:
        """A personal preference."""
        with self._lock:
            doc = self._table("settings").get(_query().name == name)
            return doc["value"] if isinstance(doc, Mapping) else default

    def set_setting(self, name: str, value: Any) -> None:
        """Save a personal preference."""
        with self._lock:
            self._table("settings").upsert({"name": name, "value": value}, _query().name == name)

    def drafts(self) -> list[Draft]:
        """Every kept draft (without its attachment: the caller reads it again)."""
        from hdtui.domain.compose import Draft
        with self._lock:
            found = [_decoded(Draft, d["draft"]) for d in self._documents("drafts")]
        return [draft for draft in found if draft is not None]

    def draft(self, kind: DraftKind, key: str) -> Draft | None:
        """The kept draft of this kind for a message, if any."""
        from hdtui.domain.compose import Draft
        with self._lock:
            doc = self._table("drafts").get((_query().kind == kind.value) & (_query().key == key))
        return _decoded(Draft, doc["draft"]) if isinstance(doc, Mapping) else None

    def keep_draft(self, draft: Draft) -> None:
        """Keep a draft (replacing the one of its kind for the same message); the attached
        original is not kept (read again from the mailbox)."""
        data = to_data(replace(draft, attachment=None))
        with self._lock:
            self._table("drafts").upsert({"kind": draft.kind.value, "key": draft.report_key,
                                 "draft": data}, _draft_of(draft.kind, draft.report_key))

    def forget_draft(self, kind: DraftKind, key: str) -> bool:
        """Drop a kept draft; False if there was none."""
        with self._lock:
            return bool(self._table("drafts").remove(_draft_of(kind, key)))

    def my_claims(self) -> set[str]:
        """The messages this member claimed (the shared keyword does not say who)."""
        with self._lock:
            return {d["key"] for d in self._documents("claims")}

    def set_my_claim(self, key: str, claimed: bool) -> None:
        """Record that this member claimed a message, or released it."""
        with self._lock:
            if claimed:
                self._table("claims").upsert({"key": key}, _query().key == key)
            else:
                self._table("claims").remove(_query().key == key)

    def reproduction(self, key: str) -> ReproduceState:
        """The reproduce checklist of a message as last kept (a fresh one if none, or if
        what was kept cannot be read)."""
        from hdtui.domain.process import ReproduceState

        with self._lock:
            doc = self._table("reproductions").get(_query().key == key)
        found = _decoded(ReproduceState, doc["state"]) if isinstance(doc, Mapping) else None
        return found or ReproduceState()

    def set_reproduction(self, key: str, state: ReproduceState) -> None:
        """Keep the reproduce checklist of a message."""
        with self._lock:
            self._table("reproductions").upsert({"key": key, "state": to_data(state)},
                                       _query().key == key)

    def outcome(self, key: str) -> Outcome | None:
        """The outcome recorded for a message, if any (and readable)."""
        from hdtui.domain.process import Outcome
        with self._lock:
            doc = self._table("outcomes").get(_query().key == key)
        return _decoded(Outcome, doc["outcome"]) if isinstance(doc, Mapping) else None

    def set_outcome(self, key: str, outcome: Outcome) -> None:
        """Record the outcome of a message (kept here; the services also share it through
        the team folder: docs/shift.md)."""
        with self._lock:
            self._table("outcomes").upsert({"key": key, "outcome": to_data(outcome)},
                                  _query().key == key)

    def seen(self) -> set[str]:
        """The messages this member has opened."""
        with self._lock:
            return {d["key"] for d in self._documents("seen")}

    def set_seen(self, keys: Collection[str]) -> None:
        """Record that this member opened these messages (one write for all)."""
        with self._lock:
            known = {d["key"] for d in self._documents("seen")}
            new = [{"key": key} for key in dict.fromkeys(keys) if key not in known]
            if new:
                self._table("seen").insert_multiple(new)

    def _in_order(self, table: str, cls: type[T]) -> list[T]:
        """The documents of ``table`` read back as ``cls``, in the order they were
        added (one that cannot be read is left out, and left in the file)."""
        with self._lock:
            docs = [doc for _, doc in sorted(self._numbered(table), key=_number)]
        found = [_decoded(cls, dict(d)) for d in docs]
        return [item for item in found if item is not None]

    def outbox(self) -> list[MarkChange]:
        """Mark changes made while the server was unreachable, oldest first (one that
        cannot be read is left out)."""
        return self._in_order("outbox", MarkChange)

    def add_to_outbox(self, change: MarkChange) -> None:
        """Keep a mark change for when the server is back."""
        with self._lock:
            self._table("outbox").insert(to_data(change))

    def remove_from_outbox(self, count: int) -> None:
        """Drop the ``count`` oldest changes of the outbox (they applied, or cannot)."""
        with self._lock:
            gone: list[int] = []
            for doc in sorted(self._table("outbox").all(), key=lambda d: d.doc_id):
                if _decoded(MarkChange, dict(doc)) is None:
                    gone.append(doc.doc_id)  # unreadable: outbox() never showed it
                elif count > 0:
                    gone.append(doc.doc_id)
                    count -= 1
            if gone:
                self._table("outbox").remove(doc_ids=gone)

    def gitlab_writes(self) -> list[GitLabWrite]:
        """What this member wrote to GitLab, oldest first (one that cannot be read is
        left out). A table added in format 2 without a new format: a store without it
        reads as no write yet (docs/store.md)."""
        from hdtui.domain.gitlab_write import GitLabWrite
        return self._in_order("gitlab_writes", GitLabWrite)

    def add_gitlab_write(self, write: GitLabWrite) -> None:
        """Record a write made to GitLab."""
        with self._lock:
            self._table("gitlab_writes").insert(to_data(write))

    def gitlab_pending(self) -> list[PendingWrite]:
        """GitLab writes not made yet, oldest first (one that cannot be read is left out,
        and left in the file)."""
        from hdtui.domain.gitlab_write import PendingWrite

        return self._in_order("gitlab_pending", PendingWrite)

    def keep_gitlab_pending(self, write: PendingWrite) -> None:
        """Keep a GitLab write not made yet; one with the same id is updated in place (it
        keeps its place in the order)."""
        with self._lock:
            self._table("gitlab_pending").upsert(to_data(write), _query().id == write.id)

    def drop_gitlab_pending(self, write_id: str) -> bool:
        """Forget a GitLab write not made yet (made since, or dropped by the member);
        False if there was none with this id."""
        with self._lock:
            return bool(self._table("gitlab_pending").remove(_query().id == write_id))

    def acted(self) -> list[Acted]:
        """What this member did that expects an answer, oldest first (follow-ups and the
        hand-off note: docs/followups.md); one that cannot be read is left out."""
        from hdtui.domain.followups import Acted
        return self._in_order("acted", Acted)

    def add_acted(self, act: Acted) -> None:
        """Record something this member did about a report."""
        with self._lock:
            self._table("acted").insert(to_data(act))

    def reminders(self) -> list[Reminder]:
        """This member's reminders, soonest first (one that cannot be read is left out)."""
        from hdtui.domain.followups import Reminder
        with self._lock:
            docs = self._documents("reminders")
        found = [_decoded(Reminder, dict(d)) for d in docs]
        return sorted((r for r in found if r is not None), key=lambda r: r.due)

    def set_reminder(self, reminder: Reminder) -> None:
        """Keep a reminder on a message (one per message: a new one replaces it)."""
        with self._lock:
            self._table("reminders").upsert(to_data(reminder), _query().key == reminder.key)

    def drop_reminder(self, key: str) -> bool:
        """Forget the reminder on a message; False if there was none."""
        with self._lock:
            return bool(self._table("reminders").remove(_query().key == key))

    def kept_forms(self) -> list[KeptForm]:
        """The forms kept through a hang-up (or a crash), oldest first; one that cannot be
        read is left out, and left in the file."""
        with self._lock:
            docs = [doc for _, doc in sorted(self._numbered("forms"), key=_number)]
        if not docs:  # every start asks: none imports what reads a form back
            return []
        from hdtui.domain.kept_form import KeptForm

        found = [_decoded(KeptForm, d["form"]) for d in docs]
        return [form for form in found if form is not None]

    def kept_form(self, kind: FormKind, key: str = "") -> KeptForm | None:
        """The form of this kind kept for a message ("": the hand-off note), if any."""
        from hdtui.domain.kept_form import KeptForm

        with self._lock:
            doc = self._table("forms").get(_form_of(kind, key))
        return _decoded(KeptForm, doc["form"]) if isinstance(doc, Mapping) else None

    def keep_form(self, form: KeptForm) -> None:
        """Keep what a form held (replacing the one of its kind for the same message)."""
        with self._lock:
            self._table("forms").upsert({"kind": form.kind.value, "key": form.key,
                                "form": to_data(form)}, _form_of(form.kind, form.key))

    def forget_form(self, kind: FormKind, key: str = "") -> bool:
        """Drop a kept form (opened again, or thrown away); False if there was none."""
        with self._lock:
            return bool(self._table("forms").remove(_form_of(kind, key)))


def _query() -> Query:
    """TinyDB's query, imported with TinyDB when first needed (``LocalStore._table``)."""
    from tinydb import Query

    return Query()


def _number(numbered: tuple[int, Mapping[str, Any]]) -> int:
    """The document id of a ``LocalStore._numbered`` pair: the order it was added in."""
    return numbered[0]


def _form_of(kind: FormKind, key: str) -> Any:
    return (_query().kind == kind.value) & (_query().key == key)


def _draft_of(kind: DraftKind, key: str) -> Any:
    return (_query().kind == kind.value) & (_query().key == key)


def _decoded(cls: type[T], data: Any) -> T | None:
    """``data`` read back as ``cls``, or None when it cannot be (a damaged document is
    left out, never raised mid-shift)."""
    try:
        return from_data(cls, data)
    except (ValueError, TypeError, KeyError):
        return None

