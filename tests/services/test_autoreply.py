"""The auto-reply's upkeep against real servers: the request to the sysadmins through
aiosmtpd, the merge request through the local GitLab REST API server (python-gitlab over
HTTP). Saving goes to the configured replies directory, never the bundled one; a read-only
skim saves, sends and proposes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig, bundled_dir
from hdtui.domain.autoreply import START_LINE, FrequentItem
from hdtui.domain.compose import DraftKind
from hdtui.errors import ConfigError, ReadOnlyError, SendError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.services.acting import Actions
from hdtui.services.autoreply import AutoReply
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.gitlab import GitLabSettings
from hdtui.tracker.merge_request import MergeRequests
from hdtui.tracker.static import StaticTracker
from tests.servers.gitlab_api import GitLabAPI
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.pgp import KeyPair, write_maildir

ROOT = Path(__file__).parents[2]
SYSADMINS = TeamConfig("Sysadmins", "sysadmins@tails.net", "@sysadmins", "")
FT = TeamConfig("Foundations Team", "foundations@tails.net", "@foundations-team", "")
TOKEN = "glpat-helpdesk-token"
ITEMS = [FrequentItem("Black screen after upgrading to 7.5",
                      "https://gitlab.tails.boum.org/tails/tails/-/issues/20001", 9,
                      "Add nomodeset to the boot options.")]


@pytest.fixture
def actions(test_key: KeyPair, tmp_path: Path, smtpd: SmtpServers,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Actions]:
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    triage = Triage(MaildirSource(write_maildir(tmp_path / "Maildir", {})),
                    GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES)
    mailer = SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                        password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile, timeout=10)
    yield Actions(triage, mailer, GpgCrypto(test_key.home), None, None,
                  "Tails Help Desk <help-desk@tails.invalid>", "tails-bugs@boum.org",
                  [FT, SYSADMINS])
    triage.store.close()  # type: ignore[attr-defined]


def upkeep(actions: Actions, save_dir: Path | None, **kw: object) -> AutoReply:
    return AutoReply(actions, [bundled_dir("replies")], save_dir, "sysadmins",
                     clock=lambda: datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
                     **kw)  # type: ignore[arg-type]


def test_the_sysadmins_get_the_new_text_and_subject_and_the_file_is_saved(
    actions: Actions, smtpd: SmtpServers, tmp_path: Path
) -> None:
    replies = tmp_path / "replies"
    auto = upkeep(actions, replies)
    bundled = (bundled_dir("replies") / "auto-reply.en.md").read_text()
    proposal = auto.propose(ITEMS)
    assert "Black screen after upgrading to 7.5" in proposal.body
    assert proposal.diff.startswith("--- auto-reply.en.md\n+++ new\n")
    assert "+- Black screen after upgrading to 7.5" in proposal.diff

    subject = "Automatic reply from the Tails Help Desk (read me)"
    draft = auto.request(proposal.current, subject, proposal.body)
    assert draft.kind is DraftKind.AUTO_REPLY and draft.to == ("Sysadmins <sysadmins@tails.net>",)
    path = auto.save(subject, proposal.body)
    report = auto.send(draft)

    assert path == replies / "auto-reply.en.md"
    assert (bundled_dir("replies") / "auto-reply.en.md").read_text() == bundled  # untouched
    assert auto.current().subject == subject and "Black screen" in auto.current().body
    assert report.accepted == ("sysadmins@tails.net",) and not report.problems
    [got] = smtpd.handler.received
    assert got.rcpt_tos == ("sysadmins@tails.net",)
    assert got.mail_from == "help-desk@tails.invalid"
    message = message_from_bytes(got.data, policy=default)
    assert str(message["Subject"]) == "Please update the auto-reply of the Help Desk"
    body = message.get_content().replace("\r\n", "\n")
    assert "Please update the auto-reply" in body
    assert f"Subject: {subject}" in body
    assert 'the subject, from "Automatic reply from the Tails Help Desk" to' in body
    assert "- Black screen after upgrading to 7.5\n" in body
    assert "  Workaround: Add nomodeset to the boot options." in body
    assert "This is an automated reply." in body  # the whole text, to copy as it is
    assert START_LINE not in body


def test_without_a_replies_dir_saving_says_what_to_configure(actions: Actions) -> None:
    auto = upkeep(actions, None)
    proposal = auto.propose(ITEMS)
    with pytest.raises(ConfigError, match=r"\[replies\] dir"):
        auto.save(proposal.current.subject, proposal.body)


def test_a_text_that_would_not_load_is_refused_before_anything(actions: Actions,
                                                               tmp_path: Path) -> None:
    auto = upkeep(actions, tmp_path / "replies")
    with pytest.raises(ValueError, match="invalid placeholder"):
        auto.save("Subject", "It costs $ 5\n")
    assert not (tmp_path / "replies" / "auto-reply.en.md").exists()


def test_a_skim_saves_and_sends_nothing(actions: Actions, smtpd: SmtpServers,
                                        tmp_path: Path) -> None:
    auto = upkeep(actions, tmp_path / "replies")
    proposal = auto.propose(ITEMS)
    draft = auto.request(proposal.current, "S", proposal.body)
    actions.triage.read_only = True
    with pytest.raises(ReadOnlyError):
        auto.save("S", proposal.body)
    with pytest.raises(ReadOnlyError):
        auto.send(draft)
    assert not smtpd.handler.received and not (tmp_path / "replies").exists()


def test_a_refused_request_is_kept_as_a_draft(actions: Actions, smtpd: SmtpServers,
                                              tmp_path: Path) -> None:
    auto = upkeep(actions, tmp_path / "replies")
    proposal = auto.propose(ITEMS)
    draft = auto.request(proposal.current, "S", proposal.body)
    smtpd.handler.fail_next("554 5.7.1 rejected")
    with pytest.raises(SendError):
        auto.send(draft)
    assert actions.kept(DraftKind.AUTO_REPLY, "auto-reply") == draft


def test_the_merge_request_branches_commits_and_opens(actions: Actions, gitlab_api: GitLabAPI,
                                                      tmp_path: Path) -> None:
    gitlab_api.add_user(TOKEN, "helpdesk")
    project = gitlab_api.add_project(7, "tails/help-desk-replies")
    project.branches["main"]["replies/auto-reply.en.md"] = "old text\n"
    settings = GitLabSettings(url=gitlab_api.url, project="tails/tails", token=lambda: TOKEN,
                              timeout=5.0)
    auto = upkeep(actions, tmp_path / "replies",
                  merge_requests=MergeRequests(settings, "tails/help-desk-replies"))
    proposal = auto.propose(ITEMS)

    change = auto.merge_request(proposal.current, proposal.current.subject, proposal.body)

    assert change.branch == "hdtui/auto-reply-20261201-093000" and change.target == "main"
    assert change.iid == 1 and change.web_url.endswith("/-/merge_requests/1")
    content = project.branches[change.branch]["replies/auto-reply.en.md"]
    assert "Black screen after upgrading to 7.5" in content and content.startswith("---\n")
    assert project.branches["main"]["replies/auto-reply.en.md"] == "old text\n"
    (commit,) = project.commits
    assert commit["actions"][0]["action"] == "update"
    (request,) = project.merge_requests
    assert request["source_branch"] == change.branch and request["target_branch"] == "main"
    assert "Please update the auto-reply" in request["description"]
    assert [(r.method, r.path.split("/", 5)[-1]) for r in gitlab_api.requests("POST")] == [
        ("POST", "repository/branches"), ("POST", "repository/commits"),
        ("POST", "merge_requests")]
    # The file was looked up on the target branch first (update, not create).
    (lookup,) = gitlab_api.requests("GET", "repository/files")
    assert lookup.query["ref"] == "main"


def test_a_new_file_is_created_and_a_second_request_on_the_same_branch_is_refused(
    actions: Actions, gitlab_api: GitLabAPI, tmp_path: Path
) -> None:
    gitlab_api.add_user(TOKEN, "helpdesk")
    project = gitlab_api.add_project(8, "tails/help-desk-replies")
    settings = GitLabSettings(url=gitlab_api.url, project="tails/tails", token=lambda: TOKEN,
                              timeout=5.0)
    auto = upkeep(actions, tmp_path / "replies",
                  merge_requests=MergeRequests(settings, "tails/help-desk-replies"))
    proposal = auto.propose(ITEMS)
    auto.merge_request(proposal.current, "S", proposal.body)
    assert project.commits[0]["actions"][0]["action"] == "create"
    with pytest.raises(Exception, match="Branch already exists"):
        auto.merge_request(proposal.current, "S", proposal.body)  # same clock, same branch


def test_merge_request_refused_in_a_skim_and_without_a_repository(actions: Actions,
                                                                  tmp_path: Path) -> None:
    auto = upkeep(actions, tmp_path / "replies")
    proposal = auto.propose(ITEMS)
    with pytest.raises(ConfigError, match=r"\[autoreply\] repository"):
        auto.merge_request(proposal.current, "S", proposal.body)
    actions.triage.read_only = True
    with pytest.raises(ReadOnlyError):
        auto.merge_request(proposal.current, "S", proposal.body)
