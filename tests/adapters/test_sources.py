"""Local sources: Maildir, mbox, loose files and what makes a PATH unusable."""

from __future__ import annotations

import mailbox
import os
from pathlib import Path
from typing import Any

import pytest

from hdtui.errors import SourceError
from hdtui.sources.local import FilesSource, MaildirSource, MboxSource, open_path

MAIL = b"From: a@example.org\nSubject: %s\n\nbody\n"


def test_maildir_lists_new_and_cur_with_seen_flag(tmp_path: Path) -> None:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1.M1P1.host").write_bytes(MAIL % b"one")
    (tmp_path / "cur" / "2.M2P1.host:2,S").write_bytes(MAIL % b"two")
    (tmp_path / "tmp" / "3.partial").write_bytes(b"half")
    source = open_path(tmp_path)
    assert isinstance(source, MaildirSource)
    items = {i.key: i for i in source.list()}
    assert set(items) == {"1.M1P1.host", "2.M2P1.host"}
    assert items["2.M2P1.host"].seen and not items["1.M1P1.host"].seen
    parsed = source.load(items["2.M2P1.host"])
    assert parsed.message.subject == "two" and parsed.message.seen


def test_mbox(tmp_path: Path) -> None:
    box = mailbox.mbox(str(tmp_path / "box"))
    box.add(MAIL % b"first")
    box.add(MAIL % b"second")
    box.close()
    source = open_path(tmp_path / "box")
    assert isinstance(source, MboxSource)
    subjects = [source.load(i).message.subject for i in source.list()]
    assert subjects == ["first", "second"]


def test_directory_of_files_whatever_their_names(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a").write_bytes(MAIL % b"a")
    (tmp_path / "sub" / "b.txt").write_bytes(MAIL % b"b")
    source = open_path(tmp_path)
    assert isinstance(source, FilesSource)
    assert sorted(source.load(i).message.subject for i in source.list()) == ["a", "b"]


def test_unusable_paths(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        open_path(tmp_path / "nope")
    with pytest.raises(SourceError, match="not a Maildir"):
        MaildirSource(tmp_path)


def test_a_maildir_read_during_a_listing_finds_the_messages_listed_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A reload lists the Maildir again while the first read of the queue is still reading
    # it in another thread: that read must not find an empty index.
    box = mailbox.Maildir(tmp_path / "Maildir")
    key = box.add(b"From: a@example.org\nSubject: one\n\nbody\n")
    source = MaildirSource(tmp_path / "Maildir")
    [item] = source.list()
    read_meanwhile: list[bytes] = []
    scandir = os.scandir

    def listing_while_reading(path: Any) -> Any:
        read_meanwhile.append(source.read(item.key))  # the other thread's read
        return scandir(path)

    monkeypatch.setattr("hdtui.sources.local.os.scandir", listing_while_reading)
    assert [i.key for i in source.list()] == [item.key] == [key]
    assert read_meanwhile and all(b"Subject: one" in r for r in read_meanwhile)


def test_a_maildirs_items_are_made_a_column_at_a_time_the_same(tmp_path: Path) -> None:
    """The listing makes its items with ``SourceItem.many`` (docs/insight.md, "Session 16:
    stats --json at 100,000"): the same items as the class makes one by one, each file's
    size, Seen flag and time, no keywords."""
    from datetime import UTC, datetime

    from hdtui.domain.mail import SourceItem

    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "cur" / "1.a:2,RS").write_bytes(b"x" * 10)
    (tmp_path / "cur" / "2.b:2,F").write_bytes(b"y" * 3)
    (tmp_path / "new" / "3.c").write_bytes(b"")
    (tmp_path / "cur" / ".hidden").write_bytes(b"z")
    os.utime(tmp_path / "cur" / "1.a:2,RS", (1_700_000_000.5, 1_700_000_000.5))
    items = sorted(MaildirSource(tmp_path).list(), key=lambda item: item.key)
    expected = [SourceItem(name.partition(":")[0], size, seen, datetime.fromtimestamp(
        (tmp_path / sub / name).stat().st_mtime, UTC))
        for sub, name, size, seen in (("cur", "1.a:2,RS", 10, True),
                                      ("cur", "2.b:2,F", 3, False), ("new", "3.c", 0, False))]
    assert items == expected
    assert [hash(item) for item in items] == [hash(item) for item in expected]
    assert [(item.keywords, item.modseq) for item in items] == [(frozenset(), 0)] * 3
    made = SourceItem.many(["k"], [1], [True], [None])
    assert made == [SourceItem("k", 1, True)] and made[0].cache_key == "k:1"


def test_items_made_a_column_at_a_time_refuse_columns_of_different_lengths() -> None:
    """``map`` stops at the shortest column: items would be missing without a word."""
    from hdtui.domain.mail import SourceItem

    with pytest.raises(ValueError, match="different lengths"):
        SourceItem.many(["a", "b"], [1, 2], [True], [None, None])


def test_a_mailbox_path_is_resolved_once(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache namespace is the path resolved on the first ask, not at each (every
    cached message read asks for it: docs/benchmarks.md, "Session 24: stats --json and
    hot topics at 100,000"); the same namespace as before, a symlink's target's."""
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "box" / sub).mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "box")
    mailbox.mbox(str(tmp_path / "mbox")).close()
    expected = (f"maildir:{tmp_path.resolve() / 'box'}", f"mbox:{tmp_path.resolve() / 'mbox'}")
    resolved = 0
    resolve = Path.resolve

    def counted(self: Path, strict: bool = False) -> Path:
        nonlocal resolved
        resolved += 1
        return resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    maildir, mbox = MaildirSource(tmp_path / "link"), MboxSource(tmp_path / "mbox")
    assert [maildir.identity for _ in range(3)] == [expected[0]] * 3
    assert [mbox.identity for _ in range(3)] == [expected[1]] * 3
    assert resolved == 2  # once a source


def test_a_maildirs_listing_holds_one_directory_entry_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry is let go once its file is listed: the whole folder's entries held at
    once, each with the ``stat`` it caches, were about 80 MB at 100,000 messages
    (docs/benchmarks.md, "Session 26: stats --json's peak at 100,000, the listing"). The
    same items either way."""
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    for i in range(20):
        (tmp_path / "cur" / f"{i}.x:2,S").write_bytes(b"x" * i)
    (tmp_path / "new" / "n.y").write_bytes(b"")
    expected = sorted((i.key, i.size, i.seen) for i in MaildirSource(tmp_path).list())
    alive = [0, 0]  # entries alive now, the most at once

    class Entry:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self._entry = entry
            alive[0] += 1
            alive[1] = max(alive)

        def __del__(self) -> None:
            alive[0] -= 1

        def __getattr__(self, name: str) -> Any:
            return getattr(self._entry, name)

    class Listing:
        def __init__(self, listing: Any) -> None:
            self._listing = listing

        def __enter__(self) -> Listing:
            return self

        def __exit__(self, *_: object) -> None:
            self._listing.close()

        def __iter__(self) -> Listing:
            return self

        def __next__(self) -> Entry:
            return Entry(next(self._listing))

        def close(self) -> None:
            self._listing.close()

    scandir = os.scandir
    monkeypatch.setattr("hdtui.sources.local.os.scandir",
                        lambda path: Listing(scandir(path)))
    listed = MaildirSource(tmp_path).list()
    assert sorted((i.key, i.size, i.seen) for i in listed) == expected
    assert len(expected) == 21 and alive[1] <= 2


def test_a_maildir_changed_by_another_client_while_listed_lists_each_message_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another client works on the folder during the listing (review27): a message it
    marks read moves from new/ to cur/ after new/ was listed, and is listed once, as it is
    now (seen, read from its new file); a message it expunges between the folder's read and
    its ``stat`` is left out, not an error."""
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "a.x").write_bytes(MAIL % b"moved")
    (tmp_path / "cur" / "b.y:2,").write_bytes(MAIL % b"expunged")
    (tmp_path / "cur" / "c.z:2,S").write_bytes(MAIL % b"kept")
    scandir = os.scandir

    def listing(path: Any) -> Any:
        entries = list(scandir(path))

        def each() -> Any:
            for entry in entries:
                if entry.name == "b.y:2,":
                    os.unlink(entry.path)  # expunged before its stat
                yield entry
                if entry.name == "a.x":  # marked read once listed in new/
                    os.rename(entry.path, tmp_path / "cur" / "a.x:2,S")

        class Listing:
            def __init__(self) -> None:
                self._each = each()

            def __enter__(self) -> Listing:
                return self

            def __exit__(self, *_: object) -> None:
                pass

            def __next__(self) -> Any:
                return next(self._each)

        return Listing()

    monkeypatch.setattr("hdtui.sources.local.os.scandir", listing)
    source = MaildirSource(tmp_path)
    items = source.list()
    assert sorted(i.key for i in items) == ["a.x", "c.z"]
    moved = next(i for i in items if i.key == "a.x")
    assert moved.seen
    assert source.load(moved).message.subject == "moved"
