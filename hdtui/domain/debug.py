"""Provides splitting of a WhisperBack report's debug information into sections.

WhisperBack appends each debugging item as ``======= content of <key> =======`` followed by its
lines; ``<key>`` is a path or a full command line. Directory items nest their files with a ``> ``
prefix and inner ``>  === content of <path> ===`` markers, which stay inside the parent section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hdtui.domain.lookahead import first_letters_ahead

MARKER_PREFIX = "======= content of "
MARKER_SUFFIX = " ======="
NESTED_PREFIX = ">  === content of "
NESTED_SUFFIX = " ==="

_MARKER_RE = re.compile(r"======= content of (.*) =======\r?$", re.M)
"""A marker line's text. Not anchored by ``^``: a pattern that starts with its literal
prefix is found by a fast search for that prefix, while ``^`` under ``re.M`` tried a
match at every position of the body; ``_markers`` keeps the matches that start a line
(docs/benchmarks.md, "Session 17: the cold read")."""
_ASSIGN_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")
_JOURNAL_PREFIX_RE = re.compile(
    r"(?:[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)?|\d{4}-\d{2}-\d{2}T[0-9:.+-]+) \S+ "
)
# "not supported": a program refusing what the user asked for (docs/insight.md, "Session 8,
# ninth round").
JOURNAL_ERROR_WORDS = (
    r"error|\bfail|warn|segfault|\boops\b|timed out|\btimeout\b|\bcritical\b|\bpanic"
    r"|call trace|traceback|\bdenied\b|\brefused\b|\bunable to\b|\bcannot\b|\bcan't\b"
    r"|\bnot supported\b|\bunsupported\b|\bdoes not support\b")
"""What makes a journal line an error or a warning (ignoring case), one expression."""
_JOURNAL_ERROR_FIRST = "efwsotcpdrun"
"""The first letter of each of ``JOURNAL_ERROR_WORDS``' alternatives."""
_JOURNAL_ERROR_RE = first_letters_ahead(_JOURNAL_ERROR_FIRST, JOURNAL_ERROR_WORDS)
"""``JOURNAL_ERROR_WORDS``, tried only where one of its first letters stands: the same
matches (the class ignores case as the words do), at 2.6 times less CPU. Most of a
journal's lines are no error, and each of them was tried at every place against every
alternative: this expression was a sixth of the count after a cold read
(docs/insight.md, "Session 21: the count after a first open")."""
_JOURNAL_BUG_RE = re.compile(r"\bBUG\b")
_MAX_JOURNAL_LINE = 4000
_TITLE_PREFIXES = ("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/")


@dataclass(frozen=True, slots=True)
class DebugSection:
    """One debugging item: its key and its content lines."""

    key: str
    lines: tuple[str, ...]

    @property
    def missing(self) -> bool:
        """Whether the item's content is exactly ``Not found``."""
        return self.text.strip() == "Not found"

    @property
    def is_journal(self) -> bool:
        """Whether the key runs journalctl."""
        words = self.key.split()
        return bool(words) and any(w.rsplit("/", 1)[-1] == "journalctl" for w in words[:3])

    @property
    def title(self) -> str:
        """Short display title: the key without a leading /usr/bin/, /usr/sbin/, /bin/ or /sbin/."""
        for prefix in _TITLE_PREFIXES:
            if self.key.startswith(prefix):
                return self.key[len(prefix) :]
        return self.key

    @property
    def text(self) -> str:
        """The content lines joined with newlines."""
        return "\n".join(self.lines)

    @property
    def command(self) -> str:
        """Base name of the key's first word ("lspci" for "/usr/bin/lspci -nn")."""
        words = self.key.split(maxsplit=1)
        return words[0].rsplit("/", 1)[-1] if words else ""

    def nested(self) -> tuple[DebugSection, ...]:
        """Files nested in a directory item (``>  === content of … ===``), prefixes removed."""
        result: list[DebugSection] = []
        key: str | None = None
        body: list[str] = []
        for line in self.lines:
            nested_key = nested_marker_key(line)
            if nested_key is not None:
                if key is not None:
                    result.append(DebugSection(key, _drop_trailing_blank(body)))
                key, body = nested_key, []
            elif key is not None:
                if line.startswith("> "):
                    body.append(line[2:])
                elif line.startswith(">"):
                    body.append(line[1:])
                else:
                    body.append(line)
        if key is not None:
            result.append(DebugSection(key, _drop_trailing_blank(body)))
        return tuple(result)


def marker_key(line: str) -> str | None:
    """The key of a ``======= content of <key> =======`` line, or None for other lines."""
    if line.endswith("\r"):
        line = line[:-1]
    if (
        line.startswith(MARKER_PREFIX)
        and line.endswith(MARKER_SUFFIX)
        and len(line) >= len(MARKER_PREFIX) + len(MARKER_SUFFIX)
    ):
        return line[len(MARKER_PREFIX) : len(line) - len(MARKER_SUFFIX)]
    return None


def nested_marker_key(line: str) -> str | None:
    """The key of a nested ``>  === content of <path> ===`` line, or None for other lines."""
    if line.endswith("\r"):
        line = line[:-1]
    if (
        line.startswith(NESTED_PREFIX)
        and line.endswith(NESTED_SUFFIX)
        and len(line) >= len(NESTED_PREFIX) + len(NESTED_SUFFIX)
    ):
        return line[len(NESTED_PREFIX) : len(line) - len(NESTED_SUFFIX)]
    return None


def _drop_trailing_blank(lines: Sequence[str]) -> tuple[str, ...]:
    """Drop trailing blank lines."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return tuple(lines[:end])


def _chunk_lines(chunk: str) -> list[str]:
    """Split a chunk of text into lines, dropping a trailing carriage return from each."""
    lines = chunk.split("\n")
    if "\r" in chunk:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines


def _markers(text: str) -> list[tuple[int, int, str]]:
    """(line start, next line start, key) of every marker line, in order."""
    size = len(text)
    # A match cannot cross a line end, so one that does not start its line hides no
    # marker line: the one of its own line would have been found first.
    return [(start, min(m.end() + 1, size), m.group(1)) for m in _MARKER_RE.finditer(text)
            if (start := m.start()) == 0 or text[start - 1] == "\n"]


def split_debug(text: str) -> tuple[str, tuple[DebugSection, ...]]:
    """Split a body into (preamble before the first marker, debug sections)."""
    markers = _markers(text)
    if not markers:
        return "\n".join(_chunk_lines(text)), ()
    preamble = text[: markers[0][0]]
    if preamble.endswith("\n"):
        preamble = preamble[:-1]
    sections: list[DebugSection] = []
    for index, (_, body_start, key) in enumerate(markers):
        body_end = markers[index + 1][0] if index + 1 < len(markers) else len(text)
        chunk = text[body_start:body_end]
        lines = _chunk_lines(chunk) if chunk else []
        sections.append(DebugSection(key, _drop_trailing_blank(lines)))
    return "\n".join(_chunk_lines(preamble)), tuple(sections)


def find_sections(sections: Iterable[DebugSection], fragment: str) -> tuple[DebugSection, ...]:
    """Sections whose key contains ``fragment``."""
    return tuple(s for s in sections if fragment in s.key)


def find_section(sections: Iterable[DebugSection], fragment: str) -> DebugSection | None:
    """The first section whose key contains ``fragment``, or None."""
    for section in sections:
        if fragment in section.key:
            return section
    return None


def parse_os_release(lines: Iterable[str]) -> dict[str, str]:
    """KEY=value pairs of os-release lines, quotes removed; the first value of a key wins."""
    values: dict[str, str] = {}
    for line in lines:
        match = _ASSIGN_RE.fullmatch(line.strip())
        if match:
            value = match.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values.setdefault(match.group(1), value)
    return values


def strip_journal_prefix(line: str) -> str:
    """A journal line without its leading "Mon DD HH:MM:SS host " (or ISO date and host)."""
    prefix = _JOURNAL_PREFIX_RE.match(line)
    return (line[prefix.end() :] if prefix else line).strip()


def journal_scan(sections: Iterable[DebugSection], limit: int,
                 also: re.Pattern[str] | None, tail: int
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``journal_errors(sections, limit, also)``, and the last ``tail`` distinct journal
    lines that do not look like errors or warnings (nor match ``also``), without date and
    host, the last first: what the machine logged just before its user sent the report
    (docs/insight.md, "Session 18, twenty-eighth round: cluster pairs"). One reading of the
    journal where it can: each line is looked at once (the error expression is most of
    what reading a journal costs). Once ``limit`` errors are
    found the journal is not read on (as ``journal_errors``), and its tail is read from
    its end."""
    sections = tuple(sections)
    errors: dict[str, None] = {}
    others: list[str] = []  # the lines that are no errors, as read: stripped at the end
    for section in sections:
        if not section.is_journal:
            continue
        for line in section.lines:
            line = line[:_MAX_JOURNAL_LINE]
            if not _is_error(line, also):
                if tail > 0:
                    others.append(line)
                continue
            if len(errors) >= limit:
                return tuple(errors), _tail_from_the_end(sections, tail, also)
            message = strip_journal_prefix(line)
            if message:
                errors[message] = None
                if len(errors) >= limit:
                    return tuple(errors), _tail_from_the_end(sections, tail, also)
    return tuple(errors), _distinct(reversed(others), tail)


def _is_error(line: str, also: re.Pattern[str] | None) -> bool:
    """Whether a journal line looks like an error or a warning, or ``also`` matches it."""
    return bool(_JOURNAL_ERROR_RE.search(line) or _JOURNAL_BUG_RE.search(line)
                or (also is not None and also.search(line)))


def _distinct(lines: Iterable[str], tail: int) -> tuple[str, ...]:
    """The first ``tail`` distinct ``lines`` (the last first), without date and host."""
    found: dict[str, None] = {}
    if tail <= 0:
        return ()
    for line in lines:
        message = strip_journal_prefix(line)
        if message and message not in found:
            found[message] = None
            if len(found) >= tail:
                break
    return tuple(found)


def _tail_from_the_end(sections: Sequence[DebugSection], tail: int,
                       also: re.Pattern[str] | None) -> tuple[str, ...]:
    """``journal_scan``'s tail, reading the journal from its end until ``tail`` lines are
    found."""
    return _distinct((line for section in reversed(sections) if section.is_journal
                      for line in (whole[:_MAX_JOURNAL_LINE] for whole in reversed(section.lines))
                      if not _is_error(line, also)), tail)


def journal_errors(sections: Iterable[DebugSection], limit: int = 50,
                   also: re.Pattern[str] | None = None) -> tuple[str, ...]:
    """Distinct journal lines that look like errors or warnings, without date and host;
    ``also``: lines it matches count too."""
    return journal_scan(sections, limit, also, 0)[0] if limit > 0 else ()
