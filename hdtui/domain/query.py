"""Provides the queue filter: what a member types after "/" parsed into a typed Query, the
document each message is searched by, and matching (docs/filter.md).

Words are compared the way known-issue matching compares them (``terms.normalise``:
``Wi-Fi`` = ``wifi``, ``networks`` = ``network``, French ``écran`` = ``screen``), with
accents folded (``terms.fold``); every word is a prefix, so the queue narrows while the
word is typed. Some terms are decided on the queue's rows at once (``kind:``,
``version:``, ``state:``, ``id:``, ``hw:``); the others need the whole text of each
message (words, ``from:``, ``to:``, ``subject:``, ``pci:``), searched by the store, or the
tracker's links (``issue:#N``): they come back as Hits.

A document is a line of tokens, each preceded by one space. The user's words are in
order (their normalised forms, so phrases can be found), then the other forms of those
words (as written, dotted parts); field tokens carry a tag that no word can start with
(``_from_jane``), so the word ``from`` never finds every sender. A needle is a sequence of
tokens, the last one a prefix: it is found when ``" " + " ".join(needle)`` is in the
document, which is also what SQLite's FTS5 finds for the phrase query ``"a b"*``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from enum import StrEnum
from functools import lru_cache

from hdtui.domain.frozen import Frozen
from hdtui.domain.lazy_pattern import lazy
from hdtui.domain.mail import Kind
from hdtui.domain.marks import Mark
from hdtui.domain.queue import KINDS, DecryptState, Entry, Row, version_key
from hdtui.domain.queue_columns import QueueColumns, RowsAt

# hdtui.domain.terms (its patterns and lexicons) is imported by the functions that use it:
# the filter's words and a message's document are not needed for a warm start's first
# frame (docs/benchmarks.md, "Session 14: warm first rows").

SEARCHABLE = 8_000
"""How much of a message's text is searched (answers, devices, mail text), in characters."""


class Field(StrEnum):
    """What a term of the filter looks at; the value is its prefix."""

    WORDS = ""
    FROM = "from"
    TO = "to"
    SUBJECT = "subject"
    ID = "id"
    ISSUE = "issue"
    PCI = "pci"
    HW = "hw"
    KIND = "kind"
    VERSION = "version"
    STATE = "state"


PREFIXES: dict[str, Field] = {f.value: f for f in Field if f.value} | {
    "k": Field.KIND, "v": Field.VERSION, "s": Field.STATE}
"""Every prefix the filter knows, with the short forms ``k:``, ``v:`` and ``s:``."""
KNOWN = ", ".join(f.value for f in Field if f.value)
TEXT_FIELDS = frozenset({Field.WORDS, Field.FROM, Field.TO, Field.SUBJECT, Field.PCI})
"""Fields searched in the whole text of each message (the store's documents)."""
TAGS = {Field.FROM: "_from_", Field.TO: "_to_", Field.SUBJECT: "_subject_", Field.PCI: "_pci_"}
STATES = ("new", "read", "undecryptable", *(m.label for m in Mark))
_KIND_ALIASES = {"wb": Kind.REPORT, "whisperback": Kind.REPORT, "mail": Kind.SUPPORT,
                 "list": Kind.LIST_ADMIN, "moderation": Kind.LIST_ADMIN,
                 "mod": Kind.LIST_ADMIN, "[ft]": Kind.FT, "sys": Kind.SYSTEM,
                 "bounce": Kind.SYSTEM, "auto-reply": Kind.SYSTEM}
_TERM_RE = lazy(r'(-?)(?:([^\W\d_][\w-]*):)?("[^"]*"?|\S+)')
_HEX_RE = lazy(r"[0-9a-f]+")
_PCI_RE = lazy(r"[0-9a-f]{1,4}(?::[0-9a-f]{0,4})?")
_ISSUE_RE = lazy(r"#?(\d{1,9})")
_VERSION_RE = lazy(r"(<=|>=|<|>)?\s*([\d.]+)")

Needle = tuple[str, ...]
"""Tokens that follow one another in a document, the last one a prefix."""


class QueryError(ValueError):
    """The filter cannot be understood; the message says why and what is known."""


class Clause(Frozen):
    """One condition on the whole text: any needle found (or, negated, none)."""

    FIELDS = ("needles", "negated")
    __slots__ = FIELDS
    needles: tuple[Needle, ...]
    negated: bool

    def __init__(self, needles: tuple[Needle, ...], negated: bool = False) -> None:
        object.__setattr__(self, "needles", needles)
        object.__setattr__(self, "negated", negated)

    def found_in(self, document: str) -> bool:
        """True if one of the needles is in the document."""
        return any(needle_text(n) in document for n in self.needles)


class Term(Frozen):
    """One part of a filter, as typed and as understood: ``field``; ``value``, as typed,
    without prefix or quotes (for messages); ``needles``, what text fields and ``hw:`` look
    for; ``iid``, the issue number of ``issue:``."""

    FIELDS = ("field", "value", "negated", "needles", "kind", "iid")
    __slots__ = FIELDS
    field: Field
    value: str
    negated: bool
    needles: tuple[Needle, ...]
    kind: Kind | None
    iid: int

    def __init__(self, field: Field, value: str, negated: bool = False,
                 needles: tuple[Needle, ...] = (), kind: Kind | None = None,
                 iid: int = 0) -> None:
        for name, given in (("field", field), ("value", value), ("negated", negated),
                            ("needles", needles), ("kind", kind), ("iid", iid)):
            object.__setattr__(self, name, given)

    @property
    def clause(self) -> Clause:
        """The condition on the whole text of a text field's term."""
        return Clause(self.needles, self.negated)


class Hits(Frozen):
    """What searching outside the rows found: the keys that must be shown (``include``;
    None: no such condition) and those that must not (``exclude``)."""

    FIELDS = ("include", "exclude")
    __slots__ = FIELDS
    include: frozenset[str] | None
    exclude: frozenset[str]

    def __init__(self, include: frozenset[str] | None = None,
                 exclude: frozenset[str] = frozenset()) -> None:
        object.__setattr__(self, "include", include)
        object.__setattr__(self, "exclude", exclude)

    def narrowed(self, keys: Collection[str], negated: bool = False) -> Hits:
        """With one more condition: the messages in ``keys`` (or, negated, not in them)."""
        if negated:
            return Hits(self.include, self.exclude | frozenset(keys))
        found = frozenset(keys)
        return Hits(found if self.include is None else self.include & found, self.exclude)

    def admits(self, key: str) -> bool:
        """True if the message passes the conditions searched."""
        return (self.include is None or key in self.include) and key not in self.exclude


class Query(Frozen):
    """A parsed filter: every term must hold; ``text``, the filter as typed."""

    FIELDS = ("terms", "text")
    __slots__ = FIELDS
    terms: tuple[Term, ...]
    text: str

    def __init__(self, terms: tuple[Term, ...] = (), text: str = "") -> None:
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "text", text)

    @property
    def empty(self) -> bool:
        """True when the filter lets everything through."""
        return not self.terms

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """The conditions on the whole text, for the store to search."""
        return tuple(t.clause for t in self.terms if t.field in TEXT_FIELDS)

    @property
    def issues(self) -> tuple[Term, ...]:
        """The ``issue:`` terms, resolved from the tracker's links."""
        return tuple(t for t in self.terms if t.field is Field.ISSUE)

    @property
    def needs_search(self) -> bool:
        """True when the rows alone cannot decide: Hits are needed."""
        return any(t.field in TEXT_FIELDS or t.field is Field.ISSUE for t in self.terms)

    def position_test(self, columns: QueueColumns) -> Callable[[int], bool]:
        """A test of the terms the rows decide (kind, version, state, id, hw), on the
        positions of the queue's columns."""
        # Cheapest first: a row's kind is a number, its version a number too.
        terms = sorted((t for t in self.terms
                        if t.field not in TEXT_FIELDS and t.field is not Field.ISSUE),
                       key=lambda t: _ROW_COST[t.field])
        tests = [_position_test(t, columns) for t in terms]
        if not tests:
            return lambda position: True
        test = tests[-1]
        for earlier in reversed(tests[:-1]):
            test = _both(earlier, test)
        return test


def parse(text: str) -> Query:
    """Parse a filter; QueryError says what is wrong (an unknown prefix, a bad value).

    A known prefix with nothing after it yet (``from:``) and a word with no letters or
    digits are left out: the filter is being typed."""
    terms: list[Term] = []
    for match in _TERM_RE().finditer(text):
        sign, name, value = match.groups()
        quoted = value.startswith('"')
        value = value.strip('"')
        if name is not None and name.lower() == "wb" and value.startswith("//"):
            name = "id"  # a report reference, wb://<ID>: its ID
            value = value[2:]
        if name is None and not quoted and value.endswith(":") and \
                re.fullmatch(r"[^\W\d_][\w-]*:", value):
            name, value = value[:-1], ""
        if name is None:
            term = _text_term(Field.WORDS, value, bool(sign))
        else:
            field = PREFIXES.get(name.lower())
            if field is None:
                raise QueryError(f"unknown filter {name}: — known: {KNOWN} (quote "
                                 f"\"{name}:{value}\" to search for the text)")
            term = _term(field, value, bool(sign)) if value.strip() else None
        if term is not None:
            terms.append(term)
    return Query(tuple(terms), text)


def _term(field: Field, value: str, negated: bool) -> Term | None:
    if field in TEXT_FIELDS:
        return _text_term(field, value, negated)
    lowered = value.strip().lower()
    if field is Field.KIND:
        kind = _kind_from_word(lowered)
        if kind is None:
            raise QueryError(f"unknown kind {value!r} — known: "
                             + ", ".join(k.value for k in Kind))
        return Term(field, value, negated, kind=kind)
    if field is Field.VERSION:
        return Term(field, lowered, negated)
    if field is Field.STATE:
        if lowered not in STATES:
            raise QueryError(f"unknown state {value!r} — known: {', '.join(STATES)}")
        return Term(field, lowered, negated)
    if field is Field.ID:
        wanted = lowered.removeprefix("wb://")
        if wanted and not _HEX_RE().fullmatch(wanted):
            raise QueryError(f"id: takes a report ID (hex digits), not {value!r}")
        return Term(field, wanted, negated) if wanted else None
    if field is Field.ISSUE:
        number = _ISSUE_RE().fullmatch(lowered)
        if number is None:
            raise QueryError(f"issue: takes an issue number, as issue:#123, not {value!r}")
        return Term(field, value, negated, iid=int(number.group(1)))
    # Field.HW: the words of the queue's hardware column.
    from hdtui.domain.terms import words

    sequence = tuple(_raw_forms(w)[0] for w in words(value))
    return Term(field, value, negated, needles=(sequence,)) if sequence else None


def _text_term(field: Field, value: str, negated: bool) -> Term | None:
    """A term searched in the documents: its needles, or None without any word."""
    from hdtui.domain.terms import fold, words

    tag = TAGS.get(field, "")
    if field is Field.PCI:
        wanted = value.strip().strip("[]").lower()
        if not _PCI_RE().fullmatch(wanted):
            raise QueryError(f"pci: takes vendor:device ids in hex, as pci:10ec:b723 or "
                             f"pci:10ec, not {value!r}")
        return Term(field, value, negated, needles=((tag + wanted.replace(":", "_"),),))
    stem = field in (Field.WORDS, Field.SUBJECT)
    typed = words(value)
    found = [(_word_forms(w) if stem else _raw_forms(w))[0] for w in typed]
    if not found:
        return None
    needles: tuple[Needle, ...]
    if len(found) == 1:
        # Also as written: "startin" is a prefix of "starting", not of its form "start".
        needles = tuple(dict.fromkeys(((tag + found[0],), (tag + fold(typed[0]),))))
    else:
        needles = (tuple(tag + form for form in found),)
    return Term(field, value, negated, needles=needles)


@lru_cache(maxsize=1 << 16)
def _word_forms(word: str) -> tuple[str, tuple[str, ...]]:
    """A lowercased word as matching normalises it, accents folded; and its other forms
    (as written first, when it differs; then its dotted or hyphenated parts)."""
    from hdtui.domain.terms import fold, lexicon_word, normalise, parts

    form = fold(normalise(lexicon_word(word)))
    raw = fold(word)
    others = [raw] if raw != form else []
    pieces = parts(word)
    if pieces != [word]:
        others.extend(fold(normalise(p)) for p in pieces)
    return form, tuple(dict.fromkeys(o for o in others if o != form))


@lru_cache(maxsize=1 << 14)
def _raw_forms(word: str) -> tuple[str, tuple[str, ...]]:
    """A lowercased name or address part, accents folded, and its dotted parts."""
    from hdtui.domain.terms import fold, parts

    raw = fold(word)
    pieces = parts(word)
    return raw, tuple(fold(p) for p in pieces) if pieces != [word] else ()


def _kind_from_word(word: str) -> Kind | None:
    if word in _KIND_ALIASES:
        return _KIND_ALIASES[word]
    for kind in Kind:
        if word in (kind.value, kind.label.lower()):
            return kind
    return None


def version_matches(version: str, wanted: str) -> bool:
    """``7`` matches 7.x, ``7.5`` matches 7.5 and 7.5.1, ``<6`` and ``>=7.4`` compare."""
    if not version:
        return False
    match = _VERSION_RE().fullmatch(wanted)
    if match is None:
        return version == wanted
    op, number = match.groups()
    have, want = version_key(version), version_key(number)
    if op is None:
        return have[: len(want)] == want
    return {"<": have < want, ">": have > want, "<=": have <= want, ">=": have >= want}[op]


@lru_cache(maxsize=1 << 12)
def _hardware_document(hardware: str) -> str:
    """The hardware column as a document (few distinct machines: memoised)."""
    from hdtui.domain.terms import words

    tokens: list[str] = []
    for word in words(hardware):
        raw, pieces = _raw_forms(word)
        tokens.append(raw)
        tokens.extend(pieces)
    return " " + " ".join(tokens) if tokens else ""


_ROW_COST = {Field.KIND: 0, Field.ID: 1, Field.STATE: 2, Field.VERSION: 3, Field.HW: 4}


def _both(first: Callable[[int], bool], then: Callable[[int], bool]) -> Callable[[int], bool]:
    return lambda position: first(position) and then(position)


def _position_test(term: Term, columns: QueueColumns) -> Callable[[int], bool]:
    """The test of one term the rows decide, on positions in ``columns``. Rows share few
    versions, hardware names and states: each distinct one is decided once per filter
    (100,000 rows in milliseconds)."""
    negated = term.negated
    if term.field is Field.KIND:
        code = KINDS.index(term.kind) if term.kind is not None else -1
        kinds = columns.kind
        if negated:
            return lambda p: kinds[p] != code
        return lambda p: kinds[p] == code
    if term.field is Field.ID:
        wanted = term.value
        report_id = columns.report_id
        return lambda p: report_id(p).lower().startswith(wanted) != negated
    decide: Callable[[int], bool]
    aspect: Callable[[int], object]
    if term.field is Field.VERSION:
        aspect = columns.version.__getitem__
        decide = lambda p: version_matches(columns.version_of(p), term.value)  # noqa: E731
    elif term.field is Field.STATE:
        mark = next((m for m in Mark if m.label == term.value), None)
        words, seen, decrypt = columns.keywords, columns.seen, columns.decrypt
        aspect = lambda p: (words[p], seen[p], decrypt[p])  # noqa: E731
        decide = lambda p: columns.state_of(p) == term.value or (  # noqa: E731
            mark is not None and columns.has_mark(p, mark))
    else:  # Field.HW
        clause = Clause(term.needles)
        aspect = columns.hardware.__getitem__
        decide = lambda p: clause.found_in(  # noqa: E731
            _hardware_document(columns.hardware_of(p)))
    decided: dict[object, bool] = {}

    def test(position: int) -> bool:
        what = aspect(position)
        result = decided.get(what)
        if result is None:
            result = decided[what] = decide(position) != negated
        return result

    return test


def needle_text(needle: Needle) -> str:
    """What a needle is in a document's text: its tokens, each after one space."""
    return " " + " ".join(needle)


def filter_rows(rows: Iterable[Row], query: Query, hits: Hits | None = None) -> Sequence[Row]:
    """Keep the rows the filter admits, in order; ``hits`` is what searching found for a
    query that needs it (``Query.needs_search``): without it, a ValueError. The queue's
    rows (``RowsAt``) are tested on their columns, without making a Row, and kept as
    positions; other rows are given as a list."""
    if not isinstance(rows, RowsAt):
        return list(filter_rows(RowsAt.of(rows), query, hits))
    if query.empty:
        return rows
    if query.needs_search and hits is None:
        raise ValueError("this filter needs the whole text searched first")
    test = query.position_test(rows.columns)
    if hits is None or (hits.include is None and not hits.exclude):
        return rows.where(test)
    admits, keys = hits.admits, rows.columns.keys
    return rows.where(lambda p: admits(keys[p]) and test(p))


def search_documents(clauses: Sequence[Clause],
                     documents: Iterable[tuple[str, str]]) -> Hits:
    """The Hits of ``clauses`` over ``(key, document)`` pairs, in Python, as the store
    finds them with SQL (the tests compare the two): the keys holding every positive
    clause and no negated one; with negated clauses only, the keys to leave out."""
    positive = [c for c in clauses if not c.negated]
    negative = [c for c in clauses if c.negated]
    found: set[str] = set()
    for key, document in documents:
        unwanted = any(c.found_in(document) for c in negative)
        if (not unwanted and all(c.found_in(document) for c in positive)) if positive \
                else unwanted:
            found.add(key)
    if positive:
        return Hits(frozenset(found))
    return Hits(exclude=frozenset(found)) if negative else Hits()


SHORT_TEXT = 200
"""Characters at most of a text whose document words are kept (``_short_forms``)."""


def _add(tokens: list[str], others: dict[str, None], text: str, tag: str = "",
         stem: bool = True) -> None:
    forms, more = (_short_forms if len(text) <= SHORT_TEXT else _text_forms)(text, tag, stem)
    tokens.extend(forms)
    others.update(dict.fromkeys(more))


def _text_forms(text: str, tag: str, stem: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The document words of a text: its forms, then its other forms in order."""
    from hdtui.domain.terms import words

    forms: list[str] = []
    others: list[str] = []
    for word in words(text):
        form, more = _word_forms(word) if stem else _raw_forms(word)
        forms.append(tag + form)
        others.extend(tag + other for other in more)
    return tuple(forms), tuple(others)


_short_forms = lru_cache(maxsize=1 << 13)(_text_forms)
"""``_text_forms`` of a short text, kept: many reports share a version, a hardware line, a
PCI device's description or a sender, so a first read finds most of them here instead of
splitting them again (docs/benchmarks.md, "Session 14: the cold read's children")."""


def document(entry: Entry) -> str:
    """The text the filter searches for one message: its words (summary, subject, sender,
    hardware, version, report ID, the answers and PCI devices of a report, the text of a
    mail), then its fields: sender (and a report's contact address), recipients, subject
    (and a report's summary), PCI ids."""
    message, report = entry.message, entry.report
    tokens: list[str] = []
    others: dict[str, None] = {}
    texts = [entry.summary, message.subject, message.sender, entry.hardware, entry.version,
             entry.report_id or ""]
    senders: list[str] = [message.sender]
    if message.sender_address and message.sender_address not in message.sender:
        senders.append(message.sender_address)
    subjects: list[str] = [message.subject]
    pci: list[str] = []
    if report is not None:
        texts.extend(a.text for a in report.answers)
        texts.extend(f"{d.description} [{d.vendor_device}]" for d in report.hardware.pci)
        if report.contact:
            senders.append(report.contact)
        subjects.append(entry.summary)
        pci = [d.vendor_device.lower() for d in report.hardware.pci]
    elif entry.decrypt is not DecryptState.FAILED:  # not the ciphertext of a failure
        texts.append(message.text)
    budget = SEARCHABLE
    for text in texts:
        if budget <= 0:
            break
        _add(tokens, others, text[:budget])
        budget -= len(text)
    fields: list[str] = []
    fielded: dict[str, None] = {}
    for sender in senders:
        _add(fields, fielded, sender, TAGS[Field.FROM], stem=False)
    _add(fields, fielded, message.to, TAGS[Field.TO], stem=False)
    for subject in subjects:
        _add(fields, fielded, subject, TAGS[Field.SUBJECT])
    fields.extend(TAGS[Field.PCI] + ids.replace(":", "_") for ids in pci)
    return " " + " ".join([*tokens, *others, *fields, *fielded])
