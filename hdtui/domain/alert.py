"""Provides XMPP alerts, pure: the alert text and where a configured address points.

A team's ``xmpp`` setting is a JID for a direct message (``ft@example.org``) or a room
written as an XMPP URI, ``xmpp:room@conference.example.org?join`` (XEP-0147);
``xmpp:ft@example.org?message`` is a direct message too. A bare JID may still be a room:
the notifier then asks the server (service discovery).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hdtui.domain.address import CONTROL_RE
from hdtui.domain.insight.weeks import WEEKS
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount

_JID_RE = re.compile(r"[^@/\s\"&'<>:]+@[A-Za-z0-9.-]+\.?[A-Za-z0-9-]*")
_URL_RE = re.compile(r"https?://[^\s<>\"]+")
_FULLWIDTH_AT = "\uff20"
"""＠: what an ``@`` of an issue title becomes in an alert, so that it mentions nobody."""
TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class XmppTarget:
    """Where an alert goes."""

    jid: str
    """The bare JID of the person or the room."""
    room: bool | None
    """True for a room, False for a person, None when the server must be asked."""


def parse_xmpp_target(text: str) -> XmppTarget:
    """Read a configured XMPP address; ValueError naming the problem if it is not one."""
    value = text.strip()
    room: bool | None = None
    if value.lower().startswith("xmpp:"):
        value, _, query = value[5:].partition("?")
        action = query.split(";", 1)[0].lower()
        if action == "join":
            room = True
        elif action in ("message", ""):
            room = False if action else None
        else:
            raise ValueError(f"XMPP URI action {action!r} is not ?join or ?message.")
    value = value.split("/", 1)[0]
    if not _JID_RE.fullmatch(value):
        raise ValueError(f"{text!r} is not an XMPP address (name@server, or "
                         "xmpp:room@conference.server?join for a room).")
    return XmppTarget(value.lower(), room)


def _one_line(text: str) -> str:
    return " ".join(CONTROL_RE.sub(" ", text).split())


def issue_alert(issue: KnownIssue, count: ReportCount | None, weak_for: str = "") -> str:
    """The alert about ``issue`` with its counts (none known: 0), as ``alert_text``.
    ``weak_for``: the report (its ID) the alert was asked from, of which ``issue`` is only
    the best match, not a confident one: the alert says so, for the team must not take a
    guess for the Help Desk's finding (walk29's defect 1; docs/insight.md, "Alerts")."""
    total, week = (count.total, count.this_week) if count is not None else (0, 0)
    text = alert_text(issue.ref, issue.web_url, issue.title, total, week,
                      count.likely if count is not None else None,
                      confidential=issue.confidential,
                      counting=count is not None and count.counting,
                      failed=count is not None and count.failed)
    if not weak_for:
        return text
    line, newline, link = text.partition("\n")
    said = (f" (Best match, not confident, for report {_one_line(weak_for)}: it may be "
            "another problem.)")
    return line + said + newline + link


ID_MAX = 20
"""Report IDs an alert lists at most; more are counted ("and 3 more")."""
SHARED_MAX = 3
"""Versions, and pieces of hardware, an alert names at most: the most frequent."""


def _ids(ids: Sequence[str]) -> str:
    shown = [_one_line(i) for i in ids if i.strip()][:ID_MAX]
    if not shown:
        return ""
    more = len([i for i in ids if i.strip()]) - len(shown)
    return f" Report IDs: {', '.join(shown)}{f' and {more} more' if more else ''}."


def _top(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{_one_line(name)} ({count})" for name, count in pairs[:SHARED_MAX])


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def cluster_alert(cluster_id: str, signals: Sequence[str], per_week: Sequence[int],
                  today: date, versions: Sequence[tuple[str, int]],
                  hardware: Sequence[tuple[str, int]], report_ids: Sequence[str],
                  flagged: bool) -> str:
    """The alert about a new problem (a hot-topics cluster, no known issue yet): its ID,
    its reports in the weeks counted (``per_week``, oldest first, the last one the 7 days
    to ``today``) and the days they cover, what the reports share (``signals`` as an issue
    draft says them: chips, apps, a journal error's program, never a user's words), the
    versions and hardware most of them run, and their report IDs (docs/insight.md,
    "Alerts")."""
    weeks = len(per_week)
    start = today - timedelta(days=7 * weeks - 1)
    total, week = sum(per_week), per_week[-1] if per_week else 0
    shared = "; ".join(_one_line(s) for s in signals if s.strip())
    line = (f"Help Desk alert: new problem {_one_line(cluster_id)}, no known issue yet"
            f"{' (reached the threshold: 2 or more reports in a week)' if flagged else ''}: "
            f"{_many(total, 'report')} in the last {_many(weeks, 'week')} "
            f"({start.isoformat()} to {today.isoformat()}), {week} this week.")
    if shared:
        line += f" They share: {shared}."
    if versions:
        line += f" Tails versions: {_top(versions)}."
    if hardware:
        line += f" Hardware: {_top(hardware)}."
    return (line + _ids(report_ids)).replace("@", _FULLWIDTH_AT)


def regression_alert(group: str, version: str, count_new: int, days_new: int,
                     count_before: int, weeks_before: int, about: Sequence[str],
                     report_ids: Sequence[str]) -> str:
    """The alert about a regression: what rose (``group``: a piece of hardware, a
    machine, an issue), on which release, its reports since the release against those on
    earlier versions, what most of them share (``Regression.about``: the lexicon's
    concepts, words of the project's fixed vocabulary that the users said too, and journal
    programs; never a word the lexicon lacks) and their report IDs (docs/insight.md,
    "Alerts")."""
    line = (f"Help Desk alert: regression on Tails {_one_line(version)}, "
            f"{_one_line(group)}: {_many(count_new, 'report')} on {_one_line(version)} in "
            f"the {_many(days_new, 'day')} since its release, {count_before} on earlier "
            f"versions in the {_many(weeks_before, 'week')} before and since.")
    if about:
        line += f" Most of them {' and '.join(_one_line(a) for a in about)}."
    return (line + _ids(report_ids)).replace("@", _FULLWIDTH_AT)


def alert_text(issue_ref: str, url: str, title: str, count: int, week_count: int,
               likely: int | None = None, *, confidential: bool = False,
               counting: bool = False, failed: bool = False) -> str:
    """The alert a team gets: the issue, how many reports in all and this week (linked,
    and likely when counted: docs/insight.md), the link. Counted numbers (``likely``
    given) are the known-issues pane's, of the last ``WEEKS`` weeks, as hot topics counts
    them, and the alert says that span ("in the last 8 weeks"; fix28a: it said "so far" of
    the whole mailbox's count); the tracker's links alone are "so far". A
    ``confidential`` issue is named by its reference alone, "(confidential)": a team's
    room may hold people who are not members of the project, who may not read its title
    (docs/gitlab.md).
    ``counting``: the queue's reports are still being counted, and the alert says its
    numbers are of those counted so far (the same numbers as the known-issues pane);
    ``failed``: the count stopped on a failure, and the alert says the numbers are of part
    of the mailbox."""
    # A title may hold a report's words: one line (no forged second line), and no "@" that
    # a chat client or a bridged room (Matrix, IRC) would take for a mention (@room, @all).
    title = _one_line(title).replace("@", _FULLWIDTH_AT)
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    named = "(confidential)" if confidential else f"\"{title}\""
    reports = "1 report" if count == 1 else f"{count} reports"
    span = "so far"
    if likely is not None:
        noun = "report" if count + likely == 1 else "reports"
        reports = f"{count} linked and {likely} likely {noun}"
        span = f"in the last {WEEKS} weeks"
    week = "1 this week" if week_count == 1 else f"{week_count} this week"
    line = f"Help Desk alert: {_one_line(issue_ref)} {named}: {reports} {span}, {week}."
    if counting:
        line += " (Still counting our mailbox: more may follow.)"
    elif failed:
        line += " (Only part of our mailbox is counted: more may follow.)"
    link = _URL_RE.fullmatch(url.strip())
    return f"{line}\n{link.group(0)}" if link else line


def clean_alert(text: str) -> str:
    """Alert text fit for XML: no control characters but tab and newline."""
    return CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
