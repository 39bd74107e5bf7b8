"""The queue's columns kept in the cache follow an IMAP mailbox's life (real Dovecot,
real GnuPG; docs/queue-columns.md, "Kept in the cache"; issue #12): a start that lists
and reads new mail keeps them; the next starts read them with the mail delivered,
expunged by another client and marked by another member since, and after a UIDVALIDITY
change; with more changes than the cache's limit they are dropped and rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.domain.marks import Mark
from hdtui.services.triage import Triage
from tests.servers.dovecot import Dovecot
from tests.services.test_kept_columns_new_mail import in_the_cache, note, queue, start
from tests.services.test_triage_imap import close, member, seed_reports
from tests.support.pgp import KeyPair


class Alice:
    """One member's starts on the mailbox, each with the same store."""

    def __init__(self, dovecot: Dovecot, user: tuple[str, str], key: KeyPair,
                 store: Path) -> None:
        self.dovecot, self.user, self.key, self.store = dovecot, user, key, store

    def start(self) -> tuple[Triage, bool]:
        """A start as the mailbox feed runs it; the triage (to close) and whether it kept
        the columns."""
        triage = member(self.dovecot, self.user, self.key, self.store)
        return triage, start(triage)

    def shown(self, rows_read: list[str], reads: int) -> dict[str, tuple[str, frozenset[Mark]]]:
        """A start whose queue is the queue the cache's rows give (``shown_as_the_cache_
        has_it``), after ``reads`` of Alice's starts in all read the rows."""
        triage, _ = self.start()
        try:
            assert alice_read(rows_read) == reads
            return shown_as_the_cache_has_it(triage)
        finally:
            close(triage)


def alice_read(rows_read: list[str]) -> int:
    """How many of Alice's starts read the rows (not Bob's)."""
    return sum(name.startswith("alice") for name in rows_read)


def shown_as_the_cache_has_it(triage: Triage) -> dict[str, tuple[str, frozenset[Mark]]]:
    """The queue shown is the queue the cache's rows give; its summaries and marks."""
    shown = queue(triage)
    rows, unread = in_the_cache(triage)
    assert shown == rows and unread == []
    return {row.key: (row.summary, row.marks) for row in shown}


def test_new_mail_marks_and_expunges_follow_the_kept_columns(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
        rows_read: list[str]) -> None:
    user = imap_user[0]
    seed_reports(dovecot, user, test_key)
    alice = Alice(dovecot, imap_user, test_key, tmp_path / "alice.json")
    first, kept = alice.start()
    close(first)
    assert not kept  # a first start: its queue was empty when read
    for n in (1, 2, 3):
        dovecot.deliver(user, note(n))
    second, kept = alice.start()  # lists and reads three new messages
    close(second)
    assert kept and alice_read(rows_read) == 2

    # Since: another member marks a report, another client expunges a message, new mail.
    bob = member(dovecot, imap_user, test_key, tmp_path / "bob.json")
    report = next(row for row in bob.inbox().rows if row.report_id)
    bob.toggle_mark(report, Mark.TRIAGED)
    close(bob)
    dovecot.doveadm("expunge", "-u", user, "mailbox", "INBOX", "uid", "3")
    dovecot.deliver(user, note(4))
    shown = alice.shown(rows_read, 2)  # the third start read the columns, not the rows
    validity = dovecot.status(user)["uidvalidity"]
    assert f"INBOX/{validity}/3" not in shown
    assert shown[report.key][1] == {Mark.TRIAGED}
    assert sorted(summary for summary, _ in shown.values() if summary.startswith("question")
                  ) == ["question 1", "question 2", "question 3", "question 4"]
    assert len(shown) == 6

    # A UIDVALIDITY change: every message gone and listed again under new keys.
    dovecot.doveadm("mailbox", "update", "-u", user, "--uid-validity", "4242", "INBOX")
    fourth, kept = alice.start()
    close(fourth)
    again = alice.shown(rows_read, 2)  # the fifth start
    assert all(key.startswith("INBOX/4242/") for key in again)
    assert sorted(again.values()) == sorted(shown.values())


def test_more_changes_than_the_limit_drop_the_columns_and_a_start_rebuilds_them(
        dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path,
        rows_read: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A UIDVALIDITY change over more messages than CHANGES_LIMIT: the kept columns are
    dropped (the keys changed are not all recorded), the next start reads the rows and
    keeps the columns again, and the one after reads those."""
    monkeypatch.setattr("hdtui.cache.CHANGES_LIMIT", 4)
    user = imap_user[0]
    seed_reports(dovecot, user, test_key)
    alice = Alice(dovecot, imap_user, test_key, tmp_path / "alice.json")
    first, _ = alice.start()
    close(first)
    dovecot.deliver(user, note(1))
    second, kept = alice.start()  # lists and reads the new message
    close(second)
    assert kept and alice_read(rows_read) == 2
    dovecot.doveadm("mailbox", "update", "-u", user, "--uid-validity", "4343", "INBOX")
    third, kept = alice.start()  # reads the columns; its listing (8 keys) drops them
    close(third)
    assert not kept and alice_read(rows_read) == 2
    fourth, kept = alice.start()
    close(fourth)
    assert kept and alice_read(rows_read) == 3  # rows read again, columns kept again
    shown = alice.shown(rows_read, 3)  # the fifth start
    assert len(shown) == 4 and all(key.startswith("INBOX/4343/") for key in shown)
