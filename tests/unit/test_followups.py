"""Follow-ups (docs/followups.md): thread grouping, what comes due, waiting for the user."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hdtui.domain.followups import (
    Acted,
    ActKind,
    DueWhy,
    Reminder,
    ThreadMessage,
    age_text,
    due,
    group_threads,
    parse_delay,
    thread_members,
    waiting_since,
)
from hdtui.domain.mail import Kind
from hdtui.store import LocalStore

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
RID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def at(hours: float) -> float:
    return (T0 + timedelta(hours=hours)).timestamp()


REPORT = ThreadMessage("INBOX/1/1", at(0), Kind.REPORT, RID, "r1@example.org")
# The user answers the Help Desk's reply: "Re: ... Bug report: <id>".
BY_ID = ThreadMessage("INBOX/1/5", at(30), Kind.SUPPORT, RID, "u1@example.org",
                      sender="kestrel@example.org")
# A reply with no report ID, threaded by In-Reply-To the Help Desk's sent Message-ID.
BY_REF = ThreadMessage("INBOX/1/6", at(40), Kind.SUPPORT, "", "u2@example.org",
                       ("sent-1@hdtui.invalid",), "kestrel@example.org")
OTHER = ThreadMessage("INBOX/1/2", at(1), Kind.SUPPORT, "", "o@example.org",
                      sender="someone@example.org")
ACT = Acted("INBOX/1/1", ActKind.REPLY, T0 + timedelta(hours=2), RID, "r1@example.org",
            "sent-1@hdtui.invalid", f"report {RID[:8]}")


def test_a_reply_joins_its_report_by_report_id_and_by_references() -> None:
    threads = group_threads([BY_REF, OTHER, BY_ID, REPORT],
                            {"sent-1@hdtui.invalid": REPORT.key})
    assert threads[BY_ID.key] == REPORT.key  # the oldest message heads the thread
    assert threads[BY_REF.key] == REPORT.key
    assert threads[OTHER.key] == OTHER.key
    members = thread_members(threads, BY_REF.key, [BY_REF, OTHER, BY_ID, REPORT])
    assert [m.key for m in members] == [REPORT.key, BY_ID.key, BY_REF.key]  # newest last


def test_references_alone_chain_a_thread() -> None:
    first = ThreadMessage("k1", at(0), Kind.SUPPORT, "", "a@x")
    second = ThreadMessage("k2", at(1), Kind.SUPPORT, "", "b@x", ("a@x",))
    third = ThreadMessage("k3", at(2), Kind.SUPPORT, "", "c@x", ("a@x", "b@x"))
    assert set(group_threads([third, second, first]).values()) == {"k1"}


def test_an_answer_after_my_reply_comes_due_once_per_thread_newest_answer() -> None:
    found = due([ACT], [REPORT, BY_ID, BY_REF, OTHER], [], T0 + timedelta(days=3))
    assert [(f.why, f.key) for f in found] == [(DueWhy.USER, BY_REF.key)]
    assert found[0].report_id == RID and "after you replied" in found[0].detail
    assert found[0].data()["why"] == "user"


def test_nothing_is_due_before_an_answer_or_from_the_help_desk_itself() -> None:
    assert due([ACT], [REPORT, OTHER], [], T0 + timedelta(days=3)) == []
    ours = ThreadMessage("INBOX/1/7", at(50), Kind.SUPPORT, RID, "h@x",
                         sender="support@tails.net")
    assert due([ACT], [REPORT, ours], [], T0, helpdesk=["Support@tails.net"]) == []
    earlier = ThreadMessage("INBOX/1/8", at(1), Kind.SUPPORT, RID, "e@x", sender="u@x")
    assert due([ACT], [REPORT, earlier], [], T0) == []  # before my reply: not an answer


def test_a_team_answer_and_a_changed_issue_come_due() -> None:
    team = ThreadMessage("INBOX/1/9", at(5), Kind.TEAM, RID, "t@x", sender="ft@x")
    act = Acted("INBOX/1/1", ActKind.FT, T0 + timedelta(hours=1), RID)
    changed = {"INBOX/1/1": (19113, T0 + timedelta(hours=6))}
    found = due([act], [REPORT, team], [], T0, issue_changes=changed)
    assert [f.why for f in found] == [DueWhy.ISSUE, DueWhy.TEAM]
    assert "#19113" in found[0].detail
    stale = {"INBOX/1/1": (19113, T0)}
    assert [f.why for f in due([act], [REPORT], [], T0, issue_changes=stale)] == []


def test_a_reminder_comes_due_at_its_time() -> None:
    reminder = Reminder("INBOX/1/1", T0 + timedelta(days=3), "check the fix", T0, RID)
    assert due([], [REPORT], [reminder], T0 + timedelta(days=2)) == []
    (found,) = due([], [REPORT], [reminder], T0 + timedelta(days=3))
    assert found.why is DueWhy.REMINDER and found.detail == "check the fix"


def test_waiting_for_the_user_until_they_answer() -> None:
    assert waiting_since([ACT], [REPORT]) == ACT.when
    assert waiting_since([ACT], [REPORT, BY_ID]) is None
    forward = Acted("INBOX/1/1", ActKind.FORWARD, T0)
    assert waiting_since([forward], [REPORT]) is None  # a team, not the user
    assert age_text(T0, T0 + timedelta(days=2, hours=3)) == "2 d"
    assert age_text(T0, T0 + timedelta(minutes=5)) == "5 min"


@pytest.mark.parametrize(("text", "days"), [("3d", 3), ("3 days", 3), ("2w", 14), ("4", 4)])
def test_reminder_delays(text: str, days: int) -> None:
    assert parse_delay(text) == timedelta(days=days)


def test_a_bad_delay_says_what_is_accepted() -> None:
    assert parse_delay("12h") == timedelta(hours=12)
    for bad in ("", "soon", "0d", "-1d", "900w"):
        with pytest.raises(ValueError, match="3d, 12h or 2w"):
            parse_delay(bad)


def test_a_team_alerted_about_an_issue_answers_by_naming_it() -> None:
    alert = Acted("INBOX/1/1", ActKind.TEAM, T0 + timedelta(hours=1), RID, "r1@example.org",
                  team="Foundations Team", issue=19113)
    # The team's mail names the issue, not the report: another thread, still the answer.
    before = ThreadMessage("INBOX/1/3", at(0.5), Kind.TEAM, "", "t0@x", issue=19113)
    other = ThreadMessage("INBOX/1/4", at(3), Kind.TEAM, "", "t1@x", issue=19999)
    answer = ThreadMessage("INBOX/1/5", at(4), Kind.TEAM, "", "t2@x", issue=19113)
    user = ThreadMessage("INBOX/1/6", at(5), Kind.SUPPORT, "", "u@x", sender="u@x",
                         issue=19113)  # only a team's mail answers an alert
    assert due([alert], [REPORT, before, other, user], [], T0 + timedelta(days=1)) == []
    (found,) = due([alert], [REPORT, before, other, answer, user], [], T0 + timedelta(days=1))
    assert (found.why, found.key, found.report_id) == (DueWhy.TEAM, answer.key, RID)
    assert found.detail == "after you alerted Foundations Team about #19113"
    # Their mail in the report's thread (its report ID) answers it too.
    in_thread = ThreadMessage("INBOX/1/7", at(6), Kind.TEAM, RID, "t3@x")
    (found,) = due([alert], [REPORT, answer, in_thread], [], T0 + timedelta(days=1))
    assert found.key == in_thread.key  # the newest answer
    assert alert.did == "alerted Foundations Team about #19113"
    assert ACT.did == "replied"


def test_acts_recorded_before_alerts_were_acts_read_back(tmp_path: Path) -> None:
    """The team and issue of an act are new fields with defaults: a store of format 4
    written before them reads as it was (no new format: docs/store.md)."""
    path = tmp_path / "store.json"
    path.write_text(json.dumps({
        "meta": {"1": {"name": "format", "value": 4}},
        "acted": {"1": {"key": "INBOX/1/1", "kind": "reply", "when": T0.isoformat(),
                        "report_id": RID, "message_id": "r1@example.org",
                        "sent_id": "sent-1@x", "summary": "the Wi-Fi report"}}}))
    store = LocalStore(path)
    try:
        (act,) = store.acted()
        assert (act.kind, act.when, act.team, act.issue) == (ActKind.REPLY, T0, "", 0)
        store.add_acted(Acted("INBOX/1/1", ActKind.TEAM, T0, RID, team="Foundations Team",
                              issue=19113))
        assert [(a.team, a.issue) for a in store.acted()] == [("", 0),
                                                              ("Foundations Team", 19113)]
    finally:
        store.close()
