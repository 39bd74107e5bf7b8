"""SmtpSender against real aiosmtpd servers on 127.0.0.1: TLS, STARTTLS, AUTH, refusals."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from hdtui.config import Config, SmtpConfig
from hdtui.domain.compose import Draft, DraftKind, message_bytes, to_message
from hdtui.errors import ConfigError, SendError
from hdtui.outbound.smtp import PartialSendError, SmtpSender
from hdtui.wiring import smtp_sender
from tests.servers.dovecot import free_port
from tests.servers.smtp import PASSWORD, UNICODE_USER, USER, SmtpServers

ENV = "HDTUI_TEST_SMTP_PASSWORD"
FROM = "Tails Help Desk <helpdesk@example.org>"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, PASSWORD)


def message(to: tuple[str, ...] = ("Zoë Ünïcode <zoe@example.test>",),
            cc: tuple[str, ...] = (), subject: str = "Re: Écran noir") -> EmailMessage:
    draft = Draft(DraftKind.REPLY, to=to, cc=cc, subject=subject,
                  body="Bonjour Zoë,\n\nMerci pour le rapport.\n")
    return to_message(draft, FROM, datetime(2026, 5, 1, 12, 0, tzinfo=UTC), "<r1@example.org>")


def tls(servers: SmtpServers, **kw: object) -> SmtpSender:
    args: dict[str, object] = dict(host="127.0.0.1", port=servers.tls_port, security="tls",
                                   user=USER, password_env=ENV, ca_file=servers.cafile,
                                   timeout=10)
    args.update(kw)
    return SmtpSender(**args)  # type: ignore[arg-type]


def starttls(servers: SmtpServers, **kw: object) -> SmtpSender:
    return tls(servers, port=servers.starttls_port, security="starttls", **kw)


def test_implicit_tls_with_the_test_ca_delivers_the_exact_bytes(smtpd: SmtpServers) -> None:
    msg = message()
    result = tls(smtpd).send(msg)
    assert result.complete and result.accepted == ("zoe@example.test",)
    [got] = smtpd.handler.received
    assert got.mail_from == "helpdesk@example.org"
    assert got.rcpt_tos == ("zoe@example.test",)
    assert got.data == result.data == message_bytes(msg)
    parsed = message_from_bytes(got.data, policy=policy.default)
    assert str(parsed["Subject"]) == "Re: Écran noir"
    assert parsed["To"].addresses[0].display_name == "Zoë Ünïcode"
    assert parsed.get_content() == "Bonjour Zoë,\r\n\r\nMerci pour le rapport.\r\n"


def test_starttls_with_authentication(smtpd: SmtpServers) -> None:
    result = starttls(smtpd).send(message())
    assert result.accepted == ("zoe@example.test",)
    assert len(smtpd.handler.received) == 1


def test_password_from_a_command(smtpd: SmtpServers) -> None:
    sender = starttls(smtpd, password_env="", password_command=f"printf {PASSWORD}")
    assert sender.send(message()).complete


def test_from_config(smtpd: SmtpServers) -> None:
    config = SmtpConfig(host="127.0.0.1", port=smtpd.starttls_port, security="starttls",
                        user=USER, password_env=ENV, ca_file=smtpd.cafile)
    assert smtp_sender(Config(smtp=config)).send(message()).complete


def test_wrong_password_is_a_clear_error(smtpd: SmtpServers,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "not-the-password")
    with pytest.raises(SendError) as info:
        starttls(smtpd).send(message())
    text = str(info.value)
    assert f"SMTP login refused for user {USER} at 127.0.0.1:{smtpd.starttls_port}" in text
    assert "535" in text and "Nothing was sent" in text and "password_env" in text
    assert "wrong user name or password" in text and "Check [smtp] user and the password" \
        in text  # a wrong user is refused the same way: both are named, as IMAP's does
    assert "not-the-password" not in text
    assert info.value.title == "SMTP login refused"
    assert smtpd.handler.received == []


def test_missing_password_variable_names_the_key_and_the_variable(
    smtpd: SmtpServers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV)
    with pytest.raises(SendError) as info:
        starttls(smtpd).send(message())
    assert f"[smtp] password_env names an environment variable that is not set or is empty " \
        f"({ENV})" in info.value.message


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_non_ascii_user_and_password_log_in(smtpd: SmtpServers,
                                            monkeypatch: pytest.MonkeyPatch,
                                            security: str) -> None:
    monkeypatch.setenv(ENV, UNICODE_USER[1])
    sender = tls(smtpd, user=UNICODE_USER[0]) if security == "tls" \
        else starttls(smtpd, user=UNICODE_USER[0])
    assert sender.send(message()).complete
    assert len(smtpd.handler.received) == 1


def test_wrong_non_ascii_password_is_refused_cleanly(smtpd: SmtpServers,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "pässwörd-wrong")
    with pytest.raises(SendError) as info:
        tls(smtpd, user=UNICODE_USER[0]).send(message())
    assert info.value.title == "SMTP login refused" and "535" in info.value.message
    assert "pässwörd" not in info.value.message
    assert smtpd.handler.received == []


def test_refused_recipient_sends_nothing(smtpd: SmtpServers) -> None:
    with pytest.raises(SendError) as info:
        tls(smtpd).send(message(to=("nobody@refused.test",)))
    assert not isinstance(info.value, PartialSendError)
    text = str(info.value)
    assert "nobody@refused.test (550 5.1.1 No such user here)" in text
    assert "Nothing was sent" in text
    assert smtpd.handler.received == []


def test_partly_refused_says_who_got_it(smtpd: SmtpServers) -> None:
    with pytest.raises(PartialSendError) as info:
        tls(smtpd).send(message(cc=("nobody@refused.test",)))
    result = info.value.result
    assert result.accepted == ("zoe@example.test",)
    assert [(r.address, r.code) for r in result.refused] == [("nobody@refused.test", 550)]
    text = str(info.value)
    assert "Sent to zoe@example.test" in text and "refused nobody@refused.test (550" in text
    [got] = smtpd.handler.received
    assert got.rcpt_tos == ("zoe@example.test",)


def test_temporary_recipient_refusal_says_try_later(smtpd: SmtpServers) -> None:
    with pytest.raises(SendError, match=r"(?s)busy@later.test \(450 .*Try again later"):
        tls(smtpd).send(message(to=("busy@later.test",)))


def test_451_is_temporary_and_the_same_message_can_be_retried(smtpd: SmtpServers) -> None:
    msg = message()
    smtpd.handler.fail_next("451 4.3.0 Local problem, try later")
    with pytest.raises(SendError) as info:
        tls(smtpd).send(msg)
    text = str(info.value)
    assert "451 4.3.0 Local problem, try later" in text
    assert "temporary" in text and "Try again later" in text and "Nothing was sent" in text
    assert smtpd.handler.received == []
    assert tls(smtpd).send(msg).complete
    assert len(smtpd.handler.received) == 1


def test_554_is_permanent(smtpd: SmtpServers) -> None:
    smtpd.handler.fail_next("554 5.7.1 Message rejected as spam")
    with pytest.raises(SendError) as info:
        starttls(smtpd).send(message())
    text = str(info.value)
    assert "554 5.7.1 Message rejected as spam" in text
    assert "Retrying as is will fail again" in text and "temporary" not in text


def test_plain_is_refused_for_a_non_loopback_host_without_connecting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kw: object) -> None:
        raise AssertionError("tried to connect")

    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(ConfigError, match=r"allowed only to this machine \(127\.0\.0\.1"):
        SmtpSender("smtp.example.org", 25, "plain")


def test_plain_to_loopback_works_when_asked_for(smtpd: SmtpServers) -> None:
    result = SmtpSender("127.0.0.1", smtpd.plain_port, "plain", timeout=10).send(message())
    assert result.complete and len(smtpd.handler.received) == 1


def test_untrusted_certificate_is_a_clear_error(smtpd: SmtpServers) -> None:
    with pytest.raises(SendError) as info:
        tls(smtpd, ca_file="").send(message())
    text = str(info.value)
    assert "certificate that is not trusted" in text and "ca_file" in text
    assert "Nothing was sent" in text
    assert info.value.title == "Untrusted certificate"
    with pytest.raises(SendError, match="not trusted"):
        starttls(smtpd, ca_file="").send(message())
    assert smtpd.handler.received == []


def test_implicit_tls_against_a_starttls_port_says_to_check_security(
        smtpd: SmtpServers) -> None:
    with pytest.raises(SendError, match="Check \\[smtp\\] security"):
        tls(smtpd, port=smtpd.starttls_port).send(message())


def test_connection_refused(smtpd: SmtpServers) -> None:
    port = free_port()
    with pytest.raises(SendError) as info:
        tls(smtpd, port=port).send(message())
    assert info.value.message.startswith(
        f"Cannot reach the SMTP server 127.0.0.1:{port}: nothing listens there (connection "
        "refused). Check [smtp] host and port, and that the server runs.")


def test_starttls_on_the_tls_port_says_no_greeting_before_the_timeout(
        smtpd: SmtpServers) -> None:
    started = time.monotonic()
    with pytest.raises(SendError) as info:
        tls(smtpd, security="starttls", timeout=30).send(message())
    assert time.monotonic() - started < 9  # the greeting's 5 s (+ a probe), not 30 s
    assert info.value.title == "No SMTP greeting"
    assert info.value.message.startswith(
        f"The SMTP server 127.0.0.1:{smtpd.tls_port} accepted the connection but sent no "
        "greeting within 5 s: a server speaking TLS from the first byte waits for the client "
        "and says nothing, so [smtp] security = \"starttls\" is likely wrong for this port "
        "(465 is TLS from the start: security = \"tls\"). Check [smtp] security and port.")
    assert smtpd.handler.received == []


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        yield int(listener.getsockname()[1])


def test_a_silent_server_times_out(silent_port: int) -> None:
    # A server that takes the connection and says nothing is what a TLS port looks like.
    sender = SmtpSender("127.0.0.1", silent_port, "plain", timeout=0.5)
    start = time.monotonic()
    with pytest.raises(SendError, match=r"sent no greeting within 0\.5 s"):
        sender.send(message())
    assert time.monotonic() - start < 20  # given up on, not waited for: generous
