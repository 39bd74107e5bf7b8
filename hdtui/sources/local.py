"""Provides local mail sources: Maildir, mbox and loose message files.

These are real backends (the demo and ``hdtui scan`` use them), not test doubles.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path

from hdtui.domain.mail import Parsed, SourceItem
from hdtui.errors import SourceError
from hdtui.sources.parse_later import parse_item

# Inside the sources, `list` names their method; this alias keeps the builtin visible.
Loaded = list[Parsed | SourceError]


class MaildirSource:
    """A Maildir (cur/, new/), listed with scandir and read file by file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise SourceError(f"{path} is not a Maildir (no cur/ or new/ inside).")
        self._files: dict[str, str] = {}
        """Each listed message's file, by key: its path as listed (a ``Path`` is made when
        it is read; one for each of 100,000 files was half of the listing's time:
        docs/insight.md, "Session 13: stats --json at 100,000")."""
        self._identity = ""

    @property
    def identity(self) -> str:
        """The cache namespace of this mailbox: its path resolved once, on the first ask
        (each cached message read asks: the report pane's thread at 100,000 messages
        asked 102,589 times in a start, 10 microseconds of ``resolve`` each;
        docs/benchmarks.md, "Session 24: stats --json and hot topics at 100,000")."""
        if not self._identity:
            self._identity = f"maildir:{self.path.resolve()}"
        return self._identity

    def list(self) -> list[SourceItem]:
        """List the messages in cur/ and new/. The file index is replaced whole once
        listed: a read in another thread meanwhile still finds the files listed before (a
        reload during the first read of a queue)."""
        keys: list[str] = []
        sizes: list[int] = []
        seen: list[bool] = []
        mtimes: list[float] = []
        files: dict[str, str] = {}
        for sub in ("new", "cur"):
            for entry in _entries(self.path / sub):
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                unique, _, info = entry.name.partition(":")
                try:
                    stat = entry.stat()
                except FileNotFoundError:  # renamed since the folder was read: listed
                    continue               # under its new name, here or at the next listing
                flagged = info.startswith("2,") and "S" in info[2:]
                if unique in files:  # renamed while listed (a flag set by another client,
                    at = keys.index(unique)  # new/ to cur/): once, as it is now; rare
                    sizes[at], seen[at], mtimes[at] = stat.st_size, flagged, stat.st_mtime
                    files[unique] = entry.path
                    continue
                files[unique] = entry.path
                keys.append(unique)
                sizes.append(stat.st_size)
                seen.append(flagged)
                mtimes.append(stat.st_mtime)
        self._files = files
        # The items made a column at a time (docs/insight.md, "Session 16: stats --json
        # at 100,000").
        return SourceItem.many(keys, sizes, seen,
                               list(map(datetime.fromtimestamp, mtimes, repeat(UTC))))

    def listed_files(self) -> dict[str, str]:
        """The file index the last ``list`` made (what a listing in another process hands
        back: ``use_listed_files``)."""
        return self._files

    def use_listed_files(self, files: dict[str, str]) -> None:
        """Take the file index a ``list`` made in another process (a child forked from
        this one: ``hdtui stats``, docs/insight.md, "Session 15: stats --json at
        100,000")."""
        self._files = files

    def read(self, key: str) -> bytes:
        """Read one message's bytes."""
        found = self._files.get(key)
        if found is None:
            raise SourceError(f"Message {key} is no longer in {self.path}.")
        path = Path(found)
        try:
            return path.read_bytes()
        except OSError as e:
            raise SourceError(f"Cannot read {path}: {e.strerror}.") from e

    def load(self, item: SourceItem) -> Parsed:
        """Read and parse one listed message, dated by its file's time and the delivery
        time its name starts with (``arrival.arrival``: a Maildir copied with its files
        dated 1980 keeps the names' times). An item without a time (a row the cache's
        migration left to read again: docs/store.md) takes its file's time now."""
        raw = self.read(item.key)
        if item.mtime is None:
            item = _with_file_time(item, self._files[item.key])
        return parse_item(raw, item, maildir=True)

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Read and parse several messages (a file that cannot be read gives its error)."""
        return _load_each(self, items)


def _with_file_time(item: SourceItem, path: str) -> SourceItem:
    """``item`` with its file's time (as it was when it could not be read: none)."""
    try:
        when = datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    except OSError:
        return item
    return SourceItem(item.key, item.size, item.seen, when, item.keywords, item.modseq)


def _entries(directory: Path) -> Iterator[os.DirEntry[str]]:
    """The entries of one of a Maildir's folders, one at a time (none when it is missing):
    listed whole first, 100,000 entries, each with the ``stat`` it caches, were held at
    once, about 80 MB at the peak of ``hdtui stats``'s listing child (docs/benchmarks.md,
    "Session 26: stats --json's peak at 100,000, the listing")."""
    try:
        listing = os.scandir(directory)
    except FileNotFoundError:
        return
    except OSError as e:
        raise SourceError(f"Cannot list {directory}: {e.strerror}.") from e
    with listing:
        while True:
            try:
                entry = next(listing)
            except StopIteration:
                return
            except FileNotFoundError:  # the folder removed meanwhile: as if missing
                return
            except OSError as e:
                raise SourceError(f"Cannot list {directory}: {e.strerror}.") from e
            yield entry


class MboxSource:
    """An mbox file, read whole (mbox has no random access worth the name)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._messages: dict[str, bytes] = {}
        self._identity = ""

    @property
    def identity(self) -> str:
        """The cache namespace of this mailbox: its path resolved once (as a Maildir's)."""
        if not self._identity:
            self._identity = f"mbox:{self.path.resolve()}"
        return self._identity

    def list(self) -> list[SourceItem]:
        """Read the mbox and list its messages in order."""
        import mailbox  # here: the first frame reads no mbox (docs/benchmarks.md, session 10)

        try:
            box = mailbox.mbox(str(self.path), create=False)
            keys = list(box.keys())
            self._messages = {f"{i:06d}": box.get_bytes(k) for i, k in enumerate(keys)}
        except (OSError, mailbox.Error) as e:
            raise SourceError(f"Cannot read the mbox {self.path}: {e}.") from e
        return [SourceItem(k, len(v)) for k, v in self._messages.items()]

    def read(self, key: str) -> bytes:
        """Return one message's bytes."""
        try:
            return self._messages[key]
        except KeyError as e:
            raise SourceError(f"Message {key} is not in {self.path}.") from e

    def load(self, item: SourceItem) -> Parsed:
        """Read and parse one listed message."""
        return parse_item(self.read(item.key), item)

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Read and parse several messages (a file that cannot be read gives its error)."""
        return _load_each(self, items)


class FilesSource:
    """Loose message files, whatever their names (``hdtui scan a.eml b``)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths

    @property
    def identity(self) -> str:
        """The cache namespace (files are identified by absolute path)."""
        return "files"

    def list(self) -> list[SourceItem]:
        """List the files that exist."""
        items = []
        for path in self.paths:
            try:
                stat = path.stat()
            except OSError as e:
                raise SourceError(f"Cannot read {path}: {e.strerror}.") from e
            items.append(SourceItem(str(path), stat.st_size, False,
                                    datetime.fromtimestamp(stat.st_mtime, UTC)))
        return items

    def read(self, key: str) -> bytes:
        """Read one file."""
        try:
            return Path(key).read_bytes()
        except OSError as e:
            raise SourceError(f"Cannot read {key}: {e.strerror}.") from e

    def load(self, item: SourceItem) -> Parsed:
        """Read and parse one listed message."""
        return parse_item(self.read(item.key), item)

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Read and parse several messages (a file that cannot be read gives its error)."""
        return _load_each(self, items)


def _load_each(source: MaildirSource | MboxSource | FilesSource,
               items: Sequence[SourceItem]) -> Loaded:
    loaded: Loaded = []
    for item in items:
        try:
            loaded.append(source.load(item))
        except SourceError as error:
            loaded.append(error)
    return loaded


LocalSource = MaildirSource | MboxSource | FilesSource


def is_mbox(path: Path) -> bool:
    """True for a file whose first line is an mbox ``From `` separator."""
    try:
        with path.open("rb") as f:
            return f.read(5) == b"From "
    except OSError:
        return False


def open_path(path: Path) -> LocalSource:
    """Open a Maildir, an mbox, a directory of message files, or one file."""
    if not path.exists():
        raise SourceError(f"{path} does not exist.")
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return MaildirSource(path)
        try:
            files = sorted(p for p in path.rglob("*") if p.is_file())
        except OSError as e:
            raise SourceError(f"Cannot list {path}: {e.strerror}.") from e
        return FilesSource(files)
    if not os.access(path, os.R_OK):
        raise SourceError(f"{path} is not readable (permission denied).")
    if is_mbox(path):
        return MboxSource(path)
    return FilesSource([path])
