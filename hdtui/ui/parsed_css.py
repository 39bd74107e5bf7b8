"""Provides ParsedCss and RememberingStylesheet: Textual's CSS parsed once, then remembered.

Textual parses every stylesheet of a start (``app.tcss`` and each widget class's
``DEFAULT_CSS``) at each start, and parses them all again each time a screen brings CSS of
its own (``Stylesheet.reparse`` builds a fresh stylesheet, whose parse cache is empty):
about 9 ms of CPU before the first frame, 6 ms more than a minimal Textual app
(docs/benchmarks.md, "Session 20: the first frame's CSS and imports").

``RememberingStylesheet`` looks every parse up in a ``ParsedCss`` first: the rules made
from the same CSS text, location, defaults flag, tie breaker and scope, with the same
variables (the theme's colours). ``hdtui.css_cache`` keeps a ``ParsedCss`` between starts
in the member's cache directory. Rules with errors are never remembered: Textual reports
them as it always does.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

ParseKey = tuple[str, CSSLocation, bool, int, str]
"""What Textual parses a CSS source from, besides the variables: the CSS text, where it
was read from, whether it is a widget's default CSS, its tie breaker and its scope."""
Variables = tuple[tuple[str, str], ...]
"""The variables of a stylesheet, sorted by name."""


class ParsedCss:
    """Rules parsed from CSS sources, by the variables they were parsed with and by
    ``ParseKey``; remembers which were used and whether any was added."""

    def __init__(self, parsed: dict[Variables, dict[ParseKey, list[RuleSet]]] | None = None
                 ) -> None:
        self.parsed = parsed if parsed is not None else {}
        self.added = False
        """Whether rules were parsed that were not remembered (the file is then written)."""
        self._used: dict[Variables, dict[ParseKey, list[RuleSet]]] = {}
        self._variables: dict[str, str] | None = None
        self._sorted: Variables = ()

    def _key(self, variables: dict[str, str]) -> Variables:
        if variables != self._variables:  # a theme's variables: compared, not sorted, each time
            self._variables = dict(variables)
            self._sorted = tuple(sorted(variables.items()))
        return self._sorted

    def get(self, variables: dict[str, str], key: ParseKey) -> list[RuleSet] | None:
        """The rules remembered for ``key`` parsed with ``variables``, or None."""
        sorted_variables = self._key(variables)
        rules = self.parsed.get(sorted_variables, {}).get(key)
        if rules is not None:
            self._used.setdefault(sorted_variables, {})[key] = rules
        return rules

    def put(self, variables: dict[str, str], key: ParseKey, rules: list[RuleSet]) -> None:
        """Remember ``rules`` (unless one has errors)."""
        if any(rule.errors for rule in rules):
            return
        sorted_variables = self._key(variables)
        self.parsed.setdefault(sorted_variables, {})[key] = rules
        self._used.setdefault(sorted_variables, {})[key] = rules
        self.added = True

    def used(self) -> dict[Variables, dict[ParseKey, list[RuleSet]]]:
        """The rules looked up or added in this process: what is worth keeping."""
        return self._used


class RememberingStylesheet(Stylesheet):
    """Textual's stylesheet, its parses looked up in a ``ParsedCss`` first."""

    def __init__(self, parsed: ParsedCss, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.remembered = parsed

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self.remembered.get(self._variables, key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self.remembered.put(self._variables, key, rules)
        return rules

    def reparse(self) -> None:
        """Parse every source again with the current variables. Textual's own reparse
        parses into a fresh plain ``Stylesheet``, which would not look up the remembered
        rules; ``parse`` keeps the rules as they were when a source fails, as reparse
        does, and the remembered rules are keyed by the variables too."""
        self.parse()
