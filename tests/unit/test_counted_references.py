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


def _releases_by_dictionary(facts: list[ReportFacts], min_reports: int = 3
                            ) -> list[tuple[str, date]]:
    """What ``releases_seen`` gave before session 27: a dictionary by reference a version."""
    from collections import defaultdict

    from hdtui.domain.insight.overview import RELEASE_SPREAD, plausible_versions
    from hdtui.domain.queue import version_key

    days: dict[str, dict[str, date]] = defaultdict(dict)
    for f in facts:
        if f.version and f.received is not None and f.kind in COUNTED_KINDS:
            seen = days[f.version]
            known = seen.get(f.reference)
            if known is None or f.received < known:
                seen[f.reference] = f.received
    plausible = plausible_versions({v: len(refs) for v, refs in days.items()})
    found: dict[str, date] = {}
    for version, by_reference in days.items():
        if len(by_reference) < min_reports or version not in plausible:
            continue
        ordered = sorted(by_reference.values())
        found[version] = next(
            (day for day, then in zip(ordered, ordered[min_reports - 1:], strict=False)
             if (then - day).days <= RELEASE_SPREAD), ordered[min_reports - 1])
    newer = date.max
    for version in sorted(found, key=version_key, reverse=True):
        newer = found[version] = min(found[version], newer)
    return sorted(found.items(), key=lambda r: (r[1], r[0]))


def test_releases_seen_gives_what_a_dictionary_by_reference_gave() -> None:
    from dataclasses import replace

    from hdtui.domain.insight.overview import releases_seen

    rng = random.Random(2027)
    versions = ["7.6", "7.6.1", "7.6.2", "7.7", "7.8", "", "9.9"]
    dated = 0
    for n, references, spread in ((0, 1, 3), (40, 30, 3), (400, 120, 40), (3000, 2500, 90)):
        facts = [replace(f, version=rng.choice(versions),
                         received=None if f.received is None else
                         f.received + timedelta(rng.randrange(spread)))
                 for f in _facts(rng, n, references)]
        for least in (1, 3, 5):
            found = releases_seen(facts, least)
            assert found == _releases_by_dictionary(facts, least)
            dated += len(found)
    assert dated  # (releases were found: the comparison compared some)
