"""Provides the report pane's thread part (docs/followups.md): "waiting for the user" with
the time since, what members recorded about the message (the team folder: docs/shift.md),
my reminder, and the messages of its thread below the report, oldest first, newest last.
Every text from mail or the team folder reaches the screen through ``literal``."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.content import Content

from hdtui.domain.followups import age_text
from hdtui.domain.text import one_line
from hdtui.errors import HdtuiError
from hdtui.services.shift import Shift
from hdtui.ui.safe import literal

QUOTED_LINES = 6
"""The first lines of each answer shown in the thread (open it for the rest)."""


def thread_content(shift: Shift, key: str, message_id: str | None) -> Content:
    """The thread part of the report pane for ``key`` (blocking: the pane's worker)."""
    now = datetime.now(UTC)
    parts: list[Content | str] = []
    waiting = shift.waiting(key)
    if waiting is not None:
        since = f"{waiting.astimezone():%Y-%m-%d %H:%M}"
        parts.extend((literal(f"Waiting for the user since {since} "
                              f"({age_text(waiting, now)})", "bold yellow"), "\n"))
    for line in shift.shared_lines(key, message_id):
        parts.extend((literal(line, "cyan"), "\n"))
    reminder = shift.reminder(key)
    if reminder is not None:
        note = f": {reminder.note}" if reminder.note else ""
        due = f"{reminder.due.astimezone():%Y-%m-%d %H:%M}"
        parts.extend((literal(f"Reminder: check back {due}{note}", "magenta"), "\n"))
    thread = shift.thread(key)
    if len(thread) > 1:
        parts.extend(("\n", Content.styled(f"Thread: {len(thread)} messages, oldest first "
                                           "(▶ is this one)", "bold underline"), "\n"))
        for message in thread:
            when = datetime.fromtimestamp(message.stamp, UTC).astimezone()
            mark = "▶ " if message.key == key else "  "
            who = message.sender or "?"
            parts.extend((literal(f"{mark}{when:%Y-%m-%d %H:%M}  {who}  ", "dim"),
                          literal(one_line(message.summary, 60), "bold"), "\n"))
            if message.key != key and message.stamp > 0:
                parts.extend(_quoted(shift, message.key))
    return Content.assemble(*parts) if parts else Content("")


def _quoted(shift: Shift, key: str) -> list[Content | str]:
    try:
        entry = shift.triage.full(key)
    except HdtuiError:
        return []
    if entry is None:
        return []
    lines = [line for line in str(entry.message.text).splitlines() if line.strip()]
    shown = [literal(f"    {one_line(line, 200)}", "italic") for line in lines[:QUOTED_LINES]]
    out: list[Content | str] = []
    for line in shown:
        out.extend((line, "\n"))
    if len(lines) > QUOTED_LINES:
        out.extend((Content.styled(f"    … {len(lines) - QUOTED_LINES} more lines", "dim"),
                    "\n"))
    return out
