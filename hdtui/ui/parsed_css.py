"""Provides ParsedCss and RememberingStylesheet: Textual's CSS parsed once, then remembered.

Textual parses every stylesheet of a start (``app.tcss`` and each widget class's
``DEFAULT_CSS``) at each start, and parses them all again each time a screen brings CSS of
its own (``Stylesheet.reparse`` builds a fresh stylesheet, whose parse cache is empty):
about 9 ms of CPU before the first frame, 6 ms more than a minimal Textual app
(docs/benchmarks.md, "Session 20: the first frame's CSS and imports").

``RememberingStylesheet`` looks every parse up in a ``ParsedCss`` first: the rules made
from the same CSS text, location, defaults flag, tie breaker and scope, with the same
variables (the theme's colours). ``hdtui.css_cache`` keeps a ``ParsedCss`` between starts
in the member's cache directory, in two parts: the rules the start used (read before the
app starts) and those used once the main screen was complete (the dialogs' and forms':
read at the first rule not found in the first part, after the first frame). Rules with
errors are never remembered: Textual reports them as it always does.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

ParseKey = tuple[str, CSSLocation, bool, int, str]
"""What Textual parses a CSS source from, besides the variables: the CSS text, where it
was read from, whether it is a widget's default CSS, its tie breaker and its scope."""
Variables = tuple[tuple[str, str], ...]
"""The variables of a stylesheet, sorted by name."""


Parsed = dict[Variables, dict[ParseKey, list[RuleSet]]]
"""Rules by the variables they were parsed with, then by ``ParseKey``."""


class ParsedCss:
    """Rules parsed from CSS sources, in two parts: those the start needs (``parsed``)
    and those looked up once the main screen is complete (``later``, given as a function
    that makes them: read on the first rule not found in ``parsed``). Remembers which
    rules were used in each part and whether any was added."""

    def __init__(self, parsed: Parsed | None = None,
                 later: Callable[[], Parsed] | None = None) -> None:
        self.parsed: Parsed = parsed if parsed is not None else {}
        self._later = later
        self.added = False
        """Whether rules were parsed that were not remembered (the file is then written)."""
        self._early = True
        self._used: Parsed = {}
        self._used_later: Parsed = {}
        self._variables: dict[str, str] | None = None
        self._sorted: Variables = ()

    def _key(self, variables: dict[str, str]) -> Variables:
        if variables != self._variables:  # a theme's variables: compared, not sorted, each time
            self._variables = dict(variables)
            self._sorted = tuple(sorted(variables.items()))
        return self._sorted

    def _use(self, variables: Variables, key: ParseKey, rules: list[RuleSet]) -> None:
        used = self._used if self._early else self._used_later
        used.setdefault(variables, {})[key] = rules

    def get(self, variables: dict[str, str], key: ParseKey) -> list[RuleSet] | None:
        """The rules remembered for ``key`` parsed with ``variables``, or None."""
        sorted_variables = self._key(variables)
        rules = self.parsed.get(sorted_variables, {}).get(key)
        if rules is None and self._later is not None:
            later, self._later = self._later(), None
            for other, found in later.items():
                self.parsed.setdefault(other, {}).update(found)
            rules = self.parsed.get(sorted_variables, {}).get(key)
        if rules is not None:
            self._use(sorted_variables, key, rules)
        return rules

    def put(self, variables: dict[str, str], key: ParseKey, rules: list[RuleSet]) -> None:
        """Remember ``rules`` (unless one has errors)."""
        if any(rule.errors for rule in rules):
            return
        sorted_variables = self._key(variables)
        self.parsed.setdefault(sorted_variables, {})[key] = rules
        self._use(sorted_variables, key, rules)
        self.added = True

    def start_done(self) -> None:
        """The main screen is complete: rules used from now on belong to the later part."""
        self._early = False

    def used(self) -> tuple[Parsed, Parsed]:
        """The rules looked up or added in this process, the start's and the later ones:
        what is worth keeping (the later part without the start's)."""
        later = {variables: {key: rules for key, rules in found.items()
                             if key not in self._used.get(variables, {})}
                 for variables, found in self._used_later.items()}
        return self._used, {variables: found for variables, found in later.items() if found}


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
