"""Provides the wiring of hdtui: every adapter built from the configuration, in one place.

The adapters (IMAP and local sources, GnuPG, the store, GitLab, SMTP, XMPP, the Tails
feeds) never read the config module: they take plain values, and this module turns the
config's sections into them, checking what only makes sense together (an [account] means
IMAP, a [tracker] url means GitLab). ``build`` wires them into the services the TUI and the
commands use. The checks said before the app starts (what a section lacks or cannot do)
are ``hdtui.config_checks``'. The config file's keys: docs/config.md.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import typing
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from hdtui.config import (
    AccountConfig,
    Config,
    ReleasesConfig,
    TeamConfig,
    bundled_dir,
    cache_dir,
    data_dir,
    demo_dir,
    expand,
)
from hdtui.config_checks import (
    account_missing,
    both_secrets,
    check_releases,
    configured_file,
    folder_kinds,
    gitlab_settings,
    has_section,
    no_mailbox,
    no_tracker,
    section_problems,
    see_keys,
    smtp_problem,
    uses_gitlab,
    uses_imap,
    xmpp_problem,
)
from hdtui.connection import check_ca_file
from hdtui.domain.text import one_line
from hdtui.errors import (
    ConfigError,
    NotifyError,
    SendError,
    StoreInUse,
    not_set_up,
)
from hdtui.gpg import GpgCrypto
from hdtui.replies import auto_reply_subjects, load_templates, template_paths
from hdtui.secrets import SecretSource, resolve_secret
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

    from hdtui.count_process import CountProcess
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
WATCH_END_WAIT = 3.0
"""Seconds the end of a session waits for the mailbox's watch to return: its DONE and its
LOGOUT wait LOGOUT_WAIT (0.5 s) each at most, the rest is room for a loaded machine
(docs/store.md, "The end of a session")."""


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
        """Close the mailbox and the tracker, stop the gpg-agent hdtui started
        (``stop_agent``: nothing of the demo's own home outlives the shift, and the member's
        agent stays only when it ran before hdtui), then close the store: its lock is
        released last, so a start that takes it finds nothing of this one still at work
        (docs/store.md, "The end of a session")."""
        try:
            try:
                self.triage.stop_watching()  # whatever ended the TUI, even before its stop
                # The reading processes end before the store's lock is released: a writer
                # of the cache must not outlive its holder (docs/cold-start.md).
                self.triage.stop_reading()
                close = getattr(self.triage.source, "close", None)
                if close is not None:
                    close()  # its LOGOUT waits LOGOUT_WAIT at most
                # The watch, woken above, ends its IDLE and logs out meanwhile in its own
                # thread: gone before the lock is released, not after (docs/store.md).
                self.triage.await_watches(WATCH_END_WAIT)
                if self.tracker is not None:
                    self.tracker.close()
            finally:
                if self.crypto is not None:
                    stop_agent(self.crypto, self.demo)
        finally:
            self.store.close()


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


def _told_line(notice: str) -> str:
    """The line ``tell`` prints for a notice: it can quote a server or a feed, so one
    clean line."""
    return f"hdtui: {one_line(notice)}"


def told(notice: str) -> bool:
    """Whether ``tell`` printed this notice in this run."""
    return _told_line(notice) in _TOLD


def tell(notices: Sequence[str]) -> None:
    """Print notices to stderr (commands without a screen; cron mails stderr), each once
    per run."""
    for notice in notices:
        line = _told_line(notice)
        if line not in _TOLD:
            _TOLD.add(line)
            print(line, file=sys.stderr)


def demo_gpg_home() -> Path:
    """The demo's own GnuPG home, holding only the demo key (never the member's keyring)."""
    return cache_dir() / "demo" / "gnupg"


@contextlib.contextmanager
def stopping_agent(crypto: GpgCrypto, demo: bool) -> Iterator[None]:
    """Run a command with ``crypto``, then stop the gpg-agent it started: the demo's always
    (its GnuPG home is hdtui's own), a configured home's when the last hdtui using it ends
    and an hdtui launched it, never that of gpg's own home (``release_agent``)."""
    try:
        yield
    finally:
        stop_agent(crypto, demo)


def stop_agent(crypto: GpgCrypto, demo: bool) -> None:
    """Stop the gpg-agent hdtui started for ``crypto``'s home (docs/encryption.md, "The
    keyring and its gpg-agent"): the demo's always, others as
    ``GpgCrypto.release_agent`` says."""
    if demo:
        crypto.stop_agent()
    else:
        crypto.release_agent()


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
    return GpgCrypto(home, config.gpg.binary, own_agent=True)


def imap_source(config: Config, read_only: bool,
                config_file: Path | None = None) -> ImapSource:
    """The IMAP account of the config file (the password is fetched when connecting)."""
    from hdtui.sources.imap import ImapAccount, ImapSource

    account = config.account
    missing = account_missing(config)
    if missing:
        raise ConfigError(f"[account] is an IMAP account missing {', '.join(missing)}: e.g. "
                          "host = \"imap.example.org\", user = \"helpdesk\", "
                          "password_command = \"pass show mail/helpdesk\" (or password_env, "
                          f"an environment variable). {see_keys(config_file)}", "IMAP account "
                          "incomplete")

    check_ca_file("account", configured_file(account.ca_file))

    def password() -> str:
        return resolve_secret(SecretSource("account", account.password_env,
                                           account.password_command))

    return ImapSource(ImapAccount(
        host=account.host, user=account.user, password=password, port=account.port,
        security=account.security, ca_file=str(expand(account.ca_file)) if account.ca_file
        else None, folders=account.folders, timeout=float(account.timeout)), read_only)


def member_name(config: Config) -> str:
    """This member's name in the claims folder: [queue] member_name, else $USER, else the
    local part of the IMAP login (a team often shares one login, while $USER on the
    member's own machine is theirs; docs/marks.md, "Who claimed")."""
    return (config.queue.member_name.strip() or os.environ.get("USER", "").strip()
            or config.account.user.partition("@")[0] or "a member")


def configured_source(config: Config, config_file: Path | None = None) -> LocalSource:
    """The local mailbox of the config file (kind "auto": an mbox if path is a file)."""
    if not config.source.path:
        # An [account] means IMAP, even an empty one: say what it lacks.
        if config.account != AccountConfig() or has_section(config_file, "account"):
            imap_source(config, read_only=True, config_file=config_file)
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


if typing.TYPE_CHECKING:  # the replies' vetting: only when GitLab is used
    from hdtui.domain.reply_choice import Vetting


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


def feed_settings(config: ReleasesConfig) -> FeedSettings:
    """[releases], checked: https URLs (http only to this machine), positive limits;
    ConfigError names the key."""
    from hdtui.releases.feeds import FeedSettings

    check_releases(config)
    return FeedSettings(config.news_url, config.advisories_url, config.latest_url,
                        float(config.timeout), config.max_bytes, config.fetch_at_start)


def smtp_sender(config: Config) -> SmtpSender:
    """The sender of [smtp]."""
    from hdtui.outbound.smtp import SmtpSender

    smtp = config.smtp
    return SmtpSender(smtp.host, smtp.port, smtp.security, smtp.user, smtp.password_env,
                      smtp.password_command, configured_file(smtp.ca_file), smtp.timeout)


def xmpp_notifier(config: Config) -> XmppNotifier:
    """The notifier of [xmpp]."""
    from hdtui.outbound.xmpp import XmppNotifier

    xmpp = config.xmpp
    return XmppNotifier(xmpp.jid, xmpp.password_env, xmpp.password_command, xmpp.host,
                        xmpp.port, xmpp.security, configured_file(xmpp.ca_file), xmpp.nick,
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


def reply_vetting(config: Config, demo: bool) -> Vetting | None:
    """Whose issue text is offered as a reply: with GitLab, issues vetted by [tracker]
    vetted_labels or helpdesk_accounts (anyone can write an issue); None (every issue's)
    for issues from the member's own file (docs/replies.md)."""
    if not uses_gitlab(config, demo):
        return None
    from hdtui.domain.reply_choice import Vetting

    return Vetting(frozenset(config.tracker.vetted_labels),
                   frozenset(config.tracker.helpdesk_accounts))


def make_tracker(config: Config, demo: bool, read_only: bool, required: bool = False,
                 command: str = "match", config_file: Path | None = None
                 ) -> tuple[LinkedTracker, list[str]]:
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
        if required:  # the command's own sentence, and where the config file is
            raise no_tracker(command, config_file)
        from hdtui.tracker.not_set_up import NotSetUpTracker

        return NotSetUpTracker(NO_TRACKER, "No [tracker]"), [NO_TRACKER]
    return StaticTracker(issues_file, read_only=read_only), []


NO_TRACKER = ("No [tracker] configured: no known issues to match; set [tracker] url or file "
              "in the config.")
"""Said wherever matches and counts would be when no tracker is set (not with --demo)."""


DEMO_FROM = "Tails Help Desk (demo) <help-desk@demo.invalid>"


def own_addresses_of(config: Config, demo: bool = False) -> tuple[str, ...]:
    """The Help Desk's own addresses, one notion for every count and for the follow-ups:
    ``[queue] helpdesk_addresses`` and the address replies are sent from (``[smtp]
    from_address``; the demo's ``DEMO_FROM``). A reply of ours read back is no user's
    report (docs/insight.md, "Session 27: walkfix27b")."""
    sending = DEMO_FROM if demo else config.smtp.from_address
    return tuple(dict.fromkeys(a for a in (*config.queue.helpdesk_addresses, sending)
                               if a.strip()))


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
        named = Path(config_file) if config_file != "the config file" else None
        if uses_imap(config):
            source = shared = imap_source(config, read_only, named)
        else:
            source = configured_source(config, named)
        crypto = config_crypto(config)
        if crypto.missing_home():  # said once at start; each encrypted report says it too
            notices.append(crypto.missing_home()[0].upper() + crypto.missing_home()[1:] + ".")
        label = shared.account.where if shared else str(getattr(source, "path", ""))
    tracker, tracker_notices = make_tracker(config, demo, read_only)
    notices.extend(tracker_notices)
    notices.extend(section_problems(config, demo))
    notices.extend([] if demo else both_secrets(config))
    if not demo:
        check_releases(config.releases)  # a wrong [releases] URL fails the start, as before
    at = store_at or store_path(config, demo)
    try:
        store = LocalStore(at)
    except StoreInUse as busy:
        if not demo:
            raise
        raise StoreInUse(busy.owner, busy.store, demo=True) from None
    notices.extend(store.notices)
    try:
        triage = Triage(source, crypto, store, tracker, templates,
                        config.queue.team_addresses, read_only=read_only,
                        workers=config.gpg.workers, live=shared,
                        folder_kinds=folder_kinds(config) if shared else None,
                        helpdesk_addresses=config.queue.helpdesk_addresses,
                        own_addresses=own_addresses_of(config, demo),
                        relay_addresses=(config.queue.bugs_list,),
                        saved_index=IndexFile(at.with_name(INDEX_FILE)),
                        claims_folder=config.queue.claims_folder,
                        member_name=member_name(config),
                        mark_seen_on_open=config.queue.mark_seen_on_open,
                        vetting=reply_vetting(config, demo),
                        far_reader=far_reader(shared, crypto, store.cache_path),
                        system_subjects=system_subjects(replies_dir),
                        far_counter=far_counter(shared, store.cache_path))
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


def far_counter(shared: ImapSource | None, cache_path: Path) -> CountProcess | None:
    """The processes that count a first read's reports beside the TUI: with the reading
    processes (an IMAP mailbox), whose cache they count (docs/insight.md, "Session 22: the
    count after a first open, in processes of its own")."""
    if shared is None:
        return None
    from hdtui.count_process import CountProcess
    from hdtui.store import SCHEMA

    return CountProcess(cache_path, SCHEMA)


def demo_as_of(triage: Triage) -> Callable[[], datetime]:
    """The demo's clock: the moment every window a member sees ends at, its newest
    message's (``moderation.newest_message``). The demo's mail is fixed in time (October
    and November 2026), so on the wall clock its follow-ups, held posts, "this week" and
    hot topics' weeks would empty as the months pass; a real mailbox keeps the wall clock
    (docs/insight.md, "The demo's clock"). The services' module is imported when the
    clock is first read, not when it is made: the demo's first frame does without it
    (docs/benchmarks.md, "Session 26, at the end")."""

    def as_of() -> datetime:
        from hdtui.services.moderation import newest_message

        return newest_message(triage)

    return as_of


def with_shift(actions: Actions, config: Config, demo: bool,
               as_of: Callable[[], datetime] | None = None) -> Actions:
    """``actions`` with the shift's follow-ups, reminders and team folder (docs/shift.md),
    and the moderation requests waiting on its shift-start screen. ``as_of``: the demo's
    clock (``demo_as_of``), which the windows of acts and of held posts end at; None: the
    wall clock."""
    from hdtui.services.shift import Shift

    triage = actions.triage
    # The demo has no server: its team folder is files, with a note from a previous shift.
    folders = FolderFiles(cache_dir() / "demo" / "team", demo_dir() / "team") if demo else None
    shift = Shift(triage, config.queue.team_folder, own_addresses_of(config, demo),
                  actions.issue_changes, folders)
    actions.shift = shift
    shift.as_of = as_of  # the 60 days answers are looked for in; "since my last shift"
    moderator = actions.moderator
    if moderator is not None:  # held posts waiting, on the shift-start screen
        shift.moderation_waiting = lambda: frozenset(moderator.waiting())
        moderator.as_of = as_of  # held posts' age and expiry
    return actions


def services(config: Config, demo: bool, triage: Triage, tracker: LinkedTracker,
             crypto: GpgCrypto, replies_dir: Path, config_file: str) -> Services:
    """The services beyond the queue, each built on first use (its settings were checked
    by ``build``; an [smtp] or [xmpp] section is checked when the actions are built)."""
    # One clock for every window of the demo (its mail is fixed in time); None: the wall
    # clock, a real mailbox's.
    as_of = demo_as_of(triage) if demo else None

    def insight() -> Insight:
        from hdtui.services.insight import Insight

        # The demo is counted as of its newest report (``as_of`` until facts are known).
        return Insight(triage, tracker, clock=as_of, as_of_newest=demo,
                       releases=releases.get())

    actions = Later(lambda: with_shift(
        make_actions(config, demo, triage, tracker, crypto, config_file), config, demo,
        as_of))
    releases = Later(lambda: make_release_feeds(config, demo))
    return Services(actions, Later(insight), releases, Later(
        lambda: make_autoreply(config, demo, actions.get(), replies_dir, config_file)))
