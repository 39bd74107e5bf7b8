"""The claim key does what the row on screen said (docs/marks.md, "What the claim key decides"):
another member's claim that reaches the queue after the row was drawn unclaimed, around the
moment the key is pressed, makes the member's claim lose ("Another member just claimed
this message"), never a question about releasing a claim they could not have seen.

A live mailbox on a real Dovecot; the order is driven, not waited for: the other member's
claim is read by a resync (as the IDLE notice's would) and put in the queue in the same
turn of the event loop as the key, so the screen cannot draw it in between.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.marks import Mark
from hdtui.domain.queue import Row
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.messages import InboxLoaded
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.queue_table import QueueTable
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair
from tests.support.pilot import said, settle, wait_until

ROOT = Path(__file__).parents[2]
MAIL = b"From: user@example.org\nTo: support@tails.net\nSubject: help\n\nbody\n"


def source(dovecot: Dovecot, user: tuple[str, str]) -> ImapSource:
    return ImapSource(ImapAccount(host=dovecot.host, user=user[0], password=lambda: user[1],
                                  port=dovecot.imaps_port, ca_file=dovecot.cafile,
                                  timeout=5.0))


@pytest.fixture
def member(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair,
           tmp_path: Path) -> Iterator[Triage]:
    live = source(dovecot, imap_user)
    triage = Triage(live, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=live)
    yield triage
    triage.store.close()  # type: ignore[attr-defined]
    live.close()


async def report_shown(app: HdtuiApp, pilot: Any) -> tuple[QueueTable, Row]:
    """Wait for the one message's report on screen; its table and row."""
    table = app.screen.query_one(QueueTable)
    await wait_until(pilot, lambda: table.current is not None
                     and "state: new" in head(app), timeout=15, what="the report")
    await settle(pilot)
    row = table.current
    assert row is not None
    return table, row


def head(app: HdtuiApp) -> str:
    return str(app.screen.query_one("#report-head", Static).render())


@pytest.mark.parametrize("key_first", [False, True], ids=["claim-then-key", "key-then-claim"])
async def test_a_claim_arriving_after_the_row_was_drawn_loses_the_key_not_asks_to_release(
    dovecot: Dovecot, imap_user: tuple[str, str], member: Triage, key_first: bool
) -> None:
    """``claim-then-key``: the resync's rows are in the queue when the key is handled,
    not yet drawn (session 22's e2e failure under load). ``key-then-claim``: they come
    after the key, before its flow reads the row (the flow waits for the report's parts
    first). Either way the member saw an unclaimed row and pressed the key to claim it."""
    dovecot.deliver(imap_user[0], MAIL)
    app = HdtuiApp(member, {}, "default", "test")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        table = screen.query_one(QueueTable)
        await wait_until(pilot, lambda: table.current is not None and "state: new" in head(app),
                         timeout=15, what="the report shown")
        await settle(pilot)
        row = table.current
        assert row is not None and Mark.CLAIMED not in row.marks
        assert table.drawn is table.rows  # the member sees it unclaimed
        other = source(dovecot, imap_user)
        try:
            assert other.claim(row.key, Mark.CLAIMED.value, 0)  # another member is faster
            result = member.resync()  # what the notice's resync reads (the loop is held)
            assert [Mark.CLAIMED in r.marks for r in result.rows] == [True]
            if key_first:
                screen.action_flow("toggle_mark", "claimed")  # the c key's binding
                screen.feed.on_inbox_loaded(InboxLoaded(result))
            else:
                screen.feed.on_inbox_loaded(InboxLoaded(result))
                screen.action_flow("toggle_mark", "claimed")
            assert table.current is not None and Mark.CLAIMED in table.current.marks
            await wait_until(pilot, lambda: "claimed" in said(app), timeout=15,
                             what="the key's outcome said")
            await settle(pilot)
            toasts = said(app)
            assert "Another member just claimed this message" in toasts, toasts
            assert "release their claim" not in toasts, toasts
            assert screen.release_armed is None  # a second c would not release it
            # The row and the report show the other member's claim, not the member's own.
            await wait_until(pilot, lambda: table.render_line(1).text.split()[2] == "c",
                             what="the row drawn claimed by another member")
            assert "Claimed" in head(app) and "by me" not in head(app)
            item = next(i for i in other.list() if i.key == row.key)
            assert Mark.CLAIMED.value in item.keywords
            assert not member.store.my_claims()  # type: ignore[attr-defined]
        finally:
            other.close()
        await pilot.press("q")


async def test_a_claim_on_screen_is_released_mine_at_once_theirs_when_pressed_again(
    dovecot: Dovecot, imap_user: tuple[str, str], member: Triage
) -> None:
    """The key decides from the row drawn: a claim shown (``C`` mine, ``c`` another
    member's) is released, another member's after the second press."""
    dovecot.deliver(imap_user[0], MAIL)
    app = HdtuiApp(member, {}, "default", "test")
    other = source(dovecot, imap_user)

    def claimed_on_server(key: str) -> bool:
        return Mark.CLAIMED.value in next(i for i in other.list() if i.key == key).keywords

    def state_drawn() -> str:
        return table.render_line(1).text.split()[2]

    try:
        async with app.run_test(size=(120, 30)) as pilot:
            table, row = await report_shown(app, pilot)
            await pilot.press("c")
            await wait_until(pilot, lambda: state_drawn() == "C", what="my claim drawn")
            assert claimed_on_server(row.key)
            await pilot.press("c")  # my own: released at once
            await wait_until(pilot, lambda: state_drawn() != "C", what="my claim gone")
            await settle(pilot)
            assert not claimed_on_server(row.key)
            assert not member.store.my_claims()  # type: ignore[attr-defined]
            assert "release their claim" not in said(app)
            other.set_keywords(row.key, add=[Mark.CLAIMED.value])  # another member claims
            await wait_until(pilot, lambda: state_drawn() == "c", timeout=10,
                             what="their claim drawn")
            await pilot.press("c")
            await wait_until(pilot, lambda: "release their claim" in said(app),
                             what="the release question")
            await settle(pilot)
            assert claimed_on_server(row.key)  # asked, not released
            await pilot.press("c")  # pressed again: released
            await wait_until(pilot, lambda: state_drawn() not in ("c", "C"),
                             what="their claim gone")
            await settle(pilot)
            assert not claimed_on_server(row.key)
            assert not member.store.my_claims()  # type: ignore[attr-defined]
            assert "just claimed" not in said(app)
            await pilot.press("q")
    finally:
        other.close()


async def test_two_quick_presses_never_say_another_member_claimed_it(
    dovecot: Dovecot, imap_user: tuple[str, str], member: Triage
) -> None:
    """review22: `c` twice in quick succession claimed the row, then said "Another member
    just claimed this message" of the member's own claim. The second press acts on what
    the screen drew: the claim if it was not drawn yet (it stands: nothing more to do),
    the release if it was; either way server, store and row agree and no other member is
    blamed."""
    dovecot.deliver(imap_user[0], MAIL)
    app = HdtuiApp(member, {}, "default", "test")
    other = source(dovecot, imap_user)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            table, row = await report_shown(app, pilot)
            await pilot.press("c", "c")
            # Both presses handled: the flows end with the row drawn as the store holds it.
            await wait_until(pilot, lambda: not any(
                w.is_running for w in app.workers if w.group == "flows"),
                timeout=15, what="both presses handled")
            await settle(pilot)
            toasts = said(app)
            assert "Another member" not in toasts and "release their claim" not in toasts, \
                toasts
            on_server = Mark.CLAIMED.value in next(
                i for i in other.list() if i.key == row.key).keywords
            mine = row.key in member.store.my_claims()  # type: ignore[attr-defined]
            drawn = table.render_line(1).text.split()[2]
            assert (on_server, mine, drawn == "C") in ((True, True, True),
                                                       (False, False, False)), \
                (on_server, mine, drawn)
            await pilot.press("q")
    finally:
        other.close()
