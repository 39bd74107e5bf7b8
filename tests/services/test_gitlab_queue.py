"""GitLab writes survive an outage, against the local GitLab API server over real HTTP
(docs/gitlab-writes.md): a write GitLab cannot take is kept in the outbox and made once
it is back, exactly once (also when GitLab made it but its answer was lost); a write
GitLab refuses is not retried by itself and says what to do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.gitlab_write import WriteKind, WriteState, issue_marker
from hdtui.domain.links import is_summary, note_body
from hdtui.errors import ReadOnlyError, TrackerError, TrackerRefused, WriteKept
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer, DemoNotifier
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI, Project
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
TOKEN = "glpat-helpdesk-token"
WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
Setup = tuple[Actions, GitLabAPI, Project, str]


@pytest.fixture
def setup(gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> Iterator[Setup]:
    gitlab_api.add_user(TOKEN, "helpdesk")
    project = gitlab_api.add_project(2, "tails/tails")
    gitlab_api.add_issue(project, "Realtek RTL8723BE: no Wi-Fi networks")
    mailbox = write_maildir(short_tmp("hdq-") / "Maildir", {
        "1.M1P1.t": whisperback_message((WB / "tails-7.5-wifi.txt").read_text(), WIFI,
                                        test_key)})
    tracker = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                           token=lambda: TOKEN, timeout=5.0),
                            tmp_path / "issues.json")
    tracker.sync()
    triage = Triage(MaildirSource(mailbox), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), tracker, [], DEFAULT_TEAM_ADDRESSES)
    triage.inbox()
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(test_key.home),
                      tracker, DemoNotifier(tmp_path / "alerts.log"), "hd@tails.invalid",
                      "tails-bugs@boum.org")
    key = next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)
    yield actions, gitlab_api, project, key
    triage.store.close()  # type: ignore[attr-defined]
    tracker.close()


def citing(project: Project, iid: int) -> list[str]:
    """The notes of the issue that cite the Wi-Fi report."""
    return [n["body"] for n in project.notes[iid] if WIFI in n["body"]]


@pytest.mark.parametrize("outage", ["503", "429", "gone"])
def test_a_link_during_an_outage_is_kept_then_made_once_when_gitlab_is_back(
        setup: Setup, outage: str) -> None:
    actions, api, project, key = setup
    if outage == "503":
        api.fail_next(100, 503)  # more than python-gitlab's retries of a read
    elif outage == "429":
        api.fail_next(100, 429, retry_after="3600")  # longer than hdtui waits
    else:
        api.go_away(mode="close")
    before = time.time()
    with pytest.raises(WriteKept, match="GitLab unreachable: kept in the outbox, will "
                                        "retry"):
        actions.link(key, 1)
    [pending] = actions.gitlab_pending()
    assert (pending.kind, pending.iid, pending.reference, pending.state, pending.attempts) == \
        (WriteKind.LINK, 1, f"wb://{WIFI}", WriteState.WAITING, 1)
    assert pending.error and pending.next_try >= before + 30
    assert pending.reports == (f"wb://{WIFI}",) and pending.received
    # The known-issues pane counts it as pending, not linked.
    count = actions.counts([1])[1]
    assert (count.total, count.pending) == (0, 1) and "1 link pending" in count.label

    # Still down: the retry fails again, the wait doubles, nothing is written.
    report = actions.replay_gitlab(due_only=False)
    assert report.unreachable and report.waiting == 1 and report.done == ()
    assert actions.gitlab_pending()[0].attempts == 2
    assert actions.gitlab_pending()[0].next_try >= time.time() + 59

    api.faults.clear()
    api.come_back()
    assert actions.replay_gitlab().done == ()  # the timer: not due yet
    report = actions.replay_gitlab(due_only=False)  # f5, back online, the outbox's r
    assert report.done and not report.unreachable and report.waiting == 0
    assert report.next_try is None
    assert len(citing(project, 1)) == 1 and actions.gitlab_pending() == []
    assert actions.counts([1])[1].pending == 0
    assert [(w.kind, w.iid) for w in actions.gitlab_writes()] == [(WriteKind.LINK, 1)]
    assert actions.replay_gitlab(due_only=False).done == ()
    assert len(citing(project, 1)) == 1


def test_writes_kept_during_an_outage_are_made_in_order(setup: Setup) -> None:
    actions, api, project, key = setup
    api.go_away(mode="close")
    with pytest.raises(WriteKept):
        actions.link(key, 1)
    posts = len(api.requests())
    # GitLab just failed: the next writes wait behind the first without a try of their own.
    with pytest.raises(WriteKept):
        actions.unlink(key, 1)
    with pytest.raises(WriteKept):
        actions.add_note(1, "The Wi-Fi report was linked, then unlinked.")
    assert len(api.requests()) == posts
    assert [w.kind for w in actions.gitlab_pending()] == [
        WriteKind.LINK, WriteKind.UNLINK, WriteKind.NOTE]
    api.come_back()
    report = actions.replay_gitlab(due_only=False)
    assert len(report.done) == 3 and actions.gitlab_pending() == []
    # Linked, then unlinked: in that order, so the link note is gone again.
    assert citing(project, 1) == []
    assert [n["body"] for n in project.notes[1]] == [
        "The Wi-Fi report was linked, then unlinked."]
    assert [w.kind for w in actions.gitlab_writes()] == [
        WriteKind.NOTE, WriteKind.UNLINK, WriteKind.LINK]


def test_a_link_whose_answer_was_lost_is_not_written_twice(setup: Setup) -> None:
    actions, api, project, key = setup
    api.lose_answers(1, "POST")  # GitLab writes the note; its answer never arrives
    with pytest.raises(WriteKept):
        actions.link(key, 1)
    assert len(citing(project, 1)) == 1
    assert len(actions.gitlab_pending()) == 1
    report = actions.replay_gitlab(due_only=False)
    assert report.waiting == 0 and actions.gitlab_pending() == []
    assert len(citing(project, 1)) == 1  # the retry read the notes and found it
    assert len(api.requests("POST", contains="/notes")) == 1


def test_a_note_whose_answer_was_lost_is_not_written_twice(setup: Setup) -> None:
    actions, api, project, _ = setup
    api.lose_answers(1, "POST")
    with pytest.raises(WriteKept):
        actions.add_note(1, "The reports: wb://abc")
    actions.replay_gitlab(due_only=False)
    assert [n["body"] for n in project.notes[1]] == ["The reports: wb://abc"]
    assert actions.gitlab_pending() == []


def test_an_issue_whose_answer_was_lost_is_not_created_twice(setup: Setup) -> None:
    actions, api, project, key = setup
    api.lose_answers(1, "POST")  # the issue is created; its answer is lost
    with pytest.raises(WriteKept, match=r"new issue: Wi-Fi broken on 7\.5"):
        actions.create_issue("Wi-Fi broken on 7.5", "No networks.", ["Wi-Fi"], [key])
    [pending] = actions.gitlab_pending()
    assert pending.kind is WriteKind.ISSUE and pending.reports == (f"wb://{WIFI}",)
    created = [i for i in project.issues.values() if i["title"] == "Wi-Fi broken on 7.5"]
    assert len(created) == 1 and issue_marker(pending.id) in created[0]["description"]
    report = actions.replay_gitlab(due_only=False)
    assert report.problems == () and actions.gitlab_pending() == []
    created = [i for i in project.issues.values() if i["title"] == "Wi-Fi broken on 7.5"]
    assert len(created) == 1 and len(api.requests("POST", contains="/issues")) == 2  # + link
    assert len(citing(project, created[0]["iid"])) == 1  # its report linked once it exists
    # The retry searched for its issue (then the link read the notes, before and after
    # writing: docs/gitlab-writes.md, "Two members linking at once").
    [searched] = [r for r in api.requests("GET", contains="/issues") if "search" in r.query]
    assert searched.query["search"] == issue_marker(pending.id)
    assert "created_after" in searched.query


def test_an_issue_kept_during_an_outage_is_created_once_with_its_links(setup: Setup) -> None:
    actions, api, project, key = setup
    api.fail_next(1, 502)  # a write is never retried at once
    with pytest.raises(WriteKept):
        actions.create_issue("Wi-Fi broken on 7.5", "No networks.", [], [key])
    assert len(project.issues) == 1
    actions.replay_gitlab(due_only=False)
    [issue] = [i for i in project.issues.values() if i["title"] == "Wi-Fi broken on 7.5"]
    assert len(citing(project, issue["iid"])) == 1 and actions.gitlab_pending() == []
    actions.replay_gitlab(due_only=False)
    assert len(project.issues) == 2


def test_a_refused_write_is_not_retried_by_itself_and_says_what_to_do(setup: Setup) -> None:
    actions, api, project, key = setup
    api.fail_next(1, 403)
    with pytest.raises(TrackerRefused, match="api scope") as refused:
        actions.link(key, 1)
    assert not isinstance(refused.value, WriteKept)
    assert "kept in the outbox (ctrl+o) to copy, retry (r) or drop (x)" in refused.value.message
    [kept] = actions.gitlab_pending()
    assert kept.state is WriteState.REFUSED and "403" in kept.error
    assert actions.counts([1])[1].pending == 1
    # Neither the timer nor f5 retries it ...
    api.clear_log()
    assert actions.replay_gitlab(due_only=False).done == ()
    assert api.requests() == []
    # ... the outbox's retry key does.
    report = actions.replay_gitlab(due_only=False, refused=True)
    assert len(report.done) == 1 and actions.gitlab_pending() == []
    assert len(citing(project, 1)) == 1


def test_a_rejected_token_keeps_the_note_text_to_copy_or_drop(setup: Setup) -> None:
    actions, api, project, _ = setup
    api.fail_next(1, 401)
    with pytest.raises(TrackerRefused, match="token_env or token_command") as refused:
        actions.add_note(1, "The WhisperBack reports:\n- wb://abc")
    assert "Nothing is lost: the note's text is kept in the outbox" in refused.value.message
    [kept] = actions.gitlab_pending()
    assert kept.body == "The WhisperBack reports:\n- wb://abc"  # nothing lost
    api.fail_next(1, 404)
    report = actions.replay_gitlab(refused=True)
    assert report.problems and "not found" in report.problems[0]
    assert actions.gitlab_pending()[0].state is WriteState.REFUSED
    assert actions.drop_gitlab(kept.id) and actions.gitlab_pending() == []
    assert project.notes[1] == []


def test_kept_writes_follow_the_rules_of_a_skim(setup: Setup) -> None:
    actions, api, project, key = setup
    api.go_away(mode="close")
    with pytest.raises(WriteKept):
        actions.link(key, 1)
    with pytest.raises(WriteKept):
        actions.add_note(1, "A note a skim may write.")
    api.come_back()
    actions.triage.set_read_only(True)
    report = actions.replay_gitlab(due_only=False)
    # The link to an existing issue waits for a normal shift; the note is written.
    assert [w.kind for w in actions.gitlab_pending()] == [WriteKind.LINK]
    assert len(report.done) == 1 and citing(project, 1) == []
    with pytest.raises(ReadOnlyError):
        actions.link(key, 1)
    actions.triage.set_read_only(False)
    actions.replay_gitlab(due_only=False)
    assert actions.gitlab_pending() == [] and len(citing(project, 1)) == 1


def test_an_issue_whose_creation_timed_out_is_not_created_twice(setup: Setup) -> None:
    actions, api, project, key = setup
    assert actions.tracker is not None
    actions.tracker.settings = replace(actions.tracker.settings, timeout=1.0)  # type: ignore[attr-defined]
    api.lose_answers(1, "POST", hang=True)  # created; the answer never comes in time
    with pytest.raises(WriteKept, match="did not answer within 1 s"):
        actions.create_issue("Wi-Fi broken on 7.5", "No networks.", [], [key])
    api.come_back()
    actions.replay_gitlab(due_only=False)
    created = [i for i in project.issues.values() if i["title"] == "Wi-Fi broken on 7.5"]
    assert len(created) == 1 and actions.gitlab_pending() == []
    assert len(citing(project, created[0]["iid"])) == 1


def test_an_issue_too_long_for_gitlab_is_refused_before_anything_is_kept(
        setup: Setup) -> None:
    actions, api, _project, key = setup
    api.clear_log()
    with pytest.raises(TrackerError, match="GitLab takes at most 255") as info:
        actions.create_issue("x" * 256, "No networks.", [], [key])
    assert info.value.title == "Issue too long"
    assert actions.gitlab_pending() == [] and api.log == []


def test_a_link_to_a_busy_issue_whose_answer_was_lost_goes_into_one_summary_once(
        setup: Setup) -> None:
    actions, api, project, key = setup
    api.add_note(project, 1, note_body(f"wb://{'1' * 32}", date(2026, 11, 1)), "helpdesk")
    assert actions.tracker is not None
    actions.tracker.settings = replace(actions.tracker.settings, busy_links=1)  # type: ignore[attr-defined]
    api.lose_answers(1, "POST")  # the summary note is written; its answer is lost
    with pytest.raises(WriteKept):
        actions.link(key, 1)
    actions.replay_gitlab(due_only=False)
    assert actions.gitlab_pending() == []
    [summary] = [n["body"] for n in project.notes[1] if is_summary(n["body"])]
    assert citing(project, 1) == [summary] and len(project.notes[1]) == 2
    assert actions.counts([1])[1].total == 2


def test_links_gitlab_refuses_are_said_not_linked_with_the_reason_once(setup: Setup) -> None:
    """walk25's defect 5: with GitLab answering 403 the toast read "Linked · 0 reports
    linked", then the 403 sentence once per report. ``link_many`` now says what it did,
    and ``link_said`` words it: not linked, the reason (the role in the project) once."""
    from hdtui.domain.link_outcome import failure_box, link_said

    actions, api, project, key = setup
    api.fail_next(10, 403)
    outcome = actions.link_many([key], 1)
    assert (outcome.asked, outcome.written, outcome.already) == (1, 0, 0)
    [failure] = outcome.failures
    assert failure.report == f"report {WIFI}" and "403 Forbidden" in failure.reason
    title, text = link_said(outcome, "#1")
    assert title == "Not linked" and text.startswith("The report is not linked to #1. Why:")
    assert text.count("403") == 1 and "Reporter role" in text and "Linked ·" not in text
    assert f"report {WIFI}" in failure_box(outcome, "#1")
    assert citing(project, 1) == []
    [kept] = actions.gitlab_pending()  # nothing lost: kept to retry once the role is given
    assert kept.state is WriteState.REFUSED
