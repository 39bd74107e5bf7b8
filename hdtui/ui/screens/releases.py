"""Provides ReleasesScreen: the latest Tails release, its notes by section and the
advisories not yet fixed; and the "outdated" line of the report view.

The feeds are fetched in a thread worker (never on the UI thread): the screen shows the
last good copy at once, then what the fetch brought, and says when a feed failed and how
old the copy shown is. Every feed string reaches the screen through ``literal``.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from datetime import date

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from hdtui.domain.queue import Entry
from hdtui.domain.releases import SECTIONS, FeedResult, Release, ReleasesKnown, outdated
from hdtui.errors import HdtuiError
from hdtui.services.ports import ReleaseSource
from hdtui.ui.labelled import Line, line
from hdtui.ui.safe import literal
from hdtui.ui.screens import DIALOGS_CSS
from hdtui.ui.widgets.dialog_scroll import DialogScroll

if typing.TYPE_CHECKING:
    from hdtui.ui.app import HdtuiApp


def stable_version(app: App[object]) -> str:
    """The current stable version the app knows of (from the feeds' copy), or ""."""
    result = getattr(app, "release_result", None)
    return result.state.current if isinstance(result, FeedResult) else ""


def known_releases(app: App[object]) -> ReleasesKnown:
    """The releases of the feeds' copy with their days, and whether the copy is recent
    enough to judge versions by as is (``regressions.feed_recent``) on today; none when not
    read yet (unknown is not none: docs/releases.md). An old copy judges as the counts
    judge with it: with room for the releases that can have come since its newest."""
    result = getattr(app, "release_result", None)
    if not isinstance(result, FeedResult):
        return ReleasesKnown()
    # Imported once the feeds' copy is read: the insight module and what it loads (the
    # matcher's patterns) took ~0.1 s of the UI thread at a warm start's first report,
    # shown before the feeds' copy is read, ahead of the whole queue's frame
    # (docs/benchmarks.md, "Session 29: the whole queue after the first frame").
    from hdtui.services.insight import feed_copy_old

    today = date.today()
    return ReleasesKnown(tuple((str(release.version), _day(release.date))
                               for release in result.state.releases),
                         not feed_copy_old(result, today), today)


def _day(text: str) -> date:
    """A release's day from the feed's ISO 8601 date; ``date.min`` when it has none."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return date.min


def outdated_line(entry: Entry, stable: str) -> tuple[Line, ...]:
    """The report view's line for a report from a version older than the stable one (none
    for a report that is not)."""
    if not outdated(entry.version, stable):
        return ()
    return (line("Outdated", f"outdated (stable is {stable}): advise upgrading before "
                 "anything else", "bold yellow"),)


def release_content(result: FeedResult | None) -> Content:
    """The body of the pane: problems, the latest release by section, the advisories."""
    if result is None:
        return Content.styled("Loading the feeds…", "dim")
    parts: list[Content | str | tuple[str, str]] = []
    for problem in result.problems:
        parts.extend((literal(problem, "yellow"), "\n"))
    if result.problems:
        parts.append("\n")
    state = result.state
    latest = state.latest
    if latest is None:
        parts.extend((literal(f"Stable version: {state.current or 'unknown'}", "bold"),
                      "\n", ("No release notes in the copy of the news feed.", "dim"), "\n"))
    else:
        kind = "  emergency release" if latest.emergency else ""
        parts.extend((literal(f"Tails {latest.version}", "bold"), literal(kind, "bold red"),
                      literal(f"   {latest.date or 'date unknown'}   {latest.url}", "dim"),
                      "\n"))
        if state.stable and state.stable != latest.version:
            parts.extend((literal(f"latest.json names {state.stable}", "yellow"), "\n"))
        if latest.intro:
            parts.extend((literal(latest.intro, "italic"), "\n"))
        for key, title in SECTIONS.items():
            bullets = latest.sections.get(key, ())
            if bullets:
                parts.extend(("\n", (title, "bold underline"), "\n"))
                parts.extend(item for bullet in bullets
                             for item in (literal(f" • {bullet}"), "\n"))
        if latest.fixed_issues:
            parts.extend(("\n", ("Fixes issues ", "bold"), literal(
                ", ".join(f"#{n}" for n in latest.fixed_issues)), "\n"))
    unfixed = state.unfixed
    parts.extend(("\n", (f"Unfixed advisories: {result.unfixed_text}", "bold underline"),
                  "\n"))
    for advisory in unfixed:
        parts.extend((literal(f" • {advisory.date or '?'}  {advisory.title}"), "\n",
                      literal(f"   {advisory.url}", "dim"), "\n"))
        if advisory.summary:
            parts.extend((literal(f"   {advisory.summary}"), "\n"))
    older = [r for r in state.releases if r is not latest][:5]
    if older:
        parts.extend(("\n", ("Earlier releases", "bold underline"), "\n"))
        parts.extend(item for line in _older_lines(older) for item in (literal(line), "\n"))
    return Content.assemble(*parts)


def _older_lines(releases: Sequence[Release]) -> list[str]:
    lines = []
    for release in releases:
        fixes = ", ".join(f"#{n}" for n in release.fixed_issues) or "no issue numbers"
        kind = "  emergency" if release.emergency else ""
        lines.append(f" • {release.version}{kind}  {release.date or '?'}  fixes {fixes}")
    return lines


class ReleasesScreen(ModalScreen[None]):
    """The releases pane."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,q", "dismiss_modal", "Close", id="close-releases"),
        Binding("f5", "refresh_feeds", "Fetch again", id="refresh-releases"),
    ]

    def __init__(self, feeds: ReleaseSource | None) -> None:
        super().__init__()
        self.feeds = feeds

    def compose(self) -> ComposeResult:
        """Title, status line and the scrollable notes."""
        with Vertical(id="releases-dialog", classes="dialog"):
            yield Static(Content.styled("Tails releases", "bold"), id="releases-title")
            yield Static(Content.styled("fetching the feeds…", "dim"), id="releases-status")
            with DialogScroll(id="releases-scroll"):
                yield Static(release_content(getattr(self.app, "release_result", None)),
                             id="releases-body")
            yield Static(Content.styled("escape closes · f5 fetches again · arrows scroll",
                                        "dim"))

    def on_mount(self) -> None:
        """Fetch at once; the copy already known is shown meanwhile."""
        self.query_one("#releases-scroll").focus()
        self.action_refresh_feeds()

    def action_refresh_feeds(self) -> None:
        """Fetch the three feeds again (in a thread)."""
        if self.feeds is None:
            self._status("No feeds configured.")
            return
        self._status("fetching the feeds…")
        self._fetch(self.feeds)

    @work(thread=True, exclusive=True, group="releases", exit_on_error=False)
    def _fetch(self, feeds: ReleaseSource) -> None:
        try:
            result = feeds.refresh()
        except HdtuiError as e:
            self.app.call_from_thread(self._status, e.message)
            return
        self.app.call_from_thread(self._show, result)

    def _status(self, text: str) -> None:
        self.query_one("#releases-status", Static).update(literal(text, "dim"))

    def _show(self, result: FeedResult) -> None:
        # The app keeps the newest result: the report view's "outdated" line reads it.
        typing.cast("HdtuiApp", self.app).releases_known(result)
        self.query_one("#releases-body", Static).update(release_content(result))
        failed = len(result.problems)
        self._status("up to date" if not failed else
                     f"{failed} feed{'s' if failed > 1 else ''} failed: showing the last good "
                     "copy")

    def action_dismiss_modal(self) -> None:
        """Close."""
        self.dismiss(None)
