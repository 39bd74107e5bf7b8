"""Runs a stateful GitLab REST API server on 127.0.0.1 for tests (python-gitlab talks real HTTP).

It implements what hdtui uses, as GitLab answers it:

- ``GET /api/v4/user``, ``GET /api/v4/projects/:id`` (numeric ID or URL-encoded path);
- ``GET|POST /projects/:id/issues`` (``state``, ``labels``, ``search``, ``updated_after``,
  ``order_by``, ``sort``, ``page``/``per_page``) with ``X-Page X-Per-Page X-Total
  X-Total-Pages X-Next-Page X-Prev-Page`` and ``Link`` headers; create answers 201;
- ``GET|PUT /projects/:id/issues/:iid``;
- keyset pagination of project issues (``_keyset_page``): ``pagination=keyset`` with
  ``order_by`` ``id``, ``created_at`` or ``updated_at`` answers pages of ``per_page``
  whose ``Link`` rel="next" carries an opaque ``cursor`` (the last item's sort value and
  id) and no ``X-Page``/``X-Total`` headers; another ``order_by``, or
  ``keyset_issues = False`` (an older GitLab), answers offset pages as if
  ``pagination`` had not been given;
- ``user_notes_count`` on every issue answered (``with_notes_count``): its notes that are
  not system notes, internal ones included whoever asks, as GitLab counts them (its
  ``Note.count_for_collection`` over the ``user`` scope, ``system: false``);
- ``moved_to_id`` on every issue (``move_issue`` closes it and sets it), ``delete_issue``;
- ThrottledTouch (``_touch``): a note within a minute of the issue's last update does not
  move its ``updated_at``, as GitLab's ``Issue#touch`` throttling does;
- ``during_lists(callback)``: called after each issue list page is answered (an issue
  edited, closed or deleted by someone else while hdtui pages through a sync);
- ``GET|POST /projects/:id/issues/:iid/notes`` (paginated, ``activity_filter``
  ``all_notes``/``only_comments``/``only_activity`` applied before paging; a note bumps
  the issue's ``updated_at``, as on GitLab); every note has ``author`` (``id``,
  ``username``) and ``internal`` (and ``confidential``, its name before GitLab 15.0);
  ``internal`` notes are listed only to users of Reporter role or above
  (``_visible_notes``);
- ``GET /users?username=`` (``_find_users``: the users of that exact name, or ``[]``);
  ``GET /projects/:id`` says the token's role in ``permissions`` (``add_user(access_level=)``,
  Developer by default);
- ``DELETE /projects/:id/issues/:iid/notes/:note_id``: 204; 404 for an unknown note; 403
  for another author's note unless the token's user is an admin (``add_user(admin=True)``);
- ``GET /projects/:id/repository/files/:file_path?ref=`` (base64 content, 404 when absent);
- ``POST /projects/:id/repository/branches`` (``branch``, ``ref``; 400 when it exists);
- ``POST /projects/:id/repository/commits`` (``branch``, ``commit_message``, ``actions`` of
  ``create``/``update``; 400 creating a file that exists or updating one that does not);
- ``POST /projects/:id/merge_requests`` (``source_branch``, ``target_branch``, ``title``,
  ``description``; 409 when an open one has the same branches);
- ``PRIVATE-TOKEN`` checked (401 otherwise), errors as JSON ``{"message": ...}``;
- ``Link`` headers name the server by its configured ``external_url`` (``_link_base``), as
  GitLab does, whatever host name the request used (an SSH tunnel, an onion address, an
  IP): by default ``url``, i.e. ``127.0.0.1``; every request logs its ``Host``.

As GitLab really is (issue #14; the functions after ``GitLabAPI``): a 429 is the request
throttle's plain text ``Retry later`` with ``RateLimit-*`` headers (``RateLimit-Reset`` in
Unix time; ``Retry-After`` only when ``fail_next`` names one); an empty description is
``null``; issues carry ``confidential``, ``issue_type`` (``type``) and ``author``, and
``confidential``/``issue_type`` filter lists; labels set by a user who is not a member
(``add_user(member=False)``) are dropped; a title over 255 characters or a description
or note over 1,048,576 is refused with 400, as is a note on an issue that has
``notes_limit`` (5,000) notes; ``GET|PUT .../notes/:id`` reads and edits one note (its
author only); a description changed through the API (or ``update_issue(by=...)``) gets
GitLab's system note "changed the description" by whoever changed it.

Every request is logged (method, path, query, body, status). Faults for the next requests:
``fail_next(n, status, retry_after=...)`` (429, 500, ...); ``go_away(after=k,
mode="close"|"hang")``: after k more requests, connections are closed without an answer,
or left hanging until ``come_back()``; ``lose_answers(n, method)``: the next n requests of
that method are carried out, then their connection is closed unanswered (a write that
reached GitLab whose answer was lost).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit


def iso(moment: datetime) -> str:
    """GitLab's timestamp format: ``2026-11-19T06:47:00.123Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 timestamp as GitLab accepts it in ``updated_after``."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Project:
    """One project: its issues and their notes."""

    id: int
    path: str
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    default_branch: str = "main"
    branches: dict[str, dict[str, str]] = field(default_factory=lambda: {"main": {}})
    """Each branch's files: path -> content."""
    commits: list[dict[str, Any]] = field(default_factory=list)
    merge_requests: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Fault:
    """An answer forced on the next ``count`` requests."""

    count: int
    status: int
    retry_after: str | None = None
    message: str = ""
    reset_in: float = 60.0
    """A 429's ``RateLimit-Reset``: this many seconds from now (as Unix time)."""


@dataclass
class Logged:
    """One request as the server saw it."""

    method: str
    path: str
    """The path, URL-decoded."""
    query: dict[str, str]
    body: Any
    raw_path: str = ""
    """The path as sent (a project path keeps its %2F)."""
    at: float = 0.0
    """time.monotonic() when the request arrived."""
    status: int = 0
    """The status answered; -1 when the connection was closed unanswered."""
    host: str = ""
    """The request's ``Host`` header: the name the client reached the server by."""


class GitLabAPI:
    """The server: projects, users (by token), request log and fault injection."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.projects: dict[int, Project] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.outsiders: set[str] = set()
        """Users who are not members of the projects: GitLab drops the labels they set."""
        self.notes_limit = NOTES_LIMIT
        """Notes an issue may have (GitLab: 5,000); tests lower it."""
        self.users: dict[str, dict[str, Any]] = {}
        """Every user by username: those with a token and the authors of seeded notes."""
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.away_after: int | None = None
        self.away_mode = "close"
        self.lost_answers: dict[str, int] = {}
        self.hang_lost = False
        self.released = threading.Event()
        self.connections: set[socket.socket] = set()
        self._clock = datetime.now(UTC)
        self._ids = 1000
        self._httpd: ThreadingHTTPServer | None = None
        self.scheme = "http"
        self._thread: threading.Thread | None = None
        self.keyset_issues: bool | str = True
        """Project issues offer keyset pagination (recent GitLab versions); False: offset
        pages whatever is asked; "refuse": 405 to a keyset ask (as GitLab answers for
        lists it cannot page by keyset)."""
        self.notes_counts = True
        """Issues carry ``user_notes_count`` (every GitLab since 8.7); False: left out, as
        a proxy or a trimmed answer might."""
        self.list_pages = 0
        """Issue list pages answered."""
        self.list_hook: Any = None
        """Called with the number of issue list pages answered so far (``during_lists``)."""
        self.external_url: str | None = None
        """GitLab's ``external_url``: the base of every ``Link``; None: ``url``."""
        self.notes_delay = 0.0
        """Seconds every notes request waits before it is answered (a distant GitLab)."""

    # -- running ------------------------------------------------------------------

    def start(self, tls: tuple[str, str] | None = None) -> None:
        """Serve on 127.0.0.1 on a free port, in a thread; over TLS given (cert, key) files."""
        api = self

        class Handler(_Handler):
            server_api = api

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving: open keep-alive connections are cut, new ones refused."""
        self.released.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            self.connections.clear()
        if self._thread is not None:
            self._thread.join(5)

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL to give python-gitlab."""
        return f"{self.scheme}://127.0.0.1:{self.port}"

    # -- state -----------------------------------------------------------------------

    def now(self) -> datetime:
        """The server's clock: real time, but strictly increasing so every change is ordered."""
        with self.lock:
            return self._tick()

    def _tick(self) -> datetime:
        self._clock = max(datetime.now(UTC), self._clock + timedelta(milliseconds=1))
        return self._clock

    def add_user(self, token: str, username: str, admin: bool = False,
                 access_level: int = 30, member: bool = True) -> dict[str, Any]:
        """A user authenticated by ``token`` (an admin may delete anyone's note), with
        ``access_level`` in every project (10 Guest, 20 Reporter, 30 Developer, ...); a
        user who is not a ``member`` of the projects may comment, but the labels they set
        are dropped."""
        with self.lock:
            if not member:
                self.outsiders.add(username)
            user = self._user(username)
            user.update(is_admin=admin, access_level=access_level)
            self.tokens[token] = user
            return user

    def _user(self, username: str) -> dict[str, Any]:
        """The user of that name, made on first mention (the author of a seeded note)."""
        user = self.users.get(username)
        if user is None:
            self._ids += 1
            user = {"id": self._ids, "username": username, "name": username,
                    "state": "active", "is_admin": False, "access_level": 0}
            self.users[username] = user
        return user

    def _author(self, username: str) -> dict[str, Any]:
        """A note's or an issue's ``author``, as GitLab shows a user."""
        user = self._user(username)
        return {key: user[key] for key in ("id", "username", "name", "state")}

    def add_project(self, project_id: int, path: str) -> Project:
        """An empty project."""
        with self.lock:
            project = Project(project_id, path)
            self.projects[project_id] = project
            return project

    def add_issue(self, project: Project, title: str, description: str = "",
                  labels: tuple[str, ...] = (), state: str = "opened",
                  updated_at: datetime | None = None, author: str = "seed",
                  confidential: bool = False, issue_type: str = "issue") -> dict[str, Any]:
        """An issue with the next iid (``issue_type``: issue, incident, task, test_case)."""
        with self.lock:
            return self._new_issue(project, {"title": title, "description": description,
                                             "labels": list(labels),
                                             "confidential": confidential,
                                             "issue_type": issue_type}, state, updated_at,
                                   author)

    def update_issue(self, project: Project, iid: int, by: str = "",
                     **changes: Any) -> dict[str, Any]:
        """Change an issue as another member would; its ``updated_at`` moves on; ``by``:
        who changed its description (GitLab then adds a system note)."""
        with self.lock:
            issue = project.issues[iid]
            if by and changes.get("description", issue["description"]) != issue["description"]:
                description_changed(self, project, iid, by)
            issue.update(changes)
            if changes.get("state") == "closed":
                issue["closed_at"] = iso(self._clock)
            issue["updated_at"] = iso(self._tick())
            return issue

    def add_note(self, project: Project, iid: int, body: str, username: str = "someone",
                 system: bool = False, internal: bool = False) -> dict[str, Any]:
        """A note written by another member (or a system note), internal or not."""
        with self.lock:
            return self._new_note(project, iid, body, self._author(username), system,
                                  internal)

    def _new_issue(self, project: Project, data: dict[str, Any], state: str,
                   updated_at: datetime | None, username: str) -> dict[str, Any]:
        iid = max(project.issues, default=0) + 1
        self._ids += 1
        moment = updated_at or self._tick()
        labels = data.get("labels") or []
        if isinstance(labels, str):
            labels = [x.strip() for x in labels.split(",") if x.strip()]
        issue_type = str(data.get("issue_type") or "issue")
        issue = {
            "id": self._ids, "iid": iid, "project_id": project.id,
            # GitLab answers null for an empty description
            "title": data["title"], "description": data.get("description") or None,
            "state": state, "labels": list(labels),
            "confidential": bool(data.get("confidential")), "issue_type": issue_type,
            "type": issue_type.upper(),
            "created_at": iso(moment), "updated_at": iso(moment),
            "closed_at": iso(moment) if state == "closed" else None,
            "author": self._author(username), "assignees": [],
            "web_url": f"https://gitlab.test/{project.path}/-/issues/{iid}",
            "moved_to_id": None,
        }
        project.issues[iid] = issue
        project.notes[iid] = []
        return issue

    def _new_note(self, project: Project, iid: int, body: str, author: dict[str, Any],
                  system: bool, internal: bool = False) -> dict[str, Any]:
        self._ids += 1
        moment = self._tick()
        note = {"id": self._ids, "body": body, "author": author, "created_at": iso(moment),
                "updated_at": iso(moment), "system": system, "noteable_type": "Issue",
                "noteable_iid": iid, "internal": internal, "confidential": internal}
        project.notes[iid].append(note)
        self._touch(project.issues[iid], moment)
        return note

    @staticmethod
    def _touch(issue: dict[str, Any], moment: datetime) -> None:
        """ThrottledTouch: a note moves the issue's ``updated_at`` only when its last update
        is a minute old or more (so a sync cannot rely on notes moving it)."""
        if moment - parse_time(issue["updated_at"]) >= timedelta(minutes=1):
            issue["updated_at"] = iso(moment)

    def move_issue(self, project: Project, iid: int, to: Project) -> dict[str, Any]:
        """Move an issue to another project, as GitLab does: a new issue there, the old one
        closed with ``moved_to_id`` naming the new one's id."""
        moved = self.add_issue(to, project.issues[iid]["title"],
                               project.issues[iid]["description"])
        with self.lock:
            issue = project.issues[iid]
            issue.update(state="closed", moved_to_id=moved["id"])
            issue["closed_at"] = issue["updated_at"] = iso(self._tick())
            return issue

    def delete_issue(self, project: Project, iid: int) -> None:
        """Delete an issue (an admin's or the owner's act): it is no longer listed."""
        with self.lock:
            del project.issues[iid]

    def during_lists(self, callback: Any) -> None:
        """Call ``callback(pages answered)`` after each issue list page (None: stop)."""
        with self.lock:
            self.list_hook = callback

    # -- faults and the log ------------------------------------------------------------

    def fail_next(self, count: int, status: int, retry_after: str | None = None,
                  message: str = "", reset_in: float = 60.0) -> None:
        """Answer the next ``count`` requests with ``status`` (and ``Retry-After``); a 429
        is GitLab's throttle answer (``rate_limited_answer``), its ``RateLimit-Reset``
        ``reset_in`` seconds from now."""
        with self.lock:
            self.faults.append(Fault(count, status, retry_after, message, reset_in))

    def go_away(self, after: int = 0, mode: str = "close") -> None:
        """After ``after`` more requests, close connections unanswered (or hang)."""
        with self.lock:
            self.away_after = len(self.log) + after
            self.away_mode = mode
            self.released.clear()

    def lose_answers(self, count: int, method: str = "POST", hang: bool = False) -> None:
        """Carry out the next ``count`` requests of ``method``, then close their connection
        without answering; ``hang``: only after ``come_back()`` (the client times out)."""
        with self.lock:
            self.lost_answers[method] = self.lost_answers.get(method, 0) + count
            self.hang_lost = hang
            if hang:
                self.released.clear()

    def come_back(self) -> None:
        """Answer again."""
        with self.lock:
            self.away_after = None
        self.released.set()

    def requests(self, method: str | None = None, contains: str = "") -> list[Logged]:
        """Logged requests, optionally of one method and with ``contains`` in the path."""
        with self.lock:
            return [r for r in self.log
                    if (method is None or r.method == method) and contains in r.path]

    def clear_log(self) -> None:
        """Forget the logged requests."""
        with self.lock:
            self.log.clear()
            if self.away_after is not None:
                self.away_after = 0


class _Handler(BaseHTTPRequestHandler):
    server_api: GitLabAPI
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        with self.server_api.lock:
            self.server_api.connections.add(self.connection)

    def finish(self) -> None:
        with self.server_api.lock:
            self.server_api.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is in GitLabAPI.log."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        api = self.server_api
        split = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            body = raw.decode("utf-8", "replace")
        entry = Logged(method, unquote(split.path), query, body, split.path, time.monotonic(),
                       host=self.headers.get("Host") or "")
        if api.notes_delay and split.path.endswith("/notes"):
            time.sleep(api.notes_delay)
        with api.lock:
            api.log.append(entry)
            number = len(api.log)
            away = api.away_after is not None and number > api.away_after
            fault = None
            if not away and api.faults:
                fault = api.faults[0]
                fault.count -= 1
                if fault.count <= 0:
                    api.faults.pop(0)
        if away:
            if api.away_mode == "hang":
                api.released.wait(30)
            entry.status = -1
            self.close_connection = True
            self.connection.close()
            return
        if fault is not None and fault.status == 429:
            self._send_text(entry, 429, *rate_limited_answer(fault))
            return
        if fault is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            text = fault.message or {401: "401 Unauthorized", 404: "404 Project Not Found",
                                     429: "Retry later", 500: "500 Internal Server Error"}.get(
                                         fault.status, "error")
            self._send(entry, fault.status, {"message": text}, headers)
            return
        user = api.tokens.get(self.headers.get("PRIVATE-TOKEN") or "")
        if user is None:
            self._send(entry, 401, {"message": "401 Unauthorized"})
            return
        with api.lock:
            status, payload, headers = self._route(api, method, split.path, query, body, user)
            lose = api.lost_answers.get(method, 0) > 0
            if lose:
                api.lost_answers[method] -= 1
        if lose:  # done, but the answer never reaches the client
            if api.hang_lost:
                api.released.wait(30)
            entry.status = -1
            self.close_connection = True
            self.connection.close()
            return
        self._send(entry, status, payload, headers)

    def _route(self, api: GitLabAPI, method: str, path: str, query: dict[str, str],
               body: Any, user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        parts = path.split("/")  # still URL-encoded: a project path keeps its %2F
        if parts[:3] != ["", "api", "v4"]:
            return 404, {"message": "404 Not Found"}, {}
        rest = parts[3:]
        if rest == ["user"] and method == "GET":
            return 200, user, {}
        if rest == ["users"] and method == "GET":
            return self._page(self._find_users(api, query), query, path)
        if len(rest) < 2 or rest[0] != "projects":
            return 404, {"message": "404 Not Found"}, {}
        project = self._project(api, unquote(rest[1]))
        if project is None:
            return 404, {"message": "404 Project Not Found"}, {}
        rest = rest[2:]
        if not rest and method == "GET":
            return 200, {"id": project.id, "path_with_namespace": project.path,
                         "default_branch": project.default_branch,
                         "web_url": f"https://gitlab.test/{project.path}",
                         "permissions": self._permissions(user)}, {}
        if rest[:1] == ["repository"] or rest == ["merge_requests"]:
            return self._repository(api, project, method, rest, query, body, user)
        if rest == ["issues"]:
            if method == "GET":
                return self._issue_list(api, project, query, path)
            if method == "POST":
                return self._create_issue(api, project, body, user)
        if len(rest) >= 2 and rest[0] == "issues" and rest[1].isdigit():
            issue = project.issues.get(int(rest[1]))
            if issue is None:
                return 404, {"message": "404 Not found"}, {}
            if rest[2:] == [] and method == "GET":
                return 200, with_notes_count(api, project, issue), {}
            if rest[2:] == [] and method == "PUT":
                data = body if isinstance(body, dict) else {}
                errors = too_long(data)
                if errors:
                    return 400, {"message": errors}, {}
                before = issue["description"]
                answer = self._update_issue(api, issue, members_labels(api, user, data))
                if issue["description"] != before:
                    description_changed(api, project, issue["iid"], user["username"])
                return answer
            if rest[2:] == ["notes"] and method == "GET":
                kept = ACTIVITY_FILTERS.get(query.get("activity_filter", "all_notes"))
                if kept is None:
                    return 400, {"error": "activity_filter does not have a valid value"}, {}
                notes = sorted(kept(self._visible_notes(project.notes[issue["iid"]], user)),
                               key=lambda n: n["created_at"],
                               reverse=query.get("sort", "desc") == "desc")
                return self._page(notes, query, path)
            if rest[2:] == ["notes"] and method == "POST":
                text = (body or {}).get("body") if isinstance(body, dict) else None
                if not text:
                    return 400, {"message": {"note": ["can't be blank"]}}, {}
                refused = note_refused(api, project, issue["iid"], body)
                if refused:
                    return 400, {"message": refused}, {}
                return 201, api._new_note(project, issue["iid"], text,
                                          api._author(user["username"]), False,
                                          _internal_flag(body)), {}
            if len(rest) == 4 and rest[2] == "notes" and rest[3].isdigit() and \
                    method == "GET":
                found = [n for n in self._visible_notes(project.notes[issue["iid"]], user)
                         if n["id"] == int(rest[3])]
                return (200, found[0], {}) if found else (404, {"message": "404 Not found"}, {})
            if len(rest) == 4 and rest[2] == "notes" and rest[3].isdigit() and \
                    method == "PUT":
                return edit_note(api, project, issue["iid"], int(rest[3]), body, user)
            if len(rest) == 4 and rest[2] == "notes" and rest[3].isdigit() and \
                    method == "DELETE":
                notes = project.notes[issue["iid"]]
                found = [n for n in notes if n["id"] == int(rest[3])]
                if not found:
                    return 404, {"message": "404 Not found"}, {}
                if found[0]["author"].get("username") != user["username"] and \
                        not user.get("is_admin"):
                    return 403, {"message": "403 Forbidden"}, {}
                notes.remove(found[0])
                return 204, None, {}
        return 404, {"message": "404 Not Found"}, {}

    @staticmethod
    def _repository(api: GitLabAPI, project: Project, method: str, rest: list[str],
                    query: dict[str, str], body: Any,
                    user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        data = body if isinstance(body, dict) else {}
        if len(rest) == 3 and rest[1] == "files" and method == "GET":
            path, ref = unquote(rest[2]), query.get("ref", "")
            files = project.branches.get(ref)
            if files is None or path not in files:
                return 404, {"message": "404 File Not Found"}, {}
            content = files[path].encode()
            return 200, {"file_name": path.rsplit("/", 1)[-1], "file_path": path, "ref": ref,
                         "size": len(content), "encoding": "base64",
                         "content": base64.b64encode(content).decode(),
                         "content_sha256": hashlib.sha256(content).hexdigest()}, {}
        if rest[1:] == ["branches"] and method == "POST":
            name, ref = str(data.get("branch") or ""), str(data.get("ref") or "")
            if not name or not ref:
                return 400, {"message": "branch and ref are missing"}, {}
            if name in project.branches:
                return 400, {"message": "Branch already exists"}, {}
            if ref not in project.branches:
                return 400, {"message": "Invalid reference name"}, {}
            project.branches[name] = dict(project.branches[ref])
            return 201, {"name": name, "merged": False, "protected": False,
                         "web_url": f"https://gitlab.test/{project.path}/-/tree/{name}"}, {}
        if rest[1:] == ["commits"] and method == "POST":
            files = project.branches.get(str(data.get("branch") or ""))
            if files is None:
                return 400, {"message": "You can only create or edit files when you are on "
                                        "a branch"}, {}
            for action in data.get("actions") or []:
                path, kind = action.get("file_path", ""), action.get("action")
                if kind == "create" and path in files:
                    return 400, {"message": "A file with this name already exists"}, {}
                if kind == "update" and path not in files:
                    return 400, {"message": "A file with this name doesn't exist"}, {}
                if kind not in ("create", "update"):
                    return 400, {"message": f"unsupported action {kind!r}"}, {}
            for action in data.get("actions") or []:
                files[action["file_path"]] = action.get("content", "")
            sha = hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()
            message = str(data.get("commit_message") or "")
            commit = {"id": sha, "short_id": sha[:8], "title": message.split("\n")[0],
                      "message": message, "author_name": user["username"],
                      "created_at": iso(api._tick()), "branch": data["branch"],
                      "actions": data.get("actions") or []}
            project.commits.append(commit)
            return 201, {k: v for k, v in commit.items() if k not in ("branch", "actions")}, {}
        if rest == ["merge_requests"] and method == "POST":
            source, target = data.get("source_branch"), data.get("target_branch")
            if not data.get("title") or source not in project.branches or \
                    target not in project.branches:
                return 400, {"message": "source_branch, target_branch or title is invalid"}, {}
            if any(m["source_branch"] == source and m["target_branch"] == target and
                   m["state"] == "opened" for m in project.merge_requests):
                return 409, {"message": ["Another open merge request already exists for this "
                                         "source branch"]}, {}
            api._ids += 1
            iid = len(project.merge_requests) + 1
            request = {"id": api._ids, "iid": iid, "project_id": project.id,
                       "title": data["title"], "description": data.get("description") or "",
                       "state": "opened", "source_branch": source, "target_branch": target,
                       "author": {"username": user["username"]},
                       "force_remove_source_branch": bool(data.get("remove_source_branch")),
                       "web_url": f"https://gitlab.test/{project.path}/-/merge_requests/{iid}"}
            project.merge_requests.append(request)
            return 201, request, {}
        return 404, {"message": "404 Not Found"}, {}

    def _link_base(self) -> str:
        """Where ``Link`` URLs point: GitLab's configured ``external_url``, never the
        request's ``Host`` (GitLab builds them from its own settings)."""
        return (self.server_api.external_url or self.server_api.url).rstrip("/")

    @staticmethod
    def _find_users(api: GitLabAPI, query: dict[str, str]) -> list[dict[str, Any]]:
        """``GET /users?username=``: GitLab matches the name exactly, ignoring case."""
        name = query.get("username", "").lower()
        return [api._author(u["username"]) for u in api.users.values()
                if u["username"].lower() == name]

    @staticmethod
    def _permissions(user: dict[str, Any]) -> dict[str, Any]:
        """The token's role in a project, as GitLab's ``permissions`` says it."""
        level = int(user.get("access_level") or 0)
        return {"project_access": {"access_level": level, "notification_level": 3}
                if level else None, "group_access": None}

    @staticmethod
    def _visible_notes(notes: list[dict[str, Any]],
                       user: dict[str, Any]) -> list[dict[str, Any]]:
        """Internal notes are shown only to Reporters and above."""
        if int(user.get("access_level") or 0) >= 20 or user.get("is_admin"):
            return list(notes)
        return [n for n in notes if not n.get("internal")]

    @staticmethod
    def _project(api: GitLabAPI, key: str) -> Project | None:
        if key.isdigit():
            return api.projects.get(int(key))
        return next((p for p in api.projects.values() if p.path == key), None)

    def _issue_list(self, api: GitLabAPI, project: Project, query: dict[str, str],
                    path: str) -> tuple[int, Any, dict[str, str]]:
        """A page of issues: keyset when asked for and offered, else offset; then the
        ``during_lists`` hook (run after the page is computed, before it is sent)."""
        issues = self._issues(api, project, query)
        if query.get("pagination") == "keyset" and api.keyset_issues == "refuse":
            return 405, {"error": "Keyset pagination is not yet available for this type "
                                  "of request"}, {}
        if query.get("pagination") == "keyset" and api.keyset_issues and \
                query.get("order_by", "created_at") in KEYSET_ORDERS:
            answer = self._keyset_page(issues, query, path)
        else:
            answer = self._page(issues, query, path)
        api.list_pages += 1
        if api.list_hook is not None:
            hook, pages = api.list_hook, api.list_pages
            api.lock.release()  # the hook changes issues as another member would
            try:
                hook(pages)
            finally:
                api.lock.acquire()
        return answer

    def _keyset_page(self, items: list[dict[str, Any]], query: dict[str, str],
                     path: str) -> tuple[int, Any, dict[str, str]]:
        """Keyset pagination: the items after the cursor's (sort value, id), in order; the
        next page's ``Link`` carries the cursor of this page's last item."""
        key = query.get("order_by", "created_at")
        descending = query.get("sort", "desc") != "asc"
        per_page = max(1, min(100, int(query.get("per_page") or 20)))
        ordered = sorted(items, key=lambda i: (i[key], i["id"]), reverse=descending)
        if "cursor" in query:
            after = json.loads(base64.urlsafe_b64decode(query["cursor"]))
            mark = (after["value"], after["id"])
            ordered = [i for i in ordered
                       if ((i[key], i["id"]) < mark if descending else (i[key], i["id"]) > mark)]
        chunk = ordered[:per_page]
        headers = {"X-Per-Page": str(per_page)}
        if len(ordered) > per_page:
            last = chunk[-1]
            cursor = base64.urlsafe_b64encode(json.dumps(
                {"value": last[key], "id": last["id"]}).encode()).decode()
            params = {k: v for k, v in query.items() if k != "cursor"}
            params["cursor"] = cursor
            headers["Link"] = (f'<{self._link_base()}{path}?'
                               f'{urlencode(params, quote_via=quote)}>; rel="next"')
        return 200, chunk, headers

    @staticmethod
    def _issues(api: GitLabAPI, project: Project,
                query: dict[str, str]) -> list[dict[str, Any]]:
        issues = list(project.issues.values())
        state = query.get("state", "all")
        if state in ("opened", "closed"):
            issues = [i for i in issues if i["state"] == state]
        if "updated_after" in query:
            since = parse_time(query["updated_after"])
            issues = [i for i in issues if parse_time(i["updated_at"]) >= since]
        if "created_after" in query:
            since = parse_time(query["created_after"])
            issues = [i for i in issues if parse_time(i["created_at"]) >= since]
        if "labels" in query:
            wanted = {x for x in query["labels"].split(",") if x}
            issues = [i for i in issues if wanted <= set(i["labels"])]
        if "search" in query:
            word = query["search"].lower()
            issues = [i for i in issues
                      if word in i["title"].lower()
                      or word in (i["description"] or "").lower()]
        if query.get("confidential") in ("true", "false"):
            wanted_confidential = query["confidential"] == "true"
            issues = [i for i in issues if i["confidential"] == wanted_confidential]
        if "issue_type" in query:
            issues = [i for i in issues if i["issue_type"] == query["issue_type"]]
        key = query.get("order_by", "created_at")
        if key not in KEYSET_ORDERS:
            key = "created_at"
        issues.sort(key=lambda i: (i[key], i["iid"]), reverse=query.get("sort") != "asc")
        return [with_notes_count(api, project, i) for i in issues]

    def _page(self, items: list[dict[str, Any]], query: dict[str, str],
              path: str) -> tuple[int, Any, dict[str, str]]:
        per_page = max(1, min(100, int(query.get("per_page") or 20)))
        page = max(1, int(query.get("page") or 1))
        total = len(items)
        pages = max(1, -(-total // per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(total),
                   "X-Total-Pages": str(pages),
                   "X-Next-Page": str(page + 1) if page < pages else "",
                   "X-Prev-Page": str(page - 1) if page > 1 else ""}
        base = self._link_base()

        def link(number: int) -> str:
            params = {**query, "page": str(number), "per_page": str(per_page)}
            return f"<{base}{path}?{urlencode(params, quote_via=quote)}>"

        rels = []
        if page < pages:
            rels.append(f'{link(page + 1)}; rel="next"')
        if page > 1:
            rels.append(f'{link(page - 1)}; rel="prev"')
        rels += [f'{link(1)}; rel="first"', f'{link(pages)}; rel="last"']
        headers["Link"] = ", ".join(rels)
        return 200, chunk, headers

    @staticmethod
    def _create_issue(api: GitLabAPI, project: Project, body: Any,
                      user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if not isinstance(body, dict) or not str(body.get("title") or "").strip():
            return 400, {"message": {"title": ["can't be blank"]}}, {}
        errors = too_long(body)
        if errors:
            return 400, {"message": errors}, {}
        body = members_labels(api, user, body)
        return 201, api._new_issue(project, body, "opened", None, user["username"]), {}

    @staticmethod
    def _update_issue(api: GitLabAPI, issue: dict[str, Any],
                      body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        for key in ("title", "description"):
            if key in body:
                issue[key] = body[key]
        if "labels" in body:
            labels = body["labels"]
            issue["labels"] = labels.split(",") if isinstance(labels, str) else list(labels)
        if body.get("state_event") == "close":
            issue["state"] = "closed"
        elif body.get("state_event") == "reopen":
            issue["state"] = "opened"
        issue["updated_at"] = iso(api._tick())
        return 200, issue, {}

    def _send_text(self, entry: Logged, status: int, text: str,
                   headers: dict[str, str]) -> None:
        data = text.encode()
        entry.status = status
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send(self, entry: Logged, status: int, payload: Any,
              headers: dict[str, str] | None = None) -> None:
        data = b"" if status == 204 else json.dumps(payload).encode()  # 204: no body
        entry.status = status
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


KEYSET_ORDERS = ("id", "created_at", "updated_at")
"""The ``order_by`` values the server sorts by (and pages by keyset)."""


def _internal_flag(body: Any) -> bool:
    """A new note's ``internal`` flag (``confidential`` before GitLab 15.0; ``internal``
    wins when both are given)."""
    if not isinstance(body, dict):
        return False
    value = body.get("internal", body.get("confidential", False))
    return value is True or str(value).lower() == "true"
ACTIVITY_FILTERS: dict[str, Any] = {
    "all_notes": lambda notes: notes,
    "only_comments": lambda notes: [n for n in notes if not n.get("system")],
    "only_activity": lambda notes: [n for n in notes if n.get("system")],
}
"""``activity_filter`` of a notes list, as GitLab applies it (before paging); another value
is refused with 400, as GitLab's parameter validation does."""


def with_notes_count(api: GitLabAPI, project: Project,
                     issue: dict[str, Any]) -> dict[str, Any]:
    """The issue as GitLab answers it, with ``user_notes_count``: every note on it that is
    not a system note, internal notes included even for a guest who cannot read them
    (GitLab counts them with no visibility filter); none when ``api.notes_counts`` is
    off."""
    if not api.notes_counts:
        return issue
    notes = project.notes.get(issue["iid"], ())
    return {**issue, "user_notes_count": sum(1 for n in notes if not n.get("system"))}


# -- GitLab as it really is (issue #14, items 4-6) ---------------------------------------

TITLE_LIMIT = 255
"""GitLab refuses a longer issue title (``validates :title, length: { maximum: 255 }``)."""
TEXT_LIMIT = 1_048_576
"""GitLab refuses a longer description or note (``MAX_TEXT_SIZE_LIMIT``)."""
NOTES_LIMIT = 5000
"""GitLab refuses a user's note on an issue that has this many notes already."""


def rate_limited_answer(fault: Fault) -> tuple[str, dict[str, str]]:
    """What GitLab's request throttle (Rack::Attack) answers: 429 with the plain text
    ``Retry later`` and ``RateLimit-*`` headers, ``RateLimit-Reset`` as Unix time;
    ``Retry-After`` only when the fault names one (some GitLab answers lack it)."""
    reset = time.time() + fault.reset_in
    headers = {"RateLimit-Name": "throttle_authenticated_api", "RateLimit-Limit": "60",
               "RateLimit-Observed": "61", "RateLimit-Remaining": "0",
               "RateLimit-Reset": str(math.ceil(reset)),
               "RateLimit-ResetTime": formatdate(reset, usegmt=True)}
    if fault.retry_after:
        headers["Retry-After"] = fault.retry_after
    return fault.message or "Retry later\n", headers


def too_long(data: dict[str, Any]) -> dict[str, list[str]]:
    """GitLab's validation errors for a title, description or note over its limit."""
    errors: dict[str, list[str]] = {}
    for key, limit in (("title", TITLE_LIMIT), ("description", TEXT_LIMIT),
                       ("body", TEXT_LIMIT)):
        value = data.get(key)
        if isinstance(value, str) and len(value) > limit:
            name = "note" if key == "body" else key
            errors[name] = [f"is too long (maximum is {limit} characters)"]
    return errors


def members_labels(api: GitLabAPI, user: dict[str, Any], data: dict[str, Any]
                   ) -> dict[str, Any]:
    """``data`` as GitLab takes it from ``user``: labels set by someone who is not a
    member of the project (at least Planner/Reporter) are silently dropped."""
    if user["username"] not in api.outsiders or "labels" not in data:
        return data
    return {k: v for k, v in data.items() if k != "labels"}


def description_changed(api: GitLabAPI, project: Project, iid: int, username: str) -> None:
    """The system note GitLab adds when someone changes an issue's description (its author
    is who did: the one place the REST API tells who last wrote a description)."""
    api._new_note(project, iid, "changed the description", api._author(username), True)


def note_refused(api: GitLabAPI, project: Project, iid: int, body: Any
                 ) -> dict[str, list[str]]:
    """Why GitLab refuses a new note: too long, or the issue has ``notes_limit`` notes
    already (GitLab: "Maximum number of comments exceeded")."""
    errors = too_long(body if isinstance(body, dict) else {})
    if errors:
        return errors
    if len(project.notes[iid]) >= api.notes_limit:
        return {"base": ["Maximum number of comments exceeded"]}
    return {}


def edit_note(api: GitLabAPI, project: Project, iid: int, note_id: int, body: Any,
              user: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    """``PUT .../notes/:id``: its author changes a note's text (it stays internal or not;
    the edit touches the issue as a new note does, ``_touch``; the notes limit does not
    apply)."""
    found = [n for n in project.notes[iid] if n["id"] == note_id]
    text = body.get("body") if isinstance(body, dict) else None
    if not found:
        return 404, {"message": "404 Not found"}, {}
    if found[0]["author"].get("username") != user["username"]:
        return 403, {"message": "403 Forbidden"}, {}
    if not text:
        return 400, {"message": {"note": ["can't be blank"]}}, {}
    errors = too_long(body)
    if errors:
        return 400, {"message": errors}, {}
    moment = api._tick()
    found[0].update(body=text, updated_at=iso(moment))
    api._touch(project.issues[iid], moment)
    return 200, found[0], {}


def running(tls: tuple[str, str] | None = None) -> Iterator[GitLabAPI]:
    """Start a server, yield it, stop it (the body of the pytest fixtures)."""
    api = GitLabAPI()
    api.start(tls)
    try:
        yield api
    finally:
        api.stop()
