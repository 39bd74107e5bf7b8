"""A first start on a mailbox (empty local cache), over IMAP on a real Dovecot: rows from
the newest headers first, bodies read behind them in batches (docs/cold-start.md)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from hdtui.domain.mail import Kind
from hdtui.domain.queue import DecryptState, Row
from hdtui.errors import ConnectionProblem, HdtuiError
from hdtui.services import triage as triage_module
from hdtui.ui.flows.flow import Flow
from hdtui.ui.flows.shift import hot_line
from tests.servers.dovecot import Dovecot
from tests.services.test_triage_imap import close, member
from tests.support.pgp import KeyPair, whisperback_message

ROOT = Path(__file__).parents[2]
WB = ROOT / "tests" / "data" / "whisperback"
BAD = ROOT / "tests" / "data" / "bad"
HOSTILE = (b"From: \x1b[31mMallory\x1b[0m <m@example.org>\nTo: support@tails.net\n"
           b"Subject: [bold]urgent[/bold] \x1b]0;owned\x07 help\n\nplease\n")


def plain_report(report_id: str, body: str) -> bytes:
    """A WhisperBack report already decrypted (saved from a mail client)."""
    return (f"From: devnull@tails.boum.org\nTo: support@tails.net\n"
            f"Subject: Bug report: {report_id}\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            f"{body}\n").encode()


def mixed_mail(key: KeyPair) -> list[bytes]:
    """Plain and encrypted reports, support mail, malformed and huge messages, a hostile
    one: in delivery order (the last is the newest)."""
    bodies = sorted(WB.glob("*.txt"))
    mail = [plain_report(f"{n:032x}", path.read_text()) for n, path in enumerate(bodies)]
    mail.append(whisperback_message((WB / "tails-7.5-wifi.txt").read_text(),
                                    "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", key))
    mail.extend(path.read_bytes() for path in sorted(BAD.glob("*.eml"))
                if path.name != "no-headers.eml")  # Dovecot adds nothing to it: skipped
    mail.append(b"From: big@example.org\nSubject: a huge log\n\n" + b"x" * 3_000_000 + b"\n")
    mail.append(b"From: a@example.org\nTo: support@tails.net\nSubject: question\n\nhello\n")
    mail.append(HOSTILE)
    return mail


def test_provisional_rows_come_first_then_full_rows_replace_them(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    total = len(mixed_mail(test_key))
    try:
        before = triage.source.round_trips  # type: ignore[attr-defined]
        first = triage.glimpse(limit=5)
        assert first is not None and first.partial
        # The mailbox's size from the SELECT (EXISTS): "5 of N shown" (issue #12's walk).
        assert first.in_mailbox == total
        # One connection: login, SELECT, one FETCH of the newest five with their headers.
        assert triage.source.round_trips - before <= 2  # type: ignore[attr-defined]
        rows = first.rows
        assert len(rows) == 5 and all(r.provisional for r in rows)
        assert all(r.decrypt is DecryptState.READING for r in rows)
        uids = [int(r.key.rsplit("/", 1)[1]) for r in rows]
        assert uids == sorted(uids, reverse=True) and uids[0] == total  # the newest
        hostile = rows[0]
        assert "\x1b" not in hostile.line and "\x07" not in hostile.line
        assert "[bold]urgent[/bold]" in hostile.summary  # data, shown as it is
        assert rows[1].summary == "question" and rows[1].kind is Kind.SUPPORT

        snapshot = triage.snapshot()
        assert len(snapshot.pending) == total
        # The five provisional rows are pending too: counted once.
        assert snapshot.in_mailbox == total
        assert {r.key for r in snapshot.rows} == {r.key for r in rows}  # still shown
        batches: list[list[Row]] = []
        follow: list[bool] = []

        def batch(rows: list[Row], more: bool) -> None:
            batches.append(rows)
            follow.append(more)

        result = triage.read_pending(snapshot, rows_read=batch)
        assert sum(map(len, batches)) == result.parsed == total
        # Each batch says whether more of the read follow: the last one does not.
        assert follow == [True] * (len(follow) - 1) + [False]
        # Newest first: the first batch starts with the newest message.
        assert batches[0][0].key == rows[0].key
        assert len(result.rows) == total and not any(r.provisional for r in result.rows)
        assert result.in_mailbox == 0  # the queue holds them all
        assert not any(r.provisional for r in triage.rows())
        assert triage.glimpse() is None  # the queue has rows now: nothing provisional
    finally:
        close(triage)


def test_a_provisional_report_becomes_its_full_row(
    dovecot: Dovecot, imap_user: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    dovecot.deliver(imap_user[0], whisperback_message(
        (WB / "tails-7.5-wifi.txt").read_text(), "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key))
    triage = member(dovecot, imap_user, test_key, tmp_path / "store.json")
    try:
        first = triage.glimpse()
        assert first is not None
        (row,) = first.rows
        # From the clear headers alone: a report, its ID, no summary or version yet.
        assert row.kind is Kind.REPORT and row.report_id == "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
        assert row.provisional and row.version == ""
        (full,) = triage.inbox().rows
        assert full.key == row.key and not full.provisional
        assert full.decrypt is DecryptState.DECRYPTED and full.version == "7.5"
    finally:
        close(triage)


def test_batched_read_gives_the_rows_of_reading_one_message_at_a_time(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        triage.glimpse()
        batched = {r.key: r for r in triage.inbox().rows}
        one_by_one = {}
        for row in batched.values():
            entry = triage.reader.read(row.item)  # one UID FETCH for this message alone
            one_by_one[row.key] = entry.row(row.item)
        assert batched == one_by_one
        kinds = {r.decrypt for r in batched.values()}
        assert {DecryptState.PLAIN, DecryptState.DECRYPTED} <= kinds
        huge = next(r for r in batched.values() if r.summary == "a huge log")
        assert huge.size > 3_000_000
    finally:
        close(triage)


def test_an_interrupted_cold_read_resumes_without_reading_again_what_was_cached(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)  # a batch cached every 5 messages
    total = len(mixed_mail(test_key))

    class Stopped(Exception):
        """The member quit in the middle of the first read."""

    def quit_after_first_batch(rows: list[Row], more: bool) -> None:
        raise Stopped

    first = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        first.glimpse()
        with pytest.raises(Stopped):
            first.read_pending(first.snapshot(), rows_read=quit_after_first_batch)
    finally:
        close(first)

    again = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        assert again.glimpse() is None  # five rows are cached: they show at once
        snapshot = again.snapshot()
        assert len(snapshot.rows) == 5 and len(snapshot.pending) == total - 5
        result = again.read_pending(snapshot)
        assert result.from_cache == 5 and result.parsed == total - 5
        assert len({r.key for r in result.rows}) == total
    finally:
        close(again)


def test_a_reload_during_the_first_read_leaves_the_messages_to_it(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """IDLE announces itself as soon as it starts: the reload it causes must not read
    every message a second time while the first read runs."""
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    total = len(mixed_mail(test_key))
    try:
        triage.glimpse()
        snapshot = triage.snapshot()
        inner: list[int] = []

        def reload_meanwhile(rows: list[Row], more: bool) -> None:
            if not inner:
                second = triage.read_pending(triage.snapshot())
                inner.append(second.parsed)
                assert len(second.pending) == total - 5  # being read by the first call

        result = triage.read_pending(snapshot, rows_read=reload_meanwhile)
        assert inner == [0]
        assert result.parsed == total
    finally:
        close(triage)


def test_a_reload_listed_during_the_first_read_and_read_after_it_reads_nothing_again(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reload's listing came while the first read ran, its reading after: the first
    read's messages are neither read again nor shown from the older listing."""
    monkeypatch.setattr(triage_module, "SAVE_EVERY", 5)
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    total = len(mixed_mail(test_key))
    try:
        triage.glimpse()
        later: list[triage_module.InboxResult] = []

        def list_meanwhile(rows: list[Row], more: bool) -> None:
            if not later:
                later.append(triage.snapshot())
                assert len(later[0].pending) == total - 5
                assert any(r.provisional for r in later[0].rows)

        first = triage.read_pending(triage.snapshot(), rows_read=list_meanwhile)
        assert first.parsed == total
        second = triage.read_pending(later[0])
        assert second.parsed == 0 and not second.pending
        assert len(second.rows) == total and not any(r.provisional for r in second.rows)
    finally:
        close(triage)


def test_provisional_rows_stay_when_the_server_goes_away_before_their_bodies(
    test_key: KeyPair, tmp_path: Path
) -> None:
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        for n in range(3):
            server.deliver(user[0], plain_report(f"{n:032x}", "What happened?\n---\n\nx"))
        triage = member(server, user, test_key, tmp_path / "store.json")
        first = triage.glimpse()
        assert first is not None and len(first.rows) == 3
        snapshot = triage.snapshot()
        server.stop()
        result = triage.read_pending(snapshot)
        assert result.offline is not None and result.parsed == 3
        assert sorted(r.key for r in result.rows) == sorted(r.key for r in first.rows)
        assert all(r.provisional for r in result.rows)
        close(triage)
    finally:
        server.remove()


def test_a_glimpse_too_late_for_the_first_frame_is_given_to_the_next_one(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path
) -> None:
    """The first frame waits for the glimpse's thread a moment only; when it came too late,
    the screen's loading worker asks again and must get those rows, not None because the
    queue holds them (docs/cold-start.md): they were shown only after the whole listing."""
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        late = triage.glimpse(limit=5)  # the thread's, which no first frame took
        assert late is not None and len(late.rows) == 5
        before = triage.source.round_trips  # type: ignore[attr-defined]
        again = triage.glimpse(limit=5)
        assert again is not None and [r.key for r in again.rows] == [r.key for r in late.rows]
        assert triage.source.round_trips == before  # the same rows, not asked again
        assert triage.glimpse(limit=5) is None  # given once: the queue shows them now
    finally:
        close(triage)
    in_time = member(dovecot, mailbox, test_key, tmp_path / "in-time.json")
    listed = member(dovecot, mailbox, test_key, tmp_path / "listed.json")
    try:
        # Taken in time by the first frame: the worker's glimpse has nothing to add.
        assert in_time.glimpse(limit=5) is not None
        in_time.glimpse_shown()
        assert in_time.glimpse(limit=5) is None
        # The listing shows every row: a glimpse nobody took is dropped with it.
        assert listed.glimpse(limit=5) is not None
        listed.snapshot()
        assert listed.glimpse(limit=5) is None
    finally:
        close(in_time)
        close(listed)


def test_a_first_read_is_known_from_the_glimpse_to_its_end_and_the_hot_topics_wait(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a first read runs, the shift-start screen's hot topics are not counted: that
    read, in the TUI's process, the reports the reading processes had not read yet
    (docs/benchmarks.md, "Session 13: the cold read's parent"). Counted after it."""
    monkeypatch.setattr(triage_module, "FAR_MIN", 5)
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    counted: list[str] = []

    class Screen:
        def insight_service(self) -> object:
            counted.append("counted")
            raise HdtuiError("no insight here")  # hot_line says so

    flow = cast(Flow, SimpleNamespace(triage=triage, screen=Screen()))
    try:
        assert not triage.first_read()  # nothing listed or glimpsed
        triage.glimpse(limit=5)
        assert triage.first_read()  # the glimpse's rows alone
        snapshot = triage.snapshot()
        assert triage.first_read()  # listed, not read
        during: list[tuple[bool, str]] = []

        def batch(rows: list[Row], more: bool) -> None:
            during.append((triage.first_read(), hot_line(flow).text))

        triage.read_pending(snapshot, rows_read=batch)
        assert during and all(first for first, _ in during)
        assert {text for _, text in during} == {"Hot topics: counted once the queue is read"}
        assert not counted
        assert not triage.first_read()
        assert hot_line(flow).text.startswith("Hot topics: not counted") and counted
    finally:
        close(triage)


def test_no_first_read_is_coming_while_the_server_is_out_of_reach(
    dovecot: Dovecot, mailbox: tuple[str, str], test_key: KeyPair, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline with messages listed and not read, no read is coming until the link is
    back: the shift-start screen counts what is cached instead of saying "counted once
    the queue is read" for as long as the server is away (found at session 13's
    review)."""
    monkeypatch.setattr(triage_module, "FAR_MIN", 5)
    triage = member(dovecot, mailbox, test_key, tmp_path / "store.json")
    try:
        triage.snapshot()
        assert triage.first_read()  # listed, not read
        listing = triage._listing

        def out_of_reach() -> Any:
            raise ConnectionProblem("The server is out of reach.")

        monkeypatch.setattr(triage, "_listing", out_of_reach)
        assert triage.snapshot().offline
        assert not triage.first_read()
        monkeypatch.setattr(triage, "_listing", listing)
        assert triage.snapshot().offline is None
        assert triage.first_read()  # the link is back: the read comes
    finally:
        close(triage)
