"""A seeded loopback Dovecot for the benchmarks that run a client against it, and hdtui's
config and environment for it: started, seeded, indexed once and removed in one place
(benchmarks/imap_cold_start.py, live_changes.py, imap_tmux_start.py).

Never talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from imap_sync import raw_fetch, seed_plain  # noqa: E402

from hdtui.config import demo_dir  # noqa: E402
from hdtui.gpg import GpgCrypto  # noqa: E402
from tests.servers.dovecot import Dovecot  # noqa: E402
from tests.support.pgp import kill_agent  # noqa: E402

Seed = Callable[[Dovecot, str, int], None]
LDA = "/usr/lib/dovecot/dovecot-lda"
"""Dovecot's delivery agent: new mail as an MTA hands it over (LMTP, how Postfix hands
mail to a Dovecot server, saves through the same code; it is not installed here)."""
LDA_SETTINGS = "postmaster_address = postmaster@example.org\n"
"""What dovecot-lda needs besides the test fixture's settings (to bounce, never here)."""


@dataclass
class Bench:
    """A running Dovecot holding one user's seeded INBOX, and a work directory with a
    GnuPG home holding the demo key."""

    server: Dovecot
    user: tuple[str, str]
    work: Path
    gpg_home: Path
    seeding: float
    """Seconds spent writing the Maildir."""
    indexing: float
    """Seconds of Dovecot's first reading of it (0 when not asked)."""


@contextmanager
def seeded_dovecot(messages: int, prefix: str, seed: Seed = seed_plain,
                   index: bool = True, settings: str = "",
                   key: Callable[[Path], None] | None = None) -> Iterator[Bench]:
    """A Dovecot with ``messages`` messages written by ``seed`` (plain reports unless
    told), indexed once by a raw FETCH of the listing fields when ``index`` (so that no
    client pays for Dovecot's first reading in a timing); ``settings``, lines of
    dovecot.conf, are added to the fixture's (and what ``LDA`` needs); ``key``, when
    given, is called with the GnuPG home (the demo key already in it) before the seeding,
    to add the key a seed encrypts to (``imap_sync.EncryptedReports.key``). Everything is
    stopped and removed on leaving, the demo key's gpg-agent too."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    gpg_home = work / "gnupg"
    server = Dovecot.create()
    try:
        conf = server.dir / "dovecot.conf"
        conf.write_text(conf.read_text() + LDA_SETTINGS + settings.strip() + "\n")
        GpgCrypto(gpg_home).import_keys((demo_dir() / "demo-key.asc").read_text())
        if key is not None:
            key(gpg_home)
        server.start()
        user = server.new_user()
        started = time.perf_counter()
        seed(server, user[0], messages)
        seeding = time.perf_counter() - started
        started = time.perf_counter()
        if index:
            raw_fetch(server, user)
        yield Bench(server, user, work, gpg_home, seeding,
                    time.perf_counter() - started if index else 0.0)
    finally:
        server.remove()
        kill_agent(gpg_home)
        shutil.rmtree(work, ignore_errors=True)


def hdtui_config(bench: Bench, home: Path, shift_start: bool = True) -> Path:
    """A config in ``home`` for hdtui on the bench's mailbox, its store in ``home``
    (release feeds are not fetched: nothing leaves 127.0.0.1); without ``shift_start``
    the queue is shown at once, not under the shift-start screen (docs/shift.md)."""
    config = home / "config.toml"
    config.write_text(
        f'[source]\nkind = "imap"\n[account]\nhost = "127.0.0.1"\n'
        f'port = {bench.server.imaps_port}\nuser = "{bench.user[0]}"\npassword_env = "HDPW"\n'
        f'ca_file = "{bench.server.cafile}"\n[gpg]\nhome = "{bench.gpg_home}"\n'
        f'[store]\npath = "{home}/store.json"\n[tracker]\nkind = "static"\n'
        f'file = "{demo_dir() / "known_issues.json"}"\n'
        '[releases]\nfetch_at_start = false\n'
        f'[queue]\nshift_start = {str(shift_start).lower()}\n')
    return config


def hdtui_env(bench: Bench, home: Path, config: Path) -> str:
    """The ``env -i ...`` prefix of an hdtui command line using ``config``, with
    ``home`` as its HOME and cache."""
    return (f"env -i PATH=/usr/local/bin:/usr/bin:/bin HOME={home} TERM=xterm-256color "
            f"HDPW={bench.user[1]} HDTUI_CONFIG={config} XDG_CACHE_HOME={home}/cache")
