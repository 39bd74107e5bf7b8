"""Provides Triage: the queue, reading, matching, replies and marks, without any UI.

Synchronous and blocking: the UI calls it from thread workers, the CLI directly.
Read-only skims are enforced here, not by hiding keys: every write raises
ReadOnlyError, except personal notes kept in the local store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.issue import KnownIssue
from hdtui.domain.language import detect_language
from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import Mark
from hdtui.domain.matching import IssueIndex, Match, suggest_issues
from hdtui.domain.queue import DecryptState, Entry
from hdtui.domain.reply import ReplyTemplate, choose_variant, group_by_slug, reply_from_issue
from hdtui.errors import (
    ConflictError,
    HdtuiError,
    ReadOnlyError,
    SourceError,
    is_connection_problem,
)
from hdtui.services.ports import Crypto, IssueTracker, LiveMailbox, MailSource, Store
from hdtui.services.reading import Reader

Progress = Callable[[int, int], None]
OUTBOX = "outbox"
SAVE_EVERY = 200


@dataclass(frozen=True, slots=True)
class InboxResult:
    """What loading the queue found."""

    entries: list[Entry]
    from_cache: int
    parsed: int
    unreadable: tuple[str, ...]
    retry: tuple[SourceItem, ...] = ()
    """Cached messages that could not be decrypted last time: worth another try later."""
    pending: tuple[SourceItem, ...] = ()
    """Messages not read yet (only in a snapshot)."""
    offline: str | None = None
    """Why the server could not be reached: the queue is the cached one."""


class Triage:
    """The Help Desk's operations on one mailbox."""

    def __init__(
        self,
        source: MailSource,
        crypto: Crypto,
        store: Store,
        tracker: IssueTracker,
        templates: Sequence[ReplyTemplate],
        team_addresses: Iterable[str],
        read_only: bool = False,
        workers: int = 2,
        live: LiveMailbox | None = None,
        folder_kinds: Mapping[str, Kind] | None = None,
    ) -> None:
        self.source = source
        self.reader = Reader(source, crypto, team_addresses, folder_kinds)
        self.store = store
        self.tracker = tracker
        self.templates = list(templates)
        self.read_only = read_only
        self.workers = max(1, workers)
        self.live = live
        self._items: dict[str, SourceItem] = {}
        self._decoded: dict[str, Entry] = {}
        self._listed: set[str] = set()
        self._saved_version = -1
        if live is not None:
            saved = store.sync_state(self._state_key)
            if isinstance(saved, dict):
                live.restore_state(saved)
        self._index: IssueIndex | None = None
        self._index_lock = threading.Lock()

    # -- the queue ------------------------------------------------------------------

    def inbox(self, progress: Progress | None = None) -> InboxResult:
        """Load every message: from the cache when known, else read, decrypt and parse."""
        return self.read_pending(self.snapshot(), progress)

    def snapshot(self) -> InboxResult:
        """The queue as the cache knows it, without decrypting anything (fast: start-up).

        Messages the cache does not know yet are listed in ``pending``; pass the result to
        ``read_pending`` to read them.
        """
        offline: str | None = None
        try:
            items = self.source.list()
        except SourceError as error:
            known = self.live.known_items() if self.live is not None else []
            if not is_connection_problem(error) or not known:
                raise
            items, offline = known, error.message
        else:
            if self.live is not None and self.live.state_version != self._saved_version:
                self.store.set_sync_state(self._state_key, self.live.export_state())
                self._saved_version = self.live.state_version
        self._items = {item.key: item for item in items}
        # Entries decoded by an earlier refresh are kept: a refresh decodes only new ones.
        unknown = [item for item in items if item.cache_key not in self._decoded]
        cached = self.store.cached(self.source.identity,
                                   None if not self._decoded else
                                   [item.cache_key for item in unknown]) if unknown else {}
        for item in unknown:
            data = cached.get(item.cache_key)
            decoded = _decode(data) if data is not None else None
            if decoded is not None:
                self._decoded[item.cache_key] = decoded
        marks = self._all_marks()
        entries: list[Entry] = []
        pending: list[SourceItem] = []
        retry: list[SourceItem] = []
        for item in items:
            entry = self._decoded.get(item.cache_key)
            if entry is None:
                pending.append(item)
                continue
            entries.append(_with_source_state(entry, item, marks))
            if entry.decrypt is DecryptState.FAILED:
                retry.append(item)
        if offline is not None:
            return InboxResult(entries, len(entries), 0, (), (), (), offline)
        current = {i.cache_key for i in items}
        if current != self._listed:  # something came or went: prune memory and cache
            self._decoded = {k: v for k, v in self._decoded.items() if k in current}
            self.store.forget_missing(self.source.identity, current)
            self._listed = current
        return InboxResult(entries, len(entries), 0, (), tuple(retry), tuple(pending))

    def read_pending(self, snapshot: InboxResult, progress: Progress | None = None) -> InboxResult:
        """Read, decrypt, parse and cache the messages a snapshot left pending."""
        marks = self._all_marks()
        entries = list(snapshot.entries)
        total = len(entries) + len(snapshot.pending)
        unreadable: list[str] = []
        fresh: dict[str, tuple[object, object]] = {}
        done = len(entries)
        if progress:
            progress(done, total)
        offline: str | None = snapshot.offline
        for item, result in self.reader.read_many(list(snapshot.pending), self.workers):
            done += 1
            if progress and (done % 8 == 0 or done == total):
                progress(done, total)
            if isinstance(result, SourceError):
                if is_connection_problem(result):
                    offline = result.message  # the rest is read after reconnecting
                else:
                    unreadable.append(result.message)
                continue
            # Failures are cached too, so a start is not slowed by them; `retry` tries them
            # again in the background (the member may have imported the key since).
            light, fresh[item.cache_key] = self._remember(item, result)
            entries.append(_with_source_state(light, item, marks))
            if len(fresh) >= SAVE_EVERY:  # bounded memory; a stopped sync keeps its work
                self.store.put_cached(self.source.identity, fresh)
                fresh = {}
        self.store.put_cached(self.source.identity, fresh)
        return InboxResult(entries, snapshot.from_cache, len(snapshot.pending),
                           tuple(unreadable), snapshot.retry, (), offline)

    def _remember(self, item: SourceItem, entry: Entry) -> tuple[Entry, tuple[object, object]]:
        """Keep the light copy in memory; return it and the (light, full) pair to cache."""
        light = entry.light()
        self._decoded[item.cache_key] = light
        return light, (to_data(light), to_data(entry))

    @property
    def _state_key(self) -> str:
        return f"live-state:{self.source.identity}"

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block until ``stop`` is set, calling ``on_change`` when the server's mailbox
        changes (new mail, marks set by other members). Returns at once without one."""
        if self.live is not None:
            self.live.watch(on_change, stop)

    def retry(self, items: Sequence[SourceItem]) -> list[Entry]:
        """Read messages that failed to decrypt again; return those that now decrypt."""
        marks = self._all_marks()
        fixed: dict[str, tuple[object, object]] = {}
        entries: list[Entry] = []
        for item, result in self.reader.read_many(list(items), self.workers):
            if isinstance(result, Entry) and result.decrypt is not DecryptState.FAILED:
                light, fixed[item.cache_key] = self._remember(item, result)
                entries.append(_with_source_state(light, item, marks))
        self.store.put_cached(self.source.identity, fixed)
        return entries

    # -- matching and replies -------------------------------------------------------------

    def known_issues(self) -> IssueIndex:
        """The known issues, loaded once and indexed."""
        with self._index_lock:
            if self._index is None:
                self._index = IssueIndex(self.tracker.issues())
            return self._index

    def full(self, entry: Entry) -> Entry:
        """The complete entry (debug sections included) for a light one from the queue."""
        if entry.complete:
            return entry
        item = self._items.get(entry.key)
        if item is None:
            return entry
        data = self.store.cached(self.source.identity, [item.cache_key], full=True)
        complete = _decode(data.get(item.cache_key))
        if complete is None:  # not cached (an older cache): read it again
            complete = self.reader.read(item)
        return _with_source_state(complete, item, {entry.key: entry.marks})

    def suggestions(self, entry: Entry, limit: int = 5) -> list[Match]:
        """The known issues that best match a message."""
        return suggest_issues(self.full(entry), self.known_issues(), limit)

    def replies_for(self, entry: Entry, matches: Sequence[Match] = ()) -> list[ReplyTemplate]:
        """Replies that fit: those of matching issues first, then every standard reply."""
        language = entry.report.language if entry.report is not None else None
        if language is None and entry.report is None:
            language = detect_language(entry.message.text[:5000])
        found: list[ReplyTemplate] = []
        for match in matches:
            issue: KnownIssue = match.issue
            template = reply_from_issue(issue.iid, issue.title, issue.web_url, issue.description)
            if template is not None:
                found.append(template)
        for slug in group_by_slug(self.templates):
            chosen = choose_variant(self.templates, slug, language)
            if chosen is not None:
                found.append(chosen)
        return found

    # -- triage state -----------------------------------------------------------------

    def _all_marks(self) -> dict[str, frozenset[Mark]]:
        if self.live is not None:
            marks: dict[str, frozenset[Mark]] = {
                key: _marks_of(item.keywords) for key, item in self._items.items()}
            for op in self.outbox():  # changes not on the server yet
                try:
                    mark = Mark(str(op.get("mark")))
                except ValueError:
                    continue
                key = str(op.get("key"))
                current = marks.get(key, frozenset())
                marks[key] = current | {mark} if op.get("add") else current - {mark}
            return marks
        return {key: _marks_of(frozenset(words)) for key, words in self.store.marks().items()}

    def set_read_only(self, read_only: bool) -> None:
        """Switch between a normal shift and a read-only skim (EXAMINE from now on)."""
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

    def toggle_mark(self, entry: Entry, mark: Mark) -> Entry:
        """Set or clear one mark; refused in a read-only skim.

        With shared marks (IMAP keywords) a claim is collision-safe: if another member
        claimed or changed the message since it was listed, ConflictError says so.
        """
        self.ensure_writable(f"marking a message {mark.label}")
        marks = frozenset(entry.marks ^ {mark})
        if self.live is None:
            self.store.set_marks(entry.key, sorted(m.value for m in marks))
            return entry.with_marks(marks)
        try:
            self._apply_live(entry.key, mark, mark in marks)
        except SourceError as error:
            if not is_connection_problem(error):
                raise
            # Offline: keep the change in the outbox, shown at once, applied on reconnect.
            self.store.set_setting(OUTBOX, [*self.outbox(),
                                            {"key": entry.key, "mark": mark.value,
                                             "add": mark in marks}])
        return entry.with_marks(marks)

    def _apply_live(self, key: str, mark: Mark, add: bool, check_modseq: bool = True) -> None:
        assert self.live is not None
        item = self._items.get(key)
        if mark is Mark.CLAIMED and add:
            modseq = item.modseq if item is not None and check_modseq else 0
            if not self.live.claim(key, mark.value, modseq):
                raise ConflictError(
                    "Another member just claimed this message (or changed it a moment ago). "
                    "Reload (f5) to see who has what.")
        elif add:
            self.live.set_keywords(key, add=[mark.value])
        else:
            self.live.set_keywords(key, remove=[mark.value])
        if item is not None:
            keywords = item.keywords | {mark.value} if add else item.keywords - {mark.value}
            self._items[key] = replace(item, keywords=keywords, modseq=0)

    def outbox(self) -> list[dict[str, object]]:
        """Mark changes made while the server was unreachable, oldest first."""
        saved = self.store.setting(OUTBOX, [])
        return list(saved) if isinstance(saved, list) else []

    def flush_outbox(self) -> tuple[int, list[str]]:
        """Apply the outbox now the server is back; return (applied, what could not apply).

        Nothing is dropped silently: a change that can no longer apply (someone else
        claimed the message meanwhile, the message is gone) is returned with the reason.
        A dropped connection stops the flush and keeps the rest for the next time.
        """
        pending = self.outbox()
        applied, problems, kept = 0, [], []
        for n, op in enumerate(pending):
            key, word, add = str(op.get("key")), str(op.get("mark")), bool(op.get("add"))
            try:
                mark = Mark(word)
                self._apply_live(key, mark, add, check_modseq=False)
                applied += 1
            except ValueError:
                problems.append(f"{key}: unknown mark {word!r} dropped")
            except ConflictError:
                problems.append(f"{key}: not claimed, another member claimed it meanwhile")
            except SourceError as error:
                if is_connection_problem(error):
                    kept = pending[n:]
                    break
                problems.append(f"{key}: {mark.label if add else 'un-' + mark.label} could "
                                f"not be applied ({error.message})")
        self.store.set_setting(OUTBOX, kept)
        return applied, problems

    def note(self, entry: Entry) -> str:
        """The member's personal note on a message."""
        return self.store.note(entry.key)

    def set_note(self, entry: Entry, text: str) -> None:
        """Keep a personal note; allowed in read-only skims (it never leaves this machine)."""
        self.store.set_note(entry.key, text)


def _marks_of(keywords: frozenset[str]) -> frozenset[Mark]:
    found = set()
    for word in keywords:
        try:
            found.add(Mark(word))
        except ValueError:
            continue
    return frozenset(found)


def _decode(data: object) -> Entry | None:
    try:
        return from_data(Entry, data)
    except (ValueError, KeyError, TypeError):
        return None  # an older cache format: parse again


def _with_source_state(entry: Entry, item: SourceItem, marks: dict[str, frozenset[Mark]]) -> Entry:
    message = entry.message
    if message.seen != item.seen:
        message = replace(message, seen=item.seen)
    current = marks.get(entry.key, frozenset())
    if message is entry.message and current == entry.marks:
        return entry
    return replace(entry, message=message, marks=current)


__all__ = ["HdtuiError", "InboxResult", "Triage"]
