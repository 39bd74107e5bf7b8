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
