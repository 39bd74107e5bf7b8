"""Provides the checks of the [smtp] and [xmpp] settings, light enough for the start: the
TUI says a wrong section once at start without importing smtplib or slixmpp, and the
senders check the same way when they are built (docs/config.md, "One section wrong")."""

from __future__ import annotations

from hdtui.connection import check_ca_file, check_plain
from hdtui.errors import ConfigError

SECURITY = ("tls", "starttls", "plain")


def check_smtp(host: str, security: str, user: str, password_env: str,
               password_command: str, ca_file: str) -> None:
    """[smtp], checked: a host, a known security, plain only to this machine, a password
    source when a user is set, a CA file that is a certificate; ConfigError names the key."""
    if not host:
        raise ConfigError("No SMTP server configured: set [smtp] host.")
    if security not in SECURITY:
        raise ConfigError(f"[smtp] security must be tls, starttls or plain, not {security!r}.")
    check_plain("smtp", host, security, "\"tls\" or \"starttls\"")
    if user and not (password_env or password_command):
        raise ConfigError("[smtp] user is set but no password source: set password_env "
                          "or password_command.")
    check_ca_file("smtp", ca_file)


def xmpp_host(jid: str, host: str, security: str, ca_file: str) -> str:
    """[xmpp], checked as ``check_smtp`` does; the server to connect to (host, else the
    JID's domain)."""
    if "@" not in jid:
        raise ConfigError(f"[xmpp] jid {jid!r} is not an XMPP account (name@server).")
    if security not in SECURITY:
        raise ConfigError(f"[xmpp] security must be tls, starttls or plain, not {security!r}.")
    server = host or jid.split("@", 1)[1].split("/", 1)[0]
    check_plain("xmpp", server, security, "\"starttls\" or \"tls\"")
    check_ca_file("xmpp", ca_file)
    return server
