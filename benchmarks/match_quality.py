"""Measures known-issue ranking quality on the labeled development set (issue #4).

Run: .venv/bin/python benchmarks/match_quality.py [--set dev|NAME|spent] [--verbose]
Ranks every message of tests/data/matching/ (the development set by default, or with
--set NAME one of the untuned sets of issue #12 nobody tunes on: each line of the set
builder's UNTUNED_STARTS, untuned to the newest) against its
issues.json (the real known issues plus distractors) with hdtui's ranker and with a plain
BM25 baseline over the whole text, and prints recall@1, recall@5 (over the messages that
have a correct issue) and, for the messages labeled 'none', how often a confident match is
still claimed (for the baseline, how often anything scores above its own threshold, picked
to claim on 90% of the labeled messages). --verbose lists every miss.

--set spent ranks the messages of every set (dev and every untuned set: all of them spent
once measured) with one index, prints one line per set and the totals of hdtui's ranker
over them: what a rule read from the spent sets must not make worse (docs/matching.md,
"Session 11: the third rank round"). Measure a new set alone first.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.domain.issue import KnownIssue  # noqa: E402
from hdtui.domain.matching import IssueIndex, suggest_issues  # noqa: E402
from hdtui.domain.queue import Entry  # noqa: E402
from hdtui.services.reading import Reader  # noqa: E402
from hdtui.sources.parse import parse_message  # noqa: E402
from hdtui.tracker.static import issue_from_rest  # noqa: E402
from tests.data.matching.build import UNTUNED_STARTS  # noqa: E402

DATA = ROOT / "tests" / "data" / "matching"
# Labeled sets over the same issues.json: the development set and the six untuned sets
# (issue #12), written apart from the ranker and never tuned on.
SETS = {"dev": "labels.json", **{name: f"labels_{name}.json" for name in UNTUNED_STARTS}}
UNSEEN: tuple[str, ...] = ()
"""Sets written and not measured yet: ``--set spent`` leaves them out, so that a ranking
branch never sees them before the lead measures them once (then the name goes from here)."""


@dataclass(frozen=True)
class Case:
    """One labeled message."""

    name: str
    entry: Entry
    label: int | None
    hard: bool
    lang: str


def load_issues() -> list[KnownIssue]:
    """The dataset's issues."""
    data = json.loads((DATA / "issues.json").read_text(encoding="utf-8"))
    return [issue_from_rest(obj) for obj in data]


def load_cases(which: str = "dev") -> list[Case]:
    """Every labeled message of one set (see SETS), parsed the way hdtui reads mail."""
    labels = json.loads((DATA / SETS[which]).read_text(encoding="utf-8"))
    reader = Reader(None, None, ())  # type: ignore[arg-type]  # plain messages only
    cases = []
    for name, info in labels.items():
        raw = (DATA / info["file"]).read_bytes()
        entry = reader.understand(parse_message(raw, name))
        cases.append(Case(name, entry, info["label"], info["hard"], info["lang"]))
    return cases


# ------------------------------------------------------------------ plain BM25 baseline

_WORD_RE = re.compile(r"\w+")


def bm25_tokens(text: str) -> list[str]:
    """Lowercased words, nothing else."""
    return _WORD_RE.findall(text.lower())


class Bm25:
    """Textbook BM25 (k1 1.2, b 0.75) over title, description and labels."""

    def __init__(self, issues: Sequence[KnownIssue]) -> None:
        self.issues = list(issues)
        self.postings: dict[str, list[tuple[int, int]]] = {}
        self.lengths: list[int] = []
        for doc, issue in enumerate(self.issues):
            counts = Counter(bm25_tokens(f"{issue.title}\n{issue.description}\n"
                                         f"{' '.join(issue.labels)}"))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings.setdefault(term, []).append((doc, tf))
        self.avg = sum(self.lengths) / len(self.lengths)

    def rank(self, text: str, limit: int = 5) -> list[tuple[float, KnownIssue]]:
        """Issues by BM25 score for the whole message text as the query."""
        n = len(self.issues)
        scores: dict[int, float] = {}
        for term in set(bm25_tokens(text)):
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
            for doc, tf in postings:
                norm = 1.2 * (0.25 + 0.75 * self.lengths[doc] / self.avg)
                scores[doc] = scores.get(doc, 0.0) + idf * tf * 2.2 / (tf + norm)
        best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        return [(score, self.issues[doc]) for doc, score in best]


def whole_text(entry: Entry) -> str:
    """Everything the message says: subject and the whole (decoded) body."""
    return f"{entry.message.subject}\n{entry.message.text}"


# ------------------------------------------------------------------ measurement

@dataclass
class Result:
    """Recall and none-claims of one ranker."""

    name: str
    at1: int = 0
    at5: int = 0
    labeled: int = 0
    hard_at1: int = 0
    hard_at5: int = 0
    hard: int = 0
    none: int = 0
    none_claimed: int = 0
    claimed_right: int = 0
    claimed_wrong: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        """One printable summary line."""
        return (f"{self.name:<8} recall@1 {self.at1 / self.labeled:.3f} ({self.at1}/{self.labeled})"
                f"  recall@5 {self.at5 / self.labeled:.3f} ({self.at5}/{self.labeled})"
                f"  hard@1 {self.hard_at1}/{self.hard}  hard@5 {self.hard_at5}/{self.hard}"
                f"  confident-on-none {self.none_claimed}/{self.none}"
                f" ({self.none_claimed / max(self.none, 1):.2f})"
                f"  confident right/wrong on labeled {self.claimed_right}/{self.claimed_wrong}"
                f"  {1000 * self.seconds / (self.labeled + self.none):.2f} ms/message")


def record(result: Result, case: Case, ranked: list[int], claimed: bool,
           misses: list[str], why: str) -> None:
    """Count one ranking."""
    if case.label is None:
        result.none += 1
        if claimed:
            result.none_claimed += 1
            misses.append(f"  {result.name}: none-claimed {case.name}: {why}")
        return
    result.labeled += 1
    result.hard += case.hard
    if claimed:
        if ranked[:1] == [case.label]:
            result.claimed_right += 1
        else:
            result.claimed_wrong += 1
    if ranked[:1] == [case.label]:
        result.at1 += 1
        result.hard_at1 += case.hard
    elif misses is not None:
        place = ranked.index(case.label) + 1 if case.label in ranked else "-"
        misses.append(f"  {result.name}: {case.name} (#{case.label}) at {place}: {why}")
    if case.label in ranked[:5]:
        result.at5 += 1
        result.hard_at5 += case.hard


def rank_with_hdtui(index: IssueIndex, cases: list[Case], ours: Result, misses: list[str],
                    *also: Result) -> None:
    """Rank every case with hdtui's ranker; count it in ``ours`` (its misses listed) and in
    each of ``also`` (the totals of ``--set spent``)."""
    started = time.perf_counter()
    rankings = [suggest_issues(case.entry, index) for case in cases]
    ours.seconds = time.perf_counter() - started
    for case, matches in zip(cases, rankings, strict=True):
        why = "; ".join(f"#{m.issue.iid} {m.score:.1f}{'*' if m.confident else ''} "
                        f"[{', '.join(m.signals[:3])}]" for m in matches[:3])
        ranked = [m.issue.iid for m in matches]
        claimed = bool(matches) and matches[0].confident
        record(ours, case, ranked, claimed, misses, why)
        for result in also:
            record(result, case, ranked, claimed, [], why)
    for result in also:
        result.seconds += ours.seconds


def measure(issues: list[KnownIssue], cases: list[Case]) -> tuple[Result, Result, list[str]]:
    """Rank every case with hdtui and with the baseline."""
    misses: list[str] = []
    ours = Result("hdtui")
    rank_with_hdtui(IssueIndex(issues), cases, ours, misses)
    bm25 = Bm25(issues)
    base = Result("bm25")
    started = time.perf_counter()
    base_rankings = [bm25.rank(whole_text(case.entry)) for case in cases]
    base.seconds = time.perf_counter() - started
    # The baseline has no notion of confidence: claim when the top score reaches the
    # score the top match has on 90% of the labeled messages.
    tops = sorted(r[0][0] for r, c in zip(base_rankings, cases, strict=True)
                  if r and c.label is not None)
    threshold = tops[len(tops) // 10] if tops else 0.0
    for case, ranked in zip(cases, base_rankings, strict=True):
        why = "; ".join(f"#{i.iid} {s:.1f}" for s, i in ranked[:3])
        record(base, case, [i.iid for _, i in ranked], bool(ranked) and ranked[0][0] >= threshold,
               misses, why)
    return ours, base, misses


def spent(verbose: bool) -> None:
    """Every set, one line each, and hdtui's totals over all of them (``--set spent``)."""
    issues = load_issues()
    index = IssueIndex(issues)
    total = Result("total")
    lines: list[str] = []
    for which in SETS:
        if which in UNSEEN:
            continue
        result = Result(which)
        rank_with_hdtui(index, load_cases(which), result, lines, total)
        print(result.line())
    print(total.line())
    if verbose:
        print("\n".join(lines))


def main() -> None:
    """Print the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "spent"], default="dev",
                        help="labeled set: dev (default, the tuned-on one), an untuned one, "
                        "or spent: every set, with the totals")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if args.set == "spent":
        spent(args.verbose)
        return
    issues = load_issues()
    cases = load_cases(args.set)
    languages = Counter(c.lang for c in cases)
    name = "" if args.set == "dev" else f" {args.set}"
    print(f"dataset{name}: {len(issues)} issues, {len(cases)} messages "
          f"({sum(c.label is not None for c in cases)} labeled, "
          f"{sum(c.label is None for c in cases)} none, {sum(c.hard for c in cases)} hard; "
          + ", ".join(f"{k} {v}" for k, v in languages.most_common()) + ")")
    ours, base, misses = measure(issues, cases)
    print(ours.line())
    print(base.line())
    if args.verbose:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
