"""The local store: owner-only files, one process, atomic writes, a full disk."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hdtui.domain.mail import SourceItem
from hdtui.domain.queue import ParsedLine
from hdtui.errors import StoreError
from hdtui.store import LocalStore


def parsed(key: str, size: int, line: str, full: object, search: str = "",
           stamp: float = 1.5e9, kind: int = 1) -> ParsedLine:
    return ParsedLine(key, size, stamp, kind, 0, line, full, search)


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
                                   "wi-fi gone after upgrade")])
    store.set_marks("a", ["$HDClaimed"])
    store.set_note("a", "asked FT on XMPP")
    store.set_setting("sort", "oldest")
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
    assert again.search("ns", ["gone", "wi-fi"]) == {"a"}
    assert again.search("ns", ["gone", "printer"]) == set()
    assert again.sync_state("live-state:ns") == {"INBOX": [1, 2]}
    assert again.marks() == {"a": ["$HDClaimed"]}
    assert again.note("a") == "asked FT on XMPP" and again.note("b") == ""
    assert again.setting("sort") == "oldest" and again.setting("x", 5) == 5
    again.close()


def test_listing_updates_flags_keeps_what_was_read_and_forgets_gone(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    store.apply_listing("ns", [SourceItem("a", 1), SourceItem("b", 2), SourceItem("c", 3)], [])
    store.put_parsed("ns", [parsed("a", 1, "A", {"a": 1}, "alpha"),
                            parsed("b", 2, "B", {"b": 1}, "beta")])
    # a: flags changed; b: rewritten (another size: read again); c: gone.
    store.apply_listing("ns", [SourceItem("a", 1, seen=True, modseq=9), SourceItem("b", 5)],
                        ["c"])
    lines = {line[0]: line for line in store.queue_lines("ns", tuple)}
    assert set(lines) == {"a"}
    assert lines["a"][5] == 1 and lines["a"][7] == 9 and lines["a"][8] == "A"
    assert store.unread("ns") == [SourceItem("b", 5)]
    store.apply_listing("ns", [], ["a"])
    assert store.full("ns", "a", 1) is None and store.search("ns", ["alpha"]) == set()
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
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                            text=True, cwd=Path(__file__).parents[2], check=False)
    assert result.returncode == 3, result.stderr
    assert f"Another hdtui (pid {os.getpid()})" in result.stdout
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
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store-")]


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
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store-")]
    monkeypatch.undo()
    # The change was kept in memory and is written with the next change.
    store.set_note("b", "third")
    store.close()
    again = LocalStore(path)
    assert again.note("a") == "second" and again.note("b") == "third"
    again.close()


def test_damaged_store_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text('{"notes": {')
    store = LocalStore(path)
    with pytest.raises(StoreError, match="damaged"):
        store.note("a")
    store.close()


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
