"""A member's own link counts whatever the report's time zone (linksfix23, defect 1):
link notes carry the report's UTC day, and a note's links may be dated the day after its
UTC day (a support mail's reference carries the sender's day, up to UTC+14). On main a
report received ``Tue, 08 Dec 2026 00:30:00 +0100`` and linked at 23:35 UTC on Dec 7 was
noted "received 2026-12-08", dropped as dated after its note, so no sync counted it and
``link`` again wrote a second note. Against the local GitLab-API server over real HTTP."""

from __future__ import annotations

from pathlib import Path

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer, DemoNotifier
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI
from tests.services.test_gitlab_queue import TOKEN, WB, WIFI
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

RECEIVED = (b"Received: from mail.example by boum.org; Tue, 08 Dec 2026 00:30:00 +0100\n"
            b"Date: Tue, 08 Dec 2026 00:29:00 +0100\n")
NOTE_WRITTEN = "2026-12-07T23:35:00.000Z"


def test_a_link_of_a_report_received_after_midnight_east_of_utc_counts_and_is_made_once(
        gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path) -> None:
    gitlab_api.add_user(TOKEN, "helpdesk")
    project = gitlab_api.add_project(2, "tails/tails")
    gitlab_api.add_issue(project, "Realtek RTL8723BE: no Wi-Fi networks")
    message = RECEIVED + whisperback_message(
        (WB / "tails-7.5-wifi.txt").read_text(), WIFI, test_key)
    mailbox = write_maildir(short_tmp("hdq-") / "Maildir", {"1.M1P1.t": message})
    tracker = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                           token=lambda: TOKEN, timeout=5.0),
                            tmp_path / "issues.json")
    triage = Triage(MaildirSource(mailbox), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), tracker, [], DEFAULT_TEAM_ADDRESSES)
    try:
        tracker.sync()
        triage.inbox()
        actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(test_key.home),
                          tracker, DemoNotifier(tmp_path / "alerts.log"), "hd@tails.invalid",
                          "tails-bugs@boum.org")
        key = next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)

        assert actions.link(key, 1)
        [note] = project.notes[1]
        assert note["body"].endswith(" received 2026-12-07 (hdtui)")  # the UTC day
        with gitlab_api.lock:  # written at 23:35 UTC on Dec 7, an hour before 00:30 +0100
            note["created_at"] = note["updated_at"] = NOTE_WRITTEN

        assert not actions.link(key, 1)  # read back: linked already, no second note
        assert len(project.notes[1]) == 1
        fresh = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                             token=lambda: TOKEN, timeout=5.0),
                              tmp_path / "fresh.json")
        try:
            fresh.sync(full=True)
            assert [link.reference for link in fresh.links()] == [f"wb://{WIFI}"]
        finally:
            fresh.close()
    finally:
        triage.store.close()  # type: ignore[attr-defined]
        tracker.close()
