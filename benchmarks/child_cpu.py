"""The CPU of one reading child's whole work, its FETCHes and cache writes included, this
checkout against another, alternately, each run in a fresh interpreter; and whether the
two wrote the same cache.

Run: .venv/bin/python benchmarks/child_cpu.py [--messages 6000] [--runs 2]
                                              [--before /work/main] [--profile]
                                              [--journal KB] [--encrypted]

Seeds a loopback Dovecot with plain reports (``imap_sync.seed_plain``), lists it once,
then for each checkout in turn runs what a reading child runs for its messages
(``read_process._read``: ``Reader.read_many``'s FETCHes, parse and understanding,
``cached_line``, ``ReportCache.put_parsed`` every 200, the pickled batches), here over
every message, newest first, into a cache of its own, the listing saved first as the
parent saves it. ``--journal KB`` adds about KB kilobytes of journal lines to the end of
each report (the test reports are 0.2-4.5 KB; a member's carry their journal); they
join the last debug section, or the answers of the two templates that have none.

Prints the process's CPU (``time.process_time``: the fetch thread's too) and the main
thread's; ``--profile`` adds cProfile's top functions of the main thread and of the
fetch thread (CPU time, ``time.thread_time``; the profiler's own cost included, so only
the shares mean something). ``child_steps.py`` times the steps after
the FETCH without IMAP or SQLite; ``cold_tui_cpu.py`` the real TUI and its children.

With ``--before``, the caches the two checkouts wrote in the last run are compared:
the ``queue``, ``messages`` and ``search`` tables row for row (one writer, the same
order: even the row IDs). Dovecot's CPU is not counted. Never talks to anything but
127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dovecot_bench import seeded_dovecot  # noqa: E402
from imap_sync import EncryptedReports, _chown_mail, plain_report, seed_plain  # noqa: E402

from tests.servers.dovecot import Dovecot  # noqa: E402

CHILD = r"""
import cProfile, io, os, pickle, pstats, resource, sys, time
from pathlib import Path
import hdtui
from hdtui import read_process
from hdtui.cache import ReportCache
from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.services import reading
from hdtui.sources.imap import ImapAccount, ImapSource
from hdtui.store import SCHEMA
assert Path(hdtui.__file__).parents[1] == Path.cwd(), hdtui.__file__
host, port, user, cafile, listing, store, profile, gpg_home = sys.argv[1:9]
account = ImapAccount(host=host, user=user, password=lambda: os.environ["BENCH_PW"],
                      port=int(port), ca_file=cafile, timeout=30.0)
items = pickle.loads(Path(listing).read_bytes())
source = ImapSource(account, True)
cache = ReportCache(Path(store), SCHEMA)
cache.apply_listing(source.identity, items, ())
job = read_process.Job({}, "", True, gpg_home or None, "gpg", store, SCHEMA, source.identity,
                       tuple(DEFAULT_TEAM_ADDRESSES), (), {}, 1, 200, reading.BATCH, 120.0)
source.connect()
read_process.collect_for_reading()
profiles = {}
if profile == "1":
    load_many = source.load_many
    def profiled(chunk):
        found = profiles.setdefault("fetch thread", cProfile.Profile(time.thread_time))
        found.enable()
        try:
            return load_many(chunk)
        finally:
            found.disable()
    source.load_many = profiled
    profiles["main thread"] = cProfile.Profile(time.thread_time)
    profiles["main thread"].enable()
process, thread = time.process_time(), time.thread_time()
gpg = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(os.devnull, "wb") as out:
    read_process._read(job, iter([items]), source, cache, out)
process, thread = time.process_time() - process, time.thread_time() - thread
done = resource.getrusage(resource.RUSAGE_CHILDREN)
gpg_cpu = done.ru_utime + done.ru_stime - gpg.ru_utime - gpg.ru_stime
if profile == "1":
    profiles["main thread"].disable()
source.close()
cache.close()
print(f"CPU {process:.2f} s ({process / len(items) * 1000:.3f} ms a message), "
      f"main thread {thread:.2f} s" + (f", gpg {gpg_cpu:.2f} s" if gpg_home else ""))
for name, found in profiles.items():
    text = io.StringIO()
    pstats.Stats(found, stream=text).sort_stats("tottime").print_stats(25)
    print(f"--- {name}, cProfile (thread CPU time)")
    print("\n".join(text.getvalue().splitlines()[4:]))
"""
"""One checkout's child work, in a fresh interpreter started in that checkout."""

TABLES = {"queue": "ns, key", "messages": "ns, key", "search": "ns, key"}


def journal_seed(kilobytes: int) -> Callable[[Dovecot, str, int], None]:
    """``imap_sync.seed_plain`` with about ``kilobytes`` KB of journal lines at the end of
    each report's text."""
    line = ("Dec 06 12:{:02d}:{:02d} amnesia kernel: usb 1-{}: new high-speed USB device "
            "number {} using xhci_hcd\n")

    def seed(server: Dovecot, user: str, count: int) -> None:
        bodies = [p.read_text() for p in sorted((ROOT / "tests" / "data" / "whisperback")
                                                .glob("*.txt"))]
        journal = "".join(line.format(n // 60 % 60, n % 60, n % 7, n)
                          for n in range(kilobytes * 1024 // 80))
        box = server.dir / "mail" / user
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
        now = int(time.time())
        for n in range(count):
            (box / "cur" / f"{now - n}.M{n}P1.bench:2,").write_bytes(plain_report(
                n, bodies[n % len(bodies)].rstrip("\n") + "\n" + journal, now))
        _chown_mail(server)

    return seed


def same_cache(first: Path, second: Path) -> list[str]:
    """The tables of TABLES that differ between two caches (empty: the same rows)."""
    differ = []
    with contextlib.closing(sqlite3.connect(first)) as a, \
            contextlib.closing(sqlite3.connect(second)) as b:
        for table, order in TABLES.items():
            query = f"SELECT * FROM {table} ORDER BY {order}"
            if a.execute(query).fetchall() != b.execute(query).fetchall():
                differ.append(table)
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--before", type=Path, help="another checkout, run alternately")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--journal", type=int, default=0, metavar="KB")
    parser.add_argument("--encrypted", action="store_true",
                        help="reports encrypted to a test key (imap_sync.EncryptedReports), "
                        "decrypted with gpg by the child (its CPU said apart)")
    args = parser.parse_args()
    roots = [("this", ROOT)] + ([("before", args.before)] if args.before else [])
    encrypted = EncryptedReports() if args.encrypted else None
    seed: Callable[[Dovecot, str, int], None] = encrypted or (
        journal_seed(args.journal) if args.journal else seed_plain)
    with seeded_dovecot(args.messages, "child-cpu-", seed,
                        key=encrypted.key if encrypted else None) as bench:
        from hdtui.sources.imap import ImapAccount, ImapSource

        server, user = bench.server, bench.user
        lister = ImapSource(ImapAccount(host=server.host, user=user[0],
                                        password=lambda: user[1], port=server.imaps_port,
                                        ca_file=server.cafile, timeout=30.0), True)
        items = sorted(lister.list(), key=lambda i: (i.mtime, int(i.key.rsplit("/")[-1])),
                       reverse=True)
        lister.close()
        listing = bench.work / "listing.pickle"
        listing.write_bytes(pickle.dumps(items))
        print(f"{len(items)} {'encrypted' if encrypted else 'plain'} reports"
              + (f" with {args.journal} KB of journal" if args.journal else "")
              + f", one child's work over all of them; load average "
              f"{os.getloadavg()[0]:.1f} at the start", flush=True)
        stores: dict[str, Path] = {}
        for run in range(args.runs):
            for label, root in roots:
                store = Path(tempfile.mkdtemp(dir=bench.work)) / "cache.sqlite"
                stores[label] = store
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, server.host, str(server.imaps_port),
                     user[0], server.cafile, str(listing), str(store),
                     "1" if args.profile else "0",
                     str(bench.gpg_home) if encrypted else ""],
                    cwd=root, env={**os.environ, "PYTHONPATH": str(root), "BENCH_PW": user[1]},
                    check=True, capture_output=True, text=True).stdout.rstrip()
                first, _, rest = out.partition("\n")
                print(f"  run {run} {label:6} {first} (load {os.getloadavg()[0]:.1f})",
                      flush=True)
                if rest:
                    print(rest, flush=True)
        if args.before:
            differ = same_cache(stores["this"], stores["before"])
            print("caches: the same queue, messages and search rows" if not differ
                  else f"caches DIFFER in: {', '.join(differ)}")


if __name__ == "__main__":
    main()
