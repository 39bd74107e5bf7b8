"""Provides HotTopicsScreen: what affects many users, counted across the whole queue.

Known issues ranked by reports this week (linked and likely), new problems no issue covers
yet (clusters, flagged at the process's threshold) and regressions after the latest
release, each with its weekly trend and its breakdown by version and hardware. The numbers
are computed by a worker (hdtui.services.insight); enter opens the reports behind a number
in the queue, ``l`` links an issue's likely reports after a preview, ``I`` opens the issue
form prefilled from a cluster. See docs/insight.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from hdtui.domain.insight.clusters import Cluster
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.look_order import look_order
from hdtui.domain.insight.moved import moved_said, of_the_same_messages
from hdtui.domain.insight.new_on_release import new_on
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.per_issue import (
    RESEND_MARK,
    IssueStats,
    clustered_said,
    mostly_unencrypted_said,
    not_linked_said,
    to_link,
)
from hdtui.domain.insight.regressions import (
    FEED_RECENT_DAYS,
    Regression,
    fixed_said,
    fixed_short,
)
from hdtui.domain.insight.weeks import breakdown
from hdtui.domain.issue import KnownIssue
from hdtui.domain.link_outcome import LinkOutcome, failure_box, link_said
from hdtui.domain.links import VETTED_SAID
from hdtui.domain.mail import Kind
from hdtui.domain.regression_name import also_named, short_group
from hdtui.domain.text import cut
from hdtui.domain.weekly import before_said, likely_before, mostly_plain, sparkline, undecrypted
from hdtui.errors import HdtuiError
from hdtui.ui.fetch_again import FETCHED_SAID, FetchAgain
from hdtui.ui.safe import literal, one_line
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.pick import PickScreen
from hdtui.ui.widgets.dialog_scroll import DialogScroll
from hdtui.ui.widgets.fitted_footer import FittedFooter

Item = IssueStats | Cluster | Regression
Counting = Callable[[Sequence[ReportFacts], AbstractSet[tuple[int, str]]], Overview]
"""The whole overview of some facts, without some links (``Insight.overview_of``)."""
SO_FAR_EVERY = 2.0
"""Seconds between two looks at the counts while the start's background count runs, at the
least: a look is also followed by five times what it took (``_meanwhile``)."""
FIRST_LOOK = 0.5
"""Seconds the first look waits for a computation of facts to end: one about to end (a
count of facts all known takes 0.07 s of CPU at 100,000) is not worth a look, which costs
0.3 s (it counts them all: docs/benchmarks.md, "Session 20: hot topics on screen at
100,000"); with none running the look ends at once."""


@dataclass(frozen=True, slots=True)
class HotChoice:
    """What the member asked of the queue: show some reports, or an issue from them."""

    action: Literal["show", "issue", "alert"]
    keys: tuple[str, ...]
    label: str
    cluster: Cluster | None = None
    """The new problem an issue is drafted from (its signals and weeks go into the draft)."""
    today: date | None = None
    """The day the overview counted to: the draft's "this week" is hot topics' own."""
    row: str = ""
    """The row the reports are of (``label_of``), when ``label`` names a part of it."""
    alert: str = ""
    """The alert about a new problem or a regression (action "alert"), as it will be sent."""


def _same(item: Item, other: Item | None) -> bool:
    """Whether two list items are the same issue, cluster or regression."""
    if isinstance(item, IssueStats) and isinstance(other, IssueStats):
        return item.iid == other.iid
    if isinstance(item, Cluster) and isinstance(other, Cluster):
        return item.id == other.id
    return isinstance(item, Regression) and isinstance(other, Regression) and \
        item.group == other.group


def label_of(item: Item) -> str:
    """How the queue names an item's reports: ``#19113``, a regression's group, a
    cluster's id (also how hot topics finds the row again)."""
    if isinstance(item, IssueStats):
        return f"#{item.iid}"
    return item.group if isinstance(item, Regression) else item.id


def reports_of(view: Overview, row: str) -> tuple[str, ...] | None:
    """The keys of the reports behind the row ``row`` names (``label_of``) in ``view``, as
    enter shows them (an issue's linked and likely ones); None when no row is named so
    now (a cluster a link dissolved)."""
    items: list[Item] = [*view.regressions, *view.stats.values(), *view.clusters]
    for item in items:
        if label_of(item) == row:
            if isinstance(item, IssueStats):
                return tuple(f.key for f in item.listed)
            return tuple(item.reports)
    return None


SUPPORT = Kind.SUPPORT.value
"""The kind of a support mail's facts (``ReportFacts.kind``)."""

ROW_CELLS = 120
"""A row of the list at most: two lines at 80x24, where the list is 74 cells wide (a
regression's row took 5 to 7: one issue on screen at a time). The detail pane says the
rest: an issue's whole title, a regression's every group."""


def row_room(width: int) -> int:
    """The cells a row is cut to in a list ``width`` cells wide: ``ROW_CELLS`` where that
    makes two lines or more (80x24), else the width, so that a row never wraps a few words
    to a line of their own (walk27, at 120 columns: "RAM: C…" alone on a second line)."""
    return width if width > 0 and round(ROW_CELLS / width) <= 1 else ROW_CELLS


def _plain(item: Regression) -> str:
    """`` (5 of them unencrypted)`` when most of a regression's reports came unencrypted
    (rules v73: anyone could have sent them), in the words of ``hdtui stats``."""
    return mostly_unencrypted_said(item.unencrypted, item.count_new)


def regression_detail(item: Regression) -> str:
    """A regression's numbers in words: the new release against the weeks before it, and
    what most of its reports share (``Regression.about``, rules v78)."""
    about = f"Most of them {' and '.join(item.about)}\n" if item.about else ""
    return (f"{item.group}\n"
            f"On {item.version}: {_many(item.count_new, 'report')} in "
            f"{_many(item.days_new, 'day')} since its release{_plain(item)}\n"
            f"On earlier versions: {_many(item.count_before, 'report')} in the "
            f"{_many(item.weeks_before, 'week')} before and since\n{about}"
            f"enter: its {_many(len(item.reports), 'report')} on {item.version} · b: by "
            "hardware · A: alert a team")


def _moved(before: Overview, after: Overview, iid: int,
           made: AbstractSet[tuple[int, str]], count: Counting | None) -> str:
    """``moved_said`` of the messages counted both before and after the links ``made``
    to ``iid`` ("" when others were read meanwhile and nothing counts them apart)."""
    if count is None:
        if {f.key for f in before.facts} != {f.key for f in after.facts}:
            return ""
        return moved_said(before, after, iid)
    return moved_said(*of_the_same_messages(
        before, after, lambda facts: count(facts, made),
        lambda facts: count(facts, frozenset())), iid)


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def counted_said(facts: Sequence[ReportFacts], unread: int = 0) -> str:
    """The messages counted, as ``hdtui stats`` counts them: "64 messages (52 reports, 12
    support mails)", or "52 reports" when all are reports; when ``unread`` of the reports
    could not be decrypted, "64 messages (52 reports, 2 not decrypted; 12 mails)", short
    enough for the heading's two lines at 80x24. Walk28 read "64 reports" of 52 reports
    and 12 support mails."""
    mails = sum(1 for f in facts if f.kind == SUPPORT)
    reports = _many(len(facts) - mails, "report")
    apart = f"{unread} not decrypted"
    if not mails:
        return f"{reports} ({apart})" if unread else reports
    if unread:
        return f"{_many(len(facts), 'message')} ({reports}, {apart}; {_many(mails, 'mail')})"
    return f"{_many(len(facts), 'message')} ({reports}, {_many(mails, 'support mail')})"


def _heading(view: Overview, feed_known: bool = True) -> str:
    """What the numbers below are of, and whether they are complete yet; without a copy
    of the release feeds (``feed_known`` False) the newest version is the reports', not a
    "latest release" (docs/releases.md: unknown is not none)."""
    latest = ""
    if view.releases:
        latest = f" · latest release {view.releases[-1][0]}" if feed_known else \
            f" · latest release unknown (no feed copy; newest reported {view.releases[-1][0]})"
        if feed_known and view.feed_old:  # versions releases since can reach count (walk25)
            latest += (f" (feed copy over {FEED_RECENT_DAYS} days old: reports on newer "
                       "versions counted; L fetches it)")
    # The undecryptable ones said apart, as stats says them (walk28's defect 6), inside
    # the count's brackets: the heading keeps to two lines at 80x24.
    counted = (f"{counted_said(view.facts, undecrypted(view))}, {view.weeks} weeks to "
               f"{view.today.isoformat()}")
    if view.counting is not None:
        known, total = view.counting
        return (f"Hot topics · still counting: the facts of {known} of {total} messages "
                f"known so far · the numbers below are incomplete ({counted})")
    if view.partial:
        return f"Hot topics · {counted}{latest} · grouping new problems…"
    flagged = sum(1 for c in view.clusters if c.flagged)
    regressions = view.regressions_said if view.regressions_said and not view.regressions \
        else _many(len(view.regressions), 'regression')
    return (f"Hot topics · {counted}{latest} · {_many(len(view.clusters), 'new problem')} "
            f"({flagged} flagged) · {regressions}")


def why_together(cluster: Cluster) -> str:
    """What a cluster's reports share, its words, its family (the other clusters whose
    reports count with its own toward a week's flag) and why each report no pair linked
    was added (rules v52; docs/insight.md)."""
    words = f" · words: {', '.join(cluster.words)}" if cluster.words else ""
    family = (f" · same problem's words as {', '.join(cluster.family)}: their reports count"
              " together for the week" if cluster.family else "")
    added = "".join(f" · {text}" for text in cluster.attached)
    return ("Why together: " + ("; ".join(cluster.signals) or "their words") + words + family
            + added)


class HotTopicsScreen(Screen[HotChoice | None]):
    """Hot topics, new problems and regressions; escape goes back to the queue."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("enter", "open_reports", "Show reports", id="open-hot-reports"),
        Binding("l", "link_likely", "Link likely", id="link-likely-reports"),
        Binding("I", "issue_from_cluster", "New issue", id="issue-from-cluster"),
        Binding("U", "update_auto_reply", "Auto-reply",
                id="update-auto-reply-from-hot-topics"),
        Binding("b", "breakdown", "Reports by week, version, hardware", show=False,
                id="hot-breakdown"),
        Binding("escape,q", "close", "Back", id="close-hot-topics"),
        # After Back too: where 80 columns cannot hold it, Back stays (walk29's A).
        Binding("A", "alert_problem", "Alert", id="alert-from-hot-topics"),
        # After Back: at 80 columns the footer keeps Back and hides this one (it still
        # works, and ? lists it).
        Binding("f5", "fetch_again", "Count again", id="refresh-hot-topics"),
    ]

    _room = ROW_CELLS
    """The cells a row is cut to (``row_room`` of the list's width when last shown)."""

    def __init__(self, compute: Callable[[], Overview],
                 issues: Callable[[], Mapping[int, KnownIssue]],
                 link: Callable[[tuple[str, ...], int], LinkOutcome] | None,
                 writable: Callable[[], str | None],
                 fixed: Callable[[Mapping[int, KnownIssue]], Mapping[int, str]] | None = None,
                 quick: Callable[[], Overview] | None = None,
                 so_far: Callable[[float], Overview | None] | None = None,
                 start_at: str = "", links_unread: Callable[[], str] | None = None,
                 fetch: Callable[[], None] | None = None,
                 count: Counting | None = None) -> None:
        """Args:
            compute: the overview (blocking: run in a worker).
            issues: the known issues by iid (titles, state); blocking, run in the worker.
            link: links reports to an issue; returns what it did (``LinkOutcome``).
            writable: why writes are refused now (a read-only skim), or None.
            fixed: the release that fixes each issue of those (the release feed).
            quick: the counts alone, shown while the rest is computed.
            so_far: while the start's background count runs, the counts of the facts
                known so far (``Overview.counting`` set), after waiting up to the seconds
                given for the count to end; None once it has ended.
            start_at: the row to put the cursor on first (``label_of``: the row the
                member last opened), if it is listed.
            links_unread: which issues' links on the tracker were not read since they
                changed ("links not read: #N…", said under the heading), "" when none.
            fetch: the queue's F5 (new mail, the known issues and their links): F5 here
                starts it, and the numbers are counted again as each part is in
                (``fetched``); None: F5 counts again what is here.
            count: the whole overview of some facts only, without some links (issue,
                reference): ``Insight.overview_of``. After ``l``, what else moved is said
                of the messages both the view before it and the count after it hold,
                counted again when mail was read meanwhile; None: then nothing else is
                said when mail was read meanwhile.
        """
        super().__init__()
        self.compute = compute
        self.issues_of = issues
        self.issues: dict[int, KnownIssue] = {}
        self.fixed_of = fixed
        self.link = link
        self.writable = writable
        self.fixed: dict[int, str] = {}
        self.quick = quick
        self.so_far = so_far
        self.view: Overview | None = None
        self._before: Mapping[int, int] = {}
        """Per issue, its likely reports before the window (``weekly.likely_before``)."""
        self.items: list[Item] = []
        self.start_at = start_at
        self._placed: Item | None = None
        """The row ``_show`` last put the cursor on: the member moved when it is not."""
        self.linked_any = False
        """``l`` linked reports here: the queue's report pane counts again on return."""
        self.links_unread = links_unread
        self.unread_said = ""
        """``links_unread`` as last asked (in the worker)."""
        self.fetch_again = FetchAgain(fetch)
        self.count = count

    def compose(self) -> ComposeResult:
        """Heading, the ranked list, the selected item's trend and breakdown."""
        with Vertical(id="hot-dialog"):
            yield Static(Content.styled("Hot topics · counting…", "bold"), id="hot-heading")
            yield OptionList(id="hot-list")
            yield Sparkline([0], id="hot-trend")
            # Scrolled, and reached by Tab (then up/down): a cluster's detail is longer
            # than its 9 rows at 80x24 ("Why together", first/last seen were cut).
            with DialogScroll(id="hot-detail-scroll"):
                yield Static("", id="hot-detail")
        yield FittedFooter()

    def on_mount(self) -> None:
        """Count in a worker: reading facts of every report can take a while."""
        self.query_one(OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="hot", exit_on_error=False)
    def _load(self) -> None:
        """The counts first (quick), then clusters and regressions (slower)."""
        try:
            issues = dict(self.issues_of())
            fixed = dict(self.fixed_of(issues)) if self.fixed_of is not None else {}
            if self.links_unread is not None:
                self.unread_said = self.links_unread()
            self.app.call_from_thread(self._set_issues, issues, fixed)
            if self.so_far is not None and not self._while_counting(self.so_far):
                return  # the screen went away
            if self.quick is not None:
                self.app.call_from_thread(self._show, self.quick())
            view = self.compute()
        except HdtuiError as error:
            self.app.call_from_thread(self._failed, error)
            return
        except Exception as error:  # a bug: say so on screen rather than count forever
            self.app.call_from_thread(self._failed, HdtuiError(
                f"an internal error ({type(error).__name__}); please report it", "Bug"))
            return
        self.app.call_from_thread(self._show, view)

    def _while_counting(self, so_far: Callable[[float], Overview | None]) -> bool:
        """Show the counts of the facts known so far, again and again, while another
        thread computes the facts (the start's background count: pressed during it,
        ``H`` waited for it with nothing but "counting…" on screen: docs/insight.md, "Hot
        topics during the start's count"); False when the screen went away meanwhile."""
        worker = get_current_worker()
        wait = FIRST_LOOK
        while True:
            started = time.monotonic()
            view = so_far(wait)  # None: no computation of facts runs
            if worker.is_cancelled:
                return False
            if view is None:
                return True
            self.app.call_from_thread(self._show, view)
            # Each look counts every fact known (0.3 s of CPU at 100,000), in the count's
            # process, whose end it delays: at most a sixth of the time (its wait, which
            # ran out, aside), and the wait ends with the count (docs/benchmarks.md,
            # "Session 20: hot topics on screen at 100,000").
            wait = max(SO_FAR_EVERY, 5 * (time.monotonic() - started - wait))

    def _set_issues(self, issues: dict[int, KnownIssue], fixed: dict[int, str]) -> None:
        self.issues, self.fixed = issues, fixed

    def _failed(self, error: HdtuiError) -> None:
        self.query_one("#hot-heading", Static).update(
            literal(f"Hot topics · could not count: {error.message}", "bold"))

    def _show(self, view: Overview) -> None:
        self.view = view
        self._before = likely_before(view)
        from hdtui.ui.app import HdtuiApp  # (the app imports the screens)

        if isinstance(self.app, HdtuiApp):  # the known-issues pane's "fixed in, yet N"
            self.app.issue_stats = view.stats
        result = getattr(self.app, "release_result", None)  # None: not read yet
        feed_known = result is None or "news" in result.fetched_at or \
            bool(result.state.stable)
        heading = _heading(view, feed_known)
        if self.unread_said:  # counts that may miss another member's links say so
            heading += f" · {self.unread_said}"
        self.query_one("#hot-heading", Static).update(literal(heading, "bold"))
        previous = self.current
        if previous is not None and self._placed is not None \
                and not _same(previous, self._placed):
            self.start_at = ""  # the member moved: their row wins from now on
        # What needs a look first: regressions, then the flagged rows, then by this week's
        # count (walk27: the flagged new problem with 3 this week was the last of 31 rows,
        # below 25 issues with none); an issue only possible reports match is listed too
        # (docs/insight.md, "Session 27: walkfix27b"). The shift start's line and the
        # hand-off note list them in this order too (``look_order``; walk28).
        listing = self.query_one("#hot-list", OptionList)
        self._room = self._room_of(listing)
        self.items = look_order([*view.regressions, *[s for s in view.hot
                                                      if sum(s.per_week) or s.possible],
                                 *view.clusters])
        listing.clear_options()
        listing.add_options([Option(self._line(item)) for item in self.items])
        if self.items:
            # The row the member last opened, once, as soon as it is listed (and until
            # they move or the full list is shown), else the row the cursor was on: the
            # so-far counts come every 2 s for minutes at the start, and each of them
            # pulled the cursor back to the opened row.
            opened = [i for i, item in enumerate(self.items)
                      if self.start_at and label_of(item) == self.start_at]
            same = opened or [i for i, item in enumerate(self.items) if _same(item, previous)]
            if opened or not view.partial:
                self.start_at = ""
            elif not same and previous is not None and not self.start_at:
                # A new problem's or a regression's row, first now, is in no count without
                # them (F5's counts first): the cursor goes back to it once they are in.
                self.start_at = label_of(previous)
            at = same[0] if same else 0
            listing.highlighted = at
            self._placed = self.items[at]
        else:
            self.query_one("#hot-detail", Static).update(literal(
                "Counting the queue: the numbers come as its facts are known."
                if view.counting is not None else
                "No report in these weeks: nothing to count yet."))

    @staticmethod
    def _room_of(listing: OptionList) -> int:
        """``row_room`` of the list's width, less its scrollbar's even when not shown yet
        (the rows added may bring it)."""
        width = listing.scrollable_content_region.width
        if not listing.show_vertical_scrollbar:
            width -= listing.styles.scrollbar_size_vertical
        return row_room(width)

    def on_resize(self) -> None:
        """Rows cut again to the new width (a terminal made wider or narrower)."""
        view = self.view
        if view is not None and self._room_of(self.query_one("#hot-list", OptionList)) \
                != self._room:
            self._show(view)

    def _line(self, item: Item) -> Content:
        if isinstance(item, Regression):
            also = " · more below" if also_named(item.group) else ""
            # Mostly unencrypted reports said as ``hdtui stats`` says them (rules v73),
            # before the group's other names: the row cuts its end.
            return literal(cut(
                f"⚠ regression  {short_group(item.group)}: {item.count_new} on "
                f"{item.version} in {_many(item.days_new, 'day')}, {item.count_before} "
                f"before{_plain(item)}{also}", self._room), "bold red")
        if isinstance(item, IssueStats):
            issue = self.issues.get(item.iid)
            state = "" if issue is None or issue.state == "opened" else f" ({issue.state})"
            # The fix and the reports since it before the caveats: the row's end is cut
            # at 80x24 ("fixed in 7…" on #19113, walk26).
            fixed = f" · {fixed_short(item, self.fixed[item.iid])}" \
                if item.iid in self.fixed else ""
            title = issue.title if issue is not None else ""
            mark = "⚑" if item.flagged else " "
            # An issue only possible reports match in the window says its likely reports
            # before it, as ``hdtui stats`` does (fix28a; docs/insight.md, "Session 28:
            # numbers of the window").
            before = self._before_of(item)
            earlier = f" · {before} likely before" if before else ""
            return literal(cut(
                f"{mark} #{item.iid:<6} {sparkline(item.per_week)} {item.this_week:>3} this "
                f"week · {item.linked_users} linked {len(item.likely)} likely"
                f"{f' {len(item.possible)} possible' if item.possible else ''}{earlier}"
                f"{fixed}"
                f"{' · worth a look' if item.look_weeks else ''}{item.caveats}{state} · "
                f"{one_line(title)}", self._room), "yellow" if item.flagged else "")
        flag = "⚑" if item.flagged else " "
        release = new_on(item, self.view) if self.view is not None else ""
        new = f"new on {release} (none before)" if release else "new"
        return literal(cut(
            f"{flag} {item.id} {sparkline(item.per_week)} {item.per_week[-1]:>3} this week · "
            f"{_many(len(item.reports), 'report')}{self._mostly_plain(item)}"
            f"{f' · {len(item.earlier)} before' if item.earlier else ''} · {new}: "
            f"{one_line(item.label)}", self._room),
            "yellow" if item.flagged else "")

    def _mostly_plain(self, cluster: Cluster) -> str:
        """`` (3 of them unencrypted)`` when most of a cluster's reports came unencrypted
        (``weekly.mostly_plain``, as ``hdtui stats`` says it), else ""."""
        return mostly_plain(self.view, cluster.reports) if self.view is not None else ""

    @property
    def current(self) -> Item | None:
        """The item under the cursor."""
        index = self.query_one("#hot-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def _before_of(self, item: IssueStats) -> int:
        """The likely reports before the window of an issue with none counted in it (only
        possible ones), as ``hdtui stats`` says them (``weekly.before_said``); else 0."""
        if sum(item.per_week) or item.confirmed:
            return 0
        return self._before.get(item.iid, 0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Trend and breakdown of the item under the cursor."""
        item = self.current
        trend = self.query_one(Sparkline)
        if item is None or isinstance(item, Regression):
            # No chart: a regression counts two periods, not weeks (a chart of [0] was two
            # solid rows of blocks); its numbers are said in words instead.
            trend.visible = False  # its room kept: the list keeps its height
            detail = "" if item is None else regression_detail(item)
            self._detail(literal(detail))
            return
        trend.visible = True
        trend.data = list(item.per_week)
        lines = [f"Per week, oldest first: {' '.join(map(str, item.per_week))}",
                 "Versions: " + (", ".join(f"{v} {n}" for v, n in item.versions) or "none"),
                 "Hardware: " + (", ".join(f"{h} {n}" for h, n in item.hardware[:5])
                                 or "none")]
        if isinstance(item, IssueStats):
            issue = self.issues.get(item.iid)
            seen = (f"First seen {item.first_seen}, last seen {item.last_seen}"
                    if item.first_seen else "Not seen in these weeks")
            state = issue.state if issue is not None else "unknown"
            fixed = (f" · {fixed_said(item, self.fixed[item.iid])}" if item.iid in self.fixed
                     else "")
            possible = (f" · {len(item.possible)} more may be this issue (not counted, "
                        "and no flag rests on them)" if item.possible else "")
            # Its best match's reports a new problem holds: listed there, said here
            # (docs/insight.md, "Session 28: a possible report listed once").
            possible += clustered_said(item) + before_said(self._before_of(item))
            flag = (f"Reached the threshold (2 or more in a week): {item.flag_said}: "
                    "relay it. " if item.flagged else "")
            # Possible reports in no cluster that fill a week: said, never a flag
            # (docs/insight.md, "Session 25: weeks worth a look").
            flag += (f"Worth a look (not flagged): {item.look_said}. " if item.look_weeks
                     else "")
            # The title whole first (its row may cut it), then what to do: at 80x24 the
            # detail's last lines are reached by scrolling.
            title = issue.title if issue is not None else "(title not known)"
            lines[0:0] = [f"#{item.iid} {one_line(title)}",
                          f"{flag}enter: its reports · b: by week, version, hardware · l: "
                          "link the likely ones"]
            lines += [seen, f"GitLab: #{item.iid} {state} · {item.label}{possible}{fixed}"
                      f" ({VETTED_SAID})"]
        else:
            # What to do comes before the long explanation: at 80x24 the detail's last
            # lines are cut, and they were the keys.
            lines[1:1] = [("Reached the threshold (2 or more in a week): relay it. "
                           if item.flagged else "") + "enter: its reports · b: by week, "
                          "version, hardware · I: new issue from it · A: alert a team"]
            if item.earlier:  # grouped with it, counted in none of these numbers, as
                # ``hdtui stats`` says (docs/insight.md, "Session 28: a cluster's reports
                # before the window")
                lines.insert(2, f"{_many(len(item.earlier), 'report')} of it before these "
                             "weeks, not counted here" + (
                                 ": this one is the same as those" if len(item.reports) == 1
                                 else ""))
            lines.append(why_together(item))
        self._detail(literal("\n".join(lines)))

    def _detail(self, content: Content) -> None:
        """Show the detail; the list's height changes with it, so the list scrolls to its
        cursor again once laid out (wrapping to the last row left it off screen)."""
        self.query_one("#hot-detail", Static).update(content)
        self.query_one("#hot-detail-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.query_one("#hot-list", OptionList).scroll_to_highlight)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on the list (the list takes enter before the screen's binding)."""
        event.stop()
        self.action_open_reports()

    def _keys(self, item: Item) -> tuple[str, ...]:
        if isinstance(item, IssueStats):
            return tuple(f.key for f in item.listed)  # as many as it says (walk28)
        return tuple(item.reports)

    def action_open_reports(self) -> None:
        """Show the reports behind the number in the queue."""
        item = self.current
        if item is None:
            self.notify("Nothing selected.", severity="warning")
            return
        keys = self._keys(item)
        if not keys and isinstance(item, IssueStats) and item.possible and \
                not item.confirmed:
            # An issue only possible reports match: those are what its row shows (walk27;
            # docs/insight.md, "Session 27: walkfix27b"), said as possible in the queue too.
            self.notify(f"#{item.iid}: {len(item.possible)} possible report"
                        f"{'s' if len(item.possible) > 1 else ''}, its best match but not "
                        "a confident one: not counted.")
            self.dismiss(HotChoice("show", tuple(f.key for f in item.possible),
                                   f"{label_of(item)} (possible)", row=label_of(item)))
            return
        if not keys:
            self.notify("None of its reports is in this mailbox (linked earlier).",
                        severity="warning")
            return
        self.dismiss(HotChoice("show", keys, label_of(item)))

    def _facts(self, item: Item) -> list[ReportFacts]:
        """The facts of the reports behind a row (those in this mailbox)."""
        if isinstance(item, IssueStats):
            return [*item.linked_facts, *item.likely]
        view = self.view
        found = (view.report(key) for key in item.reports) if view is not None else ()
        return [f for f in found if f is not None]

    def action_breakdown(self) -> None:
        """Pick one number of the row's breakdown (a week, a version, a piece of hardware)
        and show the reports behind it (docs/insight.md)."""
        item, view = self.current, self.view
        if item is None or view is None:
            self.notify("Nothing selected yet." if view is not None else "Still counting.",
                        severity="warning")
            return
        parts = breakdown(self._facts(item), view.today, view.weeks)
        if not parts and isinstance(item, IssueStats) and item.possible and \
                not item.confirmed:  # an issue only possible reports match (walk27)
            self.notify(f"#{item.iid} has no report counted, only possible ones: nothing to "
                        "break down (enter shows them).", severity="warning")
            return
        if not parts:
            self.notify("None of its reports is in this mailbox (linked earlier).",
                        severity="warning")
            return
        row = label_of(item)
        names = [f"{name}: {_many(len(keys), 'report')}" for name, keys in parts]

        def picked(name: str | None) -> None:
            if name is not None:
                what, keys = parts[names.index(name)]
                self.dismiss(HotChoice("show", keys, f"{row} · {what}", row=row))

        # The row counts every linked report, the breakdown those in this mailbox: say
        # the difference, so that the numbers add up.
        away = len(item.confirmed) - len(item.linked_facts) \
            if isinstance(item, IssueStats) else 0
        elsewhere = f" ({_many(away, 'linked report')} not in this mailbox)" if away else ""
        self.app.push_screen(PickScreen(
            f"The reports of {row} in this mailbox, by week, version and hardware"
            f"{elsewhere}", names,
            hint="enter shows the reports behind the number · escape: back to hot topics"),
            picked)

    def action_issue_from_cluster(self) -> None:
        """Open the issue form prefilled from a new problem's reports."""
        item = self.current
        if not isinstance(item, Cluster):
            self.notify("I works on a new problem (a cluster): it has no issue yet.",
                        severity="warning")
            return
        refused = self.writable()
        if refused:
            self.notify(refused, severity="warning")
            return
        today = self.view.today if self.view is not None else None
        # Every report of it, those before the weeks too: the issue cites and links them
        # all, never the weeks' share as if it were the whole (fix29a).
        self.dismiss(HotChoice("issue", (*item.reports, *item.earlier), item.id, item, today))

    def action_alert_problem(self) -> None:
        """Alert a team about a new problem or a regression, the text previewed before it
        goes (an issue's alert is the report pane's ``A``: docs/insight.md, "Alerts")."""
        item, view = self.current, self.view
        if item is None or view is None:
            self.notify("Nothing selected yet." if view is not None else "Still counting.",
                        severity="warning")
            return
        if isinstance(item, IssueStats):
            self.notify(f"A here alerts about a new problem or a regression. For #{item.iid},"
                        " open one of its reports (enter) and press A on its pane.",
                        severity="warning")
            return
        from hdtui.domain.alert import cluster_alert, regression_alert
        from hdtui.domain.signal_text import draft_signals

        ids = [f.report_id for f in self._facts(item) if f.report_id]
        if isinstance(item, Cluster):
            text = cluster_alert(item.id, draft_signals(item.signals), item.per_week,
                                 view.today, item.versions, item.hardware,
                                 item.report_ids or tuple(ids), item.flagged)
        else:
            text = regression_alert(item.group, item.version, item.count_new, item.days_new,
                                    item.count_before, item.weeks_before, item.about, ids)
        label = (f"new problem {item.id}" if isinstance(item, Cluster)
                 else f"the regression on {item.version} ({short_group(item.group)})")
        self.dismiss(HotChoice("alert", tuple(item.reports), label, row=label_of(item),
                               alert=text))

    def action_link_likely(self) -> None:
        """Link every likely report of an issue, after a preview of what will be written."""
        item = self.current
        if not isinstance(item, IssueStats):
            self.notify("l links the likely reports of a known issue: pick one.",
                        severity="warning")
            return
        refused = self.writable() if self.link is not None else \
            "Linking needs a tracker: none is configured."
        if refused:
            self.notify(refused, severity="warning")
            return
        if not item.likely:
            self.notify(f"#{item.iid} has no likely report that is not linked yet.")
            return
        chosen = to_link(item)  # resends marked: still one user once linked
        ids = [f.report_id or f.reference for f, _ in chosen]
        body = (f"A note citing each of these {len(ids)} reports will be written on "
                f"#{item.iid} (report IDs only, no personal data):\n  " + "\n  ".join(
                    f"{ref} {RESEND_MARK}" if again else ref
                    for ref, (_, again) in zip(ids, chosen, strict=True)))
        body += not_linked_said(item)
        keys = tuple(f.key for f, _ in chosen)
        iid = item.iid

        def answered(yes: bool | None) -> None:
            if yes:
                self._link(keys, iid)

        self.app.push_screen(ConfirmScreen(f"Link {len(ids)} likely reports to #{iid}?",
                                           body), answered)

    @work(thread=True, exclusive=True, group="hot-link", exit_on_error=False)
    def _link(self, keys: tuple[str, ...], iid: int) -> None:
        assert self.link is not None
        before = self.view
        try:
            outcome = self.link(keys, iid)
        except HdtuiError as error:
            self.app.call_from_thread(self.notify, error.message, title=error.title,
                                      severity="error")
            return
        linked = outcome.written
        self.linked_any = True
        # The numbers change with no new mail: say why (walk23 item 10). A link not made
        # is said once, how many of how many, its reason once; each report in the box
        # (walk25's defect 5: "Linked · 0 reports linked", the 403 sentence 12 times).
        title, text = link_said(outcome, f"#{iid}")
        self.app.call_from_thread(self.notify, text, title=title,
                                  severity="warning" if outcome.failures else "information")
        if outcome.failures:
            from hdtui.ui.screens.error import show_error

            self.app.call_from_thread(show_error, self.app, title,
                                      failure_box(outcome, f"#{iid}"))
        if before is None or before.partial or not linked:
            self.app.call_from_thread(self._load)
            return
        # And what else moved, counted again here (walk24's item 8), then shown.
        try:
            after = self.compute()
        except Exception:  # counted again by _load, which says why on screen
            self.app.call_from_thread(self._load)
            return
        # Of the messages both counts hold: mail read meanwhile moved numbers the link
        # did not (walkfix27; docs/insight.md, "Session 27: walkfix27").
        made = frozenset((iid, f.reference) for f in before.facts if f.key in keys)
        moved = _moved(before, after, iid, made, self.count)
        if moved:
            self.app.call_from_thread(self.notify, moved, title="Other numbers moved")
        self.app.call_from_thread(self._show, after)

    def action_update_auto_reply(self) -> None:
        """The auto-reply's frequent-problems block from this week's top open issues and
        the new problems flagged this week (docs/autoreply.md)."""
        from hdtui.services.autoreply import AutoReply, items_from_overview
        from hdtui.ui.screens.autoreply import AutoReplyScreen

        autoreply: AutoReply | None = getattr(self.app, "autoreply", None)
        if autoreply is None or self.view is None:
            self.notify("The auto-reply cannot be updated in this session."
                        if autoreply is None else "Still counting.", severity="warning")
            return
        if self.view.counting is not None or self.view.partial:
            # A block made from the counts so far (or before the new problems are
            # grouped) would name this week's top problems wrongly, sent to every sender.
            self.notify("Still counting: the block is made from the whole counts; press U "
                        "again when the heading no longer says so.", severity="warning")
            return
        items = items_from_overview(self.view, self.issues)
        if not items:
            self.notify("No open issue or new problem was reported this week: the block "
                        "would be empty.", severity="warning")
            return
        self.app.push_screen(AutoReplyScreen(autoreply, items))

    def action_fetch_again(self) -> None:
        """F5, as in the queue: fetch new mail and the known issues, then count again
        (walk24: F5 here did nothing, the member had to go back to the queue); with no
        fetch in this session, count again what is here, and say so."""
        if self.fetch_again.ask():
            self.query_one("#hot-heading", Static).update(literal(
                f"Hot topics · {FETCHED_SAID}…", "bold"))
            return
        self.notify("Nothing to fetch in this session: the numbers are counted again from "
                    "the queue as it is.", timeout=4)
        self._load()

    def fetched(self, what: str) -> None:
        """New mail or the known issues were fetched (the queue's feed says so): count
        again if F5 here asked for them."""
        if self.fetch_again.heard(what):
            self._load()

    def action_close(self) -> None:
        """Back to the queue."""
        self.dismiss(None)
