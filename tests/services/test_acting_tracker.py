"""Acting with the tracker, against the local GitLab API server over real HTTP: replies
taken from an issue as it is now, issue creation that links the reports and carries no
personal data, alerts with the counts."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from email.utils import formatdate
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig
from hdtui.domain.compose import ComposeError
from hdtui.domain.followups import ActKind, DueWhy
from hdtui.domain.handoff import prefill
from hdtui.domain.issue_draft import FEEDBACK_PLACEHOLDER, TITLE_SYMPTOM, IssueDraft
from hdtui.domain.reply import ReplyTemplate, reply_from_issue
from hdtui.errors import ReadOnlyError, TrackerError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.demo import DemoMailer, DemoNotifier
from hdtui.services.acting import Actions
from hdtui.services.shift import Shift
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI, Project
from tests.support.gfm import HOSTILE_ANSWER, REFERENCE_RE, fences, headings, live_markup
from tests.support.gfm import hostile_report as hostile_text
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
TOKEN = "glpat-helpdesk-token"
WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
HOSTILE = "a57117e0000000000000000000000bad"
OLD = "## Standard reply\n\nHello,\n\nPlease try the old workaround.\n"
NEW = "## Standard reply\n\nHello,\n\nVersion 7.6 fixes this: please upgrade.\n"


@pytest.fixture
def setup(gitlab_api: GitLabAPI, test_key: KeyPair, tmp_path: Path
          ) -> Iterator[tuple[Actions, GitLabAPI, Project, Path]]:
    gitlab_api.add_user(TOKEN, "helpdesk")
    gitlab_api.add_user("glpat-bob-token", "bob")  # another Help Desk account
    project = gitlab_api.add_project(2, "tails/tails")
    gitlab_api.add_issue(project, "Realtek RTL8723BE: no Wi-Fi networks", OLD)
    mailbox = write_maildir(short_tmp("hda-") / "Maildir", {
        "1.M1P1.t": whisperback_message((WB / "tails-7.5-wifi.txt").read_text(), WIFI,
                                        test_key),
        "2.M2P1.t": b"From: Jane Roe <jane.roe@example.org>\nMessage-ID: <q1@example.org>\n"
                    b"Date: Tue, 24 Nov 2026 10:00:00 +0000\nSubject: wifi broken\n\nhelp\n",
        "3.M3P1.t": whisperback_message(hostile_text((WB / "tails-7.5-wifi.txt").read_text()),
                                        HOSTILE, test_key),
    })
    tracker = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                           token=lambda: TOKEN, timeout=5.0,
                                           helpdesk_accounts=("bob",)),
                            tmp_path / "issues.json")
    tracker.sync()
    triage = Triage(MaildirSource(mailbox), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), tracker, [], DEFAULT_TEAM_ADDRESSES)
    triage.inbox()
    log = tmp_path / "alerts.log"
    actions = Actions(triage, DemoMailer(tmp_path / "outbox"), GpgCrypto(test_key.home),
                      tracker, DemoNotifier(log), "hd@tails.invalid", "tails-bugs@boum.org",
                      [TeamConfig("Foundations Team", "foundations@tails.net",
                                  "@foundations-team", "xmpp:ft@conference.tails.invalid?join")])
    yield actions, gitlab_api, project, log
    triage.store.close()  # type: ignore[attr-defined]
    tracker.close()


def test_an_alert_is_an_act_and_the_teams_mail_naming_the_issue_comes_due(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, _api, _project, log = setup
    triage = actions.triage
    shift = actions.shift = Shift(triage, "", ["hd@tails.invalid"])
    key = next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)
    issue = next(i for i in triage.known_issues().issues if i.iid == 1)
    actions.alert("Foundations Team", issue, None, key)
    assert log.read_text().count("\n") == 1  # the alert left (the demo's log)
    (act,) = shift.this_shift()
    assert (act.key, act.kind, act.team, act.issue, act.report_id) == (
        key, ActKind.TEAM, "Foundations Team", 1, WIFI)
    assert "alerted Foundations Team about #1: report 8c1f" in prefill(shift.this_shift())
    assert shift.followups() == []
    # The team answers by mail, naming the issue by its address (no report ID).
    mailbox = triage.source.path  # type: ignore[attr-defined]
    (mailbox / "new" / "4.M4P1.t").write_bytes(
        f"From: Foundations <foundations@tails.net>\nTo: hd@tails.invalid\n"
        f"Message-ID: <ft1@tails.net>\nDate: {formatdate(time.time() + 60)}\n"
        f"Subject: Re: Wi-Fi alert\n\nLooking at {issue.web_url} now.\n".encode())
    triage.inbox()
    answer = next(r for r in triage.snapshot().rows if r.summary == "Re: Wi-Fi alert")
    triage.full(answer.key)  # read once (the cache), as the queue does
    (due,) = shift.followups()
    assert (due.why, due.key, due.report_id) == (DueWhy.TEAM, answer.key, WIFI)
    assert due.detail == "after you alerted Foundations Team about #1"


def cached_reply(actions: Actions) -> tuple[ReplyTemplate, str]:
    """The reply of issue #1 as cached before its change, and the Wi-Fi report's key."""
    cached = reply_from_issue(1, "Realtek", "", OLD)
    assert cached is not None
    return cached, next(r.key for r in actions.triage.snapshot().rows if r.report_id == WIFI)


def test_a_reply_from_an_issue_is_taken_as_the_issue_says_it_now(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, api, project, _ = setup
    api.update_issue(project, 1, description=NEW)
    cached, key = cached_reply(actions)
    draft, _ = actions.reply(key, cached)
    assert "Version 7.6 fixes this" in draft.body and "old workaround" not in draft.body
    api.go_away()
    draft, _ = actions.reply(key, cached)  # GitLab down: the cached text, and a note
    assert "old workaround" in draft.body
    assert any("cached description" in note for note in draft.notes)


def test_a_reply_from_an_issue_made_confidential_since_is_refused(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, api, project, _ = setup
    api.update_issue(project, 1, confidential=True)
    cached, key = cached_reply(actions)
    with pytest.raises(ComposeError, match="#1 is confidential now"):
        actions.reply(key, cached)


def test_a_reply_from_an_issue_no_longer_vetted_is_written_with_the_warning(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    """The Help Desk label is removed after the reply was offered: the draft made from the
    issue's text now says it is not vetted (docs/replies.md)."""
    from hdtui.domain.reply_choice import NOT_VETTED, Vetting

    actions, api, project, _ = setup
    actions.triage.vetting = Vetting(labels=frozenset({"Help Desk"}),
                                     accounts=frozenset({"bob"}))
    api.update_issue(project, 1, labels=["Help Desk"])
    cached, key = cached_reply(actions)
    draft, _ = actions.reply(key, cached)
    assert not any(NOT_VETTED in note for note in draft.notes)
    api.update_issue(project, 1, labels=[], by="mallory", description=NEW)
    draft, _ = actions.reply(key, cached)
    assert "Version 7.6 fixes this" in draft.body  # the text as it is now, and the warning
    warning = [note for note in draft.notes if NOT_VETTED in note]
    assert len(warning) == 1 and "#1" in warning[0] and "'mallory'" in warning[0]
    api.update_issue(project, 1, by="bob", description=OLD)  # one of the Help Desk's
    draft, _ = actions.reply(key, cached)
    assert not any(NOT_VETTED in note for note in draft.notes)


def test_create_issue_links_the_reports_and_keeps_personal_data_out(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, _api, project, log = setup
    keys = [r.key for r in actions.triage.snapshot().rows if r.report_id != HOSTILE]
    issue, problems = actions.create_issue(
        "Wi-Fi broken on RTL8723BE since 7.5", "Two reports so far.", ["Hardware support"],
        keys)
    assert problems == [] and issue.iid == 2
    created = project.issues[2]
    assert created["title"] == "Wi-Fi broken on RTL8723BE since 7.5"
    assert created["labels"] == ["Hardware support"]
    notes = " ".join(n["body"] for n in project.notes.get(2, []))
    assert f"wb://{WIFI}" in notes and "mail:2026-11-24:" in notes
    everything = json.dumps(project.issues) + json.dumps(project.notes)
    assert "jane.roe" not in everything and "kestrel" not in everything
    counts = actions.counts([2])
    assert counts[2].total == 2
    text = actions.alert("Foundations Team", issue, counts[2])
    assert "#2" in text and "2 reports" in text
    logged = json.loads(log.read_text().splitlines()[0])
    assert logged["to"] == "xmpp:ft@conference.tails.invalid?join" and logged["text"] == text


def test_an_alert_about_a_confidential_issue_does_not_carry_its_title(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    """A team's room may be wider than the project's members: an issue confidential on
    GitLab is named by its reference and "(confidential)" (docs/gitlab.md)."""
    actions, api, project, log = setup
    api.add_issue(project, "Embargoed: persistence unlock bypass", "A hole.",
                  confidential=True)
    issue = actions.tracker.issue(2)  # type: ignore[union-attr]
    assert issue.confidential
    text = actions.alert("Foundations Team", issue, actions.counts([2])[2])
    assert text.startswith("Help Desk alert: #2 (confidential): 0 reports so far")
    sent = log.read_text()
    assert "Embargoed" not in sent and "persistence" not in sent and "#2 (confidential)" in sent


def test_the_known_issues_are_refreshed_incrementally_and_reindexed(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, api, project, _ = setup
    triage = actions.triage
    assert triage.refresh_known_issues() == ""  # nothing changed since the fixture's sync
    before = {i.iid for i in triage.known_issues().issues}
    api.add_issue(project, "Intel AX211 Wi-Fi drops every few minutes", "iwlwifi errors")
    assert triage.refresh_known_issues().startswith("1 new and 0 changed known issues")
    assert {i.iid for i in triage.known_issues().issues} - before == {2}
    api.go_away()
    with pytest.raises(TrackerError):
        triage.refresh_known_issues()
    assert {i.iid for i in triage.known_issues().issues} - before == {2}  # cache still used


def test_an_issue_from_a_hostile_report_holds_nothing_live_on_gitlab(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, api, project, log = setup
    rows = actions.triage.snapshot().rows
    keys = [next(r.key for r in rows if r.report_id == rid) for rid in (HOSTILE, WIFI)]
    draft = _filled(actions.issue_draft(keys))
    issue, problems = actions.create_issue(draft.title, draft.description, draft.labels, keys)
    assert problems == []
    request = urllib.request.Request(f"{api.url}/api/v4/projects/2/issues/{issue.iid}",
                                     headers={"PRIVATE-TOKEN": TOKEN})
    with urllib.request.urlopen(request, timeout=5) as response:
        stored = json.load(response)
    description, title = stored["description"], stored["title"]
    assert live_markup(description) == []  # no mention, reference, image, HTML, action
    assert REFERENCE_RE.search(title) is None
    assert "all" not in title.lower()  # the report's "@all" is the user's: not in the title
    assert any(HOSTILE_ANSWER in block for block in fences(description))
    assert headings(description) == ["Problem", "Affected versions and hardware", "Reports",
                                     "We need your feedback"]
    notes = [n["body"] for n in project.notes.get(issue.iid, [])]
    assert sorted(notes) == sorted(f"Help Desk report: wb://{rid} received {day} (hdtui)"
                                   for rid, day in _received(actions, keys))
    assert all(live_markup(note) == [] for note in notes)
    text = actions.alert("Foundations Team", issue, actions.counts([issue.iid])[issue.iid])
    first, link = text.split("\n")  # the title forged no line of its own
    assert "@" not in first and title in first and link.endswith(f"/issues/{issue.iid}")
    assert json.loads(log.read_text().splitlines()[0])["text"] == text


def _filled(draft: IssueDraft) -> IssueDraft:
    """The draft with its TODO placeholders filled in, as a member does before creating."""
    return replace(draft, title=draft.title.replace(TITLE_SYMPTOM, "no networks listed"),
                   description=draft.description.replace(
                       FEEDBACK_PLACEHOLDER, "Please tell us whether 7.6 works."))


def test_an_issue_still_holding_the_drafts_todo_placeholders_is_not_sent_to_gitlab(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    # The walk of issue #10: the form only warned, and `y` created the issue with a TODO
    # title and a TODO feedback section, which `4` then offered users as a reply.
    actions, _api, project, _log = setup
    keys = [r.key for r in actions.triage.snapshot().rows if r.report_id == WIFI]
    draft = actions.issue_draft(keys)
    assert TITLE_SYMPTOM in draft.title or FEEDBACK_PLACEHOLDER in draft.description
    before = dict(project.issues)
    with pytest.raises(TrackerError, match=r"TODO placeholder in .*We need your feedback"):
        actions.create_issue(draft.title, draft.description, draft.labels, keys)
    assert project.issues == before and actions.triage.store.gitlab_pending() == []
    with pytest.raises(TrackerError, match="TODO placeholder in the title"):
        actions.create_issue(f"Wi-Fi: {TITLE_SYMPTOM}", "No networks.", [], keys)
    filled = _filled(draft)
    issue, problems = actions.create_issue(filled.title, filled.description, filled.labels,
                                           keys)
    assert problems == [] and "TODO" not in project.issues[issue.iid]["description"]


def _received(actions: Actions, keys: list[str]) -> list[tuple[str, str]]:
    """The report ID and received day of each message, as the link notes record them."""
    out = []
    for key in keys:
        entry = actions.triage.full(key)
        assert entry is not None and entry.message.date is not None
        out.append((str(entry.report_id), entry.message.date.date().isoformat()))
    return out


def test_a_skim_reports_a_new_problem_back_and_changes_nothing_in_the_mailbox(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, gitlab_api, _, log = setup
    triage = actions.triage
    root: Path = triage.source.path  # type: ignore[attr-defined]
    mailbox = sorted(p.name for p in root.rglob("*") if p.is_file())
    triage.set_read_only(True)
    key = next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)
    with pytest.raises(ReadOnlyError):
        actions.link(key, 1)  # linking to an existing issue waits for a normal shift
    issue, problems = actions.create_issue("Wi-Fi: a new problem", "Seen in a skim.",
                                           [], [key])
    assert problems == [] and issue.title == "Wi-Fi: a new problem"
    assert actions.linked(actions._entry(key)) == [issue.iid]
    notes = gitlab_api.requests("POST", contains=f"/issues/{issue.iid}/notes")
    assert len(notes) == 1 and WIFI in str(notes[0].body)
    text = actions.alert("Foundations Team", issue, None)
    assert issue.web_url in text and issue.web_url in log.read_text()
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == mailbox  # no flag
    outbox: Path = actions.mailer.directory  # type: ignore[attr-defined]
    assert not outbox.exists() or not any(outbox.iterdir())  # nothing sent to anyone



def test_the_report_ids_note_lists_what_gitlab_knows_and_is_recorded(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, api, project, _ = setup
    key = next(r.key for r in actions.triage.snapshot().rows if r.report_id == WIFI)
    assert actions.link(key, 1)
    # Another Help Desk account linked a report too: read from GitLab, not only locally.
    api.add_note(project, 1, "Help Desk report: wb://72e11dad9c9faf4d5a990800a3349dd "
                 "received 2026-11-20 (hdtui)", username="bob")
    note = actions.report_ids_note(1)
    assert note.splitlines()[2:] == ["- 72e11dad9c9faf4d5a990800a3349dd", f"- {WIFI}"]
    actions.triage.set_read_only(True)  # a skim still reports back (docs/skim.md)
    actions.add_note(1, note)
    assert project.notes[1][-1]["body"] == note
    writes = actions.gitlab_writes()
    assert [(w.kind.value, w.iid) for w in writes] == [("note", 1), ("link", 1)]
    assert writes[0].what == "The WhisperBack reports linked to this issue (Tails Help " \
                             "Desk), 2:" and writes[1].what == f"wb://{WIFI}"
    api.go_away()
    with pytest.raises(TrackerError):
        actions.add_note(1, note)
    assert len(actions.gitlab_writes()) == 2  # a failed write is not recorded


def test_a_misplaced_link_is_removed_from_the_issue(
    setup: tuple[Actions, GitLabAPI, Project, Path]
) -> None:
    actions, gitlab_api, project, _ = setup
    triage = actions.triage
    key = next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)
    mail = next(r.key for r in triage.snapshot().rows if r.report_id is None)
    assert actions.link(key, 1) is True and actions.link(mail, 1) is True
    triage.set_read_only(True)
    with pytest.raises(ReadOnlyError):
        actions.unlink(key, 1)
    assert len(project.notes[1]) == 2 and gitlab_api.requests("DELETE") == []
    triage.set_read_only(False)

    assert actions.unlink(key, 1) is True
    assert [WIFI in n["body"] for n in project.notes[1]] == [False]  # the mail's stays
    assert actions.linked(actions._entry(key)) == []
    assert actions.linked(actions._entry(mail)) == [1]
    assert actions.counts([1])[1].total == 1
    assert actions.unlink(key, 1) is False
