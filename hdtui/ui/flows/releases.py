"""Provides ``show_releases``: the latest Tails release, its notes and the unfixed
advisories (the screen fetches the feeds in a thread by itself, docs/releases.md)."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow


async def show_releases(flow: Flow) -> None:
    """Open the releases pane."""
    from hdtui.ui.screens.releases import ReleasesScreen  # imported on first use

    flow.app.push_screen(ReleasesScreen(getattr(flow.app, "releases", None)))
