"""Provides placeholders: where a drafted issue still says ``TODO:``, pure.

The issue form prefills what only the member can say with a line starting ``TODO:`` (the
title's symptom, the "We need your feedback" section: `hdtui.domain.issue_draft`). Such
an issue is not created, and a reply is not built from an issue section that still holds
one (docs/gitlab-writes.md, docs/replies.md): a user would be sent the placeholder.

Only the member's fields count: a ``TODO:`` in a fenced code block is a report's own words
(the draft fences them), not a placeholder.
"""

from __future__ import annotations

import re

PLACEHOLDER = "TODO:"
"""How the issue form's placeholders start."""

_PLACEHOLDER_RE = re.compile(r"^\s*TODO:", re.MULTILINE)
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*(?:\{#[^}]*\})?\s*#*\s*$")


def holds_placeholder(text: str) -> bool:
    """Whether a line of ``text`` outside fenced code starts with ``TODO:``."""
    return bool(_placeholder_lines(text))


def _placeholder_lines(text: str) -> list[tuple[str, int]]:
    """``(heading, line number)`` of each placeholder line outside fences; heading "" when
    the line comes before any heading."""
    found: list[tuple[str, int]] = []
    fence = ""
    heading = ""
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n")
                                  .split("\n"), start=1):
        opened = _FENCE_RE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if (title := _HEADING_RE.match(line)) is not None:
            heading = title.group(1)
        elif _PLACEHOLDER_RE.match(line):
            found.append((heading, number))
    return found


def placeholder_sections(text: str) -> tuple[str, ...]:
    """The headings of the sections of ``text`` that still hold a placeholder, each once
    ("" for text before any heading)."""
    return tuple(dict.fromkeys(heading for heading, _ in _placeholder_lines(text)))


def unfilled(title: str, description: str) -> tuple[str, ...]:
    """What the member still has to fill, as the form says it: ``the title``, ``the "We
    need your feedback" section``; () when no placeholder is left."""
    fields = ["the title"] if PLACEHOLDER in title else []
    fields += [f'the "{h}" section' if h else "the description's opening lines"
               for h in placeholder_sections(description)]
    return tuple(fields)


def unfilled_message(fields: tuple[str, ...]) -> str:
    """One sentence: which fields still say TODO ("" when none)."""
    if not fields:
        return ""
    listed = ", ".join(fields[:-1]) + f" and {fields[-1]}" if len(fields) > 1 else fields[0]
    them = "them" if len(fields) > 1 else "it"
    return f"Still a TODO placeholder in {listed}: fill {them} in first."
