"""Provides ReproduceScreen: the Help Desk's reproduce checklist and its 30-minute attempt.

Reproduce only if the report brings new information, affects at least one persona and can
be reproduced in under 30 minutes (docs/process.md §2). ``1``/``2``/``3`` check the conditions;
when all hold, ``s`` starts the attempt; ``r``/``n``/``g`` record how it ended. Closing
(enter or escape) returns the state, so nothing is lost; the caller keeps it with the report
and shows the countdown in the ShiftBar.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.domain.process import (
    PERSONAS,
    REPRODUCE_MINUTES,
    Condition,
    ReproduceState,
    Reproduction,
    reproduction_line,
)
from hdtui.ui.screens import DIALOGS_CSS

_KEYS = {Condition.NEW_INFORMATION: "1", Condition.AFFECTS_PERSONA: "2", Condition.QUICK: "3"}


class ReproduceScreen(ModalScreen[ReproduceState | None]):
    """Three conditions, the personas, the timer and the result of one report."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("1", "toggle_condition('new-information')", "New information",
                id="toggle-new-information"),
        Binding("2", "toggle_condition('affects-persona')", "Affects a persona",
                id="toggle-affects-persona"),
        Binding("3", "toggle_condition('under-30-minutes')", "Under 30 minutes",
                id="toggle-under-30-minutes"),
        Binding("s", "start_reproducing", "Start the 30-minute attempt",
                id="start-reproducing"),
        Binding("r", "record('reproduced')", "Reproduced", id="reproduced"),
        Binding("n", "record('not reproduced')", "Not reproduced", id="not-reproduced"),
        Binding("g", "record('gave up')", "Gave up", id="gave-up"),
        Binding("escape,enter,q", "close_checklist", "Close (keeps the checklist)",
                id="close-checklist"),
    ]

    def __init__(self, state: ReproduceState,
                 now: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.state = state
        self.now = now
        self.message = ""

    def compose(self) -> ComposeResult:
        """The conditions, with the personas under the second, then the status."""
        with Vertical(id="reproduce-dialog", classes="dialog"):
            yield Static(Content.styled("Reproduce checklist", "bold"))
            for condition in Condition:
                yield Static(id=f"cond-{condition.value}", classes="condition")
                if condition is Condition.AFFECTS_PERSONA:
                    for name, description in PERSONAS:
                        yield Static(Content.assemble((f"{name}: ", "bold"), description),
                                     classes="persona")
            yield Static(id="reproduce-status")
            yield Static(Content.styled(
                "1/2/3 check · s start · r reproduced · n not reproduced · g gave up · "
                "enter or escape closes (keeps everything)", "dim"))

    def on_mount(self) -> None:
        """Draw, then keep the time left up to date."""
        self.redraw()
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        """Show the conditions and the status as they are now."""
        for condition in Condition:
            held = condition in self.state.conditions
            self.query_one(f"#cond-{condition.value}", Static).update(Content.assemble(
                ("[x] " if held else "[ ] ", "bold" if held else ""),
                (f"{_KEYS[condition]}  ", "bold"),
                (condition.label, ""),
            ))
        self.query_one("#reproduce-status", Static).update(self.status())

    def status(self) -> Content:
        """Where the attempt stands, and the last refusal if any."""
        state = self.state
        remaining = state.remaining(self.now())
        if state.result is not None:
            text = f"Result: {reproduction_line(state)}."
        elif remaining is not None:
            left = int(remaining)
            text = (f"Reproducing: {left // 60}:{left % 60:02d} left." if left > 0 else
                    "Reproducing: time is up. Record the result: r, n or g.")
        elif state.all_hold:
            text = f"All conditions hold: s starts the {REPRODUCE_MINUTES}-minute attempt."
        else:
            text = "Not all conditions hold: do not reproduce; relay or answer instead."
        if self.message:
            text = f"{text}\n{self.message}"
        return Content.styled(text, "bold")

    def action_toggle_condition(self, value: str) -> None:
        """Check or uncheck one condition."""
        self.state = self.state.toggle(Condition(value))
        self.message = ""
        self.redraw()

    def action_start_reproducing(self) -> None:
        """Start the 30-minute attempt, only when every condition holds."""
        if not self.state.all_hold:
            self.message = "All three conditions must hold before reproducing."
        else:
            self.state = self.state.start(self.now())
            self.message = ""
        self.redraw()

    def action_record(self, value: str) -> None:
        """Record how the attempt ended."""
        if not self.state.all_hold:
            self.message = "All three conditions must hold before reproducing."
        else:
            self.state = self.state.record(Reproduction(value), self.now())
            self.message = ""
        self.redraw()

    def action_close_checklist(self) -> None:
        """Close, returning the checklist as it is."""
        self.dismiss(self.state)
