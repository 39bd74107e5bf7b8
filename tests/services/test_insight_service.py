"""The insight service over the demo: facts computed once, saved, and read back by the
next session without reading a single message again; again when the known issues change."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount
from hdtui.domain.matching import suggest_issues
from hdtui.domain.query import filter_rows, parse
from hdtui.services.insight import Insight
from hdtui.wiring import Setup, demo_as_of


def test_facts_are_saved_and_the_next_session_reads_them_back(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    namespace = setup.triage.source.identity
    first = Insight(setup.triage, setup.tracker).facts()
    assert len(first) == len(setup.triage.rows())
    saved = list(setup.triage.store.facts(namespace))
    assert len(saved) == len(first) and {r[2] for r in saved} == {RULES_VERSION}

    def no_reading(key: str) -> None:
        raise AssertionError(f"read {key} again")

    monkeypatch.setattr(setup.triage, "full", no_reading)
    again = Insight(setup.triage, setup.tracker).facts()
    assert sorted(again, key=lambda f: f.key) == sorted(first, key=lambda f: f.key)


def test_facts_are_ranked_again_when_the_known_issues_change(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker)
    before = {f.key: f.likely for f in insight.facts()}
    assert any(before.values())
    # Without the issues, nothing is likely any more, and the saved facts say so too.
    setup.triage.use_known_issues([KnownIssue(1, "Unrelated: printer paper jam")])
    after = {f.key: f.likely for f in insight.facts()}
    assert set(after) == set(before) and not any(after.values())
    fresh = {f.key: f.likely for f in Insight(setup.triage, setup.tracker).facts()}
    assert fresh == after


def test_the_filter_finds_an_issue_s_linked_and_likely_messages(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    result = setup.triage.inbox()
    # The demo's clock (its newest message's day, as the demo app counts): the pane counts
    # the 8 weeks to it, which hold the whole demo, as the filter does (fix28a).
    insight = Insight(setup.triage, setup.tracker, as_of_newest=True)
    actions = setup.actions
    assert actions is not None
    mail = next(r for r in result.rows if r.kind.value == "support")
    iid = setup.triage.known_issues().issues[0].iid
    actions.link(mail.key, iid)
    report = next(r for r in result.rows if r.kind.value == "report")
    actions.link(report.key, iid)
    # Before the queue is counted the links find a report by its ID; a support mail is
    # cited by a hash of its Message-ID, known once its facts are.
    assert insight.issue_keys(iid) == {report.key}
    facts = insight.facts()
    likely = {f.key for f in facts if f.likely[:1] == (iid,) and f.kind == "report"
              and f.key not in (mail.key, report.key)}
    found = insight.issue_keys(iid)
    assert {mail.key, report.key} <= found and found - {mail.key, report.key} <= likely
    # The same numbers as the issues pane: linked plus likely.
    count = insight.with_likely(actions.counts([iid]))[iid]
    assert len(found) <= count.total + (count.likely or 0)
    hits = setup.triage.search(parse(f"issue:#{iid} -kind:report"), insight.issue_keys)
    rows = filter_rows(result.rows, parse(f"issue:#{iid} -kind:report"), hits)
    assert mail.key in {r.key for r in rows} and report.key not in {r.key for r in rows}
    assert setup.triage.search(parse(f"issue:#{iid}")).include == frozenset()


def demo_counts(demo_setup: Callable[..., Setup]) -> tuple[
        Setup, Insight, Callable[[], dict[int, ReportCount]]]:
    """The demo's queue read, its counting service, and its issues' counts as the pane
    shows them (``with_likely``)."""
    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker)
    actions = setup.actions
    assert actions is not None
    iids = [issue.iid for issue in setup.triage.known_issues().issues]
    return setup, insight, lambda: insight.with_likely(actions.counts(iids))


def test_the_likely_counts_say_they_are_incomplete_until_the_whole_queue_is_counted(
    demo_setup: Callable[..., Setup]
) -> None:
    """Issue #12's walk: after a first read the known-issues pane showed "0 linked, 5
    likely" (the facts counted so far) as if complete, and the alert sent that number;
    41 once the count ended. Every count made before the whole queue's count has ended,
    or while one runs, is marked ``counting``."""
    _, insight, counts_now = demo_counts(demo_setup)
    before = counts_now()
    assert before and all(count.counting for count in before.values())
    seen: list[bool] = []

    def pause() -> None:  # before each report: in the middle of the count
        seen.append(insight.counting)
        partial = counts_now()
        seen.append(all(count.counting for count in partial.values()))

    insight.facts(pause=pause)
    assert seen and all(seen)
    after = counts_now()
    assert not insight.counting and not any(count.counting for count in after.values())
    assert any(count.likely for count in after.values())


def test_a_failed_count_says_it_failed_and_is_not_counting_forever(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count that raised (the store, the tracker) left the counts "counting the queue, so
    far" for the rest of the shift: nothing was counting. It is said as a failed count,
    until another count ends well."""
    from hdtui.errors import StoreError

    setup, insight, counts_now = demo_counts(demo_setup)

    def broken(*args: Any) -> None:
        raise StoreError("Cannot write the store: disk full")

    with monkeypatch.context() as patch:
        patch.setattr(setup.triage.store, "put_facts", broken)
        with pytest.raises(StoreError):
            insight.facts()
    assert not insight.counting and insight.count_failed
    counts = counts_now()
    assert counts and all(c.failed and not c.counting for c in counts.values())
    assert all(c.label.endswith(" · the queue's count failed, so far")
               for c in counts.values())
    insight.count_due()  # new mail: a count follows
    assert insight.counting and not insight.count_failed
    insight.facts()
    assert not insight.counting and not insight.count_failed
    after = counts_now()
    assert not any(c.failed or c.counting for c in after.values())


def test_new_mail_marks_the_counts_incomplete_until_its_count_ends(
    demo_setup: Callable[..., Setup]
) -> None:
    """After a whole count, new mail's rows are not counted until the delayed count that
    takes them in ends: the counts read as whole meanwhile."""
    _, insight, counts_now = demo_counts(demo_setup)
    insight.facts()
    assert not insight.counting
    insight.count_due()
    assert insight.counting
    assert all(c.counting for c in counts_now().values())
    insight.facts()
    assert not insight.counting


def test_issues_learn_the_words_of_their_linked_reports_and_only_their_users_are_ranked_again(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker)
    facts = insight.facts()
    actions = setup.actions
    assert actions is not None
    # Three reports about sound on a Mac, none of them counted for an issue yet.
    sound = sorted((f for f in facts if f.kind == "report" and {"sound", "speaker"} <= f.words),
                   key=lambda f: f.key)
    assert len(sound) == 3 and not any(f.likely for f in sound)
    before = insight.vocabulary().get(17640, frozenset())
    assert "speaker" not in before
    for linked in sound[:2]:
        actions.link(linked.key, 17640)
    learnt = insight.vocabulary()[17640]
    assert {"sound", "speaker"} <= learnt
    # Only the reports that use a learnt word can be matched otherwise: only they are read
    # and ranked again.
    read: list[str] = []
    full = setup.triage.full

    def reading(key: str) -> object:
        read.append(key)
        return full(key)

    monkeypatch.setattr(setup.triage, "full", reading)
    insight.facts()
    users = {f.key for f in facts if not f.words.isdisjoint(learnt - before)}
    assert sound[2].key in read and set(read) <= users and len(read) < len(facts)
    # The known-issues pane ranks with the learnt words too.
    entry = full(sound[2].key)
    assert entry is not None
    match = next(m for m in setup.triage.suggestions(entry, 10) if m.issue.iid == 17640)
    plain = [m for m in suggest_issues(entry, setup.triage.known_issues(), 10)
             if m.issue.iid == 17640]
    assert match.terms and (not plain or match.score > plain[0].score)


def test_with_no_word_learnt_stale_facts_are_found_without_a_call_per_message(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No word learnt: the messages whose facts are stale (none known, another size,
    another fingerprint of the issues) are found comparing every message's in C, not by
    ``_current`` for each (docs/insight.md, "Session 15: stats --json at 100,000"); just
    those are computed again."""
    setup = demo_setup()
    setup.triage.inbox()
    first = Insight(setup.triage, setup.tracker).facts()
    insight = Insight(setup.triage, setup.tracker)
    monkeypatch.setattr(insight, "vocabulary", dict)
    insight.load_saved()
    keys = sorted(insight._facts)
    assert len(keys) == len(first) >= 4
    size, fingerprint, facts = insight._facts[keys[0]]
    insight._facts[keys[0]] = (size + 1, fingerprint, facts)
    size, fingerprint, facts = insight._facts[keys[1]]
    insight._facts[keys[1]] = (size, "another", facts)
    del insight._facts[keys[2]]
    read: list[str] = []
    full = setup.triage.full

    def reading(key: str) -> object:
        read.append(key)
        return full(key)

    def no_current(*args: object) -> bool:
        raise AssertionError("a Python call per message")

    monkeypatch.setattr(setup.triage, "full", reading)
    monkeypatch.setattr(insight, "_current", no_current)
    again = insight.facts()
    assert sorted(read) == keys[:3]
    assert sorted(again, key=lambda f: f.key) == sorted(first, key=lambda f: f.key)


def test_with_no_report_cited_nothing_is_learnt_without_a_pass_over_the_facts(
    demo_setup: Callable[..., Setup]
) -> None:
    """No GitLab note cites a report: no issue learns a word, found without going over
    every report's facts (docs/insight.md, "Session 15: stats --json at 100,000")."""
    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, None)
    assert insight.facts()

    class NoPass(dict[str, object]):
        def values(self) -> Any:
            raise AssertionError("a pass over every report's facts")

    insight._facts = NoPass(insight._facts)  # type: ignore[assignment]
    insight._changes += 1
    assert insight.vocabulary() == {}


def test_releases_are_dated_by_the_feeds_copy_and_newer_versions_by_the_reports(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, releases=setup.releases)
    facts = insight.facts()
    # No copy of the feeds saved yet: each version dated by its first report (rules v63).
    assert dict(insight.release_dates(facts))["7.7"] == date(2026, 11, 19)
    snapshot = setup.releases.snapshot().state  # the demo's bundled feeds, not saved
    assert dict(insight.release_dates(facts))["7.7"] == date(2026, 11, 19)
    dated = dict(insight.release_dates(facts, snapshot))
    assert dated["7.7"] == date(2026, 11, 10) and dated["7.6"] == date(2026, 9, 15)
    setup.releases.refresh()  # the demo "fetches" its snapshot and saves the copy
    assert insight.release_dates(facts) == insight.release_dates(facts, snapshot)
    # A version only reports name is no release beside the feed's, however many name it
    # (rules v73: three forged "9.9" reports became the newest release).
    newer = [replace(f, version=version, received=date(2026, 11, 20))
             for version in ("7.8", "9.9") for f in facts[:6]] + facts
    dated = dict(insight.release_dates(newer))
    assert "7.8" not in dated and "9.9" not in dated
    assert dated["7.7"] == date(2026, 11, 10)


def test_an_old_feed_copy_judges_no_version_in_the_counts(
    demo_setup: Callable[..., Setup]
) -> None:
    """The counts read the feed's copy once for its releases and whether it is older than
    ``FEED_RECENT_DAYS`` on the day counted: then no report is set aside as on a version
    no release has (rules v81). Without a saved copy, none is old."""
    from hdtui.domain.insight.regressions import FEED_RECENT_DAYS

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, releases=setup.releases)
    facts = insight.facts()
    assert insight.dated_feed(facts, date.today()) == (insight.release_dates(facts), False)
    setup.releases.refresh()  # the demo "fetches" its snapshot and saves the copy, today
    releases, old = insight.dated_feed(facts, date.today())
    assert releases == insight.release_dates(facts) and not old
    later = date.today() + timedelta(days=FEED_RECENT_DAYS + 1)
    assert insight.dated_feed(facts, later) == (releases, True)


def test_stats_without_a_feed_copy_says_releases_were_dated_from_the_reports(
    demo_setup: Callable[..., Setup], capsys: pytest.CaptureFixture[str]
) -> None:
    from hdtui.stats import _release_dates

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, releases=setup.releases)
    facts = insight.facts()
    dated = dict(_release_dates(setup.releases, facts, demo=False))
    assert dated["7.7"] == date(2026, 11, 19)
    assert "releases were dated from the reports" in capsys.readouterr().err
    dated = dict(_release_dates(setup.releases, facts, demo=True))
    assert dated["7.7"] == date(2026, 11, 10)  # the bundled snapshot
    assert capsys.readouterr().err == ""
    assert not setup.releases.cache_path.exists()  # read, not saved


def test_the_saved_facts_are_what_facts_gives_when_nothing_changed(
    demo_setup: Callable[..., Setup]
) -> None:
    """``hdtui stats`` clusters the saved facts ahead, and uses those clusters only when
    ``facts`` gives the very same objects in the same order (docs/insight.md, "Session 18:
    stats --json at 100,000")."""
    setup = demo_setup()
    setup.triage.inbox()
    Insight(setup.triage, setup.tracker).facts()  # computed and saved
    insight = Insight(setup.triage, setup.tracker)
    assert insight.saved_facts() == []
    insight.load_saved()
    saved = insight.saved_facts()
    facts = insight.facts()
    assert len(saved) == len(facts) >= 4
    assert all(a is b for a, b in zip(saved, facts, strict=True))


def test_the_contradicted_matches_are_judged_again_when_a_link_is_swapped_for_another(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tracker sync that replaces one link with another keeps the number of links: the
    judgement kept for the filter (``contradicted``) is made again all the same, as are the
    issues' numbers (session 18's review)."""
    import hdtui.services.insight as service
    from hdtui.domain.links import IssueLink

    setup = demo_setup()
    setup.triage.inbox()
    # The demo's clock: its links, dated by their reports, are in the 8 weeks the pane
    # counts (fix28a).
    insight = Insight(setup.triage, setup.tracker, as_of_newest=True)
    facts = insight.facts()
    iid = setup.triage.known_issues().issues[0].iid
    judged: list[int] = []
    real = service.contradicted
    monkeypatch.setattr(service, "contradicted",
                        lambda facts, links=(): judged.append(len(facts)) or real(facts, links))
    one = IssueLink(iid, facts[0].reference, date(2026, 11, 20))
    other = IssueLink(iid, facts[1].reference, date(2026, 11, 20))
    assert setup.tracker is not None
    monkeypatch.setattr(setup.tracker, "links", lambda: [one])
    insight.issue_keys(iid)
    insight.issue_keys(iid)
    assert len(judged) == 1  # kept while nothing changed
    monkeypatch.setattr(setup.tracker, "links", lambda: [other])
    insight.issue_keys(iid)
    assert len(judged) == 2
    # The issues' numbers too: counted with the links of the moment, each swap seen.
    counted: list[list[IssueLink]] = []
    real_stats = service.issue_stats
    monkeypatch.setattr(service, "issue_stats", lambda facts, links, *rest, **more: (
        counted.append(list(links)) or real_stats(facts, links, *rest, **more)))
    actions = setup.actions
    assert actions is not None
    insight.with_likely(actions.counts([iid]))
    monkeypatch.setattr(setup.tracker, "links", lambda: [one])
    insight.with_likely(actions.counts([iid]))
    insight.with_likely(actions.counts([iid]))
    # (Dated by their reports' own days, as overview dates them: fix28a.)
    assert [[link.reference for link in links] for links in counted] == [
        [other.reference], [one.reference]]



def test_the_count_waits_at_its_pause_before_each_report_and_each_page_read_back(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI's count calls a pause before each report it computes and each page of
    saved facts it reads back: held while a change from the server is on its way to the
    screen, it waits there (docs/live-changes.md, "While the queue is counted")."""
    import hdtui.services.insight as insight_module

    setup = demo_setup()
    setup.triage.inbox()
    # One known issue fewer: every fact the warm store saved is stale, counted again.
    setup.triage.use_known_issues(list(setup.triage.known_issues().issues[1:]))
    steps: list[str] = []
    full = setup.triage.full

    def reading(key: str) -> Any:
        steps.append("read")
        return full(key)

    monkeypatch.setattr(setup.triage, "full", reading)
    counted = Insight(setup.triage, setup.tracker).facts(pause=lambda: steps.append("pause"))
    reads = [n for n, step in enumerate(steps) if step == "read"]
    assert len(reads) == len(counted) > 2
    assert all(steps[n - 1] == "pause" for n in reads)  # a pause before each report
    steps.clear()
    monkeypatch.setattr(insight_module, "LOAD_PAGE", 2)
    again = Insight(setup.triage, setup.tracker).facts(pause=lambda: steps.append("pause"))
    assert sorted(again, key=lambda f: f.key) == sorted(counted, key=lambda f: f.key)
    pages = -(-len(counted) // 2) + 1  # two facts a page, then the empty page that ends
    assert steps == ["pause"] * pages  # nothing read again, a pause before each page



def test_a_count_ended_by_its_caller_keeps_the_facts_computed_so_far(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app quitting ends the count from its pause or its progress (``Abandoned``):
    the facts computed since the last batch was saved are saved too, and the next start
    computes only the others (before, up to 499 reports were counted again)."""
    from hdtui.domain.address import own_addresses
    from hdtui.services.insight import issues_fingerprint, ours_fingerprint

    class Ended(Exception):
        pass

    setup = demo_setup()
    setup.triage.inbox()
    namespace = setup.triage.source.identity
    setup.triage.use_known_issues(list(setup.triage.known_issues().issues[1:]))
    # The demo's own address (its sending one, walkfix27b) is in what the facts are saved
    # with, as a configured one is.
    fingerprint = ours_fingerprint(issues_fingerprint(setup.triage.known_issues().issues),
                                   own_addresses(setup.triage.own_addresses))
    read: list[str] = []
    full = setup.triage.full

    def reading(key: str) -> Any:
        read.append(key)
        return full(key)

    def pause() -> None:
        if len(read) == 4:  # the app quits before the fifth report
            raise Ended

    monkeypatch.setattr(setup.triage, "full", reading)
    with pytest.raises(Ended):
        Insight(setup.triage, setup.tracker).facts(pause=pause)
    saved = {row[0] for row in setup.triage.store.facts(namespace) if row[3] == fingerprint}
    assert saved == set(read)
    read.clear()
    Insight(setup.triage, setup.tracker).facts()  # the next start
    assert saved.isdisjoint(read) and read


def test_the_counts_so_far_are_marked_incomplete_while_the_facts_are_computed(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hot topics pressed during the start's background count show the counts of the facts
    known so far, marked as such, instead of waiting for the count (docs/insight.md, "Hot
    topics during the start's count")."""
    setup = demo_setup()
    setup.triage.inbox()
    # Issues no saved fact was ranked against: every message is read and ranked again.
    setup.triage.use_known_issues(list(setup.triage.known_issues().issues)[1:])
    insight = Insight(setup.triage, setup.tracker)
    assert insight.overview_so_far() is None  # no count runs: ``overview`` waits for none
    total = len(setup.triage.rows())
    seen = []
    read = setup.triage.full

    def full(key: str) -> Any:  # what the hot topics screen sees while each one is read
        seen.append(insight.overview_so_far())
        return read(key)

    monkeypatch.setattr(setup.triage, "full", full)
    facts = insight.facts()
    assert len(seen) == total >= 4
    assert all(view is not None and view.partial for view in seen)
    known = [view.counting for view in seen if view is not None]
    assert known[0] == (0, total) and known[-1][1] == total
    assert [k for k, _ in known] == sorted(k for k, _ in known) and known[-1][0] < total
    # Meanwhile the facts known are counted: those ranked against the issues as they
    # are now, not the saved ones of the earlier ranking ("0 of N known" counts none).
    assert seen[0] is not None and len(seen[0].facts) == 0
    assert [k for k, _ in known] == list(range(total))  # one more fact at each look
    assert insight.overview_so_far() is None  # the count ended
    assert insight.overview(counts_only=True).counting is None
    assert len(facts) == total


def test_the_whole_overview_keeps_the_counts_of_the_counts_only_one_before_it(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hot topics screen asks for the counts, then for everything: the second keeps the
    first's counts, the same numbers as counted again, unless the facts changed between
    them (docs/benchmarks.md, "Session 20: hot topics on screen at 100,000")."""
    import hdtui.domain.insight.overview as domain  # where overview() finds issue_stats

    setup = demo_setup()
    setup.triage.inbox()
    # As of the demo's newest message, as the demo counts (its clusters are weeks old
    # on the wall clock: none were left to compare 400 days on).
    as_of = demo_as_of(setup.triage)
    insight = Insight(setup.triage, setup.tracker, clock=as_of)
    insight.facts()
    counted: list[int] = []
    issue_stats = domain.issue_stats

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(1)
        return issue_stats(*args, **kwargs)

    monkeypatch.setattr(domain, "issue_stats", counting)
    insight.overview(counts_only=True)  # the shift start's counts: not kept
    insight.overview()
    assert len(counted) == 2
    counted.clear()
    quick = insight.overview(counts_only=True, then_whole=True)
    whole = insight.overview()
    assert len(counted) == 1 and not whole.partial
    # The same counts; the whole one adds only what rests on the clusters: the weeks
    # worth a look (docs/insight.md, "Session 25: weeks worth a look"), and the possible
    # reports a cluster holds listed with it ("Session 28: a possible report listed once").
    assert {i: replace(s, look_weeks=(), possible=quick.stats[i].possible,
                       possible_clustered=()) for i, s in whole.stats.items()} == quick.stats
    held = {k: c.id for c in whole.clusters for k in c.reports}
    for i, s in whole.stats.items():
        moved = [f for f in quick.stats[i].possible if f not in s.possible]
        assert all(f.key in held for f in moved)
        assert sum(n for _, n in s.possible_clustered) == len(moved)
    # The same numbers as an overview that counted them itself.
    fresh = Insight(setup.triage, setup.tracker, clock=as_of).overview()
    assert whole == fresh and whole.clusters and len(counted) == 2
    # Once used, or with other facts (a message read again makes new ones), counted again.
    insight.overview()
    assert len(counted) == 3
    insight.overview(counts_only=True, then_whole=True)
    setup.triage.use_known_issues(list(setup.triage.known_issues().issues)[1:])
    insight.overview()
    assert len(counted) == 5


def test_a_tracker_not_set_up_leaves_the_saved_facts_as_they_were(
    demo_setup: Callable[..., Setup]
) -> None:
    """A wrong [tracker] knows no issue: counted against none, every saved fact was made
    again without its matches and saved over the good ones. Now nothing is counted, and
    hot topics says why (docs/insight.md, "A tracker not set up")."""
    from hdtui.errors import TrackerNotSetUp
    from hdtui.tracker.not_set_up import NotSetUpTracker

    setup = demo_setup()
    setup.triage.inbox()
    Insight(setup.triage, setup.tracker).facts()
    namespace = setup.triage.source.identity
    before = sorted(setup.triage.store.facts(namespace))
    assert before and all(row[3] for row in before)
    said = "GitLab not set up: [tracker] needs project"
    setup.triage.tracker = NotSetUpTracker(said)
    setup.triage.issue_created()  # the issues read again, from the stand-in
    insight = Insight(setup.triage, setup.tracker)
    with pytest.raises(TrackerNotSetUp, match="nothing is counted until it is"):
        insight.facts()
    with pytest.raises(TrackerNotSetUp, match=re.escape(said)):
        insight.overview(counts_only=True)  # what hot topics shows instead of counts
    assert sorted(setup.triage.store.facts(namespace)) == before


def test_the_demo_s_facts_and_counts_are_those_of_the_journal_error_words_alone(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The journal's error expression looks ahead at its words' first letters before
    # trying them (docs/insight.md, "Session 21: the count after a first open"): every
    # report's facts, and the numbers counted from them, are those of the words alone.
    from hdtui.domain import debug

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, as_of_newest=True)
    quick = sorted(insight.facts(), key=lambda f: f.key)
    counts = insight.overview(counts_only=True)
    alone = re.compile(debug.JOURNAL_ERROR_WORDS, re.IGNORECASE)
    monkeypatch.setattr(debug, "_JOURNAL_ERROR_RE", alone)

    def nothing_saved(self: Insight, namespace: str, wait: Any = None) -> None:
        self._loaded = True  # every report's facts computed again

    monkeypatch.setattr(Insight, "_load_saved", nothing_saved)
    again = Insight(setup.triage, setup.tracker, as_of_newest=True)
    assert sorted(again.facts(), key=lambda f: f.key) == quick
    assert any(f.errors for f in quick) and any(f.likely for f in quick)
    assert again.overview(counts_only=True) == counts


def test_each_fact_s_key_is_held_once(demo_setup: Callable[..., Setup]) -> None:
    """The facts held for the session are keyed by their own key string, not by a second
    copy of it (the saved row's, the queue's row's): about 70 bytes a message, 7 MB at
    100,000 (docs/benchmarks.md, "Session 22: whole-session memory at 100,000")."""
    setup = demo_setup()
    setup.triage.inbox()
    computed = Insight(setup.triage, setup.tracker)
    computed.facts()
    saved = Insight(setup.triage, setup.tracker)
    saved.load_saved()
    for insight in (computed, saved):
        assert len(insight._facts) >= 4
        assert all(key is facts.key for key, (_, _, facts) in insight._facts.items())


def test_a_link_s_other_numbers_are_of_the_messages_counted_before_it(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report pane's "Also changed" compares the counts before and after a link: a
    report read in between (here one likely for another issue) moved that issue's likely
    count, and the toast said the link did it. Both counts are
    now of the messages counted before the link (docs/insight.md, "Session 26: what a
    link changed, and only that")."""
    from hdtui.domain.insight.moved import moved_said

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, as_of_newest=True)
    actions = setup.actions
    assert actions is not None
    whole = insight.counts_now()
    arrived = next(f for f in whole.facts if f.kind == "report" and f.likely == (19113,))
    real = insight.facts
    monkeypatch.setattr(insight, "facts", lambda *a, **k: [
        f for f in real(*a, **k) if f.key != arrived.key])
    before = insight.counts_now()  # the report not read yet
    monkeypatch.setattr(insight, "facts", real)  # read while the link is made
    # A sound report of the demo's last days, likely for no issue (test_actions' one).
    sound = next(f for f in before.facts if f.report_id == "5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a")
    assert actions.link(sound.key, 17640)
    was, now = insight.counts_since(before)
    said = moved_said(was, now, 17640)
    assert "#19113" not in said
    assert "#17640 this week 0 → 1" in said  # what the link did is still said
    # Counted apart, the new report moves the other issue's likely count: the defect.
    moved = moved_said(before.view, insight.counts_now().view, 17640)
    assert "#19113 likely 3 → 4" in moved


def test_the_report_panes_counts_are_not_made_beside_an_overview_but_once_it_ends(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #12, a whole session at 100,000: the shift start's overview and the report
    pane's likely counts each count every fact, and made at once their objects added up
    at the session's peak (docs/insight.md, "Session 27: the report pane's counts not
    made beside an overview"). While an overview is computed, ``with_likely_or_later``
    gives the tracker's counts marked counting and says to ask again; once it ends, the
    same counts as ``with_likely`` (which waits for it)."""
    import threading

    import hdtui.services.insight as service

    setup, insight, counts_now = demo_counts(demo_setup)
    insight.facts()
    actions = setup.actions
    assert actions is not None
    iids = [issue.iid for issue in setup.triage.known_issues().issues]
    inside, go_on = threading.Event(), threading.Event()
    real = service.overview

    def held(*args: Any, **kwargs: Any) -> Any:  # the real overview, held in its middle
        inside.set()
        assert go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "overview", held)
    views: list[object] = []
    counting = threading.Thread(target=lambda: views.append(insight.overview()))
    counting.start()
    try:
        assert inside.wait(10)
        tracker_counts = actions.counts(iids)
        during, later = insight.with_likely_or_later(tracker_counts)
        assert later and not insight.overview_done(0.01)
        assert during == {iid: c._replace(counting=True) for iid, c in tracker_counts.items()}
        assert all(c.likely is None for c in during.values())
    finally:
        go_on.set()
        counting.join(10)
    assert views and insight.overview_done(1.0)
    after, later = insight.with_likely_or_later(actions.counts(iids))
    assert not later and not any(c.counting for c in after.values())
    assert any(c.likely for c in after.values())
    # The same numbers as a service that never deferred them.
    fresh = Insight(setup.triage, setup.tracker)
    fresh.facts()
    assert after == fresh.with_likely(actions.counts(iids)) == counts_now()


def test_a_link_s_count_before_made_again_without_a_gone_message_is_without_the_link(
    demo_setup: Callable[..., Setup], monkeypatch: pytest.MonkeyPatch
) -> None:
    """walkfix27: when a message counted before a link is gone after it, the count before
    is made again without it, and was made with the links of that moment, the new one
    included: the link's own "#17640 this week 0 → 1" vanished from "Also changed". The
    links just made are left out of that count."""
    from hdtui.domain.insight.moved import moved_said

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker, as_of_newest=True)
    actions = setup.actions
    assert actions is not None
    before = insight.counts_now()
    sound = next(f for f in before.facts if f.report_id == "5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a")
    gone = next(f for f in before.facts if f.kind == "report" and f.likely == (19113,))
    real = insight.facts
    monkeypatch.setattr(insight, "facts", lambda *a, **k: [
        f for f in real(*a, **k) if f.key != gone.key])  # deleted while the link is made
    assert actions.link(sound.key, 17640)
    was, now = insight.counts_since(before, frozenset({(17640, sound.reference)}))
    assert "#17640 this week 0 → 1" in moved_said(was, now, 17640)
    assert "#19113" not in moved_said(was, now, 17640)
    # Counted again with every link of now, the one made included: the defect.
    was, now = insight.counts_since(before)
    assert "#17640 this week" not in moved_said(was, now, 17640)


def test_the_panes_counts_are_those_of_hot_topics_window(
    demo_setup: Callable[..., Setup]
) -> None:
    """The review of walkfix28a: read on 2026-12-08, 13 of the demo's 64 messages fall
    before the 8 weeks; the known-issues pane (and the alert made of its counts) said
    "#19113 0 linked, 4 likely" of the whole mailbox where hot topics said 3. The pane
    counts the window hot topics counts, each issue's numbers hot topics'."""
    from datetime import UTC, datetime

    setup = demo_setup()
    setup.triage.inbox()
    actions = setup.actions
    assert actions is not None
    insight = Insight(setup.triage, setup.tracker,
                      clock=lambda: datetime(2026, 12, 8, 12, tzinfo=UTC))
    iids = [issue.iid for issue in setup.triage.known_issues().issues]
    insight.facts()
    counts = insight.with_likely(actions.counts(iids))
    view = insight.overview()
    assert view.earlier  # some of the demo's mail came before the window
    for iid in iids:
        count, stats = counts[iid], view.stats.get(iid)
        if stats is None:
            assert (count.total, count.likely, count.this_week) == (0, 0, 0), iid
            continue
        assert (count.total, count.likely, count.this_week) == (
            stats.linked_users, len(stats.likely), stats.this_week), iid
    # Fewer than the whole mailbox's for at least one issue: the window's.
    whole = Insight(setup.triage, setup.tracker, as_of_newest=True)
    whole.facts()
    everything = whole.with_likely(actions.counts(iids))
    assert any((counts[i].likely or 0) < (everything[i].likely or 0) for i in iids)
