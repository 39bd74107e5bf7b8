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


def test_the_json_written_in_two_goes_is_the_one_text() -> None:
    """The clusters are written after the rest (while the child clusters, the rest is
    written here): the same text as ``json_text(as_data(view))``."""
    import json
    from datetime import timedelta

    from hdtui.cli import json_text
    from hdtui.domain.insight.overview import overview
    from hdtui.domain.text import MailText
    from hdtui.domain.weekly import as_data
    from tests.unit.test_insight import TODAY, fact

    facts = [fact(n, n % 20, gpus=("1002:15bf",), errors=("amdgpu ring gfx timeout",),
                  words=frozenset({"screen", "black", f"w{n % 3}"})) for n in range(12)]
    facts += [fact(100 + n, n, likely=(7,), version="7.7") for n in range(5)]
    facts += [fact(200, 2, key=MailText("Écran \u202e \x7f\"q\""), report_id="", version=""),
              fact(201, 3, possible=7), fact(202, 4, key="k\x01", received=None)]
    releases = [("7.7", TODAY - timedelta(days=6))]
    titles = {7: MailText("Écran noir \u202e")}
    text = "".join(stats._json(lambda clustering, looks_later=False: overview(
        facts, [], TODAY, releases, iids=[7, 8], clustering=clustering,
        looks_later=looks_later), titles, 0.0))
    whole = as_data(overview(facts, [], TODAY, releases, iids=[7, 8]), titles)
    assert whole["clusters"] and whole["unclustered"] and whole["issues"][0]["possible"]
    whole["links_not_read"] = None  # the tracker's, not the view's (every link read here)
    whole["seconds"] = json.loads(text)["seconds"]  # the time so far: the last key
    assert text == json_text(whole)


def test_the_output_reaches_the_stream_in_slices_the_same_text() -> None:
    """``_write`` hands the stream no more than ``WRITTEN_AT_ONCE`` characters at a time
    (the stream encodes each write whole: at 100,000 the joined and encoded copies of the
    24 MB text were the command's peak, docs/benchmarks.md, "Session 25: stats --json's
    peak at 100,000"), and the text is ``print``'s of the pieces joined."""
    import io

    from hdtui.indented_json import indented_object, object_pieces

    class Stream(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.sizes: list[int] = []

        def write(self, text: str) -> int:
            self.sizes.append(len(text))
            return super().write(text)

    big = "x" * (2 * stats.WRITTEN_AT_ONCE + 5)
    parts = {"today": '"2026-11-30"', "issues": f'["{big}"]', "seconds": "0.5"}
    out = Stream()
    stats._write(object_pieces(parts), out)
    assert out.getvalue() == indented_object(parts) + "\n"
    assert max(out.sizes) == stats.WRITTEN_AT_ONCE
    empty = Stream()
    stats._write(object_pieces({}), empty)
    assert empty.getvalue() == "{}\n"


def test_clusters_started_ahead_serve_only_the_facts_they_were_started_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The clustering child started on the saved facts (docs/insight.md, "Session 18:
    stats --json at 100,000") gives the overview's own clusters for those very facts;
    for other facts (a message new or stale: other objects) or another window, the
    clusters are made of what is counted."""
    from dataclasses import replace
    from datetime import timedelta

    from hdtui.domain.insight.clusters import clusters
    from hdtui.domain.insight.counted import counted_in
    from hdtui.domain.insight.overview import overview
    from tests.unit.test_insight import TODAY, fact

    saved = [fact(n, n % 20, gpus=("1002:15bf",), errors=("amdgpu ring gfx timeout",),
                  words=frozenset({"screen", "black", f"w{n % 3}"})) for n in range(12)]
    since = TODAY - timedelta(days=15)
    import threading

    before = set(threading.enumerate())  # threads other tests left: no child beside them
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))
    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.start(saved)
    clustering = ahead.clustering(list(saved))
    assert clustering is not stats._clusters_in_child
    view = overview(saved, [], TODAY, weeks=8, since=since, clustering=clustering)
    assert view.clusters and list(view.clusters) == clusters(
        counted_in(saved, TODAY, since), TODAY, 8)

    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.close()  # nothing started: nothing to end
    ahead.start(saved)
    forked = ahead._forked
    assert forked is not None and forked.in_child
    ahead.close()  # the mailbox could not be read: the child is ended, not left running
    assert not forked.in_child
    assert ahead.clustering(saved) is stats._clusters_in_child

    changed = [*saved[:-1], replace(saved[-1], version="7.7")]  # recomputed: a new object
    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.start(saved)
    assert ahead.clustering(changed) is stats._clusters_in_child
    assert stats._ClustersAhead(TODAY, 8, since).clustering(saved) is (
        stats._clusters_in_child)  # never started (the demo's day is not known first)

    monkeypatch.setattr("hdtui.forked.threading.active_count", lambda: 2)
    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.start(saved)  # another thread ran (an IMAP listing): no child, none waited for
    assert ahead.clustering(saved) is stats._clusters_in_child
    monkeypatch.setattr("hdtui.forked.threading.active_count", lambda: 1)

    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.start(saved)
    other_day = TODAY - timedelta(days=1)
    chosen = counted_in(saved, other_day, since)
    assert ahead.clustering(saved)(chosen, other_day, 8)() == clusters(chosen, other_day, 8)


def test_the_json_path_does_not_import_the_issue_forms_redaction() -> None:
    """Only the Markdown report names a cluster's signals as the issue form does
    (docs/insight.md, "Session 18: stats --json at 100,000")."""
    import subprocess
    import sys

    code = ("import sys, hdtui.cli, hdtui.stats, hdtui.wiring, hdtui.domain.weekly, "
            "hdtui.report_list_json, hdtui.services.insight, hdtui.services.triage\n"
            "print(sorted({'hdtui.domain.issue_draft', 'hdtui.domain.redact'} "
            "& set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_clusters_started_ahead_are_made_again_when_a_link_keeps_a_match_likely(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The child started ahead vets the confident matches before the tracker's links are
    known (rules v50: a match its journal contradicts is clustered); a link keeps such a
    match likely, so the pool differs and the clusters are made of what is counted."""
    import threading
    from datetime import timedelta

    from hdtui.domain.insight.clusters import clusters
    from hdtui.domain.insight.counted import counted_in
    from hdtui.domain.insight.overview import overview
    from hdtui.domain.insight.per_issue import vetted
    from hdtui.domain.links import IssueLink
    from tests.unit.test_insight import TODAY, fact

    error = "nautilus # failed to load thumbnail # heif"
    claimed = fact(1, 1, likely=(7,), errors=(error,), product="M1",
                   words=frozenset({"thumbnail", "photo", "heif"}))
    theirs = [fact(n, n, possible=9, errors=(error,), product=f"M{n}",
                   words=frozenset({"thumbnail", "photo", "heif"})) for n in (2, 3, 4)]
    saved = [claimed, *theirs, *[fact(10 + i, 40, likely=(8,)) for i in range(12)]]
    before = set(threading.enumerate())
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))
    link = IssueLink(7, claimed.reference, TODAY - timedelta(days=1))
    for links in ([], [link]):
        ahead = stats._ClustersAhead(TODAY, 8, None)
        ahead.start(saved)
        view = overview(saved, links, TODAY, weeks=8, clustering=ahead.clustering(saved))
        assert list(view.clusters) == clusters(vetted(counted_in(saved, TODAY), links),
                                               TODAY, 8)
        in_clusters = {key for c in view.clusters for key in c.reports}
        assert ("k1" in in_clusters) == (not links)


def test_clusters_started_ahead_leave_out_a_linked_report_that_matches_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The child started ahead clusters before the tracker's links are known; a report a
    member linked that matches no issue is its issue's, in no cluster (rules v78): the
    pools differ, and the clusters are made again of what is counted."""
    import threading
    from datetime import timedelta

    from hdtui.domain.insight.overview import overview
    from hdtui.domain.links import IssueLink
    from tests.unit.test_insight import TODAY, fact

    error = "nautilus # failed to load thumbnail # heif"
    theirs = [fact(n, n, errors=(error,), product=f"M{n}",
                   words=frozenset({"thumbnail", "photo", "heif"})) for n in (1, 2, 3)]
    saved = [*theirs, *[fact(10 + i, 40, likely=(8,)) for i in range(12)]]
    before = set(threading.enumerate())
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))
    link = IssueLink(7, theirs[0].reference, TODAY - timedelta(days=1))
    for links in ([], [link]):
        ahead = stats._ClustersAhead(TODAY, 8, None)
        ahead.start(saved)
        view = overview(saved, links, TODAY, weeks=8, clustering=ahead.clustering(saved))
        assert [sorted(c.reports) for c in view.clusters] == (
            [["k2", "k3"]] if links else [["k1", "k2", "k3"]])


def test_clusters_started_ahead_take_the_closed_issues_best_matches_as_theirs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """walk24b's item 3 in ``hdtui stats``: the child clusters the pool ``overview`` does
    (a closed issue's best matches up to its day are the issue's), so its clusters serve
    and the parent does not make them again."""
    import threading
    from dataclasses import replace
    from datetime import timedelta

    from hdtui.domain.insight.overview import overview
    from tests.unit.test_insight_new_problems import TODAY, others, sound

    saved = [replace(f, possible=19126) if n < 8 else f
             for n, f in enumerate(sound() + others(30))]
    closed = {19126: TODAY}
    since = TODAY - timedelta(days=40)
    before = set(threading.enumerate())
    monkeypatch.setattr("hdtui.forked.threading.active_count",
                        lambda: 1 + len(set(threading.enumerate()) - before))
    ahead = stats._ClustersAhead(TODAY, 8, since)
    ahead.start(saved, closed)
    clustering = ahead.clustering(list(saved))
    assert clustering is not stats._clusters_in_child

    def again(*_: object) -> None:
        raise AssertionError("the clusters were made again in the parent")

    monkeypatch.setattr("hdtui.domain.insight.clusters.clusters", again)
    view = overview(saved, [], TODAY, weeks=8, since=since, clustering=clustering,
                    closed=closed)
    assert not {f"k{i}" for i in range(8)} & {k for c in view.clusters for k in c.reports}
