"""Provides the team report: an Overview as Markdown a team can paste, and as plain data
for ``hdtui stats --json``. Report IDs only, never personal data; text that came from
reports or GitLab is made inert (docs/gitlab.md), since the report is often pasted there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from hdtui.domain.insight import RULES_VERSION
from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.counted import window_start
from hdtui.domain.insight.facts import (
    UNREAD_KIND,
    ByReference,
    ReportFacts,
    newest_first_sorted,
    reference_token,
    token_of,
)
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.per_issue import IssueStats, mostly_unencrypted_said
from hdtui.domain.insight.regressions import (
    UNKNOWN_VERSION,
    beyond_releases,
    fixed_said,
    known_version,
    since_fixed,
)
from hdtui.domain.insight.weeks import week_starts
from hdtui.domain.markdown import code_span, inline
from hdtui.domain.signal_text import draft_signal, draft_signals

SPARK = "▁▂▃▄▅▆▇█"
WORDS_STAY = ("the users' words stay in hdtui (personal data): its hot topics (H) show "
              "them")
"""Said with a cluster grouped by words alone, wherever its label leaves the machine
(text, Markdown, JSON): the report names no word, and this says where they are."""


def why_together(c: Cluster) -> str:
    """A cluster's signals, or for words alone its label and `WORDS_STAY`."""
    return "; ".join(c.signals) or f"{c.label}; {WORDS_STAY}"


def sparkline(counts: tuple[int, ...]) -> str:
    """Weekly counts drawn as block characters, oldest first."""
    top = max(counts, default=0)
    if top == 0:
        return SPARK[0] * len(counts)
    return "".join(SPARK[round(n / top * (len(SPARK) - 1))] for n in counts)


def _report(f: ReportFacts) -> dict[str, Any]:
    return {"message": f.key, "report_id": f.report_id or None, "reference": f.reference,
            "received": f.received.isoformat() if f.received else None,
            "version": f.version or None}


def report_dicts(facts: Iterable[ReportFacts], marked: bool = False
                 ) -> list[dict[str, Any]]:
    """A list of report entries (``message``, ``report_id``, ``reference``, ``received``,
    ``version``), one per report, as ``as_data`` gives them by default; ``marked``: each
    also says ``undecrypted`` (the ``unclustered`` list's: a message that could not be
    decrypted stands alone because what it reports is unknown, walk28's defect 6)."""
    if marked:
        return [{**_report(f), "undecrypted": f.kind == UNREAD_KIND} for f in facts]
    return [_report(f) for f in facts]


class Reports(Protocol):
    """How ``as_data`` gives a list of reports: ``report_dicts``, or a value standing for
    that list that writes its own JSON text (``hdtui stats --json``: docs/insight.md,
    "Session 18: stats --json at 100,000")."""

    def __call__(self, facts: Sequence[ReportFacts], *, marked: bool = False) -> Any: ...


def undecrypted(view: Overview) -> int:
    """How many of the window's counted messages could not be decrypted."""
    return sum(1 for f in view.facts if f.kind == UNREAD_KIND)


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def window_span(view: Overview) -> str:
    """How long the window is: ``8 weeks``, or, when ``--since`` starts it later than its
    first week, its days (``15 days``): a 15-day window was said "in 8 weeks" (fix28a;
    docs/insight.md, "Session 28: numbers of the window")."""
    start = window_start(view.today, view.weeks, view.since)
    if start == week_starts(view.today, view.weeks)[0]:
        return _many(view.weeks, "week")
    return _many((view.today - start).days + 1, "day")


def window_said(view: Overview) -> str:
    """What the numbers cover: ``10 messages counted in 1 week, 2026-11-20 to
    2026-11-26``, and how many counted messages came before it and count in none of them
    (the regressions look further back and say their own span): every number is of the
    window (walk28's defect 1; docs/insight.md, "Session 28: numbers of the window")."""
    start = window_start(view.today, view.weeks, view.since)
    said = (f"{_many(len(view.facts), 'message')} counted in {window_span(view)}, "
            f"{start.isoformat()} to {view.today.isoformat()}")
    if view.earlier:
        said += (f" ({len(view.earlier)} earlier not counted: every number is of these "
                 "days but the regressions', which say their own span)")
    return said


def likely_before(view: Overview) -> Counter[int]:
    """Per issue, its likely reports before the window (``Overview.earlier``): an issue
    only possible reports match in the window says them, not counted here (walk28)."""
    return Counter(f.likely[0] for f in view.earlier if f.likely)


def before_said(count: int) -> str:
    """``; 4 likely before these weeks (not counted here)``, or ""."""
    return f"; {count} likely before these weeks (not counted here)" if count else ""


def earlier_said(c: Cluster) -> str:
    """What a cluster says of its reports before the window, as an issue does
    (``before_said``): ``; 3 before these weeks (not counted here)``, one report in the
    window ``; the same as its 3 earlier reports, before these weeks (not counted here)``
    (it shares with them what its signals say); else "" (docs/insight.md, "Session 28: a
    cluster's reports before the window")."""
    count = len(c.earlier)
    if not count:
        return ""
    if len(c.reports) == 1:
        return (f"; the same as its {_many(count, 'earlier report')}, before these weeks "
                "(not counted here)")
    return f"; {count} before these weeks (not counted here)"


def _reference(reference: str, by_reference: Mapping[str, ReportFacts]) -> dict[str, Any]:
    known = by_reference.get(reference)
    if known is not None:
        return _report(known)
    report_id = reference.removeprefix("wb://") if reference.startswith("wb://") else None
    return {"message": None, "report_id": report_id, "reference": reference,
            "received": None, "version": None}


def as_data(view: Overview, titles: Mapping[int, str],
            clusters_later: bool = False, reports: Reports = report_dicts,
            states: Mapping[int, str] | None = None,
            fixed: Mapping[int, str] | None = None) -> dict[str, Any]:
    """The overview as one JSON-ready object (see README, ``hdtui stats``); ``states``:
    each issue's state on the tracker ("opened", "closed"; null when not known);
    ``fixed``: the release that fixed each issue fixed (the feed's).
    ``clusters_later``: the clusters are not made yet (``hdtui stats`` makes them in a
    child meanwhile), so ``clusters``, ``unclustered``, ``regressions`` and
    ``worth_a_look`` are left empty for the caller to fill from the view with the
    clusters: without them, every report not in an issue would be unclustered, and a
    hardware group's reports weighed by no cluster (walk26's defect 1).
    ``reports`` makes each list of report entries."""
    return {
        "today": view.today.isoformat(),
        "rules_version": RULES_VERSION,
        "weeks": [d.isoformat() for d in week_starts(view.today, view.weeks)],
        "since": view.since.isoformat() if view.since is not None else None,
        # The window's first day: every count below is of the reports from it to today
        # (walk28's defect 1); those before it, ``earlier``, count in none.
        "from": window_start(view.today, view.weeks, view.since).isoformat(),
        "earlier": len(view.earlier),
        "reports": len(view.facts),
        # Of them, those that could not be decrypted: what they report is unknown (rules
        # v94; docs/insight.md, "Session 27: walkfix27b").
        "undecrypted": undecrypted(view),
        "issues": issues_data(view, titles, reports, states, fixed),
        "clusters": [] if clusters_later else clusters_data(view, reports),
        "unclustered": [] if clusters_later else unclustered_data(view, reports),
        "regressions": [] if clusters_later else regressions_data(view, reports),
        "regressions_said": view.regressions_said,
        "worth_a_look": [] if clusters_later else look_data(view),
        "releases": [{"version": v, "date": d.isoformat()} for v, d in view.releases],
    }


def issues_data(view: Overview, titles: Mapping[int, str], reports: Reports = report_dicts,
                states: Mapping[int, str] | None = None,
                fixed: Mapping[int, str] | None = None) -> list[dict[str, Any]]:
    """The ``issues`` of ``as_data``: one object a hot topic of ``view``. ``hdtui stats
    --json`` writes them once the clusters are back, its lists of reports written ahead
    (a possible report a cluster holds is the cluster's: ``with_clusters``)."""
    by_reference = ByReference(view.facts)  # (by token: no string made of each)
    before = likely_before(view)
    return [{
        "iid": s.iid, "title": titles.get(s.iid, ""),
        "state": (states or {}).get(s.iid),
        "confirmed": [_reference(r, by_reference) for r in s.confirmed],
        "likely": reports(s.likely),
        "possible": reports(s.possible),
        # Lang28 ("Session 28: a possible report listed once"): those a cluster holds,
        # listed with it, counted here by cluster.
        "possible_clustered": dict(s.possible_clustered),
        # Rules v73 (docs/insight.md, "Session 23"): resends not counted, plain ones.
        "resent": reports(s.resent), "unencrypted": s.unencrypted,
        # Rules v74 ("Session 23: counts fair to real members"): linked resends
        # counted as no user, links of outside accounts not counted.
        "linked_resent": reports(s.linked_resent), "left_out": s.left_out,
        # Rules v78 ("Session 24: numbers a member can trust"): reports on a version
        # no release has, and outside links to IDs never received, counted nowhere.
        "unreleased": reports(s.unreleased), "unheld": s.unheld,
        "flagged": s.flagged,
        "flagged_weeks": [d.isoformat() for d in s.flagged_weeks],
        "per_week": list(s.per_week), "this_week": s.this_week,
        "versions": dict(s.versions), "hardware": dict(s.hardware),
        "first_seen": s.first_seen.isoformat() if s.first_seen else None,
        "last_seen": s.last_seen.isoformat() if s.last_seen else None,
        # The release that fixed it (the feed's), and the users on it or later, as hot
        # topics says them (walk28's defect 5).
        "fixed_in": (fixed or {}).get(s.iid),
        "since_fixed": since_fixed(s, (fixed or {})[s.iid]) if s.iid in (fixed or {})
        else 0,
        "likely_before": before.get(s.iid, 0),
    } for s in view.hot]


def regressions_data(view: Overview, reports: Reports = report_dicts
                     ) -> list[dict[str, Any]]:
    """The regressions of ``view``, weighed by its clusters (``overview.with_clusters``)."""
    return [{
        "group": r.group, "version": r.version, "count_new": r.count_new,
        "days_new": r.days_new, "count_before": r.count_before,
        "weeks_before": r.weeks_before, "explanation": r.explanation,
        "unencrypted": r.unencrypted,
        "reports": reports(_known(view, r.reports)),
    } for r in view.regressions]


def look_data(view: Overview) -> list[dict[str, Any]]:
    """The weeks worth a look of the hot topics' issues, in their order (``IssueStats.
    look_weeks``: possible reports in no cluster fill them to the threshold; not flags)."""
    return [{"iid": s.iid, "said": s.look_said,
             "weeks": [{"week": w.start.isoformat(), "linked": w.linked, "likely": w.likely,
                        "possible": w.possible} for w in s.look_weeks]}
            for s in view.hot if s.look_weeks]


def _known(view: Overview, keys: Iterable[str]) -> list[ReportFacts]:
    return [f for f in map(view.report, keys) if f is not None]


def clusters_data(view: Overview, reports: Reports = report_dicts) -> list[dict[str, Any]]:
    """The clusters of ``as_data``."""
    return [{
        # A journal line can hold what masking keeps of a path or a network's name: the
        # teams get its program (docs/insight.md, "Signals that leave the machine").
        "id": c.id, "label": draft_signal(c.label), "signals": list(map(draft_signal, c.signals)),
        "words": "" if c.signals else WORDS_STAY,
        "reports": reports(_known(view, c.reports)),
        "per_week": list(c.per_week), "flagged": c.flagged,
        "flagged_weeks": [d.isoformat() for d in c.flagged_weeks],
        "family": list(c.family),
        "versions": dict(c.versions), "hardware": dict(c.hardware),
        "unencrypted": view.unencrypted(c.reports),
        "before": len(c.earlier),
    } for c in view.clusters]


def unclustered(view: Overview) -> list[ReportFacts]:
    """The counted messages that no issue lists (linked, likely or possible) and no
    cluster holds: reports that stand alone. With them every message of the overview
    appears once in ``hdtui stats --json`` (issue #10; docs/insight.md, "Session 17")."""
    held = clustered(view)
    return [f for f in unlisted(view) if f.key not in held]


def unlisted(view: Overview) -> list[ReportFacts]:
    """The counted messages that no issue lists (linked, likely or possible), newest first:
    those of them no cluster holds are ``unclustered`` (known before the clusters are:
    ``hdtui stats`` writes them while a child clusters, docs/insight.md, "Session 18:
    stats --json at 100,000")."""
    # An issue's resends and follow-ups (the same users again) and its reports on a
    # version no release has are listed with it: not unplaced (walk24's item 9).
    listed = {f.key for s in view.hot for f in (*s.likely, *s.possible, *s.resent,
                                                *s.unreleased)}
    linked = {r for s in view.hot for r in s.confirmed}
    # Newest first, as an issue's lists: the same JSON whatever order the facts came in
    # (the mailbox's listing on a first run, the saved order later).
    linked_tokens = set(map(reference_token, linked))  # (``facts.reference_token``)
    return newest_first_sorted(
        f for f in view.facts if f.key not in listed and token_of(f) not in linked_tokens)


def clustered(view: Overview) -> set[str]:
    """The keys of the reports the clusters hold."""
    return {k for c in view.clusters for k in c.reports}


def alone_said(alone: Sequence[ReportFacts], releases: Sequence[tuple[str, date]],
               recent: bool = True, today: date | None = None) -> str:
    """The sentence under the new problems about the ``unclustered`` messages: how many
    stand alone, and apart those on a version no release has (``beyond_releases``: a
    forged 9.9 is no problem of anyone's), when the feed's copy is ``recent``."""
    # One that could not be decrypted says nothing of its problem: unknown, not "no known
    # issue" (walk27: 2 of the demo's 8; docs/insight.md, "Session 27: walkfix27b").
    unread = sum(1 for f in alone if f.kind == UNREAD_KIND)
    forged = sum(1 for f in alone if f.kind != UNREAD_KIND
                 and f.version and beyond_releases(f.version, releases, recent, today))
    rest = len(alone) - forged - unread
    one = rest == 1
    said = (f"{rest} other message{'' if one else 's'} belong{'s' if one else ''} to no "
            "known issue and no group (each stands alone)") if rest else ""
    if forged:
        apart = (f"{forged} report{'' if forged == 1 else 's'} on a version no release has, "
                 "set apart")
        said = f"{said}; {apart}" if said else apart
    if unread:
        what = "it reports" if unread == 1 else "they report"
        apart = f"{unread} could not be decrypted (what {what} is unknown)"
        said = f"{said}; {apart}" if said else apart
    return said + "."


def unclustered_data(view: Overview, reports: Reports = report_dicts) -> Any:
    """The ``unclustered`` list of ``as_data``: one report entry each."""
    return reports(unclustered(view), marked=True)


def _ids(facts: list[ReportFacts], limit: int = 12) -> str:
    """The report IDs, at most ``limit`` of them, then how many more, and how many counted
    messages have no report ID (support mails): a count of 4 with one ID listed would
    read as a mistake otherwise."""
    with_id = [f.report_id for f in facts if f.report_id]
    shown = [code_span(i) for i in with_id[:limit]]
    parts = [", ".join(shown)] if shown else []
    if len(with_id) > limit:
        parts.append(f"{len(with_id) - limit} more")
    if mails := len(facts) - len(with_id):
        parts.append(f"{mails} support mail{'' if mails == 1 else 's'} without a report ID")
    return " and ".join(parts)


def _breakdown(items: tuple[tuple[str, int], ...], limit: int = 4) -> str:
    return ", ".join(f"{code_span(name)} {n}" for name, n in items[:limit]) or "none"


def closed_said(state: str | None) -> str:
    """How the numbers name an issue that is not open ("closed "; "" for an open issue or
    a state not known): a count of a closed issue's reports is read differently (fixed,
    or a duplicate) and the walk of session 23 found no word of it anywhere."""
    return "" if state in (None, "", "opened") else f"{state} "


def _issue_lines(s: IssueStats, title: str, by_reference: Mapping[str, ReportFacts],
                 state: str | None = None, span: str = "8 weeks", fixed: str | None = None
                 ) -> list[str]:
    reports = [by_reference[r] for r in s.confirmed if r in by_reference] + list(s.likely)
    closed = f"({closed_said(state).strip()}) " if closed_said(state) else ""
    # The possible reports (best matched to the issue, not confident), as the text and hot
    # topics say them: counted apart, listed apart (walkfix27: the Markdown had neither).
    possible = f", {len(s.possible)} possible" if s.possible else ""
    # The total says its span, and the same users' resends and follow-ups the label's
    # "(3 reports, 2 users)" counts are listed (walk28's defects 1 and 4).
    again = list(s.resent)
    return [
        f"- **#{s.iid}** {closed}{inline(title)}: {inline(s.label)}, total "
        f"{s.linked_users + len(s.likely)} in the {span}{possible}"
        + (f", {inline(fixed_said(s, fixed))}" if fixed else "")
        + f", trend {sparkline(s.per_week)}"
        + (f" **reached the threshold** ({s.flag_said})" if s.flagged else "")
        + (f" worth a look ({inline(s.look_said)})" if s.look_weeks else ""),
        f"  - versions: {_breakdown(s.versions)}; hardware: {_breakdown(s.hardware)}",
        f"  - reports: {_ids(reports + again) or 'none read here'}",
        *([f"  - of them the same users again (counted once): {_ids(again)}"]
          if again else []),
        *([f"  - possible, not counted: {_ids(list(s.possible))}"] if s.possible else []),
    ]


def _possible_only_line(s: IssueStats, title: str, state: str | None = None,
                        before: int = 0) -> str:
    """The line of an issue no report is counted for, only possible ones (its best match,
    not confident): said as possible, with their IDs, and its likely reports before the
    window (``before``), not counted here."""
    closed = f"({closed_said(state).strip()}) " if closed_said(state) else ""
    many = len(s.possible)
    return (f"- **#{s.iid}** {closed}{inline(title)}: {many} possible "
            f"report{'' if many == 1 else 's'} (best match, not confident: not counted): "
            f"{_ids(list(s.possible))}"
            f"{before_said(before)}")


def mostly_plain(view: Overview, keys: Sequence[str]) -> str:
    """`` (3 of them unencrypted)`` after a cluster's count when most of its reports came
    unencrypted where encrypted ones come too (docs/insight.md, "Session 23")."""
    return mostly_unencrypted_said(view.unencrypted(keys), len(keys))


def _cluster_lines(c: Cluster, view: Overview) -> list[str]:
    # Signals named as the issue form names them (``signal_text``, light: the JSON's path
    # imports no issue form; docs/insight.md, "Session 18: stats --json at 100,000").
    members = _known(view, c.reports)
    flag = " **reached the threshold**" if c.flagged else ""
    why = ("; ".join(map(code_span, draft_signals(c.signals)))
           or inline(why_together(c)))
    return [
        f"- {code_span(c.id)}: {_many(len(c.reports), 'report')}"
        f"{mostly_plain(view, c.reports)}, "
        f"{c.per_week[-1]} this week, "
        f"trend {sparkline(c.per_week)}{flag}{earlier_said(c)}",
        f"  - why: {why}",
        f"  - versions: {_breakdown(c.versions)}; hardware: {_breakdown(c.hardware)}",
        f"  - reports: {_ids(members)}",
    ]


def since_note(view: Overview) -> str:
    """What the header says of ``--since`` when it cut the weeks: that the weeks before it
    count nothing because nothing before it was counted (else nothing)."""
    if view.since is None or view.since <= week_starts(view.today, view.weeks)[0]:
        return ""
    # The trend's weeks are the window's only (``stats.window_weeks``): the first one
    # holds days before ``since`` unless it starts on it (walk29's defect 3).
    first = week_starts(view.today, view.weeks)[0]
    return (f", only reports from {view.since.isoformat()} on (--since): the trend's first "
            f"week, from {first.isoformat()}, counts from {view.since.isoformat()} only")


POSSIBLE_ONLY = "Issues with possible reports only in these weeks (none counted)"
"""The heading of the list of issues only possible reports match in the window, apart from
those counted (text and Markdown; walk28's defect 8)."""


def cut_said(more: int) -> str:
    """``14 more issues with linked or likely reports in these weeks, not listed here``:
    what the line after a cut list of counted issues refers to (walk28's defect 8: "and 14
    more issues" was followed by 5 issues with none counted)."""
    return (f"{_many(more, 'more issue')} with linked or likely reports in these weeks, not "
            "listed here")


def markdown(view: Overview, titles: Mapping[int, str], limit: int = 10,
             states: Mapping[int, str] | None = None,
             fixed: Mapping[int, str] | None = None) -> str:
    """The weekly report for the teams, as Markdown; an issue not open says its state
    (``states``), one a release fixed says it (``fixed``: the feed's, as hot topics)."""
    starts = week_starts(view.today, view.weeks)
    by_reference = ByReference(view.facts)  # (by token: no string made of each)
    lines = [f"# Help Desk report, week of {starts[-1].isoformat()} to "
             f"{view.today.isoformat()}", "",
             f"{window_said(view)}{since_note(view)}; grouping rules version "
             f"{RULES_VERSION}. Report IDs only: no personal data.", "", "## Top issues", ""]
    counted = [s for s in view.hot if sum(s.per_week)]
    hot = counted[:limit]
    for s in hot:
        lines += _issue_lines(s, titles.get(s.iid, ""), by_reference,
                              (states or {}).get(s.iid), window_span(view),
                              (fixed or {}).get(s.iid))
    if len(counted) > limit:  # said, not cut silently (walk27), and what they are (walk28)
        lines.append(f"- and {cut_said(len(counted) - limit)} (`hdtui stats --json` lists "
                     "them all)")
    if not hot:
        lines.append("No report of a known issue in these weeks.")
    # An issue only possible reports match is listed too, its count said as possible, not
    # counted (walk27: #19110's Surface keyboard report was nowhere; docs/insight.md,
    # "Session 27: walkfix27b"), under a heading of its own (walk28's defect 8).
    possible_only = [s for s in view.hot if s.possible and not sum(s.per_week)]
    if possible_only:
        lines += ["", f"### {POSSIBLE_ONLY}", ""]
    before = likely_before(view)
    for s in possible_only[:limit]:
        lines.append(_possible_only_line(s, titles.get(s.iid, ""), (states or {}).get(s.iid),
                                         before.get(s.iid, 0)))
    if len(possible_only) > limit:  # said, not cut silently (review27c)
        lines.append(f"- and {len(possible_only) - limit} more issues with possible reports "
                     "only (`hdtui stats --json` lists them all)")
    lines += ["", "## New problems (no known issue yet)", ""]
    for c in view.clusters[:limit]:
        lines += _cluster_lines(c, view)
    if len(view.clusters) > limit:
        lines.append(f"- and {len(view.clusters) - limit} more new problems "
                     "(`hdtui stats --json` lists them all)")
    if not view.clusters:
        lines.append("No group of two or more reports without a known issue.")
    if alone := unclustered(view):
        lines += ["", alone_said(alone, view.releases, not view.feed_old, view.today)]
    lines += ["", "## Regressions after a release", ""]
    for r in view.regressions:
        lines.append(f"- {code_span(r.explanation)}")
    if not view.regressions:
        latest = view.releases[-1][0] if view.releases else "the latest release"
        lines.append(f"None flagged on {latest}: {view.regressions_said}."
                     if view.regressions_said else f"None flagged on {latest}.")
    versions: dict[str, int] = {}
    for f in view.facts:
        if f.version:  # a version no release knows (a forged 9.9) apart (rules v74)
            shown = f.version if known_version(f.version, view.releases) else UNKNOWN_VERSION
            versions[shown] = versions.get(shown, 0) + 1
    # The 8 most said, then how many more (they were cut without a word: walk27).
    beyond = f" and {len(versions) - 8} more" if len(versions) > 8 else ""
    lines += ["", "## Versions", "", (", ".join(
        f"{code_span(v)} {n}" for v, n in sorted(versions.items(), key=lambda kv: -kv[1])[:8])
        + beyond) or "none"]
    return "\n".join([*lines, "", *_hardware_lines(view.facts)]) + "\n"


def _hardware_lines(facts: Iterable[ReportFacts], limit: int = 8) -> list[str]:
    """``## Hardware``: the GPUs, Wi-Fi and network chips, wired Ethernet chips
    (``vendor:device``; a chip is wired when its report's lspci called it an Ethernet
    controller, ``ReportFacts.ethernet``) and machine models of the counted messages, each
    with how many messages name it, most first. Each report counts once per chip, whatever
    how often it lists it."""
    gpus: Counter[str] = Counter()
    chips: Counter[str] = Counter()
    wired: Counter[str] = Counter()
    machines: Counter[str] = Counter()
    for f in facts:
        gpus.update(set(f.gpus))
        known_wired = set(f.ethernet or ())
        chips.update(set(f.network) - known_wired)
        wired.update(known_wired)
        if f.product:
            machines[f.product] += 1

    def top(counts: Counter[str]) -> str:
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return ", ".join(f"{code_span(name)} {n}" for name, n in ranked) or "none"

    return ["## Hardware", "", f"- GPUs: {top(gpus)}",
            f"- Wi-Fi and network chips: {top(chips)}",
            *([f"- Ethernet chips: {top(wired)}"] if wired else []),
            f"- Machines: {top(machines)}"]

