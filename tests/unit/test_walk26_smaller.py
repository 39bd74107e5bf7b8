"""Walk26's smaller findings (docs/insight.md, "Session 26: what walk26 counted wrong"):
the stale-feed sentence, a fixed issue's row at 80x24."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len

from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.regressions import feed_old_said, fixed_short
from hdtui.ui.screens.hot_topics import HotTopicsScreen
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact

ROW_80X24 = 74
"""The hot topics list's width at 80x24: a row shows two lines of it."""


def test_the_stale_feed_sentence_reads_as_english() -> None:
    """"reports on versions released since its newest can have reached are counted"."""
    said = feed_old_said(date(2026, 10, 18), TODAY)
    assert said == ("the copy of the release feed is 50 days old (`hdtui releases` fetches "
                    "a new one): reports on the versions that can have been released since "
                    "its newest release are counted")


def test_a_fixed_issues_row_says_its_reports_since_the_fix_within_two_lines() -> None:
    """Walk26 (and walk24 G): #19113's row ended "… · fixed in 7…" at 80x24 though 12 of
    its reports are on 7.7: the fix and the reports since come before the caveats."""
    reports = [fact(n, n, likely=(19113,), product=f"Laptop {n}") for n in range(12)]
    reports += [fact(50 + n, n, likely=(19113,), version="9.9") for n in range(3)]
    stats = overview(reports, [], TODAY, RELEASES).stats[19113]
    assert fixed_short(stats, "7.7") == "fixed in 7.7, 12 reports since"
    assert fixed_short(stats, "7.8") == "fixed in 7.8"
    screen = object.__new__(HotTopicsScreen)
    screen.issues, screen.fixed = {}, {19113: "7.7"}
    row = screen._line(stats).plain
    assert "(3 reports on a version no relea" in row  # a long caveat, cut
    shown = row[:2 * ROW_80X24]
    assert "fixed in 7.7, 12 reports since" in shown and cell_len(shown) <= 2 * ROW_80X24
