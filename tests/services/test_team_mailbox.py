"""Two members on one mailbox, and other mail clients on it too (issue #13, section 0),
against real servers: Dovecot (IMAP) and aiosmtpd (SMTP). Another client is a plain
imapclient session, as NeoMutt or a webmail would be: it sees hdtui's replies as answered,
its \\Flagged shows in hdtui, and \\Seen is set only where the team wants it."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from imapclient import IMAPClient

from hdtui.config import DEFAULT_TEAM_ADDRESSES, TeamConfig, bundled_dir
from hdtui.domain.compose import DraftKind
from hdtui.domain.marks import Mark, Personal, state_symbols
from hdtui.domain.query import filter_rows, parse
from hdtui.errors import AnsweredMeanwhile
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
from tests.support.pgp import KeyPair, whisperback_message

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
FT = TeamConfig("Foundations Team", "foundations@tails.net", "@foundations-team", "")


class Member:
    """One member's hdtui services on the shared mailbox."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], key: KeyPair, store: Path,
                 smtpd: SmtpServers, read_only: bool = False,
                 mark_seen_on_open: bool = False, name: str = "") -> None:
        self.source = ImapSource(ImapAccount(
            host=dovecot.host, user=user[0], password=lambda: user[1],
            port=dovecot.imaps_port, ca_file=dovecot.cafile, timeout=10.0), read_only)
        templates, _ = load_templates(bundled_dir("replies"))
        self.triage = Triage(self.source, GpgCrypto(key.home), LocalStore(store),
                             StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"),
                             templates, DEFAULT_TEAM_ADDRESSES, read_only=read_only,
                             live=self.source, mark_seen_on_open=mark_seen_on_open,
                             claims_folder="HelpDesk/Claims" if name else "",
                             member_name=name)
        mailer = SmtpSender(smtpd.host, smtpd.starttls_port, "starttls", USER,
                            password_env="HDTUI_TEST_SMTP_PW", ca_file=smtpd.cafile,
                            timeout=10)
        self.actions = Actions(self.triage, mailer, GpgCrypto(key.home), None, None,
                               "Tails Help Desk <help-desk@tails.invalid>",
                               "tails-bugs@boum.org", [FT])
        self.triage.inbox()

    def key(self) -> str:
        return next(r.key for r in self.triage.snapshot().rows if r.report_id == WIFI)

    def row(self):  # type: ignore[no-untyped-def]
        self.triage.inbox()  # the listing: what other members and clients changed
        return next(r for r in self.triage.rows() if r.report_id == WIFI)

    def close(self) -> None:
        self.triage.store.close()  # type: ignore[attr-defined]
        self.source.close()


class Team:
    """The shared mailbox of one test: its Dovecot user and the members opened on it, each
    closed when the test ends, passed or failed."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], key: KeyPair, home: Path,
                 smtpd: SmtpServers) -> None:
        self.dovecot, self.user, self.smtpd = dovecot, user, smtpd
        self._key, self._home, self._members = key, home, list[Member]()

    def member(self, store: str, read_only: bool = False, mark_seen_on_open: bool = False,
               name: str = "") -> Member:
        """A member with their own store file (tmp_path/<store>.json)."""
        member = Member(self.dovecot, self.user, self._key, self._home / f"{store}.json",
                        self.smtpd, read_only, mark_seen_on_open, name)
        self._members.append(member)
        return member

    def close(self) -> None:
        for member in self._members:
            member.close()


@pytest.fixture
def team(dovecot: Dovecot, test_key: KeyPair, tmp_path: Path, smtpd: SmtpServers,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    user = dovecot.new_user()
    dovecot.doveadm("mailbox", "create", "-u", user[0], "Sent")
    dovecot.deliver(user[0], whisperback_message(
        (WB / "tails-7.5-wifi.txt").read_text(), WIFI, test_key))
    monkeypatch.setenv("HDTUI_TEST_SMTP_PW", PASSWORD)
    members = Team(dovecot, user, test_key, tmp_path, smtpd)
    yield members
    members.close()


@contextmanager
def other_client(dovecot: Dovecot, user: tuple[str, str]) -> Iterator[IMAPClient]:
    """A plain IMAP client on the same mailbox (what NeoMutt or a webmail does)."""
    context = ssl.create_default_context(cafile=dovecot.cafile)
    client = IMAPClient(dovecot.host, port=dovecot.imaps_port, ssl=True,
                        ssl_context=context, timeout=10)
    try:
        client.login(*user)
        client.select_folder("INBOX")
        yield client
    finally:
        client.logout()


def flags_seen_by(client: IMAPClient) -> set[bytes]:
    (uid,) = client.search("ALL")
    return set(client.get_flags([uid])[uid])


def test_a_reply_sets_answered_for_other_clients(team: Team) -> None:
    dovecot, user = team.dovecot, team.user
    alice = team.member("a")
    template = next(t for t in alice.triage.templates if t.language == "en")
    draft, _ = alice.actions.reply(alice.key(), template)
    assert alice.actions.send(draft).problems == ()
    with other_client(dovecot, user) as client:
        flags = flags_seen_by(client)
    assert b"\\Answered" in flags and b"$HDReplied" in flags


def test_answered_and_flagged_set_in_another_client_show_in_the_row(team: Team) -> None:
    dovecot, user = team.dovecot, team.user
    alice = team.member("a")
    assert Mark.FLAGGED not in alice.row().marks
    with other_client(dovecot, user) as client:
        (uid,) = client.search("ALL")
        client.add_flags([uid], [b"\\Flagged", b"\\Answered"])
    row = alice.row()
    assert Mark.FLAGGED in row.marks and Mark.REPLIED in row.marks
    assert "!" in state_symbols(row.key, row.marks, Personal()) and row.state == "replied"
    assert filter_rows([row], parse("state:flagged")) == [row]
    with other_client(dovecot, user) as client:  # unflagged there: gone here too
        (uid,) = client.search("ALL")
        client.remove_flags([uid], [b"\\Flagged"])
    assert Mark.FLAGGED not in alice.row().marks


def test_seen_is_set_on_open_only_with_the_config_key_and_never_in_a_skim(
    team: Team
) -> None:
    dovecot, user = team.dovecot, team.user
    plain = team.member("plain")
    plain.triage.opened(plain.key())  # the default: \Seen never touched
    assert dovecot.status(user[0])["unseen"] == "1"
    skim = team.member("skim", read_only=True, mark_seen_on_open=True)
    skim.triage.opened(skim.key())  # a skim writes nothing, whatever the config says
    assert dovecot.status(user[0])["unseen"] == "1"
    wants = team.member("wants", mark_seen_on_open=True)
    wants.triage.opened(wants.key())
    assert dovecot.status(user[0])["unseen"] == "0"
    with other_client(dovecot, user) as client:
        assert b"\\Seen" in flags_seen_by(client)


def reply_draft(member: Member):  # type: ignore[no-untyped-def]
    template = next(t for t in member.triage.templates if t.language == "en")
    return member.actions.reply(member.key(), template)[0]


def test_a_reply_by_one_member_warns_the_other_naming_what_and_when(team: Team) -> None:
    alice = team.member("a")
    bob = team.member("b")
    assert not bob.actions.done_before(bob.key(), DraftKind.REPLY)  # nothing done yet
    alice.actions.send(reply_draft(alice))
    done = bob.actions.done_before(bob.key(), DraftKind.REPLY)
    assert Mark.REPLIED in done.marks
    assert "A reply was sent today at " in done.text
    assert "to kestrel-742@example.org (its copy is in Sent)" in done.text
    assert Mark.REPLIED in bob.triage.row(bob.key()).marks  # the row follows, no f5
    # Forwarding or raising it is another thing: not a double answer.
    assert not bob.actions.done_before(bob.key(), DraftKind.FORWARD)


def test_another_members_claim_warns_with_their_name_and_time(team: Team) -> None:
    alice = team.member("a", name="alice")
    bob = team.member("b", name="bob")
    alice.triage.toggle_mark(alice.row(), Mark.CLAIMED)
    done = bob.actions.done_before(bob.key(), DraftKind.REPLY)
    assert done.marks == {Mark.CLAIMED}
    assert done.text.startswith("Claimed by alice (") and "may be answering it" in done.text
    assert not alice.actions.done_before(alice.key(), DraftKind.REPLY)  # her own claim


def test_two_members_replying_at_once_the_second_is_told_before_sending(team: Team) -> None:
    smtpd = team.smtpd
    alice = team.member("a")
    bob = team.member("b")
    alices, bobs = reply_draft(alice), reply_draft(bob)  # both start: no warning yet
    alice.actions.send(alices)
    with pytest.raises(AnsweredMeanwhile) as told:
        bob.actions.send(bobs)  # the server is asked again at send time
    assert told.value.message.startswith("Not sent: since you started, a reply was sent "
                                         "today at ")
    assert "Your draft is kept" in told.value.message
    assert len(smtpd.handler.received) == 1  # only Alice's reply left
    kept = bob.actions.kept(DraftKind.REPLY, bob.key())
    assert kept is not None and kept.body == bobs.body  # never lost
    bob.actions.send(kept, told.value.marks)  # Bob read it and sends anyway
    assert len(smtpd.handler.received) == 2
    assert bob.actions.kept(DraftKind.REPLY, bob.key()) is None


def test_forwards_and_ft_are_in_sent_and_warn_the_next_member(team: Team) -> None:
    dovecot, user = team.dovecot, team.user
    alice = team.member("a")
    bob = team.member("b")
    key = alice.key()
    alice.actions.send(alice.actions.forward(key, "Foundations Team", "context"))
    alice.actions.send(alice.actions.ft(key, "Raising it."))
    assert dovecot.status(user[0], "Sent")["messages"] == "2"
    forward = bob.actions.done_before(bob.key(), DraftKind.FORWARD)
    assert "A forward was sent today at " in forward.text
    assert "to Foundations Team <foundations@tails.net>" in forward.text
    ft = bob.actions.done_before(bob.key(), DraftKind.FT)
    assert "An [FT] message was sent today at " in ft.text
    assert "tails-bugs@boum.org" in ft.text and Mark.ESCALATED in ft.marks
    assert not bob.actions.done_before(bob.key(), DraftKind.REPLY)  # no reply was sent
