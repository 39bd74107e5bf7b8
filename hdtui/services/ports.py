"""Provides the ports: the small interfaces the services need from adapters.

Adapters satisfy them structurally (they never import this module); mypy checks
the fit where ``cli.py`` wires them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import DecryptedText, Parsed, SourceItem


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


class SharedMarks(Protocol):
    """Triage marks every member sees (IMAP keywords), written on the server."""

    def set_keywords(self, key: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        """Add and remove keywords on one message; raises SourceError, ReadOnlyError."""
        ...

    def claim(self, key: str, keyword: str, seen_modseq: int) -> bool:
        """Set ``keyword`` unless someone changed the message since ``seen_modseq``."""
        ...


class Crypto(Protocol):
    """OpenPGP decryption."""

    def decrypt_text(self, ciphertext: bytes) -> DecryptedText:
        """Decrypt PGP/MIME ciphertext into the text of its inner entity; never raises."""
        ...


class IssueTracker(Protocol):
    """Where known issues come from."""

    def issues(self) -> list[KnownIssue]:
        """All known issues; raises TrackerError."""
        ...


class Store(Protocol):
    """The local cache and personal state."""

    def cached(self, namespace: str) -> dict[str, Any]:
        """Cached parsed items of one source by cache key."""
        ...

    def put_cached(self, namespace: str, items: Mapping[str, Any]) -> None:
        """Cache parsed items; raises StoreError."""
        ...

    def forget_missing(self, namespace: str, keep: set[str]) -> int:
        """Drop items no longer in the source."""
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

    def set_note(self, key: str, text: str) -> None:
        """Save a personal note."""
        ...
