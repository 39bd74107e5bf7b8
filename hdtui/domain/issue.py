"""Provides KnownIssue, a tracker issue as hdtui uses it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownIssue:
    """A known issue from the tracker (a GitLab issue)."""

    iid: int
    title: str
    description: str = ""
    labels: tuple[str, ...] = ()
    state: str = "opened"
    web_url: str = ""
    updated_at: str = ""

    @property
    def ref(self) -> str:
        """The short reference, ``#17640``."""
        return f"#{self.iid}"


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one tracker sync changed in the local issue cache."""

    new: int
    """Issues the cache did not have."""
    changed: int
    """Cached issues whose title, description, labels or state changed."""
    dropped: int
    """Issues removed from the cache (closed longer ago than the configured days)."""
    total: int
    """Issues in the cache after the sync."""
    fetched: int
    """Issue objects received (an incremental sync receives only what changed)."""
    full: bool
    """True for a full sync, False for an incremental one."""
    waited: float = 0.0
    """Seconds spent waiting because the tracker asked to slow down (HTTP 429)."""
