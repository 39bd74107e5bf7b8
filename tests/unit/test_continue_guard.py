"""The SIGCONT guard (hdtui/ui/continue_guard.py; docs/live-changes.md, "The exit"):
Textual's answer to SIGCONT only after a ctrl+z stop and never once the way out has begun;
a Textual whose driver no longer sets the handlers it wraps is said at start."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from types import FrameType

import pytest
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

from hdtui.errors import TerminalDriverChanged
from hdtui.ui.continue_guard import ContinueGuard


@pytest.fixture
def handlers() -> Iterator[None]:
    """The process's SIGTSTP and SIGCONT handlers as they were, after the test."""
    saved = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    yield
    signal.signal(signal.SIGTSTP, saved[0])
    signal.signal(signal.SIGCONT, saved[1])


class Driver:
    """Stands for Textual's handlers: records what it was asked (it stops nothing)."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        signal.signal(signal.SIGTSTP, self.on_stop)
        signal.signal(signal.SIGCONT, self.on_continue)

    def on_stop(self, number: int, frame: FrameType | None) -> None:
        self.heard.append("suspend")

    def on_continue(self, number: int, frame: FrameType | None) -> None:
        self.heard.append("resume")


def send(number: int) -> None:
    os.kill(os.getpid(), number)  # handled in this thread before os.kill returns to us


async def test_the_pinned_textual_driver_sets_the_handlers_the_guard_wraps(
        handlers: None) -> None:
    # Fails loudly if a Textual upgrade stops setting them: the guard would have nothing
    # to wrap, and the start says so (TerminalDriverChanged) rather than run unguarded.
    signal.signal(signal.SIGTSTP, signal.SIG_DFL)
    signal.signal(signal.SIGCONT, signal.SIG_DFL)
    LinuxDriver(App(), debug=False, mouse=False, size=(80, 24))  # (in a running loop)
    assert callable(signal.getsignal(signal.SIGTSTP))
    assert callable(signal.getsignal(signal.SIGCONT))
    ContinueGuard(lambda: False).install()


def test_a_sigcont_without_a_stop_restarts_nothing(handlers: None) -> None:
    # A terminal that hangs up sends SIGCONT to a process that was never stopped: the
    # driver started a second input thread beside the first.
    driver = Driver()
    ContinueGuard(lambda: False).install()
    send(signal.SIGCONT)
    assert driver.heard == []


def test_a_sigcont_after_ctrl_z_resumes_once(handlers: None) -> None:
    driver = Driver()
    ContinueGuard(lambda: False).install()
    send(signal.SIGTSTP)
    send(signal.SIGCONT)
    send(signal.SIGCONT)  # a second one: the input thread runs again already
    assert driver.heard == ["suspend", "resume"]


def test_nothing_restarts_once_the_way_out_has_begun(handlers: None) -> None:
    # Stopped by ctrl+z, then the terminal hung up: SIGHUP began the way out, and the
    # SIGCONT that comes with it restarts nothing.
    driver = Driver()
    ending = [False]
    ContinueGuard(lambda: ending[0]).install()
    send(signal.SIGTSTP)
    ending[0] = True
    send(signal.SIGCONT)
    assert driver.heard == ["suspend"]


def test_a_driver_without_the_handlers_is_said_at_install(handlers: None) -> None:
    signal.signal(signal.SIGTSTP, signal.SIG_DFL)
    signal.signal(signal.SIGCONT, signal.SIG_DFL)
    with pytest.raises(TerminalDriverChanged, match="Textual version hdtui pins"):
        ContinueGuard(lambda: False).install()
    assert signal.getsignal(signal.SIGCONT) == signal.SIG_DFL  # nothing half-installed
