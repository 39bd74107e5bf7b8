"""At 80x24 every dialog shows its keys, and its text scrolls to its end with the keys a
member tries (docs/layouts.md, "Dialogs at 80x24"). A walk of session 23 found the
"Link 12 likely reports", "Write this hand-off note?" and ``i`` questions cut off: the end
of their text and their y/n keys not shown, and End, PageDown, Down and Tab did nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.content import Content
from textual.screen import Screen

from hdtui.ui.app import HdtuiApp
from hdtui.ui.screens.confirm import ConfirmScreen
from hdtui.ui.screens.error import ErrorModal
from hdtui.ui.screens.note import NoteScreen
from hdtui.ui.screens.preview import PreviewScreen
from hdtui.ui.screens.quit_question import QuitQuestion
from hdtui.ui.screens.shift_start import ShiftStartScreen, StartLine, StartView
from hdtui.ui.widgets.dialog_scroll import DialogScroll
from tests.support.pilot import settle, wait_until

HOME = (80, 24)
LONG = "\n".join(f"wb://{n:032x} line {n}" for n in range(60))
"""Sixty lines: three screens' worth at 80x24, its last line ``… line 59``."""


def screen_text(app: HdtuiApp) -> str:
    """What the terminal shows, one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def dialogs() -> list[tuple[str, Callable[[], Screen[Any]], str]]:
    """Each dialog with a long text, and a piece of its line of keys."""
    return [
        ("confirm", lambda: ConfirmScreen("Link 60 likely reports to #19113?", LONG),
         "y or enter: yes"),
        ("quit", lambda: QuitQuestion(claims_held=3), "escape: stay"),
        ("error", lambda: ErrorModal("Could not send", LONG), "escape or enter closes"),
        ("preview", lambda: PreviewScreen(Content("An issue"), Content(LONG)),
         "escape closes"),
    ]


async def opened(app: HdtuiApp, pilot: Any, dialog: Screen[Any]) -> None:
    await settle(pilot)
    app.push_screen(dialog)
    await wait_until(pilot, lambda: app.screen is dialog and dialog.is_mounted)
    await settle(pilot)


@pytest.mark.parametrize("name", ["confirm", "error", "preview"])
async def test_the_keys_show_and_the_keys_a_member_tries_reach_the_end(
        make_app: Callable[..., HdtuiApp], name: str) -> None:
    made, keys = next((make, keys) for n, make, keys in dialogs() if n == name)
    app = make_app()
    async with app.run_test(size=HOME) as pilot:
        dialog = made()
        await opened(app, pilot, dialog)
        shown = screen_text(app)
        assert keys in shown and "line 0" in shown and "line 59" not in shown
        scroll = dialog.query_one(DialogScroll)
        assert dialog.focused is scroll
        await pilot.press("end")
        await settle(pilot)
        assert "line 59" in screen_text(app) and keys in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert scroll.scroll_y == 0
        await pilot.press("pagedown")
        await settle(pilot)
        paged = scroll.scroll_y
        assert paged > 5
        await pilot.press("down")
        await settle(pilot)
        assert scroll.scroll_y == paged + 1
        await pilot.press("pageup", "up")
        await settle(pilot)
        assert scroll.scroll_y == 0
        await pilot.press("tab")  # nothing else to focus: the text keeps the keys
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert "line 59" in screen_text(app)


async def test_the_vim_keymap_scrolls_with_j_k_g_and_G_and_y_still_answers(
        make_app: Callable[..., HdtuiApp]) -> None:
    app = make_app(keymap="vim")
    answers: list[bool] = []
    async with app.run_test(size=HOME) as pilot:
        dialog = ConfirmScreen("Write this hand-off note to the team folder?", LONG)
        await settle(pilot)
        app.push_screen(dialog, answers.append)
        await wait_until(pilot, lambda: dialog.is_mounted)
        await settle(pilot)
        scroll = dialog.query_one(DialogScroll)
        await pilot.press("j", "j")
        await settle(pilot)
        assert scroll.scroll_y == 2
        await pilot.press("k")
        await settle(pilot)
        assert scroll.scroll_y == 1
        await pilot.press("G")
        await settle(pilot)
        assert "line 59" in screen_text(app)
        await pilot.press("g")
        await settle(pilot)
        assert scroll.scroll_y == 0
        await pilot.press("y")
        await settle(pilot)
        assert answers == [True]


async def test_a_short_question_keeps_its_small_size_and_its_keys_under_the_text(
        make_app: Callable[..., HdtuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=HOME) as pilot:
        dialog = QuitQuestion(claims_held=3)
        await opened(app, pilot, dialog)
        lines = screen_text(app).splitlines()
        said = next(i for i, text in enumerate(lines) if "You still hold 3 claims" in text)
        keys = next(i for i, text in enumerate(lines) if "escape: stay" in text)
        assert said < keys < said + 5  # the dialog is as tall as its text, not the screen
        assert dialog.query_one(DialogScroll).max_scroll_y == 0


async def test_the_note_editor_keeps_its_keys_under_a_long_note(
        make_app: Callable[..., HdtuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=HOME) as pilot:
        await opened(app, pilot, NoteScreen(LONG))
        assert "ctrl+s saves · escape cancels" in screen_text(app)


def shift_view(note: str) -> StartView:
    """Six lines, the sixth as long as a hot-topics line naming every regression's groups
    (13 rows at 80x24 in session 23's walk), and a hand-off note."""
    also = "; ".join(f"{n} of them also machine Model {n} with a long name" for n in range(30))
    return StartView("Start of shift", (
        StartLine("0 from other teams not answered yet (first: it takes priority)"),
        StartLine("0 follow-ups due for you"),
        StartLine("3 arrived since your last shift", frozenset({"k1"}), "queue", "arrived"),
        StartLine("0 moderation requests waiting"),
        StartLine("Tails 7.7 (announced 2026-11-10); 0 unfixed advisories",
                  opens="show_releases"),
        StartLine(f"Hot topics: #19113 6 this week (+3); 1 regression (USB device 0781:5591 "
                  f"({also}))", opens="show_hot_topics", style="yellow")),
        notes=note)


async def test_the_shift_start_shows_the_last_hand_off_note_without_scrolling(
        make_app: Callable[..., HdtuiApp]) -> None:
    note = "alice, 2026-12-07 08:00:\nWhat I did\n- answered the Wi-Fi reports\nWhat is left"
    app = make_app()
    async with app.run_test(size=HOME) as pilot:
        dialog = ShiftStartScreen(lambda: shift_view(note))
        await opened(app, pilot, dialog)
        await wait_until(pilot, lambda: dialog.view is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "Hand-off notes of the previous shifts" in shown
        assert "alice, 2026-12-07 08:00:" in shown and "answered the Wi-Fi reports" in shown
        # What the cut left out is named, and where it is (walk24: "1 … more (6 opens
        # it)" said neither).
        assert "… and 1 regression (6 opens hot topics)" in " ".join(
            line.strip(" █") for line in shown.splitlines())
        assert "1–6: show what a line counts" in shown
        # The keys, F5 among them, in one row (at the bottom of the dialog).
        keys = [line for line in shown.splitlines() if "1–6: show what a line counts" in line]
        assert len(keys) == 1 and "f5: count again" in keys[0] and "S reopens" in keys[0]
        assert dialog.query_one(DialogScroll).scroll_y == 0


FORGED = ("machine " + "A" * 300 + " (" + "; ".join(
    f"{n} of them also GPU 8086:{n:04x}, Wi-Fi/network chip 10ec:b723, USB device 0781:5591"
    for n in range(3, 9)) + ")")
"""A regression named by a forged 300-character machine and six groups its reports also
make: session 23's walk saw such a row take the whole list at 80x24."""


async def test_hot_topics_rows_take_two_lines_at_most_at_80x24(
        demo_setup: Callable[..., Any]) -> None:
    from dataclasses import replace

    from textual.widgets import OptionList

    from hdtui.domain.insight.regressions import Regression
    from tests.support.demo_ui import demo_app
    from tests.ui.test_hot_topics import open_hot_topics

    app = demo_app(demo_setup())
    async with app.run_test(size=HOME) as pilot:
        screen = await open_hot_topics(app, pilot, full=True)
        assert screen.view is not None
        forged = Regression(FORGED, "7.7", 13, 28, 0, 4, ("k1", "k2"))
        screen._show(replace(screen.view, regressions=(forged, *screen.view.regressions)))
        screen.query_one("#hot-list", OptionList).highlighted = 0
        await settle(pilot)
        listing = screen.query_one("#hot-list", OptionList)
        heights = listing._heights  # each row's lines, as the list laid them out
        assert len(heights) == len(screen.items) > 4
        assert max(heights.values()) <= 2, heights
        assert listing.scrollable_content_region.height >= 8  # four rows at least, then
        rows = " ".join(screen_text(app).splitlines()[3:13])
        assert "AAAA…: 13 on 7.7 in 28" in rows and "more below" in rows, rows
        detail = str(screen.query_one("#hot-detail").render())
        assert "A" * 300 in detail and "8 of them also GPU 8086:0008" in detail


async def test_a_picker_s_long_preview_leaves_its_options_and_keys_on_screen(
        make_app: Callable[..., HdtuiApp]) -> None:
    from hdtui.ui.screens.pick import PickScreen

    app = make_app()
    picked: list[str | None] = []
    async with app.run_test(size=HOME) as pilot:
        dialog = PickScreen("Alert a team", ["Foundations Team", "Sysadmins"], preview=LONG)
        await settle(pilot)
        app.push_screen(dialog, picked.append)
        await wait_until(pilot, lambda: dialog.is_mounted)
        await settle(pilot)
        shown = screen_text(app)
        assert "Foundations Team" in shown and "Sysadmins" in shown
        assert "enter sends to the one under the cursor" in shown and "line 59" not in shown
        await pilot.press("tab")  # the preview, then its end
        await settle(pilot)
        assert dialog.focused is dialog.query_one(DialogScroll)
        await pilot.press("end")
        await settle(pilot)
        assert "line 59" in screen_text(app) and "Sysadmins" in screen_text(app)
        await pilot.press("tab", "down", "enter")
        await settle(pilot)
        assert picked == ["Sysadmins"]


async def test_the_hot_topics_line_says_its_change_and_what_its_cut_left_out(
        make_app: Callable[..., HdtuiApp]) -> None:
    """walk24 at 80x24: "#13576 8 this week (+6)" (the change from last week, unsaid) and
    "1 … more (6 opens it)" (what more, unsaid: the cut named nothing). The line of
    walk24's numbers: three issues, three new problems flagged, a regression."""
    from datetime import date

    from hdtui.domain.insight.clusters import Cluster
    from hdtui.domain.insight.overview import Overview
    from hdtui.domain.insight.per_issue import IssueStats
    from hdtui.domain.insight.regressions import Regression
    from hdtui.ui.flows.shift import hot_text

    today = date(2026, 12, 7)
    hot = tuple(IssueStats(iid, (), (), (), (0, 0, 0, 0, 0, 0, before, now), (), (), None,
                           None)
                for iid, before, now in ((13576, 2, 8), (19113, 4, 5), (20402, 2, 2)))
    clusters = tuple(Cluster(f"C-{n}aaaaa", "same GPU 8086:5917", (), ("a", "b", "c", "d"),
                             (0, 0, 0, 0, 0, 0, 0, 4), (today,)) for n in range(3))
    regression = Regression("GPU 8086:5917 (5 of them also Wi-Fi/network chip 8086:24fd; "
                            "3 of them also machine LENOVO ThinkPad T480 20L5CTO1WW)", "7.7",
                            6, 28, 0, 4)
    text = hot_text(Overview(today, 8, (), {}, hot, clusters, (regression,), ()))
    assert "#13576 8 this week (+6 on last week)" in text
    assert "#19113 5 (+1); #20402 2 (+0)" in text
    view = StartView("Start of shift", (StartLine(text, opens="show_hot_topics"),))
    app = make_app()
    async with app.run_test(size=HOME) as pilot:
        dialog = ShiftStartScreen(lambda: view)
        await opened(app, pilot, dialog)
        await wait_until(pilot, lambda: dialog.view is not None)
        await settle(pilot)
        shown = " ".join(line.strip(" █") for line in screen_text(app).splitlines())
        assert "(+6 on last week)" in shown
        assert "3 new problems flagged (C-0aaaaa 4 this week, " in shown, shown
        # Said short after the first, it holds the new problems and the regression whole
        # (a line cut says what it left out: the test above).
        assert "1 regression (GPU 8086:5917)" in shown and "…" not in shown
