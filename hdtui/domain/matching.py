"""Provides a first ranking of known issues for a message, with the words that matched.

Deliberately simple: weighted term overlap with inverse document frequency over
the issues, where hardware ids and product words weigh more than prose. A later
ranking replaces the scoring; the shape (``Match`` with its terms) stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.queue import Entry

_TOKEN_RE = re.compile(r"[0-9a-f]{4}:[0-9a-f]{4}|[a-z0-9][a-z0-9_.+-]*[a-z0-9]", re.IGNORECASE)
_PCI_ID_RE = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{4}$")
_STOPWORDS_TEXT = """
the and for with that this from have has had not but are was were you your can cannot
will would could should when what which who how why after before into onto over under
then than there their they them its it's also just like only very some any all more most
does did doing done been being get got make made use used using tails report reports
issue issues problem problems work works working help please thanks thank hello
les des une est pas que qui pour avec dans sur mais mon mes par plus sont ont
los las una por con del para que pero como mas sus ser esta este
der die das und ist nicht mit von sich auf ein eine den dem ich
now new old shows show showed see seen saw say says said know need want try tried trying
thing things something anything nothing everything way time times day days still again
computer laptop machine pc http https www com org net html link click clicked email mail

"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


@dataclass(frozen=True, slots=True)
class Match:
    """A known issue that matches a message, with why."""

    issue: KnownIssue
    score: float
    terms: tuple[str, ...]


def tokens(text: str) -> list[str]:
    """Lowercased terms of a text, without stopwords and short words."""
    found = []
    for raw in _TOKEN_RE.findall(text):
        token = raw.lower().strip(".-+_")
        if len(token) >= 3 and token not in STOPWORDS and not token.isdigit():
            found.append(token)
    return found


class IssueIndex:
    """Known issues prepared for ranking (term sets and document frequencies)."""

    def __init__(self, issues: Sequence[KnownIssue]) -> None:
        self.issues = list(issues)
        self._terms: list[frozenset[str]] = []
        df: Counter[str] = Counter()
        for issue in self.issues:
            text = " ".join((issue.title, issue.title, issue.description, " ".join(issue.labels)))
            terms = frozenset(tokens(text))
            self._terms.append(terms)
            df.update(terms)
        n = max(len(self.issues), 1)
        self._idf = {t: math.log(1 + n / c) for t, c in df.items()}

    def rank(self, weights: dict[str, float], limit: int = 5, minimum: float = 6.0) -> list[Match]:
        """The best issues for weighted message terms."""
        scored: list[Match] = []
        for issue, terms in zip(self.issues, self._terms, strict=True):
            shared = [(t, self._idf[t] * w) for t, w in weights.items() if t in terms]
            if not shared:
                continue
            score = sum(s for _, s in shared)
            if issue.state != "opened":
                score *= 0.8
            if score >= minimum:
                shared.sort(key=lambda ts: -ts[1])
                scored.append(Match(issue, round(score, 2), tuple(t for t, _ in shared[:6])))
        scored.sort(key=lambda m: (-m.score, m.issue.iid))
        return scored[:limit]


def entry_weights(entry: Entry) -> dict[str, float]:
    """Weighted terms of a message: hardware ids and product words count most."""
    weights: dict[str, float] = {}

    def add(parts: Iterable[str], weight: float, models_only: bool = False) -> None:
        for text in parts:
            for token in tokens(text):
                if models_only and not any(c.isdigit() for c in token):
                    continue
                w = weight * (2.0 if _PCI_ID_RE.match(token) else 1.0)
                weights[token] = max(weights.get(token, 0.0), w)

    report = entry.report
    if report is None:
        add([entry.message.subject, entry.message.text[:20000]], 1.0)
        return weights
    add([report.summary], 1.2)
    add([a.text for a in report.answers], 1.0)
    add([value for _, value in report.prefill], 1.2)
    hw = report.hardware
    # From hardware only model and chip names (they carry digits) and PCI ids count:
    # vendor words such as "Intel Corporation" are on every second machine.
    add([hw.manufacturer or "", hw.product or "", hw.version or ""], 1.5, models_only=True)
    add([f"{d.description} {d.vendor_device}" for d in hw.gpus + hw.network], 1.5,
        models_only=True)
    add(report.journal_errors(), 1.0)
    return weights


def suggest_issues(entry: Entry, index: IssueIndex, limit: int = 5) -> list[Match]:
    """Rank known issues for one queue entry."""
    if entry.kind in (Kind.TEAM, Kind.LIST_ADMIN):
        return []  # not a user's problem: nothing to match
    if entry.report is None and not entry.message.text and not entry.message.subject:
        return []
    return index.rank(entry_weights(entry), limit)
