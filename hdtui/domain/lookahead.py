"""Provides first_letters_ahead: an expression of alternative words tried only where one
of their first letters stands.

Python's ``re`` tries every alternative of an expression at every place of a text when
it ignores case or starts with ``\\b``: a journal line or a report's words that match
nothing cost as many tries as places times alternatives. A look-ahead at the first letters
fails at most places with one test of a character class, and changes no match: the class
ignores case as the words do, and each match starts with one of those letters
(docs/insight.md, "Session 21: the count after a first open").
"""

from __future__ import annotations

import re


def first_letters_ahead(first: str, words: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``words`` (an expression) compiled behind a look-ahead at ``first``: every letter
    one of its matches can start with (escaped for a character class where needed)."""
    return re.compile(f"(?=[{first}])(?:{words})", flags)
