"""Measures known-issue ranking speed against 10,000 issues (issue #4: under 50 ms a report).

Run: .venv/bin/python benchmarks/match_speed.py [--issues N] [--rounds R]
Takes the development set's issues (tests/data/matching/issues.json) and derives more from
them until there are N: each new issue mixes the title of one with sentences of others and
gets its own PCI ids and model numbers, so the vocabulary and the id space grow as a real
tracker's would. Prints the index build time, then the time to rank each of the set's
messages (median, 95th percentile, max over R rounds).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from match_quality import load_cases, load_issues  # noqa: E402

from hdtui.domain.issue import KnownIssue  # noqa: E402
from hdtui.domain.matching import IssueIndex, suggest_issues  # noqa: E402

_PCI_RE = re.compile(r"\b([0-9a-f]{4}):([0-9a-f]{4})\b")
_NUMBER_RE = re.compile(r"\b([A-Za-z]{1,4})(\d{2,5})\b")


def grow(issues: list[KnownIssue], target: int, seed: int = 4) -> list[KnownIssue]:
    """The issues plus derived ones, ``target`` in all."""
    rng = random.Random(seed)
    sentences = [s for i in issues for s in re.split(r"(?<=[.!?])\s+", i.description) if s]
    result = list(issues)
    next_iid = max(i.iid for i in issues) + 1
    while len(result) < target:
        base = rng.choice(issues)

        def new_id(match: re.Match[str]) -> str:
            return f"{match.group(1)}:{rng.randrange(16**4):04x}"

        def new_model(match: re.Match[str]) -> str:
            return f"{match.group(1)}{rng.randrange(10 ** len(match.group(2)))}"

        title = _NUMBER_RE.sub(new_model, _PCI_RE.sub(new_id, base.title))
        body = " ".join(rng.sample(sentences, 4))
        text = _PCI_RE.sub(new_id, f"{base.description}\n\n{body}")
        description = _NUMBER_RE.sub(new_model, text)
        url = f"https://gitlab.tails.boum.org/tails/tails/-/issues/{next_iid}"
        result.append(replace(base, iid=next_iid, title=title, description=description,
                              web_url=url))
        next_iid += 1
    return result


def main() -> None:
    """Print build and ranking times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    issues = grow(load_issues(), args.issues)
    cases = load_cases()
    started = time.perf_counter()
    index = IssueIndex(issues)
    build = time.perf_counter() - started
    times: list[float] = []
    for _ in range(args.rounds):
        for case in cases:
            started = time.perf_counter()
            suggest_issues(case.entry, index)
            times.append(1000 * (time.perf_counter() - started))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)))]
    print(f"{len(issues)} issues: index built in {build:.2f} s")
    print(f"ranking {len(cases)} messages x {args.rounds} rounds: median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
