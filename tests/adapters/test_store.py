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

from hdtui.errors import StoreError
from hdtui.store import LocalStore


def test_files_are_owner_only(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "state" / "store.json")
    store.put_cached("ns", {"a:1": ({"x": 1}, {"x": 1, "debug": []})})
    store.set_note("a:1", "decrypted reports and notes are private")
    store.close()
    for path in (tmp_path / "state" / "store.json", tmp_path / "state" / "store.json.lock",
                 tmp_path / "state" / "store-cache.sqlite"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700


def test_cache_marks_notes_settings_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    store = LocalStore(path)
    store.put_cached("ns", {"a:1": ({"x": 1}, {"x": 1, "full": True}), "b:2": ({"y": 2}, {})})
    store.put_cached("other", {"a:1": ({"z": 3}, {})})
    store.set_marks("a", ["$HDClaimed"])
    store.set_note("a", "asked FT on XMPP")
    store.set_setting("sort", "oldest")
    store.close()
    again = LocalStore(path)
    assert again.cached("ns") == {"a:1": {"x": 1}, "b:2": {"y": 2}}
    assert again.cached("ns", ["a:1"], full=True) == {"a:1": {"x": 1, "full": True}}
    assert again.cached("other") == {"a:1": {"z": 3}}
    assert again.marks() == {"a": ["$HDClaimed"]}
    assert again.note("a") == "asked FT on XMPP" and again.note("b") == ""
    assert again.setting("sort") == "oldest" and again.setting("x", 5) == 5
    assert again.forget_missing("ns", {"a:1"}) == 1
    assert set(again.cached("ns")) == {"a:1"}
    again.close()


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


def test_sync_state_and_partial_cache_reads(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store.json")
    store.put_cached("ns", {f"k{n}": ({"n": n}, {"n": n}) for n in range(1200)})
    assert store.cached("ns", ["k5", "k1100", "missing"]) == {"k5": {"n": 5},
                                                              "k1100": {"n": 1100}}
    store.set_sync_state("live-state:x", {"INBOX": {"uidvalidity": 7}})
    store.close()
    again = LocalStore(tmp_path / "store.json")
    assert again.sync_state("live-state:x") == {"INBOX": {"uidvalidity": 7}}
    assert again.sync_state("other") is None
    assert len(again.cached("ns")) == 1200
    again.close()
