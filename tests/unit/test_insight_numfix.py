"""Count defects a second walk of a member's week found on main (walk24b; docs/insight.md,
"Session 24: a report's own day" and what follows it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import dated_by_reports, overview
from hdtui.domain.insight.per_issue import issue_stats
from hdtui.domain.links import IssueLink
from tests.unit.test_insight import fact as insight_fact

TODAY = date(2026, 12, 7)
NOTE_DAY = date(2026, 12, 4)
RELEASES = [("7.6.2", date(2026, 10, 20)), ("7.7", date(2026, 11, 10))]


def fact(n: int, day: date, **kw: object) -> ReportFacts:
    """``test_insight.fact`` received on ``day``, on 7.7 unless told."""
    return replace(insight_fact(n, 0, **{"version": "7.7", **kw}), received=day)


# -- item 1: a member's note dates only the reports the mailbox does not hold -------------

SOUND_DAYS = [date(2026, 11, 11), date(2026, 11, 14), date(2026, 11, 20), date(2026, 11, 25),
              date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 5), date(2026, 12, 6)]


def _sound() -> list[ReportFacts]:
    return [fact(i, day) for i, day in enumerate(SOUND_DAYS)]


def test_held_reports_a_members_note_cites_keep_their_own_days() -> None:
    """Bob's internal note of 12-04 cited 8 sound reports received 11-11 to 12-06 (4 this
    week): all 8 were dated by the note, "8 this week", first seen 12-04."""
    reports = _sound()
    links = [IssueLink(17759, f.reference, NOTE_DAY) for f in reports]
    stats = issue_stats(reports, links, TODAY)[17759]
    assert stats.this_week == 4
    assert stats.first_seen == date(2026, 11, 11) and stats.last_seen == date(2026, 12, 6)
    assert sum(stats.per_week) == 8 and stats.per_week[-1] == 4
    view = overview(reports, links, TODAY, RELEASES)
    assert view.stats[17759].this_week == 4
    assert view.stats[17759].first_seen == date(2026, 11, 11)
    # Counted from 12-01 on: the four earlier reports are not counted, although the note
    # citing them is dated after that day.
    since = overview(reports, links, TODAY, RELEASES, since=date(2026, 12, 1))
    assert sum(since.stats[17759].per_week) == 4
    assert since.stats[17759].first_seen == date(2026, 12, 1)


def test_only_a_link_to_a_report_not_held_is_dated_by_the_note() -> None:
    reports = _sound()[:1]
    absent = IssueLink(17759, f"wb://{0xabc:032x}", NOTE_DAY)
    held = IssueLink(17759, reports[0].reference, NOTE_DAY)
    assert dated_by_reports([absent, held], reports) == [
        absent, held._replace(received=SOUND_DAYS[0])]
    stats = issue_stats(reports, [absent, held], TODAY)[17759]
    assert stats.this_week == 1 and stats.first_seen == SOUND_DAYS[0]
