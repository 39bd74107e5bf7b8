"""Provides what a cluster's signals say once they leave the member's machine (a GitLab
draft, the weekly Markdown, `hdtui stats --json`): a journal error or line by its program
alone, pure and light (the JSON's path imports no issue form)."""

from __future__ import annotations

import re

_MASK_RE = re.compile(r"(?:^|\s)#(?=\s|$)")
_JOURNAL_SIGNAL_RE = re.compile(r'^(same|\d+ of \d+ share) (journal error|journal line) "(.*)"$')
_MODULE_RE = re.compile(r"[a-z0-9_]+")


def journal_program(masked: str) -> str:
    """The program a masked journal line is from (and, for the kernel, the driver that
    speaks): what a draft shows of it. The rest of the line can hold what masking keeps
    of a path, a volume label or a file name ("mount of maria_gonzalez"), which is
    personal; the whole line stays on the hot topics screen (docs/insight.md)."""
    words = _MASK_RE.sub(" ", masked).split()
    if not words:
        return "?"
    if words[0] == "kernel" and len(words) > 1 and _MODULE_RE.fullmatch(words[1]) \
            and "_" in words[1]:
        return f"{words[0]} {words[1]}"
    return words[0]


def draft_signal(signal: str) -> str:
    """A cluster's signal (or label) as what leaves the machine says it (a draft for
    GitLab, the weekly report and the JSON for the teams): a journal error or line, shared
    by all or some of the reports, by its program alone."""
    match = _JOURNAL_SIGNAL_RE.match(signal)
    if match is not None:
        scope, kind, line = match.groups()
        return f"{scope} {kind} of {journal_program(line)}"
    return signal
