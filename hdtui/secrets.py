"""Provides resolve_secret(): a password or token from an environment variable or a command.

The rules are in docs/secrets.md. In short: secrets never come from the config file and
are never logged. An error names the config key (``[account] password_command``); it
never quotes the command line (``sh -c 'echo hunter2'`` holds a secret) nor the command's
output (that is the secret). It names the variable of ``password_env`` only when the name
looks like one (``HDTUI_IMAP_PASSWORD``: a pasted password rarely does), and it quotes the
last lines of a failing command's stderr, cleaned and cut short, because that is where
the reason is ("pinentry: no tty"). One trailing line break of a command is dropped
(``pass show`` and ``echo`` print one); any other CR, LF or NUL is refused, because IMAP
and SMTP end a command at a line break and AUTH PLAIN separates its fields with NUL: such
a secret cannot be sent as it is.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from typing import NamedTuple

from hdtui.errors import ConfigError

FORBIDDEN = ("\r", "\n", "\0")

VARIABLE_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,63}")
"""What a *_env value must look like to be named in a message (a password rarely does)."""

COMMAND_TIMEOUT = 20.0
"""Seconds a command may take: one that has not printed its secret by then is waiting for
something (a pinentry, a tty) it will not get."""

AFTER_KILL_TIMEOUT = 2.0
"""Seconds to wait for the pipes to close once the command's group is killed: a child that
left the group (``setsid``) may still hold them, and is not waited for longer."""

STDERR_LINES = 2
STDERR_WIDTH = 200
"""How much of a failing command's stderr a message quotes: its last lines, cut short."""


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


def resolve_secret(source: SecretSource, timeout: float = COMMAND_TIMEOUT) -> str:
    """Return the secret named by ``source.env`` (a variable) or printed by ``source.command``.

    Raises ConfigError naming the key (never the command line, its output or the secret).
    """
    if source.env:
        value = os.environ.get(source.env)
        if not value:
            raise ConfigError(f"{source.env_key} names an environment variable that is not "
                              f"set or is empty{_which_variable(source)}. Set it before "
                              f"starting hdtui.{_both_given(source)}")
        _refuse_breaks(value, f"The environment variable named by {source.env_key}")
        return value
    if source.command:
        return _run(source, timeout)
    raise ConfigError(f"No {source.prefix} configured: set {source.env_key} (an environment "
                      f"variable) or {source.command_key} (a command that prints it).")


def _which_variable(source: SecretSource) -> str:
    """The variable's name when it looks like one, else a word about what may be there."""
    if VARIABLE_NAME.fullmatch(source.env):
        return f" ({source.env})"
    return (f"; the value of {source.prefix}_env does not look like a variable name (was a "
            "secret pasted there? It takes the name of a variable that holds the secret, "
            f"e.g. HDTUI_{source.section.upper()}_{source.prefix.upper()})")


def both_given(source: SecretSource) -> str:
    """Says that the command is not used when both keys are given ("" otherwise): in an
    error about the variable, and as a notice at start."""
    if source.env and source.command:
        return (f"Both {source.env_key} and {source.command_key} are given: the variable is "
                "used and the command is not; remove one of them.")
    return ""


def _both_given(source: SecretSource) -> str:
    said = both_given(source)
    return f" {said}" if said else ""


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
        # A session of its own: no controlling terminal, so a program that would ask on
        # /dev/tty fails at once (and says so on stderr) instead of waiting; and the whole
        # group can be ended on a timeout, children included. Without GPG_TTY too: gpg
        # hands it to gpg-agent, whose pinentry-curses would open that terminal and draw
        # over hdtui's screen (docs/secrets.md).
        environment = {name: value for name, value in os.environ.items()
                       if name != "GPG_TTY"}
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True,
                                   env=environment)
    except FileNotFoundError as e:
        raise ConfigError(f"{key}: its program was not found. Check the command's first word "
                          "and PATH.") from e
    except OSError as e:
        raise ConfigError(f"{key} could not be started ({e.strerror}).") from e
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end_group(process)
        try:
            stdout, stderr = process.communicate(timeout=AFTER_KILL_TIMEOUT)
        except subprocess.TimeoutExpired:
            # A child of its own session still holds the pipes: stop reading them.
            for pipe in (process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()
            process.wait()
            stderr = b""
        raise ConfigError(f"{key} did not finish within {timeout:.0f} s: it is likely waiting "
                          "for input it will not get, such as a pinentry that needs a "
                          "terminal (hdtui runs the command with none). Unlock the key "
                          "first (e.g. with gpg-agent's cache) or use a graphical pinentry."
                          f"{_said(stderr)}") from None
    # stdout is never quoted: it is the secret.
    if process.returncode < 0:
        try:
            name = signal.Signals(-process.returncode).name
        except ValueError:
            name = f"signal {-process.returncode}"
        raise ConfigError(f"{key} failed (killed by {name}).{_said(stderr)}")
    if process.returncode != 0:
        raise ConfigError(f"{key} failed (exit {process.returncode}).{_said(stderr)}"
                          f"{_needs_terminal(stderr) or _run_it(source)}")
    try:
        text = stdout.decode("utf-8")
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


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and whatever it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _said(stderr: bytes) -> str:
    """The last lines of a command's stderr as one clean, short quote (or nothing)."""
    from hdtui.domain.text import one_line

    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    said = one_line(" / ".join(lines[-STDERR_LINES:]), STDERR_WIDTH)
    if not said:
        return ""
    # Its words end a sentence of ours: the next one ("Run the command…") starts apart.
    return f" It said: {said}" + ("" if said.endswith((".", "!", "?", "…")) else ".")


def _run_it(source: SecretSource) -> str:
    """What a member does when the command failed for a reason hdtui cannot tell."""
    return (f" Run the command in a shell to see why; it must print the {source.prefix} on "
            "its standard output and exit 0.")


def _needs_terminal(stderr: bytes) -> str:
    """A hint when the command failed for want of a terminal (a pinentry, /dev/tty)."""
    text = stderr.decode("utf-8", "replace").lower()
    if any(word in text for word in ("tty", "terminal", "pinentry")):
        return (" It seems to need a terminal, which hdtui does not give it: unlock the key "
                "first (e.g. with gpg-agent's cache) or use a graphical pinentry.")
    return ""


def _refuse_breaks(value: str, what: str, hint: str = "") -> None:
    """Refuse CR, LF and NUL: they would end or split an IMAP/SMTP command or a SASL field."""
    if any(c in value for c in FORBIDDEN):
        raise ConfigError(f"{what} contains a line break (CR or LF) or a NUL byte, which no "
                          f"password or token can hold: it would cut the login command in "
                          f"two. Remove it.{hint}")
