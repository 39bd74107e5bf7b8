"""What a resync that finds an expunge spends telling the gone UIDs from the kept ones:
``UidSet.missing_from`` and ``UidSet.kept`` against the listing's UIDs (a set, as
``ImapSource`` builds it from ``UID SEARCH ALL``), at 100,000 UIDs.

    .venv/bin/python benchmarks/uid_set_speed.py [--runs 15]

Seeded; prints the fastest and the median of ``--runs`` calls, in milliseconds
(docs/benchmarks.md, "UidSet after an expunge").
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hdtui.sources.uid_set import UidSet

FOLDERS: list[tuple[str, Iterable[int], int]] = [
    ("100,000 UIDs in one run, 5 gone", range(1, 100_001), 5),
    ("100,000 UIDs in 1,000 runs, 5 gone", (u for u in range(1, 110_001) if u % 110 < 100), 5),
    ("100,000 UIDs in one run, 1,000 gone", range(1, 100_001), 1000),
]


def timed(call: Callable[[], object], runs: int) -> str:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return f"{min(seconds) * 1000:.2f} ms (median {statistics.median(seconds) * 1000:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    rng = random.Random(1)
    for label, uids, gone in FOLDERS:
        found = UidSet.of(uids)
        present = set(found) - set(rng.sample(list(found), gone))
        missing = timed(lambda: found.missing_from(present), runs)  # noqa: B023 (called now)
        kept = timed(lambda: found.kept(present), runs)  # noqa: B023
        print(f"{label}: missing_from {missing}, kept {kept}")


if __name__ == "__main__":
    main()
