"""StaticTracker: the demo's known issues, with links, counts and new issues in local files."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hdtui.config import demo_dir
from hdtui.domain.links import ReportCount
from hdtui.errors import ReadOnlyError, TrackerError
from hdtui.tracker.static import StaticTracker
from hdtui.wiring import demo_tracker

WB = "wb://8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
TODAY = datetime.now(UTC).date()


def test_demo_tracker_works_on_a_private_copy(xdg: Path) -> None:
    tracker = demo_tracker(read_only=False)
    bundled = json.loads((demo_dir() / "known_issues.json").read_text())
    copy = xdg / "cache" / "hdtui" / "demo" / "known_issues.json"
    assert tracker.path == copy and stat.S_IMODE(copy.stat().st_mode) == 0o600
    issues = tracker.issues()
    assert len(issues) == len(bundled)
    iid = issues[0].iid

    assert tracker.link(iid, WB, TODAY) is True
    assert tracker.link(iid, WB, TODAY) is False
    assert tracker.link(iid, "mail:2026-11-01:0123456789ab", date(2026, 11, 1)) is True
    assert tracker.counts([iid, issues[1].iid])[iid].total == 2
    assert tracker.counts([iid])[iid].this_week >= 1
    assert tracker.counts([issues[1].iid]) == {issues[1].iid: ReportCount(0, 0)}
    assert tracker.linked(WB) == [iid]
    notes = copy.with_name("known_issues-notes.json")
    assert stat.S_IMODE(notes.stat().st_mode) == 0o600

    created = tracker.create_issue("A new demo issue", "## Standard reply\n\nHello.\n",
                                   ["C:Tor"])
    assert created.iid == max(i.iid for i in issues) + 1
    assert tracker.issue(created.iid).labels == ("C:Tor",)
    # Linked as the demo's other issues are (demo/build.py): the auto-reply block and the
    # alert had no link for it (web_url "").
    assert created.web_url == bundled[0]["web_url"].rsplit("/", 1)[0] + f"/{created.iid}"
    assert created.web_url.startswith("https://") and "/-/issues/" in created.web_url
    assert tracker.sync().total == len(bundled) + 1
    # The bundled file is never written; a second start keeps the copy and its changes.
    assert json.loads((demo_dir() / "known_issues.json").read_text()) == bundled
    assert len(demo_tracker(read_only=False).issues()) == len(bundled) + 1


def test_read_only_and_plain_files_refuse_writes(xdg: Path, tmp_path: Path) -> None:
    skim = demo_tracker(read_only=True)
    iid = skim.issues()[0].iid
    with pytest.raises(ReadOnlyError):
        skim.link(iid, WB, TODAY)
    new = skim.create_issue("x", "y")  # a skim reports new problems back (docs/skim.md)
    assert skim.link(new.iid, WB, TODAY) is True
    with pytest.raises(ReadOnlyError):
        skim.link(iid, WB, TODAY)
    plain = StaticTracker(demo_dir() / "known_issues.json")
    with pytest.raises(TrackerError, match=r"\[tracker\] url"):
        plain.link(iid, WB, TODAY)
    assert plain.counts([iid]) == {iid: ReportCount(0, 0)}


def test_unlink_removes_the_note_from_the_notes_file(xdg: Path) -> None:
    tracker = demo_tracker(read_only=False)
    iid = tracker.issues()[0].iid
    other = "mail:2026-11-01:0123456789ab"
    tracker.link(iid, WB, TODAY)
    tracker.link(iid, other, date(2026, 11, 1))
    with pytest.raises(ReadOnlyError):
        demo_tracker(read_only=True).unlink(iid, WB)
    assert tracker.linked(WB) == [iid]

    assert tracker.unlink(iid, WB) is True
    assert tracker.linked(WB) == [] and tracker.linked(other) == [iid]
    assert tracker.counts([iid])[iid].total == 1
    assert tracker.unlink(iid, WB) is False
    assert tracker.link(iid, WB, TODAY) is True  # linked again after a removal


def test_sync_reports_what_changed_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([{"iid": 1, "title": "a"}, {"iid": 2, "title": "b"}]))
    tracker = StaticTracker(path)
    first = tracker.sync()
    assert (first.new, first.total, first.full) == (2, 2, True)
    path.write_text(json.dumps([{"iid": 1, "title": "A"}, {"iid": 3, "title": "c"}]))
    second = tracker.sync()
    assert (second.new, second.changed, second.dropped, second.total) == (1, 1, 1, 2)
    with pytest.raises(TrackerError, match="#9"):
        tracker.issue(9)


def test_two_processes_linking_at_once_lose_no_link(tmp_path: Path) -> None:
    """The notes file is read, changed and written under its lock: two hdtui processes
    (two stores, one tracker file) linking at the same moment keep every link."""
    import subprocess
    import sys

    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([{"iid": 1, "title": "One", "state": "opened"}]))
    notes = tmp_path / "notes.json"
    code = (
        "import sys\nfrom datetime import date\nfrom pathlib import Path\n"
        "from hdtui.tracker.static import StaticTracker\n"
        "t = StaticTracker(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "for n in range(25):\n"
        "    t.link(1, 'wb://' + sys.argv[3] + format(n, '031x'), date(2026, 11, 30))\n"
    )
    root = Path(__file__).parents[2]
    runs = [subprocess.Popen([sys.executable, "-c", code, str(issues), str(notes), prefix],
                             cwd=root) for prefix in ("a", "b")]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    links = StaticTracker(issues, notes).links()
    assert len({link.reference for link in links}) == 50


def test_tasks_and_incidents_of_the_file_are_not_known_issues(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([
        {"iid": 1, "title": "Wi-Fi fails", "description": None},
        {"iid": 2, "title": "Rotate the keys", "issue_type": "task"},
        {"iid": 3, "title": "Outage", "issue_type": "incident", "confidential": True},
    ]))
    tracker = StaticTracker(path)
    assert [i.title for i in tracker.issues()] == ["Wi-Fi fails"]
    assert tracker.issue(3).confidential and tracker.issue(2).issue_type == "task"


def test_an_issue_created_in_a_file_without_links_has_none(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([{"iid": 3, "title": "old", "web_url": ""}]))
    tracker = StaticTracker(path, tmp_path / "notes.json")
    assert tracker.create_issue("A new one", "Text.").web_url == ""


def test_the_first_sync_after_the_issues_were_read_says_nothing_changed(
        tmp_path: Path) -> None:
    """The TUI builds its index from ``issues()``, then syncs at start: an unchanged file
    is no change (every issue was "new", and the queue was counted twice at every start)."""
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([{"iid": 1, "title": "a"}, {"iid": 2, "title": "b"}]))
    tracker = StaticTracker(path)
    assert [i.iid for i in tracker.issues()] == [1, 2]
    first = tracker.sync()
    assert (first.new, first.changed, first.dropped, first.total, first.full) == (
        0, 0, 0, 2, True)
    path.write_text(json.dumps([{"iid": 1, "title": "A"}, {"iid": 2, "title": "b"}]))
    assert tracker.sync().changed == 1
