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
