"""A sync brings the links other members made (walk23 item 1): the notes of the issues
that changed since their notes were read, so ``links()`` is whole after a sync without
opening a report of the issue; links it could not read are said, never a silent 0.

Against the local GitLab-API server over real HTTP (its notes as GitLab serves them: a
note moves the issue's ``updated_at`` only when it last moved a minute ago or more)."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

from hdtui.domain.links import LINKS_NOT_READ, ReportCount, not_read_said, note_body
from hdtui.tracker.gitlab import GitLabTracker
from hdtui.tracker.issue_cache import FORMAT
from tests.adapters.test_gitlab import TOKEN_BOB, WB, WB2, make, project, seed
from tests.servers.gitlab_api import GitLabAPI, Project

__all__ = ["project"]  # the fixture, shared with test_gitlab.py

WB3 = "wb://0123456789abcdef0123456789abcdef"


def notes_read(api: GitLabAPI) -> list[int]:
    """The issues whose notes were listed, in order."""
    return [int(r.path.split("/")[-2]) for r in api.requests("GET")
            if r.path.endswith("/notes")]


def bob(api: GitLabAPI, tmp_path: Path) -> GitLabTracker:
    return make(api, tmp_path / "bob.json", token=TOKEN_BOB)


def test_a_fresh_members_full_sync_reads_the_links_alice_made(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """The cron path of a new member: tracker-sync --full, then counts from the cache
    alone. On main the links stayed empty until a report of the issue was opened."""
    seed(gitlab_api, project, 3, ago=timedelta(days=1))
    alice = make(gitlab_api, tmp_path / "alice.json")
    today = date.today()
    for reference in (WB, WB2, WB3):
        alice.link(2, reference, today)

    fresh = bob(gitlab_api, tmp_path)
    result = fresh.sync(full=True)

    assert result.links_read == 3 and result.links_unread == 0
    assert sorted(link.reference for link in fresh.links()) == sorted([WB, WB2, WB3])
    assert fresh.links_not_read() == ([], "")
    gitlab_api.clear_log()
    reopened = bob(gitlab_api, tmp_path)  # another process (stats) reads the cache only
    assert {link.reference for link in reopened.links()} == {WB, WB2, WB3}
    assert reopened.links_not_read() == ([], "")
    assert gitlab_api.log == []


def test_an_incremental_sync_reads_the_notes_of_the_issues_that_changed_only(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 4, ago=timedelta(days=1))
    member = bob(gitlab_api, tmp_path)
    member.sync()
    assert sorted(notes_read(gitlab_api)) == [1, 2, 3, 4]
    gitlab_api.clear_log()
    assert member.sync().links_read == 0 and notes_read(gitlab_api) == []

    make(gitlab_api, tmp_path / "alice.json").link(3, WB, date.today())  # moves #3
    gitlab_api.clear_log()
    result = member.sync()

    assert notes_read(gitlab_api) == [3] and result.links_read == 1
    assert [(link.iid, link.reference) for link in member.links()] == [(3, WB)]
    assert member.counts([3]) == {3: ReportCount(1, 1)}


def test_a_note_that_did_not_move_updated_at_is_read_at_the_next_sync(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """GitLab's throttled touch: a note within a minute of the issue's last update leaves
    its ``updated_at`` as it was. Notes read that soon after a change are read again."""
    seed(gitlab_api, project, 1)  # updated just now
    member = bob(gitlab_api, tmp_path)
    member.sync()
    before = project.issues[1]["updated_at"]
    make(gitlab_api, tmp_path / "alice.json").link(1, WB, date.today())
    assert project.issues[1]["updated_at"] == before  # the throttle: not moved

    member.sync()

    assert [link.reference for link in member.links()] == [WB]


def test_links_a_sync_could_not_read_are_said_not_counted_as_none(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 2, ago=timedelta(days=1))
    make(gitlab_api, tmp_path / "alice.json").link(2, WB, date.today())
    member = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB, max_retries=0)
    listed = gitlab_api.list_pages + 2  # a full sync: the open issues, the closed

    def after_the_issues(pages: int) -> None:
        if pages == listed:
            gitlab_api.go_away(after=0)
    gitlab_api.during_lists(after_the_issues)

    result = member.sync(full=True)

    assert result.total == 2 and result.links_unread == 2
    unread, why = member.links_not_read()
    assert unread == [1, 2] and "Cannot reach GitLab" in why
    count = member.counts([2])[2]
    assert count.unread and count.total == 0
    assert count.label == f"0 reports, 0 this week · {LINKS_NOT_READ}"
    said = not_read_said(unread, why)
    assert said.startswith("links not read: #1, #2 (Cannot reach GitLab")

    gitlab_api.during_lists(None)
    gitlab_api.come_back()
    again = member.sync()
    assert again.links_unread == 0 and member.links_not_read() == ([], "")
    assert [link.reference for link in member.links()] == [WB]
    assert not member.counts([2])[2].unread


def _old_cache(api: GitLabAPI, project: Project, tmp_path: Path, form: int,
               links: dict[str, list[str]], **more: object) -> Path:
    """Bob's cache as format ``form`` wrote it: the project's issues, ``links`` (read
    today) with their notes read now, synced after its newest issue."""
    cache = tmp_path / "bob.json"
    issues = {str(iid): {**data, "author": "seed"} for iid, data in project.issues.items()}
    cache.write_text(json.dumps({
        "format": form, "source": f"{api.url} tails/tails", "project_id": 43,
        "high_water": max(data["updated_at"] for data in project.issues.values()),
        "synced_at": time.time(), "full_at": time.time(), "vetting": "internal alice bob",
        "issues": issues,
        "links": {iid: [{"reference": ref, "received": date.today().isoformat()}
                        for ref in refs] for iid, refs in links.items()},
        "links_checked": {iid: time.time() for iid in links}, **more}))
    return cache


def test_a_format_2_cache_keeps_its_links_and_has_every_issues_notes_read_once(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Format 2 held the links of the issues whose reports were opened only: they are
    kept, every issue's are said not read until the next sync reads them, which writes
    format 3."""
    seed(gitlab_api, project, 2, ago=timedelta(days=1))
    make(gitlab_api, tmp_path / "alice.json").link(2, WB2, date.today())
    cache = _old_cache(gitlab_api, project, tmp_path, 2, {"1": [WB]})
    member = make(gitlab_api, cache, token=TOKEN_BOB)

    assert [link.reference for link in member.links()] == [WB]
    assert member.links_not_read()[0] == [1, 2]
    gitlab_api.clear_log()
    member.sync()

    assert sorted(notes_read(gitlab_api)) == [1, 2]
    assert [link.reference for link in member.links()] == [WB2]  # #1's note is not there
    saved = json.loads(cache.read_text())
    assert saved["format"] == FORMAT and set(saved["links_for"]) == {"1", "2"}


def test_a_format_3_cache_has_its_notes_read_again_and_a_members_note_is_whole(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """walk23b B: Bob's note listing 8 report IDs counted 5 (cut five a note). A format-3
    cache holds links read under that rule: they count until the next sync, which reads
    every issue's notes again and writes format 4 with all 8."""
    seed(gitlab_api, project, 1, ago=timedelta(days=1))
    today = date.today()
    ids = [f"wb://{0xbeef00 + n:032x}" for n in range(8)]
    gitlab_api.add_note(project, 1, "\n".join(note_body(ref, today) for ref in ids),
                        username="bob")
    cache = _old_cache(gitlab_api, project, tmp_path, 3, {"1": ids[:5]},
                       links_for={"1": project.issues[1]["updated_at"]})
    member = make(gitlab_api, cache, token=TOKEN_BOB)

    assert len(member.links()) == 5 and member.links_not_read()[0] == [1]
    member.sync()

    assert sorted(link.reference for link in member.links()) == ids
    assert member.links_left_out() == {}
    saved = json.loads(cache.read_text())
    assert saved["format"] == FORMAT == 4 and saved["left_out"] == {}


def test_an_issue_deleted_after_the_listing_leaves_the_other_issues_links_read(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3, ago=timedelta(days=1))
    make(gitlab_api, tmp_path / "alice.json").link(3, WB, date.today())
    listed = gitlab_api.list_pages + 2  # a full sync: the open issues, the closed

    def delete_the_first(pages: int) -> None:
        if pages == listed:
            gitlab_api.delete_issue(project, 1)
    gitlab_api.during_lists(delete_the_first)
    member = bob(gitlab_api, tmp_path)

    result = member.sync(full=True)

    assert result.links_read == 2 and result.links_unread == 1
    assert [link.reference for link in member.links()] == [WB]
    unread, why = member.links_not_read()
    assert unread == [1] and "Issue #1 was not found" in why
