"""Provides KnownIssue, a tracker issue as hdtui uses it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from hdtui.domain.text import NO_TEXT, MailText

KNOWN_ISSUE_TYPE = "issue"
"""The GitLab ``issue_type`` of a known issue (an old GitLab that sends none means it)."""


@dataclass(frozen=True, slots=True)
class KnownIssue:
    """A known issue from the tracker (a GitLab issue)."""

    iid: int
    title: MailText
    """Issue text is written by anyone who can open an issue: MailText (docs/text-safety.md)."""
    description: MailText = NO_TEXT
    labels: tuple[MailText, ...] = ()
    state: str = "opened"
    web_url: str = ""
    updated_at: str = ""
    confidential: bool = False
    """Seen only by project members: its text never goes to a user (docs/gitlab.md)."""
    issue_type: str = "issue"
    """GitLab's type: ``issue``, or ``task``, ``incident``, ``test_case``…, which are not
    known issues."""
    author: str = ""
    """The GitLab username of whoever opened it ("" when not known)."""
    description_by: str = ""
    """The GitLab username of whoever last wrote the description: its author, or the last
    member who changed it; "" when not known (docs/replies.md, vetted issues)."""

    @property
    def ref(self) -> str:
        """The short reference, ``#17640``."""
        return f"#{self.iid}"

    @property
    def listed(self) -> bool:
        """Whether it is a known issue: of type ``issue`` (tasks and incidents are not)."""
        return self.issue_type == KNOWN_ISSUE_TYPE


class SyncResult(NamedTuple):
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
    links_read: int = 0
    """Issues whose notes (the links other members made) were read: those that changed."""
    links_unread: int = 0
    """Known issues whose links could not be read (``links_not_read`` says why)."""
    links_changed: int = 0
    """Issues whose links differ from what was known before the sync (the queue's likely
    reports, and the words the issues learnt, depend on them)."""


def closed_by(issues: Iterable[KnownIssue]) -> dict[int, date]:
    """The closed issues (state not ``opened``), each with the day it was last changed,
    so closed by then (``updated_at``; a later comment moves it on): the reports received
    up to that day that match it best are its, not a new problem (``overview.as_linked``).
    An issue whose day cannot be read is left out."""
    found: dict[int, date] = {}
    for issue in issues:
        if issue.state == "opened":
            continue
        try:
            found[issue.iid] = date.fromisoformat(issue.updated_at[:10])
        except ValueError:
            continue
    return found
