"""Keys typed while the TUI closes are neither echoed nor left for the shell (walk25's
defect 9: a stray "^[" on the terminal after an exit: an escape pressed while the session
closed, echoed by the terminal Textual had given back; a second escape reached bash).
On a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import termios

from hdtui.terminal_input import TypedWhileClosing, without_echo


def pending(fd: int) -> bytes:
    """What can be read from ``fd`` now."""
    data = b""
    while select.select([fd], [], [], 0.2)[0]:
        chunk = os.read(fd, 1024)
        if not chunk:
            break
        data += chunk
    return data


def test_an_escape_typed_while_closing_is_not_echoed_nor_left_for_the_shell() -> None:
    terminal, tty = os.openpty()
    try:
        before = termios.tcgetattr(tty)
        assert before[3] & termios.ECHO
        typed = TypedWhileClosing(tty)  # read before the app starts
        # Textual gives the terminal back as HdtuiApp.exit had it: echo off.
        termios.tcsetattr(tty, termios.TCSANOW, without_echo(before))
        typed.quiet()
        os.write(terminal, b"\x1b")  # the member presses escape as hdtui closes
        assert pending(terminal) == b""  # not echoed
        typed.restore()
        assert pending(tty) == b""  # nor read by the shell afterwards
        assert termios.tcgetattr(tty) == before  # the terminal as it was
        os.write(terminal, b"x")
        assert pending(terminal) == b"x"  # echo is back for the shell
    finally:
        os.close(terminal)
        os.close(tty)


def test_no_terminal_changes_nothing() -> None:
    read, write = os.pipe()
    try:
        typed = TypedWhileClosing(read)
        assert typed.before is None
        typed.quiet()
        typed.restore()
    finally:
        os.close(read)
        os.close(write)


async def test_the_app_has_textual_give_the_terminal_back_without_echo() -> None:
    """``HdtuiApp.exit`` turns echo off in what the driver restores (a headless driver
    has nothing to restore: checked on a stand-in holding the settings)."""
    from types import SimpleNamespace

    from hdtui.ui.app import HdtuiApp

    terminal, tty = os.openpty()
    try:
        attrs = termios.tcgetattr(tty)
        app = HdtuiApp.__new__(HdtuiApp)
        app._driver = SimpleNamespace(attrs_before=attrs)  # type: ignore[assignment]
        app._restore_without_echo()
        assert not app._driver.attrs_before[3] & termios.ECHO  # type: ignore[union-attr]
        assert app._driver.attrs_before[:3] == attrs[:3]  # type: ignore[union-attr]
    finally:
        os.close(terminal)
        os.close(tty)


CHILD = """
import atexit, os, sys, termios
from hdtui.quick_exit import quick_exit
from hdtui.terminal_input import TypedWhileClosing, restore_last

tty = int(sys.argv[1])
atexit.register(lambda: print("at exit, echo", "on" if termios.tcgetattr(tty)[3]
                              & termios.ECHO else "off", flush=True))
typed = TypedWhileClosing(tty)
typed.quiet()
restore_last(typed)
print("closed, echo", "on" if termios.tcgetattr(tty)[3] & termios.ECHO else "off",
      flush=True)
quick_exit(int(sys.argv[2]))
"""


def test_the_terminal_is_given_back_as_the_process_ends_not_before() -> None:
    """newcomer29's defect 2: the settings were put back when the session was closed,
    before the exit functions, the flush and the end: a key typed in those instants was
    echoed. Now they are the last act, in ``quick_exit`` (and on Python's own exit, an
    exit function)."""
    import subprocess
    import sys

    terminal, tty = os.openpty()
    try:
        before = termios.tcgetattr(tty)
        for code in (0, 129):  # a quit, a hang-up
            ran = subprocess.run([sys.executable, "-c", CHILD, str(tty), str(code)],
                                 pass_fds=(tty,), capture_output=True, text=True,
                                 timeout=60, check=False)
            assert ran.returncode == code, ran.stderr
            assert ran.stdout == "closed, echo off\nat exit, echo off\n"
            assert termios.tcgetattr(tty) == before  # given back all the same
    finally:
        os.close(terminal)
        os.close(tty)
