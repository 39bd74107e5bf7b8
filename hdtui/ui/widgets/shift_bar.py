"""Provides ShiftBar: the top line that always says which kind of shift this is, and the
countdown of a running reproduction attempt (with the report it is for).

The line fits its width (80 columns is the home size, docs/layouts.md): the kind of shift,
a connection problem (counting down to the next reconnect attempt, with the key that
retries now; a shorter form when the long one does not fit) and the countdown are always
shown whole; the counts of each kind are abbreviated when the full form does not fit; the
mailbox's name takes what is left, cut with an ellipsis.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from hdtui.domain.mail import Kind
from hdtui.domain.text import cells, cut

SHORT_KINDS = {Kind.TEAM: "T", Kind.REPORT: "WB", Kind.SUPPORT: "M", Kind.LIST_ADMIN: "L",
               Kind.FT: "FT", Kind.SYSTEM: "S"}
"""The kinds' abbreviations in the counts of a narrow bar (T2 WB55 M8 …)."""
MIN_SOURCE = 8
"""Cells under which the mailbox's name is left out rather than cut to nothing."""


def full_counts(counts: Mapping[Kind, int]) -> str:
    """``Team 2 WB 55 Mail 8``: every kind with messages, by its queue label."""
    return " ".join(f"{kind.label} {n}" for kind, n in counts.items() if n)


def short_counts(counts: Mapping[Kind, int]) -> str:
    """``T2 WB55 M8``: the same, abbreviated."""
    return " ".join(f"{SHORT_KINDS[kind]}{n}" for kind, n in counts.items() if n)


class ShiftBar(Static):
    """``hdtui · NORMAL SHIFT`` or ``READ-ONLY SKIM``, plus the mailbox and counts."""

    def __init__(self, read_only: bool, source: str, *, id: str | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        # The class from the start: set at mount, it restyled the bar.
        super().__init__(id=id, classes="-read-only" if read_only else "")
        self.read_only = read_only
        self.source = source
        self.counts: Mapping[Kind, int] = {}
        self.offline = ""
        self.retry_at: float | None = None
        """When the next reconnect attempt starts (epoch seconds), while offline."""
        self.retry_key = "f5"
        """The key that retries now (the member's keymap)."""
        self.clock = clock
        """Epoch seconds now (the countdown's clock; tests pass their own)."""
        self.deadline: float | None = None
        self.reproducing = ""
        """The short ID (or subject) of the report being reproduced."""
        self._ticker: Timer | None = None
        self.errors_waiting = 0
        """Error boxes held while the member types in a form (``show_error``)."""

    def on_mount(self) -> None:
        """Draw the first time."""
        self.set_read_only(self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Show a normal shift or a read-only skim."""
        self.read_only = read_only
        self.set_class(read_only, "-read-only")
        self.refresh_bar()

    def on_resize(self) -> None:
        """Fit the line to the new width."""
        self.refresh_bar()

    def set_counts(self, counts: Mapping[Kind, int]) -> None:
        """Update the counts of each kind."""
        self.counts = counts
        self.refresh_bar()

    def set_offline(self, text: str) -> None:
        """Show (or, with "", clear) the connection problem; "" also ends the countdown
        to the next reconnect attempt."""
        self.offline = text
        if not text:
            self.retry_at = None
            self._tick()
        self.refresh_bar()

    def set_errors_waiting(self, count: int) -> None:
        """Say that ``count`` error boxes wait for the form being typed in to close (the
        bar stays on screen above a form; the status line does not at 80x24)."""
        self.errors_waiting = count
        self.refresh_bar()

    def set_reconnect(self, retry_at: float, key: str = "f5") -> None:
        """Count down to the next reconnect attempt at ``retry_at`` (epoch seconds):
        ``offline: retrying in 4 s · f5 retries now`` (``key``: the member's reload key),
        then ``offline: retrying now…``; ``set_offline("")`` clears it."""
        self.offline = "offline"
        self.retry_at = retry_at
        self.retry_key = key
        self._tick()
        self.refresh_bar()

    def offline_text(self, short: bool = False) -> str:
        """The connection problem as shown now: the countdown while one runs (``short``:
        ``offline · retry 4 s · f5``), else the text set."""
        if self.retry_at is None:
            return self.offline
        left = math.ceil(self.retry_at - self.clock())
        if left <= 0:
            return "offline: retrying now…"
        if short:
            return f"offline · retry {left} s · {self.retry_key}"
        return f"offline: retrying in {left} s · {self.retry_key} retries now"

    def _tick(self) -> None:
        """Redraw every second while a countdown runs (reproducing, reconnecting)."""
        needed = self.deadline is not None or self.retry_at is not None
        if needed and self._ticker is None:
            self._ticker = self.set_interval(1.0, self.refresh_bar)
        elif not needed and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def set_countdown(self, deadline: float | None, report: str = "") -> None:
        """Show ``reproducing 8033ed4c: 29:12 left`` until ``deadline`` (epoch seconds),
        then ``time is up``; None clears it. ``report``: its short ID (or subject)."""
        self.deadline = deadline
        self.reproducing = cut(report, 16)
        self._tick()
        self.refresh_bar()

    def countdown_text(self) -> str:
        """``reproducing 8033ed4c: 29:12 left``, ``… time is up`` or "" without a
        deadline."""
        if self.deadline is None:
            return ""
        what = f"reproducing {self.reproducing}".rstrip()
        left = int(self.deadline - self.clock())
        if left <= 0:
            return f"{what}: time is up"
        return f"{what}: {left // 60}:{left % 60:02d} left"

    def refresh_bar(self) -> None:
        """Redraw, fitted to the width: what must show first, then what fits."""
        width = self.size.width or self.app.size.width
        mode = " READ-ONLY SKIM " if self.read_only else " NORMAL SHIFT "
        why = ": no answers, no mailbox changes " if self.read_only else ""
        must = [(mode, "bold reverse")]
        offline = self.offline_text()
        if offline:
            must.append((f" {offline} ", "bold reverse"))
        if self.deadline is not None:
            must.append((f" {self.countdown_text()} ", "bold"))
        if self.errors_waiting:
            must.append((f" {self.errors_waiting} error(s) wait ", "bold reverse"))
        left = width - sum(cells(text) + 1 for text, _ in must)
        if left < 0:  # tight: the padding goes before anything that must show
            must = [(text.strip(), style) for text, style in must]
            mode = mode.strip()
            left = width - sum(cells(text) + 1 for text, _ in must)
        if left < 0 and offline:  # still tight: the countdown's short form
            short = self.offline_text(short=True)
            left += cells(offline) - cells(short)
            must[1] = (short, must[1][1])
        # The full counts only when the mailbox's whole name fits too, else abbreviated.
        counts = full_counts(self.counts)
        if cells(counts) + 1 + cells(self.source) + 8 > left:
            counts = short_counts(self.counts)
        if cells(counts) + 1 > left:
            counts = ""
        left -= cells(counts) + 1 if counts else 0
        if why and cells(why) <= left - MIN_SOURCE:
            mode, left = mode.rstrip() + why, left - cells(why) + 1
            must[0] = (mode, "bold reverse")
        name = " hdtui " if left >= MIN_SOURCE + 7 else ""
        left -= cells(name)
        source = cut(self.source, left - 1) if left - 1 >= MIN_SOURCE else ""
        shown = [*must, (counts, "dim"), (source, "")]
        parts: list[tuple[str, str] | str] = [(name, "bold")] if name else []
        for text, style in shown:
            if text:
                parts += [(text, style), " "]
        self.update(Content.assemble(*parts[:-1]))
