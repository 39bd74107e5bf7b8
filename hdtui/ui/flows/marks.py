"""Provides ``toggle_mark``: set or clear a triage mark (claimed, triaged, no reply) on the
message under the cursor; releasing another member's claim asks for the key again."""

from __future__ import annotations

import time

from hdtui.domain.marks import Mark
from hdtui.errors import ForeignClaimError
from hdtui.ui.flows.flow import Flow

RELEASE_WINDOW = 5.0
"""Seconds in which the claim key, pressed again, releases another member's claim."""


async def toggle_mark(flow: Flow, word: str) -> None:
    """Set or clear the mark; a claim lost to someone faster says so (a warning), and the
    queue is read again to show what the other member did. A claim whose name could not
    be written to the claims folder stands, with a warning (docs/marks.md)."""
    row = flow.current()
    if row is None:
        return
    # Set or cleared as the member saw it: another member's claim read from the server
    # since, not drawn yet, makes a claim lose, never a release (docs/marks.md).
    seen = flow.seen
    shown = seen.marks if seen is not None and seen.key == row.key else None
    screen = flow.screen
    armed, screen.release_armed = screen.release_armed, None
    force = armed is not None and armed[0] == row.key and \
        time.monotonic() - armed[1] < RELEASE_WINDOW
    try:
        changed = await flow.run(flow.triage.toggle_mark, row, Mark.parse(word), force,
                                 shown)
    except ForeignClaimError as error:
        screen.release_armed = (error.key, time.monotonic())
        raise  # said as a warning, like every conflict
    flow.changed(changed)
    for notice in flow.triage.take_notices():  # the claim stands; only its name is missing
        flow.warn(notice, "Claim name")
