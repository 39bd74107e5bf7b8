"""Provides StaticTracker: known issues from a JSON list of GitLab REST issue objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hdtui.domain.issue import KnownIssue
from hdtui.errors import TrackerError


def issue_from_rest(obj: dict[str, Any]) -> KnownIssue:
    """Build a KnownIssue from one GitLab REST issue object."""
    labels = obj.get("labels") or []
    return KnownIssue(
        iid=int(obj["iid"]),
        title=str(obj.get("title") or ""),
        description=str(obj.get("description") or ""),
        labels=tuple(str(label) for label in labels),
        state=str(obj.get("state") or "opened"),
        web_url=str(obj.get("web_url") or ""),
        updated_at=str(obj.get("updated_at") or ""),
    )


class StaticTracker:
    """Read-only known issues from a file (the demo, offline use, ``hdtui match --issues``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def issues(self) -> list[KnownIssue]:
        """Load every issue in the file."""
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
        issues = []
        for n, obj in enumerate(data):
            try:
                issues.append(issue_from_rest(obj))
            except (KeyError, TypeError, ValueError) as e:
                raise TrackerError(
                    f"{self.path}: item {n} is not a GitLab issue object ({e!r} missing or wrong)."
                ) from e
        return issues
