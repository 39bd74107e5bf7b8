"""Fix29a item 6: messages with CR CR LF line ends cached before fix28c and fix28d read
them as line ends keep the text read then (a body with an empty line after every line, or
the whole message read as its header block) until read again: a version 13 cache reads
those again when opened, and only those (docs/store.md)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from hdtui.cache import UPDATING, VERSION
from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.insight import RULES_VERSION
from hdtui.services.triage import Triage
from hdtui.sources.local import MaildirSource
from hdtui.store import LocalStore
from tests.adapters.test_cache_migration import _PlainOnly

SAMPLE = Path(__file__).parent.parent / "data" / "bad" / "cr-cr-lf.eml"
FRESH = "Tor Connection stops after 5 minutes on Tails 7.7.\nTor Browser shows nothing.\n"
BEFORE_FIX28D = "Tor Connection stops after 5 minutes on Tails 7.7.\n\nTor Browser shows " \
    "nothing.\n\n"
BEFORE_FIX28C = "Tor Connection stops after 5 minutes on Tails 7.7. \nTor Browser shows " \
    "nothing. \n"
"""What each reading before gave of the sample's body (the code of 3a623d13^ and
a3a4ab23^, run on it)."""


def test_a_version_13_cache_reads_again_what_cr_cr_lf_gave_before(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    mailbox = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (mailbox / sub).mkdir(parents=True)
    raw = SAMPLE.read_bytes()
    early, late, plain, spaced = (f"170000000{n}.M{n}P1.host" for n in range(4))
    (mailbox / "cur" / f"{early}:2,").write_bytes(raw)
    (mailbox / "cur" / f"{late}:2,").write_bytes(raw)
    (mailbox / "cur" / f"{plain}:2,").write_bytes(
        b"From: a@example.org\nSubject: paragraphs\n\nOne.\nTwo.\n\nThree.\n")
    (mailbox / "cur" / f"{spaced}:2,").write_bytes(  # a mail written double-spaced
        b"From: b@example.org\nSubject: spaced\n\nOne.\n\nTwo.\n\n")
    source = MaildirSource(mailbox)

    def inbox() -> tuple[dict[str, str], int]:
        store = LocalStore(tmp_path / "store.json")
        try:
            triage = Triage(source, _PlainOnly(), store, None, [], ())  # type: ignore[arg-type]
            result = triage.inbox()
            return {row.key: str(triage.full(row.key).message.text)
                    for row in result.rows}, result.parsed
        finally:
            store.close()

    texts, parsed = inbox()
    assert parsed == 4 and texts[early] == texts[late] == FRESH
    # What the member did to the messages read again: the marks kept on the queue's rows
    # (the source's keywords), and the marks, note and draft in store.json.
    store = LocalStore(tmp_path / "store.json")
    store.set_keywords(source.identity, early, "$label1 helpdesk-claimed")
    store.set_marks(early, ["known-issue"])
    store.set_note(late, "asked for the boot log")
    store.keep_draft(Draft(kind=DraftKind.REPLY, to=("user@example.org",), subject="Re: Tor",
                           body="Hello,\n", report_key=late))
    store.close()
    assert UPDATING not in capfd.readouterr().err  # a version 16 cache: nothing said
    # The cache as version 13 holds them when the code before fix28c (``early``) and
    # before fix28d (``late``) read them.
    db = sqlite3.connect(tmp_path / "store-cache.sqlite", isolation_level=None)

    def rewrite(key: str, text: str, problems: list[str]) -> None:
        (full,) = db.execute("SELECT full FROM messages WHERE key = ?", (key,)).fetchone()
        entry: dict[str, Any] = json.loads(full)
        entry["message"]["text"] = text
        entry["message"]["problems"] = problems
        db.execute("UPDATE messages SET full = ? WHERE key = ?",
                   (json.dumps(entry, separators=(",", ":")), key))  # as the cache writes

    rewrite(early, BEFORE_FIX28C, ["a header held a bare carriage return (read as a space)",
                                   "MIME defect: MissingHeaderBodySeparatorDefect"])
    rewrite(late, BEFORE_FIX28D, [])
    keys = (early, late, plain, spaced)
    db.executemany(f"INSERT INTO facts VALUES (?, ?, 1, {RULES_VERSION}, 'fp', '[]')",
                   [(source.identity, key) for key in keys])
    db.execute("PRAGMA user_version = 13")
    db.close()
    texts, parsed = inbox()
    # Said before the scan, on the terminal the app has not taken yet (review29 #4).
    assert capfd.readouterr().err.splitlines() == [UPDATING]
    # The two read again (and the double-spaced mail, which looks the same), the mail
    # with paragraphs kept as read.
    assert parsed == 3
    assert texts[early] == texts[late] == FRESH
    assert texts[spaced] == "One.\n\nTwo.\n\n" and texts[plain] == "One.\nTwo.\n\nThree.\n"
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION == 16
    assert {key for (key,) in db.execute("SELECT key FROM facts")} == {plain}
    assert db.execute("SELECT keywords FROM queue WHERE key = ?", (early,)).fetchone() == (
        "$label1 helpdesk-claimed",)
    db.close()
    store = LocalStore(tmp_path / "store.json")
    try:
        assert store.marks() == {early: ["known-issue"]}
        assert store.note(late) == "asked for the boot log"
        draft = store.draft(DraftKind.REPLY, late)
        assert draft is not None and draft.to == ("user@example.org",)
    finally:
        store.close()
    inbox()  # a version 16 cache now: nothing said
    assert UPDATING not in capfd.readouterr().err
