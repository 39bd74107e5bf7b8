"""Count defects a second walk of a member's week found on main (walk24b; docs/insight.md,
"Session 24: a report's own day" and what follows it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import dated_by_reports, overview
from hdtui.domain.insight.per_issue import issue_stats
from hdtui.domain.links import IssueLink
from tests.support.insight_over import insight_over
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


# -- item 2: a forged 9.9 a member linked from its pane stays not counted ----------------

def _forged_and_sound() -> tuple[list[ReportFacts], list[ReportFacts]]:
    sound = [fact(20 + i, date(2026, 12, 1 + i), likely=(19113,)) for i in range(4)]
    forged = [fact(30 + i, date(2026, 12, 5), likely=(19113,), version="9.9")
              for i in range(3)]
    return sound, forged


def test_a_linked_report_on_a_version_no_release_has_is_still_not_counted() -> None:
    """walk24b's item 2: after `l` from its pane, a forged 9.9 was counted as a linked
    user ("2 reports on a version no release has, not counted" instead of 3)."""
    from hdtui.domain.insight.per_issue import not_linked_said
    from hdtui.domain.insight.regressions import unreleased

    sound, forged = _forged_and_sound()
    facts = sound + forged
    link = IssueLink(19113, forged[0].reference, TODAY)
    assert unreleased(facts, RELEASES) == {f.reference for f in forged}
    # Linked and matching nothing confidently: still judged (a member linked it).
    alone = [*sound, replace(forged[0], likely=())]
    assert unreleased(alone, RELEASES) == frozenset()
    assert unreleased(alone, RELEASES, linked=[link.reference]) == {forged[0].reference}
    stats = issue_stats(facts, [link], TODAY, unreleased=unreleased(facts, RELEASES))[19113]
    assert stats.confirmed == () and len(stats.likely) == 4 and stats.this_week == 4
    assert len(stats.unreleased) == 3 and stats.unreleased_linked == {forged[0].reference}
    assert stats.label == ("0 linked, 4 likely, 4 this week (3 reports on a version no "
                           "release has, not counted)")
    # The `l` preview does not call the linked one "not linked".
    said = not_linked_said(stats)
    assert said.count("Not linked:") == 2 and forged[0].report_id not in said
    view = overview(facts, [link], TODAY, RELEASES)
    assert view.stats[19113].label == stats.label


class _Tracker:
    def __init__(self, links: list[IssueLink]) -> None:
        self._links = links

    def links(self) -> list[IssueLink]:
        return self._links




def test_the_pane_counts_no_linked_forged_report_and_its_dialog_names_it() -> None:
    """The known-issues pane's count and the link dialog's words (``claims_unreleased``)
    judge with the releases the counts use: the reports' own, here (no feed)."""
    from hdtui.domain.links import ReportCount

    sound, forged = _forged_and_sound()
    history = [fact(40 + i, date(2026, 11, 10 + i), version="7.7") for i in range(4)]
    facts = [replace(f, key=f"INBOX/1/{n}") for n, f in
             enumerate([*sound, *forged, *history])]
    link = IssueLink(19113, facts[4].reference, TODAY)
    insight: object = insight_over(facts, _Tracker([link]))
    counts = insight._with_likely({19113: ReportCount(1, 1)})  # type: ignore[attr-defined]
    assert counts[19113].total == 0 and counts[19113].likely == 4
    assert "3 reports on a version no release has, not counted" in counts[19113].label
    claims = insight.claims_unreleased  # type: ignore[attr-defined]
    assert claims(facts[4].key) == (f"{facts[4].report_id} claims Tails 9.9, which no "
                                    "release has")
    assert claims(facts[0].key) == "" and claims("INBOX/1/none") == ""


# -- item 3: a closed issue's best-matched reports are its, not new problems -------------

def test_closing_an_issue_makes_no_new_problem_of_its_likely_reports() -> None:
    """walk24b's item 3: closing #19126 (6 likely reports, none linked) made the matcher
    ask hard evidence of it, its reports became its best matches only, and they made two
    new clusters. A report whose best match is a closed issue, received by the day it was
    closed, is that issue's."""
    from hdtui.domain.issue import KnownIssue, closed_by
    from hdtui.domain.text import MailText
    from tests.unit.test_insight_new_problems import others, sound

    open_ = sound() + others(30)
    assert any("k0" in c.reports for c in overview(open_, [], TODAY).clusters)
    closed = [replace(f, possible=19126) if f.key in {f"k{i}" for i in range(8)} else f
              for f in open_]
    assert any("k0" in c.reports for c in overview(closed, [], TODAY).clusters)  # before
    issues = [KnownIssue(19126, MailText("No sound"), state="closed",
                         updated_at="2026-12-07T09:30:00Z"),
              KnownIssue(17759, MailText("Open"), updated_at="2026-12-07T09:30:00Z"),
              KnownIssue(1, MailText("Unreadable day"), state="closed", updated_at="soon")]
    assert closed_by(issues) == {19126: TODAY}
    view = overview(closed, [], TODAY, iids=[19126], closed=closed_by(issues))
    assert not {f"k{i}" for i in range(8)} & {k for c in view.clusters for k in c.reports}
    # Only the clusters: the counts are the matcher's (best matches, not likely ones).
    assert len(view.stats[19126].possible) == 8 and view.stats[19126].likely == ()
    # Reports received after the issue was closed are left to the clusters (a regression,
    # another problem), and so are an open issue's best matches.
    long_ago = overview(closed, [], TODAY, closed={19126: date(2026, 11, 1)})
    assert any("k0" in c.reports for c in long_ago.clusters)
    view = overview(closed, [], TODAY, closed={17759: TODAY})
    assert any("k0" in c.reports for c in view.clusters)
