"""Provides resolve_secret(): a password or token from an environment variable or a command.

The rules are in docs/secrets.md. In short: secrets never come from the config file and
are never logged. An error names the config key (``[account] password_command``), never
its value: the variable's name or the command line may themselves hold a secret (``sh -c
'echo hunter2'``), and the command's output or stderr may be the secret. One trailing
line break of a command is dropped (``pass show`` and ``echo`` print one); any other CR,
LF or NUL is refused, because IMAP and SMTP end a command at a line break and AUTH PLAIN
separates its fields with NUL: such a secret cannot be sent as it is.
"""

from __future__ import annotations

import os
import signal
import subprocess
from typing import NamedTuple

from hdtui.errors import ConfigError

FORBIDDEN = ("\r", "\n", "\0")


class SecretSource(NamedTuple):
    """Where one secret comes from: the config section and its two keys, and their values."""

    section: str
    """The config section, e.g. "account"."""
    env: str = ""
    """The value of the *_env key: an environment variable's name."""
    command: str = ""
    """The value of the *_command key: a command line that prints the secret."""
    prefix: str = "password"
    """The keys are ``{prefix}_env`` and ``{prefix}_command`` (``token`` for GitLab)."""

    @property
    def env_key(self) -> str:
        """``[section] prefix_env``, for messages."""
        return f"[{self.section}] {self.prefix}_env"

    @property
    def command_key(self) -> str:
        """``[section] prefix_command``, for messages."""
        return f"[{self.section}] {self.prefix}_command"


def resolve_secret(source: SecretSource, timeout: float = 60.0) -> str:
    """Return the secret named by ``source.env`` (a variable) or printed by ``source.command``.

    Raises ConfigError naming the key (never its value, the output or the secret).
    """
    if source.env:
        value = os.environ.get(source.env)
        if not value:
            raise ConfigError(f"{source.env_key} names an environment variable that is not "
                              "set or is empty. Set it before starting hdtui.")
        _refuse_breaks(value, f"The environment variable named by {source.env_key}")
        return value
    if source.command:
        return _run(source, timeout)
    raise ConfigError(f"No {source.prefix} configured: set {source.env_key} (an environment "
                      f"variable) or {source.command_key} (a command that prints it).")


def _run(source: SecretSource, timeout: float) -> str:
    import shlex  # when a command is run (at the login), not on the way to the first frame

    key = source.command_key
    try:
        argv = shlex.split(source.command)
    except ValueError as e:
        # shlex's messages ("No closing quotation") hold no part of the command.
        raise ConfigError(f"{key} cannot be split into words: {e}.") from e
    if not argv:
        raise ConfigError(f"{key} is blank.")
    try:
        result = subprocess.run(argv, capture_output=True, timeout=timeout, check=False,
                                stdin=subprocess.DEVNULL)
    except FileNotFoundError as e:
        raise ConfigError(f"{key}: its program was not found. Check the command's first word "
                          "and PATH.") from e
    except subprocess.TimeoutExpired as e:
        raise ConfigError(f"{key} did not finish within {timeout:.0f} s.") from e
    except OSError as e:
        raise ConfigError(f"{key} could not be started ({e.strerror}).") from e
    # Neither stdout nor stderr is quoted: either may hold the secret.
    if result.returncode < 0:
        try:
            name = signal.Signals(-result.returncode).name
        except ValueError:
            name = f"signal {-result.returncode}"
        raise ConfigError(f"{key} failed (killed by {name}).")
    if result.returncode != 0:
        raise ConfigError(f"{key} failed (exit {result.returncode}).")
    try:
        text = result.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{key} printed something that is not UTF-8 text.") from e
    # One trailing line break is how commands end their output, not part of the secret.
    for end in ("\r\n", "\n"):
        if text.endswith(end):
            text = text[: -len(end)]
            break
    if not text:
        raise ConfigError(f"{key} printed nothing.")
    _refuse_breaks(text, f"The output of {key}",
                   " Make the command print only the secret, e.g. "
                   "sh -c \"pass show mail/helpdesk | head -n 1\".")
    return text


def _refuse_breaks(value: str, what: str, hint: str = "") -> None:
    """Refuse CR, LF and NUL: they would end or split an IMAP/SMTP command or a SASL field."""
    if any(c in value for c in FORBIDDEN):
        raise ConfigError(f"{what} contains a line break (CR or LF) or a NUL byte, which no "
                          f"password or token can hold: it would cut the login command in "
                          f"two. Remove it.{hint}")
