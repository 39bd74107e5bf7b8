"""Provides the wiring of hdtui: every adapter built from the configuration, in one place.

The adapters (IMAP and local sources, GnuPG, the store, GitLab, SMTP, XMPP, the Tails
feeds) never read the config module: they take plain values, and this module turns the
config's sections into them, checking what only makes sense together (an [account] means
IMAP, a [tracker] url means GitLab). ``build`` wires them into the services the TUI and the
commands use. The config file's keys: docs/config.md.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sys
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from hdtui.config import (
    AccountConfig,
    Config,
    ReleasesConfig,
    TeamConfig,
    bundled_dir,
    cache_dir,
    config_path,
    data_dir,
    demo_dir,
    expand,
)
from hdtui.connection import THIS_MACHINE, check_ca_file, check_url, is_loopback
from hdtui.domain.mail import Kind
from hdtui.domain.text import one_line
from hdtui.errors import (
    GITLAB_MEANWHILE,
    SMTP_MEANWHILE,
    XMPP_MEANWHILE,
    ConfigError,
    NotifyError,
    SendError,
    not_set_up,
)
from hdtui.gpg import GpgCrypto
from hdtui.replies import auto_reply_subjects, load_templates, template_paths
from hdtui.secrets import SecretSource, both_given, resolve_secret
from hdtui.services.later import Later
from hdtui.services.ports import LinkedTracker, Mailer, Notifier
from hdtui.services.triage import Triage
from hdtui.sources.local import LocalSource, MaildirSource, MboxSource, is_mbox
from hdtui.sources.team_files import FolderFiles
from hdtui.store import LocalStore, private_dir
from hdtui.tracker.index_file import IndexFile
from hdtui.tracker.static import StaticTracker

if typing.TYPE_CHECKING:  # slixmpp costs time to import, smtplib some: only when set
    from email.message import EmailMessage

    from hdtui.outbound.smtp import SmtpSender
    from hdtui.outbound.xmpp import XmppNotifier

    # Built after the first frame (docs/benchmarks.md, "Services built after the first
    # frame"): their modules are imported by the factories below.
    from hdtui.read_process import ReadProcess
    from hdtui.releases.feeds import FeedSettings, ReleaseFeeds
    from hdtui.services.acting import Actions
    from hdtui.services.autoreply import AutoReply
    from hdtui.services.insight import Insight
    from hdtui.services.shift import Shift

    # The IMAP source (imaplib, ssl) and its reading process, when the mailbox is IMAP:
    # not in the demo, nor with a local mailbox (docs/benchmarks.md, session 10).
    from hdtui.sources.imap import ImapSource

DEMO_KEY = "demo-key.asc"
TRACKER_CACHE = "gitlab-issues.json"
INDEX_FILE = "issue-index.bin"
RELEASES_CACHE = "releases.json"


class Services(NamedTuple):
    """What a shift uses beyond the queue, each built on first use: the TUI builds them
    in a worker after its first frame, a command when it needs them. A NamedTuple, and
    ``Setup`` a plain class: a dataclass compiles its methods from generated source at
    import, before a warm start's first frame (docs/benchmarks.md, "Session 21: warm first
    rows")."""

    actions: Later[Actions]
    insight: Later[Insight]
    releases: Later[ReleaseFeeds]
    autoreply: Later[AutoReply]


class Setup:
    """Everything the TUI needs, built from config and flags: what the first frame needs
    (the queue: triage and the store), and the other services to build later."""

    def __init__(self, triage: Triage, store: LocalStore, label: str, notices: list[str],
                 services: Services, tracker: LinkedTracker | None = None,
                 crypto: GpgCrypto | None = None, demo: bool = False) -> None:
        self.triage = triage
        self.store = store
        self.label = label
        self.notices = notices
        self.services = services
        self.tracker = tracker
        self.crypto = crypto
        self.demo = demo

    @property
    def actions(self) -> Actions:
        """The actions of a shift (built now if they were not yet)."""
        return self.services.actions.get()

    @property
    def insight(self) -> Insight:
        """The numbers of the issues pane and ``hdtui stats``."""
        return self.services.insight.get()

    @property
    def releases(self) -> ReleaseFeeds:
        """The Tails release feeds."""
        return self.services.releases.get()

    @property
    def autoreply(self) -> AutoReply:
        """The auto-reply's upkeep."""
        return self.services.autoreply.get()

    @property
    def shift(self) -> Shift | None:
        """Follow-ups, reminders and the team folder (built with the actions)."""
        return self.actions.shift

    def close(self) -> None:
        """Close the store, the mailbox and the tracker; stop the demo's gpg-agent (the
        demo's GnuPG home is hdtui's own: nothing of it should outlive the shift)."""
        try:
            self.triage.stop_watching()  # whatever ended the TUI, even before its own stop
            self.store.close()
            close = getattr(self.triage.source, "close", None)
            if close is not None:
                close()
            if self.tracker is not None:
                self.tracker.close()
        finally:
            if self.demo and self.crypto is not None:
                self.crypto.stop_agent()


def demo_dirs() -> list[str]:
    """Create the demo's directories owner-only (0700), or tighten existing ones that are
    not, and say which were tightened: the demo holds a secret key and decrypted reports.
    Parents first, so none is ever created with the umask's looser mode."""
    demo = cache_dir() / "demo"
    outbox, _ = demo_outbox_paths()
    notices = [private_dir(d) for d in (cache_dir(), demo, demo / "gnupg", outbox)]
    return [n for n in notices if n]


_TOLD: set[str] = set()
"""The notices this process printed: each is said once per command, though a command
may make its tracker twice (``stats`` of a store in use: the build, then the snapshot's)."""


def tell(notices: Sequence[str]) -> None:
    """Print notices to stderr (commands without a screen; cron mails stderr), each once
    per run."""
    for notice in notices:  # notices can quote a server or a feed: one clean line each
        line = f"hdtui: {one_line(notice)}"
        if line not in _TOLD:
            _TOLD.add(line)
            print(line, file=sys.stderr)


def demo_gpg_home() -> Path:
    """The demo's own GnuPG home, holding only the demo key (never the member's keyring)."""
    return cache_dir() / "demo" / "gnupg"


@contextlib.contextmanager
def stopping_demo_agent(crypto: GpgCrypto, demo: bool) -> Iterator[None]:
    """Run a command with ``crypto``; for the demo, stop its gpg-agent afterwards (the
    demo's GnuPG home is hdtui's own, and no agent of it should outlive the command)."""
    try:
        yield
    finally:
        if demo:
            crypto.stop_agent()


DEMO_KEY_IMPORTED = "hdtui-demo-key-imported"
"""A file hdtui writes in the demo's GnuPG home once the demo key is in its keyring."""


def demo_key_imported(home: Path) -> bool:
    """Whether the demo key was imported into ``home`` (without running gpg: a start that
    asks gpg starts two gpg processes and python-gnupg before the first frame,
    docs/benchmarks.md "Warm start imports", session 9): hdtui's mark is there, and so are
    the keyring and a secret key, which a member who empties the home removes too."""
    secret = home / "private-keys-v1.d"
    try:
        return (home / DEMO_KEY_IMPORTED).is_file() and (home / "pubring.kbx").is_file() \
            and any(key.suffix == ".key" for key in secret.iterdir())
    except OSError:
        return False


def demo_crypto() -> GpgCrypto:
    """A GpgCrypto over the demo home, importing the bundled demo key once."""
    home = demo_gpg_home()
    crypto = GpgCrypto(home)
    if demo_key_imported(home):
        return crypto
    if not crypto.secret_fingerprints():
        key_file = demo_dir() / DEMO_KEY
        try:
            armored = key_file.read_text(encoding="ascii")
        except OSError as e:
            raise ConfigError(f"The demo key {key_file} is missing: {e.strerror}.") from e
        if not crypto.import_keys(armored):
            raise ConfigError(f"GnuPG could not import the demo key {key_file}.")
    with contextlib.suppress(OSError):  # without the mark, the next start asks gpg again
        (home / DEMO_KEY_IMPORTED).touch(mode=0o600)
    return crypto


def config_crypto(config: Config) -> GpgCrypto:
    """A GpgCrypto over the configured home (or GNUPGHOME, or ~/.gnupg). A configured home
    must exist: hdtui never makes the member's keyring (gpg would make an empty one for a
    mistyped path, start an agent there, and every report would fail to decrypt)."""
    home = expand(config.gpg.home) if config.gpg.home else None
    if home is not None and not home.is_dir():
        what = "is not a directory" if home.exists() else "does not exist"
        raise ConfigError(f"[gpg] home {home} {what}: give the GnuPG home that holds the Help "
                          "Desk's secret key (`gpg --homedir DIR --list-secret-keys` lists "
                          "it), or remove the key to use GNUPGHOME or ~/.gnupg. hdtui never "
                          "creates a keyring.")
    return GpgCrypto(home, config.gpg.binary)


def imap_source(config: Config, read_only: bool) -> ImapSource:
    """The IMAP account of the config file (the password is fetched when connecting)."""
    from hdtui.sources.imap import ImapAccount, ImapSource

    account = config.account
    missing = account_missing(config)
    if missing:
        raise ConfigError(f"[account] is an IMAP account missing {', '.join(missing)}: e.g. "
                          "host = \"imap.example.org\", user = \"helpdesk\", "
                          "password_command = \"pass show mail/helpdesk\" (or password_env, "
                          f"an environment variable). {SEE_KEYS}", "IMAP account "
                          "incomplete")

    check_ca_file("account", _path(account.ca_file))

    def password() -> str:
        return resolve_secret(SecretSource("account", account.password_env,
                                           account.password_command))

    return ImapSource(ImapAccount(
        host=account.host, user=account.user, password=password, port=account.port,
        security=account.security, ca_file=str(expand(account.ca_file)) if account.ca_file
        else None, folders=account.folders, timeout=float(account.timeout)), read_only)


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


def member_name(config: Config) -> str:
    """This member's name in the claims folder: [queue] member_name, else $USER, else the
    local part of the IMAP login (a team often shares one login, while $USER on the
    member's own machine is theirs; docs/marks.md, "Who claimed")."""
    return (config.queue.member_name.strip() or os.environ.get("USER", "").strip()
            or config.account.user.partition("@")[0] or "a member")


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


def no_mailbox(config_file: Path | None = None) -> ConfigError:
    """The error when no mailbox is configured: where the config file goes, how to start
    one, and the demo."""
    path = config_file or config_path()
    if not path.exists():
        return ConfigError(
            f"hdtui looks for {path} (or the file $HDTUI_CONFIG or --config names). `hdtui "
            "init-config` writes a commented starter file there to fill in; `hdtui --demo` "
            "opens the bundled demo mailbox.", "No config file")
    return ConfigError(
        f"{path} names no mailbox. Set [account] host, user and password_command (an "
        f"IMAP mailbox), or [source] path (a local Maildir or mbox). {SEE_KEYS} "
        "`hdtui --demo` opens the bundled demo mailbox.", "No mailbox")


def configured_source(config: Config, config_file: Path | None = None) -> LocalSource:
    """The local mailbox of the config file (kind "auto": an mbox if path is a file)."""
    if not config.source.path:
        if config.account != AccountConfig():  # an [account] means IMAP: say what it lacks
            imap_source(config, read_only=True)
        raise no_mailbox(config_file)
    path = expand(config.source.path)
    kind = config.source.kind
    if not path.exists():
        raise ConfigError(f"[source] path {path} does not exist: give a Maildir directory "
                          "(with cur/ and new/) or an mbox file.", "No mailbox")
    if kind == "mbox" or (kind == "auto" and path.is_file()):
        if path.stat().st_size and not is_mbox(path):
            raise ConfigError(f"[source] path {path} is a file but not an mbox (its first "
                              "line is not a \"From \" separator): give an mbox file or a "
                              "Maildir directory.", "No mailbox")
        return MboxSource(path)
    return MaildirSource(path)


def store_path(config: Config, demo: bool) -> Path:
    """The local store of the demo or of the config file."""
    if demo:
        return cache_dir() / "demo" / "store.json"
    return expand(config.store.path) if config.store.path else data_dir() / "store.json"


if typing.TYPE_CHECKING:  # python-gitlab and slixmpp cost 0.3 s to import: only when used
    from hdtui.domain.reply_choice import Vetting
    from hdtui.tracker.gitlab import GitLabSettings


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
    check_ca_file("tracker", _path(tracker.ca_file))

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


def make_release_feeds(config: Config, demo: bool) -> ReleaseFeeds:
    """The Tails feeds of [releases], or the demo's bundled snapshot (never the network);
    their last good copy lives next to the store."""
    from hdtui.releases.feeds import FeedSettings, ReleaseFeeds, local_fetch

    if demo:
        base = "https://demo.invalid/"
        settings = FeedSettings(base + "index.en.rss", base + "index.en.atom",
                                base + "latest.json")
        return ReleaseFeeds(settings, cache_dir() / "demo" / RELEASES_CACHE,
                            fetch=local_fetch(demo_dir() / "feeds"))
    return ReleaseFeeds(feed_settings(config.releases),
                        store_path(config, demo).with_name(RELEASES_CACHE))


def check_releases(config: ReleasesConfig) -> None:
    """[releases], checked (without loading the feeds' code: ``build`` checks it before
    the first frame): https URLs (http only to this machine), positive limits;
    ConfigError names the key."""
    for key in ("news_url", "advisories_url", "latest_url"):
        check_url(getattr(config, key), f"[releases] {key}")
    if config.timeout <= 0 or config.max_bytes <= 0:
        raise ConfigError("[releases] timeout and max_bytes must be positive.")


def feed_settings(config: ReleasesConfig) -> FeedSettings:
    """[releases], checked: https URLs (http only to this machine), positive limits;
    ConfigError names the key."""
    from hdtui.releases.feeds import FeedSettings

    check_releases(config)
    return FeedSettings(config.news_url, config.advisories_url, config.latest_url,
                        float(config.timeout), config.max_bytes, config.fetch_at_start)


def _path(value: str) -> str:
    """A configured file, ``~`` and variables expanded; empty stays empty."""
    return str(expand(value)) if value else ""


def smtp_sender(config: Config) -> SmtpSender:
    """The sender of [smtp]."""
    from hdtui.outbound.smtp import SmtpSender

    smtp = config.smtp
    return SmtpSender(smtp.host, smtp.port, smtp.security, smtp.user, smtp.password_env,
                      smtp.password_command, _path(smtp.ca_file), smtp.timeout)


def xmpp_notifier(config: Config) -> XmppNotifier:
    """The notifier of [xmpp]."""
    from hdtui.outbound.xmpp import XmppNotifier

    xmpp = config.xmpp
    return XmppNotifier(xmpp.jid, xmpp.password_env, xmpp.password_command, xmpp.host,
                        xmpp.port, xmpp.security, _path(xmpp.ca_file), xmpp.nick,
                        xmpp.timeout)


def demo_tracker(read_only: bool) -> StaticTracker:
    """The demo's known issues: a private copy in the demo cache, notes next to it."""
    directory = cache_dir() / "demo"
    copy = directory / "known_issues.json"
    if not copy.exists():
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(demo_dir() / "known_issues.json", copy)
            os.chmod(copy, 0o600)
        except OSError as e:
            raise ConfigError(f"Cannot copy the demo's known issues to {copy}: "
                              f"{e.strerror}.") from e
    return StaticTracker(copy, directory / "known_issues-notes.json", read_only)


def uses_gitlab(config: Config, demo: bool) -> bool:
    """Whether the known issues come from GitLab (not the demo's or a static file)."""
    kind = config.tracker.kind
    return not demo and (kind == "gitlab" or (kind == "auto" and bool(config.tracker.url)))


def reply_vetting(config: Config, demo: bool) -> Vetting | None:
    """Whose issue text is offered as a reply: with GitLab, issues vetted by [tracker]
    vetted_labels or helpdesk_accounts (anyone can write an issue); None (every issue's)
    for issues from the member's own file (docs/replies.md)."""
    if not uses_gitlab(config, demo):
        return None
    from hdtui.domain.reply_choice import Vetting

    return Vetting(frozenset(config.tracker.vetted_labels),
                   frozenset(config.tracker.helpdesk_accounts))


def make_tracker(config: Config, demo: bool, read_only: bool,
                 required: bool = False) -> tuple[LinkedTracker, list[str]]:
    """The tracker of the demo or of [tracker], and notices worth showing. A [tracker] for
    GitLab that cannot work raises ConfigError when the command needs it (``required``),
    else gives a tracker that says why on use, and the same sentence as a notice."""
    if demo:
        return demo_tracker(read_only), []
    if uses_gitlab(config, demo):
        try:
            settings = gitlab_settings(config)
        except ConfigError as e:  # a wrong [tracker] stops only what needs GitLab
            if required:
                raise
            from hdtui.tracker.not_set_up import NotSetUpTracker

            said = not_set_up("GitLab", e.message, "no known issue is matched and nothing "
                              "is written to GitLab")
            return NotSetUpTracker(said), [said]
        notices = []
        if not settings.verify:
            notices.append(f"[tracker] verify = false: the certificate of {settings.url} is "
                           "NOT checked.")
        if not (config.tracker.vetted_labels or config.tracker.helpdesk_accounts):
            notices.append("[tracker] vetted_labels and helpdesk_accounts are empty: no "
                           "issue's own Standard reply is offered first (docs/replies.md).")
        cache = store_path(config, demo).with_name(TRACKER_CACHE)
        from hdtui.tracker.gitlab import GitLabTracker

        return GitLabTracker(settings, cache, read_only), notices
    issues_file = expand(config.tracker.file) if config.tracker.file else None
    if issues_file is None:
        # The demo's made-up issues only with --demo: a real mailbox without [tracker] is
        # matched against none, and says so (docs/config.md, "No [tracker]").
        if required:
            raise ConfigError(NO_TRACKER, "No [tracker]")
        from hdtui.tracker.not_set_up import NotSetUpTracker

        return NotSetUpTracker(NO_TRACKER, "No [tracker]"), [NO_TRACKER]
    return StaticTracker(issues_file, read_only=read_only), []


NO_TRACKER = ("No [tracker] configured: no known issues to match; set [tracker] url or file "
              "in the config.")
"""Said wherever matches and counts would be when no tracker is set (not with --demo)."""


DEMO_FROM = "Tails Help Desk (demo) <help-desk@demo.invalid>"
DEMO_TEAMS = (
    TeamConfig("Foundations Team", "foundations@tails.net", "@foundations-team",
               "xmpp:foundations@conference.demo.invalid?join"),
    TeamConfig("UX Team", "ux@tails.net", "@ux-team", "xmpp:ux@conference.demo.invalid?join"),
    TeamConfig("Sysadmins", "sysadmins@tails.net", "@sysadmins",
               "xmpp:sysadmins@conference.demo.invalid?join"),
)


def demo_outbox_paths() -> tuple[Path, Path]:
    """Where the demo keeps what it would have sent: mail, and XMPP alerts."""
    return cache_dir() / "demo" / "outbox", cache_dir() / "demo" / "alerts.log"


NO_SMTP = ("No [smtp] host is configured: nothing can be sent. Add [smtp] host, user, "
           "password_command and from_address to the config; the draft is kept.")


SMTP_NOT_SET_UP = "SMTP not set up"
"""The title of what a wrong [smtp] says (``not_set_up``'s words)."""


class _NoMailer:
    """Stands in when [smtp] is not configured, or cannot work: says why when a member
    tries to send."""

    def __init__(self, reason: str = NO_SMTP, title: str = "Mail not configured") -> None:
        self.reason = reason
        self.title = title

    def send(self, message: EmailMessage, recipients: Sequence[str] | None = None) -> Any:
        raise SendError(self.reason, self.title)


class _NoNotifier:
    """Stands in when [xmpp] cannot work: says why when a member alerts a team."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def alert(self, to: str, text: str) -> None:
        raise NotifyError(self.reason, "XMPP not set up")


def smtp_problem(config: Config) -> str:
    """Why [smtp] cannot work, as said at start and on sending ("" when it can, or when it
    is not set: then nothing is sent, as _NoMailer says); never imports smtplib."""
    smtp = config.smtp
    if not smtp.host:
        return ""
    from hdtui.outbound.settings import check_smtp

    try:
        check_smtp(smtp.host, smtp.security, smtp.user, smtp.password_env,
                   smtp.password_command, _path(smtp.ca_file))
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
        xmpp_host(xmpp.jid, xmpp.host, xmpp.security, _path(xmpp.ca_file))
    except ConfigError as e:
        return not_set_up("XMPP", e.message, XMPP_MEANWHILE)
    return ""


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


def make_actions(config: Config, demo: bool, triage: Triage,
                 tracker: LinkedTracker | None, crypto: GpgCrypto,
                 config_file: str = "the config file") -> Actions:
    """The actions of a shift: real transports, or the demo's local outbox and log."""
    from hdtui.outbound.demo import DemoMailer, DemoNotifier, demo_outbox
    from hdtui.services.acting import Actions

    if demo:
        mail_dir, alert_log = demo_outbox_paths()
        return with_moderator(Actions(triage, DemoMailer(mail_dir), crypto, tracker,
                                      DemoNotifier(alert_log), DEMO_FROM,
                                      config.queue.bugs_list, DEMO_TEAMS,
                                      demo_log=lambda: demo_outbox(mail_dir, alert_log)),
                              config)
    # A wrong [smtp] or [xmpp] stops only what needs it (said at start by build).
    smtp_wrong, xmpp_wrong = smtp_problem(config), xmpp_problem(config)
    # The dialog's title says "SMTP not set up": its text does not say it again.
    mailer: Mailer = _NoMailer(smtp_wrong.removeprefix(f"{SMTP_NOT_SET_UP}: "),
                               SMTP_NOT_SET_UP) if smtp_wrong else \
        smtp_sender(config) if config.smtp.host else _NoMailer()
    notifier: Notifier | None = _NoNotifier(xmpp_wrong) if xmpp_wrong else \
        xmpp_notifier(config) if config.xmpp.jid else None
    actions = Actions(triage, mailer, crypto, tracker, notifier, config.smtp.from_address,
                      config.queue.bugs_list, config.teams, config.smtp.sent_folder,
                      config_file=config_file, helpdesk_key=config.gpg.helpdesk_key)
    actions.send_problem = smtp_wrong or ("" if config.smtp.host else NO_SMTP)
    return with_moderator(actions, config)


def with_moderator(actions: Actions, config: Config) -> Actions:
    """``actions`` with list moderation by mail, as [moderation] says (docs/moderation.md)."""
    from hdtui.services.moderation import ModerationSettings, Moderator

    settings = config.moderation
    password = SecretSource("moderation", settings.password_env, settings.password_command) \
        if settings.password_env or settings.password_command else None
    actions.moderator = Moderator(actions, ModerationSettings(settings.lists, password,
                                                              settings.web))
    return actions


def make_autoreply(config: Config, demo: bool, actions: Actions, replies_dir: Path,
                   config_file: str = "the config file") -> AutoReply:
    """The auto-reply's upkeep: edits saved to [replies] dir (the demo: its own copy),
    a merge request when [autoreply] repository is set (docs/autoreply.md)."""
    from hdtui.services.autoreply import AutoReply

    settings = config.autoreply
    bundled = bundled_dir("replies")
    save_dir = cache_dir() / "demo" / "replies" if demo else \
        expand(config.replies.dir) if config.replies.dir else None
    merge_requests = None
    if settings.repository and not demo:
        from hdtui.tracker.merge_request import MergeRequests

        merge_requests = MergeRequests(gitlab_settings(config), settings.repository)
    return AutoReply(actions, [replies_dir, bundled], save_dir,
                     "Sysadmins" if demo else settings.team, settings.language,
                     merge_requests, settings.repository_dir, settings.branch_prefix,
                     settings.target_branch, config_file)


def replies_dir_of(config: Config) -> Path:
    """[replies] dir, or the bundled replies when none is set."""
    return expand(config.replies.dir) if config.replies.dir else bundled_dir("replies")


def system_subjects(replies_dir: Path) -> tuple[str, ...]:
    """The auto-reply's subjects in ``replies_dir`` and the bundled replies: the Help
    Desk's own auto-reply coming back is system mail, for the TUI and the headless
    commands alike (docs/autoreply.md)."""
    return auto_reply_subjects(dict.fromkeys([replies_dir, bundled_dir("replies")]))


def build(config: Config, demo: bool, read_only: bool,
          config_file: str = "the config file", store_at: Path | None = None) -> Setup:
    """Wire adapters and services for the TUI; ``store_at``: the store (and the known
    issues' index) there instead (``hdtui stats`` on a snapshot: docs/store.md)."""
    notices: list[str] = demo_dirs() if demo else []
    replies_dir = replies_dir_of(config)
    # The directory is checked now (a wrong one fails the start); its files are parsed
    # when first needed, after the first frame (docs/benchmarks.md, "Session 14: warm
    # first rows"): the app says their problems then.
    paths = template_paths(replies_dir)
    templates = Later(lambda: load_templates(replies_dir, paths))
    shared: ImapSource | None = None
    if demo:
        source: LocalSource | ImapSource = MaildirSource(demo_dir() / "maildir")
        crypto = demo_crypto()
        label = "DEMO mailbox (bundled, nothing leaves this machine)"
    else:
        if uses_imap(config):
            source = shared = imap_source(config, read_only)
        else:
            source = configured_source(config, Path(config_file) if config_file !=
                                       "the config file" else None)
        crypto = config_crypto(config)
        label = shared.account.where if shared else str(getattr(source, "path", ""))
    tracker, tracker_notices = make_tracker(config, demo, read_only)
    notices.extend(tracker_notices)
    notices.extend(section_problems(config, demo))
    notices.extend([] if demo else both_secrets(config))
    if not demo:
        check_releases(config.releases)  # a wrong [releases] URL fails the start, as before
    at = store_at or store_path(config, demo)
    store = LocalStore(at)
    notices.extend(store.notices)
    try:
        triage = Triage(source, crypto, store, tracker, templates,
                        config.queue.team_addresses, read_only=read_only,
                        workers=config.gpg.workers, live=shared,
                        folder_kinds=folder_kinds(config) if shared else None,
                        helpdesk_addresses=config.queue.helpdesk_addresses,
                        saved_index=IndexFile(at.with_name(INDEX_FILE)),
                        claims_folder=config.queue.claims_folder,
                        member_name=member_name(config),
                        mark_seen_on_open=config.queue.mark_seen_on_open,
                        vetting=reply_vetting(config, demo),
                        far_reader=far_reader(shared, crypto, store.cache_path),
                        system_subjects=system_subjects(replies_dir))
    except BaseException:
        # The store was opened (perhaps restored from its last good copy): say so now,
        # since the next start finds it sound and would not.
        tell(store.notices)
        store.close()
        raise
    return Setup(triage, store, label, notices,
                 services(config, demo, triage, tracker, crypto, replies_dir, config_file),
                 tracker, crypto=crypto, demo=demo)


def far_reader(shared: ImapSource | None, crypto: GpgCrypto,
               cache_path: Path) -> ReadProcess | None:
    """The process that reads an IMAP mailbox beside the TUI (none for a local one)."""
    if shared is None:
        return None
    from hdtui.read_process import ReadProcess

    return ReadProcess(shared, crypto, cache_path)


def with_shift(actions: Actions, config: Config, demo: bool) -> Actions:
    """``actions`` with the shift's follow-ups, reminders and team folder (docs/shift.md),
    and the moderation requests waiting on its shift-start screen."""
    from hdtui.services.shift import Shift

    triage = actions.triage
    # The demo has no server: its team folder is files, with a note from a previous shift.
    folders = FolderFiles(cache_dir() / "demo" / "team", demo_dir() / "team") if demo else None
    shift = Shift(triage, config.queue.team_folder,
                  (*config.queue.helpdesk_addresses, actions.from_address),
                  actions.issue_changes, folders)
    actions.shift = shift
    moderator = actions.moderator
    if moderator is not None:  # held posts waiting, on the shift-start screen
        shift.moderation_waiting = lambda: frozenset(moderator.waiting())
        if demo:  # its mail is fixed in time: held posts are counted as of its newest
            from hdtui.services.moderation import newest_message

            moderator.as_of = lambda: newest_message(triage)
    return actions


def services(config: Config, demo: bool, triage: Triage, tracker: LinkedTracker,
             crypto: GpgCrypto, replies_dir: Path, config_file: str) -> Services:
    """The services beyond the queue, each built on first use (its settings were checked
    by ``build``; an [smtp] or [xmpp] section is checked when the actions are built)."""
    def insight() -> Insight:
        from hdtui.services.insight import Insight

        # The demo's mail is fixed in time: it is counted as of its newest report.
        return Insight(triage, tracker, as_of_newest=demo, releases=releases.get())

    actions = Later(lambda: with_shift(
        make_actions(config, demo, triage, tracker, crypto, config_file), config, demo))
    releases = Later(lambda: make_release_feeds(config, demo))
    return Services(actions, Later(insight), releases, Later(
        lambda: make_autoreply(config, demo, actions.get(), replies_dir, config_file)))
