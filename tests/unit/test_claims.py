"""Claim messages of the shared claims folder (hdtui/domain/claims.py, docs/marks.md):
what hdtui writes, and what it reads back from anything another client left there."""

from __future__ import annotations

from datetime import UTC, datetime

from hdtui.domain.claims import (
    ClaimNote,
    claim_message,
    claim_ref,
    claimant,
    claimed_by_text,
    names_by_ref,
    parse_claim,
)
from hdtui.domain.text import has_unsafe

WHEN = datetime(2026, 3, 4, 12, 3, tzinfo=UTC)
REPORT = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def test_a_claim_message_names_the_member_and_the_report_and_nothing_else() -> None:
    data = claim_message("alice", REPORT, "<abc@example.org>", WHEN)
    text = data.decode("ascii")
    assert "From: alice <claims@hdtui.invalid>" in text
    assert f"Subject: claim {REPORT}\r\n" in text
    assert "X-HDTUI-Claimed-Message-ID: <abc@example.org>" in text
    note = parse_claim(data, WHEN)
    assert note == ClaimNote("alice", REPORT, "abc@example.org", WHEN)


def test_the_reference_is_the_report_id_else_the_message_id() -> None:
    assert claim_ref(REPORT, "<a@b>") == REPORT
    assert claim_ref(None, "<a@b>") == "a@b"
    assert claim_ref(None, None) == ""
    assert claim_ref(None, "<a b@c>") == ""  # not one word: no claim message can name it


def test_a_non_ascii_name_travels_encoded_and_comes_back() -> None:
    data = claim_message("Zoë 日本", REPORT, None, WHEN)
    assert data.isascii()
    note = parse_claim(data)
    assert note is not None and note.member == "Zoë 日本" and note.message_id == ""


def test_hostile_names_are_data() -> None:
    for sender in ("[b red]mallory[/]", "\x1b[31mmallory\x1b]0;pwned\x07",
                   "=?utf-8?q?=1B[2J=E2=80=AEevil?=", "a" * 500):
        raw = f"From: {sender} <x@y>\r\nSubject: claim {REPORT}\r\n\r\n".encode("utf-8",
                                                                               "surrogateescape")
        note = parse_claim(raw)
        assert note is not None and not has_unsafe(note.member)
        assert len(note.member) <= 40 and "\n" not in note.member
    markup = parse_claim(f"From: [b red]mallory[/] <x@y>\r\nSubject: claim {REPORT}\r\n"
                         "\r\n".encode())
    assert markup is not None and markup.member == "[b red]mallory[/]"
    # Shown literally in the report view: the brackets are text, not style.
    assert "[b red]mallory[/]" in claimed_by_text(markup)


def test_not_a_claim_message() -> None:
    for raw in (b"", b"Subject: hello\r\n\r\n", b"Subject: claim\r\n\r\n",
                b"Subject: claim a b\r\n\r\n", b"Subject: claim \x1b[2J\r\n\r\n",
                b"From: \xff\xfe\r\nSubject: claims x\r\n\r\n"):
        assert parse_claim(raw) is None, raw
    assert parse_claim(b"From: \xff\xfe\r\nSubject: claim x\r\n\r\n") is not None


def test_the_newest_claim_message_names_a_claim_by_report_id_or_message_id() -> None:
    older = ClaimNote("alice", REPORT, "m@x", WHEN)
    newer = ClaimNote("bob", REPORT, "", WHEN)
    mail = ClaimNote("carol", "q@x", "q@x", None)
    notes = names_by_ref([older, newer, mail])
    assert claimant(notes, REPORT, None) is newer
    assert claimant(notes, None, "<m@x>") is older
    assert claimant(notes, None, "<q@x>") is mail
    assert claimant(notes, None, "<other@x>") is None
    assert claimed_by_text(None) == "another member"
    assert claimed_by_text(mail) == "carol"
    local = WHEN.astimezone()
    assert claimed_by_text(newer) == f"bob ({local:%H:%M})"


def test_names_with_quotes_commas_and_brackets_come_back_as_written() -> None:
    for name in ('a "q" b', "x\\y", "[b]alice[/b]", "Doe, Jane", "<root>"):
        note = parse_claim(claim_message(name, REPORT, None, WHEN))
        assert note is not None and note.member == name, name
