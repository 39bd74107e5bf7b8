"""Provides the ports: the small interfaces the services need from adapters.

Adapters satisfy them structurally (they never import this module); mypy checks
the fit where ``cli.py`` wires them together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, Protocol

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import DecryptedText, Delta, Parsed, SourceItem
from hdtui.domain.queue import ParsedLine, QueueLine
from hdtui.errors import SourceError

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

    def load_many(self, items: Sequence[SourceItem]) -> Loaded:
        """Read and parse several messages at once; a message that cannot be read gives
        its SourceError in its place (a dropped connection too, for every one left)."""
        ...


class LiveMailbox(Protocol):
    """A mailbox on a server every member shares: keywords, claims, change notices."""

    state_version: int
    """Grows whenever a listing changed the state worth saving."""

    def set_keywords(self, key: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        """Add and remove keywords on one message; raises SourceError, ReadOnlyError."""
        ...

    def claim(self, key: str, keyword: str, seen_modseq: int) -> bool:
        """Set ``keyword`` unless someone changed the message since ``seen_modseq``."""
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

    def queue_lines(self, namespace: str) -> list[QueueLine]:
        """Every queue line of one source, as stored."""
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

    def search(self, namespace: str, words: Sequence[str]) -> set[str]:
        """Keys of the messages whose searchable text contains every word."""
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

    def sync_state(self, name: str) -> Any:
        """A saved listing state, or None."""
        ...

    def set_sync_state(self, name: str, value: Any) -> None:
        """Save a listing state (large: not with the personal settings)."""
        ...

    def setting(self, name: str, default: Any = None) -> Any:
        """A saved value (personal settings, the last listing state)."""
        ...

    def set_setting(self, name: str, value: Any) -> None:
        """Save a value."""
        ...
