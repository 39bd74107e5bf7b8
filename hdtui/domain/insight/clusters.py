"""Clusters of reports no known issue covers (``Cluster``, ``clusters``): signals, pairs and
passes made into named, flagged groups. Pure; see docs/insight.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, MutableSequence, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

from hdtui.domain.components import PROGRAM_WORDS
from hdtui.domain.insight.facts import (
    _JOURNAL_KEYS,
    _KIND_RANK,
    _NOT_CLUSTERED,
    ReportFacts,
    is_report_id,
    network_chips_named,
    passing_report_id,
    reference_token,
    token_of,
)
from hdtui.domain.insight.joining import (
    _NO_KINDS,
    CLUSTER_KINDS,
    _attach_by_journal,
    _attached_text,
    _chip_postings,
    _join_by_group_words,
    _join_lone_by_kind,
    _join_mail_by_most_words,
    _join_pairs,
    _join_same_model_and_nearest,
    _numbers,
)
from hdtui.domain.insight.linking import (
    MAX_POSTINGS,
    _Groups,
    _linked,
    _ModelErrors,
    _Signals,
    _signals,
)
from hdtui.domain.insight.per_issue import FLAG_PER_WEEK, FREQUENT_SHARE, _newest_first, _top
from hdtui.domain.insight.weeks import WEEKS, per_week, week_starts
from hdtui.domain.insight.working import WORDS_SAYING_IT_WORKS
from hdtui.domain.matching import OTHER_DEVICE_KINDS
from hdtui.domain.signal_text import SIGNAL_KINDS, explain, read_signal
from hdtui.domain.signals import machine_lines
from hdtui.domain.terms import terms
from hdtui.domain.vocabulary import (
    CONCEPT_WORDS,
    FOLDED_FOR_CLUSTERS,
    FUNCTION_WORDS,
    GENERIC_WORDS,
    HARDWARE_WORDS,
    MACHINE_WORDS,
    PROBLEM_WORDS,
    cluster_concepts,
    problem_kinds,
)
from hdtui.domain.word_set import WordSet

COMMON_CHIP_SHARE = 0.1
"""A graphics or network chip in more than this share of the reports is a common laptop's
(an Intel UHD 620), not a sign of one problem: it links no pair."""
CONCEPT_KEY = "word:"
"""The prefix of a cluster's key made of a concept of the lexicon most of its reports say
(``CONCEPT_WORDS``): ``explain`` calls it a "problem word" ("same problem word sound")."""
_HARDWARE_KEYS = ("gpu:", "net:", "product:", "device:")
"""The keys of hardware: a cluster is named by one of them before its problem's words only
when all its reports share it (rules v78)."""
_MODEL_KEY = "product:"
"""The key of a machine's model, among the keys of hardware (``_an_issues``, rules v86)."""
_ERROR_KEY = "error:"
"""The key of a journal error, not a line of the journal's tail (``_an_issues``)."""
MAX_WORD_POSTINGS = 30
"""The same for one word of the users: only rare words propose pairs (common words still
count once a pair is proposed)."""



@dataclass(frozen=True, slots=True)
class Cluster:
    """Reports that share a problem no known issue covers, and why they are together."""

    id: str
    """Stable while its oldest report stays in it (``C-1a2b3c``: ``_cluster_id``)."""
    label: str
    signals: tuple[str, ...]
    """What its reports share, e.g. ``same GPU 1002:15bf``, ``same journal error "..."``
    (structured signals only: no user words)."""
    reports: tuple[str, ...]
    """Keys of its reports, newest first."""
    per_week: tuple[int, ...]
    flagged_weeks: tuple[date, ...] = ()
    """First days of the weeks with ``FLAG_PER_WEEK`` reports or more."""
    versions: tuple[tuple[str, int], ...] = ()
    hardware: tuple[tuple[str, int], ...] = ()
    report_ids: tuple[str, ...] = field(default_factory=tuple)
    words: tuple[str, ...] = ()
    """The users' words most of its reports share: shown to the member, never published
    (they can hold a name). A word of the lexicon among them ("sound") is the project's
    own vocabulary, not the user's: a regression's alert may say it (``Regression.about``;
    docs/insight.md, "Alerts")."""
    family: tuple[str, ...] = ()
    """Ids of the other clusters of its family: clusters grouped by words alone all of whose
    reports say one word of a problem (``_families``); their reports count together toward
    a week's flag."""
    attached: tuple[str, ...] = ()
    """Why each report that no pair linked was added (``_attach_by_journal``, rules v52):
    the journal line it logs with some of the reports and the words of theirs it says.
    Shown to the member, never published (the words are the users')."""
    linked_issue: int = 0
    """The known issue most of the reports a member linked away from it go to (those it
    held before the links, ``_carried_ids``), else 0: the cluster and that issue are one
    problem when a regression weighs its reports (``regressions.with_cluster_problems``;
    docs/insight.md, "Session 27: regfix27")."""
    earlier: tuple[str, ...] = ()
    """Keys of its reports received before the window (``clusters``' ``start``), newest
    first: grouped with it, counted in none of its numbers, said beside them ("3 before
    these weeks"; docs/insight.md, "Session 28: a cluster's reports before the window")."""

    @property
    def flagged(self) -> bool:
        """Reported often enough in some week to be relayed (the process's threshold)."""
        return bool(self.flagged_weeks)


_ID_BYTES = 16
"""Bytes of a WhisperBack report ID's 32 hex digits."""


class _IdsPacked:
    """``Cluster.report_ids`` kept as one bytes object, 16 bytes an ID, when every ID is
    32 lowercase hex digits (a WhisperBack report's), else as the tuple given: the
    overview keeps its clusters for the session, and their IDs were a string of 96 bytes
    each (51,043 at 100,000 messages, 4.9 MB; docs/insight.md, "Session 29: the
    references as numbers"). Read, the tuple of the same strings is made again (no
    product code reads it; tests and the issue form's checks do); set as the dataclass
    sets its fields (``__init__``, ``replace``, unpickling)."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, cluster: Cluster | None, owner: type | None = None) -> Any:
        if cluster is None:
            return self
        held = self._slot.__get__(cluster, owner)
        if type(held) is not bytes:
            return held
        return tuple(held[at:at + _ID_BYTES].hex() for at in range(0, len(held), _ID_BYTES))

    def __set__(self, cluster: Cluster, ids: tuple[str, ...]) -> None:
        self._slot.__set__(cluster, packed_ids(ids))


def packed_ids(ids: tuple[str, ...]) -> bytes | tuple[str, ...]:
    """What a cluster keeps of its report IDs (``_IdsPacked``): 16 bytes an ID when each
    is 32 lowercase hex digits, else ``ids`` as they are."""
    if ids and type(ids) is tuple \
            and all(type(i) is str and is_report_id(i) for i in ids):  # (facts.py's test)
        return bytes.fromhex("".join(ids))
    return ids


setattr(Cluster, "report_ids", _IdsPacked(vars(Cluster)["report_ids"]))  # noqa: B010


def _frequent(items: Sequence[Iterable[str]], total: int,
              also: Mapping[str, int] | None = None) -> set[str]:
    """The keys of more than ``FREQUENT_SHARE`` of ``total`` reports: ``items`` holds each
    report's keys, ``also`` counts more keys already counted report by report."""
    # In one call, not one per report (each report's keys once).
    counts: Counter[str] = Counter(chain.from_iterable(map(set, items)))
    if also:
        counts.update(also)
    limit = max(FREQUENT_SHARE * total, 4)
    return {k for k, n in counts.items() if n > limit}


def _session_lines(facts: Iterable[ReportFacts]) -> set[str]:
    """The keys of the journal's lines that are no errors which reports likely for two or
    more different known issues log: a kind of machine's or session's lines
    (NetworkManager's lease on one Wi-Fi driver, one GNOME habit), logged whatever the
    problem, under the quarter of the pool that makes a key every machine's
    (``FREQUENT_SHARE``). They link no pair: two of them chained every report of a kind,
    and the problems' words then the kinds, into one cluster of the whole pool. A new
    problem's own line is logged by its reports, which no issue counts (rules v51;
    docs/insight.md, "Session 18: the review of the journal's lines")."""
    issue_of: dict[str, int] = {}
    shared: set[str] = set()
    for f in facts:
        if f.likely and f.lines:
            iid = f.likely[0]
            for line in f.lines:
                if issue_of.setdefault(line, iid) != iid:
                    shared.add(f"line:{line}")
    return shared


def _machines_own(keys: Sequence[Sequence[str]], pool: Sequence[ReportFacts],
                  kinds: Sequence[frozenset[str]], having: Mapping[str, int]) -> set[str]:
    """The chips, machines, apps and journal keys of the pool that reports of different
    problems share, which their words tell apart (``problem_kinds``): half of the reports
    that have one or more name a kind of problem, two kinds or more, none named by more
    than half of them. The sound, a printer, a captive portal and the screen reader told
    on the same eight machines all came with the machines' network chip and a kernel
    line of their journal: those are the machines', not a problem's, and like every
    machine's noise they link no pair, keep no report from a cluster and name none
    (docs/insight.md, "Session 23: different problems on the same machines"). A key most
    of whose reports name one kind (the sound's driver error, a printer's CUPS line)
    stays that problem's. ``having``: how many reports of the pool have each key."""
    named: Counter[str] = Counter()
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for i, said in enumerate(kinds):
        if said:  # most name none: not asked
            for key in {*keys[i], *_device_keys(pool[i].devices)}:
                named[key] += 1
                per_kind[key].update(said)
    return {key for key, counts in per_kind.items()
            if len(counts) >= 2 and 2 * max(counts.values()) <= named[key]
            and 2 * named[key] >= having[key]}


def _device_keys(devices: Iterable[str]) -> list[str]:
    """A report's other peripheral PCI chips (``ReportFacts.devices``; not its USB devices:
    every report lists the stick Tails runs from, and the popular sticks are many users';
    not its SMBus or signal processing controllers, which every machine of its chipset
    has) as keys: a chip the reports of
    one problem share links them as a GPU does, with two words of their own (rules v38;
    docs/insight.md, "Session 13, twentieth round")."""
    return [f"device:{d}" for d in devices if not d.startswith(_NOT_CLUSTERED)]


_DEVICES = attrgetter("devices")


def _device_counts(facts: Iterable[ReportFacts]) -> Counter[str]:
    """How many reports list each peripheral PCI chip, by its key (``_device_keys``;
    a chip listed twice by one report counts once): counted on the devices as listed, and
    made keys once per chip."""
    listed = Counter(chain.from_iterable(map(set, map(_DEVICES, facts))))
    return Counter({f"device:{d}": n for d, n in listed.items()
                    if not d.startswith(_NOT_CLUSTERED)})


def _common_chips(facts: Sequence[ReportFacts], devices: Counter[str] | None = None
                  ) -> set[str]:
    """Graphics and network chips, and other peripheral chips (rules v38), of more
    than COMMON_CHIP_SHARE of all the reports (matched ones too: a chip is common because
    many machines have it, not because of a problem). ``devices``: the facts'
    ``_device_counts`` when already counted."""
    # Counted by distinct pair of chip tuples first: a few thousand, not one per report
    # (docs/insight.md, "Session 12: `hdtui stats --json` at 100,000").
    counts: Counter[str] = Counter()
    for (gpus, network), times in Counter((f.gpus, f.network) for f in facts).items():
        for key in {f"gpu:{g}" for g in gpus} | {f"net:{n}" for n in network}:
            counts[key] += times
    # The other peripheral chips (rules v38): their tuples hold USB devices too, so they
    # are seldom shared; counted chip by chip instead.
    counts.update(_device_counts(facts) if devices is None else devices)
    limit = max(COMMON_CHIP_SHARE * len(facts), 4)
    return {k for k, n in counts.items() if n > limit}


def clusters(facts: Sequence[ReportFacts], today: date, weeks: int = WEEKS,
             away: AbstractSet[str] = frozenset(), start: date | None = None
             ) -> list[Cluster]:
    """Group reports that match no known issue (``likely`` empty) into clusters of two or
    more, by the rules of ``_linked``; biggest this week first. ``away``: the references
    of reports a member linked to an issue that match none confidently (``overview.
    linked_away``; made likely for that issue in ``facts``): the grouping never uses them,
    so the clusters are those of the pool without them; a cluster still keeps the id a
    member saw when that id was a linked report's (``_carried_ids``; rules v86;
    docs/insight.md, "Session 25: a linked report holds no cluster together").
    ``start``: the window's first day (``counted.window_start``) when ``facts`` hold the
    reports before it too: they are grouped as the others, each cluster named by its
    oldest report of all (its id the same whatever the window) and then cut to its
    reports from ``start`` on, which alone it counts, names and lists; one with none there
    is left out (fix28a; docs/insight.md, "Session 28: a new problem's id whatever the
    window")."""
    # Rules v73: the pool's words as the clusters compare them, a concept for the words
    # of several languages that name it (``cluster_concepts``); a report with none of
    # those words is read as it is (most: no set made).
    # The kinds of problem each report's words name (``problem_kinds``): asked of the
    # reports that say one of the words alone, one frozenset a distinct value.
    away_tokens = set(map(reference_token, away))  # (``facts.reference_token``)
    pool: list[ReportFacts] = []
    kinds: list[frozenset[str]] = []
    one_kinds: dict[frozenset[str], frozenset[str]] = {}
    # The reports linked away, read as the pool's are but kept out of it: only
    # ``_carried_ids`` compares them.
    linked: list[ReportFacts] = []
    linked_kinds: list[frozenset[str]] = []
    linked_issues: list[int] = []  # the issue each was linked to
    for f in facts:
        if f.likely and token_of(f) not in away_tokens:
            continue
        into, into_kinds = (pool, kinds) if not f.likely else (linked, linked_kinds)
        if f.likely:
            linked_issues.append(f.likely[0])
        f = replace(f, likely=()) if f.likely else f
        named = _NAMING.intersection(f.words)
        if named:
            if not FOLDED_FOR_CLUSTERS.isdisjoint(named):
                f = replace(f, words=WordSet(cluster_concepts(f.words)))
            said = problem_kinds(f.words)
            into_kinds.append(one_kinds.setdefault(said, said))
        else:
            into_kinds.append(_NO_KINDS)
        into.append(f)
    del one_kinds
    # Each report's keys made of one string a value: made anew for every report, the 321,000
    # keys of 85,000 reports took 39 MB at 100,000 messages for 44 values (the shift-start
    # line counts clusters right after the start: docs/benchmarks.md, "Session 21: the warm
    # queue at 100,000").
    one_key: dict[str, str] = {}
    keys = [[one_key.setdefault(k, k) for k in ReportFacts.keys(f)] for f in pool]
    # The chips are counted once on the pool and once on the other facts (the common ones
    # are counted on all).
    pool_devices = _device_counts(pool)
    all_devices = pool_devices + _device_counts(f for f in facts if f.likely)
    # How many reports of the pool have each key (each report's keys once), counted once
    # for the frequent keys and the machines' own.
    key_counts = Counter(chain.from_iterable(map(set, keys)))
    key_counts.update(pool_devices)
    noise_keys = _frequent((), len(pool), key_counts) | _common_chips(facts, all_devices) \
        | _session_lines(facts) | _machines_own(keys, pool, kinds, key_counts)
    del key_counts
    # A WordSet's words are distinct: counted as they are (no set made of each).
    word_counts = Counter(chain.from_iterable(f.words for f in pool))
    noise_words = _everyones_words(word_counts, len(pool))
    # Words one report of the pool says link no pair and are in no group's shared words:
    # left out of its signals' words (``_Signals.size`` counts them), but the device
    # kinds', which say what a report is not about (``_other_devices``).
    once = frozenset(w for w, n in word_counts.items() if n == 1).difference(
        *OTHER_DEVICE_KINDS)
    del word_counts
    # Each chip's key made once, not once per report (many reports share a machine;
    # docs/insight.md, "Session 13: the clustering's CPU after v38"); noise ones left out.
    device_key_of = {k.removeprefix("device:"): k for k in pool_devices if k not in noise_keys}
    chip_sets: dict[tuple[str, ...], frozenset[str]] = {}
    not_own = frozenset(noise_words).union(FUNCTION_WORDS, MACHINE_WORDS)  # one subtraction
    # One frozenset a distinct value of hardware and of errors: one each a report took 39
    # MB at 100,000 messages (docs/benchmarks.md, "Session 21: the warm queue at 100,000").
    one_set: dict[Any, Any] = {}
    signals = [_signals(f, k, device_key_of, chip_sets, noise_keys, not_own, one_set, once,
                        named)
               for f, k, named in zip(pool, keys, kinds, strict=True)]
    linked_signals = [_signals(f, ReportFacts.keys(f), device_key_of, chip_sets, noise_keys,
                               not_own, one_set, once, named)
                      for f, named in zip(linked, linked_kinds, strict=True)]
    del one_set, one_key, keys, once, kinds, linked_kinds
    # Candidate pairs come from shared keys and shared rare words (an inverted index):
    # comparing every pair would be quadratic in the reports.
    # Hardware and errors by key; words and whole sayings apart (no key made for each).
    # The reports' numbers kept 4 bytes each (``_numbers``), not as a list of int objects:
    # held through every pass, they were 12.7 MB at 85,000 reports (docs/insight.md,
    # "Session 23: the clustering's passes").
    postings: dict[str, MutableSequence[int]] = defaultdict(_numbers)
    with_chips: dict[frozenset[str], list[int]] = defaultdict(list)
    by_word: dict[str, MutableSequence[int]] = defaultdict(_numbers)
    by_said: dict[bytes, MutableSequence[int]] = defaultdict(_numbers)
    for i, sig in enumerate(signals):
        for k in (*sig.machine, *sig.errors):
            postings[k].append(i)
        if sig.chips:
            with_chips[sig.chips].append(i)
        for w in sig.words:
            by_word[w].append(i)
        if sig.said:
            by_said[sig.said].append(i)
    postings.update(_chip_postings(with_chips))
    del with_chips
    model_errors = _ModelErrors(postings, signals)
    groups = _Groups(len(pool))
    # The chips of one chipset are on the same machines: their reports are compared once
    # (rules v38 made a machine's every peripheral chip a key; docs/insight.md, "Session
    # 13, twentieth round").
    compared: set[tuple[int, ...]] = set()
    # One report: no pair (most postings; docs/insight.md, "Session 12"); too many: too
    # common to be a problem's signal.
    for members in by_word.values():
        if 2 <= len(members) <= MAX_WORD_POSTINGS:
            _join_pairs(members, signals, groups, model_errors)
    for members in by_said.values():
        if 2 <= len(members) <= MAX_POSTINGS:
            _join_pairs(members, signals, groups, model_errors)
    for name, members in postings.items():
        if not 2 <= len(members) <= MAX_POSTINGS:
            continue
        if not name.startswith(_JOURNAL_KEYS):  # hardware (machine and chips)
            reports = tuple(members)
            if reports in compared:
                continue
            compared.add(reports)
            # A shared chip links only with two shared words (errors have postings of their
            # own): only reports that share a word are worth comparing.
            sharing: dict[str, list[int]] = defaultdict(list)
            for i in members:
                for w in signals[i].words:
                    sharing[w].append(i)
            for bucket in sharing.values():
                if len(bucket) > 1:  # most words are one report's: no pair, no call
                    _join_pairs(bucket, signals, groups, model_errors)
        else:
            _join_pairs(members, signals, groups, model_errors)
    del compared
    _join_same_model_and_nearest(signals, groups)
    # Whether each report has a journal at all, noise included (rules v49).
    journal = [bool(f.errors or f.lines) for f in pool]
    _join_by_group_words(signals, groups, by_word, journal)
    _join_mail_by_most_words(signals, groups, by_word)
    _join_lone_by_kind(signals, groups)
    attached = _attach_by_journal(signals, groups, postings, by_word)
    grouped = groups.clusters()
    carried, linked_to = _carried_ids(grouped, pool, linked, linked_signals, signals, groups,
                                      (postings, by_word, by_said), model_errors,
                                      linked_issues)
    # The passes' signals, postings and groups are dropped before the clusters are made:
    # held on, they were the clustering's highest point of memory (with each member's
    # report ID the clusters read), 15 MB at 100,000 messages (docs/insight.md, "Session
    # 26: the clustering's passes dropped before its clusters").
    del signals, linked_signals, postings, by_word, by_said, model_errors, groups, journal
    found = []
    for members in grouped:
        oldest = carried.get(members[0], "") or max(
            (pool[i] for i in members), key=_newest_first).reference
        whole = members
        if start is not None:  # the window's reports only, the id of them all
            members = [i for i in members
                       if (day := pool[i].received) is None or day >= start]
            if not members:
                continue
        made = _cluster([pool[i] for i in members], noise_keys, noise_words, today, weeks,
                        _attached_text(members, attached, pool), oldest,
                        linked_to.get(whole[0], 0))
        if len(members) < len(whole):  # said beside its numbers, counted in none
            kept = set(members)
            made = replace(made, earlier=tuple(f.key for f in sorted(
                (pool[i] for i in whole if i not in kept), key=_newest_first)))
        if len(members) < 2 <= len(whole):  # one report shares nothing with itself: the
            # problem named by all its reports, counted by the window's
            by_all = _cluster([pool[i] for i in whole], noise_keys, noise_words, today, weeks)
            made = replace(made, label=by_all.label, signals=by_all.signals, words=by_all.words)
        found.append(made)
    found = [c for c in found if sum(c.per_week)]  # not one report in the window: old news
    by_key = {f.key: f for f in pool}
    not_a_problems = not_own | GENERIC_WORDS | PROGRAM_WORDS
    found = _not_known(found, by_key, facts, not_a_problems)
    found = _families(_unique_ids(found), by_key, not_a_problems, today, weeks, facts)
    return sorted(found, key=lambda c: (-c.per_week[-1], -sum(c.per_week), c.id))


def _carried_ids(grouped: Sequence[Sequence[int]], pool: Sequence[ReportFacts],
                 linked: Sequence[ReportFacts], linked_signals: Sequence[_Signals],
                 signals: Sequence[_Signals], groups: _Groups,
                 indexes: Sequence[Mapping[Any, Sequence[int]]], model_errors: _ModelErrors,
                 issues: Sequence[int] = ()) -> tuple[dict[int, str], dict[int, int]]:
    """The reference each group of ``grouped`` (by its first index in ``pool``) takes its
    id from when a report a member linked away (``linked``) was the oldest of its earlier
    cluster. That cluster is read from the pairs alone (no second grouping of the pool):
    the linked report, the groups and lone reports of the pool it links with
    (``_linked``, the candidates of its ``indexes``: postings, words, whole sayings, those
    the passes compare: no longer than ``MAX_POSTINGS`` or ``MAX_WORD_POSTINGS``), and
    the other linked reports it or they link with. The group holding more than half of
    that cluster's remaining reports takes its id, the one holding most when two old
    clusters meet; each old id once. The old cluster's other reports were held together
    by the linked one alone: they keep ids of their own (docs/insight.md, "Session 25:
    a linked report holds no cluster together"). Also each group's linked issue: the one
    more than half of its old cluster's linked reports were linked to (``issues``: each
    linked report's), whatever the id (regfix27: two of a sound cluster's reports linked
    to #19127 were a second problem beside it, and its regression vanished)."""
    if not linked:
        return {}, {}
    # Old clusters: a union-find over the pool's groups (by root) and the linked reports
    # (``-1 - n``), joined by the pairs a linked report makes.
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for n, sig in enumerate(linked_signals):
        find(-1 - n)
        # The postings the passes compare, with this report one more: too common, none.
        candidates = {i for index, key_set, most in zip(
            indexes, ((*sig.machine, *sig.chips, *sig.errors), sig.words,
                      (sig.said,) if sig.said else ()),
            (MAX_POSTINGS, MAX_WORD_POSTINGS, MAX_POSTINGS), strict=True)
            for key in key_set if len(index.get(key, ())) < most
            for i in index.get(key, ())}
        for i in candidates:
            if _linked(sig, signals[i], model_errors):
                join(groups.find(i), -1 - n)
        for m in range(n):
            if _linked(sig, linked_signals[m], model_errors):
                join(-1 - m, -1 - n)
    old: dict[int, list[int]] = defaultdict(list)
    for x in parent:
        old[find(x)].append(x)
    members_of = {members[0]: members for members in grouped}
    overlaps: list[tuple[int, int, str]] = []  # (reports in common, group's root, id's)
    linked_to: dict[int, int] = {}
    for parts in old.values():
        roots = [x for x in parts if x >= 0]
        linked_here = Counter(issues[-1 - x] for x in parts if x < 0 and -1 - x < len(issues))
        if roots and linked_here:
            iid, n = linked_here.most_common(1)[0]
            if 2 * n > linked_here.total():
                linked_to.update((x, iid) for x in roots if x in members_of)
        oldest = max(chain((linked[-1 - x] for x in parts if x < 0),
                           (pool[i] for x in roots for i in members_of.get(x, (x,)))),
                     key=_newest_first)
        if oldest.key not in {linked[-1 - x].key for x in parts if x < 0}:
            continue  # its oldest report stays: its id is still its own
        remaining = sum(len(members_of.get(x, (x,))) for x in roots)
        overlaps += [(len(members_of[x]), x, oldest.reference) for x in roots
                     if x in members_of and 2 * len(members_of[x]) > remaining]
    carried: dict[int, str] = {}
    for _, root, reference in sorted(overlaps, key=lambda o: (-o[0], o[1], o[2])):
        if root not in carried and reference not in carried.values():
            carried[root] = reference
    return carried, linked_to


def _not_known(found: list[Cluster], by_key: Mapping[str, ReportFacts],
               facts: Iterable[ReportFacts], not_own: AbstractSet[str] = frozenset()
               ) -> list[Cluster]:
    """``found`` without the clusters that are a known issue's (``_an_issues``): two
    reports of #19113 (a Realtek Wi-Fi chip's issue, 12 reports likely) on one HP laptop
    with that chip, nearest #19113 but not confidently, were listed as a new problem, "same
    machine HP Notebook" (rules v78; docs/insight.md, "Session 24: new problems a member
    can trust"). ``not_own``: words that say no problem of its own (``_an_issues``)."""
    nearest: dict[int, int] = {}
    for i, c in enumerate(found):
        best = Counter(by_key[k].possible for k in c.reports)
        best.pop(0, None)
        if best:
            iid, n = best.most_common(1)[0]
            if 2 * n > len(c.reports):
                nearest[i] = iid
    if not nearest:
        return found
    wanted = set(nearest.values())
    # Each issue's counted reports (likely, or linked: ``overview``), by their hardware.
    theirs: dict[int, list[ReportFacts]] = defaultdict(list)
    for f in facts:
        if f.likely and f.likely[0] in wanted:
            theirs[f.likely[0]].append(f)
    return [c for i, c in enumerate(found)
            if i not in nearest or not _an_issues([by_key[k] for k in c.reports],
                                                  theirs.get(nearest[i], []), not_own,
                                                  _words_alone(c))]


def _an_issues(members: Sequence[ReportFacts], theirs: Sequence[ReportFacts],
               not_own: AbstractSet[str] = frozenset(), words_alone: bool = False) -> bool:
    """Whether a cluster's reports (``members``), more than half of which have one issue as
    their best match, are that issue's: it has more reports counted (``theirs``) than the
    cluster on a GPU, network chip or machine most of both have, and the cluster is no
    journal error or line (logged by more than half of it) that none of those reports
    logs. The nearest issue alone is no proof: a new problem's reports are often all
    nearest one issue (rules v30: a ThinkBook's battery in four languages), a new problem
    of a chip nearest the chip's issue (a journal error of its own), and a group bigger
    than what the issue counted on that hardware is a wave of its own. Also the issue's:
    a cluster of one model of the issue's line (``_in_the_issues_line``), and one grouped
    by its ``words_alone`` that says the issue's words (``_the_issues_doubted``, judged
    without the words of ``not_own``)."""
    size = len(members)
    mine = Counter(chain.from_iterable(set(ReportFacts.keys(f)) for f in members))
    # Errors only (rules v86): a line of the journal's tail is what the machine did, often
    # the issue's very symptom ("Tor Connection: no network connection detected" beside
    # a Wi-Fi chip's issue none of whose counted reports happened to log it); a new problem
    # of the chip logs an error of its own.
    own = [k for k, n in mine.items() if k.startswith(_ERROR_KEY) and 2 * n > size]
    counted = [set(ReportFacts.keys(f)) for f in theirs]
    for key, n in mine.items():
        if not (key.startswith(_HARDWARE_KEYS) and 2 * n > size):
            continue
        held = [keys for keys in counted if key in keys]
        # The issue's hardware: most of its counted reports have it, and more of them
        # than the cluster holds; or the very machine model (not a chip many models
        # share), on which it counted as many reports as the cluster holds: an issue of
        # a family of machines (#13576's MacBook Pros) has no model most of its reports
        # run, and 2 of its 9 reports on a MacBookPro15,2 made 2 more on it a "new
        # problem" (rules v86).
        issues = (2 * len(held) > len(counted) and len(held) > size) or \
            (key.startswith(_MODEL_KEY) and len(held) >= size)
        if issues and all(any(k in keys for keys in held) for k in own):
            return True
    return _in_the_issues_line(members, theirs, mine, own, not_own) or \
        (words_alone and _the_issues_doubted(members, theirs, own, not_own))


def _the_issues_doubted(members: Sequence[ReportFacts], theirs: Sequence[ReportFacts],
                        own: Sequence[str], not_own: AbstractSet[str]) -> bool:
    """Whether a cluster grouped by its users' words alone (no machine, chip or journal
    signal: ``_words_alone``), nearest an issue, is that issue's reports the matcher
    doubted: every journal error most of it logs (``own``) is logged by one of the issue's
    counted reports (``theirs``), and it says the issue's problem
    (``_says_the_issues_problem``, ``not_own`` left out).
    Walk26's two #19126 reports without its journal line, on a Surface Pro 4 and an HP
    14-cf, were a flagged 2-report new problem, "similar words", where a member should see
    #19126's week worth a look (docs/insight.md, "Session 26: what walk26 counted wrong").
    A cluster held together by a machine or a chip is judged by ``_an_issues`` alone (a
    new problem of a model or a chip, or a wave on one: known25), as is one logging an
    error of its own."""
    if not theirs or not all(any(k in set(ReportFacts.keys(f)) for f in theirs) for k in own):
        return False
    return _says_the_issues_problem(members, theirs, not_own)


_NOT_THE_PROBLEM = MACHINE_WORDS | HARDWARE_WORDS | GENERIC_WORDS | PROGRAM_WORDS | \
    FUNCTION_WORDS | WORDS_SAYING_IT_WORKS | frozenset(terms(
        "persistent persistence storage additional software package unsafe greeter welcome"
        " cant dont doesnt wont isnt other macos windows bios uefi linux ubuntu tails"))
"""Words a cluster and a known issue's reports share that do not make the cluster the
issue's (``_says_the_issues_problem``): the machine's maker, line and parts, the words of
every problem ("start", "work"), programs' and Tails features' names. Every report of a
MacBook says "macbook", every report of the Persistent Storage its name, whatever goes
wrong (review26; docs/insight.md, "Session 26: review26's swallowed new problems"). Nor
"cant", "dont", "other": "can't", "don't" written without the apostrophe (walk26b). Nor
what says a part works or not, in any of ``working.LANGUAGES`` ("fine", "funktioniert",
"marche", "не", "работает"): "they work fine in macOS" made "fine" one of a terse
cluster's own problem words, and "Tastatur funktioniert nicht" says one problem word, not
two (lang28; docs/insight.md, "Session 28: what works, in the queue's languages
(lang28)")."""


TERSE_SHARED = 2
"""The fewest of an issue's problem words a terse cluster of the issue's machine line must
say to be the issue's (``_says_the_issues_problem``), with more than half of its own
problem words: three "touch bar is blank, keyboard works" reports on a MacBookPro15,2
folded into #13576 (keyboard, trackpad, Touch Bar) with half of theirs (regfix27)."""


def _says_the_issues_problem(members: Sequence[ReportFacts], theirs: Sequence[ReportFacts],
                             not_own: AbstractSet[str], terse: bool = False) -> bool:
    """Whether a cluster's reports (``members``) say the problem of a known issue's counted
    reports (``theirs``): of the issue's problem words (said by most of its reports, none
    of ``not_own`` nor ``_NOT_THE_PROBLEM``) most of the cluster says at least half, and
    one at least; and no kind of problem (``problem_kinds``: a camera, the sound) most of
    the cluster names is one none of the issue's reports names. Three webcam reports on a
    MacBookPro15,2 share "macbook" with #13576's keyboard reports, three "Thunderbird
    mails gone from the Persistent Storage" the feature's name with #20402's unlocking out
    of memory, three "Additional Software not reinstalled" its name and "unlock" (one of
    #20402's "unlock", "allocate", "memory"): new problems, not the issue's (review26).
    ``terse``: or more than half of the cluster's own problem words (said by most of it,
    the same left out), and ``TERSE_SHARED`` at least, or all of them, are the issue's
    ("keyboard dead" says one, the issue's): a terse report says
    few of the words of an issue whose reports are mostly one long text. Walk26b's two
    "cant type anything and mouse dont move" reports say "keyboard", "mouse", "type" of
    #13576's 24 (walk26b; docs/insight.md, "Session 26: walk26b's regression of two
    problems"). A word most of the cluster says works (``ReportFacts.working``) is shared
    by neither bar, but still one of the cluster's own: "touch bar is blank, keyboard
    works" says 2 of its 4 (regfix27; docs/insight.md, "Session 27: regfix27")."""
    size = len(members)
    said = Counter(chain.from_iterable(f.words for f in members))
    theirs_said = Counter(chain.from_iterable(f.words for f in theirs))
    most = {w for w, n in said.items() if 2 * n > size}
    if not problem_kinds(cluster_concepts(most)) <= problem_kinds(cluster_concepts(theirs_said)):
        return False
    issues = {w for w, n in theirs_said.items() if 2 * n > len(theirs)} - not_own - \
        _NOT_THE_PROBLEM
    # A word most of the cluster says works ("keyboard works", "the keyboard is fine":
    # ``ReportFacts.working``) is no shared problem, though the cluster says it (regfix27).
    working = Counter(chain.from_iterable(set(f.working) for f in members))
    shared = issues.intersection(most).difference(
        w for w, n in working.items() if 2 * n > size)
    if not shared:
        return False
    if 2 * len(shared) >= len(issues):
        return True
    own = most - not_own - _NOT_THE_PROBLEM
    return terse and (shared == own or (len(shared) >= TERSE_SHARED
                                        and 2 * len(shared) > len(own)))


def _in_the_issues_line(members: Sequence[ReportFacts], theirs: Sequence[ReportFacts],
                        mine: Counter[str], own: Sequence[str],
                        not_own: AbstractSet[str]) -> bool:
    """Whether a cluster of one machine model (``mine``: its keys, counted) is the issue's
    by the model's line: most of the issue's counted reports (``theirs``) run a model of
    that line (``signals.machine_lines``: "macbookpro" of "Apple MacBookPro15,2"), more of
    them than the cluster holds, saying its problem (``_says_the_issues_problem``, ``not_own``
    left out: not the line's name, which every report on it says), and logging each
    journal error of the cluster (``own``). An issue of a family of machines (#13576: MacBook
    Pros from 2016) counted none on the model where its reports the matcher doubts came
    from (walk26: 6 likely on MacBookPro13,2 and 14,3, 3 possible on a MacBookPro15,2 were
    "same machine Apple MacBookPro15,2", a new problem; docs/insight.md, "Session 26: what
    walk26 counted wrong"). Only when the issue counted none on the cluster's model;
    another problem on that model says words of its own."""
    size = len(members)
    models = [k for k, n in mine.items() if k.startswith(_MODEL_KEY) and 2 * n > size]
    lines = {line for k in models for line in machine_lines(k.removeprefix(_MODEL_KEY))}
    if not lines:
        return False
    in_line = [f for f in theirs if lines & machine_lines(f.product)]
    if 2 * len(in_line) <= len(theirs) or len(in_line) <= size:
        return False
    # Known25's wave guard stays: the issue counted some on the very model, fewer than
    # the cluster holds, so the matcher knows the issue there and the rest is a wave of
    # its own. With none counted there, every report of the model is doubted (its journal
    # lacks the lines the issue's reports log: a MacBookPro15,2 has no applespi), and the
    # guard would compare with a count that cannot grow.
    if any(f"{_MODEL_KEY}{f.product}" in mine for f in in_line):
        return False
    if not _says_the_issues_problem(members, in_line, not_own, terse=True):
        return False
    counted = [set(ReportFacts.keys(f)) for f in in_line]
    return all(any(k in keys for keys in counted) for k in own)


def _everyones_words(word_counts: Counter[str], pool: int) -> set[str]:
    """The words of more than ``FREQUENT_SHARE`` of the pool's reports (``word_counts``, of
    ``pool`` reports): everybody's words ("start", "tails"), not one problem's; but never a
    word that names a kind of device (``OTHER_DEVICE_KINDS``: the sound, Bluetooth, a
    printer) or a concept the clusters fold from several languages (``CONCEPT_WORDS``:
    headphones, the volume, a sound that is gone). A new problem of a device can be a
    large share of the reports no known issue covers (8 of 20 in a quiet week): its own
    words were then left out as everybody's, only its reports' everyday words, those of
    their languages, still linked them, and the problem was split by language (rules
    v73; docs/insight.md, "Session 23: one problem in four languages")."""
    return _frequent((), pool, word_counts).difference(CLUSTER_KINDS)
_NAMING = FOLDED_FOR_CLUSTERS | PROBLEM_WORDS
"""The words a report must say one of to be folded or to name a kind of problem."""


def _families(found: list[Cluster], by_key: Mapping[str, ReportFacts],
              not_own: frozenset[str], today: date, weeks: int,
              facts: Iterable[ReportFacts] = ()) -> list[Cluster]:
    """Clusters grouped by the users' words alone (no shared signal but the lexicon's
    concepts, rules v78: ``_words_alone``) all of whose reports, in both, say one word of
    their own (not a function word, a program's name, a maker's
    or model's, a word of every problem, nor a word frequent in the pool) are one family:
    one problem whose reports the joins' bars split (fewer shared words than a join
    needs). They stay apart (pairs are the joins'), but a week with ``FLAG_PER_WEEK``
    reports of the family is flagged on each of its clusters that has one of them (rules
    v50; docs/insight.md, "Session 18, twenty-eighth round: likely recall and weeks").
    A word most of whose reports among ``facts`` (the counted ones) are outside those
    clusters joins no family."""
    said = {c.id: frozenset.intersection(*(frozenset(by_key[k].words) for k in c.reports))
            - not_own for c in found if _words_alone(c)}
    said = {cid: words for cid, words in said.items() if words}
    by_word: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(said):
        for w in said[cid]:
            by_word[w].append(cid)
    # A family's word is its problem's: most of the reports saying it (known issues'
    # included) are in the clusters saying it. "screen", said by a grey-screen pair and an
    # Orca screen reader cluster and by many reports of the graphics issues, made them one
    # family (walk26; docs/insight.md, "Session 26: what walk26 counted wrong").
    shared = frozenset(w for w, cids in by_word.items() if len(cids) >= 2)
    if shared:
        # One pass, each report's words met with the shared ones: 0.1 s of CPU at 100,000
        # facts whatever their number (a look-up per word and report took 0.9 s for 20).
        uses: Counter[str] = Counter()
        for f in facts:
            uses.update(shared.intersection(f.words))
        sizes = {c.id: len(c.reports) for c in found}
        for w in shared:
            if 2 * sum(sizes[cid] for cid in by_word[w]) <= uses[w]:
                del by_word[w]
                for cid in said:
                    said[cid] = said[cid] - {w}
    # A cluster's family is the clusters saying one of its words, not theirs in turn: a
    # chain of one shared word at a time would join problems that share none.
    family_of = {cid: sorted({other for w in words for other in by_word[w]})
                 for cid, words in said.items()}
    family_of = {cid: family for cid, family in family_of.items() if len(family) >= 2}
    if not family_of:
        return found
    per_week_of = {c.id: c.per_week for c in found}
    starts = week_starts(today, weeks)
    result = []
    for c in found:
        family = family_of.get(c.id)
        if family is None:
            result.append(c)
            continue
        together = [sum(week) for week in zip(*(per_week_of[cid] for cid in family),
                                              strict=True)]
        result.append(replace(
            c, family=tuple(cid for cid in family if cid != c.id),
            flagged_weeks=tuple(starts[i] for i, n in enumerate(c.per_week)
                                if n >= FLAG_PER_WEEK or (n and together[i] >= FLAG_PER_WEEK))))
    return result


def _words_alone(c: Cluster) -> bool:
    """Whether ``c`` was grouped by its users' words alone: no signal but the lexicon's
    concepts its reports say ("same problem word sound", rules v78), which are words too."""
    return all(found is not None and found.kind == SIGNAL_KINDS["word"]
               for found in map(read_signal, c.signals))


def _unique_ids(found: list[Cluster]) -> list[Cluster]:
    """Clusters share no report, so their ids (``_cluster_id``: of their oldest report)
    differ; should two hashes meet, each gets the hash of that id and its oldest report's
    key, whatever the order they were found in (the issue form and the hot-topics cursor
    find a cluster by its id)."""
    seen = Counter(c.id for c in found)
    return [c if seen[c.id] == 1 else replace(c, id=_cluster_id(f"{c.id}|{c.reports[-1]}"))
            for c in found]


def _cluster_id(signature: str) -> str:
    """``C-`` and 6 hex digits of a hash of ``signature``: a cluster's oldest report's
    reference (``_cluster``). Its members alone make it, not the keys it is named by, which
    the rest of the pool moves (the same 4 reports got another id once an unrelated issue
    closed), nor the rules' version: a member's notes and hand-off cite it, and it is the
    same on every member's machine, as references are (rules v78; docs/insight.md,
    "Session 24: new problems a member can trust")."""
    return "C-" + hashlib.sha1(signature.encode()).hexdigest()[:6]


def _cluster(members: list[ReportFacts], noise_keys: set[str], noise_words: set[str],
             today: date, weeks: int, attached: tuple[str, ...] = (), oldest: str = "",
             linked_issue: int = 0) -> Cluster:
    members.sort(key=_newest_first)
    key_counts: Counter[str] = Counter(
        k for f in members for k in {*f.keys(), *_device_keys(f.devices)} - noise_keys)
    word_counts: Counter[str] = Counter(w for f in members for w in f.words - noise_words)
    size = len(members)
    # The lexicon's concepts more than half of the reports say (the sound, headphones, a
    # printer, a captive portal): the problem, in words that are no user's own.
    key_counts.update({f"{CONCEPT_KEY}{w}": n for w, n in word_counts.items()
                       if w in CONCEPT_WORDS and n >= 2 and 2 * n > size})
    # Named after what most reports share, the problem before hardware only some of them
    # share (rules v78: "2 of 8 share Wi-Fi/network chip 8086:2723" named a sound problem
    # in four languages), chips, apps and errors before a chipset's other chips (rules
    # v38) and journal lines (``_KIND_RANK``).
    shared = [k for k, n in sorted(key_counts.items(), key=lambda kv: (
        kv[1] < size and kv[0].startswith(_HARDWARE_KEYS), -kv[1],
        _KIND_RANK.get(kv[0].split(":", 1)[0], 0), kv[0])) if n >= 2][:3]
    words = [w for w, n in sorted(word_counts.items(), key=lambda kv: (-kv[1], kv[0]))
             if n >= 2][:4]
    # The users' own words explain a cluster on screen only: they can hold a name, and the
    # signals go into the team report and the JSON (docs/insight.md); the lexicon's
    # concepts are no one's own.
    # A network chip is called what its reports' lspci says it is (session 26).
    explained = [network_chips_named(explain(k, key_counts[k], size), members)
                 for k in shared]
    label = explained[0] if explained else f"similar words ({size} reports)"
    weekly = per_week((f.received for f in members), today, weeks)
    starts = week_starts(today, weeks)
    return Cluster(
        id=_cluster_id(oldest or members[-1].reference),
        label=label,
        signals=tuple(explained),
        reports=tuple(f.key for f in members),
        per_week=weekly,
        flagged_weeks=tuple(starts[i] for i, n in enumerate(weekly) if n >= FLAG_PER_WEEK),
        versions=_top(Counter(f.version for f in members if f.version)),
        hardware=_top(Counter(h for f in members for h in f.hardware)),
        report_ids=tuple(filter(None, map(passing_report_id, members))),
        words=tuple(words),
        attached=attached,
        linked_issue=linked_issue,
    )
