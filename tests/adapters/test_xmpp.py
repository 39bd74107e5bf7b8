"""XmppNotifier against a real Prosody on 127.0.0.1: room, direct message, failures."""

from __future__ import annotations

import time
import uuid

import pytest

from hdtui.config import Config, XmppConfig
from hdtui.errors import ConfigError, NotifyError
from hdtui.outbound.xmpp import XmppNotifier
from hdtui.wiring import xmpp_notifier
from tests.servers.dovecot import free_port
from tests.servers.prosody import DOMAIN, MUC, USERS, Listener, Prosody
from tests.servers.smtp import SmtpServers

ENV = "HDTUI_TEST_XMPP_PASSWORD"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, USERS["helpdesk"])


def notifier(server: Prosody, **kw: object) -> XmppNotifier:
    args: dict[str, object] = dict(jid=f"helpdesk@{DOMAIN}", password_env=ENV,
                                   host="127.0.0.1", port=server.port, security="plain",
                                   timeout=10)
    args.update(kw)
    return XmppNotifier(**args)  # type: ignore[arg-type]


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def test_room_message_reaches_a_member_of_the_room(prosody: Prosody) -> None:
    room = f"ft-{uuid.uuid4().hex[:6]}@{MUC}"
    text = unique("Help Desk alert: #19123 \"Wi-Fi\": 7 reports so far, 3 this week.")
    with Listener(prosody, "ft", room=room) as ft:
        notifier(prosody).alert(f"xmpp:{room}?join", text)
        got = ft.wait_for(text)
    assert got.type == "groupchat"
    assert got.sender == f"{room}/hdtui"


def test_a_bare_room_jid_is_recognised_as_a_room(prosody: Prosody) -> None:
    room = f"ux-{uuid.uuid4().hex[:6]}@{MUC}"
    text = unique("room by discovery")
    with Listener(prosody, "ux", room=room) as ux:
        notifier(prosody).alert(room, text)
        assert ux.wait_for(text).type == "groupchat"


def test_nick_taken_in_the_room_still_delivers(prosody: Prosody) -> None:
    room = f"nick-{uuid.uuid4().hex[:6]}@{MUC}"
    text = unique("nick clash")
    with Listener(prosody, "ft", room=room) as ft:
        notifier(prosody, nick="ft").alert(f"xmpp:{room}?join", text)
        got = ft.wait_for(text)
    assert got.sender.startswith(f"{room}/ft-")


def test_direct_message_is_received(prosody: Prosody) -> None:
    text = unique("Help Desk alert: line one\nline two")
    with Listener(prosody, "ft") as ft:
        notifier(prosody).alert(f"ft@{DOMAIN}", text)
        got = ft.wait_for(text)
    assert got.type == "chat"
    assert got.sender.startswith(f"helpdesk@{DOMAIN}/")


def test_non_ascii_password_logs_in(prosody: Prosody, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, USERS["carol"])
    text = unique("from an account with a non-ASCII password")
    with Listener(prosody, "ft") as ft:
        notifier(prosody, jid=f"carol@{DOMAIN}", security="starttls", host=DOMAIN,
                 ca_file=prosody.cafile).alert(f"ft@{DOMAIN}", text)
        assert ft.wait_for(text).sender.startswith(f"carol@{DOMAIN}/")


def test_direct_message_over_starttls_with_the_test_ca(prosody: Prosody) -> None:
    text = unique("over STARTTLS")
    with Listener(prosody, "ft") as ft:
        notifier(prosody, security="starttls", host=DOMAIN, ca_file=prosody.cafile).alert(
            f"xmpp:ft@{DOMAIN}?message", text)
        assert ft.wait_for(text).type == "chat"


def test_starttls_with_an_untrusted_certificate_is_refused(prosody: Prosody) -> None:
    with pytest.raises(NotifyError) as info:
        notifier(prosody, security="starttls", host=DOMAIN).alert(f"ft@{DOMAIN}", "x")
    text = str(info.value)
    assert "certificate that is not trusted" in text and "ca_file" in text
    assert info.value.title == "Untrusted certificate"


def test_direct_tls_against_a_starttls_port_says_to_check_security(prosody: Prosody) -> None:
    with pytest.raises(NotifyError, match=r"Check \[xmpp\] security"):
        notifier(prosody, security="tls", ca_file=prosody.cafile).alert(f"ft@{DOMAIN}", "x")


def test_message_to_an_unknown_account_bounces(prosody: Prosody) -> None:
    with pytest.raises(NotifyError) as info:
        notifier(prosody).alert(f"xmpp:nobody@{DOMAIN}?message", "hello")
    assert f"refused the alert for nobody@{DOMAIN}: service-unavailable" in str(info.value)
    assert info.value.title == "Alert not delivered"


def test_wrong_password_is_a_login_error(prosody: Prosody,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "wrong-password")
    with pytest.raises(NotifyError) as info:
        notifier(prosody).alert(f"ft@{DOMAIN}", "never sent")
    text = str(info.value)
    assert f"XMPP login refused for JID helpdesk@{DOMAIN}" in text
    assert "wrong-password" not in text
    assert info.value.title == "XMPP login refused"


def test_server_down_fails_within_the_timeout() -> None:
    port = free_port()
    sender = XmppNotifier(f"helpdesk@{DOMAIN}", password_env=ENV, host="127.0.0.1", port=port,
                          security="plain", timeout=3)
    start = time.monotonic()
    with pytest.raises(NotifyError) as info:
        sender.alert(f"ft@{DOMAIN}", "never sent")
    assert time.monotonic() - start < 3
    assert info.value.message == (
        f"Cannot reach the XMPP server 127.0.0.1:{port}: nothing listens there (connection "
        "refused). Check [xmpp] host and port, and that the server runs. Nothing was sent.")


@pytest.mark.parametrize("security", ["starttls", "plain"])
def test_a_plain_stream_to_a_tls_port_says_to_check_security(
    smtpd: SmtpServers, security: str
) -> None:
    # Any server speaking TLS from the first byte will do: the SMTP fixture's port 465.
    sender = XmppNotifier(f"helpdesk@{DOMAIN}", password_env=ENV, host="127.0.0.1",
                          port=smtpd.tls_port, security=security)  # type: ignore[arg-type]
    with pytest.raises(NotifyError) as info:
        sender.alert(f"ft@{DOMAIN}", "never sent")
    assert info.value.title == "No XMPP stream"
    assert info.value.message == (
        f"The XMPP server 127.0.0.1:{smtpd.tls_port} closed the connection before it began the "
        "stream: a port speaking TLS from the first byte hangs up on a plain stream, so [xmpp] "
        f"security = \"{security}\" is likely wrong for this port (5223 is TLS from the start: "
        "security = \"tls\"). Check [xmpp] security and port. Nothing was sent.")


def test_a_silent_server_times_out() -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        sender = XmppNotifier(f"helpdesk@{DOMAIN}", password_env=ENV, host="127.0.0.1",
                              port=port, security="plain", timeout=1)
        start = time.monotonic()
        with pytest.raises(NotifyError, match=r"did not finish within 1 s \(while connecting"):
            sender.alert(f"ft@{DOMAIN}", "never sent")
        assert time.monotonic() - start < 20  # given up on, not waited for: generous


def test_plain_is_refused_for_a_remote_server() -> None:
    with pytest.raises(ConfigError, match="plain"):
        XmppNotifier("helpdesk@example.org", password_env=ENV, security="plain")


def test_bad_target_says_so(prosody: Prosody) -> None:
    with pytest.raises(NotifyError, match="not an XMPP address"):
        notifier(prosody).alert("not a jid", "x")


def test_from_config(prosody: Prosody) -> None:
    config = XmppConfig(jid=f"helpdesk@{DOMAIN}", password_env=ENV, host="127.0.0.1",
                        port=prosody.port, security="plain", timeout=10)
    text = unique("from config")
    with Listener(prosody, "ft") as ft:
        xmpp_notifier(Config(xmpp=config)).alert(f"ft@{DOMAIN}", text)
        ft.wait_for(text)
