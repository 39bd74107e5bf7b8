"""List moderation by mail against real servers (docs/moderation.md): held-post notices in
Dovecot, confirmations sent over SMTP to an aiosmtpd responder that behaves like Mailman
2.1 (approve, discard, wrong password, expired or used cookie) and answers with "results of
your email commands" mail delivered back to Dovecot; a skim sends nothing; an unreachable
server keeps the confirmations in the outbox, without the password."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.compose import DraftKind
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.moderation import Action, HeldPost, read_notice
from hdtui.errors import ConfigError, ReadOnlyError
from hdtui.gpg import GpgCrypto
from hdtui.outbound.smtp import SmtpSender
from hdtui.secrets import SecretSource
from hdtui.services.acting import Actions
from hdtui.services.moderation import (
    APPROVE_BODY,
    ModerationSettings,
    Moderator,
    newest_message,
)
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from tests.servers.dovecot import Dovecot, free_port
from tests.servers.mailman import PASSWORD, Mailman21, MailmanServer
from tests.support import mailman
from tests.support.pgp import KeyPair

FROM = "Tails Help Desk <support@tails.invalid>"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class Shift:
    """One member's services on the mailbox, with a Moderator sending to ``port``."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], store: Path, port: int,
                 key: KeyPair, env: str = "HDTUI_TEST_MOD_PW") -> None:
        self.source = ImapSource(ImapAccount(host=dovecot.host, user=user[0],
                                             password=lambda: user[1],
                                             port=dovecot.imaps_port, ca_file=dovecot.cafile,
                                             timeout=10.0))
        crypto = GpgCrypto(key.home)
        self.triage = Triage(self.source, crypto, LocalStore(store), None, [],
                             DEFAULT_TEAM_ADDRESSES, live=self.source)
        mailer = SmtpSender("127.0.0.1", port, "plain", timeout=5)
        self.actions = Actions(self.triage, mailer, crypto, None, None, FROM,
                               "tails-bugs@boum.org")
        self.moderator = Moderator(self.actions, ModerationSettings(
            password=SecretSource("moderation", env)))
        self.triage.inbox()

    def key(self, code: str) -> str:
        for row in self.triage.rows():
            entry = self.triage.full(row.key)
            notice = read_notice(entry.message) if entry is not None else None
            if isinstance(notice, HeldPost) and notice.cookie == code:
                return row.key
        raise AssertionError(f"no notice for {code}")

    def status(self, code: str) -> str:
        entry = self.triage.full(self.key(code))
        assert entry is not None
        found = self.moderator.status(entry, NOW)
        assert found is not None
        return found.text

    def close(self) -> None:
        self.triage.store.close()  # type: ignore[attr-defined]
        self.source.close()


@dataclass
class Lists:
    """The Mailman responder, the member's mailbox, and the shifts opened on it."""

    responder: Mailman21
    port: int
    dovecot: Dovecot
    user: tuple[str, str]
    key: KeyPair
    store: Path
    shifts: list[Shift] = field(default_factory=list)

    def held(self, count: int, list_name: str = "tails-testers") -> list[str]:
        """``count`` posts held by the responder, their notices in the mailbox."""
        codes = [self.responder.hold(list_name) for _ in range(count)]
        for code in codes:
            self.deliver(mailman.notice(list_name, code=code, date=NOW))
        return codes

    def deliver(self, raw: bytes) -> None:
        self.dovecot.deliver(self.user[0], raw)

    def shift(self, port: int | None = None) -> Shift:
        """A member's services, sending to the responder (or to ``port``)."""
        opened = Shift(self.dovecot, self.user, self.store,
                       self.port if port is None else port, self.key)
        self.shifts.append(opened)
        return opened


@pytest.fixture
def lists(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Lists]:
    monkeypatch.setenv("HDTUI_TEST_MOD_PW", PASSWORD)
    responder = Mailman21(lambda raw: dovecot.deliver(imap_user[0], raw))
    with MailmanServer(responder) as server:
        made = Lists(responder, server.port, dovecot, imap_user, test_key,
                     tmp_path / "store.json")
        yield made
        for shift in made.shifts:
            shift.close()


def test_approve_discard_wrong_password_and_expired_cookie(
        lists: Lists, monkeypatch: pytest.MonkeyPatch) -> None:
    responder, dovecot, user = lists.responder, lists.dovecot, lists.user[0]
    approve, discard, wrong = lists.held(3)
    codes = {"approve": approve, "discard": discard, "wrong": wrong,
             "expired": mailman.cookie()}  # Mailman forgot it (or another moderator used it)
    lists.deliver(mailman.notice("tails-testers", code=codes["expired"], date=NOW))
    lists.deliver(mailman.digest("tails-dev", 4))
    shift = lists.shift()
    rows = shift.triage.rows()
    assert {r.kind for r in rows} == {Kind.LIST_ADMIN}
    assert sum(r.summary.startswith("Held on tails-testers:") for r in rows) == 4
    assert all(shift.status(c) == "held, waiting for a moderator" for c in codes.values())
    assert len(shift.moderator.waiting(NOW)) == 4  # the digest is no held post
    assert shift.moderator.waiting(NOW + timedelta(days=3)) == []  # expired
    # A mailbox fixed in time (the demo) is counted as of its newest message; another
    # moment set as the moderator's clock moves age and expiry with it.
    moderator = shift.moderator
    moderator.as_of = lambda: newest_message(shift.triage)
    assert moderator.now() == NOW  # the notices' Date
    assert len(moderator.waiting()) == 4
    moderator.as_of = lambda: NOW + timedelta(days=3)
    entry = shift.triage.full(shift.key(approve))
    assert entry is not None and moderator.waiting() == []
    found = moderator.status(entry)
    assert found is not None and found.text.startswith("expired")
    moderator.as_of = None

    report = shift.moderator.send([shift.key(approve)], Action.APPROVE)
    assert len(report.sent) == 1 and not report.kept and not report.refused
    report = shift.moderator.send([shift.key(discard), shift.key(codes["expired"])],
                                  Action.DISCARD)
    assert len(report.sent) == 2
    monkeypatch.setenv("HDTUI_TEST_MOD_PW", "not-the-password")
    shift.moderator.send([shift.key(wrong)], Action.APPROVE)
    assert responder.done == {approve: "approved", discard: "discarded"}
    assert wrong in responder.held  # a wrong password leaves it held

    # What went out: to the -request address, "Re: confirm <cookie>", nothing else but
    # the Approved line of an approval.
    sent = [message_from_bytes(d, policy=policy.default) for d in responder.received]
    assert [str(m["To"]) for m in sent] == ["tails-testers-request@boum.org"] * 4
    assert [str(m["Subject"]) for m in sent] == [
        f"Re: confirm {codes[n]}" for n in ("approve", "discard", "expired", "wrong")]
    bodies = [m.get_body(("plain",)).get_content().strip()  # type: ignore[union-attr]
              for m in sent]
    assert bodies == [f"Approved: {PASSWORD}", "", "", "Approved: not-the-password"]
    assert dovecot.status(user)["messages"] == "9"  # 5 + Mailman's 4 answers

    shift.triage.inbox()  # Mailman's answers arrive
    assert shift.status(approve).startswith("approved (Mailman confirmed")
    assert shift.status(discard).startswith("discarded (Mailman confirmed")
    assert shift.status(codes["expired"]).startswith("expired or already handled")
    assert shift.status(wrong).startswith("still held: Mailman refused the moderator "
                                          "password")
    # Every member sees a moderator acted; no copy of the password anywhere readable.
    assert all(Mark.REPLIED in shift.triage.row(shift.key(c)).marks  # type: ignore[union-attr]
               for c in codes.values())
    assert shift.moderator.waiting(NOW) == []  # every one was confirmed
    for row in shift.triage.rows():
        entry = shift.triage.full(row.key)
        assert entry is not None and PASSWORD not in entry.message.text
        assert all(PASSWORD not in e.text for e in entry.message.embedded)
    assert dovecot.status(user, "Sent")["messages"] == "0"  # no copy in Sent


def test_a_skim_sends_nothing_and_an_unconfigured_list_gets_no_password(
        lists: Lists) -> None:
    (code,) = lists.held(1)
    lists.deliver(mailman.notice("evil", code=mailman.cookie(), date=NOW).replace(
        b"boum.org", b"attacker.example"))
    shift = lists.shift()
    shift.triage.set_read_only(True)
    with pytest.raises(ReadOnlyError, match="read-only skim"):
        shift.moderator.send([shift.key(code)], Action.DISCARD)
    shift.triage.set_read_only(False)
    evil = next(r.key for r in shift.triage.rows() if "evil" in r.summary)
    assert not shift.moderator.known("evil@attacker.example")
    assert shift.moderator.known("Tails-Testers@boum.org")
    with pytest.raises(ConfigError, match=r"\[moderation\] lists"):
        shift.moderator.confirmation(evil, Action.APPROVE)
    report = shift.moderator.send([evil], Action.APPROVE)
    assert report.refused and not report.sent
    assert lists.responder.received == []
    assert "$HDReplied" not in lists.dovecot.flags(lists.user[0])


def test_an_unreachable_server_keeps_the_confirmations_without_the_password(
        lists: Lists) -> None:
    codes = lists.held(3)
    down = lists.shift(port=free_port())
    keys = [down.key(code) for code in codes]
    report = down.moderator.send(keys[:2], Action.DISCARD)
    assert len(report.kept) == 2 and not report.sent
    assert "not tried" in report.kept[1]  # one wait for a server that is down, not two
    report = down.moderator.send(keys[2:], Action.APPROVE)
    assert len(report.kept) == 1
    kept = down.actions.drafts()
    assert {d.kind for d in kept} == {DraftKind.MODERATION}
    assert {d.body for d in kept} == {"", APPROVE_BODY}
    assert PASSWORD not in lists.store.read_text()
    assert "$HDReplied" not in lists.dovecot.flags(lists.user[0])
    # The server is back: the kept ones go from the outbox.
    down.actions.mailer = SmtpSender("127.0.0.1", lists.port, "plain", timeout=5)
    for draft in kept:
        assert len(down.moderator.resend(draft).sent) == 1
    assert down.actions.drafts() == []
    assert set(lists.responder.done) == set(codes)
    assert lists.responder.done[codes[2]] == "approved"


def test_a_held_post_copied_into_the_queue_is_triaged_as_user_mail(lists: Lists) -> None:
    (code,) = lists.held(1)
    shift = lists.shift()
    key = shift.key(code)
    shift.triage.set_read_only(True)
    with pytest.raises(ReadOnlyError):
        shift.moderator.to_report(key)
    shift.triage.set_read_only(False)
    assert shift.moderator.to_report(key) == "INBOX"
    shift.triage.inbox()
    (copy,) = [r for r in shift.triage.rows() if r.kind is Kind.SUPPORT]
    assert copy.summary == "Tails 7.6 fixed my Wi-Fi" and not copy.seen
    entry = shift.triage.full(copy.key)
    assert entry is not None and entry.message.sender_address == "someone@example.org"
    assert "ThinkPad T480" in entry.message.text
    raw = lists.dovecot.doveadm("fetch", "-u", lists.user[0], "hdr", "mailbox", "INBOX",
                                "subject", "Tails 7.6 fixed my Wi-Fi")
    assert "X-Hdtui-Held-On: tails-testers@boum.org" in raw


def test_a_mailman_3_approval_puts_the_password_in_a_header(lists: Lists) -> None:
    code = lists.responder.hold("tails-dev")
    lists.deliver(mailman.notice("tails-dev", version="3.3.8", code=code, date=NOW))
    shift = lists.shift()
    assert len(shift.moderator.send([shift.key(code)], Action.APPROVE).sent) == 1
    (data,) = lists.responder.received
    message = message_from_bytes(data, policy=policy.default)
    assert message["Approved"] == PASSWORD
    assert message.get_body(("plain",)).get_content().strip() == ""  # type: ignore[union-attr]
    assert lists.responder.done == {code: "approved"}
    shift.triage.inbox()
    assert shift.status(code).startswith("approved (Mailman confirmed")
