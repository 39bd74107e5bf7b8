"""Provides resolve_secret(): a password or token from an environment variable or a command.

Secrets never come from the config file and are never logged: error messages name the
variable or the command, never what it printed.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from hdtui.errors import ConfigError


def resolve_secret(what: str, env: str = "", command: str = "", timeout: float = 60.0) -> str:
    """Return the secret named by ``env`` (a variable) or printed by ``command``."""
    if env:
        value = os.environ.get(env)
        if value is None or value == "":
            raise ConfigError(f"The {what} should come from the environment variable {env}, "
                              "which is not set.")
        return value
    if command:
        try:
            argv = shlex.split(command)
        except ValueError as e:
            raise ConfigError(f"The {what} command cannot be parsed: {e}.") from e
        try:
            result = subprocess.run(argv, capture_output=True, timeout=timeout, check=False,
                                    stdin=subprocess.DEVNULL)
        except FileNotFoundError as e:
            raise ConfigError(f"The {what} command {argv[0]!r} was not found.") from e
        except subprocess.TimeoutExpired as e:
            raise ConfigError(f"The {what} command did not finish within {timeout:.0f} s.") from e
        if result.returncode != 0:
            raise ConfigError(f"The {what} command {argv[0]!r} failed with exit status "
                              f"{result.returncode}.")
        lines = result.stdout.decode("utf-8", errors="replace").splitlines()
        if not lines or not lines[0]:
            raise ConfigError(f"The {what} command {argv[0]!r} printed nothing.")
        return lines[0]
    raise ConfigError(f"No {what} configured: set a *_env variable name or a *_command.")
