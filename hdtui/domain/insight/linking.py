"""What links two reports of a cluster: a report's signals (``_Signals``), the pair rule
(``_linked``), the errors a machine model logs, and the groups reports join. Pure; see
docs/insight.md.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from hdtui.domain.components import PROGRAM_WORDS
from hdtui.domain.insight.facts import (
    _HARDWARE_KINDS,
    _JOURNAL_KEYS,
    _MACHINE_NOISE_RE,
    ReportFacts,
)
from hdtui.domain.insight.per_issue import SAME_WORDS_MIN
from hdtui.domain.matching import OTHER_DEVICE_KINDS
from hdtui.domain.terms import terms
from hdtui.domain.vocabulary import (
    GENERIC_WORDS,
    kinds_disagree,
)

WORDS_MIN_SHARED = 3
WORDS_MIN_JACCARD = 0.3
SYMPTOM_MIN_SHARED = 2
WORDS_MIN_OVERLAP = 0.5
MAX_POSTINGS = 400
"""A chip, machine, app or error shared by more reports than this links no pair by itself
(it is a common machine, not a problem): it keeps the pairs to compare near-linear."""
LINES_LIFT = 3.0
"""Two journal lines that are no errors are one problem's when the reports log them together
at least this many times as often as chance would (rules v51,
``_ModelErrors.logged_together``)."""


class _Groups:
    """Union-find over report indexes: the groups the rules' links make."""

    def __init__(self, size: int) -> None:
        # 4 bytes a report, not a list of int objects (40 bytes a report past 256): 3.4
        # MB at 85,000 reports, held through every pass, and the same again for the
        # same-model rule's own groups (docs/insight.md, "Session 26: the clustering's
        # passes dropped before its clusters").
        self.parent: MutableSequence[int] = array("i", range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def clusters(self) -> list[list[int]]:
        """The groups of two reports or more, each the indexes of its reports in ascending
        order (the group whose smallest index is smaller first); not the lone reports,
        most of the pool: a list each was about 10 MB at 85,000 reports, made and dropped
        by each rule's pass (docs/insight.md, "Session 23: the clustering's passes")."""
        return [[root, *others] for root, others in sorted(self.children().items())]

    def children(self) -> dict[int, list[int]]:
        """Each group's root (its smallest index) with its other reports, ascending, for
        the groups of two reports or more only."""
        # A report's parent is never after it (``join`` points the later root at the
        # earlier one, ``find`` only shortens paths), so in ascending order its parent's
        # root is known when it is reached: every path made one step, no call of ``find``
        # per report (5 walks of the pool per ``clusters``).
        parent = self.parent
        for i, up in enumerate(parent):
            if up != i:
                parent[i] = parent[up]
        children: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(parent):
            if root != i:
                children[root].append(i)
        return children


@dataclass(frozen=True, slots=True)
class _Signals:
    """What the rules compare of one report, with the non-distinctive parts left out."""

    hardware: frozenset[str]
    errors: frozenset[str]
    """Its journal errors, ``error:`` keys, and since rules v49 its journal's other last
    lines (``ReportFacts.lines``), ``line:`` keys: what the machine did, linked alike."""
    words: frozenset[str]
    """Its own words, but those no other report of the pool says (``clusters``' ``once``):
    they are in no pair's shared words, and a frozenset of them was most of the
    clustering's memory (docs/insight.md, "Session 22: the clustering's words")."""
    product: str
    size: int = 0
    """How many own words it has, those no other report says included: what the rules
    that weigh the words shared against all of them count (``_linked``)."""
    chips: frozenset[str] = frozenset()
    """The peripheral PCI chips among ``hardware`` (rules v38): their postings are made
    per distinct set of them (``_chip_postings``)."""
    machine: tuple[str, ...] = ()
    """The rest of ``hardware`` (chips, machine, app), posted report by report."""
    nearest: int = 0
    """The report's best, not confident, known issue (``ReportFacts.possible``)."""
    said: bytes = b""
    """All the report's words (``WordSet.packed``), when ``SAME_WORDS_MIN`` or more."""
    kinds: frozenset[str] = frozenset()
    """The kinds of problem its words name (``vocabulary.problem_kinds``: the sound, a
    printer, a captive portal...): a chip or a journal line shared with a report that names
    only other kinds links no pair (``kinds_disagree``; docs/insight.md, "Session 23:
    different problems on the same machines")."""


def _linked(a: _Signals, b: _Signals, model_errors: _ModelErrors | None) -> bool:
    """Rules v2: two reports are one problem when they share
    - a journal error, and either different machines or one word of their own (the same
      machine logs the same errors whatever its user's problem), or an error other reports
      of their model do not log (``model_errors``: one of its problems', in any language;
      rules v27); since rules v49 the journal's other last lines count as errors do, but
      one such line alone, with no error, links only with two words of their own, as a
      chip does (two lines or more link without, since rules v51 only when the pool logs
      two of them together ``LINES_LIFT`` times as often as chance would:
      ``_ModelErrors.logged_together``): many machines log a line that is no error
      whatever their problem, and lines shared by chance must not chain them;
    - a chip (a GPU, a network chip, or since rules v38 any other peripheral PCI chip: a
      SATA controller in RAID mode), machine or app and two words of their own (not
      words of a program's name,
      PROGRAM_WORDS: they say which program, as the app key does; nor words of every
      problem, GENERIC_WORDS: "error", "fails", rules v26), unless the machines
      are the same model (then every chip is shared whatever the problem, as errors
      are), or since rules v59 both log errors and no program logs in both
      (``_own_errors``); or
    - enough of their own words: three or more, a third of all their words or half of the
      shorter report's (a short mail without debug sections, all of whose words a long
      report has, is that report's problem; rules v5), unless one names a device kind the
      other does not (rules v28). Makers, model lines and the words of the machine's own
      product name are not their own words: they say which machine;
    - or they say exactly the same, three words or more (``said``; rules v32: a short report
      folds to too few words of its own for the rules above)."""
    if a.said and a.said == b.said:
        return True
    if kinds_disagree(a.kinds, b.kinds):
        # Their words name different problems (the sound, a printer): a chip or a
        # journal line they share is their machines', not one problem's (docs/insight.md,
        # "Session 23: different problems on the same machines").
        return False
    shared_words = a.words & b.words
    same_machine = bool(a.product) and a.product == b.product
    shared_errors = a.errors & b.errors
    symptom_words = shared_words - PROGRAM_WORDS - GENERIC_WORDS
    if shared_errors and (not same_machine or shared_words or (
            model_errors is not None and model_errors.any_of(a.product, shared_errors))) and (
            not all(k.startswith("line:") for k in shared_errors)
            or (len(shared_errors) > 1 and (model_errors is None
                                            or model_errors.logged_together(shared_errors)))
            or len(symptom_words) >= SYMPTOM_MIN_SHARED):
        return True
    if (len(symptom_words) >= SYMPTOM_MIN_SHARED and not same_machine
            and not a.hardware.isdisjoint(b.hardware)
            and not _own_errors(a.errors, b.errors)):
        return True
    if len(shared_words) < WORDS_MIN_SHARED or _other_devices(a.words, b.words):
        return False
    # |a ∪ b| of all their own words (``size``: with the words no other report says).
    return (len(shared_words) / (a.size + b.size - len(shared_words)) >= WORDS_MIN_JACCARD
            or len(shared_words) / min(a.size, b.size) >= WORDS_MIN_OVERLAP)


def _own_errors(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two reports that share no journal error both log one (``error:`` keys) and
    no program or kernel driver logs in both (``_loggers``, of their errors and other
    lines): each machine said what failed, and not even the same program did, so a chip
    and two words they share do not make them one problem (rules v59; docs/insight.md,
    "Session 19, thirty-second round: chained groups"). The same driver's other error
    (amdgpu's "dpm features" and its "late_init") is one problem's, and still links."""
    if not (any(k.startswith("error:") for k in a) and any(k.startswith("error:") for k in b)):
        return False
    return _loggers(a).isdisjoint(_loggers(b))


def _loggers(journal: frozenset[str]) -> set[str]:
    """What logged each of a report's journal keys: at most the two words before the first
    masked part ("nautilus", "gnome shell", "kernel vmd")."""
    return {" ".join(k.split(":", 1)[1].split(" #", 1)[0].split()[:2]) for k in journal}


def _other_devices(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether one of two reports' words names a device kind (sound, Bluetooth, a printer:
    ``matching.OTHER_DEVICE_KINDS``) the other's do not: then their shared words are about
    two devices, two problems (rules v28)."""
    return any(bool(a & kind) != bool(b & kind) for kind in OTHER_DEVICE_KINDS)


def _signals(f: ReportFacts, keys: Iterable[str], device_key_of: Mapping[str, str],
             chip_sets: dict[tuple[str, ...], frozenset[str]], noise_keys: set[str],
             not_own: frozenset[str],
             one_set: dict[Any, Any] | None = None,
             once: AbstractSet[str] = frozenset(),
             kinds: frozenset[str] = frozenset()) -> _Signals:
    """``keys`` are ``f.keys()``; ``device_key_of`` gives the key of each peripheral PCI
    chip that is not noise: a hardware key each (rules v38). ``chip_sets`` keeps one
    frozenset per distinct list of them, shared by the reports of one machine.
    ``not_own``: the noise words, function words and machine words together. ``one_set``
    keeps one frozenset of hardware, of errors and of words, and one tuple of machine keys,
    per distinct value, shared by every report that has it (``clusters``). ``once``: words
    no other report of the pool says, left out of ``words`` (counted in ``size``).
    ``kinds``: the kinds of problem its words name (``problem_kinds``)."""
    own = set(keys) - noise_keys
    machine = tuple(k for k in own if k.split(":", 1)[0] in _HARDWARE_KINDS)
    if one_set is not None:  # (its tuples too: many reports name the same machine)
        machine = one_set.setdefault(machine, machine)
    listed = tuple(filter(None, map(device_key_of.get, f.devices)))
    chips = chip_sets.get(listed)
    if chips is None:
        chips = chip_sets[listed] = frozenset(listed)
    hardware = chips.union(machine)
    # Errors and (rules v49) the journal's other lines: both say what the machine did.
    errors = frozenset(k for k in own if k.startswith(_JOURNAL_KEYS)
                       and not _MACHINE_NOISE_RE.search(k))
    # One set of words for the reports that say the same words and name the same machine
    # (looked up by the words' numbers: no set made, no set hashed, for those seen).
    # Fewer than SAME_WORDS_MIN words (no ``said``): a small set, made for each.
    said = f.words.packed(SAME_WORDS_MIN)
    at = (said, f.product) if said and one_set is not None else None
    seen = one_set.get(at) if at is not None and one_set is not None else None
    first: _Signals | None = None
    if seen is None:
        # The machine's own name ("CHUWI MiniBook X") and makers say which machine.
        own_words = f.words - not_own - _product_words(f.product)
        words = own_words if once.isdisjoint(own_words) else own_words - once
        size = len(own_words)
    else:
        words, size, first = seen
    if one_set is not None:
        hardware = one_set.setdefault(hardware, hardware)
        errors = one_set.setdefault(errors, errors)
    if first is not None and first.hardware is hardware and first.errors is errors \
            and first.chips is chips and first.machine is machine \
            and first.nearest == f.possible and (first.kinds is kinds or first.kinds == kinds):
        # The same words on the same machine with the same chips, journal and nearest
        # issue (a report sent again, one user's copies): the first such report's signals,
        # not a second object of the same values (docs/insight.md, "Session 26: one
        # signals object for reports that say and log the same").
        return first
    made = _Signals(
        hardware=hardware, chips=chips, machine=machine, errors=errors,
        words=words, size=size,
        product=f.product, nearest=f.possible,
        said=said, kinds=kinds)
    if seen is None and at is not None and one_set is not None:
        one_set[at] = (words, size, made)
    return made


@lru_cache(maxsize=8192)
def _product_words(product: str) -> frozenset[str]:
    """The words of a machine's product name (``terms``), found once per product: many
    reports name the same machine."""
    return frozenset(terms(product))


class _ModelErrors:
    """Which journal errors are one of a machine model's problems, not the model's own
    noise: two or more of its reports log them and another of its reports with a journal
    does not (from three such reports on; docs/insight.md, "Session 10, sixteenth round").
    Asked only for two reports of one model that share an error and no word, so counted
    when asked. Since rules v51 it also answers whether two journal lines that are no
    errors are logged together (``logged_together``), from the same postings."""

    def __init__(self, postings: Mapping[str, Sequence[int]],
                 signals: Sequence[_Signals]) -> None:
        self.postings = postings
        self.signals = signals
        self.with_journal = Counter(s.product for s in signals if s.product and s.errors)
        self.together: dict[tuple[str, str], bool] = {}

    def logged_together(self, lines: Iterable[str]) -> bool:
        """Rules v51: whether two of ``lines`` (journal lines that are no errors, shared by
        two reports) are logged together: by mostly the same reports (half of the reports
        logging either log both), or ``LINES_LIFT`` times as often as chance would have it
        (reports logging both, times the pool, over the product of the reports logging
        each). One problem's lines come together, while a real journal's session lines,
        each logged by a share of all machines, come together by chance only, and two of
        them shared link no pair without words (docs/insight.md, "Session 18, twenty-ninth
        round: cluster precision")."""
        ordered = sorted(lines)
        return any(self._together(x, y) for n, x in enumerate(ordered) for y in ordered[n + 1:])

    def _together(self, first: str, second: str) -> bool:
        """``logged_together`` for two lines, answered once per pair of lines."""
        found = self.together.get((first, second))
        if found is None:
            x = self.postings.get(first, ())
            y = self.postings.get(second, ())
            # A line more reports log than MAX_POSTINGS is a common machine's, not a
            # problem's (and its postings are the longest to intersect).
            both = len(set(x).intersection(y)) if len(x) <= MAX_POSTINGS >= len(y) else 0
            # Mostly the same reports (half of those logging either log both), or more
            # often than chance: in a small pool a problem's lines can be most of it.
            found = self.together[(first, second)] = bool(both) and (
                3 * both >= len(x) + len(y)
                or both * len(self.signals) >= LINES_LIFT * len(x) * len(y))
        return found

    def any_of(self, product: str, errors: Iterable[str]) -> bool:
        """Whether one of ``errors`` is one of ``product``'s problems'."""
        total = self.with_journal[product]
        if total <= 2:
            return False
        for error in errors:
            members = self.postings.get(error, ())
            if len(members) <= MAX_POSTINGS and 2 <= sum(
                    1 for i in members if self.signals[i].product == product) < total:
                return True
        return False
