"""Two members linking the same reports to one issue at once (walk25's defect 2: Alice and
Bob pressed hot topics' l on #20402 then y together; GitLab got 21 notes for 13 reports,
8 cited twice). Each link reads the issue's notes before writing, and both read before
either wrote; now each writer reads them again once its note is written, and the later
note (by GitLab's note ids) is deleted (docs/gitlab-writes.md, "Two members linking at
once"). Against the local GitLab-API server over real HTTP, its notes answered after a
delay so that both reads come before either write."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from hdtui.tracker.gitlab import GitLabTracker
from tests.adapters.test_gitlab import TOKEN_BOB, make, project, seed
from tests.servers.gitlab_api import GitLabAPI, Project

__all__ = ["project"]  # the fixture, shared with test_gitlab.py

REFERENCES = [f"wb://{n:032x}" for n in range(1, 4)]


def test_two_members_linking_the_same_reports_at_once_leave_one_note_per_report(
        gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    seed(gitlab_api, project, 1)
    alice = make(gitlab_api, tmp_path / "alice.json")
    bob = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB)
    for tracker in (alice, bob):
        tracker.sync()
    gitlab_api.notes_delay = 0.25  # a distant GitLab: both reads answer before any write
    start = threading.Barrier(2)
    said: dict[str, list[bool]] = {}
    failed: list[BaseException] = []

    def link_all(name: str, tracker: GitLabTracker) -> None:
        try:
            start.wait(10)
            said[name] = [tracker.link(1, ref, date.today()) for ref in REFERENCES]
        except BaseException as error:  # said by the test, not lost in the thread
            failed.append(error)

    threads = [threading.Thread(target=link_all, args=(name, tracker))
               for name, tracker in (("alice", alice), ("bob", bob))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        gitlab_api.notes_delay = 0.0
        alice.close()
        bob.close()
    assert not failed, failed
    cited = [ref for note in project.notes[1] for ref in REFERENCES if ref in note["body"]]
    assert sorted(cited) == REFERENCES, cited  # each report cited once
    # Each link said written by one member, "already linked" by the other.
    assert [a + b for a, b in zip(said["alice"], said["bob"], strict=True)] == [1, 1, 1]
