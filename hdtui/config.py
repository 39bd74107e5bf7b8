"""Provides the configuration of hdtui: frozen sections, one loader, the paths.

The file is TOML at ``$XDG_CONFIG_HOME/hdtui/config.toml`` (``HDTUI_CONFIG``
overrides). Unknown keys and wrong types are errors naming the key. Secrets are
never read from the file: a literal ``password``/``token``/``passphrase`` key is
rejected with the alternatives (``*_env`` names an environment variable,
``*_command`` a command that prints the secret).
"""

from __future__ import annotations

import inspect
import os
import re
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, field
from pathlib import Path
from typing import (
    Any,
    ClassVar,
    Literal,
    TypeVar,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
)

from hdtui.domain.frozen import Frozen
from hdtui.errors import ConfigError
from hdtui.toml_cache import parsed_toml

SECRET_KEYS = frozenset({"password", "token", "passphrase", "secret", "private_token"})

DEFAULT_TEAM_ADDRESSES = (
    "foundations@tails.net",
    "tails-foundations@boum.org",
    "sysadmins@tails.net",
    "tails-sysadmins@boum.org",
    "press@tails.net",
    "tails-press@boum.org",
    "fundraising@tails.net",
    "tails-fundraising@boum.org",
    "weblate@tails.net",
    "tails-weblate@boum.org",
    "tails@boum.org",
    "tails-mirrors@boum.org",
)


def _constant(value: Any) -> Callable[[], Any]:
    """What makes a default given as a value (immutable, so shared, as a dataclass does)."""
    return lambda: value


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Section(Frozen):
    """A frozen section of the configuration: made from its keyword (or positional)
    arguments, compared, hashed and shown by its keys like a frozen dataclass (``Frozen``,
    its ``FIELDS`` the keys), but built from a table of its keys (``KEYS``) when its class
    is defined, with no code compiled: a frozen dataclass compiles six methods at each
    start, 25 ms for the 15 sections at load 9 (docs/benchmarks.md, "Session 16: warm
    first rows"). A key's default is the
    value given in the class body, or ``field(default_factory=...)``."""

    KEYS: ClassVar[dict[str, Callable[[], Any]]] = {}
    """Every key in order (a base section's first), with what makes its default."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        keys = dict(cls.KEYS)
        for name in inspect.get_annotations(cls):  # this class's own, in order
            default = cls.__dict__.get(name, MISSING)
            if isinstance(default, Field):
                keys[name] = default.default_factory  # type: ignore[assignment]
                delattr(cls, name)
            elif default is MISSING:
                raise TypeError(f"{cls.__name__}.{name} has no default")
            else:
                keys[name] = _constant(default)
        cls.KEYS = keys
        cls.FIELDS = tuple(keys)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keys = type(self).KEYS
        if len(args) > len(keys):
            raise TypeError(f"{type(self).__name__} takes at most {len(keys)} arguments")
        values = dict(zip(keys, args, strict=False))
        for name, value in kwargs.items():
            if name not in keys or name in values:
                raise TypeError(f"{type(self).__name__}: unexpected or repeated {name!r}")
            values[name] = value
        for name, default in keys.items():
            object.__setattr__(self, name, values[name] if name in values else default())


class SourceConfig(Section):
    """Where mail is read from: the IMAP [account], or a local Maildir or mbox."""

    kind: Literal["auto", "imap", "maildir", "mbox"] = "auto"
    """"auto": IMAP when [account] host is set, else ``path`` (an mbox if it is a file, a
    Maildir otherwise); or force "imap" (uses [account]), "maildir" or "mbox"."""
    path: str = ""
    """The local mailbox; ``~`` is expanded."""


class ConnectionConfig(Section):
    """What [account], [smtp] and [xmpp] share: where the server is, how the connection is
    secured, and where the password comes from (docs/config.md). Plain (unencrypted) is
    allowed only to this machine: 127.0.0.0/8, ::1 or localhost (`hdtui.connection`)."""

    host: str = ""
    """The server."""
    port: int = 0
    """0 means the standard port for the security mode."""
    security: Literal["tls", "starttls", "plain"] = "tls"
    """Implicit TLS, STARTTLS, or plain (only to this machine)."""
    ca_file: str = ""
    """A CA bundle to verify the server with; empty uses the system's. Certificates are
    always verified."""
    user: str = ""
    """The user name to log in with."""
    password_env: str = ""
    """Name of an environment variable holding the password."""
    password_command: str = ""
    """A command that prints the password, e.g. ``pass show mail/helpdesk``."""
    timeout: int = 15
    """Seconds to wait for the server before giving up."""


class AccountConfig(ConnectionConfig):
    """The Help Desk's IMAP mailbox (port 0: 993 for tls, 143 for starttls and plain).
    Set ``host``, and hdtui reads mail from it (no [source] needed)."""

    folders: tuple[str, ...] = ("INBOX",)
    """The folders to watch."""
    folder_kinds: dict[str, str] = field(default_factory=dict)
    """Which kind of mail lives in a folder, e.g. ``"Lists/tails-dev" = "list-admin"``
    (team, report, support, list-admin, ft); other folders are classified by sender."""


class GpgConfig(Section):
    """OpenPGP settings used to decrypt WhisperBack reports."""

    home: str = ""
    """GNUPGHOME holding the Help Desk secret key; empty uses $GNUPGHOME or ~/.gnupg."""
    binary: str = "gpg"
    """The gpg program."""
    workers: int = 2
    """How many reports are decrypted at once (one gpg process each)."""
    helpdesk_key: str = ""
    """The fingerprint of the Help Desk key: every encrypted reply is encrypted to it as
    well, so the copy in Sent stays readable by every member; empty uses the key that
    decrypted the report (docs/encryption.md)."""


class TrackerConfig(Section):
    """Where known issues come from: a GitLab project, or a static JSON file."""

    kind: Literal["auto", "gitlab", "static"] = "auto"
    """"auto": GitLab when ``url`` is set, else the static ``file``; or force one."""
    file: str = ""
    """The JSON file (a list of GitLab REST issue objects) for the static tracker."""
    url: str = ""
    """The GitLab server, e.g. ``https://gitlab.tails.boum.org`` (https, except to 127.0.0.1)."""
    project: str = ""
    """The project path or numeric ID; for Tails ``tails/tails``."""
    token_env: str = ""
    """Name of an environment variable holding the GitLab access token (scope: api)."""
    token_command: str = ""
    """A command that prints the token, e.g. ``pass show gitlab/helpdesk``."""
    ca_file: str = ""
    """A CA bundle to verify the server with; empty uses certifi's (docs/config.md)."""
    verify: bool = True
    """Verify the server's certificate. Turning this off is refused except for 127.0.0.1."""
    busy_links: int = 50
    """Links above which an issue is busy: further reports go into one summary note edited
    in place, not a note each (every note notifies the issue's watchers; GitLab takes at
    most 5,000 per issue): docs/gitlab-writes.md."""
    proxy: str = ""
    """A proxy for GitLab, e.g. ``socks5h://127.0.0.1:9050`` (Tor; needs the ``socks``
    extra, PySocks); empty: none, or the one of HTTPS_PROXY/ALL_PROXY (docs/config.md)."""
    vetted_labels: tuple[str, ...] = ()
    """Labels that vet an issue's text as a reply (GitLab drops labels set by non-members):
    only the "Standard reply" of a vetted issue is offered as a fit (docs/replies.md)."""
    helpdesk_accounts: tuple[str, ...] = ()
    """GitLab usernames of the Help Desk's own accounts, with two uses (docs/gitlab.md):
    their notes count linked reports (checked by author id, the names looked up once per
    run; the token's own account always counts), and an issue whose description one of
    them wrote last is vetted as a reply (checked by username: docs/replies.md)."""
    closed_days: int = 30
    """Closed issues updated within this many days are kept (recently closed ones)."""
    timeout: int = 15
    """Seconds to wait for GitLab before counting it unreachable."""
    max_wait: int = 60
    """The longest wait (seconds) hdtui accepts when GitLab answers 429 with Retry-After."""
    count_markers_from: Literal["internal", "allow-list"] = "internal"
    """Which notes count a linked report (docs/gitlab.md, "Counts nobody else can forge"):
    "internal" (the default) counts internal notes and writes link notes as internal when
    the token's role allows it (Reporter or above), else counts as "allow-list" does;
    "allow-list" counts only notes written by ``helpdesk_accounts`` (and the token's own
    account). A marker in any other note is ignored."""


class RepliesConfig(Section):
    """Standard replies."""

    dir: str = ""
    """Directory of ``<slug>.<lang>.md`` files; empty uses the bundled replies/. Edits made
    in hdtui (the auto-reply) are saved here: the bundled directory is never written."""


class AutoReplyConfig(Section):
    """Keeping the auto-reply current (docs/autoreply.md): who is told, where it is proposed."""

    team: str = "Sysadmins"
    """The [[teams]] name that runs the mail server and is asked to update the auto-reply."""
    language: str = "en"
    """The language of the auto-reply file edited (``auto-reply.<language>.md``)."""
    repository: str = ""
    """A GitLab project holding the standard replies (e.g. ``tails/help-desk-replies``), on
    the [tracker] server with its token; set, a change can be proposed as a merge request."""
    repository_dir: str = "replies"
    """The directory of the reply files inside that repository."""
    target_branch: str = ""
    """The branch merge requests go to; empty uses the repository's default branch."""
    branch_prefix: str = "hdtui/auto-reply-"
    """The start of the branch name hdtui creates for a merge request (a date follows)."""


class QueueConfig(Section):
    """How the queue classifies and orders mail."""

    team_addresses: tuple[str, ...] = DEFAULT_TEAM_ADDRESSES
    """Senders whose mail is a communication from another team (sorted first)."""
    helpdesk_addresses: tuple[str, ...] = ()
    """The addresses Help Desk members write from (the shared one and each member's own).
    Their mail, and mail from ``[smtp] from_address``, is no user's report in any count
    (docs/insight.md, "Session 27: walkfix27b"). Set, a message in an [FT] thread from
    anyone else is a team member's answer: a communication from another team, sorted
    first (docs/marks.md). Empty: [FT] threads stay one group."""
    bugs_list: str = "tails-bugs@boum.org"
    """The encrypted list WhisperBack reports and [FT] threads go through."""
    claims_folder: str = "HelpDesk/Claims"
    """The shared IMAP folder naming who claimed what (one small message per claim; ``/``
    between levels, hdtui uses the server's separator). Created on the first claim when
    missing; "" records no names (docs/marks.md, "Who claimed")."""
    team_folder: str = "HelpDesk/Team"
    """The shared IMAP folder of hand-off notes and of the records every member sees
    (outcomes with their reasons, reproduce results, reminders); next to the claims folder
    by default, created on the first write; "" turns them off (docs/shift.md)."""
    shift_start: bool = True
    """Opening the TUI shows the shift-start screen first (what arrived, follow-ups due,
    team mail, the hand-off notes: docs/shift.md); ``S`` reopens it either way."""
    member_name: str = ""
    """This member's name in the claims folder; empty: the local part of [account] user,
    else $USER. A name, never a secret: every member reads it."""
    mark_seen_on_open: bool = False
    """Opening a message in a normal shift sets the shared IMAP \\Seen on it (for teams
    that read "unread" in other clients as "nobody looked"); never in a read-only skim.
    False: \\Seen is never touched, "new to me" stays per member (docs/marks.md)."""


class SmtpConfig(ConnectionConfig):
    """Where replies, forwards and [FT] mail are sent from (port 0: 465 for tls, 587 for
    starttls, 25 for plain; an empty user sends without authenticating)."""

    from_address: str = ""
    """The Help Desk's address, e.g. ``Tails Help Desk <support@tails.net>``."""
    sent_folder: str = "Sent"
    """The IMAP folder a copy of every sent message is saved to."""
    timeout: int = 30
    """Seconds to wait for the server before giving up."""


class ModerationConfig(Section):
    """Mailing-list moderation by mail (docs/moderation.md)."""

    lists: tuple[str, ...] = ("tails-dev@boum.org", "tails-testers@boum.org",
                              "tails-l10n@boum.org", "amnesia-news@boum.org")
    """The list addresses hdtui may send an approval (with the moderator password) for."""
    password_env: str = ""
    """Name of an environment variable holding the lists' moderator password."""
    password_command: str = ""
    """A command that prints it; ``{list}`` in it is replaced by the list's name
    (``pass show lists/{list}``) when each list has its own."""
    web: str = ""
    """The lists' web address (``https://lists.example.org/mailman``), for the admin page
    of a notice that gives none (Mailman 3)."""


class TeamConfig(Section):
    """A team reports are forwarded to and alerted (one [[teams]] table)."""

    name: str = ""
    """The team's name, e.g. "Foundations Team"."""
    address: str = ""
    """The team's mail address."""
    gitlab_mention: str = ""
    """The GitLab mention for issues, e.g. ``@foundations-team``."""
    xmpp: str = ""
    """Where alerts go: a JID (direct message), or a room as ``xmpp:room@service?join``."""


class XmppConfig(ConnectionConfig):
    """The XMPP account alerts are sent from (host empty: the JID's domain; port 0: 5223
    for tls, 5222 for starttls and plain; ``user`` is not used: the JID is the login)."""

    jid: str = ""
    """The account, e.g. ``helpdesk@example.org``."""
    security: Literal["tls", "starttls", "plain"] = "starttls"
    """STARTTLS (default), direct TLS, or plain (only to this machine)."""
    nick: str = "hdtui"
    """The nickname used in rooms."""
    timeout: int = 20
    """Seconds one alert may take in all (connect, log in, join, send)."""


class ReleasesConfig(Section):
    """The Tails feeds hdtui follows for release awareness (docs/releases.md)."""

    news_url: str = "https://tails.net/news/index.en.rss"
    """The news feed (RSS): every release's notes, tagged ``announce``."""
    advisories_url: str = "https://tails.net/security/index.en.atom"
    """The security advisories feed (Atom); entries without ``security/fixed`` are unfixed."""
    latest_url: str = "https://tails.net/install/v2/Tails/amd64/stable/latest.json"
    """The latest stable version (JSON, ``installations[].version``)."""
    timeout: int = 15
    """Seconds one feed may take in all (connect and read) before it counts as unreachable."""
    max_bytes: int = 8_000_000
    """The largest feed accepted; a bigger one is refused (the last good copy is kept)."""
    fetch_at_start: bool = True
    """Fetch the feeds once when the TUI starts and no copy is saved yet (so outdated
    reports are marked at once); false leaves it to the releases pane (L) and cron's
    ``hdtui releases``."""


class StoreConfig(Section):
    """The local store (cache and personal state)."""

    path: str = ""
    """The TinyDB file; empty uses $XDG_DATA_HOME/hdtui/store.json."""


class Config(Section):
    """The whole configuration."""

    keymap: str = "default"
    """A keymap name from keymaps/ (default, vim) or a path to a TOML file."""
    keymap_overrides: dict[str, str] = field(default_factory=dict)
    """Single bindings overridden by id, e.g. ``"quit" = "ctrl+q"``."""
    read_only: bool = False
    """Start every shift as a read-only skim."""
    source: SourceConfig = SourceConfig()
    account: AccountConfig = AccountConfig()
    gpg: GpgConfig = GpgConfig()
    tracker: TrackerConfig = TrackerConfig()
    replies: RepliesConfig = RepliesConfig()
    autoreply: AutoReplyConfig = AutoReplyConfig()
    queue: QueueConfig = QueueConfig()
    store: StoreConfig = StoreConfig()
    smtp: SmtpConfig = SmtpConfig()
    xmpp: XmppConfig = XmppConfig()
    releases: ReleasesConfig = ReleasesConfig()
    moderation: ModerationConfig = ModerationConfig()
    teams: tuple[TeamConfig, ...] = ()
    """The teams reports are forwarded to (``[[teams]]`` tables)."""

    def team(self, name: str) -> TeamConfig | None:
        """The team of that name (case-insensitive), or None."""
        wanted = name.strip().lower()
        return next((t for t in self.teams if t.name.lower() == wanted), None)


T = TypeVar("T")


def config_path() -> Path:
    """Return the config file path: $HDTUI_CONFIG, else $XDG_CONFIG_HOME/hdtui/config.toml."""
    env = os.environ.get("HDTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "hdtui" / "config.toml"


def data_dir() -> Path:
    """Return $XDG_DATA_HOME/hdtui."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "hdtui"


def cache_dir() -> Path:
    """Return $XDG_CACHE_HOME/hdtui."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hdtui"


def bundled_dir(name: str) -> Path:
    """Return a bundled data directory (keymaps, replies) from a checkout or an install."""
    package = Path(__file__).resolve().parent
    installed = package / "_bundled" / name
    if installed.is_dir():
        return installed
    return package.parent / name


def demo_dir() -> Path:
    """Return the directory of the bundled demo data."""
    return Path(__file__).resolve().parent / "demo"


def load_config(path: Path | None = None) -> Config:
    """Load and validate the config file; a missing file gives the defaults."""
    path = path or config_path()
    if not path.exists():
        if os.environ.get("HDTUI_CONFIG"):
            raise ConfigError(f"HDTUI_CONFIG names {path}, which does not exist. "
                              "`hdtui init-config` writes a commented starter file there.")
        return Config()
    if path.is_dir():
        raise ConfigError(f"The config file {path} is a directory: name the file itself "
                          f"(e.g. {path / 'config.toml'}) with --config or HDTUI_CONFIG.")
    try:
        data = parsed_toml(path, cache_dir(), keep_if=accepted)
    except PermissionError as e:
        raise ConfigError(f"Cannot read {path}: {e.strerror}. Check its owner and mode: it "
                          f"should be yours and readable by you alone (`chmod 600 {path}`)."
                          ) from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"Cannot read {path}: {e}") from e
    except ValueError as e:  # tomllib.TOMLDecodeError (UnicodeDecodeError is above)
        raise ConfigError(f"{path} is not valid TOML: {e}") from e
    return parse_config(data, str(path))


def accepted(data: dict[str, Any]) -> bool:
    """Whether ``data`` makes a Config: only such a table is kept in the cache of parsed
    files (toml_cache), so a secret the config refuses is never copied there."""
    try:
        parse_config(data)
    except ConfigError:
        return False
    return True


def parse_config(data: dict[str, Any], origin: str = "config") -> Config:
    """Build a Config from a parsed TOML table, naming the key of every error."""
    config = _build(Config, data, origin, "")
    for name in ("account", "smtp", "xmpp"):
        port = getattr(config, name).port
        if not 0 <= port <= 65535:
            raise ConfigError(f"{origin}: '{name}.port' = {port} is out of range: a port is "
                              "1 to 65535 (0: the security mode's standard port).")
    _check_teams(config.teams, origin)
    _check_fingerprint(config.gpg.helpdesk_key, "gpg.helpdesk_key", origin)
    if config.account.host and config.source.path:
        # One mailbox: [account] (IMAP) used to win silently over [source] path.
        raise ConfigError(f"{origin}: both [account] host ({config.account.host!r}) and "
                          f"[source] path ({config.source.path!r}) are set, but hdtui reads "
                          "one mailbox: keep [account] for IMAP, or [source] path for a "
                          "local Maildir or mbox.", "Two mailboxes")
    return config


def _check_fingerprint(value: str, name: str, origin: str) -> None:
    """An empty value, or a whole OpenPGP fingerprint (spaces and 0x allowed)."""
    compact = "".join(value.split()).upper().removeprefix("0X")
    if value.strip() and not re.fullmatch(r"[0-9A-F]{40}|[0-9A-F]{64}", compact):
        raise ConfigError(f"{origin}: '{name}' must be the key's whole fingerprint (40 hex "
                          f"digits, spaces allowed), not {value!r}. Find it with "
                          "gpg --fingerprint.")


def _check_teams(teams: tuple[TeamConfig, ...], origin: str) -> None:
    """Every team has a name and an address; names are unique."""
    seen: set[str] = set()
    for number, team in enumerate(teams, start=1):
        if not team.name.strip() or not team.address.strip():
            raise ConfigError(f"{origin}: team {number} in [[teams]] needs both 'name' and "
                              "'address'.")
        if team.name.lower() in seen:
            raise ConfigError(f"{origin}: two [[teams]] are named {team.name!r}.")
        seen.add(team.name.lower())


def _build(cls: type[T], data: Any, origin: str, prefix: str) -> T:
    where = f"[{prefix}]" if prefix else "the top level"
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: {where} must be a table.")
    hints = get_type_hints(cls)
    fields = typing.cast(type[Section], cls).KEYS
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        if key in SECRET_KEYS:
            raise ConfigError(
                f"{origin}: '{name}' holds a secret, and secrets are never read from the "
                f"config file. Use '{key}_env' (an environment variable) or "
                f"'{key}_command' (a command that prints it) instead."
            )
        if key not in fields:
            valid = ", ".join(sorted(fields))
            raise ConfigError(f"{origin}: unknown key '{name}'. Valid keys in {where}: {valid}.")
        values[key] = _convert(hints[key], value, origin, name)
    return cls(**values)


def _convert(hint: Any, value: Any, origin: str, name: str) -> Any:
    origin_type = get_origin(hint)
    if _is_section(hint):
        return _build(typing.cast(type[Any], hint), value, origin, name)
    if origin_type is Literal:
        choices = get_args(hint)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise ConfigError(f"{origin}: '{name}' must be one of {allowed}, not {value!r}.")
        return value
    if origin_type is tuple and _is_section(get_args(hint)[0]):
        item = typing.cast(type[Any], get_args(hint)[0])
        if not isinstance(value, list):
            raise ConfigError(f"{origin}: '{name}' must be an array of tables ([[{name}]]).")
        return tuple(_build(item, v, origin, f"{name}.{i + 1}") for i, v in enumerate(value))
    if origin_type is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{origin}: '{name}' must be a list of strings.")
        return tuple(value)
    if origin_type is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{origin}: '{name}' must be a table of strings.")
        return dict(value)
    if origin_type in (types.UnionType, typing.Union):
        raise ConfigError(f"{origin}: '{name}' has an unsupported type.")  # pragma: no cover
    expected = hint if isinstance(hint, type) else str
    # bool is an int in Python; keep them apart so `workers = true` is an error.
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{origin}: '{name}' must be a whole number, not {value!r}.")
    if not isinstance(value, expected):
        raise ConfigError(
            f"{origin}: '{name}' must be {_type_word(expected)}, not {type(value).__name__} "
            f"{value!r}."
        )
    return value


def _is_section(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Section)


def _type_word(t: type) -> str:
    return {str: "a string", bool: "true or false", int: "a whole number"}.get(t, t.__name__)


def expand(path: str) -> Path:
    """Expand ``~`` and environment variables in a configured path."""
    return Path(os.path.expandvars(path)).expanduser()


STARTER = "starter-config.toml"
"""The commented starter config (every key, each commented out) `hdtui init-config` writes."""


def starter_text() -> str:
    """The commented starter config."""
    return (Path(__file__).resolve().parent / STARTER).read_text(encoding="utf-8")


def write_starter(path: Path) -> None:
    """Write the starter config to ``path`` (its directory made 0700 if new), never over an
    existing file; ConfigError says why not."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # "x": fails if the file exists
            out.write(starter_text())
    except FileExistsError as e:
        raise ConfigError(f"{path} already exists: hdtui never overwrites a config file. "
                          "Edit it, or move it aside first.", "Not written") from e
    except OSError as e:
        raise ConfigError(f"Cannot write {path}: {e.strerror}.") from e
