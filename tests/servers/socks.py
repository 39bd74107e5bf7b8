"""Runs a minimal SOCKS5 proxy on 127.0.0.1 for tests (RFC 1928, what Tor's SocksPort does
for hdtui's ``[tracker] proxy = "socks5h://…"``).

What it speaks: version 5, the "no authentication" method only, the CONNECT command only,
with an IPv4 address (type 1) or a domain name (type 3) to connect to. It connects only
to this machine: an IPv4 address must be 127.0.0.1 and a domain name must be
``localhost`` (which it "resolves" itself, to 127.0.0.1, as a ``socks5h://`` client
expects of the proxy); anything else is answered "connection not allowed by ruleset"
(reply 2), so no test can reach the network through it. IPv6 (type 4) and the BIND and
UDP ASSOCIATE commands are answered "not supported".

Every CONNECT asked for is recorded in ``asked`` as ``(host, port)``, the host as the
client sent it (a name stays a name: with ``socks5h`` the client does not resolve it).
Each client connection is served by its own thread, which relays bytes both ways until
either side closes.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from collections.abc import Callable, Iterator

VERSION = 5
NO_AUTH = 0
NO_ACCEPTABLE = 0xFF
CONNECT = 1
IPV4, DOMAIN = 1, 3
SUCCEEDED, NOT_ALLOWED, REFUSED, COMMAND_UNSUPPORTED, ADDRESS_UNSUPPORTED = 0, 2, 5, 7, 8
LOCAL_NAMES = {"localhost": "127.0.0.1"}
"""The only names the proxy resolves, and the only place it connects to."""


class SocksProxy:
    """A SOCKS5 proxy on 127.0.0.1 that records the hosts it was asked to connect to."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.port = 0

    @property
    def url(self) -> str:
        """``socks5h://127.0.0.1:<port>``: the proxy resolves names (as Tor does)."""
        return f"socks5h://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and accept in a thread."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._spawn(self._accept)

    def stop(self) -> None:
        """Close the listener and every open connection; wait for the threads."""
        self._stopping.set()
        # shutdown, not only close: it wakes a thread blocked in accept() or recv()
        with self._lock:
            for sock in [*self._sockets, *([self._listener] if self._listener else [])]:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        for thread in list(self._threads):
            thread.join(timeout=5)

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _track(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
        return sock

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed by stop()
            self._spawn(self._serve, self._track(client))

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = self._handshake(client)
            if upstream is not None:
                _relay(client, upstream)
        except (OSError, ValueError):
            pass
        finally:
            client.close()

    def _handshake(self, client: socket.socket) -> socket.socket | None:
        """The greeting and the request; the connection to the target, or None (answered)."""
        version, count = _read(client, 2)
        methods = _read(client, count)
        if version != VERSION:
            return None
        if NO_AUTH not in methods:
            client.sendall(bytes([VERSION, NO_ACCEPTABLE]))
            return None
        client.sendall(bytes([VERSION, NO_AUTH]))
        version, command, _, kind = _read(client, 4)
        if kind == IPV4:
            host = socket.inet_ntoa(_read(client, 4))
        elif kind == DOMAIN:
            host = _read(client, _read(client, 1)[0]).decode("ascii", "replace")
        else:
            _reply(client, ADDRESS_UNSUPPORTED)
            return None
        (port,) = struct.unpack("!H", _read(client, 2))
        with self._lock:
            self.asked.append((host, port))
        if command != CONNECT:
            _reply(client, COMMAND_UNSUPPORTED)
            return None
        address = LOCAL_NAMES.get(host.lower(), host)
        if address != "127.0.0.1":  # never anywhere but this machine
            _reply(client, NOT_ALLOWED)
            return None
        try:
            upstream = self._track(socket.create_connection((address, port), timeout=5))
        except OSError:
            _reply(client, REFUSED)
            return None
        upstream.settimeout(None)
        _reply(client, SUCCEEDED)
        return upstream


def _read(sock: socket.socket, n: int) -> bytes:
    """Exactly ``n`` bytes; ValueError when the client hangs up first."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ValueError("the client closed the connection")
        data += chunk
    return data


def _reply(client: socket.socket, status: int) -> None:
    """A reply to the request, bound address 0.0.0.0:0 (clients do not use it)."""
    client.sendall(bytes([VERSION, status, 0, IPV4, 0, 0, 0, 0, 0, 0]))


def _relay(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until one side closes."""
    try:
        pair = [client, upstream]
        while True:
            ready, _, _ = select.select(pair, [], [], 30)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (upstream if sock is client else client).sendall(data)
    finally:
        upstream.close()


def running() -> Iterator[SocksProxy]:
    """Start a proxy, yield it, stop it (the body of the pytest fixture)."""
    proxy = SocksProxy()
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
