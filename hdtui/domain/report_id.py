"""Provides the WhisperBack report ID of a mail's clear Subject (docs/whisperback.md).

Apart from the report's parser (``hdtui.domain.report``), which the queue's first rows do
not need: the queue asks for the ID of every message it classifies (docs/benchmarks.md,
"Session 15: warm first rows").
"""

from __future__ import annotations

import re

REPORT_ID_RE: re.Pattern[str] = re.compile(r"\b[Bb]ug [Rr]eport:\s+([0-9a-f]{1,32})(?!\w)")


def report_id_from_subject(subject: str) -> str | None:
    """The report ID in a ``Bug report: <id>`` subject (also after Re:/[FT]), or None."""
    match = REPORT_ID_RE.search(subject or "")
    return match.group(1) if match else None
