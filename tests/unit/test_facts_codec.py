"""Saved facts decoded a page at a time (hdtui.domain.facts_codec; docs/insight.md,
"Session 12: `hdtui stats --json` at 100,000"): the same facts as the generic codec gives,
shared as ``services.insight.shared`` shares them, and a damaged row refused alone."""

from __future__ import annotations

import json
import random
import tracemalloc
from datetime import date, timedelta
from typing import cast

import pytest

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.facts_codec import decode_rows, facts_of
from hdtui.domain.insight import ReportFacts
from hdtui.domain.word_set import _NUMBERS, WordSet
from hdtui.services.insight import shared


def _facts(n: int, rng: random.Random) -> ReportFacts:
    return ReportFacts(
        key=f"INBOX/{n}", reference=f"wb://{n:032x}",
        report_id=rng.choice(["", f"{n:032x}"]),
        received=rng.choice([None, date(2026, 11, 30) - timedelta(days=rng.randrange(60))]),
        version=rng.choice(["", "7.5", "7.7.1"]),
        gpus=tuple(rng.sample(["8086:1234", "1002:15bf", "10de:1c8d"], rng.randrange(3))),
        network=tuple(rng.sample(["10ec:b723", "8086:2723"], rng.randrange(3))),
        product=rng.choice(["", "Lenovo ThinkPad X1", "Dell XPS 15 7590"]),
        app=rng.choice(["", "tor browser"]),
        errors=tuple(rng.sample(["amdgpu ring gfx timeout #", "usb reset high-speed #"],
                                rng.randrange(3))),
        words=WordSet(rng.sample(["unlock", "écran", "persistent", "wifi", "слово",
                                    "boot", "storage"], rng.randrange(6))),
        likely=tuple(rng.sample([101, 202, 303], rng.randrange(3))),
        possible=rng.choice([0, 404]),
        kind=rng.choice(["report", "support", "team"]),
        devices=tuple(rng.sample(["8086:9dc8", "10ec:525a"], rng.randrange(3))))


def _rows(facts: list[ReportFacts]) -> list[str]:
    return [json.dumps(to_data(f), separators=(",", ":")) for f in facts]


def test_the_same_facts_as_the_generic_codec_and_shared() -> None:
    rng = random.Random(5)
    facts = [_facts(n, rng) for n in range(300)]
    rows = _rows(facts)
    decoded = decode_rows(rows)
    assert decoded == facts
    assert decoded == [shared(from_data(ReportFacts, json.loads(r))) for r in rows]
    products = [f for f in decoded if f is not None and f.product == "Dell XPS 15 7590"]
    assert len(products) >= 2 and products[0].product is products[1].product
    same_chips = [f for f in decoded if f is not None and f.gpus == ("8086:1234",)]
    assert len(same_chips) >= 2 and same_chips[0].gpus is same_chips[1].gpus
    days = [f for f in decoded if f is not None and f.received == facts[0].received]
    assert all(f.received is days[0].received for f in days)


def test_a_row_saved_before_a_field_existed_gets_its_default() -> None:
    data = to_data(_facts(1, random.Random(1)))
    del data["devices"], data["possible"]
    found = facts_of(json.loads(json.dumps(data)))
    assert found.devices == () and found.possible == 0
    assert found == from_data(ReportFacts, data)


@pytest.mark.parametrize("damage", [
    "not json", "[1, 2]", '{"key": "k"}', '"text"', "",
    '{"key": 1, "reference": "wb://1"}',
    '{"key": "k", "reference": "wb://1", "words": ["ok", 5]}',
    '{"key": "k", "reference": "wb://1", "received": "yesterday"}',
    '{"key": "k", "reference": "wb://1", "likely": ["101"]}',
    '{"key": "k", "reference": "wb://1", "gpus": "8086:1234"}',
    '{"key":"k","reference":"wb://1"},{"key":"k2","reference":"wb://2"}',
])
def test_a_damaged_row_is_refused_alone(damage: str) -> None:
    rng = random.Random(2)
    facts = [_facts(n, rng) for n in range(4)]
    rows = _rows(facts)
    assert decode_rows([rows[0], rows[1], damage, rows[2], rows[3]]) == [
        facts[0], facts[1], None, facts[2], facts[3]]
    with pytest.raises((ValueError, TypeError)):
        from_data(ReportFacts, json.loads(damage))  # the generic codec refuses it too
    assert 5 not in cast(dict[object, int], _NUMBERS)  # no half-added word


def test_the_facts_of_many_reports_stay_compact() -> None:
    """As ``test_insight_shared``'s test for the generic codec and ``shared``: well under
    1.2 KB a report, the vocabulary's new words included."""
    vocabulary = [f"facts{i}" for i in range(3000)]
    rng = random.Random(3)
    rows = []
    for n in range(2000):
        data = to_data(_facts(n, rng))
        data["words"] = vocabulary[n % 2900:n % 2900 + 34]
        rows.append(json.dumps(data))
    tracemalloc.start()
    kept = decode_rows(rows)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert all(f is not None and len(f.words) == 34 for f in kept)
    assert size / len(kept) < 1200
