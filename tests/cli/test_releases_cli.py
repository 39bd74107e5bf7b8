"""`hdtui releases`: the demo snapshot (text and JSON), real feeds on 127.0.0.1, a failed
feed (exit 1, the last good copy and its age on stderr), a refused URL (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import hdtui
from tests.servers.feeds import FeedServer


def test_demo_text_and_json(xdg: Path) -> None:
    result = hdtui("releases", "--demo", env_root=xdg)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Tails 7.7, 2026-11-10: https://tails.net/news/version_7.7/")
    assert "\nFixed problems\n  - Fix Error starting GDM" in out
    assert "Fixes issues: #17953, #19113, #17794" in out
    assert "Unfixed advisories: 1\n  - 2026-11-20 Thunderbird shows remote images" in out
    result = hdtui("--demo", "releases", "--json", env_root=xdg)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stable"] == "7.7" and data["latest"]["version"] == "7.7"
    assert data["latest"]["fixed_issues"] == [17953, 19113, 17794]
    assert list(data["latest"]["sections"]) == ["New features", "Changes and updates",
                                                "Fixed problems", "Known issues"]
    assert [r["version"] for r in data["releases"]] == ["7.7", "7.6.1", "7.6"]
    assert [a["title"] for a in data["unfixed_advisories"]] == [
        "Thunderbird shows remote images in some HTML messages"]
    assert data["problems"] == []


def config_for(xdg: Path, server: FeedServer, news: str = "/news.rss") -> None:
    config = xdg / "config" / "hdtui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[releases]\nnews_url = "{server.url(news)}"\n'
                      f'advisories_url = "{server.url("/advisories.atom")}"\n'
                      f'latest_url = "{server.url("/latest.json")}"\ntimeout = 2\n')


def test_live_feeds_then_a_failure(xdg: Path, feed_server: FeedServer) -> None:
    config_for(xdg, feed_server)
    result = hdtui("releases", env_root=xdg)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Tails 7.7, 2026-11-10")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert (xdg / "data" / "hdtui" / "releases.json").exists()  # next to the store
    feed_server.break_all()
    result = hdtui("releases", env_root=xdg)
    assert result.returncode == 1
    assert "hdtui: news feed unreachable: showing the copy from just now (" in result.stderr
    assert "HTTP 500" in result.stderr
    assert result.stdout.startswith("Tails 7.7, 2026-11-10")  # the last good copy


def test_a_plain_http_url_is_refused(xdg: Path) -> None:
    config = xdg / "config" / "hdtui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[releases]\nlatest_url = "http://tails.net/latest.json"\n')
    result = hdtui("releases", env_root=xdg)
    assert result.returncode == 2
    assert "[releases] latest_url" in result.stderr and "127.0.0.1" in result.stderr


def test_feeds_never_fetched_are_unknown_not_none(xdg: Path, feed_server: FeedServer) -> None:
    """Feeds out of reach with no copy yet: the unfixed advisories are unknown (text) and
    null (JSON), never "none" and [] (a member read "Unfixed advisories: none")."""
    config_for(xdg, feed_server)
    feed_server.break_all()
    result = hdtui("releases", env_root=xdg)
    assert result.returncode == 1
    assert "Unfixed advisories: unknown (the advisories feed was never fetched)" in \
        result.stdout
    assert "none" not in result.stdout
    data = json.loads(hdtui("releases", "--json", env_root=xdg).stdout)
    assert data["unfixed_advisories"] is None and data["stable"] is None
