"""What else a link moved: the numbers of two overviews of one queue, before and after a
member linked reports to an issue, told apart from what the link itself explains (walk24's
item 8: linking #19113 took it from 4 to 5 this week and "5 new problems" to "4", and the
toast spoke only of the 12 reports linked). Pure; see docs/insight.md, "Session 24:
numbers a member can trust".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import Overview
from hdtui.domain.insight.per_issue import SAME_WORDS_MIN

MOVED_SAID = 4
"""Changes named one by one; the others are counted ("and 2 more")."""


def moved_said(before: Overview, after: Overview, iid: int) -> str:
    """The other numbers that changed between ``before`` and ``after`` a link to issue
    ``iid``, in words ("" when none did): the issue's own "this week" (a linked report
    counts on the day it was received: one matched to no issue joins the count), other
    issues' likely and this week (the words an issue learns from its linked reports make
    others likely or not), and the new problems (a linked report leaves its group). The
    issue's linked and likely counts are what the link itself explains, and are not
    repeated."""
    changes: list[str] = []
    for number in sorted(before.stats.keys() | after.stats.keys()):
        old, new = before.stats.get(number), after.stats.get(number)
        was = (len(old.likely), old.this_week) if old is not None else (0, 0)
        now = (len(new.likely), new.this_week) if new is not None else (0, 0)
        if number != iid and was[0] != now[0]:
            changes.append(f"#{number} likely {was[0]} → {now[0]}")
        if was[1] != now[1]:
            changes.append(f"#{number} this week {was[1]} → {now[1]}")
    if not before.partial and not after.partial and len(before.clusters) != len(after.clusters):
        changes.append(f"new problems {len(before.clusters)} → {len(after.clusters)}")
    possible = now_possible(before, after, iid)
    if not changes:
        return possible
    shown = changes[:MOVED_SAID]
    more = len(changes) - len(shown)
    return (possible + (" " if possible else "") + "Also changed: " + ", ".join(shown)
            + (f" and {more} more" if more else "")
            + " (linked reports count on the day they were received, teach their issue's "
              "words, and leave the new problems' groups).")


def now_possible(before: Overview, after: Overview, iid: int) -> str:
    """How many reports a link to ``iid`` made possible reports of it, in a sentence
    short enough for a toast at 80 columns ("" when none did): a report that says exactly
    what a linked one says is possible for its issue (``per_issue._said_by_counted``), so
    linking one report of a new problem's cluster turns the others into the issue's
    possible reports, which its row and detail then list (walkfix27: the link's message
    said nothing of them). Reports likely for it before (doubted since) are not these."""
    new = after.stats.get(iid)
    if new is None or not new.possible:
        return ""
    old = before.stats.get(iid)
    had = {f.key for f in (*old.possible, *old.likely)} if old is not None else set()
    gained = [f for f in new.possible if f.key not in had]
    if not gained:
        return ""
    linked = {f.words.packed(SAME_WORDS_MIN) for f in new.linked_facts}
    linked.discard(b"")
    why = ""
    if all(f.words.packed(SAME_WORDS_MIN) in linked for f in gained):
        why = " (it says what a linked one says)" if len(gained) == 1 else \
            " (they say what a linked one says)"
    return f"#{iid}: {len(gained)} more possible report{'s' if len(gained) > 1 else ''}{why}."


def of_the_same_messages(before: Overview, after: Overview,
                         count_before: Callable[[Sequence[ReportFacts]], Overview],
                         count_after: Callable[[Sequence[ReportFacts]], Overview]
                         ) -> tuple[Overview, Overview]:
    """``before`` and ``after`` as counts of the messages both counted, for ``moved_said``:
    a message read between them (new mail, the start's count reaching it) or gone meanwhile
    is in neither, so that what it moves is not said to be the link's (walkfix27: hot
    topics' ``l`` compared the view on screen with a whole count made after the link).
    A side is counted again only when it holds other messages (most links come with no
    mail between, and cost no count): ``count_before`` without the link just made (its
    facts as they were), ``count_after`` with it."""
    was = {f.key for f in before.facts}
    now = {f.key for f in after.facts}
    if was == now:
        return before, after
    both = was & now
    return (before if was == both else count_before([f for f in before.facts
                                                     if f.key in both]),
            after if now == both else count_after([f for f in after.facts if f.key in both]))
