"""Provides Insight: the facts of every report in the queue, kept up to date, and the
numbers the Help Desk relays (counts, hot topics, clusters, regressions) computed from them.

Facts are computed once per message (reading its cached entry and ranking the known issues
for it), kept in memory and saved in the report cache, keyed by message and size; they are
computed again when the known issues change, since "likely" depends on them, and when the
rules version changes. Many at once (a first open, new rules) are computed in processes of
their own when the triage has a ``far_counter`` (the TUI on an IMAP mailbox): the same
facts, saved the same way. See docs/insight.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import UTC, date, datetime
from itertools import islice, repeat
from operator import is_, ne
from sys import intern
from typing import TYPE_CHECKING, NamedTuple

from hdtui.domain.address import own_addresses
from hdtui.domain.facts_codec import decode_rows, encode, shared
from hdtui.domain.far_count import CountJob
from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.counted import (
    COUNTED_KINDS,
    counted,
    counted_in,
    in_window,
    latest_day,
    window_start,
)
from hdtui.domain.insight.facts import ReportFacts, report_facts
from hdtui.domain.insight.held import HeldFacts
from hdtui.domain.insight.overview import (
    Overview,
    dated_by_reports,
    overview,
    releases_seen,
)
from hdtui.domain.insight.per_issue import (
    IssueStats,
    claims_said,
    contradicted,
    issue_stats,
    vetted,
)
from hdtui.domain.insight.regressions import beyond_releases, feed_recent, unreleased
from hdtui.domain.insight.weeks import WEEKS
from hdtui.domain.issue import KnownIssue, closed_by
from hdtui.domain.links import IssueLink, ReportCount, count_reports, report_reference
from hdtui.domain.queue import Entry
from hdtui.domain.queue_columns import RowsAt
from hdtui.domain.vocabulary import learned_vocabulary
from hdtui.domain.word_set import WordSet
from hdtui.errors import CountStopped, HdtuiError, TrackerNotSetUp
from hdtui.heap import give_back
from hdtui.services.ports import FarCounter, LinkedTracker, ReleaseSource
from hdtui.services.triage import Triage

if TYPE_CHECKING:  # the matcher is imported when facts are first computed, after the
    # first frame (docs/benchmarks.md, "Warm start imports")
    from hdtui.domain.matching import IssueIndex
    from hdtui.domain.releases import FeedResult, ReleaseState

Progress = Callable[[int, int], None]
Pause = Callable[[], None]
"""Called between two steps of a count: returns when the count may go on (the TUI's
``BackgroundPause``, held while a change from the server is on its way to the screen)."""
SAVE_BATCH = 500
"""Facts are saved every this many reports: an interrupted first count keeps its work."""
LIKELY_RANK = 3
"""How many of the best matches are looked at for a confident one."""
LOAD_PAGE = 1000
"""Saved facts decoded at a time (``Insight._load_saved``)."""
FAR_MIN = 200
"""Reports to count from which the count runs in processes of their own (``_count_far``):
below it, their start (about 0.3 s of CPU each) costs more than it spares."""
FAR_EVERY = 100
"""Reports a counting process computes between two saves (a quit loses at most these)."""


def _go_on() -> None:
    """A pause never held."""


def likely_issues(entry: Entry, index: IssueIndex) -> list[int]:
    """The known issues an entry matches confidently, best first."""
    return list(matched_issues(entry, index)[0])


def matched_issues(entry: Entry, index: IssueIndex) -> tuple[tuple[int, ...], int]:
    """(the issues an entry matches confidently, best first; the best match's iid when it
    is not confident, else 0): what ``report_facts`` keeps as likely and possible."""
    from hdtui.domain.matching import suggest_issues

    matches = suggest_issues(entry, index, LIKELY_RANK)
    likely = tuple(m.issue.iid for m in matches if m.confident)
    return likely, (matches[0].issue.iid if matches and not likely else 0)


def issues_fingerprint(issues: Sequence[KnownIssue]) -> str:
    """Changes whenever what matching reads of the known issues does (so the reports'
    likely issues are ranked again): their ids, types, states, titles, descriptions and
    labels; not ``updated_at``, which a plain comment moves (before linksfix23 a comment
    on any issue made the next count recount the whole queue: docs/insight.md, "What
    makes the queue counted again")."""
    digest = hashlib.sha1()
    for issue in sorted(issues, key=lambda i: i.iid):
        for part in (str(issue.iid), issue.issue_type, issue.state, str(issue.title),
                     str(issue.description), *sorted(str(label) for label in issue.labels)):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        digest.update(b"\1")
    return digest.hexdigest()[:16]


def learnt_by_word(vocabulary: Mapping[int, frozenset[str]]) -> dict[str, list[str]]:
    """For each learnt word, ``iid:word`` of every issue that learnt it."""
    found: dict[str, list[str]] = {}
    for iid, words in vocabulary.items():
        for word in words:
            found.setdefault(word, []).append(f"{iid}:{word}")
    return found


def learnt_fingerprint(issues: str, learnt: Mapping[str, list[str]],
                       words: Iterable[str]) -> str:
    """The fingerprint a report's facts are saved with: the known issues' (``issues``),
    and the learnt words the report uses (``learnt_by_word``), with the issues that learnt
    them. Only a report that uses a learnt word can be matched otherwise once words are
    learnt or forgotten: the others keep their facts (docs/insight.md, "Learning from
    linked reports")."""
    used = sorted(pair for word in words if word in learnt for pair in learnt[word])
    if not used:
        return issues
    return f"{issues}+{hashlib.sha1('|'.join(used).encode()).hexdigest()[:12]}"


def facts_of(entries: Sequence[Entry], index: IssueIndex,
             ours: frozenset[str] = frozenset(), relays: frozenset[str] = frozenset()
             ) -> list[ReportFacts]:
    """The facts of entries read elsewhere (``hdtui stats PATH``); ``ours`` and
    ``relays``: the Help Desk's addresses and lists (``report_facts``)."""
    return [report_facts(e, *matched_issues(e, index), ours=ours, relays=relays)
            for e in entries]


def ours_fingerprint(issues: str, ours: frozenset[str]) -> str:
    """The fingerprint facts are saved with (``issues``, the known issues'), moved by the
    Help Desk's addresses (``[queue] helpdesk_addresses``, which members add to): facts
    made before an address was configured are made again, since its messages had a user's
    contact. Not by the bugs list, which is the same for everyone (its default) and would
    make a store counted by one way in counted again by another (docs/insight.md,
    "Session 25: four numbers a member can trust")."""
    if not ours:
        return issues
    return f"{issues}~{hashlib.sha1('|'.join(sorted(ours)).encode()).hexdigest()[:8]}"


def linked_vocabulary(facts: Iterable[ReportFacts],
                      links: Iterable[IssueLink]) -> dict[int, frozenset[str]]:
    """The words the known issues learnt from the reports linked to them (``links``)
    among ``facts`` (users' mail only): what the queue's counts match with
    (``Insight.vocabulary``) and what ``hdtui stats PATH`` matches with too, so both give
    the same numbers (docs/insight.md, "Session 20: numbers that agree with each other")."""
    cited = frozenset((link.reference, link.iid) for link in links)
    if not cited:  # nothing learnt, and no pass over every report's facts
        return {}
    known = [f for f in facts if f.kind in COUNTED_KINDS]
    by_reference = {f.reference: f.words for f in known}
    linked: dict[int, list[WordSet]] = {}
    for reference, iid in sorted(cited):
        words = by_reference.get(reference)
        if words is not None:
            linked.setdefault(iid, []).append(words)
    return learned_vocabulary(linked, [f.words for f in known]) if linked else {}


class Insight:
    """Numbers across the queue of one Triage; blocking, call from a worker."""

    def __init__(self, triage: Triage, tracker: LinkedTracker | None,
                 clock: Callable[[], datetime] | None = None, as_of_newest: bool = False,
                 releases: ReleaseSource | None = None) -> None:
        self.triage = triage
        self.tracker = tracker
        self.releases = releases
        """The Tails feeds (their saved copy dates releases for regressions), if any."""
        self.as_of_newest = as_of_newest
        """Count as of the newest report instead of today (the demo: its mail is fixed)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        told = getattr(triage, "decrypted_later", None)  # a queue of its own in the tests
        if told is not None:
            told.append(self.forget)
        self._facts = HeldFacts()
        """By message key: its size, the known issues' fingerprint, its facts (in
        columns: docs/insight.md, "Session 28: the facts held in columns")."""
        self._loaded = False
        self._changes = 0
        """Counts computations of facts: cached numbers are stale once it moves."""
        self._stats: tuple[tuple[int, int, frozenset[IssueLink]], dict[int, IssueStats],
                           dict[int, ReportCount]] | None = None
        self._doubted: tuple[tuple[int, int, frozenset[IssueLink]], set[str]] | None = None
        """``contradicted`` of the facts and links it was computed for (their token: a
        sync that swaps one link for another keeps their number, not their set)."""
        self._vocabulary: tuple[tuple[int, int, int], dict[int, frozenset[str]]] | None = None
        """(what it was learnt from: facts known, their changes, links; the words)."""
        self._lock = threading.Lock()
        """Held briefly, around the facts dictionary."""
        self._computing = threading.Lock()
        """Held while facts are computed: one computation at a time."""
        self._overviewing = threading.Lock()
        """Held while an overview is computed, and while the report pane's likely counts
        are made (``with_likely``): the two count every fact, and made at once their
        transient objects added up at the peak of a whole session (docs/insight.md,
        "Session 27: the report pane's counts not made beside an overview")."""
        self._counts: tuple[list[ReportFacts], tuple[object, ...], Overview] | None = None
        """The last counts-only overview, the facts it counted and its other arguments:
        the whole overview of the same keeps its counts (``_overview``)."""
        self._pending: list[RowsAt] = []
        """While facts are computed: the messages whose facts are still to compute (new,
        or known but of other issues, rules or words), as positions, in shares (one, or
        one a counting process: ``_count_far``), each from its ``_computed`` on:
        ``overview_so_far`` leaves their old facts out. Positions, not a set of keys:
        no key of the queue is held through a count of minutes (docs/benchmarks.md,
        "Session 20: the warm queue at 100,000")."""
        self._computed: list[int] = []
        self._whole = False
        """A computation of every message's facts ended and none started since: the
        facts known are the whole queue's (``counting``)."""
        self._due = False
        """A count is pending: new rows arrived (``count_due``), and the count that takes
        them in has not started yet."""
        self._failed = False
        """The last count raised (the store, the tracker): the facts known are not the
        whole queue's, and no count runs to complete them (``count_failed``)."""
        self._counted_with: dict[int, frozenset[str]] | None = None
        """The words the known issues had learnt from their linked reports when the last
        count of the whole queue ended: links read since (another member's, from a pane's
        count) that teach other words leave the facts behind (``links_outdated``)."""

    def count_due(self) -> None:
        """New rows arrived and a count of them follows (the TUI counts a moment later):
        until it ends, the counts are marked ``counting`` (docs/insight.md)."""
        self._due = True

    @property
    def counting(self) -> bool:
        """The queue's reports are not all counted: no count of the whole queue has ended
        yet (a first start: the count follows the read), or one runs now (new mail, the
        known issues changed). The likely numbers are then of the facts known so far,
        and every place that shows or sends them says so (docs/insight.md, "Counts while
        the queue is counted"). False when nothing will be counted (no known issue)."""
        if self.triage.issues_missing:
            return False
        return self._computing.locked() or self._due or not (self._whole or self._failed)

    @property
    def saved_read(self) -> bool:
        """The facts saved by an earlier session have been read into this one (the first
        ``facts`` reads them: 75 MB and 1.5 s of CPU at 100,000 reports)."""
        return self._loaded

    @property
    def count_failed(self) -> bool:
        """The last count of the queue failed and none runs or is due: the likely numbers
        are of the facts known, and nothing will complete them until another count (new
        mail, F5, changed known issues) succeeds."""
        return self._failed and not self.counting and not self.triage.issues_missing

    @property
    def links_outdated(self) -> bool:
        """The links changed since the last count of the whole queue ended, and teach the
        known issues other words: its likely reports may be others now (walk23: the pane
        said "12 linked, 0 likely" with no mark while hot topics, counting again, said 2
        likely). ``with_likely`` then marks the counts "counting", and the caller has the
        queue counted again (docs/insight.md, "Session 23"). False during a count."""
        counted = self._counted_with
        if counted is None or self._computing.locked():
            return False
        return self.vocabulary() != counted

    def facts(self, progress: Progress | None = None,
              pause: Pause | None = None) -> list[ReportFacts]:
        """The facts of every message read: saved ones as they are, the others (new
        messages, all of them once the known issues changed, those that use a word the
        issues learnt or forgot since) computed and saved.
        One computation at a time; the facts known so far stay readable meanwhile.
        ``pause`` is called before each report and each page of saved facts: the count
        waits there while it is held (docs/live-changes.md, "While the queue is
        counted")."""
        wait = pause or _go_on
        with self._computing:
            self._due = False
            self._whole = False
            self._failed = True  # until the count ends well (any exception, at any step)
            try:
                found = self._facts_now(wait, progress)
            finally:
                self._failed = not self._whole
            return found

    def _ours(self) -> frozenset[str]:
        """The addresses Help Desk members write from (``Triage.own_addresses``: ``[queue]
        helpdesk_addresses`` and ``[smtp] from_address``) as the facts compare them: their
        mail is no user's."""
        triage = self.triage
        return own_addresses(getattr(triage, "own_addresses",
                                     getattr(triage, "helpdesk_addresses", ())))

    def _relays(self) -> frozenset[str]:
        """The lists that pass users' mail on (``Triage.relay_addresses``): no user's
        contact."""
        return own_addresses(getattr(self.triage, "relay_addresses", ()))

    def _facts_now(self, wait: Pause, progress: Progress | None) -> list[ReportFacts]:
        """``facts`` with ``_computing`` held."""
        issues = ours_fingerprint(issues_fingerprint(self.triage.known_issues().issues),
                                  self._ours())
        if self.triage.issues_missing:
            # Counted against no issue, every saved fact would be made again without
            # its matches and saved over the good ones: minutes at 100,000, and again
            # once [tracker] is mended (docs/insight.md, "A tracker not set up").
            raise TrackerNotSetUp(f"{self.triage.issues_missing.rstrip('.')}; nothing is "
                                  "counted until it is: made against no issue, the "
                                  "counts would replace the saved ones")
        if not self._loaded:
            self._load_saved(self.triage.source.identity, wait)
        rows = self.triage.rows()
        # Words learnt from the facts just computed (a first count, or a link to
        # reports not counted yet) match the reports that use them once more: one
        # pass matched them with what the facts known before taught, and stats from
        # the cache disagreed with stats of the same PATH (docs/insight.md, "Session
        # 20: numbers that agree with each other").
        for _ in range(2):
            vocabulary = self.vocabulary()
            self._count(rows, issues, vocabulary, wait, progress)
            if self.vocabulary() == vocabulary:
                break
        found = self._of_queue(rows)
        self._counted_with = self.vocabulary()
        self._whole = True
        return found

    def _of_queue(self, rows: RowsAt) -> list[ReportFacts]:
        """The facts known of the messages of ``rows``, in the order they are known (call
        with ``_computing`` held: nothing else changes them). When they are of every
        message of the queue and of no other (a warm start, a count that ended), all of
        them, found by looking each key up once: the set of the queue's 100,000 keys
        (11 MB, made just before the overview's counts) is made only when some are of
        messages gone (docs/insight.md, "Session 24: the queue's keys at the count's
        end")."""
        facts = self._facts
        with self._lock:
            # The place of each message's facts, found from the queue's key numbers
            # (no key string made), not held through the count, which takes minutes
            # (docs/benchmarks.md, "Session 20: the warm queue at 100,000").
            places = array("i", facts.held_of(rows.columns.keys, rows.positions))
            if len(facts) == len(rows) and -1 not in places:
                return facts.all_facts()
            # In the order they are known: their places' order.
            return list(filter(None, facts.facts_at(sorted(set(places) - {-1}))))

    def _count(self, rows: RowsAt, issues: str, vocabulary: dict[int, frozenset[str]],
               wait: Pause, progress: Progress | None) -> None:
        """Compute and save the facts of the ``rows`` not known as they are now, matched
        with the words the issues learnt (``vocabulary``; call with ``_computing`` held)."""
        namespace = self.triage.source.identity
        store = self.triage.store
        self.triage.learn(vocabulary)
        index = self.triage.matching_index()
        learnt = learnt_by_word(vocabulary)
        ours, relays = self._ours(), self._relays()
        with self._lock:  # positions: each Row is made as it is counted
            todo = self._stale(rows, issues, learnt)
        far = getattr(self.triage, "far_counter", None)
        if far is not None and len(todo) >= FAR_MIN:
            todo = self._count_far(far, todo, issues, vocabulary, learnt, wait, progress)
        with self._lock:
            self._pending, self._computed = [todo], [0]
        batch: list[tuple[str, int, int, str, str]] = []
        try:
            for done, row in enumerate(todo, 1):
                wait()
                entry = self.triage.full(row.key)
                if entry is not None:
                    likely, possible = matched_issues(entry, index)
                    found = shared(report_facts(entry, likely, possible,
                                                self._clock().date(), ours, relays))
                    fingerprint = intern(learnt_fingerprint(issues, learnt,
                                                            found.words))
                    with self._lock:
                        self._facts[row.key] = (row.size, fingerprint, found)
                        self._changes += 1
                    batch.append((row.key, row.size, RULES_VERSION, fingerprint,
                                  encode(found)))
                with self._lock:
                    self._computed[0] = done
                if len(batch) >= SAVE_BATCH:
                    store.put_facts(namespace, batch)
                    batch = []
                if progress is not None and (done % 50 == 0 or done == len(todo)):
                    progress(done, len(todo))
        except BaseException:
            self._done_pending()
            # Ended by the caller (the app quitting, from ``progress`` or ``pause``):
            # the facts computed since the last save are saved too, not computed again
            # at the next start. A failing save says nothing over the first error.
            with contextlib.suppress(HdtuiError):
                store.put_facts(namespace, batch)
            raise
        store.put_facts(namespace, batch)
        self._done_pending()

    def _done_pending(self) -> None:
        """No fact is being computed any more (``overview_so_far``)."""
        with self._lock:  # (both together: it pairs each share with its count)
            self._pending, self._computed = [], []

    def _count_far(self, far: FarCounter, todo: RowsAt, issues: str,
                   vocabulary: dict[int, frozenset[str]], learnt: Mapping[str, list[str]],
                   wait: Pause, progress: Progress | None) -> RowsAt:
        """Have ``far`` compute and save the facts of ``todo``, in shares (one a process);
        take in the facts it sends back as saved facts are taken in (``_load_saved``).
        Returns the rows it left (not cached, a process that died): computed here. The
        interpreter the UI shares only decodes facts (docs/insight.md, "Session 22: the
        count after a first open, in processes of its own")."""
        index = self.triage.known_issues()
        count = max(1, far.processes)
        size = -(-len(todo) // count)
        shares = [share for share in (todo[n * size:(n + 1) * size] for n in range(count))
                  if len(share)]
        sizes = todo.columns.size
        job = CountJob(self.triage.source.identity, RULES_VERSION, tuple(index.issues),
                       index.export(), dict(vocabulary), issues, self._clock().date(),
                       FAR_EVERY, self._ours(), self._relays())
        with self._lock:
            self._pending, self._computed = shares, [0] * len(shares)
        batches = far.count(job, [list(zip(share.each_key(),
                                           map(sizes.__getitem__, share.positions),
                                           strict=True)) for share in shares])
        done = 0
        try:
            for batch in batches:
                wait()
                rows = batch.rows
                decoded = decode_rows([row[4] for row in rows])
                with self._lock:
                    for (key, size, _, fingerprint, _), found in zip(rows, decoded,
                                                                      strict=True):
                        if found is not None:  # else computed here after
                            self._facts[key] = (size, fingerprint, found)
                    self._changes += 1
                    self._computed[batch.share] += batch.processed
                done += batch.processed
                if progress is not None:
                    progress(done, len(todo))
        finally:
            batches.close()  # (a quit: the processes end; what they saved stays)
            self._done_pending()
        if far.stopped:  # the app is ending: the rest is not counted
            raise CountStopped  # here (the next start counts it), as a read's rest is not
        with self._lock:
            return self._stale(todo, issues, learnt)

    def load_saved(self) -> None:
        """Decode the facts saved by an earlier session now, if not yet (``hdtui stats``
        does it while its mailbox is listed in a child: docs/insight.md, "Session 15:
        stats --json at 100,000"); ``facts`` does it when first called otherwise."""
        with self._computing:
            if not self._loaded:
                self._load_saved(self.triage.source.identity)

    def saved_facts(self) -> list[ReportFacts]:
        """The facts known so far, in the order ``facts`` gives them: its result when no
        message is new, gone or stale (``hdtui stats`` clusters them ahead while it waits
        for its mailbox's delta: docs/insight.md, "Session 18: stats --json at
        100,000")."""
        with self._lock:
            return self._facts.all_facts()

    def forget(self, keys: Sequence[str]) -> None:
        """Drop the facts known of ``keys`` (their messages read again differ: decrypted
        now), so that the next count computes them again."""
        with self._lock:
            for key in keys:
                if self._facts.pop(key, None) is not None:
                    self._changes += 1

    def _stale(self, rows: RowsAt, issues: str,
               learnt: Mapping[str, list[str]]) -> RowsAt:
        """The rows whose facts are not known as they are now
        (``_current``; call with the lock held). No word learnt: each row's known size
        and fingerprint compared with its size and the issues' in C, not a Python call or
        two a row (docs/insight.md, "Session 15: stats --json at 100,000")."""
        keys, sizes = rows.columns.keys, rows.columns.size
        if learnt:
            return rows.where(lambda p: not self._current(keys[p], sizes[p], issues, learnt))
        facts = self._facts
        known = facts.marks_at(facts.held_of(keys, rows.positions))
        return rows.chosen(map(ne, known, zip(map(sizes.__getitem__, rows.positions),
                                              repeat(issues))))

    def _current(self, key: str, size: int, issues: str,
                 learnt: Mapping[str, list[str]]) -> bool:
        """Whether the facts known of a message are of its current size, issues and learnt
        words (call with the lock held)."""
        known = self._facts.get(key)
        if known is None or known[0] != size:
            return False
        if not learnt:  # no word learnt: every report's fingerprint is the issues' (its
            return known[1] == issues  # words not read: docs/insight.md, "Session 12")
        return known[1] == learnt_fingerprint(issues, learnt, known[2].words)

    def vocabulary(self) -> dict[int, frozenset[str]]:
        """The words the known issues learnt from the reports linked to them (GitLab
        notes cite them), among the facts known so far (docs/insight.md)."""
        links = self.tracker.links() if self.tracker is not None else []
        cited = frozenset((link.reference, link.iid) for link in links)
        with self._lock:
            token = (len(self._facts), self._changes, hash(cited))
            if self._vocabulary is not None and self._vocabulary[0] == token:
                return self._vocabulary[1]
            # No report cited: nothing learnt, and no pass over every report's facts.
            known = self._facts.all_facts() if cited else []
        found = linked_vocabulary(known, links)
        self._vocabulary = (token, found)
        return found

    def counting_day(self, known: Iterable[ReportFacts] | None = None) -> date:
        """The day the counts run to, the last day of "this week": today, or in the demo
        (``as_of_newest``: its mail is fixed in time) the newest of ``known``, by default
        the facts known so far (never computes facts). Hot topics, the known-issues pane,
        the alert and an issue's draft all count to it (docs/insight.md)."""
        today = self._clock().date()
        if not self.as_of_newest:
            return today
        if known is None:
            with self._lock:
                known = self._facts.all_facts()
        return latest_day(known) or today

    def with_likely(self, counts: Mapping[int, ReportCount]) -> dict[int, ReportCount]:
        """The tracker's counts with the likely reports added, from the facts known so far
        (never computes facts: the start-up worker and hot topics do). Unchanged while no
        fact is known. While the queue is still being counted (``counting``) each count
        says so: its numbers are of the reports counted so far; after a failed count
        (``count_failed``) each says that instead. Waits for an overview being computed
        before it counts (``with_likely_or_later`` does not)."""
        found = self._marked(self._with_likely(counts, wait=True))
        assert found is not None  # (made when it waits)
        return found

    def with_likely_or_later(self, counts: Mapping[int, ReportCount]
                             ) -> tuple[dict[int, ReportCount], bool]:
        """``with_likely``'s counts and False, or, while an overview is computed and the
        likely counts are not made yet, the tracker's counts marked ``counting`` and
        True: ask again once ``overview_done`` says none is computed (the report pane;
        docs/insight.md, "Session 27: the report pane's counts not made beside an
        overview")."""
        found = self._marked(self._with_likely(counts, wait=False))
        if found is None:
            return {iid: count._replace(counting=True) for iid, count in counts.items()}, True
        return found, False

    def overview_done(self, timeout: float) -> bool:
        """Whether no overview is computed now, waiting up to ``timeout`` seconds for the
        one computed to end."""
        if not self._overviewing.acquire(timeout=timeout):
            return False
        self._overviewing.release()
        return True

    def _marked(self, found: dict[int, ReportCount] | None) -> dict[int, ReportCount] | None:
        """``found`` marked ``counting`` or ``failed`` as ``with_likely`` says."""
        if found is None:
            return None
        if self.counting or self.links_outdated:
            return {iid: count._replace(counting=True) for iid, count in found.items()}
        if self.count_failed:
            return {iid: count._replace(failed=True) for iid, count in found.items()}
        return found

    def _with_likely(self, counts: Mapping[int, ReportCount], wait: bool = True
                     ) -> dict[int, ReportCount] | None:
        """The counts with the likely reports; None when ``wait`` is False and they must
        be made while an overview is computed."""
        with self._lock:
            if not self._facts:  # a start's first reports shown: no walk of the queue
                return dict(counts)
        rows = self.triage.rows()
        with self._lock:  # saved facts of messages gone since do not count
            # The queue's keys one at a time, each looked up: a set of every key (11 MB
            # at 100,000 messages, 16 MB at its peak) was the warm start's peak of memory
            # right after the whole queue (docs/benchmarks.md, "Session 20: the warm
            # queue at 100,000"). The order does not count: numbers come out.
            facts = self._facts
            known = list(filter(None, facts.facts_at(facts.held_of(rows.columns.keys,
                                                                   rows.positions))))
            token = (len(known), self._changes)
        if not known:
            return dict(counts)
        links = self.tracker.links() if self.tracker is not None else []
        key = (*token, frozenset(links))
        if self._stats is None or self._stats[0] != key:
            if not self._overviewing.acquire(blocking=wait):
                return None  # made once the overview is (``with_likely_or_later``)
            try:
                self._stats = (key, *self._likely_stats(known, links))
            finally:
                self._overviewing.release()
            # What the count made and dropped handed back, as after an overview: kept by
            # the C heap, it lay under the next overview's peak (docs/insight.md,
            # "Session 27: the report pane's counts not made beside an overview").
            give_back()
        _, stats, in_window = self._stats
        result = {}
        for iid, count in counts.items():
            found = stats.get(iid)
            # The window's links only, as hot topics counts them (fix28a: the pane said
            # "4 likely" of the whole mailbox where hot topics said 3 of its 8 weeks).
            linked = in_window.get(iid, ReportCount())
            # The tracker counts every link; an outside account's to an ID this mailbox
            # never received is not (``IssueStats.unheld``), nor one to a report on a
            # version no release has (``IssueStats.unreleased_linked``), nor a resend of
            # a linked report (``IssueStats.linked_users``: users, as likely counts).
            result[iid] = count._replace(total=linked.total, this_week=linked.this_week,
                                         likely=0) if found is None else ReportCount(
                max(linked.total - found.unheld - len(found.unreleased_linked)
                    - len(found.linked_resent), found.linked_users), found.this_week,
                len(found.likely),
                count.pending, unread=count.unread, left_out=count.left_out,
                notes=found.caveats)
        return result

    def _likely_stats(self, known: list[ReportFacts], links: list[IssueLink]
                      ) -> tuple[dict[int, IssueStats], dict[int, ReportCount]]:
        """The issues' numbers of the queue's facts ``known`` and ``links``, as the report
        pane shows them, and the links' counts: of the window hot topics counts (the
        ``WEEKS`` weeks to ``counting_day``), selected as ``overview`` selects them
        (``window_start``, ``in_window``, the links dated by their reports and vetted
        among the window's reports), so that the pane and the alert say hot topics'
        numbers (fix28a; docs/insight.md, "Session 28: numbers of the window")."""
        today = self.counting_day(known)
        history = counted_in(known, today)
        start = window_start(today, WEEKS)
        chosen = in_window(history, start)
        window_links = [link for link in dated_by_reports(links, known)
                        if start <= link.received <= today]
        # The releases overview counts with: a forged 9.9 is no user here either.
        releases, old = self.dated_feed(known, today)
        releases = releases or releases_seen(history)
        del history
        return issue_stats(vetted(chosen, window_links), window_links, today, WEEKS,
                           unreleased=unreleased(chosen, releases, not old,
                                                 (link.reference for link in window_links),
                                                 today)), \
            count_reports(window_links, today)

    def claims_unreleased(self, key: str) -> str:
        """``<ID> claims Tails 9.9, which no release has`` when the message of ``key`` is a
        report on a version no release has, judged with the releases the counts use
        (``_with_likely``); "" otherwise, or while its facts are not known. The report
        pane's link dialog says it, as the ``l`` preview does (walk24b's item 2)."""
        with self._lock:
            facts = self._facts.facts_of(key)
            if facts is None or not facts.version:
                return ""
            known = self._facts.all_facts()
        today = self.counting_day(known)
        releases, old = self.dated_feed(known, today)
        releases = releases or releases_seen(counted(known))
        # An old copy of the feed judges by the releases that can have come since
        # (``beyond_releases``), as the counts do.
        return claims_said(facts) if releases \
            and beyond_releases(facts.version, releases, not old, today) else ""

    def _contradicted(self, known: Sequence[ReportFacts], changes: int,
                      links: Sequence[IssueLink],
                      chosen: Sequence[ReportFacts] | None = None) -> set[str]:
        """``contradicted`` of the queue's counted facts (``known``, computed ``changes``
        times; ``chosen``: ``counted(known)`` when the caller has it) and ``links``, kept
        until either changes: the issues' numbers and the filter judge alike, once (it
        reads every likely report's journal errors)."""
        token = (len(known), changes, frozenset(links))
        if self._doubted is None or self._doubted[0] != token:
            self._doubted = (token, contradicted(
                counted(known) if chosen is None else chosen, links))
        return self._doubted[1]

    def issue_keys(self, iid: int) -> frozenset[str]:
        """The messages of the queue linked to issue ``iid`` (a GitLab note cites them) or
        likely for it (their confident best match, linked to no issue and not contradicted
        by their journal: ``contradicted``), as the issues pane counts them: the queue
        filter's ``issue:#N``. Likely ones, and support mail linked, are known once the
        queue is counted (docs/filter.md); never computes facts."""
        rows = self.triage.rows()
        with self._lock:
            facts = dict(self._facts.facts_items())
            changes = self._changes
        links = self.tracker.links() if self.tracker is not None else []
        linked = {link.reference for link in links if link.iid == iid}
        anywhere = {link.reference for link in links}
        # Confident matches the journal contradicts are not likely (rules v50), judged as
        # ``with_likely`` counts, once for both.
        doubted = self._contradicted(
            [facts[key] for key in rows.each_key() if key in facts], changes, links)
        found: set[str] = set()
        for row in rows:
            fact = facts.get(row.key)
            if fact is not None:
                reference = fact.reference
            else:
                try:
                    reference = report_reference(row.report_id) if row.report_id else ""
                except ValueError:  # not a WhisperBack ID: cited by nothing
                    reference = ""
            likely = fact is not None and fact.likely[:1] == (iid,) and \
                fact.kind in COUNTED_KINDS and fact.reference not in anywhere and \
                fact.reference not in doubted
            if likely or (reference and reference in linked):
                found.add(row.key)
        return frozenset(found)

    def _load_saved(self, namespace: str, wait: Pause | None = None) -> None:
        """Facts saved by an earlier session (of these rules; others are computed again);
        ``wait`` is called before each page."""
        saved = HeldFacts()
        rows = self.triage.store.facts(namespace, RULES_VERSION)
        wait = wait or _go_on

        def pages(rows: Iterator[tuple[str, int, int, str, str]]
                  ) -> Iterator[tuple[str, tuple[int, str, ReportFacts]]]:
            while True:
                wait()  # (the store's lock is held while a page is read only)
                page = list(islice(rows, LOAD_PAGE))
                if not page:
                    break
                # Decoded a page at a time, shared as they are decoded (docs/insight.md,
                # "Session 12: `hdtui stats --json` at 100,000").
                for (key, size, _, fingerprint, _), found in zip(
                        page, decode_rows([row[4] for row in page]), strict=True):
                    if found is not None:  # else a damaged row (not JSON, not facts):
                        yield key, (size, fingerprint, found)  # computed again

        saved.update_all(pages(rows))
        with self._lock:
            if self._facts:
                self._facts.update_all(saved.items())
            else:  # (most starts: no second copy of 100,000 facts' places made)
                self._facts = saved
            self._changes += 1
        self._loaded = True
        del saved, rows
        give_back()  # the pages' rows and JSON read, dropped

    def overview(self, progress: Progress | None = None, since: date | None = None,
                 releases: Sequence[tuple[str, date]] = (),
                 counts_only: bool = False, then_whole: bool = False) -> Overview:
        """Counts, hot topics, clusters and regressions as of today (``counts_only``: the
        quick part, see domain.insight.overview; ``then_whole``: the whole overview comes
        next, which keeps these counts if the facts are the same)."""
        return self._overview(self.facts(progress), since, releases, counts_only,
                              then_whole)

    def counts_now(self) -> Counted:
        """The queue's counts (``counts_only``: no new problems) with the facts they count:
        what ``counts_since`` compares a later count with."""
        facts = self.facts()
        return Counted(facts, self._overview(facts, None, (), True, False))

    def counts_since(self, before: Counted,
                     linked: AbstractSet[tuple[int, str]] = frozenset()
                     ) -> tuple[Overview, Overview]:
        """The counts of ``before`` and the counts now, both of the messages both
        counted: a message read or gone in between is in neither. A link's "Also changed"
        compares them, and credited the link with mail that came meanwhile (docs/
        insight.md, "Session 26: what a link changed, and only that"). ``linked``: the
        links (issue, reference) made since ``before``, left out when it is counted again
        without a message gone meanwhile (else that count held the link already)."""
        keys = {f.key for f in before.facts}
        now = [f for f in self.facts() if f.key in keys]
        view = before.view
        if len(now) != len(before.facts):  # some gone meanwhile: counted again without
            still = {f.key for f in now}
            view = self._overview([f for f in before.facts if f.key in still], None, (),
                                  True, False, linked)
        return view, self._overview(now, None, (), True, False)

    def overview_of(self, facts: Sequence[ReportFacts],
                    unlinked: AbstractSet[tuple[int, str]] = frozenset()) -> Overview:
        """The whole overview (``overview``'s) of these facts only, without the links of
        ``unlinked`` (issue, reference): hot topics' ``l`` counts the messages its view
        counted again after a link, when mail was read meanwhile, before the link as
        without it (``moved.of_the_same_messages``)."""
        return self._overview(list(facts), None, (), False, False, unlinked)

    def overview_so_far(self, wait: float = 0.0) -> Overview | None:
        """While another thread computes the facts (the start's background count, which
        reads 100,000 saved facts in seconds and computes new ones in minutes): the counts
        of the facts known so far, marked ``counting`` (known, queue's messages), after
        waiting up to ``wait`` seconds for that computation to end. None once none runs:
        ``overview`` then waits for nothing (docs/insight.md, "Hot topics during the
        start's count")."""
        free = self._computing.acquire(timeout=wait) if wait > 0 else \
            self._computing.acquire(blocking=False)
        if free:
            self._computing.release()
            return None
        now = set(self.triage.rows().each_key())
        with self._lock:  # not the old facts of those being ranked again: "N of M
            # known" counts N facts (the first form counted them all under "0 of M")
            pending = {key for share, done in zip(self._pending, self._computed,
                                                  strict=True)
                       for key in share[done:].each_key()}
            known = [f for key, f in self._facts.facts_items()
                     if key in now and key not in pending]
        view = self._overview(known, None, (), True, False)
        # N is the facts counted, so that the heading says what the numbers are of.
        return replace(view, counting=(len(known), len(now)))

    def _overview(self, facts: list[ReportFacts], since: date | None,
                  releases: Sequence[tuple[str, date]], counts_only: bool,
                  then_whole: bool,
                  unlinked: AbstractSet[tuple[int, str]] = frozenset()) -> Overview:
        with self._overviewing:  # (the report pane's counts wait: ``with_likely``)
            return self._overview_now(facts, since, releases, counts_only, then_whole,
                                      unlinked)

    def _overview_now(self, facts: list[ReportFacts], since: date | None,
                      releases: Sequence[tuple[str, date]], counts_only: bool,
                      then_whole: bool, unlinked: AbstractSet[tuple[int, str]]) -> Overview:
        links = self.tracker.links() if self.tracker is not None else []
        if unlinked:  # a count as it was before a link just made (``counts_since``)
            links = [link for link in links if (link.iid, link.reference) not in unlinked]
        issues = self.triage.known_issues().issues
        iids = [issue.iid for issue in issues]
        closed = closed_by(issues)
        today = self.counting_day(facts)
        feed_old = False  # releases given are the caller's to judge
        if not releases:
            releases, feed_old = self.dated_feed(facts, today)
        arguments = (links, iids, today, since, list(releases), feed_old, closed)
        # The hot topics screen asks for the counts, then for everything: of the same
        # facts (the very objects: a message read meanwhile makes new ones), the counts
        # are kept, not made again (0.3 s of CPU at 100,000: docs/benchmarks.md,
        # "Session 20: hot topics on screen at 100,000").
        last, self._counts = self._counts, None
        counted = last[2] if last is not None and not counts_only and last[1] == arguments \
            and len(last[0]) == len(facts) and all(map(is_, last[0], facts)) else None
        left_out = self.tracker.links_left_out() if self.tracker is not None else {}
        found = overview(facts, links, today, releases, since=since, iids=iids,
                         counts_only=counts_only, counted=counted, left_out=left_out,
                         feed_old=feed_old, closed=closed)
        if counts_only and then_whole:  # kept for the next call only (the shift start's
            # counts are not: held for the session, they would keep 100,000 facts' list)
            self._counts = (facts, arguments, found)
        # What the overview made and dropped (the clustering's: tens of MB at 100,000)
        # is handed back, not kept by the C heap for the rest of the session
        # (docs/insight.md, "Session 23: the memory handed back").
        give_back()
        return found

    def dated_feed(self, facts: Sequence[ReportFacts], today: date
                   ) -> tuple[list[tuple[str, date]], bool]:
        """``release_dates(facts)``, and whether the saved copy they come from is too old
        (``feed_copy_old``) to judge which versions no release has on ``today``: the copy
        read once."""
        if self.releases is None:
            return [], False
        try:
            result = self.releases.cached()
        except HdtuiError:
            return [], False
        return dated_releases(facts, result.state), feed_copy_old(result, today)

    def release_dates(self, facts: Sequence[ReportFacts],
                      state: ReleaseState | None = None) -> list[tuple[str, date]]:
        """Releases dated by the feeds' saved copy (or ``state``, feeds read otherwise: the
        demo's bundled snapshot): `dated_releases`; without a feed, none."""
        if state is None:
            if self.releases is None:
                return []
            try:
                state = self.releases.cached().state
            except HdtuiError:
                return []
        return dated_releases(facts, state)


class Counted(NamedTuple):
    """A count of the queue (``Insight.counts_now``): the facts, and their counts."""

    facts: list[ReportFacts]
    view: Overview


def feed_copy_old(result: FeedResult, today: date) -> bool:
    """Whether ``result`` lists releases from a copy fetched too long before ``today`` to
    tell which versions no release has (``regressions.feed_recent``, rules v81)."""
    return bool(result.state.releases) and not feed_recent(result.news_fetched, today)


def dated_releases(facts: Sequence[ReportFacts], state: ReleaseState) -> list[tuple[str, date]]:
    """The releases of the feeds' ``state`` with their dates; with no release in ``state``,
    the plausible versions enough reports show (`releases_seen`). A version only reports
    name never joins a feed's releases (rules v73): anyone can send reports naming any
    version, and three forged "9.9" reports became the newest release (docs/insight.md,
    "Session 23: numbers forged reports cannot bend")."""
    dated: dict[str, date] = {}
    for release in state.releases:
        try:
            dated[str(release.version)] = date.fromisoformat(release.date[:10])
        except ValueError:
            continue
    if not state.releases:
        dated.update(releases_seen(facts))
    return sorted(dated.items(), key=lambda r: (r[1], r[0]))
