"""Fixtures of the service tests: members on one seeded Dovecot mailbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hdtui.services.triage import Triage
from hdtui.store import LocalStore
from tests.servers.dovecot import Dovecot
from tests.services.test_cold_start import mixed_mail
from tests.services.test_triage_imap import close, member, seed_reports
from tests.support.pgp import KeyPair

CLAIMS = "HelpDesk/Claims"


class Members:
    """Opens members' Triages on one mailbox seeded with two reports and a question
    (``seed_reports``); every member is closed when the test ends, passed or failed."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], key: KeyPair,
                 home: Path) -> None:
        self.dovecot, self.user = dovecot, user
        self._key, self._home, self._open = key, home, list[Triage]()

    def __call__(self, store: str, name: str, read_only: bool = False,
                 folder: str = CLAIMS) -> Triage:
        """Member ``name`` with their own store (tmp_path/<store>.json) and the claims
        folder ``folder`` ("" for a client that writes no claim message)."""
        triage = member(self.dovecot, self.user, self._key, self._home / f"{store}.json",
                        read_only, name, folder)
        self._open.append(triage)
        return triage

    def close(self) -> None:
        for triage in self._open:
            close(triage)


@pytest.fixture
def members(dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair,
            tmp_path: Path) -> Iterator[Members]:
    seed_reports(dovecot, imap_user[0], test_key)
    team = Members(dovecot, imap_user, test_key, tmp_path)
    yield team
    team.close()


@pytest.fixture
def mailbox(dovecot: Dovecot, imap_user: tuple[str, str],
            test_key: KeyPair) -> Iterator[tuple[str, str]]:
    """The user's mailbox with ``mixed_mail`` delivered: every kind of message a first
    read meets (the cold-start and reading-process tests)."""
    for raw in mixed_mail(test_key):
        dovecot.deliver(imap_user[0], raw)
    yield imap_user


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each start that read the queue's rows (no columns kept to read: the kept columns'
    tests, docs/queue-columns.md), as the name of its store's cache file."""
    reads: list[str] = []
    marked = LocalStore.queue_rows_read

    def marking(self: LocalStore, namespace: str) -> int | None:
        reads.append(self.cache_path.name)
        return marked(self, namespace)

    monkeypatch.setattr(LocalStore, "queue_rows_read", marking)
    return reads
