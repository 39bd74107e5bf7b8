"""Writes keymaps/default.toml, and docs/keys.md (every key, default and vim), from the
bindings declared in code (run after adding or changing a key).

    .venv/bin/python scripts/keymap_default.py

tests/unit/test_keymap.py fails while the file and the code disagree.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hdtui.ui.keys import described, display_keys, iter_bindings  # noqa: E402

HEADER = """\
# hdtui default keymap: "binding-id" = "keys" (comma-separated alternatives).
# These are the keys declared in code (a test keeps them equal). To change one key, copy
# its line into [keymap_overrides] of your config; for a whole set, make your own file and
# name it with `keymap = "path/to/file.toml"`. `?` in the app lists keys and ids.\
"""


def main() -> None:
    lines = [HEADER]
    where_before = None
    for where, binding in iter_bindings():
        if where != where_before:
            lines.append(f"\n# {where}")
            where_before = where
        lines.append(f'"{binding.id}" = "{binding.key}"  # {binding.description}')
    (ROOT / "keymaps" / "default.toml").write_text("\n".join(lines) + "\n")
    write_keys_page()


KEYS_INTRO = """\
# Keys

Every key of hdtui, generated from the bindings declared in code by
`scripts/keymap_default.py` (do not edit by hand). In the app, `?` lists the keys of the
keymap in force with their ids, and `ctrl+p` (the command palette) every action.

Two keymaps ship in `keymaps/`: `default` and `vim` (which adds `j`/`k`, `g`/`G`,
`ctrl+f`/`ctrl+b` and moves "kind" to `K`). Pick one with `keymap = "vim"` in the config
(or `--keymap vim`, or the path of your own TOML file), and change single keys by id with
`[keymap_overrides]`, e.g. `"toggle-claim" = "C"`. Every command (the TUI, `sync`,
`stats`, `scan` and the others) checks the keymap in force, from `--keymap` or the config,
the same way and stops with status 2 on: an unknown keymap name (the message lists the
keymaps), an unknown id (it lists the valid ids), a key name no terminal sends, a key
given to two actions one press reaches (the message names both; a pane's keys are heard
with the main screen's and `q`/`?`, a dialog's alone, so the queue and the report may
share a key and a dialog may take `q` to close), and `ctrl+q` or `ctrl+c` given to
anything but quit: those two always leave hdtui.

The table below, the `?` keys table and `keymaps/default.toml` list each place's keys
under one heading: `q` (declared by the app, heard on the main screen only) is listed
there, with its note "a view or dialog: q closes it" in its action (before session 25 it
had a "main screen" heading of its own, above "everywhere").

## Leaving

`q` quits from the queue, and in a normal shift first offers the hand-off note; in a view
or a dialog `q` closes it, as escape does. `ctrl+q` and `ctrl+c` leave at once from every
screen: a form, a dialog, an error box (even one that only escape closes), the shift-start
screen. They ask nothing, so that leaving stays one key (session 25: they did nothing
outside the queue). `ctrl+c` copies instead when text is selected (in the field being
typed in, or with the mouse): a member copying a line does not lose hdtui. Nothing typed
is lost, kept as at a hang-up: a reply, forward or [FT] open in the editor becomes a draft
in the outbox (`ctrl+o`), and any other form (the hand-off note, a new issue, a personal
note, a reminder, the forward's context, the auto-reply's text) is offered at the next
start ("You were writing a hand-off note when you left hdtui (ctrl+q or ctrl+c): open it?"). A form
opened and left as it was is not kept.

Whatever way hdtui ends, once the screen is gone it prints on the terminal, one line each,
what still waits: the GitLab writes in the outbox (refused by GitLab: copy, retry or drop
them there; or waiting for GitLab: retried at the next start), what was kept of what was
being typed and where, and each error box not read (held until a form closed, or still
open), as one clean line. A question at the quit would slow every quit and make `ctrl+c`
not leave; a line that stays on the terminal is read after (`hdtui.domain.leaving`). A form
kept before this session and still kept (answered "Not now" at the offer, or the offer
left with `ctrl+c`) is said too: "hdtui: still kept from before: a hand-off note (offered
at the next start)." (walk26 saw nothing printed then).

Keys pressed while hdtui closes (the session's close can take a second) are neither echoed
nor passed on to the shell: the app has Textual give the terminal back with echo off, and
what was typed meanwhile is thrown away once the session is closed, when echo comes back
(`hdtui.terminal_input`). Before session 25 an escape pressed then printed a stray `^[`,
a second one made bash list its completions, and an arrow recalled the shell's history.
A second `ctrl+c` pressed then is ignored too (it once cut the keeping of an open form
short). Only a process killed outright (`kill -9`) in that second leaves the shell without
echo: `stty sane` gives it back.
"""


def keys_table() -> str:
    """The table of every binding: default keys, vim keys, action, where, id."""
    vim = tomllib.loads((ROOT / "keymaps" / "vim.toml").read_text())
    rows = ["| default | vim | action | where | id |", "|---|---|---|---|---|"]
    for where, binding in iter_bindings():
        other = f"`{display_keys(vim[binding.id])}`" if binding.id in vim else ""
        rows.append(f"| `{display_keys(binding.key)}` | {other} | {described(binding)} | "
                    f"{where} | `{binding.id}` |")
    return "\n".join(rows) + "\n"


def write_keys_page() -> None:
    """Write docs/keys.md: the introduction, then the table."""
    (ROOT / "docs" / "keys.md").write_text(KEYS_INTRO + "\n" + keys_table())


if __name__ == "__main__":
    main()
