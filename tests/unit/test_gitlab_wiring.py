"""[tracker] keys of issue #14 items 4-5: whose issue text is vetted as a reply (GitLab
only), and a proxy for GitLab, a SOCKS one saying what is missing without PySocks
(docs/config.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from hdtui.config import parse_config
from hdtui.config_checks import gitlab_settings
from hdtui.errors import ConfigError, TrackerError
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.wiring import reply_vetting

GITLAB = {"url": "https://gitlab.tails.boum.org", "project": "tails/tails",
          "token_env": "HDTUI_GITLAB_TOKEN"}


@pytest.fixture
def no_socks(monkeypatch: pytest.MonkeyPatch) -> None:
    """PySocks missing, whether or not it is installed here (it is in .[dev]): the module
    is not found, and requests has no SOCKS support, as when its import failed."""
    import requests.adapters
    from requests.exceptions import InvalidSchema

    found = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "socks" else found(name, *args)  # type: ignore[arg-type]

    def missing(*args: object, **kwargs: object) -> None:
        raise InvalidSchema("Missing dependencies for SOCKS support.")

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr(requests.adapters, "SOCKSProxyManager", missing)


def test_issue_text_is_vetted_with_gitlab_and_trusted_from_a_file() -> None:
    config = parse_config({"tracker": {**GITLAB, "vetted_labels": ["Help Desk"],
                                       "helpdesk_accounts": ["sajolida"]}})
    vetting = reply_vetting(config, demo=False)
    assert vetting is not None
    assert vetting.labels == {"Help Desk"} and vetting.accounts == {"sajolida"}
    assert reply_vetting(config, demo=True) is None  # the demo's own issues
    assert reply_vetting(parse_config({"tracker": {"file": "issues.json"}}), False) is None
    unset = reply_vetting(parse_config({"tracker": GITLAB}), demo=False)
    assert unset is not None and not unset.labels and not unset.everything


@pytest.mark.usefixtures("no_socks")
def test_a_socks_proxy_without_pysocks_says_what_to_install() -> None:
    config = parse_config({"tracker": {**GITLAB, "proxy": "socks5h://127.0.0.1:9050"}})
    with pytest.raises(ConfigError) as info:
        gitlab_settings(config)
    assert info.value.title == "SOCKS support missing"
    assert "PySocks" in info.value.message and "requests[socks]" in info.value.message


def test_an_http_proxy_is_passed_on_and_a_bad_one_refused() -> None:
    proxied = parse_config({"tracker": {**GITLAB, "proxy": "http://127.0.0.1:3128"}})
    assert gitlab_settings(proxied).proxy == "http://127.0.0.1:3128"
    assert gitlab_settings(parse_config({"tracker": GITLAB})).proxy is None
    with pytest.raises(ConfigError, match="not a proxy URL"):
        gitlab_settings(parse_config({"tracker": {**GITLAB, "proxy": "tor"}}))


@pytest.mark.usefixtures("no_socks")
def test_a_socks_proxy_from_elsewhere_fails_saying_what_is_missing(tmp_path: Path) -> None:
    settings = GitLabSettings(url="http://127.0.0.1:9", project="tails/tails",
                              token=lambda: "t", proxy="socks5h://127.0.0.1:9",
                              max_retries=0)
    with pytest.raises(TrackerError) as info:
        GitLabTracker(settings, tmp_path / "cache.json").sync()
    assert info.value.title == "SOCKS support missing"
    assert "requests[socks]" in info.value.message


def test_a_start_without_vetting_keys_says_no_issue_reply_comes_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hdtui.wiring import make_tracker

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    unset = parse_config({"tracker": GITLAB})
    tracker, notices = make_tracker(unset, demo=False, read_only=True)
    tracker.close()
    assert any("vetted_labels and helpdesk_accounts are empty" in n for n in notices)
    vetted = parse_config({"tracker": {**GITLAB, "vetted_labels": ["Help Desk"]}})
    tracker, notices = make_tracker(vetted, demo=False, read_only=True)
    tracker.close()
    assert notices == []
