"""Pilot tests: the report on screen follows what another member or client did to it on the
server (its \\Seen flag, its removal), and the reconnect banner counts down
(docs/team-mail.md, docs/layouts.md)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.mail import Kind
from hdtui.domain.text import cells
from hdtui.gpg import GpgCrypto
from hdtui.keymap import load_keymap
from hdtui.replies import load_templates
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.keys import binding_ids, is_valid_key
from hdtui.ui.screens.compose import REMOVED, ComposeScreen
from hdtui.ui.screens.inbox import InboxScreen
from hdtui.ui.widgets.mailbox_feed import RECONNECT_CAP, RECONNECT_FIRST, next_delay
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.shift_bar import ShiftBar
from tests.support.compose_host import reply
from tests.support.pgp import KeyPair
from tests.support.pilot import said, settle, wait_until
from tests.ui.test_forms import T0, BarApp

WIFI_ID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


@pytest.fixture
def own_mailbox(ui_mailbox: Path, tmp_path: Path) -> Path:
    """A copy of the UI mailbox this test may change underneath the app."""
    root = tmp_path / "box"
    shutil.copytree(ui_mailbox, root)
    return root


@pytest.fixture
def app(own_mailbox: Path, test_key: KeyPair, tmp_path: Path) -> Iterator[HdtuiApp]:
    store = LocalStore(tmp_path / "store.json")
    templates, _ = load_templates(bundled_dir("replies"))
    triage = Triage(MaildirSource(own_mailbox / "Maildir"), GpgCrypto(test_key.home), store,
                    StaticTracker(own_mailbox / "issues.json"), templates,
                    DEFAULT_TEAM_ADDRESSES, False)
    keys = load_keymap("default", {}, bundled_dir("keymaps"), binding_ids(), is_valid_key)
    yield HdtuiApp(triage, keys, "default", "test mailbox")
    store.close()


def head(app: HdtuiApp) -> str:
    return str(app.screen.query_one("#report-head").render())


async def open_wifi(pilot: Any) -> tuple[QueueTable, int]:
    await settle(pilot)
    table = pilot.app.screen.query_one(QueueTable)
    index = next(i for i, r in enumerate(table.rows) if r.report_id == WIFI_ID)
    table.move_cursor(row=index)
    await settle(pilot)
    return table, index


def wifi_file(mailbox: Path) -> Path:
    return next((mailbox / "Maildir").glob("*/1700000001.M1P1.t*"))


async def test_the_state_line_follows_a_flag_set_by_another_client(
        app: HdtuiApp, own_mailbox: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wifi(pilot)
        assert "state: new" in head(app)
        path = wifi_file(own_mailbox)  # another client reads it: Maildir's S flag
        path.rename(own_mailbox / "Maildir" / "cur" / f"{path.name.split(':')[0]}:2,S")
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.feed.refresh_quietly()  # what IDLE (or a Maildir reload) starts
        await settle(pilot)
        assert "state: read" in head(app)


async def test_a_removed_report_is_said_and_the_cursor_stays_in_place(
        app: HdtuiApp, own_mailbox: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        table, index = await open_wifi(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        gone = table.rows[index]
        following = table.rows[index + 1] if index + 1 < len(table.rows) else None
        wifi_file(own_mailbox).unlink()
        screen.feed.refresh_quietly()
        await settle(pilot)
        toasts = said(app)
        assert REMOVED in toasts and f"report {WIFI_ID}" in toasts
        assert "cursor is on the next message" in toasts
        assert all(r.key != gone.key for r in table.rows)
        current = table.current
        assert current is not None and table.cursor_row == min(index, len(table.rows) - 1)
        if following is not None:
            assert current.key == following.key
        await wait_until(pilot, lambda: WIFI_ID not in head(app), what="the next one shown")


async def test_an_open_draft_says_its_report_is_gone_before_sending(
        app: HdtuiApp, own_mailbox: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        table, index = await open_wifi(pilot)
        key = table.rows[index].key
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        draft = replace(reply(), report_key=key)
        compose = ComposeScreen(draft, "Help Desk <help@example.org>")
        await app.push_screen(compose)
        await settle(pilot)
        assert not compose.query_one("#compose-gone").display
        wifi_file(own_mailbox).unlink()
        inbox.feed.refresh_quietly()
        await settle(pilot)
        line = str(compose.query_one("#compose-gone").render())
        assert compose.query_one("#compose-gone").display and REMOVED in line
        await pilot.press("ctrl+s")  # the confirmation says it again
        await settle(pilot)
        assert REMOVED in str(app.screen.query_one("#confirm-body").render())
        await pilot.press("escape")  # not sent: the draft is still open, as edited
        await settle(pilot)
        assert app.screen is compose


def test_reconnecting_starts_after_a_second_and_waits_at_most_15_seconds() -> None:
    delays = [RECONNECT_FIRST]
    for _ in range(8):
        delays.append(next_delay(delays[-1]))
    assert delays[:6] == [1.0, 2.0, 4.0, 8.0, 15.0, 15.0]
    assert max(delays) == RECONNECT_CAP == 15.0


async def test_the_reconnect_countdown_fits_80_columns_and_names_f5() -> None:
    clock = [T0]
    app = BarApp(clock)
    async with app.run_test(size=(80, 5)) as pilot:
        bar = app.query_one(ShiftBar)
        bar.set_counts({Kind.TEAM: 2, Kind.REPORT: 55, Kind.SUPPORT: 8})
        bar.set_reconnect(T0 + 4)
        await pilot.pause()
        line = str(bar.render())
        assert "offline: retrying in 4 s · f5 retries now" in line and cells(line) <= 80
        clock[0] = T0 + 1.5
        await wait_until(pilot, lambda: "retrying in 3 s" in str(bar.render()),
                         timeout=3, what="the countdown ticking")
        bar.set_read_only(True)  # a skim reproducing a report: the short form fits
        bar.set_countdown(T0 + 29 * 60, "8033ed4c")
        await pilot.pause()
        line = str(bar.render())
        assert "offline · retry 3 s · f5" in line and "reproducing 8033ed4c" in line
        assert "READ-ONLY SKIM" in line and cells(line) <= 80
        bar.set_countdown(None)
        clock[0] = T0 + 5
        bar.refresh_bar()
        assert "offline: retrying now…" in str(bar.render())
        bar.set_offline("")  # back online
        assert "offline" not in str(bar.render()) and bar.retry_at is None
