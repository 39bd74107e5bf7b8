"""Provides ShiftBar: the top line that always says which kind of shift this is, and the
countdown of a running reproduction attempt."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static


class ShiftBar(Static):
    """``hdtui · NORMAL SHIFT`` or ``READ-ONLY SKIM``, plus the mailbox and counts."""

    def __init__(self, read_only: bool, source: str, *, id: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(id=id)
        self.read_only = read_only
        self.source = source
        self.counts = ""
        self.offline = ""
        self.clock = clock
        """Epoch seconds now (the countdown's clock; tests pass their own)."""
        self.deadline: float | None = None
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        """Draw the first time."""
        self.set_read_only(self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Show a normal shift or a read-only skim."""
        self.read_only = read_only
        self.set_class(read_only, "-read-only")
        self.refresh_bar()

    def set_counts(self, counts: str) -> None:
        """Update the counts shown on the right."""
        self.counts = counts
        self.refresh_bar()

    def set_offline(self, text: str) -> None:
        """Show (or, with "", clear) the connection problem."""
        self.offline = text
        self.refresh_bar()

    def set_countdown(self, deadline: float | None) -> None:
        """Show ``reproducing: 29:12 left`` until ``deadline`` (epoch seconds), then
        ``time is up``; None clears it."""
        self.deadline = deadline
        if deadline is None:
            if self._ticker is not None:
                self._ticker.stop()
                self._ticker = None
        elif self._ticker is None:
            self._ticker = self.set_interval(1.0, self.refresh_bar)
        self.refresh_bar()

    def countdown_text(self) -> str:
        """``reproducing: 29:12 left``, ``reproducing: time is up`` or "" without a deadline."""
        if self.deadline is None:
            return ""
        left = int(self.deadline - self.clock())
        if left <= 0:
            return "reproducing: time is up"
        return f"reproducing: {left // 60}:{left % 60:02d} left"

    def refresh_bar(self) -> None:
        """Redraw."""
        mode = (" READ-ONLY SKIM: no answers, no mailbox changes "
                if self.read_only else " NORMAL SHIFT ")
        self.update(Content.assemble(
            (" hdtui ", "bold"),
            (mode, "bold reverse"),
            (f"  {self.source}", ""),
            (f"  {self.offline} ", "bold reverse") if self.offline else "",
            (f"  {self.countdown_text()} ", "bold") if self.deadline is not None else "",
            (f"  {self.counts}", "dim"),
        ))
