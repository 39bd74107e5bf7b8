"""HeldFacts (the facts Insight holds, in columns) reads as the dictionary of key to (size,
fingerprint, facts) it replaced: the same keys, values and order after any puts, drops and
bulk puts, and the queue's key numbers find the same facts as the key strings."""

from __future__ import annotations

import random

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.held import HeldFacts
from hdtui.domain.mail import Kind
from hdtui.domain.queue import KINDS, Row, queue_line
from hdtui.domain.queue_columns import RowsAt

Held = tuple[int, str, ReportFacts]


def _key(rng: random.Random) -> str:
    """Keys of two IMAP folders, a Maildir's file names (kept whole) and odd ones."""
    kind = rng.randrange(5)
    n = rng.randrange(300)
    if kind == 0:
        return f"INBOX/1796487337/{n}"
    if kind == 1:
        return f"Archive/55/{n}"
    if kind == 2:
        return f"17000{n}.M{n}P1.host:2,S"
    if kind == 3:
        return f"odd/0{n}"  # a leading zero: kept whole
    return f"x{n}"


def _value(rng: random.Random, key: str) -> Held:
    # now and then facts whose own key is another string (the mapping keeps the key put)
    own = key if rng.random() < 0.9 else f"other-{key}"
    return (rng.randrange(10**10), f"fp{rng.randrange(4)}",
            ReportFacts(own, f"wb://{rng.randrange(1 << 64):x}"))


def _same(held: HeldFacts, model: dict[str, Held]) -> None:
    assert len(held) == len(model)
    assert list(held) == list(model)
    assert list(held.items()) == list(model.items())
    assert held.all_facts() == [f for _, _, f in model.values()]
    assert list(held.facts_items()) == [(k, f) for k, (_, _, f) in model.items()]
    for key in model:
        assert key in held and held[key] == model[key]
        assert held.facts_of(key) is model[key][2]


def test_puts_drops_and_bulk_puts_read_as_a_dictionary() -> None:
    rng = random.Random(28)
    held = HeldFacts()
    model: dict[str, Held] = {}
    for step in range(3000):
        action = rng.random()
        if action < 0.5:
            key = _key(rng)
            held[key] = model[key] = _value(rng, key)
        elif action < 0.8:
            key = _key(rng)
            assert held.pop(key, None) == model.pop(key, None)
            assert key not in held and held.get(key) is None
        elif action < 0.83:  # many at once (a page read back), some held already
            batch = [(key, _value(rng, key))
                     for key in dict.fromkeys(_key(rng) for _ in range(150))]
            held.update_all(batch)
            model.update(batch)
        if step % 50 == 0:
            _same(held, model)
    _same(held, model)
    assert len(model) > 100


def test_a_warm_start_s_keys_are_put_at_once_and_found() -> None:
    keys = [f"INBOX/1796487337/{n}" for n in range(5000)] + ["a-maildir-file:2,S"]
    held = HeldFacts((key, (n, "fp", ReportFacts(key, f"wb://{n:x}")))
                     for n, key in enumerate(keys))
    assert list(held) == keys
    assert held["INBOX/1796487337/4999"][0] == 4999
    assert held["a-maildir-file:2,S"][0] == 5000
    assert "INBOX/1796487337/5000" not in held and "INBOX/1796487337/" not in held
    assert "Other/1796487337/3" not in held and "INBOX/17964873370/3" not in held


def test_the_later_of_a_key_given_twice_at_once_is_kept() -> None:
    keys = [f"INBOX/1/{n}" for n in range(100)] + ["INBOX/1/7", "whole", "whole"]
    held = HeldFacts((key, (n, "fp", ReportFacts(key, "wb://1")))
                     for n, key in enumerate(keys))
    assert len(held) == 101
    assert held["INBOX/1/7"][0] == 100 and held["whole"][0] == 102
    assert held.all_facts()[-1].key == "whole"


def test_many_drops_leave_the_order_and_the_facts() -> None:
    keys = [f"INBOX/1/{n}" for n in range(12_000)]
    held = HeldFacts((key, (n, "fp", ReportFacts(key, "wb://1")))
                     for n, key in enumerate(keys))
    for key in keys[::2]:
        del held[key]  # the columns are made again past a few thousand drops
    assert list(held) == keys[1::2]
    assert [size for size, _, _ in (held[k] for k in keys[1::2])] == list(range(1, 12_000, 2))
    held["INBOX/1/0"] = (7, "fp", ReportFacts("INBOX/1/0", "wb://1"))
    assert list(held)[-1] == "INBOX/1/0" and len(held) == 6001


def test_the_queue_s_positions_find_the_facts_their_keys_find() -> None:
    rng = random.Random(5)
    report = KINDS.index(Kind.REPORT)
    keys = list(dict.fromkeys(_key(rng) for _ in range(600)))
    rows = RowsAt.of(Row(key, 1000, 1.7e9, report, 0, 0, "", n,
                         queue_line("s", "7.5", "", "", "")) for n, key in enumerate(keys))
    held = HeldFacts()
    for key in keys[::3]:
        held[key] = _value(rng, key)
    places = list(held.held_of(rows.columns.keys, rows.positions))
    assert [f for f in held.facts_at(places)] == [held.facts_of(k) for k in keys]
    assert [m for m in held.marks_at(places)] == [
        held[k][:2] if k in held else None for k in keys]
    assert sum(p >= 0 for p in places) == len(held) > 100
