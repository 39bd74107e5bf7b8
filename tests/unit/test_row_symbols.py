"""The queue row's state column: every mark as a symbol, and what only this member knows
(their claim or another's, their note, whether they opened it), readable at 80 columns."""

from __future__ import annotations

import re

from rich.cells import cell_len

from hdtui.domain.mail import Kind, SourceItem
from hdtui.domain.marks import LEGEND, Mark, Personal, state_symbols
from hdtui.domain.message import Message
from hdtui.domain.queue import DecryptState, Entry
from hdtui.ui.widgets.queue_table import COLUMNS, fit, layout, row_cells

ALL = frozenset(Mark)


def test_every_mark_shows_none_hiding_another() -> None:
    both = frozenset({Mark.FORWARDED, Mark.ESCALATED})
    assert state_symbols("k", both, Personal(seen=frozenset({"k"}))) == "FE"
    assert state_symbols("k", frozenset({Mark.ESCALATED}), Personal(seen=frozenset({"k"}))) \
        == "E"


def test_new_to_me_claims_and_notes() -> None:
    nobody = Personal()
    claimed = frozenset({Mark.CLAIMED})
    assert state_symbols("k", frozenset(), nobody) == "N"  # not opened by me
    assert state_symbols("k", claimed, nobody) == "Nc"  # another member's claim
    mine = Personal(mine=frozenset({"k"}), noted=frozenset({"k"}), seen=frozenset({"k"}))
    assert state_symbols("k", claimed, mine) == "C✎"
    assert state_symbols("k", claimed, Personal(every_claim_mine=True)) == "NC"
    assert state_symbols("k", frozenset(), nobody, undecryptable=True) == "N?"


def test_the_copies_change_one_key_only() -> None:
    start = Personal()
    after = start.with_seen("a").with_note("a", True).with_claim("b", True)
    assert (after.seen, after.noted, after.mine) == ({"a"}, {"a"}, {"b"})
    assert after.with_seen("a") is after and after.with_note("a", True) is after
    assert after.with_note("a", False).noted == frozenset()
    assert after.with_claim("b", False).claimed_by_me("b") is False
    assert after.with_seen_too(frozenset({"a"})) is after
    assert after.with_seen_too(frozenset({"z"})).seen == {"a", "z"}


def test_every_symbol_has_a_legend_and_all_marks_fit_the_column() -> None:
    text = state_symbols("k", ALL, Personal(noted=frozenset({"k"})), undecryptable=True)
    assert set(text) <= {symbol for symbol, _ in LEGEND}
    width = dict((key, w) for key, _, w in COLUMNS)["state"]
    assert cell_len(text) < width  # one cell is the gutter
    assert fit(text, width).rstrip() == text


def test_a_row_at_80_columns_shows_both_marks_and_the_summary() -> None:
    message = Message(key="k", subject="Wi-Fi gone after the upgrade",
                      sender_address="devnull@tails.boum.org")
    entry = Entry(message, Kind.REPORT, None, DecryptState.PLAIN,
                  marks=frozenset({Mark.FORWARDED, Mark.ESCALATED, Mark.CLAIMED}))
    row = entry.row(SourceItem("k", 100), entry.marks)
    cells = row_cells(row, personal=Personal(noted=frozenset({"k"})))
    line = "".join(fit(cells[i][0], w) for i, w in layout(80))
    assert cell_len(line) == 80
    assert "NcFE✎" in line and "Wi-Fi gone after the" in line
    assert "bold" in cells[2][1]  # new to me


def test_the_report_view_names_every_mark_and_whose_claim() -> None:
    from hdtui.ui.widgets.report_view import head_content

    message = Message(key="k", subject="Bug report: 1", sender_address="x@example.org")
    entry = Entry(message, Kind.SUPPORT,
                  marks=frozenset({Mark.CLAIMED, Mark.FORWARDED, Mark.ESCALATED}))
    theirs = head_content(entry).plain
    assert "claimed, forwarded, escalated" in theirs and "by another member" in theirs
    assert re.search(r"Claimed +by me", head_content(entry, claimed_by_me=True).plain)
    assert "Claimed" not in head_content(Entry(message, Kind.SUPPORT)).plain


def test_standard_flags_of_other_clients_read_as_marks() -> None:
    from hdtui.domain.queue import marks_of_keywords

    # \Answered (NeoMutt, a webmail) is "replied"; \Flagged is its own mark, shown as !.
    assert marks_of_keywords("\\Answered") == {Mark.REPLIED}
    marks = marks_of_keywords("$HDClaimed \\Flagged \\Answered")
    assert marks == {Mark.CLAIMED, Mark.FLAGGED, Mark.REPLIED}
    assert state_symbols("k", marks, Personal()) == "Nc!R"
    assert Mark.parse("flagged") is Mark.FLAGGED


def test_the_report_view_shows_the_text_of_a_multipart_mail_without_its_boundary() -> None:
    from hdtui.sources.parse import parse_message
    from hdtui.ui.widgets.report_view import body_content, head_content

    raw = (b"From: a@example.org\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed"
           b"\n\n--q\nContent-Type: text/plain\n\nThe screen goes black [red]now[/red].\n--q--\n")
    message = parse_message(raw, "k").message
    entry = Entry(message, Kind.SUPPORT)
    shown = body_content(entry).plain
    assert "(no text)" not in shown
    assert "broken MIME structure" in head_content(entry).plain
    assert "The screen goes black [red]now[/red]." in shown  # as text, never markup
