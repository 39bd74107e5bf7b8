"""What the review of walkfix28a found (fix28a): a new problem's id is the same whatever
the window, ``--since`` keeps the history the regressions compare with and says its span,
the known-issues pane and the alert count the window, and the plural of "could not be
decrypted" (docs/insight.md, "Session 28: numbers of the window" and "Session 28: a new
problem's id whatever the window")."""

from __future__ import annotations

from datetime import timedelta

from hdtui.domain.alert import alert_text
from hdtui.domain.insight.clusters import _cluster_id
from hdtui.domain.insight.facts import UNREAD_KIND
from hdtui.domain.insight.overview import overview
from hdtui.domain.weekly import alone_said, markdown
from hdtui.stats import _clusters_counted, text
from tests.unit.test_insight_forged import TODAY
from tests.unit.test_insight_forged import fact as dated
from tests.unit.test_insight_new_problems import fact, others

PRINTER = "My USB printer is not detected and I cannot print documents."


def _printer(n: int, days_ago: int):  # type: ignore[no-untyped-def]
    return fact(n, days_ago, PRINTER, product=f"Laptop {n}", gpus=("8086:3ea0",))


def test_a_new_problem_has_one_id_whatever_the_window() -> None:
    """The review: `stats --weeks 1` named the demo's sound cluster C-68790c, the 8-week
    outputs C-16e7a0: the id hashed the oldest report of the window. Its reports before
    the window are grouped too, so it keeps the id of its oldest report of all, and counts
    only the window's reports."""
    queue = [_printer(0, 40), _printer(1, 30), _printer(2, 3), _printer(3, 1),
             *others(40, first=100)]
    week = [c for c in overview(queue, [], TODAY, weeks=1).clusters if "k2" in c.reports]
    eight = [c for c in overview(queue, [], TODAY).clusters if "k2" in c.reports]
    assert len(week) == len(eight) == 1
    assert week[0].id == eight[0].id
    # The week's counts are the week's: its two reports, not the four.
    assert set(week[0].reports) == {"k2", "k3"} and sum(week[0].per_week) == 2
    assert set(eight[0].reports) == {"k0", "k1", "k2", "k3"}
    # The id of the oldest of all, k0, 40 days old, outside the week.
    assert week[0].id == _cluster_id(queue[0].reference)
    # stats' child clusters the same: the same ids.
    _, ahead = _clusters_counted(queue, TODAY, 1, None)
    assert [c.id for c in ahead if "k2" in c.reports] == [week[0].id]
    # A cluster whose reports all came before the window is not listed.
    old = [_printer(n, 40 + n) for n in range(4)]
    assert not [c for c in overview([*old, *others(40, first=100)], [], TODAY,
                                    weeks=1).clusters if "k0" in c.reports]


def test_since_keeps_the_history_the_regressions_compare_with() -> None:
    """The review: `stats --since 2026-11-12` said "not enough history before 7.7" and
    JSON `earlier: 0` though 44 messages came before; `--weeks 2` called the regression.
    The reports before ``since`` count in no number but the regressions see them; the
    span said is the window's 15 days, not "8 weeks"."""
    before = [dated(i, 30 + i % 20, version="7.6.2", gpus=("8086:1616",)) for i in range(20)]
    after = [dated(100 + i, i, version="7.7", gpus=("8086:1616",)) for i in range(14)]
    planted = [dated(200 + i, i, version="7.7", gpus=("8086:a7a0",)) for i in range(6)]
    since = TODAY - timedelta(days=14)
    view = overview(before + after + planted, [], TODAY, since=since)
    assert len(view.facts) == 20 and len(view.earlier) == 20
    assert [r.group for r in view.regressions] == ["GPU 8086:a7a0"]
    assert not view.regressions_said
    said = text(view, {}, 0.1)
    assert said.startswith(f"20 messages counted in 15 days, {since.isoformat()} to "
                           f"{TODAY.isoformat()} (20 earlier not counted")
    assert "in 8 weeks" not in said
    md = markdown(view, {})
    assert "counted in 15 days," in md and "in the 8 weeks" not in md
    # A --since before the window's first week changes nothing: 8 weeks.
    whole = overview(before + after + planted, [], TODAY, since=TODAY - timedelta(days=90))
    assert text(whole, {}, 0.1).startswith("40 messages counted in 8 weeks,")


def test_one_undecryptable_message_is_said_in_the_singular() -> None:
    """`stats --weeks 1` said "1 could not be decrypted (what it report is unknown)"."""
    unread = [dated(n, n, kind=UNREAD_KIND, version="", report_id="",
                    reference=f"mail:x:{n}") for n in range(2)]
    assert alone_said(unread[:1], []) == "1 could not be decrypted (what it reports is " \
        "unknown)."
    assert alone_said(unread, []) == "2 could not be decrypted (what they report is unknown)."


def test_an_alert_says_the_span_of_its_counted_numbers() -> None:
    """The alert relays the known-issues pane's numbers, of the last 8 weeks: it says so
    (it said "so far"); the tracker's links alone are all of them, "so far"."""
    counted = alert_text("#7", "https://gitlab.test/t/-/issues/7", "Wi-Fi", 0, 1, likely=3)
    assert "0 linked and 3 likely reports in the last 8 weeks, 1 this week." in counted
    assert "so far" not in counted
    links = alert_text("#7", "https://gitlab.test/t/-/issues/7", "Wi-Fi", 4, 1)
    assert "4 reports so far, 1 this week." in links


def test_a_problem_with_one_report_in_the_window_is_named_by_all_and_said_singular() -> None:
    """Grouped with the reports before the window, a cluster may hold one report of it: it
    is listed with that report ("1 report", not "1 reports"), its id of all, named by what
    all its reports share (one report shares nothing with itself: "similar words")."""
    queue = [_printer(0, 40), _printer(1, 30), _printer(2, 3), *others(40, first=100)]
    [week] = [c for c in overview(queue, [], TODAY, weeks=1).clusters if "k2" in c.reports]
    [eight] = [c for c in overview(queue, [], TODAY).clusters if "k2" in c.reports]
    assert week.reports == ("k2",) and sum(week.per_week) == 1
    assert week.id == eight.id == _cluster_id(queue[0].reference)
    assert week.label == eight.label and week.signals == eight.signals
    view = overview(queue, [], TODAY, weeks=1)
    assert f"`{week.id}`: 1 report, 1 this week" in markdown(view, {})
    assert f"{week.id}  █  1 report, 1 this week" in text(view, {}, 0.1)
