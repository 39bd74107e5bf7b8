"""Insight keeps the facts of every report: their strings are shared across reports
(hdtui.services.insight.shared; docs/benchmarks.md, "Warm start at 100,000")."""

from __future__ import annotations

import json

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.insight import ReportFacts
from hdtui.services.insight import shared


def test_facts_decoded_apart_share_their_strings() -> None:
    def saved(n: int) -> ReportFacts:  # as _load_saved decodes a row of the cache
        facts = ReportFacts(f"k{n}", f"wb://{n:032x}", f"{n:032x}", None, "7.5",
                            ("8086:1234",), ("10ec:b723",), "Lenovo ThinkPad X1", "",
                            ("error failed to unlock",), frozenset({"persistent", "unlock"}),
                            (101,), 0, "report")
        return from_data(ReportFacts, json.loads(json.dumps(to_data(facts))))

    one, two = saved(1), saved(2)
    assert one.product is not two.product  # what JSON gives: copies
    one, two = shared(one), shared(two)
    assert one == saved(1) and two == saved(2)  # the same facts
    assert one.product is two.product and one.version is two.version
    assert one.gpus[0] is two.gpus[0] and one.errors[0] is two.errors[0]
    words = {w: w for w in one.words}
    assert all(words[w] is w for w in two.words)
