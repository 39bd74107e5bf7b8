"""``counted`` keeps each reference once without a dictionary of every report (issue #12,
docs/insight.md, "Session 27: counted without a dictionary of every report"): the same
reports in the same order as the dictionary by reference it replaced."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hdtui.domain.insight.counted import COUNTED_KINDS, _preferred, counted
from hdtui.domain.insight.facts import PLAIN_KIND, ReportFacts


def _by_dictionary(facts: list[ReportFacts]) -> list[ReportFacts]:
    """What ``counted`` gave before session 27: a dictionary by reference."""
    first: dict[str, ReportFacts] = {}
    for f in facts:
        if f.kind not in COUNTED_KINDS:
            continue
        known = first.get(f.reference)
        if known is None or _preferred(f, known):
            first[f.reference] = f
    return list(first.values())


def _facts(rng: random.Random, n: int, references: int) -> list[ReportFacts]:
    kinds = ["report", "report", PLAIN_KIND, "support", "team", "disputed"]
    day = date(2026, 11, 1)
    return [ReportFacts(key=f"INBOX/{i}", reference=f"wb://{rng.randrange(references):032x}",
                        received=rng.choice([None, *(day + timedelta(d) for d in range(5))]),
                        kind=rng.choice(kinds))
            for i in range(n)]


def test_counted_gives_what_a_dictionary_by_reference_gave() -> None:
    rng = random.Random(27)
    for n, references in ((0, 1), (1, 1), (50, 1000), (300, 40), (2000, 1500)):
        facts = _facts(rng, n, references)
        found = counted(facts)
        expected = _by_dictionary(facts)
        assert len(found) == len(expected)
        assert all(a is b for a, b in zip(found, expected, strict=True))


def test_a_resent_report_counts_once_in_its_first_place_as_the_one_preferred() -> None:
    day = date(2026, 11, 2)
    a = ReportFacts(key="INBOX/1", reference="wb://a", received=day, kind=PLAIN_KIND)
    b = ReportFacts(key="INBOX/2", reference="wb://b", received=day)
    a_encrypted = ReportFacts(key="INBOX/3", reference="wb://a", received=day + timedelta(1))
    team = ReportFacts(key="INBOX/4", reference="wb://c", kind="team")
    assert counted([a, b, a_encrypted, team]) == [a_encrypted, b]
    assert counted([b, team]) == [b]
