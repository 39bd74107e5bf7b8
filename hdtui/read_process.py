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
the pipe fails and it ends.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, BinaryIO

from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.queue import ParsedLine, Row
from hdtui.errors import ConnectionProblem, HdtuiError, SourceError
from hdtui.gpg import GpgCrypto
from hdtui.services import reading
from hdtui.services.reading import ReadBatch, Reader, cached_line
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import SCHEMA

ROOT = Path(__file__).resolve().parent.parent
CHILDREN = 2
"""Reading processes at most: one a core of the 2-core machines members use. Plain
reports are parsed by Python, one message at a time in each interpreter; two processes
use both cores, as ``hdtui sync`` (one interpreter) cannot."""


@dataclass(frozen=True, slots=True)
class Job:
    """What the child needs: plain values only."""

    account: dict[str, Any]
    """ImapAccount's fields but the password."""
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
    """Messages a FETCH (``reading.BATCH``)."""
    items: list[SourceItem]


class ReadProcess:
    """A ``FarReader`` for an IMAP source: reads in a child process (see the module)."""

    def __init__(self, source: ImapSource, crypto: GpgCrypto, cache: Path) -> None:
        self.source = source
        self.crypto = crypto
        self.cache = cache
        """The store's report cache (``LocalStore.cache_path``)."""
        self.pids: list[int] = []
        """The running children's process IDs; tests end one to see the fallback."""
        self.started = 0
        """How many children the last read started."""

    def read(self, items: Sequence[SourceItem], reader: Reader, workers: int,
             save_every: int, read_only: bool) -> Iterator[ReadBatch]:
        """Read and cache ``items`` in child processes, one a core (at most CHILDREN),
        each message to the next child in turn, so that every child starts with the
        newest (the visible rows come first); a ReadBatch after each save of any
        child."""
        account = self.source.account
        count = max(1, min(CHILDREN, os.cpu_count() or 1, -(-len(items) // reading.BATCH)))
        shares = [list(items[start::count]) for start in range(count)]
        try:
            jobs = [Job({f.name: getattr(account, f.name) for f in fields(account)
                         if f.name != "password"}, account.password(), read_only,
                        str(self.crypto.home) if self.crypto.home else None,
                        self.crypto.binary, str(self.cache), SCHEMA,
                        self.source.identity, reader.team_addresses,
                        reader.helpdesk_addresses, reader.folder_kinds,
                        max(1, workers // count), save_every, reading.BATCH, share)
                    for share in shares]
        except HdtuiError:
            return  # no password now: reading here says why
        path = os.environ.get("PYTHONPATH", "")
        env = {**os.environ, "PYTHONPATH": str(ROOT) + (os.pathsep + path if path else "")}
        children: list[subprocess.Popen[bytes]] = []
        batches: queue.SimpleQueue[ReadBatch | None] = queue.SimpleQueue()
        try:
            for job in jobs:
                try:
                    # A session of its own (docs/cold-start.md, "Two cores, shared fairly by
                    # session"): Linux's autogroup scheduler then gives each child its own
                    # share on a busy machine, instead of one share for the TUI's drawing
                    # and both children together.
                    child = subprocess.Popen(
                        [sys.executable, "-m", "hdtui.read_process"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
                        start_new_session=True)
                except OSError:
                    continue  # its share is read here
                children.append(child)
                self.pids.append(child.pid)
                self.started = len(children)
                threading.Thread(target=_relay, args=(child, job, batches), daemon=True,
                                 name="hdtui-read-process").start()
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
                if child.poll() is None:
                    child.kill()
                child.wait()


def _relay(child: subprocess.Popen[bytes], job: Job,
           batches: queue.SimpleQueue[ReadBatch | None]) -> None:
    """Give a child its job, then pass on its batches; None when it ends or dies."""
    assert child.stdin is not None and child.stdout is not None
    try:
        with contextlib.suppress(OSError):
            pickle.dump(job, child.stdin, pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
        while True:
            try:
                batch = pickle.load(child.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                return
            if not isinstance(batch, ReadBatch):
                return  # the end
            batches.put(batch)
    finally:
        child.stdout.close()
        batches.put(None)


def run(job: Job, out: BinaryIO) -> None:
    """The child's work: read, cache and report every ``save_every`` messages."""
    from hdtui.cache import ReportCache

    source = ImapSource(ImapAccount(password=lambda: job.password, **job.account),
                        job.read_only)
    crypto = GpgCrypto(Path(job.gpg_home) if job.gpg_home else None, job.gpg_binary)
    reader = Reader(source, crypto, job.team, job.folder_kinds, job.helpdesk)
    cache = ReportCache(Path(job.cache), job.schema)
    rows: list[Row] = []
    lines: list[ParsedLine] = []
    done: list[str] = []
    unreadable: list[str] = []
    offline: str | None = None

    def send(batch: ReadBatch | None) -> None:
        pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
        out.flush()

    try:
        for item, result in reader.read_many(job.items, job.workers, job.batch):
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
    finally:
        source.close()
        cache.close()


def main() -> None:
    """``python -m hdtui.read_process``: the job on standard input, batches out."""
    job = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the batches' pipe
    with contextlib.suppress(BrokenPipeError):  # the parent went away
        run(job, out)


if __name__ == "__main__":
    main()
