"""Provides Reader: one message read, decrypted and parsed into a queue Entry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.queue import DecryptState, Entry, classify
from hdtui.domain.report import has_pasted_report, parse_report, report_id_from_subject
from hdtui.errors import SourceError
from hdtui.services.ports import Crypto, MailSource


class Reader:
    """Turns listed messages into entries; blocking, safe to call from several threads."""

    def __init__(self, source: MailSource, crypto: Crypto, team_addresses: Iterable[str]) -> None:
        self.source = source
        self.crypto = crypto
        self.team_addresses = tuple(team_addresses)

    def read(self, item: SourceItem) -> Entry:
        """Read, decrypt and parse one message; raises SourceError if it cannot be read."""
        parsed = self.source.load(item)
        message = parsed.message
        kind = classify(message, self.team_addresses)
        if message.encrypted:
            if parsed.ciphertext is None:
                return Entry(message, kind, None, DecryptState.FAILED, "no encrypted part found")
            result = self.crypto.decrypt_text(parsed.ciphertext)
            if not result.ok:
                return Entry(message, kind, None, DecryptState.FAILED, result.error)
            if result.problems:
                message = replace(message, problems=message.problems + result.problems)
            report_id = report_id_from_subject(message.subject)
            if kind is not Kind.REPORT and kind is not Kind.FT and report_id is None:
                # An encrypted support mail: show its text, do not pretend it is a report.
                return Entry(replace(message, text=result.text), kind, None,
                             DecryptState.DECRYPTED)
            return Entry(message, kind, parse_report(result.text, report_id),
                         DecryptState.DECRYPTED)
        if kind is Kind.SUPPORT and has_pasted_report(message.text):
            # Offline users paste WhisperBack's technical details into plain mail.
            return Entry(message, kind, parse_report(message.text), DecryptState.PLAIN)
        return Entry(message, kind)

    def read_or_reason(self, item: SourceItem) -> Entry | SourceError:
        """Like read, but an unreadable message gives the error instead of raising."""
        try:
            return self.read(item)
        except SourceError as e:
            return e

    def read_many(
        self, items: Sequence[SourceItem], workers: int
    ) -> Iterator[tuple[SourceItem, Entry | SourceError]]:
        """Read several messages in parallel (decryption runs one gpg per worker)."""
        if workers <= 1 or len(items) <= 1:
            for item in items:
                yield item, self.read_or_reason(item)
            return
        with ThreadPoolExecutor(workers, thread_name_prefix="hdtui-read") as pool:
            yield from zip(items, pool.map(self.read_or_reason, items), strict=True)
