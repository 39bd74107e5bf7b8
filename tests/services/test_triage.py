"""Triage over a real Maildir, real GnuPG and the real store: cache, marks, read-only."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES, bundled_dir
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.queue import DecryptState, Entry, Row, SortOrder, sort_rows
from hdtui.domain.queue_columns import QueueColumns
from hdtui.errors import ReadOnlyError
from hdtui.gpg import GpgCrypto
from hdtui.replies import load_templates
from hdtui.services.triage import InboxResult, Triage
from hdtui.sources import local
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from hdtui.tracker.static import StaticTracker
from tests.support.pgp import (
    KeyPair,
    make_key,
    short_tmp,
    whisperback_message,
    write_maildir,
)

DATA = Path(__file__).parent.parent / "data"
ISSUES = [
    {"iid": 101, "title": "Realtek RTL8723BE: no Wi-Fi networks listed",
     "description": "Wi-Fi card RTL8723BE [10ec:b723] shows no networks. Workaround: "
                    "rtl8723be.fwlps=0 rtl8723be.ips=0\n\n## Standard reply\n\nTry the boot "
                    "options rtl8723be.fwlps=0 rtl8723be.ips=0.\n",
     "labels": ["C:Hardware support"], "state": "opened",
     "web_url": "https://gitlab.tails.boum.org/tails/tails/-/issues/101"},
    {"iid": 102, "title": "Seahorse fails to import PGP public key", "description": "Seahorse",
     "labels": [], "state": "opened", "web_url": "https://example.invalid/102"},
]


@pytest.fixture
def mailbox(test_key: KeyPair, other_key: KeyPair) -> Path:
    root = short_tmp("hdm-")
    wifi = (DATA / "whisperback" / "tails-7.5-wifi.txt").read_text(encoding="utf-8")
    french = (DATA / "whisperback" / "tails-5.14-old-fr.txt").read_text(encoding="utf-8")
    return write_maildir(root / "Maildir", {
        "1.M1P1.test": whisperback_message(wifi, "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64", test_key),
        "2.M2P1.test": whisperback_message(french, "72e11dad9c9faf4d5a990800a3349dd", test_key),
        "3.M3P1.test": whisperback_message("Subject: x\n", "abcdef0123456789abcd", other_key),
        "4.M4P1.test": b"From: ft@example.org\nTo: support@tails.net\nSubject: FT asks\n"
                       b"Date: Tue, 03 Nov 2026 10:00:00 +0000\n\nHow many Wi-Fi reports?\n",
        "5.M5P1.test": (DATA / "bad" / "binary.bin").read_bytes(),
    })


def make(mailbox: Path, home: Path, store: LocalStore, tmp_path: Path,
         read_only: bool = False) -> Triage:
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps(ISSUES))
    templates, problems = load_templates(bundled_dir("replies"))
    assert not problems
    return Triage(MaildirSource(mailbox), GpgCrypto(home), store, StaticTracker(issues),
                  templates, (*DEFAULT_TEAM_ADDRESSES, "ft@example.org"), read_only)


def complete(triage: Triage, result: InboxResult) -> dict[str, Entry]:
    """The complete entry of every message in the queue."""
    found = {row.key: triage.full(row.key) for row in result.rows}
    return {key: entry for key, entry in found.items() if entry is not None}


def test_first_load_decrypts_second_load_uses_the_cache(
    mailbox: Path, test_key: KeyPair, other_key: KeyPair, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    first = triage.inbox()
    assert (first.from_cache, first.parsed) == (0, 5)
    by_key = complete(triage, first)
    wifi = by_key["1.M1P1.test"]
    assert wifi.kind is Kind.REPORT and wifi.decrypt is DecryptState.DECRYPTED
    assert wifi.report is not None and wifi.report.report_id == "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
    assert wifi.version == "7.5" and "HP" in wifi.hardware
    assert by_key["2.M2P1.test"].report_id == "72e11dad9c9faf4d5a990800a3349dd"
    broken = by_key["3.M3P1.test"]
    assert broken.decrypt is DecryptState.FAILED and "no secret key" in (broken.decrypt_error or "")
    assert by_key["4.M4P1.test"].kind is Kind.TEAM
    assert "not a mail message" in " ".join(by_key["5.M5P1.test"].problems)
    rows = {r.key: r for r in first.rows}
    assert rows["1.M1P1.test"].summary == wifi.summary and rows["1.M1P1.test"].version == "7.5"
    assert rows["3.M3P1.test"].state == "undecryptable"
    store.close()

    # Second start, with a keyring that cannot decrypt anything: the cache serves the reports.
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, other_key.home, store, tmp_path)
    second = triage.inbox()
    assert second.from_cache == 5 and second.parsed == 0
    assert [i.key for i in second.retry] == ["3.M3P1.test"]  # to try again in the background
    assert {r.key: r for r in second.rows} == rows
    assert triage.full("1.M1P1.test") == wifi
    store.close()


def test_undecryptable_report_decrypts_once_the_key_is_imported(tmp_path: Path) -> None:
    member, sender = make_key("member@hdtui.invalid"), make_key("other@hdtui.invalid")
    try:
        root = write_maildir(short_tmp("hdr-") / "Maildir", {
            "1.M1P1.test": whisperback_message("Subject: finally readable\n", "abc123", sender),
        })
        store = LocalStore(tmp_path / "store.json")
        triage = make(root, member.home, store, tmp_path)
        (first,) = triage.inbox().rows
        assert first.decrypt is DecryptState.FAILED and triage.read_here == 1
        result = triage.inbox()
        assert result.parsed == 0 and len(result.retry) == 1
        assert triage.retry(result.retry) == []  # still no key: nothing changes
        secret = sender.gpg.export_keys(sender.fingerprint, secret=True, expect_passphrase=False)
        assert GpgCrypto(member.home).import_keys(secret)
        (fixed,) = triage.retry(result.retry)
        assert fixed.decrypt is DecryptState.DECRYPTED and fixed.summary == "finally readable"
        assert triage.read_here == 1  # read here once, then again: one message read
        third = triage.inbox()
        assert third.retry == () and third.rows[0].summary == "finally readable"
        store.close()
    finally:
        member.close()
        sender.close()


def test_a_report_decrypted_later_is_counted_as_it_reads_now(tmp_path: Path) -> None:
    """review27c: a report counted while it could not be decrypted kept those facts once
    the key was imported and it decrypted ("52 could not be decrypted" for ever, in the
    TUI and in `stats`): its facts are computed again, in memory and saved."""
    from hdtui.domain.insight.facts import UNREAD_KIND
    from hdtui.services.insight import Insight

    member, sender = make_key("member@hdtui.invalid"), make_key("other@hdtui.invalid")
    try:
        root = write_maildir(short_tmp("hdr-") / "Maildir", {
            "1.M1P1.test": whisperback_message("Subject: finally readable\n", "abc123", sender),
        })
        store = LocalStore(tmp_path / "store.json")
        triage = make(root, member.home, store, tmp_path)
        insight = Insight(triage, None)
        triage.inbox()  # read: it cannot be decrypted
        (before,) = insight.facts()
        result = triage.inbox()  # from the cache, and to try again
        assert before.kind == UNREAD_KIND
        secret = sender.gpg.export_keys(sender.fingerprint, secret=True, expect_passphrase=False)
        assert GpgCrypto(member.home).import_keys(secret)
        assert len(triage.retry(result.retry)) == 1
        (after,) = insight.facts()
        assert after.kind != UNREAD_KIND and after.report_id == "abc123"
        store.close()
        # A later start reads the saved facts: those of the message as it reads now.
        store = LocalStore(tmp_path / "store.json")
        again = make(root, member.home, store, tmp_path)
        again.inbox()
        (saved,) = Insight(again, None).facts()
        assert saved.kind != UNREAD_KIND
        store.close()
    finally:
        member.close()
        sender.close()


def test_a_message_asked_for_before_its_batch_is_cached_is_read_and_counted_once(
    mailbox: Path, test_key: KeyPair, tmp_path: Path
) -> None:
    """The counting asks for messages as soon as they are in the queue, before ``_read``
    caches their batch: each was read a second time and counted twice ("0 from cache, 74
    read" over the demo's 72)."""
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    reads: list[str] = []
    real_read = triage.reader.read

    def read(item: Any) -> Entry:
        reads.append(item.key)
        return real_read(item)

    triage.reader.read = read  # type: ignore[method-assign]
    keys = [f"{n}.M{n}P1.test" for n in range(1, 6)]
    asked: dict[str, Entry] = {}

    def progress(done: int, total: int) -> None:
        # Called before the last message is put in the queue: the others are, uncached.
        for key in keys:
            entry = triage.full(key)
            if entry is not None:
                asked[key] = entry

    result = triage.read_pending(triage.snapshot(), progress)
    assert result.parsed == 5 and len(asked) == 4
    assert triage.read_here == 5
    assert reads == []  # every message read once, by the read (read_many), never by full
    assert asked == {key: triage.full(key) for key in asked}  # as the cache has them now
    store.close()


def test_marks_and_read_only(mailbox: Path, test_key: KeyPair, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    row = next(r for r in triage.inbox().rows if r.key == "1.M1P1.test")
    claimed = triage.toggle_mark(row, Mark.CLAIMED)
    assert claimed.marks == {Mark.CLAIMED} and claimed.state == "claimed"
    assert store.marks() == {"1.M1P1.test": ["$HDClaimed"]}

    skim = make(mailbox, test_key.home, store, tmp_path, read_only=True)
    with pytest.raises(ReadOnlyError, match="read-only skim"):
        skim.toggle_mark(claimed, Mark.TRIAGED)
    assert store.marks() == {"1.M1P1.test": ["$HDClaimed"]}
    skim.set_note(claimed.key, "looks like #101")  # personal notes are allowed in a skim
    assert skim.note(claimed.key) == "looks like #101"
    reloaded = next(r for r in skim.inbox().rows if r.key == "1.M1P1.test")
    assert reloaded.marks == {Mark.CLAIMED}
    full = skim.full("1.M1P1.test")
    assert full is not None and full.marks == {Mark.CLAIMED}
    store.close()


def test_suggestions_and_replies(mailbox: Path, test_key: KeyPair, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    entries = complete(triage, triage.inbox())
    matches = triage.suggestions(entries["1.M1P1.test"])
    assert matches and matches[0].issue.iid == 101
    assert "10ec:b723" in matches[0].terms or "rtl8723be" in matches[0].terms
    # Two known issues are too few for a confident match: the issue's reply is offered
    # after the replies whose facts fit, first the one written for this Wi-Fi card.
    assert not matches[0].confident
    replies = triage.replies_for(entries["1.M1P1.test"], matches)
    assert replies[0].template.slug == "realtek-rtl8723be"
    assert replies[0].reason.startswith("fits: [10ec:b723] in lspci")
    issue = next(c for c in replies if c.template.source == "issue #101")
    assert issue.reason == "from issue #101, a possible match (not confident): its Standard reply"
    assert "upgrade" not in {c.template.slug for c in replies}  # the feeds are not known
    outdated = triage.replies_for(entries["1.M1P1.test"], matches, stable="9.0")
    assert outdated[0].template.slug == "upgrade"
    assert [c.template for c in outdated[1:]] == [c.template for c in replies]
    french = triage.replies_for(entries["2.M2P1.test"])
    assert {c.template.language for c in french
            if c.template.slug == "hardware-unsupported"} == {"fr"}
    store.close()


def test_a_team_members_answer_in_an_ft_thread_comes_first(tmp_path: Path,
                                                          test_key: KeyPair) -> None:
    thread = b"Subject: Re: [FT] Bug report: 8c1f3e0a9b7d42e6a5f01c3d9e2b7a64\n" \
             b"To: tails-bugs@boum.org\n"
    mailbox = write_maildir(short_tmp("hdf-") / "Maildir", {
        "1.M1P1.t": b"From: Rowan <rowan@example.org>\n" + thread +
                    b"Date: Tue, 03 Nov 2026 10:00:00 +0000\n\nRaising this report.\n",
        "2.M2P1.t": b"From: Anna (FT) <anna@example.org>\n" + thread +
                    b"Date: Wed, 04 Nov 2026 10:00:00 +0000\n\nCan you count them?\n",
        "3.M3P1.t": b"From: user@example.org\nSubject: help\n"
                    b"Date: Thu, 05 Nov 2026 10:00:00 +0000\n\nhelp\n",
    })
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps(ISSUES))
    triage = Triage(MaildirSource(mailbox), GpgCrypto(test_key.home),
                    LocalStore(tmp_path / "store.json"), StaticTracker(issues), [],
                    DEFAULT_TEAM_ADDRESSES,
                    helpdesk_addresses=("support@tails.net", "rowan@example.org"))
    rows = sort_rows(triage.inbox().rows, SortOrder.PRIORITY)
    assert [(r.kind, r.summary[:10]) for r in rows] == [
        (Kind.TEAM, "Re: [FT] B"), (Kind.FT, "Re: [FT] B"), (Kind.SUPPORT, "help")]
    assert triage.full(rows[0].key).message.sender_address == "anna@example.org"  # type: ignore[union-attr]
    triage.store.close()  # type: ignore[attr-defined]


def test_a_listing_compares_the_queue_by_position_not_a_row_per_message(
    mailbox: Path, test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm start lists the Maildir and compares it with the cached queue: a message
    whose flags changed is listed again, a removed one is gone, a new one waits to be
    read; the others are compared by their position's size and seen flag, without a Row
    made or a Path kept for each (docs/insight.md, "Session 13: stats --json at
    100,000")."""
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    triage.inbox()
    store.close()
    (mailbox / "new" / "2.M2P1.test").rename(mailbox / "cur" / "2.M2P1.test:2,S")
    (mailbox / "new" / "4.M4P1.test").unlink()
    (mailbox / "new" / "6.M6P1.test").write_bytes(b"From: a@example.org\nSubject: hi\n\nx\n")
    looked_up: list[str] = []
    made = 0
    real_get = QueueColumns.get
    real_path = local.Path

    def get(self: QueueColumns, key: str, default: Row | None = None) -> Row | None:
        looked_up.append(key)
        return real_get(self, key, default)

    def path(*parts: str) -> Path:
        nonlocal made
        made += 1
        return real_path(*parts)

    monkeypatch.setattr(QueueColumns, "get", get)
    monkeypatch.setattr(local, "Path", path)
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)
    snapshot = triage.snapshot()
    assert (snapshot.listed, snapshot.gone) == (2, 1)
    assert [item.key for item in snapshot.pending] == ["6.M6P1.test"]
    rows = {row.key: row for row in snapshot.rows}
    assert sorted(rows) == ["1.M1P1.test", "2.M2P1.test", "3.M3P1.test", "5.M5P1.test"]
    assert rows["2.M2P1.test"].seen and not rows["1.M1P1.test"].seen
    assert sorted(looked_up) == ["2.M2P1.test", "6.M6P1.test"]  # the listed ones, to apply
    assert made == 0
    assert triage.full("2.M2P1.test") is not None
    assert b"Subject: hi" in triage.source.read("6.M6P1.test")
    store.close()


@pytest.mark.parametrize("forks", [True, False])
def test_a_listing_beside_other_work_is_made_in_a_child_and_gives_the_same_queue(
    mailbox: Path, test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    forks: bool
) -> None:
    """``hdtui stats`` decodes its saved facts while a Maildir's cached queue is read, then
    the Maildir listed and compared with it, in a forked child (``snapshot``'s
    ``beside``): the same rows, delta, pending messages and columns kept as a read and
    listing made here, the queue's columns and the files index handed back (a new message
    is read from it), ``beside`` called once in this process; without ``beside`` (the
    TUI), or where no child is made (another thread runs), all is made here, once
    (docs/insight.md, "Session 15: stats --json at 100,000" and "Session 16")."""
    import threading

    from hdtui import store as store_module

    store = LocalStore(tmp_path / "store.json")
    make(mailbox, test_key.home, store, tmp_path).inbox()
    store.close()
    (mailbox / "new" / "2.M2P1.test").rename(mailbox / "cur" / "2.M2P1.test:2,S")
    (mailbox / "new" / "4.M4P1.test").unlink()
    (mailbox / "new" / "6.M6P1.test").write_bytes(b"From: a@example.org\nSubject: hi\n\nx\n")
    done_by = tmp_path / "done-by"
    real_list, real_pages = MaildirSource.list, store_module.LocalStore.queue_pages
    # Forked makes no child while another thread runs: only this test's count here, not
    # the workers other tests of the run leave ending (one more where it must make none).
    before = set(threading.enumerate())
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: (1 if forks else 2) + len(set(threading.enumerate()) - before))

    def mark(what: str) -> None:
        with done_by.open("a") as out:  # a child's memory is not this process's
            out.write(f"{what} {os.getpid()}\n")

    def list_(self: MaildirSource) -> list[local.SourceItem]:
        mark("listed")
        return real_list(self)

    def pages(self: LocalStore, *args: Any, **kwargs: Any) -> None:
        mark("read")
        real_pages(self, *args, **kwargs)

    monkeypatch.setattr(MaildirSource, "list", list_)
    monkeypatch.setattr(store_module.LocalStore, "queue_pages", pages)

    def shape(triage: Triage, snapshot: InboxResult) -> tuple[object, ...]:
        kept = triage._to_keep
        return (snapshot.listed, snapshot.gone, sorted(i.key for i in snapshot.pending),
                sorted(tuple(r) for r in snapshot.rows), kept is not None and
                (kept[0], sorted(i.key for i in kept[2]), kept[1].touched()),
                list(triage.rows().each_key()))

    found = []
    for beside in (True, False):
        shutil.copy(tmp_path / "store-cache.sqlite", tmp_path / "copy.sqlite")
        store = LocalStore(tmp_path / "store.json")
        triage = make(mailbox, test_key.home, store, tmp_path)
        calls: list[int] = []
        snapshot = triage.snapshot(partial(calls.append, os.getpid()) if beside else None)
        found.append(shape(triage, snapshot))
        assert calls == ([os.getpid()] if beside else [])
        assert b"Subject: hi" in triage.source.read("6.M6P1.test")
        done = [line.split() for line in done_by.read_text().splitlines()]
        done_by.unlink()
        assert [what for what, _ in done] == ["read", "listed"]
        assert {int(pid) != os.getpid() for _, pid in done} == {beside and forks}
        store.close()
        shutil.copy(tmp_path / "copy.sqlite", tmp_path / "store-cache.sqlite")
    assert found[0] == found[1]
    assert found[0][:3] == (2, 1, ["6.M6P1.test"])


def test_the_queue_a_child_read_is_let_go_as_it_is_restored(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The pickled queue the listing's child hands back is taken from it (not held there
    once loaded), and each loaded array is given to ``restore`` as a view of its bytes and
    taken out of the loaded ones as it is: the same columns (docs/benchmarks.md, "Session
    26: stats --json's peak at 100,000, the listing")."""
    import pickle

    from hdtui.domain.mailbox_delta import Delta
    from hdtui.services.triage import _each_taken, _ListedInChild
    from tests.unit.test_queue_columns import rows

    columns = QueueColumns()
    for row in rows():
        columns.put(row)
    arrays, data = columns.state()
    loaded = pickle.loads(pickle.dumps(arrays))
    left: list[int] = []

    def taken() -> Any:
        for name, pieces in _each_taken(loaded):
            left.append(len(loaded))
            yield name, pieces

    again = QueueColumns.restore(data, taken())
    assert list(again.values()) == list(columns.values())
    assert left == list(range(len(arrays) - 1, -1, -1))

    class Files:
        def listed_files(self) -> dict[str, str]:
            return {}

        def use_listed_files(self, files: dict[str, str]) -> None:
            pass

    monkeypatch.setattr("hdtui.forked.threading.active_count", lambda: 2)  # made here
    asked = _ListedInChild(lambda: Delta([]), Files(), lambda: b"the queue")
    assert asked.queue() == b"the queue" == asked.take_queue()
    assert asked.queue() is None and asked.delta() == Delta([])


def test_work_beside_the_listing_that_fails_leaves_no_child(
    mailbox: Path, test_key: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When ``snapshot``'s ``beside`` fails (the saved facts unreadable), its error comes
    through and the child listing the Maildir is ended and waited for, not left a zombie
    with its pipe open."""
    import threading

    from hdtui import forked

    store = LocalStore(tmp_path / "store.json")
    make(mailbox, test_key.home, store, tmp_path).inbox()
    store.close()
    before = set(threading.enumerate())  # Forked makes no child while other threads run
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))
    made: list[forked.Forked[object]] = []
    real_init = forked.Forked.__init__

    def init(self: forked.Forked[object], work: Callable[[], object]) -> None:
        real_init(self, work)
        made.append(self)

    monkeypatch.setattr(forked.Forked, "__init__", init)
    store = LocalStore(tmp_path / "store.json")
    triage = make(mailbox, test_key.home, store, tmp_path)

    def beside() -> None:
        raise OSError("the facts could not be read")

    try:
        with pytest.raises(OSError, match="the facts could not be read"):
            triage.snapshot(beside)
    finally:
        store.close()
    assert len(made) == 1 and made[0]._pid > 0
    with pytest.raises(ChildProcessError):  # waited for already
        os.waitpid(made[0]._pid, os.WNOHANG)



def test_the_help_desks_own_auto_reply_coming_back_is_system_mail(
    tmp_path: Path, test_key: KeyPair, demo_setup: Callable[..., Any]
) -> None:
    """Its subject (replies/auto-reply.*.md, the configured copy first) makes it system
    mail; the same words in another subject do not (docs/autoreply.md)."""
    from hdtui.replies import auto_reply_subjects

    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "auto-reply.de.md").write_text(
        "---\ntitle: Auto-reply\nlanguage: de\nsubject: Automatische Antwort des Help Desk\n"
        "---\nDies ist eine automatische Antwort.\n", encoding="utf-8")
    subjects = auto_reply_subjects([replies, bundled_dir("replies")])
    assert subjects == ("Automatische Antwort des Help Desk",
                        "Automatic reply from the Tails Help Desk")

    def mail(subject: str) -> bytes:
        return (f"From: someone@example.net\nTo: helpdesk@example.org\nSubject: {subject}\n"
                "Date: Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <x@example.net>\n\n"
                "Text.\n").encode()

    box = write_maildir(tmp_path / "box", {
        "1.M1P1.test": mail("Automatic reply from the Tails Help Desk"),
        "2.M2P1.test": mail("automatische antwort des help desk"),
        "3.M3P1.test": mail("Re: Automatic reply from the Tails Help Desk: still broken"),
    })
    templates, _ = load_templates(bundled_dir("replies"))
    issues = tmp_path / "issues.json"
    issues.write_text("[]")
    store = LocalStore(tmp_path / "store.json")
    triage = Triage(MaildirSource(box), GpgCrypto(test_key.home), store,
                    StaticTracker(issues), templates, DEFAULT_TEAM_ADDRESSES,
                    system_subjects=subjects)
    kinds = {r.key: r.kind for r in triage.inbox().rows}
    assert kinds["1.M1P1.test"] is Kind.SYSTEM and kinds["2.M2P1.test"] is Kind.SYSTEM
    assert kinds["3.M3P1.test"] is not Kind.SYSTEM  # a user answering it is user mail
    store.close()
    # The app's wiring passes the replies' auto-reply subjects to its reader.
    assert "Automatic reply from the Tails Help Desk" in \
        demo_setup().triage.reader.system_subjects


def test_a_file_that_is_not_mail_is_a_system_item_and_never_counted(
    mailbox: Path, test_key: KeyPair, tmp_path: Path
) -> None:
    # The walk's Maildir: binary.bin, no-headers.eml and notes.txt were three "Mail (not a
    # mail message)" rows at the top of the queue, counted by hot topics, skipped by stats.
    (mailbox / "cur" / "6.M6P1.test").write_bytes((DATA / "bad" / "no-headers.eml")
                                                  .read_bytes())
    from hdtui.domain.insight.counted import counted
    from hdtui.services.insight import Insight

    store = LocalStore(tmp_path / "store.json")
    try:
        triage = make(mailbox, test_key.home, store, tmp_path)
        rows = {r.key: r for r in triage.inbox().rows}
        junk = {"5.M5P1.test", "6.M6P1.test"}
        assert junk <= set(rows)  # still in the queue: a member may want to look
        assert {rows[k].kind for k in junk} == {Kind.SYSTEM}
        facts = Insight(triage, None).facts()
        assert {f.kind for f in facts if f.key in junk} == {"system"}
        assert not junk & {f.key for f in counted(facts)}
        view = Insight(triage, None, as_of_newest=True).overview()
        assert not junk & {f.key for f in view.facts}
    finally:
        store.close()
