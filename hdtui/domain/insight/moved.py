"""What else a link moved: the numbers of two overviews of one queue, before and after a
member linked reports to an issue, told apart from what the link itself explains (walk24's
item 8: linking #19113 took it from 4 to 5 this week and "5 new problems" to "4", and the
toast spoke only of the 12 reports linked). Pure; see docs/insight.md, "Session 24:
numbers a member can trust".
"""

from __future__ import annotations

from hdtui.domain.insight.overview import Overview

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
    if not changes:
        return ""
    shown = changes[:MOVED_SAID]
    more = len(changes) - len(shown)
    return ("Also changed: " + ", ".join(shown) + (f" and {more} more" if more else "")
            + " (linked reports count on the day they were received, teach their issue's "
              "words, and leave the new problems' groups).")
