"""Measures the queue filter on N synthetic messages (issue #11: filter as people type).

Run: .venv/bin/python benchmarks/filter_speed.py [--messages N] [--runs R]

What the filter sees, made from the 101 messages of the matching development set
(tests/data/matching/, 7 languages): N messages, each a copy of one of them with its own
key, report ID, date and state, sentences of two others mixed into its answers or text,
other PCI device ids and another sender. For them: their queue rows (in memory, in
columns as the triage keeps them: docs/queue-columns.md) and their documents (in a report
cache of their own, with its FTS5 index, in a temporary directory). Prints:

- how fast documents are written (the cost added to reading a message, and to rebuilding
  a migrated cache's documents), and what the cache then weighs;
- per keystroke, a filter typed letter by letter, what the queue does after the debounce:
  parse, search the store (FTS5; also without it, ``instr``), filter the rows (sorted once
  beforehand, as the queue keeps them);
- filters the rows decide alone (kind, version, state, id, hw) over all N rows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from match_quality import load_cases  # noqa: E402

from hdtui.cache import ReportCache  # noqa: E402
from hdtui.domain.mail import Kind, SourceItem  # noqa: E402
from hdtui.domain.marks import Mark  # noqa: E402
from hdtui.domain.query import document, filter_rows, parse  # noqa: E402
from hdtui.domain.queue import Entry, Row, SortOrder, sort_rows  # noqa: E402
from hdtui.domain.queue_columns import RowsAt  # noqa: E402
from hdtui.domain.report import Answer  # noqa: E402
from hdtui.domain.text import MailText  # noqa: E402

NAMESPACE = "bench"
TYPED = ["wifi", "Wi-Fi", "networks", "écran", '"no networks"', "from:jane",
         "pci:10ec:b723", "subject:boot", "wifi -pci:8086", "kind:report wifi hw:lenovo"]
ROW_ONLY = ["kind:report", "version:<6", "state:new", "id:8c", "hw:thinkpad",
            "kind:report version:>=7 -state:replied hw:dell"]
NAMES = ["Jane Roe", "Ali Kaya", "Marie Dupont", "Juan Pérez", "Anna Schmidt", "Li Wei",
         "Olga Ivanova", "João Silva", "Sara Rossi", "Tom Smith"]


def synthesize(count: int, seed: int = 11) -> list[Entry]:
    """``count`` messages made from the development set's (see the module)."""
    rng = random.Random(seed)
    templates = [case.entry for case in load_cases()]
    sentences = [s for e in templates for s in _sentences(e) if len(s) > 20]
    marks = [frozenset(), frozenset(), frozenset({Mark.CLAIMED}),
             frozenset({Mark.REPLIED}), frozenset({Mark.TRIAGED, Mark.CLAIMED})]
    made = []
    for n in range(count):
        base = rng.choice(templates)
        key = f"INBOX/1700000000/{n + 1}"
        message = replace(base.message, key=key)
        report = base.report
        if report is not None:
            extra = " ".join(rng.sample(sentences, 2))
            answers = tuple(replace(a, text=f"{a.text} {extra}") if i == 0 else a
                            for i, a in enumerate(report.answers)) or \
                (Answer("What happened instead?", extra),)
            pci = tuple(replace(d, vendor_device=f"{d.vendor_id}:{rng.randrange(16**4):04x}")
                        if rng.random() < 0.3 else d for d in report.hardware.pci)
            report = replace(report, report_id=f"{rng.getrandbits(128):032x}",
                             answers=answers, hardware=replace(report.hardware, pci=pci))
        else:
            name = rng.choice(NAMES)
            address = f"{name.split()[0].lower()}.{n}@example.org"
            text = f"{message.text}\n{' '.join(rng.sample(sentences, 2))}"
            message = replace(message, sender=MailText(f"{name} <{address}>"),
                              sender_address=MailText(address), text=MailText(text))
        made.append(base._replace(message=message, report=report, marks=rng.choice(marks)))
    return made


def _sentences(entry: Entry) -> list[str]:
    texts = [a.text for a in entry.report.answers] if entry.report else [entry.message.text]
    return [s.strip() for t in texts for s in t.replace("\n", " ").split(". ")]


def row_of(entry: Entry, rng: random.Random) -> Row:
    stamp = 1.75e9 + rng.randrange(90 * 86400)
    return entry.row(SourceItem(entry.key, 5000, rng.random() < 0.5), entry.marks)._replace(
        stamp=stamp)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def summary(times: list[float]) -> str:
    return (f"median {ms(statistics.median(times))}, max {ms(max(times))} "
            f"({len(times)} keystrokes x runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    entries = synthesize(args.messages)
    rng = random.Random(3)
    # The queue's rows as the triage keeps them: positions in columns
    # (docs/queue-columns.md); sorting and filtering work on the columns.
    rows = RowsAt.of([row_of(e, rng) for e in entries])
    print(f"{len(rows)} synthetic messages ({sum(r.kind is Kind.REPORT for r in rows)} "
          f"reports) made in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    ordered = sort_rows(rows, SortOrder.PRIORITY)
    print(f"sorting the rows (once per change of the queue or of the order): "
          f"{ms(time.perf_counter() - started)}")

    started = time.perf_counter()
    documents = [(e.key, document(e)) for e in entries]
    took = time.perf_counter() - started
    mean = sum(len(d) for _, d in documents) / len(documents)
    print(f"documents: {len(documents) / took:,.0f}/s ({ms(took / len(documents))} each, "
          f"{mean:,.0f} characters on average)")
    del entries

    with tempfile.TemporaryDirectory(prefix="hdtui-filter-") as directory:
        path = Path(directory) / "cache.sqlite"
        cache = ReportCache(path, schema=0)
        started = time.perf_counter()
        for start in range(0, len(documents), 500):
            cache.put_documents(NAMESPACE, documents[start:start + 500])
        took = time.perf_counter() - started
        size = sum(os.path.getsize(p) for p in Path(directory).iterdir()) / 1e6
        print(f"saved with their FTS5 index: {took:.1f} s ({ms(took / len(documents))} each); "
              f"cache {size:,.0f} MB")
        del documents

        for fts in (True, False):
            cache.fts = fts
            times: list[float] = []
            search_times: list[float] = []
            slowest = ("", 0.0)
            for _ in range(args.runs):
                for text in TYPED:
                    for end in range(1, len(text) + 1):
                        typed = text[:end]
                        t0 = time.perf_counter()
                        try:
                            query = parse(typed)
                        except ValueError:
                            continue
                        hits = cache.search(NAMESPACE, query.clauses) \
                            if query.needs_search else None
                        t1 = time.perf_counter()
                        shown = filter_rows(ordered, query, hits)
                        t2 = time.perf_counter()
                        times.append(t2 - t0)
                        search_times.append(t1 - t0)
                        if t2 - t0 > slowest[1]:
                            slowest = (f"{typed!r} ({len(shown)} shown)", t2 - t0)
            how = "FTS5" if fts else "instr (no FTS5)"
            print(f"typed letter by letter, {how}: search {summary(search_times)}; "
                  f"with filtering the rows {summary(times)}; "
                  f"slowest {slowest[0]} {ms(slowest[1])}")
            if not fts:
                break
        cache.close()

    for text in ROW_ONLY:
        query = parse(text)
        runs = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            shown = filter_rows(ordered, query)
            runs.append(time.perf_counter() - t0)
        print(f"rows only {text!r}: {ms(statistics.median(runs))} ({len(shown)} shown)")


if __name__ == "__main__":
    main()
