"""Provides the one rule for unencrypted connections: plain only to this machine.

Every connection hdtui makes with a password or a token (IMAP, SMTP, XMPP, GitLab, the
Tails feeds) is encrypted, except to this machine itself: a loopback address
(127.0.0.0/8, ``::1``) or the name ``localhost``. The rule is here once so the adapters
cannot disagree about it (docs/config.md).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from hdtui.errors import ConfigError

THIS_MACHINE = "this machine (127.0.0.1, another 127.x address, ::1 or localhost)"
"""How messages name the hosts a plain connection may go to."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: ``localhost``, 127.0.0.0/8 or ::1 (brackets and a
    trailing dot allowed)."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_plain(section: str, host: str, security: str, instead: str) -> None:
    """Refuse ``security = "plain"`` to any host but this machine; ConfigError names the
    section and what to use ``instead``."""
    if security == "plain" and not is_loopback(host):
        raise ConfigError(f"[{section}] security = \"plain\" is allowed only to "
                          f"{THIS_MACHINE}, not {host}: use {instead} so passwords and "
                          "mail are not sent in clear.")


def check_url(url: str, what: str) -> None:
    """https:// anywhere, http:// only to this machine (nothing else, no file://)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{what} {url!r} is not an https:// URL.")
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        raise ConfigError(f"{what} {url!r} would be fetched unencrypted and unauthenticated: "
                          f"use https:// (plain http is allowed only to {THIS_MACHINE}).")


PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
"""What a CA file holds: TLS reads PEM certificates only from a file."""


def check_ca_file(section: str, path: str) -> None:
    """A configured ``ca_file`` (empty: the system's CAs) is a readable file holding a PEM
    certificate; ConfigError names the section and the key (without importing ssl: the
    start checks every section). ``path`` is expanded already."""
    if not path:
        return
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as e:
        raise ConfigError(f"[{section}] ca_file {path} does not exist: give the CA "
                          "certificate's file (PEM), or remove the key to use the "
                          "system's CAs.") from e
    except OSError as e:
        raise ConfigError(f"[{section}] ca_file {path} cannot be read: "
                          f"{e.strerror or e}.") from e
    if PEM_CERTIFICATE not in data:
        raise ConfigError(f"[{section}] ca_file {path} holds no certificate (a PEM file "
                          f"with a \"BEGIN CERTIFICATE\" line is needed).")
