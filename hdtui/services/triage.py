"""Provides Triage: the queue, reading, matching, replies and marks, without any UI.

Synchronous and blocking: the UI calls it from thread workers, the CLI directly.
Read-only skims are enforced here, not by hiding keys: every write raises
ReadOnlyError, except personal notes kept in the local store.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from hdtui.domain.claims import (
    CLAIM_FIELDS,
    ClaimNote,
    claim_message,
    claim_ref,
    claimant,
    claimed_by_text,
    names_by_ref,
    parse_claim,
)
from hdtui.domain.codec import from_data
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import ALSO_SET, Mark, MarkChange, Personal
from hdtui.domain.query import Hits, Query, document
from hdtui.domain.queue import (
    DECRYPT_STATES,
    ENCRYPTED_CODES,
    READING,
    DecryptState,
    Entry,
    ParsedLine,
    Row,
    disputes_id,
    keywords_of,
    marks_of_keywords,
    row_of_line,
)
from hdtui.domain.queue_columns import CHANGES_LIMIT, QueueColumns, RowsAt, find_position
from hdtui.errors import (
    ConflictError,
    ConnectionProblem,
    ForeignClaimError,
    HdtuiError,
    ReadOnlyError,
    SourceError,
    StoreError,
    TrackerError,
)
from hdtui.services.later import Later, ready
from hdtui.services.ports import (
    Crypto,
    FarCounter,
    FilesListed,
    IssueTracker,
    ListsInParcels,
    LiveMailbox,
    MailSource,
    SavedIndex,
    Store,
)
from hdtui.services.reading import FarReader, ReadBatch, Reader, cached_line

if TYPE_CHECKING:  # the matcher, the reply ranking and the message's classes are imported
    # when first used: a warm start's first frame needs none of them (docs/benchmarks.md,
    # "Warm start imports" and "Session 21: warm first rows")
    from array import array

    from hdtui.domain.issue import KnownIssue, SyncResult
    from hdtui.domain.mailbox_delta import Delta
    from hdtui.domain.matching import IssueIndex, Match
    from hdtui.domain.message import Message
    from hdtui.domain.reply import ReplyTemplate
    from hdtui.domain.reply_choice import ReplyChoice, Vetting

Replies = tuple[list["ReplyTemplate"], list[str]]
"""The standard replies and the problems of the files that could not be used
(``hdtui.replies.load_templates``)."""
Progress = Callable[[int, int], None]
RowsRead = Callable[[list[Row], bool], None]
"""Gets the rows of a batch read and cached, and whether more rows of the same read follow
(False: the read's result comes next; docs/live-changes.md)."""
SAVE_EVERY = 200
FAR_MIN = 400
"""Pending messages from which a first read runs in a process of its own (``FarReader``):
fewer are read here, since starting that process costs about as much as reading them."""
GLIMPSE = 300
"""How many of the newest messages a cold start shows from their headers alone, before
listing and reading the mailbox (docs/cold-start.md): more than a screen holds, and one
round trip."""
NEW_HEADED_MOST = 20
"""New messages of one resync shown from their headers before their bodies, at most (the
IDLE connection's PREFETCH_MOST: a larger burst is read as on a start)."""
TOUCHED_LIMIT = CHANGES_LIMIT
"""Messages changed in memory between reading the queue's rows and keeping its columns
beyond which they are not kept (``keep_columns``): the bound the cache keeps them by."""
_FAILED = DECRYPT_STATES.index(DecryptState.FAILED)
_DECRYPTED = DECRYPT_STATES.index(DecryptState.DECRYPTED)


class InboxResult(NamedTuple):
    """What loading the queue found."""

    rows: Sequence[Row]
    """The queue's rows (``RowsAt``: made when looked at), or with ``delta`` the rows
    changed."""
    from_cache: int
    parsed: int
    unreadable: tuple[str, ...]
    retry: tuple[SourceItem, ...] = ()
    """Cached messages that could not be decrypted last time: worth another try later."""
    pending: tuple[SourceItem, ...] = ()
    """Messages not read yet: in a snapshot, or after ``read_pending``, those another
    call was reading at the same time."""
    offline: str | None = None
    """Why the server could not be reached: the queue is the cached one."""
    listed: int = 0
    """Messages the listing found new or changed."""
    gone: int = 0
    """Messages the listing found gone."""
    partial: bool = False
    """Only the first rows of the queue (``Triage.head``): the whole queue follows."""
    delta: bool = False
    """``rows`` are only the messages that changed, ``gone_keys`` those removed: a resync
    of a queue already shown (``Triage.resync``; docs/live-changes.md)."""
    gone_keys: tuple[str, ...] = ()
    """With ``delta``: the messages the listing found gone."""
    missing: tuple[str, ...] = ()
    """Why a watched folder was not listed (the server does not have it): the others
    were; its cached messages stay as they were (docs/config.md)."""
    in_mailbox: int = 0
    """The messages the mailbox holds, when the queue does not show them all yet: a
    glimpse's (the SELECTs' EXISTS) and a listing's with messages left to read (its rows
    and its pending messages, each once); 0 otherwise (docs/cold-start.md)."""


class Triage:
    """The Help Desk's operations on one mailbox."""

    def __init__(
        self,
        source: MailSource,
        crypto: Crypto,
        store: Store,
        tracker: IssueTracker,
        templates: Sequence[ReplyTemplate] | Later[Replies],
        team_addresses: Iterable[str],
        read_only: bool = False,
        workers: int = 2,
        live: LiveMailbox | None = None,
        folder_kinds: Mapping[str, Kind] | None = None,
        helpdesk_addresses: Iterable[str] = (),
        saved_index: SavedIndex | None = None,
        claims_folder: str = "",
        member_name: str = "",
        mark_seen_on_open: bool = False,
        vetting: Vetting | None = None,
        far_reader: FarReader | None = None,
        system_subjects: Iterable[str] = (),
        far_counter: FarCounter | None = None,
        relay_addresses: Iterable[str] = (),
        own_addresses: Iterable[str] | None = None,
    ) -> None:
        self.source = source
        self.helpdesk_addresses = tuple(helpdesk_addresses)
        self.own_addresses = self.helpdesk_addresses if own_addresses is None \
            else tuple(own_addresses)
        """The Help Desk's own addresses as every count takes them: ``[queue]
        helpdesk_addresses`` and the address replies are sent from (``[smtp]
        from_address``: ``wiring.own_addresses_of``; docs/insight.md, "Session 27:
        walkfix27b"). The queue's kinds (an [FT] thread's team answers) still take
        ``helpdesk_addresses`` alone."""
        self.relay_addresses = tuple(relay_addresses)
        """The lists that pass users' mail on under their own address (the bugs list): no
        user's contact (``report_facts``'s ``relays``), their mail still a user's."""
        self.vetting = vetting
        """Whose issue text may be offered as a reply (docs/replies.md); None: every
        issue's (issues from a file, not from GitLab)."""
        self.far_reader = far_reader
        """Reads many pending messages in a process of its own (None: all read here)."""
        self.far_counter = far_counter
        """Computes many reports' facts in processes of their own (``Insight``; None: all
        computed in this one)."""
        self.saved_index = saved_index
        """Where the known-issue index is kept between runs (None: analysed each time)."""
        self.decrypted_later: list[Callable[[Sequence[str]], None]] = []
        """Told the keys of messages ``retry`` decrypted now: what was known of them as
        undecryptable (the counts' facts) is stale (``Insight.forget``)."""
        self.reader = Reader(source, crypto, team_addresses, folder_kinds,
                             self.helpdesk_addresses,
                             system_subjects)
        self.store = store
        self.tracker = tracker
        self._replies: Later[Replies] = templates if isinstance(templates, Later) \
            else ready((list(templates), []))
        """The standard replies, read when first asked for: wiring reads them after the first
        frame (docs/benchmarks.md, "Session 14: warm first rows")."""
        self.read_only = read_only
        self.workers = max(1, workers)
        self.live = live
        self._rows = QueueColumns()
        """Every message read, by key: the queue, in columns (a Row is made for the one
        asked for; docs/queue-columns.md)."""
        self._queue_lock = threading.RLock()
        self._claiming = threading.Lock()
        """Held while the claim key's press is decided and applied (``toggle_mark``)."""
        """Held while the queue changes: a listing (snapshot) and a message being added
        (reading runs outside it, so a long first sync never blocks a claim)."""
        self._glimpse_lock = threading.Lock()
        """Held through a glimpse: a second one waits for the first and is given its rows."""
        self._unshown: InboxResult | None = None
        """A glimpse's rows that no first frame took (it came too late): the next glimpse
        returns them (docs/cold-start.md, "Rows from the newest headers")."""
        self._pending: dict[str, SourceItem] = {}
        """Messages listed but not read yet."""
        self._reading: set[str] = set()
        """Messages a ``read_pending`` call is reading now."""
        self.read_here = 0
        """Messages read (fetched, parsed, cached) and put in the queue by this process,
        whichever call read them, each once: the status line's "M read". Only a message
        taken out of ``_pending`` counts: reading one again (``retry``, or ``full`` on an
        older cache's entry) does not (docs/cold-start.md, "What the status line says")."""
        self._unsaved: dict[str, Entry] = {}
        """Messages ``_read`` put in the queue whose entries wait to be cached with the
        rest of their batch: ``full`` gives these rather than reading them again (the
        counting asked for them meanwhile and read each twice)."""
        self._offline = False
        """The last listing found the server out of reach (``first_read``)."""
        self._parcels_lock = threading.Lock()
        """Held while the listing's parcels are switched on or off (``prepare_read``)."""
        self._part_lock = threading.Lock()
        """Held while a part of the listing is saved and given (``_listed_part``)."""
        self._listed_once = False
        """A listing has ended: no parcels for the reading processes any more."""
        self._parcels: dict[str, SourceItem] = {}
        """Listed by a first listing still under way and not saved yet: held until FAR_MIN
        are listed, then saved to the cache and handed to the reading processes
        (``_listed_part``)."""
        self._saved: dict[str, SourceItem] = {}
        """What the parcels saved to the cache (the whole listing's save leaves it out)."""
        self._given = False
        """Parcels were handed to the reading processes: the next read goes to them."""
        self._watches: dict[threading.Event, threading.Event] = {}
        """The stop events of the ``watch`` calls running now (``stop_watching``), each
        with the event its call sets as it returns (``await_watches``)."""
        self._loaded = False
        self._asked: _Asked | None = None
        """The server asked while the cached queue is read (``_ask_while_loading``); kept
        for the next listing when the read failed (its delta is not asked twice)."""
        self._to_keep: tuple[int, QueueColumns, list[SourceItem]] | None = None
        """Columns read from the queue's rows, to keep in the cache (``keep_columns``):
        the cache's mark of the read (``Store.queue_rows_read``), the columns (tracking
        the keys that change) and the messages listed but not read then."""
        self._saved_version = -1
        self._overlay: dict[str, list[tuple[Mark, bool]]] = {}
        """Mark changes waiting in the outbox, by key (shown before the server has them)."""
        self._local_marks: dict[str, frozenset[Mark]] = {} if live is not None else {
            key: marks_of_keywords(" ".join(words)) for key, words in store.marks().items()}
        """The member's own marks, for a mailbox without shared keywords (kept up to date
        by toggle_mark)."""
        self._mine: set[str] = store.my_claims()
        """Messages this member claimed (the shared keyword does not say who)."""
        self._opened: set[str] = set()
        """Messages this member opened that the store already records (read by
        ``personal``): opening one again writes nothing."""
        if live is not None:
            saved = store.sync_state(self._state_key)
            if isinstance(saved, dict):
                live.restore_state(saved)
                # What the store holds is what was restored: a listing that finds nothing
                # changed writes nothing (a warm start wrote it back every time: a write
                # transaction of 12 ms in the worker before the whole queue,
                # docs/benchmarks.md, "Session 20: the warm queue at 100,000"). A state
                # not restored (damaged, older) or a folder dropped moves the version at
                # the listing, and it is written then.
                self._saved_version = live.state_version
        self._index: IssueIndex | None = None
        self._index_lock = threading.Lock()
        self.last_sync: SyncResult | None = None
        """What the last sync of the known issues (``refresh_known_issues``) changed."""
        self.issues_missing = ""
        """Why the known issues are none, or "" when they are known: no [tracker], a
        [tracker] that cannot work, GitLab out of reach or refusing with nothing cached.
        Said where matches would be, never as "no match" (docs/config.md)."""
        self._learnt: dict[int, frozenset[str]] = {}
        """Words the known issues learnt from their linked reports (``learn``)."""
        self._learnt_index: tuple[IssueIndex, IssueIndex] | None = None
        """(the index, that index with the learnt words)."""
        self.claims_folder = claims_folder if live is not None else ""
        """The shared claims folder, written with ``/`` ("": names are not recorded)."""
        self.member_name = member_name
        self.mark_seen_on_open = mark_seen_on_open
        """[queue] mark_seen_on_open: opening a message sets the shared \\Seen (never in a
        read-only skim; docs/marks.md)."""
        """This member's name in the claim messages (docs/marks.md, "Who claimed")."""
        self._claims_server: str | None = None
        """The claims folder as the server names it (asked once)."""
        self._claims_ready = False
        """The claims folder is known to exist (or was created)."""
        self._claims_off = ""
        """Why the claims folder cannot be used (said once); "" while it can."""
        self._claim_notes: dict[str, ClaimNote] = {}
        """The claim messages of the claims folder, by report ID and Message-ID."""
        self._notices: list[str] = []
        """What a claim or release did not do (the name not recorded), for the UI."""
        self.waiting_for_users: Callable[[], Mapping[str, float]] | None = None
        """The threads waiting for their user (set by the shift service, services/shift.py:
        docs/followups.md), for the queue's state column."""

    # -- the queue ------------------------------------------------------------------

    def inbox(self, progress: Progress | None = None,
              beside: Callable[[], object] | None = None) -> InboxResult:
        """Load every message: from the cache when known, else read, decrypt and parse.
        ``beside``: work of this process's (``hdtui stats``: the saved facts decoded), done
        while a local mailbox is listed and compared with the queue in a child forked from
        this one (``snapshot``)."""
        return self.read_pending(self.snapshot(beside), progress)

    def _load(self) -> None:
        """Read the queue the local store keeps (once: later listings update it).

        Rows are built straight from the stored tuples (no work per row), then the few
        messages with local marks or changes waiting in the outbox are patched."""
        if self._loaded:
            return
        self._refresh_overlay()
        self._use_queue(*self._read_queue())

    def _read_queue(self) -> tuple[QueueColumns, list[SourceItem], int | None]:
        """The cached queue's columns, the messages listed but not read yet, and the mark
        to keep the columns with (``keep_columns``), or None when they are not to be
        kept (``_load``)."""
        # No cyclic collection while the columns of 100,000 messages are filled: each
        # full pass would walk every object of the UI, for strings that hold no cycles
        # (docs/benchmarks.md, "Warm start at 100,000").
        collecting = gc.isenabled()
        gc.disable()
        try:
            namespace = self.source.identity
            kept = self.store.queue_columns(namespace)
            if kept is not None:  # a few milliseconds, against the rows' 0.25 s and more
                columns, unread = kept
                return columns, unread, None
            return self._rows_read(namespace)
        finally:
            if collecting:
                gc.enable()

    def _rows_read(self, namespace: str) -> tuple[QueueColumns, list[SourceItem], int | None]:
        """The queue's columns filled from the cache's rows, the messages listed but not
        read, and the cache's mark of the read (None for an empty queue: nothing to keep)."""
        generation = self.store.queue_rows_read(namespace)
        columns = QueueColumns()
        unread: list[SourceItem] = []
        self.store.queue_pages(namespace, columns.extend, unread)
        columns.filled()
        # (a first start's queue is empty: its read is next)
        if not len(columns) or generation is None:
            return columns, unread, None
        columns.sort_every()  # kept too: the next start's view does not sort
        return columns, unread, generation

    def keep_columns_for_next_start(self) -> bool:
        """(``hdtui sync``, at its end) Leave the queue's columns kept in the cache, so
        that the TUI's next start reads them instead of every row: the columns read from
        the rows at this process's start (``keep_columns``), or, when none were (a first
        sync, whose queue was empty then; columns dropped because the sync changed more
        than the cache records) and none are kept now, the rows read again and kept. A
        TUI started after a sync read the rows (0.3-0.6 s of CPU before the whole queue at
        100,000 messages) and kept the columns only then (docs/queue-columns.md, "Kept
        after a sync"). False when nothing is kept (an empty queue, another writer in
        between)."""
        if self.keep_columns():
            return True
        namespace = self.source.identity
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self.store.queue_columns(namespace) is not None:
                return True  # kept, and the cache records what changed since
            columns, unread, generation = self._rows_read(namespace)
        except StoreError:  # only the next start's speed is lost: it reads the rows
            return False
        finally:
            if collecting:
                gc.enable()
        if generation is None:
            return False
        return self.store.keep_columns(namespace, generation, columns, unread)

    def _use_queue(self, columns: QueueColumns, unread: list[SourceItem],
                   generation: int | None) -> None:
        """Hold the queue ``_read_queue`` read, the local marks and outbox on it."""
        if generation is not None:
            columns.track(TOUCHED_LIMIT)  # what changes before they are kept
            self._to_keep = (generation, columns, list(unread))
        self._rows = columns
        self._pending = {item.key: item for item in unread}
        self._patch(self._local_marks.keys() | self._overlay.keys())
        self._loaded = True

    def _queue_read_in_child(self, parent: int) -> bytes | None:
        """(``_ListedInChild``'s work, in the child) the queue read as ``_load`` reads it
        and held for the listing to compare, given back as read (pickled before the local
        marks are patched on it: the parent patches them as ``_load`` does). The child
        reads through a connection to the cache of its own (SQLite's is not to be used
        across a fork); made here after all (no child), the queue is this process's and
        nothing is given back."""
        import pickle

        in_child = os.getpid() != parent
        if in_child:
            self.store.reopen_cache()
        columns, unread, generation = self._read_queue()
        read = pickle.dumps((columns.state(), unread, generation),
                            pickle.HIGHEST_PROTOCOL) if in_child else None
        self._use_queue(columns, unread, generation)
        return read

    def _queue_read_beside(self, asked: _ListedInChild) -> None:
        """The queue a child read (``_queue_read_in_child``) held here, as ``_load`` holds
        it; nothing when it was read here after all. Its pickled bytes are let go once
        loaded, and each loaded array once copied into the columns (no copy of it made
        first): at 100,000 messages, the bytes, the arrays, their copies and the columns
        were held at once, the peak of ``hdtui stats`` (docs/benchmarks.md, "Session 26:
        stats --json's peak at 100,000, the listing")."""
        import pickle

        read = asked.take_queue()
        if self._loaded or read is None:
            return
        (arrays, data), unread, generation = pickle.loads(read)
        del read
        columns = QueueColumns.restore(data, _each_taken(arrays))
        self._use_queue(columns, unread, generation)

    def keep_columns(self) -> bool:
        """Keep the columns the last ``snapshot`` read from the queue's rows in the cache,
        for the next start to read instead of the rows (docs/queue-columns.md, "Kept in
        the cache"), as they are now, with the keys changed since the read (in memory:
        the listing, messages read, marks; in the cache, by any writer) recorded for the
        next start to read their rows again; not when more than TOUCHED_LIMIT changed in
        memory (the next start reads the rows and tries again). Called once the queue is
        shown, and its new messages read: writing 10.9 MB at 100,000 messages (and
        SQLite's checkpoint, its fsyncs) took 0.1-1.5 s of wall time before the whole
        queue (docs/benchmarks.md, "Session 12"). The queue's lock is held while the
        columns are written as they are (no copy)."""
        with self._queue_lock:
            to_keep, self._to_keep = self._to_keep, None
            if to_keep is None:
                return False
            generation, columns, unread = to_keep
            touched = columns.touched()
            if columns is not self._rows or touched is None:
                return False
            if touched:
                columns.sort_every()  # the order read is of the rows before the changes
            return self.store.keep_columns(self.source.identity, generation, columns,
                                           unread, touched)

    def head(self, limit: int = 200) -> InboxResult:
        """The first rows of the cached queue in the default order, from an index, without
        reading the rest and without the network: what the first frame shows (a few
        milliseconds at 100,000 messages). ``snapshot`` then reads the whole queue."""
        self._refresh_overlay()
        rows = [row_of_line(line) for line in self.store.queue_head(self.source.identity, limit)]
        rows = [row._replace(keywords=self._keywords(row.key, row.keywords)) for row in rows]
        return InboxResult(rows, len(rows), 0, (), partial=True)

    def glimpse(self, limit: int = GLIMPSE) -> InboxResult | None:
        """Provisional rows of the newest messages, from their headers alone, when the
        local queue is empty (a first start on a mailbox: docs/cold-start.md); None when
        the queue has rows or the source cannot list headers first. The rows are marked
        still reading (Row.provisional) and stay in the queue until their bodies are read;
        the listing (``snapshot``) and ``read_pending`` follow as usual, newest first."""
        with self._glimpse_lock:
            if self._unshown is not None:
                late, self._unshown = self._unshown, None
                return late
            self._unshown = self._glimpse(limit)
            return self._unshown

    def glimpse_shown(self) -> None:
        """The last glimpse's rows are on screen: the next glimpse does not return them."""
        with self._glimpse_lock:
            self._unshown = None

    def _glimpse(self, limit: int) -> InboxResult | None:
        newest = getattr(self.source, "newest", None)
        if newest is None:
            return None
        with self._queue_lock:
            if not self._loaded and self.store.queue_head(self.source.identity, 1):
                # Rows are cached: the listing reads them, the server asked meanwhile.
                return None
            self._load()
            if self._rows:
                return None
        found: list[tuple[SourceItem, Message]] = newest(limit)
        rows = [self._provisional(item, message) for item, message in found]
        with self._queue_lock:
            for row in rows:
                self._rows.setdefault(row.key, row)
        return InboxResult(rows, 0, 0, (), partial=True,
                           in_mailbox=getattr(self.source, "glimpsed_of", 0))

    def _provisional(self, item: SourceItem, message: Message) -> Row:
        """A row from a message's headers alone, marked still reading (Row.provisional)."""
        row = Entry(message, self.reader.kind_of(message), None, DecryptState.READING).row(item)
        return row._replace(keywords=self._keywords(item.key, row.keywords))

    def _head_new_mail(self, delta: Delta) -> None:
        """Provisional rows for the new messages of a resync whose header fields the IDLE
        connection read before their bodies (``new_headers``): new mail is shown at once,
        its body read after as any pending message's. On a Maildir the first opening of
        a new file makes Dovecot read every name in cur/ (0.2-1.1 s at 100,000 messages);
        its header fields come from Dovecot's cache (docs/live-changes.md, "A row before
        the body")."""
        new_headers = getattr(self.source, "new_headers", None)
        if new_headers is None or not self._pending:
            return
        waiting = [item for item in delta.listed
                   if item.key in self._pending and item.key not in self._rows]
        if not waiting or len(waiting) > NEW_HEADED_MOST:
            return
        heads: dict[str, Message] = new_headers(waiting)
        for item in waiting:
            message = heads.get(item.key)
            if message is not None:
                self._rows[item.key] = self._provisional(item, message)

    def _keywords(self, key: str, listed: str) -> str:
        """The marks to show for a message, as keywords: those listed on the server with
        the outbox's changes on top, or the member's local marks."""
        if self.live is None:
            return keywords_of(self._local_marks.get(key, ()))
        changes = self._overlay.get(key)
        if not changes:
            return listed
        words = set(listed.split())
        for mark, add in changes:
            if add:
                words.add(mark.value)
            else:
                words.discard(mark.value)
        return " ".join(sorted(words))

    def _patch(self, keys: Iterable[str]) -> None:
        for key in keys:
            row = self._rows.get(key)
            if row is not None:
                self._rows[key] = row._replace(keywords=self._keywords(key, row.keywords))

    def _refresh_overlay(self) -> None:
        overlay: dict[str, list[tuple[Mark, bool]]] = {}
        for change in self.outbox() if self.live is not None else ():
            overlay.setdefault(change.key, []).append((change.mark, change.add))
        self._overlay = overlay

    def prepare_read(self) -> None:
        """On a first start (the queue holds only rows from headers, or an interrupted
        first read left FAR_MIN messages or more), start the far reader's processes now:
        their start and login then overlap the listing (docs/cold-start.md, "Children
        started ahead"). Nothing otherwise, nor once a read has started.

        Without the queue's lock: the listing holds it for seconds, and this is meant to
        run while it does. The rows are looked at only when a glimpse's few are all there
        is (a copy, taken at once)."""
        if self.far_reader is None or not self._loaded or self._reading:
            return
        if self._first_to_read():
            self.far_reader.prepare(self.reader, self.workers, SAVE_EVERY, self.read_only)
            live = self.live
            if not self._pending and isinstance(live, ListsInParcels):
                with self._parcels_lock:
                    if not self._listed_once:  # the first listing runs, or is to come
                        live.listen(self._listed_part)

    def _listed_part(self, items: Sequence[SourceItem]) -> None:
        """A part of a first listing (in the listing's thread): once FAR_MIN messages are
        listed, what is listed goes to the cache and to the reading processes, newest
        first, while the listing goes on (docs/cold-start.md, "Parcels while the listing
        runs"). Saved first: a process's read updates only a row the cache already has.
        A part listed again (the listing repeated after a lost connection) is saved again
        and not given again."""
        with self._part_lock:  # the listing's thread, and prepare_read's with the parts so far
            held, saved = self._parcels, self._saved
            held.update((item.key, item) for item in items if saved.get(item.key) != item)
            if self.far_reader is None or len(held) + len(saved) < FAR_MIN:
                return
            parcel = sorted(held.values(), key=_newest_first, reverse=True)
            try:
                self.store.apply_listing(self.source.identity, parcel, ())
            except HdtuiError:
                return  # kept for the next part, or saved with the whole listing
            held.clear()  # (only this part's: a whole part's cost, not the listing's)
            saved.update((item.key, item) for item in parcel)
            self._given = self.far_reader.give(parcel) or self._given

    def _first_to_read(self) -> bool:
        """A first read is coming: FAR_MIN messages or more listed and not read, or the
        queue holds only a glimpse's rows from headers (nothing listed yet)."""
        return len(self._pending) >= FAR_MIN or (
            0 < len(self._rows) <= GLIMPSE
            and all(row.decrypt_code == READING for row in list(self._rows.values())))

    def first_read(self) -> bool:
        """A first read of the mailbox is coming or under way (FAR_MIN messages or more,
        or a glimpse's rows alone): the work that would read messages in this process
        meanwhile (the shift-start screen's hot topics) waits for its end instead of
        taking the reading processes' cores (docs/benchmarks.md, "Session 13: the cold
        read's parent")."""
        if self._offline and not self._reading:
            return False  # none comes before the link is back: the screen counts now
        return len(self._reading) >= FAR_MIN or self._first_to_read()

    def _listing(self) -> Delta:
        """What changed in the source: the server says so (IMAP); a local mailbox is
        listed whole and compared with the queue."""
        if self.live is not None:
            return self.live.changes()
        items = self.source.list()
        known = self._rows
        # The queue's positions by key, then its size and seen columns: one pass over
        # the keys, where a Row looked up by key for each listed message (a bisection,
        # then a Row made) was half of a warm ``hdtui stats`` at 100,000 (docs/insight.md,
        # "Session 13: stats --json at 100,000").
        live = list(known.keys.live_positions())
        where = dict(zip(known.keys.keys(live), live, strict=True))
        sizes, seen = known.size, known.seen
        listed = []
        for item in items:
            position = where.get(item.key)
            if position is None:
                waiting = self._pending.get(item.key)
                if waiting is None or waiting.size != item.size or waiting.seen != item.seen:
                    listed.append(item)
            elif sizes[position] != item.size or seen[position] != item.seen:
                listed.append(item)
        keys = {item.key for item in items}
        gone = [key for key in (*where, *self._pending) if key not in keys]
        from hdtui.domain.mailbox_delta import Delta  # not before the first frame

        return Delta(listed, gone)

    def snapshot(self, beside: Callable[[], object] | None = None) -> InboxResult:
        """The queue as the cache knows it, updated by a listing of what changed, without
        decrypting anything (fast: start-up). Messages not read yet are in ``pending``;
        pass the result to ``read_pending`` to read them. Two at once (a reload while IDLE
        announces a change) run one after the other.

        ``beside`` (a command-line process only, never the TUI's: ``hdtui.forked``) is
        called once the cached queue is read, while a local mailbox whose listing makes
        an index of its files (a Maildir) is listed and compared with the queue in a
        forked child: only the delta and the index come back (docs/insight.md, "Session
        15: stats --json at 100,000"). Without it, the listing is made here."""
        with self._glimpse_lock:
            self._unshown = None  # the listing shows every row: a late glimpse's too
        with self._queue_lock:
            return self._snapshot(beside=beside)

    def resync(self) -> InboxResult:
        """What changed on the server since the last listing, for a queue already shown:
        ``rows`` holds only the changed messages already read, ``gone_keys`` the removed
        ones and ``pending`` the new ones to read (``delta``). Cheaper than ``snapshot`` at
        100,000 messages: no list of every row (docs/live-changes.md)."""
        with self._queue_lock:
            return self._snapshot(whole=False)

    def _snapshot(self, whole: bool = True,
                  beside: Callable[[], object] | None = None) -> InboxResult:
        if self._asked is None and not self._loaded:
            self._asked = self._ask_while_loading()
        asked: _Asked | _ListedInChild | None
        source = self.source
        if beside is None or self.live is not None or not isinstance(source, FilesListed):
            self._load()
            asked, self._asked = self._asked, None
        elif self._loaded:
            asked = _ListedInChild(self._listing, source)
        else:  # the cached queue read in the child too, before its listing
            self._refresh_overlay()
            asked = _ListedInChild(self._listing, source,
                                   partial(self._queue_read_in_child, os.getpid()))
        if beside is not None:
            try:
                beside()
            except BaseException:
                if isinstance(asked, _ListedInChild):
                    asked.close()  # the child ended and waited for, not left a zombie
                raise
        if isinstance(asked, _ListedInChild) and asked.queue() is not None:
            self._queue_read_beside(asked)
        offline: str | None = None
        from hdtui.domain.mailbox_delta import Delta  # not before the first frame

        delta = Delta([])
        try:
            delta = self._listing() if asked is None else asked.delta()
        except SourceError as error:
            if not isinstance(error, ConnectionProblem) or not (self._rows or self._pending):
                self._end_parcels(False)
                raise
            offline = error.message
        except BaseException:
            self._end_parcels(False)
            raise
        saved, cached = self._end_parcels(offline is None)
        self._offline = offline is not None
        state: tuple[str, Any] | None = None
        if self.live is not None and self.live.state_version != self._saved_version:
            state = (self._state_key, self.live.export_state())
        if delta.listed or delta.gone or state is not None:
            # What the parcels saved already is not saved twice (docs/cold-start.md).
            listed = [item for item in delta.listed if saved.get(item.key) != item] \
                if saved else delta.listed
            self.store.apply_listing(self.source.identity, listed, delta.gone, state)
            if self.live is not None:
                self._saved_version = self.live.state_version
        self._refresh_overlay()
        self._apply(delta)
        if not whole:
            self._head_new_mail(delta)
        if self._given and not self._pending and self.far_reader is not None:
            self._given = False  # every message given went away meanwhile: no read follows
            self.far_reader.discard()
        claims_read = asked is not None and asked.claims_read  # beside the queue's read
        if not claims_read and offline is None and (
                whole or any(Mark.CLAIMED.value in item.keywords for item in delta.listed)):
            # A resync reads the names again only when a message was claimed (one more
            # folder opened and the mailbox opened again: docs/live-changes.md).
            self._read_claims()
        if not whole:
            changed = {item.key for item in delta.listed} | self._overlay.keys() | set(cached)
            return InboxResult(
                [row for key in changed if (row := self._rows.get(key)) is not None],
                len(self._rows), 0, (), (), tuple(self._pending.values()), offline,
                len(delta.listed), len(delta.gone), delta=True, gone_keys=tuple(delta.gone),
                missing=delta.missing)
        rows = self._rows.values()
        retry = tuple(row.item for row in rows.where_equal(self._rows.decrypt, _FAILED))
        pending = tuple(self._pending.values())
        # Rows still reading (at most a glimpse's) are pending too: counted once.
        reading = sum(1 for row in rows.where_equal(self._rows.decrypt, READING)
                      if row.key in self._pending)
        return InboxResult(rows, len(rows), 0, (), retry if offline is None else (),
                           pending, offline, len(delta.listed), len(delta.gone),
                           missing=delta.missing,
                           in_mailbox=len(rows) + len(pending) - reading if pending else 0)

    def _end_parcels(self, listed: bool) -> tuple[dict[str, SourceItem], list[str]]:
        """The listing ended (``listed``) or failed: no more parcels; what they saved to
        the cache, and the keys of the messages put in the queue as read here. Processes
        given parcels that no read will take (the listing failed) are ended: what they
        read and cached is taken from the cache (``_take_cached``), what they did not
        read is read after reconnecting."""
        with self._parcels_lock:
            if isinstance(self.live, ListsInParcels):
                self.live.listen(None)
            self._listed_once = self._listed_once or listed
        with self._part_lock:  # a part handed by prepare_read's thread is done
            saved, self._saved, self._parcels = self._saved, {}, {}
        if not listed and self._given and self.far_reader is not None:
            self._given = False
            self.far_reader.discard()
            return saved, self._take_cached(saved)
        return saved, []

    def _take_cached(self, given: Mapping[str, SourceItem]) -> list[str]:
        """Put in the queue, as read, the messages given to reading processes that were
        ended before a read took their batches (a listing that failed): those they read
        and cached are in the cache, but this process never heard of them, and the next
        listing would have read them again (docs/cold-start.md, "Parcels while the
        listing runs"). Called once the processes have ended (none writes any more); the
        keys put in place."""
        try:
            lines = self.store.queue_lines_of(self.source.identity, given.keys())
        except HdtuiError:
            return []  # read again after reconnecting: the same rows
        put = []
        for line in lines:
            row = row_of_line(line)
            item = given.get(row.key)
            if item is None or item.size != row.size:
                continue  # (never: the parcels saved these very items)
            self._rows[row.key] = row._replace(keywords=self._keywords(row.key, row.keywords))
            self._pending.pop(row.key, None)
            put.append(row.key)
        self.read_here += len(put)
        return put

    def _ask_while_loading(self) -> _Asked | None:
        """The server's listing of what changed, then who claimed what, asked in a thread
        of its own while ``_load`` reads the cached queue (a mailbox's listing does not
        depend on the rows: its state is the server's, saved apart). The two waited for
        the network one after the other after the read (docs/benchmarks.md,
        "Session 11"). None for a local mailbox, listed against the rows read."""
        if self.live is None:
            return None
        return _Asked(self._listing, self._read_claims)

    def _apply(self, delta: Delta) -> None:
        rows, pending = self._rows, self._pending
        for key in delta.gone:
            rows.pop(key, None)
            pending.pop(key, None)
        for item in delta.listed:
            row = rows.get(item.key)
            if row is not None and row.size == item.size:
                rows[item.key] = row._replace(
                    seen=int(item.seen), modseq=item.modseq,
                    keywords=self._keywords(item.key, " ".join(sorted(item.keywords))))
                if row.decrypt_code == READING:  # shown from its headers: still to read
                    pending[item.key] = item
            else:
                if row is not None:  # a first listing's are not (a lookup each, at 100,000)
                    rows.pop(item.key)
                pending[item.key] = item
        self._patch(self._overlay)  # marks waiting in the outbox stay shown

    def read_pending(self, snapshot: InboxResult, progress: Progress | None = None,
                     rows_read: RowsRead | None = None) -> InboxResult:
        """Read, decrypt, parse and cache the messages a snapshot left pending, newest
        first, in batches (one FETCH each); ``progress`` hears how far it is, ``rows_read``
        gets the rows of each batch once cached (a provisional row is then replaced) and
        whether more batches of this read follow."""
        with self._queue_lock:
            # Messages another call is reading already (a reload while a first sync runs:
            # IDLE says so as soon as it starts) are left to it: reading them twice would
            # halve the speed of both (docs/cold-start.md).
            elsewhere = tuple(i for i in snapshot.pending if i.key in self._reading)
            # A snapshot taken while another call read: what that call has read since is
            # not pending any more (reading it again would double a first start's work).
            mine = [i for i in snapshot.pending
                    if i.key not in self._reading and i.key in self._pending]
            self._reading.update(item.key for item in mine)
        try:
            return self._read(snapshot, mine, elsewhere, progress, rows_read)
        finally:
            with self._queue_lock:
                self._reading.difference_update(item.key for item in mine)

    def _read(self, snapshot: InboxResult, mine: list[SourceItem],
              elsewhere: tuple[SourceItem, ...], progress: Progress | None,
              rows_read: RowsRead | None) -> InboxResult:
        waiting = {item.key for item in mine}
        # A whole queue's result is the queue as it is at the end (its columns): no list
        # of every row is made (docs/queue-columns.md); a resync's is the rows it names.
        whole = isinstance(snapshot.rows, RowsAt) and not snapshot.delta
        rows: list[Row] = []
        # Rows from headers alone: replaced as their messages are read, kept if the
        # reading stops (the server went away).
        provisional: dict[str, Row] = {}
        if isinstance(snapshot.rows, RowsAt):
            keys = snapshot.rows.columns.keys
            provisional = {keys[p]: snapshot.rows.columns.row(p)
                           for p in snapshot.rows.positions if keys[p] in waiting}
            kept = len(snapshot.rows) - len(provisional)
            if not whole:
                rows = list(snapshot.rows.where(lambda p: keys[p] not in waiting))
        else:
            rows = [row for row in snapshot.rows if row.key not in waiting]
            provisional = {row.key: row for row in snapshot.rows if row.key in waiting}
            kept = len(rows)
        total = kept + len(mine)
        unreadable: list[str] = []
        fresh: list[ParsedLine] = []
        batch: list[Row] = []
        done = kept
        if progress:
            progress(done, total)
        offline: str | None = snapshot.offline
        pending = sorted(mine, key=_newest_first, reverse=True)
        given, self._given = self._given, False
        if self.far_reader is not None and (len(pending) >= FAR_MIN or given):
            left = {item.key: item for item in pending}
            for far in self.far_reader.read(pending, self.reader, self.workers, SAVE_EVERY,
                                            self.read_only):
                read = self._adopt(far, left)
                for row in read:
                    provisional.pop(row.key, None)
                if not whole:
                    rows.extend(read)
                unreadable.extend(far.unreadable)
                offline = far.offline or offline
                done += len(far.done)
                if progress:
                    progress(done, total)
                if rows_read is not None and read:
                    rows_read(read, done < total and not offline)
            # What the other process did not finish (it died, or could not start) is read
            # here, unless the server is gone or the app is ending (the next start reads
            # it: docs/cold-start.md, "Quitting during a first read").
            stopped = self.far_reader.stopped
            pending = [] if offline or stopped else [i for i in pending if i.key in left]
        elif self.far_reader is not None:
            self.far_reader.discard()  # started ahead for a read that turned out short
        for item, result in self.reader.read_many(pending, self.workers):
            done += 1
            if progress and (done % 100 == 0 or done == total):
                progress(done, total)
            if isinstance(result, SourceError):
                if isinstance(result, ConnectionProblem):
                    offline = result.message  # the rest is read after reconnecting
                else:
                    unreadable.append(result.message)
                continue
            # Failures are cached too, so a start is not slowed by them; `retry` tries them
            # again in the background (the member may have imported the key since).
            row, line = self._remember(item, result, unsaved=True)
            provisional.pop(item.key, None)
            if not whole:
                rows.append(row)
            batch.append(row)
            fresh.append(line)
            if len(fresh) >= SAVE_EVERY:  # bounded memory; a stopped sync keeps its work
                self._save(fresh)
                fresh = []
                if rows_read is not None:
                    rows_read(batch, done < total)
                batch = []
        self._save(fresh)
        if rows_read is not None and batch:
            rows_read(batch, False)
        if not whole:
            rows.extend(provisional.values())
        # Another call may have read some of the snapshot's messages meanwhile, and this
        # result may reach the screen after its own: a row still provisional here is
        # given as the queue has it now.
        with self._queue_lock:
            current = self._rows
            shown: Sequence[Row] = current.values() if whole else [
                (current.get(r.key) or r) if r.decrypt_code == READING else r for r in rows]
            elsewhere = tuple(i for i in elsewhere if i.key in self._pending)
        return InboxResult(shown, snapshot.from_cache, len(mine), tuple(unreadable),
                           snapshot.retry, elsewhere, offline, snapshot.listed, snapshot.gone,
                           delta=snapshot.delta, missing=snapshot.missing)

    def _remember(self, item: SourceItem, entry: Entry,
                  unsaved: bool = False) -> tuple[Row, ParsedLine]:
        """Put a message read into the queue; return its row and what to cache.
        ``unsaved``: cached later with its batch (``_save``); ``full`` gives it until then."""
        row, line = cached_line(item, entry)
        with self._queue_lock:
            row = row._replace(keywords=self._keywords(item.key, row.keywords))
            self._rows[item.key] = row
            self._take_pending(item.key)
            if unsaved:
                self._unsaved[item.key] = entry
        return row, line

    def _take_pending(self, key: str) -> None:
        """A message read is in the queue: not pending any more, and counted as read here
        if it was (call with ``_queue_lock`` held)."""
        if self._pending.pop(key, None) is not None:
            self.read_here += 1

    def _save(self, lines: list[ParsedLine]) -> None:
        """Cache the lines of a batch ``_read`` read; ``full`` finds them in the cache now."""
        try:
            self.store.put_parsed(self.source.identity, lines)
        finally:
            with self._queue_lock:
                for line in lines:
                    self._unsaved.pop(line.key, None)

    def _adopt(self, far: ReadBatch, left: dict[str, SourceItem]) -> list[Row]:
        """Put the messages another process read and cached into the queue; take every
        message it is done with out of ``left``; return the rows."""
        rows = []
        with self._queue_lock:
            for row in far.rows:
                if left.get(row.key) is None:
                    continue  # not asked for (never expected)
                row = row._replace(keywords=self._keywords(row.key, row.keywords))
                self._rows[row.key] = row
                self._take_pending(row.key)
                rows.append(row)
        for key in far.done:
            left.pop(key, None)
        return rows

    @property
    def _state_key(self) -> str:
        return f"live-state:{self.source.identity}"

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block until ``stop`` is set (or ``stop_watching`` is called), calling
        ``on_change`` when the server's mailbox changes (new mail, marks set by other
        members). Returns at once without one."""
        if self.live is None:
            return
        returned = threading.Event()
        with self._queue_lock:
            self._watches[stop] = returned
        try:
            self.live.watch(on_change, stop)
        finally:
            with self._queue_lock:
                self._watches.pop(stop, None)
            returned.set()

    def renew_watch(self) -> None:
        """Have every ``watch`` open its connections again now (F5: a watch waiting out
        its backoff, or one that stopped hearing the server, listens again at once)."""
        if self.live is not None:
            self.live.renew_watch()

    def stop_watching(self) -> None:
        """End every ``watch`` now: the process is ending. The TUI's queue calls it when
        its feed is unmounted, and the setup's close again, for an app that ended any
        other way; a watch left running kept the process from ending (Python waits for
        the worker's thread at exit; docs/cold-start.md, "Quitting during a first
        read")."""
        with self._queue_lock:
            watches = list(self._watches)
        for stop in watches:
            stop.set()
        # Now, not at the IDLE threads' next look at their stop, a second later: the exit
        # waited for it (docs/live-changes.md, "The exit").
        end_watches = getattr(self.live, "end_watches", None)
        if end_watches is not None:
            end_watches()

    def await_watches(self, timeout: float) -> bool:
        """Wait until every ``watch`` running now has returned, ``timeout`` seconds at
        most in all, and say whether they have. ``stop_watching`` only wakes them: each
        then ends its IDLE and logs out in its own thread, so a session that released the
        store's lock at once could leave its watch at work under the next start's
        (docs/store.md, "The end of a session")."""
        with self._queue_lock:
            pending = list(self._watches.values())
        deadline = time.monotonic() + timeout
        return all(returned.wait(max(0.0, deadline - time.monotonic()))
                   for returned in pending)

    def stop_reading(self) -> None:
        """End the reading processes of a first read now, and start none again: the
        process is ending. Without it a quit waited for each child's next batch, which
        went on fetching and writing the cache meanwhile (docs/cold-start.md, "The
        reading children at a quit")."""
        if self.far_reader is not None:
            self.far_reader.stop()
        if self.far_counter is not None:  # (the count after a first read, the same way)
            self.far_counter.stop()
        # A read of new mail waiting for the watcher's body or header fields, or fetching
        # a body, stops too: the exit waited for it, up to PREFETCH_WAIT and more
        # (docs/live-changes.md, "Ending during a read").
        end_reads = getattr(self.source, "end_reads", None)
        if end_reads is not None:
            end_reads()

    def undecryptable(self) -> int:
        """How many messages of the queue could not be decrypted, as read now (the
        ``retry`` of a result counts only those cached as such before the read)."""
        with self._queue_lock:
            return len(self._rows.values().where_equal(self._rows.decrypt, _FAILED))

    def decrypted(self) -> int:
        """How many messages of the queue were decrypted, as read now."""
        with self._queue_lock:
            return len(self._rows.values().where_equal(self._rows.decrypt, _DECRYPTED))

    def retry(self, items: Sequence[SourceItem]) -> list[Row]:
        """Read messages that failed to decrypt again; return those that now decrypt."""
        fixed: list[ParsedLine] = []
        rows: list[Row] = []
        for item, result in self.reader.read_many(list(items), self.workers):
            if isinstance(result, Entry) and result.decrypt is not DecryptState.FAILED:
                row, line = self._remember(item, result)
                rows.append(row)
                fixed.append(line)
        self.store.put_parsed(self.source.identity, fixed)
        if rows:  # their saved facts were of an undecryptable message (review27c: counted
            keys = [row.key for row in rows]  # "52 could not be decrypted" for ever)
            self.store.forget_facts(self.source.identity, keys)
            for told in self.decrypted_later:
                told(keys)
        return rows

    def search(self, query: Query,
               issue_keys: Callable[[int], Collection[str]] | None = None) -> Hits:
        """What the queue filter needs beyond the rows (docs/filter.md): the messages whose
        whole text (answers, devices, mail text, sender...) holds the query's words and
        fields, and, for ``issue:#N``, those ``issue_keys`` gives (linked or likely);
        without ``issue_keys`` no message is any issue's."""
        hits = Hits()
        if query.clauses:
            hits = self.store.search(self.source.identity, query.clauses)
        for term in query.issues:
            hits = hits.narrowed(issue_keys(term.iid) if issue_keys is not None else (),
                                 term.negated)
        return hits

    def index_documents(self, progress: Progress | None = None) -> int:
        """Write the filter's documents of the messages read that have none (a cache
        migrated from an earlier version, or documents an older version's words made:
        dropped first), from the cached messages, in batches; returns how many were
        written. Blocking: from a worker."""
        from hdtui.code_digest import document_code

        namespace = self.source.identity
        self.store.documents_made_by(document_code())
        # Looking for the messages without a document walks the whole queue (0.15 s of
        # CPU at 100,000 messages): not when the cache says none lacks one
        # (docs/filter.md, "Documents made by older code").
        if self.store.has_every_document(namespace):
            return 0
        generation = self.store.queue_generation(namespace)
        missing = self.store.unindexed(namespace)
        written = skipped = 0
        batch: list[tuple[str, str]] = []
        for done, (key, size) in enumerate(missing, 1):
            entry = _decode(self.store.full(namespace, key, size))
            if entry is not None:  # not cached: the next read of the message writes it
                batch.append((key, document(entry)))
            else:
                skipped += 1
            if len(batch) >= SAVE_EVERY or done == len(missing):
                self.store.put_documents(namespace, batch)
                written += len(batch)
                batch = []
                if progress is not None:
                    progress(done, len(missing))
        if not skipped:
            self.store.documents_complete(namespace, generation)
        return written

    def rows(self) -> RowsAt:
        """Every message of the queue, as it is now (no order): each Row is made when it
        is looked at (docs/queue-columns.md)."""
        with self._queue_lock:
            return self._rows.values()

    def row(self, key: str) -> Row | None:
        """The queue row of a message, as it is now."""
        return self._rows.get(key)

    def encrypted_positions(self, report_id: str) -> set[int]:
        """The positions of the queue's messages that came encrypted naming ``report_id``
        (a search in C of the ID, then their decrypt codes: docs/queue-columns.md)."""
        rows = self.rows()
        columns = rows.columns
        codes = columns.decrypt.tobytes()  # a copy and a search in C: about 10 µs at 100,000
        if not any(code in codes for code in _ENCRYPTED_BYTES):
            return set()  # no encrypted message at all (the benchmarks' plain mailboxes)
        return {p for p in columns.positions_of_report_id(report_id)
                if columns.decrypt[p] in ENCRYPTED_CODES
                and (rows.every or find_position(rows.positions, p) is not None)}

    def id_disputed(self, key: str) -> bool:
        """Whether the message is an unencrypted report naming the ID of an encrypted one
        in the queue: its ID may be forged (docs/encryption.md, "A report ID claimed
        without encryption")."""
        row = self._rows.get(key)
        return row is not None and disputes_id(
            row, lambda report_id: bool(self.encrypted_positions(report_id)))

    def _disputed(self, key: str, entry: Entry) -> Entry:
        return entry._replace(id_disputed=True) if self.id_disputed(key) else entry

    # -- matching and replies -------------------------------------------------------------

    def known_issues(self) -> IssueIndex:
        """The known issues, loaded once and indexed."""
        with self._index_lock:
            if self._index is None:
                try:
                    issues = self.tracker.issues()
                    self.issues_missing = ""
                except TrackerError as error:  # said at start or by the sync: messages
                    # are read, matched to none; the counts are not made (``Insight``)
                    issues, self.issues_missing = [], error.message
                self._index = self._indexed(issues)
            return self._index

    def learn(self, vocabulary: Mapping[int, frozenset[str]]) -> None:
        """Match with these words the known issues learnt from their linked reports (by
        iid, from ``vocabulary.learned_vocabulary``; docs/insight.md) from now on."""
        with self._index_lock:
            if dict(vocabulary) != self._learnt:
                self._learnt, self._learnt_index = dict(vocabulary), None

    def matching_index(self) -> IssueIndex:
        """The known issues as reports are matched with: the index with the words the
        issues learnt (``learn``), the index itself before anything is learnt."""
        index = self.known_issues()
        with self._index_lock:
            if not self._learnt:
                return index
            if self._learnt_index is None or self._learnt_index[0] is not index:
                self._learnt_index = (index, index.learned(self._learnt))
            return self._learnt_index[1]

    def _indexed(self, issues: Sequence[KnownIssue]) -> IssueIndex:
        """The index of ``issues``: the saved one when it was made of exactly these issues,
        else analysed now and saved for the next start (docs/matching.md)."""
        from hdtui.domain.matching import IssueIndex, index_fingerprint

        if self.saved_index is None:
            return IssueIndex(issues)
        fingerprint = index_fingerprint(issues)
        saved = self.saved_index.load(fingerprint)
        if saved is not None:
            try:
                return IssueIndex(issues, saved)
            except (KeyError, TypeError, ValueError):
                pass  # a damaged or foreign file: analysed again below
        index = IssueIndex(issues)
        self.saved_index.save(fingerprint, index.export())
        return index

    def use_known_issues(self, issues: Sequence[KnownIssue]) -> None:
        """Match against these issues instead of the tracker's (``hdtui stats --issues``)."""
        from hdtui.domain.matching import IssueIndex

        with self._index_lock:
            self._index = IssueIndex(issues)
            self.issues_missing = ""

    def issue_created(self) -> None:
        """An issue was just created on the tracker (which holds it now): the known issues
        are read and indexed again at their next use, so its title, its links and its
        matches show in this session at once (docs/insight.md)."""
        with self._index_lock:
            self._index = None
            self._learnt_index = None

    def refresh_known_issues(self) -> str:
        """Sync the tracker's issues (only what changed since the last sync) and re-index
        them; returns what changed ("" after a first sync or when nothing did). Raises
        TrackerError (the cache stays usable)."""
        sync = getattr(self.tracker, "sync", None)
        if sync is None:
            return ""
        try:
            result = sync()
        except TrackerError as error:
            if not getattr(self.tracker, "synced", True):  # nothing cached: none loaded
                from hdtui.domain.matching import IssueIndex

                with self._index_lock:  # (not asked again on the first match)
                    self._index, self.issues_missing = IssueIndex([]), error.message
            raise
        with self._index_lock:
            self._index = None
        self.last_sync = result
        if result.full or not (result.new or result.changed):
            return ""  # nothing worth a notice
        return (f"{result.new} new and {result.changed} changed known issues since the last "
                f"sync ({result.total} in all)")

    def tracker_problems(self) -> list[str]:
        """What is wrong with the tracker's settings that only the tracker can tell (GitLab:
        ``helpdesk_accounts`` it does not know); [] for others. Raises TrackerError."""
        check = getattr(self.tracker, "account_problems", None)
        return list(check()) if check is not None else []

    def full(self, key: str) -> Entry | None:
        """The complete entry of a message in the queue (debug sections included), with
        its current flags and marks; None if the message is not in the queue."""
        row = self._rows.get(key)
        if row is None:
            return None
        entry = self._unsaved_or_cached(key, row.size)
        if entry is None:  # not cached (an older cache): read it again
            entry = self.reader.read(row.item)
            _, line = self._remember(row.item, entry)
            self.store.put_parsed(self.source.identity, [line])
        message = entry.message
        if message.seen != bool(row.seen):
            message = replace(message, seen=bool(row.seen))
        return self._disputed(key, entry._replace(message=message, marks=row.marks))

    def cached(self, key: str) -> Entry | None:
        """The complete entry of a message from the cache alone (None when it was not read
        yet): never reads the mailbox (follow-ups thread the whole queue with it)."""
        row = self._rows.get(key)
        if row is None:
            return None
        entry = self._unsaved_or_cached(key, row.size)
        return None if entry is None else self._disputed(key, entry)

    def _unsaved_or_cached(self, key: str, size: int) -> Entry | None:
        """A message's entry as read and not cached yet (``_unsaved``), else as cached."""
        with self._queue_lock:
            unsaved = self._unsaved.get(key)
        if unsaved is not None:
            return unsaved
        return _decode(self.store.full(self.source.identity, key, size))

    @property
    def templates(self) -> list[ReplyTemplate]:
        """The standard replies (read now if they were not yet)."""
        return self._replies.get()[0]

    def template_problems(self) -> list[str]:
        """The reply files that could not be used, one sentence each (the replies read now
        if they were not yet)."""
        return self._replies.get()[1]

    def suggestions(self, entry: Entry, limit: int = 5) -> list[Match]:
        """The known issues that best match a message."""
        from hdtui.domain.matching import suggest_issues

        return suggest_issues(entry, self.matching_index(), limit)

    def replies_for(self, entry: Entry, matches: Sequence[Match] = (),
                    stable: str = "") -> list[ReplyChoice]:
        """The standard replies to offer for a message, best first, each with why
        (`hdtui.domain.reply_choice`, docs/replies.md). ``matches``: its known issues, best
        first; ``stable``: the current stable Tails, "" when the release feeds are not known
        (no report is then called outdated)."""
        from hdtui.domain.reply_choice import TRUSTED, rank_replies

        return rank_replies(entry, self.templates, matches, stable, self.vetting or TRUSTED)

    # -- triage state -----------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """Switch between a normal shift and a read-only skim (EXAMINE from now on)."""
        if read_only != self.read_only and self.far_reader is not None:
            # Reading processes started for the other kind of shift end: a skim's open
            # folders read-only (EXAMINE), a shift's do not (docs/skim.md).
            self.far_reader.discard()
        self.read_only = read_only
        for adapter in (self.source, self.tracker):
            setter = getattr(adapter, "set_read_only", None)
            if setter is not None:
                setter(read_only)

    def ensure_writable(self, action: str) -> None:
        """Raise ReadOnlyError when the shift is a read-only skim."""
        if self.read_only:
            raise ReadOnlyError(
                f"This is a read-only skim: {action} is not allowed. Only personal notes can "
                "be kept. Start a normal shift to change anything."
            )

    def toggle_mark(self, row: Row, mark: Mark, force: bool = False,
                    shown: frozenset[Mark] | None = None) -> Row:
        """Set or clear one mark; refused in a read-only skim.

        Set when the mark is not in ``shown``, the marks the member saw on the row (the
        screen may not have drawn ``row``'s yet), else cleared; ``row.marks`` when None.
        With shared marks (IMAP keywords) a claim is collision-safe: if another member
        claimed or changed the message since it was listed, ConflictError says so, even
        when their claim is in ``row`` already. Releasing a claim this member did not make
        raises ForeignClaimError unless ``force`` (the member confirmed). Claims are made
        one at a time: a second press of the claim key waits for the first, and when the
        first made the claim the member's row had not shown yet, it stands (review22: two
        quick presses said another member had claimed the member's own claim).
        """
        self.ensure_writable(f"marking a message {mark.label}")
        if mark is not Mark.CLAIMED or self.live is None:
            return self._toggle_mark(row, mark, force, shown)
        with self._claiming:
            current = self._rows.get(row.key)
            if mark not in (row.marks if shown is None else shown) and \
                    row.key in self._mine and current is not None and mark in current.marks:
                return current
            return self._toggle_mark(row, mark, force, shown)

    def _toggle_mark(self, row: Row, mark: Mark, force: bool,
                     shown: frozenset[Mark] | None) -> Row:
        add = mark not in (row.marks if shown is None else shown)
        releasing = mark is Mark.CLAIMED and not add
        if releasing and self.live is not None and row.key not in self._mine and not force:
            raise ForeignClaimError(row.key, self.claimant(row.key, self._message_id(row)))
        named = False
        marks = row.marks | {mark} if add else row.marks - {mark}
        if self.live is None:
            self.store.set_marks(row.key, sorted(m.value for m in marks))
            self._local_marks[row.key] = marks
            changed = row.with_marks(marks)
        else:
            try:
                self._apply_live(row.key, mark, mark in marks)
                named = mark is Mark.CLAIMED
            except SourceError as error:
                if not isinstance(error, ConnectionProblem):
                    raise
                # Offline: keep the change in the outbox, shown at once, applied on reconnect.
                self.store.add_to_outbox(MarkChange(row.key, mark, mark in marks))
                self._refresh_overlay()
            # The server changed the message's mod-sequence: a later claim re-checks.
            changed = row._replace(keywords=keywords_of(marks), modseq=0)
            if mark is Mark.CLAIMED:
                if releasing:
                    self._mine.discard(row.key)
                else:
                    self._mine.add(row.key)
                self.store.set_my_claim(row.key, not releasing)
        with self._queue_lock:
            if row.key in self._rows:
                self._rows[row.key] = changed
        if named and self.claims_folder:
            if releasing:
                self._forget_claim(row)
            else:
                self._record_claim(row)
        return changed

    def add_mark(self, key: str, mark: Mark) -> Row | None:
        """Set a mark (if not set yet) on a message in the queue, as an action does: a
        reply sets $HDReplied. Refused in a read-only skim."""
        self.ensure_writable(f"marking a message {mark.label}")
        row = self._rows.get(key)
        if row is None or mark in row.marks:
            return row
        return self.toggle_mark(row, mark)

    def _apply_live(self, key: str, mark: Mark, add: bool, check_modseq: bool = True) -> None:
        assert self.live is not None
        row = self._rows.get(key)
        if mark is Mark.CLAIMED and add:
            modseq = row.modseq if row is not None and check_modseq else 0
            if not self.live.claim(key, mark.value, modseq):
                raise ConflictError(
                    "Another member just claimed this message (or changed it a moment ago). "
                    "Reload (f5) to see who has what.")
        elif add:  # a reply sets \Answered too: other clients see it answered
            self.live.set_keywords(key, add=[mark.value, *ALSO_SET.get(mark, ())])
        else:
            self.live.set_keywords(key, remove=[mark.value, *ALSO_SET.get(mark, ())])

    def outbox(self) -> list[MarkChange]:
        """Mark changes made while the server was unreachable, oldest first."""
        return self.store.outbox()

    def flush_outbox(self) -> tuple[int, list[str]]:
        """Apply the outbox now the server is back; return (applied, what could not apply).

        Nothing is dropped silently: a change that can no longer apply (someone else
        claimed the message meanwhile, the message is gone) is returned with the reason.
        A dropped connection stops the flush and keeps the rest for the next time.
        """
        pending = self.outbox()
        applied, problems, done = 0, [], len(pending)
        for n, change in enumerate(pending):
            key, mark, add = change.key, change.mark, change.add
            try:
                self._apply_live(key, mark, add, check_modseq=False)
                applied += 1
            except ConflictError:
                # The claim made offline was lost: it is not this member's any more (the
                # row would say "claimed by me" over another member's claim).
                self._mine.discard(key)
                self.store.set_my_claim(key, False)
                problems.append(f"{self.describe(key)}: not claimed, another member "
                                "claimed it meanwhile")
            except SourceError as error:
                if isinstance(error, ConnectionProblem):
                    done = n
                    break
                problems.append(f"{self.describe(key)}: "
                                f"{mark.label if add else 'un-' + mark.label} could "
                                f"not be applied ({error.message})")
        self.store.remove_from_outbox(done)
        self._refresh_overlay()
        return applied, problems

    def fresh_marks(self, key: str) -> tuple[frozenset[Mark], bool]:
        """A message's marks as the server has them now (one FETCH), the row updated to
        match, and True: the re-check before answering (docs/team-mail.md). Offline, or on
        a local mailbox, the marks as last known, and False. Another member's claim reads
        the claims folder again, so ``claimant`` names who."""
        row = self._rows.get(key)
        known = row.marks if row is not None else frozenset()
        if self.live is None:
            return known, False
        try:
            words = self.live.flags(key)
        except SourceError:
            return known, False  # unreachable (or gone): the listing says the rest
        keywords = self._keywords(key, " ".join(sorted(words)))
        with self._queue_lock:
            current = self._rows.get(key)
            if current is not None:
                self._rows[key] = current._replace(keywords=keywords)
        marks = marks_of_keywords(keywords)
        if Mark.CLAIMED in marks and key not in self._mine:
            self._read_claims()
        return marks, True

    def describe(self, key: str) -> str:
        """A message in people's words ("report <ID>" or its summary), for notices and
        lists: never the internal key (no I/O)."""
        row = self._rows.get(key)
        if row is None:
            return "a message no longer in the queue"
        if self.id_disputed(key):  # not that report (docs/encryption.md)
            return f"unencrypted mail claiming report {row.report_id}"
        return row.described

    def personal(self) -> Personal:
        """What this member alone knows of the queue: their claims, notes and the messages
        they opened (read from the local store)."""
        self._opened = self.store.seen()
        waiting = self.waiting_for_users() if self.waiting_for_users is not None else {}
        return Personal(frozenset(self._mine), frozenset(self.store.noted()),
                        frozenset(self._opened), every_claim_mine=self.live is None,
                        waiting=waiting)

    def claims_held(self) -> list[str]:
        """The keys of the messages this member holds a claim on now, sorted: with shared
        marks, those it claimed that the server still shows claimed (another member may
        have released one); without them every claim is the member's own."""
        with self._queue_lock:
            if self.live is None:
                return sorted(k for k, marks in self._local_marks.items()
                              if Mark.CLAIMED in marks)
            rows = [self._rows.get(key) for key in self._mine]
        return sorted(r.key for r in rows if r is not None and Mark.CLAIMED in r.marks)

    def claimed_by_me(self, key: str) -> bool:
        """Whether this member made the claim on a message (kept in memory: no I/O)."""
        return self.live is None or key in self._mine

    def claimant(self, key: str, message_id: str | None = None) -> str:
        """Who claimed a message, for the report view and the release question: "me",
        a member's name and when ("alice (12:03)"), or "another member" when no claim
        message names one (kept in memory: no I/O). Only meaningful for a message that
        has the claim keyword: the folder names claims, it never makes one."""
        if self.claimed_by_me(key):
            return "me"
        row = self._rows.get(key)
        return claimed_by_text(claimant(self._claim_notes,
                                        row.report_id if row is not None else None,
                                        message_id))

    def take_notices(self) -> list[str]:
        """What the last claims and releases could not do (a name not recorded), once."""
        notices, self._notices = self._notices, []
        return notices

    # -- the claims folder (docs/marks.md, "Who claimed") -------------------------------

    def _message_id(self, row: Row) -> str | None:
        """The Message-ID of a message in the queue (from the cache), or None."""
        try:
            entry = self.full(row.key)
        except HdtuiError:
            return None
        return entry.message.message_id if entry is not None else None

    def _claims_target(self) -> str:
        """The claims folder's server name, created the first time if missing; raises
        SourceError (and says once what to ask the admin)."""
        assert self.live is not None
        if self._claims_server is None:
            self._claims_server = self.live.folder_name(self.claims_folder)
        folder = self._claims_server
        if not self._claims_ready:
            if not self.live.has_folder(folder):
                try:
                    self.live.create_folder(folder)
                except SourceError as error:
                    if isinstance(error, ConnectionProblem):
                        raise
                    self._claims_off = (
                        f"Claimed; the claims folder {folder} does not exist and could not "
                        f"be created ({error.message}). Ask the mail server's admin to "
                        "create it, readable and writable by every Help Desk member (or set "
                        "[queue] claims_folder to one that is). Until then claims show C or "
                        "c without names.")
                    self._notices.append(self._claims_off)
                    raise
            self._claims_ready = True
        return folder

    def _read_claims(self) -> None:
        """Read who claimed what from the claims folder (one FETCH of a few header
        fields); a failure keeps the names known before."""
        if self.live is None or not self.claims_folder or self._claims_off:
            return
        try:
            if self._claims_server is None:
                self._claims_server = self.live.folder_name(self.claims_folder)
            found = self.live.folder_headers(self._claims_server, CLAIM_FIELDS)
        except SourceError:
            return
        if found is None:
            self._claim_notes = {}
            return
        self._claims_ready = True
        notes = (parse_claim(header, when) for _, (header, when) in sorted(found.items()))
        self._claim_notes = names_by_ref(note for note in notes if note is not None)

    def _record_claim(self, row: Row) -> None:
        """Append this member's claim message once the claim keyword is set. A failure
        never undoes the claim: it is said (``take_notices``) and the shift goes on."""
        if self._claims_off:
            return
        assert self.live is not None
        message_id = self._message_id(row)
        ref = claim_ref(row.report_id, message_id)
        if not ref:
            self._notices.append("Claimed; the name could not be recorded: the message has "
                                 "neither a report ID nor a Message-ID.")
            return
        now = datetime.now(UTC)
        try:
            folder = self._claims_target()
            self.live.append(folder, claim_message(self.member_name, ref, message_id, now))
        except SourceError as error:
            if not self._claims_off:
                self._notices.append(
                    f"Claimed; the name could not be recorded: {error.message}")
            return
        note = parse_claim(claim_message(self.member_name, ref, message_id, now), now)
        if note is not None:
            self._claim_notes.update(names_by_ref([note]))

    def _forget_claim(self, row: Row) -> None:
        """Delete the claim messages naming a released message (whoever wrote them)."""
        if self._claims_off:
            return
        assert self.live is not None
        message_id = self._message_id(row)
        refs = {r for r in (claim_ref(row.report_id, None), claim_ref(None, message_id)) if r}
        if not refs:
            return
        try:
            if self._claims_server is None:
                self._claims_server = self.live.folder_name(self.claims_folder)
            found = self.live.folder_headers(self._claims_server, CLAIM_FIELDS)
            uids = []
            for uid, (header, when) in (found or {}).items():
                note = parse_claim(header, when)
                if note is not None and refs & set(note.refs()):
                    uids.append(uid)
            self.live.delete_messages(self._claims_server, uids)
        except SourceError as error:
            self._notices.append(
                f"Released; the claim message could not be deleted: {error.message}")
            return
        for ref in refs:
            self._claim_notes.pop(ref, None)

    def opened(self, key: str) -> None:
        """Record that this member opened a message in the report view (kept per member
        in the local store). Allowed in a read-only skim. IMAP \\Seen is set only with
        [queue] mark_seen_on_open, in a normal shift; never in a skim (docs/marks.md)."""
        if key not in self._opened:
            self.store.set_seen([key])
            self._opened.add(key)
        if self.mark_seen_on_open and not self.read_only and self.live is not None:
            self._set_seen(key)

    def _set_seen(self, key: str) -> None:
        """Set \\Seen on a message not seen yet; a failure only leaves it unseen."""
        assert self.live is not None
        row = self._rows.get(key)
        if row is None or row.seen:
            return
        try:
            self.live.set_keywords(key, add=["\\Seen"])
        except (SourceError, ReadOnlyError):
            return  # a help to other clients, never a reason to fail opening a message
        with self._queue_lock:
            current = self._rows.get(key)
            if current is not None:
                self._rows[key] = current._replace(seen=1)

    def note(self, key: str) -> str:
        """The member's personal note on a message."""
        return self.store.note(key)

    def set_note(self, key: str, text: str) -> None:
        """Keep a personal note; allowed in read-only skims (it never leaves this machine)."""
        self.store.set_note(key, text)


def _newest_first(item: SourceItem) -> tuple[float, int]:
    """The reading order of pending messages: newest arrival first (then the highest IMAP
    UID, the last part of its key)."""
    tail = item.key.rsplit("/", 1)[-1]
    return (item.mtime.timestamp() if item.mtime else 0.0,
            int(tail) if tail.isdigit() else 0)


_ENCRYPTED_BYTES = tuple(bytes((code,)) for code in ENCRYPTED_CODES)


def _decode(data: object) -> Entry | None:
    try:
        return from_data(Entry, data)
    except (ValueError, KeyError, TypeError):
        return None  # an older cache format: parse again


def _each_taken(arrays: dict[str, array[int] | bytearray]
                ) -> Iterator[tuple[str, tuple[memoryview]]]:
    """Each array by name as ``QueueColumns.restore`` takes it (its bytes, viewed, not
    copied), taken out of ``arrays``: let go once restored."""
    for name in list(arrays):
        yield name, (memoryview(arrays.pop(name)).cast("B"),)


class _ListedInChild:
    """A local listing and its comparison with the queue (``Triage._listing``) made in a
    forked child (``hdtui.forked``), started at once, after ``read_queue`` when given (the
    cached queue read there first: its pickled columns come back); the delta and the
    source's index of files come back (pickled), not the listed items. Where no child can
    be forked, or it fails, the work is made here when its result is asked for."""

    claims_read = False  # a local mailbox has no claims folder

    def __init__(self, listing: Callable[[], Delta], source: FilesListed,
                 read_queue: Callable[[], bytes | None] | None = None) -> None:
        from hdtui.forked import Forked

        self._source = source

        def work() -> tuple[bytes | None, Delta, dict[str, str]]:
            read = None if read_queue is None else read_queue()
            return read, listing(), source.listed_files()

        self._forked = Forked(work)
        self._result: tuple[bytes | None, Delta, dict[str, str]] | None = None

    def _done(self) -> tuple[bytes | None, Delta, dict[str, str]]:
        if self._result is None:
            self._result = self._forked.result()
        return self._result

    def queue(self) -> bytes | None:
        """The queue the child read (``Triage._queue_read_in_child``), if it was asked to
        (the queue's read error raised from here then)."""
        return self._done()[0]

    def take_queue(self) -> bytes | None:
        """``queue``, no longer held here (the caller lets it go once loaded)."""
        read, delta, files = self._done()
        self._result = (None, delta, files)
        return read

    def delta(self) -> Delta:
        """The child's delta (its index of files taken), or the listing's error."""
        _, delta, files = self._done()
        self._source.use_listed_files(files)
        return delta

    def close(self) -> None:
        """Give up the listing (the work beside it failed): the child ended."""
        self._forked.close()


class _Asked:
    """A listing, then the claims folder read after it when the listing succeeded, in a
    thread started at once (``Triage._ask_while_loading``); ``delta`` waits for the
    listing and gives its delta, or raises what it raised."""

    def __init__(self, listing: Callable[[], Delta], claims: Callable[[], None]) -> None:
        self._listing = listing
        self._claims = claims
        self._delta: Delta | None = None
        self._error: BaseException | None = None
        self.claims_read = False
        """The claims folder was read after a listing that succeeded."""
        self._thread = threading.Thread(target=self._run, name="listing", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._delta = self._listing()
        except BaseException as error:  # raised again by ``delta``, in the caller
            self._error = error
            return
        self._claims()
        self.claims_read = True

    def delta(self) -> Delta:
        """The listing's delta, once the thread is done."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._delta is not None
        return self._delta


__all__ = ["HdtuiError", "InboxResult", "Triage"]
