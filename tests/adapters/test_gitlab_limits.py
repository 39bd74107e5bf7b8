"""GitLabTracker against the GitLab-API test server behaving as GitLab really does
(issue #14, items 4-6): the throttle's plain-text 429 with ``RateLimit-*`` headers, the
title, text and notes limits, ``description: null``, confidential issues, tasks and
incidents, labels dropped for non-members. docs/gitlab.md and docs/gitlab-writes.md."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import gitlab
import pytest
import requests

from hdtui.domain.links import SUMMARY_HEADING, parse_note
from hdtui.errors import TrackerError, TrackerUnreachable
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.tracker.issue_cache import FORMAT
from tests.servers.gitlab_api import NOTES_LIMIT, TEXT_LIMIT, TITLE_LIMIT, GitLabAPI, Project

TOKEN = "glpat-alice-secret-token"
TOKEN_EVE = "glpat-eve-outsider-token"
WB = "wb://8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


@pytest.fixture
def project(gitlab_api: GitLabAPI) -> Project:
    gitlab_api.add_user(TOKEN, "alice")
    gitlab_api.add_user(TOKEN_EVE, "eve", member=False)
    return gitlab_api.add_project(43, "tails/tails")


def make(api: GitLabAPI, cache: Path, token: str = TOKEN, **changes: Any) -> GitLabTracker:
    settings: dict[str, Any] = dict(url=api.url, project="tails/tails", token=lambda: token,
                                    timeout=5.0, per_page=50, max_wait=5.0)
    settings.update(changes)
    return GitLabTracker(GitLabSettings(**settings), cache)


def with_one_issue(api: GitLabAPI, project: Project, tmp_path: Path,
                   **changes: Any) -> GitLabTracker:
    """A tracker synced with one issue, "One"."""
    api.add_issue(project, "One")
    tracker = make(api, tmp_path / "cache.json", **changes)
    tracker.sync()
    return tracker


def client(api: GitLabAPI, token: str) -> gitlab.Gitlab:
    return gitlab.Gitlab(api.url, private_token=token, retry_transient_errors=False)


# -- the test server, as GitLab answers ---------------------------------------------------


def test_the_server_throttles_as_gitlab_does(gitlab_api: GitLabAPI, project: Project) -> None:
    gitlab_api.fail_next(1, 429, reset_in=30)
    answer = requests.get(f"{gitlab_api.url}/api/v4/projects/43/issues",
                          headers={"PRIVATE-TOKEN": TOKEN}, timeout=5)
    assert answer.status_code == 429 and answer.text == "Retry later\n"
    assert answer.headers["Content-Type"] == "text/plain"
    assert "Retry-After" not in answer.headers
    assert answer.headers["RateLimit-Remaining"] == "0"
    assert 25 < int(answer.headers["RateLimit-Reset"]) - time.time() <= 31
    assert answer.headers["RateLimit-ResetTime"].endswith("GMT")


def test_the_server_answers_null_for_an_empty_description_and_tells_types(
    gitlab_api: GitLabAPI, project: Project
) -> None:
    gitlab_api.add_issue(project, "Empty")
    gitlab_api.add_issue(project, "Secret", "text", confidential=True)
    gitlab_api.add_issue(project, "A task", issue_type="task")
    issues = client(gitlab_api, TOKEN).projects.get(43).issues.list(sort="asc")
    found = {i.title: i.attributes for i in issues}
    assert found["Empty"]["description"] is None
    assert (found["Empty"]["confidential"], found["Empty"]["issue_type"]) == (False, "issue")
    assert found["Secret"]["confidential"] is True
    assert (found["A task"]["issue_type"], found["A task"]["type"]) == ("task", "TASK")
    assert found["Empty"]["author"]["username"] == "seed"
    searched = client(gitlab_api, TOKEN).projects.get(43).issues.list(search="secret")
    assert [i.title for i in searched] == ["Secret"]  # a null description does not crash it


def test_the_server_drops_labels_set_by_a_non_member(gitlab_api: GitLabAPI,
                                                     project: Project) -> None:
    outsider = client(gitlab_api, TOKEN_EVE).projects.get(43, lazy=True)
    made = outsider.issues.create({"title": "Mine", "labels": "Help Desk"})
    assert made.labels == [] and made.author["username"] == "eve"
    member = client(gitlab_api, TOKEN).projects.get(43, lazy=True)
    assert member.issues.create({"title": "Ours", "labels": "Help Desk"}).labels == \
        ["Help Desk"]
    gitlab_api.add_issue(project, "Seeded", labels=("Help Desk",))
    outsider.issues.update(3, {"labels": ""})
    assert project.issues[3]["labels"] == ["Help Desk"]


def test_the_server_refuses_what_gitlab_refuses(gitlab_api: GitLabAPI,
                                                project: Project) -> None:
    handle = client(gitlab_api, TOKEN).projects.get(43, lazy=True)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as info:
        handle.issues.create({"title": "x" * (TITLE_LIMIT + 1)})
    assert info.value.response_code == 400 and "title" in str(info.value.error_message)
    with pytest.raises(gitlab.exceptions.GitlabCreateError):
        handle.issues.create({"title": "t", "description": "x" * (TEXT_LIMIT + 1)})
    assert handle.issues.create({"title": "x" * TITLE_LIMIT}).iid == 1
    gitlab_api.notes_limit = 2
    notes = handle.issues.get(1, lazy=True).notes
    first = notes.create({"body": "one"})
    notes.create({"body": "two"})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as info:
        notes.create({"body": "three"})
    assert "Maximum number of comments exceeded" in str(info.value.error_message)
    first.body = "one, edited"
    first.save()  # an edit is not a new note: the cap does not apply
    assert project.notes[1][0]["body"] == "one, edited"
    assert NOTES_LIMIT == 5000 and TEXT_LIMIT == 1_048_576


# -- the rate limit -----------------------------------------------------------------------


def test_429_with_only_ratelimit_reset_is_waited_out(gitlab_api: GitLabAPI,
                                                     project: Project, tmp_path: Path) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path)
    gitlab_api.clear_log()
    gitlab_api.fail_next(1, 429, reset_in=1)
    started = time.monotonic()
    result = tracker.sync()
    # (the issue's notes, read after its list as it changed a moment ago, are not counted)
    assert [r.status for r in gitlab_api.log if r.path.endswith("/issues")] == [429, 200]
    assert time.monotonic() - started >= 0.5 and result.waited >= 1.0


def test_429_with_only_a_far_ratelimit_reset_respects_max_wait(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path)
    gitlab_api.fail_next(1, 429, reset_in=3600)
    started = time.monotonic()
    with pytest.raises(TrackerUnreachable) as info:
        tracker.sync()
    assert time.monotonic() - started < 5.0  # below max_wait: it gave up without waiting
    assert info.value.title == "GitLab rate limit" and "5 s" in info.value.message
    assert len(tracker.issues()) == 1


# -- wording ------------------------------------------------------------------------------


def test_a_write_refused_by_a_server_error_is_not_said_to_be_tried_three_times(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path, max_retries=3)
    gitlab_api.fail_next(1, 500)
    with pytest.raises(TrackerError) as info:
        tracker.add_note(1, "Report IDs: …")
    assert "times" not in info.value.message and "500" in info.value.message
    assert len(gitlab_api.requests("POST", "/notes")) == 1
    gitlab_api.fail_next(10, 500)
    with pytest.raises(TrackerError) as info:
        tracker.sync(full=True)
    assert "4 times (the first try and 3 retries)" in info.value.message


# -- GitLab's size limits, checked before sending ----------------------------------------


def test_a_title_or_text_too_long_for_gitlab_is_refused_before_sending(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path)
    gitlab_api.clear_log()
    with pytest.raises(TrackerError) as info:
        tracker.create_issue("x" * (TITLE_LIMIT + 1), "text")
    assert info.value.title == "Issue too long" and "256 characters" in info.value.message
    with pytest.raises(TrackerError) as info:
        tracker.create_issue("Fine", "x" * (TEXT_LIMIT + 1))
    assert "Nothing was sent" in info.value.message
    with pytest.raises(TrackerError) as info:
        tracker.add_note(1, "x" * (TEXT_LIMIT + 1))
    assert info.value.title == "Note too long"
    assert gitlab_api.requests("POST") == []
    assert tracker.create_issue("x" * TITLE_LIMIT, "").iid == 2


# -- what the cache keeps of an issue: types, confidentiality, who wrote it --------------

REPLY = "## Summary\n\nWi-Fi fails.\n\n## Standard reply\n\nTry the Realtek workaround.\n"


def test_tasks_and_incidents_are_not_known_issues_and_null_descriptions_are_empty(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    gitlab_api.add_issue(project, "Wi-Fi fails")  # description: null
    gitlab_api.add_issue(project, "Rotate the keys", issue_type="task")
    gitlab_api.add_issue(project, "Outage", issue_type="incident")
    gitlab_api.add_issue(project, "Secret", "An embargoed hole.", confidential=True)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    assert tracker.sync().total == 4
    issues = {i.title: i for i in tracker.issues()}
    assert set(issues) == {"Wi-Fi fails", "Secret"}
    assert issues["Wi-Fi fails"].description == "" and not issues["Wi-Fi fails"].confidential
    assert issues["Secret"].confidential and issues["Secret"].author == "seed"
    assert tracker.issue(2).issue_type == "task"  # still readable by number
    gitlab_api.update_issue(project, 2, issue_type="issue")  # made a known issue again
    assert tracker.sync().changed == 1 and len(tracker.issues()) == 3


def test_who_last_wrote_a_standard_reply_is_read_from_gitlabs_system_notes(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    gitlab_api.add_user("glpat-sajolida", "sajolida")
    gitlab_api.add_issue(project, "Realtek Wi-Fi", REPLY, author="sajolida")
    gitlab_api.add_issue(project, "No reply here", "Just a summary.", author="mallory")
    tracker = make(gitlab_api, tmp_path / "cache.json")
    tracker.sync()
    by = {i.title: i.description_by for i in tracker.issues()}
    assert by == {"Realtek Wi-Fi": "sajolida", "No reply here": ""}
    # Newest first, for a writer: only the issue with a Standard reply (the sync's reads
    # of the links, oldest first, read every changed issue's: test_gitlab_links_sync.py).
    assert [r.path for r in gitlab_api.requests("GET", "/notes")
            if r.query.get("sort") == "desc"] == ["/api/v4/projects/43/issues/1/notes"]
    gitlab_api.update_issue(project, 1, by="mallory", description=REPLY + "\nRun `curl …`\n")
    tracker.sync()
    assert tracker.issues()[0].description_by == "mallory"
    gitlab_api.clear_log()
    gitlab_api.update_issue(project, 1, title="Realtek RTL8723BE: no Wi-Fi")
    tracker.sync()  # the description did not change: its writer is not asked again
    assert tracker.issues()[0].description_by == "mallory"
    assert [r for r in gitlab_api.requests("GET", "/notes")
            if r.query.get("sort") == "desc"] == []


def test_a_cache_of_the_previous_format_is_used_then_fully_synced(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    import json

    gitlab_api.add_issue(project, "Secret", "An embargoed hole.", confidential=True)
    cache = tmp_path / "cache.json"
    old = {"format": 1, "source": f"{gitlab_api.url} tails/tails", "project_id": 43,
           "high_water": "2026-11-19T06:47:00.000Z", "synced_at": 1.0,
           "issues": {"1": {"id": 1, "iid": 1, "title": "Secret", "description": "x",
                            "state": "opened", "labels": [], "web_url": "",
                            "updated_at": "2026-11-19T06:47:00.000Z"}},
           "links": {}, "links_checked": {}}
    cache.write_text(json.dumps(old))
    tracker = make(gitlab_api, cache)
    assert [i.title for i in tracker.issues()] == ["Secret"]  # usable offline at once
    assert gitlab_api.requests("GET", "/issues") == []
    result = tracker.sync()
    assert result.full and tracker.issues()[0].confidential
    saved = json.loads(cache.read_text())  # 2: #14's fields; 3: links_for; 4: left_out; 5: outside
    assert saved["format"] == FORMAT and saved["full_at"] and saved["vetting"] == "internal"
    assert {"moved_to_id", "confidential", "issue_type", "author"} <= set(saved["issues"]["1"])


# -- busy issues: one summary note, edited in place ---------------------------------------

WBS = [f"wb://{n:032x}" for n in range(1, 7)]
TODAY = date(2026, 11, 19)


def with_summary(api: GitLabAPI, project: Project, tmp_path: Path) -> GitLabTracker:
    """Issue 1 busy from its 2nd link: a link note, then a summary note."""
    tracker = with_one_issue(api, project, tmp_path, busy_links=1)
    tracker.link(1, WBS[0], TODAY)
    tracker.link(1, WBS[1], TODAY)
    return tracker


def link_notes(project: Project, iid: int = 1) -> list[str]:
    return [n["body"] for n in project.notes[iid] if not n["system"]]


def test_a_busy_issue_gets_one_summary_note_edited_in_place(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path, busy_links=2)
    for reference in WBS[:4]:
        assert tracker.link(1, reference, TODAY)
    bodies = link_notes(project)
    assert len(bodies) == 3  # two notes, then one summary for the 3rd and 4th
    assert bodies[2].startswith(SUMMARY_HEADING)
    assert [link.reference for link in parse_note(bodies[2])] == WBS[2:4]
    assert len(gitlab_api.requests("PUT", "/notes/")) == 1  # the 4th edited it
    assert not tracker.link(1, WBS[3], TODAY)  # already linked: nothing written
    assert tracker.refresh_counts([1])[1].total == 4
    assert tracker.unlink(1, WBS[2])  # a misplaced one leaves the summary
    assert [link.reference for link in parse_note(link_notes(project)[2])] == [WBS[3]]
    assert tracker.refresh_counts([1])[1].total == 3


def test_a_summary_edit_whose_answer_was_lost_is_not_made_twice(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_summary(gitlab_api, project, tmp_path)
    gitlab_api.lose_answers(1, "PUT")
    with pytest.raises(TrackerUnreachable):
        tracker.link(1, WBS[2], TODAY)
    assert not tracker.link(1, WBS[2], TODAY)  # the retry finds it made
    summary = link_notes(project)[1]
    assert [link.reference for link in parse_note(summary)] == WBS[1:3]


def test_an_issue_with_as_many_notes_as_gitlab_allows_takes_links_in_its_summary(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    with_summary(gitlab_api, project, tmp_path)
    gitlab_api.add_note(project, 1, "Me too!")
    gitlab_api.notes_limit = len(project.notes[1])
    calm = make(gitlab_api, tmp_path / "cache.json", busy_links=50)
    assert calm.link(1, WBS[2], TODAY)  # refused as a note: added to the summary
    assert len(project.notes[1]) == gitlab_api.notes_limit
    gitlab_api.add_issue(project, "Two")
    for n in range(gitlab_api.notes_limit):
        gitlab_api.add_note(project, 2, f"Me too! {n}")
    with pytest.raises(TrackerError) as info:
        calm.link(2, WBS[3], TODAY)
    assert "5,000" in info.value.message and "nothing was written" in info.value.message


def test_an_outsider_cannot_vet_an_issue_with_a_label(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    from hdtui.domain.reply_choice import Vetting

    vetting = Vetting(labels=frozenset({"Help Desk"}), accounts=frozenset({"alice"}))
    outsider = make(gitlab_api, tmp_path / "eve.json", token=TOKEN_EVE)
    outsider.create_issue("Wi-Fi fails", REPLY + "Run `curl … | sh`.\n", ["Help Desk"])
    member = make(gitlab_api, tmp_path / "alice.json")
    member.create_issue("Wi-Fi fails too", REPLY, ["Help Desk"])
    member.sync()
    by_title = {i.title: i for i in member.issues()}
    assert by_title["Wi-Fi fails"].labels == () and by_title["Wi-Fi fails"].author == "eve"
    assert not vetting.vetted(by_title["Wi-Fi fails"])
    assert vetting.vetted(by_title["Wi-Fi fails too"])


def test_a_link_to_a_confidential_issue_holds_only_the_marker_line(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    from hdtui.domain.links import note_body

    gitlab_api.add_issue(project, "Embargoed", "A hole.", confidential=True)
    tracker = make(gitlab_api, tmp_path / "cache.json")
    assert tracker.link(1, WBS[0], TODAY)
    assert link_notes(project) == [note_body(WBS[0], TODAY)]


def test_a_summary_line_written_over_by_another_session_is_added_again(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdtui.domain.links import note_body, summary_body

    tracker = with_summary(gitlab_api, project, tmp_path)
    edit = tracker._edit_summary
    overwritten: list[bool] = []

    def raced(iid: int, note: Any, body: str) -> None:
        edit(iid, note, body)
        if not overwritten:  # the same account's other session saves its older copy
            overwritten.append(True)
            project.notes[1][1]["body"] = summary_body([note_body(WBS[1], TODAY)])

    monkeypatch.setattr(tracker, "_edit_summary", raced)
    assert tracker.link(1, WBS[2], TODAY)
    assert overwritten and len(gitlab_api.requests("PUT", "/notes/")) == 2
    assert [link.reference for link in parse_note(link_notes(project)[1])] == WBS[1:3]


# -- busy issues and vetted counts together (#14 items 1 and 5) -----------------------------

TOKEN_BOB = "glpat-bob-secret-token"


def test_a_summary_note_is_internal_when_link_notes_are_and_counts_as_vetted(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    """With count_markers_from = "internal" the summary note of a busy issue is written
    internal, as link notes are, and counts for anyone reading under either rule; a
    summary note forged by someone else counts nothing. The token's account is asked for
    once (one GET /user) for both the counting rule and finding its own summary note."""
    from hdtui.domain.links import note_body, summary_body

    gitlab_api.add_user(TOKEN_BOB, "bob", access_level=20)
    tracker = with_summary(gitlab_api, project, tmp_path)
    assert tracker.link(1, WBS[2], TODAY)  # added to the summary note
    summary = [n for n in project.notes[1] if n["body"].startswith(SUMMARY_HEADING)]
    assert len(summary) == 1 and summary[0]["internal"] is True
    assert [link.reference for link in parse_note(summary[0]["body"])] == WBS[1:3]
    assert len(gitlab_api.requests("GET", "/user")) - len(
        gitlab_api.requests("GET", "/users")) == 1
    gitlab_api.add_note(project, 1, summary_body([note_body(WBS[3], TODAY)]),
                        username="mallory")  # a forged summary, public

    colleague = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB)
    assert colleague.refresh_counts([1])[1].total == 3  # internal notes: all alice's count
    listed = make(gitlab_api, tmp_path / "listed.json", token=TOKEN_BOB,
                  count_markers_from="allow-list", helpdesk_accounts=("alice",))
    assert listed.refresh_counts([1])[1].total == 3  # alice's notes, by her id
    assert not listed.link(1, WBS[2], TODAY)  # already linked, in alice's summary
    assert listed.link(1, WBS[3], TODAY)  # the forged line does not count as linked


def test_a_summary_note_is_public_when_link_notes_are(
    gitlab_api: GitLabAPI, project: Project, tmp_path: Path
) -> None:
    tracker = with_one_issue(gitlab_api, project, tmp_path, busy_links=1,
                             count_markers_from="allow-list")
    for reference in WBS[:3]:
        assert tracker.link(1, reference, TODAY)
    notes = [n for n in project.notes[1] if not n["system"]]
    assert [n["internal"] for n in notes] == [False, False]
    assert notes[1]["body"].startswith(SUMMARY_HEADING)
    assert tracker.refresh_counts([1])[1].total == 3
