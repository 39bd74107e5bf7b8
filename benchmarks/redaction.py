"""Measures the personal-data stripping on the labelled set (issue #9 item 4).

Run: .venv/bin/python benchmarks/redaction.py [--verbose] [--runs N] [--cases PATH]
Strips every case of tests/data/redaction/cases.toml (or of PATH, e.g. the held-out set
tests/data/redaction/heldout.toml) as an issue draft would (knowing the
case's From: and key user ID) and prints: recall (personal strings removed / all personal
strings), ordinary words kept / all ordinary words, the removal's precision (of the
labelled strings removed, the share that was personal), the cases with uncertain findings,
and the time per case. --verbose lists every miss and every uncertain line.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.redaction_set import CASES, load_cases, run_case, score  # noqa: E402


def main() -> int:
    """Run the set, print the scores; exit 1 when something personal is left."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", type=Path, default=CASES,
                        help="labelled set to score (default: the development set)")
    args = parser.parse_args()
    cases = load_cases(args.cases)
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        outcomes = [run_case(c) for c in cases]
        timings.append(time.perf_counter() - start)
    scores = score(outcomes)
    langs = sorted({c.lang for c in cases})
    print(f"cases: {len(cases)} ({', '.join(langs)}); personal strings: {scores.personal}; "
          f"ordinary words: {scores.ordinary}")
    print(f"recall (personal removed): {scores.personal_removed}/{scores.personal} "
          f"= {scores.recall:.1%}")
    print(f"ordinary words kept: {scores.ordinary - scores.ordinary_removed}/{scores.ordinary}"
          f" = {scores.kept:.1%} (removed: {1 - scores.kept:.1%}, target <= 5%)")
    print(f"removal precision: {scores.precision:.1%}")
    doubtful = [o for o in outcomes if o.redaction.uncertain]
    print(f"cases with uncertain findings: {len(doubtful)}")
    median = statistics.median(timings)
    print(f"time: {median * 1000:.1f} ms for the set (median of {args.runs}), "
          f"{median / len(cases) * 1e6:.0f} µs per case")
    if args.verbose:
        for outcome in outcomes:
            if outcome.left or outcome.lost:
                print(f"- {outcome.case.id}: left {outcome.left}, lost {outcome.lost}")
            for finding in outcome.redaction.uncertain:
                print(f"? {outcome.case.id}: {finding}")
    return 1 if scores.personal_removed < scores.personal else 0


if __name__ == "__main__":
    sys.exit(main())
