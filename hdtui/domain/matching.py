"""Provides the ranking of known issues for a message: IssueIndex, Match, suggest_issues.

The score of an issue adds three parts:

- BM25 over the issue's title (counted twice), description and labels, with the message's
  weighted terms as the query (summary and subject weigh more than answers; product and
  chip words of the hardware count too);
- structured signals (signals.py): each shared key adds its weight times its inverse
  document frequency, so a PCI id only one issue mentions counts much more than a vendor
  every other issue names;
- error phrases the issue quotes that appear in the message's journal or text, compared by
  word trigrams with numbers folded ("soft lockup - CPU#2 stuck for 23s!" matches
  "soft lockup - CPU#N stuck for Ns").

A match is *confident* when its score clears ``CONFIDENT_SCORE`` and a strong signal (a PCI
id, a product or chip model, a driver, the prefill application, or an error phrase)
contributed, or the text alone clears ``CONFIDENT_TEXT``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from hdtui.domain.issue import KnownIssue
from hdtui.domain.mail import Kind
from hdtui.domain.queue import Entry
from hdtui.domain.signals import (
    MessageSignals,
    Signal,
    issue_keys,
    issue_phrases,
    issue_text,
    line_grams,
    line_tokens,
    message_signals,
    phrase_grams,
)
from hdtui.domain.terms import normalise, terms

K1 = 1.2
B = 0.75
TITLE_BOOST = 2
CLOSED_FACTOR = 0.85
ERROR_WEIGHT = 1.0
PHRASE_COVERAGE = 0.6
MAX_PHRASES = 2
CONTEXT_FLOOR = 0.3
SYMPTOM_FULL = 15.0
CONFIDENT_SCORE = 18.0
CONFIDENT_SYMPTOM = 6.0
CONFIDENT_TEXT = 30.0
MINIMUM_SCORE = 4.0


@dataclass(frozen=True, slots=True)
class Match:
    """A known issue that matches a message, with why."""

    issue: KnownIssue
    score: float
    terms: tuple[str, ...]
    """Matched words and ids, most telling first."""
    signals: tuple[str, ...] = ()
    """Named structured signals that matched: "PCI 10ec:b723", "journal: …"."""
    confident: bool = False


@dataclass(slots=True)
class _Score:
    """Running score of one issue for one message."""

    text: float = 0.0
    """BM25 of the user's words."""
    symptom: float = 0.0
    """Error phrases, prefill application, ids and models the user wrote."""
    context: float = 0.0
    """The machine: PCI ids, chips, product, vendors, drivers, version, hardware words."""
    strong: bool = False
    terms: list[tuple[float, str]] | None = None
    signals: list[tuple[float, str]] | None = None

    def add_term(self, value: float, term: str) -> None:
        if self.terms is None:
            self.terms = []
        self.terms.append((value, term))

    def add_signal(self, value: float, label: str, term: str, strong: bool) -> None:
        if self.signals is None:
            self.signals = []
        self.signals.append((value, label))
        self.add_term(value, term)
        self.strong = self.strong or strong

    @property
    def problem(self) -> float:
        """How much the problem itself (not the machine) matches."""
        return self.text + self.symptom

    def total(self) -> float:
        """The machine counts in full only once the problem matches too: the same laptop
        hits many issues, the same symptom on that laptop few."""
        share = CONTEXT_FLOOR + (1.0 - CONTEXT_FLOOR) * min(1.0, self.problem / SYMPTOM_FULL)
        return self.problem + share * self.context


class IssueIndex:
    """Known issues prepared for ranking: text postings, signal postings, error phrases."""

    def __init__(self, issues: Sequence[KnownIssue]) -> None:
        self.issues = list(issues)
        n = len(self.issues)
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths: list[int] = []
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._phrases: list[tuple[int, str, int]] = []  # (issue, phrase, number of grams)
        self._grams: dict[str, list[int]] = defaultdict(list)  # gram -> phrase numbers
        gram_df: Counter[str] = Counter()
        for doc, issue in enumerate(self.issues):
            counts = Counter(terms(issue_text(issue)))
            counts.update({t: TITLE_BOOST - 1 for t in terms(issue.title)})
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings[term].append((doc, tf))
            for key in issue_keys(issue):
                self._keys[key].append(doc)
            issue_grams: set[str] = set()
            for phrase in issue_phrases(issue):
                grams = set(phrase_grams(line_tokens(phrase)))
                number = len(self._phrases)
                self._phrases.append((doc, phrase, len(grams)))
                for gram in grams:
                    self._grams[gram].append(number)
                issue_grams |= grams
            gram_df.update(issue_grams)
        self._avg_length = (sum(self._lengths) / n) if n else 1.0
        self._n = max(n, 1)
        self._gram_idf = {g: self._idf(c) for g, c in gram_df.items()}

    def __len__(self) -> int:
        return len(self.issues)

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def _key_docs(self, key: str) -> list[int]:
        if key.startswith("term:"):
            return [doc for doc, _ in self._postings.get(normalise(key[5:]), ())]
        return self._keys.get(key, [])

    def rank(self, found: MessageSignals, limit: int = 5) -> list[Match]:
        """The best issues for a message's signals, best first."""
        scores: dict[int, _Score] = defaultdict(_Score)
        self._score_text(found.text, scores)
        self._score_text(found.hardware_text, scores, context=True)
        self._score_signals(found.signals, scores)
        self._score_phrases(found.lines, scores)
        ranked: list[Match] = []
        for doc, score in scores.items():
            issue = self.issues[doc]
            total = score.total()
            if issue.state != "opened":
                total *= CLOSED_FACTOR
            if total < MINIMUM_SCORE:
                continue
            confident = (total >= CONFIDENT_SCORE and score.problem >= CONFIDENT_SYMPTOM
                         and (score.strong or score.text >= CONFIDENT_TEXT))
            ranked.append(Match(issue, round(total, 2), _top(score.terms, 8),
                                _top(score.signals, 6), confident))
        ranked.sort(key=lambda m: (-m.score, m.issue.iid))
        return ranked[:limit]

    def _score_text(self, weights: dict[str, float], scores: dict[int, _Score],
                    context: bool = False) -> None:
        for term, weight in weights.items():
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = self._idf(len(postings))
            for doc, tf in postings:
                norm = K1 * (1.0 - B + B * self._lengths[doc] / self._avg_length)
                value = weight * idf * tf * (K1 + 1.0) / (tf + norm)
                entry = scores[doc]
                if context:
                    entry.context += value
                else:
                    entry.text += value
                entry.add_term(value, term)

    def _score_signals(self, signals: Sequence[Signal], scores: dict[int, _Score]) -> None:
        pci_vendors: dict[int, set[str]] = defaultdict(set)
        ordered = sorted(signals, key=lambda s: s.kind == "vendor")  # vendors last
        for signal in ordered:
            docs = self._key_docs(signal.key)
            if not docs:
                continue
            idf = self._idf(len(docs))
            for doc in set(docs):
                if signal.kind == "vendor":
                    if signal.term in pci_vendors[doc]:
                        continue  # the exact chip already matched: the vendor adds nothing
                elif signal.kind == "pci":
                    pci_vendors[doc].add(signal.term.split(":", 1)[0])
                value = signal.weight * idf
                entry = scores[doc]
                if signal.context:
                    entry.context += value
                else:
                    entry.symptom += value
                entry.add_signal(value, signal.label, signal.term, signal.strong)

    def _score_phrases(self, lines: Sequence[tuple[str, str]], scores: dict[int, _Score]) -> None:
        sources: dict[str, str] = {}
        for source, line in lines:
            for gram in line_grams(line_tokens(line)):
                if gram in self._grams and sources.get(gram) != "journal":
                    sources[gram] = source
        hits: dict[int, list[str]] = defaultdict(list)
        for gram in sources:
            for number in self._grams[gram]:
                hits[number].append(gram)
        per_doc: dict[int, list[tuple[float, str]]] = defaultdict(list)
        for number, grams in hits.items():
            doc, phrase, total = self._phrases[number]
            coverage = len(grams) / total
            if coverage < PHRASE_COVERAGE:
                continue
            idf = sum(self._gram_idf[g] for g in grams) / len(grams)
            where = "journal" if any(sources[g] == "journal" for g in grams) else "error"
            label = f"{where}: {phrase if len(phrase) <= 60 else phrase[:59] + '…'}"
            per_doc[doc].append((ERROR_WEIGHT * coverage * idf, label))
        for doc, found in per_doc.items():
            found.sort(reverse=True)
            entry = scores[doc]
            for value, label in found[:MAX_PHRASES]:
                entry.symptom += value
                entry.add_signal(value, label, label.split(": ", 1)[1], True)


def _top(items: list[tuple[float, str]] | None, limit: int) -> tuple[str, ...]:
    """The distinct names of the largest contributions."""
    if not items:
        return ()
    seen: dict[str, None] = {}
    for _, name in sorted(items, key=lambda item: -item[0]):
        seen.setdefault(name, None)
        if len(seen) >= limit:
            break
    return tuple(seen)


def suggest_issues(entry: Entry, index: IssueIndex, limit: int = 5) -> list[Match]:
    """Rank known issues for one queue entry (nothing for team mail and list administration)."""
    if entry.kind in (Kind.TEAM, Kind.LIST_ADMIN):
        return []  # not a user's problem: nothing to match
    if entry.report is None and not entry.message.text and not entry.message.subject:
        return []
    return index.rank(message_signals(entry), limit)
