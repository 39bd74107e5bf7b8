"""Measures known-issue ranking speed against 10,000 issues (issue #4: under 50 ms a report).

Run: .venv/bin/python benchmarks/match_speed.py [--issues N] [--rounds R]
Takes the development set's issues (tests/data/matching/issues.json) and derives more from
them until there are N: each new issue mixes the title of one with sentences of others and
gets its own PCI ids and model numbers, so the vocabulary and the id space grow as a real
tracker's would. Prints the index build time, then the time to rank each of the set's
messages (median, 95th percentile, max over R rounds).

Then the start of a session (issue #12: "ready in under 0.5 s at 10,000 issues"): the
issues are written as the GitLab issue cache keeps them (REST objects in JSON) and the
index is saved as the app saves it (tracker/index_file.py); a fresh Python process then
times what a start does before the first ranking: read the issue cache, fingerprint the
issues, load the saved index and build the IssueIndex from it. Imports are timed apart.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from match_quality import load_cases, load_issues  # noqa: E402

from hdtui.domain.issue import KnownIssue  # noqa: E402
from hdtui.domain.matching import IssueIndex, index_fingerprint, suggest_issues  # noqa: E402
from hdtui.tracker.index_file import IndexFile  # noqa: E402

START = """
import json, sys, time
t0 = time.perf_counter()
from hdtui.domain.matching import IssueIndex, index_fingerprint
from hdtui.tracker.index_file import IndexFile
from hdtui.tracker.static import issue_from_rest
t1 = time.perf_counter()
issues = [issue_from_rest(o) for o in json.loads(open(sys.argv[1], encoding="utf-8").read())]
t2 = time.perf_counter()
fingerprint = index_fingerprint(issues)
t3 = time.perf_counter()
saved = IndexFile(__import__("pathlib").Path(sys.argv[2])).load(fingerprint)
assert saved is not None, "the saved index does not fit"
index = IssueIndex(issues, saved)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "issues": t2 - t1, "fingerprint": t3 - t2,
                  "index": t4 - t3, "ready": t4 - t1}))
"""

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
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "gitlab-issues.json"
        cache.write_text(json.dumps([
            {"iid": i.iid, "title": i.title, "description": i.description,
             "labels": list(i.labels), "state": i.state, "web_url": i.web_url,
             "updated_at": i.updated_at} for i in issues]), encoding="utf-8")
        saved = Path(tmp) / "issue-index.bin"
        IndexFile(saved).save(index_fingerprint(issues), index.export())
        runs = []
        for _ in range(args.rounds):
            out = subprocess.run([sys.executable, "-c", START, str(cache), str(saved)],
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            runs.append(json.loads(out.stdout))
        size = saved.stat().st_size / 1e6
    best = min(runs, key=lambda r: r["ready"])
    print(f"start with the saved index ({size:.1f} MB), best of {args.rounds}: ready in "
          f"{best['ready']:.2f} s (issue cache read {best['issues']:.2f} s, fingerprint "
          f"{best['fingerprint']:.2f} s, saved index loaded {best['index']:.2f} s); imports "
          f"{best['imports']:.2f} s; all runs: "
          + ", ".join(f"{r['ready']:.2f}" for r in runs))
    print(f"ranking {len(cases)} messages x {args.rounds} rounds: median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
