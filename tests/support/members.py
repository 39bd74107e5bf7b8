"""Starts hdtui as a member would, in its own tmux session over one test Dovecot: its own
config, store, GnuPG home and XDG directories (tests/e2e: two members on one mailbox)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.servers.dovecot import Dovecot
from tests.support.tmux import Tmux

ROOT = Path(__file__).parents[2]


def start_member(tmux: Tmux, session: str, root: Path, dovecot: Dovecot,
                 user: tuple[str, str], extra: str = "", env: str = "", flags: str = "",
                 size: tuple[int, int] = (120, 30)) -> None:
    """Run ``python -m hdtui`` for one member in a new tmux session named ``session``,
    with files under ``root``; ``extra`` is appended to its config (more sections),
    ``env`` to its environment (``NAME=value ...``), ``flags`` to its command line. The
    session prints ``EXITED <rc>``
    when hdtui ends."""
    name, password = user
    (root / "gnupg").mkdir(mode=0o700, parents=True, exist_ok=True)  # hdtui makes none
    config = root / "config.toml"
    config.write_text(
        f'[source]\nkind = "imap"\n'
        f'[account]\nhost = "127.0.0.1"\nport = {dovecot.imaps_port}\nuser = "{name}"\n'
        f'password_env = "HELPDESK_PW"\nca_file = "{dovecot.cafile}"\n'
        f'[gpg]\nhome = "{root}/gnupg"\n[store]\npath = "{root}/store.json"\n'
        f'[releases]\nfetch_at_start = false\n{extra}')
    command = (
        f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={root} TERM=xterm-256color "
        f"HELPDESK_PW={password} HDTUI_CONFIG={config} XDG_CACHE_HOME={root}/cache "
        f"XDG_DATA_HOME={root}/data {env} "
        f"{sys.executable} -m hdtui {flags} </dev/tty; echo EXITED $?; sleep 30")
    tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]),
         "-c", str(ROOT), command)


def wait_all(terminals: Mapping[str, Tmux], condition: Callable[[], bool], what: str,
             timeout: float = 25.0) -> None:
    """Wait until ``condition()`` holds; else fail showing every terminal's screen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    shown = "\n\n".join(f"{name}:\n{t.screen()}" for name, t in terminals.items())
    raise AssertionError(f"timed out waiting for {what}; screens were:\n{shown}")
