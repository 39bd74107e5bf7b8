"""The demo's clock (docs/insight.md, "The demo's clock"): every window a member sees in
the demo ends at its newest message, one clock the wiring gives the counts, the
follow-ups and the held posts; a real mailbox keeps the wall clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hdtui.services.moderation import newest_message
from hdtui.services.shift import Shift
from hdtui.wiring import Setup


def test_the_demos_windows_end_at_its_newest_message_on_any_day(
    demo_setup: Callable[..., Setup]
) -> None:
    setup = demo_setup()
    setup.triage.inbox()
    actions = setup.actions
    assert actions is not None and actions.shift is not None
    shift, moderator = actions.shift, actions.moderator
    newest = newest_message(setup.triage)
    assert newest.date().isoformat() == "2026-11-26"  # demo/build.py's newest mail
    # One clock: the follow-ups' acts, the held posts and the counts read the same.
    assert shift.as_of is not None and shift.as_of() == newest
    assert moderator is not None and moderator.now() == newest
    # Before any fact is known the counts' "this week" ends on the newest message's day
    # too (it ended on the wall clock's today, weeks after the demo's last mail).
    assert setup.insight.counting_day(()) == newest.date()

    # The same follow-ups, held posts and first shift's week 30 and 400 days later.
    due = [f.key for f in shift.followups(newest)]
    assert due, "the demo's follow-ups are gone"
    arrived = shift.start(newest).arrived
    assert arrived.keys
    for later in (newest + timedelta(days=30), newest + timedelta(days=400)):
        assert [f.key for f in shift.followups(later)] == due
        assert shift.start(later).arrived == arrived
    assert moderator.waiting()

    # A second start of the demo: its previous shift began on the wall clock, after all
    # of its mail; it said "0 arrived since your last shift", now the same week.
    shift.begin()
    again = Shift(setup.triage, shift.team_folder, shift.helpdesk)
    assert again.last_shift() == shift.started
    assert not again.start(newest).arrived.keys  # the wall clock's rule: nothing since
    again.as_of = shift.as_of
    assert again.start(newest + timedelta(days=400)).arrived == arrived

