"""`hdtui tracker-sync` and the [tracker] wiring: GitLab when a url is set, files otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hdtui.config import Config, parse_config
from hdtui.config_checks import gitlab_settings
from hdtui.errors import ConfigError, TrackerNotSetUp
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.tracker.not_set_up import NotSetUpTracker
from hdtui.tracker.static import StaticTracker
from hdtui.wiring import NO_TRACKER, build, make_tracker, tell
from tests.servers.gitlab_api import GitLabAPI, Project

ROOT = Path(__file__).parents[2]
DEMO_ISSUES = ROOT / "hdtui" / "demo" / "known_issues.json"
TOKEN = "glpat-cli-secret"


def run(env_root: Path, config: Path, *args: str, token: str = TOKEN
        ) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(env_root),
           "XDG_CONFIG_HOME": str(env_root / "config"), "XDG_DATA_HOME": str(env_root / "data"),
           "XDG_CACHE_HOME": str(env_root / "cache"), "HDTUI_GITLAB_TOKEN": token,
           "NO_PROXY": "127.0.0.1"}
    return subprocess.run([sys.executable, "-m", "hdtui", "--config", str(config),
                           "tracker-sync", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60, check=False)


def config_file(root: Path, url: str) -> Path:
    path = root / "config.toml"
    path.write_text(f'[tracker]\nurl = "{url}"\nproject = "tails/tails"\n'
                    'token_env = "HDTUI_GITLAB_TOKEN"\n', encoding="utf-8")
    return path


def test_tracker_sync_prints_what_changed(xdg: Path, gitlab_api: GitLabAPI) -> None:
    gitlab_api.add_user(TOKEN, "alice")
    project = gitlab_api.add_project(43, "tails/tails")
    for n in range(3):
        gitlab_api.add_issue(project, f"Issue {n}")
    config = config_file(xdg, gitlab_api.url)

    first = run(xdg, config)
    assert first.returncode == 0, first.stderr
    assert f"{gitlab_api.url}, project tails/tails: 3 issues, 3 new, 0 changed" in first.stdout
    assert "full sync" in first.stdout
    cache = xdg / "data" / "hdtui" / "gitlab-issues.json"
    assert cache.exists() and TOKEN not in cache.read_text()

    gitlab_api.update_issue(project, 2, title="Renamed")
    second = run(xdg, config)
    assert second.returncode == 0 and "3 issues, 0 new, 1 changed" in second.stdout
    assert "incremental sync" in second.stdout

    refused = run(xdg, config, token="glpat-wrong")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "GitLab token rejected" in refused.stderr and "glpat-wrong" not in refused.stderr


def test_tracker_sync_says_which_helpdesk_accounts_gitlab_does_not_know(
        xdg: Path, gitlab_api: GitLabAPI) -> None:
    gitlab_api.add_user(TOKEN, "alice")
    gitlab_api.add_user("glpat-bob", "bob")
    gitlab_api.add_project(43, "tails/tails")
    config = config_file(xdg, gitlab_api.url)
    with config.open("a", encoding="utf-8") as out:
        out.write('helpdesk_accounts = ["bob", "sajolda"]\n')
    done = run(xdg, config)
    assert done.returncode == 0, done.stderr
    assert "0 issues" in done.stdout
    assert "helpdesk_accounts: 'sajolda' is not a GitLab user" in done.stderr
    assert "'bob'" not in done.stderr


def test_tracker_sync_without_token_or_server(xdg: Path) -> None:
    from tests.servers.dovecot import free_port

    config = config_file(xdg, f"http://127.0.0.1:{free_port()}")
    down = run(xdg, config)
    assert down.returncode == 2 and "GitLab unreachable" in down.stderr
    unset = run(xdg, config, token="")
    # The key is named, and the variable when it looks like a variable's name, never a
    # value (docs/secrets.md).
    assert unset.returncode == 2 and "[tracker] token_env" in unset.stderr
    assert "(HDTUI_GITLAB_TOKEN)" in unset.stderr


def test_tracker_choice(xdg: Path) -> None:
    gitlab = parse_config({"tracker": {"url": "https://gitlab.example.org",
                                       "project": "tails/tails", "token_env": "T",
                                       "vetted_labels": ["Help Desk"]}})
    tracker, notices = make_tracker(gitlab, demo=False, read_only=False)
    assert isinstance(tracker, GitLabTracker) and notices == []
    assert tracker.cache_path == xdg / "data" / "hdtui" / "gitlab-issues.json"
    # Without [tracker], no known issue at all: the demo's made-up ones only with --demo.
    none, notices = make_tracker(Config(), demo=False, read_only=False)
    assert isinstance(none, NotSetUpTracker) and notices == [NO_TRACKER]
    assert none.links() == [] and "no known issues to match" in NO_TRACKER
    with pytest.raises(TrackerNotSetUp, match="set \\[tracker\\] url or file"):
        none.issues()
    with pytest.raises(ConfigError, match="No \\[tracker\\] configured"):
        make_tracker(Config(), demo=False, read_only=True, required=True)
    demo, _ = make_tracker(gitlab, demo=True, read_only=False)
    assert isinstance(demo, StaticTracker) and demo.notes_path is not None
    forced = parse_config({"tracker": {"kind": "static", "url": "https://gitlab.example.org"}})
    assert isinstance(make_tracker(forced, demo=False, read_only=False)[0], NotSetUpTracker)
    static = parse_config({"tracker": {"kind": "static", "file": str(DEMO_ISSUES)}})
    assert isinstance(make_tracker(static, demo=False, read_only=False)[0], StaticTracker)


@pytest.mark.parametrize(
    ("tracker", "message"),
    [
        ({"kind": "gitlab"}, "needs url"),
        ({"url": "http://gitlab.example.org", "project": "p", "token_env": "T"},
         "unencrypted"),
        ({"url": "ftp://gitlab.example.org", "project": "p", "token_env": "T"}, "https://"),
        ({"url": "https://gitlab.example.org", "token_env": "T"}, "needs project"),
        ({"url": "https://gitlab.example.org", "project": "p"}, "token_env"),
    ],
)
def test_bad_tracker_settings(tracker: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        gitlab_settings(parse_config({"tracker": tracker}))


def test_verify_off_is_said(xdg: Path) -> None:
    config = parse_config({"tracker": {"url": "https://gitlab.example.org", "project": "p",
                                       "token_env": "T", "verify": False}})
    _, notices = make_tracker(config, demo=False, read_only=False)
    assert "NOT checked" in notices[0]


def test_demo_build_wires_the_linking_tracker(xdg: Path) -> None:
    setup = build(Config(), demo=True, read_only=True)
    try:
        assert isinstance(setup.tracker, StaticTracker) and setup.tracker.read_only
        assert setup.triage.tracker is setup.tracker
        setup.triage.set_read_only(False)
        assert not setup.tracker.read_only
    finally:
        setup.store.close()


def test_tracker_sync_without_tracker_refuses(xdg: Path) -> None:
    """A real config without [tracker] never syncs the demo's made-up issues (it printed
    "…/hdtui/demo/known_issues.json: 61 issues, 61 new" and exited 0)."""
    config = xdg / "none.toml"
    config.write_text(f'[source]\npath = "{ROOT / "hdtui" / "demo" / "maildir"}"\n',
                      encoding="utf-8")
    result = run(xdg, config)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "hdtui: No [tracker] configured: no known issues to refresh (--demo refreshes the "
        f"demo's made-up issues). Set [tracker] url or file in {config}.\n")
    assert "known_issues.json" not in result.stderr + result.stdout
    assert result.stderr.count("No [tracker]") == 1  # the title not said twice


def test_tracker_sync_says_the_vetting_notice_once(xdg: Path, gitlab_api: GitLabAPI,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Without vetted_labels and helpdesk_accounts, the notice is said once per command,
    however often the command makes its tracker (stats of a store in use makes two)."""
    gitlab_api.add_user(TOKEN, "alice")
    gitlab_api.add_issue(gitlab_api.add_project(43, "tails/tails"), "Issue")
    result = run(xdg, config_file(xdg, gitlab_api.url))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("vetted_labels and helpdesk_accounts are empty") == 1
    config = parse_config({"tracker": {"url": gitlab_api.url, "project": "tails/tails",
                                       "token_env": "T"}})
    for _ in range(2):
        tracker, notices = make_tracker(config, demo=False, read_only=True)
        tracker.close()
        tell(notices)
    assert capsys.readouterr().err.count("vetted_labels and helpdesk_accounts") == 1


def test_a_fresh_members_cron_counts_the_links_another_member_made(
        xdg: Path, gitlab_api: GitLabAPI) -> None:
    """walk23 item 1: Alice linked a message on GitLab; a fresh member's cron path
    (`tracker-sync --full`, then `stats`) counted it nowhere ("0 linked", nothing said)
    until a report of the issue was opened in the TUI. Then GitLab out of reach after the
    issues were listed: `stats` says which issues' links were not read."""
    import json

    project, config = _alice_linked(xdg, gitlab_api, "Tor does not connect", "Something else")

    synced = run(xdg, config, "--full")
    assert synced.returncode == 0, synced.stderr
    assert "links read on 2" in synced.stdout and "links not read" not in synced.stderr
    _stats_count_alices_link(xdg, config)

    gitlab_api.update_issue(project, 2, title="Something else, retitled")
    listed = gitlab_api.list_pages + 1  # an incremental sync: one list

    def after_the_issues(pages: int) -> None:
        if pages == listed:
            gitlab_api.go_away(after=0)
    gitlab_api.during_lists(after_the_issues)
    cut = run(xdg, config)
    assert cut.returncode == 0, cut.stderr
    assert "hdtui: links not read: #2 (Cannot reach GitLab" in cut.stderr
    synced_mail = _stats(xdg, config, command="sync")
    assert synced_mail.returncode == 0, synced_mail.stderr
    assert "hdtui: links not read: #2" in synced_mail.stderr
    for form in ("--json", "--markdown", "--weeks=8"):
        said = _stats(xdg, config, form, "--until", "2026-11-30")
        assert said.returncode == 0, said.stderr
        assert "hdtui: links not read: #2" in said.stderr
        if form == "--json":
            missed = json.loads(said.stdout)["links_not_read"]
            assert missed["issues"] == [2] and "Cannot reach GitLab" not in missed["why"]
            assert "a sync" in missed["why"]  # (another process: the reason is not known)
        else:
            assert "links not read: #2" in said.stdout, said.stdout


def test_a_fresh_members_stats_without_a_sync_still_counts_the_links(
        xdg: Path, gitlab_api: GitLabAPI) -> None:
    """linksfix23: the first listing of an empty cache no longer reads the notes (the
    TUI's first match does not wait for them); `stats`, headless, reads them right after
    it and counts with them, as before (this guards that the change kept it)."""
    _, config = _alice_linked(xdg, gitlab_api, "Tor does not connect")

    _stats_count_alices_link(xdg, config)


def _stats_count_alices_link(xdg: Path, config: Path) -> None:
    """`stats --json` counts Alice's link to #1 and says no link unread."""
    import json

    stats = _stats(xdg, config, "--json", "--until", "2026-11-30")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    [issue] = [i for i in data["issues"] if i["iid"] == 1]
    assert len(issue["confirmed"]) == 1 and data["links_not_read"] is None
    assert "links not read" not in stats.stderr


def _alice_linked(xdg: Path, gitlab_api: GitLabAPI, *titles: str) -> tuple[Project, Path]:
    """A project with these issues, a support mail Alice linked to #1, and Bob's config
    (a plain mailbox; Alice's account counts)."""
    from datetime import date

    from hdtui.domain.links import mail_reference
    from tests.cli.test_stats import _plain_mailbox_config

    gitlab_api.add_user(TOKEN, "bob")
    gitlab_api.add_user("glpat-alice", "alice")
    project = gitlab_api.add_project(43, "tails/tails")
    for title in titles:
        gitlab_api.add_issue(project, title)
    alice = GitLabTracker(GitLabSettings(gitlab_api.url, "tails/tails", lambda: "glpat-alice",
                                         helpdesk_accounts=("bob",)), xdg / "alice.json")
    reference = mail_reference("<one@example.org>", date(2026, 11, 23))
    assert alice.link(1, reference, date(2026, 11, 23))
    alice.close()
    config = _plain_mailbox_config(
        xdg, f'[tracker]\nurl = "{gitlab_api.url}"\nproject = "tails/tails"\n'
             'token_env = "HDTUI_GITLAB_TOKEN"\nhelpdesk_accounts = ["alice"]\n')
    return project, config


def _stats(root: Path, config: Path, *args: str, command: str = "stats"
           ) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(root),
           "XDG_CONFIG_HOME": str(root / "config"), "XDG_DATA_HOME": str(root / "data"),
           "XDG_CACHE_HOME": str(root / "cache"), "HDTUI_GITLAB_TOKEN": TOKEN,
           "NO_PROXY": "127.0.0.1"}
    return subprocess.run([sys.executable, "-m", "hdtui", "--config", str(config), command,
                           *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120, check=False)
