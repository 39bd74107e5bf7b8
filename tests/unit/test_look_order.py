"""One order of hot topics (walk28, item 7): hot topics (H), the shift start's hot-topics
line and the hand-off note's "What to watch" list the same topics in the same order,
``look_order``'s: regressions, then the flagged issues and new problems, then by reports
this week (docs/insight.md, "One order")."""

from __future__ import annotations

import re
from datetime import date

from hdtui.domain.handoff import prefill_watch
from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.look_order import look_order
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.per_issue import IssueStats
from hdtui.domain.insight.regressions import Regression
from hdtui.ui.flows.shift import hot_text
from hdtui.ui.screens.hot_topics import counted_said, label_of

TODAY = date(2026, 12, 7)


def issue(iid: int, weeks: tuple[int, ...], flagged: bool = False) -> IssueStats:
    return IssueStats(iid, (), (), (), weeks, (), (), None, None,
                      flagged_weeks=(TODAY,) if flagged else ())


def view() -> Overview:
    """A flagged issue with more reports this week than the flagged new problem, issues
    that rose, one that did not, a regression listed last by the counts."""
    hot = (issue(20402, (0, 0, 0, 0, 0, 0, 0, 2)), issue(19117, (0, 0, 0, 0, 0, 0, 0, 1)),
           issue(13576, (0, 0, 0, 0, 0, 0, 1, 5), flagged=True),
           issue(19113, (0, 0, 0, 0, 0, 0, 4, 3)))
    flagged = Cluster("C-16e7a0", "same machine ASUS E410KA", ("same machine ASUS E410KA",),
                      ("a", "b", "c", "d"), (0, 0, 0, 0, 0, 0, 1, 3), (TODAY,))
    quiet = Cluster("C-000009", "same GPU 8086:5917", (), ("e", "f"), (0, 0, 0, 0, 0, 0, 0, 1))
    regression = Regression("GPU 1002:15bf", "7.7", 4, 17, 0, 4)
    return Overview(TODAY, 8, (), {}, hot, (quiet, flagged), (regression,), ())


def names_in(text: str) -> list[str]:
    """The topics a text names, in the order it names them."""
    return [m.group(0).removeprefix("regression on 7.7: ").removeprefix("regression (")
            for m in re.finditer(r"#\d+|C-[0-9a-f]{6}|regression (on 7\.7: |\()GPU 1002:15bf",
                                 text)]


def test_the_shift_line_the_note_and_hot_topics_list_topics_in_one_order() -> None:
    overview = view()
    h = [label_of(item) for item in look_order(
        [*overview.regressions, *[s for s in overview.hot if sum(s.per_week)],
         *overview.clusters])]
    # H: the regression, then the flagged issue and new problem by this week, then the rest.
    assert h == ["GPU 1002:15bf", "#13576", "C-16e7a0", "#19113", "#20402", "#19117",
                 "C-000009"]
    line = hot_text(overview)
    assert names_in(line) == ["GPU 1002:15bf", "#13576", "C-16e7a0", "#19113", "#20402"], \
        line
    # Each part where its first topic comes; the first issue said in words, wherever it is.
    assert line == ("Hot topics: 1 regression (GPU 1002:15bf); #13576 5 this week "
                    "(+4 on last week); 1 new problem flagged (C-16e7a0 3 this week); "
                    "#19113 3 (-1); #20402 2 (+2)")
    # The note: what rose, in the same order (#19113 did not rise: not listed).
    watch = prefill_watch(overview)
    assert names_in(watch) == ["GPU 1002:15bf", "#13576", "C-16e7a0", "#20402", "#19117"], \
        watch
    assert [n for n in h if n in names_in(watch)] == names_in(watch)
    assert [n for n in h if n in names_in(line)] == names_in(line)


def test_hot_topics_count_messages_apart_from_reports_as_stats_does() -> None:
    """walk28: H said "64 reports" of 52 reports and 12 support mails."""
    facts = [ReportFacts(f"r{n}", f"wb://r{n}") for n in range(3)] + \
        [ReportFacts(f"m{n}", f"mail:m{n}", kind="support") for n in range(2)]
    assert counted_said(facts) == "5 messages (3 reports, 2 support mails)"
    assert counted_said(facts[:1]) == "1 report"
    assert counted_said(facts[3:4]) == "1 message (0 reports, 1 support mail)"
