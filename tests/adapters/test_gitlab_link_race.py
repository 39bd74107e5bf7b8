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


def test_links_in_a_row_read_the_notes_once_a_link(
        gitlab_api: GitLabAPI, project: Project, tmp_path: Path) -> None:
    """Each link read the notes before writing and again after (the race's check): three
    reports linked to one issue read them six times. The read after a link stands for the
    read before the next one on that issue: four reads, and another member's note written
    between two links is still found by the read after the write (one note per report)."""
    seed(gitlab_api, project, 1)
    alice = make(gitlab_api, tmp_path / "alice.json")
    bob = make(gitlab_api, tmp_path / "bob.json", token=TOKEN_BOB)
    try:
        alice.sync()
        bob.sync()
        gitlab_api.clear_log()
        assert alice.link(1, REFERENCES[0], date.today())
        assert bob.link(1, REFERENCES[1], date.today())  # Bob's, between Alice's links
        assert [alice.link(1, ref, date.today()) for ref in REFERENCES[1:]] == [False, True]
        reads = gitlab_api.requests("GET", "/notes")
        bob_reads = 2  # his one link: the read before and the read after
        assert len(reads) - bob_reads == 4, [r.path for r in reads]
    finally:
        alice.close()
        bob.close()
    cited = [ref for note in project.notes[1] for ref in REFERENCES if ref in note["body"]]
    assert sorted(cited) == REFERENCES, cited
