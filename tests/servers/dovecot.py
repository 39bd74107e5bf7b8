"""Runs a throwaway Dovecot IMAP server on 127.0.0.1 for tests (never a system instance)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
POOL = 200
UNICODE_USER = ("carol", "pässwörd-日本")
"""A user whose password is not ASCII (UTF-8 in the passwd file, as PLAIN carries it)."""

CONFIG = """\
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
instance_name = hdtui-test-{port}
listen = 127.0.0.1
protocols = imap
mail_fsync = never
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_uid = {uid}
mail_gid = {gid}
mail_location = maildir:{d}/mail/%u:LAYOUT=fs
mail_privileged_group =
default_internal_user = dovecot
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = create
  }}
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
# No growing delay after failed logins from 127.0.0.1 (the anvil's auth penalty): the tests
# that refuse a login would otherwise wait seconds for the right password that follows.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {sport}
    ssl = yes
  }}
}}
"""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 10.0) -> None:
    """Wait until something listens on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def stop_process(proc: subprocess.Popen[bytes] | None, group: bool = False) -> None:
    """Stop a server started by a fixture: SIGTERM (to its whole process group when
    ``group``), then kill it if it is still there after 10 s."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@dataclass
class Dovecot:
    """A running Dovecot with users alice (pw "alice-pw"), bob (pw "bob-pw"), carol (a
    non-ASCII password, UNICODE_USER) and a pool of fresh users (new_user)."""

    dir: Path
    port: int
    imaps_port: int
    cafile: str
    proc: subprocess.Popen[bytes] | None = None
    host: str = "127.0.0.1"

    @classmethod
    def create(cls, parent: Path | None = None) -> Dovecot:
        """Write the instance directory (in ``parent``, by default the run's temporary
        directory), certificate and config."""
        d = Path(tempfile.mkdtemp(prefix="hdtui-dovecot-", dir=parent))
        os.chmod(d, 0o755)  # the auth process (user dovecot) reads the passwd file
        nobody = pwd.getpwnam("nobody")
        for sub in ("run", "state", "mail", "home"):
            (d / sub).mkdir()
        for sub in ("mail", "home"):
            os.chown(d / sub, nobody.pw_uid, nobody.pw_gid)
        port, sport = free_port(), free_port()
        while sport == port:
            sport = free_port()
        users = ["alice:{PLAIN}alice-pw::::::", "bob:{PLAIN}bob-pw::::::"]
        users += [f"{UNICODE_USER[0]}:{{PLAIN}}{UNICODE_USER[1]}::::::"]
        users += [f"user{n}:{{PLAIN}}pw-user{n}::::::" for n in range(1, POOL + 1)]
        (d / "passwd").write_text("\n".join(users) + "\n", encoding="utf-8")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
             str(d / "key.pem"), "-out", str(d / "cert.pem"), "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True)
        (d / "dovecot.conf").write_text(CONFIG.format(d=d, port=port, sport=sport,
                                                      uid=nobody.pw_uid, gid=nobody.pw_gid))
        return cls(d, port, sport, str(d / "cert.pem"))

    _next_user: int = 0

    def new_user(self) -> tuple[str, str]:
        """A user nobody used yet, with an empty mailbox: (name, password).

        Users are written when the server is created: Dovecot re-reads a changed passwd
        file only when its mtime (whole seconds) changes, too coarse for fast tests.
        """
        if self._next_user >= POOL:
            raise RuntimeError(f"more than {POOL} IMAP users asked for; raise POOL")
        self._next_user += 1
        return f"user{self._next_user}", f"pw-user{self._next_user}"

    def start(self) -> None:
        """Start it (the ports must be free) and wait until it listens."""
        for p in (self.port, self.imaps_port):
            with socket.socket() as s:
                # Raises if another server took the port (TIME_WAIT of a restart is fine).
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", p))
        log = (self.dir / "stdout.log").open("ab")
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(self.dir / "dovecot.conf")],
                                     stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_port(self.port)
        wait_port(self.imaps_port)
        if self.proc.poll() is not None:
            raise RuntimeError((self.dir / "stdout.log").read_text())

    def stop(self) -> None:
        """Stop it and every child (open IMAP sessions end, as in a real restart)."""
        stop_process(self.proc, group=True)
        self.proc = None

    def stop_master(self) -> None:
        """Stop the master process alone, as ``kill -TERM`` of an admin does: the open IMAP
        sessions are not killed with it; each says "* BYE Server shutting down." and
        closes its connection a few seconds later (docs/live-changes.md)."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)
            self.proc = None

    def append(self, user: str, raw: bytes, mailbox: str = "INBOX") -> None:
        """Deliver one message by IMAP APPEND, as another client does."""
        from imapclient import IMAPClient

        with IMAPClient(self.host, port=self.port, ssl=False) as client:
            client.login(user, f"pw-{user}")
            client.append(mailbox, raw)

    def remove(self) -> None:
        """Stop and delete everything."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def doveadm(self, *args: str, input: bytes | None = None) -> str:
        """Run doveadm against this instance (independent checks and seeding)."""
        result = subprocess.run([DOVEADM, "-c", str(self.dir / "dovecot.conf"), *args],
                                input=input, capture_output=True, check=True)
        return result.stdout.decode()

    def deliver(self, user: str, raw: bytes, mailbox: str = "INBOX") -> None:
        """Save one message as the local delivery agent would."""
        self.doveadm("save", "-u", user, "-m", mailbox, input=raw)

    def status(self, user: str, mailbox: str = "INBOX") -> dict[str, str]:
        """messages, unseen, highestmodseq, uidvalidity of a mailbox."""
        out = self.doveadm("mailbox", "status", "-u", user,
                           "messages unseen highestmodseq uidvalidity", mailbox)
        return dict(part.split("=", 1) for part in out.split() if "=" in part)

    def flags(self, user: str, mailbox: str = "INBOX") -> str:
        """Every message's flags, as doveadm prints them."""
        return self.doveadm("fetch", "-u", user, "uid flags", "mailbox", mailbox, "all")
