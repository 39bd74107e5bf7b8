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
