"""A message in people's words (issue #13, section 0): notices and lists name the report
ID or the summary, never the internal key."""

from __future__ import annotations

from hdtui.domain.queue import SEP, Row


def row(summary: str, report_id: str = "") -> Row:
    line = SEP.join((summary, "7.5", "", report_id))
    return Row("INBOX/1700000000/42", 10, 0.0, 0, 0, 0, "", 0, line)


def test_a_report_is_named_by_its_id() -> None:
    assert row("Wi-Fi does not work", "8c1f3e0a").described == "report 8c1f3e0a"


def test_other_mail_by_its_summary_shortened_never_by_its_key() -> None:
    assert row("question about   Tor").described == "“question about Tor”"
    long = row("x" * 200).described
    assert len(long) <= 62 and long.endswith("…”") and "INBOX" not in long
    assert row("").described == "a message without a subject"
