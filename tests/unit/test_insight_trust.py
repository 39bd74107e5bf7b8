"""Numbers a member can trust (rules v78; docs/insight.md, "Session 24: numbers a member
can trust"): what walk24 found counted wrong on main with a queue whose truth it knew
(items B, C, D, F and G of walk23b, new defects 2, 3, 4, 6 and 9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hdtui.domain.insight.facts import ReportFacts, contact_digest, report_facts
from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.per_issue import (
    RESEND_MARK,
    follow_ups,
    hot_topics,
    issue_stats,
    not_linked_said,
    one_per_user,
    to_link,
)
from hdtui.domain.insight.regressions import (
    beyond_releases,
    fixed_said,
    since_fixed,
    unreleased,
)
from hdtui.domain.links import IssueLink
from hdtui.domain.mail import Kind
from hdtui.domain.message import Message
from hdtui.domain.queue import WHISPERBACK_SENDER, DecryptState, Entry
from hdtui.domain.report import parse_report
from hdtui.domain.text import MailText
from hdtui.domain.weekly import alone_said, as_data, markdown, unclustered
from tests.unit.test_insight import fact as insight_fact

TODAY = date(2026, 12, 7)
RELEASES = [("7.6.2", date(2026, 10, 20)), ("7.7", date(2026, 11, 10))]
WORDS = frozenset({"usb", "stick", "boot", "freeze", "black", "screen", "logo"})
ALICE = contact_digest("Alice <alice@example.org>")
BRUNO = contact_digest("bruno@example.net")


def fact(n: int, days_ago: int, **kw: object) -> ReportFacts:
    """``test_insight.fact`` counted back from this file's day, on 7.7 unless told."""
    made = insight_fact(n, 0, **{"version": "7.7", **kw})
    return replace(made, received=TODAY - timedelta(days=days_ago))


# -- new defect 2 / B: made-up IDs of an outside account ---------------------------------

def _made_up(n: int) -> str:
    return f"wb://{0xbeef00 + n:032x}"


def test_an_outside_accounts_links_to_ids_never_received_count_nowhere() -> None:
    """walk24 B: mallory's internal notes cited 5 made-up IDs; they counted "this week"
    (no received day known: the note's day), and #13576 topped hot topics."""
    mine = [fact(i, 20 + i, likely=(13576,)) for i in range(2)]
    other = [fact(10 + i, 2, likely=(19113,)) for i in range(3)]
    made_up = [IssueLink(13576, _made_up(n), TODAY, outside=True) for n in range(5)]
    stats = issue_stats(mine + other, made_up, TODAY)
    assert stats[13576].confirmed == () and stats[13576].this_week == 0
    assert stats[13576].unheld == 5
    assert stats[13576].label == (
        "0 linked, 2 likely, 0 this week (5 links of accounts outside the Help Desk to IDs "
        "this mailbox never received, not counted)")
    assert hot_topics(stats)[0].iid == 19113
    # An outside account's link to a report this mailbox holds counts, dated by the
    # report (the note's day could be any); a member's link to an ID not here counts,
    # dated by the member's note, as before.
    held = IssueLink(13576, mine[0].reference, TODAY, outside=True)
    member = IssueLink(13576, _made_up(9), TODAY - timedelta(days=1))
    stats = issue_stats(mine + other, [*made_up, held, member], TODAY)[13576]
    assert set(stats.confirmed) == {mine[0].reference, _made_up(9)}
    assert stats.this_week == 1 and stats.unheld == 5  # the member's, not the report's
    assert sum(stats.per_week) == 3
    view = overview(mine + other, [*made_up, held, member], TODAY, RELEASES)
    [issue] = [i for i in as_data(view, {})["issues"] if i["iid"] == 13576]
    assert issue["unheld"] == 5 and len(issue["confirmed"]) == 2


# -- new defect 3: a plain follow-up from the report's own address -----------------------

def _report_entry(contact: str) -> Entry:
    body = (f"Subject: Tor does not start\nFrom: {contact}\nTails-Version: 7.7\n\n"
            "What happened instead?\n----------------------\n\nTor does not start\n")
    report_id = "d3aad30a" + "0" * 24
    message = Message(key="INBOX/1", subject=MailText(f"Bug report: {report_id}"),
                      sender_address=MailText(WHISPERBACK_SENDER),
                      date=datetime(2026, 12, 5, tzinfo=UTC), encrypted=True, size=len(body))
    return Entry(message, Kind.REPORT, parse_report(body, report_id),
                 DecryptState("decrypted"))


def _mail_entry(sender: str) -> Entry:
    message = Message(key="INBOX/2", subject=MailText("Re: my bug report d3aad30a"),
                      sender_address=MailText(sender), message_id=MailText("<f@example.org>"),
                      date=datetime(2026, 12, 6, tzinfo=UTC), text=MailText("Still broken."))
    return Entry(message, Kind.SUPPORT, None, DecryptState("plain"))


def test_a_reports_contact_and_its_users_mail_have_one_digest_and_no_address() -> None:
    report = report_facts(_report_entry("Alice <Alice@Example.org>"), likely=(20402,))
    mail = report_facts(_mail_entry("alice@example.org"), likely=(20402,))
    assert report.contact == mail.contact == ALICE and "alice" not in ALICE
    assert report_facts(_mail_entry("bruno@example.net")).contact == BRUNO != ALICE
    assert report_facts(_report_entry("")).contact == "" == contact_digest("no address")


def test_an_unreadable_reports_outer_sender_is_no_contact() -> None:
    """The review of session 24: a report that could not be read took its contact digest
    from its outer sender, WhisperBack's address on every report, so all of them were one
    user ("that user again"). WhisperBack's sender and a team's address give none."""
    unreadable = Entry(_report_entry("").message, Kind.REPORT, None, DecryptState.FAILED)
    assert report_facts(unreadable, likely=(20402,)).contact == ""
    team = Entry(_mail_entry("tor@example.org").message, Kind.TEAM, None,
                 DecryptState.PLAIN)
    assert report_facts(team).contact == ""
    assert report_facts(_mail_entry("Bruno@Example.net")).contact == BRUNO


def test_a_plain_follow_up_from_the_reports_address_is_the_same_user_and_not_linked() -> None:
    """walk24's item 3: "Re: my bug report d3aad30a…" from the report's contact address
    was a 13th user of #20402, offered by `l` for linking under the report."""
    users = [fact(i, 3 + i, likely=(20402,), product=f"M{i}") for i in range(3)]
    report = fact(20, 2, likely=(20402,), contact=ALICE, product="ThinkPad")
    mail = replace(fact(21, 1, likely=(20402,), contact=ALICE), report_id="",
                   reference="mail:2026-12-06:fe94262d640c", kind="support")
    stats = issue_stats([*users, report, mail], [], TODAY)[20402]
    assert stats.label == "0 linked, 4 likely, 4 this week (5 reports, 4 users)"
    assert follow_ups(stats) == [mail]
    assert [f.key for f, _ in to_link(stats)] == [report.key, *(f.key for f in users)]
    assert "1 follow-up mail from a report's own address" in not_linked_said(stats)
    # Once the report is linked, the mail is still that user's.
    link = IssueLink(20402, report.reference, report.received or TODAY)
    after = issue_stats([*users, report, mail], [link], TODAY)[20402]
    assert after.label.startswith("1 linked, 3 likely, 4 this week")
    assert follow_ups(after) == [mail] and mail not in [f for f, _ in to_link(after)]
    # A mail from another address is another user.
    other = replace(mail, contact=BRUNO)
    assert issue_stats([*users, report, other], [], TODAY)[20402].label == (
        "0 linked, 5 likely, 5 this week")


# -- new defect 4 / F: two users, one machine model, one sentence -------------------------

def test_the_same_own_words_from_one_machine_are_one_user_whatever_the_address() -> None:
    """The review of session 24: the address is what the sender types, so three identical
    resends with x0@, x1@ and x2@ took #20402 from 6 to 8 likely when two addresses were
    two users. The same own words from the same machine within ``SAME_USER_DAYS`` fold
    whatever the address (rules v81); a rare real pair is one user fewer."""
    real = [fact(10 + i, 5, likely=(20402,), product=f"Model {i}", contact=ALICE)
            for i in range(6)]
    real = [replace(f, contact=contact_digest(f"user{i}@example.org"))
            for i, f in enumerate(real)]
    forged = [fact(i, i, likely=(20402,), product="ASUS VivoBook E410KA", words=WORDS,
                   contact=contact_digest(f"x{i}@example.org")) for i in range(3)]
    assert issue_stats(real + forged, [], TODAY)[20402].label.startswith(
        "0 linked, 7 likely")
    kept, again = one_per_user(forged)
    assert kept == [forged[2]] and sorted(f.report_id for f in again) == sorted(
        f.report_id for f in forged[:2])
    # None on one, or none on both: still one user.
    for first, second in ((ALICE, ""), ("", "")):
        two = [replace(forged[0], contact=first), replace(forged[1], contact=second)]
        assert one_per_user(two) == ([two[1]], [two[0]])
    # A message from a counted report's address is that user again, whatever it says.
    other = replace(fact(30, 0, likely=(20402,), product="Other"), contact=ALICE)
    alice = replace(forged[0], contact=ALICE)
    assert one_per_user([alice, other]) == ([alice], [other])
    # Other words, or days apart, are another user.
    assert one_per_user([forged[0], replace(forged[1], words=WORDS | {"wifi"})])[1] == []
    assert one_per_user([forged[0], replace(forged[1], received=TODAY - timedelta(
        days=9))])[1] == []


# -- new defect 6 / C: a version no release has ------------------------------------------

def test_a_report_on_a_version_no_release_has_counts_for_no_issue_and_is_said() -> None:
    """walk24's item 6: a forged 9.9 report counted as a likely #19113 user, was offered
    by `l` unmarked and then listed by the hand-off with no remark. WhisperBack writes the
    version itself; 9.9 after 7.7 was sent from no Tails anyone runs."""
    assert beyond_releases("9.9", RELEASES) and beyond_releases("8.5", RELEASES)
    for next_one in ("7.7.1", "7.8", "7.8~rc1", "8.0", "7.6.1", "git"):
        assert not beyond_releases(next_one, RELEASES), next_one
    assert not beyond_releases("9.9", [])  # no release known: nothing to tell
    real = [fact(i, i, likely=(19113,)) for i in range(4)]
    forged = fact(9, 1, likely=(19113,), version="9.9", report_id="9" * 32)
    assert unreleased([*real, forged], RELEASES) == {forged.reference}
    view = overview([*real, forged], [], TODAY, RELEASES)
    stats = view.stats[19113]
    assert len(stats.likely) == 4 and stats.unreleased == (forged,)
    assert stats.label == ("0 linked, 4 likely, 4 this week (1 report on a version no "
                           "release has, not counted)")
    assert forged not in [f for f, _ in to_link(stats)]
    assert not_linked_said(stats) == (f"\nNot linked: {'9' * 32} claims Tails 9.9, which no "
                                      "release has: not linked, not counted")
    assert forged.key not in {f.key for f in unclustered(view)}
    [issue] = as_data(view, {})["issues"]
    assert [r["message"] for r in issue["unreleased"]] == [forged.key]


# -- new defect 9: "no known issue and no group" -----------------------------------------

def test_only_truly_unplaced_messages_are_said_to_stand_alone() -> None:
    """walk24's item 9: "14 other messages belong to no known issue and no group" where 4
    printer reports stood alone: folded resends, a second user and forged reports were
    counted among them."""
    users = [fact(i, i, likely=(20402,), product=f"M{i}", words=WORDS) for i in range(3)]
    resend = fact(10, 0, likely=(20402,), product="M0", words=WORDS)
    printers = [fact(20 + i, i, words=frozenset({f"printer{i}"}), product=f"P{i}")
                for i in range(2)]
    forged = fact(30, 1, version="9.9", words=frozenset({"forged"}))
    view = overview([*users, resend, *printers, forged], [], TODAY, RELEASES)
    assert view.stats[20402].resent == (resend,)
    alone = unclustered(view)
    assert {f.key for f in alone} == {*(f.key for f in printers), forged.key}
    assert alone_said(alone, view.releases) == (
        "2 other messages belong to no known issue and no group (each stands alone); "
        "1 report on a version no release has, set apart.")
    assert alone_said(alone, view.releases) in markdown(view, {})
    assert alone_said([forged], view.releases) == (
        "1 report on a version no release has, set apart.")


# -- D / G: versions of users; "fixed in" beside reports on the fix ----------------------

def test_linked_resends_add_no_version_and_a_fix_with_reports_after_it_is_said() -> None:
    """walk24 D: after linking resends the versions went from "unknown version 1" to "3";
    G: "fixed in 7.7" on #19113 though 12 of its reports are on 7.7."""
    users = [fact(i, i, likely=(19113,), product=f"M{i}", words=WORDS) for i in range(3)]
    resends = [fact(10 + i, 0, likely=(19113,), product="M0", words=WORDS,
                    version="7.6.2") for i in range(2)]
    users[0] = replace(users[0], version="7.6.2")
    before = issue_stats([*users, *resends], [], TODAY)[19113]
    links = [IssueLink(19113, f.reference, f.received or TODAY)
             for f, _ in to_link(before)]
    after = issue_stats([*users, *resends], links, TODAY)[19113]
    assert len(after.linked_resent) == 2
    assert dict(after.versions) == dict(before.versions) == {"7.7": 2, "7.6.2": 1}
    assert RESEND_MARK.startswith("(a resend")
    assert since_fixed(after, "7.7") == 2 and since_fixed(after, "7.6.2") == 3
    assert fixed_said(after, "7.7") == "fixed in 7.7, yet 2 reports on 7.7 or later"
    assert fixed_said(after, "7.8") == "fixed in 7.8"


# -- new defect 8: what else a link moved ------------------------------------------------

def test_after_a_link_the_other_numbers_that_moved_are_said() -> None:
    """walk24's item 8: linking #19113 took it from 4 to 5 this week and "5 new problems"
    to "4"; the toast spoke only of the reports linked."""
    from hdtui.domain.insight.moved import moved_said

    likely = [fact(i, 3) for i in range(3)]  # this week, matched to no issue
    others = [fact(10 + i, 1, likely=(13576,)) for i in range(2)]
    before = overview([*likely, *others], [], TODAY, RELEASES)
    # Linked (by notes dated today; a held report keeps its own day): this week moves.
    links = [IssueLink(19113, f.reference, TODAY) for f in likely]
    after = overview([*likely, *others], links, TODAY, RELEASES)
    said = moved_said(before, after, 19113)
    assert said.startswith("Also changed: #19113 this week 0 → 3 (linked reports count")
    assert "likely" not in said.split("(")[0]  # the link itself explains those
    assert moved_said(after, after, 19113) == ""
    demoted = overview([*likely, others[0]], links, TODAY, RELEASES)
    assert "#13576 likely 2 → 1, #13576 this week 2 → 1" in moved_said(after, demoted, 19113)
