"""Provides IssueCache: the local copy of tracker issues and links, an owner-only JSON file.

The file is small (hundreds of issues), rebuilt from the tracker at any time, and written
atomically (temporary file, fsync, rename) under an exclusive ``flock`` on
``<file>.lock``, so a cron ``hdtui tracker-sync`` and a running TUI never leave half a
file. File and lock are 0600, the directory 0700. A damaged or foreign cache (another
tracker URL or project) is set aside and the cache starts empty: it only holds copies.
"""

from __future__ import annotations

import errno
import json
from datetime import date
from pathlib import Path
from typing import Any

from hdtui.domain.links import IssueLink, is_reference
from hdtui.errors import TrackerError
from hdtui.store import file_lock, write_private

FORMAT = 5
"""5: a link cited only by accounts outside the Help Desk is kept with ``"outside":
true`` (``IssueLink.outside``: it counts only for a report the mailbox holds; session 24).
4: the file keeps ``left_out``, per issue the links of accounts outside the Help Desk
not counted (``links.notes_links``: since session 23 the limit is per outside account, not
per note, and a Help Desk account's note is never cut). 3: the file keeps ``links_for``,
each issue's ``updated_at`` when its notes were last read, so that a sync reads the notes
of the issues that changed since (docs/gitlab.md, "Links other members made"). 2: issues
keep ``moved_to_id``, ``confidential``, ``issue_type``, ``author`` (and
``description_by``, who last wrote a Standard reply's description); the file keeps
``vetting`` (the counting rule the links were read under) and ``full_at`` (the last full
reconciliation) (docs/gitlab.md, "The issue cache")."""
MIGRATED = {1, 2, 3, 4}
"""Earlier formats that are read, not set aside. A format-4 file keeps everything, but its
links do not say which only an outside account cites: it has its ``links_for`` dropped, so
the next sync reads the notes of every issue again; its links count as before until then.
A format-3 file keeps everything, but its links were cut five a note (a Help Desk member's
own note too): it has its ``links_for`` dropped, so the next sync reads the notes of every
issue again under the new rule; its links count until then. A format-2 file keeps
everything but has no ``links_for``: the next sync reads the notes of every issue once (a
format-2 cache held the links only of the issues whose reports a member had opened). A
format-1 file keeps its issues, but its links, which counted any note's marker, are
dropped and read again; its issues lack the fields of format 2, so its high-water mark is
dropped too and, with no ``full_at``, the next sync is a full one, which brings them."""


def write_private_json(path: Path, data: Any, locked: bool = False) -> None:
    """Write JSON atomically to an owner-only file (0600) in an owner-only directory;
    ``locked``: the caller holds ``file_lock(path)`` already (a read-modify-write)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data_bytes = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        if locked:
            write_private(path, data_bytes)
        else:
            with file_lock(path):
                write_private(path, data_bytes)
    except OSError as e:
        if e.errno == errno.ENOSPC:
            raise TrackerError(f"The disk holding {path} is full: the issue cache was not "
                               "saved (the previous one is intact). Free some space.") from e
        raise TrackerError(f"Cannot write the issue cache {path}: {e.strerror}.") from e


def read_json(path: Path) -> Any:
    """Read a JSON file; None if it is missing or damaged (a cache is only a copy)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


class IssueCache:
    """Issues (GitLab REST objects, trimmed), the sync high-water mark and cached links."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.source = source
        data = read_json(path)
        if not isinstance(data, dict) or data.get("format") not in {FORMAT, *MIGRATED} \
                or data.get("source") != source:
            data = {}
        if data.get("format") == 1:  # links may hold forged markers: read them again
            data = {k: v for k, v in data.items() if k not in ("links", "links_checked")}
        if data.get("format") in (3, 4):  # links cut a note at a time (3), or not
            # marked outside (4): read them again
            data = {k: v for k, v in data.items() if k not in ("links_for", "links_checked")}
        self.vetting: str | None = _str_or_none(data.get("vetting"))
        self.project_id: int | None = _int_or_none(data.get("project_id"))
        self.high_water: str | None = (_str_or_none(data.get("high_water"))
                                       if data.get("format") != 1 else None)
        self.synced_at: float | None = _float_or_none(data.get("synced_at"))
        self.full_at: float | None = _float_or_none(data.get("full_at"))
        """When the last full sync (reconciliation) completed; None: never."""
        issues = data.get("issues")
        self.issues: dict[int, dict[str, Any]] = {
            int(k): v for k, v in issues.items() if isinstance(v, dict) and k.isdigit()
        } if isinstance(issues, dict) else {}
        self.links: dict[int, list[IssueLink]] = {}
        links = data.get("links")
        if isinstance(links, dict):
            for key, rows in links.items():
                if key.isdigit() and isinstance(rows, list):
                    self.links[int(key)] = [link for row in rows
                                            if (link := _link(int(key), row)) is not None]
        checked = data.get("links_checked")
        self.links_checked: dict[int, float] = {
            int(k): float(v) for k, v in checked.items()
            if k.isdigit() and isinstance(v, int | float)
        } if isinstance(checked, dict) else {}
        read_for = data.get("links_for")
        self.links_for: dict[int, str] = {
            int(k): v for k, v in read_for.items() if k.isdigit() and isinstance(v, str)
        } if isinstance(read_for, dict) else {}
        """Each issue's ``updated_at`` when its notes were last read (``links_checked``
        says when, by this machine's clock)."""
        left_out = data.get("left_out")
        self.left_out: dict[int, int] = {
            int(k): v for k, v in left_out.items()
            if k.isdigit() and type(v) is int and v > 0
        } if isinstance(left_out, dict) else {}
        """Per issue, the links of outside accounts its notes held beyond their limit."""

    @property
    def synced(self) -> bool:
        """True once a sync has completed."""
        return self.synced_at is not None

    def save(self) -> None:
        """Write the cache (atomically, owner-only); raises TrackerError."""
        write_private_json(self.path, {
            "format": FORMAT,
            "source": self.source,
            "project_id": self.project_id,
            "high_water": self.high_water,
            "synced_at": self.synced_at,
            "full_at": self.full_at,
            "vetting": self.vetting,
            "issues": {str(k): v for k, v in sorted(self.issues.items())},
            "links": {str(k): [{"reference": link.reference,
                                "received": link.received.isoformat(),
                                **({"outside": True} if link.outside else {})} for link in v]
                      for k, v in sorted(self.links.items())},
            "links_checked": {str(k): v for k, v in sorted(self.links_checked.items())},
            "links_for": {str(k): v for k, v in sorted(self.links_for.items())},
            "left_out": {str(k): v for k, v in sorted(self.left_out.items())},
        })


def _link(iid: int, row: Any) -> IssueLink | None:
    if not isinstance(row, dict):
        return None
    reference, received = row.get("reference"), row.get("received")
    if not isinstance(reference, str) or not is_reference(reference) \
            or not isinstance(received, str):
        return None
    try:
        return IssueLink(iid, reference, date.fromisoformat(received),
                         row.get("outside") is True)
    except ValueError:
        return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _float_or_none(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None
