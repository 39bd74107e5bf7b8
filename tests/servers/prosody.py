"""Runs a throwaway Prosody XMPP server on 127.0.0.1 for tests (docs/testing.md), with users,
a MUC service and a certificate for STARTTLS; plus Listener, a second client that records
what it receives."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import slixmpp

from tests.servers.dovecot import free_port, stop_process

PROSODY = "/usr/bin/prosody"
PROSODYCTL = "/usr/bin/prosodyctl"
DOMAIN = "localhost"
MUC = f"conference.{DOMAIN}"
USERS = {"helpdesk": "helpdesk-pw", "ft": "ft-pw", "ux": "ux-pw", "carol": "pässwörd-日本"}

CONFIG = """\
pidfile = "{d}/prosody.pid"; certificates = "{d}/certs"; data_path = "{d}/data"
run_as_root = true
log = {{ {{ levels = {{ min = "info" }}, to = "file", filename = "{d}/prosody.log" }} }}
interfaces = {{ "127.0.0.1" }}; local_interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}; c2s_direct_tls_ports = {{}}; s2s_ports = {{}}; component_ports = {{}}
http_ports = {{}}; https_ports = {{}}
modules_enabled = {{ "roster"; "saslauth"; "tls"; "disco"; "ping"; "posix"; }}
modules_disabled = {{ "s2s"; "offline"; }}
c2s_require_encryption = false; allow_unencrypted_plain_auth = true
authentication = "internal_hashed"; storage = "internal"
VirtualHost "{domain}"
Component "{muc}" "muc"
    restrict_room_creation = false
    muc_room_locking = false
"""


@dataclass
class Prosody:
    """A running Prosody on 127.0.0.1 (STARTTLS offered, plain allowed) with USERS."""

    dir: Path
    port: int
    cafile: str
    proc: subprocess.Popen[bytes] | None = None
    host: str = "127.0.0.1"

    @classmethod
    def create(cls) -> Prosody:
        """Write the instance directory, a certificate for "localhost", the users."""
        d = Path(tempfile.mkdtemp(prefix="hdtui-prosody-"))
        (d / "data").mkdir()
        (d / "certs").mkdir()
        key, cert = d / "certs" / f"{DOMAIN}.key", d / "certs" / f"{DOMAIN}.crt"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
             "-days", "2", "-subj", f"/CN={DOMAIN}",
             "-addext", f"subjectAltName=DNS:{DOMAIN},DNS:{MUC}"],
            check=True, capture_output=True)
        port = free_port()
        (d / "prosody.cfg.lua").write_text(CONFIG.format(d=d, port=port, domain=DOMAIN, muc=MUC))
        server = cls(d, port, str(d / "certs" / f"{DOMAIN}.crt"))
        for user, password in USERS.items():
            server.prosodyctl("register", user, DOMAIN, password)
        return server

    def prosodyctl(self, *args: str) -> None:
        """Run prosodyctl against this instance."""
        subprocess.run([PROSODYCTL, "--config", str(self.dir / "prosody.cfg.lua"), *args],
                       check=True, capture_output=True, timeout=30)

    def start(self) -> None:
        """Start it on a port checked free; wait for its c2s service to be activated."""
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", self.port))  # raises if another server holds the port
        log = self.dir / "prosody.log"
        config = str(self.dir / "prosody.cfg.lua")
        self.proc = subprocess.Popen([PROSODY, "--config", config, "-F"],
                                     stdout=(self.dir / "stdout.log").open("ab"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wanted = f"Activated service 'c2s' on [127.0.0.1]:{self.port}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if log.exists() and wanted in log.read_text(errors="replace"):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        output = (self.dir / "stdout.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"prosody did not start on port {self.port}:\n{output}")

    def stop(self) -> None:
        """Stop it."""
        stop_process(self.proc)
        self.proc = None

    def remove(self) -> None:
        """Stop and delete everything."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Received:
    """One message a Listener got."""

    sender: str
    type: str
    body: str


@dataclass
class Listener:
    """A second client (plain, on loopback) in its own thread and event loop, recording the
    messages it gets: chats, and the groupchat of ``room`` when one is given."""

    server: Prosody
    user: str
    room: str | None = None
    messages: list[Received] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _client: Any = None
    _ready: threading.Event = field(default_factory=threading.Event)
    _error: BaseException | None = None

    def __enter__(self) -> Listener:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the listener did not come online")
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stop_event.set)
        if self._thread is not None:
            self._thread.join(10)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as e:  # reported to the test through __enter__
            self._error = e
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        client = slixmpp.ClientXMPP(f"{self.user}@{DOMAIN}", USERS[self.user])
        client.enable_direct_tls = False
        client.enable_starttls = False
        client.enable_plaintext = True
        client.plugin["feature_mechanisms"].unencrypted_plain = True
        client.register_plugin("xep_0045")
        started: asyncio.Future[None] = self._loop.create_future()
        client.add_event_handler("session_start", lambda _: started.set_result(None))
        client.add_event_handler("message", self._record)
        client.connect(self.server.host, self.server.port)
        await asyncio.wait_for(started, 10)
        client.send_presence()
        if self.room is not None:
            await client.plugin["xep_0045"].join_muc_wait(
                slixmpp.JID(self.room), self.user, maxstanzas=0, timeout=10)
        self._ready.set()
        await self._stop_event.wait()
        await client.disconnect(wait=2)

    def _record(self, message: Any) -> None:
        if message["type"] in ("chat", "normal", "groupchat") and message["body"]:
            self.messages.append(Received(str(message["from"]), str(message["type"]),
                                          str(message["body"])))

    def wait_for(self, body: str, timeout: float = 10) -> Received:
        """The first message with this body, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in list(self.messages):
                if message.body == body:
                    return message
            time.sleep(0.01)
        raise AssertionError(f"no message {body!r}; got {self.messages}")
