"""The report view says who claimed a message (docs/marks.md, "Who claimed"): a live
mailbox on a real Dovecot, another member's claim named in the claims folder."""

from __future__ import annotations

from pathlib import Path

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.message import Message
from hdtui.domain.queue import Entry
from hdtui.domain.text import MailText
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.report_view import ReportView, head_content
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair
from tests.support.pilot import said, settle, wait_until

ROOT = Path(__file__).parents[2]
MAIL = (b"From: user@example.org\nTo: support@tails.net\nSubject: help\n"
        b"Message-ID: <q1@example.org>\n\nbody\n")


def member(dovecot: Dovecot, user: tuple[str, str], key: KeyPair, store: Path,
           name: str) -> Triage:
    source = ImapSource(ImapAccount(host=dovecot.host, user=user[0],
                                    password=lambda: user[1], port=dovecot.imaps_port,
                                    ca_file=dovecot.cafile, timeout=5.0))
    return Triage(source, GpgCrypto(key.home), LocalStore(store),
                  StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                  DEFAULT_TEAM_ADDRESSES, live=source, claims_folder="HelpDesk/Claims",
                  member_name=name)


def head(app: HdtuiApp) -> str:
    return str(app.screen.query_one("#report-head").render())


async def test_the_report_view_and_the_release_question_name_the_claimant(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    dovecot.deliver(imap_user[0], MAIL)
    alice = member(dovecot, imap_user, test_key, tmp_path / "a.json", "[b]alice[/b]")
    row = alice.inbox().rows[0]
    alice.toggle_mark(row, Mark.CLAIMED)
    bob = member(dovecot, imap_user, test_key, tmp_path / "b.json", "bob")
    app = HdtuiApp(bob, {}, "default", "test")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.screen.query_one(QueueTable)
            await wait_until(pilot, lambda: table.current is not None
                             and table.current.state == "claimed", timeout=15)
            await wait_until(pilot, lambda: "Claimed" in head(app), timeout=15)
            await settle(pilot)
            view = app.screen.query_one(ReportView)
            assert view.entry is not None
            shown = head(app)
            # The name as written, brackets and all: a name is data, never markup.
            assert "by [b]alice[/b] (" in shown
            await pilot.press("c")  # another member's claim: asked first, with the name
            await settle(pilot)
            assert "claimed by [b]alice[/b] (" in said(app)
            await pilot.press("q")
    finally:
        for triage in (alice, bob):
            triage.store.close()  # type: ignore[attr-defined]
            triage.source.close()  # type: ignore[attr-defined]


def test_the_report_head_names_the_claimant_only_on_a_claimed_message() -> None:
    entry = Entry(Message("INBOX/1/1", subject=MailText("hello")), Kind.SUPPORT)
    claimed = entry.with_marks(frozenset({Mark.CLAIMED}))
    shown = head_content(claimed, claimant="[b]alice[/b] (12:03)").plain
    assert "by [b]alice[/b] (12:03)" in shown
    assert "alice" not in head_content(entry, claimant="alice (12:03)").plain
    assert "by me" in head_content(claimed, claimed_by_me=True, claimant="x").plain
    assert "by another member" in head_content(claimed).plain
