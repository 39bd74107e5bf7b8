"""Fix29a item 5: ``I`` on a new problem in ``H`` drafts an issue citing every report of
it, those before hot topics' weeks too, with their count and span; the weeks' counts are
said as the weeks' (docs/insight.md, "Session 29: fix29a")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.app import App
from textual.widgets import OptionList

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.overview import overview
from hdtui.domain.mail import Kind
from hdtui.ui.screens.hot_topics import HotChoice, HotTopicsScreen
from hdtui.wiring import Setup
from tests.support.pilot import settle, wait_until
from tests.unit.test_insight_fix28a import _printer
from tests.unit.test_insight_new_problems import TODAY, others


async def test_i_hands_every_report_of_the_cluster_to_the_issue_form() -> None:
    """It handed the window's reports alone (``k3``): the issue cited 1 report of 4."""
    queue = [*(_printer(n, days) for n, days in enumerate((40, 30, 20, 3))),
             *others(40, first=100)]
    view = overview(queue, [], TODAY, weeks=1)
    [cluster] = [c for c in view.clusters if "k3" in c.reports]
    assert cluster.reports == ("k3",) and cluster.earlier == ("k2", "k1", "k0")
    screen = HotTopicsScreen(lambda: view, dict, None, lambda: None)
    chosen: list[HotChoice | None] = []
    app: App[None] = App()
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(screen, chosen.append)
        await wait_until(pilot, lambda: screen.view is not None and any(
            isinstance(i, Cluster) for i in screen.items))
        screen.query_one(OptionList).highlighted = screen.items.index(cluster)
        await settle(pilot)
        await pilot.press("I")
        await wait_until(pilot, lambda: bool(chosen), what="the issue asked for")
    [choice] = chosen
    assert choice is not None and choice.action == "issue"
    assert choice.keys == ("k3", "k2", "k1", "k0") and choice.cluster == cluster


def test_the_draft_counts_and_spans_every_report_it_cites(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    actions = setup.actions
    assert actions is not None
    rows = [r for r in setup.triage.inbox().rows if r.kind is Kind.REPORT]
    entries = sorted((actions._entry(r.key) for r in rows),
                     key=lambda e: e.message.date or TODAY)
    dated = [e for e in entries if e.message.date is not None][:5]
    assert len(dated) == 5
    days = [e.message.date.date() for e in dated if e.message.date is not None]
    keys = [e.key for e in dated]
    today = days[-1] + timedelta(days=1)
    # Two in hot topics' weeks, three before them (grouped with it, counted in no week).
    cluster = Cluster(id="C-0f29a0", label="test", signals=(), reports=tuple(reversed(keys[3:])),
                      per_week=(0, 0, 0, 0, 0, 0, 0, 2), earlier=tuple(reversed(keys[:3])))
    draft = actions.issue_draft([*cluster.reports, *cluster.earlier], "", cluster, today)
    assert len(draft.report_refs) == 5
    frequency = next(line for line in draft.description.split("\n")
                     if line.startswith("Frequency: "))
    span = f"from {days[0].isoformat()} to {days[-1].isoformat()}" if days[0] != days[-1] \
        else f"on {days[0].isoformat()}"
    assert frequency.startswith(
        f"Frequency: 5 reports {span}, 2 this week; 2 in the 8 weeks to {today.isoformat()} "
        "(per week, oldest first: 0 0 0 0 0 0 0 2), 3 before them"), frequency
    # A report of it not in this mailbox is said, not counted.
    draft = actions.issue_draft(keys[1:], "", cluster, today)
    frequency = next(line for line in draft.description.split("\n")
                     if line.startswith("Frequency: "))
    assert frequency.startswith("Frequency: 4 reports ") and "2 before them; 1 of the " \
        "group's reports are not in this mailbox" in frequency, frequency
