"""BackgroundPause: the count waits while a change from the server is on its way to the
screen, goes on once it is shown or the hold lapsed, and ends at once when its worker is
cancelled meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from hdtui.ui.background_pause import BackgroundPause


def test_not_held_the_wait_returns_at_once() -> None:
    pause = BackgroundPause()
    started = time.monotonic()
    pause.wait()
    assert not pause.held and time.monotonic() - started < 0.05


def test_held_the_wait_lasts_until_the_release() -> None:
    pause = BackgroundPause(longest=10.0)
    pause.hold()
    assert pause.held
    through = threading.Event()
    waiter = threading.Thread(target=lambda: (pause.wait(), through.set()))
    waiter.start()
    assert not through.wait(0.3)  # held: the count does not go on
    pause.release()
    assert through.wait(5)
    waiter.join(5)
    assert not pause.held


def test_a_hold_nothing_releases_lapses() -> None:
    """A change that shows nothing (a feed gone offline) pauses the count ``longest``
    seconds at most, and the lapsed hold stops nothing after it."""
    now = [100.0]
    pause = BackgroundPause(longest=3.0, clock=lambda: now[0])
    pause.hold()
    looked: list[int] = []

    def still_wanted() -> None:
        looked.append(1)
        now[0] += 1.0  # each step of the wait, a second goes by

    pause.wait(still_wanted)
    assert 2 <= len(looked) <= 3  # waited about 3 s of the clock, then went on
    looked.clear()
    pause.wait(still_wanted)
    assert looked == []


def test_a_later_hold_extends_the_wait() -> None:
    now = [0.0]
    pause = BackgroundPause(longest=3.0, clock=lambda: now[0])
    pause.hold()
    looked: list[float] = []

    def still_wanted() -> None:
        looked.append(now[0])
        now[0] += 1.0
        if now[0] == 2.0:
            pause.hold()  # another change at 2 s: held until 5 s

    pause.wait(still_wanted)
    assert looked[-1] >= 4.0


def test_a_cancelled_worker_ends_a_paused_wait() -> None:
    class Abandoned(Exception):
        pass

    cancelled = threading.Event()

    def still_wanted() -> None:
        if cancelled.is_set():
            raise Abandoned

    pause = BackgroundPause(longest=60.0)
    pause.hold()
    cancelled.set()
    started = time.monotonic()
    with pytest.raises(Abandoned):
        pause.wait(still_wanted)
    assert time.monotonic() - started < 1.0


def test_an_earlier_changes_paint_does_not_release_a_later_changes_hold() -> None:
    """Each hold has its number: the feed releases with the number read before its load,
    so a change announced after it keeps the count waiting until it is shown too."""
    pause = BackgroundPause(longest=10.0)
    pause.hold()  # change A
    read_a = pause.generation  # the load that shows A starts
    pause.hold()  # change B, announced before A is painted
    pause.release(read_a)  # A painted
    assert pause.held  # B is still on its way
    pause.release(pause.generation)  # B's load, then its paint
    assert not pause.held
    pause.hold()
    pause.release()  # without a number (the feed stopping): released whatever came
    assert not pause.held
