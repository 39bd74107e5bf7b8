"""Pilot tests of the issue #5 forms: keys drive them, dismissed values are asserted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select, Static, TextArea

from hdtui.domain.forward import ForwardChoice
from hdtui.domain.issue_draft import IssueDraft
from hdtui.domain.mail import Kind
from hdtui.domain.process import (
    Condition,
    Outcome,
    ReproduceState,
    Reproduction,
    StopReason,
    reproduction_line,
)
from hdtui.domain.text import cells
from hdtui.ui.screens.checklist import ReproduceScreen
from hdtui.ui.screens.forward_form import ForwardFormScreen
from hdtui.ui.screens.issue_form import ADDRESS_WARNING, IssueFormScreen
from hdtui.ui.screens.outcome import OutcomeScreen
from hdtui.ui.widgets.shift_bar import ShiftBar
from tests.support.pilot import said, wait_until

APP_CSS = Path(__file__).parent.parent.parent / "hdtui" / "ui" / "app.tcss"
T0 = 1_790_000_000.0


class Host(App[None]):
    """Pushes one modal at start and keeps what it returns."""

    CSS_PATH = str(APP_CSS)

    def __init__(self, modal: ModalScreen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


async def dismissed(pilot: Any, app: Host) -> None:
    """Wait for the modal's result: the key that dismisses it is handled at once, the
    result's callback a moment later (on a loaded machine, after the test left its
    ``run_test`` block once)."""
    await wait_until(pilot, lambda: bool(app.results), what="the modal's result")


def text_of(screen: ModalScreen[Any], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


DRAFT = IssueDraft(
    title="Wi-Fi networks not listed since upgrade to 7.5",
    description="## Problem\n\nNo networks.\n\n## Reports\n\nReports: wb://8c1f\n\n"
                "Team: @foundations-team\n\n## We need your feedback\n\nTODO\n",
    labels=("C:Hardware support",),
    report_refs=("wb://8c1f",),
    stripped=("1 email address", "2 names"),
)


# --- issue form -------------------------------------------------------------------------


async def test_issue_form_edits_previews_and_confirms() -> None:
    modal = IssueFormScreen(DRAFT)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "1 email address, 2 names" in text_of(modal, "#issue-stripped")
        assert text_of(modal, "#issue-warning") == ""
        await pilot.press("end", *" [Intel]")
        await pilot.press("tab")  # title, then labels
        assert modal.focused is modal.query_one("#issue-labels", Input)
        await pilot.press("end", *", P:High")
        await pilot.press("y")  # typed into the labels, not a confirmation
        assert not app.results
        await pilot.press("backspace", "ctrl+s")
        assert modal.previewing
        shown = text_of(modal, "#issue-preview-body")
        assert shown.startswith("Title: Wi-Fi networks not listed since upgrade to 7.5 [Intel]")
        assert "Labels: C:Hardware support, P:High" in shown
        await pilot.press("escape")  # back to editing, nothing lost
        assert not modal.previewing and not app.results
        await pilot.press("ctrl+s", "y")
        await dismissed(pilot, app)
    [draft] = app.results
    assert isinstance(draft, IssueDraft)
    assert draft.title.endswith("[Intel]")
    assert draft.labels == ("C:Hardware support", "P:High")
    assert draft.report_refs == DRAFT.report_refs
    assert draft.description == DRAFT.description


async def test_issue_form_refuses_y_while_a_todo_placeholder_is_left_and_keeps_the_text(
) -> None:
    # The walk of issue #10: the preview only warned "The title still says TODO", and `y`
    # created "#20409 journal error: kernel snd_hda_intel: TODO: the symptom, in English".
    from dataclasses import replace

    from hdtui.domain.issue_draft import FEEDBACK_PLACEHOLDER, TITLE_SYMPTOM

    todo = replace(DRAFT, title=f"journal error: kernel snd_hda_intel: {TITLE_SYMPTOM} "
                                "(Tails 7.7)",
                   description=DRAFT.description.replace("\nTODO\n",
                                                         f"\n{FEEDBACK_PLACEHOLDER}\n"))
    modal = IssueFormScreen(todo)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("end", *" [AMD]", "ctrl+s")
        assert modal.previewing
        warning = text_of(modal, "#issue-preview-warning")
        assert 'the title and the "We need your feedback" section' in warning, warning
        assert "y cannot create it" in text_of(modal, "#issue-preview-hint")
        await pilot.press("y", "y")
        await pilot.pause()
        assert not app.results and modal.previewing  # refused, the form still open
        assert "Not created" in said(app)
        await pilot.press("escape")  # back to editing: what was typed is kept
        title = modal.query_one("#issue-title", Input)
        assert title.value.endswith("(Tails 7.7) [AMD]")
        title.value = "No sound on Framework 13 AMD (Tails 7.7)"
        area = modal.query_one("#issue-description", TextArea)
        area.text = area.text.replace(FEEDBACK_PLACEHOLDER, "Please try the 7.8 nightly.")
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert text_of(modal, "#issue-preview-warning") == ""
        await pilot.press("y")
        await dismissed(pilot, app)
    [draft] = app.results
    assert draft.title == "No sound on Framework 13 AMD (Tails 7.7)"
    assert "Please try the 7.8 nightly." in draft.description and "TODO" not in draft.title


async def test_issue_form_warns_of_an_address_and_asks_twice() -> None:
    modal = IssueFormScreen(DRAFT)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("end", *" from ana@example.org")
        await pilot.pause()
        warning = text_of(modal, "#issue-warning")
        assert ADDRESS_WARNING in warning and "ana@example.org" in warning
        await pilot.press("ctrl+s")
        assert ADDRESS_WARNING in text_of(modal, "#issue-preview-warning")
        await pilot.press("y")
        assert not app.results  # a second explicit confirmation is needed
        assert "WITH the email address" in text_of(modal, "#issue-preview-hint")
        await pilot.press("y")
        await dismissed(pilot, app)
    [draft] = app.results
    assert "ana@example.org" in draft.title


async def test_issue_form_address_removed_again_clears_the_warning() -> None:
    modal = IssueFormScreen(DRAFT)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        area = modal.query_one("#issue-description", TextArea)
        area.text = DRAFT.description + "\nmail me: x@example.com\n"
        await pilot.pause()
        assert "x@example.com" in text_of(modal, "#issue-warning")
        area.text = DRAFT.description
        await pilot.pause()
        assert text_of(modal, "#issue-warning") == ""
        await pilot.press("ctrl+s", "y")
        await dismissed(pilot, app)
    assert app.results == [DRAFT]


async def test_issue_form_escape_cancels_and_markup_stays_literal() -> None:
    draft = IssueDraft("[bold]x[/bold] \x1b[31m", "[red]desc", (), ())
    modal = IssueFormScreen(draft)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+s")
        shown = text_of(modal, "#issue-preview-body")
        assert "[bold]x[/bold]" in shown and "[red]desc" in shown and "\x1b" not in shown
        await pilot.press("escape", "escape")
        await dismissed(pilot, app)
    assert app.results == [None]


async def test_issue_form_team_choice_rewrites_the_team_line() -> None:
    modal = IssueFormScreen(DRAFT, team_choices=["@foundations-team", "@technical-writers"])
    app = Host(modal)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        select = modal.query_one("#issue-team", Select)
        assert select.value == "@foundations-team"
        select.value = "@technical-writers"
        await pilot.pause()
        await pilot.press("ctrl+s", "y")
        await dismissed(pilot, app)
    [draft] = app.results
    assert "Team: @technical-writers" in draft.description.split("\n")
    assert "@foundations-team" not in draft.description


# --- reproduce checklist ----------------------------------------------------------------


async def test_checklist_keys_conditions_timer_and_result() -> None:
    clock = [T0]
    modal = ReproduceScreen(ReproduceState(), now=lambda: clock[0])
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Riou:" in str(modal.query(".persona").first(Static).render())
        assert len(modal.query(".persona")) == 4
        await pilot.press("s")
        assert modal.state.started_at is None
        assert "must hold" in text_of(modal, "#reproduce-status")
        await pilot.press("1", "2", "3")
        assert modal.state.all_hold
        assert text_of(modal, "#cond-under-30-minutes").startswith("[x] 3")
        await pilot.press("s")
        assert modal.state.started_at == T0
        clock[0] = T0 + 48
        modal.redraw()
        assert "29:12 left" in text_of(modal, "#reproduce-status")
        clock[0] = T0 + 12 * 60
        await pilot.press("r")
        assert "Reproduced by Help Desk in 12 minutes" in text_of(modal, "#reproduce-status")
        await pilot.press("enter")
        await dismissed(pilot, app)
    [state] = app.results
    assert state.result is Reproduction.REPRODUCED
    assert reproduction_line(state) == "Reproduced by Help Desk in 12 minutes"


async def test_checklist_escape_keeps_the_state_and_unchecking_works() -> None:
    start = ReproduceState(frozenset(Condition))
    modal = ReproduceScreen(start, now=lambda: T0)
    app = Host(modal)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert text_of(modal, "#cond-new-information").startswith("[x] 1")
        await pilot.press("2", "g")  # no longer all hold: the result is refused
        assert modal.state.result is None
        await pilot.press("2", "g")
        await pilot.press("escape")
        await dismissed(pilot, app)
    [state] = app.results
    assert state.conditions == frozenset(Condition)
    assert state.result is Reproduction.GAVE_UP


class BarApp(App[None]):
    CSS_PATH = str(APP_CSS)

    def __init__(self, clock: list[float]) -> None:
        super().__init__()
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield ShiftBar(False, "test mailbox", id="shift-bar", clock=lambda: self.clock[0])


async def test_shift_bar_counts_down_then_says_time_is_up() -> None:
    clock = [T0]
    app = BarApp(clock)
    async with app.run_test(size=(120, 5)) as pilot:
        bar = app.query_one(ShiftBar)
        before = str(bar.render())
        assert "reproducing" not in before
        bar.set_countdown(T0 + 29 * 60 + 12.5, "8033ed4c")
        await pilot.pause()
        assert "reproducing 8033ed4c: 29:12 left" in str(bar.render())
        assert "NORMAL SHIFT" in str(bar.render())
        clock[0] = T0 + 31 * 60
        # The bar's own 1-second timer redraws it.
        await wait_until(pilot, lambda: "reproducing 8033ed4c: time is up" in str(bar.render()),
                         timeout=3)
        bar.set_countdown(None)
        await pilot.pause()
        assert str(bar.render()) == before


async def test_shift_bar_fits_80_columns_never_cutting_what_must_show() -> None:
    clock = [T0]
    app = BarApp(clock)
    async with app.run_test(size=(80, 5)) as pilot:
        bar = app.query_one(ShiftBar)
        bar.source = "DEMO mailbox (bundled, nothing leaves this machine)"
        bar.set_counts({Kind.TEAM: 2, Kind.REPORT: 55, Kind.SUPPORT: 8, Kind.LIST_ADMIN: 3,
                        Kind.FT: 1, Kind.SYSTEM: 0})
        bar.set_read_only(True)
        await pilot.pause()
        line = str(bar.render())
        assert "READ-ONLY SKIM" in line and "T2 WB55 M8 L3 FT1" in line
        assert cells(line) <= 80
        assert "…" in line  # the mailbox's name, cut, says so
        bar.set_countdown(T0 + 29 * 60 + 12.5, "8033ed4c")
        bar.set_offline("OFFLINE: reconnecting in 16 s")
        await pilot.pause()
        line = str(bar.render())
        assert cells(line) <= 80
        for shown in ("READ-ONLY SKIM", "reproducing 8033ed4c: 29:12 left",
                      "OFFLINE: reconnecting in 16 s"):
            assert shown in line
        bar.set_countdown(None)
        bar.set_offline("")
        await pilot.resize_terminal(160, 5)  # wide: the counts and the mode in full
        await pilot.pause()
        line = str(bar.render())
        assert "Team 2 WB 55 Mail 8 List 3 [FT] 1" in line
        assert "no answers, no mailbox changes" in line


# --- outcome ------------------------------------------------------------------------------


async def run_outcome(key: str) -> list[Any]:
    app = Host(OutcomeScreen(Outcome.not_needed()))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "no reply needed" in text_of(app.modal, "#outcome-current")
        await pilot.press(key)
        await dismissed(pilot, app)
    return app.results


async def test_outcome_keys() -> None:
    assert await run_outcome("1") == [Outcome.stop_answering(StopReason.GATHERED)]
    assert await run_outcome("2") == [Outcome.stop_answering(StopReason.CANNOT_IMPROVE)]
    assert await run_outcome("3") == [Outcome.stop_answering(StopReason.LOW_PRIORITY)]
    assert await run_outcome("0") == [Outcome(True, None)]
    assert await run_outcome("escape") == [None]


# --- forward form -------------------------------------------------------------------------


async def test_forward_form_picks_a_team_and_shows_the_context_live() -> None:
    modal = ForwardFormScreen(["Foundations Team", "[b]Sysadmins[/b]"],
                              "Wi-Fi lost [10ec:b723]", "Not tried")
    app = Host(modal)
    async with app.run_test(size=(100, 45)) as pilot:
        await pilot.pause()
        assert "To: Foundations Team" in text_of(modal, "#forward-context")
        await pilot.press("down")
        assert "To: [b]Sysadmins[/b]" in text_of(modal, "#forward-context")
        await pilot.press("enter")  # on to the importance
        assert modal.focused is modal.query_one("#forward-importance", Input)
        await pilot.press(*"high: 5 a week", "tab")
        await pilot.press(*"rtl8723be.fwlps=0")
        await pilot.pause()
        context = text_of(modal, "#forward-context")
        assert "Problem:     Wi-Fi lost [10ec:b723]" in context
        assert "Importance:  high: 5 a week" in context
        assert "Workarounds: rtl8723be.fwlps=0" in context
        assert "Reproduced:  Not tried" in context
        await pilot.press("ctrl+s")
        await dismissed(pilot, app)
    assert app.results == [ForwardChoice("[b]Sysadmins[/b]", "high: 5 a week",
                                         "rtl8723be.fwlps=0")]


async def test_forward_form_escape_and_no_team() -> None:
    modal = ForwardFormScreen([], "p", "Not tried")
    app = Host(modal)
    async with app.run_test(size=(100, 45)) as pilot:
        await pilot.pause()
        assert "no team configured" in text_of(modal, "#forward-context")
        await pilot.press("ctrl+s")
        assert not app.results
        assert modal.query_one(OptionList).option_count == 0
        await pilot.press("escape")
        await dismissed(pilot, app)
    assert app.results == [None]
