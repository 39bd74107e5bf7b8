"""Saved facts decoded a page at a time (hdtui.domain.facts_codec; docs/insight.md,
"Session 12: `hdtui stats --json` at 100,000"): the same facts as the generic codec gives,
shared as ``services.insight.shared`` shares them, and a damaged row refused alone. Saved
as arrays since cache version 9 ("Session 13: stats --json at 100,000"), as objects
before."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, timedelta
from typing import cast

import pytest

from hdtui.domain.codec import from_data, to_data
from hdtui.domain.facts_codec import NAMES, decode_rows, encode, facts_of, saved_array
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.word_set import _NUMBERS, WordSet
from hdtui.services.insight import shared
from tests.support.own_process import printed


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
        devices=tuple(rng.sample(["8086:9dc8", "10ec:525a"], rng.randrange(3))),
        lines=tuple(rng.sample(["systemd logind # lid closed", "kernel pm suspend entry s2idle"],
                               rng.randrange(3))))


def _rows(facts: list[ReportFacts]) -> list[str]:
    return [encode(f) for f in facts]


def _objects(facts: list[ReportFacts]) -> list[str]:
    """As cache version 8 saved them."""
    return [json.dumps(to_data(f), separators=(",", ":")) for f in facts]


def test_the_saved_array_is_the_objects_values_in_field_order() -> None:
    """A field added goes last (a shorter row gets its default); another order is another
    format: a cache version and a migration (hdtui/cache.py)."""
    assert NAMES == ("key", "reference", "report_id", "received", "version", "gpus",
                     "network", "product", "app", "errors", "words", "likely", "possible",
                     "kind", "devices", "lines", "own_words", "contact", "ethernet", "working")
    rng = random.Random(4)
    for f in [_facts(n, rng) for n in range(50)]:
        data = to_data(f)
        assert json.loads(encode(f)) == [data[name] for name in NAMES]
        assert saved_array(data) == json.loads(encode(f))


def test_objects_saved_by_version_8_are_still_read() -> None:
    rng = random.Random(6)
    facts = [_facts(n, rng) for n in range(100)]
    assert decode_rows(_objects(facts)) == facts
    mixed = _rows(facts[:50]) + _objects(facts[50:])
    assert decode_rows(mixed) == facts


def test_a_row_saved_before_a_field_existed_as_an_array_gets_its_default() -> None:
    f = _facts(1, random.Random(1))
    values = json.loads(encode(f))
    f = dataclasses.replace(f, contact="0123456789abcdef")
    values = json.loads(encode(f))
    rows = [encode(f), json.dumps(values[:-5]), json.dumps(values[:2]), encode(f),
            json.dumps(values[:-3])]
    found = decode_rows(rows)
    assert found[1] == dataclasses.replace(f, lines=(), contact="")
    assert found[2] == ReportFacts(key=f.key, reference=f.reference)
    assert found[0] == found[3] == f
    assert found[4] == dataclasses.replace(f, contact="")  # saved under rules v77


def test_a_row_saved_before_rules_version_95_has_no_working_parts() -> None:
    """Regfix27 added ``working`` last: a row saved before it (one value shorter) reads as
    the same facts with () (no part said to work), and a page mixing both reads each."""
    rng = random.Random(11)
    facts = [dataclasses.replace(_facts(n, rng), own_words=8, working=("keyboard",))
             for n in range(10)]
    old = [json.dumps(json.loads(encode(f))[:-1]) for f in facts]
    assert decode_rows(old) == [dataclasses.replace(f, working=()) for f in facts]
    assert decode_rows(old[:5] + _rows(facts[5:])) == (
        [dataclasses.replace(f, working=()) for f in facts[:5]] + facts[5:])


def test_the_same_facts_as_the_generic_codec_and_shared() -> None:
    rng = random.Random(5)
    facts = [_facts(n, rng) for n in range(300)]
    rows = _rows(facts)
    decoded = decode_rows(rows)
    assert decoded == facts
    assert decoded == [shared(from_data(ReportFacts, json.loads(r))) for r in _objects(facts)]
    products = [f for f in decoded if f is not None and f.product == "Dell XPS 15 7590"]
    assert len(products) >= 2 and products[0].product is products[1].product
    same_chips = [f for f in decoded if f is not None and f.gpus == ("8086:1234",)]
    assert len(same_chips) >= 2 and same_chips[0].gpus is same_chips[1].gpus
    days = [f for f in decoded if f is not None and f.received == facts[0].received]
    assert all(f.received is days[0].received for f in days)


def test_a_row_saved_by_rules_version_48_has_no_journal_lines() -> None:
    """Rules v49 added ``lines`` last: a row saved before it (one value shorter) reads as
    the same facts with no lines, and a page mixing both reads each."""
    rng = random.Random(7)
    facts = [dataclasses.replace(_facts(n, rng), lines=("systemd logind # lid closed",))
             for n in range(20)]
    old = [json.dumps(json.loads(encode(f))[:-5]) for f in facts]
    assert decode_rows(old) == [dataclasses.replace(f, lines=()) for f in facts]
    assert decode_rows(old[:10] + _rows(facts[10:])) == (
        [dataclasses.replace(f, lines=()) for f in facts[:10]] + facts[10:])


def test_a_row_saved_by_rules_version_75_has_own_words_not_known() -> None:
    """Rules v76 added ``own_words`` last: a row saved before it (one value shorter) reads
    as the same facts with -1 (not known), and a page mixing both reads each."""
    rng = random.Random(9)
    facts = [dataclasses.replace(_facts(n, rng), own_words=8) for n in range(10)]
    old = [json.dumps(json.loads(encode(f))[:-4]) for f in facts]
    assert decode_rows(old) == [dataclasses.replace(f, own_words=-1) for f in facts]
    assert decode_rows(old[:5] + _rows(facts[5:])) == (
        [dataclasses.replace(f, own_words=-1) for f in facts[:5]] + facts[5:])


def test_a_row_saved_by_rules_version_77_has_no_contact() -> None:
    """Rules v78 added ``contact`` last: a row saved before it (one value shorter) reads
    as the same facts with "" (none known), and a page mixing both reads each."""
    rng = random.Random(10)
    facts = [dataclasses.replace(_facts(n, rng), own_words=8, contact=f"{n:016x}")
             for n in range(10)]
    old = [json.dumps(json.loads(encode(f))[:-3]) for f in facts]
    assert decode_rows(old) == [dataclasses.replace(f, contact="") for f in facts]
    assert decode_rows(old[:5] + _rows(facts[5:])) == (
        [dataclasses.replace(f, contact="") for f in facts[:5]] + facts[5:])


def test_a_row_saved_before_a_field_existed_gets_its_default() -> None:
    data = to_data(_facts(1, random.Random(1)))
    del data["devices"], data["possible"]
    found = facts_of(json.loads(json.dumps(data)))
    assert found.devices == () and found.possible == 0
    assert found == from_data(ReportFacts, data)
    assert facts_of(saved_array(data)) == found


@pytest.mark.parametrize("damage", [
    "not json", "[1, 2]", '{"key": "k"}', '"text"', "",
    '{"key": 1, "reference": "wb://1"}',
    '{"key": "k", "reference": "wb://1", "words": ["ok", 5]}',
    '{"key": "k", "reference": "wb://1", "received": "yesterday"}',
    '{"key": "k", "reference": "wb://1", "likely": ["101"]}',
    '{"key": "k", "reference": "wb://1", "gpus": "8086:1234"}',
    '{"key":"k","reference":"wb://1"},{"key":"k2","reference":"wb://2"}',
    '["k"]', '["k","wb://1",' + ",".join(['""'] * 14) + "]",
    '["k","wb://1","",null,"",[],[],"","",[],["ok",5],[],0,"report",[]]',
    '["k","wb://1","",null,"",[],[],"","",[],[],["101"],0,"report",[]]',
    '["k","wb://1","",null,"",[],"8086:1234","","",[],[],[],0,"report",[]]',
    '["k","wb://1"],["k2","wb://2"]',
])
def test_a_damaged_row_is_refused_alone(damage: str) -> None:
    rng = random.Random(2)
    facts = [_facts(n, rng) for n in range(4)]
    rows = _rows(facts)
    assert decode_rows([rows[0], rows[1], damage, rows[2], rows[3]]) == [
        facts[0], facts[1], None, facts[2], facts[3]]
    try:
        value = json.loads(damage)
    except ValueError:
        value = None
    with pytest.raises((ValueError, TypeError)):  # the generic codec refuses it too
        if type(value) is list:
            value = dict(zip(NAMES, value, strict=False)) if len(value) <= len(NAMES) else 1
        from_data(ReportFacts, value if value is not None else json.loads(damage))
    assert 5 not in cast(dict[object, int], _NUMBERS)  # no half-added word


def test_the_facts_of_many_reports_stay_compact() -> None:
    """As ``test_insight_shared``'s test for the generic codec and ``shared``: well under
    1.2 KB a report, the vocabulary's new words included (their strings and their entries
    in ``WordSet``'s vocabulary). What the process's shared tables held before does not
    count (``tests.support.own_process``): run after test_insight.py and six other test
    files, the table of interned strings doubled in the measure, 1,700 bytes a report
    against about 730 alone; in a process of its own it doubled there too (1,184). So the
    measure runs in a process of its own, the strings the decoding interns interned
    before it, the words' strings counted by their size."""
    script = """
        import json, random, sys, tracemalloc
        from hdtui.domain.facts_codec import NAMES, decode_rows, encode
        from tests.support.own_process import interned
        from tests.unit.test_facts_codec import _facts
        vocabulary = [f"facts{i}" for i in range(3000)]
        rng = random.Random(3)
        rows = []
        for n in range(2000):
            data = json.loads(encode(_facts(n, rng)))
            data[NAMES.index("words")] = vocabulary[n % 2900:n % 2900 + 34]
            rows.append(json.dumps(data))
        held = interned(rows)
        tracemalloc.start()
        kept = decode_rows(rows)
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert all(f is not None and len(f.words) == 34 for f in kept)
        print((size + sum(map(sys.getsizeof, vocabulary))) / len(kept))
    """
    assert float(printed(script)) < 1200


def test_a_page_of_whole_rows_is_made_without_the_dataclass_init(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose rows all hold every field is made a column at a time, each slot set
    as ``ReportFacts.__init__`` sets it but without its call per report (docs/insight.md,
    "Session 15: stats --json at 100,000"): the same facts, equal, hashed alike, frozen,
    their words WordSets. So is a page with rows saved before a field existed (the
    missing fields' defaults added: docs/benchmarks.md, "Session 24: stats --json and hot
    topics at 100,000"); a damaged row still sends its page through ``__init__``."""
    rng = random.Random(15)
    facts = [_facts(n, rng) for n in range(200)]
    rows = _rows(facts)
    made = 0
    init = ReportFacts.__init__

    def counted(self: ReportFacts, *args: object, **kwargs: object) -> None:
        nonlocal made
        made += 1
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ReportFacts, "__init__", counted)
    decoded = decode_rows(rows)
    assert made == 0
    assert decoded == facts and [hash(f) for f in decoded] == [hash(f) for f in facts]
    assert all(type(f) is ReportFacts and type(f.words) is WordSet for f in decoded
               if f is not None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded[0].key = "other"  # type: ignore[misc,union-attr]
    expected = [dataclasses.replace(facts[0], lines=(), own_words=-1, contact=""),
                dataclasses.replace(facts[1], contact=""), facts[2]]
    shorter = [json.dumps(json.loads(rows[0])[:-5]), json.dumps(json.loads(rows[1])[:-3])]
    made = 0
    assert decode_rows([*shorter, rows[2]]) == expected
    assert made == 0  # rows saved before a field existed: still a column at a time
    assert all(type(f) is ReportFacts and type(f.words) is WordSet
               for f in decode_rows([*shorter, rows[2]]) if f is not None)
    made = 0
    assert decode_rows([*shorter, "[1]", rows[2]]) == [*expected[:2], None, expected[2]]
    assert made == 3  # a damaged row: the page row by row


def test_the_reports_that_log_the_same_one_line_share_its_tuple() -> None:
    """Most reports log one journal error or one other line, many the same: one tuple for
    all of them, not 56 bytes each (docs/insight.md, "Session 23: one tuple a journal
    line"); two lines or more are each report's own tuple, equal all the same."""
    def saved(n: int, errors: list[str], lines: list[str]) -> str:
        facts = ReportFacts(key=f"INBOX/{n}", reference=f"wb://{n:032x}",
                            errors=tuple(errors), lines=tuple(lines))
        return encode(facts)

    rows = [saved(n, ["tails persistent storage # error failed to unlock"],
                  ["systemd # started unit", "gdm # session opened"] if n % 2 else
                  ["systemd # started unit"]) for n in range(4)]
    paged = decode_rows(rows)
    alone = [decode_rows([row])[0] for row in rows]
    computed = [shared(f) for f in paged if f is not None]
    for found in (paged, alone, computed):
        first, second, third, fourth = cast(list[ReportFacts], found)
        assert first.errors is second.errors is third.errors is fourth.errors
        assert first.lines is third.lines
        assert second.lines == fourth.lines == ("systemd # started unit", "gdm # session opened")
    assert paged[0] is not None and alone[0] is not None
    assert paged[0].errors is alone[0].errors
