"""Provides GitLabWrite: one write hdtui made to GitLab (a note, an issue), as the store
keeps it so the outbox (ctrl+o) can list what this member wrote there (docs/store.md);
and PendingWrite: one write not made yet, kept in the outbox while GitLab is out of reach
(retried with a capped backoff) or after GitLab refused it (kept to be copied, retried or
dropped by hand). See docs/gitlab-writes.md."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from hdtui.domain.text import one_line

FIRST_RETRY = 30.0
"""Seconds before the first retry of a write GitLab could not take."""
LONGEST_RETRY = 600.0
"""The longest wait between two retries (the backoff doubles up to it)."""
MARKER_PREFIX = "hdtui-write-"
"""How the token hdtui puts in a new issue's description begins."""
TITLE_LIMIT = 255
"""The longest issue title GitLab takes, in characters (docs/gitlab-writes.md)."""
TEXT_LIMIT = 1_048_576
"""The longest description or note GitLab takes, in characters (docs/gitlab-writes.md)."""


class WriteKind(StrEnum):
    """What was written."""

    LINK = "link"
    """A note citing a report: the report is linked to the issue."""
    NOTE = "note"
    """Any other note (e.g. the report IDs a team asked for)."""
    ISSUE = "issue"
    """A new issue."""
    UNLINK = "unlink"
    """The note citing a report deleted (a misplaced link removed)."""


WORDS = {WriteKind.LINK: "link note on", WriteKind.NOTE: "note on",
         WriteKind.ISSUE: "new issue", WriteKind.UNLINK: "link removed from"}


@dataclass(frozen=True, slots=True)
class GitLabWrite:
    """One write to GitLab: when, on which issue, what."""

    when: float
    """Seconds since the epoch."""
    iid: int
    kind: WriteKind
    what: str
    """One line: the report cited, the note's first line, the new issue's title."""

    def line(self) -> str:
        """How the outbox lists it."""
        at = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.when))
        return f"{at}  {WORDS[self.kind]} #{self.iid}: {self.what}"


class WriteState(StrEnum):
    """Why a write is still in the outbox."""

    WAITING = "waiting"
    """GitLab could not be reached: retried by itself, in order."""
    REFUSED = "refused"
    """GitLab refused it (token, missing issue, bad request): kept to be copied, retried
    or dropped by hand, never retried by itself."""


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """A GitLab write not made yet, with everything needed to make it later."""

    id: str
    """A random token naming the write; a new issue's description carries it
    (``issue_marker``) so a retry finds the issue instead of creating a second one."""
    kind: WriteKind
    iid: int
    """The issue written to (0 for a new issue)."""
    when: float
    """When the member asked for it (seconds since the epoch)."""
    reference: str = ""
    """A link's (or removed link's) report: ``wb://ID`` or ``mail:DATE:HASH``."""
    received: str = ""
    """The day the linked report arrived (ISO date), for the link note."""
    title: str = ""
    """A new issue's title."""
    body: str = ""
    """A note's text, a new issue's description (with its marker)."""
    labels: tuple[str, ...] = ()
    """A new issue's labels."""
    links: tuple[tuple[str, str], ...] = ()
    """A new issue's reports to link once it exists: (reference, received ISO date)."""
    state: WriteState = WriteState.WAITING
    error: str = ""
    """Why the last attempt failed."""
    attempts: int = 0
    """Attempts that failed so far."""
    next_try: float = 0.0
    """When it is retried by itself (seconds since the epoch; WAITING only)."""

    @property
    def reports(self) -> tuple[str, ...]:
        """The reports this write concerns."""
        if self.reference:
            return (self.reference,)
        return tuple(reference for reference, _ in self.links)

    def line(self) -> str:
        """How the outbox lists it: when, what, on which issue, its state."""
        at = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.when))
        where = f"{WORDS[self.kind]} #{self.iid}" if self.iid else WORDS[self.kind]
        what = {WriteKind.LINK: self.reference, WriteKind.UNLINK: self.reference,
                WriteKind.ISSUE: self.title}.get(self.kind, "")
        if not what:
            what = next((line for line in self.body.splitlines() if line.strip()), "")
        extra = f" (+{len(self.links)} link(s))" if self.links else ""
        state = ("waiting for GitLab" if self.state is WriteState.WAITING
                 else "refused by GitLab")
        return f"{at}  {where}: {one_line(what, 80)}{extra}  [{state}]"

    def failed(self, state: WriteState, error: str, now: float) -> PendingWrite:
        """This write after one more failed attempt (a refusal is never retried by
        itself)."""
        attempts = self.attempts + 1
        next_try = now + retry_delay(attempts) if state is WriteState.WAITING else 0.0
        return PendingWrite(self.id, self.kind, self.iid, self.when, self.reference,
                            self.received, self.title, self.body, self.labels, self.links,
                            state, error, attempts, next_try)


def retry_delay(attempts: int) -> float:
    """Seconds before the next retry after ``attempts`` failed ones: 30 s, doubling,
    at most 10 minutes."""
    return min(FIRST_RETRY * 2.0 ** max(0, attempts - 1), LONGEST_RETRY)


def issue_marker(write_id: str) -> str:
    """The token a new issue's description carries: ``hdtui-write-<id>``."""
    return f"{MARKER_PREFIX}{write_id}"


def with_marker(description: str, write_id: str) -> str:
    """A new issue's description with its marker as a last line, in a code span: GitLab
    shows it as text, never as a reference, and its search finds it (no HTML: an issue
    from a report holds nothing live, docs/gitlab-writes.md)."""
    return f"{description.rstrip()}\n\nCreated with hdtui: `{issue_marker(write_id)}`\n"


def issue_problem(title: str, description: str, as_sent: bool = False) -> str:
    """Why GitLab would refuse this new issue for its size ("" when it would take it):
    the title is checked as sent (stripped), the description with the marker hdtui adds
    to it (``with_marker``), or ``as_sent``."""
    title = title.strip()
    if len(title) > TITLE_LIMIT:
        return (f"The title has {len(title)} characters; GitLab takes at most {TITLE_LIMIT}. "
                "Shorten it (the details go in the description).")
    size = len(description if as_sent else with_marker(description, "0" * 16))
    if size > TEXT_LIMIT:
        return (f"The description has {size:,} characters; GitLab takes at most "
                f"{TEXT_LIMIT:,}. Cut the pasted logs down to the lines that matter.")
    return ""


def note_problem(body: str) -> str:
    """Why GitLab would refuse this note for its size ("" when it would take it)."""
    if len(body) > TEXT_LIMIT:
        return (f"The note has {len(body):,} characters; GitLab takes at most "
                f"{TEXT_LIMIT:,}.")
    return ""
