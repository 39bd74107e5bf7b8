"""UidSet: a folder's UIDs as runs (hdtui/sources/uid_set.py)."""

from __future__ import annotations

import random
import sys
from typing import Any

import pytest

from hdtui.sources.uid_set import UidSet


def test_behaves_as_the_set_of_its_uids() -> None:
    rng = random.Random(7)
    uids = {u for u in range(1, 3000) if rng.random() < 0.9} | {10_000, 10_001, 2**40}
    found = UidSet.of([*sorted(uids, reverse=True), 5, 5])
    assert len(found) == len(uids)
    assert list(found) == sorted(uids)
    for uid in range(0, 3100):
        assert (uid in found) == (uid in uids)
    assert 2**40 in found and 2**40 + 1 not in found and "5" not in found
    assert UidSet.from_ranges(found.ranges()) == found


def test_new_uids_and_gone_ones() -> None:
    found = UidSet.of(range(1, 101))
    assert found.ranges() == [[1, 100]]
    grown = found.with_uids([101, 102, 50, 200])
    assert grown.ranges() == [[1, 102], [200, 200]]
    assert found.with_uids([3, 4]) is found  # nothing new: the same set
    present = set(range(1, 201)) - {7, 8, 150}
    assert grown.missing_from(present) == [7, 8]
    assert grown.kept(present).ranges() == [[1, 6], [9, 102], [200, 200]]


def test_saved_runs_are_checked() -> None:
    assert UidSet.from_ranges([[5, 9], [1, 3], [4, 4]]).ranges() == [[1, 9]]
    saved: list[Any] = [[[3, 1]], [[0, 4]], [["x", 2]], [[1]]]  # as JSON gives them
    for bad in saved:
        with pytest.raises((ValueError, TypeError)):
            UidSet.from_ranges(bad)


def test_a_long_run_holds_a_few_bytes_not_one_object_per_uid() -> None:
    # What it is for: 100,000 UIDs held for the whole session (the listing state).
    uids = UidSet.of(range(1, 100_001))
    kept = sys.getsizeof(uids._bounds)
    assert kept < 200
    assert sys.getsizeof(set(range(1, 100_001))) > 4_000_000


def test_kept_and_missing_from_agree_with_plain_sets_on_random_folders() -> None:
    """Run-wise (docs/benchmarks.md, "UidSet after an expunge"), the same answers as the
    UIDs one by one: runs of every length, a few or many gone, UIDs present that the set
    lacks (new mail listed since), ``present`` as a set, a list in any order or a range."""
    rng = random.Random(12)
    for _ in range(300):
        uids: set[int] = set()
        uid = rng.randint(1, 50)
        for _ in range(rng.randint(0, 12)):
            run = rng.choice((1, 2, 3, rng.randint(1, 400)))
            uids.update(range(uid, uid + run))
            uid += run + rng.choice((1, 1, 2, rng.randint(1, 1000)))
        found = UidSet.of(uids)
        share = rng.choice((0.0, 0.01, 0.5, 0.99, 1.0))
        present = {u for u in uids if rng.random() < share}
        present |= {rng.randint(1, uid + 10) for _ in range(rng.randint(0, 5))}
        missing = sorted(uids - present)
        kept = uids & present
        for given in (present, frozenset(present), rng.sample(sorted(present), len(present))):
            assert found.missing_from(given) == missing
            assert found.kept(given) == UidSet.of(kept)
            assert list(found.kept(given)) == sorted(kept)
            assert len(found.kept(given)) == len(kept)
    whole = UidSet.of(range(1, 1001))
    assert whole.kept(range(1, 2000)) == whole and whole.missing_from(range(500)) == list(
        range(500, 1001))
    assert UidSet.of([]).kept({1, 2}) == UidSet.of([]) and UidSet.of([]).missing_from({1}) == []


def test_kept_after_a_few_expunges_keeps_the_runs_between_them() -> None:
    found = UidSet.of([*range(1, 100_001), *range(200_000, 200_010)])
    present = set(found) - {1, 50_000, 50_001, 100_000, 200_005}
    assert found.missing_from(present) == [1, 50_000, 50_001, 100_000, 200_005]
    assert found.kept(present).ranges() == [[2, 49_999], [50_002, 99_999],
                                            [200_000, 200_004], [200_006, 200_009]]
