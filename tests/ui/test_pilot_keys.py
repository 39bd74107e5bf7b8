"""The test harness itself: ``pilot.press`` returns once the key has run its binding;
``settle`` returns once a scroll's animation has ended; ``shown`` returns a screen once
its widgets are there; ``said`` still reads a toast that has timed out.

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
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tests.support.pilot import notifications, pumps_at_rest, said, settle, shown, wait_until

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


class Long(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text"):
            yield Static("\n".join(f"line {n}" for n in range(200)))


async def test_settle_waits_for_a_scroll_animation_to_end() -> None:
    """A scroll key moves ``scroll_y`` over several frames: read after ``settle`` it is
    where the key leads, not on its way (CI under load: 1.86 where 2 was due)."""
    app = Long()
    async with app.run_test(size=(40, 10)) as pilot:
        await settle(pilot)
        text = app.query_one("#text", VerticalScroll)
        text.scroll_to(y=20, animate=True, duration=0.3)
        await settle(pilot)
        assert text.scroll_y == 20


class Later(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("here", id="later-text")


async def test_shown_returns_a_screen_once_its_widgets_are_there() -> None:
    """A pushed screen is on top at once, its widgets only after it is composed."""
    app = Long()
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(Later())
        screen = await shown(pilot, Later, "the later screen")
        assert str(screen.query_one("#later-text", Static).render()) == "here"


async def test_said_reads_a_toast_after_it_timed_out() -> None:
    app = Long()
    async with app.run_test() as pilot:
        # On screen first (a toast of 0.1 s could be gone before the first look under
        # load: the look is the point here, so the toast lives a second).
        app.notify("Created #1", timeout=1.0)
        await wait_until(pilot, lambda: "Created #1" in notifications(app))
        await wait_until(pilot, lambda: not notifications(app), what="the toast gone")
        assert "Created #1" in said(app)
