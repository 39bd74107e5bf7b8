"""Provides the ports: the small interfaces the services need from adapters, all of them
(mailbox, crypto, trackers, the store, mail and chat transports, feeds, merge requests).

Adapters satisfy them structurally (they never import this module); mypy checks
the fit where ``cli.py`` wires them together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from hdtui.domain.mail import Parsed
from hdtui.errors import SourceError

if TYPE_CHECKING:  # annotations only: the first frame needs none of these modules
    # (docs/benchmarks.md, "Warm start imports", sessions 9 and 10)
    from email.message import EmailMessage

    from hdtui.domain.autoreply import ProposedChange
    from hdtui.domain.compose import Draft, DraftKind
    from hdtui.domain.far_count import CountBatch, CountJob
    from hdtui.domain.followups import Acted, Reminder
    from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite
    from hdtui.domain.issue import KnownIssue, SyncResult
    from hdtui.domain.kept_form import FormKind, KeptForm
    from hdtui.domain.links import IssueLink, ReportCount
    from hdtui.domain.mail import DecryptedText, SourceItem
    from hdtui.domain.mailbox_delta import Delta
    from hdtui.domain.marks import MarkChange
    from hdtui.domain.openpgp import KeyBlock, KeyDetails, KeyInspection
    from hdtui.domain.process import Outcome, ReproduceState
    from hdtui.domain.query import Clause, Hits
    from hdtui.domain.queue import ParsedLine, QueueLine
    from hdtui.domain.queue_columns import QueueColumns
    from hdtui.domain.releases import FeedResult

T = TypeVar("T")

# Inside MailSource, `list` names its method; this alias keeps the builtin visible.
Loaded = list[Parsed | SourceError]


class MailSource(Protocol):
    """Where messages come from."""

    @property
    def identity(self) -> str:
        """A stable name of the mailbox, the namespace of its cache."""
        ...

    def list(self) -> list[SourceItem]:
        """List the messages; raises SourceError."""
        ...

    def load(self, item: SourceItem) -> Parsed:
        """Read and parse one message; raises SourceError if it cannot be read."""
        ...

    def read(self, key: str) -> bytes:
        """The raw bytes of one message (to forward it unchanged); raises SourceError."""
        ...

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Read and parse several messages at once; a message that cannot be read gives
        its SourceError in its place (a dropped connection too, for every one left)."""
        ...


@runtime_checkable
class FilesListed(Protocol):
    """A source whose listing also makes an index of its files (a Maildir's), which a
    listing made in another process hands back (``Triage.inbox``'s ``beside``)."""

    def listed_files(self) -> dict[str, str]:
        """The index the last listing made."""
        ...

    def use_listed_files(self, files: dict[str, str]) -> None:
        """Take the index a listing made in another process."""
        ...


class SharedFolders(Protocol):
    """Small folders every member reads and writes (the team folder: docs/shift.md): a
    live mailbox, or the demo's files (hdtui.sources.team_files)."""

    def folder_name(self, name: str) -> str:
        """The server's name for a folder written with ``/`` between levels."""
        ...

    def has_folder(self, folder: str) -> bool:
        """Whether a folder exists; raises SourceError."""
        ...

    def create_folder(self, folder: str) -> None:
        """Create a folder; raises SourceError, ReadOnlyError."""
        ...

    def append(self, folder: str, data: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Save a message to a folder; raises SourceError, ReadOnlyError."""
        ...

    def folder_headers(self, folder: str, fields: Sequence[str]
                       ) -> dict[int, tuple[bytes, datetime | None]] | None:
        """Header fields and arrival time of every message of a small folder, by UID;
        None if the folder does not exist."""
        ...

    def folder_bodies(self, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
        """The whole messages of a folder by UID; raises SourceError."""
        ...


@runtime_checkable
class ListsInParcels(Protocol):
    """A source whose listing of a folder it never listed hands out what it lists a part
    at a time, newest first, while it goes on: a first read's reading processes start on
    the newest before the listing ends (docs/cold-start.md, "Parcels while the listing
    runs")."""

    def listen(self, heard: Callable[[Sequence[SourceItem]], None] | None) -> None:
        """Call ``heard`` with each part listed from now on (None: no longer). A listing
        repeated after a lost connection hands its parts out again."""
        ...


class LiveMailbox(Protocol):
    """A mailbox on a server every member shares: keywords, claims, change notices."""

    state_version: int
    """Grows whenever a listing changed the state worth saving."""

    def set_keywords(self, key: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        """Add and remove keywords on one message; raises SourceError, ReadOnlyError."""
        ...

    def append(self, folder: str, data: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Save a message to a folder (the Sent copy); raises SourceError, ReadOnlyError."""
        ...

    def claim(self, key: str, keyword: str, seen_modseq: int) -> bool:
        """Set ``keyword`` unless someone changed the message since ``seen_modseq``."""
        ...

    def folder_name(self, name: str) -> str:
        """The server's name for a folder written with ``/`` between levels."""
        ...

    def has_folder(self, folder: str) -> bool:
        """Whether a folder exists; raises SourceError."""
        ...

    def create_folder(self, folder: str) -> None:
        """Create a folder; raises SourceError, ReadOnlyError."""
        ...

    def folder_headers(self, folder: str, fields: Sequence[str]
                       ) -> dict[int, tuple[bytes, datetime | None]] | None:
        """Some header fields and the arrival time of every message of a small folder, by
        UID (reading changes nothing); None if the folder does not exist."""
        ...

    def delete_messages(self, folder: str, uids: Sequence[int]) -> None:
        """Delete messages of a folder for good; raises SourceError, ReadOnlyError."""
        ...

    def folder_bodies(self, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
        """The whole messages of a folder by UID (reading changes nothing); raises
        SourceError."""
        ...

    def flags(self, key: str) -> frozenset[str]:
        """A message's keywords and shown standard flags as the server has them now;
        raises SourceError."""
        ...

    def sent_about(self, folder: str, message_id: str, words: str, fields: Sequence[str]
                   ) -> list[tuple[bytes, datetime | None]]:
        """Header fields and arrival time of the messages of ``folder`` answering
        ``message_id`` or with ``words`` in the subject; raises SourceError."""
        ...

    def changes(self) -> Delta:
        """What changed since the last listing (or restored state); raises SourceError."""
        ...

    def export_state(self) -> dict[str, Any]:
        """The listing state, to keep in the local store."""
        ...

    def restore_state(self, data: Mapping[str, Any]) -> None:
        """Start from a saved listing state."""
        ...

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block until ``stop`` is set, calling ``on_change`` when the mailbox changes."""
        ...

    def renew_watch(self) -> None:
        """Open the watch's connections again now, and end a wait to reconnect."""
        ...


class Crypto(Protocol):
    """OpenPGP decryption."""

    def decrypt_text(self, ciphertext: bytes) -> DecryptedText:
        """Decrypt PGP/MIME ciphertext into the text of its inner entity; never raises."""
        ...

    def decrypt_texts(self, ciphertexts: Sequence[bytes]) -> list[DecryptedText]:
        """``decrypt_text`` of several messages at once (one gpg process), in order."""
        ...


class IssueTracker(Protocol):
    """Where known issues come from."""

    def issues(self) -> list[KnownIssue]:
        """All known issues; raises TrackerError."""
        ...


class SavedIndex(Protocol):
    """Where the known-issue index is kept between runs (tracker/index_file.py)."""

    def load(self, fingerprint: str) -> dict[str, Any] | None:
        """The saved index of the issues with this fingerprint, or None."""
        ...

    def save(self, fingerprint: str, index: dict[str, Any]) -> bool:
        """Keep an index; False when it could not be (never raises)."""
        ...


class FarCounter(Protocol):
    """Computes and saves the facts of many cached reports in processes of their own, so
    that the count after a first read does not share the interpreter with the UI
    (count_process.py; docs/insight.md, "Session 22: the count after a first open, in
    processes of its own")."""

    @property
    def processes(self) -> int:
        """How many shares a count is best split into (one a process)."""
        ...

    def count(self, job: CountJob,
              shares: Sequence[Sequence[tuple[str, int]]]
              ) -> Generator[CountBatch, None, None]:
        """Count each share of (key, size), in order, a batch after each save; ends early,
        without raising, when a process cannot start or dies (the reports of no batch are
        still to count), and ends the processes when the caller stops asking."""
        ...

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called."""
        ...

    def stop(self) -> None:
        """The app is ending: end every process now, and start none again."""
        ...


class LinkedTracker(IssueTracker, Protocol):
    """A tracker the Help Desk writes to: links reports, counts them, creates issues.

    GitLabTracker records links as notes on the issue; StaticTracker (the demo) in a local
    notes file with the same marker. Writes raise ReadOnlyError during a read-only skim.
    """

    def sync(self, progress: Callable[[int, int], None] | None = None,
             full: bool = False) -> SyncResult:
        """Refresh the local issue cache (incremental unless ``full``); raises TrackerError."""
        ...

    def issue(self, iid: int) -> KnownIssue:
        """One issue as the tracker has it now (for its reply sections); raises TrackerError."""
        ...

    def link(self, iid: int, reference: str, when: date | datetime) -> bool:
        """Link a report (``wb://ID`` or ``mail:DATE:HASH``) to an issue; False if it was."""
        ...

    def unlink(self, iid: int, reference: str) -> bool:
        """Remove the note citing a report from an issue (a misplaced link); False if
        there was none."""
        ...

    def linked(self, reference: str) -> list[int]:
        """The issues a report is known to be linked to."""
        ...

    def links(self) -> list[IssueLink]:
        """Every report link known locally (never raises offline)."""
        ...

    def links_not_read(self) -> tuple[list[int], str]:
        """The known issues whose links may be missing from ``links`` (not read from the
        tracker since they changed), and why; ([], "") when none (no request)."""
        ...

    def links_left_out(self) -> dict[int, int]:
        """Per issue, the links of accounts outside the Help Desk its notes held beyond
        their limit, not in ``links`` (``links.notes_links``); no request."""
        ...

    def counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Reports per issue, total and this week (cached briefly; never raises offline)."""
        ...

    def refresh_counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Count again from the tracker now; raises TrackerError."""
        ...

    def create_issue(self, title: str, description: str,
                     labels: Iterable[str] = ()) -> KnownIssue:
        """Create an issue; raises TrackerError (keep the draft) or ReadOnlyError."""
        ...

    def add_note(self, iid: int, body: str) -> None:
        """Write a note on an issue (allowed in a read-only skim); raises TrackerError."""
        ...

    def has_note(self, iid: int, body: str) -> bool:
        """Whether the issue has a note with exactly this text (a retried note is not
        written twice); raises TrackerError."""
        ...

    def find_created(self, marker: str, since: datetime) -> KnownIssue | None:
        """The issue created since ``since`` whose description holds ``marker`` (a retried
        creation finds it instead of creating a second); raises TrackerError."""
        ...

    def set_read_only(self, read_only: bool) -> None:
        """Refuse writes (True) during a read-only skim."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class Store(Protocol):
    """The local cache and personal state."""

    def queue_lines(self, namespace: str, make: Callable[[QueueLine], T]) -> list[T]:
        """The queue line of every message read, in Row's field order."""
        ...

    def queue_pages(self, namespace: str, take: Callable[[list[QueueLine]], object],
                    unread: list[SourceItem] | None = None) -> None:
        """Give ``take`` the queue line of every message read, a page at a time; given
        ``unread``, append the messages listed but not read yet to it (same pass)."""
        ...

    def queue_head(self, namespace: str, limit: int) -> list[QueueLine]:
        """The first lines in the default order (team mail first, then newest)."""
        ...

    def queue_lines_of(self, namespace: str, keys: Collection[str]) -> list[QueueLine]:
        """The queue lines of the messages read among ``keys`` (in no particular order):
        what a reading process cached (docs/cold-start.md)."""
        ...

    def reopen_cache(self) -> None:
        """In a process forked from the one that opened the store: the cache read through
        a connection of its own from now on."""
        ...

    def queue_rows_read(self, namespace: str) -> int | None:
        """The queue's rows are about to be read: the mark to give ``keep_columns``
        (None: nothing can be kept)."""
        ...

    def queue_columns(self, namespace: str) -> tuple[QueueColumns, list[SourceItem]] | None:
        """The queue's columns kept by ``keep_columns`` and brought up to date, and the
        messages listed but not read; None when none are kept."""
        ...

    def keep_columns(self, namespace: str, generation: int, columns: QueueColumns,
                     unread: Sequence[SourceItem], touched: Collection[str] = ()) -> bool:
        """Keep columns read from the queue's rows after ``queue_rows_read`` gave
        ``generation``, changed since at the keys ``touched``; False if not kept."""
        ...

    def unread(self, namespace: str) -> list[SourceItem]:
        """Messages listed but not read yet."""
        ...

    def set_keywords(self, namespace: str, key: str, keywords: str) -> None:
        """Record a message's marks as this member changed them."""
        ...

    def apply_listing(self, namespace: str, listed: Sequence[SourceItem],
                      gone: Collection[str], state: tuple[str, Any] | None = None) -> None:
        """Record a listing (new and changed messages, gone ones, the listing state);
        raises StoreError."""
        ...

    def put_parsed(self, namespace: str, parsed: Sequence[ParsedLine]) -> None:
        """Save what reading messages gave; raises StoreError."""
        ...

    def full(self, namespace: str, key: str, size: int) -> Any:
        """The complete parsed message as plain data, or None."""
        ...

    def facts(self, namespace: str,
              rules: int | None = None) -> Iterator[tuple[str, int, int, str, str]]:
        """Saved report facts (of rules version ``rules`` if given): (key, size, rules
        version, issues fingerprint, data), read a page at a time."""
        ...

    def put_facts(self, namespace: str, rows: Sequence[tuple[str, int, int, str, str]]) -> None:
        """Save report facts rows."""
        ...

    def forget_facts(self, namespace: str, keys: Sequence[str]) -> None:
        """Remove the saved report facts of ``keys``."""
        ...

    def search(self, namespace: str, clauses: Sequence[Clause]) -> Hits:
        """What the queue filter's clauses find in the messages' documents."""
        ...

    def unindexed(self, namespace: str) -> list[tuple[str, int]]:
        """(key, size) of the messages read that have no filter document yet."""
        ...

    def has_every_document(self, namespace: str) -> bool:
        """Every message read has its filter document (marked by ``documents_complete``)."""
        ...

    def queue_generation(self, namespace: str) -> int:
        """A number that goes up with every write to the cached queue."""
        ...

    def documents_complete(self, namespace: str, generation: int) -> bool:
        """Mark the filter documents complete if the queue is still at ``generation``."""
        ...

    def documents_made_by(self, code: str) -> bool:
        """Drop the filter documents other code made (whether any were); record ``code``."""
        ...

    def put_documents(self, namespace: str, documents: Sequence[tuple[str, str]]) -> None:
        """Save filter documents, as (key, document)."""
        ...

    def marks(self) -> dict[str, list[str]]:
        """Triage marks by message key."""
        ...

    def set_marks(self, key: str, marks: list[str]) -> None:
        """Record the marks of one message."""
        ...

    def note(self, key: str) -> str:
        """A personal note."""
        ...

    def noted(self) -> set[str]:
        """The messages with a personal note."""
        ...

    def set_note(self, key: str, text: str) -> None:
        """Save a personal note."""
        ...

    def sync_state(self, name: str) -> Any:
        """A saved listing state, or None."""
        ...

    def set_sync_state(self, name: str, value: Any) -> None:
        """Save a listing state (large: not with the personal settings)."""
        ...

    def drafts(self) -> list[Draft]:
        """Every kept draft (without its attachment)."""
        ...

    def draft(self, kind: DraftKind, key: str) -> Draft | None:
        """The kept draft of this kind for a message, if any."""
        ...

    def keep_draft(self, draft: Draft) -> None:
        """Keep a draft (one per kind and message); raises StoreError."""
        ...

    def forget_draft(self, kind: DraftKind, key: str) -> bool:
        """Drop a kept draft; False if there was none."""
        ...

    def kept_forms(self) -> list[KeptForm]:
        """The forms kept through a hang-up or a crash, oldest first."""
        ...

    def kept_form(self, kind: FormKind, key: str = "") -> KeptForm | None:
        """The form of this kind kept for a message ("": the hand-off note), if any."""
        ...

    def keep_form(self, form: KeptForm) -> None:
        """Keep what a form held (one per kind and message); raises StoreError."""
        ...

    def forget_form(self, kind: FormKind, key: str = "") -> bool:
        """Drop a kept form; False if there was none."""
        ...

    def my_claims(self) -> set[str]:
        """The messages this member claimed."""
        ...

    def set_my_claim(self, key: str, claimed: bool) -> None:
        """Record a claim of this member, or its release."""
        ...

    def reproduction(self, key: str) -> ReproduceState:
        """The reproduce checklist of a message as last kept."""
        ...

    def set_reproduction(self, key: str, state: ReproduceState) -> None:
        """Keep the reproduce checklist of a message."""
        ...

    def outcome(self, key: str) -> Outcome | None:
        """The outcome recorded for a message, if any."""
        ...

    def set_outcome(self, key: str, outcome: Outcome) -> None:
        """Record the outcome of a message."""
        ...

    def seen(self) -> set[str]:
        """The messages this member has opened."""
        ...

    def set_seen(self, keys: Collection[str]) -> None:
        """Record that this member opened these messages."""
        ...

    def outbox(self) -> list[MarkChange]:
        """Mark changes made while the server was unreachable, oldest first."""
        ...

    def add_to_outbox(self, change: MarkChange) -> None:
        """Keep a mark change for when the server is back."""
        ...

    def remove_from_outbox(self, count: int) -> None:
        """Drop the ``count`` oldest changes of the outbox."""
        ...

    def gitlab_writes(self) -> list[GitLabWrite]:
        """What this member wrote to GitLab, oldest first."""
        ...

    def add_gitlab_write(self, write: GitLabWrite) -> None:
        """Record a write made to GitLab."""
        ...

    def gitlab_pending(self) -> list[PendingWrite]:
        """GitLab writes not made yet (waiting for GitLab, or refused), oldest first."""
        ...

    def keep_gitlab_pending(self, write: PendingWrite) -> None:
        """Keep a GitLab write not made yet, or update the one with the same id."""
        ...

    def drop_gitlab_pending(self, write_id: str) -> bool:
        """Forget a GitLab write not made (made since, or dropped); False if unknown."""
        ...

    def acted(self) -> list[Acted]:
        """What this member did that expects an answer, oldest first."""
        ...

    def setting(self, name: str, default: Any = None) -> Any:
        """A personal preference."""
        ...

    def set_setting(self, name: str, value: Any) -> None:
        """Save a personal preference."""
        ...

    def add_acted(self, act: Acted) -> None:
        """Record something this member did about a report."""
        ...

    def reminders(self) -> list[Reminder]:
        """This member's reminders, soonest first."""
        ...

    def set_reminder(self, reminder: Reminder) -> None:
        """Keep a reminder on a message (replacing one there)."""
        ...

    def drop_reminder(self, key: str) -> bool:
        """Forget the reminder on a message; False if there was none."""
        ...


class ReleaseSource(Protocol):
    """The Tails feeds (hdtui.releases.feeds.ReleaseFeeds): latest release, advisories."""

    @property
    def fetch_at_start(self) -> bool:
        """Whether the TUI may fetch when it starts and no copy is saved yet."""
        ...

    def cached(self) -> FeedResult:
        """The last good copies only, no network."""
        ...

    def refresh(self) -> FeedResult:
        """Fetch every feed; one that fails keeps its last good copy, with a problem line."""
        ...


class Sent(Protocol):
    """What a mail transport returns."""

    @property
    def accepted(self) -> tuple[str, ...]:
        """Recipients the server accepted."""
        ...

    @property
    def data(self) -> bytes:
        """The exact bytes sent."""
        ...


class Mailer(Protocol):
    """Sends mail (SMTP, or the demo's local outbox)."""

    def send(self, message: EmailMessage, recipients: Sequence[str] | None = None) -> Sent:
        """Send; raises SendError (PartialSendError when some recipients were refused)."""
        ...


class Notifier(Protocol):
    """Sends a chat message (XMPP, or the demo's local log)."""

    def alert(self, to: str, text: str) -> None:
        """Send one message to a room or a person; raises NotifyError."""
        ...


class Encryptor(Protocol):
    """OpenPGP encryption of replies."""

    def encrypt(self, data: bytes, recipients: Sequence[str]) -> str:
        """Armoured ciphertext; raises CryptoError."""
        ...

    def key_for(self, query: str) -> Any:
        """Look up a key (a KeyLookup: found, fingerprint, uids, reason); never imports."""
        ...

    def inspect_keys(self, block: KeyBlock) -> KeyInspection:
        """What a pasted key block holds, read without importing; never raises."""
        ...

    def import_key(self, block: KeyBlock, fingerprint: str) -> KeyDetails:
        """Import one key of a block into the keyring; raises CryptoError."""
        ...


class SentItem(Protocol):
    """One thing the demo would have sent (mail or an alert), for the member to read."""

    @property
    def when(self) -> float:
        """When (epoch seconds)."""
        ...

    @property
    def kind(self) -> str:
        """"mail" or "xmpp"."""
        ...

    @property
    def to(self) -> str:
        """The recipient."""
        ...

    @property
    def title(self) -> str:
        """The subject."""
        ...

    @property
    def text(self) -> str:
        """The text."""
        ...


class Team(Protocol):
    """A team of the config (``hdtui.config.TeamConfig`` fits): where forwards, mentions
    and alerts go. It fits ``hdtui.domain.compose.TeamLike`` too (without naming it as a
    base: the message builder is not imported before the first frame)."""

    @property
    def name(self) -> str:
        """The team's name, e.g. "Foundations Team"."""
        ...

    @property
    def address(self) -> str:
        """The team's mail address."""
        ...

    @property
    def gitlab_mention(self) -> str:
        """Its GitLab mention (@group)."""
        ...

    @property
    def xmpp(self) -> str:
        """Its XMPP room or address."""
        ...


class Proposer(Protocol):
    """Opens a merge request changing one file (``hdtui.tracker.merge_request`` fits)."""

    def propose(self, file_path: str, content: str, branch: str, title: str,
                description: str, commit_message: str, target_branch: str = "") -> ProposedChange:
        """Branch, commit, merge request; raises TrackerError."""
        ...
