"""Provides XmppNotifier: one alert to a room (join, then groupchat) or a person (chat).

slixmpp is asyncio-only; `XmppNotifier.alert` is blocking: it runs a short-lived client in
a private event loop inside the call (so call it from a worker thread, never from a running
event loop), under one overall timeout. Every failure is a `NotifyError`: login refused,
server unreachable, certificate not trusted, room not joinable, message bounced, timeout.
The password comes from an environment variable or a command, never from the config file.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout, PresenceError

from hdtui.domain.alert import XmppTarget, clean_alert, parse_xmpp_target
from hdtui.errors import ConfigError, NotifyError
from hdtui.greeting import no_stream, refused
from hdtui.outbound.settings import xmpp_host
from hdtui.secrets import SecretSource, resolve_secret

Security = Literal["tls", "starttls", "plain"]
DEFAULT_PORTS: dict[str, int] = {"tls": 5223, "starttls": 5222, "plain": 5222}
_ROOM_FEATURE = "http://jabber.org/protocol/muc"

for _name in ("slixmpp", "slixmpp.xmlstream", "slixmpp.features"):
    # slixmpp logs connection errors at ERROR level; hdtui reports them as NotifyError.
    logging.getLogger(_name).setLevel(logging.CRITICAL)


class _Failed(Exception):
    """Ends an alert attempt with a NotifyError message."""

    def __init__(self, message: str, title: str = "Alert failed") -> None:
        super().__init__(message)
        self.message = message
        self.title = title


@dataclass(slots=True)
class _Attempt:
    """The state of one alert while it runs."""

    stage: str = "connecting"
    ready: asyncio.Future[None] | None = None
    bounced: list[str] = field(default_factory=list)
    echoed: asyncio.Future[None] | None = None


class XmppNotifier:
    """Send alerts from one XMPP account; a fresh connection per alert."""

    def __init__(self, jid: str, password_env: str = "", password_command: str = "",
                 host: str = "", port: int = 0, security: Security = "starttls",
                 ca_file: str = "", nick: str = "hdtui", timeout: float = 20.0) -> None:
        self.jid = jid
        self.host = xmpp_host(jid, host, security, ca_file)
        self.port = port or DEFAULT_PORTS[security]
        self.security: Security = security
        self.password_env = password_env
        self.password_command = password_command
        self.ca_file = ca_file
        self.nick = nick or "hdtui"
        self.timeout = timeout

    @property
    def where(self) -> str:
        """host:port, for messages."""
        return f"{self.host}:{self.port}"

    def alert(self, to: str, text: str) -> None:
        """Send one message to a room or a person (see `hdtui.domain.alert`); block until the
        server has it (a room's echo of the message, for a person the end of the stream
        without a bounce) or raise NotifyError."""
        try:
            target = parse_xmpp_target(to)
        except ValueError as e:
            raise NotifyError(f"{e} Check the team's xmpp setting.") from e
        body = clean_alert(text)
        if not body:
            raise NotifyError("The alert is empty: nothing was sent.")
        try:
            password = resolve_secret(SecretSource("xmpp", self.password_env,
                                                    self.password_command))
        except ConfigError as e:
            raise NotifyError(f"{e.message} Nothing was sent.") from e
        attempt = _Attempt()
        try:
            asyncio.run(asyncio.wait_for(self._alert(target, body, password, attempt),
                                         self.timeout))
        except _Failed as e:
            raise NotifyError(e.message, e.title) from None
        except TimeoutError:
            raise NotifyError(f"The XMPP server {self.where} did not finish within "
                              f"{self.timeout:g} s (while {attempt.stage}). The alert was "
                              "probably not delivered; try again later.",
                              "XMPP server unreachable") from None

    async def _alert(self, target: XmppTarget, body: str, password: str,
                     attempt: _Attempt) -> None:
        """Connect, log in, send, and close, reporting failures as _Failed."""
        client = self._client(password, attempt)
        try:
            assert attempt.ready is not None
            client.connect(self.host, self.port)
            await attempt.ready
            room = target.room
            if room is None:
                attempt.stage = f"asking whether {target.jid} is a room"
                room = await _is_room(client, target.jid)
            if room:
                await self._to_room(client, target.jid, body, attempt)
            else:
                attempt.stage = f"sending to {target.jid}"
                client.send_message(mto=slixmpp.JID(target.jid), mbody=body, mtype="chat")
            attempt.stage = "closing the connection"
            await client.disconnect(wait=min(5.0, self.timeout))
            if attempt.bounced:
                why = attempt.bounced[0]
                if why == "service-unavailable":
                    why += (" (no such account, or the person is offline and the server "
                            "keeps no messages for later)")
                raise _Failed(f"The XMPP server refused the alert for {target.jid}: {why}. "
                              "Nothing was delivered; check the team's xmpp setting.",
                              "Alert not delivered")
        finally:
            client.cancel_connection_attempt()
            client.abort()

    def _client(self, password: str, attempt: _Attempt) -> slixmpp.ClientXMPP:
        """A client configured for this account's security, with failure handlers."""
        client = slixmpp.ClientXMPP(self.jid, password)
        client.enable_direct_tls = self.security == "tls"
        client.enable_starttls = self.security == "starttls"
        client.enable_plaintext = self.security != "tls"
        if self.security == "plain":
            client.plugin["feature_mechanisms"].unencrypted_plain = True
        if self.ca_file:
            client.ca_certs = Path(self.ca_file)
        client.register_plugin("xep_0030")
        client.register_plugin("xep_0045")
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        attempt.ready = ready

        def fail(message: str, title: str = "Alert failed") -> None:
            if not ready.done():
                ready.set_exception(_Failed(message, title))

        def started(_: Any) -> None:
            attempt.stage = "sending"
            if self.security != "plain" and client.transport is not None and \
                    client.transport.get_extra_info("ssl_object") is None:
                fail(f"The XMPP server {self.where} did not offer TLS, so nothing was sent. "
                     "Check [xmpp] security.", "No TLS")
            elif not ready.done():
                ready.set_result(None)

        def auth_failed(_: Any) -> None:
            mechanisms = client.plugin["feature_mechanisms"]
            if mechanisms.attempted_mechs:
                fail(f"XMPP login refused for JID {self.jid} at {self.where}. Check the "
                     "password given by [xmpp] password_env or password_command.",
                     "XMPP login refused")
            else:
                fail(f"The XMPP server {self.where} offers no login method hdtui may use "
                     f"for {self.jid} on this connection. Check [xmpp] security.",
                     "XMPP login refused")

        def connection_failed(error: Any) -> None:
            client.cancel_connection_attempt()
            if isinstance(error, ssl.SSLCertVerificationError):
                bad_certificate(error)
                return
            if isinstance(error, ssl.SSLError):
                fail(f"TLS with the XMPP server {self.where} failed ({error.reason}). Nothing "
                     "was sent. Check [xmpp] security: \"tls\" is direct TLS (port 5223), "
                     "\"starttls\" upgrades a plain connection (5222).", "TLS failed")
                return
            if isinstance(error, ConnectionRefusedError):
                fail(f"{refused('XMPP', 'xmpp', self.where)} Nothing was sent.",
                     "XMPP server unreachable")
                return
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            fail(f"Cannot reach the XMPP server {self.where}: {reason}. Check [xmpp] host and "
                 "port, or try later. Nothing was sent.", "XMPP server unreachable")

        def bad_certificate(error: Any) -> None:
            reason = error.verify_message if isinstance(
                error, ssl.SSLCertVerificationError) else error
            fail(f"The XMPP server {self.where} presented a certificate that is not trusted "
                 f"({reason}). Nothing was sent. If it uses its own CA, set [xmpp] ca_file.",
                 "Untrusted certificate")

        def disconnected(reason: Any) -> None:
            if "CERTIFICATE_VERIFY_FAILED" in str(reason):
                bad_certificate(str(reason).split("] ", 1)[-1].split(" (_ssl", 1)[0])
            if attempt.echoed is not None and not attempt.echoed.done():
                attempt.echoed.set_exception(_Failed(
                    f"The XMPP server {self.where} closed the connection before the room "
                    "confirmed the alert: it may not have been delivered.", "Connection lost"))
            if attempt.stage == "connecting" and client.stream_id is None \
                    and self.security != "tls":
                fail(f"{no_stream(self.where, self.security)} Nothing was sent.",
                     "No XMPP stream")
            fail(f"The XMPP server {self.where} closed the connection while {attempt.stage}"
                 f"{f' ({reason})' if reason else ''}. Nothing was sent.", "Connection lost")

        def bounced(message: Any) -> None:
            error = message["error"]
            attempt.bounced.append(str(error["text"] or error["condition"] or "error"))

        client.add_event_handler("session_start", started)
        client.add_event_handler("failed_all_auth", auth_failed)
        client.add_event_handler("connection_failed", connection_failed)
        client.add_event_handler("ssl_invalid_chain", bad_certificate)
        client.add_event_handler("disconnected", disconnected)
        client.add_event_handler("message_error", bounced)
        return client

    async def _to_room(self, client: slixmpp.ClientXMPP, room: str, body: str,
                       attempt: _Attempt) -> None:
        """Join the room, send, and wait for the room to echo the message."""
        attempt.stage = f"joining the room {room}"
        muc = client.plugin["xep_0045"]
        nick = self.nick
        condition = await _join(client, room, nick, self.timeout)
        if condition == "conflict":  # the nick is taken in the room: one more try
            nick = f"{self.nick}-{client.new_id()[:4]}"
            condition = await _join(client, room, nick, self.timeout)
        if condition:
            raise _Failed(f"Cannot join the XMPP room {room}: {condition}. Check the team's "
                          "xmpp setting and that the account may enter the room.",
                          "Room not joinable")
        echoed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        attempt.echoed = echoed

        def echo(message: Any) -> None:
            if message["from"].bare == room and message["body"] == body and not echoed.done():
                echoed.set_result(None)

        client.add_event_handler("groupchat_message", echo)
        attempt.stage = f"sending to the room {room}"
        client.send_message(mto=slixmpp.JID(room), mbody=body, mtype="groupchat")
        await echoed
        muc.leave_muc(slixmpp.JID(room), nick)


async def _join(client: slixmpp.ClientXMPP, room: str, nick: str, timeout: float) -> str:
    """Join a room; "" when joined, else the error condition the room answered.

    slixmpp's join_muc_wait does not always see a room's error presence (a taken nick
    left it waiting until its timeout), so errors from the room are watched here too.
    """
    refused: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def on_error(presence: Any) -> None:
        if presence["from"].bare == room and not refused.done():
            refused.set_result(str(presence["error"]["condition"] or "refused"))

    client.add_event_handler("presence_error", on_error)
    join = asyncio.ensure_future(client.plugin["xep_0045"].join_muc_wait(
        slixmpp.JID(room), nick, maxstanzas=0, timeout=timeout))
    try:
        waiters: list[asyncio.Future[Any]] = [join, refused]
        done, _ = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        if refused in done:
            return refused.result()
        try:
            join.result()
        except PresenceError as e:
            return str(e.presence["error"]["condition"] or "refused")
        return ""
    finally:
        join.cancel()
        client.del_event_handler("presence_error", on_error)


async def _is_room(client: slixmpp.ClientXMPP, jid: str) -> bool:
    """Ask the server whether a bare JID is a room (service discovery); False if unsure."""
    try:
        info = await client.plugin["xep_0030"].get_info(jid=slixmpp.JID(jid), timeout=5)
    except (IqError, IqTimeout):
        return False
    features = info["disco_info"]["features"]
    identities = info["disco_info"]["identities"]
    return _ROOM_FEATURE in features and any(i[0] == "conference" for i in identities)
