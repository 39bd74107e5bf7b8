"""A sync brings the links other members made (walk23 item 1): the notes of the issues
that changed since their notes were read, so ``links()`` is whole after a sync without
opening a report of the issue; links it could not read are said, never a silent 0.

Against the local GitLab-API server over real HTTP (its notes as GitLab serves them: a
note moves the issue's ``updated_at`` only when it last moved a minute ago or more)."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hdtui.domain.links import LINKS_NOT_READ, ReportCount, not_read_said, note_body
from hdtui.tracker.gitlab import GitLabTracker
from hdtui.tracker.issue_cache import FORMAT
from tests.adapters.test_gitlab import TOKEN_BOB, WB, WB2, make, project, seed
from tests.servers.gitlab_api import GitLabAPI, Project, iso, parse_time

__all__ = ["project"]  # the fixture, shared with test_gitlab.py

WB3 = "wb://0123456789abcdef0123456789abcdef"


def notes_read(api: GitLabAPI) -> list[int]:
    """The issues whose notes were listed, in order."""
    return [int(r.path.split("/")[-2]) for r in api.requests("GET")
            if r.path.endswith("/notes")]


def bob(api: GitLabAPI, tmp_path: Path) -> GitLabTracker:
    return make(api, tmp_path / "bob.json", token=TOKEN_BOB)


def old_note(api: GitLabAPI, project: Project, iid: int, body: str = "A comment.",
             username: str = "carol", internal: bool = False) -> dict[str, Any]:
    """A note written when the issue last changed (a day ago for ``seed(ago=...)``): the
    issue's ``updated_at`` stays where it was, as it did then."""
    before = project.issues[iid]["updated_at"]
    note = api.add_note(project, iid, body, username, internal=internal)
    with api.lock:
        note["created_at"] = note["updated_at"] = before
        project.issues[iid]["updated_at"] = before
    return note


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
    for iid in (1, 2, 3, 4):
        old_note(gitlab_api, project, iid)  # notes to read, none a link
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


@pytest.mark.parametrize("ahead", [0.0, 600.0])
def test_a_note_that_did_not_move_updated_at_is_read_at_the_next_sync(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path, monkeypatch: Any,
    ahead: float
) -> None:
    """GitLab's throttled touch: a note within a minute of the issue's last update leaves
    its ``updated_at`` as it was. Notes read that soon after a change are read again.

    ``ahead``: this machine's clock ten minutes ahead of GitLab's (linksfix23, defect 4):
    "that soon" is judged by GitLab's own time (its ``Date`` header); on main this
    machine's time made the read look ten minutes after the change, and Alice's link was
    never read."""
    if ahead:
        import types

        import hdtui.tracker.gitlab as module

        shifted = types.SimpleNamespace(time=lambda: time.time() + ahead, sleep=time.sleep,
                                        monotonic=time.monotonic)
        monkeypatch.setattr(module, "time", shifted)
    seed(gitlab_api, project, 1)  # updated just now, in GitLab's time
    member = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB,
                  clock=lambda: datetime.now(UTC) + timedelta(seconds=ahead))
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
    old_note(gitlab_api, project, 1)
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
    assert saved["format"] == FORMAT and saved["left_out"] == {}


def test_a_format_4_cache_has_its_notes_read_again_and_outside_links_marked(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """walk24 B: mallory's internal notes cited made-up IDs, counted "this week" though
    the mailbox never received them. Format 4 did not say which links only an outside
    account cites: its links count until the next sync, which reads every issue's notes
    again and writes format 5, mallory's links marked ``outside``, a member's not, and a
    reference both cite not (a member vouches for it)."""
    seed(gitlab_api, project, 1, ago=timedelta(days=1))
    today = date.today()
    made_up = [f"wb://{0xbeef00 + n:032x}" for n in range(3)]
    gitlab_api.add_note(project, 1, "\n".join(note_body(ref, today) for ref in made_up),
                        username="mallory", internal=True)
    gitlab_api.add_note(project, 1, note_body(WB, today), username="bob")
    gitlab_api.add_note(project, 1, note_body(made_up[0], today), username="bob")
    cache = _old_cache(gitlab_api, project, tmp_path, 4, {"1": made_up},
                       links_for={"1": project.issues[1]["updated_at"]})
    member = make(gitlab_api, cache, token=TOKEN_BOB)

    assert len(member.links()) == 3 and member.links_not_read()[0] == [1]
    assert not any(link.outside for link in member.links())  # as format 4 counted them
    member.sync()

    outside = {link.reference: link.outside for link in member.links()}
    assert outside == {made_up[0]: False, made_up[1]: True, made_up[2]: True, WB: False}
    saved = json.loads(cache.read_text())
    assert saved["format"] == FORMAT == 5
    assert {row["reference"]: row.get("outside", False)
            for row in saved["links"]["1"]} == outside
    again = make(gitlab_api, cache, token=TOKEN_BOB)  # read back from the file
    assert {link.reference: link.outside for link in again.links()} == outside


def test_an_issue_deleted_after_the_listing_leaves_the_other_issues_links_read(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3, ago=timedelta(days=1))
    for iid in (1, 2):
        old_note(gitlab_api, project, iid)
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


# -- issues listed with no note cost no request (docs/gitlab.md, "A first sync without a
#    request per issue") ---------------------------------------------------------------


def test_the_test_server_counts_notes_as_gitlab_does(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """``user_notes_count``: every note but system notes, internal ones included, even
    for a guest who cannot read them (GitLab's count has no visibility filter)."""
    seed(gitlab_api, project, 1, ago=timedelta(days=1))
    gitlab_api.add_note(project, 1, "changed the description", "alice", system=True)
    gitlab_api.add_note(project, 1, "A link, internal.", "alice", internal=True)
    gitlab_api.add_note(project, 1, "A comment.", "carol")
    gitlab_api.add_user("glpat-guest", "gus", access_level=10)
    for token in (TOKEN_BOB, "glpat-guest"):
        tracker = make(gitlab_api, tmp_path / f"{token}.json", token=token)
        listed = tracker._get_project().issues.list(get_all=True)
        single = tracker._get_project().issues.get(1)
        assert [i.attributes["user_notes_count"] for i in listed] == [2]
        assert single.attributes["user_notes_count"] == 2
        tracker.close()


def test_a_fresh_members_sync_reads_only_the_notes_of_issues_that_have_some(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """A first sync asked GitLab once per issue (1,013 requests for 1,000 issues): now the
    issues listed with ``user_notes_count`` 0 are not asked, and no link is missed, an
    internal link note written long ago (not moving ``updated_at`` any more) included."""
    seed(gitlab_api, project, 6, ago=timedelta(days=1))
    old = date.today() - timedelta(days=2)
    old_note(gitlab_api, project, 2, note_body(WB, old), "alice", internal=True)
    old_note(gitlab_api, project, 4, "Seen on my laptop too.")
    with gitlab_api.lock:  # a system note only (a label changed): no link can be there
        gitlab_api._new_note(project, 5, "added ~123 label", {"id": 9, "username": "alice"},
                             True)
        project.issues[5]["updated_at"] = project.issues[6]["updated_at"]
    make(gitlab_api, tmp_path / "alice.json").link(6, WB2, date.today())  # just now
    fresh = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()

    result = fresh.sync(full=True)

    assert sorted(notes_read(gitlab_api)) == [2, 4, 6]  # main: [1, 2, 3, 4, 5, 6]
    assert result.links_read == 6 and result.links_unread == 0
    assert sorted((link.iid, link.reference) for link in fresh.links()) == [(2, WB), (6, WB2)]
    assert fresh.links_not_read() == ([], "")
    gitlab_api.clear_log()
    assert fresh.sync().links_read == 1 and notes_read(gitlab_api) == [6]  # just linked


def test_an_issue_listed_with_no_note_just_after_a_change_has_its_notes_read(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """GitLab's throttled touch: a note written within a minute of a change does not move
    ``updated_at``, so a count of 0 listed that soon may be out of date: read anyway."""
    seed(gitlab_api, project, 1)  # changed just now, no note yet
    member = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()
    member.sync()
    assert notes_read(gitlab_api) == [1]
    make(gitlab_api, tmp_path / "alice.json").link(1, WB, date.today())  # not moving it

    member.sync()

    assert [link.reference for link in member.links()] == [WB]


def test_a_later_sync_asks_nothing_of_a_changed_issue_with_no_note(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """An issue relabelled, or whose only link note was deleted (which GitLab's
    ``updated_at`` does not show, the count does), is listed again with 0 notes: its links
    are none, with no request."""
    seed(gitlab_api, project, 2, ago=timedelta(days=1))
    note = old_note(gitlab_api, project, 2, note_body(WB, date.today() - timedelta(days=2)),
                    "alice", internal=True)
    member = bob(gitlab_api, tmp_path)
    member.sync(full=True)
    assert [link.reference for link in member.links()] == [WB]
    with gitlab_api.lock:
        project.notes[2].remove(note)
    gitlab_api.update_issue(project, 1, labels=["C:Tor"])
    gitlab_api.update_issue(project, 2, labels=["C:Tor"])
    with gitlab_api.lock:  # changed an hour after the last sync's issues, long ago
        for iid in (1, 2):
            moment = parse_time(project.issues[iid]["created_at"]) + timedelta(hours=1)
            project.issues[iid]["updated_at"] = iso(moment)
    gitlab_api.clear_log()

    result = member.sync()

    assert notes_read(gitlab_api) == []  # main: [1, 2]
    assert result.links_read == 2 and result.links_changed == 1
    assert member.links() == [] and member.links_not_read() == ([], "")


def test_the_link_notes_of_an_issue_with_many_system_notes_take_one_page(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """Only comments are asked for (``activity_filter=only_comments``): 120 label and
    state changes and one link note are one page of 50, not three."""
    seed(gitlab_api, project, 1, ago=timedelta(days=1))
    with gitlab_api.lock:
        for n in range(120):
            gitlab_api._new_note(project, 1, f"added ~{n} label",
                                 {"id": 9, "username": "alice"}, True)
    old_note(gitlab_api, project, 1, note_body(WB, date.today() - timedelta(days=2)),
             "alice", internal=True)
    member = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()

    member.sync(full=True)

    assert notes_read(gitlab_api) == [1]  # main: [1, 1, 1]
    assert [link.reference for link in member.links()] == [WB]
    asked = [r.query for r in gitlab_api.requests("GET") if r.path.endswith("/notes")]
    assert asked[0]["activity_filter"] == "only_comments"


def test_issues_listed_without_a_count_have_their_notes_read(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """No ``user_notes_count`` (a proxy or a trimmed answer): no count is no 0."""
    seed(gitlab_api, project, 3, ago=timedelta(days=1))
    gitlab_api.notes_counts = False
    member = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()

    result = member.sync(full=True)

    assert sorted(notes_read(gitlab_api)) == [1, 2, 3] and result.links_read == 3


def test_offset_pages_of_an_older_gitlab_skip_the_issues_with_no_note_too(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    seed(gitlab_api, project, 3, ago=timedelta(days=1))
    old_note(gitlab_api, project, 3, note_body(WB, date.today() - timedelta(days=2)),
             "alice", internal=True)
    gitlab_api.keyset_issues = False
    member = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()

    member.sync(full=True)

    assert notes_read(gitlab_api) == [3]  # main: [1, 2, 3]
    assert [link.reference for link in member.links()] == [WB]


# -- a new member's first start (linksfix23, defect 2; docs/gitlab.md, "A new member's
#    first start") -----------------------------------------------------------------------


def test_a_first_listing_gives_the_issues_at_once_and_leaves_their_notes_for_after(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """On main ``issues()`` on an empty cache read every commented issue's notes under the
    tracker's lock before the first match (100 issues, 50 ms a notes request: 5.4 s)."""
    seed(gitlab_api, project, 4, ago=timedelta(days=1))
    old_note(gitlab_api, project, 1)
    make(gitlab_api, tmp_path / "alice.json").link(3, WB, date.today())
    member = bob(gitlab_api, tmp_path)
    gitlab_api.clear_log()

    assert [issue.iid for issue in member.issues()] == [1, 2, 3, 4]

    assert notes_read(gitlab_api) == []
    unread, why = member.links_not_read()
    assert unread == [1, 2, 3, 4] and why.startswith("not read yet")
    assert member.read_owed_links() == (4, 0, 1)  # #2 and #4: listed with no note
    assert sorted(notes_read(gitlab_api)) == [1, 3]
    assert [link.reference for link in member.links()] == [WB]
    assert member.links_not_read() == ([], "")
    gitlab_api.clear_log()
    assert member.read_owed_links() == (0, 0, 0) and gitlab_api.log == []


def test_the_sync_after_a_first_listing_reads_its_notes_without_holding_the_lock(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """The TUI's start sync reads the notes the first listing left (its noteless issues
    cost no request), and a pane asking for the issues meanwhile is answered at once."""
    import threading

    seed(gitlab_api, project, 6, ago=timedelta(days=1))
    for iid in (1, 2, 3, 4):
        old_note(gitlab_api, project, iid)
    member = bob(gitlab_api, tmp_path)
    member.issues()
    gitlab_api.notes_delay = 0.3
    gitlab_api.clear_log()
    done = threading.Event()
    results: list[Any] = []
    syncing = threading.Thread(target=lambda: (results.append(member.sync()), done.set()))
    syncing.start()
    try:
        deadline = time.monotonic() + 5
        while not notes_read(gitlab_api) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert notes_read(gitlab_api), "the sync read no notes"
        started = time.monotonic()
        assert len(member.issues()) == 6
        assert time.monotonic() - started < 0.25 and not done.is_set()
    finally:
        syncing.join(10)
    [result] = results
    assert result.links_read == 6 and result.links_unread == 0
    assert sorted(notes_read(gitlab_api)) == [1, 2, 3, 4]
