"""Acting on reports against real servers: Dovecot (IMAP), aiosmtpd (SMTP), gpg, and the
local GitLab API server. Replies go to the contact inside the encrypted report, copies
land in Sent, shared marks are set, failures keep the draft, a skim sends nothing."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig, bundled_dir
from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark
from hdtui.errors import ReadOnlyError, SendError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.replies import load_templates
from hdtui.services.acting import Actions
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.servers.dovecot import Dovecot
from tests.servers.smtp import PASSWORD, USER, SmtpServers
from tests.support.pgp import KeyPair, make_key, whisperback_message

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
FT = TeamConfig("Foundations Team", "foundations@tails.net", "@foundations-team", "")


@pytest.fixture
def shift(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
          smtpd: SmtpServers, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[Triage, Actions, Dovecot, str]]:
    user = imap_user[0]
    dovecot.doveadm("mailbox", "create", "-u", user, "Sent")
    dovecot.deliver(user, whisperback_message((WB / "tails-7.5-wifi.txt").read_text(), WIFI,
                                              test_key))
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    source = ImapSource(ImapAccount(host=dovecot.host, user=user,
                                    password=lambda: imap_user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=10.0))
    templates, _ = load_templates(bundled_dir("replies"))
    triage = Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), templates,
                    DEFAULT_TEAM_ADDRESSES, live=source)
    triage.inbox()
    mailer = SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                        password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile, timeout=10)
    actions = Actions(triage, mailer, GpgCrypto(test_key.home), None, None,
                      "Tails Help Desk <help-desk@tails.invalid>", "tails-bugs@boum.org",
                      [FT])
    yield triage, actions, dovecot, user
    triage.store.close()  # type: ignore[attr-defined]
    source.close()


def report_key(triage: Triage) -> str:
    return next(r.key for r in triage.snapshot().rows if r.report_id == WIFI)


def test_reply_goes_to_the_contact_inside_the_report_with_a_copy_in_sent(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers
) -> None:
    triage, actions, dovecot, user = shift
    key = report_key(triage)
    template = next(t for t in triage.templates if t.slug == "not-enough-information"
                    and t.language == "en")
    draft, missing = actions.reply(key, template)
    assert missing == ("support_question",)  # the member fills this one in
    assert "support_question" in draft.placeholders
    assert draft.to == ("kestrel-742@example.org",)  # never devnull@tails.boum.org
    assert not draft.encrypted and "UNENCRYPTED" in draft.encryption_notice()
    report = actions.send(draft)
    assert report.problems == () and report.accepted == ("kestrel-742@example.org",)
    (received,) = smtpd.handler.received
    assert received.rcpt_tos == ("kestrel-742@example.org",)
    sent = message_from_bytes(received.data, policy=default)
    original = triage.full(key)
    assert original is not None
    assert sent["In-Reply-To"] == original.message.message_id
    assert sent["Message-ID"] == report.message_id
    assert dovecot.status(user, "Sent")["messages"] == "1"
    copy = dovecot.doveadm("fetch", "-u", user, "text", "mailbox", "Sent", "all")
    assert report.message_id in copy
    assert "$HDReplied" in dovecot.flags(user)
    assert Mark.REPLIED in triage.snapshot().rows[0].marks


def test_a_refused_send_keeps_the_draft_for_a_retry(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers
) -> None:
    triage, actions, dovecot, user = shift
    key = report_key(triage)
    draft = actions.forward(key, "Foundations Team", "Wi-Fi chip not supported; common.")
    smtpd.handler.fail_next("554 5.7.1 Message rejected")
    with pytest.raises(SendError, match="554"):
        actions.send(draft)
    assert smtpd.handler.received == []
    kept = actions.kept(DraftKind.FORWARD, key)
    assert kept is not None and kept.body == draft.body and kept.attachment == draft.attachment
    assert "$HDForwarded" not in dovecot.flags(user)
    actions.send(kept)  # the retry goes through and the draft is gone
    assert actions.kept(DraftKind.FORWARD, key) is None
    (received,) = smtpd.handler.received
    attached = message_from_bytes(received.data, policy=default)
    part = next(p for p in attached.iter_attachments())
    assert part.get_content_type() == "message/rfc822"
    assert "$HDForwarded" in dovecot.flags(user)
    assert dovecot.status(user, "Sent")["messages"] == "1"  # the team sees it went
    copy = dovecot.doveadm("fetch", "-u", user, "text", "mailbox", "Sent", "all")
    assert "Foundations Team" in copy or "foundations@tails.net" in copy


def test_ft_keeps_the_bug_report_subject(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers
) -> None:
    triage, actions, dovecot, user = shift
    key = report_key(triage)
    draft = actions.ft(key, "Seen 5 times this week; see #19113.")
    assert draft.subject == f"Re: [FT] Bug report: {WIFI}" and draft.to == ("tails-bugs@boum.org",)
    actions.send(draft)
    again = actions.ft(key, "once more")
    assert any("already" in note for note in again.notes)  # warned before a second [FT]
    assert "$HDEscalated" in dovecot.flags(user)
    assert dovecot.status(user, "Sent")["messages"] == "1"  # the [FT] message, for all
    copy = dovecot.doveadm("fetch", "-u", user, "text", "mailbox", "Sent", "all")
    assert "[FT]" in copy and "tails-bugs@boum.org" in copy


def test_a_skim_sends_nothing_and_changes_nothing(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers
) -> None:
    triage, actions, dovecot, user = shift
    key = report_key(triage)
    template = next(t for t in triage.templates if t.language == "en")
    reply, _ = actions.reply(key, template)  # drafting is reading: allowed
    forward = actions.forward(key, "Foundations Team", "context")
    before = (dovecot.status(user), dovecot.flags(user), dovecot.status(user, "Sent"))
    triage.set_read_only(True)
    for draft in (reply, forward, actions.ft(key, "x")):
        with pytest.raises(ReadOnlyError, match="read-only skim"):
            actions.send(draft)
    with pytest.raises(ReadOnlyError):
        actions.link(key, 19113)
    assert smtpd.handler.received == []
    assert (dovecot.status(user), dovecot.flags(user), dovecot.status(user, "Sent")) == before


def test_a_reply_is_encrypted_to_the_users_key_when_it_is_in_the_keyring(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers, test_key: KeyPair
) -> None:
    triage, actions, dovecot, user = shift
    person = make_key("kestrel-742@example.org")
    try:
        GpgCrypto(test_key.home).import_public_key(
            person.gpg.export_keys(person.fingerprint))
        text = (WB / "tails-7.5-wifi.txt").read_text().replace(
            "OpenPGP-Key: 0x6B2F0A9C4D3E1F57", f"OpenPGP-Key: {person.fingerprint}")
        dovecot.deliver(user, whisperback_message(text, "e0e0e0e0aaaa", test_key))
        triage.inbox()
        key = next(r.key for r in triage.snapshot().rows if r.report_id == "e0e0e0e0aaaa")
        template = next(t for t in triage.templates if t.language == "en")
        draft, _ = actions.reply(key, template)
        assert draft.encrypt_to == person.fingerprint
        assert draft.helpdesk_key == test_key.fingerprint  # the key that decrypted it
        assert draft.encryption_notice().startswith("Encrypted to ")
        actions.send(draft)
        (received,) = smtpd.handler.received
        sent = message_from_bytes(received.data, policy=default)
        assert sent.get_content_type() == "multipart/encrypted"
        armored = next(p for p in sent.iter_parts()
                       if p.get_content_type() == "application/octet-stream").get_content()
        plain = person.gpg.decrypt(armored)
        assert plain.ok and draft.body.split("\n")[0].encode() in plain.data
        assert GpgCrypto(test_key.home).decrypt(  # and the Help Desk, for the Sent copy
            armored.encode() if isinstance(armored, str) else armored).ok
    finally:
        person.close()


def test_a_reply_sent_but_not_copied_to_sent_says_exactly_that(
    shift: tuple[Triage, Actions, Dovecot, str], smtpd: SmtpServers
) -> None:
    triage, actions, dovecot, user = shift
    actions.sent_folder = "Archives/Sent"  # a folder the server does not have
    key = report_key(triage)
    template = next(t for t in triage.templates if t.language == "en")
    draft, _ = actions.reply(key, template)
    report = actions.send(draft)
    assert len(smtpd.handler.received) == 1  # it left
    (problem,) = report.problems
    assert problem.startswith("The reply was sent but not copied to Archives/Sent")
    assert "$HDReplied" in dovecot.flags(user)  # and the report is still marked


def test_reports_that_match_an_existing_issue_are_offered_it_before_a_new_one(
    shift: tuple[Triage, Actions, Dovecot, str]
) -> None:
    triage, actions, dovecot, user = shift
    wifi = report_key(triage)  # the RTL8723BE report: the demo's known issue #19113 fits
    dovecot.deliver(user, b"From: Jane Roe <jane.roe@example.org>\r\n"
                          b"Message-ID: <q9@example.org>\r\nSubject: hello\r\n\r\nhelp\r\n")
    triage.inbox()
    mail = next(r.key for r in triage.snapshot().rows if r.summary == "hello")
    found = actions.existing_issue([wifi])
    assert found is not None and found[0].iid == 19113 and found[1] == 1
    assert actions.existing_issue([wifi, mail]) == found  # half of them agree
    assert actions.existing_issue([mail]) is None  # nothing confident: a new issue fits
