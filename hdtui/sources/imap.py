"""Provides ImapSource: the Help Desk mailbox on an IMAP server (imapclient).

One connection, guarded by a lock (imapclient is not thread-safe). Listing uses
CONDSTORE when the server offers it: a folder whose UIDVALIDITY and HIGHESTMODSEQ
did not change is not fetched again (one SELECT per folder). Bodies are fetched with
BODY.PEEK so reading never sets \\Seen. In a read-only skim folders are opened with
EXAMINE and every write raises ReadOnlyError here as well as in the services, because
Dovecot answers OK to a STORE on an EXAMINEd folder and changes nothing.

Triage marks are IMAP keywords (``$HDClaimed`` ...), visible to every member.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from hdtui.connection import check_plain
from hdtui.domain.frozen import Frozen
from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.mail import HEADER_FIELDS, Parsed, SourceItem
from hdtui.errors import (
    ConfigError,
    ConnectionLost,
    ConnectionProblem,
    FolderMissing,
    LoginRefused,
    ReadOnlyError,
    ReadsEnded,
    ServerUnreachable,
    SourceError,
)
from hdtui.greeting import greeting_wait, no_greeting, refused, takes_connections
from hdtui.sources import imapclient_version
from hdtui.sources.parse_later import parse_headers, parse_item
from hdtui.sources.uid_set import UidSet

if TYPE_CHECKING:  # imapclient is imported when the first connection is made: a warm
    # start's first frame comes from the cache (docs/benchmarks.md, "Warm start imports").
    # Its errors derive from imaplib.IMAP4.error, which the handlers below catch.
    from imapclient import IMAPClient

    from hdtui.domain.mailbox_delta import Delta
    from hdtui.domain.message import Message

Security = Literal["tls", "starttls", "plain"]
FETCH_BATCH = 500
SHOWN_FLAGS = frozenset({"\\Flagged", "\\Answered"})
"""Standard flags kept with the keywords: other clients' "flagged" and "answered" show in
the queue (docs/marks.md)."""
IDLE_POLL = 1.0
"""Seconds between two looks at the stop event while in IDLE (a response wakes the
watcher at once, and so does ``end_watches``)."""
LOGOUT_WAIT = 0.5
"""Seconds the DONE and the LOGOUT that end a connection wait for the server's answer:
a server that stopped answering does not hold up the exit (docs/live-changes.md, "The
exit")."""
IDLE_RENEW = 25 * 60.0
"""Seconds one IDLE lasts before it is ended and started again (RFC 2177: servers may
drop an IDLE after 30 minutes)."""
PREFETCH_MOST = 20
"""New messages the IDLE connection reads itself when it hears of them, at most (more at
once, a burst, are read by the main connection as on a start)."""
PREFETCH_BYTES = 1 << 20
"""The largest new message the IDLE connection reads itself."""
PREFETCH_WAIT = 5.0
"""Seconds a read waits for the IDLE connection's reading of new mail to end."""
HEADERS_WAIT = 0.5
"""Seconds a resync waits for the IDLE connection's header fields of new mail (Dovecot
hands them from its cache in a few milliseconds; a first time it reads the Maildir for
them, and the row then comes with the body as before)."""
IDLE_SILENCE = 5 * 60.0
"""Seconds without any response (Dovecot says "Still here" every 2 minutes) after which
the IDLE connection is taken for dead and opened again."""
WATCH_BACKOFF_FIRST = 1.0
"""Seconds before the watcher's first reconnect after it lost the server (then doubled)."""
WATCH_WAKE_AFTER = 1.0
"""Seconds a watcher waits at least before it reconnects, even once woken."""
WATCH_BACKOFF_CAP = 60.0
"""The longest wait between two reconnects of the watcher; the main connection logging in
again (the server is back) or ``renew_watch`` ends a wait at once."""
LIST_ITEMS = ["UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE"]
HEADERS_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(h.upper() for h in HEADER_FIELDS)})]"
"""The headers of a provisional row, fetched without the body (never sets \\Seen)."""
# Inside ImapSource, `list` names its method; these aliases keep the builtin type visible.
Uids = list[int]
Items = list[SourceItem]
Keys = list[str]
Loaded = list[Parsed | SourceError]
Glimpse = list[tuple[SourceItem, "Message"]]
Found = list[tuple[bytes, datetime | None]]
Criteria = list[Any]


class ImapAccount(Frozen):
    """Where and how to connect; the password is fetched only when connecting (a
    callable, never shown)."""

    FIELDS = ("host", "user", "password", "port", "security", "ca_file", "folders",
                 "timeout")
    __slots__ = FIELDS
    host: str
    user: str
    password: Callable[[], str]
    port: int
    security: Security
    ca_file: str | None
    folders: tuple[str, ...]
    timeout: float

    def __init__(self, host: str, user: str, password: Callable[[], str], port: int = 0,
                 security: Security = "tls", ca_file: str | None = None,
                 folders: tuple[str, ...] = ("INBOX",), timeout: float = 15.0) -> None:
        for name, given in (("host", host), ("user", user), ("password", password),
                            ("port", port), ("security", security), ("ca_file", ca_file),
                            ("folders", folders), ("timeout", timeout)):
            object.__setattr__(self, name, given)

    def __repr__(self) -> str:
        return (f"ImapAccount(host={self.host!r}, user={self.user!r}, port={self.port!r}, "
                f"security={self.security!r}, ca_file={self.ca_file!r}, "
                f"folders={self.folders!r}, timeout={self.timeout!r})")

    @property
    def effective_port(self) -> int:
        """The configured port, or the standard one for the security mode."""
        return self.port or (993 if self.security == "tls" else 143)

    @property
    def where(self) -> str:
        """``user@host:port`` for messages (never the password)."""
        return f"{self.user}@{self.host}:{self.effective_port}"


class FolderState:
    """What the last listing of a folder saw, to list it again cheaply: its UIDVALIDITY,
    HIGHESTMODSEQ and the UIDs of its messages (nothing per message beyond the UID: the
    local store keeps the rest)."""

    __slots__ = ("highestmodseq", "uids", "uidvalidity")

    def __init__(self, uidvalidity: int, highestmodseq: int, uids: UidSet) -> None:
        self.uidvalidity = uidvalidity
        self.highestmodseq = highestmodseq
        self.uids = uids


class ImapSource:
    """A MailSource over IMAP, plus the shared keywords of its messages."""

    def __init__(self, account: ImapAccount, read_only: bool = False) -> None:
        check_plain("account", account.host, account.security, "\"tls\" or \"starttls\"")
        self.account = account
        self.read_only = read_only
        self._client: IMAPClient | None = None
        self._selected: str | None = None
        self._condstore = False
        self.glimpsed_of = 0
        """The messages the watched folders held at the last ``newest`` (the sum of the
        SELECTs' EXISTS): a first start says the mailbox's size before listing it."""
        self._esearch = False
        self._side: ImapSource | None = None
        """A second connection for reading other folders (``folder_headers``)."""
        self._wrong: tuple[float, SourceError] | None = None
        """When a connection last failed for a setting (no greeting, TLS failed), and
        how: said again at once for ``WRONG_SETTING_KEPT`` seconds (``connect``)."""
        self._lock = threading.RLock()
        self.folders: dict[str, FolderState] = {}
        self._dropped: dict[str, FolderState] = {}
        self.round_trips = 0  # counted for tests and benchmarks
        self._namespace: tuple[str, str] | None = None
        """The personal namespace's prefix and separator (``folder_name``)."""
        self.state_version = 0
        """Grows whenever a listing changed something (nothing to save otherwise)."""
        self.listings = 0
        """Listings of every folder done (``changes``): a missing folder's watcher waits
        for the next one."""
        self.missing_folders: frozenset[str] = frozenset()
        """The watched folders the last listing found missing on the server."""
        self._prefetched: dict[tuple[str, int, int], bytes] = {}
        """New messages read by the IDLE connection that heard of them, by folder,
        UIDVALIDITY and UID, until a read takes them (docs/live-changes.md)."""
        self._prefetching: set[str] = set()
        """Folders whose IDLE connection is reading new mail right now."""
        self._headed: dict[tuple[str, int, int], bytes] = {}
        """The header fields (HEADER_FIELDS) of new messages, read by the IDLE connection
        before their bodies, until a resync takes them for provisional rows."""
        self._heading: set[str] = set()
        """Folders whose IDLE connection is reading new messages' header fields."""
        self._ending = False
        """The process is ending (``end_reads``): no read waits, starts or reconnects."""
        self._fetching: IMAPClient | None = None
        """The main connection while it fetches bodies (``end_reads`` cuts it short)."""
        self._heard: Callable[[Items], None] | None = None
        """Hears each part of a whole folder's listing (``listen``)."""
        self._parts: list[Items] = []
        """The parts of the whole folder's listing under way (``listen`` hands them)."""
        self._parts_lock = threading.Lock()
        self._prefetch_done = threading.Condition()
        self._wakes: list[tuple[threading.Event, int]] = []
        """Each ``watch`` under way: its stop, and the pipe that wakes its IDLE threads
        (``end_watches``)."""
        self._watch_wake = threading.Condition()
        self._logins = 0
        """Logins of the main connection and calls of ``renew_watch``: a watcher waiting
        to reconnect tries at once when it grows (the server is back)."""
        self._renewals = 0
        """Calls of ``renew_watch``: each IDLE connection opens again when it grows."""

    def set_read_only(self, read_only: bool) -> None:
        """Switch modes; the next command re-opens the folder with SELECT or EXAMINE."""
        with self._lock:
            self.read_only = read_only
            self._selected = None

    # -- connection -------------------------------------------------------------------

    @property
    def identity(self) -> str:
        """The cache namespace: one per account."""
        return f"imap:{self.account.where}"

    def connect(self) -> IMAPClient:
        """Connect and log in (once); translate every failure into a SourceError."""
        with self._lock:
            if self._client is not None:
                return self._client
            if self._ending:
                raise ReadsEnded  # not once more after ``end_reads`` cut a read short
            if self._wrong is not None:
                # The start asks the server several times in a row (the newest rows, the
                # team folder, the listing): a setting that made the last try fail makes
                # these fail too, so it is said at once rather than after another wait.
                at, wrong = self._wrong
                if time.monotonic() - at < WRONG_SETTING_KEPT:
                    raise SourceError(wrong.message, wrong.title)
                self._wrong = None
            imapclient_version.imported()  # without importlib.metadata, where it can be
            from imapclient import IMAPClient, SocketTimeout
            from imapclient.exceptions import LoginError

            account = self.account
            context = ssl.create_default_context(cafile=account.ca_file or None)
            client: IMAPClient | None = None
            logged_in = False
            where = f"{account.host}:{account.effective_port}"
            try:
                # The connection and the greeting get a shorter wait than the rest when
                # the greeting comes in plain: a TLS port says nothing (hdtui/greeting.py).
                client = IMAPClient(account.host, port=account.effective_port,
                                    ssl=account.security == "tls", ssl_context=context,
                                    timeout=SocketTimeout(
                                        greeting_wait(account.security, account.timeout,
                                                      account.host),
                                        account.timeout))
                # imapclient sets imaplib's debug level to 5 for a logger of its own, which
                # hdtui never enables: imaplib then formatted the repr of every answer it
                # kept, each message body fetched among them, only for the logger to drop
                # it (0.09 ms of CPU for a 20 KB report; docs/benchmarks.md, "Session 18:
                # the cold read's children"). Level 0 keeps imaplib's own short log of the
                # protocol lines, and no mail text can reach a log.
                client._imap.debug = 0
                if account.security == "starttls":
                    client.starttls(context)
                _login(client, account.user, account.password())
                self._condstore = client.has_capability("CONDSTORE")
                self._esearch = client.has_capability("ESEARCH")
                if self._condstore:
                    client.enable("CONDSTORE")
                logged_in = True
            except LoginError as e:
                raise LoginRefused(
                    f"The IMAP server refused the login as {account.where}: wrong user name "
                    "or password. Check [account] user and the password given by [account] "
                    "password_env or password_command.",
                ) from e
            except ssl.SSLCertVerificationError as e:
                raise self._wrong_setting(SourceError(
                    f"The certificate of {account.host}:{account.effective_port} could not be "
                    f"verified ({e.verify_message}). If the server uses its own CA, set "
                    "[account] ca_file to it.",
                    "Untrusted certificate",
                )) from e
            except ssl.SSLError as e:
                raise self._wrong_setting(SourceError(
                    f"TLS with the IMAP server {where} failed ({e.reason or e}). Check "
                    "[account] security and port: \"tls\" is TLS from the first byte (port "
                    "993), \"starttls\" upgrades a plain connection (143).",
                    "TLS failed")) from e
            except ConnectionRefusedError as e:
                raise ServerUnreachable(refused("IMAP", "account", where)) from e
            except (socket.gaierror, TimeoutError, OSError) as e:
                if isinstance(e, TimeoutError) and client is None \
                        and account.security != "tls" \
                        and takes_connections(account.host, account.effective_port):
                    raise self._wrong_setting(SourceError(no_greeting(
                        "IMAP", "account", where, account.security,
                        greeting_wait(account.security, account.timeout, account.host), 993),
                        "No IMAP greeting")) from e
                raise ServerUnreachable(
                    f"Cannot reach the IMAP server {where}: "
                    f"{getattr(e, 'strerror', None) or e}.",
                ) from e
            except imaplib.IMAP4.error as e:
                raise SourceError(f"The IMAP server {account.where} refused us: {e}.") from e
            finally:
                # A refused login leaves the socket open, and the watcher tries again.
                if client is not None and not logged_in:
                    with contextlib.suppress(Exception):
                        client.shutdown()
            self._client = client
            self._selected = None
        self._wake_watchers()  # a watcher waiting to reconnect tries now: the server is back
        return client

    def _wrong_setting(self, error: SourceError) -> SourceError:
        """Remember a connection that failed for a setting (``connect`` says it again)."""
        self._wrong = (time.monotonic(), error)
        return error

    def close(self) -> None:
        """Log out (best effort, waiting at most LOGOUT_WAIT for the server's answer); a
        failed connection is tried again next time."""
        with self._lock:
            self._wrong = None
            if self._side is not None:
                self._side.close()
            client, self._client = self._client, None
            self._selected = None
            if client is not None:
                with contextlib.suppress(imaplib.IMAP4.error, OSError):
                    client.socket().settimeout(LOGOUT_WAIT)
                    client.logout()

    def _call(self, what: str, fn: Callable[[IMAPClient], Any]) -> Any:
        """Run one command; a dropped connection becomes a SourceError and is forgotten."""
        client = self.connect()
        self.round_trips += 1
        try:
            return fn(client)
        except (imaplib.IMAP4.abort, OSError, EOFError) as e:
            # imaplib's abort (a BYE, a closed socket) is a subclass of its error: first.
            self._client = None
            self._selected = None
            raise ConnectionLost(f"The connection to {self.account.where} dropped during "
                                 f"{what}: {e}. hdtui will reconnect.") from e
        except imaplib.IMAP4.error as e:
            raise SourceError(f"IMAP {what} failed on {self.account.where}: {e}.") from e

    def _select(self, folder: str) -> tuple[int, int, int]:
        """Open a folder (SELECT, or EXAMINE in a skim): its UIDVALIDITY, HIGHESTMODSEQ (0
        without CONDSTORE) and number of messages. A refused SELECT leaves no folder open
        (the server closes the one before), so none is recorded until it succeeds."""
        self._selected = None
        self.connect()  # its errors are its own: only a refused SELECT asks for the folders
        try:
            info: dict[bytes, Any] = self._call(
                f"opening {folder}", lambda c: c.select_folder(folder, readonly=self.read_only))
        except ConnectionProblem:
            raise
        except SourceError as e:
            raise self._missing(folder) or e from e
        self._selected = folder
        return (int(info.get(b"UIDVALIDITY", 0)), int(info.get(b"HIGHESTMODSEQ", 0) or 0),
                int(info.get(b"EXISTS", 0) or 0))

    def _missing(self, folder: str) -> FolderMissing | None:
        """The error for a folder the server does not have (asked with LIST after a refused
        SELECT, naming the folders it has), or None when it has it."""
        try:
            names = sorted(str(f[2]) for f in self._call("listing the folders",
                                                         lambda c: c.list_folders()))
        except SourceError:
            return None
        if folder in names:
            return None
        where = "[account] folders names" if folder in self.account.folders else "hdtui opens"
        shown = ", ".join(names[:MISSING_FOLDERS_SHOWN])
        more = f" and {len(names) - MISSING_FOLDERS_SHOWN} more" \
            if len(names) > MISSING_FOLDERS_SHOWN else ""
        return FolderMissing(f"{where} the folder {folder!r}, which the IMAP server "
                             f"{self.account.where} does not have. Its folders: "
                             f"{shown or 'none'}{more}. Check [account] folders (names are "
                             "case-sensitive, except INBOX).")

    # -- listing ----------------------------------------------------------------------

    def listen(self, heard: Callable[[Items], None] | None) -> None:
        """Hand each part of a whole folder's listing (``FETCH_BATCH`` messages) to
        ``heard`` as soon as it is listed, the newest part first (None: no longer). A first
        read's processes read the newest while the rest is listed (docs/cold-start.md,
        "Parcels while the listing runs"). The parts a listing under way has listed already
        are handed at once, in this thread. A listing repeated after a lost connection
        hands its parts out again."""
        with self._parts_lock:
            self._heard = heard
            so_far = [item for part in self._parts for item in part]
        if heard is not None and so_far:
            heard(so_far)

    def list(self) -> Items:
        """List every message of every watched folder (a complete listing; the queue uses
        ``changes``, which fetches only what changed)."""
        def run() -> Items:
            items: Items = []
            folders: dict[str, FolderState] = {}
            for folder in self.account.folders:
                uidvalidity, highest, _ = self._select(folder)
                found = self._fetch_all(folder, uidvalidity)
                items.extend(found)
                folders[folder] = FolderState(uidvalidity, highest,
                                              UidSet.of(_split_key(i.key)[1] for i in found))
            self.folders = folders
            self.state_version += 1
            return items

        items: Items = self._retrying(run)
        return items

    def changes(self) -> Delta:
        """What changed since the last listing (or the restored state), per folder:

        - nothing (HIGHESTMODSEQ and the message count as before): one SELECT;
        - with CONDSTORE: ``UID FETCH 1:* (CHANGEDSINCE n)`` gives the new messages and
          changed flags in one more round trip; only if the count then disagrees (an
          expunge), ``UID SEARCH ALL`` tells which messages are gone;
        - a folder never listed, a UIDVALIDITY change or no CONDSTORE: everything.

        The new state is kept only once every folder is done, so a dropped connection
        mid-way loses nothing: the next call asks again. A watched folder the server does
        not have is skipped and named in ``missing``: the others are listed, and its
        messages listed before keep their state (none counted gone) until the name is
        fixed (docs/config.md).
        """
        from hdtui.domain.mailbox_delta import Delta  # not before the first frame

        def run() -> Delta:
            listed: Items = []
            gone: Keys = [f"{folder}/{state.uidvalidity}/{uid}"
                               for folder, state in self._dropped.items()
                               for uid in state.uids]
            folders: dict[str, FolderState] = {}
            missing: list[str] = []
            missing_names: set[str] = set()
            for folder in self.account.folders:
                try:
                    folders[folder] = self._folder_changes(folder, listed, gone)
                except FolderMissing as e:
                    missing.append(e.message)
                    missing_names.add(folder)
                    if (known := self.folders.get(folder)) is not None:
                        folders[folder] = known
            if listed or gone or folders != self.folders:
                self.state_version += 1
            self.folders = folders
            self._dropped = {}
            self.missing_folders = frozenset(missing_names)
            self.listings += 1
            return Delta(listed, gone, missing=tuple(missing))

        delta: Delta = self._retrying(run)
        return delta

    def _folder_changes(self, folder: str, listed: Items, gone: Keys) -> FolderState:
        known = self.folders.get(folder)
        if (known is not None and self._selected == folder and self._condstore
                and self._esearch and known.highestmodseq):
            return self._open_folder_changes(folder, known, listed, gone)
        uidvalidity, highest, exists = self._select(folder)
        known = self.folders.get(folder)
        if known is not None and known.uidvalidity != uidvalidity:
            # The folder was rebuilt: every cached UID is meaningless now.
            gone.extend(f"{folder}/{known.uidvalidity}/{uid}" for uid in known.uids)
            known = None
        if (known is not None and self._condstore and highest
                and highest == known.highestmodseq and exists == len(known.uids)):
            return known
        if known is None or not (self._condstore and known.highestmodseq):
            found = self._fetch_all(folder, uidvalidity)
            uids = UidSet.of(_split_key(i.key)[1] for i in found)
            if known is not None:
                gone.extend(f"{folder}/{uidvalidity}/{uid}"
                            for uid in known.uids.missing_from(uids))
            listed.extend(found)
            return FolderState(uidvalidity, highest, uids)
        changed = self._changed_since(folder, known.highestmodseq)
        for uid, values in changed.items():
            listed.append(self._item(folder, uidvalidity, uid, values))
        uids = known.uids.with_uids(changed)
        if len(uids) != exists:
            uids = self._without_gone(folder, uidvalidity, uids, gone)
        return FolderState(uidvalidity, highest, uids)

    def _open_folder_changes(self, folder: str, known: FolderState, listed: Items,
                             gone: Keys) -> FolderState:
        """What changed in the folder this connection has open already, without opening it
        again: SELECT makes Dovecot read the whole folder again (0.6 s at 100,000
        messages), while NOOP brings the open folder up to date in a few milliseconds
        (docs/live-changes.md). Then ``UID FETCH 1:* (CHANGEDSINCE n)`` and the message
        count (``UID SEARCH RETURN (COUNT) ALL``, ESEARCH); ``UID SEARCH ALL`` only when
        the count shows an expunge."""
        self._call(f"resyncing {folder}", lambda c: c.noop())
        highest = known.highestmodseq
        changed = self._changed_since(folder, known.highestmodseq)
        for uid, values in changed.items():
            item = self._item(folder, known.uidvalidity, uid, values)
            listed.append(item)
            highest = max(highest, item.modseq)
        uids = known.uids.with_uids(changed)
        if len(uids) != self._count(folder):
            uids = self._without_gone(folder, known.uidvalidity, uids, gone)
        return FolderState(known.uidvalidity, highest, uids)

    def _without_gone(self, folder: str, uidvalidity: int, uids: UidSet,
                      gone: Keys) -> UidSet:
        """The count shows an expunge: ``uids`` without those the folder no longer has
        (``UID SEARCH ALL``), whose keys go to ``gone``."""
        kept, missing = uids.partition(set(self._uids(folder)))
        gone.extend(f"{folder}/{uidvalidity}/{uid}" for uid in missing)
        return kept

    def _count(self, folder: str) -> int:
        """The number of messages of the open folder (ESEARCH: one short answer)."""
        def run(client: IMAPClient) -> int:
            typ, data = client._imap.uid("SEARCH", "RETURN", "(COUNT)", "ALL")
            if typ != "OK":
                raise _protocol_error(f"SEARCH: {typ} {data!r}")
            found = client._imap.untagged_responses.pop("ESEARCH", [b""])
            match = re.search(rb"\bCOUNT (\d+)", found[-1] or b"")
            if match is None:
                raise _protocol_error(f"SEARCH RETURN (COUNT): {found!r}")
            return int(match.group(1))

        count: int = self._call(f"counting {folder}", run)
        return count

    def newest(self, limit: int) -> Glimpse:
        """The newest ``limit`` messages of the watched folders with their headers, newest
        first, before any listing: per folder one SELECT and one ``FETCH n:*`` of the
        listing fields and HEADER_FIELDS (by sequence number: the last ones are the
        newest arrivals). What the first rows of a cold start are made of
        (docs/cold-start.md); the listing that follows covers every message (and names a
        folder the server does not have, skipped here)."""
        def run() -> Glimpse:
            found: Glimpse = []
            self.glimpsed_of = 0
            for folder in self.account.folders:
                try:
                    uidvalidity, _, exists = self._select(folder)
                except FolderMissing:
                    continue
                self.glimpsed_of += exists
                if exists:
                    found.extend(self._newest_in(folder, uidvalidity,
                                                 max(1, exists - limit + 1)))
            found.sort(key=lambda pair: (pair[1].date.timestamp() if pair[1].date else 0.0,
                                         _split_key(pair[0].key)[1]), reverse=True)
            return found[:limit]

        newest: Glimpse = self._retrying(run)
        return newest

    def _newest_in(self, folder: str, uidvalidity: int,
                   first: int) -> Glimpse:
        fields = [*LIST_ITEMS, "MODSEQ"] if self._condstore else LIST_ITEMS

        def run(client: IMAPClient) -> dict[int, dict[bytes, Any]]:
            typ, data = client._imap.fetch(f"{first}:*", f"({' '.join(fields)} {HEADERS_ITEM})")
            if typ != "OK":
                raise _protocol_error(f"FETCH: {typ} {data!r}")
            glimpsed = _glimpsed(data)
            if glimpsed is not None:
                return glimpsed
            return _by_uid(data)

        found: Glimpse = []
        for uid, values in self._call(f"reading the newest headers of {folder}", run).items():
            item = self._item(folder, uidvalidity, uid, values)
            head = next((v for k, v in values.items()
                         if isinstance(k, bytes) and k.startswith(b"BODY[HEADER")), b"")
            found.append((item, parse_headers(head if isinstance(head, bytes) else b"",
                                             item)))
        return found

    def _in_folder(self, folder: str, what: str, fn: Callable[[IMAPClient], Any]) -> Any:
        """Run one command in a folder (selecting it first), reconnecting once if stale."""
        def run() -> Any:
            if self._selected != folder:
                self._select(folder)
            return self._call(what, fn)

        return self._retrying(run)

    def _retrying(self, job: Callable[[], Any]) -> Any:
        """Run a job; if the connection turns out stale (a server restart), reconnect and run
        it once more. Every job here is safe to repeat (SELECT, FETCH, STORE +/-FLAGS)."""
        with self._lock:
            for attempt in (0, 1):
                try:
                    return job()
                except ConnectionLost:
                    if attempt:
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def _uids(self, folder: str) -> Uids:
        return [int(u) for u in self._call(f"listing {folder}", lambda c: c.search("ALL"))]

    def _fetch_all(self, folder: str, uidvalidity: int) -> Items:
        uids = self._uids(folder)
        with self._parts_lock:
            parts = self._parts = []
        fields = [*LIST_ITEMS, "MODSEQ"] if self._condstore else LIST_ITEMS
        # The highest UIDs (the newest arrivals) first, each part handed out as soon as it
        # is listed (``listen``); the listing keeps the server's order.
        try:
            for start in reversed(range(0, len(uids), FETCH_BATCH)):
                data = self._fetch(folder, uids[start:start + FETCH_BATCH], fields)
                part = [self._item(folder, uidvalidity, int(uid), values)
                        for uid, values in data.items()]
                with self._parts_lock:
                    parts.append(part)
                    heard = self._heard
                if heard is not None:
                    heard(part)
        finally:
            with self._parts_lock:
                self._parts = []
        return [item for part in reversed(parts) for item in part]

    def _fetch(self, folder: str, uids: Uids, fields: Sequence[str]) -> dict[int, Any]:
        """The listing fields of ``uids``, by UID, as imapclient gives them."""

        def run(client: IMAPClient) -> dict[int, Any]:
            # Read by ``_listed`` when the answer has the usual shape (docs/cold-start.md,
            # "The listing's answer").
            data = _uid_fetch(client, uids, f"({' '.join(fields)})")
            listed = _listed(data)
            if listed is not None:
                return listed
            return _by_uid(data)

        result: dict[int, Any] = self._call(f"listing {folder}", run)
        return result

    def _changed_since(self, folder: str, modseq: int) -> dict[int, dict[bytes, Any]]:
        """``UID FETCH 1:* (...) (CHANGEDSINCE n)`` (imapclient refuses ``1:*``): new
        messages and changed flags, with everything the queue needs of a new message."""

        def run(client: IMAPClient) -> dict[int, dict[bytes, Any]]:
            typ, data = client._imap.uid("FETCH", "1:*", f"({' '.join(LIST_ITEMS)} MODSEQ)",
                                         f"(CHANGEDSINCE {modseq})")
            if typ != "OK":
                raise _protocol_error(f"FETCH CHANGEDSINCE: {typ} {data!r}")
            return _by_uid(data)

        result: dict[int, dict[bytes, Any]] = self._call(f"resyncing {folder}", run)
        return result

    def _item(self, folder: str, uidvalidity: int, uid: int,
              values: dict[bytes, Any]) -> SourceItem:
        flags = tuple(_text(f) for f in values.get(b"FLAGS", ()))
        date = values.get(b"INTERNALDATE")
        if isinstance(date, datetime) and date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        return SourceItem(
            key=f"{folder}/{uidvalidity}/{uid}",
            size=int(values.get(b"RFC822.SIZE", 0)),
            seen="\\Seen" in flags,
            mtime=date if isinstance(date, datetime) else None,
            keywords=frozenset(f for f in flags if not f.startswith("\\") or f in SHOWN_FLAGS),
            modseq=_modseq(values),
        )

    def export_state(self) -> dict[str, Any]:
        """The listing state as plain data, for the local store (UIDs as ranges: a
        folder of 100,000 messages saves in a few kilobytes)."""
        with self._lock:
            return {folder: {"uidvalidity": state.uidvalidity,
                             "highestmodseq": state.highestmodseq,
                             "uids": state.uids.ranges()}
                    for folder, state in self.folders.items()}

    def restore_state(self, data: Mapping[str, Any]) -> None:
        """Start from a saved listing state (the next ``changes`` resyncs from it).
        Folders no longer watched are reported gone by the next ``changes``."""
        with self._lock:
            folders: dict[str, FolderState] = {}
            try:
                for folder, state in data.items():
                    folders[folder] = FolderState(
                        int(state["uidvalidity"]), int(state["highestmodseq"]),
                        UidSet.from_ranges(state["uids"]))
            except (KeyError, TypeError, ValueError):
                return  # an older or damaged state: list from scratch
            self.folders = {f: s for f, s in folders.items() if f in self.account.folders}
            self._dropped = {f: s for f, s in folders.items() if f not in self.account.folders}

    # -- change notices (IDLE) -----------------------------------------------------------

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block until ``stop`` is set, calling ``on_change`` when a folder changes.

        One extra connection per folder sits in IDLE. It opens the folder as the main
        connection does: SELECT, or EXAMINE in a skim. It sends no command that changes
        anything; SELECT lets Dovecot move new mail from new/ into cur/ for it and tell of
        it sooner (docs/live-changes.md). A dropped connection is re-opened with backoff
        (1 s doubling to 60 s), so a server restart costs no retry storm.
        """
        wake, waker = os.pipe()
        with self._prefetch_done:
            self._wakes.append((stop, waker))
        try:
            threads = [threading.Thread(target=self._watch_folder,
                                        args=(f, on_change, stop, wake),
                                        name=f"hdtui-idle-{f}", daemon=True)
                       for f in self.account.folders]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            with self._prefetch_done:
                self._wakes.remove((stop, waker))
            os.close(waker)
            os.close(wake)

    def end_watches(self) -> None:
        """Wake every ``watch`` whose stop is set now, rather than at its IDLE threads'
        next look (up to IDLE_POLL): the process is ending, and Python waits for the
        watch's worker at exit (docs/live-changes.md, "The exit")."""
        with self._prefetch_done:
            wakes = [waker for stop, waker in self._wakes if stop.is_set()]
        for waker in wakes:
            with contextlib.suppress(OSError):  # the pipe is never read: it stays readable
                os.write(waker, b"\0")
        with self._watch_wake:  # a watcher waiting to reconnect looks at its stop now
            self._watch_wake.notify_all()

    def renew_watch(self) -> None:
        """Open every IDLE connection again, and end a watcher's wait to reconnect (F5:
        a watcher gone deaf or waiting out its backoff listens again at once)."""
        with self._watch_wake:
            self._renewals += 1
        self._wake_watchers()

    def _wake_watchers(self) -> None:
        with self._watch_wake:
            self._logins += 1
            self._watch_wake.notify_all()

    def _await_reconnect(self, stop: threading.Event, seconds: float, logins: int) -> None:
        """Wait ``seconds`` before the watcher connects again, or less: once
        WATCH_WAKE_AFTER has passed, the main connection logging in again since
        ``logins`` was read (the server is back) or ``renew_watch`` ends the wait."""
        started = time.monotonic()
        with self._watch_wake:
            while not stop.is_set():
                waited = time.monotonic() - started
                if waited >= seconds or (self._logins != logins
                                         and waited >= WATCH_WAKE_AFTER):
                    return
                self._watch_wake.wait(min(seconds - waited, IDLE_POLL))

    def _drop_main(self) -> None:
        """The IDLE connection lost the server (a BYE, a connection closed or refused):
        the main connection goes too, and the next command logs in again. A restarted
        Dovecot's old processes kept serving it for minutes while no new connection was
        taken, so the resyncs found nothing wrong and nobody said "offline"
        (docs/live-changes.md, "A server restart")."""
        with self._lock:
            client, self._client = self._client, None
            self._selected = None
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()  # no LOGOUT: the server is going away

    def _watch_folder(self, folder: str, on_change: Callable[[], None],
                      stop: threading.Event, wake: int | None = None) -> None:
        backoff = WATCH_BACKOFF_FIRST
        while not stop.is_set():
            watcher = ImapSource(self.account, read_only=self.read_only)
            listings, missing = self.listings, False
            with self._watch_wake:
                logins, renewals = self._logins, self._renewals
            try:
                client = watcher.connect()
                try:
                    opened = client.select_folder(folder, readonly=self.read_only)
                except imaplib.IMAP4.error:
                    missing = watcher._missing(folder) is not None
                    if not missing:
                        raise
                    continue  # (after closing the connection, below)
                backoff = WATCH_BACKOFF_FIRST
                uidnext = int(opened.get(b"UIDNEXT", 0) or 0)
                self._idle(client, on_change, stop, _Watched(
                    folder, int(opened.get(b"UIDVALIDITY", 0)), uidnext, self.read_only,
                    renewals), wake)
            except ConfigError:
                return  # the secret cannot be had: the next listing says why
            except (SourceError, imaplib.IMAP4.error, OSError, EOFError) as e:
                if isinstance(e, LoginRefused):
                    # Retrying a refused password is useless (and looks like an attack to the
                    # server); the listing shows the error, a reload starts watching again.
                    return
                if backoff == WATCH_BACKOFF_FIRST and isinstance(
                        e, (ConnectionProblem, imaplib.IMAP4.abort, OSError, EOFError)):
                    self._drop_main()  # once an outage: the resync below finds out
                on_change()  # let the UI find out (offline banner, reconnect)
                self._await_reconnect(stop, backoff, logins)
                backoff = min(backoff * 2, WATCH_BACKOFF_CAP)
            except Exception:  # a thread's traceback would print over the TUI
                # A bug (in a password callable, say): stop watching; the listing, which
                # takes the same path, reports it.
                return
            finally:
                watcher.close()
                if missing:
                    self._await_folder(folder, listings, stop)

    def _await_folder(self, folder: str, listings: int, stop: threading.Event) -> None:
        """A folder the server does not have is not watched: no connection, no retry and
        no change notice (each would resync and ask the server for its folders again),
        until a later listing (F5, or a resync another folder's change asked for) finds
        it there (docs/config.md)."""
        while not stop.wait(IDLE_POLL):
            if self.listings != listings and folder not in self.missing_folders:
                return

    def _idle(self, client: IMAPClient, on_change: Callable[[], None],
              stop: threading.Event, watched: _Watched | None = None,
              wake: int | None = None) -> None:
        """Sit in one IDLE until ``stop``, calling ``on_change`` as soon as a response
        says something changed (docs/live-changes.md). The IDLE is renewed only every
        IDLE_RENEW seconds: ending it at each look at ``stop`` left the server's answer to
        the next IDLE in imaplib's buffer, unseen for seconds. New mail in ``watched`` is
        read on this connection (``_prefetch``). ``wake``, readable, means look at
        ``stop`` now (``end_watches``); the IDLE is then ended with its DONE, and the
        LOGOUT that follows, waiting at most LOGOUT_WAIT for each answer."""
        client.idle()
        # Whatever changed before IDLE started (the last listing may be seconds old, a
        # large folder takes a while to open) is found by one resync.
        on_change()
        renew = time.monotonic() + IDLE_RENEW
        heard = time.monotonic()
        while True:  # a stop set already still ends the IDLE with its DONE (below)
            responses = _idle_responses(client, IDLE_POLL, self.account.timeout, wake)
            now = time.monotonic()
            if responses:
                heard = now
            if watched is not None and (watched.read_only != self.read_only
                                        or watched.renewals != self._renewals):
                # A skim began or ended (open the folder as it says), or F5 asked for a
                # new connection (``renew_watch``).
                client.idle_done()
                return
            if watched is not None and watched.uidnext and any(_is_new(r) for r in responses):
                self._prefetch(client, watched, on_change)
                renew = time.monotonic() + IDLE_RENEW
            elif any(_is_change(r) for r in responses):
                on_change()
            if now - heard > IDLE_SILENCE:
                raise ConnectionLost(f"The IDLE connection to {self.account.where} went "
                                     "silent. hdtui will reconnect.")
            if stop.is_set():
                client.socket().settimeout(LOGOUT_WAIT)  # the LOGOUT after it too
            if now >= renew or stop.is_set():
                # DONE flushes what the server held back: those count too.
                _, pending = client.idle_done()
                if any(_is_change(r) for r in pending or ()):
                    on_change()
                if stop.is_set():
                    return
                client.idle()
                renew = heard = time.monotonic()
                renew += IDLE_RENEW

    def _prefetch(self, client: IMAPClient, watched: _Watched,
                  on_change: Callable[[], None]) -> None:
        """New mail was announced on the IDLE connection: say so, then read the new
        messages on this connection (while the main one lists what changed) and keep
        them for ``_bodies``, and go back to IDLE. Dovecot's Maildir moved the new file
        into cur/ for this connection; the main connection's first read of it made
        Dovecot read the whole folder again: 0.2-0.45 s at 100,000 messages, against
        1 ms here (docs/live-changes.md)."""
        with self._prefetch_done:
            self._prefetching.add(watched.folder)
            self._heading.add(watched.folder)
        try:
            on_change()
            imap = client._imap
            for kind in ("EXISTS", "EXPUNGE"):
                imap.untagged_responses.pop(kind, None)
            _, pending = client.idle_done()
            changed = any(_is_change(r) for r in pending or ())
            # The header fields come with the sizes: once a client asked for them, Dovecot
            # keeps them in its cache as mail is delivered, and hands them over without
            # opening the new file, whose first opening reads all of cur/ on a Maildir
            # (docs/live-changes.md, "A row before the body").
            typ, data = imap.uid("FETCH", f"{watched.uidnext}:*",
                                 f"(UID RFC822.SIZE {HEADERS_ITEM})")
            sizes: dict[int, int] = {}
            heads: dict[int, bytes] = {}
            for key, values in _parse_fetch(data if typ == "OK" else []).items():
                uid = int(values.get(b"UID", key))  # imapclient's key is the UID
                if b"RFC822.SIZE" not in values:
                    changed = True  # another message's flags, told meanwhile
                elif uid >= watched.uidnext:
                    sizes[uid] = int(values[b"RFC822.SIZE"])
                    head = next((v for k, v in values.items() if isinstance(k, bytes)
                                 and k.startswith(b"BODY[HEADER")), None)
                    if isinstance(head, bytes):
                        heads[uid] = head
            if sizes:
                watched.uidnext = max(sizes) + 1
            # (a burst is read as on a start)
            self._keep(self._headed, watched, heads if len(heads) <= PREFETCH_MOST else {},
                       self._heading)
            small = sorted(uid for uid, size in sizes.items() if size <= PREFETCH_BYTES)
            bodies = _fetch_bodies(client, small) if 0 < len(small) <= PREFETCH_MOST else {}
            # The read waiting for these bodies goes on now, not once the IDLE is back in
            # place (a round trip: 20-30 ms at 100,000 messages under load,
            # docs/live-changes.md).
            self._keep(self._prefetched, watched, bodies, self._prefetching)
            changed = changed or any(kind in imap.untagged_responses
                                     for kind in ("EXISTS", "EXPUNGE"))
            client.idle()
            if changed:
                on_change()
        finally:
            with self._prefetch_done:
                self._prefetching.discard(watched.folder)
                self._heading.discard(watched.folder)
                self._prefetch_done.notify_all()

    def _keep(self, kept: dict[tuple[str, int, int], bytes], watched: _Watched,
              found: Mapping[int, bytes], reading: set[str]) -> None:
        """Keep what the IDLE connection read of new mail (header fields or bodies) for a
        resync or a read to take, the last PREFETCH_MOST at most (the rest was never
        taken), and wake whoever waits for the folder's ``reading`` to end."""
        with self._prefetch_done:
            for uid, data in found.items():
                kept[(watched.folder, watched.uidvalidity, uid)] = data
            for key in list(kept)[:-PREFETCH_MOST]:
                del kept[key]
            reading.discard(watched.folder)
            self._prefetch_done.notify_all()

    def new_headers(self, items: Sequence[SourceItem]) -> dict[str, Message]:
        """New messages among ``items`` known by the header fields (HEADER_FIELDS) that
        the IDLE connection read before their bodies, taken from its keeping (waiting at
        most HEADERS_WAIT for a reading of them in progress), by key: what a provisional
        row of new mail is made of, shown while the body is read (docs/live-changes.md)."""
        wanted: dict[tuple[str, int, int], SourceItem] = {}
        with self._prefetch_done:
            if not self._headed and not self._heading:
                return {}
            folders = {_split_key(item.key)[0] for item in items}
            deadline = time.monotonic() + HEADERS_WAIT
            while (self._heading & folders and not self._ending
                   and (left := deadline - time.monotonic()) > 0):
                self._prefetch_done.wait(left)
            if self._ending:
                return {}
            for item in items:
                folder, uid = _split_key(item.key)
                known = self.folders.get(folder)
                if known is not None:
                    wanted[(folder, known.uidvalidity, uid)] = item
            heads = {item: head for at, item in wanted.items()
                     if (head := self._headed.pop(at, None)) is not None}
        return {item.key: parse_headers(head, item) for item, head in heads.items()}

    def _take_prefetched(self, folder: str, uids: Uids) -> dict[int, bytes]:
        """The bodies among ``uids`` the IDLE connection read (``_prefetch``), taken from
        its keeping; waits for a reading of new mail in progress in the folder."""
        with self._prefetch_done:
            if not self._prefetched and folder not in self._prefetching:
                return {}
            self._prefetch_done.wait_for(
                lambda: folder not in self._prefetching or self._ending, PREFETCH_WAIT)
            if self._ending:
                raise ReadsEnded
            known = self.folders.get(folder)
            if known is None:
                return {}
            found = {uid: self._prefetched.pop((folder, known.uidvalidity, uid), None)
                     for uid in uids}
            return {uid: body for uid, body in found.items() if body is not None}

    # -- reading ----------------------------------------------------------------------

    def read(self, key: str) -> bytes:
        """The raw bytes of one message (BODY.PEEK[]: reading never marks it seen), for
        forwarding it unchanged."""
        folder, uid = _split_key(key)
        body = self._bodies(folder, [uid], f"reading {key}").get(uid)
        if body is None:
            raise SourceError(f"Message {key} is no longer on the server.")
        return body

    def _bodies(self, folder: str, uids: Uids, what: str) -> dict[int, bytes]:
        """The raw bytes of messages by UID, in one ``UID FETCH (BODY.PEEK[])`` (new mail
        the IDLE connection read already is not fetched again)."""
        if self._ending:
            raise ReadsEnded
        data = self._take_prefetched(folder, uids)
        rest = [uid for uid in uids if uid not in data]
        if rest:
            data.update(self._in_folder(folder, what, lambda c: self._fetch_cut(c, rest)))
        return {uid: data[uid] for uid in uids if uid in data}

    def _fetch_cut(self, client: IMAPClient, uids: Uids) -> dict[int, bytes]:
        """``_fetch_bodies`` on the main connection, which ``end_reads`` may cut short."""
        self._fetching = client
        try:
            if self._ending:
                raise ReadsEnded
            return _fetch_bodies(client, uids)
        finally:
            self._fetching = None

    def end_reads(self) -> None:
        """The process is ending (a quit, a hang-up): reads of bodies stop now instead of
        holding up its exit (Python waits for every worker's thread). A read waiting for
        the IDLE connection's reading of new mail (up to PREFETCH_WAIT) or a resync for
        its header fields (HEADERS_WAIT) stops waiting; a body fetch under way on the
        main connection is cut short (its socket shut: the fetch reads, it writes
        nothing); no read starts or reconnects after. Each raises ReadsEnded: nothing of
        it is cached, and the next start reads those messages (docs/live-changes.md,
        "Ending during a read"). A command that writes is never cut."""
        with self._prefetch_done:
            self._ending = True
            self._prefetch_done.notify_all()
        client = self._fetching
        if client is not None:
            with contextlib.suppress(OSError, AttributeError):
                # The plain socket's shutdown, not the TLS one's: that one drops its TLS
                # state under the thread reading it.
                socket.socket.shutdown(client.socket(), socket.SHUT_RDWR)

    def append(self, folder: str, data: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Save a message to a folder (the Sent copy of a reply); refused in a skim."""
        self._writable("saving a copy of a sent message")

        def run() -> None:
            self._call(f"saving to {folder}",
                       lambda c: c.append(folder, data, flags=[f.encode() for f in flags]))

        self._retrying(run)

    def _arrivals(self, folder: str, uids: Uids) -> dict[int, datetime]:
        """The INTERNALDATE of messages listed without one (rows the cache's migration left
        to read again, their arrival not cached: docs/store.md), by UID: what their dates
        are compared with (``parse.believed_date``). Asked only for those, in one short
        FETCH; never for a message the listing dated."""

        def run(client: IMAPClient) -> dict[int, Any]:
            data = _uid_fetch(client, uids, "(UID INTERNALDATE)")
            return _listed(data) or _by_uid(data)

        found: dict[int, Any] = self._in_folder(
            folder, f"reading when {len(uids)} messages arrived", run)
        dated = {uid: self._item(folder, 0, uid, values).mtime for uid, values in found.items()}
        return {uid: when for uid, when in dated.items() if when is not None}

    def load(self, item: SourceItem) -> Parsed:
        """Fetch and parse one message with BODY.PEEK[] (reading never marks it seen)."""
        (loaded,) = self.load_many([item])
        if isinstance(loaded, SourceError):
            raise loaded
        return loaded

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Fetch several messages with one ``UID FETCH (BODY.PEEK[])`` per folder."""
        by_folder: dict[str, list[tuple[int, SourceItem]]] = {}
        for item in items:
            folder, uid = _split_key(item.key)
            by_folder.setdefault(folder, []).append((uid, item))
        raw: dict[str, bytes] = {}
        arrived: dict[str, datetime] = {}
        failed: SourceError | None = None
        for folder, wanted in by_folder.items():
            try:
                bodies = self._bodies(folder, [uid for uid, _ in wanted],
                                      f"reading {len(wanted)} messages")
            except SourceError as error:
                failed = error
                break
            raw.update((item.key, bodies[uid]) for uid, item in wanted if uid in bodies)
            undated = [uid for uid, item in wanted if item.mtime is None and uid in bodies]
            if undated:
                try:
                    dates = self._arrivals(folder, undated)
                except SourceError as error:
                    failed = error
                    break
                arrived.update((item.key, dates[uid]) for uid, item in wanted if uid in dates)
        result: Loaded = []
        for item in items:
            body = raw.get(item.key)
            if body is not None:
                when = arrived.get(item.key)
                if when is not None:
                    item = SourceItem(item.key, item.size, item.seen, when, item.keywords,
                                      item.modseq)
                result.append(parse_item(body, item))
            else:
                result.append(failed or SourceError(
                    f"Message {item.key} is no longer on the server."))
        return result

    # -- shared triage state ------------------------------------------------------------

    def _writable(self, what: str) -> None:
        if self.read_only:
            raise ReadOnlyError(f"This is a read-only skim: {what} is not allowed.")

    def set_keywords(self, key: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        """Add and remove keywords on one message."""
        self._writable("changing triage marks")
        folder, uid = _split_key(key)
        adding, removing = [a.encode() for a in add], [r.encode() for r in remove]

        def store(client: IMAPClient) -> None:
            if adding:
                client.add_flags([uid], adding, silent=True)
            if removing:
                client.remove_flags([uid], removing, silent=True)

        self._in_folder(folder, f"marking {key}", store)

    def claim(self, key: str, keyword: str, seen_modseq: int) -> bool:
        """Set ``keyword`` only if nobody changed the message since ``seen_modseq``.

        With CONDSTORE this is ``STORE (UNCHANGEDSINCE n)``: of two members claiming at
        once one wins. ``n`` is the listing's mod-sequence, or, when the row has none (0),
        the one the FETCH just before reads. An OK is a win only when the answer reports
        no other session's change of the message's flags: Dovecot answers OK to both of
        two STOREs that overlap inside it (docs/marks.md, "Two members at once"). Without
        CONDSTORE, re-check the flags first (a small window). Returns False when someone
        else got there first, or may have.
        """
        self._writable("claiming a message")
        folder, uid = _split_key(key)
        items = ["FLAGS", "MODSEQ"] if self._condstore else ["FLAGS"]

        def run() -> bool:
            if self._selected != folder:
                self._select(folder)
            current = self._call(f"claiming {key}",
                                 lambda c: c.fetch([uid], items)).get(uid, {})
            flags = {_text(f) for f in current.get(b"FLAGS", ())}
            if keyword in flags:
                return False
            since = seen_modseq or _modseq(current)
            if not (self._condstore and since):
                self._call(f"claiming {key}",
                           lambda c: c.add_flags([uid], [keyword.encode()], silent=True))
                return True
            seq = int(current.get(b"SEQ", 0))
            won: bool = self._call(
                f"claiming {key}", lambda c: _store_unless_changed(c, uid, seq, keyword, since))
            return won

        won: bool = self._retrying(run)
        return won

    # -- the shared claims folder (docs/marks.md, "Who claimed") -------------------------

    def folder_name(self, name: str) -> str:
        """The server's name for a folder written with ``/`` between levels: the personal
        namespace's prefix and hierarchy separator (asked once, NAMESPACE)."""
        with self._lock:
            if self._namespace is None:
                prefix, separator = "", "/"
                with contextlib.suppress(SourceError):
                    spaces = self._retrying(lambda: self._call("asking the namespace",
                                                               lambda c: c.namespace()))
                    personal = spaces.personal[0] if spaces and spaces.personal else None
                    if personal:
                        prefix = _text(personal[0])
                        separator = _text(personal[1]) if personal[1] else "/"
                self._namespace = (prefix, separator)
            prefix, separator = self._namespace
        server = name.replace("/", separator)
        return server if server.startswith(prefix) else prefix + server

    def has_folder(self, folder: str) -> bool:
        """Whether a folder exists (LIST)."""
        def run() -> bool:
            found: bool = self._call(f"looking for {folder}", lambda c: c.folder_exists(folder))
            return found

        found: bool = self._retrying(run)
        return found

    def create_folder(self, folder: str) -> None:
        """Create a folder (CREATE); refused in a skim."""
        self._writable(f"creating the folder {folder}")
        self._retrying(lambda: self._call(f"creating {folder}",
                                          lambda c: c.create_folder(folder)))

    def folder_headers(self, folder: str, fields: Sequence[str]
                       ) -> dict[int, tuple[bytes, datetime | None]] | None:
        """The named header fields and INTERNALDATE of every message of a small folder, by
        UID, in one ``UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (...)] INTERNALDATE)``, read
        on a second connection (EXAMINE: reading changes nothing), so that the mailbox
        stays open on this one (docs/live-changes.md, "Opening the folder once"). None
        when the folder does not exist."""
        with self._lock:
            if self._side is None:
                self._side = ImapSource(self.account, read_only=True)
            side = self._side
        return side._folder_headers(folder, fields)

    def _folder_headers(self, folder: str, fields: Sequence[str]
                        ) -> dict[int, tuple[bytes, datetime | None]] | None:
        item = f"BODY.PEEK[HEADER.FIELDS ({' '.join(fields)})]"

        def fetch(client: IMAPClient) -> dict[int, dict[bytes, Any]]:
            # imapclient refuses ``1:*``: the raw command, as in _changed_since.
            typ, data = client._imap.uid("FETCH", "1:*", f"(UID INTERNALDATE {item})")
            if typ != "OK":
                raise _protocol_error(f"FETCH: {typ} {data!r}")
            return _by_uid(data)

        def run() -> dict[int, tuple[bytes, datetime | None]] | None:
            try:
                _, _, count = self._select(folder)
            except ConnectionLost:
                raise
            except SourceError:
                if not self._call(f"looking for {folder}", lambda c: c.folder_exists(folder)):
                    return None
                raise
            data = self._call(f"reading {folder}", fetch) if count else {}
            found: dict[int, tuple[bytes, datetime | None]] = {}
            for uid, values in data.items():
                header = next((v for k, v in values.items()
                               if k.startswith(b"BODY[") and isinstance(v, bytes)), b"")
                date = values.get(b"INTERNALDATE")
                found[int(uid)] = (header, date if isinstance(date, datetime) else None)
            return found

        result: dict[int, tuple[bytes, datetime | None]] | None = self._retrying(run)
        return result

    def folder_bodies(self, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
        """The whole messages of a small shared folder by UID (BODY.PEEK: a hand-off note,
        docs/shift.md)."""
        return self._bodies(folder, list(uids), f"reading {folder}") if uids else {}

    def delete_messages(self, folder: str, uids: Sequence[int]) -> None:
        """Delete messages for good: ``STORE +FLAGS (\\Deleted)``, then ``UID EXPUNGE`` of
        just those (UIDPLUS), else ``EXPUNGE``; refused in a skim."""
        self._writable(f"deleting from {folder}")
        if not uids:
            return

        def run(client: IMAPClient) -> None:
            client.add_flags(list(uids), [b"\\Deleted"], silent=True)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(list(uids))
            else:
                client.expunge()

        self._in_folder(folder, f"deleting from {folder}", run)

    # -- what the server says now, and what was sent (docs/team-mail.md) ----------------

    def flags(self, key: str) -> frozenset[str]:
        """A message's keywords and shown standard flags as the server has them now (one
        ``UID FETCH (FLAGS)``): the re-check before answering. Raises SourceError (also
        when the message is gone)."""
        folder, uid = _split_key(key)
        found = self._in_folder(folder, f"re-reading the marks of {key}",
                                lambda c: c.fetch([uid], ["FLAGS"]))
        if uid not in found:
            raise SourceError("This message is no longer on the server.")
        flags = (_text(f) for f in found[uid].get(b"FLAGS", ()))
        return frozenset(f for f in flags if not f.startswith("\\") or f in SHOWN_FLAGS)

    def sent_about(self, folder: str, message_id: str, words: str, fields: Sequence[str]
                   ) -> Found:
        """The header fields and INTERNALDATE of the messages of ``folder`` (Sent) that
        answer ``message_id`` (In-Reply-To or References) or carry ``words`` (a report
        ID) in their subject: ``UID SEARCH`` then one ``UID FETCH``. Reading changes
        nothing (BODY.PEEK); a folder that does not exist has none."""
        criteria: Criteria = []
        if message_id:
            criteria = ["OR", "HEADER", "In-Reply-To", message_id,
                        "HEADER", "References", message_id]
        if words:
            criteria = ["OR", *criteria, "SUBJECT", words] if criteria else ["SUBJECT", words]
        if not criteria:
            return []
        item = f"BODY.PEEK[HEADER.FIELDS ({' '.join(fields)})]"

        def search(client: IMAPClient) -> Found:
            uids = client.search(criteria)
            if not uids:
                return []
            data = client.fetch(uids, ["INTERNALDATE", item])
            found: Found = []
            for uid in sorted(data):
                values = data[uid]
                header = next((v for k, v in values.items()
                               if k.startswith(b"BODY[") and isinstance(v, bytes)), b"")
                date = values.get(b"INTERNALDATE")
                if isinstance(date, datetime) and date.tzinfo is None:
                    date = date.replace(tzinfo=UTC)
                found.append((header, date if isinstance(date, datetime) else None))
            return found

        def run() -> Found:
            try:
                self._select(folder)
            except ConnectionLost:
                raise
            except SourceError:
                if not self._call(f"looking for {folder}", lambda c: c.folder_exists(folder)):
                    return []
                raise
            found: Found = self._call(f"searching {folder}", search)
            return found

        result: Found = self._retrying(run)
        return result


def _protocol_error(text: str) -> Exception:
    """imapclient's error for an unexpected answer (connected: imapclient is loaded)."""
    from imapclient.exceptions import IMAPClientError

    error: Exception = IMAPClientError(text)
    return error


def _modseq(values: dict[bytes, Any]) -> int:
    """The MODSEQ of one message's FETCH answer (0 without one)."""
    found = values.get(b"MODSEQ")
    return int(found[0]) if found else 0


def _store_unless_changed(client: IMAPClient, uid: int, seq: int, keyword: str,
                          since: int) -> bool:
    """``UID STORE uid (UNCHANGEDSINCE since) +FLAGS.SILENT (keyword)`` (imapclient has no
    STORE modifiers): True when it set the keyword and nobody else changed the message
    (``seq``: its sequence number, for a server whose FETCH answers carry no UID).

    False on ``[MODIFIED]`` (RFC 7162, 3.1.3), and also on an OK whose answer reports
    another session's change of this message's flags: a .SILENT STORE of ours brings
    back its MODSEQ only, so FLAGS there are someone else's change, made after the FETCH
    before this STORE. Dovecot answers so when two claims overlap inside it: the later
    STORE's check ran before the earlier one committed, and both commit, or the later
    finds the keyword set and has nothing to refuse (docs/marks.md, "Two members at
    once")."""
    imap = client._imap
    imap.untagged_responses.pop("MODIFIED", None)
    imap.untagged_responses.pop("FETCH", None)  # answers to earlier commands
    typ, data = imap.uid("STORE", str(uid), f"(UNCHANGEDSINCE {since})",
                         "+FLAGS.SILENT", f"({keyword})")
    if typ != "OK":
        raise _protocol_error(f"STORE: {typ} {data!r}")
    if imap.untagged_responses.pop("MODIFIED", None):
        return False
    return not _flags_changed_by_another(data, uid, seq)


def _flags_changed_by_another(data: Sequence[Any], uid: int, seq: int) -> bool:
    """Whether a silent STORE's FETCH answers report FLAGS of the message ``uid`` (sequence
    number ``seq``): another session's change, since our own silent STORE brings back its
    MODSEQ only. An answer is the message's by its UID when it carries one, else by its
    sequence number: an unsolicited answer about another message may carry no UID
    (RFC 3501 requires it only in answers to UID commands), and its number is no UID."""
    for answer in _answers(data):
        for values in _parse_fetch(answer, uid_is_key=False).values():
            found = values.get(b"UID")
            ours = found == uid if found is not None else bool(seq) and values[b"SEQ"] == seq
            if ours and b"FLAGS" in values:
                return True
    return False


_ANSWER_START_RE = lazy(rb"\d+ \(")


def _answers(data: Sequence[Any]) -> Iterator[list[Any]]:
    """imaplib's FETCH data as one list per answer: an answer is a line, or a line with a
    literal (a tuple) and what follows it (``)``, `` FLAGS (...))``)."""
    answer: list[Any] = []
    for item in data:
        if item is None:
            continue
        if isinstance(item, tuple) or _ANSWER_START_RE().match(item):
            if answer:
                yield answer
            answer = [item]
        else:
            answer.append(item)
    if answer:
        yield answer


def _by_uid(data: Sequence[Any]) -> dict[int, dict[bytes, Any]]:
    """A UID FETCH's answers by UID, each answer read on its own. An answer without a UID
    (another session's change of some message, told by its sequence number only) is left
    out: keyed as imapclient keys them (by UID where an answer has one, by number where
    not) the number of one message could be taken for the UID of another, or its FLAGS
    merged into another's; keyed by number, two messages that share one after an EXPUNGE
    the server tells meanwhile (RFC 3501 allows it during UID commands) were one."""
    found: dict[int, dict[bytes, Any]] = {}
    for answer in _answers(data):
        for values in _parse_fetch(answer, uid_is_key=False).values():
            if b"UID" in values:
                found.setdefault(int(values[b"UID"]), {}).update(values)
    return found


def _parse_fetch(data: Sequence[Any], uid_is_key: bool = True) -> Any:
    """imapclient's parse of a raw FETCH response (its None items dropped): keyed by UID
    where an answer has one, else by sequence number; with ``uid_is_key`` False keyed by
    sequence number, the UID among the values."""
    from imapclient.response_parser import parse_fetch_response

    return parse_fetch_response([d for d in data if d is not None], uid_is_key=uid_is_key)


WRONG_SETTING_KEPT = 30.0
"""Seconds a connection that failed for a setting is said again without a new try."""

MISSING_FOLDERS_SHOWN = 20
"""How many of the server's folders a missing folder's message lists."""


def _login(client: IMAPClient, user: str, password: str) -> None:
    """Log in with AUTHENTICATE PLAIN when the server offers it, else with LOGIN.

    imaplib encodes LOGIN's arguments as ASCII (a non-ASCII password raised
    UnicodeEncodeError), while PLAIN carries UTF-8 by definition (RFC 4616). Without
    AUTH=PLAIN a non-ASCII secret cannot be sent: say so instead of failing inside imaplib.
    """
    if client.has_capability("AUTH=PLAIN"):
        client.plain_login(user, password)
    elif user.isascii() and password.isascii():
        client.login(user, password)
    else:
        raise LoginRefused(
            "The IMAP server does not offer AUTHENTICATE PLAIN, the only way hdtui can send a "
            "user name or password with non-ASCII characters. Use an ASCII password, or ask "
            "the server's admins to enable the PLAIN mechanism.")


class _Watched:
    """The folder an IDLE connection watches, as it opened it (EXAMINE when
    ``read_only``): new mail is what has a UID from ``uidnext`` on (0: unknown)."""

    __slots__ = ("folder", "read_only", "renewals", "uidnext", "uidvalidity")

    def __init__(self, folder: str, uidvalidity: int, uidnext: int, read_only: bool,
                 renewals: int = 0) -> None:
        self.folder = folder
        self.uidvalidity = uidvalidity
        self.uidnext = uidnext
        self.read_only = read_only
        self.renewals = renewals
        """``ImapSource.renew_watch`` calls when it was opened (more since: open again)."""


def _uid_fetch(client: IMAPClient, uids: Uids, items: str) -> list[Any]:
    """``UID FETCH uids items`` in the open folder: the raw answer as imaplib gives it."""
    # imapclient sends a list as 1,2,3,...: a batch of consecutive UIDs as ranges is one
    # short command.
    typ, data = client._imap.uid("FETCH", uid_set(uids), items)
    if typ != "OK":
        raise _protocol_error(f"FETCH: {typ} {data!r}")
    return list(data)


def _fetch_bodies(client: IMAPClient, uids: Uids) -> dict[int, bytes]:
    """``UID FETCH uids (BODY.PEEK[])`` in the open folder: the bodies by UID."""
    data = _uid_fetch(client, uids, "(UID BODY.PEEK[])")
    bodies = _literal_bodies(data)
    if bodies is not None:
        return bodies
    found = {uid: values.get(b"BODY[]") for uid, values in _by_uid(data).items()}
    return {uid: body for uid, body in found.items() if isinstance(body, bytes)}


def _is_new(response: Any) -> bool:
    """An IDLE response announcing new mail (``* N EXISTS``)."""
    return isinstance(response, tuple) and len(response) >= 2 and response[1] == b"EXISTS"


def _is_change(response: Any) -> bool:
    """IDLE responses that mean something changed (not the "Still here" keepalive)."""
    return isinstance(response, tuple) and len(response) >= 2 and \
        response[1] in (b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED")


def _idle_responses(client: IMAPClient, wait: float, timeout: float,
                    wake: int | None = None) -> list[Any]:
    """The responses of an IDLE that have arrived, waiting at most ``wait`` seconds for the
    first, or until ``wake`` (a file descriptor) is readable. Unlike imapclient's
    ``idle_check`` it first reads what imaplib's buffer already holds (a response that
    came in the same packet as the server's "+ idling" sits there, and the socket then
    has nothing more to say), and a connection the server closed raises instead of
    reading as nothing, again and again.
    Raises imaplib's abort on a closed connection."""
    from imapclient.imapclient import _parse_untagged_response

    imap = client._imap
    sock = client.socket()
    sock.setblocking(False)
    try:
        if not _buffered(imap):
            poller = select.poll()
            poller.register(sock.fileno(), select.POLLIN)
            if wake is not None:
                poller.register(wake, select.POLLIN)
            ready = [fd for fd, _ in poller.poll(wait * 1000)]
            if sock.fileno() not in ready:
                return []  # nothing yet, or woken: the caller looks at its stop
        lines: list[bytes] = []
        while True:
            try:
                line = imap._get_line()
            except OSError:  # TLS: nothing more to read for now
                break
            except imaplib.IMAP4.abort:
                if lines:  # a plain socket with nothing more to read reads as EOF
                    break
                raise  # readable, and nothing there: the server closed the connection
            lines.append(line)
        return [_parse_untagged_response(line) for line in lines if line.startswith(b"* ")]
    finally:
        sock.settimeout(timeout)


def _buffered(imap: imaplib.IMAP4) -> bool:
    """Whether imaplib's reader holds data not read yet (the socket is non-blocking: a
    peek at an empty buffer reads what the connection has now, without waiting)."""
    reader: Any = imap.file  # a BufferedReader over the socket
    try:
        return bool(reader.peek(1))
    except OSError:  # TLS with nothing to read
        return False


_BODY_RESPONSE = lazy(rb"\d+ \(UID (\d+) BODY\[\] \{\d+\}")


def _literal_bodies(data: Sequence[Any]) -> dict[int, bytes] | None:
    """The bodies of a ``UID FETCH (UID BODY.PEEK[])`` response as imaplib hands it over
    (``(b'7 (UID 12 BODY[] {2048}', body)`` then ``b')'`` per message), read without
    imapclient's general parser (a third of the fetch's time). None when the response has
    any other shape (another order, other items, a server's unsolicited FLAGS): the
    general parser reads those."""
    bodies: dict[int, bytes] = {}
    expect_close = False
    for part in data:
        if isinstance(part, tuple) and len(part) == 2 and not expect_close:
            match = _BODY_RESPONSE().fullmatch(part[0])
            if match is None or not isinstance(part[1], bytes):
                return None
            bodies[int(match.group(1))] = part[1]
            expect_close = True
        elif part == b")" and expect_close:
            expect_close = False
        elif part is not None:
            return None
    return None if expect_close else bodies


_LISTED = lazy(rb"\d+ \((.*)\)")
_LISTED_ITEM = lazy(
    rb'(UID|RFC822\.SIZE) (\d+)|FLAGS \(([^()"{}]*)\)|INTERNALDATE "([^"]*)"|MODSEQ \((\d+)\)')


_MONTHS = {name: number for number, name in enumerate(
    (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
     b"Dec"), 1)}
_INTERNALDATE = lazy(
    rb"([ \d]\d)-([A-Z][a-z]{2})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")


def _local_minutes() -> int:
    """The machine's offset from UTC now, in minutes, as imapclient's ``normalise`` takes
    it (``FixedOffset.for_system``)."""
    return -(time.altzone if time.localtime().tm_isdst and time.daylight
             else time.timezone) // 60


def _internaldate(date: bytes, local: int) -> datetime:
    """An INTERNALDATE as imapclient's ``parse_to_datetime(date, normalise=True)`` gives
    it (a naive datetime in the machine's time, ``local`` minutes from UTC), read from its
    usual form ``05-Dec-2026 19:47:20 +0000`` without the e-mail date parser (a third of
    the listing's CPU: docs/cold-start.md, "The listing's answer"); any other form, and a
    zone of -0000 (which the e-mail parser reads as no zone at all), goes to imapclient.
    Raises ValueError when it cannot be read, as imapclient does."""
    match = _INTERNALDATE().fullmatch(date)
    month = _MONTHS.get(match.group(2)) if match is not None else None
    if match is None or month is None or (match.group(7) == b"-" and match.group(8, 9) == (
            b"00", b"00")):
        return _imapclient_date(date)
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    zone = int(zone_hours) * 60 + int(zone_minutes)
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute), int(second)) \
            + timedelta(minutes=local - (zone if sign == b"+" else -zone))
    except (ValueError, OverflowError):  # no such day, or out of range: as imapclient says
        return _imapclient_date(date)


def _imapclient_date(date: bytes) -> datetime:
    from imapclient.datetime_util import parse_to_datetime

    value: datetime = parse_to_datetime(date, normalise=True)
    return value


def _listed(data: Sequence[Any]) -> dict[int, dict[bytes, Any]] | None:
    """A listing's ``UID FETCH (UID FLAGS RFC822.SIZE INTERNALDATE [MODSEQ])`` response as
    imaplib hands it over (``b'7 (UID 12 FLAGS (\\Seen) RFC822.SIZE 2048 INTERNALDATE
    "..." MODSEQ (5))'`` per message), read without imapclient's general parser (most of
    the listing's time), into what that parser gives: values by UID, FLAGS as a tuple of
    bytes, the size an int, INTERNALDATE a datetime as imapclient makes it, MODSEQ a
    1-tuple. None when anything has another shape (a literal, an item not listed here, a
    quoted flag): the general parser reads those."""
    local = _local_minutes()
    found: dict[int, dict[bytes, Any]] = {}
    for line in data:
        if line is None:
            continue
        match = _LISTED().fullmatch(line) if isinstance(line, bytes) else None
        values = _listed_values(line, match.start(1), match.end(1), local) \
            if match is not None else None
        if values is None:
            return None
        found[values.pop(b"UID")] = values
    return found


def _listed_values(line: bytes, position: int, end: int,
                   local: int) -> dict[bytes, Any] | None:
    """The listing's items of one message, ``line[position:end]`` (``_LISTED_ITEM``s
    apart by one space), as imapclient's parser gives them, the UID included; None when
    anything has another shape or no UID is there."""
    values: dict[bytes, Any] = {}
    while position < end:
        item = _LISTED_ITEM().match(line, position, end)
        if item is None:
            return None
        name, number, flags, date, modseq = item.groups()
        if name == b"UID":
            values[b"UID"] = int(number)
        elif name is not None:
            values[b"RFC822.SIZE"] = int(number)
        elif flags is not None:
            values[b"FLAGS"] = tuple(flags.split())
        elif date is not None:
            try:
                values[b"INTERNALDATE"] = _internaldate(date, local)
            except (ValueError, OverflowError):
                values[b"INTERNALDATE"] = None
        else:
            values[b"MODSEQ"] = (int(modseq),)
        position = item.end()
        if position < end:
            if line[position:position + 1] != b" ":
                return None
            position += 1
    return values if isinstance(values.get(b"UID"), int) else None


_GLIMPSED = lazy(rb"(\d+) \((.*) (BODY\[HEADER\.FIELDS \([^()]*\)\]) \{(\d+)\}")
"""A glimpse's FETCH answer for one message up to its headers' literal."""


def _glimpsed(data: Sequence[Any]) -> dict[int, dict[bytes, Any]] | None:
    """A glimpse's ``FETCH n:* (UID FLAGS RFC822.SIZE INTERNALDATE [MODSEQ]
    BODY.PEEK[HEADER.FIELDS (...)])`` response as imaplib hands it over (``(b'7 (UID 12
    FLAGS () ... BODY[HEADER.FIELDS (FROM ...)] {230}', headers)`` then ``b')'`` per
    message), read without imapclient's general parser, into what that parser gives:
    values by UID, with the sequence number as ``SEQ`` and the headers under the item's
    name as the server wrote it. None when anything has another shape (an item after the
    literal, another order, a literal of another length, an unsolicited answer): the
    general parser reads those."""
    local = _local_minutes()
    found: dict[int, dict[bytes, Any]] = {}
    expect_close = False
    for part in data:
        if part is None:
            continue
        if isinstance(part, tuple) and len(part) == 2 and not expect_close:
            head, literal = part
            match = _GLIMPSED().fullmatch(head) if isinstance(head, bytes) else None
            if match is None or not isinstance(literal, bytes) or \
                    len(literal) != int(match.group(4)):
                return None
            values = _listed_values(head, match.start(2), match.end(2), local)
            if values is None:
                return None
            uid = values.pop(b"UID")
            found[uid] = {b"SEQ": int(match.group(1)), **values, match.group(3): literal}
            expect_close = True
        elif part == b")" and expect_close:
            expect_close = False
        else:
            return None
    return None if expect_close else found


def uid_set(uids: Iterable[int]) -> str:
    """UIDs as an IMAP sequence set of ranges: ``[1, 2, 3, 7]`` as ``1:3,7`` (a batch of
    consecutive messages is one short command)."""
    return ",".join(f"{low}:{high}" if low != high else str(low)
                    for low, high in UidSet.of(uids).ranges())


def _split_key(key: str) -> tuple[str, int]:
    folder, _, rest = key.rpartition("/")
    folder, _, _validity = folder.rpartition("/")
    return folder, int(rest)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


__all__: Sequence[str] = ("FolderState", "ImapAccount", "ImapSource")
