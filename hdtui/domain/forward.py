"""Provides the context on top of a forward to a team, pure: ForwardChoice, forward_context().

The Help Desk forwards a report with what the team needs to judge it (docs/process.md §3,
step 3): what the problem is, how important it is, known workarounds and whether it was
reproduced. The block has the layout of `hdtui.domain.compose.context_block`; only its
"Reproduced" line carries the full `hdtui.domain.process.reproduction_line` instead of
yes/no.
"""

from __future__ import annotations

from dataclasses import dataclass

from hdtui.domain.compose import context_block
from hdtui.domain.queue import Entry
from hdtui.domain.text import one_line

_LABEL_WIDTH = 13
"""The width of the labels in compose.context_block ("Reproduced:  ")."""


@dataclass(frozen=True, slots=True)
class ForwardChoice:
    """What the member chose in the forward form."""

    team: str
    """The team's name, as offered to the form."""
    importance: str
    workarounds: str


def forward_problem(entry: Entry) -> str:
    """The problem in one line: the user's summary, then version and machine if known."""
    facts = [f"Tails {entry.version}" if entry.version else "", entry.hardware]
    known = ", ".join(one_line(f) for f in facts if f)
    summary = one_line(entry.summary)
    return f"{summary} ({known})" if known else summary


def context_text(problem: str, importance: str, workarounds: str, reproduction: str) -> str:
    """The context block for already chosen texts (what the forward form shows live)."""
    block = context_block(problem, importance, workarounds, None)
    lines = block.rstrip("\n").split("\n")
    said = one_line(reproduction) or "Not tried"
    lines[-1] = f"{'Reproduced:':<{_LABEL_WIDTH}}{said}"
    return "\n".join(lines) + "\n"


def forward_context(entry: Entry, importance: str, workarounds: str, reproduction: str) -> str:
    """The context block for forwarding ``entry``: problem, importance, workarounds,
    reproduction (a `reproduction_line`)."""
    return context_text(forward_problem(entry), importance, workarounds, reproduction)
