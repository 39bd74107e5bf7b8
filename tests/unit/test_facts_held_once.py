"""What the facts of every report, held for the session, keep once (docs/insight.md,
"Session 25: the report ID read from the reference" and "... equal values of a page kept
once"): a report's ID is its reference's tail, not a second string, and equal values of
a page of saved facts are one object; what the facts read, compare, copy, pickle and
save is unchanged."""

from __future__ import annotations

import dataclasses
import gc
import pickle
from datetime import date
from typing import cast

import pytest

from hdtui.domain.facts_codec import decode_rows, encode
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.word_set import WordSet

RID = "0000000000000000000000000001869f"


def _held_strings(facts: ReportFacts) -> list[str]:
    return [value for value in gc.get_referents(facts) if type(value) is str]


def test_an_id_the_reference_holds_is_not_held_again() -> None:
    facts = ReportFacts("INBOX/1/1", f"wb://{RID}", RID, date(2026, 9, 29))
    assert RID not in _held_strings(facts)  # fails when the ID is a string of its own
    assert facts.report_id == RID


def test_decoded_facts_hold_no_second_copy_of_the_id() -> None:
    saved = encode(ReportFacts("INBOX/1/1", f"wb://{RID}", RID, date(2026, 9, 29)))
    [facts] = decode_rows([saved])
    assert facts is not None
    assert RID not in _held_strings(facts)
    assert facts.report_id == RID
    assert encode(facts) == saved


@pytest.mark.parametrize(("reference", "report_id"), [
    (f"wb://{RID}", RID),
    (f"wb://{RID}", RID.upper()),  # not the reference's tail: kept as given
    (f"wb://{RID}", ""),
    ("mail:2026-09-29:abcdef", ""),
    ("INBOX/1/1", "1869f"),  # no usable reference: counted under its key
    (f"wb://{RID}", RID[1:]),  # a tail of the tail is another ID
])
def test_the_facts_read_compare_copy_and_save_as_before(reference: str,
                                                          report_id: str) -> None:
    facts = ReportFacts("INBOX/1/1", reference, report_id, date(2026, 9, 29), kind="report")
    assert facts.report_id == report_id
    twin = ReportFacts("INBOX/1/1", reference, report_id, date(2026, 9, 29), kind="report")
    assert facts == twin and hash(facts) == hash(twin)
    assert f"report_id={report_id!r}" in repr(facts)
    assert dataclasses.replace(facts, key="INBOX/1/2").report_id == report_id
    assert dataclasses.replace(facts, report_id="").report_id == ""
    assert pickle.loads(pickle.dumps(facts)) == facts
    [decoded] = decode_rows([encode(facts)])
    assert decoded == facts and decoded is not None and decoded.report_id == report_id
    assert dataclasses.asdict(facts)["report_id"] == report_id


def test_other_ids_differ() -> None:
    one = ReportFacts("INBOX/1/1", f"wb://{RID}", RID)
    other = ReportFacts("INBOX/1/1", f"wb://{RID}", "")
    assert one != other


def test_equal_values_of_a_page_are_one_object() -> None:
    """The words, the journal's lines and errors of several lines and the contact digest
    that several facts of a page share are decoded once ("Session 25: equal values of a
    page kept once"); they read as before."""
    made = [ReportFacts(f"INBOX/1/{n}", f"wb://{n:032x}", f"{n:032x}", date(2026, 9, 29),
                        errors=("usb reset high-speed #", "amdgpu ring gfx timeout #"),
                        lines=("systemd logind # lid closed", "kernel pm suspend # s2idle"),
                        words=WordSet(["unlock", "persistent", "storage"]),
                        contact="aa8a9a16779e5573")
            for n in range(3)]
    made.append(dataclasses.replace(made[0], key="INBOX/1/9", words=WordSet(["boot"]),
                                    contact="", errors=(), lines=()))
    decoded = decode_rows([encode(f) for f in made])
    assert decoded == made
    first, second, third, other = (cast(ReportFacts, f) for f in decoded)
    for name in ("words", "errors", "lines", "contact"):
        assert getattr(second, name) is getattr(first, name), name
        assert getattr(third, name) is getattr(first, name), name
        assert getattr(other, name) != getattr(first, name), name


def test_an_id_read_is_made_once() -> None:
    """What reads the IDs keeps them (a cluster's ``report_ids``): a second read gives the
    same string, so that the facts and what read them share it."""
    facts = ReportFacts("INBOX/1/1", f"wb://{RID}", RID)
    first = facts.report_id
    assert facts.report_id is first
    assert facts == ReportFacts("INBOX/1/1", f"wb://{RID}", RID)


def test_equal_numbers_of_a_page_are_one_object() -> None:
    """(Session 26) JSON makes an int object of each number: the best issue of most
    reports (``possible``, past 256) is one object a page, not 32 bytes a report."""
    made = [ReportFacts(f"INBOX/1/{n}", f"wb://{n:032x}", f"{n:032x}", date(2026, 9, 29),
                        possible=20402, own_words=300 + n % 2) for n in range(4)]
    decoded = cast(list[ReportFacts], decode_rows([encode(f) for f in made]))
    assert decoded == made
    assert all(f.possible is decoded[0].possible for f in decoded)
    assert decoded[2].own_words is decoded[0].own_words
    assert decoded[1].own_words == 301 and decoded[1].own_words is not decoded[0].own_words


def test_a_bool_among_the_numbers_keeps_its_own_type() -> None:
    """A number saved as ``true`` (no hdtui writes one, but it reads as 1) stays what
    it was: a dictionary would take 1 and ``True`` for one value."""
    rows = [encode(ReportFacts("INBOX/1/1", f"wb://{RID}", RID, possible=1)),
            encode(ReportFacts("INBOX/1/2", f"wb://{RID}", RID, possible=1))]
    rows[1] = rows[1].replace(",1,", ",true,", 1)
    first, second = cast(list[ReportFacts], decode_rows(rows))
    assert type(first.possible) is int and second.possible is True
