"""Serves Tails-like feeds written for the tests on 127.0.0.1 (hdtui fetches real HTTP).

Paths and what they answer:

- ``/news.rss``: the news feed (RSS 2.0, ikiwiki's shape) with Tails 7.7 (notes in every
  section, three fixed issues), a monthly report and Tails 7.6;
- ``/emergency.rss``: the same plus the emergency release 7.7.1 (one line naming the
  vulnerability, one fix);
- ``/advisories.atom``: one fixed and one unfixed advisory (Atom);
- ``/latest.json``: latest.json naming 7.7 (``/latest-771.json``: 7.7.1);
- ``/malformed.rss``: XML cut in the middle of an element;
- ``/bomb.rss``: "billion laughs": nested entity declarations in a DTD;
- ``/external.rss``: an external entity naming /etc/passwd;
- ``/huge.rss``: a well-formed feed of ``HUGE`` bytes, sent without Content-Length;
- ``/hang``: accepts the request and never answers (until the server stops);
- ``/trickle``: sends headers, then one byte every 0.3 s.

``routes`` and ``redirects`` can be changed by a test; ``break_all()`` makes every path answer 500.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

GITLAB = "https://gitlab.tails.boum.org/tails/tails/-/issues/"
HUGE = 3_000_000


def notes_77() -> str:
    """A release-notes page as ikiwiki writes it (sections are <h1> with stable ids)."""
    return f"""<p>This release fixes many security vulnerabilities.</p>
<h1 id="features">New features</h1>
<ul><li><p>The <em>Persistent Storage</em> can be unlocked with a FIDO2 key.</p></li></ul>
<h1 id="changes">Changes and updates</h1>
<ul>
<li><p>Update <em>Tor Browser</em> to 15.0.2.</p></li>
<li><p>Update the <em>Linux</em> kernel to 6.12.57.</p>
<ul><li><p>Update the Intel and Realtek firmware.</p></li></ul></li>
</ul>
<h1 id="fixes">Fixed problems</h1>
<ul>
<li><p>Fix Error starting GDM with Intel graphics. (<a href="{GITLAB}17953">#17953</a>)</p></li>
<li><p>Fix Wi-Fi with Realtek RTL8723BE. (<a href="{GITLAB}19113">#19113</a>)</p></li>
<li><p>Fix &#27;]52;c;aGk=&#7; the \u202eclipboard\u009b2J.
(<a href="{GITLAB}17794">#17794</a>)</p></li>
</ul>
<p>For more details, read our changelog.</p>
<h1 id="issues">Known issues</h1>
<ul><li><p>Electrum does not connect. (<a href="{GITLAB}16421">#16421</a>)</p></li></ul>
<h1 id="get">Get Tails 7.7</h1>
<ul><li><p>Automatic upgrades are available from Tails 7.0 or later to 7.7.</p></li></ul>
"""


def notes_76() -> str:
    return f"""<h1 id="fixes">Fixed problems</h1>
<ul><li><p>Fix Seahorse. (<a href="{GITLAB}17183">#17183</a>)</p></li>
<li><p>Fix the keyboard layout, again. (<a href="{GITLAB}17794">#17794</a>)</p></li></ul>
<h1 id="get">Get Tails 7.6</h1>
"""


def notes_771() -> str:
    return f"""<p>This release is an emergency release to fix a critical security vulnerability
in <em>Tor Browser</em>.</p>
<h1 id="fixes">Fixed problems</h1>
<ul><li><p>Fix the Tor Browser sandbox escape. (<a href="{GITLAB}20001">#20001</a>)</p></li></ul>
"""


def _item(title: str, link: str, date: str, tags: tuple[str, ...], html: str) -> str:
    categories = "".join(f"<category>{t}</category>" for t in tags)
    return (f"<item><title>{escape(title)}</title><guid>{link}</guid><link>{link}</link>"
            f"{categories}<pubDate>{date}</pubDate>"
            f"<description>{escape(html)}</description></item>\n")


def news(emergency: bool = False) -> bytes:
    """The news feed; with ``emergency``, 7.7.1 on top."""
    items = [
        _item("Tails 7.7", "https://tails.net/news/version_7.7/",
              "Tue, 10 Nov 2026 12:00:00 +0000", ("announce",), notes_77()),
        _item("Tails report for October 2026", "https://tails.net/news/report_2026_10/",
              "Thu, 05 Nov 2026 09:30:00 +0000", ("report",), "<p>Tails 7.6 was fine.</p>"),
        _item("Tails 7.6", "https://tails.net/news/version_7.6/",
              "Tue, 15 Sep 2026 12:00:00 +0000", ("announce",), notes_76()),
    ]
    if emergency:
        items.insert(0, _item("Tails 7.7.1", "https://tails.net/news/version_7.7.1/",
                              "Fri, 20 Nov 2026 18:00:00 +0000", ("announce",), notes_771()))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>Tails - News</title><link>https://tails.net/news/</link>\n"
            + "".join(items) + "</channel></rss>\n").encode()


ADVISORIES = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Tails - Security</title><id>https://tails.net/security/</id>
<updated>2026-11-20T10:00:00Z</updated>
<entry><title>Thunderbird loads remote images</title>
<id>https://tails.net/security/tb/</id><link href="https://tails.net/security/tb/"/>
<published>2026-11-20T10:00:00Z</published><updated>2026-11-20T10:00:00Z</updated>
<summary type="html">Read mail as plain text until the next release.</summary></entry>
<entry><title>Critical vulnerability in Tor Browser</title>
<id>https://tails.net/security/tbb/</id><link href="https://tails.net/security/tbb/"/>
<category term="security/fixed" />
<published>2026-10-05T20:00:00Z</published><updated>2026-10-06T17:00:00Z</updated>
<summary type="html">Fixed in Tails 7.6.1.</summary></entry>
</feed>
"""


def latest(version: str) -> bytes:
    return (b'{"product_name": "Tails", "installations": [{"version": "%s", '
            b'"installation-paths": []}]}' % version.encode())


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rss version="2.0"><channel><item><title>Tails 9.9</title><category>announce</category>
<description>&f;</description></item></channel></rss>
"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>Tails 9.9</title><category>announce</category>
<description>&x;</description></item></channel></rss>
"""

MALFORMED = news()[:700]


def huge() -> bytes:
    """A well-formed feed of about HUGE bytes (one item with a very long description)."""
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tails 9.9</title>' \
        b"<category>announce</category><description>"
    tail = b"</description></item></channel></rss>"
    return head + b"x" * (HUGE - len(head) - len(tail)) + tail


class FeedServer:
    """The server: ``routes`` maps a path to (status, content type, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {
            "/news.rss": (200, "application/rss+xml", news()),
            "/emergency.rss": (200, "application/rss+xml", news(emergency=True)),
            "/advisories.atom": (200, "application/atom+xml", ADVISORIES),
            "/latest.json": (200, "application/json", latest("7.7")),
            "/latest-771.json": (200, "application/json", latest("7.7.1")),
            "/malformed.rss": (200, "application/rss+xml", MALFORMED),
            "/bomb.rss": (200, "application/rss+xml", BOMB),
            "/external.rss": (200, "application/rss+xml", EXTERNAL),
            "/huge.rss": (200, "application/rss+xml", huge()),
        }
        self.redirects: dict[str, str] = {}
        """path -> Location answered with 302."""
        self.broken = False
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        server = self

        class Handler(_Handler):
            feeds = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def break_all(self, broken: bool = True) -> None:
        """Every path answers 500 (the server is up but the site is broken)."""
        self.broken = broken

    def url(self, path: str) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    feeds: FeedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        server = self.feeds
        server.requests.append(self.path)
        if self.path == "/hang":
            server.stopping.wait(30)
            return
        if self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            with contextlib.suppress(OSError):
                for char in news():
                    if server.stopping.wait(0.3):
                        return
                    self.wfile.write(bytes([char]))
                    self.wfile.flush()
            return
        if self.path in server.redirects:
            self.send_response(302)
            self.send_header("Location", server.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if server.broken:
            status, kind, body = 500, "text/plain", b"Internal Server Error"
        else:
            status, kind, body = server.routes.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if self.path == "/huge.rss":
            # No Content-Length: hdtui must stop reading at its cap by itself.
            self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


def running() -> Iterator[FeedServer]:
    """Start a server, yield it, stop it (the body of the pytest fixture)."""
    server = FeedServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()

