"""Config loading: defaults, types, unknown keys, secrets, the HDTUI_CONFIG override."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdtui.config import Config, config_path, load_config, parse_config
from hdtui.errors import ConfigError


def test_missing_file_gives_defaults(xdg: Path) -> None:
    assert load_config() == Config()


def test_xdg_path_and_override(xdg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert config_path() == xdg / "config" / "hdtui" / "config.toml"
    monkeypatch.setenv("HDTUI_CONFIG", str(xdg / "elsewhere.toml"))
    assert config_path() == xdg / "elsewhere.toml"
    with pytest.raises(ConfigError, match="does not exist"):
        load_config()


def test_full_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'keymap = "vim"\nread_only = true\n[keymap_overrides]\n"quit" = "ctrl+q"\n'
        '[source]\nkind = "mbox"\npath = "~/mail/helpdesk.mbox"\n'
        '[gpg]\nhome = "~/.gnupg-helpdesk"\nworkers = 3\n'
        '[queue]\nteam_addresses = ["ft@example.org"]\n'
        'helpdesk_addresses = ["support@tails.net", "rowan@example.org"]\n'
    )
    config = load_config(path)
    assert config.keymap == "vim" and config.read_only is True
    assert config.keymap_overrides == {"quit": "ctrl+q"}
    assert config.source.kind == "mbox" and config.gpg.workers == 3
    assert config.queue.team_addresses == ("ft@example.org",)
    assert config.queue.helpdesk_addresses == ("support@tails.net", "rowan@example.org")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"gpg": {"hme": "x"}},
         "unknown key 'gpg.hme'. Valid keys in [gpg]: binary, helpdesk_key, home, workers"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"gpg": {"workers": "2"}}, "'gpg.workers' must be a whole number"),
        ({"gpg": {"workers": True}}, "'gpg.workers' must be a whole number"),
        ({"read_only": "yes"}, "'read_only' must be true or false"),
        ({"source": {"kind": "pop3"}},
         "'source.kind' must be one of 'auto', 'imap', 'maildir', 'mbox'"),
        ({"source": "x"}, "[source] must be a table"),
        ({"queue": {"team_addresses": "a@b"}}, "'queue.team_addresses' must be a list"),
        ({"keymap_overrides": {"quit": 1}}, "'keymap_overrides' must be a table of strings"),
        ({"gpg": {"helpdesk_key": "0x9D6D6472AFC1AD77"}},
         "'gpg.helpdesk_key' must be the key's whole fingerprint"),
    ],
)
def test_bad_values_name_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert message in str(info.value)


@pytest.mark.parametrize("key", ["password", "token", "passphrase"])
def test_secrets_are_refused_with_alternatives(key: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({"source": {key: "hunter2"}})
    text = str(info.value)
    assert f"'{key}_env'" in text and f"'{key}_command'" in text
    assert "hunter2" not in text


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("keymap = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_the_readme_config_example_loads() -> None:
    """The README's sample is a real setup: IMAP, GnuPG, GitLab, SMTP and XMPP with every
    connection key a member has to know about, and no secret."""
    import tomllib

    from hdtui.config_checks import uses_imap

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n[account]") + len("```toml\n")
    example = readme[start:readme.index("```", start)]
    data = tomllib.loads(example)
    config = parse_config(data, "README.md")
    assert uses_imap(config) and config.account.password_command
    assert config.tracker.project == "tails/tails" and config.tracker.token_env
    # Shown, so that the notice a token brings when both are empty names known keys.
    assert config.tracker.vetted_labels and config.tracker.helpdesk_accounts
    connection = {"host", "port", "security", "ca_file", "password_env"}
    assert connection - {"password_env"} | {"user", "password_command", "from_address",
                                             "sent_folder"} <= set(data["smtp"])
    assert connection | {"jid", "nick"} <= set(data["xmpp"])
    assert config.teams and config.teams[0].xmpp


def test_tracker_section() -> None:
    config = parse_config({"tracker": {
        "url": "https://gitlab.tails.boum.org", "project": "tails/tails",
        "token_command": "pass show gitlab/helpdesk", "ca_file": "~/ca.pem",
        "closed_days": 14}})
    tracker = config.tracker
    assert tracker.kind == "auto" and tracker.verify is True and tracker.closed_days == 14
    assert tracker.token_command and not tracker.token_env
    with pytest.raises(ConfigError, match="'token_env'"):
        parse_config({"tracker": {"token": "glpat-secret"}})
    with pytest.raises(ConfigError, match="'private_token_env'"):
        parse_config({"tracker": {"private_token": "glpat-secret"}})
    with pytest.raises(ConfigError, match=r"'tracker\.verify' must be true or false"):
        parse_config({"tracker": {"verify": "no"}})
    with pytest.raises(ConfigError, match=r"'tracker\.kind' must be one of"):
        parse_config({"tracker": {"kind": "redmine"}})


def test_outbound_sections_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[smtp]\nhost = "smtp.example.org"\nsecurity = "starttls"\nuser = "helpdesk"\n'
        'password_command = "pass show smtp"\nfrom_address = "Help Desk <hd@example.org>"\n'
        '[xmpp]\njid = "helpdesk@example.org"\npassword_env = "XMPP_PW"\n'
        '[[teams]]\nname = "Foundations Team"\naddress = "foundations@tails.net"\n'
        'gitlab_mention = "@foundations-team"\nxmpp = "xmpp:ft@conference.example.org?join"\n'
        '[[teams]]\nname = "UX"\naddress = "ux@tails.net"\n'
    )
    config = load_config(path)
    assert config.smtp.security == "starttls" and config.smtp.sent_folder == "Sent"
    assert config.smtp.password_command == "pass show smtp"
    assert config.xmpp.jid == "helpdesk@example.org" and config.xmpp.security == "starttls"
    assert [t.name for t in config.teams] == ["Foundations Team", "UX"]
    team = config.team("foundations team")
    assert team is not None and team.gitlab_mention == "@foundations-team"
    assert config.queue.bugs_list == "tails-bugs@boum.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"smtp": {"password": "hunter2"}}, "'smtp.password' holds a secret"),
        ({"xmpp": {"password": "hunter2"}}, "'xmpp.password' holds a secret"),
        ({"smtp": {"security": "ssl"}}, "'smtp.security' must be one of"),
        ({"teams": {"name": "x"}}, "must be an array of tables"),
        ({"teams": [{"name": "FT", "adress": "a@b.org"}]}, "unknown key 'teams.1.adress'"),
        ({"teams": [{"name": "FT"}]}, "needs both 'name' and 'address'"),
        ({"teams": [{"name": "FT", "address": "a@b.org"}, {"name": "ft", "address": "c@d.org"}]},
         "two [[teams]] are named 'ft'"),
    ],
)
def test_bad_outbound_config_names_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert message in str(info.value)
    assert "hunter2" not in str(info.value)


def test_the_help_desk_key_is_a_fingerprint_written_as_people_write_it() -> None:
    spaced = "1F56 EDD3 0741 0480 35DA  C1C5 EC57 B56E F0C4 3132"
    assert parse_config({"gpg": {"helpdesk_key": spaced}}).gpg.helpdesk_key == spaced
    assert parse_config({}).gpg.helpdesk_key == ""


def test_a_config_file_that_cannot_be_read_says_what_to_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[queue]\n")
    real = Path.read_text

    def refused(self: Path, *args: object, **kwargs: object) -> str:
        if self == path:  # (the tests run as root here: a file's mode would not refuse)
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", refused)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.message == (
        f"Cannot read {path}: Permission denied. Check its owner and mode: it should be "
        f"yours and readable by you alone (`chmod 600 {path}`).")
