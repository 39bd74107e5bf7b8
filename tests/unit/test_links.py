"""Tests the pure link helpers: references, the note marker, counting per week."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from hdtui.domain.links import (
    CountRule,
    IssueLink,
    NoteLink,
    ReportCount,
    count_reports,
    is_reference,
    mail_reference,
    note_body,
    parse_note,
    report_reference,
)

RID = "8c1f3e0a9b7d42e6a5f01c3d9e2b7a64"


def test_report_reference() -> None:
    assert report_reference(RID) == f"wb://{RID}"
    assert report_reference(f"  WB://{RID.upper()} ") == f"wb://{RID}"
    assert report_reference("72e11dad9c9faf4d5a990800a3349dd").startswith("wb://72e")  # 31
    for bad in ("", "xyz", RID + "0", "wb://"):
        with pytest.raises(ValueError):
            report_reference(bad)


def test_mail_reference_is_opaque_and_stable() -> None:
    reference = mail_reference("<CAF1234@mail.example.org>", date(2026, 11, 19))
    digest = hashlib.sha256(b"CAF1234@mail.example.org").hexdigest()[:12]
    assert reference == f"mail:2026-11-19:{digest}"
    assert mail_reference(" CAF1234@mail.example.org ", date(2026, 11, 19)) == reference
    assert "example" not in reference and is_reference(reference)
    with pytest.raises(ValueError):
        mail_reference("<>", date(2026, 11, 19))


def test_note_round_trip() -> None:
    body = note_body(f"wb://{RID}", date(2026, 11, 19))
    assert body == f"Help Desk report: wb://{RID} received 2026-11-19 (hdtui)"
    assert parse_note(body) == [NoteLink(f"wb://{RID}", date(2026, 11, 19))]
    # a note carries an ID and a date, never a report's words: anything else is refused
    for hostile in ("https://evil.example/", "wb://abc @all", "wb://abc\n/close", "#1",
                    "mail:2026-11-19:abcdef012345 ![x](http://e/x)"):
        with pytest.raises(ValueError):
            note_body(hostile, date(2026, 11, 19))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Seen again.\n\nHelp Desk report: wb://abc (hdtui)\n", [NoteLink("wb://abc", None)]),
        ("Help Desk report: wb://abc received 2026-02-31 (hdtui)",
         [NoteLink("wb://abc", None)]),
        ("Help Desk report: wb://abc (hdtui)\nHelp Desk report: mail:2026-11-01:0123456789ab "
         "(hdtui)", [NoteLink("wb://abc", None), NoteLink("mail:2026-11-01:0123456789ab", None)]),
        ("see Help Desk report: wb://abc (hdtui)", []),
        ("Help Desk report: wb://ABC (hdtui)", []),
        ("Help Desk report: wb://abc (hdtui) and more", []),
        ("Help Desk report: kestrel@example.org (hdtui)", []),
        ("", []),
    ],
)
def test_parse_note_reads_only_exact_marker_lines(body: str, expected: list[NoteLink]) -> None:
    assert parse_note(body) == expected


MARK = "Help Desk report: wb://abc (hdtui)"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"Seen.\r\n\r\n{MARK}\r\n", 1),  # typed in GitLab's web UI
        (f"Seen.\r{MARK}\r", 1),  # a lone CR ends a line too
        (f"```\n{MARK}\n```", 0),
        (f"~~~~ text\n{MARK}\n~~~\nstill code\n{MARK}\n", 0),  # a shorter run closes nothing
        (f"````\n{MARK}\n````\n{MARK}", 1),  # after the closing fence it counts again
        (f"```\n{MARK}\n", 0),  # a fence left open runs to the end
        (f"  ```\r\n{MARK}\r\n  ```\r\n", 0),
        (f"See ``\n{MARK}\n`` there", 0),  # a code span over three lines of a paragraph
        (f"See `\n\n{MARK}\n\n` there", 1),  # a blank line ends the paragraph: no span
        (f"A stray ` here\n{MARK}", 1),  # an unmatched backtick is literal
        (f"    {MARK}", 0),  # indented code
        (f"```not a fence` \n{MARK}", 1),  # a backtick in the info string: no fence
        (f"`{MARK}`", 0),
    ],
)
def test_markers_in_code_are_quotations_and_crlf_counts(body: str, expected: int) -> None:
    assert len(parse_note(body)) == expected


def test_count_rule_checks_author_ids_and_internal_notes() -> None:
    listed = CountRule(frozenset({7, 9}))
    assert listed.allows(7, False) and listed.allows(9, None)
    assert not listed.allows(8, False) and not listed.allows(8, True)  # internal not counted
    assert not listed.allows("7", False) and not listed.allows(None, False)
    assert not CountRule(frozenset({1})).allows(True, False)  # a bool is no id
    internal = CountRule(frozenset({7}), internal=True)
    assert internal.allows(8, True) and internal.allows(7, False)
    assert not internal.allows(8, False) and not internal.allows(8, "true")


def test_count_reports_total_and_rolling_week() -> None:
    today = date(2026, 11, 27)
    links = [
        IssueLink(1, "wb://a", date(2026, 11, 27)),
        IssueLink(1, "wb://b", date(2026, 11, 21)),  # 6 days ago: this week
        IssueLink(1, "wb://c", date(2026, 11, 20)),  # 7 days ago: not
        IssueLink(1, "wb://a", date(2026, 11, 26)),  # the same report again: counted once
        IssueLink(2, "wb://a", date(2026, 1, 1)),
    ]
    assert count_reports(links, today) == {1: ReportCount(3, 2), 2: ReportCount(1, 0)}
    assert count_reports([], today) == {}


def test_count_label() -> None:
    assert ReportCount(14, 5).label == "14 reports, 5 this week"
    assert ReportCount(1, 1).label == "1 report, 1 this week"
    assert ReportCount().label == "0 reports, 0 this week"


def test_a_count_with_likely_reports_says_both() -> None:
    assert ReportCount(4, 5, likely=9).label == "4 linked, 9 likely, 5 this week"
    assert ReportCount(0, 0, likely=0).label == "0 linked, 0 likely, 0 this week"
