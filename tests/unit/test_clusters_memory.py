"""The clustering (``clusters``, counted for the shift-start line right after a start and
for hot topics) holds one string a key value and one frozenset a distinct set of hardware
and of errors, not one of each per report: at 100,000 messages its peak of memory was 190
MB above the facts, 71 MB of them these copies (docs/benchmarks.md, "Session 21: the warm
queue at 100,000"). The clusters found are the same."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import date, timedelta

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts

REPORTS = 4_000
TODAY = date(2026, 12, 7)
ERRORS = tuple(f"kernel driver{n} # error failed to load firmware" for n in range(8))
LINES = tuple(f"systemd # started service unit{n}" for n in range(6))


def _facts() -> list[ReportFacts]:
    """Reports that match no known issue, whose machines, chips and journal lines come
    from a few values (as at 100,000: 44 key values for 321,000 keys), their words their
    own."""
    return [ReportFacts(
        key=f"INBOX/1/{n}", reference=f"wb://{n:032x}", report_id=f"{n:032x}",
        received=TODAY - timedelta(days=n % 60), version="7.5",
        gpus=(f"8086:{n % 5:04x}",), product=f"Laptop {n % 7}",
        errors=(ERRORS[n % 8], ERRORS[(n + 3) % 8], f"tails app{n // 4} # error crashed"),
        lines=(LINES[n % 6],),
        words=(f"own{n}", f"word{n % 97}", f"other{n % 89}", f"group{n // 4}",
               f"trouble{n // 4}", "persistent", "storage"))
        for n in range(REPORTS)]


def _peak_per_report(facts: list[ReportFacts]) -> tuple[float, list[object]]:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        found = clusters(facts, TODAY)
        return (tracemalloc.get_traced_memory()[1] - before) / len(facts), list(found)
    finally:
        tracemalloc.stop()


def test_the_clustering_shares_its_keys_and_sets_between_reports() -> None:
    facts = _facts()
    per_report, found = _peak_per_report(facts)
    # 2,710 bytes a report before (its keys, hardware and errors made for each report),
    # 2,020 with them shared.
    assert per_report < 2_350, per_report
    assert found == list(clusters(facts, TODAY))  # (the same whatever was traced)
    assert len(found) > 100  # the reports of each app's crash, clustered


def test_the_words_one_report_says_are_not_held_for_each_report() -> None:
    # Twenty words each report says alone (a user's own phrasing, names, typos): 4,980
    # bytes a report when every report's signals held them (a frozenset each), 2,740 now.
    facts = [ReportFacts(
        key=f.key, reference=f.reference, report_id=f.report_id, received=f.received,
        version=f.version, gpus=f.gpus, product=f.product, errors=f.errors, lines=f.lines,
        words=(*f.words, *(f"said{n}x{k}" for k in range(20))))
        for n, f in enumerate(_facts())]
    per_report, found = _peak_per_report(facts)
    assert per_report < 3_800, per_report
    assert len(found) > 100


def _pair(own_words: int) -> list[ReportFacts]:
    """Two reports that say three words together, each ``own_words`` of its own, among
    twenty that say only words of their own."""
    def report(n: int, words: tuple[str, ...]) -> ReportFacts:
        return ReportFacts(key=f"INBOX/1/{n}", reference=f"wb://{n:032x}",
                           report_id=f"{n:032x}", received=TODAY, version="7.5",
                           words=words)
    shared = ("zorblat", "quintexo", "frobnica")
    return [report(n, (*shared, *(f"own{n}x{k}" for k in range(own_words))))
            for n in range(2)] + [
        report(n, tuple(f"alone{n}x{k}" for k in range(5))) for n in range(2, 22)]


def test_the_words_left_out_still_count_against_the_words_shared() -> None:
    # Three words shared of five each: a third and more of all their words, one problem.
    assert [c.reports for c in clusters(_pair(2), TODAY)] == [("INBOX/1/0", "INBOX/1/1")]
    # Of thirteen each, their own words (said by no other report, so not kept in the
    # clustering's sets) outweigh them: two problems that share three words.
    assert clusters(_pair(10), TODAY) == []


def _resent(copies: int) -> list[ReportFacts]:
    """``_facts()`` with each report of its first hundred sent ``copies`` times (a user
    sending again, one user's copies): the same words, machine, chips and journal."""
    first = _facts()[:100]
    return [ReportFacts(
        key=f"INBOX/2/{n}x{c}", reference=f"wb://{n:016x}{c:016x}", received=f.received,
        version=f.version, gpus=f.gpus, product=f.product, errors=f.errors, lines=f.lines,
        words=f.words) for n, f in enumerate(first) for c in range(copies)]


def test_reports_that_say_and_log_the_same_share_one_signals_object(monkeypatch) -> None:
    # (Session 26) one _Signals object for reports whose signals are equal: each report's
    # was 112 bytes of the clustering's peak (9.6 MB at 100,000 messages).
    import hdtui.domain.insight.linking as linking

    made: list[object] = []
    real = linking._Signals

    def counted(**fields: object) -> object:
        made.append(None)
        return real(**fields)

    monkeypatch.setattr(linking, "_Signals", counted)
    found = clusters(_resent(3), TODAY)
    assert len(made) == 100  # one a report sent three times, not 300
    # Each report and its copies are one problem, as they were with a signals object each.
    assert sorted(len(c.reports) for c in found)[-1] >= 3
    made.clear()
    # Reports that say the same on another machine have signals of their own.
    other = [ReportFacts(key=f.key + "b", reference=f.reference + "b",
                         received=f.received, version=f.version, gpus=("10de:0001",),
                         product="Another laptop", errors=f.errors, lines=f.lines,
                         words=f.words) for f in _resent(1)]
    clusters(_resent(1) + other, TODAY)
    assert len(made) == 200


def test_no_signals_are_held_while_the_clusters_are_made(monkeypatch) -> None:
    # (Session 26) the passes' signals, postings and groups are dropped before each
    # cluster is made: held on, they were the clustering's highest point of memory.
    import hdtui.domain.insight.clusters as clusters_module
    from hdtui.domain.insight.linking import _Signals

    live: list[int] = []
    real = clusters_module._cluster

    def counting(*args: object, **kwargs: object) -> object:
        if not live:
            live.append(sum(type(o) is _Signals for o in gc.get_objects()))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(clusters_module, "_cluster", counting)
    found = clusters(_facts(), TODAY)
    assert found and live and live[0] <= 1, live  # (the passes' last loop variable)


def test_the_clusters_report_ids_are_not_kept_by_the_facts() -> None:
    # (Session 26) a cluster's report IDs are its own: kept by the facts, those of every
    # clustered report stayed for the session once the overview was dropped.
    from hdtui.domain.insight import facts as facts_module

    slot = vars(ReportFacts)["report_id"]._slot  # what the facts keep
    facts = _facts()
    found = clusters(facts, TODAY)
    ids = [i for c in found for i in c.report_ids]
    assert len(ids) > 1_000
    by_id = {f.reference.removeprefix("wb://"): f for f in facts}
    assert all(slot.__get__(by_id[i], ReportFacts) is None for i in ids)
    # They read as the facts' IDs do.
    assert all(by_id[i].report_id == i for i in ids)
    assert [facts_module.passing_report_id(f) for f in facts] == [f.report_id for f in facts]
    other = ReportFacts("INBOX/3/1", "mail:<a@b>", "")
    assert facts_module.passing_report_id(other) == other.report_id == ""
