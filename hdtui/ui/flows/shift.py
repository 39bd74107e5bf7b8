"""Provides the shift's flows (docs/shift.md, docs/followups.md): ``show_shift_start`` (what
happened since my last shift; each count opens its messages), ``hand_off`` (the note the
next member reads; a write, refused in a skim) and ``remind`` (check back on a message)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from hdtui.domain.followups import age_text, parse_delay
from hdtui.domain.handoff import (
    HandoffNote,
    change_said,
    prefill,
    prefill_left,
    prefill_watch,
    split_sections,
)
from hdtui.domain.insight.overview import Overview
from hdtui.domain.regression_name import short_group
from hdtui.domain.releases import FeedResult
from hdtui.errors import HdtuiError, TrackerNotSetUp
from hdtui.services.shift import Shift, ShiftStart
from hdtui.ui.abandon import Abandoned, still_wanted
from hdtui.ui.flows.flow import Flow
from hdtui.ui.screens.shift_start import COUNTING, ShiftStartScreen, StartLine, StartView
from hdtui.ui.widgets.queue_view import Only

if TYPE_CHECKING:
    from hdtui.domain.kept_form import KeptForm

HOT_SHOWN = 3
HOT_PENDING = "Hot topics: counting…"
"""The hot-topics line of the screen's first view, before anything is counted."""
FACTS_LATER_FROM = 20_000
"""Messages from which the shift-start screen reads the saved facts only once the whole
queue has been on screen for the feed's ``COUNT_DELAY`` (``facts_wait``). At 100,000 their
read is 75 MB and 1.5 s of CPU: begun as the screen opened, right after the whole queue,
it made most of the warm start's peak RSS within a second of the whole queue (83 to 119
MB; docs/benchmarks.md, "Session 24: the saved facts after the first second"). Below it
the read is short and small (10,000: 0.15 s, 7 MB) and the line comes at once."""


def shift_of(flow: Flow) -> Shift | None:
    """The session's shift service, or None after saying there is none."""
    shift = flow.actions.shift if flow.actions is not None else None
    if shift is None:
        flow.warn("The shift's follow-ups and hand-off are not available in this session.")
    return shift


async def show_shift_start(flow: Flow) -> None:
    """The shift-start screen; a number shows the messages behind a count."""
    shift = shift_of(flow)
    if shift is None:
        return
    screen = ShiftStartScreen(lambda: start_view(flow, shift),
                              lambda view: with_full_hot_line(flow, view),
                              fetch=flow.screen.action_refresh_inbox)
    # How far the read (or the count after it) is when the screen opens: it heard only of
    # later progress, and showed nothing until then (session 22's walk; docs/shift.md).
    reading, counting = flow.screen.read_progress, flow.screen.feed.count_progress
    if reading[0] < reading[1]:
        screen.show_progress(*reading)
    elif counting[0] < counting[1]:
        screen.show_progress(*counting, COUNTING)
    choice = await flow.ask(screen)
    if choice is None:
        return
    if choice.opens == "queue":
        known = set(flow.queue.all_rows.each_key())
        # The line's own words, not "reports of …": team mail, notices and support mail
        # are counted there too (walk28).
        flow.queue.only = Only(frozenset(k for k in choice.keys if k in known), choice.label,
                               of="")
        flow.screen.action_focus_pane("queue")
        return
    if choice.opens == "show_hot_topics":  # escape there leads back here
        flow.screen.action_flow(choice.opens, "show_shift_start")
        return
    flow.screen.action_flow(choice.opens)


def start_view(flow: Flow, shift: Shift) -> StartView:
    """What the shift-start screen shows (blocking: the screen's thread)."""
    # A first start: the queue is still being read (its loading worker does it; reading
    # it here too raced with it). The screen counts again once it is read
    # (MailboxFeed._regather_shift_start).
    # Counted during a first read: the screen says of how many messages (issue #12's
    # walk: "7 from other teams" of the first 300 rows, under a header counting 83).
    reading = len(flow.triage.rows()) if flow.triage.first_read() else 0
    start = shift.start(counting_day=counting_day(flow))
    lines = [team_line(start), followup_line(start), StartLine(
        start.arrived.shown, start.arrived.keys, "queue", start.arrived.label),
        StartLine(start.moderation.shown, start.moderation.keys, "queue",
                  "moderation requests waiting")]
    # The hot-topics line is counted once the rest is on screen (``with_full_hot_line``):
    # it waits for the count of the queue, which took over 20 s on a loaded machine, and
    # the team mail, follow-ups and notes need none of it (docs/shift.md).
    lines.append(release_line(getattr(flow.app, "release_result", None)))
    lines.append(StartLine(HOT_PENDING, opens="show_hot_topics"))
    since = since_said(start.since, fixed_in_time=shift.as_of is not None)
    notes = "\n\n".join(
        f"{n.member}, {n.when.astimezone():%Y-%m-%d %H:%M}:\n{n.text.strip()}"
        for n in start.handoffs)
    due = [f"   {f.line}" for f in start.followups[:3]]
    if due:
        lines[1] = StartLine(lines[1].text + "\n" + "\n".join(due), lines[1].keys,
                             lines[1].opens, lines[1].label, lines[1].style)
    shift.begin()
    return StartView(f"Start of shift: {since}", tuple(lines), notes, tuple(start.problems),
                     reading, start.team_unreached)


def team_line(start: ShiftStart) -> StartLine:
    """Other teams' mail not answered: first, it takes priority."""
    count = start.team_mail
    return StartLine(f"{count.shown} (first: it takes priority)", count.keys, "queue",
                     "team mail not answered", "bold" if count.keys else "")


def followup_line(start: ShiftStart) -> StartLine:
    """My follow-ups due."""
    due = start.followups
    return StartLine(f"{len(due)} follow-up{'s' if len(due) != 1 else ''} due for you",
                     frozenset(f.key for f in due), "queue", "your follow-ups due")


def since_said(since: datetime | None, fixed_in_time: bool) -> str:
    """The start screen's title after "Start of shift: ": since when it counts. Mail fixed
    in time (the demo) shows its week at every start, which is not a first shift
    (docs/shift.md)."""
    if since is not None:
        return f"since your last shift ({since.astimezone():%Y-%m-%d %H:%M})"
    if fixed_in_time:
        return "the demo's week (its mail is fixed in time)"
    return "your first shift with hdtui here"


def counting_day(flow: Flow) -> date | None:
    """The last day of "this week" as hot topics counts it (``Insight.counting_day``:
    today); None in the demo, fixed in time, whose week ends on its newest message."""
    try:
        insight = flow.screen.insight_service()
    except Exception:  # no counting service: the shift's own default
        return None
    return None if insight.as_of_newest else insight.counting_day()


def release_line(result: FeedResult | None,
                 releases: Sequence[tuple[str, date]] = ()) -> StartLine:
    """The current release and unfixed advisories (the feeds' last copy). The release is
    the one hot topics names (``releases``: the overview's, newest last: the feeds', or
    without them the reports'), so the two lines never disagree (docs/shift.md)."""
    counted = releases[-1][0] if releases else None
    if result is None:
        if counted is not None:
            return StartLine(f"Tails {counted} (as the reports show: the feeds were not "
                             "read yet, L fetches them)", opens="show_releases")
        return StartLine("Releases: the feeds were not read yet (L fetches them)",
                         opens="show_releases")
    state = result.state
    latest = state.latest
    current = counted or state.current
    text = f"Tails {current or 'unknown'}"
    if counted is not None and counted != state.current:
        text += " (as the reports show" + (
            f"; the feeds' copy says {state.current})" if state.current else
            ": the feeds have no release, L fetches them)")
    if latest is not None and latest.date and current == state.current:
        text += f" (announced {latest.date})"
    unfixed = len(state.unfixed)
    if not result.advisories_known:  # unknown is not none (docs/releases.md)
        text += "; unfixed advisories unknown"  # (L: the pane says why)
        return StartLine(text, opens="show_releases", style="yellow")
    text += f"; {unfixed} unfixed advisor{'ies' if unfixed != 1 else 'y'}"
    return StartLine(text, opens="show_releases", style="yellow" if unfixed else "")


def hot_line(flow: Flow, counts_only: bool = True) -> StartLine:
    """The hot-topics line (``counted_hot_line`` without its overview)."""
    return counted_hot_line(flow, counts_only)[0]


def counted_hot_line(flow: Flow, counts_only: bool = True
                     ) -> tuple[StartLine, Overview | None]:
    """The top hot topics with their change since last week, then (``counts_only`` False:
    the slower part, gathered after the screen is shown) the new problems flagged and the
    regressions; not during a first read: counting would read, in this process, the
    reports the reading processes have not read yet (the screen counts again once the
    queue is read: MailboxFeed._regather_shift_start)."""
    if flow.triage.first_read():
        return StartLine("Hot topics: counted once the queue is read",
                         opens="show_hot_topics"), None
    try:
        insight = flow.screen.insight_service()
        # Stops when the app exits. After a first read this is often the count of the
        # whole queue (the feed's starts later, and finds it done): the screen says how
        # far it is (session 22's walk: 18 s with no word at 3,009 messages).
        view = insight.overview(flow.screen.feed.counting_progress(),
                                counts_only=counts_only)
    except TrackerNotSetUp:  # no known issue: nothing counted (``Insight.facts``), said short
        return StartLine(f"Hot topics: {no_issues_to_count(flow.triage.issues_missing)}",
                         opens="show_hot_topics"), None
    except Exception as error:  # counts are a help: never a reason to fail the screen
        return StartLine(f"Hot topics: not counted ({error})", opens="show_hot_topics"), None
    return StartLine(hot_text(view, flow.triage.issues_missing), opens="show_hot_topics",
                     style="yellow" if view.regressions or any(
                         c.flagged for c in view.clusters) else ""), view


def no_issues_to_count(missing: str) -> str:
    """What the hot-topics line says when no known issue is loaded (``missing``: why)."""
    return "no known issues to count (" + ("no [tracker] configured)" if missing.startswith(
        "No [tracker]") else "they could not be loaded)")


def hot_text(view: Overview, unloaded: str = "") -> str:
    """The hot-topics line: the known issues most reported this week, the new problems
    flagged (a cluster at the process's threshold) and the regressions, as hot topics
    shows them (docs/shift.md); with ``unloaded`` (why no known issue could be loaded), it
    says so first, never "nothing reported this week" (docs/config.md)."""
    # In hot topics' order (walk28 saw the regression last here and first there): the
    # regressions, the new problems flagged and the known issues, each part placed where
    # its first topic comes in ``look_order``; the 3 issues with most reports this week.
    from hdtui.domain.insight.clusters import Cluster  # counting rules: not before the frame
    from hdtui.domain.insight.look_order import HotTopic, look_order
    from hdtui.domain.insight.regressions import Regression

    parts = [no_issues_to_count(unloaded)] if unloaded else []  # not "nothing reported"
    flagged = look_order(c for c in view.clusters if c.flagged)
    issues = 0
    topics: list[HotTopic] = [*view.regressions, *flagged, *(s for s in view.hot
                                                             if s.this_week)]
    for item in look_order(topics):
        if isinstance(item, Regression):
            if item is view.regressions[0]:
                count = len(view.regressions)
                groups = ", ".join(short_group(r.group) for r in view.regressions[:HOT_SHOWN])
                parts.append(f"{count} regression{'s' if count != 1 else ''} ({groups})")
        elif isinstance(item, Cluster):
            if item is flagged[0]:
                shown = ", ".join(f"{c.id} {c.per_week[-1]} this week"
                                  for c in flagged[:HOT_SHOWN])
                more = f" and {len(flagged) - HOT_SHOWN} more" \
                    if len(flagged) > HOT_SHOWN else ""
                parts.append(f"{len(flagged)} new problem{'s' if len(flagged) != 1 else ''} "
                             f"flagged ({shown}{more})")
        elif issues < HOT_SHOWN:
            # The first says what its numbers are (walk24: a bare "(+6)" read as nothing);
            # the others, in the same form, say them short: the line keeps room for the
            # new problems and regressions at 80x24.
            before = item.per_week[-2] if len(item.per_week) > 1 else 0
            parts.append(f"#{item.iid} {item.this_week} this week "
                         f"({change_said(item.this_week, before)})" if not issues else
                         f"#{item.iid} {item.this_week} ({item.this_week - before:+d})")
            issues += 1
    if view.partial:
        parts.append("new problems and regressions: counting…")
        return "Hot topics: " + "; ".join(parts)
    if not parts:
        return "Hot topics: nothing reported this week"
    return "Hot topics: " + "; ".join(parts)


def with_full_hot_line(flow: Flow, view: StartView) -> StartView | None:
    """The screen's view with its hot-topics line counted one step further: the counts
    (``HOT_PENDING``: not counted yet; in a large queue once ``facts_wait`` allows), then
    in full (new problems and regressions too);
    None when there is nothing more to count (blocking: the screen's thread). The release
    line follows the counts' releases, so the two never disagree."""
    at = next((i for i, line in enumerate(view.lines) if line.opens == "show_hot_topics"),
              None)
    if at is None or "counting…" not in view.lines[at].text:
        return None
    pending = view.lines[at].text == HOT_PENDING
    # A large queue's saved facts are read once the whole queue has been shown a moment
    # (``facts_wait``): read at once, they were most of a warm start's first-second memory.
    if pending and not wait_for_facts(flow):
        return None
    hot, overview = counted_hot_line(flow, counts_only=pending)
    lines = [hot if i == at else line for i, line in enumerate(view.lines)]
    if overview is not None:
        lines = [release_line(getattr(flow.app, "release_result", None), overview.releases)
                 if line.opens == "show_releases" else line for line in lines]
    return replace(view, lines=tuple(lines))


def facts_wait(flow: Flow) -> float:
    """Seconds the hot-topics line waits before it reads the saved facts: until the whole
    queue has been on screen for the feed's ``COUNT_DELAY`` (when the feed's own count
    reads them), in a queue of ``FACTS_LATER_FROM`` messages or more whose saved facts are
    not read yet; 0 otherwise. The facts are not needed for the queue: read right after
    it, they were most of the warm start's memory within its first second (docs/shift.md)."""
    from hdtui.ui.widgets import mailbox_feed  # (imported with the queue's screen)

    try:
        insight = flow.screen.insight_service()
    except Exception:  # no counting service: nothing to wait for (the line says why)
        return 0.0
    if insight.saved_read or flow.triage.first_read() or \
            len(flow.triage.rows()) < FACTS_LATER_FROM:
        return 0.0
    whole = flow.screen.feed.whole_at
    if whole is None:  # not shown whole yet (offline: the cache alone): a moment from now
        return mailbox_feed.COUNT_DELAY
    return max(0.0, whole + mailbox_feed.COUNT_DELAY - time.monotonic())


def wait_for_facts(flow: Flow) -> bool:
    """Wait ``facts_wait`` (blocking: the screen's thread); False if the app ended
    meanwhile (nothing to count for)."""
    remaining = facts_wait(flow)
    ends = time.monotonic() + remaining
    while remaining > 0:
        try:
            still_wanted()
        except Abandoned:
            return False
        time.sleep(min(remaining, 0.1))
        remaining = ends - time.monotonic()
    return True


async def hand_off(flow: Flow, kept: KeptForm | None = None) -> None:
    """Write the hand-off note: prefilled from this shift's actions, edited, asked, then
    appended to the team folder. Refused in a skim with the reason (it is a write). A note
    kept when hdtui last ended under the member (``kept``, or found in the store) opens
    instead of a new one, and is forgotten once written; escape, or no at the question,
    leaves it kept. The question holds the note as typed: a hang-up there keeps it
    (docs/store.md, "Forms kept through a hang-up")."""
    shift = shift_of(flow)
    if shift is None or not flow.writable("writing a hand-off note"):
        return
    from hdtui.domain.kept_form import FormKind, KeptForm
    from hdtui.ui.screens.confirm import ConfirmScreen
    from hdtui.ui.screens.handoff import HandoffScreen

    store = flow.triage.store
    if kept is None:
        kept = await flow.run(store.kept_form, FormKind.HANDOFF)
    if kept is not None:
        text = kept.text
    else:
        watch, apart = await flow.run(_watched, flow)
        did, left = await flow.run(_prefilled, shift, apart)
        text = HandoffNote(shift.member, datetime.now(UTC), did, left, watch).text
    where = shift.team_folder or "the team folder"
    written = await flow.ask(HandoffScreen(text, where))
    if written is None:
        flow.still_kept(kept)
        return
    note = HandoffNote(shift.member, datetime.now(UTC), *split_sections(written))
    typed = KeptForm(FormKind.HANDOFF, text=written) if kept is not None or \
        written != text else None
    if not await flow.ask(ConfirmScreen(f"Write this hand-off note to {where}?",
                                        note.text, kept=typed)):
        flow.say("Nothing written.", "Hand-off")
        flow.still_kept(kept)
        return
    await flow.run(shift.write_handoff, note)
    if kept is not None:  # written: what was kept is in the team folder now
        await flow.run(store.forget_form, FormKind.HANDOFF)
    shift.handed_off = True
    flow.say(f"Hand-off note written to {where}: every member reads it at the start of "
             "their shift.", "Hand-off")


def _prefilled(shift: Shift, apart: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The note's "What I did" and "What is left" from this shift (reads the store);
    ``apart``: the linked reports the counts set apart (``_watched``)."""
    did = prefill(shift.this_shift(), shift.recorded_this_shift(), shift.wrote_this_shift(),
                  apart)
    return did, prefill_left(shift.still_held(), shift.pending_writes())


WATCH_COUNTING = ("- the queue is still being counted: what the numbers flag is not "
                  "known yet (H shows it once counted)")
""""What to watch" while the queue's count runs: waiting for its end held the note back
for as long as the count takes (minutes after a first read at 100,000)."""


def _watched(flow: Flow) -> tuple[str, frozenset[str]]:
    """The note's "What to watch" from the numbers hot topics shows (the same overview:
    ``prefill_watch``); "" when nothing can be counted (no known issue, no counting
    service): the member writes it; while the queue is counted, ``WATCH_COUNTING``
    (blocking: the flow's thread). With it, the references of the linked reports that
    overview sets apart (a version no release has: ``IssueStats.unreleased_linked``), for
    "What I did" to count links as the numbers do (walk25's item 6)."""
    try:
        insight = flow.screen.insight_service()
        if insight.counting:
            return WATCH_COUNTING, frozenset()
        view = insight.overview()
        titles = {issue.iid: issue.title for issue in flow.triage.known_issues().issues}
    except HdtuiError:  # the counts are a help: the note is written without them
        return "", frozenset()
    apart = frozenset(ref for s in view.stats.values() for ref in s.unreleased_linked)
    return prefill_watch(view, titles), apart


async def quit_offering_hand_off(flow: Flow) -> None:
    """Quitting a normal shift: offer the hand-off note first (yes writes it, then quits;
    n quits; escape stays, back to the queue: docs/shift.md). The question says how many
    claims the member still holds: the next member sees them as taken."""
    from hdtui.ui.screens.quit_question import QuitQuestion

    shift = shift_of(flow)
    held = len(await flow.run(shift.still_held)) if shift is not None else 0
    answer = await flow.ask(QuitQuestion(held))
    if answer is None:
        return
    if answer:
        await hand_off(flow)
    flow.app.exit()


async def show_thread(flow: Flow) -> None:
    """Show only the thread of the message under the cursor in the queue: the report and
    the answers to it, together (escape shows all again)."""
    shift = shift_of(flow)
    row = flow.current()
    if shift is None or row is None:
        return
    thread = await flow.run(shift.thread, row.key)
    known = set(flow.queue.all_rows.each_key())
    keys = frozenset(m.key for m in thread if m.key in known)
    described = flow.triage.describe(row.key)  # a forged report ID is not named as one
    if len(keys) < 2:
        flow.warn(f"{described} has no other message in its thread in the queue.",
                  "Thread")
        return
    flow.queue.only = Only(keys, f"the thread of {described}", of="")
    flow.screen.action_focus_pane("queue")


async def remind(flow: Flow, kept: KeptForm | None = None) -> None:
    """Keep a reminder on the message under the cursor (personal, like a note); the form
    as it was when hdtui last ended under the member (``kept``: its message; or found in
    the store) opens with what it held, forgotten once the reminder is kept (or done);
    escape, or a delay not understood, leaves it kept."""
    shift = shift_of(flow)
    row = flow.current() if kept is None else flow.row_of(kept.key)
    if shift is None or row is None:
        return
    from hdtui.domain.kept_form import FormKind
    from hdtui.ui.screens.remind import RemindScreen

    store = shift.triage.store
    current = next((r for r in store.reminders() if r.key == row.key), None)
    kept = kept or store.kept_form(FormKind.REMINDER, row.key)
    now = datetime.now(UTC)
    answer = await flow.ask(RemindScreen(row.described, "" if current is None else
                                         f"in {age_text(now, current.due)}", row.key, kept))
    if answer is None:
        flow.still_kept(kept)
        return

    async def done() -> None:  # what the form held is used: the kept form is not needed
        if kept is not None:
            await flow.run(store.forget_form, FormKind.REMINDER, row.key)

    if answer[0].strip().lower() in ("", "done"):
        if await flow.run(shift.forget_reminder, row.key):
            await done()
            flow.say(f"Reminder on {row.described} done.", "Reminder")
        else:
            flow.warn("No reminder to forget: give a delay such as 3d.", "Reminder")
        return
    try:
        delay = parse_delay(answer[0])
    except ValueError as error:
        flow.warn(str(error), "Reminder not kept")
        return
    reminder = await flow.run(shift.remind, row.key, delay, answer[1])
    await done()
    flow.say(f"Reminder kept: {row.described} comes due on "
             f"{reminder.due.astimezone():%Y-%m-%d %H:%M} (S and `hdtui followups` list "
             "it then).", "Reminder")
