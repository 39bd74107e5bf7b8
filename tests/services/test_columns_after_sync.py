"""``hdtui sync`` leaves the queue's columns kept in the cache (docs/queue-columns.md,
"Kept after a sync"; issue #12): the TUI started after a sync reads them instead of every
row, a first sync's as a later one's, and shows exactly the queue the cache's rows give.
A real Maildir and real GnuPG (the ``rows_read`` fixture is in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from hdtui.domain.marks import Mark
from hdtui.services.triage import Triage
from tests.services.test_kept_columns_new_mail import (
    Starts,
    closed,
    deliver,
    in_the_cache,
    maildir,
    queue,
    start,
    starts,
)
from tests.support.pgp import KeyPair

__all__ = ["maildir", "starts"]  # the fixtures, shared with the kept columns' tests


def synced(triage: Triage) -> bool:
    """What ``hdtui sync`` does (cli.sync): the whole read, then the columns kept."""
    triage.inbox()
    return triage.keep_columns_for_next_start()


def test_a_first_sync_keeps_the_columns_the_next_start_reads(
        starts: Starts, test_key: KeyPair, rows_read: list[str]) -> None:
    sync = starts(test_key.home)
    assert synced(sync)  # its queue was empty when read: the rows are read again
    assert len(rows_read) == 2
    closed(sync)

    tui = starts(test_key.home)
    assert not start(tui)  # read from the columns: nothing of its own to keep
    assert len(rows_read) == 2  # (on main the TUI's start read every row)
    rows, unread = in_the_cache(tui)
    assert queue(tui) == rows and unread == []
    assert len(rows) == 6
    closed(tui)


def test_a_later_sync_keeps_the_columns_with_what_it_changed(
        maildir: Path, starts: Starts, test_key: KeyPair, rows_read: list[str]) -> None:
    first = starts(test_key.home)
    assert synced(first)
    closed(first)
    # New mail and a mark before the second sync: the columns it read are kept with them.
    deliver(maildir, 7, 8)
    second = starts(test_key.home)
    second.inbox()
    marked = second.toggle_mark(second.rows()[0], Mark.CLAIMED)
    assert second.keep_columns_for_next_start()
    reads = len(rows_read)
    closed(second)
    # Kept, nothing changed: a third sync keeps what is there and reads no row.
    third = starts(test_key.home)
    assert synced(third)
    assert len(rows_read) == reads
    closed(third)

    tui = starts(test_key.home)
    assert not start(tui)
    assert len(rows_read) == reads
    rows, unread = in_the_cache(tui)
    shown = queue(tui)
    assert [r._replace(keywords="") for r in shown] == [
        r._replace(keywords="") for r in rows] and unread == []
    assert {r.key: r.marks for r in shown}[marked.key] == {Mark.CLAIMED}
    assert {r.summary for r in shown if r.key.startswith(("7.", "8."))} == {
        "question 7", "question 8"}
    closed(tui)
