"""Provides the reading of a reply file's front matter: a ``---`` line, ``key: value``
lines, a closing ``---`` line, then the body (docs/replies.md). Light on purpose: the
auto-reply's subjects are read before the first frame (hdtui/replies.py), the replies
themselves after it (hdtui/domain/reply.py validates what this finds)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

DELIMITER = "---"


def lines_of(text: str) -> list[str]:
    """A file's lines: a byte-order mark dropped, any line end."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def opens(lines: Sequence[str]) -> bool:
    """Whether the first line opens a front matter."""
    return bool(lines) and lines[0].strip() == DELIMITER


def closing(lines: Sequence[str]) -> int | None:
    """The index of the line that closes the front matter opened by the first line; None
    when it is not closed."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() == DELIMITER), None)


def entries(lines: Sequence[str], end: int) -> Iterator[tuple[int, str, str, str]]:
    """(line number, key lower-cased, ``:`` or "" when missing, value) of each front-matter
    line before ``end``, blank and ``#`` comment lines left out."""
    for number, raw in enumerate(lines[1:end], start=2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        yield number, key.strip().lower(), sep, value.strip()
