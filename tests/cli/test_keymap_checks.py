"""Every command checks the keymap one way (``cli.checked_keymap``): a keymap that the TUI
refuses stops `sync`, `stats`, `scan` and the others with the TUI's message and status 2,
whether it is named by --keymap or by `keymap =` in the config; a key given to two actions
one press reaches, or ctrl+q / ctrl+c taken from quitting, is refused at start naming both
(docs/keys.md, docs/config.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import DEMO as DEMO_MAILDIR
from tests.cli.test_first_contact import run, write_config

COMMANDS = (["sync"], ["stats"], ["scan", str(DEMO_MAILDIR)], ["followups"],
            ["releases"], ["tracker-sync"])


def test_an_unknown_keymap_named_by_keymap_stops_every_command(xdg: Path) -> None:
    """`hdtui --demo --keymap nope sync` said nothing and exited 0 (the TUI refused it)."""
    tui = run("--demo", "--keymap", "nope", home=xdg)
    assert tui.returncode == 2 and "No keymap is named 'nope'" in tui.stderr
    for command in COMMANDS:
        result = run("--demo", "--keymap", "nope", *command, home=xdg)
        assert (result.returncode, result.stderr) == (2, tui.stderr), command


def test_a_key_no_terminal_sends_stops_every_command(xdg: Path) -> None:
    """A keymap file with "quit" = "ctrl+shift+banana": sync exited 0, by --keymap or by
    `keymap =` in the config (the TUI refused it)."""
    bad = xdg / "bad.toml"
    bad.write_text('"quit" = "ctrl+shift+banana"\n')
    tui = run("--demo", "--keymap", str(bad), home=xdg)
    assert tui.returncode == 2 and "'ctrl+shift+banana' is not a key name" in tui.stderr
    for command in (["sync"], ["stats"], ["scan", str(DEMO_MAILDIR)]):
        result = run("--demo", "--keymap", str(bad), *command, home=xdg)
        assert (result.returncode, result.stderr) == (2, tui.stderr), command
    config = write_config(xdg, f'keymap = "{bad}"\n[source]\npath = "{DEMO_MAILDIR}"\n')
    for command in ([], ["sync"], ["stats"]):
        result = run("--config", str(config), *command, home=xdg)
        assert (result.returncode, result.stderr) == (2, tui.stderr), command


@pytest.mark.parametrize(("line", "said"), [
    ('"toggle-claim" = "q"', "the key 'q' is given to 'quit' (main screen) and to "
                             "'toggle-claim' (main screen)"),
    ('"cursor-down" = "c"', "the key 'c' is given to 'toggle-claim' (main screen) and to "
                            "'cursor-down' (queue)"),
    ('"mark-triaged" = "ctrl+q"', "'mark-triaged' = 'ctrl+q' takes ctrl+q, which is kept "
                                  "for quitting hdtui"),
    ('"close-help" = "ctrl+c"', "takes ctrl+c, which is kept for quitting hdtui"),
])
def test_a_key_taken_from_another_action_is_refused_at_start(xdg: Path, line: str,
                                                             said: str) -> None:
    """"toggle-claim" = "q" started without a word: q claimed, `?` still said q quits,
    and only the palette could quit."""
    keymap = xdg / "mine.toml"
    keymap.write_text(line + "\n")
    for command in ([], ["sync"]):
        result = run("--demo", "--keymap", str(keymap), *command, home=xdg)
        assert result.returncode == 2, (command, result.stderr)
        assert said in result.stderr, (command, result.stderr)
        assert "Keymap clash" in result.stderr or "another key" in result.stderr
    config = write_config(xdg, f'[source]\npath = "{DEMO_MAILDIR}"\n'
                               f'[keymap_overrides]\n{line}\n')
    result = run("--config", str(config), "sync", home=xdg)
    assert result.returncode == 2 and said in result.stderr, result.stderr


def test_keys_apart_or_moved_away_are_kept(xdg: Path) -> None:
    """The same key in two places one press never reaches both of (the queue and the
    report; a dialog's own q) is no clash, and the key moved away frees it."""
    keymap = xdg / "mine.toml"
    keymap.write_text('"toggle-claim" = "q"\n"quit" = "Q"\n"scroll-down" = "j"\n'
                      '"cursor-down" = "j"\n')
    result = run("--demo", "--keymap", str(keymap), "sync", home=xdg)
    assert result.returncode == 0, result.stderr
