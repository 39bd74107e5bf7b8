"""Insight keeps the facts of every report: their strings are shared across reports
(hdtui.services.insight.shared; docs/benchmarks.md, "Warm start at 100,000")."""

from __future__ import annotations

import json

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.insight.facts import ReportFacts
from hdtui.services.insight import shared
from tests.support.own_process import printed


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


def _saved_json(n: int, words: list[str]) -> str:
    """A row of the report cache as any version since the words were saved wrote it."""
    return json.dumps({"key": f"INBOX/{n}/<{n:016x}@example.org>", "reference": f"wb://{n:032x}",
                       "report_id": f"{n:032x}", "received": f"2026-11-{1 + n % 28:02d}",
                       "version": "7.5", "gpus": ["8086:1234"], "network": ["10ec:b723"],
                       "product": "Lenovo ThinkPad X1", "app": "", "errors": [],
                       "words": sorted(words), "likely": [101], "possible": 0,
                       "kind": "report"})


def test_saved_facts_read_back_the_same_words_in_the_same_format() -> None:
    row = _saved_json(1, ["unlock", "persistent", "storage", "écran"])
    facts = shared(from_data(ReportFacts, json.loads(row)))
    assert facts.words == frozenset({"unlock", "persistent", "storage", "écran"})
    assert "unlock" in facts.words and "keyboard" not in facts.words
    assert facts.words & {"unlock", "keyboard"} == {"unlock"}
    assert facts.devices == ()  # saved before rules version 34 kept the peripheral chips
    assert facts.lines == ()  # saved before rules version 49 kept the journal's lines
    # The cache's format is the same, with the peripheral chips, the journal's lines and
    # the user's own words (rules v76: -1, not known) and the contact's digest (rules v78:
    # none known) and which network chips are wired (session 26: not known) and the parts
    # said to work (regfix27: none) added last.
    assert json.dumps(to_data(facts)) == row[:-1] + \
        ', "devices": [], "lines": [], "own_words": -1, "contact": "", "ethernet": null, ' \
        '"working": []}'


def test_the_facts_of_many_reports_are_compact() -> None:
    """At 100,000 reports, the words were ~2 KB a report as a frozenset (docs/benchmarks.md,
    "The counting's facts, compact"); all the facts of a report now take well under 1.2 KB
    (the vocabulary's new words included: their strings and their entries in
    ``WordSet``'s vocabulary). Measured in a process of its own, the strings the decoding
    interns interned before (``tests.support.own_process``): the tables that share values
    across reports (interned strings, ``facts_codec``'s) are the process's, and other
    tests' entries or imports made them grow at different moments, a table's resize then
    counted here or not as the tests ran before it."""
    script = """
        import json, sys, tracemalloc
        from tests.support.own_process import interned
        from tests.unit.test_insight_shared import _saved_json
        from hdtui.domain.codec import from_data
        from hdtui.domain.insight.facts import ReportFacts
        from hdtui.services.insight import shared
        vocabulary = [f"term{i}" for i in range(3000)]
        rows = [_saved_json(n, vocabulary[n % 2900:n % 2900 + 34]) for n in range(2000)]
        held = interned(rows)
        tracemalloc.start()
        kept = [shared(from_data(ReportFacts, json.loads(row))) for row in rows]
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(kept) == 2000 and all(len(f.words) == 34 for f in kept)
        print((size + sum(map(sys.getsizeof, vocabulary))) / len(kept))
    """
    assert float(printed(script)) < 1200  # 2,906 bytes a report before WordSet, about 790 since
