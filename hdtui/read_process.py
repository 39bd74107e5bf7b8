"""Provides ReadProcess: a first read of an IMAP mailbox in a process of its own.

The TUI's reading thread shares the interpreter with Textual, which holds it while it lays
out and draws: reading there was 1.6 times slower than ``hdtui sync``. ReadProcess starts
``python -m hdtui.read_process`` and hands it the job on its standard input (pickled: the
messages to read in order, the account with its password, the GnuPG home, the report
cache). The child reads them as ``hdtui sync`` does (``Reader.read_many``: batched FETCH,
gpg, parse), writes the report cache itself (SQLite in WAL mode allows a second writer;
the store's TinyDB file is never opened by it), and sends back a ``ReadBatch`` after each
save on its standard output. The parent only puts the rows into its queue.
(docs/cold-start.md, "Reading in a process of its own".)

The password travels on the pipe only (never on the command line, in the environment or
in a file). The child never writes to the mailbox: it fetches with ``BODY.PEEK`` and opens
folders with EXAMINE in a read-only skim, like the parent. If the child dies or cannot
start, the parent reads what it left; if the parent goes away, the child's next write to
the pipe fails and it ends. When the app ends, ``stop`` ends every child at once with the
processes it started (its gpg), before the store's lock is released.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from hdtui.domain.frozen import Frozen
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.queue import ParsedLine, Row
from hdtui.errors import ConnectionProblem, HdtuiError, SourceError
from hdtui.gpg import GpgCrypto
from hdtui.services import reading
from hdtui.services.reading import ReadBatch, Reader, cached_line
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import SCHEMA

if TYPE_CHECKING:
    from hdtui.cache import ReportCache

ROOT = Path(__file__).resolve().parent.parent
CHILDREN = 2
"""Reading processes at most: one a core of the 2-core machines members use. Plain
reports are parsed by Python, one message at a time in each interpreter; two processes
use both cores, as ``hdtui sync`` (one interpreter) cannot."""


class Job(Frozen):
    """What the child needs before its messages (sent first, so that a child started
    while the listing runs can log in): plain values only. Its messages follow on the
    same pipe, a list of SourceItem. ``account`` holds ImapAccount's fields but the
    password; ``batch`` is the messages a FETCH (``reading.BATCH``); ``wait`` the seconds
    to wait for the messages (``WAIT``); ``system_subjects`` the auto-reply's subjects:
    mail with one is system mail (docs/autoreply.md)."""

    FIELDS = ("account", "password", "read_only", "gpg_home", "gpg_binary", "cache",
                 "schema", "namespace", "team", "helpdesk", "folder_kinds", "workers",
                 "save_every", "batch", "wait", "system_subjects")
    __slots__ = FIELDS
    account: dict[str, Any]
    password: str
    read_only: bool
    gpg_home: str | None
    gpg_binary: str
    cache: str
    schema: int
    namespace: str
    team: tuple[str, ...]
    helpdesk: tuple[str, ...]
    folder_kinds: dict[str, Kind]
    workers: int
    save_every: int
    batch: int
    wait: float
    system_subjects: tuple[str, ...]

    def __init__(self, account: dict[str, Any], password: str, read_only: bool,
                 gpg_home: str | None, gpg_binary: str, cache: str, schema: int,
                 namespace: str, team: tuple[str, ...], helpdesk: tuple[str, ...],
                 folder_kinds: dict[str, Kind], workers: int, save_every: int, batch: int,
                 wait: float, system_subjects: tuple[str, ...] = ()) -> None:
        for name, given in zip(self.FIELDS, (
                account, password, read_only, gpg_home, gpg_binary, cache, schema, namespace,
                team, helpdesk, folder_kinds, workers, save_every, batch, wait,
                system_subjects), strict=True):
            object.__setattr__(self, name, given)


WAIT = 120.0
"""Seconds a child started ahead waits for its messages before it ends on its own (the
parent lost it)."""


class ChildProcesses:
    """The children of a parent's work under way, all ended at once by ``stop`` when the
    app ends, after which none starts (ReadProcess, ``hdtui.count_process.CountProcess``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list[subprocess.Popen[bytes]] = []
        """The children of the work under way (``stop`` ends them)."""
        self._stopped = threading.Event()

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called: no child starts any more."""
        return self._stopped.is_set()

    def stop(self) -> None:
        """The app is ending: end every child of the work under way now, and start none
        again (safe from any thread, and more than once)."""
        with self._lock:
            self._stopped.set()
            running, self._running = self._running, []
        for child in running:
            _end(child)

    def _done_with(self, child: subprocess.Popen[bytes]) -> None:
        """A child's work is over (or given up): ended, and not for ``stop`` any more."""
        with self._lock:
            if child in self._running:
                self._running.remove(child)
        _end(child)


class ReadProcess(ChildProcesses):
    """A ``FarReader`` for an IMAP source: reads in a child process (see the module)."""

    def __init__(self, source: ImapSource, crypto: GpgCrypto, cache: Path) -> None:
        super().__init__()
        self.source = source
        self.crypto = crypto
        self.cache = cache
        """The store's report cache (``LocalStore.cache_path``)."""
        self.pids: list[int] = []
        """The running children's process IDs; tests end one to see the fallback."""
        self.started = 0
        """How many children the last read started."""
        self.ready: list[tuple[Job, subprocess.Popen[bytes]]] = []
        """Children started ahead (``prepare``), waiting for their messages."""
        self.early: _Early | None = None
        """Children started ahead already reading parcels (``give``), for the next read."""

    def stop(self) -> None:
        """The app is ending: end every child now (started ahead, reading parcels or
        reading), with what each started (its gpg), and start none again. A read under
        way ends at once, without reading the rest here; what the children cached stays
        cached, and the next start reads the rest (docs/cold-start.md, "The reading
        children at a quit"). Safe from any thread, and more than once."""
        super().stop()
        self.discard()

    def _job(self, reader: Reader, workers: int, save_every: int,
             read_only: bool) -> Job | None:
        account = self.source.account
        try:
            password = account.password()
        except HdtuiError:
            return None  # no password now: reading here says why
        return Job({name: getattr(account, name) for name in account.FIELDS
                    if name != "password"}, password, read_only,
                   str(self.crypto.home) if self.crypto.home else None, self.crypto.binary,
                   str(self.cache), SCHEMA, self.source.identity, reader.team_addresses,
                   reader.helpdesk_addresses, reader.folder_kinds, workers, save_every,
                   reading.BATCH, WAIT, reader.system_subjects)

    def _start(self, job: Job) -> subprocess.Popen[bytes] | None:
        """A child given its job (it logs in and waits for its messages), or None (also
        once stopped)."""
        if self.stopped:
            return None
        child = started("hdtui.read_process")
        if child is None:
            return None
        assert child.stdin is not None
        try:
            pickle.dump(job, child.stdin, pickle.HIGHEST_PROTOCOL)
            child.stdin.flush()
        except OSError:
            _end(child)
            return None
        return child

    def prepare(self, reader: Reader, workers: int, save_every: int, read_only: bool) -> None:
        """Start the children before the messages to read are known (while the listing
        runs): their interpreter's start, imports and login then overlap the listing
        instead of following it (docs/cold-start.md, "Children started ahead")."""
        count = _children()
        job = self._job(reader, max(1, workers // count), save_every, read_only)
        self.discard()
        if job is None:
            return
        started = [(job, child) for child in (self._start(job) for _ in range(count))
                   if child is not None]
        with self._lock:
            self.ready = started
        if self.stopped:  # stopped while they started: ``stop`` did not see them
            self.discard()

    def discard(self) -> None:
        """End the children started ahead that no read took (a short read, read here, or
        a listing that ended offline after parcels were given)."""
        with self._lock:
            ready, self.ready = self.ready, []
            early, self.early = self.early, None
        for child in [child for _, child in ready] + (early.children if early else []):
            _end(child)

    def give(self, items: Sequence[SourceItem]) -> bool:
        """Hand the children started ahead a parcel of messages to read now, while the
        listing goes on (docs/cold-start.md, "Parcels while the listing runs"): each
        message to the next child in turn, as ``read`` does; a message given before is not
        given again. The next ``read`` hands them the rest and collects every batch.
        False (nothing given) without children started ahead."""
        with self._lock:
            early = self.early
            if self.stopped:
                return False
            if early is None:
                children = [child for _, child in self.ready if child.poll() is None]
                if not children:
                    return False
                early = _Early(self.ready[0][0], children)
                for _, child in self.ready:
                    if child not in children:
                        _end(child)
                self.ready = []
                self.early = early
                for child in children:
                    threading.Thread(target=_relay, args=(child, None, early.batches),
                                     daemon=True, name="hdtui-read-process").start()
            early.send(items)
        return True

    def _take(self, job: Job) -> subprocess.Popen[bytes] | None:
        """A child started ahead for the same job and still alive, if any."""
        with self._lock:
            for number, (wanted, child) in enumerate(self.ready):
                if wanted == job and child.poll() is None:
                    del self.ready[number]
                    return child
        return None

    def read(self, items: Sequence[SourceItem], reader: Reader, workers: int,
             save_every: int, read_only: bool) -> Iterator[ReadBatch]:
        """Read and cache ``items`` in child processes, one a core (at most CHILDREN),
        each message to the next child in turn, so that every child starts with the
        newest (the visible rows come first); a ReadBatch after each save of any
        child. Children started ahead (``prepare``) for the same job are used first."""
        with self._lock:
            early, self.early = self.early, None
        if early is not None and early.job.read_only != read_only:
            # Started for the other kind of shift (the member switched meanwhile): a skim's
            # children EXAMINE, a shift's SELECT; the rest is read by children of its own.
            for stale in early.children:
                _end(stale)
            early = None
        if early is not None:
            yield from self._read_on(early, items)
            return
        count = _children(-(-len(items) // reading.BATCH))
        shares = [list(items[start::count]) for start in range(count)]
        job = self._job(reader, max(1, workers // count), save_every, read_only)
        if job is None:
            self.discard()
            return
        children: list[subprocess.Popen[bytes]] = []
        batches: queue.SimpleQueue[ReadBatch | None] = queue.SimpleQueue()
        try:
            for share in shares:
                child = self._take(job) or self._start(job)
                if child is None:
                    continue  # its share is read here
                children.append(child)
                self._reading_too(child)
                self.pids.append(child.pid)
                self.started = len(children)
                threading.Thread(target=_relay, args=(child, share, batches), daemon=True,
                                 name="hdtui-read-process").start()
            self.discard()
            ended = 0
            while ended < len(children):
                batch = batches.get()
                if batch is None:
                    ended += 1  # done, or died: the parent reads what it left
                else:
                    yield batch
        finally:
            self.pids = []
            for child in children:
                self._done_with(child)

    def _read_on(self, early: _Early, items: Sequence[SourceItem]) -> Iterator[ReadBatch]:
        """``read`` by children already reading parcels: the messages not given yet
        follow, then the end; every batch, those of the parcels included, comes here."""
        self.discard()  # (none are left ready: ``give`` took them)
        for child in early.children:
            self._reading_too(child)
        self.pids = [child.pid for child in early.children]
        self.started = len(early.children)
        try:
            early.send(items)
            early.send(None)
            ended = 0
            while ended < len(early.children):
                batch = early.batches.get()
                if batch is None:
                    ended += 1
                else:
                    yield batch
        finally:
            self.pids = []
            for child in early.children:
                self._done_with(child)

    def _reading_too(self, child: subprocess.Popen[bytes]) -> None:
        """A child of the read under way, for ``stop`` (ended at once when stopped)."""
        with self._lock:
            if not self.stopped:
                self._running.append(child)
                return
        _end(child)


class _Early:
    """Children started ahead that read parcels while the listing runs (``give``)."""

    def __init__(self, job: Job, children: list[subprocess.Popen[bytes]]) -> None:
        self.job = job
        self.children = children
        self.batches: queue.SimpleQueue[ReadBatch | None] = queue.SimpleQueue()
        self.given: set[str] = set()
        self.turn = 0
        """The child the next message goes to."""
        self._lock = threading.Lock()

    def send(self, items: Sequence[SourceItem] | None) -> None:
        """The messages not given yet, each to the next child in turn; None: the end."""
        with self._lock:
            if items is None:
                shares: list[list[SourceItem] | None] = [None] * len(self.children)
            else:
                fresh = [item for item in items if item.key not in self.given]
                self.given.update(item.key for item in fresh)
                count, turn = len(self.children), self.turn
                shares = [fresh[(number - turn) % count::count] for number in range(count)]
                self.turn = (turn + len(fresh)) % count
            for child, share in zip(self.children, shares, strict=True):
                if share == []:
                    continue
                assert child.stdin is not None
                # A child that died has its messages read by the parent (not done).
                with contextlib.suppress(OSError, ValueError):
                    pickle.dump(share if share is None else _packed(share), child.stdin,
                                pickle.HIGHEST_PROTOCOL)
                    child.stdin.flush()
                    if share is None:
                        child.stdin.close()


_ITEM_FIELDS = attrgetter(*SourceItem.FIELDS)
"""A SourceItem's fields as a tuple, in the order its constructor takes them."""


def _packed(items: Sequence[SourceItem]) -> list[tuple[Any, ...]]:
    """Messages for the pipe as plain tuples: pickle takes a value apart and puts it
    together again in Python (a slotted dataclass's ``_dataclass_getstate``, a Frozen
    value's ``__reduce__``), 2.5 µs a message each way, where a tuple is written and read
    in C (docs/benchmarks.md, "Session 19: the cold TUI's own threads")."""
    return list(map(_ITEM_FIELDS, items))


def _unpacked(packed: list[tuple[Any, ...]] | None) -> list[SourceItem] | None:
    """The messages ``_packed`` sent (None: the end)."""
    return None if packed is None else [SourceItem(*fields) for fields in packed]


def _children(batches: int = CHILDREN) -> int:
    """How many reading processes: one a core, at most CHILDREN, and none without a batch
    of its own (``prepare`` and ``read`` must agree, or no child started ahead is used)."""
    return max(1, min(CHILDREN, os.cpu_count() or 1, batches))


def started(module: str) -> subprocess.Popen[bytes] | None:
    """``python -m module`` started with pipes to its standard input and output (this
    checkout first on its path), or None when it cannot start. In a session of its own
    (docs/cold-start.md, "Two cores, shared fairly by session"): Linux's autogroup
    scheduler then gives each child its own share on a busy machine, instead of one share
    for the TUI's drawing and every child together."""
    path = os.environ.get("PYTHONPATH", "")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}
    try:
        return subprocess.Popen(
            [sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env, cwd=ROOT, start_new_session=True)
    except OSError:
        return None


def _end(child: subprocess.Popen[bytes]) -> None:
    """End a child and what it started: it leads a session and process group of its own
    (``start_new_session``), which its gpg processes share; killing the child alone left
    them running after it, and after the app (docs/cold-start.md, "The reading children at
    a quit"). Only while the child is not reaped: its ID cannot name another group then."""
    if child.poll() is None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:  # (not a group leader after all: the child alone)
            with contextlib.suppress(OSError):
                child.kill()
    child.wait()
    for pipe in (child.stdin, child.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def _relay(child: subprocess.Popen[bytes], items: list[SourceItem] | None,
           batches: queue.SimpleQueue[ReadBatch | None]) -> None:
    """Give a child its messages and the end (None: ``_Early`` gives them), then pass on
    its batches; None when it ends or dies, always: a child whose standard input is
    closed already (it ended, or was stopped) gives ValueError on a write, which left the
    consumer waiting for a None never put (session 23's review)."""
    assert child.stdin is not None
    try:
        if items is not None:
            with contextlib.suppress(OSError, ValueError):
                pickle.dump(_packed(items), child.stdin, pickle.HIGHEST_PROTOCOL)
                pickle.dump(None, child.stdin, pickle.HIGHEST_PROTOCOL)
            with contextlib.suppress(OSError, ValueError):
                child.stdin.close()
    finally:
        pass_on(child, lambda got: got if isinstance(got, ReadBatch) else None, batches)


Batch = TypeVar("Batch")


def pass_on(child: subprocess.Popen[bytes], take: Callable[[object], Batch | None],
            batches: queue.SimpleQueue[Batch | None]) -> None:
    """Put in ``batches`` what ``take`` makes of each object a child sends (pickled, on
    its standard output) until ``take`` gives None (the child's end), or the child ends,
    dies or sends what cannot be read; then None, with the child's output closed."""
    assert child.stdout is not None
    try:
        while True:
            try:
                got = pickle.load(child.stdout)
            except (EOFError, OSError, ValueError, pickle.UnpicklingError):
                return
            batch = take(got)
            if batch is None:
                return  # the end
            batches.put(batch)
    finally:
        with contextlib.suppress(OSError):
            child.stdout.close()
        batches.put(None)


COLLECT_EVERY = 10_000
"""The child's young-generation threshold of the cyclic collector (Python's is 700)."""


def collect_for_reading() -> None:
    """The cyclic collector of a reading child: what its start made (the modules, about
    40,000 objects) frozen out of its reach, and a young pass every ``COLLECT_EVERY``
    allocations instead of 700. A message read makes a few thousand short-lived objects
    and a few garbage cycles; the default passes (about 100 young ones and one full one a
    thousand messages) took about 5 % of a child's CPU, a tenth of a full read's worth of
    passes a third of that (docs/benchmarks.md, "Session 14: the cold read's children").
    Cycles are still collected: the garbage stays bounded."""
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])


def run(job: Job, source_in: BinaryIO, out: BinaryIO) -> None:
    """The child's work: log in, wait for the messages, then read, cache and report every
    ``save_every`` messages."""
    from hdtui.cache import ReportCache

    source = ImapSource(ImapAccount(password=lambda: job.password, **job.account),
                        job.read_only)
    cache = ReportCache(Path(job.cache), job.schema)
    collect_for_reading()
    try:
        with contextlib.suppress(HdtuiError):
            source.connect()  # while the parent lists; a failure is met again below
        # No read took this child (the parent lost it): it ends on its own.
        waiting = threading.Timer(job.wait, os._exit, (0,))
        waiting.daemon = True
        waiting.start()
        try:
            items = _unpacked(pickle.load(source_in))
        except (EOFError, OSError, pickle.UnpicklingError):
            return  # discarded
        finally:
            waiting.cancel()
        if items is not None:
            _read(job, _parcels(items, source_in, job.wait), source, cache, out)
    finally:
        source.close()
        cache.close()


def _parcels(first: list[SourceItem], source_in: BinaryIO,
             wait: float) -> Iterator[list[SourceItem]]:
    """The messages to read, parcel after parcel until None (or the parent's end, or
    ``wait`` seconds without one): a thread takes them off the pipe as they come, so that
    the parent never waits on a full pipe; the parcels that arrived while one was read are
    read together."""
    arrived: queue.SimpleQueue[list[SourceItem] | None] = queue.SimpleQueue()

    def take() -> None:
        try:
            while (got := _unpacked(pickle.load(source_in))) is not None:
                arrived.put(got)
        # ValueError: the pipe closed under this thread while it waited (the reading
        # ended after ``wait`` seconds without a parcel, and its caller closed the pipe).
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            pass
        finally:
            arrived.put(None)

    threading.Thread(target=take, daemon=True, name="hdtui-parcels").start()
    parcel: list[SourceItem] | None = first
    ended = False
    while parcel is not None:
        merged = list(parcel)
        while not ended:
            try:
                more = arrived.get_nowait()
            except queue.Empty:
                break
            if more is None:
                ended = True
            else:
                merged.extend(more)
        yield merged
        try:  # a parent that gives nothing more for ``wait`` seconds lost this child
            parcel = None if ended else arrived.get(timeout=wait)
        except queue.Empty:
            parcel = None  # what it was not given, the parent reads itself


def _read(job: Job, parcels: Iterator[list[SourceItem]], source: ImapSource,
          cache: ReportCache, out: BinaryIO) -> None:
    crypto = GpgCrypto(Path(job.gpg_home) if job.gpg_home else None, job.gpg_binary)
    reader = Reader(source, crypto, job.team, job.folder_kinds, job.helpdesk,
                    job.system_subjects)
    rows: list[Row] = []
    lines: list[ParsedLine] = []
    done: list[str] = []
    unreadable: list[str] = []
    offline: str | None = None

    def send(batch: ReadBatch | None) -> None:
        pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
        out.flush()

    for item, result in (pair for items in parcels
                         for pair in reader.read_many(items, job.workers, job.batch)):
        done.append(item.key)
        if isinstance(result, SourceError):
            if isinstance(result, ConnectionProblem):
                offline = result.message
            else:
                unreadable.append(result.message)
        else:
            row, line = cached_line(item, result)
            rows.append(row)
            lines.append(line)
        if len(done) >= job.save_every:
            cache.put_parsed(job.namespace, lines)
            send(ReadBatch(rows, done, unreadable, offline))
            rows, lines, done, unreadable, offline = [], [], [], [], None
    cache.put_parsed(job.namespace, lines)
    if done:
        send(ReadBatch(rows, done, unreadable, offline))
    send(None)


def main() -> None:
    """``python -m hdtui.read_process``: the job, then the messages, on standard input;
    batches out."""
    source_in = sys.stdin.buffer
    job = pickle.load(source_in)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the batches' pipe
    with contextlib.suppress(BrokenPipeError):  # the parent went away
        run(job, source_in, out)


if __name__ == "__main__":
    main()
