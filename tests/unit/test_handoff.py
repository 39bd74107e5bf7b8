"""The team folder's messages (docs/shift.md): hand-off notes and shared records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hdtui.domain.followups import Acted, ActKind
from hdtui.domain.gitlab_write import GitLabWrite, PendingWrite, WriteKind
from hdtui.domain.handoff import (
    OUTCOME,
    HandoffNote,
    change_said,
    handoff_message,
    latest_by_ref,
    parse_handoff,
    parse_record,
    prefill,
    prefill_left,
    prefill_watch,
    record_message,
    split_sections,
)

if TYPE_CHECKING:
    from hdtui.domain.insight.overview import Overview

WHEN = datetime(2026, 12, 5, 9, 40, tzinfo=UTC)


def test_a_hand_off_note_reads_back_with_its_three_parts() -> None:
    note = HandoffNote("alice", WHEN, "- 09:10 replied: report 8c1f", "the Wi-Fi one",
                       "7.3 comes out tomorrow")
    raw = handoff_message(note)
    text = raw.decode()
    assert "Subject: handoff 2026-12-05T09:40Z" in text and "X-HDTUI-Record: handoff" in text
    assert "What I did:\n- 09:10 replied" in text.replace("\r\n", "\n")
    back = parse_handoff(raw, WHEN)
    assert back == note
    record = parse_record(raw.split(b"\r\n\r\n", 1)[0])
    assert record is not None and record.kind == "handoff" and record.member == "alice"


def test_an_empty_part_reads_as_nothing_and_a_hand_written_note_is_kept() -> None:
    note = HandoffNote("bob", WHEN, "did things")
    assert "What is left:\n(nothing)" in note.text
    assert parse_handoff(handoff_message(note), WHEN) == note
    assert split_sections("just a line\nand another") == ("just a line\nand another", "", "")


def test_hostile_names_and_text_stay_data() -> None:
    note = HandoffNote("[b]mallory[/b]\x1b]52;c;x\x07", WHEN, "\x1b[2Jcleared?")
    back = parse_handoff(handoff_message(note), WHEN)
    assert back is not None
    assert back.member.startswith("[b]mallory[/b]") and "\x1b" not in back.member
    assert "\x1b" not in back.did and "[2Jcleared?" in back.did


def test_a_record_names_its_report_member_and_value() -> None:
    raw = record_message(OUTCOME, "bob", "8c1f3e0a", "<abc@example.org>",
                         "stop answering: low priority", WHEN)
    record = parse_record(raw, WHEN, uid=4)
    assert record is not None
    assert (record.kind, record.member, record.ref, record.message_id, record.value) == (
        "outcome", "bob", "8c1f3e0a", "abc@example.org", "stop answering: low priority")
    assert record.said.startswith("stop answering: low priority (by bob, 2026-12-05")
    newer = parse_record(record_message(OUTCOME, "carol", "8c1f3e0a", None, "no reply "
                                        "needed", WHEN), WHEN, uid=9)
    assert newer is not None
    assert latest_by_ref([newer, record], OUTCOME)["8c1f3e0a"].member == "carol"
    assert latest_by_ref([record], OUTCOME)["abc@example.org"].member == "bob"


def test_other_messages_of_the_folder_are_ignored() -> None:
    assert parse_record(b"Subject: claim 8c1f\r\nFrom: a <b@c>\r\n\r\n") is None
    assert parse_record(b"Subject: outcome\r\nX-HDTUI-Record: outcome\r\n\r\n") is None
    assert parse_handoff(b"Subject: hello\r\n\r\nbody") is None


def test_prefill_lists_this_shifts_actions_oldest_first() -> None:
    acts = [Acted("k2", ActKind.FT, WHEN, "b" * 8, summary="report bbbbbbbb"),
            Acted("k1", ActKind.REPLY, WHEN.replace(hour=8), "a" * 8)]
    text = prefill(acts, ["stop answering: low priority: report cccc"])
    lines = text.splitlines()
    assert lines[0].endswith("replied: report aaaaaaaa")
    assert lines[1].endswith("raised [FT]: report bbbbbbbb")
    assert lines[2] == "- stop answering: low priority: report cccc"


def test_prefill_puts_gitlab_writes_among_the_actions_by_time() -> None:
    """The issue a member created and the links they made are in "What I did" (walk22:
    a created issue was left out of the note), in time order with the mail."""
    acts = [Acted("k1", ActKind.REPLY, WHEN.replace(hour=8), "a" * 8),
            Acted("k2", ActKind.FT, WHEN.replace(hour=10), "b" * 8)]
    writes = [GitLabWrite(WHEN.timestamp(), 62, WriteKind.ISSUE, "Black screen on MSI GF63"),
              GitLabWrite(WHEN.replace(hour=11).timestamp(), 62, WriteKind.LINK,
                          "wb://" + "c" * 32)]
    lines = prefill(acts, ["reproduced: report dddd"], writes).splitlines()
    assert [line.split(" ", 2)[2] for line in lines[:4]] == [
        "replied: report aaaaaaaa", "new issue #62: Black screen on MSI GF63",
        "raised [FT]: report bbbbbbbb", f"linked 1 report to #62: {'c' * 8}"]
    assert lines[4] == "- reproduced: report dddd"


def test_prefill_left_lists_claims_held_and_writes_not_made() -> None:
    pending = PendingWrite("w1", WriteKind.LINK, 12, WHEN.timestamp(),
                           reference="wb://" + "e" * 32)
    text = prefill_left(["report 8c1f3e0a (Wi-Fi)", "mail from a user"], [pending])
    assert text.splitlines() == [
        "- still claimed by me: report 8c1f3e0a (Wi-Fi)",
        "- still claimed by me: mail from a user",
        f"- not on GitLab yet (kept in the outbox): {pending.line()}"]
    assert prefill_left([]) == ""
    # An empty "What is left" still reads "(nothing)" in the note.
    assert "What is left:\n(nothing)" in HandoffNote("a", WHEN, "did", "").text


def _walk24_view() -> Overview:
    """The numbers walk24's member saw: #13576 up from 2 to 8, #19113 down, 3 new problems
    flagged and a regression on 7.7."""
    from datetime import date

    from hdtui.domain.insight.clusters import Cluster
    from hdtui.domain.insight.overview import Overview
    from hdtui.domain.insight.per_issue import IssueStats
    from hdtui.domain.insight.regressions import Regression

    today = date(2026, 12, 7)

    def issue(iid: int, weeks: tuple[int, ...]) -> IssueStats:
        return IssueStats(iid, (), (), (), weeks, (), (), None, None)

    hot = (issue(13576, (0, 0, 0, 0, 0, 0, 2, 8)), issue(19113, (0, 0, 0, 0, 0, 0, 6, 5)))
    flagged = tuple(Cluster(f"C-{n:06x}", label, (label,), tuple(f"k{n}{m}" for m in range(4)),
                            (0, 0, 0, 0, 0, 0, 0, n), (today,))
                    for n, label in ((4, 'same journal line "NetworkManager[#]: <warn> '
                                      'hotel portal"'), (3, "same machine ASUS E410KA"),
                                     (2, "similar words (4 reports)")))
    quiet = Cluster("C-000009", "same GPU 8086:5917", (), ("a", "b"), (0, 0, 0, 0, 0, 0, 0, 1))
    regression = Regression("GPU 8086:5917 (3 of them also machine ThinkPad T480)", "7.7",
                            6, 28, 0, 4)
    return Overview(today, 8, (), {}, hot, (*flagged, quiet), (regression,), ())


def test_what_to_watch_lists_what_the_numbers_flag() -> None:
    """walk24: the note said "What to watch: (nothing)" beside 3 flagged new problems and
    a regression; it lists them now, and the issues that rose, from the same numbers."""
    watch = prefill_watch(_walk24_view(), {13576: "MacBook Pro keyboard and trackpad"})
    assert watch.split("\n") == [
        "- regression on 7.7: GPU 8086:5917, 6 reports in 28 days, 0 on earlier versions",
        "- new problem C-000004: 4 this week, 4 reports, flagged (no issue yet: I in hot "
        "topics drafts one) · same journal line of NetworkManager[#]:",
        "- new problem C-000003: 3 this week, 4 reports, flagged (no issue yet: I in hot "
        "topics drafts one) · same machine ASUS E410KA",
        "- new problem C-000002: 2 this week, 4 reports, flagged (no issue yet: I in hot "
        "topics drafts one) · similar words (4 reports)",
        "- #13576 rose: 8 this week (+6 on last week) · MacBook Pro keyboard and trackpad",
    ]
    note = HandoffNote("alice", WHEN, watch=watch).text
    assert "What to watch:\n- regression on 7.7" in note
    assert split_sections(note)[2] == watch
    # Nothing flagged, nothing risen: nothing to watch; counts only (partial): nothing said.
    calm = replace(_walk24_view(), hot=(), clusters=(), regressions=())
    assert prefill_watch(calm) == ""
    assert prefill_watch(replace(_walk24_view(), partial=True)) == ""
    assert change_said(2, 2) == "as many as last week" and change_said(1, 3) == \
        "-2 on last week"


def test_what_to_watch_does_not_wait_for_the_queues_count() -> None:
    """Pressed while the queue is counted (minutes after a first read at 100,000), the
    note opens at once and says the numbers are not known yet, rather than waiting."""
    from types import SimpleNamespace
    from typing import Any

    from hdtui.ui.flows.shift import WATCH_COUNTING, _watched

    def never() -> Overview:
        raise AssertionError("an overview while the queue is counted waits for the count")

    insight = SimpleNamespace(counting=True, overview=never)
    flow: Any = SimpleNamespace(screen=SimpleNamespace(insight_service=lambda: insight),
                                triage=SimpleNamespace())
    assert _watched(flow) == (WATCH_COUNTING, frozenset())
    insight.counting = False
    insight.overview = _walk24_view
    flow.triage.known_issues = lambda: SimpleNamespace(issues=())
    assert _watched(flow)[0].startswith("- regression on 7.7: GPU 8086:5917")


def test_one_l_of_many_reports_is_one_line_per_issue() -> None:
    """walk24b's item 4: one `l` of 18 reports wrote 18 lines in "What I did"."""
    at = WHEN.replace(hour=11).timestamp()
    refs = [f"wb://{n:02x}" + "d" * 30 for n in range(18)]
    writes = [GitLabWrite(at + n, 19113, WriteKind.LINK, ref) for n, ref in enumerate(refs)]
    writes.append(GitLabWrite(at + 30, 13576, WriteKind.LINK, "mail:2026-12-01:0123456789ab"))
    writes.append(GitLabWrite(at + 40, 19113, WriteKind.LINK, refs[0]))  # linked again
    lines = prefill([], [], writes).splitlines()
    assert len(lines) == 2
    assert lines[0].split(" ", 2)[2] == (
        "linked 18 reports to #19113: 00dddddd, 01dddddd, 02dddddd, 03dddddd and 14 more")
    assert lines[1].split(" ", 2)[2] == "linked 1 report to #13576: mail:2026-12-01:0123456789ab"


def test_a_link_to_a_forged_report_is_said_apart_as_the_counts_say_it() -> None:
    """walk25's item 6: the draft said "linked 16 reports to #19113: a92c82fa, ..." with a
    forged 9.9 report first and no remark, where hot topics counts 15: the links to
    reports the counts set apart (``IssueStats.unreleased_linked``) are said apart."""
    at = WHEN.replace(hour=11).timestamp()
    forged = "wb://a92c82fa" + "e" * 24
    refs = [forged] + [f"wb://{n:02x}" + "d" * 30 for n in range(15)]
    writes = [GitLabWrite(at + n, 19113, WriteKind.LINK, ref) for n, ref in enumerate(refs)]
    (line,) = prefill([], [], writes, frozenset({forged})).splitlines()
    assert line.split(" ", 2)[2] == (
        "linked 15 reports to #19113: 00dddddd, 01dddddd, 02dddddd, 03dddddd and 11 more "
        "(and 1 report on a version no release has, not counted: a92c82fa)")
    (line,) = prefill([], [], writes[:1], frozenset({forged})).splitlines()
    assert line.split(" ", 2)[2] == (
        "linked 1 report to #19113 on a version no release has, not counted: a92c82fa")
