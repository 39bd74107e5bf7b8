"""Provides placeholders: where a drafted issue still holds the form's ``TODO:`` texts, pure.

The issue form prefills what only the member can say with placeholders starting ``TODO:``
(the title's symptom, the "We need your feedback" section: `hdtui.domain.issue_draft`);
only those exact texts count, not any ``TODO:``. Such
an issue is not created, and a reply is not built from an issue section that still holds
one (docs/gitlab-writes.md, docs/replies.md): a user would be sent the placeholder.

Only the member's fields count: a placeholder in a fenced code block, or on a line indented
four columns or more (an indented code block), is a report's own words (the draft fences
them), not a placeholder. A fence is closed only by a fence line without an info string.
"""

from __future__ import annotations

import re

PLACEHOLDER = "TODO:"
"""How the issue form's placeholders start."""
TITLE_SYMPTOM = f"{PLACEHOLDER} the symptom, in English"
"""Where the member names the problem in the prefilled title (`issue_draft`): the title is
theirs, and the issue form refuses to create the issue while this is still in it."""
FEEDBACK_PLACEHOLDER = (f"{PLACEHOLDER} what affected users should try or tell us (e.g. test "
                        "a nightly image, say which Tails version last worked).")
"""The line of the draft's "We need your feedback" section the member replaces."""
PLACEHOLDERS = (TITLE_SYMPTOM, FEEDBACK_PLACEHOLDER)
"""The form's placeholders, exactly as it writes them: only these count, never any other
``TODO:`` (a title quoting a menu that says "TODO:" is the member's own)."""

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*(?:\{#[^}]*\})?\s*#*\s*$")


def holds_placeholder(text: str) -> bool:
    """Whether a line of ``text`` outside code holds one of the form's placeholders."""
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
            # Only a fence line without an info string closes (```text opens, never closes).
            if (opened and not opened.group(2).strip() and opened.group(1)[0] == fence[0]
                    and len(opened.group(1)) >= len(fence)):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if (title := _HEADING_RE.match(line)) is not None:
            heading = title.group(1)
        elif _is_placeholder_line(line):
            found.append((heading, number))
    return found


def _is_placeholder_line(line: str) -> bool:
    """A line holding one of the form's placeholders, indented less than four columns (four
    or more make it an indented code block: a quote, not the form's text)."""
    indent = len(line) - len(line.lstrip(" \t"))
    if "\t" in line[:indent] or indent >= 4:
        return False
    return any(placeholder in line for placeholder in PLACEHOLDERS)


def placeholder_sections(text: str) -> tuple[str, ...]:
    """The headings of the sections of ``text`` that still hold a placeholder, each once
    ("" for text before any heading)."""
    return tuple(dict.fromkeys(heading for heading, _ in _placeholder_lines(text)))


def unfilled(title: str, description: str) -> tuple[str, ...]:
    """What the member still has to fill, as the form says it: ``the title``, ``the "We
    need your feedback" section``; () when no placeholder is left."""
    fields = ["the title"] if any(p in title for p in PLACEHOLDERS) else []
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
