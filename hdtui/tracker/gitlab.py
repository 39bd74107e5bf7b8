"""Provides GitLabTracker: known issues, report links and counts from a GitLab project.

Issues are synced into a local owner-only cache (``IssueCache``): open issues and those
closed within ``closed_days``, with titles, descriptions and labels. A full sync (the
first, ``full=True``, and one a day: the reconciliation) replaces the cache with what
GitLab lists, so issues deleted, moved (``moved_to_id``) or no longer visible leave it;
the others ask only for what changed since ``OVERLAP`` before the newest ``updated_at``
seen (an update committed late, with an earlier timestamp, is still caught). Pages are
keyset pages ordered by ``updated_at`` where GitLab offers them (an issue edited during
the sync moves behind the cursor and is read again, never skipped); where it answers
offset pages instead, they are read newest-created first, and read again when the
number of issues changed while paging (docs/gitlab.md, "Syncs that lose nothing"). A
sync commits all or nothing: a failure leaves the previous cache intact and ``issues()``
keeps answering from it.

Links are notes on the issue with one marker line (``hdtui.domain.links``). A sync reads
the notes of every issue that changed since its notes were last read (a note moves the
issue's ``updated_at``; ``_sync_links``), so the links other members made are counted
without opening a report of the issue; an issue listed with no comment
(``user_notes_count`` 0) holds none and is not asked (``_no_notes``), and only comments
are asked for (docs/gitlab.md, "A first sync without a request per issue"); the first
``issues()`` of an empty cache lists the issues only and leaves their notes to the next
pass (``read_owed_links``, ``sync``), judged by GitLab's clock (``_gitlab_time``); those it
could not read are said
(``links_not_read``), never counted as none. The notes are read before writing, so linking
twice, or a report another member already linked, adds no second note. Only vetted notes
count (``CountRule``): internal notes, when ``count_markers_from`` is "internal" and the
token's role may write them (link notes, and summary notes, are then written internal),
and notes whose author id is one of the Help Desk's accounts (``helpdesk_accounts`` and
the token's own, resolved once); a marker anyone else writes is ignored, so it neither
counts nor makes ``link`` answer "already linked" (docs/gitlab.md). On a busy issue
(``busy_links``) further links are lines of one summary note per account, edited in place.
Counts come from those notes, cached for ``counts_ttl`` seconds. Tasks and incidents are
kept but not listed as known issues; who last wrote the description of an issue with a
Standard reply is read from GitLab's system notes (its reply is offered only when vetted:
docs/replies.md). Titles and texts over GitLab's limits are refused before sending
(docs/gitlab-writes.md).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import gitlab
import requests
from gitlab.v4.objects import Project, ProjectIssue

from hdtui.domain.gitlab_write import TEXT_LIMIT, issue_problem, note_problem
from hdtui.domain.issue import KnownIssue, SyncResult
from hdtui.domain.links import (
    BUSY_LINKS,
    CountRule,
    IssueLink,
    NotesLinks,
    ReportCount,
    VettedNote,
    count_reports,
    is_reference,
    is_summary,
    note_body,
    notes_links,
    parse_note,
    summary_body,
    summary_with,
    summary_without,
)
from hdtui.domain.reply import SECTION_STANDARD_REPLY, issue_sections
from hdtui.domain.text import one_line
from hdtui.errors import (
    GITLAB_MEANWHILE,
    ConfigError,
    ReadOnlyError,
    TrackerError,
    TrackerNotSetUp,
    TrackerRefused,
    TrackerUnreachable,
    not_set_up,
)
from hdtui.tracker.issue_cache import IssueCache
from hdtui.tracker.static import issue_from_rest, username_of

Progress = Callable[[int, int], None]
LINKS_READ_FRESH = 10.0
"""Seconds for which the notes read after this tracker's link note on an issue stand for
the read before its next link there (``GitLabTracker.link``)."""
NOTES_FULL = "Maximum number of comments exceeded"
"""GitLab's refusal of a note on an issue that has 5,000 (docs/gitlab.md)."""
SUMMARY_TRIES = 3
"""Attempts at adding a line to a summary note that another member edits at once."""
DESCRIPTION_CHANGED = "changed the description"
"""How GitLab's system note on an edited description begins (its author made the edit)."""
TOUCH_WINDOW = timedelta(minutes=2)
"""GitLab moves an issue's ``updated_at`` for a new note only when it last moved a minute
ago or more (its ThrottledTouch): notes read less than this long after the issue's
``updated_at`` (a minute, and a minute for the clocks) may miss a note that did not move
it, and are read again at the next sync (docs/gitlab.md, "Links other members made")."""
ISSUE_GONE = "Issue not found"
"""The title of GitLab's 404 for one issue (moved or deleted): a sync reading links goes on
with the next issue; any other refusal ends its pass."""
LINKS_SAVE_EVERY = 50
"""Issues whose notes a sync reads between two saves of the cache (a first sync of a big
project that is stopped keeps what it read)."""
OVERLAP = timedelta(minutes=5)
"""An incremental sync asks again from this long before the last high-water mark."""
FULL_EVERY = timedelta(days=1)
"""A sync is a full reconciliation when the last one is older than this."""
OFFSET_PASSES = 3
"""Offset pages are read at most this many times while the issue count keeps changing."""
REPORTER = 20
"""GitLab's access level of the Reporter role: the least that may write internal notes."""
KEPT_FIELDS = ("id", "iid", "project_id", "title", "description", "state", "labels",
               "web_url", "created_at", "updated_at", "closed_at", "moved_to_id",
               "confidential", "issue_type", "author")


@dataclass(frozen=True, slots=True)
class GitLabSettings:
    """How to reach one GitLab project."""

    url: str
    """The GitLab server, e.g. ``https://gitlab.tails.boum.org``."""
    project: str
    """The project path (``tails/tails``) or numeric ID."""
    token: Callable[[], str]
    """Returns the access token (from an environment variable or a command)."""
    ca_file: str | None = None
    """A CA bundle to verify the server with; None uses certifi's, as requests does (not the
    system's: docs/config.md)."""
    verify: bool = True
    """Verify the server's certificate (always, unless explicitly turned off)."""
    timeout: float = 15.0
    """Seconds to wait for an answer."""
    closed_days: int = 30
    """Closed issues updated within this many days stay in the cache."""
    per_page: int = 100
    """Issues or notes per page (GitLab allows at most 100)."""
    max_wait: float = 60.0
    """The longest ``Retry-After`` (seconds) hdtui waits out on HTTP 429."""
    max_retries: int = 3
    """Retries after 429, 5xx or a dropped connection."""
    counts_ttl: float = 300.0
    """Seconds a cached report count is used before the issue's notes are read again."""
    proxy: str | None = None
    """A proxy URL for every request (``socks5h://`` for Tor); None: the environment's."""
    busy_links: int = BUSY_LINKS
    """Links above which an issue is busy: further links go into one summary note, edited
    in place (docs/gitlab-writes.md, "Busy issues")."""
    count_markers_from: str = "internal"
    """"internal": internal notes count (and link notes are written internal) when the
    token's role allows it; "allow-list": only notes of ``helpdesk_accounts`` count."""
    helpdesk_accounts: tuple[str, ...] = ()
    """GitLab usernames whose notes count (with the token's own account)."""

    @property
    def vetting(self) -> str:
        """The counting rule as configured: cached links made under another are dropped."""
        return " ".join([self.count_markers_from,
                         *sorted({name.lower() for name in self.helpdesk_accounts})])

    @property
    def where(self) -> str:
        """``https://gitlab.example.org, project tails/tails``."""
        return f"{self.url}, project {self.project}"


class _WaitTooLong(Exception):
    """GitLab asked for a longer wait than hdtui accepts."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"Retry-After {seconds:.0f} s")
        self.seconds = seconds


class _PageKind:
    """A requests response hook: whether the last answer was an offset page (``X-Page``),
    i.e. GitLab did not page by keyset as asked."""

    def __init__(self) -> None:
        self.offset = False

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self.offset = "X-Page" in response.headers


class _ServerClock:
    """A requests response hook: how far this machine's clock is ahead of GitLab's, from
    the ``Date`` header of its last answer (None until one came). ``_links_due`` compares
    GitLab's ``updated_at`` with GitLab's own time of a read, not this machine's."""

    def __init__(self) -> None:
        self.ahead: float | None = None

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        header = response.headers.get("Date")
        if not header:
            return
        try:
            moment = parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        # Date has whole seconds: GitLab's time is up to a second later than it says.
        self.ahead = time.time() - moment.timestamp() - 0.5


class _RateLimit:
    """A requests response hook: caps and tallies python-gitlab's waits on HTTP 429."""

    def __init__(self, max_wait: float) -> None:
        self.max_wait = max_wait
        self.waited = 0.0
        self.hits = 0

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code != 429:
            return
        self.hits += 1
        header = response.headers.get("Retry-After")
        reset = response.headers.get("RateLimit-Reset")
        if header is not None:
            seconds = _retry_after_seconds(header)
        elif reset is not None:  # GitLab's throttle may send only this (Unix time)
            seconds = _reset_seconds(reset)
        else:
            return  # python-gitlab then backs off exponentially from 0.1 s
        if seconds > self.max_wait:
            raise _WaitTooLong(seconds)
        # python-gitlab reads Retry-After first, with int() (an HTTP date would crash it),
        # else waits until RateLimit-Reset, however far: it gets a capped Retry-After.
        response.headers["Retry-After"] = str(math.ceil(seconds))
        self.waited += math.ceil(seconds)


FAILURES = (gitlab.exceptions.GitlabError, requests.exceptions.RequestException, _WaitTooLong)
"""What python-gitlab and requests raise for a failed request (translated to TrackerError)."""


def _retry_after_seconds(header: str) -> float:
    text = header.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return 1.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _reset_seconds(header: str) -> float:
    """Seconds until ``RateLimit-Reset`` (Unix time; docs/gitlab.md); 1 when unreadable."""
    text = header.strip()
    if not text.isdigit():
        return 1.0
    return max(0.0, float(text) - time.time())


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 timestamp from GitLab, or None if it is not one."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _trim(attributes: Mapping[str, Any]) -> dict[str, Any]:
    data = {key: attributes.get(key) for key in KEPT_FIELDS}
    if not isinstance(data["iid"], int) or isinstance(data["iid"], bool):
        raise TrackerError(f"GitLab sent an issue without a numeric iid ({data['iid']!r}).")
    labels = data["labels"]
    data["labels"] = [str(x) for x in labels] if isinstance(labels, list) else []
    data["author"] = username_of(data["author"])  # the rest of the user object is not needed
    return data


def _note_count(attributes: Mapping[str, Any], data: Mapping[str, Any],
                noteless: dict[int, str]) -> None:
    """Keeps in ``noteless`` the ``updated_at`` of an issue listed with a
    ``user_notes_count`` of 0 (no note but system notes); forgets an issue listed again
    with notes, or with no count (an older GitLab, a proxy that drops it): its notes are
    read."""
    count = attributes.get("user_notes_count")
    if type(count) is int and count == 0 and data.get("updated_at"):
        noteless[data["iid"]] = str(data["updated_at"])
    else:
        noteless.pop(data["iid"], None)


def _differs(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return any(old.get(k) != new.get(k) for k in ("title", "description", "labels", "state",
                                                  "confidential", "issue_type"))


class GitLabTracker:
    """Known issues of one GitLab project, cached locally; links and counts as notes."""

    def __init__(self, settings: GitLabSettings, cache_path: Path, read_only: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings
        self.read_only = read_only
        self._created: set[int] = set()
        """Issues created by this session: their reports are linked even in a skim."""
        self._read_after: dict[int, float] = {}
        """Issue: when (``time.monotonic``) its notes were read after this tracker's last
        link note on it (``_links_before``)."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._cache = IssueCache(cache_path, f"{settings.url.rstrip('/')} {settings.project}")
        self._lock = threading.RLock()
        self._gl: gitlab.Gitlab | None = None
        self._project: Project | None = None
        self._rate = _RateLimit(settings.max_wait)
        self._pages = _PageKind()
        self._served = _ServerClock()
        self._keyset = True
        """GitLab pages project issues by keyset (False once it answered offset pages)."""
        self._own: tuple[int | None, str] | None = None
        """The token's account (id, username), asked once (``_account``)."""
        self._rule: CountRule | None = None
        self._links_problem = ""
        """Why the last sync left links unread (``links_not_read``); "" when it did not."""
        self._owed: tuple[dict[int, str], datetime] | None = None
        """A listing whose notes are not read yet (``issues`` on an empty cache lists the
        issues only): the issues it gave with no note, and when it began, for the pass
        that reads them (``read_owed_links``, the next ``sync``)."""
        self.unknown_accounts: tuple[str, ...] = ()
        """``helpdesk_accounts`` GitLab does not know (their notes count nothing)."""
        if self._cache.vetting != settings.vetting:  # counted under another rule
            self._cache.links.clear()
            self._cache.left_out.clear()
            self._cache.links_checked.clear()
            self._cache.vetting = settings.vetting

    @property
    def synced(self) -> bool:
        """Whether the cache holds issues from a sync (False: none can be matched)."""
        return self._cache.synced

    # -- the port ---------------------------------------------------------------------

    def issues(self) -> list[KnownIssue]:
        """The cached issues (listed once first if the cache is empty: their notes are
        left to ``read_owed_links`` or the next ``sync``, so the first match does not
        wait for a request per issue; docs/gitlab.md, "A new member's first start");
        raises TrackerError."""
        with self._lock:
            if not self._cache.synced:
                self._list_and_merge()
            found = (issue_from_rest(data) for _, data in sorted(self._cache.issues.items()))
            return [issue for issue in found if issue.listed]  # no tasks or incidents

    def sync(self, progress: Progress | None = None, full: bool = False) -> SyncResult:
        """Bring the cache up to date: incremental unless ``full``, never synced, or the
        last full sync (the reconciliation) is older than ``FULL_EVERY``; then read the
        notes of the issues whose links are due (``_sync_links``, not under the lock for
        the whole pass)."""
        result = self._list_and_merge(progress, full)
        read, unread, changed = self.read_owed_links()
        return result._replace(links_read=read, links_unread=unread, links_changed=changed)

    def read_owed_links(self) -> tuple[int, int, int]:
        """Read the notes the last listing left unread (``_sync_links``), taking the lock
        per issue; (0, 0, 0) when no listing since the last pass. Returns (issues read,
        issues left unread, issues whose links changed)."""
        with self._lock:
            owed = self._owed
        if owed is None:
            return 0, 0, 0
        read, unread, changed = self._sync_links(*owed)
        with self._lock:
            if self._owed is owed and not unread:
                self._owed = None
        return read, unread, changed

    def _list_and_merge(self, progress: Progress | None = None,
                        full: bool = False) -> SyncResult:
        """The issues listed and merged into the cache (``sync`` without the notes); the
        issues listed with no note are kept in ``_owed`` for the notes' pass."""
        with self._lock:
            cache = self._cache
            now = self._clock()
            cutoff = now - timedelta(days=self.settings.closed_days)
            since = parse_time(cache.high_water or "")
            reconciled = cache.full_at is not None and \
                now - datetime.fromtimestamp(cache.full_at, UTC) < FULL_EVERY
            incremental = not full and cache.synced and since is not None and reconciled
            if incremental and since is not None:
                queries: list[dict[str, Any]] = [
                    {"state": "all", "updated_after": _iso(since - OVERLAP)}]
            else:
                queries = [{"state": "opened"},
                           {"state": "closed", "updated_after": _iso(cutoff)}]
            self._rate.waited = 0.0
            fetched: dict[int, dict[str, Any]] = {}
            noteless: dict[int, str] = {}

            def tell() -> None:
                if progress is not None:
                    progress(len(fetched), max(len(cache.issues), len(fetched)))
            try:
                project = self._get_project()
                for query in queries:
                    self._list_issues(project, query, fetched, tell, noteless)
                for data in fetched.values():
                    self._description_writer(data)
            except FAILURES as e:
                raise self._error(e, "syncing issues") from e
            result = self._merge(fetched, incremental, cutoff, now)
            if self._owed is not None:  # a listing still unread: its noteless issues too
                noteless = {**self._owed[0], **noteless}  # (each for its updated_at)
                now = min(now, self._owed[1])
            self._owed = (noteless, now)
            return result

    def _sync_links(self, noteless: Mapping[int, str] | None = None,
                    listed: datetime | None = None) -> tuple[int, int, int]:
        """Read the notes of every cached issue whose links are due (``_links_due``): the
        issues that changed since their notes were read (a note moves ``updated_at``),
        never read, or read just after a change. An issue the list just gave with no note
        (``noteless``: its ``user_notes_count`` was 0, internal notes included, at the
        ``updated_at`` kept for it; ``listed``: when the list began) holds no link and
        costs no request (``_no_notes``). The lock is taken per issue, not for the whole
        pass, and not during its request (the panes match and count meanwhile); a read
        another caller made meanwhile (``link``, a count) is kept over this one. A
        failure stops the pass: the issues left keep their last links and are said not
        read (``links_not_read``), never a silent 0.
        Returns (issues read, issues left unread, issues whose links changed)."""
        with self._lock:
            due = [iid for iid in sorted(self._cache.issues) if self._links_due(iid)]
            self._links_problem = ""
        read = changed = 0
        try:
            if due:
                with self._lock:
                    rule = self._rule_for(due[0])
            for iid in due:
                with self._lock:
                    if iid not in self._cache.issues or not self._links_due(iid):
                        continue  # read meanwhile (a pane's count), or dropped
                    before = set(self._cache.links.get(iid, ()))
                    if listed is not None and self._no_notes(iid, noteless or {}, listed):
                        changed += bool(before)
                        read += 1
                        continue
                    version = str(self._cache.issues[iid].get("updated_at") or "")
                    checked = self._cache.links_checked.get(iid)
                try:  # the request without the lock: the panes match and count meanwhile
                    links = self._fetch_links(iid, rule)
                except TrackerRefused as error:
                    if error.title != ISSUE_GONE:  # a token refused: for every issue
                        raise
                    self._links_problem = error.message  # this issue only (moved,
                    continue  # deleted since it was listed)
                with self._lock:
                    read += 1
                    # Read or written meanwhile (``link``, a count): that one is newer.
                    if iid in self._cache.issues and \
                            self._cache.links_checked.get(iid) == checked:
                        self._keep_links(iid, links, version)
                        changed += set(self._cache.links[iid]) != before
                    if read % LINKS_SAVE_EVERY == 0:
                        self._cache.save()
        except TrackerError as error:  # GitLab out of reach: the rest is left for later
            self._links_problem = error.message
        finally:
            if read:
                with self._lock:
                    self._cache.save()
        with self._lock:
            return read, len(self._unread()), changed

    def _no_notes(self, iid: int, noteless: Mapping[int, str], listed: datetime) -> bool:
        """Whether cached issue ``iid`` is known to have no note that is not a system note,
        so no link (call with the lock held); if so its links are set to none, read for its
        ``updated_at`` as of ``listed``, with no request. GitLab's ``user_notes_count``
        counts every note but system notes, internal ones included (docs/gitlab.md, "A
        first sync without a request per issue"); it is trusted only for the ``updated_at``
        it came with, and only when the list began ``TOUCH_WINDOW`` or more after that
        ``updated_at``: a note written later then moved ``updated_at``, so it is read."""
        updated_text = str(self._cache.issues[iid].get("updated_at") or "")
        updated = parse_time(updated_text)
        if updated is None or noteless.get(iid) != updated_text or \
                self._gitlab_time(listed.timestamp()) - updated < TOUCH_WINDOW:
            return False
        self._cache.links[iid] = []
        self._cache.links_checked[iid] = listed.timestamp()
        self._cache.links_for[iid] = updated_text
        return True

    def _links_due(self, iid: int) -> bool:
        """Whether the notes of cached issue ``iid`` are to be read at a sync: never read
        for its ``updated_at`` (``_unread``), or read within ``TOUCH_WINDOW`` of it."""
        if self._links_unread(iid):
            return True
        updated = parse_time(str(self._cache.issues[iid].get("updated_at") or ""))
        checked = self._cache.links_checked.get(iid)
        return updated is None or checked is None or \
            self._gitlab_time(checked) - updated < TOUCH_WINDOW

    def _gitlab_time(self, local: float) -> datetime:
        """GitLab's time at this machine's ``local`` time (``links_checked`` is kept in
        this machine's clock, for the counts' TTL): corrected by GitLab's ``Date`` header
        (``_ServerClock``); with none, never earlier than the newest ``updated_at`` seen
        (a clock behind GitLab's). A clock ahead of GitLab's made a read look later after
        the issue's update than it was, and a note that did not move ``updated_at`` was
        never read (docs/gitlab.md, "Links other members made")."""
        ahead = self._served.ahead
        if ahead is not None:
            return datetime.fromtimestamp(local - ahead, UTC)
        moment = datetime.fromtimestamp(local, UTC)
        newest = parse_time(self._cache.high_water or "")
        return max(moment, newest) if newest is not None else moment

    def _links_unread(self, iid: int) -> bool:
        """Whether cached issue ``iid`` changed (or appeared) since its notes were last
        read: its links may be missing some (call with the lock held)."""
        updated = self._cache.issues[iid].get("updated_at")
        return not updated or self._cache.links_for.get(iid) != updated

    def _unread(self) -> list[int]:
        """The listed issues whose links are not read for their current version."""
        return [iid for iid, data in sorted(self._cache.issues.items())
                if self._links_unread(iid) and issue_from_rest(data).listed]

    def links_left_out(self) -> dict[int, int]:
        """Per issue, the links of accounts outside the Help Desk its notes held beyond
        ``NOTE_LINKS_MAX`` each (``notes_links``), as cached; no request."""
        with self._lock:
            return dict(self._cache.left_out)

    def links_not_read(self) -> tuple[list[int], str]:
        """The known issues whose links other members may have made are not read (the
        issue changed since, or its notes were never read: the last sync failed, or none
        ran since), and why; ([], "") when every issue's links are read. No request."""
        with self._lock:
            unread = self._unread()
            if not unread:
                return [], ""
            if not self._links_problem and self._owed is not None:
                return unread, ("not read yet: the issues were listed first, their notes "
                                "are read next")
            return unread, self._links_problem or (
                "not read from GitLab since the issue last changed; a sync (`hdtui "
                "tracker-sync`, or the TUI's start and F5) reads them")

    def _list_issues(self, project: Project, query: Mapping[str, Any],
                     fetched: dict[int, dict[str, Any]], tell: Callable[[], None],
                     noteless: dict[int, str]) -> None:
        """Every issue the query lists, into ``fetched`` (by iid, the last read kept): by
        keyset ordered by ``updated_at`` where GitLab offers it; else (it answered offset
        pages, or 405) offset pages newest created first, read again while the count
        changes between the first and the last page (an issue closed or deleted meanwhile
        shifts the later pages). The issues listed with no note into ``noteless``
        (``_note_count``)."""
        common = {"iterator": True, "per_page": self.settings.per_page,
                  "max_retries": self.settings.max_retries, **query}
        if self._keyset:
            try:
                pages = project.issues.list(pagination="keyset", order_by="updated_at",
                                            sort="asc", **common)
            except gitlab.exceptions.GitlabListError as e:
                if e.response_code != 405:  # 405: "not available for this request"
                    raise
                self._pages.offset = True
            if not self._pages.offset:
                for issue in pages:
                    data = _trim(issue.attributes)
                    fetched[data["iid"]] = data
                    _note_count(issue.attributes, data, noteless)
                    tell()
                return
            self._keyset = False  # an older GitLab: offset pages, read as below
        for _ in range(OFFSET_PASSES):
            pages = project.issues.list(order_by="created_at", sort="desc", **common)
            first = pages.total
            for issue in pages:
                data = _trim(issue.attributes)
                fetched[data["iid"]] = data
                _note_count(issue.attributes, data, noteless)
                tell()
            if pages.total == first:
                return

    def _merge(self, fetched: Mapping[int, dict[str, Any]], incremental: bool,
               cutoff: datetime, now: datetime) -> SyncResult:
        """The fetched issues into the cache: added to it (incremental) or replacing it
        (full: what GitLab no longer lists leaves); moved issues and those closed before
        ``cutoff`` leave either way."""
        cache = self._cache
        issues = dict(cache.issues) if incremental else {}
        new = changed = 0
        high_water = parse_time(cache.high_water or "") if incremental else None
        for iid, data in fetched.items():
            old = cache.issues.get(iid)
            if old is None:
                new += 1
            elif _differs(old, data):
                changed += 1
            if old is not None and old.get("updated_at") != data.get("updated_at"):
                cache.links_checked.pop(iid, None)  # a new note moves updated_at
            issues[iid] = data
            moment = parse_time(str(data.get("updated_at") or ""))
            if moment is not None and (high_water is None or moment > high_water):
                high_water = moment
        for iid, data in list(issues.items()):
            moment = parse_time(str(data.get("updated_at") or ""))
            if data.get("moved_to_id") or (
                    data.get("state") == "closed" and (moment is None or moment < cutoff)):
                del issues[iid]
                if iid in fetched and iid not in cache.issues:
                    new -= 1
        dropped = len(set(cache.issues) - set(issues))
        for gone in set(cache.links_for) - set(issues):
            del cache.links_for[gone]
        previous = (cache.issues, cache.high_water, cache.synced_at, cache.full_at)
        cache.issues = issues
        if high_water is not None:
            cache.high_water = _iso(high_water)
        cache.synced_at = now.timestamp()
        if not incremental:
            cache.full_at = now.timestamp()
        try:
            cache.save()
        except TrackerError:
            cache.issues, cache.high_water, cache.synced_at, cache.full_at = previous
            raise
        return SyncResult(new=new, changed=changed, dropped=dropped, total=len(issues),
                          fetched=len(fetched), full=not incremental,
                          waited=self._rate.waited)

    def issue(self, iid: int) -> KnownIssue:
        """The issue as the tracker has it now (its reply sections are read from this)."""
        with self._lock:
            try:
                obj = self._get_project().issues.get(iid, max_retries=self.settings.max_retries)
                data = _trim(obj.attributes)
                self._description_writer(data)
            except FAILURES as e:
                raise self._error(e, f"reading issue #{iid}", iid) from e
            if data["state"] == "opened" or self._cache.issues.get(iid) is not None:
                self._cache.issues[iid] = data
                self._cache.save()
            return issue_from_rest(data)

    def link(self, iid: int, reference: str, when: date | datetime) -> bool:
        """Record on the issue that a report belongs to it; False if it already was.

        In a read-only skim only the reports of an issue this session created are linked
        (reporting a new problem back is part of a skim: docs/skim.md)."""
        if iid not in self._created:
            self._check_writable("link a report to an issue")
        received = when.date() if isinstance(when, datetime) else when
        if not is_reference(reference):
            raise TrackerError(f"{reference!r} is not a report reference (wb://ID or "
                               "mail:DATE:HASH); nothing was written to GitLab.")
        with self._lock:
            links = self._links_before(iid)
            if any(link.reference == reference for link in links):
                self._cache.save()  # another member's note is now in the cache too
                return False
            line = note_body(reference, received)
            written: int | None = None
            try:
                if len(links) >= self.settings.busy_links:
                    self._add_to_summary(iid, line)
                else:
                    written = self._add_link_note(iid, line)
            except FAILURES as e:
                raise self._error(e, f"adding a note to issue #{iid}", iid, write=True) from e
            self._cache.links[iid] = [*links, IssueLink(iid, reference, received)]
            self._cache.links_checked[iid] = time.time()
            self._cache.save()
            return written is None or not self._yielded(iid, reference, written)

    def _links_before(self, iid: int) -> list[IssueLink]:
        """The links of issue ``iid`` before a link is written: read from its notes, unless
        this tracker read them after its own link note there less than ``LINKS_READ_FRESH``
        seconds ago (``_yielded``), which stands for this read. Linking twelve reports
        read the notes 24 times, twice a report; now 13. A note another member writes
        meanwhile is found by the read after the write, as one written between a read
        before and the write always was (docs/gitlab-writes.md, "Two members linking at
        once"). Call with the lock held."""
        read = self._read_after.pop(iid, None)
        if read is not None and time.monotonic() - read < LINKS_READ_FRESH and \
                iid in self._cache.links:
            return self._cache.links[iid]
        return self._read_links(iid)

    def _yielded(self, iid: int, reference: str, written: int) -> bool:
        """After writing link note ``written``: True when an earlier vetted note on the
        issue cites the same report, and ours was deleted. Two members linking the same
        report at once both read no note citing it, and both wrote one (walk25's defect 2:
        21 notes for 13 reports); the later note, by GitLab's note ids, yields: each
        writer reads the notes again once its note is written, so the later one always
        sees the earlier. That read is the issue's links in the cache, and the read before
        this tracker's next link there (``_links_before``). A read or a delete that fails
        leaves the second note (counts take a report once; ``u`` removes both):
        docs/gitlab-writes.md, "Two members linking at once". Call with the lock held."""
        version = str((self._cache.issues.get(iid) or {}).get("updated_at") or "")
        notes: list[tuple[Any, bool]] = []
        try:
            self._keep_links(iid, self._fetch_links(iid, self._rule_for(iid), notes), version)
        except TrackerError:
            return False
        self._read_after[iid] = time.monotonic()
        mine = next((note for note, _ in notes if note.get_id() == written), None)
        earlier = any(
            isinstance(note.get_id(), int) and note.get_id() < written and vetted
            and reference in {link.reference for link in parse_note(
                str(note.attributes.get("body") or ""))}
            for note, vetted in notes)
        if not earlier or mine is None:
            return False
        try:
            mine.delete(retry_transient_errors=False, max_retries=self.settings.max_retries)
        except FAILURES:
            return False
        return True

    def unlink(self, iid: int, reference: str) -> bool:
        """Delete the notes on the issue that cite only this report (a misplaced link);
        False if no note cited it. Refused in a read-only skim; a note that cites other
        reports too is left alone (TrackerError), as is a note of another author that the
        token may not delete (GitLab answers 403: TrackerError)."""
        self._check_writable("remove a report's link from an issue")
        with self._lock:
            try:
                rule = self._count_rule()
                notes = list(self._issue_handle(iid).notes.list(
                    iterator=True, per_page=self.settings.per_page, sort="asc",
                    order_by="created_at", max_retries=self.settings.max_retries))
            except FAILURES as e:
                raise self._error(e, f"reading the notes of issue #{iid}", iid) from e
            citing = []
            edited = False
            for note in notes:
                if not _vetted(note.attributes, rule):
                    continue
                body = str(note.attributes.get("body") or "")
                found = {link.reference for link in parse_note(body)}
                if reference not in found:
                    continue
                if found != {reference} and is_summary(body):
                    self._edit_summary(iid, note, summary_without(body, reference))
                    edited = True
                    continue
                if found != {reference}:
                    raise TrackerError(
                        f"Note {note.get_id()} on issue #{iid} cites other reports too; "
                        "hdtui removes only a note citing this report alone. Edit it on "
                        "GitLab.", "Link not removed")
                citing.append(note)
            for note in citing:
                try:
                    note.delete(retry_transient_errors=False,
                                max_retries=self.settings.max_retries)
                except FAILURES as e:
                    raise self._error(e, f"deleting note {note.get_id()} of issue #{iid}",
                                      iid, write=True) from e
            self._cache.links[iid] = [link for link in self._cache.links.get(iid, [])
                                      if link.reference != reference]
            self._cache.links_checked[iid] = time.time()
            self._cache.save()
            return bool(citing) or edited

    def linked(self, reference: str) -> list[int]:
        """The issues the cache knows ``reference`` is linked to."""
        with self._lock:
            return sorted(iid for iid, links in self._cache.links.items()
                          if any(link.reference == reference for link in links))

    def links(self) -> list[IssueLink]:
        """Every report link the cache holds (notes read by syncs, counts and links; no
        request); ``links_not_read`` says which issues' links may be missing."""
        with self._lock:
            return [link for links in self._cache.links.values() for link in links]

    def counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Reports per issue, from notes read at most ``counts_ttl`` seconds ago.

        When GitLab cannot be reached, the cached numbers are returned.
        """
        wanted = list(dict.fromkeys(iids))
        with self._lock:
            stale = [iid for iid in wanted if time.time() - self._cache.links_checked.get(
                iid, 0.0) > self.settings.counts_ttl]
            with contextlib.suppress(TrackerError):  # offline: the cached numbers
                self._refresh(stale)
            return self._count(wanted)

    def refresh_counts(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """Read the notes of these issues now and count; raises TrackerError."""
        wanted = list(dict.fromkeys(iids))
        with self._lock:
            self._refresh(wanted)
            return self._count(wanted)

    def create_issue(self, title: str, description: str, labels: Iterable[str] = ()
                     ) -> KnownIssue:
        """Create an issue; raises TrackerError (the caller keeps its draft) or ReadOnlyError."""
        # Allowed in a read-only skim: a skim still reports major new problems back
        # (docs/skim.md); it changes nothing in the mailbox.
        if not title.strip():
            raise TrackerError("An issue needs a title; nothing was sent to GitLab.")
        too_big = issue_problem(title, description, as_sent=True)
        if too_big:
            raise TrackerError(f"{too_big} Nothing was sent to GitLab.", "Issue too long")
        with self._lock:
            try:
                obj = self._get_project().issues.create(
                    {"title": title.strip(), "description": description,
                     "labels": list(labels)},
                    retry_transient_errors=False, max_retries=self.settings.max_retries)
                data = _trim(obj.attributes)
            except FAILURES as e:
                raise self._error(e, "creating an issue", write=True) from e
            self._created.add(int(data["iid"]))
            self._cache.issues[data["iid"]] = data
            self._cache.links_checked[data["iid"]] = time.time()
            self._cache.links_for[data["iid"]] = str(data.get("updated_at") or "")
            self._cache.save()
            return issue_from_rest(data)

    def add_note(self, iid: int, body: str) -> None:
        """Write a note on issue ``iid`` (e.g. the report IDs a team asked for); raises
        TrackerError. Allowed in a read-only skim: it reports back to the project and
        changes nothing in the mailbox (docs/skim.md)."""
        if not body.strip():
            raise TrackerError("An empty note; nothing was sent to GitLab.")
        if note_problem(body):
            raise TrackerError(f"{note_problem(body)} Nothing was sent to GitLab.",
                               "Note too long")
        with self._lock:
            try:
                self._issue_handle(iid).notes.create(
                    {"body": body}, retry_transient_errors=False,
                    max_retries=self.settings.max_retries)
            except FAILURES as e:
                raise self._error(e, f"adding a note to issue #{iid}", iid, write=True) from e

    def has_note(self, iid: int, body: str) -> bool:
        """Whether issue ``iid`` has a vetted note (``_vetted``) with exactly this text (a
        retried note whose first answer was lost is not written twice:
        docs/gitlab-writes.md; a copy someone else wrote does not stop it); raises
        TrackerError."""
        wanted = body.strip()
        with self._lock:
            try:
                rule = self._count_rule()  # a copy by anyone else is not ours
                notes = self._issue_handle(iid).notes.list(
                    iterator=True, per_page=self.settings.per_page, sort="asc",
                    order_by="created_at", max_retries=self.settings.max_retries)
                return any(str(note.attributes.get("body") or "").strip() == wanted
                           for note in notes if _vetted(note.attributes, rule))
            except FAILURES as e:
                raise self._error(e, f"reading the notes of issue #{iid}", iid) from e

    def find_created(self, marker: str, since: datetime) -> KnownIssue | None:
        """The issue created since ``since`` whose description holds ``marker`` (the token
        hdtui puts in every issue it creates), or None: a retried creation whose first
        answer was lost finds its issue instead of creating a second one
        (docs/gitlab-writes.md). Raises TrackerError."""
        with self._lock:
            try:
                pages = self._get_project().issues.list(
                    iterator=True, search=marker, created_after=_iso(since),
                    per_page=self.settings.per_page, max_retries=self.settings.max_retries)
                found = [_trim(issue.attributes) for issue in pages
                         if marker in str(issue.attributes.get("description") or "")]
            except FAILURES as e:
                raise self._error(e, "looking for an issue hdtui created") from e
            if not found:
                return None
            data = min(found, key=lambda d: d["iid"])
            self._created.add(int(data["iid"]))
            self._cache.issues[data["iid"]] = data
            self._cache.save()
            return issue_from_rest(data)

    def set_read_only(self, read_only: bool) -> None:
        """Switch between a normal shift and a read-only skim."""
        self.read_only = read_only

    def close(self) -> None:
        """Close the HTTP session."""
        with self._lock:
            if self._gl is not None:
                self._gl.session.close()
                self._gl = None
                self._project = None

    @property
    def cache_path(self) -> Path:
        """Where the issue cache lives."""
        return self._cache.path

    @property
    def where(self) -> str:
        """The server and project, for messages."""
        return self.settings.where

    # -- internals ------------------------------------------------------------------------

    def _check_writable(self, doing: str) -> None:
        if self.read_only:
            raise ReadOnlyError(f"This is a read-only skim: hdtui does not {doing} on GitLab. "
                                "Start a normal shift to do it.")

    def _client(self) -> gitlab.Gitlab:
        if self._gl is None:
            s = self.settings
            session = requests.Session()
            session.hooks["response"].append(self._rate)
            if s.proxy:
                session.proxies.update({"http": s.proxy, "https": s.proxy})
            session.hooks["response"].append(self._pages)
            session.hooks["response"].append(self._served)
            verify: bool | str = (s.ca_file or True) if s.verify else False
            # keep_base_url: GitLab writes its own configured host into the Link of every
            # page; hdtui may reach it under another name (a tunnel, an onion address, an
            # IP) and must stay on that one (docs/gitlab.md, "Reached under another name").
            try:
                token = s.token()
            except ConfigError as e:  # the tracker alone is not set up: the rest works
                raise TrackerNotSetUp(not_set_up("GitLab", e.message,
                                                 GITLAB_MEANWHILE)) from e
            self._gl = gitlab.Gitlab(s.url, private_token=token, ssl_verify=verify,
                                     timeout=s.timeout, retry_transient_errors=True,
                                     session=session, keep_base_url=True)
        return self._gl

    def _get_project(self) -> Project:
        if self._project is None:
            try:
                project = self._client().projects.get(self.settings.project,
                                                      max_retries=self.settings.max_retries)
            except FAILURES as e:
                raise self._error(e, "looking up the project") from e
            self._project = project
            if self._cache.project_id != project.id:
                self._cache.project_id = int(project.id)
        return self._project

    def _issue_handle(self, iid: int) -> ProjectIssue:
        # lazy: no request; notes then go to /projects/<numeric id>/issues/<iid>/notes
        return self._get_project().issues.get(iid, lazy=True)

    # -- busy issues: one summary note edited in place (docs/gitlab-writes.md) -----------

    def _add_link_note(self, iid: int, line: str) -> int | None:
        """A note citing one report, its id; on an issue GitLab takes no more notes on
        (5,000), the link goes into the summary note instead, if there is one to edit
        (None)."""
        try:
            return self._new_note(iid, line)
        except gitlab.exceptions.GitlabCreateError as e:
            if NOTES_FULL not in str(e.error_message):
                raise
            self._add_to_summary(iid, line, may_create=False)
            return None

    def _add_to_summary(self, iid: int, line: str, may_create: bool = True) -> None:
        """Add a marker line to this account's summary note on the issue (a new one when
        there is none, or the last is full), and check that the edit held: another member
        editing the same note at the same moment would have written over it."""
        for _ in range(SUMMARY_TRIES):
            note = self._summary_note(iid, len(line) + 1)
            if note is None:
                if not may_create:
                    raise TrackerRefused(
                        f"Issue #{iid} has as many notes as GitLab allows (5,000) and no "
                        "summary note of hdtui's to add the report to; nothing was written. "
                        "Ask a project maintainer to tidy the issue up.", "GitLab refused")
                self._new_note(iid, summary_body([line]))
                return
            self._edit_summary(iid, note, summary_with(str(note.attributes["body"]), line))
            again = self._issue_handle(iid).notes.get(note.get_id(),
                                                      max_retries=self.settings.max_retries)
            if line in str(again.attributes.get("body") or "").splitlines():
                return
        raise TrackerUnreachable(
            f"The summary note of issue #{iid} kept changing while hdtui added a report to "
            "it (other members linking at the same moment); try again.", "GitLab busy")

    def _new_note(self, iid: int, body: str) -> int | None:
        """A link or summary note: internal when internal notes are what counts
        (``_count_rule``), so that it counts whoever reads it; sent once. Its id (None if
        GitLab's answer has none)."""
        note: dict[str, Any] = {"body": body}
        if self._count_rule().internal:
            note["internal"] = True
        made = self._issue_handle(iid).notes.create(note, retry_transient_errors=False,
                                                    max_retries=self.settings.max_retries)
        found = made.get_id() if made is not None else None
        return found if isinstance(found, int) else None

    def _summary_note(self, iid: int, room: int) -> Any:
        """This account's newest summary note on the issue with ``room`` characters left,
        or None (its author is told by id: a username can change)."""
        me, _ = self._account()
        notes = self._issue_handle(iid).notes.list(
            iterator=True, per_page=self.settings.per_page, sort="desc",
            order_by="created_at", max_retries=self.settings.max_retries)
        for note in notes:
            body = str(note.attributes.get("body") or "")
            author = note.attributes.get("author")
            if not note.attributes.get("system") and is_summary(body) and me is not None \
                    and isinstance(author, dict) and author.get("id") == me:
                return note if len(body) + room <= TEXT_LIMIT else None
        return None

    def _edit_summary(self, iid: int, note: Any, body: str) -> None:
        """Write a summary note's new text (deleted when no report is left in it)."""
        try:
            if not body:
                note.delete(retry_transient_errors=False, max_retries=self.settings.max_retries)
                return
            note.body = body
            note.save(retry_transient_errors=False, max_retries=self.settings.max_retries)
        except FAILURES as e:
            raise self._error(e, f"editing note {note.get_id()} of issue #{iid}", iid,
                              write=True) from e

    def _account(self) -> tuple[int | None, str]:
        """The token's own account, its id and username, asked once (``GET /user``): its
        notes are vetted (``_count_rule``) and its summary notes are the ones it edits.
        Raises python-gitlab's errors (the caller translates them)."""
        if self._own is None:
            me = self._client().http_get("/user", max_retries=self.settings.max_retries)
            found = me if isinstance(me, dict) else {}
            own = found.get("id")
            self._own = (own if isinstance(own, int) and not isinstance(own, bool) else None,
                         str(found.get("username") or ""))
        return self._own

    def _description_writer(self, data: dict[str, Any]) -> None:
        """Set ``description_by`` of an issue with a "Standard reply" section: who last
        wrote its description, the author of GitLab's newest "changed the description"
        system note, else the issue's author. Whether its reply is vetted depends on it
        (docs/replies.md); the notes are read only when the description is new or changed."""
        description = str(data.get("description") or "")
        if SECTION_STANDARD_REPLY not in issue_sections(description):
            return
        old = self._cache.issues.get(data["iid"]) or {}
        if old.get("description") == data.get("description") and old.get("description_by"):
            data["description_by"] = old["description_by"]
            return
        notes = self._issue_handle(data["iid"]).notes.list(
            iterator=True, per_page=self.settings.per_page, sort="desc",
            order_by="created_at", max_retries=self.settings.max_retries)
        data["description_by"] = next(
            (username_of(note.attributes.get("author")) for note in notes
             if note.attributes.get("system")
             and str(note.attributes.get("body") or "").startswith(DESCRIPTION_CHANGED)),
            data.get("author") or "")
    def _count_rule(self) -> CountRule:
        """Which notes count, resolved once per run: the ids of the Help Desk's accounts
        (the token's own, ``helpdesk_accounts`` looked up by exact username) and whether
        internal notes count (configured, and the token's role is Reporter or above).
        Raises python-gitlab's errors (the caller translates them)."""
        if self._rule is None:
            gl = self._client()
            project = self._get_project()
            own, _ = self._account()
            ids = {own} if own is not None else set()
            unknown = []
            for name in self.settings.helpdesk_accounts:
                found = [user for user in gl.users.list(
                    username=name, get_all=False, max_retries=self.settings.max_retries)
                    if str(user.attributes.get("username", "")).lower() == name.lower()]
                if found:
                    ids.add(int(found[0].id))
                else:
                    unknown.append(name)
            self.unknown_accounts = tuple(unknown)
            internal = self.settings.count_markers_from == "internal" and \
                _access_level(project.attributes) >= REPORTER
            self._rule = CountRule(frozenset(ids), internal)
        return self._rule

    def account_problems(self) -> list[str]:
        """What is wrong with ``helpdesk_accounts``, one sentence per name GitLab does not
        know, for the member (docs/config.md): asks GitLab once per run (with the counting
        rule), so call it from a worker; raises TrackerError."""
        with self._lock:
            try:
                self._count_rule()
            except FAILURES as e:
                raise self._error(e, "looking up [tracker] helpdesk_accounts") from e
            return [f"[tracker] helpdesk_accounts: {name!r} is not a GitLab user at "
                    f"{self.settings.url}; its notes are not counted and its edits vet no "
                    "reply. Correct the name or remove it (whoever registers it later would "
                    "be trusted)." for name in self.unknown_accounts]

    @property
    def count_rule(self) -> str:
        """Which notes count, for the member (docs/gitlab.md); before the rule is resolved,
        as configured."""
        rule = self._rule
        internal = rule.internal if rule is not None else \
            self.settings.count_markers_from == "internal"
        accounts = len(self.settings.helpdesk_accounts) - len(self.unknown_accounts) + 1
        who = f"{accounts} Help Desk account{'s' if accounts != 1 else ''}"
        return f"internal notes and notes by {who}" if internal else f"notes by {who}"

    def _read_links(self, iid: int) -> list[IssueLink]:
        """The links in the notes of issue ``iid``, into the cache (call with the lock
        held)."""
        version = str((self._cache.issues.get(iid) or {}).get("updated_at") or "")
        links = self._fetch_links(iid, self._rule_for(iid))
        self._keep_links(iid, links, version)
        return self._cache.links[iid]

    def _rule_for(self, iid: int) -> CountRule:
        """``_count_rule`` before reading the notes of issue ``iid`` (its failure said as
        that read's)."""
        try:
            return self._count_rule()
        except FAILURES as e:
            raise self._error(e, f"reading the notes of issue #{iid}", iid) from e

    def _fetch_links(self, iid: int, rule: CountRule,
                     notes: list[tuple[Any, bool]] | None = None) -> NotesLinks:
        """The links in the notes of issue ``iid`` (no cache read or written: called
        without the lock by ``_sync_links``); each note read, and whether it is vetted, into
        ``notes`` when given (``_yielded``). Only the comments are asked for
        (``activity_filter=only_comments``: GitLab leaves system notes out before it pages,
        so an issue with hundreds of label and state changes costs one page; a GitLab
        without the filter sends them all, and ``_vetted`` skips them)."""
        try:
            listed = self._issue_handle(iid).notes.list(
                iterator=True, per_page=self.settings.per_page, sort="asc",
                order_by="created_at", activity_filter="only_comments",
                max_retries=self.settings.max_retries)
            vetted: list[VettedNote] = []
            for note in listed:
                attributes = note.attributes
                counted = _vetted(attributes, rule)
                if notes is not None:
                    notes.append((note, counted))
                if not counted:
                    continue
                created = parse_time(str(attributes.get("created_at") or ""))
                author = attributes.get("author")
                author_id = author.get("id") if isinstance(author, dict) else None
                # The note's day in UTC, as link notes write theirs (note_links).
                vetted.append(VettedNote(str(attributes.get("body") or ""),
                                         created.astimezone(UTC).date() if created else None,
                                         str(author_id), author_id in rule.authors))
            # Each link dated no later than its note; an outside account's few (notes_links).
            return notes_links(vetted)
        except FAILURES as e:
            raise self._error(e, f"reading the notes of issue #{iid}", iid) from e

    def _keep_links(self, iid: int, found: NotesLinks, version: str) -> None:
        """Issue ``iid``'s links as read for its ``updated_at`` ``version`` ("": none
        known), and how many an outside account's limit left out, into the cache (call
        with the lock held)."""
        self._cache.links[iid] = [IssueLink(iid, link.reference, link.received, link.outside)
                                  for link in found.links if link.received is not None]
        if found.left_out:
            self._cache.left_out[iid] = found.left_out
        else:
            self._cache.left_out.pop(iid, None)
        self._cache.links_checked[iid] = time.time()
        if version and iid in self._cache.issues:  # what its notes were read for
            self._cache.links_for[iid] = version

    def _refresh(self, iids: Iterable[int]) -> None:
        done = False
        try:
            for iid in iids:
                self._read_links(iid)
                done = True
        finally:
            if done:
                self._cache.save()

    def _count(self, iids: Iterable[int]) -> dict[int, ReportCount]:
        """The cached links counted; an issue whose notes were not read since it changed
        is marked ``unread`` (call with the lock held)."""
        wanted = list(iids)
        found = count_reports((link for iid in wanted for link in self._cache.links.get(iid, ())),
                              self._clock().date())
        return {iid: found.get(iid, ReportCount())._replace(
            unread=iid in self._cache.issues and self._links_unread(iid),
            left_out=self._cache.left_out.get(iid, 0)) for iid in wanted}

    def _error(self, error: Exception, doing: str, iid: int | None = None,
               write: bool = False) -> TrackerError:
        """The failure as the member reads it: TrackerUnreachable when trying again later
        may work (no connection, a timeout, 429, 5xx), TrackerRefused otherwise (GitLab
        answered no, or cannot be trusted or understood): docs/gitlab-writes.md. A
        ``write`` is sent once (a server error is not retried: it may have been done)."""
        s = self.settings
        cached = len(self._cache.issues)
        fallback = (f" hdtui keeps working from its cache ({cached} issues)." if cached
                    else "")
        if isinstance(error, _WaitTooLong):
            return TrackerUnreachable(
                f"GitLab at {s.url} asked hdtui to wait {error.seconds:.0f} s before "
                f"{doing} (HTTP 429, rate limit), longer than the {s.max_wait:.0f} s hdtui "
                f"waits. Try again later.{fallback}", "GitLab rate limit")
        if isinstance(error, requests.exceptions.InvalidSchema) and "SOCKS" in str(error):
            return TrackerRefused(  # a socks:// proxy from [tracker] proxy or ALL_PROXY
                f"GitLab at {s.url} is to be reached through a SOCKS proxy while {doing}, "
                "but the SOCKS extra is not installed (PySocks): install it with "
                "`.venv/bin/pip install 'requests[socks]'`.", "SOCKS support missing")
        if isinstance(error, requests.exceptions.SSLError):
            return TrackerRefused(
                f"The certificate of {s.url} could not be verified while {doing}. If the "
                "server uses its own CA, set [tracker] ca_file to its certificate.",
                "Untrusted certificate")
        if isinstance(error, requests.exceptions.Timeout):
            return TrackerUnreachable(
                f"GitLab at {s.url} did not answer within {s.timeout:g} s while {doing}. "
                f"Check the network, or try again later.{fallback}", "GitLab unreachable")
        if isinstance(error, requests.exceptions.RequestException):
            return TrackerUnreachable(
                f"Cannot reach GitLab at {s.url} while {doing} (the connection was refused "
                f"or dropped). Check the network and [tracker] url.{fallback}",
                "GitLab unreachable")
        code = getattr(error, "response_code", None)
        said = one_line(str(getattr(error, "error_message", "") or ""), 200)
        if code == 401:
            return TrackerRefused(
                f"GitLab at {s.url} rejected the token (401 Unauthorized) while {doing}. "
                "Check that [tracker] token_env or token_command gives a valid personal "
                "access token (scope: api) that has not expired.", "GitLab token rejected")
        if code == 403:
            return TrackerRefused(
                f"GitLab refused {doing} in {s.project} (403 Forbidden): the token needs the "
                "api scope and at least the Reporter role in the project.",
                "GitLab refused")
        if code == 404 and iid is not None and self._project is not None:
            return TrackerRefused(
                f"Issue #{iid} was not found in {s.project} at {s.url} (404): it may have "
                "been moved or deleted. Sync the issues again.", ISSUE_GONE)
        if code == 404:
            return TrackerRefused(
                f"The project {s.project!r} was not found at {s.url} (404). Check [tracker] "
                "project (for Tails: tails/tails) and that the token can see it.",
                "GitLab project not found")
        if code == 429:
            return TrackerUnreachable(
                f"GitLab at {s.url} kept asking hdtui to slow down (HTTP 429) while {doing}, "
                f"after {s.max_retries} retries. Try again in a few minutes.{fallback}",
                "GitLab rate limit")
        if isinstance(code, int) and code >= 500:
            tries = ("" if write else
                     f", {s.max_retries + 1} times (the first try and {s.max_retries} retries)")
            return TrackerUnreachable(
                f"GitLab at {s.url} answered {code} (a server error) while {doing}{tries}. "
                f"Try again later.{fallback}", "GitLab server error")
        if isinstance(code, int) and 400 <= code < 500:
            return TrackerRefused(f"GitLab refused {doing} ({code}): {said or 'no reason given'}.",
                                "GitLab refused")
        if isinstance(error, gitlab.exceptions.GitlabParsingError):
            return TrackerRefused(
                f"GitLab at {s.url} sent an answer hdtui cannot read while {doing}. Is "
                "[tracker] url the address of the GitLab server?", "GitLab answer unreadable")
        return TrackerRefused(f"GitLab at {s.url} failed while {doing}: "
                            f"{one_line(str(error), 200)}.")


def _vetted(note: Mapping[str, Any], rule: CountRule) -> bool:
    """A note whose markers count: not a system note, and internal or by an allowed author
    (GitLab before 15.0 calls internal notes ``confidential``)."""
    if note.get("system"):
        return False
    author = note.get("author")
    internal = note.get("internal", note.get("confidential"))
    return rule.allows(author.get("id") if isinstance(author, dict) else None, internal)


def _access_level(project: Mapping[str, Any]) -> int:
    """The token's role in the project (GitLab's ``permissions``: the higher of the project's
    and the group's access level; 0 when GitLab does not say)."""
    permissions = project.get("permissions")
    levels = [0]
    if isinstance(permissions, dict):
        for key in ("project_access", "group_access"):
            access = permissions.get(key)
            if isinstance(access, dict) and isinstance(access.get("access_level"), int):
                levels.append(int(access["access_level"]))
    return max(levels)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
