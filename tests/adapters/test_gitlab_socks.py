"""GitLab through a SOCKS proxy (issue #14, item 5: "a SOCKS proxy works"): python-gitlab
with ``[tracker] proxy = "socks5h://…"`` reaches the GitLab-API test server through the
SOCKS5 test proxy (tests/servers/socks.py), which resolves the host name itself, as Tor
does. docs/config.md, "A proxy"."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from hdtui.config import parse_config
from hdtui.config_checks import gitlab_settings
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from tests.servers.gitlab_api import GitLabAPI
from tests.servers.socks import SocksProxy

TOKEN = "glpat-alice-secret-token"
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("socks") is None,
    reason="PySocks (the socks extra, part of .[dev]) is not installed")


@pytest.fixture(autouse=True)
def no_proxy_bypass(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_PROXY from the environment would let requests go to localhost directly."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY",
                 "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_issues_are_listed_through_a_socks5h_proxy_that_resolves_the_name(
    gitlab_api: GitLabAPI, socks_proxy: SocksProxy, tmp_path: Path
) -> None:
    gitlab_api.add_user(TOKEN, "alice")
    project = gitlab_api.add_project(43, "tails/tails")
    for n in range(3):
        gitlab_api.add_issue(project, f"Issue {n}")
    by_name = gitlab_api.url.replace("127.0.0.1", "localhost")
    config = parse_config({"tracker": {"url": by_name, "project": "tails/tails",
                                       "token_env": "HDTUI_GITLAB_TOKEN",
                                       "proxy": socks_proxy.url}})
    settings = gitlab_settings(config)  # the SOCKS support is there: accepted
    settings = GitLabSettings(url=settings.url, project=settings.project,
                              token=lambda: TOKEN, proxy=settings.proxy, per_page=2,
                              timeout=5.0)
    tracker = GitLabTracker(settings, tmp_path / "cache.json")
    try:
        assert tracker.sync().total == 3
        assert sorted(i.title for i in tracker.issues()) == ["Issue 0", "Issue 1", "Issue 2"]
    finally:
        tracker.close()
    port = int(gitlab_api.url.rsplit(":", 1)[1])
    # socks5h: the name went to the proxy unresolved, for every request (2 pages and more)
    assert len(socks_proxy.asked) >= 1
    assert set(socks_proxy.asked) == {("localhost", port)}
    assert {r.host for r in gitlab_api.log} == {f"localhost:{port}"}


def test_the_test_proxy_connects_only_to_this_machine(socks_proxy: SocksProxy) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", socks_proxy.port), timeout=5) as sock:
        sock.sendall(bytes([5, 1, 0]))
        assert sock.recv(2) == bytes([5, 0])
        name = b"example.org"
        sock.sendall(bytes([5, 1, 0, 3, len(name)]) + name + (443).to_bytes(2, "big"))
        assert sock.recv(10)[1] == 2  # connection not allowed by ruleset
    assert socks_proxy.asked == [("example.org", 443)]
