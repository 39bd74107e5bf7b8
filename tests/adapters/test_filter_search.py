"""The store searches the filter's documents with SQLite's FTS5 index, or with ``instr``
where FTS5 is missing: both find exactly what the domain's own search finds, over the
demo's 72 messages, and the index stays in step with the documents."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hdtui.cache import ReportCache
from hdtui.config import cache_dir
from hdtui.domain.query import parse, search_documents
from hdtui.wiring import Setup

QUERIES = [
    "wifi", "Wi-Fi", "wif", "networks", "écran", "ecran", "démarrage", "startin", "boot",
    '"no networks"', '"wi-fi network"', "-wifi", "wifi -pci:10ec", "from:gmail",
    "from:devnull", "-from:devnull", "to:tails-bugs", "subject:wifi", "subject:écran",
    "pci:10ec", "pci:10ec:b723", "pci:8086:", "10ec:b723", "rtl8723", "fwlps",
    "kind:report wifi", "clé usb", '"clé usb"', "xps 15", "ihm", "a", "-a", "sbat",
]


def documents(setup: Setup) -> list[tuple[str, str]]:
    path = cache_dir() / "demo" / "store-cache.sqlite"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT key, text FROM search WHERE ns = ?",
                          (setup.triage.source.identity,)).fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("fts", [True, False], ids=["fts5", "instr"])
def test_the_store_finds_what_the_domain_finds(demo_setup: Callable[..., Setup],
                                               fts: bool) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    docs = documents(setup)
    assert len(docs) == 72
    cache = setup.store._cache
    assert cache.fts  # this SQLite has FTS5; the other run goes without it
    cache.fts = fts
    namespace = setup.triage.source.identity
    found_any = 0
    for text in QUERIES:
        clauses = parse(text).clauses
        expected = search_documents(clauses, docs)
        assert setup.store.search(namespace, clauses) == expected, text
        found_any += bool(expected.include or expected.exclude)
    assert found_any >= len(QUERIES) - 3  # the queries do find things


def test_the_index_follows_new_changed_and_gone_documents(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    namespace = setup.triage.source.identity
    store = setup.store
    key = documents(setup)[0][0]
    store.put_documents(namespace, [(key, " printer toner"), ("extra", " printer")])
    assert store.search(namespace, parse("printer").clauses).include == {key, "extra"}
    store.put_documents(namespace, [(key, " scanner")])
    assert store.search(namespace, parse("printer").clauses).include == {"extra"}
    store.apply_listing(namespace, [], ["extra"])
    assert store.search(namespace, parse("printer").clauses).include == set()
    db = store._cache._db
    db.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")


def test_a_write_waits_for_another_processs_write_instead_of_failing(tmp_path: Path) -> None:
    """Two reading processes write the same cache: a write that asks for the largest
    document ID first must not lose the write lock to the other's write in between
    (SQLite's WAL refuses that upgrade at once: the write failed)."""
    path = tmp_path / "store-cache.sqlite"
    mine, other = ReportCache(path, 1), ReportCache(path, 1)
    try:
        run = mine._run
        others: list[threading.Thread] = []

        def meanwhile(what: str, sql: str, rows: Any = ()) -> Any:
            result = run(what, sql, rows)
            if sql.startswith("SELECT coalesce(max(id)"):  # the other process writes now
                others.append(threading.Thread(target=other.put_documents,
                                               args=("ns", [("theirs", " printer")])))
                others[0].start()
                time.sleep(0.3)
            return result

        mine._run = meanwhile  # type: ignore[method-assign]
        mine.put_documents("ns", [("mine", " scanner")])
        others[0].join(10)
        assert mine.search("ns", parse("scanner").clauses).include == {"mine"}
        assert mine.search("ns", parse("printer").clauses).include == {"theirs"}
    finally:
        mine.close()
        other.close()
