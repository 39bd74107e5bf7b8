"""Provides CountProcess: the facts of many cached reports computed in processes of their
own, beside the TUI.

After a first open every report of the queue is read and cached, and none has facts yet:
``Insight.facts`` must match each one against the known issues (2.5 ms of CPU a report),
which took 25 s at 10,000 reports in a thread of the TUI, sharing its interpreter with
Textual. ``CountProcess`` starts ``python -m hdtui.count_process`` once a core (at most
CHILDREN), hands each its share of the reports to count (their keys and sizes, pickled on
its standard input, after a ``CountJob``: the known issues with their analysed index, the
words they learnt, the day), and each child reads the reports from the report cache,
computes their facts with the very functions ``Insight`` uses, saves them in the cache
(``put_facts``, as ``Insight`` does) and sends them back encoded, a batch at a time. The
parent decodes them as it decodes saved facts on a warm start. (docs/insight.md, "Session
22: the count after a first open, in processes of its own".)

Each child leads a session of its own, as the reading children do (docs/cold-start.md,
"Two cores, shared fairly by session"): Linux's autogroup scheduler gives it a share of
its own, so that on a busy machine the count is not squeezed into the TUI's one share,
and the TUI's drawing keeps its share whole (a lower ``nice`` in the TUI's own group was
tried first: under a load of 11 the count then took as long as in the TUI's thread: see
docs/benchmarks.md, "Session 22: the count after a first open"). A child never reads the
mailbox: a report not in the cache is left to the parent, which computes it as before.
When the app ends (``stop``), or the count is given up, the children are ended; what they
saved stays saved, and the next count only loads it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from hdtui.read_process import (  # (_end: a child and its group)
    ChildProcesses,
    _end,
    pass_on,
    started,
)

if TYPE_CHECKING:  # imported by the first count: this module is wired at every IMAP
    # start, and the first frame needs neither (tests/test_architecture.py)
    from hdtui.domain.far_count import CountBatch, CountJob

CHILDREN = 2
"""Counting processes at most: one a core of the 2-core machines members use."""


def processes() -> int:
    """How many counting processes a count starts: one a core, at most CHILDREN."""
    return max(1, min(CHILDREN, os.cpu_count() or 1))


class CountProcess(ChildProcesses):
    """A ``FarCounter``: counts in child processes (see the module)."""

    def __init__(self, cache: Path, schema: int) -> None:
        super().__init__()
        self.cache = cache
        """The store's report cache (``LocalStore.cache_path``)."""
        self.schema = schema
        self.pids: list[int] = []
        """The running children's process IDs (tests end one to see the fallback)."""

    @property
    def processes(self) -> int:
        """How many shares a count is best split into."""
        return processes()

    def count(self, job: CountJob,
              shares: Sequence[Sequence[tuple[str, int]]]
              ) -> Generator[CountBatch, None, None]:
        """Count each share of (key, size) in a child of its own, in order; a batch after
        each save of any child. Ends early, without raising, when a child cannot start or
        dies (its messages not in any batch are for the caller to count), and ends every
        child when the caller stops asking (``close``: a quit)."""
        batches: queue.SimpleQueue[CountBatch | None] = queue.SimpleQueue()
        children: list[subprocess.Popen[bytes]] = []
        try:
            for number, share in enumerate(shares):
                child = self._start(job, share)
                if child is None:
                    continue
                children.append(child)
                threading.Thread(target=_relay, args=(child, number, batches), daemon=True,
                                 name="hdtui-count-process").start()
            self.pids = [child.pid for child in children]
            ended = 0
            while ended < len(children):
                batch = batches.get()
                if batch is None:
                    ended += 1
                else:
                    yield batch
        finally:
            self.pids = []
            for child in children:
                self._done_with(child)

    def _start(self, job: CountJob,
               share: Sequence[tuple[str, int]]) -> subprocess.Popen[bytes] | None:
        """A child given its job and its share, or None (also once stopped)."""
        with self._lock:
            if self.stopped:
                return None
            child = started("hdtui.count_process")  # (a session of its own)
            if child is None:
                return None
            self._running.append(child)
        assert child.stdin is not None
        try:
            pickle.dump((str(self.cache), self.schema, job, list(share)), child.stdin,
                        pickle.HIGHEST_PROTOCOL)
            child.stdin.close()
        except OSError:
            _end(child)
            return None
        return child


def _relay(child: subprocess.Popen[bytes], number: int,
           batches: queue.SimpleQueue[CountBatch | None]) -> None:
    """Pass on a child's batches, marked with its share's ``number``; None when it ends
    or dies."""
    from hdtui.domain.far_count import CountBatch

    def take(got: object) -> CountBatch | None:
        if not isinstance(got, tuple):
            return None  # the end
        processed, rows = got
        return CountBatch(number, processed, rows)

    pass_on(child, take, batches)


def run(cache_path: str, schema: int, job: CountJob, share: Sequence[tuple[str, int]],
        out: BinaryIO) -> None:
    """The child's work: count ``share`` in order, saving and sending every ``job.every``
    reports (processed, rows); those not in the cache are processed and not in rows."""
    from hdtui.cache import ReportCache
    from hdtui.domain.codec import from_data
    from hdtui.domain.facts_codec import encode
    from hdtui.domain.insight.facts import report_facts
    from hdtui.domain.matching import IssueIndex
    from hdtui.domain.queue import Entry
    from hdtui.services.insight import learnt_by_word, learnt_fingerprint, matched_issues

    cache = ReportCache(Path(cache_path), schema)
    try:
        index = IssueIndex(job.issues, job.analysed)
        if job.vocabulary:
            index = index.learned(job.vocabulary)
        learnt = learnt_by_word(job.vocabulary)
        rows: list[tuple[str, int, int, str, str]] = []
        processed = 0
        for key, size in share:
            processed += 1
            data = cache.full(job.namespace, key, size)
            entry = None
            if data is not None:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    entry = from_data(Entry, data)  # else an older format: the parent's
            if entry is not None:
                found = report_facts(entry, *matched_issues(entry, index), job.today,
                                     job.ours, job.relays)
                rows.append((key, size, job.rules,
                             learnt_fingerprint(job.fingerprint, learnt, found.words),
                             encode(found)))
            if processed >= job.every:
                cache.put_facts(job.namespace, rows)
                pickle.dump((processed, rows), out, pickle.HIGHEST_PROTOCOL)
                out.flush()
                rows, processed = [], 0
        cache.put_facts(job.namespace, rows)
        if processed:
            pickle.dump((processed, rows), out, pickle.HIGHEST_PROTOCOL)
        pickle.dump(None, out, pickle.HIGHEST_PROTOCOL)
        out.flush()
    finally:
        cache.close()


def main() -> None:
    """``python -m hdtui.count_process``: (cache, schema, job, share) on standard input;
    batches out."""
    cache_path, schema, job, share = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the batches' pipe
    with contextlib.suppress(BrokenPipeError):  # the parent went away
        run(cache_path, schema, job, share, out)


if __name__ == "__main__":
    main()
