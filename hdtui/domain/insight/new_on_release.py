"""Provides ``new_on``: the release a new problem's cluster is new on, when every one of
its reports came on the newest release and the weeks counted before that release hold
reports of earlier ones (walk24's sound problem: 8 reports on 7.7 across 8 machines,
none of it before; docs/insight.md, "Session 24: new problems a member can trust").

The regressions compare groups of hardware and of known issues, and a new problem's
cluster is neither: its own row says it instead ("new on 7.7, none before")."""

from __future__ import annotations

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.regressions import on_version, version_key

MIN_REPORTS = 2
"""A cluster of fewer reports says nothing of a release."""


def new_on(cluster: Cluster, view: Overview) -> str:
    """The newest release of ``view`` (the last one out by its day) when all the
    cluster's reports run it, those before the window it holds too (``Cluster.earlier``:
    one of them on an earlier release and the problem was there before), and at least as
    many reports of earlier releases came before its day as the cluster holds (had the
    problem been there, some would have said it), the reports before the window counted
    too (``Overview.whole``); else "" (docs/insight.md, "Session 28: a cluster's reports
    before the window")."""
    out = [(day, version) for version, day in view.releases if day <= view.today]
    held = (*cluster.reports, *cluster.earlier)
    if not out or len(held) < MIN_REPORTS:
        return ""
    released, newest = max(out)
    newest_key = version_key(newest)
    for key in held:
        facts = view.report(key)
        if facts is None or not on_version(facts.version, newest):
            return ""
    before = sum(1 for f in view.whole
                 if f.received is not None and f.received < released
                 and (-1,) < version_key(f.version) < newest_key
                 and not on_version(f.version, newest))
    return newest if before >= len(held) else ""


__all__ = ["MIN_REPORTS", "new_on"]
