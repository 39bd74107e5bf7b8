"""Provides the Tails releases as the Help Desk needs them: versions, release notes by
section, the issue numbers a release fixes, security advisories, and what is outdated.

Pure and stdlib only. The text here came from the Tails website's feeds, which hdtui treats
like mail (docs/text-safety.md, docs/releases.md): every string is a ``MailText``. The
release-notes page is HTML; it is read with ``html.parser`` (no entities beyond HTML's
own, no external anything), never with an XML parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from hdtui.domain.text import NO_TEXT, MailText

SECTIONS: dict[str, str] = {
    "features": "New features",
    "changes": "Changes and updates",
    "fixes": "Fixed problems",
    "issues": "Known issues",
}
"""The sections of a release-notes page by their stable ``<h1>`` ids, in page order."""

_TITLE_TO_SECTION = {
    "new features": "features",
    "changes and updates": "changes",
    "changes": "changes",
    "upgrades and changes": "changes",
    "fixed problems": "fixes",
    "known issues": "issues",
}

STAGES = {"alpha": 0, "beta": 1, "rc": 2}
FINAL = 3
"""Pre-releases (``7.7~rc1``) sort before the release itself (``7.7``), as in Debian."""

_VERSION_RE = re.compile(r"^\s*(?:Tails\s+)?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?"
                         r"(?:~(alpha|beta|rc)(\d{0,4}))?(?![\w.~])", re.IGNORECASE)
_ISSUE_URL_RE = re.compile(r"/tails/tails/-/issues/(\d{1,7})\b")
_ISSUE_REF_RE = re.compile(r"(?:tails/tails)?#(\d{3,7})\b")
_EMERGENCY_RE = re.compile(r"vulnerab|CVE-\d", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\n]+")

Version = tuple[int, int, int, int, int]


def parse_version(text: str) -> Version | None:
    """``7.6`` → (7, 6, 0, 3, 0); ``7.6.1`` → (7, 6, 1, 3, 0); ``7.7~rc1`` → (7, 7, 0, 2, 1).

    A leading "Tails " and anything after the version (WhisperBack writes
    ``7.6 - 20260310``) are allowed; anything else is None."""
    m = _VERSION_RE.match(text)
    if m is None:
        return None
    major, minor, patch, stage, number = m.groups()
    return (int(major), int(minor), int(patch or 0),
            STAGES[stage.lower()] if stage else FINAL, int(number or 0))


def version_text(text: str) -> str:
    """The version at the start of ``text`` as written (``Tails 7.7~rc1`` → ``7.7~rc1``),
    or ""."""
    m = _VERSION_RE.match(text)
    return m.group(0).strip().removeprefix("Tails").strip() if m else ""


def is_stable(version: str) -> bool:
    """True for a released version (not an alpha, beta or release candidate)."""
    parsed = parse_version(version)
    return parsed is not None and parsed[3] == FINAL


def is_older(a: str, b: str) -> bool:
    """True when version ``a`` is older than ``b``; False when either is not a version
    (an unknown version is never called outdated)."""
    pa, pb = parse_version(a), parse_version(b)
    return pa is not None and pb is not None and pa < pb


def outdated(version: str, latest_stable: str) -> bool:
    """True for a report from a version older than the current stable one (a release
    candidate of the current version counts as older; unknown versions do not)."""
    return bool(version and latest_stable) and is_older(version, latest_stable)


@dataclass(frozen=True, slots=True)
class ReleaseNotes:
    """What a release-notes page says, by section."""

    sections: dict[str, tuple[MailText, ...]] = field(default_factory=dict)
    """Bullets by section id (``features``, ``changes``, ``fixes``, ``issues``)."""
    fixed_issues: tuple[int, ...] = ()
    """GitLab issue numbers named under Fixed problems (or anywhere, without sections)."""
    intro: MailText = NO_TEXT
    """The text before the first section: an emergency release names its vulnerability."""


@dataclass(frozen=True, slots=True)
class Release:
    """One Tails release as announced on the news feed."""

    version: MailText
    """``7.6.1``, ``7.7~rc1``."""
    date: str
    """The announcement date, ISO 8601 (``2026-11-18``), or "" when the feed has none."""
    url: MailText
    """The release-notes page."""
    sections: dict[str, tuple[MailText, ...]] = field(default_factory=dict)
    """Bullets by section id, see ``SECTIONS``."""
    fixed_issues: tuple[int, ...] = ()
    """GitLab issue numbers this release fixes."""
    intro: MailText = NO_TEXT
    """The opening line(s) before the first section."""

    @property
    def emergency(self) -> bool:
        """An emergency release: its page opens by saying so, or it is a point release
        (7.6.1) opening with the vulnerability it fixes. Regular releases also open with
        "This release fixes many security vulnerabilities", so that alone is not enough."""
        if "emergency" in self.intro.lower():
            return True
        parsed = parse_version(self.version)
        return parsed is not None and parsed[2] > 0 \
            and _EMERGENCY_RE.search(self.intro) is not None


@dataclass(frozen=True, slots=True)
class Advisory:
    """One security advisory from the advisories feed."""

    title: MailText
    url: MailText
    date: str
    """ISO 8601 date, or ""."""
    fixed: bool
    """The entry carries the category ``security/fixed``; otherwise it is a known issue of
    the current version."""
    summary: MailText = NO_TEXT


@dataclass(frozen=True, slots=True)
class ReleaseState:
    """Everything the feeds said: releases (newest first), advisories, the stable version."""

    releases: tuple[Release, ...] = ()
    advisories: tuple[Advisory, ...] = ()
    stable: MailText = NO_TEXT
    """The version latest.json names (the authority on what is current), or ""."""

    @property
    def latest(self) -> Release | None:
        """The release notes of the stable version, else the newest stable release."""
        for release in self.releases:
            if self.stable and parse_version(release.version) == parse_version(self.stable):
                return release
        return latest_release(self.releases)

    @property
    def current(self) -> str:
        """The current stable version: latest.json's, else the newest announced release."""
        if self.stable:
            return self.stable
        latest = latest_release(self.releases)
        return latest.version if latest else ""

    @property
    def unfixed(self) -> tuple[Advisory, ...]:
        """Advisories not yet fixed in a release."""
        return tuple(a for a in self.advisories if not a.fixed)


@dataclass(frozen=True, slots=True)
class FeedResult:
    """What the releases pane shows: the state and what went wrong fetching it."""

    state: ReleaseState
    problems: tuple[str, ...] = ()
    """One line per feed that failed: "news feed unreachable: showing the copy from 3 days
    ago (…)"."""
    fetched_at: dict[str, float] = field(default_factory=dict)
    """When each feed's copy was fetched (time.time()), by feed name."""

    @property
    def news_fetched(self) -> date | None:
        """The day (UTC) the news feed's copy, which lists the releases, was fetched, or
        None without one."""
        fetched = self.fetched_at.get("news")
        return None if fetched is None else datetime.fromtimestamp(fetched, UTC).date()

    @property
    def advisories_known(self) -> bool:
        """Whether there is a copy of the advisories feed: without one, the number of
        unfixed advisories is unknown, never "none" (docs/releases.md)."""
        return "advisories" in self.fetched_at

    @property
    def unfixed_text(self) -> str:
        """The unfixed advisories as counted where they show: "2", "none", or "unknown
        (the advisories feed was never fetched)"."""
        if not self.advisories_known:
            return "unknown (the advisories feed was never fetched)"
        return str(len(self.state.unfixed) or "none")


@dataclass(frozen=True, slots=True)
class ReleasesKnown:
    """The releases a report's version is judged by outside the counts (the report pane's
    version line), with what the counts judge by too: the feed copy's versions and their
    days, whether the copy is recent (``regressions.feed_recent``) and the day it is
    judged on, so that an old copy allows the releases that can have come since
    (``regressions.beyond_releases``; docs/insight.md, "Session 25: what walk25 counted
    wrong"). No release: unknown, not none."""

    releases: tuple[tuple[str, date], ...] = ()
    """(version, day released); ``date.min`` for a release the feed gives no day."""
    recent: bool = True
    today: date | None = None

    @property
    def versions(self) -> tuple[str, ...]:
        """The versions alone."""
        return tuple(version for version, _ in self.releases)


def latest_release(releases: Iterable[Release]) -> Release | None:
    """The newest stable release (release candidates do not count)."""
    stable = [r for r in releases if is_stable(r.version)]
    return max(stable, key=lambda r: parse_version(r.version) or (0, 0, 0, 0, 0),
               default=None)


def sort_releases(releases: Iterable[Release]) -> tuple[Release, ...]:
    """Newest first; releases whose version cannot be read last."""
    return tuple(sorted(releases, key=lambda r: parse_version(r.version) or (-1, 0, 0, 0, 0),
                        reverse=True))


def fixed_in(iid: int, releases: Sequence[Release]) -> str | None:
    """The first stable release that fixes issue ``iid`` ("7.6.1"), or None.

    The oldest one wins: an issue fixed in 7.6.1 and named again in 7.7's notes was fixed
    in 7.6.1, and that is what the member tells a user running 7.6."""
    versions = [r.version for r in releases if iid in r.fixed_issues and is_stable(r.version)]
    if not versions:
        return None
    return min(versions, key=lambda v: parse_version(v) or (0, 0, 0, 0, 0))


def issue_numbers(text: str) -> list[int]:
    """GitLab issue numbers in text or HTML: issue URLs and ``#12345`` references."""
    found = [int(n) for n in _ISSUE_URL_RE.findall(text)]
    found += [int(n) for n in _ISSUE_REF_RE.findall(text)]
    return list(dict.fromkeys(found))


def parse_release_notes(page: str) -> ReleaseNotes:
    """Split a release-notes page (HTML, or plain text with the section titles as lines)
    into sections of bullets, the issues fixed and the opening line.

    Issue numbers come from the Fixed problems section (links to GitLab issues and
    ``#N``); a page without sections gives every issue number it names."""
    if "<" in page and ">" in page:
        parser = _NotesParser()
        parser.feed(page)
        parser.close()
        for key, paragraphs in parser.loose.items():
            if not any(parser.sections.get(key, [])):
                parser.sections[key] = paragraphs
        sections, intro, fixes_raw = parser.sections, parser.intro, parser.fixes_raw
    else:
        sections, intro, fixes_raw = _text_sections(page)
    cleaned = {key: tuple(MailText(_squash(b)) for b in bullets if _squash(b))
               for key, bullets in sections.items()}
    cleaned = {key: bullets for key, bullets in cleaned.items() if bullets}
    fixed = issue_numbers(fixes_raw) if cleaned else issue_numbers(page)
    return ReleaseNotes(cleaned, tuple(fixed), MailText(_squash(" ".join(intro))))


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _section_of(heading_id: str, title: str) -> str | None:
    if heading_id in SECTIONS:
        return heading_id
    return _TITLE_TO_SECTION.get(_squash(title).lower().rstrip(":"))


def _text_sections(page: str) -> tuple[dict[str, list[str]], list[str], str]:
    sections: dict[str, list[str]] = {}
    intro: list[str] = []
    current: str | None = None
    started = False
    fixes: list[str] = []
    for line in page.splitlines():
        stripped = line.strip().lstrip("#").strip()
        key = _section_of("", stripped)
        if key is not None or stripped.lower().startswith("get tails"):
            current, started = key, True
            continue
        if not stripped:
            continue
        if not started:
            if not intro:  # the one opening line only
                intro.append(stripped)
            continue
        if current is None:
            continue
        bullet = re.match(r"^\s*[-*•]\s+(.*)", line)
        bucket = sections.setdefault(current, [])
        if bullet or not bucket:
            bucket.append(bullet.group(1) if bullet else stripped)
        else:
            bucket[-1] += " " + stripped
        if current == "fixes":
            fixes.append(line)
    return sections, intro, "\n".join(fixes)


class _NotesParser(HTMLParser):
    """Collects ``<li>`` text per ``<h1>`` section (nested list items are bullets of their
    own); a section without a list gets its paragraphs instead."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[str]] = {}
        self.intro: list[str] = []
        self.fixes_raw = ""
        self.loose: dict[str, list[str]] = {}
        """Paragraphs outside lists by section: the bullets of a section without a list."""
        self._section: str | None = None
        self._seen_heading = False
        self._heading: tuple[str, list[str]] | None = None
        self._items: list[tuple[list[str], int]] = []
        """Open list items: (text parts, slot in the section's list)."""
        self._paragraph: list[str] | None = None
        self._skip = 0  # inside <script>/<style>: never text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("h1", "h2"):
            self._heading = (dict(attrs).get("id") or "", [])
        elif tag == "li" and self._section is not None:
            bucket = self.sections.setdefault(self._section, [])
            bucket.append("")
            self._items.append(([], len(bucket) - 1))
        elif tag == "p" and not self._items:
            self._paragraph = []
        elif tag == "a" and self._section == "fixes":
            self.fixes_raw += " " + (dict(attrs).get("href") or "") + " "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("h1", "h2") and self._heading is not None:
            heading_id, parts = self._heading
            self._heading = None
            key = _section_of(heading_id, "".join(parts))
            if tag == "h1" or key is not None:
                self._section = key
                self._seen_heading = True
        elif tag == "li" and self._items and self._section is not None:
            parts, slot = self._items.pop()
            self.sections[self._section][slot] = "".join(parts)
        elif tag == "p" and self._paragraph is not None:
            text = _squash("".join(self._paragraph))
            self._paragraph = None
            if not text:
                return
            if not self._seen_heading:
                if not self.intro:
                    self.intro.append(text)
            elif self._section is not None:
                self.loose.setdefault(self._section, []).append(text)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading[1].append(data)
        elif self._items:
            self._items[-1][0].append(data)
        elif self._paragraph is not None:
            self._paragraph.append(data)
        if self._section == "fixes":
            self.fixes_raw += data
