"""A process ending (the TUI after a hang-up, which skips the feed's own stop) ends every
watch of the mailbox: a watch left in IDLE kept the process from exiting
(docs/cold-start.md, "Quitting during a first read")."""

from __future__ import annotations

import threading
from pathlib import Path

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.imap import ImapSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.adapters.test_imap import account, seed
from tests.servers.dovecot import Dovecot
from tests.support.pgp import KeyPair

ROOT = Path(__file__).parents[2]


def test_stop_watching_ends_a_watch_whose_own_stop_never_comes(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair,
        tmp_path: Path) -> None:
    seed(dovecot, imap_user, 2)
    source = ImapSource(account(dovecot, imap_user))
    triage = Triage(source, GpgCrypto(test_key.home), LocalStore(tmp_path / "store.json"),
                    StaticTracker(ROOT / "hdtui" / "demo" / "known_issues.json"), [],
                    DEFAULT_TEAM_ADDRESSES, live=source)
    heard = threading.Event()
    never = threading.Event()  # the feed's stop, which a hang-up never sets
    watching = threading.Thread(target=triage.watch, args=(heard.set, never), daemon=True)
    try:
        watching.start()
        assert heard.wait(10)  # in place: it says so once
        triage.stop_watching()
        watching.join(10)
        assert not watching.is_alive()
        assert never.is_set()
        triage.stop_watching()  # nothing left to stop
    finally:
        never.set()
        triage.store.close()  # type: ignore[attr-defined]
        source.close()
