"""The test harness itself: ``pilot.press`` returns once the key has run its binding.

A key goes from the app to the focused widget, then bubbles up through every parent back
to the app, which runs the non-priority bindings. Under load each of those steps is slow;
here each parent's handler takes a few milliseconds of CPU, as a loaded machine would, so
a press that only waited a fixed few milliseconds returned with the key still on its way.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widgets import Static

from tests.support.pilot import pumps_at_rest

DEPTH = 8


class Slow(Container):
    """A parent whose handling of a key costs CPU time (a loaded machine)."""

    def on_key(self, event: events.Key) -> None:
        time.sleep(0.004)


class Leaf(Static, can_focus=True):
    def on_key(self, event: events.Key) -> None:
        time.sleep(0.004)


class Deep(App[None]):
    BINDINGS = [Binding("x", "count", "Count")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        def nest(level: int) -> Container:
            if level == DEPTH:
                return Slow(Leaf("leaf", id="leaf"))
            return Slow(nest(level + 1))
        yield nest(0)

    def on_mount(self) -> None:
        self.query_one("#leaf").focus()

    def action_count(self) -> None:
        self.count += 1


async def test_press_returns_after_the_key_bubbled_up_to_its_binding() -> None:
    app = Deep()
    async with app.run_test() as pilot:
        await pilot.pause()
        for n in range(1, 6):
            await pilot.press("x")
            assert app.count == n  # read at once: no pause, no wait
            assert pumps_at_rest(app)
