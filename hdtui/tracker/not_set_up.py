"""Provides NotSetUpTracker: the tracker of a [tracker] section that cannot work (no
project, a URL that is not https, no token source...), so that a wrong [tracker] stops
only what needs GitLab; also the tracker of a config without [tracker] at all (not the
demo's issues: those only with --demo). It knows no issue and no link; everything that
would ask GitLab raises TrackerNotSetUp with the sentence said at start (docs/config.md,
"One section wrong")."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

from hdtui.domain.links import IssueLink, ReportCount
from hdtui.errors import TrackerNotSetUp

if TYPE_CHECKING:  # annotations only: KnownIssue is a frozen dataclass, built from generated
    # source at import, and this tracker is built before a warm start's first frame
    # (docs/benchmarks.md, "Session 21: warm first rows")
    from hdtui.domain.issue import KnownIssue, SyncResult


class NotSetUpTracker:
    """A LinkedTracker with nothing behind it: reads are empty, the rest says why."""

    def __init__(self, reason: str, title: str = "GitLab not set up") -> None:
        self.reason = reason
        """The sentence said at start ("GitLab not set up: ...")."""
        self.title = title

    def _refuse(self) -> NoReturn:
        raise TrackerNotSetUp(self.reason, self.title)

    def issues(self) -> list[KnownIssue]:
        """Raises TrackerNotSetUp: the queue then matches against no issue."""
        self._refuse()

    def sync(self, progress: Callable[[int, int], None] | None = None,
             full: bool = False) -> SyncResult:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def issue(self, iid: int) -> KnownIssue:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def link(self, iid: int, reference: str, when: date | datetime) -> bool:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def unlink(self, iid: int, reference: str) -> bool:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def linked(self, reference: str) -> list[int]:
        """No link is known."""
        return []

    def links(self) -> list[IssueLink]:
        """No link is known."""
        return []

    def links_not_read(self) -> tuple[list[int], str]:
        """No link is known, and none is missed."""
        return [], ""

    def links_left_out(self) -> dict[int, int]:
        """No link is known, and none is left out."""
        return {}

    def counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Nothing is counted."""
        return {}

    def refresh_counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def create_issue(self, title: str, description: str,
                     labels: Iterable[str] = ()) -> KnownIssue:
        """Raises TrackerNotSetUp (the draft is kept by the caller)."""
        self._refuse()

    def add_note(self, iid: int, body: str) -> None:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def has_note(self, iid: int, body: str) -> bool:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def find_created(self, marker: str, since: datetime) -> KnownIssue | None:
        """Raises TrackerNotSetUp."""
        self._refuse()

    def set_read_only(self, read_only: bool) -> None:
        """Nothing is written anyway."""

    def close(self) -> None:
        """Nothing to release."""
