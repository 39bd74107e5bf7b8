"""Provides StaticTracker: known issues from a JSON list of GitLab REST issue objects.

It serves the demo, offline use and ``hdtui match --issues``. Given a notes file (the
demo's: its copy of the known-issue file lives in the demo cache directory, the notes next
to it), it also links, counts and creates issues locally, through the same note marker as
GitLab (``hdtui.domain.links``), so the demo runs the code path of a real tracker.
Without a notes file the issue file is never written.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.links import (
    IssueLink,
    ReportCount,
    count_reports,
    is_reference,
    note_body,
    note_links,
    parse_note,
)
from hdtui.domain.text import MailText
from hdtui.errors import ReadOnlyError, TrackerError
from hdtui.store import file_lock
from hdtui.tracker.issue_cache import read_json, write_private_json

if TYPE_CHECKING:  # imported when issues are first read: a warm start's first frame builds
    # this tracker but reads none (KnownIssue is a frozen dataclass, built from generated
    # source at import: docs/benchmarks.md, "Session 21: warm first rows")
    from hdtui.domain.issue import KnownIssue, SyncResult

Progress = Callable[[int, int], None]


def username_of(value: Any) -> str:
    """A user's username: from a REST user object, or as the cache keeps it."""
    if isinstance(value, dict):
        value = value.get("username")
    return value if isinstance(value, str) else ""


def issue_from_rest(obj: dict[str, Any]) -> KnownIssue:
    """Build a KnownIssue from one GitLab REST issue object (or a cached, trimmed one)."""
    from hdtui.domain.issue import KNOWN_ISSUE_TYPE, KnownIssue

    labels = obj.get("labels") or []
    author = username_of(obj.get("author"))
    return KnownIssue(
        iid=int(obj["iid"]),
        title=MailText(obj.get("title") or ""),
        description=MailText(obj.get("description") or ""),
        labels=tuple(MailText(label) for label in labels),
        state=str(obj.get("state") or "opened"),
        web_url=str(obj.get("web_url") or ""),
        updated_at=str(obj.get("updated_at") or ""),
        confidential=obj.get("confidential") is True,
        issue_type=str(obj.get("issue_type") or KNOWN_ISSUE_TYPE),
        author=author,
        description_by=username_of(obj.get("description_by")),
    )


_ISSUE_URL_RE = lazy(r"^(https?://\S+/-/issues/)\d+$")  # a new issue's: after the first frame


def _issue_url(objects: Iterable[dict[str, Any]], iid: int) -> str:
    """A new issue's link, made as the file's other issues' are (``…/-/issues/<iid>``: the
    demo's, as demo/build.py makes them from the iid); "" when none has one, and the auto-reply
    block then leaves the link line out."""
    prefixes = Counter(m.group(1) for o in objects
                       if (m := _ISSUE_URL_RE().match(str(o.get("web_url") or ""))))
    return f"{prefixes.most_common(1)[0][0]}{iid}" if prefixes else ""


class StaticTracker:
    """Known issues from a file; links and new issues in local files when writable."""

    def __init__(self, path: Path, notes_path: Path | None = None, read_only: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self.notes_path = notes_path
        self.read_only = read_only
        self._created: set[int] = set()
        """Issues created by this session: their reports are linked even in a skim."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._last: dict[int, KnownIssue] | None = None
        self._synced = False

    # -- reading ------------------------------------------------------------------------

    def _objects(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise TrackerError(f"Known-issue file {self.path} does not exist.") from e
        except (OSError, UnicodeDecodeError) as e:
            raise TrackerError(f"Cannot read {self.path}: {e}") from e
        except json.JSONDecodeError as e:
            raise TrackerError(f"{self.path} is not valid JSON: {e}") from e
        if not isinstance(data, list):
            raise TrackerError(f"{self.path} must hold a JSON list of GitLab issue objects.")
        return data

    def issues(self) -> list[KnownIssue]:
        """The known issues of the file (not its tasks or incidents). The first read is
        what a sync then compares with: the index the queue was matched with was built
        from it, so the start's sync of an unchanged file says nothing changed (it said
        every issue was new, and the TUI counted the whole queue a second time at every
        start: docs/gitlab.md, "A static issues file and the start's sync")."""
        found = self._listed()
        with self._lock:
            if self._last is None:
                self._last = {issue.iid: issue for issue in found}
        return found

    def _listed(self) -> list[KnownIssue]:
        """The file's known issues, not its tasks or incidents."""
        return [issue for issue in self._all() if issue.listed]

    def _all(self) -> list[KnownIssue]:
        """Load every issue in the file."""
        issues = []
        for n, obj in enumerate(self._objects()):
            try:
                issues.append(issue_from_rest(obj))
            except (KeyError, TypeError, ValueError) as e:
                raise TrackerError(
                    f"{self.path}: item {n} is not a GitLab issue object ({e!r} missing or wrong)."
                ) from e
        return issues

    def issue(self, iid: int) -> KnownIssue:
        """One issue, read from the file now."""
        for issue in self._all():
            if issue.iid == iid:
                return issue
        raise TrackerError(f"Issue #{iid} is not in {self.path}.", "Issue not found")

    def sync(self, progress: Progress | None = None, full: bool = False) -> SyncResult:
        """Read the file again and say what changed since the last read."""
        from hdtui.domain.issue import SyncResult

        issues = {issue.iid: issue for issue in self._listed()}
        with self._lock:
            before = self._last or {}
            new = sum(1 for iid in issues if iid not in before)
            changed = sum(1 for iid, issue in issues.items()
                          if iid in before and before[iid] != issue)
            dropped = sum(1 for iid in before if iid not in issues)
            first = not self._synced
            self._last, self._synced = issues, True
        if progress is not None:
            progress(len(issues), len(issues))
        return SyncResult(new=new, changed=changed, dropped=dropped, total=len(issues),
                          fetched=len(issues), full=full or first)

    # -- links and counts -----------------------------------------------------------------

    def _notes(self) -> dict[int, list[dict[str, Any]]]:
        if self.notes_path is None:
            return {}
        data = read_json(self.notes_path)
        if not isinstance(data, dict):
            return {}
        return {int(k): [n for n in v if isinstance(n, dict)]
                for k, v in data.items() if k.isdigit() and isinstance(v, list)}

    def _links(self, notes: dict[int, list[dict[str, Any]]]) -> list[IssueLink]:
        links = []
        for iid, rows in notes.items():
            for row in rows:
                try:
                    created: date | None = date.fromisoformat(
                        str(row.get("created_at") or "")[:10])
                except ValueError:
                    created = None
                # Each link dated no later than its note (note_links). The notes file is
                # the member's own, written by hdtui here: a Help Desk account's, never cut
                # (notes_links).
                for found in note_links(str(row.get("body") or ""), created):
                    if found.received is not None:
                        links.append(IssueLink(iid, found.reference, found.received))
        return links

    def _writable(self, doing: str, in_skim: bool = False) -> Path:
        """The notes file, or why it cannot be written; ``in_skim``: allowed in a skim."""
        if self.read_only and not in_skim:
            raise ReadOnlyError(f"This is a read-only skim: hdtui does not {doing}. Start a "
                                "normal shift to do it.")
        if self.notes_path is None:
            raise TrackerError(f"The known issues come from {self.path}, which hdtui does not "
                               f"change, so it cannot {doing}. Configure [tracker] url to "
                               "use GitLab.")
        return self.notes_path

    def link(self, iid: int, reference: str, when: date | datetime) -> bool:
        """Record a link in the notes file; False if the report was already linked (in a
        read-only skim, only to an issue this session created: docs/skim.md)."""
        notes_path = self._writable("link a report to an issue", iid in self._created)
        if not is_reference(reference):
            raise TrackerError(f"{reference!r} is not a report reference.")
        received = when.date() if isinstance(when, datetime) else when
        notes_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Read, change and write under the file's lock: another process linking at the
        # same moment waits, and neither link is lost.
        with self._lock, file_lock(notes_path):
            self.issue(iid)
            notes = self._notes()
            if any(link.reference == reference and link.iid == iid
                   for link in self._links({iid: notes.get(iid, [])})):
                return False
            rows = notes.setdefault(iid, [])
            rows.append({"id": sum(len(v) for v in notes.values()) + 1,
                         "body": note_body(reference, received),
                         "created_at": self._clock().isoformat()})
            write_private_json(notes_path, {str(k): v for k, v in sorted(notes.items())},
                               locked=True)
            return True

    def add_note(self, iid: int, body: str) -> None:
        """Write a note in the notes file (allowed in a read-only skim: docs/skim.md)."""
        notes_path = self._writable("write a note on an issue", in_skim=True)
        if not body.strip():
            raise TrackerError("An empty note; nothing was written.")
        notes_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._lock, file_lock(notes_path):
            self.issue(iid)
            notes = self._notes()
            notes.setdefault(iid, []).append({
                "id": sum(len(v) for v in notes.values()) + 1, "body": body,
                "created_at": self._clock().isoformat()})
            write_private_json(notes_path, {str(k): v for k, v in sorted(notes.items())},
                               locked=True)

    def unlink(self, iid: int, reference: str) -> bool:
        """Remove the notes on the issue that cite this report; False if none did
        (refused in a read-only skim)."""
        notes_path = self._writable("remove a report's link from an issue")
        with self._lock, file_lock(notes_path):
            notes = self._notes()
            rows = notes.get(iid, [])
            kept = [row for row in rows if reference not in {
                found.reference for found in parse_note(str(row.get("body") or ""))}]
            if len(kept) == len(rows):
                return False
            notes[iid] = kept
            write_private_json(notes_path, {str(k): v for k, v in sorted(notes.items())},
                               locked=True)
            return True

    def linked(self, reference: str) -> list[int]:
        """The issues ``reference`` is linked to."""
        return sorted({link.iid for link in self._links(self._notes())
                       if link.reference == reference})

    def links(self) -> list[IssueLink]:
        """Every report link, from the notes file."""
        return self._links(self._notes())

    def links_not_read(self) -> tuple[list[int], str]:
        """The notes file is read afresh each time: nothing is left unread."""
        return [], ""

    def links_left_out(self) -> dict[int, int]:
        """The notes file is the member's own: none is left out."""
        return {}

    def counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Reports per issue, counted from the notes file."""
        wanted = list(dict.fromkeys(iids))
        found = count_reports(self._links(self._notes()), self._clock().date())
        return {iid: found.get(iid, ReportCount()) for iid in wanted}

    def refresh_counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """The same as counts(): the file is always read afresh."""
        return self.counts(iids)

    def create_issue(self, title: str, description: str, labels: Iterable[str] = ()
                     ) -> KnownIssue:
        """Append an issue to the (writable) known-issue file."""
        self._writable("create an issue", in_skim=True)  # a skim reports back: docs/skim.md
        if not title.strip():
            raise TrackerError("An issue needs a title.")
        with self._lock, file_lock(self.path):
            objects = self._objects()
            iid = max((int(o.get("iid") or 0) for o in objects), default=0) + 1
            now = self._clock().isoformat().replace("+00:00", "Z")
            obj: dict[str, Any] = {
                "id": iid, "iid": iid, "title": title.strip(), "description": description,
                "state": "opened", "labels": list(labels), "created_at": now,
                "updated_at": now, "closed_at": None,
                "web_url": _issue_url(objects, iid),
            }
            write_private_json(self.path, [*objects, obj], locked=True)
            self._created.add(iid)
            return issue_from_rest(obj)

    def has_note(self, iid: int, body: str) -> bool:
        """Whether the notes file has a note on issue ``iid`` with exactly this text."""
        wanted = body.strip()
        return any(str(row.get("body") or "").strip() == wanted
                   for row in self._notes().get(iid, []))

    def find_created(self, marker: str, since: datetime) -> KnownIssue | None:
        """The issue of the file created since ``since`` whose description holds
        ``marker``, or None."""
        for obj in self._objects():
            created = str(obj.get("created_at") or "")
            try:
                moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            if marker in str(obj.get("description") or "") and moment >= since:
                self._created.add(int(obj.get("iid") or 0))
                return issue_from_rest(obj)
        return None

    def set_read_only(self, read_only: bool) -> None:
        """Switch between a normal shift and a read-only skim."""
        self.read_only = read_only

    def close(self) -> None:
        """Nothing to release."""
