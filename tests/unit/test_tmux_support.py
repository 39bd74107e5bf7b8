"""The e2e tests' tmux helper leaves no dead socket file behind (kill-server does)."""

from __future__ import annotations

import shutil

import pytest

from tests.support.tmux import Tmux, socket_path


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_kill_server_removes_the_socket_file() -> None:
    tmux = Tmux("hdtui-test-socket", "s")
    tmux("new-session", "-d", "-s", "s", "-x", "20", "-y", "5", "sleep 30")
    try:
        where = socket_path(tmux.socket)
        assert where.exists()  # where tmux put it: the path is computed right
        assert tmux("display-message", "-p", "#{socket_path}").strip() == str(where)
    finally:
        tmux("kill-server")
    assert not where.exists()
    assert tmux("list-sessions") == ""  # and the server is gone
