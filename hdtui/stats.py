"""Provides ``hdtui stats``: the Help Desk's numbers for cron and a weekly team mail.

``hdtui stats [--json | --markdown] [--since DATE] [--until DATE] [--weeks N]
[--issues FILE.json] [PATH...]``: with PATHs (message files, a Maildir, an mbox, as for
``scan``) the messages are read and decrypted here; without, the configured mailbox's
cache is used (as ``hdtui sync`` leaves it). See docs/insight.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from operator import is_
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hdtui.config import Config
from hdtui.domain.issue import KnownIssue, closed_by
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import SourceItem, is_not_mail
from hdtui.domain.text import clean, one_line
from hdtui.errors import ConfigError, HdtuiError, SourceError, StoreInUse, TrackerError

if TYPE_CHECKING:  # `hdtui` builds this command's parser before it opens the TUI: the
    # numbers' modules load when the command runs (docs/benchmarks.md)
    from hdtui.domain.insight.clusters import Cluster
    from hdtui.domain.insight.facts import ReportFacts
    from hdtui.domain.insight.overview import Clustering, Overview
    from hdtui.domain.insight.per_issue import IssueStats
    from hdtui.domain.releases import Release
    from hdtui.forked import Forked
    from hdtui.releases.feeds import ReleaseFeeds
    from hdtui.report_list_json import ReportList
    from hdtui.wiring import Setup


def _day(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise ConfigError(f"{what} {text!r} is not a date: write it as 2026-11-30.",
                          "Bad date") from e


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``stats`` subcommand's arguments."""
    s = sub.add_parser("stats", help="per-issue counts, new problems (clusters) and "
                                     "regressions, as text, JSON or a Markdown team report")
    s.add_argument("paths", nargs="*", metavar="PATH",
                   help="message files, a Maildir or an mbox (default: the mailbox's cache)")
    form = s.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print one JSON object")
    form.add_argument("--markdown", action="store_true", help="print a Markdown team report")
    s.add_argument("--since", help="count reports received on or after DATE (YYYY-MM-DD)")
    s.add_argument("--until", help="count up to DATE (default: today)")
    s.add_argument("--weeks", type=int, help="weeks of trend (default: as many as hot topics "
                   "shows)")
    s.add_argument("--issues", metavar="FILE.json",
                   help="known issues: a JSON list of GitLab REST issue objects "
                        "(default: the configured [tracker], with the links members made; "
                        "without one, stats refuses unless --demo; an empty list puts every "
                        "report in clusters)")
    s.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                   help="the demo mailbox, key and known issues")
    s.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    s.add_argument("--keymap", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def stats(args: argparse.Namespace) -> int:
    """Compute and print the numbers; 0, 1 when the known issues cannot be loaded (GitLab
    out of reach, nothing cached), or 2 for an unusable PATH, config or date."""
    # No cyclic collection while the facts of every report are decoded and counted: each
    # full pass walked every one of them again (2 s of CPU or so of a warm run at 100,000
    # reports; what they make holds few cycles, and the command ends: docs/insight.md,
    # "Session 14: stats --json at 100,000").
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _stats(args)
    except TrackerError as error:
        # The known issues could not be had (GitLab out of reach, nothing cached): no
        # report is printed, as one counted against no issue would read as a quiet week.
        print(f"hdtui: Known issues not loaded: {clean(error.message).rstrip('. ')}. No "
              "report is made "
              "(--issues FILE.json counts against a file of issues).", file=sys.stderr)
        return 1
    finally:
        if collecting:
            gc.enable()


def _stats(args: argparse.Namespace) -> int:
    from hdtui import cli, wiring
    from hdtui.config_checks import gitlab_settings, uses_gitlab
    from hdtui.domain.insight.counted import latest_day, window_start
    from hdtui.domain.insight.overview import overview
    from hdtui.domain.insight.regressions import feed_old_said, feed_recent
    from hdtui.domain.insight.weeks import WEEKS
    from hdtui.domain.weekly import markdown

    if args.weeks is None:
        args.weeks = WEEKS
    config = cli._config_for(args)
    until = _day(args.until, "--until")
    now = datetime.now(UTC).date()
    if until is not None and until > now + timedelta(days=1):  # a day ahead: time zones
        # Counted silently, every number was "0 this week" (session 23's walk).
        raise ConfigError(f"--until {until.isoformat()} is in the future (today is "
                          f"{now.isoformat()}): no report is dated there. Leave it out to "
                          "count to today.", "Bad date")
    today = until or now
    since = _day(args.since, "--since")
    if since is not None and until is not None and since > until:
        raise ConfigError(f"--since {since.isoformat()} is after --until "
                          f"{until.isoformat()}: no day is in that window.", "Bad option")
    if args.weeks < 1 or args.weeks > 104:
        raise ConfigError("--weeks must be between 1 and 104.", "Bad option")
    asked = args.weeks
    args.weeks = window_weeks(asked, today, since)
    started = time.monotonic()
    if args.demo:
        wiring.tell(wiring.demo_dirs())
    links: list[IssueLink] = []
    unread: list[tuple[list[int], str]] = []
    """Which issues' links were not read from the tracker, and why (said with the
    numbers)."""
    left_out: dict[int, int] = {}
    """Per issue, the links of accounts outside the Help Desk not counted (said)."""
    undated: set[str] = set()
    in_future: set[str] = set()
    releases: list[tuple[str, date]] = []
    fetched: list[date] = []
    """The day the release feed's copy was fetched (none without one)."""
    feed: list[Release] = []
    """The releases of the feed's copy: what says the release that fixed an issue."""
    # The clustering (most of the overview) on the other core, while the counts are made
    # here (docs/insight.md, "Session 14: stats --json at 100,000"); from the cache, it
    # starts on the saved facts as soon as they are decoded ("Session 18").
    ahead = _ClustersAhead(today, args.weeks, since)
    if not (args.demo or args.issues) and not uses_gitlab(config, args.demo) \
            and not config.tracker.file:
        from hdtui.config_checks import no_tracker

        raise no_tracker("stats", cli._config_file(args))
    if not (args.demo or args.issues) and uses_gitlab(config, args.demo):
        gitlab_settings(config)  # a [tracker] that cannot work: a config error (2)
    if args.paths:
        # The links members made counted for PATHs as for the cache; with --issues, that
        # file's issues and no links, as for the cache (docs/insight.md, "Session 20: what
        # stats tells").
        issues, links = cli._issues_and_links(args, config, unread=unread, left_out=left_out)
        facts, undated, in_future = _facts_of_paths(args, config, issues, links)
        releases = _release_dates(wiring.make_release_feeds(config, args.demo), facts,
                                  args.demo, fetched, feed)
    else:
        try:
            facts, issues, links, releases = _facts_of_cache(
                args, config, None if args.demo and not args.until else ahead.start, unread,
                left_out, fetched, feed)
        except BaseException:
            ahead.close()  # no child left clustering for nothing
            raise
    if args.demo and not args.until:
        # The demo's mail is fixed in time: the window ends on its newest readable date (a
        # message dated by its file's time must not move it; docs/insight.md).
        today = latest_day(f for f in facts if f.key not in undated
                           and f.key not in in_future) or today
        args.weeks = window_weeks(asked, today, since)
    start = window_start(today, args.weeks, since)
    for keys, what in ((undated, "without a readable date (Date: or Received:)"),
                       (in_future, "dated more than a day after reaching the mailbox (a "
                                   "date in the future)")):
        if said := file_time_said(keys, what, facts, start, today):
            print(said, file=sys.stderr)
    clustering = ahead.clustering(facts)
    feed_old = bool(fetched) and not feed_recent(fetched[0], today)
    if feed_old:
        print(f"hdtui: {feed_old_said(fetched[0], today)}.", file=sys.stderr)

    def view_of(clustering: Clustering, looks_later: bool = False) -> Overview:
        return overview(facts, links, today, releases, weeks=args.weeks, since=since,
                        iids=[i.iid for i in issues], clustering=clustering,
                        left_out=left_out, feed_old=feed_old,
                        closed=closed_by(issues), looks_later=looks_later)

    titles = {i.iid: i.title for i in issues}
    # Links another member made that no sync read are missing from "linked": said on
    # stderr (a cron mails it) and with the numbers, never a silent 0 (docs/gitlab.md,
    # "Links other members made").
    from hdtui.domain.links import not_read_said

    missed = next((pair for pair in unread if pair[0]), None)
    not_read = not_read_said(*missed) if missed is not None else ""
    if not_read:
        print(f"hdtui: {one_line(not_read)}.", file=sys.stderr)
    states = {i.iid: i.state for i in issues}
    from hdtui.domain.releases import fixed_in

    # The release that fixed each issue, from the feed's copy, as hot topics says it
    # (walk28's defect 5).
    fixed = {i.iid: version for i in issues if (version := fixed_in(i.iid, feed))}
    if args.json:
        _write(_json(view_of, titles, started, clustering, missed, states, fixed),
               sys.stdout)
        return 0
    view = view_of(clustering)
    if args.markdown:
        sys.stdout.write(markdown(view, titles, states=states, fixed=fixed))
        if not_read:  # the issue numbers only: the reason may quote a server
            sys.stdout.write(f"\n{not_read_said(missed[0] if missed else [], '')}.\n")
    else:
        print(text(view, titles, time.monotonic() - started, not_read, states, fixed))
    return 0


def _json(view_of: Callable[[Clustering, bool], Overview], titles: Mapping[int, str],
          started: float, clustering: Clustering | None = None,
          not_read: tuple[list[int], str] | None = None,
          states: Mapping[int, str] | None = None,
          fixed: Mapping[int, str] | None = None) -> Iterator[str]:
    """The JSON object in pieces (``indented_json.object_pieces``): all but the clusters
    written while the child clusters, then the clusters (the same text as
    ``json_text(as_data(view))``, written in two goes)."""
    from hdtui import cli
    from hdtui.domain.insight.overview import with_clusters
    from hdtui.domain.weekly import (
        as_data,
        clustered,
        clusters_data,
        issues_data,
        look_data,
        regressions_data,
        unlisted,
    )
    from hdtui.indented_json import object_pieces
    from hdtui.report_list_json import ReportList

    waiting: list[Callable[[], list[Cluster]]] = []

    def later(chosen: list[ReportFacts], day: date, weeks: int, away: frozenset[str],
              start: date | None) -> Callable[[], list[Cluster]]:
        waiting.append((clustering or _clusters_in_child)(chosen, day, weeks, away, start))
        return list  # none yet: they are written last

    # The weeks worth a look and the regressions wait for the clusters (``with_clusters``):
    # made once, not first without them and then again.
    view = view_of(later, True)
    # While the child clusters, the issues' lists of reports are written ahead, each
    # entry at its indent; the issues are written once the clusters are back, a possible
    # report a cluster holds being the cluster's (``with_clusters``): those lists are
    # joined then, and only the possible ones that lost a report written again
    # (docs/insight.md, "Session 28: a possible report listed once").
    ahead = _WrittenAhead(_ISSUE_LIST_NEWLINE) if waiting else ReportList
    parts = {key: cli.json_text(value, 1) if not (waiting and key == "issues") else ""
             for key, value in as_data(view, titles, clusters_later=bool(waiting),
                                       reports=ahead, states=states,
                                       fixed=fixed).items()}
    if waiting:
        # Still while the child clusters: the reports no issue lists, each one's entry
        # written at the indent of the object's values; once the clusters are back, those
        # they hold are left out, the rest joined (docs/insight.md, "Session 18: stats
        # --json at 100,000").
        alone = ReportList(unlisted(view), ahead=_VALUE_NEWLINE, marked=True)
        view.report("")  # its index of reports by key made now too (``clusters_data``)
        view = with_clusters(view, waiting[0]())
        parts["issues"] = cli.json_text(issues_data(view, titles, ahead, states, fixed),
                                        1)
        parts["clusters"] = cli.json_text(clusters_data(view, ReportList), 1)
        parts["regressions"] = cli.json_text(regressions_data(view, ReportList), 1)
        parts["worth_a_look"] = cli.json_text(look_data(view), 1)
        parts["unclustered"] = cli.json_text(alone.without(clustered(view)), 1)
    # null when every issue's links were read; else which were not, and why.
    parts["links_not_read"] = cli.json_text(
        None if not_read is None else {"issues": not_read[0], "why": not_read[1]}, 1)
    parts["seconds"] = cli.json_text(round(time.monotonic() - started, 3), 1)
    return object_pieces(parts)


WRITTEN_AT_ONCE = 1 << 20
"""The most characters of the output handed to the stream in one write."""


def _write(pieces: Iterable[str], out: TextIO) -> None:
    """``print`` of the text ``pieces`` make, a piece at a time and a long one in slices of
    ``WRITTEN_AT_ONCE``: the stream encodes what it is given whole, so the 24 MB of
    ``stats --json`` at 100,000 joined and then encoded were two copies more at the
    command's peak (docs/benchmarks.md, "Session 25: stats --json's peak at 100,000")."""
    for piece in pieces:
        for at in range(0, len(piece), WRITTEN_AT_ONCE):
            out.write(piece[at:at + WRITTEN_AT_ONCE])
    out.write("\n")


_VALUE_NEWLINE = "\n  "
"""A line break and the indent of the JSON object's values (``json_text(value, 1)``)."""
_ISSUE_LIST_NEWLINE = "\n      "
"""A line break and the indent of the values of an issue's object (``issues_data``), the
lists of reports among them."""


class _WrittenAhead:
    """``ReportList`` of each list of reports asked, its entries written when asked
    (``ahead``: at ``newline``), kept by the very sequence it lists: the same sequence
    asked again is the same list, only joined when the text is made (``hdtui stats
    --json`` asks for the issues' lists while the child clusters, and again once the
    clusters are back)."""

    __slots__ = ("_made", "_newline")

    def __init__(self, newline: str) -> None:
        self._newline = newline
        self._made: dict[int, tuple[Sequence[ReportFacts], ReportList]] = {}

    def __call__(self, facts: Sequence[ReportFacts], *, marked: bool = False) -> ReportList:
        from hdtui.report_list_json import ReportList

        known = self._made.get(id(facts))
        if known is not None and known[0] is facts:
            return known[1]
        made = ReportList(facts, ahead=self._newline, marked=marked)
        self._made[id(facts)] = (facts, made)  # kept: its id names no other sequence
        return made


def _clusters_in_child(facts: list[ReportFacts], today: date, weeks: int,
                       away: frozenset[str] = frozenset(), start: date | None = None
                       ) -> Callable[[], list[Cluster]]:
    """``clusters`` started in a forked child (``hdtui.forked``): how to wait for them."""
    from hdtui.domain.insight.clusters import clusters
    from hdtui.forked import Forked

    return Forked(partial(clusters, facts, today, weeks, away, start)).result


def window_weeks(weeks: int, today: date, since: date | None) -> int:
    """The weeks of trend a window of ``weeks`` weeks to ``today`` shows from ``since``:
    those that hold one of its days at least, so that no bar stands for days before
    ``since``, counted as none (walk29's defect 3: ``--since 2026-11-12`` drew 8 bars, the
    5 before it flat as if nothing had come in October; docs/cli.md)."""
    if since is None or since > today:
        return weeks
    return max(1, min(weeks, ((today - since).days + 7) // 7))


class _ClustersAhead:
    """The clusters of the saved facts, started in a child (``hdtui.forked``) as soon as
    they are decoded, while the process still waits for the mailbox's listing and then
    reads what changed: used when the facts counted are those very facts (the same
    objects, in the same order: nothing new, gone or stale), else given up and the
    clusters made of the facts counted (docs/insight.md, "Session 18: stats --json at
    100,000")."""

    def __init__(self, today: date, weeks: int, since: date | None) -> None:
        self._window = (today, weeks, since)
        self._saved: list[ReportFacts] | None = None
        self._forked: Forked[tuple[tuple[int, frozenset[int | str], date | None],
                                   list[Cluster]]] | None = None

    def start(self, saved: list[ReportFacts], closed: Mapping[int, date] | None = None
              ) -> None:
        """Cluster ``saved`` (the facts ``Insight.saved_facts`` gives) from now on, a
        report best matching one of the ``closed`` issues (``issue.closed_by``) by the day
        it was closed being that issue's, as ``overview`` takes it."""
        from hdtui.forked import Forked

        self._saved = saved
        self._forked = Forked(partial(_clusters_counted, saved, *self._window, closed))

    def close(self) -> None:
        """Give the clusters up: the child, if any, ended."""
        if self._forked is not None:
            self._forked.close()

    def clustering(self, facts: Sequence[ReportFacts]) -> Clustering:
        """How ``overview`` gets the clusters of ``facts``: from the child started ahead
        when ``facts`` are what it clusters and the window is the same, else from a child
        started when asked."""
        saved, forked = self._saved, self._forked
        if forked is None or saved is None or not forked.in_child:
            return _clusters_in_child  # (no child then, as while an IMAP listing's
            # thread ran: one may be forked now, beside the counting)
        if len(saved) != len(facts) or not all(map(is_, saved, facts)):
            forked.close()  # the mailbox changed since: not these facts' clusters
            return _clusters_in_child
        today, weeks, _ = self._window

        def ahead(chosen: list[ReportFacts], day: date, span: int,
                  away: frozenset[str] = frozenset(), start: date | None = None
                  ) -> Callable[[], list[Cluster]]:
            if (day, span) != (today, weeks):
                forked.close()
                return _clusters_in_child(chosen, day, span, away, start)
            pool = _pool(chosen, start)

            def result() -> list[Cluster]:
                # The child vetted the likely matches without the tracker's links, which
                # can keep a linked report's match likely: its pool must be this one.
                theirs, found = forked.result()
                if theirs == pool and not away:
                    return found
                from hdtui.domain.insight.clusters import clusters

                return clusters(chosen, day, span, away, start)

            return result

        return ahead


def _pool(chosen: Sequence[ReportFacts], start: date | None
          ) -> tuple[int, frozenset[int | str], date | None]:
    """How many reports ``clusters`` is given, the references of those it groups (no
    likely match) as the facts keep them (``facts.reference_token``: no string made of
    each, 85,000 at 100,000 messages), and the window's first day it cuts them to (None:
    not cut)."""
    from hdtui.domain.insight.facts import token_of

    return len(chosen), frozenset(token_of(f) for f in chosen if not f.likely), start


def _clusters_counted(facts: list[ReportFacts], today: date, weeks: int,
                      since: date | None, closed: Mapping[int, date] | None = None
                      ) -> tuple[tuple[int, frozenset[int | str], date | None], list[Cluster]]:
    """The clusters ``overview`` makes of ``facts`` (of the reports it counts, vetted with
    no link known yet, the ``closed`` issues' best matches theirs: ``as_linked``; with
    those before the window when there are, cut to it), and the pool they were made of
    (``_pool``)."""
    from hdtui.domain.insight.clusters import clusters
    from hdtui.domain.insight.counted import counted_in, in_window, window_start
    from hdtui.domain.insight.overview import as_linked
    from hdtui.domain.insight.per_issue import vetted

    # The window's reports and those before it, as ``overview`` selects them
    # (docs/insight.md, "Session 28: numbers of the window" and "a new problem's id
    # whatever the window").
    start = window_start(today, weeks, since)
    history = counted_in(facts, today)
    window = in_window(history, start)
    earlier = [f for f in vetted(history) if f.received is not None
               and f.received < start] if len(window) < len(history) else []
    del history
    chosen = as_linked([*earlier, *vetted(window)], [], closed)
    cut = start if earlier else None
    return _pool(chosen, cut), clusters(chosen, today, weeks, frozenset(), cut)


def _facts_of_paths(args: argparse.Namespace, cfg: Config, issues: list[KnownIssue],
                    links: Sequence[IssueLink] = ()
                    ) -> tuple[list[ReportFacts], set[str], set[str]]:
    """The facts of the messages under the PATHs, the keys of those whose date could not
    be read (dated by their arrival, or undated), and of those dated in the future (dated
    by their arrival: ``parse.believed_date``; the time a Maildir name starts with, else
    the file's time: docs/insight.md), which ``file_time_said`` says
    once the window is known. Files that are not mail (empty,
    binary) are skipped and named on stderr, with their count. Matched as the queue's
    counts are: with the words the issues learnt from the ``links`` (the reports that use
    one are read and matched again once every report's words are known)."""
    from hdtui import cli, wiring
    from hdtui.domain.address import own_addresses
    from hdtui.domain.matching import IssueIndex
    from hdtui.services.insight import facts_of, learnt_by_word, linked_vocabulary
    from hdtui.services.reading import Reader
    from hdtui.sources.local import open_path

    sources = [open_path(Path(p)) for p in args.paths]  # unusable PATH: SourceError, exit 2
    crypto = wiring.demo_crypto() if args.demo else wiring.config_crypto(cfg)
    index = IssueIndex(issues)
    subjects = wiring.system_subjects(wiring.replies_dir_of(cfg))
    facts: list[ReportFacts] = []
    undated: set[str] = set()
    ahead: set[str] = set()
    not_mail: list[str] = []
    read_from: dict[str, tuple[Reader, SourceItem]] = {}
    ours = own_addresses(wiring.own_addresses_of(cfg, args.demo))
    relays = own_addresses((cfg.queue.bugs_list,))
    with wiring.stopping_agent(crypto, args.demo):
        for source in sources:
            reader = Reader(source, crypto, cfg.queue.team_addresses,
                            helpdesk_addresses=cfg.queue.helpdesk_addresses,
                            system_subjects=subjects)
            for item, entry in reader.read_many(source.list(), cfg.gpg.workers):
                if isinstance(entry, SourceError):
                    print(f"hdtui: skipped {clean(item.key)}: {clean(entry.message)}",
                          file=sys.stderr)
                    continue
                where = cli._scan_row(source, item.key, entry)["message"]
                if is_not_mail(entry.message):  # the rule hot topics follows too
                    not_mail.append(where)
                    continue
                # No Date or Received header read: as the parser says (a date equal to the
                # file's time is no sign: IMAP APPEND gives files the INTERNALDATE).
                if entry.message.date is None or entry.message.dated_by_file:
                    undated.add(where)
                elif entry.message.date_ahead is not None:
                    ahead.add(where)  # counted on its arrival (parse.believed_date)
                facts += [replace(f, key=where)
                          for f in facts_of([entry], index, ours, relays)]
                read_from[where] = (reader, item)
        if vocabulary := linked_vocabulary(facts, links):
            # As the queue's counts (Insight.facts): the reports that use a learnt word are
            # matched again with it; a PATH matched without them disagreed with the cache
            # (a report possible for an issue there, standing alone here).
            learnt, learnt_index = learnt_by_word(vocabulary), index.learned(vocabulary)
            for at, f in enumerate(facts):
                if any(word in learnt for word in f.words):
                    reader, item = read_from[f.key]
                    facts[at] = replace(facts_of([reader.read(item)], learnt_index,
                                                 ours, relays)[0], key=f.key)
    if not_mail:
        print(f"hdtui: {len(not_mail)} file{'s' if len(not_mail) > 1 else ''} skipped: not "
              f"mail (empty or binary): {', '.join(map(clean, not_mail))}", file=sys.stderr)
    return facts, undated, ahead


def file_time_said(keys: set[str], what: str, facts: Iterable[ReportFacts], start: date,
                   today: date) -> str:
    """The stderr line about the messages of ``keys`` dated by their arrival (``what``
    they are: without a readable date, dated in the future), saying only what happened:
    counted in the window from ``start`` to ``today``, or outside it and not counted
    (walk28's defect 11: "counted on the file's time" of a file whose time fell after
    ``--until``); "" when ``keys`` is empty."""
    from hdtui.domain.insight.counted import COUNTED_KINDS

    if not keys:
        return ""
    inside = outside = 0
    for f in facts:
        if f.key in keys and f.kind in COUNTED_KINDS:
            if f.received is None or start <= f.received <= today:
                inside += 1
            else:
                outside += 1
    span = f"the window, {start.isoformat()} to {today.isoformat()}"
    many = len(keys)
    said = [f"{inside} counted in {span}"] if inside else []
    if outside:
        said.append(f"{outside} outside {span} (not counted)")
    if many - inside - outside:
        said.append(f"{many - inside - outside} not a user's message (never counted)")
    if len(said) == 1 and many == 1:  # one message: its fate alone
        said = [said[0].removeprefix("1 ").removesuffix(" (never counted)")]
    their, them = ("their", "them") if many > 1 else ("its", "it")
    return (f"hdtui: {many} message{'s' if many > 1 else ''} {what}: dated by {their} "
            "arrival (the time a Maildir name starts with, else the file's time), "
            f"{', '.join(said)}; the window's end is never taken from {them}.")


def _facts_of_cache(args: argparse.Namespace, cfg: Config,
                    decoded: Callable[[list[ReportFacts], Mapping[int, date]], None]
                    | None = None,
                    unread: list[tuple[list[int], str]] | None = None,
                    left_out: dict[int, int] | None = None,
                    fetched: list[date] | None = None,
                    feed: list[Release] | None = None
                    ) -> tuple[list[ReportFacts], list[KnownIssue], list[IssueLink],
                               list[tuple[str, date]]]:
    """The facts of the mailbox's cache, its issues, links and releases; ``decoded`` is
    given the saved facts once they are decoded (before the mailbox's delta is known);
    ``unread`` gets which issues' links were not read, and why; ``left_out`` the links
    of outside accounts not counted; ``fetched`` the day the feed's copy was fetched."""
    from hdtui import wiring
    from hdtui.store import owner_of

    # The lock looked at first: a build that fails on it has made the tracker, the crypto
    # and the source already (never closed), and the snapshot's build made them again.
    in_use = owner_of(wiring.store_path(cfg, args.demo))
    if in_use is None:
        try:
            setup = wiring.build(cfg, args.demo, read_only=True)
        except StoreInUse as e:  # taken since the look: rare
            in_use = e
        else:
            return _counted_from(setup, args, cfg, decoded, unread, left_out, fetched,
                                 feed)
    with snapshot_of_store(cfg, args.demo, in_use) as at:
        setup = wiring.build(cfg, args.demo, read_only=True, store_at=at)
        return _counted_from(setup, args, cfg, decoded, unread, left_out, fetched,
                                 feed)


@contextlib.contextmanager
def snapshot_of_store(cfg: Config, demo: bool, in_use: StoreInUse,
                      doing: str = "counting") -> Iterator[Path]:
    """A snapshot of the store another hdtui holds (``store.snapshot``), in a private
    directory beside it, removed at the end: a TUI open on the machine must not break a
    weekly cron (stats) or a login's follow-ups (``hdtui followups``, ``doing`` "reading"),
    and its store is never written (docs/store.md, "Reading a store in use")."""
    from hdtui import wiring
    from hdtui.store import copy_private, snapshot

    path = wiring.store_path(cfg, demo)
    print(f"hdtui: another hdtui (pid {one_line(in_use.owner)}) is using the store "
          f"{one_line(in_use.store)}: {doing} a snapshot of it (the store is not written).",
          file=sys.stderr)
    # The copy holds the decrypted cache: a cron's `timeout` (SIGTERM) or a closed
    # terminal (SIGHUP) ends the run through the ``finally`` that removes it, not at once;
    # a SIGKILL's leftover is removed by the store's next owner, as the directory names
    # this process (docs/store.md, "Reading a store in use").
    with _removed_even_if_terminated(path.parent) as directory:
        index = path.with_name(wiring.INDEX_FILE)
        with contextlib.suppress(FileNotFoundError):
            copy_private(index, directory / index.name)  # the known issues' index
        yield snapshot(path, directory)


@contextlib.contextmanager
def _removed_even_if_terminated(parent: Path) -> Iterator[Path]:
    """A snapshot directory in ``parent`` (``store.snapshot_directory``), removed at the
    end of the block even when SIGTERM or SIGHUP ends the run: while it exists, those
    signals raise SystemExit (status 128 + the signal's number: ``hdtui.hangup``, as for
    the TUI before its event loop); while it is being made or removed they wait
    (``hangup.held``), then end the run once it is whole or gone. The handlers before are
    restored after."""
    from hdtui.hangup import ending_on_hang_up, held
    from hdtui.store import snapshot_directory

    with ending_on_hang_up():
        directory: Path | None = None
        try:
            with held():
                directory = snapshot_directory(parent)
            yield directory
        finally:
            with held():
                if directory is not None:
                    shutil.rmtree(directory, ignore_errors=True)


def _counted_from(setup: Setup, args: argparse.Namespace, cfg: Config,
                  decoded: Callable[[list[ReportFacts], Mapping[int, date]], None] | None,
                  unread: list[tuple[list[int], str]] | None = None,
                  left_out: dict[int, int] | None = None,
                  fetched: list[date] | None = None,
                  feed: list[Release] | None = None
                  ) -> tuple[list[ReportFacts], list[KnownIssue], list[IssueLink],
                             list[tuple[str, date]]]:
    from hdtui import cli, wiring

    # Counted here, in one interpreter, as before the TUI counted in processes of their
    # own: no other thread runs while the clusters are made in a forked child.
    setup.triage.far_counter = None
    wiring.tell(setup.store.notices)
    try:
        insight = setup.insight
        assert insight is not None  # build() always makes one
        # The cache, and what is new since (read-only); the saved facts decoded here while
        # a Maildir is listed in a child (docs/insight.md, "Session 15: stats --json at
        # 100,000").
        def beside() -> None:
            insight.load_saved()
            if decoded is not None:  # the closed issues of the cache (not --issues: the
                # pools then differ, and the clusters are made of what is counted)
                decoded(insight.saved_facts(), {} if args.issues else
                        closed_by(setup.triage.known_issues().issues))

        setup.triage.inbox(beside=beside)
        if args.issues:
            issues, _ = cli._issues_and_links(args, cfg, links=False)
            setup.triage.use_known_issues(issues)
        else:
            issues = list(setup.triage.known_issues().issues)
            if setup.triage.issues_missing:  # never a report counted against no issues
                raise TrackerError(setup.triage.issues_missing, "Known issues not loaded")
            cli.read_owed_links(setup.tracker)  # listed on an empty cache: notes now
        links = [] if args.issues or setup.tracker is None else setup.tracker.links()
        if unread is not None and not args.issues and setup.tracker is not None:
            unread.append(setup.tracker.links_not_read())
        if left_out is not None and not args.issues and setup.tracker is not None:
            left_out.update(setup.tracker.links_left_out())
        facts = insight.facts()
        return facts, issues, links, _release_dates(setup.releases, facts, args.demo,
                                                    fetched, feed)
    finally:
        setup.close()


def _release_dates(feeds: ReleaseFeeds, facts: Sequence[ReportFacts],
                   demo: bool, fetched: list[date] | None = None,
                   feed: list[Release] | None = None) -> list[tuple[str, date]]:
    """Releases dated by the feeds' saved copy, for the cache and for PATHs alike; with
    ``--demo`` and no copy yet, by the bundled snapshot the TUI would fetch (so stats and
    hot topics agree); with neither, by the reports, which stderr says (docs/insight.md,
    "Session 17: stats and the feed"). ``fetched`` gets the day the copy listing releases
    was fetched (``feed_recent``), ``feed`` its releases (``fixed_of``)."""
    from hdtui.domain.releases import FeedResult, ReleaseState
    from hdtui.services.insight import dated_releases

    try:
        result = feeds.cached()
    except HdtuiError:
        result = FeedResult(ReleaseState())
    if not result.state.releases and demo:
        result = feeds.snapshot()  # read, not saved: stats is read-only
    state = result.state
    if fetched is not None and state.releases and result.news_fetched is not None:
        fetched.append(result.news_fetched)
    if feed is not None:
        feed += state.releases
    if not state.releases:
        print("hdtui: no copy of the release feeds (`hdtui releases` fetches one): releases "
              "were dated from the reports.", file=sys.stderr)
    return dated_releases(facts, state)


def text(view: Overview, titles: Mapping[int, str], seconds: float,
         not_read: str = "", states: Mapping[int, str] | None = None,
         fixed: Mapping[int, str] | None = None) -> str:
    """The numbers as plain lines for a terminal (``not_read``: which issues' links were
    not read, said under the heading); an issue not open says its state before its title
    (``states``), which the title's cut never hides; one a release fixed, that release
    (``fixed``)."""
    from hdtui.domain.insight.regressions import fixed_said
    from hdtui.domain.weekly import (
        POSSIBLE_ONLY,
        alone_said,
        before_said,
        closed_said,
        cut_said,
        earlier_said,
        likely_before,
        mostly_plain,
        since_note,
        sparkline,
        unclustered,
        why_together,
        window_said,
    )

    # Every number of the window, and the heading says which (walk28's defect 1).
    lines = [f"{window_said(view)}{since_note(view)}"]
    if not_read:
        lines.append(clean(one_line(not_read, 300)))
    counted = [s for s in view.hot if sum(s.per_week) or s.confirmed]
    possible_only = [s for s in view.hot if not (sum(s.per_week) or s.confirmed)]
    before = likely_before(view)

    def issue_line(s: IssueStats) -> str:
        # The hot topics' and the weekly's words, with the weeks (IssueStats.flag_said)
        flag = f"reached the threshold: {s.flag_said}  " if s.flagged else ""
        flag += f"worth a look: {s.look_said}  " if s.look_weeks else ""
        possible = f", {len(s.possible)} possible" if s.possible else ""
        possible += before_said(before.get(s.iid, 0)) if s in possible_only else ""
        fix = f", {fixed_said(s, fixed[s.iid])}" if fixed and s.iid in fixed else ""
        return clean(f"#{s.iid:<6} {sparkline(s.per_week)}  {s.label}{possible}{fix}  "
                     f"{flag}{closed_said((states or {}).get(s.iid)).upper()}"
                     f"{titles.get(s.iid, '')[:60]}")

    lines += map(issue_line, counted[:15])
    if len(counted) > 15:  # after those counted, as the JSON lists them
        lines.append(f"and {cut_said(len(counted) - 15)} (--json lists them all)")
    # An issue only possible reports match is listed after those counted (walk27), under
    # a line of its own (walk28's defect 8).
    if possible_only:
        lines.append(f"{POSSIBLE_ONLY}:")
    lines += map(issue_line, possible_only[:15])
    if len(possible_only) > 15:  # said, not cut silently (review27c)
        lines.append(f"and {len(possible_only) - 15} more issues with possible reports only "
                     "(--json lists them all)")
    for c in view.clusters[:15]:
        # Grouped by words alone: no signal, and the label says so, as the JSON's does
        # (the words themselves are the users': never printed here, and it says where).
        why = "; ".join(c.signals)[:90] or why_together(c)
        flag = "  reached the threshold" if c.flagged else ""
        many = "" if len(c.reports) == 1 else "s"
        lines.append(clean(f"{c.id}  {sparkline(c.per_week)}  {len(c.reports)} report{many}"
                           f"{mostly_plain(view, c.reports)}, {c.per_week[-1]} this week"
                           f"{earlier_said(c)}{flag}: {why}"))
    if len(view.clusters) > 15:
        lines.append(f"and {len(view.clusters) - 15} more new problems (--json lists them all)")
    if alone := unclustered(view):  # the undecryptable ones apart, as the Markdown's
        lines.append(alone_said(alone, view.releases, not view.feed_old, view.today))
    for r in view.regressions:
        lines.append(clean(f"regression: {r.explanation}"))
    if view.regressions_said and not view.regressions:
        lines.append(f"regressions: {view.regressions_said}")
    lines.append(f"({seconds:.2f} s)")
    return "\n".join(lines)
