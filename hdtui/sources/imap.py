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
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.response_parser import parse_fetch_response

from hdtui.domain.mail import Parsed, SourceItem
from hdtui.errors import ReadOnlyError, SourceError
from hdtui.sources.parse import parse_item

Security = Literal["tls", "starttls", "plain"]
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
FETCH_BATCH = 500
LIST_ITEMS = ["UID", "FLAGS", "RFC822.SIZE", "INTERNALDATE"]
# Inside ImapSource, `list` names its method; these aliases keep the builtin type visible.
Uids = list[int]
Items = list[SourceItem]
Loaded = list[Parsed | SourceError]


@dataclass(frozen=True, slots=True)
class ImapAccount:
    """Where and how to connect; the password is fetched only when connecting."""

    host: str
    user: str
    password: Callable[[], str] = field(repr=False)
    port: int = 0
    security: Security = "tls"
    ca_file: str | None = None
    folders: tuple[str, ...] = ("INBOX",)
    timeout: float = 15.0

    @property
    def effective_port(self) -> int:
        """The configured port, or the standard one for the security mode."""
        return self.port or (993 if self.security == "tls" else 143)

    @property
    def where(self) -> str:
        """``user@host:port`` for messages (never the password)."""
        return f"{self.user}@{self.host}:{self.effective_port}"


@dataclass(slots=True)
class FolderState:
    """What the last listing of a folder saw, to list it again cheaply."""

    uidvalidity: int
    highestmodseq: int
    items: dict[int, SourceItem]


class ImapSource:
    """A MailSource over IMAP, plus the shared keywords of its messages."""

    def __init__(self, account: ImapAccount, read_only: bool = False) -> None:
        if account.security == "plain" and account.host not in LOOPBACK:
            raise SourceError(
                f"Refusing an unencrypted IMAP connection to {account.host}: plain is only "
                "allowed to 127.0.0.1. Use security = \"tls\" or \"starttls\"."
            )
        self.account = account
        self.read_only = read_only
        self._client: IMAPClient | None = None
        self._selected: str | None = None
        self._condstore = False
        self._lock = threading.RLock()
        self.folders: dict[str, FolderState] = {}
        self.round_trips = 0  # counted for tests and benchmarks
        self.state_version = 0
        """Grows whenever a listing changed something (nothing to save otherwise)."""

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
            account = self.account
            context = ssl.create_default_context(cafile=account.ca_file or None)
            try:
                client = IMAPClient(account.host, port=account.effective_port,
                                    ssl=account.security == "tls", ssl_context=context,
                                    timeout=account.timeout)
                if account.security == "starttls":
                    client.starttls(context)
                client.login(account.user, account.password())
                self._condstore = client.has_capability("CONDSTORE")
                if self._condstore:
                    client.enable("CONDSTORE")
            except LoginError as e:
                raise SourceError(
                    f"IMAP login as {account.where} failed: the server refused the user name "
                    "or password. Check [account] user and the password command or variable.",
                    "IMAP login failed",
                ) from e
            except ssl.SSLCertVerificationError as e:
                raise SourceError(
                    f"The certificate of {account.host}:{account.effective_port} could not be "
                    f"verified ({e.verify_message}). If the server uses its own CA, set "
                    "[account] ca_file to it.",
                    "Untrusted certificate",
                ) from e
            except ssl.SSLError as e:
                raise SourceError(f"TLS with {account.host}:{account.effective_port} failed: "
                                  f"{e.reason or e}. Check [account] security and port.") from e
            except (ConnectionRefusedError, socket.gaierror, TimeoutError, OSError) as e:
                raise SourceError(
                    f"Cannot reach the IMAP server {account.host}:{account.effective_port}: "
                    f"{getattr(e, 'strerror', None) or e}.",
                    "IMAP server unreachable",
                ) from e
            except (IMAPClientError, imaplib.IMAP4.error) as e:
                raise SourceError(f"The IMAP server {account.where} refused us: {e}.") from e
            self._client = client
            self._selected = None
            return client

    def close(self) -> None:
        """Log out (best effort)."""
        with self._lock:
            client, self._client = self._client, None
            self._selected = None
            if client is not None:
                with contextlib.suppress(IMAPClientError, imaplib.IMAP4.error, OSError):
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
            raise SourceError(f"The connection to {self.account.where} dropped during "
                              f"{what}: {e}. hdtui will reconnect.", "Connection lost") from e
        except (IMAPClientError, imaplib.IMAP4.error) as e:
            raise SourceError(f"IMAP {what} failed on {self.account.where}: {e}.") from e

    def _select(self, folder: str) -> dict[bytes, Any]:
        response: dict[bytes, Any] = self._call(
            f"opening {folder}", lambda c: c.select_folder(folder, readonly=self.read_only))
        self._selected = folder
        return response

    # -- listing ----------------------------------------------------------------------

    def list(self) -> Items:
        """List every watched folder, re-fetching only what changed."""
        def run() -> Items:
            items: Items = []
            for folder in self.account.folders:
                items.extend(self._list_folder(folder).items.values())
            return items

        items: Items = self._retrying(run)
        return items

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
                except SourceError as error:
                    if attempt or error.title != "Connection lost":
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def _list_folder(self, folder: str) -> FolderState:
        info = self._select(folder)
        uidvalidity = int(info.get(b"UIDVALIDITY", 0))
        highest = int(info.get(b"HIGHESTMODSEQ", 0) or 0)
        known = self.folders.get(folder)
        if known is not None and known.uidvalidity != uidvalidity:
            known = None  # the folder was rebuilt: every cached UID is meaningless now
        if known is not None and self._condstore and highest and highest == known.highestmodseq:
            return known
        if known is not None and self._condstore and known.highestmodseq:
            state = self._resync(folder, known, uidvalidity, highest)
        else:
            state = FolderState(uidvalidity, highest, self._fetch_all(folder, uidvalidity))
        self.folders[folder] = state
        self.state_version += 1
        return state

    def _uids(self, folder: str) -> Uids:
        return [int(u) for u in self._call(f"listing {folder}", lambda c: c.search("ALL"))]

    def _fetch_all(self, folder: str, uidvalidity: int) -> dict[int, SourceItem]:
        uids = self._uids(folder)
        items: dict[int, SourceItem] = {}
        fields = [*LIST_ITEMS, "MODSEQ"] if self._condstore else LIST_ITEMS
        for start in range(0, len(uids), FETCH_BATCH):
            data = self._fetch(folder, uids[start:start + FETCH_BATCH], fields)
            for uid, values in data.items():
                items[int(uid)] = self._item(folder, uidvalidity, int(uid), values)
        return items

    def _resync(self, folder: str, known: FolderState, uidvalidity: int,
                highest: int) -> FolderState:
        """CONDSTORE: fetch only messages changed since the last listing."""
        current = set(self._uids(folder))
        items = {uid: item for uid, item in known.items.items() if uid in current}
        changed = self._changed_since(folder, known.highestmodseq)
        for uid, values in changed.items():
            if uid in current:
                previous = items.get(uid)
                fresh = self._item(folder, uidvalidity, uid, values, previous)
                items[uid] = fresh
        missing = sorted(current - set(items))
        for start in range(0, len(missing), FETCH_BATCH):
            data = self._fetch(folder, missing[start:start + FETCH_BATCH],
                               [*LIST_ITEMS, "MODSEQ"])
            for uid, values in data.items():
                items[int(uid)] = self._item(folder, uidvalidity, int(uid), values)
        return FolderState(uidvalidity, highest, items)

    def _fetch(self, folder: str, uids: Uids, fields: Sequence[str]) -> dict[int, Any]:
        def run(client: IMAPClient) -> dict[int, Any]:
            return dict(client.fetch(uids, list(fields)))

        result: dict[int, Any] = self._call(f"listing {folder}", run)
        return result

    def _changed_since(self, folder: str, modseq: int) -> dict[int, dict[bytes, Any]]:
        """``UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE n)`` (imapclient refuses ``1:*``)."""

        def run(client: IMAPClient) -> dict[int, dict[bytes, Any]]:
            typ, data = client._imap.uid("FETCH", "1:*", "(UID FLAGS MODSEQ)",
                                         f"(CHANGEDSINCE {modseq})")
            if typ != "OK":
                raise IMAPClientError(f"FETCH CHANGEDSINCE: {typ} {data!r}")
            parsed = parse_fetch_response([d for d in data if d is not None])
            return {int(v.get(b"UID", k)): v for k, v in parsed.items()}

        result: dict[int, dict[bytes, Any]] = self._call(f"resyncing {folder}", run)
        return result

    def _item(self, folder: str, uidvalidity: int, uid: int, values: dict[bytes, Any],
              previous: SourceItem | None = None) -> SourceItem:
        flags = tuple(_text(f) for f in values.get(b"FLAGS", ()))
        modseq_value = values.get(b"MODSEQ")
        modseq = int(modseq_value[0]) if modseq_value else 0
        date = values.get(b"INTERNALDATE")
        if isinstance(date, datetime) and date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        base = previous or SourceItem(
            key=f"{folder}/{uidvalidity}/{uid}",
            size=int(values.get(b"RFC822.SIZE", 0)),
            mtime=date if isinstance(date, datetime) else None,
        )
        return replace(base, seen="\\Seen" in flags,
                       keywords=frozenset(f for f in flags if not f.startswith("\\")),
                       modseq=modseq or base.modseq)

    def known_items(self) -> Items:
        """What the last listing saw (restored from the store when offline)."""
        with self._lock:
            return [item for state in self.folders.values() for item in state.items.values()]

    def export_state(self) -> dict[str, Any]:
        """The listing state as plain data, for the local store."""
        with self._lock:
            return {folder: {"uidvalidity": state.uidvalidity,
                             "highestmodseq": state.highestmodseq,
                             "items": [_item_data(item) for item in state.items.values()]}
                    for folder, state in self.folders.items()}

    def restore_state(self, data: Mapping[str, Any]) -> None:
        """Start from a saved listing state (the next list() resyncs from it)."""
        with self._lock:
            folders: dict[str, FolderState] = {}
            try:
                for folder, state in data.items():
                    if folder not in self.account.folders:
                        continue
                    items = [_item_from_data(d) for d in state["items"]]
                    folders[folder] = FolderState(
                        int(state["uidvalidity"]), int(state["highestmodseq"]),
                        {_split_key(i.key)[1]: i for i in items})
            except (KeyError, TypeError, ValueError):
                return  # an older or damaged state: list from scratch
            self.folders = folders

    # -- change notices (IDLE) -----------------------------------------------------------

    def watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        """Block until ``stop`` is set, calling ``on_change`` when a folder changes.

        One extra connection per folder sits in IDLE (EXAMINE: it never changes anything).
        A dropped connection is re-opened with backoff (1 s doubling to 60 s), so a server
        restart costs no retry storm.
        """
        threads = [threading.Thread(target=self._watch_folder, args=(f, on_change, stop),
                                    name=f"hdtui-idle-{f}", daemon=True)
                   for f in self.account.folders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _watch_folder(self, folder: str, on_change: Callable[[], None],
                      stop: threading.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            watcher = ImapSource(self.account, read_only=True)
            try:
                client = watcher.connect()
                client.select_folder(folder, readonly=True)
                backoff = 1.0
                while not stop.is_set():
                    client.idle()
                    responses = client.idle_check(timeout=2)
                    client.idle_done()
                    if any(_is_change(r) for r in responses):
                        on_change()
            except (SourceError, IMAPClientError, imaplib.IMAP4.error, OSError, EOFError):
                on_change()  # let the UI find out (offline banner, reconnect)
                stop.wait(backoff)
                backoff = min(backoff * 2, 60.0)
            finally:
                watcher.close()

    # -- reading ----------------------------------------------------------------------

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
        failed: SourceError | None = None
        for folder, wanted in by_folder.items():
            uids = [uid for uid, _ in wanted]
            def fetch(client: IMAPClient, uids: Uids = uids) -> Any:
                return client.fetch(uids, ["BODY.PEEK[]"])

            try:
                data = self._in_folder(folder, f"reading {len(uids)} messages", fetch)
            except SourceError as error:
                failed = error
                break
            for uid, item in wanted:
                body = data.get(uid, {}).get(b"BODY[]")
                if isinstance(body, bytes):
                    raw[item.key] = body
        result: Loaded = []
        for item in items:
            body = raw.get(item.key)
            if body is not None:
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
        once exactly one wins. Without it, re-check the flags first (a small window).
        Returns False when someone else got there first.
        """
        self._writable("claiming a message")
        folder, uid = _split_key(key)

        def run() -> bool:
            if self._selected != folder:
                self._select(folder)
            current = self._call(f"claiming {key}", lambda c: c.fetch([uid], ["FLAGS"]))
            flags = {_text(f) for f in current.get(uid, {}).get(b"FLAGS", ())}
            if keyword in flags:
                return False
            if not (self._condstore and seen_modseq):
                self._call(f"claiming {key}",
                           lambda c: c.add_flags([uid], [keyword.encode()], silent=True))
                return True

            def store(client: IMAPClient) -> bool:
                client._imap.untagged_responses.pop("MODIFIED", None)
                typ, data = client._imap.uid("STORE", str(uid),
                                             f"(UNCHANGEDSINCE {seen_modseq})",
                                             "+FLAGS.SILENT", f"({keyword})")
                if typ != "OK":
                    raise IMAPClientError(f"STORE: {typ} {data!r}")
                modified = client._imap.untagged_responses.pop("MODIFIED", None)
                return not modified

            won: bool = self._call(f"claiming {key}", store)
            return won

        won: bool = self._retrying(run)
        return won


def _is_change(response: Any) -> bool:
    """IDLE responses that mean something changed (not the "Still here" keepalive)."""
    return isinstance(response, tuple) and len(response) >= 2 and \
        response[1] in (b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED")


def _item_data(item: SourceItem) -> dict[str, Any]:
    return {"key": item.key, "size": item.size, "seen": item.seen,
            "mtime": item.mtime.isoformat() if item.mtime else None,
            "keywords": sorted(item.keywords), "modseq": item.modseq}


def _item_from_data(data: Mapping[str, Any]) -> SourceItem:
    mtime = data.get("mtime")
    return SourceItem(key=str(data["key"]), size=int(data["size"]), seen=bool(data["seen"]),
                      mtime=datetime.fromisoformat(mtime) if mtime else None,
                      keywords=frozenset(data.get("keywords", ())),
                      modseq=int(data.get("modseq", 0)))


def _split_key(key: str) -> tuple[str, int]:
    folder, _, rest = key.rpartition("/")
    folder, _, _validity = folder.rpartition("/")
    return folder, int(rest)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


__all__: Sequence[str] = ("FolderState", "ImapAccount", "ImapSource")
