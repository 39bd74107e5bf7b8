"""Provides SmtpSender: sending one message over SMTP (smtplib), blocking, with errors a
Help Desk member can act on.

Security is implicit TLS (default) or STARTTLS, both verifying the server's certificate
(system CAs or ``ca_file``); plain SMTP is allowed only to this machine
(`hdtui.connection`). The password comes
from an environment variable or a command (`hdtui.secrets`) when sending, never from the
config file, and never appears in a message. Every failure is a `SendError` saying what
failed, where, whether anything went out, and what to do; the caller keeps the draft.
"""

from __future__ import annotations

import base64
import copy
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from typing import Literal

from hdtui.domain.compose import message_bytes
from hdtui.errors import ConfigError, SendError
from hdtui.greeting import greeting_wait, no_greeting, refused, takes_connections
from hdtui.outbound.settings import check_smtp
from hdtui.secrets import SecretSource, resolve_secret

Security = Literal["tls", "starttls", "plain"]
DEFAULT_PORTS: dict[str, int] = {"tls": 465, "starttls": 587, "plain": 25}

NOTHING_SENT = "Nothing was sent; the draft is kept."


@dataclass(frozen=True, slots=True)
class Refusal:
    """One recipient the server refused."""

    address: str
    code: int
    reply: str

    @property
    def temporary(self) -> bool:
        """A 4xx refusal: the same recipient may work later."""
        return 400 <= self.code < 500

    def __str__(self) -> str:
        return f"{self.address} ({self.code} {self.reply})"


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the server accepted: the exact bytes sent (save those to Sent)."""

    accepted: tuple[str, ...]
    refused: tuple[Refusal, ...]
    data: bytes
    message_id: str | None = None

    @property
    def complete(self) -> bool:
        """Every recipient got the message."""
        return not self.refused


class PartialSendError(SendError):
    """The message went to some recipients and was refused for others (see ``result``)."""

    def __init__(self, message: str, result: SendResult) -> None:
        super().__init__(message, "Sent only in part")
        self.result = result


class SmtpSender:
    """Send messages through one SMTP server; one connection per `send`, thread-safe."""

    def __init__(self, host: str, port: int = 0, security: Security = "tls", user: str = "",
                 password_env: str = "", password_command: str = "", ca_file: str = "",
                 timeout: float = 30.0) -> None:
        check_smtp(host, security, user, password_env, password_command, ca_file)
        self.host = host
        self.port = port or DEFAULT_PORTS[security]
        self.security: Security = security
        self.user = user
        self.password_env = password_env
        self.password_command = password_command
        self.ca_file = ca_file
        self.timeout = timeout

    @property
    def where(self) -> str:
        """host:port, for messages."""
        return f"{self.host}:{self.port}"

    def _context(self) -> ssl.SSLContext:
        """A verifying TLS context (system CAs, or the configured CA file)."""
        try:
            return ssl.create_default_context(cafile=self.ca_file or None)
        except (OSError, ssl.SSLError) as e:
            raise SendError(f"Cannot load the CA file {self.ca_file} ([smtp] ca_file): {e}. "
                            f"{NOTHING_SENT}") from e

    def _password(self) -> str:
        try:
            return resolve_secret(SecretSource("smtp", self.password_env, self.password_command))
        except ConfigError as e:
            raise SendError(f"{e.message} {NOTHING_SENT}") from e

    def send(self, message: EmailMessage, recipients: Sequence[str] | None = None) -> SendResult:
        """Send one message to its To/Cc/Bcc (or the given recipients); block until done.

        Raises SendError when nothing was sent, PartialSendError when only some
        recipients got it (its ``result`` says which).
        """
        sender = parseaddr(str(message.get("From", "")))[1]
        if recipients is None:
            fields = [str(v) for h in ("To", "Cc", "Bcc") for v in message.get_all(h, [])]
            recipients = [a for _, a in getaddresses(fields) if a]
        rcpts = list(dict.fromkeys(recipients))
        if not sender or not rcpts:
            raise SendError(f"The message has no {'sender' if not sender else 'recipient'}. "
                            f"{NOTHING_SENT}")
        if "Bcc" in message:
            message = _without_bcc(message)
        data = message_bytes(message)
        password = self._password() if self.user else ""
        sending = greeted = False
        try:
            with self._connect() as smtp:
                greeted = True
                self._secure_and_login(smtp, password)
                sending = True
                refused = smtp.sendmail(sender, rcpts, data)
        except SendError:
            raise
        except smtplib.SMTPRecipientsRefused as e:
            raise SendError(_all_refused(e.recipients), "Recipient refused") from e
        except smtplib.SMTPSenderRefused as e:
            raise SendError(self._reply_error(f"refused the sender address {sender}",
                                              e.smtp_code, e.smtp_error)) from e
        except smtplib.SMTPDataError as e:
            raise SendError(self._reply_error("refused the message", e.smtp_code,
                                              e.smtp_error)) from e
        except smtplib.SMTPResponseException as e:
            raise SendError(self._reply_error("answered with an error", e.smtp_code,
                                              e.smtp_error)) from e
        except smtplib.SMTPServerDisconnected as e:
            if isinstance(e.__context__, TimeoutError) and not sending:
                raise self._connection_error(e.__context__, greeted) from e
            if not sending:
                raise SendError(f"The SMTP server {self.where} closed the connection ({e}). "
                                f"{NOTHING_SENT} Try again later.", "Connection lost") from e
            raise SendError(f"The connection to the SMTP server {self.where} was lost while "
                            f"sending ({e}). The message was most likely not sent, but check "
                            "with the recipient or the server before retrying. The draft is "
                            "kept.", "Connection lost") from e
        except (smtplib.SMTPException, OSError) as e:
            raise self._connection_error(e, greeted) from e
        refusals = tuple(Refusal(a, code, _text(reply)) for a, (code, reply) in refused.items())
        accepted = tuple(a for a in rcpts if a not in refused)
        message_id = message.get("Message-ID")
        result = SendResult(accepted, refusals, data, str(message_id) if message_id else None)
        if refusals:
            raise PartialSendError(
                f"Sent to {', '.join(accepted)}, but the server {self.where} refused "
                f"{'; '.join(str(r) for r in refusals)}. Do not resend to those who got it: "
                "correct the refused address and send to it alone.", result)
        return result

    def _connect(self) -> smtplib.SMTP:
        """Open the connection (TLS from the first byte for "tls"). In plain, the
        connection and the greeting get a shorter wait than the rest: a TLS port says
        nothing (hdtui/greeting.py)."""
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=self._context())
        smtp = smtplib.SMTP(self.host, self.port,
                            timeout=greeting_wait(self.security, self.timeout, self.host))
        smtp.timeout = self.timeout
        if smtp.sock is not None:
            smtp.sock.settimeout(self.timeout)
        return smtp

    def _secure_and_login(self, smtp: smtplib.SMTP, password: str) -> None:
        """EHLO, STARTTLS when asked for, then AUTH when a user is configured."""
        smtp.ehlo()
        if self.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise SendError(f"The SMTP server {self.where} does not offer STARTTLS. "
                                f"{NOTHING_SENT} Check [smtp] security and port (implicit TLS "
                                "is usually port 465, STARTTLS 587).", "No STARTTLS")
            smtp.starttls(context=self._context())
            smtp.ehlo()
        if not self.user:
            return
        if not smtp.has_extn("auth"):
            raise SendError(f"The SMTP server {self.where} offers no login (AUTH) on this "
                            f"connection. {NOTHING_SENT} Check [smtp] security.", "No login")
        try:
            if self.user.isascii() and password.isascii():
                smtp.login(self.user, password)
            else:
                self._login_utf8(smtp, password)
        except smtplib.SMTPAuthenticationError as e:
            raise SendError(f"SMTP login refused for user {self.user} at {self.where} "
                            f"({e.smtp_code} {_text(e.smtp_error)}): wrong user name or password. "
                            f"{NOTHING_SENT} Check [smtp] user and the password given by "
                            "[smtp] password_env or password_command.",
                            "SMTP login refused") from e

    def _login_utf8(self, smtp: smtplib.SMTP, password: str) -> None:
        """AUTH PLAIN with UTF-8 (RFC 4616): smtplib.login encodes its AUTH lines as ASCII,
        so a non-ASCII user name or password raised UnicodeEncodeError there."""
        if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
            raise SendError(f"The SMTP server {self.where} does not offer AUTH PLAIN, the only "
                            "way hdtui can send a user name or password with non-ASCII "
                            f"characters. {NOTHING_SENT} Use an ASCII password, or ask the "
                            "server's admins to enable PLAIN.", "SMTP login refused")
        token = base64.b64encode(f"\0{self.user}\0{password}".encode()).decode("ascii")
        code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
        if code == 334:  # a server that wants the credentials after an empty challenge
            code, reply = smtp.docmd(token)
        if code not in (235, 503):  # 503: already authenticated, as smtplib.login accepts
            raise smtplib.SMTPAuthenticationError(code, reply)

    def _reply_error(self, what: str, code: int, reply: bytes | str) -> str:
        """A message for an SMTP error reply, saying whether to retry."""
        said = f"{code} {_text(reply)}".strip()
        if 400 <= code < 500:
            return (f"The SMTP server {self.where} {what} for now ({said}). This is "
                    f"temporary: {NOTHING_SENT} Try again later.")
        return (f"The SMTP server {self.where} {what} ({said}). {NOTHING_SENT} Retrying as "
                "is will fail again: correct the message or ask the server's admins.")

    def _connection_error(self, error: BaseException, greeted: bool) -> SendError:
        """A SendError for a connection or TLS failure (``greeted``: after the greeting)."""
        if isinstance(error, ssl.SSLCertVerificationError):
            return SendError(f"The SMTP server {self.where} presented a certificate that is not "
                             f"trusted ({error.verify_message}). {NOTHING_SENT} If the server "
                             "uses its own CA, set [smtp] ca_file to that CA's certificate.",
                             "Untrusted certificate")
        if isinstance(error, ssl.SSLError):
            return SendError(f"TLS with the SMTP server {self.where} failed ({error.reason}). "
                             f"{NOTHING_SENT} Check [smtp] security: \"tls\" is implicit TLS "
                             "(port 465), \"starttls\" upgrades a plain connection (587).",
                             "TLS failed")
        if isinstance(error, TimeoutError | socket.timeout) and not greeted \
                and self.security != "tls" and takes_connections(self.host, self.port):
            return SendError(no_greeting("SMTP", "smtp", self.where, self.security,
                                         greeting_wait(self.security, self.timeout, self.host), 465)
                             + f" {NOTHING_SENT}", "No SMTP greeting")
        if isinstance(error, TimeoutError | socket.timeout):
            waited = self.timeout if greeted else \
                greeting_wait(self.security, self.timeout, self.host)
            return SendError(f"The SMTP server {self.where} did not answer within "
                             f"{waited:g} s. {NOTHING_SENT} Try again later.",
                             "SMTP server unreachable")
        if isinstance(error, ConnectionRefusedError):
            return SendError(f"{refused('SMTP', 'smtp', self.where)} {NOTHING_SENT}",
                             "SMTP server unreachable")
        if isinstance(error, socket.gaierror):
            return SendError(f"The SMTP server name {self.host} cannot be resolved "
                             f"({error}). {NOTHING_SENT} Check [smtp] host.",
                             "SMTP server unreachable")
        return SendError(f"Cannot talk to the SMTP server {self.where}: {error}. "
                         f"{NOTHING_SENT}", "SMTP server unreachable")


def _text(reply: bytes | str) -> str:
    """An SMTP reply text, decoded for display."""
    if isinstance(reply, bytes):
        return reply.decode("utf-8", errors="replace")
    return str(reply)


def _all_refused(recipients: dict[str, tuple[int, bytes]]) -> str:
    """The message for SMTPRecipientsRefused (every recipient refused)."""
    refusals = [Refusal(a, code, _text(reply)) for a, (code, reply) in recipients.items()]
    listed = "; ".join(str(r) for r in refusals)
    if all(r.temporary for r in refusals):
        return (f"The server refused the recipient(s) for now: {listed}. {NOTHING_SENT} "
                "Try again later.")
    return (f"The server refused every recipient: {listed}. {NOTHING_SENT} Correct the "
            "address before retrying.")


def _without_bcc(message: EmailMessage) -> EmailMessage:
    """A copy of the message without its Bcc header (recipients are still sent to)."""
    clone = copy.copy(message)
    del clone["Bcc"]
    return clone
