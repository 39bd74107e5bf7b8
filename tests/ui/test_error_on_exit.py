"""An error box that waited while the member typed is said on exit: quitting with the form
still open lost it (docs/layouts.md, "Notices")."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from hdtui import cli
from hdtui.ui.screens.error import show_error, waiting


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="field")


async def test_an_error_waiting_while_the_member_types_is_said_on_exit(
        capsys: pytest.CaptureFixture[str]) -> None:
    app = _Form()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(Input).focus()
        await pilot.pause()
        show_error(app, "Not sent", "The outbox could not reach the server:\n\x1b[31mretry")
        await pilot.pause()
        assert waiting(app) == [("Not sent",
                                 "The outbox could not reach the server:\n\x1b[31mretry")]
        await pilot.press("a")  # still typing: the box still waits
        assert len(waiting(app)) == 1
    # The app quit with the form open: the box never opened.
    cli.tell_waiting_errors(app)
    err = capsys.readouterr().err
    assert "an error waited while you typed and was never shown: Not sent: The outbox " \
        "could not reach the server:" in err
    assert "\x1b" not in err and "␛[31mretry" in err


class _Queue(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("the queue")


async def test_nothing_is_said_on_exit_once_the_box_was_shown(
        capsys: pytest.CaptureFixture[str]) -> None:
    app = _Queue()
    async with app.run_test(size=(80, 24)) as pilot:
        show_error(app, "Not sent", "The outbox could not reach the server.")
        await pilot.pause()
        assert waiting(app) == []  # nobody typing: opened at once
    cli.tell_waiting_errors(app)
    assert capsys.readouterr().err == ""
