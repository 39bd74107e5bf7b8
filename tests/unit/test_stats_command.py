"""``hdtui stats`` in this process: what it sets around its work (docs/insight.md,
"Session 14: stats --json at 100,000")."""

from __future__ import annotations

import argparse
import gc

import pytest

from hdtui import stats


def test_the_command_runs_without_cyclic_collection_and_gives_it_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def work(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(stats, "_stats", work, raising=False)
    assert gc.isenabled()
    assert stats.stats(argparse.Namespace()) == 0
    assert seen == [False]
    assert gc.isenabled()

    def failing(args: argparse.Namespace) -> int:
        raise RuntimeError("bad")

    monkeypatch.setattr(stats, "_stats", failing, raising=False)
    with pytest.raises(RuntimeError):
        stats.stats(argparse.Namespace())
    assert gc.isenabled()
