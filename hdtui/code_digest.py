"""Provides digests of hdtui's own code, for what is saved from it and must be made again
when it changes, with no version number to remember: the known-issue index
(``tracker.index_file.analysis_code``) and the queue filter's documents
(``document_code``; docs/filter.md, "Documents made by older code")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DOMAIN = Path(__file__).parent / "domain"


def code_digest(*paths: Path) -> str:
    """A digest of these source files' bytes."""
    import hashlib  # not before a warm start's first frame (docs/benchmarks.md)

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def document_code() -> str:
    """A digest of the modules that make a message's filter document
    (``domain.query.document`` and the words of ``domain.terms``, which cut out what
    ``domain.markup_remains`` finds), read from their files."""
    return code_digest(_DOMAIN / "query.py", _DOMAIN / "terms.py",
                       _DOMAIN / "markup_remains.py")
