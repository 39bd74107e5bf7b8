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


async def test_a_reports_long_values_are_cut_as_headers_are() -> None:
    """Walk28's cut stopped at the headers: a report's Contact, OpenPGP, Running and
    Installed values (the report's own From line among them) were shown up to 2,000
    characters, about 26 rows each at 80 columns. Each shows its first ``HEADER_CHARS``
    now, the whole folded below the message."""
    from hdtui.domain.mail import Kind
    from hdtui.domain.message import Message
    from hdtui.domain.queue import DecryptState, Entry
    from hdtui.domain.report import parse_report

    long = {"Contact": "c" * 3000 + "@example.org", "OpenPGP": "0x" + "A" * 3000,
            "Running": "b" * 3000, "Installed": "7." + "9" * 3000}
    body = (f"Subject: Tor does not start\nFrom: {long['Contact']}\n"
            f"OpenPGP-Key: {long['OpenPGP']}\nTails-Version: NAME=\"Tails\"\n"
            f"VERSION=\"7.5\"\nTAILS_GIT_TAG=\"{long['Running']}\"\n\n"
            "What happened instead?\n----------------------\n\nshort answer\n\n"
            "======= content of /lib/live/mount/rootfs/filesystem.squashfs/etc/os-release "
            f"=======\nNAME=\"Tails\"\nVERSION=\"{long['Installed']}\"\n")
    report = parse_report(body, "d3aad30a" + "0" * 24)
    assert report.contact == long["Contact"] and report.openpgp_key == long["OpenPGP"]
    assert report.running is not None and report.running.git_tag == long["Running"]
    assert report.installed_version == long["Installed"], report.installed_version
    entry = Entry(Message(key="k3", subject="Bug report: " + report.report_id,
                          encrypted=True), Kind.REPORT, report, DecryptState.DECRYPTED)
    app: Any = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ReportView)
        view.show_entry(entry)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = view.query_one("#report-head").visual.at(78).plain.splitlines()  # type: ignore[attr-defined]
        for label in long:
            found = [i for i, row in enumerate(rows) if row.startswith(label)]
            assert len(found) == 1, (label, rows)
            cut = "".join(rows[found[0]:found[0] + 4])
            assert "morecharacters:thewholefoldedbelow" in "".join(cut.split()), (label, cut)
        assert len(rows) < 30, len(rows)  # four values of 3,000: 160 rows before
        assert any(row.startswith("short answer") for row in
                   view.query_one("#report-body").visual.at(78).plain.splitlines())  # type: ignore[attr-defined]
        titles = [str(c.title) for c in view.query(Collapsible)]
        for label, value in long.items():
            whole = len(value) + {"Running": len("Tails 7.5, tag "),
                                  "Installed": len(" (upgraded since)")}.get(label, 0)
            assert f"Whole {label} ({whole:,} characters)" in titles, (label, titles)


def test_a_held_notices_long_sender_and_reason_are_cut() -> None:
    """A held post's notice showed its Sender and Reason whole (as the notice is read:
    200 and 300 characters): the first ``HEADER_CHARS`` now, the whole folded below as a
    header's is."""
    from hdtui.config import DEFAULT_TEAM_ADDRESSES
    from hdtui.domain.queue import Entry, classify
    from hdtui.ui.widgets.report_view import long_values, moderation_head
    from tests.support import mailman

    sender = "s" * 2500 + "@example.org"
    reason = "Post by non-member " + "r" * 2500
    raw = mailman.notice(reason=reason, post=mailman.held_post(sender=sender))
    message = parse_message(raw, "k4").message
    entry = Entry(message, classify(message, DEFAULT_TEAM_ADDRESSES))
    parts = {p.label: p.value.plain for p in moderation_head(entry)  # type: ignore[union-attr]
             if hasattr(p, "label")}
    for label, start in (("Sender", sender[:HEADER_CHARS]),
                         ("Reason", reason[:HEADER_CHARS])):
        assert parts[label].startswith(start), label
        assert len(parts[label]) < HEADER_CHARS + 80, (label, len(parts[label]))
        assert "more characters: the whole folded below" in parts[label], label
    wholes = dict(long_values(entry))
    assert wholes["Sender"].startswith(sender[:190]), wholes.keys()
    assert wholes["Reason"].startswith(reason[:290]), wholes.keys()
