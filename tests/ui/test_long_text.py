"""A very long mail in the report pane (walk22: a 12 MB body took seconds of CPU to lay
out, opening it and going back): the pane shows its start and says how much is left."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Collapsible, Static

from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_message
from hdtui.ui.labelled import HEADER_CHARS
from hdtui.ui.widgets.report_view import (
    MAX_BODY_LINES,
    MAX_SHOWN_CHARS,
    ReportView,
    capped,
)

LINE = "the same line again\n"


def test_a_short_text_is_shown_whole() -> None:
    assert capped("one\ntwo\n", 5) == ("one\ntwo\n", "")
    assert capped("a\nb\nc", 3) == ("a\nb\nc", "")
    # A text of exactly the lines shown, ending in a line break: nothing is hidden (the
    # review saw "1 more line (0 B) not shown here").
    assert capped("a\n" * 2000, 2000) == ("a\n" * 2000, "")
    assert capped("x" * MAX_SHOWN_CHARS + "\n", 2000) == ("x" * MAX_SHOWN_CHARS + "\n", "")


def test_a_long_text_shows_its_start_and_says_how_much_is_left() -> None:
    shown, tail = capped("a\nb\nc\nd", 2)
    assert shown == "a\nb"
    assert tail == "\n… 2 more lines (3 B) not shown here"
    # Few but very long lines: the characters are capped too.
    shown, tail = capped("x" * (MAX_SHOWN_CHARS + 10), 5)
    assert len(shown) == MAX_SHOWN_CHARS
    assert tail == "\n… 1 more line (10 B) not shown here"
    shown, tail = capped("a\nb\nc\n", 2)
    assert (shown, tail) == ("a\nb", "\n… 1 more line (2 B) not shown here")


class ViewApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ReportView(id="report")


async def test_a_huge_body_is_shown_capped_with_the_rest_said() -> None:
    raw = (b"From: a@example.org\r\nTo: support@tails.net\r\nSubject: huge\r\n"
           b"Date: Mon, 7 Dec 2026 06:00:00 +0000\r\nMessage-ID: <huge@example.org>\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + (LINE * 60000).encode())
    entry = Reader(None, None, ()).understand(parse_message(raw, "k1"))  # type: ignore[arg-type]
    app: Any = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ReportView)
        view.show_entry(entry)
        await pilot.pause()
        await app.workers.wait_for_complete()
        text = str(view.query_one("#report-body").render())
        assert text.count("the same line again") == MAX_BODY_LINES
        assert text.rstrip().endswith(
            f"… {60000 - MAX_BODY_LINES} more lines (1.1 MB) not shown here")


async def test_a_huge_subject_is_shown_capped_with_the_rest_said() -> None:
    """A 200,000-character Subject (walk27: wrapped whole as the Summary and the Subject,
    screens above the body, seconds to open) shows its start and says how much is left;
    since walk28 (20,000 characters: 31 rows as the Summary and 31 as the Subject, From
    and the body out of view) a few rows of it, and the whole folded below, once."""
    subject = "s" * 200_000
    raw = (b"From: a@example.org\r\nTo: support@tails.net\r\nSubject: " + subject.encode() +
           b"\r\nDate: Mon, 7 Dec 2026 06:00:00 +0000\r\nMessage-ID: <" + b"m" * 5000 +
           b"@example.org>\r\n\r\nshort body\r\n")
    entry = Reader(None, None, ()).understand(parse_message(raw, "k2"))  # type: ignore[arg-type]
    app: Any = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ReportView)
        view.show_entry(entry)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = "".join(str(view.query_one(f"#report-{part}").render())
                        for part in ("head", "body"))
        said = f"…({200_000 - HEADER_CHARS:,}morecharacters:thewholefoldedbelow)"
        assert "".join(shown.split()).count(said) == 2  # the Summary and the Subject
        assert shown.count("s") < 3 * HEADER_CHARS
        # At 80x24 the From line and the body are on the pane's first screen.
        rows = [line.strip() for line in view.query_one("#report-head").visual.at(
            78).plain.splitlines() + view.query_one("#report-body").visual.at(
            78).plain.splitlines()]  # type: ignore[attr-defined]
        assert rows.index("short body") < 24, rows
        assert any(row.startswith("From") and "a@example.org" in row
                   for row in rows[:rows.index("short body")])
        # The whole, on demand: folded below, the Summary's and the Subject's once.
        titles = [str(c.title) for c in view.query(Collapsible)]
        assert titles[:2] == ["Whole Summary and Subject (200,000 characters)",
                              "Whole Message-ID (5,014 characters)"], titles
        whole = view.query(Collapsible).first()
        assert whole.collapsed
        view.action_toggle_section()  # space
        await pilot.pause()
        assert not whole.collapsed
        assert str(whole.query_one(".whole-value", Static).render()).count("s") == 200_000
