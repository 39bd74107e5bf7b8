"""IMAP and session 28 (arrival28): a bare CR in a Subject keeps the headers after it on
both of IMAP's readings (the glimpse's header fields, the body's read), and a message
listed without an arrival (a row the cache's migration left to read again) is dated by
the INTERNALDATE the read asks for (docs/store.md, docs/text-safety.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hdtui.domain.mail import SourceItem
from hdtui.errors import SourceError
from hdtui.sources import parse
from hdtui.sources.imap import ImapSource
from tests.adapters.test_imap import account
from tests.servers.dovecot import Dovecot

SAMPLE = Path(__file__).parents[1] / "data" / "bad" / "bare-cr-subject.eml"


def test_a_bare_cr_subject_over_imap_keeps_its_date_and_id(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    dovecot.deliver(imap_user[0], SAMPLE.read_bytes())
    source = ImapSource(account(dovecot, imap_user))
    try:
        [(_, glimpsed)] = source.newest(5)
        [item] = source.list()
        read = source.load(item).message
    finally:
        source.close()
    for message in (glimpsed, read):
        assert message.subject == "Tor fails after 5 minutes"
        assert message.date == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
        assert parse.BARE_CR_PROBLEM in message.problems
        assert "\r" not in str(message.subject)
    assert read.message_id == "<bare-cr@example.org>"
    assert str(read.text).startswith("Tor Connection stops")


def test_a_message_listed_without_an_arrival_asks_its_internaldate(
    dovecot: Dovecot, imap_user: tuple[str, str]
) -> None:
    """A mail dated 2100 that arrived three days ago, read again with no time (as the
    cache's migration leaves it): dated by its INTERNALDATE, not by the moment it is read;
    a listed one asks nothing more."""
    from imapclient import IMAPClient

    arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    with IMAPClient(dovecot.host, port=dovecot.port, ssl=False) as client:
        client.login(imap_user[0], imap_user[1])
        client.append("INBOX", b"From: a@example.org\nSubject: future\n"
                      b"Date: Fri, 01 Jan 2100 00:00:00 +0000\n\nhi\n", msg_time=arrived)
    source = ImapSource(account(dovecot, imap_user))
    try:
        [listed] = source.list()
        assert listed.mtime == arrived
        bare = SourceItem(listed.key, listed.size, listed.seen, None, listed.keywords,
                          listed.modseq)
        [again] = source.load_many([bare])
        before = source.round_trips
        [usual] = source.load_many([listed])
        assert source.round_trips - before == 1  # the body alone
    finally:
        source.close()
    assert not isinstance(again, SourceError) and not isinstance(usual, SourceError)
    for message in (again.message, usual.message):
        assert message.date == arrived
        assert message.date_ahead == datetime(2100, 1, 1, tzinfo=UTC)
