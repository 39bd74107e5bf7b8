"""CPU the notes of hot topics' rows add (docs/insight.md, "Session 23: the TUI shows what
the numbers are made of"): over ``insight_speed``'s 100,000 synthetic facts, one report in
ten made plain, each cluster's "(N of them unencrypted)" and each issue's caveats, on a
fresh overview (its keys and whether it holds encrypted reports are found once) and again.

Run from a checkout: ``PYTHONPATH=$PWD python benchmarks/count_notes_cost.py``."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from insight_speed import synthetic

from hdtui.domain.insight.counted import latest_day
from hdtui.domain.insight.facts import PLAIN_KIND
from hdtui.domain.insight.overview import overview
from hdtui.domain.weekly import mostly_plain


def main() -> None:
    facts = [replace(f, kind=PLAIN_KIND) if n % 10 == 0 and f.kind == "report" else f
             for n, f in enumerate(synthetic(100_000))]
    today = latest_day(facts)
    assert today is not None
    view = overview(facts, [], today)
    print(f"{len(view.clusters)} clusters, {len(view.hot)} issues, "
          f"{len(view.regressions)} regressions")
    for run in ("fresh", "again", "again"):
        started = time.process_time()
        notes = [mostly_plain(view, c.reports) for c in view.clusters]
        notes += [s.caveats for s in view.hot]
        print(f"{run}: {time.process_time() - started:.4f} s CPU, "
              f"{sum(1 for n in notes if n)} rows with notes")


if __name__ == "__main__":
    main()
