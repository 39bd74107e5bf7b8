"""Provides splitting of a WhisperBack report's debug information into sections.

WhisperBack appends each debugging item as ``======= content of <key> =======`` followed by its
lines; ``<key>`` is a path or a full command line. Directory items nest their files with a ``> ``
prefix and inner ``>  === content of <path> ===`` markers, which stay inside the parent section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MARKER_PREFIX = "======= content of "
MARKER_SUFFIX = " ======="
NESTED_PREFIX = ">  === content of "
NESTED_SUFFIX = " ==="

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


def split_debug(text: str) -> tuple[str, tuple[DebugSection, ...]]:
    """Split a body into (preamble before the first marker, debug sections)."""
    lines = text.split("\n")
    preamble: list[str] = []
    sections: list[DebugSection] = []
    key: str | None = None
    body: list[str] = []
    for raw in lines:
        line = raw[:-1] if raw.endswith("\r") else raw
        new_key = marker_key(line)
        if new_key is not None:
            if key is not None:
                sections.append(DebugSection(key, _drop_trailing_blank(body)))
            key, body = new_key, []
        elif key is None:
            preamble.append(line)
        else:
            body.append(line)
    if key is not None:
        sections.append(DebugSection(key, _drop_trailing_blank(body)))
    return "\n".join(preamble), tuple(sections)


def find_sections(sections: Iterable[DebugSection], fragment: str) -> tuple[DebugSection, ...]:
    """Sections whose key contains ``fragment``."""
    return tuple(s for s in sections if fragment in s.key)


def find_section(sections: Iterable[DebugSection], fragment: str) -> DebugSection | None:
    """The first section whose key contains ``fragment``, or None."""
    for section in sections:
        if fragment in section.key:
            return section
    return None
