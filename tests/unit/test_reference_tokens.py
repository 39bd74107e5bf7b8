"""A report's reference held as the number of its ID (issue #12, docs/insight.md, "Session
29: the references as numbers"): read back as the same text, set by every way facts are
made, compared by the counts as tokens with the same results as the strings."""

from __future__ import annotations

import pickle
import random
import sys
from dataclasses import replace
from datetime import date, timedelta

from hdtui.domain.facts_codec import decode_rows, encode
from hdtui.domain.insight.counted import COUNTED_KINDS, counted, references_twice
from hdtui.domain.insight.facts import (
    PLAIN_KIND,
    ReportFacts,
    passing_report_id,
    reference_of_token,
    reference_token,
    reference_tokens,
    token_of,
)

HEX_ID = "0123456789abcdef0123456789abcdef"


def test_a_whisperback_reference_is_held_as_a_number_and_read_as_its_text() -> None:
    facts = ReportFacts(key="INBOX/7/1", reference=f"wb://{HEX_ID}", report_id=HEX_ID)
    assert token_of(facts) == int(HEX_ID, 16)
    assert facts.reference == f"wb://{HEX_ID}"
    assert facts.report_id == HEX_ID
    assert passing_report_id(facts) == HEX_ID
    small = ReportFacts(key="INBOX/7/2", reference=f"wb://{1:032x}")
    assert token_of(small) == 1
    assert small.reference == "wb://00000000000000000000000000000001"
    # Smaller than the string it replaces (96 bytes in CPython 3.11).
    assert sys.getsizeof(token_of(facts)) < sys.getsizeof(facts.reference)


def test_other_references_are_kept_as_they_are() -> None:
    for reference in ("wb://ABCDEF0123456789abcdef0123456789",  # capitals: not made back
                      f"wb://{HEX_ID}0",  # 33 digits
                      f"wb://{HEX_ID[:-1]}",  # 31
                      "wb://0123456789abcdef0123456789abcdeg",  # not hex
                      "wb:// 123456789abcdef0123456789abcdef",
                      "wb://+123456789abcdef0123456789abcdef",  # int() would take it
                      "wb://0123_456789abcdef0123456789abcde",  # so would it
                      f"mail:{HEX_ID}@example.org", "INBOX/12/3", ""):
        facts = ReportFacts(key="k", reference=reference)
        assert token_of(facts) == reference
        assert facts.reference == reference
        assert reference_of_token(reference_token(reference)) == reference


def test_tokens_are_equal_exactly_when_references_are() -> None:
    rng = random.Random(29)
    references = [f"wb://{rng.randrange(50):032x}" for _ in range(200)] + \
        [f"mail:{rng.randrange(20)}@x" for _ in range(50)] + ["wb://x", "wb://x"]
    tokens = [reference_token(r) for r in references]
    for a, ta in zip(references, tokens, strict=True):
        for b, tb in zip(references[:60], tokens[:60], strict=True):
            assert (a == b) == (ta == tb)
    assert {reference_of_token(t) for t in references_twice(list(tokens))} == \
        references_twice(list(references))


def test_facts_made_every_way_read_the_same() -> None:
    day = date(2026, 11, 2)
    facts = ReportFacts(key="INBOX/7/1", reference=f"wb://{HEX_ID}", report_id=HEX_ID,
                        received=day, version="7.1", kind=PLAIN_KIND)
    again = pickle.loads(pickle.dumps(facts))
    assert again == facts and hash(again) == hash(facts)
    assert token_of(again) == int(HEX_ID, 16)
    moved = replace(facts, key="INBOX/7/9")
    assert moved.reference == facts.reference and token_of(moved) == token_of(facts)
    (decoded,) = decode_rows([encode(facts)])
    assert decoded == facts and token_of(decoded) == int(HEX_ID, 16)
    assert repr(decoded) == repr(facts)
    # Another ID than the reference's is kept apart, as before.
    other = ReportFacts(key="k", reference=f"wb://{HEX_ID}", report_id="another")
    assert other.report_id == "another" and other.reference == f"wb://{HEX_ID}"


def test_counted_by_tokens_is_counted_by_references() -> None:
    """Reports of both forms of reference, some twice: the same reports as a dictionary
    by the reference strings gives, in its order."""
    rng = random.Random(30)
    day = date(2026, 11, 1)
    kinds = ["report", "report", PLAIN_KIND, "support", "team"]
    facts = [ReportFacts(key=f"INBOX/{i}",
                         reference=rng.choice([f"wb://{rng.randrange(300):032x}",
                                               f"mail:{rng.randrange(100)}@example.org"]),
                         received=day + timedelta(rng.randrange(4)), kind=rng.choice(kinds))
             for i in range(1500)]
    first: dict[str, ReportFacts] = {}
    from hdtui.domain.insight.counted import _preferred

    for f in facts:
        if f.kind in COUNTED_KINDS:
            known = first.get(f.reference)
            if known is None or _preferred(f, known):
                first[f.reference] = f
    found = counted(facts)
    assert [f.key for f in found] == [f.key for f in first.values()]
    assert reference_tokens(found) == [reference_token(f.reference) for f in found]


def test_a_clusters_report_ids_are_packed_and_read_as_given() -> None:
    from hdtui.domain.insight.clusters import Cluster, packed_ids

    ids = (HEX_ID, f"{7:032x}", "f" * 32)
    cluster = Cluster(id="C-1", label="x", signals=(), reports=("a", "b", "c"),
                      per_week=(3,), report_ids=ids)
    held = vars(Cluster)["report_ids"]._slot.__get__(cluster, Cluster)
    assert held == bytes.fromhex("".join(ids)) and len(held) == 48
    assert cluster.report_ids == ids
    assert f"report_ids={ids!r}" in repr(cluster)
    again = pickle.loads(pickle.dumps(cluster))
    assert again == cluster and hash(again) == hash(cluster)
    assert replace(cluster, label="y").report_ids == ids
    assert Cluster(id="C-2", label="x", signals=(), reports=(), per_week=()).report_ids == ()
    # IDs not all of 32 lowercase hex digits: kept as given.
    for odd in ((HEX_ID, "short"), (HEX_ID.upper(),), (HEX_ID, HEX_ID + "0"),
                (HEX_ID[:-2] + " 1",), (HEX_ID[:16], HEX_ID[16:] * 3)):
        assert packed_ids(odd) == odd
        assert Cluster(id="C-3", label="x", signals=(), reports=(), per_week=(),
                       report_ids=odd).report_ids == odd


def test_by_reference_reads_as_the_dictionary_by_reference() -> None:
    from hdtui.domain.insight.facts import ByReference

    rng = random.Random(31)
    facts = [ReportFacts(key=f"INBOX/{i}",
                         reference=rng.choice([f"wb://{rng.randrange(40):032x}",
                                               f"mail:{rng.randrange(10)}@x", "wb://odd"]))
             for i in range(300)]
    expected = {f.reference: f for f in facts}
    found = ByReference(facts)
    assert len(found) == len(expected)
    assert sorted(found) == sorted(expected)
    for reference, f in expected.items():
        assert found[reference] is f and reference in found and found.get(reference) is f
    for missing in (f"wb://{99:032x}", "mail:nobody@x", "", "wb://ODD"):
        assert missing not in found and found.get(missing) is None
    assert 5 not in found


def test_a_report_id_other_than_the_references_is_kept() -> None:
    for report_id, kept in ((HEX_ID, None), ("", ""), (HEX_ID.upper(), HEX_ID.upper()),
                            ("f" * 32, "f" * 32)):
        facts = ReportFacts(key="k", reference=f"wb://{HEX_ID}", report_id=report_id)
        assert vars(ReportFacts)["report_id"]._slot.__get__(facts, ReportFacts) == kept
        assert facts.report_id == report_id


def test_a_cluster_packs_exactly_the_ids_a_reference_holds_as_a_number() -> None:
    """One test of "32 lowercase hex digits" (``facts.is_report_id``) for the references
    and the clusters' IDs alike (review29b): what one holds as a number the other packs."""
    from hdtui.domain.insight.clusters import packed_ids
    from hdtui.domain.insight.facts import report_id_of_number

    for report_id in (HEX_ID, "0" * 32, "f" * 32, HEX_ID.upper(), HEX_ID[:-1],
                      HEX_ID + "0", HEX_ID[:-1] + "g", HEX_ID[:-1] + "\n", "",
                      HEX_ID[:-1] + "٣", " " + HEX_ID[1:]):
        number = type(reference_token(f"wb://{report_id}")) is int
        assert (type(packed_ids((report_id,))) is bytes) == number, report_id
        assert number == (report_id in (HEX_ID, "0" * 32, "f" * 32)), report_id
        if number:
            assert report_id_of_number(int(report_id, 16)) == report_id
