"""Runs throwaway aiosmtpd servers on 127.0.0.1 for tests: STARTTLS + AUTH, implicit TLS
+ AUTH and plain, sharing one recording handler."""

from __future__ import annotations

import logging
import shutil
import ssl
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.servers.dovecot import free_port

USER = "helpdesk"
PASSWORD = "smtp-test-pw"
UNICODE_USER = ("zoë", "pässwörd-日本")
"""A second account whose name and password are not ASCII (AUTH PLAIN carries UTF-8)."""
REFUSED_DOMAIN = "refused.test"
"""Recipients at this domain get 550 at RCPT."""
TEMPFAIL_DOMAIN = "later.test"
"""Recipients at this domain get 450 at RCPT."""

# "auth_required == True but auth_require_tls == False" on every implicit-TLS connection.
logging.getLogger("mail.log").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


class Handler:
    """Records messages; refuses some recipients; answers the next DATA as told."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refused: list[str] = []
        self._next_data_reply: str | None = None
        self._lock = threading.Lock()

    def fail_next(self, reply: str) -> None:
        """Answer the next end of DATA with this reply (e.g. "451 4.3.0 try later")."""
        with self._lock:
            self._next_data_reply = reply

    def clear(self) -> None:
        """Forget what was received."""
        with self._lock:
            self.received.clear()
            self.refused.clear()
            self._next_data_reply = None

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list[str]) -> str:
        domain = address.rsplit("@", 1)[-1].lower()
        if domain == REFUSED_DOMAIN:
            self.refused.append(address)
            return "550 5.1.1 No such user here"
        if domain == TEMPFAIL_DOMAIN:
            self.refused.append(address)
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._lock:
            reply, self._next_data_reply = self._next_data_reply, None
        if reply is not None:
            return reply
        content = envelope.original_content or envelope.content or b""
        data = content if isinstance(content, bytes) else content.encode()
        self.received.append(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), data))
        return "250 OK queued"


def _authenticator(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                   auth_data: Any) -> AuthResult:
    accounts = {(USER.encode(), PASSWORD.encode()),
                tuple(part.encode() for part in UNICODE_USER)}
    ok = isinstance(auth_data, LoginPassword) and \
        (auth_data.login, auth_data.password) in accounts
    # handled=False: aiosmtpd then answers 535 itself (handled=True would say nothing).
    return AuthResult(success=ok, handled=False)


@dataclass
class SmtpServers:
    """Three servers on 127.0.0.1 sharing ``handler``: STARTTLS (auth required), implicit
    TLS (auth required) and plain (no auth). ``cafile`` verifies both TLS servers."""

    dir: Path
    cafile: str
    handler: Handler
    starttls_port: int
    tls_port: int
    plain_port: int
    controllers: list[Controller] = field(default_factory=list)
    host: str = "127.0.0.1"

    @classmethod
    def start(cls) -> SmtpServers:
        """Make a certificate for 127.0.0.1 and start the three servers."""
        d = Path(tempfile.mkdtemp(prefix="hdtui-smtp-"))
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout",
             str(d / "key.pem"), "-out", str(d / "cert.pem"), "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(d / "cert.pem", d / "key.pem")
        handler = Handler()
        ports = [free_port() for _ in range(3)]
        while len(set(ports)) < 3:
            ports = [free_port() for _ in range(3)]
        common: dict[str, Any] = {"hostname": "127.0.0.1", "authenticator": _authenticator,
                                  "ready_timeout": 10}
        controllers = _controllers(handler, context, ports, common)
        servers = cls(d, str(d / "cert.pem"), handler, *ports)
        try:
            for controller in controllers:
                controller.start()
                servers.controllers.append(controller)
        except BaseException:
            servers.stop()
            raise
        return servers

    def stop(self) -> None:
        """Stop the servers and remove the certificate."""
        for controller in self.controllers:
            controller.stop()
        self.controllers.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def _controllers(handler: Handler, context: ssl.SSLContext, ports: list[int],
                 common: dict[str, Any]) -> list[Controller]:
    """STARTTLS + AUTH, implicit TLS + AUTH, plain."""
    return [
        Controller(handler, port=ports[0], tls_context=context, require_starttls=True,
                   auth_required=True, auth_require_tls=True, **common),
        # Implicit TLS: aiosmtpd only counts STARTTLS as TLS for auth_require_tls.
        Controller(handler, port=ports[1], ssl_context=context, auth_required=True,
                   auth_require_tls=False, **common),
        Controller(handler, port=ports[2], **common),
    ]
