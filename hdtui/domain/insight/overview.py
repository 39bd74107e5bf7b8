"""Releases seen in the reports and the overview that puts the counts together (``Overview``,
``overview``). Pure; see docs/insight.md.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import is_
from typing import cast

from hdtui.domain.insight.clusters import Cluster, clusters
from hdtui.domain.insight.counted import (
    COUNTED_KINDS,
    counted_in,
    in_window,
    references_twice,
    unencrypted,
    window_start,
)
from hdtui.domain.insight.facts import (
    _KEY,
    _KIND_OF,
    ReportFacts,
    reference_token,
    reference_tokens,
    token_of,
)
from hdtui.domain.insight.per_issue import (
    IssueStats,
    hot_topics,
    issue_stats,
    possible_in_clusters,
    vetted,
    worth_listing,
)
from hdtui.domain.insight.regressions import (
    Regression,
    next_step,
    problems_of,
    regressions,
    regressions_said,
    unreleased,
    version_key,
    versions_shown,
    with_cluster_problems,
)
from hdtui.domain.insight.weeks import WEEKS
from hdtui.domain.insight.worth_a_look import worth_a_look
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind

RELEASE_SPREAD = 14
"""Days within which a version's first reports follow each other when they date its
release (``releases_seen``): a report weeks before the next is a wrong clock."""

RELEASE_MIN_REPORTS = 4
"""Reports (each once) a version needs before the reports alone date it as a release
(``releases_seen``, used only without a copy of the release feed): more than a few, since
anyone can send a few reports naming any version, encrypted or not (rules v73;
docs/insight.md, "Session 23: numbers forged reports cannot bend"). It was 2: three forged
reports of a "9.9" made it the newest release and hid every real regression."""


def plausible_versions(counts: Mapping[str, int]) -> set[str]:
    """The versions of ``counts`` (reports per version) that can be releases: those up to
    the version most reports run (the one most users run cannot be made up by a few), and
    each newer one that is at most one step beyond a plausible one below it: the next
    minor version (``7.7`` after ``7.6.2``), a new major ``.0`` (``8.0`` after ``7.7``), or
    a point release of either. ``9.9`` after ``7.7`` is no release whatever its count
    (rules v73). Unreadable versions are none."""
    readable = [v for v in counts if version_key(v) != (-1,)]
    if not readable:
        return set()
    most = max(readable, key=lambda v: (counts[v], version_key(v)))
    kept = {v for v in readable if version_key(v) <= version_key(most)}
    below = version_key(most)
    for version in sorted((v for v in readable if version_key(v) > version_key(most)),
                          key=version_key):
        key = version_key(version)
        if next_step(below, key):
            kept.add(version)
            below = key
    return kept


def releases_seen(facts: Sequence[ReportFacts], min_reports: int = RELEASE_MIN_REPORTS
                  ) -> list[tuple[str, date]]:
    """Releases as the reports show them when no release feed is at hand: every plausible
    version (``plausible_versions``; bugfix releases are releases too) that
    ``min_reports`` reports show, dated by its first report that ``min_reports - 1``
    others follow within ``RELEASE_SPREAD`` days, so that report counts on the release,
    and one report from a machine with a wrong clock, weeks before the others, cannot date
    it (rules v63). Each report once (a copy in another folder or mbox, a forward: its
    earliest day), users' mail only, and never after a newer version: a newer release's
    date dates the older ones no later (an old version reported late is still older;
    docs/insight.md, "Session 20: numbers that agree with each other")."""
    # Each report's day a version, each reference once: a dictionary by reference was
    # made only of those that come twice (one of every report was 3 MB within at 100,000,
    # made by each count; docs/insight.md, "Session 27: counted without a dictionary of
    # every report").
    dated = [f for f in facts
             if f.version and f.received is not None and f.kind in COUNTED_KINDS]
    twice = references_twice(reference_tokens(dated))  # (tokens: no string made)
    days: dict[str, list[date]] = {}
    again: dict[str, dict[int | str, date]] = defaultdict(dict)
    for f in dated:
        received = cast(date, f.received)
        token = token_of(f)
        if token in twice:
            days.setdefault(f.version, [])
            seen = again[f.version]
            known = seen.get(token)
            if known is None or received < known:
                seen[token] = received
        else:
            days.setdefault(f.version, []).append(received)
    del dated
    for version, seen in again.items():
        days[version] += seen.values()
    plausible = plausible_versions({v: len(d) for v, d in days.items()})
    found: dict[str, date] = {}
    after = min_reports - 1
    for version, each in days.items():
        if len(each) < min_reports or version not in plausible:
            continue
        ordered = sorted(each)
        found[version] = next(
            (day for day, then in zip(ordered, ordered[after:], strict=False)
             if (then - day).days <= RELEASE_SPREAD), ordered[after])
    newer = date.max
    for version in sorted(found, key=version_key, reverse=True):
        newer = found[version] = min(found[version], newer)
    return sorted(found.items(), key=lambda r: (r[1], r[0]))


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the hot topics screen and ``hdtui stats`` show, for one day."""

    today: date
    weeks: int
    facts: tuple[ReportFacts, ...]
    stats: dict[int, IssueStats]
    hot: tuple[IssueStats, ...]
    clusters: tuple[Cluster, ...]
    regressions: tuple[Regression, ...]
    releases: tuple[tuple[str, date], ...]
    partial: bool = False
    """Counts only: clusters and regressions not computed yet."""
    counting: tuple[int, int] | None = None
    """Counted while the queue's facts were still being read or computed (the start's
    background count): (messages whose facts are known, messages in the queue). The numbers
    are of the known ones only, incomplete until the count ends (docs/insight.md)."""
    since: date | None = None
    """Only reports from this day on were counted (``hdtui stats --since``): the weeks
    before it show none because none were counted, not because none came."""
    regressions_said: str = ""
    """Why no regression is called ("not enough history before 7.7 to call
    regressions": ``regressions_said``), or ""."""
    feed_old: bool = False
    """The copy of the release feed is older than ``FEED_RECENT_DAYS``: no version was
    judged one no release has, every report on a newer one is counted (rules v81)."""
    earlier: tuple[ReportFacts, ...] = ()
    """The counted reports received before the window (``counted.window_start``), vetted:
    counted in no number of ``facts``'; only the regressions, which compare a release's
    reports with the weeks before it and say their own span ("4 reports on 7.7 in 17
    days, 0 on earlier versions in the 4 weeks before and since"), and the releases dated
    by the reports look at them (docs/insight.md, "Session 28: numbers of the window")."""
    _explained: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The reports on the newest release a known issue explains (``problems_of`` with no
    cluster): what ``with_clusters`` weighs regressions by, with the clusters' own."""
    _weighed_from: date | None = field(default=None, compare=False, repr=False)
    """The newest release's day: the reports from it on are those regressions weigh."""
    _by_key: dict[str, ReportFacts] = field(default_factory=dict, compare=False, repr=False)
    _mixed: list[bool] = field(default_factory=list, compare=False, repr=False)

    def unencrypted(self, keys: Iterable[str]) -> int:
        """How many of the reports of ``keys`` (a cluster's) came unencrypted, when the
        counted reports hold encrypted ones too; else 0 (rules v73, as
        ``IssueStats.unencrypted``)."""
        mixed = self._mixed
        if not mixed:  # once per overview: a plain mailbox's would be a pass each time
            mixed.append(Kind.REPORT.value in map(_KIND_OF, self.facts))
        if not mixed[0]:
            return 0
        return sum(1 for f in map(self.report, keys) if f is not None and unencrypted(f))

    def report(self, key: str) -> ReportFacts | None:
        """The facts of one report by key."""
        by_key = self._by_key
        if not by_key:
            by_key.update(zip(map(_KEY, self.facts), self.facts, strict=True))
            by_key.update((f.key, f) for f in self.earlier)  # a regression's reports
        return by_key.get(key)

    @property
    def whole(self) -> tuple[ReportFacts, ...]:
        """The reports before the window and those of it: what regressions weigh."""
        return (*self.earlier, *self.facts) if self.earlier else self.facts


Clustering = Callable[[list[ReportFacts], date, int, frozenset[str], date | None],
                     Callable[[], list[Cluster]]]
"""Starts ``clusters(facts, today, weeks, away, start)`` and gives the function that waits
for them (``overview``)."""


def linked_away(facts: Iterable[ReportFacts], links: Iterable[IssueLink]) -> frozenset[str]:
    """The references of the reports of ``facts`` a Help Desk member linked to an issue
    that match none confidently: ``as_linked`` makes them likely for it, and ``clusters``
    groups the others without them, comparing them only to give a cluster the id a member
    saw when its oldest report is linked (rules v86; docs/insight.md, "Session 25: a
    linked report holds no cluster together")."""
    linked = {link.reference for link in links if not link.outside}
    if not linked:
        return frozenset()
    # By token (``facts.reference_token``): no string made of each report's reference.
    tokens = {reference_token(reference): reference for reference in linked}
    return frozenset(tokens[token] for f in facts
                     if not f.likely and (token := token_of(f)) in tokens)


def as_linked(facts: list[ReportFacts], links: Iterable[IssueLink],
              closed: Mapping[int, date] | None = None) -> list[ReportFacts]:
    """What the clusters are given: ``facts`` with each report a member linked to an issue,
    and that matches none confidently, made likely for that issue; and each report whose
    best match is a ``closed`` issue (``issue.closed_by``: iid, the day it was closed by),
    received up to that day, made likely for it. A linked report is its issue's, open or
    closed (a closed issue is matched to no report: its linked reports were then grouped
    as a new problem), and so is a report that came while the issue was open: the matcher
    asks hard evidence of a closed issue, so its likely reports become its best matches
    only, and closing #19126 made two new problems of its 6 unlinked ones (walk24b's item
    3). One received after is left to the clusters: the same words after a fix are a
    regression or another problem (all of them taken: pair recall fell on 15 of the
    labelled set's 37 parts). The clusters group only reports that match no known issue
    (rules v78; docs/insight.md, "Session 24: new problems a member can trust"). Only
    Help Desk links: an outside account's link hid a new problem's cluster (rules v81).
    ``facts`` itself when no report changes."""
    linked_to: dict[str, int] = {}
    for link in links:
        if link.outside:
            continue
        known = linked_to.get(link.reference)
        if known is None or link.iid < known:  # linked to two: either is not new
            linked_to[link.reference] = link.iid
    if not linked_to and not closed:
        return facts
    # By token (``facts.reference_token``): no string made of each report's reference.
    by_token = {reference_token(reference): iid for reference, iid in linked_to.items()}
    found = [f if f.likely else
             replace(f, likely=(by_token[token_of(f)],), possible=0)
             if token_of(f) in by_token else
             replace(f, likely=(f.possible,), possible=0)
             if closed and f.possible in closed and f.received is not None
             and f.received <= closed[f.possible] else f
             for f in facts]
    return facts if all(map(is_, found, facts)) else found


def with_clusters(view: Overview, found: Sequence[Cluster]) -> Overview:
    """``view`` with the clusters ``found`` and what rests on them made again from them:
    its issues' possible reports (those a cluster holds are the cluster's:
    ``possible_in_clusters``; an issue left with none and nothing counted is no hot topic),
    their weeks worth a look (possible reports in no cluster) and its regressions
    (a hardware group's reports weighed by the known issue or the cluster that explains
    them). ``overview`` ends with it, and ``hdtui stats --json``, which writes the counts
    while a child makes the clusters, gives it the clusters once they are back: one view
    for every output (walk26's defect 1: the JSON's regressions were weighed with no
    cluster and listed problems the text did not; docs/insight.md, "Session 26")."""
    found = tuple(found)
    # A possible report a cluster holds is the cluster's: listed there only (lang28).
    held = {key: c.id for c in found for key in c.reports}
    stats = worth_a_look({iid: possible_in_clusters(replace(s, look_weeks=()), held)
                          for iid, s in view.stats.items()},
                         view.facts, found, view.today, view.weeks)
    whole = view.whole
    problems = with_cluster_problems(dict(view._explained), found,
                                     _received_from(whole, view._weighed_from))
    return replace(view, clusters=found, stats=stats,
                   hot=tuple(filter(worth_listing, (stats.get(s.iid, s) for s in view.hot))),
                   regressions=tuple(regressions(whole, view.releases, view.today,
                                                 problems)))


class SortedKeys(Container[str]):
    """Keys in a sorted list, found by bisection: 8 bytes a key, where a set's table of
    100,000 keys was 4 MB, made after the clustering and held through the regressions,
    the overview's highest point at 100,000 messages once the clustering's was cut
    (docs/insight.md, "Session 28: the lone reports marked")."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = sorted(keys)

    def __contains__(self, key: object) -> bool:
        keys = self._keys
        at = bisect_left(keys, key) if isinstance(key, str) else len(keys)
        return at < len(keys) and keys[at] == key


def _received_from(facts: Iterable[ReportFacts], since: date | None) -> SortedKeys | None:
    """The keys of the reports of ``facts`` received from ``since`` (None: no day, every
    report), what ``with_cluster_problems`` gives a cluster's problem to."""
    if since is None:
        return None
    return SortedKeys(f.key for f in facts if f.received is not None and f.received >= since)


def dated_by_reports(links: Iterable[IssueLink], facts: Sequence[ReportFacts]
                     ) -> list[IssueLink]:
    """``links`` with each link to a report the mailbox holds dated by the report's own
    received day (its earliest copy's), whoever linked it and whatever the note says: a
    member's hand-written note citing eight reports of the last four weeks dated all eight
    by the note, "8 this week" (walk24b's item 1). Only a link to a report the mailbox does
    not hold keeps the note's date (docs/insight.md, "Session 24: a report's own day")."""
    found = list(links)
    wanted = {link.reference for link in found}
    if not wanted:
        return found
    held: dict[str, date] = {}
    tokens = {reference_token(reference): reference for reference in wanted}  # (by token)
    for f in facts:
        reference = tokens.get(token_of(f))
        if reference is not None and f.received is not None:
            known = held.get(reference)
            if known is None or f.received < known:
                held[reference] = f.received
    return [link._replace(received=held[link.reference])
            if link.reference in held and held[link.reference] != link.received else link
            for link in found]


def overview(facts: Sequence[ReportFacts], links: Iterable[IssueLink], today: date,
             releases: Sequence[tuple[str, date]] = (), weeks: int = WEEKS,
             since: date | None = None, iids: Iterable[int] = (),
             counts_only: bool = False, clustering: Clustering | None = None,
             counted: Overview | None = None, left_out: Mapping[int, int] | None = None,
             feed_old: bool = False,
             closed: Mapping[int, date] | None = None,
             looks_later: bool = False) -> Overview:
    """Counts, hot topics, clusters and regressions of the reports received up to ``today``
    (and from ``since``, when given); releases from the feed, else as the reports show.
    ``counts_only`` leaves clusters and regressions out (the slow part: a screen shows the
    counts first, then the rest). ``clustering`` starts ``clusters`` elsewhere (``hdtui
    stats``: in a child process) and gives how to wait for them, while the rest is
    counted here. ``counted``: the ``counts_only`` overview of the very same arguments,
    whose counts are kept rather than made again (the hot topics screen shows it first).
    ``left_out``: per issue, the links of outside accounts the tracker did not count
    (``links.notes_links``), said in its label. ``feed_old``: the copy of the release
    feed is not ``feed_recent``, so no version is judged ``beyond_releases``. ``closed``:
    the closed issues, each with the day it was closed by (``issue.closed_by``), whose
    best-matched reports up to that day are theirs, not new problems (``as_linked``).
    ``looks_later``: the clusters come after the overview (``hdtui stats --json``'s
    ``clustering`` gives none until the counts are written), so what rests on them (the
    weeks worth a look, the regressions) is left to ``with_clusters``, made once with
    them: none made first without them and thrown away.

    Every count is of the window: the reports and links from ``counted.window_start``
    (the first day of the first week, or ``since``) to ``today``; the reports before it
    are kept apart (``Overview.earlier``) for the regressions and the releases the reports
    date, which say their own span (walk28's defect 1; docs/insight.md, "Session 28:
    numbers of the window")."""
    start = window_start(today, weeks, since)
    # The links and reports before the window, ``since``'s too, are kept for the vetting
    # and the regressions' history (fix28a: with ``since`` they were dropped, and
    # ``--since 2026-11-12`` said "not enough history before 7.7" of the demo's 44 earlier
    # messages).
    every_link = [link for link in dated_by_reports(links, facts) if link.received <= today]
    links = [link for link in every_link if link.received >= start]
    earlier: tuple[ReportFacts, ...] = ()
    if counted is not None:
        chosen, stats = list(counted.facts), counted.stats
        known_releases = list(counted.releases)
        earlier = counted.earlier
    else:
        history = counted_in(facts, today)
        chosen = in_window(history, start)
        if len(chosen) < len(history):  # vetted as before, among all of them
            earlier = tuple(f for f in vetted(history, every_link)
                            if f.received is not None and f.received < start)
        del history
        chosen = vetted(chosen, links)
    pool = None if counts_only else as_linked(chosen, links, closed)
    # The clusters group the reports before the window too, so that a cluster's id, of
    # its oldest report, is the same whatever the window; each is cut to the window's
    # reports (``clusters``' ``start``; fix28a: a sound cluster was C-68790c under
    # ``--weeks 1``, C-16e7a0 under 8; docs/insight.md, "Session 28: a new problem's id
    # whatever the window").
    grouped, cut_at = pool, None
    if pool is not None and earlier:
        grouped, cut_at = as_linked([*earlier, *chosen], every_link, closed), start
    away = frozenset() if grouped is None else linked_away(
        [*earlier, *chosen] if cut_at else chosen, every_link if cut_at else links)
    found = None if grouped is None or clustering is None else \
        clustering(grouped, today, weeks, away, cut_at)
    if counted is None:
        known_releases = sorted(releases or releases_seen([*earlier, *chosen]),
                                key=lambda r: (version_key(r[0]), r[1]))  # the newest last
        cut = left_out or {}
        stats = {iid: replace(s, versions=versions_shown(s.versions, known_releases),
                              left_out=cut.get(iid, 0))
                 for iid, s in issue_stats(chosen, links, today, weeks, iids, unreleased(
                     chosen, known_releases, not feed_old,
                     (link.reference for link in links), today)).items()}
    if counts_only:
        return Overview(today, weeks, tuple(chosen), stats, tuple(hot_topics(stats)), (), (),
                        tuple(known_releases), partial=True, since=since,
                        feed_old=feed_old, earlier=earlier)
    found_clusters = tuple(clusters(grouped or [], today, weeks, away, cut_at) if found is None
                           else found())
    # Weeks possible reports outside every cluster fill: worth a look, not flagged
    # (docs/insight.md, "Session 25: weeks worth a look"); a hardware group's reports a
    # known issue or a cluster explains are weighed by that problem (walk25;
    # "Session 25: regressions of one problem"): both made from the clusters by
    # ``with_clusters``, as stats --json makes them once its clusters are back.
    newest = max((r for r in known_releases if r[1] <= today),
                 key=lambda r: (version_key(r[0]), r[1]), default=None)  # as regressions
    weighed_from = newest[1] if newest else None
    explained = problems_of(pool or chosen, (), weighed_from)
    if earlier:  # those before the window a known issue explains too, as ``pool``'s
        explained.update(problems_of(as_linked(list(earlier), every_link, closed), (),
                                     weighed_from))
    view = Overview(today, weeks, tuple(chosen) if counted is None else counted.facts,
                    stats, tuple(hot_topics(stats)) if counted is None else counted.hot,
                    (), (), tuple(known_releases), since=since,
                    regressions_said=regressions_said([*earlier, *chosen], known_releases,
                                                      today),
                    feed_old=feed_old, earlier=earlier,
                    _explained=explained,
                    _weighed_from=weighed_from)
    return view if looks_later else with_clusters(view, found_clusters)
