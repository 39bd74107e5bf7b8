"""Provides Reader: one message read, decrypted and parsed into a queue Entry."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, Protocol

from hdtui.domain.codec import to_json
from hdtui.domain.mail import DecryptedText, Kind, Parsed, SourceItem
from hdtui.domain.query import document
from hdtui.domain.queue import DecryptState, Entry, ParsedLine, Row, classify
from hdtui.domain.report_id import report_id_from_subject
from hdtui.errors import SourceError
from hdtui.services.ports import Crypto, Loaded, MailSource

if TYPE_CHECKING:  # built when a message is read, after a warm start's first frame
    # (docs/benchmarks.md, "Session 21: warm first rows")
    from hdtui.domain.message import Message

BATCH = 50
AHEAD = 2
"""Batches fetched and decrypting while the caller handles the current one (``read_many``):
one keeps gpg busy while Python parses and caches; the second covers the IMAP round trip
of the next."""
Decryptions = dict[int, DecryptedText]


def cached_line(item: SourceItem, entry: Entry) -> tuple[Row, ParsedLine]:
    """A message read: its queue row (keywords as listed) and what the cache keeps of it."""
    row = entry.row(item)
    return row, ParsedLine(item.key, item.size, row.stamp, row.kind_code, row.decrypt_code,
                           row.line, to_json(entry), document(entry))


class ReadBatch(NamedTuple):
    """What another process read and cached since its last batch (``FarReader``)."""

    rows: list[Row]
    """The rows of the messages read and cached (keywords as listed)."""
    done: list[str]
    """The keys of every message it is done with: read, unreadable or offline."""
    unreadable: list[str]
    """Why messages could not be read (not a lost connection)."""
    offline: str | None = None
    """The connection was lost: why (the rest is read after reconnecting)."""


class FarReader(Protocol):
    """Reads and caches many messages in a process of its own, so that the reading does not
    share the interpreter with the UI (docs/cold-start.md, "Reading in a process of its
    own")."""

    def read(self, items: Sequence[SourceItem], reader: Reader, workers: int,
             save_every: int, read_only: bool) -> Iterator[ReadBatch]:
        """Read ``items`` in this order as ``reader`` would, caching every ``save_every``;
        a batch after each save. Ends early, without raising, when the process cannot
        start or dies: the messages not in any batch's ``done`` are still to read."""
        ...

    def prepare(self, reader: Reader, workers: int, save_every: int, read_only: bool) -> None:
        """A first read is coming: start the processes now, while the listing runs; the
        next ``read`` with the same arguments uses them."""
        ...

    def discard(self) -> None:
        """End the processes ``prepare`` started that no read took."""
        ...

    def give(self, items: Sequence[SourceItem]) -> bool:
        """Hand the processes ``prepare`` started messages to read now, while the listing
        goes on; the next ``read`` gives them the rest of its messages and yields every
        batch. False (nothing given) when none was started ahead."""
        ...

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called."""
        ...

    def stop(self) -> None:
        """The app is ending: end every process now and start none again; a ``read``
        under way ends at once (what was cached stays cached)."""
        ...


class Reader:
    """Turns listed messages into entries; blocking, safe to call from several threads."""

    def __init__(self, source: MailSource, crypto: Crypto, team_addresses: Iterable[str],
                 folder_kinds: Mapping[str, Kind] | None = None,
                 helpdesk_addresses: Iterable[str] = (),
                 system_subjects: Iterable[str] = ()) -> None:
        self.source = source
        self.crypto = crypto
        self.team_addresses = tuple(team_addresses)
        self.helpdesk_addresses = tuple(helpdesk_addresses)
        self.folder_kinds = dict(folder_kinds or {})
        self.system_subjects = tuple(system_subjects)
        """The auto-reply's subjects (``hdtui.replies.auto_reply_subjects``): mail with one
        is system mail."""

    def read(self, item: SourceItem) -> Entry:
        """Read, decrypt and parse one message; raises SourceError if it cannot be read."""
        return self.understand(self.source.load(item))

    def kind_of(self, message: Message) -> Kind:
        """What a message is, from its folder or its clear headers (the same for a message
        known by its headers alone: a provisional row)."""
        return self._folder_kind(message.key) or classify(
            message, self.team_addresses, self.system_subjects,
            helpdesk_addresses=self.helpdesk_addresses)

    def understand(self, parsed: Parsed, decrypted: DecryptedText | None = None) -> Entry:
        """Classify, decrypt and parse a message already fetched (``decrypted``: its
        decryption, when it was decrypted with others)."""
        # The parser, imported by the first message read: the queue's first rows come
        # from the cache (docs/benchmarks.md, "Session 15: warm first rows").
        from hdtui.domain.report import has_pasted_report, parse_report

        message = parsed.message
        kind = self.kind_of(message)
        if message.encrypted:
            if parsed.ciphertext is None:
                return Entry(message, kind, None, DecryptState.FAILED, "no encrypted part found")
            result = decrypted if decrypted is not None else self.crypto.decrypt_text(
                parsed.ciphertext)
            if not result.ok:
                return Entry(message, kind, None, DecryptState.FAILED, result.error)
            if result.problems:  # each said once: "control characters shown as symbols"
                # came twice for a Subject and a body that both had some (walk28)
                message = replace(message, problems=tuple(dict.fromkeys(
                    message.problems + result.problems)))
            report_id = report_id_from_subject(message.subject)
            by = result.key or None
            if kind is not Kind.REPORT and kind is not Kind.FT and report_id is None:
                # An encrypted support mail: show its text, do not pretend it is a report.
                return Entry(replace(message, text=result.text), kind, None,
                             DecryptState.DECRYPTED, decrypted_by=by)
            return Entry(message, kind, parse_report(result.text, report_id),
                         DecryptState.DECRYPTED, decrypted_by=by)
        if kind is Kind.REPORT and message.text and not message.text.isspace():
            # A report already decrypted (saved from a mail client, or an export): the clear
            # body is WhisperBack's inner text.
            return Entry(message, kind, parse_report(message.text, report_id_from_subject(
                message.subject)), DecryptState.PLAIN)
        if kind is Kind.SUPPORT and has_pasted_report(message.text):
            # Offline users paste WhisperBack's technical details into plain mail; a
            # subject naming the report gives its ID, as Entry.report_id reads it, so the
            # ID shown is never said to be missing (docs/whisperback.md).
            return Entry(message, kind, parse_report(message.text, report_id_from_subject(
                message.subject)), DecryptState.PLAIN)
        return Entry(message, kind)

    def _folder_kind(self, key: str) -> Kind | None:
        """The kind configured for the folder of an IMAP message (``folder/validity/uid``)."""
        if not self.folder_kinds or key.count("/") < 2:
            return None
        return self.folder_kinds.get(key.rsplit("/", 2)[0])

    def read_many(
        self, items: Sequence[SourceItem], workers: int, batch: int = BATCH
    ) -> Iterator[tuple[SourceItem, Entry | SourceError]]:
        """Read several messages: fetched in batches (one round trip each on IMAP), then
        decrypted in parallel, each worker decrypting its share of a batch with one gpg
        process (docs/encryption.md, "Decrypting many reports at once"), then parsed.

        A pipeline (docs/encryption.md, "Overlapping gpg with Python"): while the caller
        handles one batch (parsing its reports here, then caching them), the next
        ``AHEAD`` batches are fetched and their gpg processes run, so gpg's core and the
        interpreter's work at the same time instead of taking turns."""
        workers = max(1, workers)
        chunks = [items[start:start + batch] for start in range(0, len(items), batch)]
        pool = ThreadPoolExecutor(workers, thread_name_prefix="hdtui-read")
        fetcher = ThreadPoolExecutor(1, thread_name_prefix="hdtui-fetch")

        def fetch(chunk: Sequence[SourceItem]) -> tuple[Loaded, list[Future[Decryptions]]]:
            # In the fetcher's thread: the round trip and the MIME parse, then the batch's
            # gpg processes are started in the pool without waiting for them.
            loaded = self.source.load_many(chunk)
            size = -(-len(loaded) // workers)
            return loaded, [pool.submit(self._decrypt_share, loaded[i:i + size])
                            for i in range(0, len(loaded), size)]

        try:
            ahead = deque(fetcher.submit(fetch, chunk) for chunk in chunks[:AHEAD])
            for number, chunk in enumerate(chunks):
                loaded, decrypting = ahead.popleft().result()
                if number + AHEAD < len(chunks):
                    ahead.append(fetcher.submit(fetch, chunks[number + AHEAD]))
                decrypted: Decryptions = {}
                for share in decrypting:
                    decrypted.update(share.result())
                yield from zip(chunk, [
                    p if isinstance(p, SourceError) else self.understand(p, decrypted.get(id(p)))
                    for p in loaded], strict=True)
        finally:
            # The caller stopped early (or failed): batches not started are dropped, those
            # under way end before this returns (no gpg outlives the read).
            fetcher.shutdown(wait=True, cancel_futures=True)
            pool.shutdown(wait=True, cancel_futures=True)

    def _decrypt_share(self, loaded: Sequence[Parsed | SourceError]) -> Decryptions:
        """One worker's share of a batch, its encrypted messages decrypted together with one
        gpg process: their decryptions by ``id`` of the Parsed."""
        encrypted = [p for p in loaded if not isinstance(p, SourceError)
                     and p.message.encrypted and p.ciphertext is not None]
        return dict(zip(map(id, encrypted), self.crypto.decrypt_texts(
            [p.ciphertext for p in encrypted if p.ciphertext is not None]), strict=True))
