"""Provides ReleaseFeeds: the Tails news feed (RSS), the security advisories (Atom) and
latest.json, fetched over verified TLS, parsed safely and kept for offline use.

Feed text is as hostile as mail (docs/releases.md): XML is parsed with defusedxml, which
refuses DTDs, entity declarations (the "billion laughs" bomb) and external references;
every string becomes a ``MailText`` where it enters (``hdtui.domain.releases``). A feed is
read only up to ``max_bytes`` and within ``timeout`` seconds in all, so a huge feed or a
server that trickles or hangs ends in a FeedError instead of a stuck worker.

The last good parse of each feed is kept in an owner-only JSON file next to the store,
written atomically (``hdtui.store.write_private`` under a ``flock``). When a feed fails,
its last good copy is used and the member is told how old it is.
"""

from __future__ import annotations

import errno
import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from hdtui import __version__
from hdtui.connection import check_url
from hdtui.domain.releases import (
    Advisory,
    FeedResult,
    Release,
    ReleaseState,
    is_stable,
    parse_release_notes,
    parse_version,
    sort_releases,
    version_text,
)
from hdtui.domain.text import NO_TEXT, MailText, one_line
from hdtui.errors import ConfigError, FeedError, HdtuiError
from hdtui.store import file_lock, write_private

if TYPE_CHECKING:  # the XML parsers load when a feed is parsed, after the first frame
    from xml.etree.ElementTree import Element

FORMAT = 1
CACHE_NAME = "releases.json"
FEEDS = ("news", "advisories", "latest")
NAMES = {"news": "news feed", "advisories": "advisories feed", "latest": "latest.json"}
ATOM = "{http://www.w3.org/2005/Atom}"
CHUNK = 65536

Fetch = Callable[[str], bytes]


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """[releases], checked."""

    news_url: str
    advisories_url: str
    latest_url: str
    timeout: float = 15.0
    max_bytes: int = 8_000_000
    fetch_at_start: bool = True
    """Whether the TUI may fetch at start when no copy is saved (config.ReleasesConfig)."""

    def url(self, feed: str) -> str:
        """The URL of ``news``, ``advisories`` or ``latest``."""
        return str(getattr(self, f"{feed}_url"))


# -- fetching ---------------------------------------------------------------------------


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects obey the same rule as the configured URL: never from https down to http."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: http.client.HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        try:
            check_url(newurl, "a redirect to")
        except ConfigError as e:
            raise FeedError(f"{req.full_url} redirected to a URL hdtui does not follow: "
                            f"{e.message}") from e
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # A fresh default context: certificates and host names verified against system CAs.
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        _CheckedRedirects())


def fetch_url(url: str, timeout: float, max_bytes: int, what: str = "the feed") -> bytes:
    """GET ``url``: at most ``max_bytes``, within ``timeout`` seconds in all. FeedError
    says what happened (unreachable, HTTP status, too big, too slow, bad certificate)."""
    check_url(url, what)
    request = urllib.request.Request(url, headers={
        "User-Agent": f"hdtui/{__version__}", "Accept-Encoding": "identity"})
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_big(what, max_bytes)
            chunks: list[bytes] = []
            total = 0
            while True:
                # Each read waits at most `timeout`; the deadline bounds a server that
                # trickles a byte at a time.
                if time.monotonic() > deadline:
                    raise _too_slow(what, timeout)
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise _too_big(what, max_bytes)
                chunks.append(chunk)
            return b"".join(chunks)
    except HdtuiError:
        raise
    except urllib.error.HTTPError as e:
        raise FeedError(f"{what} answered HTTP {e.code} {one_line(str(e.reason), 80)}.") from e
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise _too_slow(what, timeout) from e
        if isinstance(reason, ssl.SSLCertVerificationError):
            raise FeedError(f"{what}: the server's certificate is not valid "
                            f"({reason.verify_message}).") from e
        raise FeedError(f"{what} unreachable: {getattr(reason, 'strerror', None) or reason}."
                        ) from e
    except TimeoutError as e:
        raise _too_slow(what, timeout) from e
    except (OSError, http.client.HTTPException) as e:
        # The exception can carry the server's own words (a status line): one clean line.
        raise FeedError(f"{what} unreachable: {one_line(str(e), 120)}.") from e


def _too_big(what: str, max_bytes: int) -> FeedError:
    return FeedError(f"{what} is larger than [releases] max_bytes ({max_bytes} bytes): "
                     "refused.")


def _too_slow(what: str, timeout: float) -> FeedError:
    return FeedError(f"{what} did not answer within {timeout:g} s ([releases] timeout).")


# -- parsing ----------------------------------------------------------------------------


def parse_xml(data: bytes, what: str) -> Element:
    """Parse with defusedxml: no DTD, no entity declarations, nothing external."""
    from xml.etree.ElementTree import ParseError

    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as e:
        raise FeedError(f"{what} was refused: it declares a DTD or entities (as an XML "
                        f"bomb does): {type(e).__name__}.") from e
    except ParseError as e:
        raise FeedError(f"{what} is not well-formed XML: {e}.") from e


def _text(element: Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _rss_date(text: str) -> str:
    try:
        return parsedate_to_datetime(text.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _iso_date(text: str) -> str:
    text = text.strip()[:10]
    return text if len(text) == 10 and text[4] == "-" and text[7] == "-" else ""


def parse_news(data: bytes) -> tuple[Release, ...]:
    """The releases announced on the news feed (RSS 2.0), newest first.

    A release is an item tagged ``announce`` whose title starts with a version
    ("Tails 7.7"); its description is the whole release-notes page."""
    root = parse_xml(data, "the news feed")
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FeedError(f"the news feed is not RSS (its root is <{root.tag[:40]}>).")
    releases = []
    for item in channel.findall("item"):
        title = _text(item.find("title")).strip()
        tags = {_text(c).strip().rsplit("/", 1)[-1].lower() for c in item.findall("category")}
        version = version_text(title)
        if not version or ("announce" not in tags and title != f"Tails {version}"):
            continue
        notes = parse_release_notes(_text(item.find("description")))
        releases.append(Release(
            version=MailText(version), date=_rss_date(_text(item.find("pubDate"))),
            url=MailText((_text(item.find("link")) or _text(item.find("guid"))).strip()),
            sections=notes.sections, fixed_issues=notes.fixed_issues, intro=notes.intro))
    return sort_releases(releases)


def parse_advisories(data: bytes) -> tuple[Advisory, ...]:
    """The advisories of the Atom feed: ``security/fixed`` ones are fixed."""
    root = parse_xml(data, "the advisories feed")
    if root.tag != f"{ATOM}feed":
        raise FeedError(f"the advisories feed is not Atom (its root is <{root.tag[:40]}>).")
    advisories = []
    for entry in root.findall(f"{ATOM}entry"):
        terms = {(c.get("term") or "").strip().lower() for c in entry.findall(f"{ATOM}category")}
        link = next((a.get("href") or "" for a in entry.findall(f"{ATOM}link")
                     if a.get("rel") in (None, "alternate")), "")
        date = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
        summary = _text(entry.find(f"{ATOM}summary")) or ""
        advisories.append(Advisory(
            title=MailText(" ".join(_text(entry.find(f"{ATOM}title")).split())),
            url=MailText(link.strip()), date=_iso_date(date),
            fixed=any(t.rsplit("/", 1)[-1] == "fixed" for t in terms),
            summary=MailText(" ".join(summary.split())[:500])))
    return tuple(advisories)


def parse_latest(data: bytes) -> str:
    """The newest stable version in latest.json (``installations[].version``)."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FeedError(f"latest.json is not JSON: {e}.") from e
    installations = document.get("installations") if isinstance(document, dict) else None
    versions = [i.get("version") for i in installations or [] if isinstance(i, dict)]
    good = [v for v in versions if isinstance(v, str) and is_stable(v)]
    if not good:
        raise FeedError("latest.json names no stable version (installations[].version).")
    return MailText(max(good, key=lambda v: parse_version(v) or (0, 0, 0, 0, 0)))


# -- the cache --------------------------------------------------------------------------


def _release_json(r: Release) -> dict[str, Any]:
    return {"version": r.version, "date": r.date, "url": r.url, "intro": r.intro,
            "sections": {k: list(v) for k, v in r.sections.items()},
            "fixed_issues": list(r.fixed_issues)}


def _release_from(row: Any) -> Release | None:
    # Cleaned again as it is read: the file could have been written by anything.
    if not isinstance(row, dict) or not isinstance(row.get("version"), str):
        return None
    raw = row.get("sections")
    sections: dict[Any, Any] = raw if isinstance(raw, dict) else {}
    return Release(
        version=MailText(row["version"]), date=str(row.get("date") or "")[:10],
        url=MailText(str(row.get("url") or "")), intro=MailText(str(row.get("intro") or "")),
        sections={str(k): tuple(MailText(str(b)) for b in v)
                  for k, v in sections.items() if isinstance(v, list)},
        fixed_issues=tuple(n for n in row.get("fixed_issues") or []
                           if isinstance(n, int) and not isinstance(n, bool)))


def _advisory_from(row: Any) -> Advisory | None:
    if not isinstance(row, dict) or not isinstance(row.get("title"), str):
        return None
    return Advisory(MailText(row["title"]), MailText(str(row.get("url") or "")),
                    str(row.get("date") or "")[:10], row.get("fixed") is True,
                    MailText(str(row.get("summary") or "")))


def age_text(seconds: float) -> str:
    """``just now``, ``5 minutes ago``, ``3 hours ago``, ``3 days ago``."""
    seconds = max(0.0, seconds)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


class ReleaseFeeds:
    """The three feeds and their last good copies."""

    def __init__(self, settings: FeedSettings, cache_path: Path,
                 fetch: Fetch | None = None, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.cache_path = cache_path
        self._fetch = fetch or (lambda url: fetch_url(url, settings.timeout,
                                                      settings.max_bytes,
                                                      _what(settings, url)))
        self._clock = clock

    @property
    def fetch_at_start(self) -> bool:
        """Whether the TUI may fetch when it starts and no copy is saved yet."""
        return self.settings.fetch_at_start

    # The cache: {"format": 1, "feeds": {name: {"url", "fetched_at", "data"}}}.

    def _read_cache(self) -> dict[str, dict[str, Any]]:
        try:
            document = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}
        if not isinstance(document, dict) or document.get("format") != FORMAT \
                or not isinstance(document.get("feeds"), dict):
            return {}
        feeds: dict[str, dict[str, Any]] = {}
        for name in FEEDS:
            copy = document["feeds"].get(name)
            # A copy of another URL (the config changed) is not this feed's copy.
            if isinstance(copy, dict) and copy.get("url") == self.settings.url(name) \
                    and isinstance(copy.get("fetched_at"), int | float):
                feeds[name] = copy
        return feeds

    def _write_cache(self, feeds: dict[str, dict[str, Any]]) -> None:
        path = self.cache_path
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with file_lock(path):
                write_private(path, json.dumps({"format": FORMAT, "feeds": feeds},
                                               ensure_ascii=False).encode())
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise FeedError(f"The disk holding {path} is full: the feeds' copy was not "
                                "saved (the previous one is intact).") from e
            raise FeedError(f"Cannot write the feeds' copy {path}: {e.strerror}.") from e

    def cached(self) -> FeedResult:
        """The last good copies only (no network): what the TUI shows at once."""
        feeds = self._read_cache()
        problems = tuple(f"no copy of the {NAMES[n]} yet" for n in FEEDS if n not in feeds)
        return self._result(feeds, problems)

    def snapshot(self) -> FeedResult:
        """Every feed read through the fetcher and parsed, nothing saved: for the demo's
        bundled snapshot, which a read-only command may read but not copy."""
        feeds: dict[str, dict[str, Any]] = {}
        for name, parse in self._parsers().items():
            url = self.settings.url(name)
            try:
                feeds[name] = {"url": url, "fetched_at": self._clock(),
                               "data": parse(self._fetch(url))}
            except HdtuiError:
                continue
        return self._result(feeds, ())

    @staticmethod
    def _parsers() -> dict[str, Callable[[bytes], Any]]:
        return {
            "news": lambda d: [_release_json(r) for r in parse_news(d)],
            "advisories": lambda d: [_advisory_json(a) for a in parse_advisories(d)],
            "latest": parse_latest,
        }

    def refresh(self) -> FeedResult:
        """Fetch every feed; a feed that fails keeps its last good copy, and a problem line
        says so and how old that copy is."""
        feeds = self._read_cache()
        problems: list[str] = []
        parsers = self._parsers()
        fresh = False
        for name in FEEDS:
            url = self.settings.url(name)
            try:
                data = parsers[name](self._fetch(url))
            except HdtuiError as e:
                problems.append(self._stale_line(name, feeds.get(name), e.message))
                continue
            except Exception as e:  # a parser bug on hostile input must not end the app
                problems.append(self._stale_line(
                    name, feeds.get(name), f"unreadable ({type(e).__name__})"))
                continue
            feeds[name] = {"url": url, "fetched_at": self._clock(), "data": data}
            fresh = True
        if fresh:
            try:
                self._write_cache(feeds)
            except FeedError as e:
                problems.append(e.message)
        return self._result(feeds, tuple(problems))

    def _stale_line(self, name: str, copy: dict[str, Any] | None, error: str) -> str:
        what = NAMES[name]
        # The fetch's own words start the same way: said once ("news feed unreachable:
        # showing the copy from 3 days ago (Connection refused.)").
        for start in (f"the {what} unreachable: ", "the feed unreachable: "):
            error = error.removeprefix(start)
        if copy is None:
            return f"{what} unreachable and no copy yet: {error}"
        age = age_text(self._clock() - float(copy["fetched_at"]))
        return f"{what} unreachable: showing the copy from {age} ({error})"

    def _result(self, feeds: dict[str, dict[str, Any]], problems: tuple[str, ...]
                ) -> FeedResult:
        """The state of the feeds' copies; a copy of the wrong shape counts as none."""
        try:
            return self._state(feeds, problems)
        except Exception as e:  # a damaged copy (edited, or from a bug): say so, not crash
            return FeedResult(ReleaseState(), (*problems, "the feeds' saved copy is "
                                               f"unreadable ({type(e).__name__}): fetch "
                                               "again with f5"))

    def _state(self, feeds: dict[str, dict[str, Any]], problems: tuple[str, ...]
               ) -> FeedResult:
        news = feeds.get("news", {}).get("data")
        advisories = feeds.get("advisories", {}).get("data")
        latest = feeds.get("latest", {}).get("data")
        releases = [r for row in news or [] if (r := _release_from(row)) is not None] \
            if isinstance(news, list) else []
        found = [a for row in advisories or [] if (a := _advisory_from(row)) is not None] \
            if isinstance(advisories, list) else []
        stable = MailText(latest) if isinstance(latest, str) and is_stable(latest) \
            else NO_TEXT
        state = ReleaseState(sort_releases(releases), tuple(found), stable)
        return FeedResult(state, problems,
                          {n: float(c["fetched_at"]) for n, c in feeds.items()})


def _advisory_json(a: Advisory) -> dict[str, Any]:
    return {"title": a.title, "url": a.url, "date": a.date, "fixed": a.fixed,
            "summary": a.summary}


def _what(settings: FeedSettings, url: str) -> str:
    return next((f"the {NAMES[n]}" for n in FEEDS if settings.url(n) == url), "the feed")


def local_fetch(directory: Path) -> Fetch:
    """Reads "URLs" as file names in ``directory``: the demo's bundled feed snapshot."""

    def fetch(url: str) -> bytes:
        try:
            return (directory / Path(urlsplit(url).path).name).read_bytes()
        except OSError as e:
            raise FeedError(f"the demo feed snapshot {url} is missing: {e.strerror}.") from e

    return fetch
