"""Follow-ups and the team folder (docs/followups.md, docs/shift.md) on a real Dovecot: two
members' stores on one mailbox, the shared folder, a user's reply threading."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from pathlib import Path

import pytest

from hdtui.domain.followups import ActKind, DueWhy
from hdtui.domain.handoff import OUTCOME, REPRODUCE, HandoffNote
from hdtui.errors import ReadOnlyError
from hdtui.services.shift import Shift
from hdtui.services.triage import Triage
from hdtui.ui.screens.shift_start import NOTES_UNREACHED, StartView, start_content
from hdtui.wiring import Setup
from tests.servers.dovecot import Dovecot
from tests.services.conftest import Members
from tests.services.test_claim_names import row_of
from tests.services.test_triage_imap import close, member, seed_reports
from tests.support.pgp import KeyPair

WIFI = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"
TEAM = "HelpDesk/Team"


def shift_of(triage: Triage) -> Shift:
    return Shift(triage, TEAM, ["Tails Help Desk <support@tails.net>"])


def test_outcomes_results_and_hand_off_notes_reach_the_other_member(
    members: Members
) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice")
    bob = members("b", "bob")
    key = row_of(alice, WIFI).key
    theirs = row_of(bob, WIFI).key
    a_shift, b_shift = shift_of(alice), shift_of(bob)
    assert b_shift.shared_lines(theirs) == []

    # Alice's outcome with its reason and her reproduce result go to the team folder
    # (created on the first write); Bob's hdtui reads them, named and dated.
    assert a_shift.share(OUTCOME, key, "stop answering: low priority") is None
    assert a_shift.share(REPRODUCE, key, "Reproduced by Help Desk in 12 minutes") is None
    assert dovecot.status(imap_user[0], TEAM)["messages"] == "2"
    # Both go into the "What I did" of Alice's hand-off note.
    assert a_shift.recorded_this_shift() == [
        f"stop answering: low priority: report {WIFI}",
        f"Reproduced by Help Desk in 12 minutes: report {WIFI}"]
    assert b_shift.recorded_this_shift() == []
    b_shift.read_team()
    lines = b_shift.shared_lines(theirs)
    assert lines[0].startswith("Outcome: stop answering: low priority (by alice, ")
    assert lines[1].startswith("Reproduce: Reproduced by Help Desk in 12 minutes (by alice")
    held = dovecot.doveadm("fetch", "-u", imap_user[0], "hdr", "mailbox", TEAM, "all")
    assert f"outcome {WIFI}" in held and "INBOX/" not in held  # people's refs, never keys

    # Alice hands off; Bob sees her note at the start of his shift.
    note = HandoffNote("alice", datetime.now(UTC), "- replied: report 8c1f",
                       "the French report", "7.3 is out tomorrow")
    a_shift.write_handoff(note)
    start = b_shift.start()
    assert [n.member for n in start.handoffs] == ["alice"]
    assert start.handoffs[0].left == "the French report"
    assert start.handoffs[0].watch == "7.3 is out tomorrow"
    assert start.moderation.shown == "moderation: not available"  # none wired here
    b_shift.moderation_waiting = lambda: frozenset({"INBOX/1/7", "INBOX/1/9"})
    waiting = b_shift.start().moderation
    assert waiting.shown == "2 moderation requests waiting"
    assert waiting.keys == {"INBOX/1/7", "INBOX/1/9"}  # the number opens them
    assert start.problems == []

    # A later record wins over an earlier one, whoever wrote it.
    assert b_shift.share(OUTCOME, theirs, "no reply needed") is None
    a_shift.read_team()
    assert a_shift.shared_lines(key)[0].startswith("Outcome: no reply needed (by bob")


def test_a_skim_reads_the_team_folder_and_refuses_a_hand_off(members: Members) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice")
    key = row_of(alice, WIFI).key
    shift_of(alice).write_handoff(HandoffNote("alice", datetime.now(UTC), "did"))
    assert shift_of(alice).share(OUTCOME, key, "no reply needed") is None
    before = dovecot.doveadm("fetch", "-u", imap_user[0], "uid flags", "mailbox", TEAM, "all")
    skim = members("s", "sam", read_only=True)
    row_of(skim, WIFI)
    shift = shift_of(skim)
    start = shift.start()
    assert [n.did for n in start.handoffs] == ["did"]
    assert shift.shared_lines(key)[0].startswith("Outcome: no reply needed (by alice")
    with pytest.raises(ReadOnlyError, match="read-only skim: writing a hand-off note"):
        shift.write_handoff(HandoffNote("sam", datetime.now(UTC), "skimmed"))
    assert shift.share(OUTCOME, key, "x") is None  # nothing shared from a skim
    after = dovecot.doveadm("fetch", "-u", imap_user[0], "uid flags", "mailbox", TEAM, "all")
    assert after == before


def test_a_users_reply_threads_under_the_report_and_comes_due(members: Members) -> None:
    dovecot, imap_user = members.dovecot, members.user
    alice = members("a", "alice")
    key = row_of(alice, WIFI).key
    shift = shift_of(alice)
    shift.record_act(key, ActKind.REPLY, "<sent-1@tails.net>")
    assert shift.followups() == []
    assert shift.waiting(key) is not None  # waiting for the user
    assert key in shift.waiting_keys()

    # The user answers the Help Desk's reply: no report ID in the subject, only
    # In-Reply-To the Message-ID of what was sent.
    dovecot.deliver(imap_user[0], (
        f"From: kestrel@example.org\nTo: support@tails.net\nSubject: Re: your answer\n"
        f"Date: {formatdate(time.time() + 60)}\nMessage-ID: <u1@example.org>\n"
        "In-Reply-To: <sent-1@tails.net>\nReferences: <sent-1@tails.net>\n\n"
        "It works with 7.5 now, thanks.\n").encode())
    rows = alice.inbox().rows
    reply = next(r for r in rows if r.summary == "Re: your answer")
    (due,) = shift.followups()
    assert (due.why, due.key, due.report_id) == (DueWhy.USER, reply.key, WIFI)
    assert [m.key for m in shift.thread(key)] == [key, reply.key]  # newest last
    assert shift.waiting(key) is None and shift.waiting_keys() == {}


def test_a_reminder_reaches_the_members_other_machine_until_it_is_done(
    members: Members
) -> None:
    laptop = members("laptop", "alice")
    server = members("server", "alice")
    bob = members("bob", "bob")
    key = row_of(laptop, WIFI).key
    for triage in (server, bob):
        row_of(triage, WIFI)
    on_laptop, on_server, bobs = shift_of(laptop), shift_of(server), shift_of(bob)
    on_laptop.remind(key, timedelta(seconds=1), "check the fix")
    time.sleep(1.1)
    on_server.read_team()
    (due,) = on_server.followups()  # alice's cron on another machine knows it
    assert (due.why, due.report_id, due.detail) == (DueWhy.REMINDER, WIFI, "check the fix")
    bobs.read_team()
    assert bobs.followups() == []  # a reminder is its member's own
    assert on_laptop.forget_reminder(key) and not on_laptop.forget_reminder(key)
    on_server.read_team()
    assert on_server.followups() == []


def test_a_first_shift_counts_what_arrived_this_week_as_hot_topics_does(
    demo_setup: Callable[..., Setup]
) -> None:
    # The walk's own Maildir: "4 arrived in the week up to the newest message" beside hot
    # topics' "0 this week" (its week ends today). One week now: the seven days to the
    # counting day (Insight.counting_day), by default the newest message's day.
    from datetime import date

    setup = demo_setup()
    setup.triage.inbox()
    assert setup.actions is not None and setup.actions.shift is not None
    shift = setup.actions.shift
    newest = shift.start()
    assert newest.arrived.shown == "12 arrived this week (the 7 days to 2026-11-26)"
    assert shift.start(counting_day=date(2026, 11, 26)).arrived == newest.arrived
    later = shift.start(counting_day=date(2026, 12, 31)).arrived
    assert later.shown == "0 arrived this week (the 7 days to 2026-12-31)" and not later.keys
    # The window is this_week's: the day seven days before is out, the day six days in.
    keys = shift.start(counting_day=date(2026, 11, 27)).arrived.keys
    assert keys < newest.arrived.keys


def test_the_hand_off_knows_the_claims_still_held_and_the_gitlab_writes(
    members: Members
) -> None:
    """walk22: the note's prefill left out the issue the member created and said "What is
    left: (nothing)" while they held two claims. A claim another member released (forced)
    is no longer the member's to hand over."""
    from hdtui.domain.gitlab_write import GitLabWrite, WriteKind
    from hdtui.domain.marks import Mark

    alice = members("a", "alice")
    bob = members("b", "bob")
    a_shift = shift_of(alice)
    assert a_shift.still_held() == []
    claimed = alice.toggle_mark(row_of(alice, WIFI), Mark.CLAIMED)
    assert a_shift.still_held() == [claimed.described]
    assert alice.claims_held() == [claimed.key]

    # Written before this shift started: not this shift's; after it: listed.
    alice.store.add_gitlab_write(GitLabWrite(a_shift.started.timestamp() - 60, 7,
                                             WriteKind.NOTE, "an older note"))
    alice.store.add_gitlab_write(GitLabWrite(time.time(), 62, WriteKind.ISSUE,
                                             "Black screen on MSI GF63"))
    assert [(w.iid, w.what) for w in a_shift.wrote_this_shift()] == [
        (62, "Black screen on MSI GF63")]

    # Bob releases Alice's claim (confirmed); once Alice's queue has read that, the claim
    # is not hers to hand over any more.
    bob.toggle_mark(row_of(bob, WIFI), Mark.CLAIMED, force=True)
    row_of(alice, WIFI)
    assert a_shift.still_held() == []


def test_offline_with_the_team_folder_never_read_its_notes_are_unknown_not_none(
        test_key: KeyPair, tmp_path: Path) -> None:
    """newcomer29's defect 9: offline with nothing read, the shift start said "None in the
    team folder yet" of a folder it never reached."""
    server = Dovecot.create()
    server.start()
    try:
        user = server.new_user()
        seed_reports(server, user[0], test_key)
        bob = member(server, user, test_key, tmp_path / "bob.json", name="bob")
        shift_of(bob).write_handoff(HandoffNote("bob", datetime.now(UTC), "- replied",
                                                "", "the Wi-Fi report"))
        close(bob)
        alice = member(server, user, test_key, tmp_path / "alice.json", name="alice")
        server.stop()
        offline = shift_of(alice).start()
        assert offline.handoffs == [] and offline.team_unreached
        view = StartView("Start of shift", (), problems=(), notes_unreached=True)
        assert "None in the team folder yet" not in start_content(view).plain
        assert NOTES_UNREACHED in start_content(view).plain
        assert "None in the team folder yet" in start_content(
            StartView("Start of shift", ())).plain

        server.start()
        back = shift_of(alice).start()
        assert not back.team_unreached and [n.member for n in back.handoffs] == ["bob"]
        close(alice)
    finally:
        server.remove()
