"""Provides the wait for a server's greeting and the message when none comes.

IMAP and SMTP servers speak first: a greeting line as soon as the connection is made. A
server that speaks TLS from the first byte (IMAP on 993, SMTP on 465, XMPP on 5223) says
nothing: it waits for the client's TLS hello. So a client set to ``security = "starttls"``
(or ``"plain"``) on such a port waits in silence, and used to wait its whole timeout before
saying the server "did not answer", which reads as a dead server. The connection and the
greeting are therefore given a shorter wait than the connection's timeout; when it runs
out and the port still takes TCP connections, the message says which setting is likely
wrong (docs/config.md, "Rules that hold for every section").
"""

from __future__ import annotations

import socket

from hdtui.connection import is_loopback

GREETING_WAIT = 5.0
"""Seconds for the connection and the greeting when the server speaks in plain first (a
server greets at once; Dovecot and Postfix in milliseconds)."""


def greeting_wait(security: str, timeout: float, host: str) -> float:
    """How long to wait for the connection and the greeting: short for "starttls" and
    "plain" (the server's first words come in plain) to a server on this machine, the
    full timeout for "tls" and for any other host: over a slow link (Tor) the connection
    alone can take longer than the short wait, and cutting it would refuse a right
    setting as a wrong one."""
    if security == "tls" or not is_loopback(host):
        return timeout
    return min(timeout, GREETING_WAIT)


def takes_connections(host: str, port: int, wait: float = GREETING_WAIT) -> bool:
    """Whether ``host:port`` takes a TCP connection now (asked after a greeting that never
    came: a server there that says nothing is likely one speaking TLS)."""
    try:
        with socket.create_connection((host, port), timeout=min(wait, GREETING_WAIT)):
            return True
    except OSError:
        return False


def no_greeting(server: str, section: str, where: str, security: str, waited: float,
                tls_port: int) -> str:
    """The message for a connection accepted but never greeted: ``server`` is "IMAP" or
    "SMTP", ``where`` is host:port, ``tls_port`` the usual port of TLS from the start."""
    return (f"The {server} server {where} accepted the connection but sent no greeting "
            f"within {waited:g} s: a server speaking TLS from the first byte waits for the "
            f"client and says nothing, so [{section}] security = \"{security}\" is likely "
            f"wrong for this port ({tls_port} is TLS from the start: security = \"tls\"). "
            f"Check [{section}] security and port.")


def refused(server: str, section: str, where: str) -> str:
    """The message for a connection refused: nothing listens there."""
    return (f"Cannot reach the {server} server {where}: nothing listens there (connection "
            f"refused). Check [{section}] host and port, and that the server runs.")


def no_stream(where: str, security: str) -> str:
    """The message for an XMPP server that closed the connection before it opened its
    stream: XMPP clients speak first, and a direct-TLS port takes the plain stream header
    for a broken TLS hello and hangs up."""
    return (f"The XMPP server {where} closed the connection before it began the stream: a "
            "port speaking TLS from the first byte hangs up on a plain stream, so [xmpp] "
            f"security = \"{security}\" is likely wrong for this port (5223 is TLS from the "
            "start: security = \"tls\"). Check [xmpp] security and port.")
