"""A cluster's name is its reports' (walkfix27 item 4: walk26b saw a cluster named
differently after f5 and a restart): the same reports, read in another order (the store
gives back saved facts in its own order, a recount puts newly computed ones last) or by a
process whose string hashes differ (every start of Python), make the same clusters under
the same ids, labels and signals. See docs/insight.md, "Session 27: walkfix27"."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.facts import ReportFacts, report_facts
from tests.support.insight_set import PARTS, load

ROOT = Path(__file__).resolve().parents[2]


def _facts() -> tuple[list[ReportFacts], object]:
    data = load()
    return [report_facts(c.entry, (), 0) for c in data.part(PARTS[0])], data.today


def _names(found: list[Cluster]) -> list[list[object]]:
    return sorted([sorted(c.reports), c.id, c.label, list(c.signals), list(c.words),
                   list(c.family)] for c in found)


def _names_in_a_new_process(seed: str) -> list[list[object]]:
    script = ("import json, sys\n"
              "from tests.unit.test_cluster_names_stable import _facts, _names\n"
              "from hdtui.domain.insight.clusters import clusters\n"
              "facts, today = _facts()\n"
              "json.dump(_names(clusters(facts[::-1], today)), sys.stdout)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": seed})
    found: list[list[object]] = json.loads(done.stdout)
    return found


def test_the_same_reports_make_the_same_names_whatever_their_order_and_process() -> None:
    facts, today = _facts()
    first = _names(clusters(facts, today))  # type: ignore[arg-type]
    assert len(first) >= 5, "the part makes several clusters to name"
    for seed in range(2):
        shuffled = list(facts)
        random.Random(seed).shuffle(shuffled)
        assert _names(clusters(shuffled, today)) == first  # type: ignore[arg-type]
    # Lists in JSON: compared as the child wrote them.
    again = json.loads(json.dumps(first))
    assert _names_in_a_new_process("1") == again
    assert _names_in_a_new_process("2") == again
