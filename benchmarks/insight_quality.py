"""Measures issue #10's quality targets on the labelled insight set (tests/data/insight).

Run: .venv/bin/python benchmarks/insight_quality.py [--part PART|both|allN] [--verbose]

For each part of the set asked for: PART is one name of tests/support/insight_set.py's
PARTS (one part; that module says how each part was written and how often it may be
measured), "both" (the default) is tune and heldout, and "allN" (N from 3 to the number
of parts) is the first N parts of PARTS, in the order they were written (all13: the
thirteen parts before the fourteenth; all14: every part with the fourteenth). Tune only
on the parts that module says may be looked at while tuning; a part measured once is
asked for once, alone or through the first allN that includes it.
- likely: the confident top match of suggest_issues counts as "likely" for its issue,
  unless the report's journal contradicts it (insight.contradicted, rules version 50: as
  the product counts); precision and recall against the labels (a confident match on a
  report whose problem has no known issue, or on a noise report, is a false positive).
  Target on the held-out part: precision >= 0.95, recall >= 0.85.
- learnt: the same, with each report matched in date order with the words its issue
  learnt from the reports linked before it (docs/insight.md, "Learning from linked
  reports"): "confirmed" links the confident matches a member confirms (the right ones),
  "by hand" also every second report of a known issue not counted for it.
- clusters: hdtui.domain.insight.clusters over the reports without a confident match;
  pairwise precision and recall over all pairs of those reports (a pair is together when
  in one cluster, truly together when both have the same problem; noise is never truly
  together with anything). Targets: precision >= 0.9, recall >= 0.8.
- flags: every (problem, week) with 2+ reports must be flagged that week: 2+ of those
  reports likely for the problem's issue, or 2+ of them in one cluster flagged that week
  (with the clusters of its family, Cluster.family, since rules version 50). Of those
  not flagged, how many a week worth a look of the problem's issue marks
  (IssueStats.look_weeks), and how many issue-weeks are worth a look wrongly.
- regression: the part's planted one found (each problem file plants one on 7.7: a chip
  that all its machines share, named in the file's header; InsightSet.regression_groups);
  none on the same part without the planted reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.domain.insight.clusters import clusters  # noqa: E402
from hdtui.domain.insight.facts import report_facts  # noqa: E402
from hdtui.domain.insight.overview import as_linked  # noqa: E402
from hdtui.domain.insight.per_issue import contradicted, issue_stats  # noqa: E402
from hdtui.domain.insight.regressions import problems_of, regressions  # noqa: E402
from hdtui.domain.insight.worth_a_look import worth_a_look  # noqa: E402
from hdtui.domain.issue import closed_by  # noqa: E402
from hdtui.domain.matching import IssueIndex, suggest_issues  # noqa: E402
from hdtui.domain.vocabulary import learned_vocabulary  # noqa: E402
from tests.support.insight_set import NOISE, PARTS, Case, InsightSet, Part, load  # noqa: E402

TARGETS = {"likely_precision": 0.95, "likely_recall": 0.85, "pair_precision": 0.9,
           "pair_recall": 0.8}


@dataclass
class Result:
    """The measurements of one part."""

    part: str
    reports: int
    likely: dict[str, int]
    """iid chosen per report key (only confident top matches)."""
    possible: dict[str, int] = field(default_factory=dict)
    """The top match's iid where it is not confident."""
    false_flags: list[str] = field(default_factory=list)
    """Issue-weeks the product flags with fewer than 2 reports of that issue's problem."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    pairs: tuple[int, int, int] | None = None
    """(together and truly, together, truly together)."""
    clusters: int = 0
    flags: tuple[int, int] | None = None
    """(flagged problem-weeks, problem-weeks to flag)."""
    looks: tuple[int, int] = (0, 0)
    """(problem-weeks not flagged that a week worth a look of the problem's issue marks,
    problem-weeks not flagged)."""
    false_looks: list[str] = field(default_factory=list)
    """Issue-weeks worth a look (``IssueStats.look_weeks``) with fewer than 2 reports of
    that issue's problem."""
    planted: bool | None = None
    false_regressions: list[str] = field(default_factory=list)
    clean_regressions: list[str] | None = None
    misses: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    learning: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Likely (tp, fp, fn) when issues learn words from earlier linked reports, per way
    of linking (see measure_learning)."""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def measure_likely(cases: Sequence[Case], index: IssueIndex, result: Result) -> None:
    for case in cases:
        matches = suggest_issues(case.entry, index)
        top = matches[0] if matches else None
        label = case.label
        if top is not None and not top.confident:
            result.possible[case.key] = top.issue.iid
        if top is not None and top.confident:
            result.likely[case.key] = top.issue.iid
            if top.issue.iid == label.issue:
                result.tp += 1
                continue
            result.fp += 1
            result.misses.append(f"{case.key} {label.problem}: claimed #{top.issue.iid}")
        if label.issue:
            result.fn += 1
            best = f"#{top.issue.iid} {top.score}" if top else "nothing"
            if top is None or top.issue.iid != label.issue or not top.confident:
                result.misses.append(f"{case.key} {label.problem} (#{label.issue}): top {best}")


def uncount_contradicted(cases: Sequence[Case], result: Result) -> None:
    """As the product counts (domain.insight.overview, rules v50): a confident match whose
    journal the other reports contradict (insight.contradicted) is not likely, only the
    report's best match."""
    facts = [report_facts(c.entry, (result.likely[c.key],) if c.key in result.likely
                                  else (), result.possible.get(c.key, 0)) for c in cases]
    doubted = contradicted(facts)
    for case, f in zip(cases, facts, strict=True):
        if f.reference not in doubted:
            continue
        iid = result.likely.pop(case.key)
        result.possible[case.key] = iid
        if iid == case.label.issue:
            result.tp -= 1
            result.fn += 1
            result.misses.append(f"{case.key} {case.label.problem} (#{iid}): its journal "
                                 "contradicts the confident match")
        else:
            result.fp -= 1
            result.misses.remove(f"{case.key} {case.label.problem}: claimed #{iid}")


def measure_learning(cases: Sequence[Case], index: IssueIndex, by_hand: bool
                     ) -> tuple[int, int, int]:
    """Likely (tp, fp, fn) when each report is matched, in date order, with the words its
    issue learnt from the reports linked to it before (docs/insight.md, "Learning from
    linked reports"). Links as members make them: a confident match is linked once the
    member confirms it in the preview, which they do when it is right; with ``by_hand``,
    members also link every second report of a known issue that was not counted for it
    (in date order, per issue), having read it."""
    linked: dict[int, list[frozenset[str]]] = {}
    everyone: list[frozenset[str]] = []
    missed: Counter[int] = Counter()
    tp = fp = fn = 0
    for case in sorted(cases, key=lambda c: (c.label.date, c.key)):
        vocabulary = learned_vocabulary(linked, everyone)
        matches = suggest_issues(case.entry, index.learned(vocabulary))
        top = matches[0] if matches and matches[0].confident else None
        words = report_facts(case.entry).words
        everyone.append(words)
        issue = case.label.issue
        if top is not None and top.issue.iid == issue:
            tp += 1
            linked.setdefault(issue, []).append(words)
            continue
        fp += top is not None
        if issue:
            fn += 1
            missed[issue] += 1
            if by_hand and missed[issue] % 2 == 1:
                linked.setdefault(issue, []).append(words)
    return tp, fp, fn


def pair_counts(cases: Sequence[Case], found: Sequence[Any]) -> tuple[int, int, int]:
    """(together and truly, together, truly together) over all pairs of ``cases``."""
    cluster_of: dict[str, int] = {}
    for number, cluster in enumerate(found):
        for key in cluster.reports:
            cluster_of[key] = number
    both = together = truly = 0
    for a, b in combinations(cases, 2):
        same = a.key in cluster_of and cluster_of.get(a.key) == cluster_of.get(b.key)
        real = a.label.problem == b.label.problem and a.label.problem != NOISE
        together += same
        truly += real
        both += same and real
    return both, together, truly


def flagged_weeks(cluster: Any, today: date, weeks: int) -> set[int]:
    """Week indexes (0 = oldest) a cluster is flagged in."""
    starts = getattr(cluster, "flagged_weeks", None)
    if starts is not None:
        first = today - timedelta(days=7 * weeks - 1)
        return {(start - first).days // 7 for start in starts}
    return {w for w, n in enumerate(cluster.per_week) if n >= 2} if cluster.flagged else set()


def family_reports(cluster: Any, by_id: dict[str, Any]) -> set[str]:
    """The reports of a cluster and of the other clusters of its family."""
    return {k for c in (cluster, *(by_id[i] for i in getattr(cluster, "family", ())))
            for k in c.reports}


def measure_insight(data: InsightSet, cases: Sequence[Case], result: Result,
                    verbose: bool) -> None:
    start = time.perf_counter()
    facts = [report_facts(c.entry, (result.likely[c.key],) if c.key in result.likely
                                  else (), result.possible.get(c.key, 0)) for c in cases]
    result.seconds["facts"] = time.perf_counter() - start
    unmatched = [c for c in cases if c.key not in result.likely]
    unmatched_keys = {c.key for c in unmatched}
    start = time.perf_counter()
    # As the product does (domain.insight.overview): every report goes in, a report whose
    # best match is a closed issue, received by the day it was closed, is that issue's
    # (as_linked), clusters() keeps those without a likely issue.
    pool = as_linked(facts, [], closed_by(data.issues))
    found = clusters(pool, data.today)
    assert all(k in unmatched_keys for c in found for k in c.reports)
    result.seconds["clusters"] = time.perf_counter() - start
    result.clusters = len(found)
    result.pairs = pair_counts(unmatched, found)
    if verbose:
        problem_of = {c.key: c.label.problem for c in cases}
        for cluster in found:
            mix = Counter(problem_of[k] for k in cluster.reports)
            print(f"    cluster {cluster.id} {cluster.label[:40]!r} per_week={cluster.per_week} "
                  f"flagged={cluster.flagged} {dict(mix)}"
                  + (f" family={','.join(cluster.family)}" if getattr(cluster, "family", ())
                     else ""))
    # Flags.
    weeks = 8
    ok = 0
    to_flag = data.problem_weeks(cases)
    by_id = {cluster.id: cluster for cluster in found}
    issue_of = {c.key: c.label.issue for c in cases}
    # A known issue's weeks are flagged as the product flags them (IssueStats.flagged_weeks:
    # two linked or likely reports in a week; possible ones completed it until walk25); a
    # new problem's by a cluster.
    stats = issue_stats(facts, [], data.today, weeks)
    first = data.today - timedelta(days=7 * weeks - 1)
    issue_flags = {iid: {(start - first).days // 7 for start in s.flagged_weeks}
                   for iid, s in stats.items()}
    # Weeks worth a look, as overview makes them: possible reports in none of the clusters.
    issue_looks = {iid: {(w.start - first).days // 7 for w in s.look_weeks}
                   for iid, s in worth_a_look(stats, facts, found, data.today, weeks).items()}
    looked = 0
    for (problem, week), keys in to_flag.items():
        likely = sum(1 for k in keys if issue_of[k] and result.likely.get(k) == issue_of[k])
        issue = next((issue_of[k] for k in keys if issue_of[k]), 0)
        # A cluster's family (Cluster.family, rules v50) counts with it toward its flags.
        in_cluster = max((sum(1 for k in keys if k in family_reports(cluster, by_id))
                          for cluster in found
                          if week in flagged_weeks(cluster, data.today, weeks)), default=0)
        if week in issue_flags.get(issue, set()) or in_cluster >= 2:
            ok += 1
        else:
            looked += week in issue_looks.get(issue, set())
            result.misses.append(f"not flagged: {problem} week {week} ({len(keys)} reports, "
                                 f"{likely} likely, {in_cluster} in a flagged cluster)")
    result.flags = (ok, len(to_flag))
    result.looks = (looked, len(to_flag) - ok)
    true_weeks = {(issue_of[keys[0]], week) for (_, week), keys in to_flag.items()
                  if issue_of[keys[0]]}
    result.false_flags = [f"#{iid} week {week}" for iid, found_weeks in issue_flags.items()
                          for week in sorted(found_weeks) if (iid, week) not in true_weeks]
    result.false_looks = [f"#{iid} week {week}" for iid, found_weeks in issue_looks.items()
                          for week in sorted(found_weeks) if (iid, week) not in true_weeks]
    # Regressions: on the part, then on the part without the planted reports.
    start = time.perf_counter()
    # A report a known issue or a cluster explains is weighed by that problem, as the
    # product does (overview: problems_of the clusters' pool and its clusters).
    problems = problems_of(pool, found)
    found_regressions = regressions(facts, data.releases, data.today, problems)
    result.seconds["regressions"] = time.perf_counter() - start
    planted_keys = {c.key for c in cases if c.label.regression}
    group = data.planted_group(result.part)
    planted = [r for r in found_regressions if r.version == data.regression_version and (
        group in r.group
        or (set(getattr(r, "reports", ())) <= planted_keys and getattr(r, "reports", ())))]
    # The planted chip's machines and other chips rise with it: the same regression.
    result.planted = any(group in r.group for r in planted)
    result.false_regressions = [f"{r.group} ({r.count_new} new, {r.count_before} before)"
                                for r in found_regressions if r not in planted]
    clean_keys = {c.key for c in data.without_regression(cases)}
    clean = regressions([f for f in facts if f.key in clean_keys], data.releases,
                        data.today, problems)
    result.clean_regressions = [f"{r.group} ({r.count_new} new, {r.count_before} before)"
                                for r in clean]


def run(data: InsightSet, part: Part, index: IssueIndex, verbose: bool) -> Result:
    cases = data.part(part)
    result = Result(part, len(cases), {})
    start = time.perf_counter()
    measure_likely(cases, index, result)
    uncount_contradicted(cases, result)
    result.seconds["likely"] = time.perf_counter() - start
    result.learning["confirmed"] = measure_learning(cases, index, False)
    result.learning["by hand"] = measure_learning(cases, index, True)
    measure_insight(data, cases, result, verbose)
    return result


def mark(value: float, target: float) -> str:
    return "ok" if value >= target else "MISS"


def show(results: Sequence[Result], verbose: bool) -> None:
    head = f"{'':28}" + "".join(f"{r.part:>22}" for r in results)
    print(head)

    def row(name: str, cells: list[str]) -> None:
        print(f"{name:28}" + "".join(f"{c:>22}" for c in cells))

    row("reports", [str(r.reports) for r in results])
    row("likely precision (>=0.95)", [f"{r.precision:.3f} {r.tp}/{r.tp + r.fp} "
                                      f"{mark(r.precision, 0.95)}" for r in results])
    row("likely recall (>=0.85)", [f"{r.recall:.3f} {r.tp}/{r.tp + r.fn} "
                                   f"{mark(r.recall, 0.85)}" for r in results])
    for way in ("confirmed", "by hand"):
        cells_lp, cells_lr = [], []
        for r in results:
            tp, fp, fn = r.learning.get(way, (0, 0, 0))
            p, rc = ratio(tp, tp + fp), ratio(tp, tp + fn)
            cells_lp.append(f"{p:.3f} {tp}/{tp + fp} {mark(p, 0.95)}")
            cells_lr.append(f"{rc:.3f} {tp}/{tp + fn} {mark(rc, 0.85)}")
        row(f"learnt, {way}: precision", cells_lp)
        row(f"learnt, {way}: recall", cells_lr)
    cells_p, cells_r, cells_f, cells_g, cells_c, cells_n = [], [], [], [], [], []
    for r in results:
        assert r.pairs is not None and r.flags is not None
        both, together, truly = r.pairs
        p, rc = ratio(both, together), ratio(both, truly)
        cells_p.append(f"{p:.3f} {both}/{together} {mark(p, 0.9)}")
        cells_r.append(f"{rc:.3f} {both}/{truly} {mark(rc, 0.8)}")
        cells_n.append(str(r.clusters))
        cells_f.append(f"{r.flags[0]}/{r.flags[1]} "
                       f"{'ok' if r.flags[0] == r.flags[1] else 'MISS'}")
        extra = f" +{len(r.false_regressions)} other" if r.false_regressions else ""
        cells_g.append(f"{'found' if r.planted else 'MISSED'}{extra}")
        clean = r.clean_regressions or []
        cells_c.append("none ok" if not clean else f"{len(clean)} MISS")
    row("clusters", cells_n)
    row("pair precision (>=0.9)", cells_p)
    row("pair recall (>=0.8)", cells_r)
    row("problem-weeks flagged", cells_f)
    row("issue-weeks flagged wrongly", [f"{len(r.false_flags)}" for r in results])
    row("missed ones worth a look", [f"{r.looks[0]}/{r.looks[1]}" for r in results])
    row("issue-weeks worth a look wrongly", [f"{len(r.false_looks)}" for r in results])
    row("planted regression", cells_g)
    row("regressions without it", cells_c)
    row("seconds", [" ".join(f"{k[0]}{v:.2f}" for k, v in r.seconds.items())
                    for r in results])
    for r in results:
        others = r.false_regressions + [f"(set without) {g}" for g in r.clean_regressions or []]
        if others:
            print(f"{r.part}: other regressions: {'; '.join(others)}")
        if verbose and r.false_flags:
            print(f"{r.part}: issue-weeks flagged wrongly: {', '.join(r.false_flags)}")
        if verbose and r.false_looks:
            print(f"{r.part}: issue-weeks worth a look wrongly: {', '.join(r.false_looks)}")
        if verbose and r.misses:
            print(f"{r.part}: misses")
            for miss in r.misses:
                print(f"  {miss}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    # Every part alone, tune and heldout together, and the first N parts in order.
    choices: dict[str, list[Part]] = {part: [part] for part in PARTS}
    choices["both"] = ["tune", "heldout"]
    choices |= {f"all{n}": list(PARTS[:n]) for n in range(3, len(PARTS) + 1)}
    parser.add_argument("--part", choices=tuple(choices), default="both",
                        help="a part of tests/support/insight_set.py's PARTS; both: tune and "
                        f"heldout; allN (3 <= N <= {len(PARTS)}): the first N parts of PARTS")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    start = time.perf_counter()
    data = load()
    index = IssueIndex(data.issues)
    loaded = time.perf_counter() - start
    parts = choices[args.part]
    shown = [c for part in parts for c in data.part(part)]
    langs = Counter(c.label.lang for c in shown)
    print(f"set ({', '.join(parts)}): {len(shown)} reports, {len(data.issues)} known issues, "
          f"{len({c.label.problem for c in shown}) - 1} problems + noise, languages "
          + " ".join(f"{k}:{v}" for k, v in langs.most_common())
          + f"; parsed in {loaded:.2f} s")
    results = [run(data, part, index, args.verbose) for part in parts]
    show(results, args.verbose)


if __name__ == "__main__":
    main()
