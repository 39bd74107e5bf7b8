"""Provides ``FetchAgain``: F5 on a screen that shows numbers (hot topics, the shift start)
fetches what the queue's F5 fetches (new mail, the known issues and their links), and the
screen counts again as each of them is in (docs/insight.md, "F5 where the numbers show").
The queue's feed tells the screens of the stack (``heard``) when a fetch ended."""

from __future__ import annotations

from collections.abc import Callable

MAIL = "mail"
ISSUES = "issues"
FETCHED_SAID = ("fetching new mail and the known issues: the numbers are counted again "
                "once they are in")
"""What a screen says between F5 and the end of its fetch."""
NOT_HERE = ("F5 fetches and counts again in the queue, hot topics and the shift start; "
            "this dialog shows what it opened with: close it first.")
"""What F5 says in a dialog over them (a question, a pick: the breakdown of a hot topic's
reports, the preview of the likely reports to link), instead of nothing."""
NOT_IN_FORM = ("F5 fetches and counts again in the queue, hot topics and the shift start; "
               "this form keeps the counts it opened with and what you typed: escape "
               "closes it.")
"""What F5 says in a form opened with counts (the auto-reply's most reported problems),
instead of nothing (walk24)."""


class FetchAgain:
    """What a screen's F5 fetched and waits for."""

    def __init__(self, fetch: Callable[[], None] | None) -> None:
        """``fetch``: the queue's F5 (new mail, the known issues), or None where there is
        none (the screen then counts again what it has)."""
        self.fetch = fetch
        self.waiting: set[str] = set()

    def ask(self) -> bool:
        """Start the fetch; False when there is none to start."""
        if self.fetch is None:
            return False
        self.waiting = {MAIL, ISSUES}
        self.fetch()
        return True

    def heard(self, what: str) -> bool:
        """``what`` (MAIL, ISSUES) was fetched: True when this screen asked for it, and
        should count again now."""
        if what not in self.waiting:
            return False
        self.waiting.discard(what)
        return True


__all__ = ["FETCHED_SAID", "ISSUES", "MAIL", "NOT_HERE", "NOT_IN_FORM", "FetchAgain"]
