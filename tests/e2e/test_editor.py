"""End to end in a real terminal (tmux): ctrl+e hands the body to $EDITOR and comes back."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.tmux import Tmux

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


def toast(text: str) -> str:
    """The text of the notifications on screen, unwrapped (each line starts after a ▌; a
    full-screen form's right border may follow it)."""
    parts = [line.rsplit("▌", 1)[1].rstrip(" █") for line in text.splitlines()
             if "▌" in line]
    return " ".join(" ".join(parts).split())


class Terminal(Tmux):
    """The compose program in tmux, on a tmux server of its own (one socket per test, so
    a server still shutting down after the previous test cannot take the new session)."""

    def __init__(self, socket: str, directory: Path) -> None:
        super().__init__(socket, "e2e")
        self.directory = directory
        self.out = directory / "outcome.json"

    def start(self, editor: str) -> None:
        """Run the program with EDITOR set; wait for its first frame."""
        command = (
            f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={self.directory} "
            f"TERM=xterm-256color EDITOR='{editor}' "
            f"{sys.executable} -m tests.e2e.compose_app {self.out} </dev/tty; "
            "echo EXITED $?; sleep 30"
        )
        self("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-c", str(ROOT),
                  command)
        self.wait_for(lambda s: "Thank you for your report" in s and "UNENCRYPTED" in s)
        self.wait_stable()  # the first keys of a person come once the screen is drawn

    def outcome(self) -> dict[str, object]:
        result = json.loads(self.out.read_text())
        assert isinstance(result, dict)
        return result


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(f"hdtui-editor-{os.getpid()}-{tmp_path.name}", tmp_path)
    yield term
    socket = term("display-message", "-p", "#{socket_path}").strip()
    term("kill-server")
    if socket:
        Path(socket).unlink(missing_ok=True)  # a socket per test: leave none behind


def write_editor(directory: Path, body: str) -> Path:
    script = directory / "editor.sh"
    script.write_text("#!/bin/sh\n"
                      'for f; do :; done\n'  # the file is the last argument
                      f"printf '%s\\n' \"$f\" > {directory}/editor-path\n"
                      f"stat -c %a \"$f\" > {directory}/editor-mode\n" + body)
    script.chmod(0o700)
    return script


def test_editor_edits_the_body_and_the_app_resumes(terminal: Terminal,
                                                   tmp_path: Path) -> None:
    editor = write_editor(tmp_path, "sed -i 's/Hello/Bonjour/' \"$f\"\n"
                                    "printf 'Added in the editor\\n' >> \"$f\"\n")
    terminal.start(f"{editor} --flag")  # $EDITOR is split like a shell does
    terminal.send("C-e")
    text = terminal.wait_for(lambda s: "Bonjour," in s and "Added in the editor" in s)
    assert "Hello," not in text
    assert "From:" in text and "Subject:" in text  # the whole screen is back
    temp = Path((tmp_path / "editor-path").read_text().split()[0])
    assert temp.name.startswith("hdtui-draft-")
    assert (tmp_path / "editor-mode").read_text().strip() == "600"
    assert not temp.exists()  # the temporary copy is gone
    terminal.send("C-s")
    text = terminal.wait_for(lambda s: "Send this reply?" in s)
    assert "NOT encrypted" in text
    terminal.send("y")
    terminal.wait_for(lambda s: "EXITED 0" in s)
    outcome = terminal.outcome()
    assert outcome["action"] == "send"
    assert outcome["body"] == ("Bonjour,\n\nThank you for your report.\n"
                               "Added in the editor\n")


@pytest.mark.parametrize(("editor", "said"), [
    ("failing", "exited with status 3: the body is unchanged"),
    ("/nonexistent/editor", "Could not start the editor '/nonexistent/editor'"),
])
def test_an_editor_that_fails_leaves_the_body_unchanged(
        terminal: Terminal, tmp_path: Path, editor: str, said: str) -> None:
    if editor == "failing":
        editor = str(write_editor(tmp_path, "sed -i 's/Hello/Bonjour/' \"$f\"\nexit 3\n"))
    terminal.start(editor)
    terminal.send("C-e")
    text = terminal.wait_for(lambda s: said in toast(s))
    assert "Hello," in text and "Bonjour" not in text
    if (tmp_path / "editor-path").exists():
        assert not Path((tmp_path / "editor-path").read_text().split()[0]).exists()
    terminal.wait_stable()
    terminal.send("Escape")
    terminal.wait_for(lambda s: "EXITED 0" in s)
    outcome = terminal.outcome()
    assert outcome["action"] == "keep"
    assert outcome["body"] == "Hello,\n\nThank you for your report.\n"
