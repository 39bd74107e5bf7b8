"""The TUI on a live IMAP mailbox (real Dovecot): push, live marks, losing the server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from hdtui.ui.app import HdtuiApp
from hdtui.ui.widgets.queue_table import QueueTable
from hdtui.ui.widgets.shift_bar import ShiftBar
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair

ROOT = Path(__file__).parents[2]
MAIL = b"From: user@example.org\nTo: support@tails.net\nSubject: %s\n\nbody\n"


@pytest.fixture
def own_dovecot() -> Iterator[Dovecot]:
    """A Dovecot this test may stop and restart."""
    server = Dovecot.create()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def live_app(test_key: KeyPair, tmp_path: Path) -> Iterator[Callable[[Dovecot, str], HdtuiApp]]:
    made: list[Triage] = []

    def make(server: Dovecot, user: str) -> HdtuiApp:
        source = ImapSource(ImapAccount(host=server.host, user=user,
                                        password=lambda: f"pw-{user}", port=server.imaps_port,
                                        ca_file=server.cafile, timeout=5.0))
        triage = Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                        StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                        DEFAULT_TEAM_ADDRESSES, live=source)
        made.append(triage)
        return HdtuiApp(triage, {}, "default", source.account.where)

    yield make
    for triage in made:
        triage.store.close()  # type: ignore[attr-defined]
        triage.source.close()  # type: ignore[attr-defined]


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool],
                     timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def subjects(app: HdtuiApp) -> list[str]:
    return [e.summary for e in app.screen.query_one(QueueTable).rows]


async def test_new_mail_and_other_members_marks_appear_without_a_key(
    dovecot: Dovecot, imap_user: tuple[str, str], live_app: Callable[[Dovecot, str], HdtuiApp]
) -> None:
    user = imap_user[0]
    dovecot.deliver(user, MAIL % b"first")
    app = live_app(dovecot, user)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: subjects(app) == ["first"])
        started = time.monotonic()
        dovecot.deliver(user, MAIL % b"pushed")
        await wait_until(pilot, lambda: "pushed" in subjects(app))
        assert time.monotonic() - started < 5  # IDLE, not a poll
        other = ImapSource(ImapAccount(host=dovecot.host, user=user,
                                       password=lambda: imap_user[1],
                                       port=dovecot.imaps_port, ca_file=dovecot.cafile))
        item = next(i for i in other.list() if i.key.endswith("/1"))
        other.set_keywords(item.key, add=["$HDTriaged"])
        other.close()
        table = app.screen.query_one(QueueTable)
        await wait_until(pilot, lambda: any(e.state == "triaged" for e in table.rows))
        await pilot.press("q")


async def test_losing_the_server_shows_offline_and_recovers(
    own_dovecot: Dovecot, live_app: Callable[[Dovecot, str], HdtuiApp]
) -> None:
    user, _ = own_dovecot.new_user()
    own_dovecot.deliver(user, MAIL % b"before")
    app = live_app(own_dovecot, user)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: subjects(app) == ["before"])
        own_dovecot.stop()
        bar = app.screen.query_one(ShiftBar)
        await wait_until(pilot, lambda: "OFFLINE" in bar.offline, timeout=15)
        assert subjects(app) == ["before"]  # the cached queue stays usable
        own_dovecot.start()
        own_dovecot.deliver(user, MAIL % b"after")
        await wait_until(pilot, lambda: "after" in subjects(app), timeout=20)
        assert bar.offline == "" and sorted(subjects(app)) == ["after", "before"]
        await pilot.press("q")
