"""Mailman's mail to moderators read as moderation items (docs/moderation.md): notices
generated here for Mailman 2.1 and 3, encoded subjects, every hold reason, digests,
"results" answers, malformed and forged notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.header import Header

import pytest

from hdtui.config import DEFAULT_TEAM_ADDRESSES
from hdtui.domain.mail import Kind
from hdtui.domain.moderation import (
    MAILMAN_2,
    MAILMAN_3,
    REASONS_2,
    REASONS_3,
    Action,
    Digest,
    HeldPost,
    Outcome,
    Results,
    Unreadable,
    confirmation,
    read_notice,
    status,
)
from hdtui.domain.queue import Entry, classify
from hdtui.sources.parse import HIDDEN_PASSWORD, parse_message
from tests.support import mailman

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def held(raw: bytes) -> HeldPost:
    notice = read_notice(parse_message(raw, "k").message)
    assert isinstance(notice, HeldPost), notice
    return notice


def test_a_mailman_2_notice_gives_list_sender_subject_reason_cookie_and_the_post() -> None:
    code = mailman.cookie()
    post = held(mailman.notice("tails-testers", code=code))
    assert post.version == MAILMAN_2
    assert post.list_name == "Tails-testers"
    assert post.list_address == "tails-testers@boum.org"
    assert post.request_address == "tails-testers-request@boum.org"
    assert post.sender == "someone@example.org"
    assert post.subject == "Tails 7.6 fixed my Wi-Fi"
    assert post.reason == "Post by non-member to a members-only list"
    assert post.cookie == code
    assert post.admin_url == "https://lists.boum.org/mailman/admindb/tails-testers"
    assert post.post is not None and "ThinkPad T480" in post.post.text
    assert post.post.sender_address == "someone@example.org"
    assert post.problems == ()
    assert post.expires() == datetime(2026, 12, 7, 9, 1, tzinfo=UTC)


def test_a_mailman_3_notice_names_the_list_by_address() -> None:
    post = held(mailman.notice("tails-dev", version="3.3.8",
                               reason="The message is not from a list member"))
    assert post.version == MAILMAN_3
    assert post.list_name == "tails-dev@boum.org"
    assert post.request_address == "tails-dev-request@boum.org"
    assert post.reason == "The message is not from a list member"
    assert post.admin_url == ""  # Mailman 3 points to the dashboard, no URL


@pytest.mark.parametrize("reason", [*REASONS_2, "Message body is too big: 52311 bytes with a "
                                    "limit of 40 KB", *REASONS_3])
def test_every_hold_reason_is_read(reason: str) -> None:
    assert held(mailman.notice(reason=reason)).reason == reason


def test_encoded_subjects_are_decoded() -> None:
    post = mailman.held_post(sender="Zoé <zoe@example.org>", subject="Écran noir après 7.6 🙁")
    raw = mailman.notice(post=post)
    assert b"=?utf-8?" in raw.lower()  # the headers really are RFC 2047 encoded
    found = held(raw)
    assert found.subject == "Écran noir après 7.6 🙁"
    assert found.post is not None and found.post.subject == "Écran noir après 7.6 🙁"
    assert "zoe@example.org" in found.sender


def test_an_encoded_notice_subject_is_recognised() -> None:
    subject = str(Header("Tails-testers post from zoé@example.org requires approval",
                         "utf-8").encode())
    assert held(mailman.notice(subject=subject)).list_name == "Tails-testers"


def test_a_notice_without_its_confirmation_says_so_and_offers_no_action() -> None:
    post = held(mailman.notice(with_confirm=False))
    assert post.cookie == "" and not post.actionable
    assert any("no confirmation message" in p for p in post.problems)
    with pytest.raises(ValueError, match="web page"):
        confirmation(post, Action.DISCARD)


def test_a_notice_without_the_held_post_says_so() -> None:
    post = held(mailman.notice(with_post=False))
    assert post.post is None and post.actionable
    assert any("not attached" in p for p in post.problems)


def test_a_forged_confirmation_sender_is_not_where_the_confirmation_goes() -> None:
    raw = mailman.notice().replace(b"From: tails-testers-request@boum.org",
                                   b"From: evil-request@attacker.example")
    post = held(raw)
    assert post.request_address == "tails-testers-request@boum.org"
    assert any("attacker.example" in p for p in post.problems)


@pytest.mark.parametrize("raw", [
    b"From: someone@example.org\nSubject: Tails-dev post from x@y.z requires approval\n\nhi\n",
    b"From: tails-dev-owner@boum.org\nSubject: Tails-dev post from x requires approval\n"
    b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: message/rfc822\n\n"
    b"garbage\x1b]52;c;aGk=\x07\n--zz--\n",
    b"From: tails-dev-owner@boum.org\nSubject: Tails-dev post from x requires approval\n\n",
    b"\x00\xff\xfe",
])
def test_malformed_notices_never_crash_and_say_what_they_lack(raw: bytes) -> None:
    message = parse_message(raw, "k").message
    notice = read_notice(message)
    assert notice is None or isinstance(notice, (HeldPost, Unreadable))
    if isinstance(notice, HeldPost):
        assert notice.problems
    kind = classify(message, DEFAULT_TEAM_ADDRESSES)
    entry = Entry(message, kind)
    assert entry.summary  # a line in the queue, whatever it got
    if kind is Kind.LIST_ADMIN and notice is not None:
        assert entry.problems  # the note shows on the message


def test_a_notice_not_from_a_list_owner_is_plain_mail_with_a_note() -> None:
    raw = (b"From: someone@example.org\nSubject: Tails-dev post from x@y.z requires "
           b"approval\n\nhi\n")
    notice = read_notice(parse_message(raw, "k").message)
    assert isinstance(notice, Unreadable) and "-owner" in notice.note


def test_a_digest_gives_counts_only() -> None:
    notice = read_notice(parse_message(mailman.digest("tails-dev", 3), "k").message)
    assert notice == Digest("Tails-dev", 3, "tails-dev@boum.org")


def test_held_notices_are_list_moderation_items_with_their_own_summary() -> None:
    message = parse_message(mailman.notice(), "k").message
    entry = Entry(message, classify(message, DEFAULT_TEAM_ADDRESSES))
    assert entry.kind is Kind.LIST_ADMIN
    assert entry.summary == ("Held on tails-testers: Tails 7.6 fixed my Wi-Fi — from "
                             "someone@example.org")


def answer(code: str, result: str, approved: bool = False, hours: int = 1) -> Results:
    body = "Approved: hunter2\n" if approved else ""
    original = (f"From: support@tails.net\nTo: tails-testers-request@boum.org\nSubject: Re: "
                f"confirm {code}\n\n{body}").encode()
    raw = mailman.results(original, result, date=NOW + timedelta(hours=hours))
    message = parse_message(raw, "k").message
    assert "hunter2" not in message.text and HIDDEN_PASSWORD in message.text if approved \
        else True
    assert all("hunter2" not in e.text for e in message.embedded)
    notice = read_notice(message)
    assert isinstance(notice, Results)
    return notice


def test_results_are_matched_by_cookie_and_tell_approve_from_discard() -> None:
    code = mailman.cookie()
    assert answer(code, mailman.SUCCEEDED).outcome is Outcome.DISCARDED
    assert answer(code, mailman.SUCCEEDED, approved=True).outcome is Outcome.APPROVED
    assert answer(code, mailman.INVALID).outcome is Outcome.INVALID
    assert answer(code, mailman.BAD_PASSWORD, approved=True).outcome is Outcome.BAD_PASSWORD
    assert answer(code, mailman.SUCCEEDED).cookie == code


def test_status_of_a_held_post() -> None:
    code = mailman.cookie()
    post = held(mailman.notice(code=code))
    other = answer(mailman.cookie(), mailman.SUCCEEDED)
    assert status(post, [other], NOW).text == "held, waiting for a moderator"
    assert "sent" in status(post, [], NOW, "discard").text
    discarded = answer(code, mailman.SUCCEEDED)
    assert status(post, [other, discarded], NOW).text.startswith("discarded")
    late = answer(code, mailman.INVALID, hours=2)
    both = status(post, [late, discarded], NOW)
    assert both.done and "already handled" in both.text and both.text.startswith("discarded")
    refused = status(post, [answer(code, mailman.INVALID)], NOW)
    assert refused.done and "another moderator" in refused.text
    wrong = status(post, [answer(code, mailman.BAD_PASSWORD, approved=True)], NOW)
    assert not wrong.done and "password" in wrong.text
    assert status(post, [], NOW + timedelta(days=3)).text.startswith("expired")


def test_the_confirmation_is_the_cookie_and_nothing_else() -> None:
    code = mailman.cookie()
    post = held(mailman.notice(code=code))
    discard = confirmation(post, Action.DISCARD)
    assert (discard.to, discard.subject, discard.body()) == (
        "tails-testers-request@boum.org", f"Re: confirm {code}", "")
    approve = confirmation(post, Action.APPROVE)
    assert approve.body("s3cret") == "Approved: s3cret\n"
    assert "s3cret" not in approve.preview()
    with pytest.raises(ValueError):
        approve.body("")
    with pytest.raises(ValueError):
        approve.body("two\nlines")


def test_kind_moderation_filters_list_moderation() -> None:
    from hdtui.domain.query import parse

    for text in ("kind:moderation", "k:mod", "kind:list"):
        (term,) = parse(text).terms
        assert term.kind is Kind.LIST_ADMIN


def test_a_mailman_3_approval_carries_the_password_in_a_header_only() -> None:
    post = held(mailman.notice("tails-dev", version="3.3.8"))
    approve = confirmation(post, Action.APPROVE)
    assert approve.body("s3cret") == "" and approve.header("s3cret") == "s3cret"
    assert "Approved: (the moderator password" in approve.preview()
    assert confirmation(post, Action.DISCARD).header("s3cret") is None
    mm2 = confirmation(held(mailman.notice()), Action.APPROVE)
    assert mm2.header("s3cret") is None and mm2.body("s3cret") == "Approved: s3cret\n"


def test_an_approved_header_is_kept_as_a_fact_never_its_value() -> None:
    code = mailman.cookie()
    original = (f"From: support@tails.net\nTo: tails-testers-request@boum.org\nApproved: "
                f"hunter2\nSubject: Re: confirm {code}\n\n").encode()
    raw = mailman.results(original, mailman.SUCCEEDED)
    assert b"hunter2" in raw
    message = parse_message(raw, "k").message
    notice = read_notice(message)
    assert isinstance(notice, Results) and notice.outcome is Outcome.APPROVED
    (embedded,) = message.embedded
    assert ("Approved", HIDDEN_PASSWORD) in embedded.headers
    assert "hunter2" not in repr(message)
