"""What one vetted note can add (docs/gitlab.md, "What one note can add"): a note with
twenty made-up report IDs counted twenty linked reports (walk23)."""

from __future__ import annotations

from datetime import date

from hdtui.domain.links import (
    NOTE_LINKS_MAX,
    NoteLink,
    VettedNote,
    note_body,
    note_links,
    notes_links,
    summary_body,
)

DAY = date(2026, 12, 6)


def _lines(count: int, received: str = "2026-12-06") -> str:
    return "\n".join(f"Help Desk report: wb://{0xbeef00 + n:032x} received {received} (hdtui)"
                     for n in range(count))


def test_one_outside_note_adds_at_most_a_few_links_a_help_desk_one_all() -> None:
    """Since walk23b the limit is per outside account (``notes_links``), and a Help Desk
    account's note, hdtui's summary note of a busy issue among them, is never cut."""
    assert len(note_links(_lines(20), DAY)) == 20  # the note's lines, dated
    assert len(notes_links([VettedNote(_lines(20), DAY, "9", False)]).links) == NOTE_LINKS_MAX
    assert len(notes_links([VettedNote(_lines(2), DAY, "9", False)]).links) == 2
    summary = summary_body(_lines(60).splitlines())
    assert len(notes_links([VettedNote(summary, DAY, "2", True)]).links) == 60


def test_a_link_dated_after_its_note_or_before_any_report_adds_nothing() -> None:
    assert note_links(_lines(1, "2026-12-09"), DAY) == []  # after the note was written
    assert note_links(_lines(1, "1999-01-01"), DAY) == []  # before WhisperBack
    [link] = note_links(_lines(1, "2026-12-01"), DAY)
    assert link.received == date(2026, 12, 1)


def test_a_line_without_a_date_is_dated_by_its_note_and_a_mail_by_its_reference() -> None:
    [undated] = note_links(f"Help Desk report: wb://{'a' * 32} (hdtui)", DAY)
    assert undated == NoteLink(f"wb://{'a' * 32}", DAY)
    assert note_links(f"Help Desk report: wb://{'a' * 32} (hdtui)", None) == []
    mail = "mail:2026-12-02:0123456789ab"
    [cited] = note_links(f"Help Desk report: {mail} received 2026-11-01 (hdtui)", DAY)
    assert cited.received == date(2026, 12, 2)
    later = "mail:2026-12-08:0123456789ab"  # a mail received after the note cites it
    assert note_links(note_body(later, date(2026, 12, 8)), DAY) == []
    assert note_links("Help Desk report: mail:2026-13-45:0123456789ab (hdtui)", DAY) == []


def test_a_link_dated_the_day_after_its_notes_utc_day_counts() -> None:
    """A note's day is UTC; a support mail's reference (or an older hdtui's note) carries
    the sender's day, up to UTC+14: the day after counts, two days after does not."""
    [link] = note_links(_lines(1, "2026-12-07"), DAY)
    assert link.received == date(2026, 12, 7)
    [mail] = note_links("Help Desk report: mail:2026-12-07:0123456789ab (hdtui)", DAY)
    assert mail.received == date(2026, 12, 7)
    assert note_links(_lines(1, "2026-12-08"), DAY) == []
