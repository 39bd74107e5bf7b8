"""A newcomer's first contact: what the command line says about a missing or half-written
config, the starter file `hdtui init-config` writes, and the one loopback rule the three
connections share (docs/config.md)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import get_type_hints

import pytest

from hdtui.config import Config, Section, TeamConfig, load_config, parse_config, starter_text
from hdtui.connection import is_loopback
from hdtui.errors import ConfigError
from hdtui.outbound.smtp import SmtpSender
from hdtui.outbound.xmpp import XmppNotifier
from hdtui.sources.imap import ImapAccount, ImapSource
from tests.cli.test_cli import DEMO as DEMO_MAILDIR
from tests.cli.test_cli import ROOT
from tests.support.pgp import agent_pids, kill_agent

MESSAGE = ROOT / "tests" / "data" / "whisperback" / "anonymous.txt"
ISSUES = ROOT / "tests" / "data" / "matching" / "issues.json"


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """hdtui as a newcomer runs it: a fresh HOME, no HDTUI_CONFIG unless given."""
    environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
                   "XDG_CONFIG_HOME": str(home / "config"),
                   "XDG_DATA_HOME": str(home / "data"),
                   "XDG_CACHE_HOME": str(home / "cache"), **env}
    return subprocess.run([sys.executable, "-m", "hdtui", *args], capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=120, check=False)


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "hdtui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_no_config_says_where_it_goes_and_how_to_start_one(xdg: Path) -> None:
    where = xdg / "config" / "hdtui" / "config.toml"
    for command in ([], ["sync"]):
        result = run(*command, home=xdg)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            f"hdtui: No config file: hdtui looks for {where} (or the file "
            "$HDTUI_CONFIG or --config names). `hdtui init-config` writes a commented "
            "starter file there to fill in; `hdtui --demo` opens the bundled demo "
            "mailbox.\n")
        assert not where.exists()


def test_a_config_naming_no_mailbox_says_what_to_set(xdg: Path) -> None:
    path = write_config(xdg, 'keymap = "vim"\n')
    result = run("sync", home=xdg)
    assert result.returncode == 2
    assert result.stderr == (
        f"hdtui: No mailbox: {path} names no mailbox. Set [account] host, user and "
        "password_command (an IMAP mailbox), or [source] path (a local Maildir or mbox). "
        "The README's Configuration section, and the commented starter file that `hdtui "
        "--config NEW.toml init-config` writes, describe every key. `hdtui --demo` opens "
        "the bundled demo mailbox.\n")
    # A member installed with pipx has no docs/: the hint names what they do have.
    assert "docs/" not in result.stderr


def test_init_config_writes_a_commented_starter_and_never_overwrites(xdg: Path) -> None:
    where = xdg / "config" / "hdtui" / "config.toml"
    result = run("init-config", home=xdg)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {where}: a commented starter config.")
    text = where.read_text()
    assert text == starter_text()
    # Commented: it changes nothing until a line is uncommented, and loads as it is.
    assert all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
    assert load_config(where) == Config()
    # Then hdtui names the file and says what to set in it.
    assert f"{where} names no mailbox" in run("sync", home=xdg).stderr
    # Never over an existing file, edited or not.
    where.write_text('keymap = "vim"\n')
    again = run("init-config", home=xdg)
    assert again.returncode == 2
    assert again.stderr == (f"hdtui: Not written: {where} already exists: hdtui never "
                            "overwrites a config file. Edit it, or move it aside first.\n")
    assert where.read_text() == 'keymap = "vim"\n'


def test_init_config_writes_where_config_or_hdtui_config_point(xdg: Path) -> None:
    chosen = xdg / "elsewhere" / "hd s.toml"
    written = run("--config", str(chosen), "init-config", home=xdg)
    assert written.returncode == 0
    assert chosen.read_text() == starter_text()
    # The next step it gives uses the same file.
    assert written.stdout.rstrip().endswith(f"Then run `hdtui --config '{chosen}'`.")
    other = xdg / "other.toml"
    assert run("init-config", home=xdg, HDTUI_CONFIG=str(other)).returncode == 0
    assert other.read_text() == starter_text()


def test_the_starter_s_comments_start_in_one_column() -> None:
    """A setting short enough has its comment in the column most of them use."""
    columns = [(line, line.index(" # ")) for line in starter_text().splitlines()
               if re.match(r"#\w+ = ", line) and " # " in line]
    usual = max({c for _, c in columns}, key=[c for _, c in columns].count)
    assert [line for line, c in columns
            if c != usual and len(line[:c].rstrip()) < usual - 1] == []


def test_the_starter_names_every_key_and_holds_no_secret() -> None:
    """Uncommenting every setting gives a valid config that sets every key there is."""
    text = starter_text()
    uncommented = re.sub(r"(?m)^#(?=\S)", "", text)
    data = tomllib.loads(uncommented)
    # Valid as a whole, but for one mailbox: [account] host or [source] path, not both.
    parse_config({**data, "source": {k: v for k, v in data["source"].items() if k != "path"}})
    with pytest.raises(ConfigError, match="both \\[account\\] host"):
        parse_config(data)
    named: set[str] = set()
    section = ""
    for line in uncommented.splitlines():  # "# or: password_env = ..." names a key too
        header = re.match(r"\[+([\w.]+)\]+", line)
        section = header.group(1) if header else section
        named |= {f"{section}.{key}" for key in re.findall(r"or: (\w+) =", line)}
    for section, value in data.items():
        if section == "keymap_overrides":
            named.add(section)
        elif isinstance(value, dict):
            named |= {f"{section}.{key}" for key in value}
        elif section == "teams":
            named |= {f"teams.{key}" for key in value[0]}
        else:
            named.add(section)
    wanted: set[str] = set()
    for name in Config.KEYS:
        hint = get_type_hints(Config)[name]
        if isinstance(hint, type) and issubclass(hint, Section):
            wanted |= {f"{name}.{key}" for key in hint.KEYS
                       if not (name == "xmpp" and key == "user")}
        elif name == "teams":
            wanted |= {f"teams.{key}" for key in TeamConfig.KEYS}
        else:
            wanted.add(name)
    assert wanted <= named, sorted(wanted - named)
    assert not re.search(r"(?m)^#?\s*(password|token|passphrase|secret)\s*=", text)


def test_config_naming_a_directory_says_to_name_the_file(xdg: Path) -> None:
    for how in (("--config", str(xdg)), ()):
        env = {} if how else {"HDTUI_CONFIG": str(xdg)}
        result = run(*how, "sync", home=xdg, **env)
        assert result.returncode == 2
        assert result.stderr == (
            f"hdtui: Configuration error: The config file {xdg} is a directory: name the "
            f"file itself (e.g. {xdg / 'config.toml'}) with --config or HDTUI_CONFIG.\n")


def test_config_naming_a_missing_file_fails_as_hdtui_config_does(xdg: Path) -> None:
    missing = xdg / "nowhere.toml"
    result = run("--config", str(missing), "sync", home=xdg)
    assert result.returncode == 2
    assert result.stderr == (
        f"hdtui: Configuration error: --config names {missing}, which does not exist. "
        f"`hdtui --config {missing} init-config` writes a commented starter file there.\n")
    result = run("sync", home=xdg, HDTUI_CONFIG=str(missing))
    assert result.returncode == 2
    assert result.stderr == (f"hdtui: Configuration error: HDTUI_CONFIG names {missing}, "
                             "which does not exist. `hdtui init-config` writes a commented "
                             "starter file there.\n")
    # As the hint says: init-config writes where HDTUI_CONFIG points.
    assert run("init-config", home=xdg, HDTUI_CONFIG=str(missing)).returncode == 0
    assert missing.is_file()


def test_an_unknown_keymap_lists_the_keymaps(xdg: Path) -> None:
    result = run("--demo", "--keymap", "nope", home=xdg)
    assert result.returncode == 2
    assert result.stderr.endswith(
        "hdtui: Unknown keymap: No keymap is named 'nope'. Keymaps: default, vim; or the "
        "path of your own keymap file (e.g. ~/hdtui-keys.toml).\n")


def test_keymap_after_the_command_is_checked_as_config_after_it_is(xdg: Path) -> None:
    """newcomer29's defect 10: `hdtui sync --demo --keymap nope` got argparse's
    "unrecognized arguments" while `--config` after the command was accepted."""
    for command in (["sync", "--demo"], ["stats", "--demo"], ["followups", "--demo"],
                    ["tracker-sync", "--demo"], ["releases", "--demo"],
                    ["match", "--demo", str(MESSAGE)], ["scan", "--demo", str(MESSAGE)]):
        result = run(*command, "--keymap", "nope", home=xdg)
        assert result.returncode == 2, command
        assert result.stderr.endswith("hdtui: Unknown keymap: No keymap is named 'nope'. "
                                      "Keymaps: default, vim; or the path of your own "
                                      "keymap file (e.g. ~/hdtui-keys.toml).\n"), command
    assert run("scan", "--demo", str(MESSAGE), "--keymap=vim", home=xdg).returncode == 0


@pytest.mark.parametrize(("command", "lacks"), [
    (["match", str(MESSAGE)], "no known issues to match. Give --issues FILE.json (a JSON "
     "list of GitLab issues) or --demo (the demo's made-up issues), or set"),
    (["stats"], "no known issues to count against. Give --issues FILE.json (a JSON list of "
     "GitLab issues; [] puts every report in clusters) or --demo (the demo's made-up "
     "issues), or set"),
    (["tracker-sync"], "no known issues to refresh (--demo refreshes the demo's made-up "
     "issues). Set"),
])
def test_no_tracker_and_no_config_file_says_where_the_file_goes(
        xdg: Path, command: list[str], lacks: str) -> None:
    """newcomer29's defect 4: match, stats and tracker-sync never said that there was no
    config file, nor where it goes; stats read "No tracker: No known issues…"."""
    where = xdg / "config" / "hdtui" / "config.toml"
    result = run(*command, home=xdg)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        f"hdtui: No [tracker] configured: {lacks} [tracker] url or file in the config file, "
        f"and there is none: hdtui looks for {where} (or the file $HDTUI_CONFIG or --config "
        "names). `hdtui init-config` writes a commented starter file there to fill in.\n")
    # With a config file, it is named as the place to set [tracker].
    path = write_config(xdg, 'keymap = "vim"\n')
    result = run(*command, home=xdg)
    assert result.returncode == 2
    assert result.stderr == (f"hdtui: No [tracker] configured: {lacks} [tracker] url or "
                             f"file in {path}.\n")


def test_the_starter_file_unedited_is_not_sent_to_write_a_second_one(xdg: Path) -> None:
    """newcomer29's defect 5: after `hdtui init-config`, `hdtui` said to read "the
    commented starter file that `hdtui --config NEW.toml init-config` writes": the file it
    named is that file."""
    assert run("init-config", home=xdg).returncode == 0
    where = xdg / "config" / "hdtui" / "config.toml"
    result = run("sync", home=xdg)
    assert result.returncode == 2
    assert result.stderr == (
        f"hdtui: No mailbox: {where} names no mailbox. Set [account] host, user and "
        "password_command (an IMAP mailbox), or [source] path (a local Maildir or mbox). "
        f"{where} is the commented starter file: its comments and the README's "
        "Configuration section describe every key. `hdtui --demo` opens the bundled demo "
        "mailbox.\n")
    # The same with [account] alone uncommented: what it lacks, and no second file.
    where.write_text(where.read_text(encoding="utf-8") + "\n[account]\nhost = \"h.example\"\n",
                     encoding="utf-8")
    result = run("sync", home=xdg)
    assert result.returncode == 2 and "NEW.toml" not in result.stderr
    assert result.stderr.endswith(f"{where} is the commented starter file: its comments and "
                                  "the README's Configuration section describe every key.\n")


def test_match_needs_no_mailbox(xdg: Path) -> None:
    issues = Path(__file__).parents[2] / "hdtui" / "demo" / "known_issues.json"
    result = run("match", "--issues", str(issues), str(MESSAGE), home=xdg)
    assert result.returncode in (0, 1), result.stderr
    assert "No mailbox" not in result.stderr
    assert result.stdout.startswith(f"{MESSAGE}  Screen stays black")
    # Without --issues or [tracker], no known issues: never the demo's made-up ones.
    result = run("match", str(MESSAGE), home=xdg)
    assert result.returncode == 2 and result.stdout == ""
    assert "No [tracker] configured: no known issues to match" in result.stderr


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("account", "missing"), [
    ("", "host, user, password_command (or password_env)"),  # an empty [account] is IMAP
    ('user = "helpdesk"\n', "host, password_command (or password_env)"),
    ('host = "imap.example.org"\n', "user, password_command (or password_env)"),
    ('host = "imap.example.org"\nuser = "helpdesk"\n', "password_command (or password_env)"),
])
def test_an_incomplete_account_names_what_it_lacks(xdg: Path, account: str,
                                                   missing: str) -> None:
    write_config(xdg, f"[account]\n{account}")
    result = run("sync", home=xdg)
    assert result.returncode == 2 and "names no mailbox" not in result.stderr
    assert result.stderr.startswith(
        f"hdtui: IMAP account incomplete: [account] is an IMAP account missing {missing}: ")


@pytest.mark.parametrize("port", [-1, 65536, 99999])
def test_a_port_out_of_range_is_refused_at_load(xdg: Path, port: int) -> None:
    write_config(xdg, f'[smtp]\nhost = "mail.example.org"\nport = {port}\n')
    result = run("sync", home=xdg)
    assert result.returncode == 2
    assert f"'smtp.port' = {port} is out of range: a port is 1 to 65535" in result.stderr


def test_a_missing_maildir_or_a_file_that_is_no_mbox_is_said(xdg: Path) -> None:
    missing = xdg / "Mail" / "helpdesk"
    write_config(xdg, f'[source]\npath = "{missing}"\n')
    result = run("sync", home=xdg)
    assert result.returncode == 2
    assert f"[source] path {missing} does not exist" in result.stderr
    assert "is not a Maildir" not in result.stderr
    notes = xdg / "notes.txt"
    notes.write_text("Not mail at all.\n")
    write_config(xdg, f'[source]\npath = "{notes}"\n')
    result = run("sync", home=xdg)
    assert result.returncode == 2, result.stdout
    assert f"[source] path {notes} is a file but not an mbox" in result.stderr


def test_an_account_section_alone_means_imap(xdg: Path) -> None:
    port = _closed_port()
    write_config(xdg, f'[account]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "plain"\n'
                      'user = "helpdesk"\npassword_env = "HD_PASSWORD"\n')
    result = run("sync", home=xdg, HD_PASSWORD="x")
    assert "No mailbox" not in result.stderr and "[source]" not in result.stderr
    assert result.returncode == 2
    assert result.stderr == ("hdtui: IMAP server unreachable: Cannot reach the IMAP server "
                             f"127.0.0.1:{port}: nothing listens there (connection refused). "
                             "Check [account] host and port, and that the server runs.\n")


# -- one loopback rule for IMAP, SMTP and XMPP -----------------------------------------

THIS_MACHINE = ["127.0.0.1", "127.0.0.2", "127.255.0.9", "::1", "[::1]", "localhost",
                "LOCALHOST", "localhost."]
ELSEWHERE = ["10.0.0.1", "192.168.1.2", "imap.example.org", "localhost.example.org",
             "::2", "128.0.0.1", "0.0.0.0", ""]


@pytest.mark.parametrize("host", THIS_MACHINE)
def test_this_machine_is_loopback(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ELSEWHERE[:-1])
def test_other_hosts_are_not(host: str) -> None:
    assert not is_loopback(host)


def _imap(host: str) -> object:
    return ImapSource(ImapAccount(host=host, user="u", password=lambda: "x",
                                  security="plain"))


def _smtp(host: str) -> object:
    return SmtpSender(host, security="plain")


def _xmpp(host: str) -> object:
    return XmppNotifier("helpdesk@example.org", password_env="X", host=host,
                        security="plain")


CONNECTIONS = {"account": _imap, "smtp": _smtp, "xmpp": _xmpp}


@pytest.mark.parametrize("section", sorted(CONNECTIONS))
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_plain_is_allowed_to_this_machine_on_every_connection(section: str,
                                                              host: str) -> None:
    CONNECTIONS[section](host)


@pytest.mark.parametrize("section", sorted(CONNECTIONS))
@pytest.mark.parametrize("host", ["10.0.0.1", "mail.example.org"])
def test_plain_elsewhere_is_refused_alike_on_every_connection(section: str,
                                                              host: str) -> None:
    with pytest.raises(ConfigError) as info:
        CONNECTIONS[section](host)
    assert info.value.message.startswith(
        f"[{section}] security = \"plain\" is allowed only to this machine (127.0.0.1, "
        f"another 127.x address, ::1 or localhost), not {host}: use ")


# -- nothing outlives a command --------------------------------------------------------


def test_no_gpg_agent_of_the_demo_outlives_a_command(xdg: Path) -> None:
    """The demo's GnuPG home is hdtui's own: its agent stops when the command ends.
    (`gpgconf --kill` asks the agent to stop; it is gone a moment later: under load, more
    than the time between the command's end and a first look, which once failed a
    clean-clone run.)"""
    home = xdg / "cache" / "hdtui" / "demo" / "gnupg"
    report = next((ROOT / "hdtui" / "demo" / "maildir" / "cur").iterdir())
    for command in (["scan", "--demo", str(report)], ["match", "--demo", str(report)]):
        result = run(*command, home=xdg)
        assert result.returncode in (0, 1), result.stderr
        deadline = time.monotonic() + 5
        while agent_pids(home) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert home.is_dir() and agent_pids(home) == [], command


def test_tracker_sync_needs_a_working_tracker_and_says_why_once(xdg: Path) -> None:
    write_config(xdg, '[tracker]\nurl = "https://gitlab.example.org"\ntoken_env = "T"\n')
    result = run("tracker-sync", home=xdg)
    assert result.returncode == 2
    assert result.stderr == ("hdtui: Configuration error: [tracker] needs project, e.g. "
                             "\"tails/tails\".\n")


# -- [gpg] home and the keyring hints -------------------------------------------------


def test_a_gpg_home_that_does_not_exist_is_a_config_error_and_never_made(xdg: Path) -> None:
    mistyped = xdg / "gnupg-typo"
    write_config(xdg, f'[source]\npath = "{DEMO_MAILDIR}"\n[gpg]\nhome = "{mistyped}"\n')
    result = run("sync", home=xdg)
    assert result.returncode == 2
    assert result.stderr == (
        f"hdtui: Configuration error: [gpg] home {mistyped} does not exist: give the GnuPG "
        "home that holds the Help Desk's secret key (`gpg --homedir DIR --list-secret-keys` "
        "lists it), or remove the key to use GNUPGHOME or ~/.gnupg. hdtui never creates a "
        "keyring.\n")
    assert not mistyped.exists()  # no keyring made, no agent started there


def test_match_with_undecryptable_reports_gives_the_keyring_hint(xdg: Path) -> None:
    empty = xdg / "gnupg"
    empty.mkdir(mode=0o700)
    write_config(xdg, f'[gpg]\nhome = "{empty}"\n')
    encrypted = next(p for p in sorted((DEMO_MAILDIR / "cur").iterdir())
                     if b"BEGIN PGP MESSAGE" in p.read_bytes())
    try:
        result = run("match", "--issues", str(ISSUES), str(encrypted), home=xdg)
    finally:
        kill_agent(empty)  # gpg started one to try the (missing) secret key
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr.startswith(
        f"Reports that could not be decrypted: check that [gpg] home ({empty}) holds the Help "
        f"Desk's secret key: `gpg --homedir {empty} --list-secret-keys` lists its "
        "fingerprint; `hdtui scan FILE...` says why each report failed.")


def test_the_keyring_hint_after_an_imap_sync_does_not_send_to_scan() -> None:
    from hdtui.cli import undecryptable_hint

    imap = parse_config(dict(account={"host": "imap.example.org", "user": "helpdesk",
                                  "password_env": "HD_PASSWORD"}, gpg={"home": "/k"}))
    said = undecryptable_hint(imap)
    assert "hdtui scan" not in said  # scan reads files, not an IMAP mailbox
    assert said.endswith("in hdtui, the filter state:undecryptable lists those reports, and "
                         "each one says why it failed.")
    local = parse_config(dict(source={"path": "/srv/mail box"}, gpg={"home": "/k"}))
    assert undecryptable_hint(local).endswith(
        "`hdtui scan '/srv/mail box'` says why each report failed.")

@pytest.mark.parametrize(("lines", "said"), [
    ('keymap = "nope"\n', "No keymap is named 'nope'"),
    ('[keymap_overrides]\n"no-such-binding" = "x"\n',
     "[keymap_overrides]: unknown binding id 'no-such-binding'"),
])
def test_the_configs_keymap_is_checked_by_every_command(xdg: Path, lines: str,
                                                         said: str) -> None:
    """A wrong keymap stops `sync`, `stats` and `releases` as it stops the TUI (sync
    passed it, exit 0, while the TUI refused it)."""
    maildir = ROOT / "hdtui" / "demo" / "maildir"
    top, tables = (lines, "") if lines.startswith("keymap") else ("", lines)
    write_config(xdg, f'{top}[source]\npath = "{maildir}"\n{tables}')
    for command in (["sync"], ["stats", "--issues", "x.json"], ["releases"], []):
        result = run(*command, home=xdg)
        assert result.returncode == 2, (command, result.stderr)
        assert said in result.stderr, (command, result.stderr)


def test_a_mailbox_and_a_path_both_set_is_an_error_naming_both(xdg: Path) -> None:
    """[account] with [source] path silently used IMAP."""
    write_config(xdg, '[account]\nhost = "imap.example.org"\nuser = "hd"\n'
                      'password_command = "true"\n[source]\npath = "~/mail"\n')
    for command in (["sync"], []):
        result = run(*command, home=xdg)
        assert result.returncode == 2 and result.stdout == ""
        assert "[account] host ('imap.example.org')" in result.stderr
        assert "[source] path ('~/mail')" in result.stderr


def test_the_readmes_match_example_is_what_match_prints(xdg: Path) -> None:
    """The README's `hdtui match --demo` example is the command's real output (it showed
    29.1 where match printed 28.1)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ hdtui match --demo hdtui/demo/maildir | head -3\n"
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("```", start)]
    result = run("match", "--demo", "hdtui/demo/maildir", home=xdg)
    assert result.returncode == 0, result.stderr
    assert "".join(result.stdout.splitlines(keepends=True)[:3]) == shown


def test_the_readme_names_every_stats_option() -> None:
    """The Commands list names every option `hdtui stats --help` has (--weeks was missing)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("hdtui stats "))
    helped = subprocess.run([sys.executable, "-m", "hdtui", "stats", "--help"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60,
                            check=True).stdout
    options = set(re.findall(r"(?m)^  (--[a-z]+)", helped)) - {"--help", "--config"}
    assert options and all(option in line for option in options), (options, line)


def test_the_demo_in_use_says_to_close_it_not_to_set_a_store_path(xdg: Path) -> None:
    """A second `hdtui --demo` while the demo is open in another terminal: the advice was
    "give this one another [store] path", which no config does for the demo (session 25)."""
    from hdtui.store import LocalStore
    from hdtui.wiring import store_path

    owner = LocalStore(store_path(Config(), demo=True))  # the demo open elsewhere
    try:
        result = run("--demo", "sync", home=xdg)
    finally:
        owner.close()
    assert result.returncode == 75
    assert "Close it first: the demo always uses this store." in result.stderr
    assert "[store]" not in result.stderr
