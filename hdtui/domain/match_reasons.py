"""What a known issue's match is shown with (``hdtui match``, the known-issues pane): its
named signals first, then the matched words no signal already names. Pure, and light: the
pane imports it before the matcher is loaded."""

from __future__ import annotations

from collections.abc import Sequence

SHOWN = 8
"""Reasons shown for one match."""


def reasons(signals: Sequence[str], terms: Sequence[str], placed: str = "",
            limit: int = SHOWN) -> list[str]:
    """``signals`` ("PCI 10ec:b723", "product Surface Laptop 3"), then the ``terms`` that
    none of them names, case aside: a word inside a signal's name ("surface"), or a
    product's key, its words joined by hyphens ("surface-laptop-3": the README's example
    said the product twice, fix29a; docs/matching.md). ``placed``: a rule's reason for the
    match's place, shown, but no signal of the user's, so no word is dropped for it."""
    named = " ".join(s for s in signals if s != placed).lower()
    return [*signals, *(t for t in terms if not _named(t.lower(), named))][:limit]


def _named(term: str, named: str) -> bool:
    """Whether ``term`` (lowercased) is written inside ``named``, or its hyphens as
    spaces are."""
    return term in named or ("-" in term and term.replace("-", " ") in named)
