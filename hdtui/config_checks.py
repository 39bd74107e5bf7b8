"""Provides the start's checks of the configuration: what a section lacks or cannot do,
found before the app starts and without importing the adapters' libraries.

``hdtui.wiring`` builds the adapters; before it does, and before the first frame, these
checks say what an [account] lacks to be an IMAP account, that no mailbox is set, whether
a [tracker] can reach GitLab (its URL, project, token source and proxy), whether [releases]
is usable, and, one sentence each, what a wrong [smtp], [xmpp] or [tracker] stops while
the rest of hdtui works (docs/config.md, "One section wrong").
"""

from __future__ import annotations

import importlib.util
import typing
from pathlib import Path
from urllib.parse import urlsplit

from hdtui.config import Config, ReleasesConfig, accepted, cache_dir, config_path, expand
from hdtui.connection import THIS_MACHINE, check_ca_file, check_url, is_loopback
from hdtui.domain.mail import Kind
from hdtui.errors import (
    GITLAB_MEANWHILE,
    SMTP_MEANWHILE,
    XMPP_MEANWHILE,
    ConfigError,
    not_set_up,
)
from hdtui.secrets import SecretSource, both_given, resolve_secret
from hdtui.toml_cache import parsed_toml

if typing.TYPE_CHECKING:  # python-gitlab costs time to import: only when GitLab is used
    from hdtui.tracker.gitlab import GitLabSettings


SEE_KEYS = ("The README's Configuration section, and the commented starter file that "
            "`hdtui --config NEW.toml init-config` writes, describe every key.")
"""Where a member installed with pipx reads about the keys (docs/ is not installed)."""


def account_missing(config: Config) -> list[str]:
    """What an [account] lacks to be an IMAP account, in the words of its keys."""
    account = config.account
    missing = [key for key in ("host", "user") if not getattr(account, key).strip()]
    if not (account.password_env or account.password_command):
        missing.append("password_command (or password_env)")
    return missing


def folder_kinds(config: Config) -> dict[str, Kind]:
    """[account] folder_kinds, checked: an unknown kind names the folder and the kinds."""
    kinds: dict[str, Kind] = {}
    for folder, word in config.account.folder_kinds.items():
        try:
            kinds[folder] = Kind(word)
        except ValueError as e:
            valid = ", ".join(k.value for k in Kind)
            raise ConfigError(f"[account] folder_kinds: {folder!r} = {word!r} is not a kind. "
                              f"Kinds: {valid}.") from e
        if folder not in config.account.folders:
            raise ConfigError(f"[account] folder_kinds names {folder!r}, which is not in "
                              "[account] folders.")
    return kinds


def uses_imap(config: Config) -> bool:
    """Whether mail comes from the IMAP [account]: [source] kind = "imap", or "auto" (the
    default) with an [account] host."""
    kind = config.source.kind
    return kind == "imap" or (kind == "auto" and bool(config.account.host))


def has_section(config_file: Path | None, name: str) -> bool:
    """Whether the config file has a section of that name, empty or not (read again: the
    parsed Config holds an empty section's defaults, as if it were not there)."""

    try:
        return name in parsed_toml(config_file or config_path(), cache_dir(), keep_if=accepted)
    except (OSError, ValueError):  # unreadable; not UTF-8 or not TOML (ValueErrors)
        return False


def see_keys(config_file: Path | None) -> str:
    """Where the keys are described: the starter file's own comments when the config file
    is that file, never an offer to write a second one (newcomer29's defect 5)."""
    path = config_file or config_path()
    try:
        with path.open(encoding="utf-8") as text:
            first = text.readline()
    except (OSError, ValueError):
        first = ""
    if first.strip() == STARTER_FIRST_LINE:
        return (f"{path} is the commented starter file: its comments and the README's "
                "Configuration section describe every key.")
    return SEE_KEYS


STARTER_FIRST_LINE = "# hdtui configuration (TOML). Written by `hdtui init-config`; every key " \
    "is optional."
"""The first line of the file ``hdtui init-config`` writes (hdtui/starter-config.toml)."""


def no_config_file(path: Path) -> str:
    """Where the config file goes and how to start one, as every command says it."""
    return (f"hdtui looks for {path} (or the file $HDTUI_CONFIG or --config names). `hdtui "
            "init-config` writes a commented starter file there to fill in")


def no_mailbox(config_file: Path | None = None) -> ConfigError:
    """The error when no mailbox is configured: where the config file goes, how to start
    one, and the demo."""
    path = config_file or config_path()
    if not path.exists():
        return ConfigError(
            f"{no_config_file(path)}; `hdtui --demo` opens the bundled demo mailbox.",
            "No config file")
    return ConfigError(
        f"{path} names no mailbox. Set [account] host, user and password_command (an "
        f"IMAP mailbox), or [source] path (a local Maildir or mbox). {see_keys(path)} "
        "`hdtui --demo` opens the bundled demo mailbox.", "No mailbox")


NO_TRACKER_OF = {
    "match": ("no known issues to match. Give --issues FILE.json (a JSON list of GitLab "
              "issues) or --demo (the demo's made-up issues), or set"),
    "stats": ("no known issues to count against. Give --issues FILE.json (a JSON list of "
              "GitLab issues; [] puts every report in clusters) or --demo (the demo's "
              "made-up issues), or set"),
    "tracker-sync": ("no known issues to refresh (--demo refreshes the demo's made-up "
                     "issues). Set"),
}
"""What each command that needs known issues says it lacks, and what else it takes."""


def no_tracker(command: str, config_file: Path | None = None) -> ConfigError:
    """The error of ``match``, ``stats`` or ``tracker-sync`` without [tracker] (and
    without --issues or --demo): what else the command takes, and where the config file
    is, or goes and how to start one when there is none (newcomer29's defect 4)."""
    path = config_file or config_path()
    if path.exists():
        where = f"{path}."
    else:
        where = f"the config file, and there is none: {no_config_file(path)}."
    lacks = NO_TRACKER_OF.get(command, NO_TRACKER_OF["match"])
    return ConfigError(f"No [tracker] configured: {lacks} [tracker] url or file in {where}",
                       "No [tracker]")


def gitlab_settings(config: Config) -> GitLabSettings:
    """[tracker] for GitLab, checked: https (plain http only to this machine), a project and
    a token source; the token itself is fetched when GitLab is first asked."""
    tracker = config.tracker
    if not tracker.url:
        raise ConfigError("[tracker] kind = \"gitlab\" needs url, e.g. "
                          "\"https://gitlab.tails.boum.org\".")
    parts = urlsplit(tracker.url)
    loopback = is_loopback(parts.hostname or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"[tracker] url {tracker.url!r} is not an https:// URL.")
    if parts.scheme == "http" and not loopback:
        raise ConfigError(f"[tracker] url {tracker.url!r} would send the token unencrypted: "
                          f"use https:// (plain http is allowed only to {THIS_MACHINE}).")
    if not tracker.project:
        raise ConfigError("[tracker] needs project, e.g. \"tails/tails\".")
    if not (tracker.token_env or tracker.token_command):
        raise ConfigError("[tracker] needs token_env (an environment variable) or "
                          "token_command (a command that prints the GitLab token).")
    if tracker.closed_days < 0 or tracker.timeout <= 0 or tracker.max_wait < 0 \
            or tracker.busy_links < 0:
        raise ConfigError("[tracker] closed_days, timeout, max_wait and busy_links must be "
                          "positive.")
    check_proxy(tracker.proxy)
    check_ca_file("tracker", configured_file(tracker.ca_file))

    def token() -> str:
        return resolve_secret(SecretSource("tracker", tracker.token_env, tracker.token_command,
                                           "token"))

    from hdtui.tracker.gitlab import GitLabSettings

    return GitLabSettings(
        url=tracker.url.rstrip("/"), project=tracker.project, token=token,
        ca_file=str(expand(tracker.ca_file)) if tracker.ca_file else None,
        verify=tracker.verify, timeout=float(tracker.timeout),
        closed_days=tracker.closed_days, max_wait=float(tracker.max_wait),
        proxy=tracker.proxy or None, busy_links=tracker.busy_links,
        count_markers_from=tracker.count_markers_from,
        helpdesk_accounts=tuple(tracker.helpdesk_accounts))


SOCKS_MISSING = ("the SOCKS extra is not installed (PySocks, which requests needs for "
                 "socks5h:// proxies): install it with `.venv/bin/pip install "
                 "'requests[socks]'` (or `pip install '.[socks]'` in the clone)")
"""What a SOCKS proxy needs that is missing (docs/config.md)."""


def check_proxy(proxy: str) -> None:
    """[tracker] proxy: empty, or an http(s):// or socks:// URL whose support is installed
    (a SOCKS proxy needs PySocks); raises ConfigError saying what is missing."""
    if not proxy:
        return
    parts = urlsplit(proxy)
    if parts.scheme not in ("http", "https", "socks5", "socks5h", "socks4", "socks4a") \
            or not parts.hostname:
        raise ConfigError(f"[tracker] proxy {proxy!r} is not a proxy URL such as "
                          "\"socks5h://127.0.0.1:9050\" (Tor) or \"http://proxy:3128\".")
    if parts.scheme.startswith("socks") and importlib.util.find_spec("socks") is None:
        raise ConfigError(f"[tracker] proxy {proxy!r} is a SOCKS proxy, but {SOCKS_MISSING}.",
                          "SOCKS support missing")


def check_releases(config: ReleasesConfig) -> None:
    """[releases], checked (without loading the feeds' code: ``build`` checks it before
    the first frame): https URLs (http only to this machine), positive limits;
    ConfigError names the key."""
    for key in ("news_url", "advisories_url", "latest_url"):
        check_url(getattr(config, key), f"[releases] {key}")
    if config.timeout <= 0 or config.max_bytes <= 0:
        raise ConfigError("[releases] timeout and max_bytes must be positive.")


def configured_file(value: str) -> str:
    """A configured file, ``~`` and variables expanded; empty stays empty."""
    return str(expand(value)) if value else ""


def uses_gitlab(config: Config, demo: bool) -> bool:
    """Whether the known issues come from GitLab (not the demo's or a static file)."""
    kind = config.tracker.kind
    return not demo and (kind == "gitlab" or (kind == "auto" and bool(config.tracker.url)))


def smtp_problem(config: Config) -> str:
    """Why [smtp] cannot work, as said at start and on sending ("" when it can, or when it
    is not set: then nothing is sent, as _NoMailer says); never imports smtplib."""
    smtp = config.smtp
    if not smtp.host:
        return ""
    from hdtui.outbound.settings import check_smtp

    try:
        check_smtp(smtp.host, smtp.security, smtp.user, smtp.password_env,
                   smtp.password_command, configured_file(smtp.ca_file))
        if smtp.user:
            password_given("smtp", smtp.password_env, smtp.password_command)
    except ConfigError as e:
        return not_set_up("SMTP", e.message, SMTP_MEANWHILE)
    return ""


def xmpp_problem(config: Config) -> str:
    """Why [xmpp] cannot work ("" when it can or is not set); never imports slixmpp."""
    xmpp = config.xmpp
    if not xmpp.jid:
        return ""
    from hdtui.outbound.settings import xmpp_host

    try:
        xmpp_host(xmpp.jid, xmpp.host, xmpp.security, configured_file(xmpp.ca_file))
        password_given("xmpp", xmpp.password_env, xmpp.password_command)
    except ConfigError as e:
        return not_set_up("XMPP", e.message, XMPP_MEANWHILE)
    return ""


def password_given(section: str, env: str, command: str) -> None:
    """A section's password, as far as the start can tell without running its command: a
    ``password_env`` whose variable is set, or a ``password_command``; ConfigError in
    ``resolve_secret``'s words otherwise (the same that connecting would say later)."""
    if env or not command:
        resolve_secret(SecretSource(section, env, ""))


def tracker_problem(config: Config, demo: bool) -> str:
    """Why GitLab cannot be asked, when the start can tell without running a command: its
    token's variable is not set (the same words as the tracker's own TrackerNotSetUp)."""
    tracker = config.tracker
    if not uses_gitlab(config, demo) or not tracker.token_env:
        return ""
    try:
        gitlab_settings(config)  # (already made by the start: make_tracker)
    except ConfigError:
        return ""  # the section's own error is said instead (make_tracker)
    try:
        resolve_secret(SecretSource("tracker", tracker.token_env, "", "token"))
    except ConfigError as e:
        return not_set_up("GitLab", e.message, GITLAB_MEANWHILE)
    return ""


def both_secrets(config: Config) -> list[str]:
    """A notice for each section given both a variable and a command for its secret."""
    sources = [SecretSource(name, getattr(config, name).password_env,
                            getattr(config, name).password_command)
               for name in ("account", "smtp", "xmpp", "moderation")]
    sources.append(SecretSource("tracker", config.tracker.token_env,
                                config.tracker.token_command, "token"))
    return [said for said in map(both_given, sources) if said]


def section_problems(config: Config, demo: bool) -> list[str]:
    """What [smtp], [xmpp] and [tracker] cannot do, each said once at start (the TUI's
    notices, the commands' stderr); the rest of hdtui works (docs/config.md, "One
    section wrong")."""
    if demo:
        return []
    return [p for p in (smtp_problem(config), xmpp_problem(config),
                        tracker_problem(config, demo)) if p]
