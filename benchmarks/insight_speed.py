"""How long the numbers take at scale: hot topics, clusters and regressions over 100,000
reports' facts (what the hot topics screen and ``hdtui stats`` compute once facts are at
hand), and what computing one report's facts costs (decode + ranking the known issues).

    .venv/bin/python benchmarks/insight_speed.py [--reports 100000] [--runs 3]
    .venv/bin/python benchmarks/insight_speed.py --clusters-only [--save FILE]

``--clusters-only`` times ``clusters()`` alone (CPU seconds) over the same facts, each given
ten peripheral chips of its GPU's chipset and four USB devices (``with_devices``: what
rules v38 links by), and can save the clusters (ids, members, signals, flags) to compare
two versions (docs/insight.md, "Session 13: the clustering's CPU after v38").

Synthetic facts, seeded: 70% of reports match one of 60 issues, the rest carry random
chips, words and journal errors (a few planted problems among them), over 8 weeks.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hdtui.cli import json_text
from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.domain.weekly import as_data

TODAY = date(2026, 11, 30)
WORDS = [f"w{i}" for i in range(3000)]
GPUS = [f"8086:{i:04x}" for i in range(200)] + [f"1002:{i:04x}" for i in range(100)]


def synthetic(n: int, seed: int = 7) -> list[ReportFacts]:
    rng = random.Random(seed)
    facts = []
    for i in range(n):
        received = TODAY - timedelta(days=rng.randrange(56))
        version = "7.7" if received > TODAY - timedelta(days=10) else rng.choice(["7.5", "7.6"])
        matched = rng.random() < 0.7
        planted = not matched and rng.random() < 0.05
        facts.append(ReportFacts(
            key=f"k{i}", reference=f"wb://{i:032x}", report_id=f"{i:032x}",
            received=received, version=version,
            gpus=("1002:15bf",) if planted else (rng.choice(GPUS),),
            network=(f"10ec:{rng.randrange(50):04x}",),
            product=f"Model {rng.randrange(500)}",
            errors=(f"amdgpu ring gfx timeout {rng.randrange(3)}",) if planted else (),
            words=frozenset(rng.sample(WORDS, 6)),
            likely=(rng.randrange(60),) if matched else ()))
    return facts


def with_devices(facts: list[ReportFacts], seed: int = 11) -> list[ReportFacts]:
    """The facts, each given ten peripheral chips of its GPU's chipset (300 chipsets, one
    per GPU, as real machines have it) and four USB devices of 1,200."""
    rng = random.Random(seed)
    usb = [f"usb:{i:04x}:{i:04x}" for i in range(1200)]
    chipset = {g: n for n, g in enumerate(GPUS)}
    return [replace(f, devices=tuple(f"8086:{chipset.get(f.gpus[0], 0):03x}{j}" for j in range(10))
                    + tuple(rng.sample(usb, 4)))
            for f in facts]


def clusters_only(n: int, runs: int, save: str) -> None:
    """``clusters()`` alone, CPU seconds per run, and optionally its output as JSON lines."""
    facts = with_devices(synthetic(n))
    for _ in range(runs):
        started = time.process_time()
        found = clusters(facts, TODAY)
        print(f"clusters of {n} reports with devices: {time.process_time() - started:.2f} s "
              f"CPU, {len(found)} clusters", flush=True)
    if save:
        with open(save, "w", encoding="utf-8") as out:
            for c in found:
                out.write(json.dumps([c.id, c.label, c.signals, c.reports, c.per_week,
                                      [d.isoformat() for d in c.flagged_weeks], c.versions,
                                      c.hardware, c.report_ids, c.words]) + "\n")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--clusters-only", action="store_true",
                   help="time clusters() alone over facts with devices")
    p.add_argument("--save", default="", help="with --clusters-only: write the clusters here")
    args = p.parse_args()
    if args.clusters_only:
        clusters_only(args.reports, args.runs, args.save)
        return
    facts = synthetic(args.reports)
    times, dumps, quick, printed = [], [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        overview(facts, [], TODAY, counts_only=True)
        quick.append(time.perf_counter() - started)
        started = time.perf_counter()
        view = overview(facts, [], TODAY)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        json.dumps(as_data(view, {}))
        dumps.append(time.perf_counter() - started)
        started = time.perf_counter()
        json_text(as_data(view, {}))  # as `hdtui stats --json` prints it: indented
        printed.append(time.perf_counter() - started)
    print(f"{args.reports} reports: counts and hot topics (what the screen shows first) "
          f"median {statistics.median(quick):.2f} s")
    print(f"{args.reports} reports: overview (counts, hot topics, clusters, regressions) "
          f"median {statistics.median(times):.2f} s (min {min(times):.2f}); JSON "
          f"{statistics.median(dumps):.2f} s (indented, as stats prints it: "
          f"{statistics.median(printed):.2f} s); {len(view.clusters)} clusters, "
          f"{len(view.regressions)} regressions")
    saved(facts)
    per_report()


def saved(facts: list[ReportFacts]) -> None:
    """Facts of every report saved in the report cache, read back as a new session does."""
    import tempfile

    from hdtui.cache import ReportCache
    from hdtui.domain.facts_codec import decode_rows, encode
    from hdtui.domain.insight import RULES_VERSION

    with tempfile.TemporaryDirectory() as tmp:
        cache = ReportCache(Path(tmp) / "cache.sqlite", 1)
        rows = [(f.key, 1, RULES_VERSION, "fp", encode(f)) for f in facts]
        started = time.perf_counter()
        cache.put_facts("ns", rows)
        wrote = time.perf_counter() - started
        started = time.perf_counter()
        back = [f for page in _pages(cache.facts("ns", RULES_VERSION))
                for f in decode_rows(page) if f is not None]  # as Insight._load_saved
        read = time.perf_counter() - started
        cache.close()
    print(f"saved facts of {len(back)} reports: written in {wrote:.2f} s, read back and "
          f"decoded in {read:.2f} s (a warm hot topics or stats: this, then the overview)")


def _pages(rows: Iterable[tuple[str, int, int, str, str]]) -> Iterator[list[str]]:
    """The rows' JSON texts, ``LOAD_PAGE`` at a time (as ``Insight._load_saved`` reads)."""
    from hdtui.services.insight import LOAD_PAGE

    each = iter(rows)
    while page := [row[4] for row in islice(each, LOAD_PAGE)]:
        yield page


def per_report() -> None:
    """Facts of the demo's reports: decode from nothing, parse, rank the known issues."""
    from hdtui.domain.insight.facts import report_facts
    from hdtui.domain.mail import Kind
    from hdtui.domain.matching import IssueIndex
    from hdtui.domain.message import Message
    from hdtui.domain.queue import DecryptState, Entry
    from hdtui.domain.report import parse_report
    from hdtui.domain.text import MailText
    from hdtui.services.insight import likely_issues
    from hdtui.tracker.static import StaticTracker

    root = Path(__file__).resolve().parents[1]
    issues = StaticTracker(root / "hdtui" / "demo" / "known_issues.json").issues()
    index = IssueIndex(issues)
    texts = [p.read_text(encoding="utf-8") for p in (root / "tests/data/whisperback").glob("*.txt")]
    entries = [Entry(Message(key=str(i), subject=MailText("Bug report: 1")), Kind.REPORT,
                     parse_report(MailText(t)), DecryptState.DECRYPTED)
               for i, t in enumerate(texts)]
    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for entry in entries:
            report_facts(entry, likely_issues(entry, index))
    each = (time.perf_counter() - started) / (rounds * len(entries))
    print(f"facts of one report (rank {len(issues)} issues, then extract): {each * 1000:.2f} ms;"
          f" 100,000 reports: {each * 100_000:.0f} s on one core")


if __name__ == "__main__":
    main()
