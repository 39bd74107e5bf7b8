"""The local store: owner-only files, one process, atomic writes, a full disk, damaged
files moved aside and the last good copy restored, leftovers removed."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hdtui.domain.compose import Draft, DraftKind
from hdtui.domain.followups import Acted, ActKind, Reminder
from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite, WriteKind, WriteState
from hdtui.domain.issue_draft import IssueDraft
from hdtui.domain.kept_form import FormKind, KeptForm, issue_key
from hdtui.domain.mail import SourceItem
from hdtui.domain.marks import Mark, MarkChange
from hdtui.domain.process import Condition, Outcome, ReproduceState, StopReason
from hdtui.domain.query import parse
from hdtui.domain.queue import ParsedLine
from hdtui.errors import StoreError
from hdtui.store import FORMAT, LocalStore


def parsed(key: str, size: int, line: str, full: object, search: str = "",
           stamp: float = 1.5e9, kind: int = 1) -> ParsedLine:
    return ParsedLine(key, size, stamp, kind, 0, line, json.dumps(full), search)


def test_files_are_owner_only(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "state" / "store.json")
    store.apply_listing("ns", [SourceItem("a", 1)], [])
    store.put_parsed("ns", [parsed("a", 1, "summary", {"x": 1, "debug": []})])
    store.set_note("a:1", "decrypted reports and notes are private")
    store.close()
    for path in (tmp_path / "state" / "store.json", tmp_path / "state" / "store.json.lock",
                 tmp_path / "state" / "store-cache.sqlite"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700


def test_queue_marks_notes_settings_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    store.apply_listing("ns", [SourceItem("a", 1, keywords=frozenset({"$HDClaimed"}),
                                          modseq=7), SourceItem("b", 2, seen=True)], [],
                        ("live-state:ns", {"INBOX": [1, 2]}))
    store.apply_listing("other", [SourceItem("a", 1)], [])
    store.put_parsed("ns", [parsed("a", 1, "Wi-Fi\x1f7.5", {"x": 1, "full": True},
                                   " wifi gone after upgrade")])
    store.set_marks("a", ["$HDClaimed"])
    store.set_note("a", "asked FT on XMPP")
    store.set_note("c", "")  # an emptied note is no note
    store.set_setting("sort", "oldest")
    assert store.noted() == {"a"}
    store.close()
    again = LocalStore(path)
    lines = {line[0]: line for line in again.queue_lines("ns", tuple)}
    assert lines["a"] == ("a", 1, 1.5e9, 1, 0, 0, "$HDClaimed", 7, "Wi-Fi\x1f7.5")
    assert "b" not in lines  # listed, not read yet:
    assert again.unread("ns") == [SourceItem("b", 2, seen=True)]
    assert [line[0] for line in again.queue_head("ns", 5)] == ["a"]
    assert [i.key for i in again.unread("other")] == ["a"]
    assert again.queue_lines("other", tuple) == []
    assert again.full("ns", "a", 1) == {"x": 1, "full": True}
    assert again.full("ns", "a", 2) is None  # another size: another message
    assert again.search("ns", parse("gone Wi-Fi").clauses).include == {"a"}
    assert again.search("ns", parse("gone printer").clauses).include == set()
    assert again.sync_state("live-state:ns") == {"INBOX": [1, 2]}
    assert again.marks() == {"a": ["$HDClaimed"]}
    assert again.note("a") == "asked FT on XMPP" and again.note("b") == ""
    assert again.setting("sort") == "oldest" and again.setting("x", 5) == 5
    again.close()


def test_listing_updates_flags_keeps_what_was_read_and_forgets_gone(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    store.apply_listing("ns", [SourceItem("a", 1), SourceItem("b", 2), SourceItem("c", 3)], [])
    store.put_parsed("ns", [parsed("a", 1, "A", {"a": 1}, " alpha"),
                            parsed("b", 2, "B", {"b": 1}, " beta")])
    # a: flags changed; b: rewritten (another size: read again); c: gone.
    store.apply_listing("ns", [SourceItem("a", 1, seen=True, modseq=9), SourceItem("b", 5)],
                        ["c"])
    lines = {line[0]: line for line in store.queue_lines("ns", tuple)}
    assert set(lines) == {"a"}
    assert lines["a"][5] == 1 and lines["a"][7] == 9 and lines["a"][8] == "A"
    assert store.unread("ns") == [SourceItem("b", 5)]
    store.apply_listing("ns", [], ["a"])
    assert store.full("ns", "a", 1) is None
    assert store.search("ns", parse("alpha").clauses).include == set()
    store.close()


def test_a_read_messages_json_text_is_stored_as_it_is_given(tmp_path: Path) -> None:
    # The reading child writes the text ``codec.to_json`` made, not a dict to encode again
    # (docs/benchmarks.md, "Session 16: the cold read, parent and children").
    import sqlite3

    store = LocalStore(tmp_path / "store.json")
    store.apply_listing("ns", [SourceItem("a", 1)], [])
    text = '{"b":[2,"\\u00e9"],"a":1}'
    store.put_parsed("ns", [ParsedLine("a", 1, 1.5e9, 1, 0, "A", text, " alpha")])
    assert store.full("ns", "a", 1) == {"b": [2, "\u00e9"], "a": 1}
    store.close()
    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    assert db.execute("SELECT full FROM messages WHERE key = 'a'").fetchall() == [(text,)]
    db.close()


def test_the_queue_and_its_unread_messages_come_from_one_pass(tmp_path: Path) -> None:
    """A warm start's read of the queue gives the messages listed but not read yet from
    the same query: one walk of the queue table, not a second for ``unread``
    (docs/benchmarks.md, "Session 11")."""
    store = LocalStore(tmp_path / "store.json")
    store.apply_listing("ns", [SourceItem(f"k{n:04}", n + 1, seen=n % 2 == 0,
                                          keywords=frozenset({"$HDClaimed"} if n % 5 else ()),
                                          modseq=n) for n in range(2500)], [])
    store.apply_listing("other", [SourceItem("x", 1)], [])
    store.put_parsed("ns", [parsed(f"k{n:04}", n + 1, f"S{n}", {}, f" s{n}")
                            for n in range(2500) if n % 3])
    walks: list[str] = []
    store._cache._db.set_trace_callback(  # type: ignore[attr-defined]
        lambda sql: walks.append(sql) if "FROM queue" in sql else None)
    pages: list[int] = []
    lines: list[str] = []
    unread: list[SourceItem] = []

    def take(page: list[tuple[object, ...]]) -> None:
        pages.append(len(page))
        lines.extend(str(line[0]) for line in page)

    store.queue_pages("ns", take, unread)
    assert len(walks) == 1  # one query for both
    store._cache._db.set_trace_callback(None)  # type: ignore[attr-defined]
    assert lines == [f"k{n:04}" for n in range(2500) if n % 3]
    assert len(pages) == 2 and all(pages)  # pages of lines only, none empty
    assert unread == store.unread("ns") and len(unread) == 834
    assert unread[1] == SourceItem("k0003", 4, seen=False, keywords=frozenset({"$HDClaimed"}),
                                   modseq=3)
    found: list[str] = []
    store.queue_pages("ns", lambda page: found.extend(str(line[0]) for line in page))
    assert found == lines  # without ``unread``: the lines alone, as before
    store.close()


def test_second_process_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    code = (
        "import sys; from pathlib import Path; from hdtui.store import LocalStore\n"
        "from hdtui.errors import StoreError\n"
        "try:\n    LocalStore(Path(sys.argv[1]))\nexcept StoreError as e:\n"
        "    print(e.message); sys.exit(3)\n"
    )
    inflight = tmp_path / ".store.json.tmp-inflight"  # the owner's write under way
    inflight.write_text("{}")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, cwd=Path(__file__).parents[2], check=False)
    assert result.returncode == 3, result.stderr
    assert f"Another hdtui (pid {os.getpid()})" in result.stdout
    assert inflight.exists()  # only the lock holder cleans
    store.close()
    # Once released, the store opens again.
    LocalStore(path).close()


def test_writes_are_atomic_and_valid_json(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    for n in range(20):
        store.set_note(f"k{n}", f"note {n}")
        json.loads(path.read_text())  # never half-written
    store.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.json.tmp-")]


def test_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    store.set_note("a", "first")
    before = path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError, match=r"disk .* is full"):
        store.set_note("a", "second")
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.json.tmp-")]
    monkeypatch.undo()
    # The change was kept in memory and is written with the next change.
    store.set_note("b", "third")
    store.close()
    again = LocalStore(path)
    assert again.note("a") == "second" and again.note("b") == "third"
    again.close()


def test_damaged_report_cache_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "store-cache.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="only a cache: move it aside"):
        LocalStore(tmp_path / "store.json")


def test_sync_state_and_a_large_queue(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    store.apply_listing("ns", [SourceItem(f"k{n}", n) for n in range(1200)], [])
    store.put_parsed("ns", [parsed(f"k{n}", n, f"line {n}", {"n": n}, stamp=1.5e9 + n,
                                   kind=0 if n == 7 else 1) for n in range(1200)])
    store.set_sync_state("live-state:x", {"INBOX": {"uidvalidity": 7}})
    store.close()
    again = LocalStore(tmp_path / "store.json")
    assert again.sync_state("live-state:x") == {"INBOX": {"uidvalidity": 7}}
    assert again.sync_state("other") is None
    assert len(again.queue_lines("ns", tuple)) == 1200
    # The first frame's rows: team mail (kind 0) first, then newest.
    head = again.queue_head("ns", 3)
    assert [line[0] for line in head] == ["k7", "k1199", "k1198"]
    assert again.full("ns", "k1100", 1100) == {"n": 1100}
    again.close()


def test_a_cache_of_an_older_layout_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(tmp_path / "store-cache.sqlite")
    db.execute("CREATE TABLE messages (ns, key, schema, light, full)")
    db.execute("INSERT INTO messages VALUES ('ns', 'k', 2, '{}', '{}')")
    db.commit()
    db.close()
    store = LocalStore(tmp_path / "store.json")
    assert store.queue_lines("ns", tuple) == []
    store.apply_listing("ns", [SourceItem("k", 1)], [])
    assert store.unread("ns") == [SourceItem("k", 1)]
    store.close()


# -- a damaged, missing or loose store ----------------------------------------------------

DAMAGED = re.compile(r"The local store (\S+) is damaged \((.+)\): moved aside as "
                     r"(\S+\.damaged-\d{8}-\d{6}), starting empty \(there is no last good "
                     r"copy\)\.")


DRAFT = Draft(DraftKind.REPLY, ("ana@example.org",), "Re: Bug report", "Hello",
              report_key="a")


def fill(path: Path) -> None:
    """Marks, a note and a kept draft."""
    store = LocalStore(path)
    store.set_marks("a", ["$HDClaimed"])
    store.set_note("a", "asked FT on XMPP")
    store.keep_draft(DRAFT)
    store.close()


def assert_filled(store: LocalStore) -> None:
    assert store.marks() == {"a": ["$HDClaimed"]}
    assert store.note("a") == "asked FT on XMPP"
    assert store.drafts() == [DRAFT]


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "it is empty"),
    (b" \n\t\n", "it holds only blank space"),
    (b'{"notes": {"1": {"key": "a", "text": "caf\xe9"}}}', "it is not UTF-8 text at byte 41"),
    (b"not json", "Expecting value at line 1, column 1"),
    (b'{"notes": {"1": {"key": "a", "te', "Unterminated string"),
    (b"[]", "it holds a JSON array, not tables"),
    (b'"store"', "it holds a JSON string, not tables"),
    (b'{"marks": []}', "table 'marks' is a JSON array, not documents"),
    (b'{"notes": {"1": "asked FT"}}', "document 1 of table 'notes' is a JSON string"),
    (b'{"notes": {"one": {"key": "a", "text": "x"}}}', "document ID 'one' that is not a"),
    (b'{"marks": {"1": {"key": "a"}}}', "document 1 of table 'marks' lacks a valid 'marks'"),
    (b'{"settings": {"1": {"value": 5}}}', "lacks a valid 'name'"),
])
def test_every_kind_of_damage_is_moved_aside_and_said(tmp_path: Path, content: bytes,
                                                      reason: str) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(content)
    store = LocalStore(path)
    assert len(store.notices) == 1, store.notices
    said = DAMAGED.fullmatch(store.notices[0])
    assert said, store.notices[0]
    assert said[1] == str(path) and reason in said[2]
    aside = Path(said[3])
    assert aside.parent == tmp_path and aside.read_bytes() == content  # kept as it was
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    # Empty and usable: no traceback now or at the first read.
    assert store.marks() == {} and store.note("a") == ""
    store.set_note("a", "new")
    store.close()
    again = LocalStore(path)
    assert again.notices == [] and again.note("a") == "new"
    again.close()


def test_a_store_emptied_by_a_crash_comes_back_from_its_last_good_copy(
        tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    fill(path)
    LocalStore(path).close()  # a sound start refreshes the last good copy
    assert (tmp_path / "store.json.last-good").read_bytes() == path.read_bytes()
    path.write_bytes(b"")  # zero bytes after a crash
    store = LocalStore(path)
    [notice] = store.notices
    assert re.fullmatch(
        rf"The local store {re.escape(str(path))} is damaged \(it is empty\): moved aside "
        r"as \S+\.damaged-[-\d]+; restored the last good copy, saved \d{4}-\d\d-\d\d "
        r"\d\d:\d\d \(\S+store\.json\.last-good\)\. The last change before that may "
        r"be missing\.", notice), notice
    assert_filled(store)
    store.close()
    assert [p.name for p in tmp_path.glob("store.json.damaged-*")]
    again = LocalStore(path)
    assert again.notices == []
    assert_filled(again)
    again.close()


def test_each_write_keeps_the_version_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    store.set_note("a", "first")
    store.set_note("b", "second")
    store.close()
    path.write_text('{"notes": {"1": ')
    again = LocalStore(path)
    assert "restored the last good copy" in again.notices[0]
    # The copy is the version before the last write: the last change may be missing.
    assert again.note("a") == "first" and again.note("b") == ""
    again.close()


def test_a_missing_store_with_a_last_good_copy_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    fill(path)
    LocalStore(path).close()
    path.unlink()
    store = LocalStore(path)
    [notice] = store.notices
    assert notice.startswith(f"The local store {path} is missing; restored the last good copy")
    assert_filled(store)
    store.close()


def test_a_damaged_store_and_a_damaged_copy_both_move_aside(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(b"[]")
    (tmp_path / "store.json.last-good").write_bytes(b"\xff")
    store = LocalStore(path)
    [notice] = store.notices
    assert "is damaged (it holds a JSON array, not tables): moved aside as" in notice
    assert "starting empty. Its last good copy was damaged too (it is not UTF-8" in notice
    assert store.marks() == {}
    store.close()
    assert sorted(p.read_bytes() for p in tmp_path.glob("*.damaged-*")) == [b"[]", b"\xff"]


def test_a_store_that_cannot_be_read_refuses_to_start(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.mkdir()  # not a file: nothing to move aside safely, nothing to start over
    with pytest.raises(StoreError, match=r"^Refusing to start: cannot read the local store"):
        LocalStore(path)
    assert path.is_dir()
    path.rmdir()
    LocalStore(path).close()  # the refusal released the lock


PREVIOUS_FORMAT = (
    # Exactly what the previous version (format 1) wrote: personal state as settings values,
    # no last good copy.
    '{"marks":{"1":{"key":"a","marks":["$HDClaimed"]}},'
    '"notes":{"1":{"key":"a","text":"asked FT on XMPP"}},'
    '"settings":{"1":{"name":"drafts","value":{"reply:a":{"kind":"reply",'
    '"to":["ana@example.org"],"cc":[],"subject":"Re: Bug report","body":"Hello",'
    '"in_reply_to":null,"references":[],"attachment_name":"original-message.eml",'
    '"encrypt_to":null,"user_key":null,"report_key":"a","report_id":null,"notes":[]},'
    '"forward:cur/1,S=5:2,S":{"kind":"forward","to":["FT <ft@tails.net>"],"cc":[],'
    '"subject":"Fwd: x","body":"ctx","in_reply_to":null,"references":[],'
    '"attachment_name":"original-message.eml","encrypt_to":null,"user_key":null,'
    '"report_key":"cur/1,S=5:2,S","report_id":null,"notes":["n",'
    '"Missing placeholders still in the text: issue_url, version"]}}},'
    '"2":{"name":"sort","value":"oldest"},'
    '"3":{"name":"my-claims","value":["a","INBOX/7"]},'
    '"4":{"name":"outbox","value":[{"key":"INBOX/7","mark":"$HDTriaged","add":true},'
    '{"key":"INBOX/8","mark":"$HDClaimed","add":false}]},'
    '"5":{"name":"reproduce:a","value":{"conditions":["new-information"],'
    '"started_at":1790000000.0,"result":null,"finished_at":null}},'
    '"6":{"name":"outcome:a","value":{"no_reply":true,"reason":"low priority"}}}}')


def test_a_store_of_the_previous_format_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(PREVIOUS_FORMAT)
    store = LocalStore(path)
    assert store.notices == []
    assert_filled_previous(store)
    store.close()
    # The previous file is the last good copy; the store is rewritten once, in the new
    # format, and opens as it is from then on.
    assert (tmp_path / "store.json.last-good").read_text() == PREVIOUS_FORMAT
    migrated = json.loads(path.read_text())
    assert migrated["meta"] == {"1": {"name": "format", "value": FORMAT}}
    assert [d["name"] for d in migrated["settings"].values()] == ["sort"]
    before = path.read_bytes()
    again = LocalStore(path)
    assert_filled_previous(again)
    again.close()
    assert path.read_bytes() == before


def assert_filled_previous(store: LocalStore) -> None:
    assert store.marks() == {"a": ["$HDClaimed"]}
    assert store.note("a") == "asked FT on XMPP"
    assert store.draft(DraftKind.REPLY, "a") == DRAFT
    # A message key with commas and colons (a Maildir name) is never split out of a string.
    forward = store.draft(DraftKind.FORWARD, "cur/1,S=5:2,S")
    assert forward is not None and forward.subject == "Fwd: x"
    # A note listing unfilled placeholders (before they had a field) became the field.
    assert forward.notes == ("n",) and forward.placeholders == ("issue_url", "version")
    assert len(store.drafts()) == 2
    assert store.setting("sort") == "oldest"
    assert store.my_claims() == {"a", "INBOX/7"}
    assert store.outbox() == [MarkChange("INBOX/7", Mark.TRIAGED, True),
                              MarkChange("INBOX/8", Mark.CLAIMED, False)]
    assert store.reproduction("a") == ReproduceState(frozenset({Condition.NEW_INFORMATION}),
                                                     1_790_000_000.0)
    assert store.outcome("a") == Outcome.stop_answering(StopReason.LOW_PRIORITY)


def test_a_store_of_a_newer_format_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    newer = json.dumps({"meta": {"1": {"name": "format", "value": FORMAT + 1}}})
    path.write_text(newer)
    with pytest.raises(StoreError, match="written by a newer hdtui"):
        LocalStore(path)
    assert path.read_text() == newer
    LocalStore(tmp_path / "other.json").close()


def test_a_format_2_store_without_gitlab_writes_opens_and_records_them(
        tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    # What a store of format 2 was before the gitlab_writes table existed.
    path.write_text('{"meta":{"1":{"name":"format","value":2}},'
                    '"notes":{"1":{"key":"a","text":"kept"}}}')
    store = LocalStore(path)
    assert store.gitlab_writes() == [] and store.note("a") == "kept"
    store.add_gitlab_write(GitLabWrite(1.5, 19113, WriteKind.NOTE, "The WhisperBack reports"))
    store.add_gitlab_write(GitLabWrite(2.0, 7, WriteKind.LINK, "wb://abc"))
    store.close()
    again = LocalStore(path)
    assert again.gitlab_writes() == [
        GitLabWrite(1.5, 19113, WriteKind.NOTE, "The WhisperBack reports"),
        GitLabWrite(2.0, 7, WriteKind.LINK, "wb://abc")]
    assert json.loads(path.read_text())["meta"]["1"]["value"] == FORMAT == 6
    again.close()


def opened_quietly(tmp_path: Path, text: str) -> tuple[Path, LocalStore]:
    """The store file ``text`` written exactly so, then opened (migrated, with nothing to
    say: a migration is no damage)."""
    path = tmp_path / "store.json"
    path.write_text(text)
    store = LocalStore(path)
    assert store.notices == [] and FORMAT == 6
    return path, store


FORMAT_2 = (
    # Exactly what format 2 wrote (hdtui before the GitLab writes kept in the outbox):
    # every table of its own, the record of GitLab writes, a document of an unknown table.
    '{"meta":{"1":{"name":"format","value":2}},'
    '"marks":{"1":{"key":"a","marks":["$HDClaimed"]}},'
    '"notes":{"1":{"key":"a","text":"asked FT on XMPP"}},'
    '"settings":{"1":{"name":"sort","value":"oldest"}},'
    '"claims":{"1":{"key":"INBOX/7"}},'
    '"outbox":{"1":{"key":"INBOX/7","mark":"$HDTriaged","add":true}},'
    '"seen":{"1":{"key":"a"},"2":{"key":"INBOX/7"}},'
    '"gitlab_writes":{"1":{"when":1.5,"iid":19113,"kind":"note","what":"The reports"},'
    '"2":{"when":2.0,"iid":7,"kind":"link","what":"wb://abc"}},'
    '"later":{"1":{"anything":true}}}')


def test_a_format_2_store_is_migrated_to_the_current_format_keeping_every_row(
        tmp_path: Path) -> None:
    path, store = opened_quietly(tmp_path, FORMAT_2)
    assert store.marks() == {"a": ["$HDClaimed"]} and store.note("a") == "asked FT on XMPP"
    assert store.setting("sort") == "oldest" and store.my_claims() == {"INBOX/7"}
    assert store.outbox() == [MarkChange("INBOX/7", Mark.TRIAGED, True)]
    assert store.seen() == {"a", "INBOX/7"}
    assert store.gitlab_writes() == [GitLabWrite(1.5, 19113, WriteKind.NOTE, "The reports"),
                                     GitLabWrite(2.0, 7, WriteKind.LINK, "wb://abc")]
    assert store.gitlab_pending() == []
    # Migrated at once: the format 2 file, untouched, is the last good copy.
    assert (tmp_path / "store.json.last-good").read_text() == FORMAT_2
    # The new table keeps what it is given, in order, and updates in place.
    first = PendingWrite("w1", WriteKind.LINK, 7, 3.0, reference="wb://abc",
                         received="2026-11-20", error="no connection", attempts=1,
                         next_try=33.0)
    second = PendingWrite("w2", WriteKind.ISSUE, 0, 4.0, title="Wi-Fi", body="text",
                          labels=("L",), links=(("wb://abc", "2026-11-20"),))
    store.keep_gitlab_pending(first)
    store.keep_gitlab_pending(second)
    store.keep_gitlab_pending(replace(first, state=WriteState.REFUSED, error="403"))
    store.close()
    # The store is in the current format and holds every table and document it had.
    migrated = json.loads(path.read_text())
    before = json.loads(FORMAT_2)
    assert migrated["meta"] == {"1": {"name": "format", "value": FORMAT}}
    for name, docs in before.items():
        if name != "meta":
            assert migrated[name] == docs, name
    again = LocalStore(path)
    assert [(w.id, w.state, w.error) for w in again.gitlab_pending()] == [
        ("w1", WriteState.REFUSED, "403"), ("w2", WriteState.WAITING, "")]
    assert again.gitlab_pending()[1] == second
    assert again.drop_gitlab_pending("w1") and not again.drop_gitlab_pending("w1")
    assert [w.id for w in again.gitlab_pending()] == ["w2"]
    again.close()


FORMAT_3 = (
    # Exactly what format 3 wrote (hdtui before follow-ups): every table of its own, a
    # GitLab write waiting, a document of an unknown table.
    '{"meta":{"1":{"name":"format","value":3}},'
    '"marks":{"1":{"key":"a","marks":["$HDReplied"]}},'
    '"notes":{"1":{"key":"a","text":"asked FT on XMPP"}},'
    '"settings":{"1":{"name":"sort","value":"oldest"}},'
    '"claims":{"1":{"key":"INBOX/7"}},'
    '"outcomes":{"1":{"key":"a","outcome":{"no_reply":true,"reason":"low priority"}}},'
    '"seen":{"1":{"key":"a"}},'
    '"gitlab_pending":{"1":{"id":"w1","kind":"link","iid":7,"when":3.0,'
    '"reference":"wb://abc","received":"2026-11-20","title":"","body":"","labels":[],'
    '"links":[],"state":"waiting","error":"","attempts":0,"next_try":0.0}},'
    '"later":{"1":{"anything":true}}}')


def test_a_format_3_store_is_migrated_to_the_current_format_keeping_every_row(
        tmp_path: Path) -> None:
    path, store = opened_quietly(tmp_path, FORMAT_3)
    assert store.marks() == {"a": ["$HDReplied"]} and store.note("a") == "asked FT on XMPP"
    assert store.outcome("a") == Outcome.stop_answering(StopReason.LOW_PRIORITY)
    assert [w.id for w in store.gitlab_pending()] == ["w1"]
    assert store.acted() == [] and store.reminders() == []
    assert (tmp_path / "store.json.last-good").read_text() == FORMAT_3
    when = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    act = Acted("a", ActKind.REPLY, when, "8c1f", "m@x", "s@x", "report 8c1f")
    store.add_acted(act)
    later = Reminder("INBOX/7", when + timedelta(days=3), "check back", when)
    sooner = Reminder("a", when + timedelta(days=1))
    store.set_reminder(later)
    store.set_reminder(sooner)
    store.set_reminder(replace(sooner, note="again"))  # one per message
    store.close()
    migrated = json.loads(path.read_text())
    before = json.loads(FORMAT_3)
    assert migrated["meta"] == {"1": {"name": "format", "value": FORMAT}}
    for name, docs in before.items():
        if name != "meta":
            assert migrated[name] == docs, name
    again = LocalStore(path)
    assert again.acted() == [act]
    assert again.reminders() == [replace(sooner, note="again"), later]
    assert again.drop_reminder("a") and not again.drop_reminder("a")
    again.close()


FORMAT_4 = (
    # Exactly what format 4 wrote (hdtui before the forms kept through a hang-up), from
    # LocalStore at 1cdb058e: a mark, a note, a preference, a kept reply, a claim, an
    # outcome, a message seen, a mark change waiting, an act and a reminder.
    '{"meta":{"1":{"name":"format","value":4}},'
    '"marks":{"1":{"key":"a","marks":["$HDClaimed","$HDReplied"]}},'
    '"notes":{"1":{"key":"a","text":"asked FT on XMPP"}},'
    '"settings":{"1":{"name":"sort","value":"oldest"}},'
    '"drafts":{"1":{"kind":"reply","key":"a","draft":{"kind":"reply",'
    '"to":["user@example.org"],"subject":"Re: help","body":"Hello,\\n\\ntry this",'
    '"cc":[],"in_reply_to":null,"references":[],"attachment":null,'
    '"attachment_name":"original-message.eml","encrypt_to":null,"encrypt_uid":"",'
    '"helpdesk_key":null,"user_key":null,"report_key":"a","report_id":null,"notes":[],'
    '"placeholders":[]}}},'
    '"claims":{"1":{"key":"INBOX/7"}},'
    '"outcomes":{"1":{"key":"a","outcome":{"no_reply":true,"reason":null}}},'
    '"seen":{"1":{"key":"a"}},'
    '"outbox":{"1":{"key":"a","mark":"$HDTriaged","add":true}},'
    '"acted":{"1":{"key":"a","kind":"reply","when":"2026-12-05T09:00:00+00:00",'
    '"report_id":"8c1f","message_id":"m@x","sent_id":"s@x","summary":"report 8c1f",'
    '"team":"","issue":0}},'
    '"reminders":{"1":{"key":"INBOX/7","due":"2026-12-08T09:00:00+00:00",'
    '"note":"check back","created":"2026-12-05T09:00:00+00:00","report_id":"",'
    '"summary":""}}}')


def test_a_format_4_store_is_migrated_keeping_every_mark_note_and_draft(
        tmp_path: Path) -> None:
    path, store = opened_quietly(tmp_path, FORMAT_4)
    assert store.marks() == {"a": ["$HDClaimed", "$HDReplied"]}
    assert store.note("a") == "asked FT on XMPP" and store.setting("sort") == "oldest"
    (draft,) = store.drafts()
    assert draft == Draft(DraftKind.REPLY, ("user@example.org",), "Re: help",
                          "Hello,\n\ntry this", report_key="a")
    assert store.my_claims() == {"INBOX/7"} and store.seen() == {"a"}
    assert store.outcome("a") == Outcome.not_needed()
    assert store.outbox() == [MarkChange("a", Mark.TRIAGED, True)]
    assert [a.summary for a in store.acted()] == ["report 8c1f"]
    assert [r.note for r in store.reminders()] == ["check back"]
    assert store.kept_forms() == []
    # Migrated at once: the format 4 file, untouched, is the last good copy.
    assert (tmp_path / "store.json.last-good").read_text() == FORMAT_4
    store.keep_form(KeptForm(FormKind.HANDOFF, text="What I did:\nanswered a"))
    store.close()
    migrated = json.loads(path.read_text())
    assert migrated["meta"] == {"1": {"name": "format", "value": FORMAT}}
    for name, docs in json.loads(FORMAT_4).items():
        if name != "meta":
            assert migrated[name] == docs, name
    again = LocalStore(path)
    assert again.kept_forms() == [KeptForm(FormKind.HANDOFF, text="What I did:\nanswered a")]
    assert again.note("a") == "asked FT on XMPP" and len(again.drafts()) == 1
    again.close()


FORMAT_5 = (
    # Exactly what format 5 wrote (hdtui at ae74e464, session 23): a note, and three forms
    # kept through a hang-up: a hand-off note, an issue on two reports keyed by its first
    # report, a personal note on that same report.
    '{"meta":{"1":{"name":"format","value":5}},"notes":{"1":{"key":"a","text":"asked FT on '
    'XMPP"}},"forms":{"1":{"kind":"handoff","key":"","form":{"kind":"handoff","key":"",'
    '"text":"What I did:\\nanswered a","issue":null,"keys":[],"fields":[],"crashed":false}},'
    '"2":{"kind":"issue","key":"INBOX/7","form":{"kind":"issue","key":"INBOX/7","text":"",'
    '"issue":{"title":"Wi-Fi gone in 7.5","description":"Reports say...","labels":["C:Hardw'
    'are support"],"report_refs":["wb://8c1f"],"stripped":[],"uncertain":[]},"keys":["INBOX'
    '/7","INBOX/9"],"fields":[],"crashed":false}},"3":{"kind":"note","key":"INBOX/7","form":'
    '{"kind":"note","key":"INBOX/7","text":"kept words","issue":null,"keys":[],"fields":[],'
    '"crashed":false}}}}')


def test_a_format_5_store_opens_with_its_kept_forms_and_an_issue_keyed_by_its_reports(
        tmp_path: Path) -> None:
    path, store = opened_quietly(tmp_path, FORMAT_5)
    issue = IssueDraft("Wi-Fi gone in 7.5", "Reports say...", ("C:Hardware support",),
                       ("wb://8c1f",))
    both = issue_key(("INBOX/7", "INBOX/9"))
    assert both == issue_key(("INBOX/9", "INBOX/7", "INBOX/9")) == "INBOX/7\nINBOX/9"
    assert store.kept_forms() == [
        KeptForm(FormKind.HANDOFF, text="What I did:\nanswered a"),
        KeptForm(FormKind.ISSUE, both, issue=issue, keys=("INBOX/7", "INBOX/9")),
        KeptForm(FormKind.NOTE, "INBOX/7", "kept words")]
    assert store.note("a") == "asked FT on XMPP"
    assert (tmp_path / "store.json.last-good").read_text() == FORMAT_5
    # Another issue typed on the first report alone is kept beside it, never over it.
    alone = KeptForm(FormKind.ISSUE, issue_key(("INBOX/7",)), issue=replace(
        issue, title="Wi-Fi gone on one laptop"), keys=("INBOX/7",))
    store.keep_form(alone)
    store.close()
    assert json.loads(path.read_text())["meta"]["1"]["value"] == FORMAT
    again = LocalStore(path)
    assert again.kept_form(FormKind.ISSUE, both) is not None
    assert again.kept_form(FormKind.ISSUE, "INBOX/7") == alone
    assert len(again.kept_forms()) == 4
    again.close()


def test_forms_kept_through_a_hang_up_survive_a_restart_one_per_kind_and_message(
        tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    handoff = KeptForm(FormKind.HANDOFF, text="What I did:\nfirst try")
    issue = KeptForm(FormKind.ISSUE, "k1", issue=IssueDraft(
        "Wi-Fi gone in 7.5", "Reports say...", ("C:Hardware support",), ("wb://8c1f",),
        ("2 email addresses",)), keys=("k1", "k2"))
    note = KeptForm(FormKind.NOTE, "k1", text="asked on XMPP", crashed=True)
    for form in (handoff, issue, note, KeptForm(FormKind.NOTE, "k2", text="other")):
        store.keep_form(form)
    store.keep_form(replace(handoff, text="What I did:\nsecond try"))  # replaces the first
    store.close()
    again = LocalStore(path)
    assert again.kept_form(FormKind.HANDOFF) == replace(handoff, text="What I did:\nsecond try")
    assert again.kept_form(FormKind.ISSUE, "k1") == issue
    assert again.kept_form(FormKind.NOTE, "k1") == note
    assert again.kept_form(FormKind.NOTE, "k3") is None
    assert [f.kind for f in again.kept_forms()] == [FormKind.HANDOFF, FormKind.ISSUE,
                                                    FormKind.NOTE, FormKind.NOTE]
    assert again.forget_form(FormKind.NOTE, "k2") and not again.forget_form(FormKind.NOTE,
                                                                            "k2")
    again.close()
    # A kept form that cannot be read is left out (and left in the file), never raised.
    data = json.loads(path.read_text())
    data["forms"]["9"] = {"kind": "handoff", "key": "", "form": {"kind": "letter"}}
    path.write_text(json.dumps(data))
    third = LocalStore(path)
    assert len(third.kept_forms()) == 3
    third.close()


def test_a_start_with_no_kept_form_imports_nothing_to_read_one(tmp_path: Path) -> None:
    # Every start asks for the kept forms (hdtui.ui.app); reading one back imports the
    # issue draft's redaction (0.1 s of imports here), which a start with none never needs.
    code = ("import sys\nfrom pathlib import Path\nfrom hdtui.store import LocalStore\n"
            "store = LocalStore(Path(sys.argv[1]))\nassert store.kept_forms() == []\n"
            "print(sorted(m for m in sys.modules if m.startswith(('hdtui.domain.kept_form',"
            " 'hdtui.domain.issue_draft'))))\nstore.close()\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store.json")],
                            capture_output=True, text=True, cwd=Path(__file__).parents[2],
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_personal_state_is_typed_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    forward = Draft(DraftKind.FORWARD, ("FT <ft@tails.net>",), "Fwd: x", "ctx",
                    attachment=b"original bytes", report_key="k,2:3")
    store.keep_draft(forward)
    store.keep_draft(DRAFT)
    store.keep_draft(replace(DRAFT, body="Hello again"))  # one per kind and message
    store.set_my_claim("k1", True)
    store.set_my_claim("k2", True)
    store.set_my_claim("k1", False)
    state = ReproduceState(frozenset(Condition)).start(1_790_000_000.0)
    store.set_reproduction("k", state)
    store.set_outcome("k", Outcome.not_needed())
    store.set_seen(["k", "k1"])
    store.set_seen(["k1", "k2"])
    store.add_to_outbox(MarkChange("k1", Mark.CLAIMED, True))
    store.add_to_outbox(MarkChange("k2", Mark.TRIAGED, False))
    store.add_to_outbox(MarkChange("k3", Mark.REPLIED, True))
    store.close()
    again = LocalStore(path)
    # The attached original is not kept: it is read again from the mailbox.
    assert again.draft(DraftKind.FORWARD, "k,2:3") == replace(forward, attachment=None)
    assert again.draft(DraftKind.REPLY, "a") == replace(DRAFT, body="Hello again")
    assert again.draft(DraftKind.FT, "a") is None
    assert again.forget_draft(DraftKind.REPLY, "a") and not again.forget_draft(
        DraftKind.REPLY, "a")
    assert [d.report_key for d in again.drafts()] == ["k,2:3"]
    assert again.my_claims() == {"k2"}
    assert again.reproduction("k") == state and again.reproduction("x") == ReproduceState()
    assert again.outcome("k") == Outcome.not_needed() and again.outcome("x") is None
    assert again.seen() == {"k", "k1", "k2"}
    assert [c.key for c in again.outbox()] == ["k1", "k2", "k3"]
    again.remove_from_outbox(2)
    assert again.outbox() == [MarkChange("k3", Mark.REPLIED, True)]
    again.close()


def test_personal_state_that_cannot_be_read_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps({
        "meta": {"1": {"name": "format", "value": FORMAT}},
        "reproductions": {"1": {"key": "k", "state": {"conditions": ["nope"],
                                                      "started_at": "soon"}}},
        "outcomes": {"1": {"key": "k", "outcome": {"no_reply": True, "reason": "bored"}}},
        "drafts": {"1": {"kind": "reply", "key": "k", "draft": {"kind": "letter"}}},
        "outbox": {"1": {"key": "k", "mark": "$Unknown", "add": True},
                   "2": {"key": "k2", "mark": "$HDClaimed", "add": True}},
    }))
    store = LocalStore(path)
    assert store.notices == []
    assert store.reproduction("k") == ReproduceState()  # a fresh checklist, no traceback
    assert store.outcome("k") is None
    assert store.drafts() == [] and store.draft(DraftKind.REPLY, "k") is None
    assert store.outbox() == [MarkChange("k2", Mark.CLAIMED, True)]
    store.remove_from_outbox(1)  # the change that applied, and the unreadable one
    assert store.outbox() == []
    store.close()


def test_leftovers_of_an_interrupted_write_are_removed_at_start(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    fill(path)
    ours = [".store.json.tmp-k2j4h5", ".store.json.tmp-link", ".store.json.last-good.tmp-k2j4",
            ".store-ab3_x9zq"]
    others = [".gitlab-issues.json-k2j4h5", ".other.json.tmp-k2j4h5", ".store-notours",
              "store.json.tmp-k2j4h5"]
    for name in ours + others:
        (tmp_path / name).write_text('{"marks": {')
    store = LocalStore(path)
    assert store.notices == [f"Removed 4 temporary files an interrupted write left next to "
                             f"{path} (the store itself is whole)."]
    assert_filled(store)
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name in ours + others) == \
        sorted(others)


def test_owner_of_says_who_holds_a_store_and_leaves_a_free_one_free(tmp_path: Path) -> None:
    """``owner_of`` looks at the lock without keeping it: None for a store never opened
    or free (which opens after the look), the holder's pid while one holds it."""
    from hdtui.store import owner_of

    path = tmp_path / "store.json"
    assert owner_of(path) is None
    fill(path)
    assert owner_of(path) is None
    held = LocalStore(path)
    try:
        found = owner_of(path)
        assert found is not None and found.owner == str(os.getpid())
        assert found.store == str(path)
    finally:
        held.close()
    assert owner_of(path) is None
    LocalStore(path).close()  # not left locked by the look


def test_a_snapshot_left_by_a_dead_stats_is_removed_at_open_a_live_one_kept(
        tmp_path: Path) -> None:
    """``hdtui stats`` killed beyond its handlers (SIGKILL, a power cut) leaves its
    snapshot of the store, a copy of the decrypted cache, beside it: the store's next
    owner removes those whose process is gone (or that name none and are old), and keeps
    those of a live process, still counting (docs/store.md, "Reading a store in use")."""
    from hdtui.store import SNAPSHOT_PID, SNAPSHOT_UNNAMED_AGE, snapshot_directory

    path = tmp_path / "store.json"
    fill(path)
    ended = subprocess.Popen(["true"])
    ended.wait()
    dead, live = snapshot_directory(tmp_path), snapshot_directory(tmp_path)
    assert (live / SNAPSHOT_PID).read_text() == str(os.getpid())
    (dead / SNAPSHOT_PID).write_text(str(ended.pid))
    unnamed_old, unnamed_new = snapshot_directory(tmp_path), snapshot_directory(tmp_path)
    for directory in (unnamed_old, unnamed_new, dead, live):
        (directory / "store-cache.sqlite").write_bytes(b"decrypted")
    (unnamed_old / SNAPSHOT_PID).unlink()
    (unnamed_new / SNAPSHOT_PID).unlink()
    old = datetime.now(UTC).timestamp() - SNAPSHOT_UNNAMED_AGE - 60
    os.utime(unnamed_old, (old, old))
    store = LocalStore(path)
    assert store.notices == [f"Removed 2 snapshots of the store a stopped `hdtui stats` "
                             f"left next to {path} (copies of the cache)."]
    assert_filled(store)
    store.close()
    assert not dead.exists() and not unnamed_old.exists()
    assert (live / "store-cache.sqlite").exists() and unnamed_new.exists()


def test_a_snapshot_of_a_zombie_or_of_a_number_no_process_has_is_removed(
        tmp_path: Path) -> None:
    """A snapshot naming a zombie (a killed stats whose parent has not waited for it) or a
    number no process can have (``2**70``: ``os.kill`` raised OverflowError, and the
    store did not open) is a leftover, as ``private_tmp``'s sweep judges its directories
    (``process_owner.owner_gone``; docs/store.md, "Leftovers of a killed process")."""
    from hdtui.process_owner import owner_gone
    from hdtui.store import SNAPSHOT_PID, snapshot_directory

    path = tmp_path / "store.json"
    fill(path)
    zombie = subprocess.Popen(["true"])
    try:
        os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # ended, not reaped
        assert owner_gone(zombie.pid)
        names = {"zombie": str(zombie.pid), "huge": str(2**70), "zero": "0"}
        made = {}
        for name, pid in names.items():
            made[name] = snapshot_directory(tmp_path)
            (made[name] / SNAPSHOT_PID).write_text(pid)
        store = LocalStore(path)
        assert store.notices == [f"Removed 3 snapshots of the store a stopped `hdtui stats` "
                                 f"left next to {path} (copies of the cache)."]
        store.close()
    finally:
        zombie.wait()
    assert not any(directory.exists() for directory in made.values())


def test_a_read_only_directory_is_said_to_be_set_not_tightened(tmp_path: Path) -> None:
    directory = tmp_path / "state"
    directory.mkdir(mode=0o700)
    directory.chmod(0o555)
    store = LocalStore(directory / "store.json")
    assert store.notices == [f"Set permissions of {directory} from 0555 to 0700."]
    store.close()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_loose_directory_and_files_are_tightened_and_said(tmp_path: Path) -> None:
    directory = tmp_path / "state"
    path = directory / "store.json"
    fill(path)
    directory.chmod(0o755)
    for name in ("store.json", "store.json.lock", "store-cache.sqlite", "store.json.last-good"):
        if (directory / name).exists():
            (directory / name).chmod(0o644)
    store = LocalStore(path)
    assert store.notices == [f"Tightened permissions of {directory} from 0755 to 0700."]
    store.set_note("b", "x")
    store.close()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for file in directory.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    again = LocalStore(path)  # tight now: nothing to say
    assert again.notices == []
    again.close()


def test_the_home_directory_is_not_locked_up(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))  # a [store] path of ~/store.json
    store = LocalStore(home / "store.json")
    assert store.notices == ["~ can be read by other users (mode 0755); it is not hdtui's "
                             "own directory, so it is left as it is. hdtui's files in it are "
                             "owner-only."]
    store.close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert stat.S_IMODE((home / "store.json.lock").stat().st_mode) == 0o600


def test_a_snapshot_is_a_consistent_copy_that_writes_nothing_of_the_owner(
    tmp_path: Path
) -> None:
    """``snapshot`` (``hdtui stats`` while a TUI holds the store): the store file as it
    is, the cache as of its last commit (a write the owner has not committed is not in
    it), owner-only files, and the owner's files untouched; the copy opens as a store."""
    import sqlite3

    from hdtui.errors import StoreInUse
    from hdtui.store import snapshot

    path = tmp_path / "state" / "store.json"
    owner = LocalStore(path)
    owner.apply_listing("ns", [SourceItem("a", 1)], [])
    owner.put_parsed("ns", [parsed("a", 1, "summary", {"x": 1})])
    owner.set_note("a:1", "kept")
    with pytest.raises(StoreInUse) as held:
        LocalStore(path)
    assert held.value.owner == str(os.getpid()) and held.value.store == str(path)
    writer = sqlite3.connect(owner.cache_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE half_done (x)")  # not committed while the copy is made
    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    into = tmp_path / "copy"
    into.mkdir(mode=0o700)
    copy = snapshot(path, into)
    writer.execute("COMMIT")
    writer.close()
    assert copy.read_bytes() == before["store.json"]
    for made in into.iterdir():
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    tables = {row[0] for row in sqlite3.connect(into / owner.cache_path.name).execute(
        "SELECT name FROM sqlite_master")}
    assert "half_done" not in tables and tables
    after = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()
             if p.name in before and not p.name.endswith(("-wal", "-shm"))}
    assert after == {k: v for k, v in before.items() if k in after}
    owner.close()
    opened = LocalStore(copy)
    try:
        assert opened.note("a:1") == "kept"
    finally:
        opened.close()


TINYDB_LATER = """
import json, sys
from pathlib import Path
from hdtui.domain.marks import Mark, MarkChange
from hdtui.store import LocalStore
path = Path(sys.argv[1])
store = LocalStore(path)  # a first start: the format's document written without TinyDB
print(json.loads(path.read_text()), "tinydb" in sys.modules)
store.close()
store = LocalStore(path)
print(store.my_claims(), store.outbox(), store.marks(), store.seen(), store.kept_forms(),
      "tinydb" in sys.modules)
store.set_my_claim("a:1", True)
store.add_to_outbox(MarkChange("a:1", Mark.CLAIMED, True))
store.add_to_outbox(MarkChange("b:2", Mark.TRIAGED, False))
print("tinydb" in sys.modules, sorted(store.my_claims()), [c.key for c in store.outbox()])
store.close()
store = LocalStore(path)
store.remove_from_outbox(1)
print(sorted(store.my_claims()), [c.key for c in store.outbox()], store.setting("x", 5))
print(sorted(json.loads(path.read_text())["outbox"]), json.loads(path.read_text())["meta"])
store.close()
"""


def test_tinydb_is_opened_by_the_first_write_or_lookup(tmp_path: Path) -> None:
    """A warm start's first frame reads the claims and the outbox without TinyDB (11 M
    instructions of import: docs/benchmarks.md, "Session 29: warm first rows"); a first
    start writes the format's document as TinyDB's first insert did; writes and lookups
    open TinyDB over the same tables, and whole-table reads see them, in order."""
    result = subprocess.run([sys.executable, "-c", TINYDB_LATER, str(tmp_path / "s.json")],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == [
        f"{{'meta': {{'1': {{'name': 'format', 'value': {FORMAT}}}}}}} False",
        "set() [] {} set() [] False",
        "True ['a:1'] ['a:1', 'b:2']",
        "['a:1'] ['b:2'] 5",
        f"['2'] {{'1': {{'name': 'format', 'value': {FORMAT}}}}}",
        ""]
