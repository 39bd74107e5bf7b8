"""Provides IndexFile: the known-issue index saved between runs, an owner-only file.

Analysing 10,000 issues (their words, ids and quoted error lines) takes seconds; loading
what the analysis found takes a small fraction of that (docs/matching.md, "A saved
index"). The file holds plain lists, dicts, strings and numbers written with ``marshal``,
after a magic line, with the fingerprint of the issues it was made of and a digest of the
code that analysed them: it is used only for exactly those issues and that code, and
anything else (a damaged or foreign file, another version of hdtui) is ignored and written
again. Like the issue cache it is only a copy: 0600
in a 0700 directory, written atomically, never a reason to fail.
"""

from __future__ import annotations

import marshal
from functools import cache
from pathlib import Path
from typing import Any

from hdtui.code_digest import code_digest
from hdtui.store import write_private

MAGIC = b"hdtui known-issue index 1\n"


@cache
def analysis_code() -> str:
    """A digest of the modules that analyse issues: any change to them (a lexicon word, a
    rule of issue_keys) makes every saved index stale, with no version to remember."""
    # Imported here: the matcher loads after the first frame (docs/benchmarks.md, "Warm
    # start imports").
    from hdtui.domain import components, lookahead, markup_remains, matching, signals, terms

    return code_digest(*(Path(module.__file__ or "") for module in (
        components, lookahead, markup_remains, matching, signals, terms)))


class IndexFile:
    """One saved index, next to the issue cache."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, fingerprint: str) -> dict[str, Any] | None:
        """The saved index of the issues with this fingerprint; None if there is none."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if not data.startswith(MAGIC):
            return None
        try:
            saved = marshal.loads(data[len(MAGIC):])
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(saved, dict) or saved.get("fingerprint") != fingerprint \
                or saved.get("code") != analysis_code():
            return None
        index = saved.get("index")
        return index if isinstance(index, dict) else None

    def save(self, fingerprint: str, index: dict[str, Any]) -> bool:
        """Save an index (False when it could not be: the next start analyses again)."""
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private(self.path, MAGIC + marshal.dumps(
                {"fingerprint": fingerprint, "code": analysis_code(), "index": index}))
        except (OSError, ValueError):
            return False
        return True
