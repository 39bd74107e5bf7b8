"""What a comment on a known issue costs the next count of the queue (linksfix23, defect
3): the demo's queue counted once, then one issue's ``updated_at`` moved as a plain
comment moves it, then the count the 15-minute sync or F5 leads to.

    PYTHONPATH=<tree> python benchmarks/comment_recount.py

Prints the reports counted again and the CPU time of that count. Uses throwaway XDG
directories; ``PYTHONPATH=<tree>`` picks the tree measured; alternate two trees under the
same load. Needs no network.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# Appended, not inserted: with PYTHONPATH=<tree> the tree given is the one measured.
sys.path.append(str(Path(__file__).resolve().parents[1]))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hdc-") as root:
        for name in ("CONFIG", "DATA", "CACHE", "STATE"):
            os.environ[f"XDG_{name}_HOME"] = str(Path(root) / name.lower())
        from hdtui.config import Config
        from hdtui.services.insight import Insight
        from hdtui.wiring import build

        setup = build(Config(), demo=True, read_only=False)
        try:
            setup.triage.far_counter = None  # counted in this process: its CPU is ours
            setup.triage.inbox()
            insight = Insight(setup.triage, setup.tracker)
            insight.facts()
            issues = list(setup.triage.known_issues().issues)
            setup.triage.use_known_issues(
                [replace(issues[0], updated_at="2030-01-01T00:00:00Z"), *issues[1:]])
            totals: list[int] = []
            cpu = time.process_time()
            found = insight.facts(lambda done, total: totals.append(total))
            cpu = time.process_time() - cpu
            print(f"after a comment: {totals[-1] if totals else 0} of {len(found)} reports "
                  f"counted again, {cpu:.3f} s CPU")
        finally:
            setup.close()


if __name__ == "__main__":
    main()
