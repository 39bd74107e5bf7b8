"""A wrong [smtp], [xmpp] or [tracker] is said at start in one sentence, and the key that
needs it says the same when pressed; a ca_file that is missing or holds no certificate is a
config error naming its section and key (docs/config.md, "One section wrong")."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from hdtui.config import parse_config
from hdtui.config_checks import (
    gitlab_settings,
    section_problems,
    smtp_problem,
    xmpp_problem,
)
from hdtui.errors import ConfigError, NotifyError, SendError
from hdtui.wiring import imap_source

CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def with_sections(**sections: Any) -> Any:
    return parse_config(sections)


def test_a_plain_smtp_server_elsewhere_is_said_with_what_happens_instead() -> None:
    config = with_sections(smtp={"host": "192.0.2.2", "security": "plain"})
    said = smtp_problem(config)
    assert said.startswith("SMTP not set up: [smtp] security = \"plain\" is allowed only")
    assert said.endswith("; replies are kept as drafts, nothing is sent.")
    assert section_problems(config, demo=False) == [said]
    assert section_problems(config, demo=True) == []


def test_sections_not_set_are_no_problem() -> None:
    assert section_problems(with_sections(), demo=False) == []


def test_the_mailer_of_a_wrong_smtp_says_the_same_when_sending(tmp_path: Path) -> None:
    from hdtui.wiring import _NoMailer

    said = smtp_problem(with_sections(smtp={"host": "192.0.2.2", "security": "plain"}))
    with pytest.raises(SendError) as info:
        _NoMailer(said, "SMTP not set up").send(EmailMessage())
    assert info.value.message == said


def test_a_wrong_xmpp_is_said_and_the_alert_key_says_why() -> None:
    from hdtui.wiring import _NoNotifier

    said = xmpp_problem(with_sections(xmpp={"jid": "helpdesk", "security": "starttls"}))
    assert said.startswith("XMPP not set up: [xmpp] jid 'helpdesk' is not an XMPP account")
    with pytest.raises(NotifyError) as info:
        _NoNotifier(said).alert("ft@conference.example.org", "hello")
    assert info.value.message == said


def test_an_unset_token_variable_is_said_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HDTUI_TEST_NO_TOKEN", raising=False)
    config = with_sections(tracker={"url": "https://gitlab.example.org", "project": "t/t",
                                    "token_env": "HDTUI_TEST_NO_TOKEN"})
    [said] = section_problems(config, demo=False)
    assert said.startswith("GitLab not set up: [tracker] token_env names an environment")
    monkeypatch.setenv("HDTUI_TEST_NO_TOKEN", "a-token")
    assert section_problems(config, demo=False) == []


@pytest.mark.parametrize("section", ["smtp", "xmpp"])
def test_an_unset_password_variable_is_said_at_start(
    section: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HDTUI_TEST_NO_PW", raising=False)
    fields = {"host": "smtp.example.org", "user": "helpdesk"} if section == "smtp" else \
        {"jid": "helpdesk@example.org"}
    config = with_sections(**{section: {**fields, "password_env": "HDTUI_TEST_NO_PW"}})
    [said] = section_problems(config, demo=False)
    assert said.startswith(f"{section.upper()} not set up: [{section}] password_env names an "
                           "environment variable that is not set or is empty (HDTUI_TEST_NO_PW)")
    monkeypatch.setenv("HDTUI_TEST_NO_PW", "secret")
    assert section_problems(config, demo=False) == []
    # A command is not run at start (it may ask for a passphrase): taken as given.
    command = with_sections(**{section: {**fields, "password_command": "false"}})
    assert section_problems(command, demo=False) == []


def test_an_xmpp_account_without_a_password_is_said_at_start() -> None:
    [said] = section_problems(with_sections(xmpp={"jid": "helpdesk@example.org"}), demo=False)
    assert said.startswith("XMPP not set up: No password configured: set [xmpp] password_env")


@pytest.mark.parametrize("section", ["smtp", "xmpp"])
@pytest.mark.parametrize("content", [None, "not a certificate\n"])
def test_a_wrong_outbound_ca_file_is_that_section_not_set_up(
    section: str, content: str | None, tmp_path: Path
) -> None:
    ca = tmp_path / "ca.pem"
    if content is not None:
        ca.write_text(content)
    fields = {"host": "smtp.example.org"} if section == "smtp" else \
        {"jid": "helpdesk@example.org", "password_command": "pass show xmpp"}
    [said] = section_problems(with_sections(**{section: {**fields, "ca_file": str(ca)}}),
                              demo=False)
    assert f"[{section}] ca_file {ca}" in said
    assert ("does not exist" if content is None else "holds no certificate") in said
    ca.write_text(CERT)
    assert section_problems(with_sections(**{section: {**fields, "ca_file": str(ca)}}),
                            demo=False) == []


@pytest.mark.parametrize("content", [None, "not a certificate\n"])
def test_a_wrong_account_ca_file_is_a_config_error(content: str | None,
                                                   tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    if content is not None:
        ca.write_text(content)
    config = with_sections(account={"host": "imap.example.org", "user": "helpdesk",
                                    "password_env": "X", "ca_file": str(ca)})
    with pytest.raises(ConfigError) as info:
        imap_source(config, read_only=True)
    assert info.value.message.startswith(f"[account] ca_file {ca} ")


def test_a_wrong_tracker_ca_file_is_a_config_error(tmp_path: Path) -> None:
    config = with_sections(tracker={"url": "https://gitlab.example.org", "project": "t/t",
                                    "token_env": "X", "ca_file": str(tmp_path / "no.pem")})
    with pytest.raises(ConfigError) as info:
        gitlab_settings(config)
    assert "[tracker] ca_file" in info.value.message and "does not exist" in info.value.message


def test_both_a_variable_and_a_command_for_a_secret_are_said_with_which_is_used() -> None:
    from hdtui.config_checks import both_secrets

    config = with_sections(
        account={"host": "imap.example.org", "user": "h", "password_env": "HD_PW",
                 "password_command": "pass show hd"},
        tracker={"url": "https://gitlab.example.org", "project": "t/t",
                 "token_env": "HD_TOKEN", "token_command": "pass show token"},
        smtp={"host": "smtp.example.org", "password_command": "pass show hd"})
    assert both_secrets(config) == [
        "Both [account] password_env and [account] password_command are given: the "
        "variable is used and the command is not; remove one of them.",
        "Both [tracker] token_env and [tracker] token_command are given: the variable is "
        "used and the command is not; remove one of them."]
    assert both_secrets(with_sections(smtp={"password_env": "X"})) == []
