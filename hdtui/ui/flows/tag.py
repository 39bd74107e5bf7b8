"""Provides ``toggle_tag``: tag the message under the cursor for an issue about several
reports (``I`` then drafts one issue from the tagged reports)."""

from __future__ import annotations

from hdtui.ui.flows.flow import Flow


async def toggle_tag(flow: Flow) -> None:
    """Tag or untag the message under the cursor."""
    if flow.current() is None:  # says "No message selected."
        return
    flow.queue.toggle_tag()
