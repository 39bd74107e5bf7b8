"""The queue's columns kept in the cache follow the queue's life (docs/queue-columns.md,
"Kept in the cache"; issue #12): a start that lists new mail and reads it keeps them, and
the next starts read them, with the mail that came, went, changed its flags or was
decrypted since, and show exactly the queue the cache's rows give. A real Maildir and
real GnuPG here; the IMAP cases against Dovecot are in test_kept_columns_imap.py (the
``rows_read`` fixture is in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import SourceItem
from hdtui.domain.marks import Mark
from hdtui.domain.queue import DecryptState, Row
from hdtui.domain.queue_columns import QueueColumns
from hdtui.gpg import GpgCrypto
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.support.pgp import KeyPair, short_tmp, whisperback_message, write_maildir

DATA = Path(__file__).parent.parent / "data"


def note(n: int) -> bytes:
    return (f"From: user{n}@example.org\nTo: support@tails.net\nSubject: question {n}\n"
            f"Date: Tue, 03 Nov 2026 10:{n:02d}:00 +0000\n\nhello {n}\n").encode()


@pytest.fixture
def maildir(test_key: KeyPair, other_key: KeyPair) -> Path:
    root = short_tmp("hdk-")
    wifi = (DATA / "whisperback" / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    return write_maildir(root / "Maildir", {
        "1.M1P1.test": whisperback_message(wifi, "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key),
        "2.M2P1.test": whisperback_message(wifi, "abcdef0123456789abcdef0123456789",
                                           other_key),
        **{f"{n}.M{n}P1.test": note(n) for n in range(3, 7)},
    })


def start(triage: Triage) -> bool:
    """A start as the mailbox feed runs it: list (the whole queue shown), read the new
    mail, keep the columns; whether they were kept."""
    shown = triage.snapshot()
    if shown.pending:
        triage.read_pending(shown)
    return triage.keep_columns()


def queue(triage: Triage) -> list[Row]:
    return sorted(triage.rows(), key=lambda row: row.key)


def in_the_cache(triage: Triage) -> tuple[list[Row], list[str]]:
    """The queue as the cache's rows give it (what a start reading them shows), and the
    messages listed but not read."""
    columns = QueueColumns()
    unread: list[SourceItem] = []
    triage.store.queue_pages(triage.source.identity, columns.extend, unread)
    columns.filled()
    return (sorted(columns.values(), key=lambda row: row.key),
            sorted(item.key for item in unread))


class Starts:
    """Opens a triage on the Maildir and the one store for each start; closes it."""

    def __init__(self, maildir: Path, store: Path, issues: Path) -> None:
        self.maildir, self.store, self.issues = maildir, store, issues

    def __call__(self, home: Path) -> Triage:
        return Triage(MaildirSource(self.maildir), GpgCrypto(home), LocalStore(self.store),
                      StaticTracker(self.issues), [], DEFAULT_TEAM_ADDRESSES)


@pytest.fixture
def starts(maildir: Path, tmp_path: Path) -> Iterator[Starts]:
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([]))
    yield Starts(maildir, tmp_path / "store.json", issues)


def closed(triage: Triage) -> None:
    triage.store.close()  # type: ignore[attr-defined]


def deliver(maildir: Path, *numbers: int) -> None:
    for n in numbers:
        (maildir / "new" / f"{n}.M{n}P1.test").write_bytes(note(n))


def test_a_start_that_reads_new_mail_keeps_the_columns_and_the_next_reads_them(
        maildir: Path, starts: Starts, test_key: KeyPair, other_key: KeyPair,
        rows_read: list[Any]) -> None:
    first = starts(test_key.home)
    assert not start(first)  # a first start: nothing to keep (its read comes next)
    closed(first)
    # New mail at the second start, read by it, and a mark set before the columns are
    # kept (a Maildir's marks are the member's own, patched over the rows): the columns
    # read from the rows are kept all the same, with the keys changed since the read.
    deliver(maildir, 7, 8, 9)
    second = starts(test_key.home)
    shown = second.snapshot()
    assert sorted(i.key for i in shown.pending) == ["7.M7P1.test", "8.M8P1.test",
                                                   "9.M9P1.test"]
    second.read_pending(shown)
    claimed = second.toggle_mark(second.rows()[0], Mark.CLAIMED)
    assert second.keep_columns()
    assert len(rows_read) == 2
    cache = in_the_cache(second)
    closed(second)

    third = starts(test_key.home)
    assert not start(third)  # read from the columns: nothing new to keep
    assert len(rows_read) == 2
    shown_now = queue(third)
    assert [r.key for r in shown_now] == [r.key for r in cache[0]]
    assert {r.key: r.marks for r in shown_now}[claimed.key] == {Mark.CLAIMED}
    assert [r._replace(keywords="") for r in shown_now] == [
        r._replace(keywords="") for r in cache[0]]
    assert {r.summary for r in shown_now if r.key.startswith(("7.", "8.", "9."))} == {
        "question 7", "question 8", "question 9"}
    closed(third)

    # Mail that came and went, a flag changed (seen: the file renamed), and the report
    # that failed to decrypt decrypted by a keyring that can: the next start reads the
    # columns with every change since, as the rows give them.
    deliver(maildir, 10, 11)
    (maildir / "new" / "3.M3P1.test").unlink()
    (maildir / "new" / "4.M4P1.test").rename(maildir / "cur" / "4.M4P1.test:2,S")
    fourth = starts(other_key.home)
    shown = fourth.snapshot()
    assert [i.key for i in shown.retry] == ["2.M2P1.test"]
    fourth.read_pending(shown)
    assert [r.key for r in fourth.retry(shown.retry)] == ["2.M2P1.test"]
    assert not fourth.keep_columns()
    cache = in_the_cache(fourth)
    closed(fourth)

    fifth = starts(test_key.home)
    assert not start(fifth)
    assert len(rows_read) == 2  # every start since the second read the columns
    shown_now = queue(fifth)
    assert [r._replace(keywords="") for r in shown_now] == [
        r._replace(keywords="") for r in cache[0]]
    assert cache[1] == []
    by_key = {r.key: r for r in shown_now}
    assert "3.M3P1.test" not in by_key and {"10.M10P1.test", "11.M11P1.test"} <= by_key.keys()
    assert by_key["4.M4P1.test"].seen
    assert by_key["2.M2P1.test"].decrypt is DecryptState.DECRYPTED
    assert by_key[claimed.key].marks == {Mark.CLAIMED}
    closed(fifth)


def test_columns_changed_at_more_keys_than_the_limit_are_not_kept(
        maildir: Path, starts: Starts, test_key: KeyPair, rows_read: list[Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """When more messages changed between the read of the rows and the keep than the
    limit (a large batch of new mail), the columns are not kept: the next start reads
    the rows and keeps them."""
    monkeypatch.setattr("hdtui.services.triage.TOUCHED_LIMIT", 2)
    first = starts(test_key.home)
    start(first)
    closed(first)
    deliver(maildir, 7, 8, 9)
    second = starts(test_key.home)
    assert not start(second)
    closed(second)
    third = starts(test_key.home)
    assert start(third)
    closed(third)
    fourth = starts(test_key.home)
    assert not start(fourth)
    assert len(rows_read) == 3
    closed(fourth)
