"""``Forked``: a computation made in a forked child while this process works on, its
result the same as made here (docs/insight.md, "Session 14: stats --json at 100,000")."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from datetime import date

import pytest

from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from hdtui.forked import Forked
from tests.unit.test_insight import TODAY, fact


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked sees this test's threads only, not those other tests of the run left (their
    workers ending): it makes no child while another thread runs."""
    before = set(threading.enumerate())
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))


def test_the_work_is_done_in_another_process_and_its_result_comes_back(alone: None) -> None:
    assert Forked(os.getpid).result() != os.getpid()
    big = Forked(lambda: {"keys": [f"k{n}" for n in range(100_000)]})
    assert big.result() == {"keys": [f"k{n}" for n in range(100_000)]}  # past a pipe's buffer


def test_a_child_that_fails_leaves_the_work_to_this_process(alone: None) -> None:
    here = os.getpid()

    def work() -> str:
        if os.getpid() != here:
            raise RuntimeError("the child fails")
        return "made here"

    assert Forked(work).result() == "made here"


def test_without_fork_the_work_is_done_here_when_asked(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    monkeypatch.delattr(os, "fork")
    done: list[int] = []
    waiting = Forked(lambda: done.append(os.getpid()) or "result")
    assert done == []  # not before its result is asked for
    assert waiting.result() == "result"
    assert done == [os.getpid()]


def test_the_overview_with_its_clusters_made_in_a_child_is_the_same(alone: None) -> None:
    facts = [fact(n, n % 20, gpus=("1002:15bf",), errors=("amdgpu ring gfx timeout",),
                  words=frozenset({"screen", "black", f"w{n % 3}"})) for n in range(12)]
    facts += [fact(100 + n, n, likely=(7,)) for n in range(5)]
    facts += [fact(200, 3, version="7.7")]
    given: list[list[ReportFacts]] = []

    def in_child(chosen: list[ReportFacts], today: date, weeks: int, away: frozenset[str],
                 start: date | None) -> Callable[[], list[Cluster]]:
        given.append(chosen)
        return Forked(lambda: clusters(chosen, today, weeks, away, start)).result

    here = overview(facts, [], TODAY)
    there = overview(facts, [], TODAY, clustering=in_child)
    assert there == here
    assert here.clusters and all(isinstance(c, Cluster) for c in there.clusters)
    assert given == [list(here.facts)]
    assert overview(facts, [], TODAY, counts_only=True, clustering=in_child).clusters == ()
    assert len(given) == 1  # counts only: no clustering started


def test_no_child_is_forked_while_another_thread_runs(alone: None) -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        refused = Forked(os.getpid)
        assert not refused.in_child
        assert refused.result() == os.getpid()
    finally:
        release.set()
        other.join()
    forked = Forked(os.getpid)
    assert forked.in_child
    assert forked.result() != os.getpid()
    assert not forked.in_child  # taken


def test_while_children_are_reaped_by_the_system_the_work_is_done_here() -> None:
    # A launcher may leave SIGCHLD ignored (kept through exec): the system then reaps the
    # child before it can be waited for; no child is made, the result is the same.
    before = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert Forked(os.getpid).result() == os.getpid()
    finally:
        signal.signal(signal.SIGCHLD, before)


def test_a_closed_standard_output_does_not_stop_the_work(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    # Python sets sys.stdout (or stderr) to None when its descriptor was closed
    # (`hdtui stats --json >&-`): nothing to flush before the fork.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert Forked(lambda: "made").result() == "made"


def test_a_result_given_up_leaves_no_child(alone: None) -> None:
    import time

    given_up = Forked(lambda: time.sleep(60))
    assert given_up._pid > 0
    given_up.close()
    with pytest.raises(ChildProcessError):  # ended and waited for
        os.waitpid(given_up._pid, os.WNOHANG)
    given_up.close()  # twice: nothing more to do
    assert Forked(lambda: "asked").result() == "asked"
