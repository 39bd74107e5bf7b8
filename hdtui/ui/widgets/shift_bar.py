"""Provides ShiftBar: the top line that always says which kind of shift this is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class ShiftBar(Static):
    """``hdtui · NORMAL SHIFT`` or ``READ-ONLY SKIM``, plus the mailbox and counts."""

    def __init__(self, read_only: bool, source: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.read_only = read_only
        self.source = source
        self.counts = ""
        self.offline = ""

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

    def refresh_bar(self) -> None:
        """Redraw."""
        mode = (" READ-ONLY SKIM: nothing can be answered or changed "
                if self.read_only else " NORMAL SHIFT ")
        self.update(Content.assemble(
            (" hdtui ", "bold"),
            (mode, "bold reverse"),
            (f"  {self.source}", ""),
            (f"  {self.offline} ", "bold reverse") if self.offline else "",
            (f"  {self.counts}", "dim"),
        ))
