"""The clusters' joining passes after the pairs: same model and nearest, groups' shared
words, a mail by most of a cluster's words, and a lone report by its journal. Pure; see
docs/insight.md.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, MutableSequence, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import overload

from hdtui.domain.components import PROGRAM_WORDS
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.linking import MAX_POSTINGS, _Groups, _linked, _ModelErrors, _Signals
from hdtui.domain.matching import OTHER_DEVICE_KINDS
from hdtui.domain.signal_text import attached_text
from hdtui.domain.vocabulary import (
    CONCEPT_WORDS,
    GENERIC_WORDS,
    HARDWARE_WORDS,
    kinds_disagree,
)

GROUP_MIN_SHARED = 2
GROUP_RARE_SHARE = 1.5
"""Two groups (a cluster and a lone report, or two clusters) are one problem when the words
every report of both has include this many rare ones: words no more reports of the pool
have than this many times the two groups' reports (rules v39, ``_join_by_group_words``)."""
SHORT_WORD = 2
"""Rare words this long or shorter join no groups when they are all the rare words two groups
share: they are the everyday words of a language the lexicon does not fold (Icelandic
"eg", "er", "og"), said by all its users whatever their problem; beside a longer rare word
they count (an acronym: "qr" beside "whatsapp"; rules v43)."""
TOGETHER_MIN_SHARED = 3
TOGETHER_RARE_SHARE = 2.0
"""Two clusters are one problem when the words every report of both says are this many or
more, said all together by no more reports of the pool than ``GROUP_RARE_SHARE`` times
their reports, and each by no more than ``TOGETHER_RARE_SHARE`` times that (rules v48,
``_rare_together``)."""
MAIL_MOST_RARE = 1.0
"""A mail (a report naming no hardware and no journal line) joins a cluster by words more
than half its reports say only when each is in no more reports of the pool than this many
times the cluster's reports and the mail (rules v43, ``_join_mail_by_most_words``)."""


def _numbers() -> MutableSequence[int]:
    """A list of report numbers, 4 bytes each (no int object held for each)."""
    return array("i")


def _join_pairs(members: Sequence[int], signals: Sequence[_Signals], groups: _Groups,
                model_errors: _ModelErrors) -> None:
    """Join every pair of ``members`` the rules link (skipping pairs already together)."""
    if type(members) is not list:  # (``_numbers``: their slices below, ints made once)
        members = list(members)
    find = groups.find
    for x, i in enumerate(members):
        first = signals[i]
        for j in members[x + 1:]:
            if find(i) != find(j) and _linked(first, signals[j], model_errors):
                groups.join(i, j)


CLUSTER_KINDS = CONCEPT_WORDS.union(*OTHER_DEVICE_KINDS)
_NO_KINDS: frozenset[str] = frozenset()
"""The words ``_everyones_words`` never gives (rules v73)."""


def _chip_postings(with_chips: Mapping[frozenset[str], list[int]]) -> dict[str, list[int]]:
    """The postings of the peripheral PCI chips (rules v38), from the reports of each
    distinct set of them (``with_chips``, reports in ascending order): one per set of
    reports, as the chips of one chipset are on the same machines and their postings would
    be the same (the clustering compares the reports of one posting once; docs/insight.md,
    "Session 13: the clustering's CPU after v38")."""
    sets = list(with_chips.values())
    containing: dict[str, list[int]] = defaultdict(list)
    for n, chips in enumerate(with_chips):
        for chip in chips:
            containing[chip].append(n)
    found: dict[str, list[int]] = {}
    seen: set[tuple[int, ...]] = set()
    for chip, where in containing.items():
        if (same := tuple(where)) in seen:
            continue  # the same reports as another chip's posting
        seen.add(same)
        found[chip] = sets[where[0]] if len(where) == 1 else sorted(
            chain.from_iterable(sets[n] for n in where))
    return found


def _join_same_model_and_nearest(signals: Sequence[_Signals], groups: _Groups) -> None:
    """Rules v30: join the groups (clusters and lone reports) whose reports are all of one
    machine model (reports that name no model aside, but one at least names it) and
    whose nearest, not confident, known issue is the same (a group's is the one more than
    half of its reports have), when their own words (not a
    program's, not one of every problem's) connect them, report to report, and together
    they hold three reports or more. The model says which machine and the nearest issue
    what the users describe, in any language (the matcher folds languages); the words say
    they agree. Two lone reports stay apart: two reports alone are too weak a sign
    (docs/insight.md, "Session 10, seventeenth round")."""
    # Lone reports as tuples of one, groups of two or more as lists, by smallest index
    # (without a list made for every lone report of the pool: docs/insight.md, "Session
    # 23: the clustering's passes").
    # Each group by its root in an array of 4 bytes a group, the members of groups of two
    # or more apart: a tuple and an int of each lone report were 5 MB at the clustering's
    # highest point at 100,000 messages (docs/insight.md, "Session 28: the lone reports
    # marked").
    children = groups.children()
    by_key: dict[tuple[str, int], MutableSequence[int]] = defaultdict(_numbers)
    several: dict[int, list[int]] = {}
    for root, up in enumerate(groups.parent):
        if up != root:
            continue
        others = children.get(root)
        if others is None:  # most: its own model and nearest issue, without counting
            alone = signals[root]
            if alone.product and alone.nearest:
                by_key[(alone.product, alone.nearest)].append(root)
            continue
        group = [root, *others]
        products = {signals[i].product for i in group} - {""}
        (most, n), = Counter(signals[i].nearest for i in group).most_common(1)
        if len(products) == 1 and most and 2 * n > len(group):
            by_key[(next(iter(products)), most)].append(root)
            several[root] = group
    del children
    for roots in by_key.values():
        found = _Rooted(roots, several)
        # Each word's first group (the smallest number: ``found`` is walked in order), the
        # others joined to it as they come: the same joins as a set of groups a word kept
        # each joined to its smallest, without a set a word (20 MB at 85,000 reports).
        # Groups whose words name different kinds of problem are not joined, nor are
        # their groups through a third (``named``: per local group, the kinds its groups
        # name; docs/insight.md, "Session 23: different problems on the same machines").
        first_of: dict[str, int] = {}
        local = _Groups(len(found))
        named = {n: said for n, members in enumerate(found)
                 if (said := _kinds_of(signals, members))}  # most name none: not held
        for n, members in enumerate(found):
            for i in members:
                for w in signals[i].words:
                    if w in PROGRAM_WORDS or w in GENERIC_WORDS:
                        continue
                    first = first_of.setdefault(w, n)
                    if first == n:
                        continue
                    if not named:
                        local.join(first, n)
                        continue
                    a, b = local.find(first), local.find(n)
                    said_a, said_b = named.get(a, _NO_KINDS), named.get(b, _NO_KINDS)
                    if a != b and not kinds_disagree(said_a, said_b):
                        local.join(a, b)
                        if said_a or said_b:
                            named[min(a, b)] = said_a | said_b
        del first_of, named
        _join_three_or_more(found, local, groups)


class _Rooted(Sequence[Sequence[int]]):
    """Groups by their roots (``_join_same_model_and_nearest``): the members of the
    groups of two or more in ``several``, any other a lone report."""

    __slots__ = ("roots", "several")

    def __init__(self, roots: Sequence[int], several: Mapping[int, list[int]]) -> None:
        self.roots = roots
        self.several = several

    def __len__(self) -> int:
        return len(self.roots)

    @overload
    def __getitem__(self, n: int) -> Sequence[int]: ...

    @overload
    def __getitem__(self, n: slice) -> Sequence[Sequence[int]]: ...

    def __getitem__(self, n: int | slice) -> Sequence[int] | Sequence[Sequence[int]]:
        if isinstance(n, slice):
            return [self[k] for k in range(len(self.roots))[n]]
        root = self.roots[n]
        return self.several.get(root) or (root,)

    def __iter__(self) -> Iterator[Sequence[int]]:
        several = self.several
        for root in self.roots:
            yield several.get(root) or (root,)


def _kinds_of(signals: Sequence[_Signals], members: Sequence[int]) -> frozenset[str]:
    """The kinds of problem a group's reports name, together (``problem_kinds``)."""
    if len(members) == 1:
        return signals[members[0]].kinds
    return frozenset().union(*(signals[i].kinds for i in members))


def _join_three_or_more(found: Sequence[Sequence[int]], local: _Groups, groups: _Groups
                        ) -> None:
    """Join in ``groups`` the groups of ``found`` that ``local`` (over their numbers) put
    together, where they hold three reports or more together."""
    size: Counter[int] = Counter()
    for n, members in enumerate(found):
        size[local.find(n)] += len(members)
    for n, members in enumerate(found):
        root = local.find(n)
        if size[root] >= 3:
            groups.join(members[0], found[root][0])


def _join_by_group_words(signals: Sequence[_Signals], groups: _Groups,
                         by_word: Mapping[str, Sequence[int]], journal: Sequence[bool]
                         ) -> None:
    """Rules v39: join a group of two reports or more (a cluster the rules above made) and
    another group or a lone report when the words every report of both has, not a
    program's nor one of every problem's, hold ``GROUP_MIN_SHARED`` rare words (each in no
    more reports of the pool, ``by_word``, than ``GROUP_RARE_SHARE`` times the reports of
    the two) and no more words that are not rare than rare ones. Reports in two languages
    share only the words that cross languages (a site's or a program's name, an acronym,
    a concept the lexicon folds): too few for a pair, but a cluster's reports all saying
    them is the evidence a pair lacks. Two reports of one language share its everyday
    words too (common in the pool): more of those than rare words is a language, not a
    problem. A group whose reports all share a chip, machine, app or journal error takes
    only reports that have one of them or say nothing of their hardware (a mail): the
    cluster is that hardware's problem. A lone report joins only the group it shares the
    most rare words with (none on a tie), so one report never bridges two clusters
    (docs/insight.md, "Session 14, twenty-first round").

    Rules v40: the groups this joins are looked at again, until none joins: a problem
    written in many languages is split into several small groups, none of which alone is
    big enough for the words all its reports say to be rare (ten reports saying "qr" are
    not rare for two groups of three), but the groups it joined are (docs/insight.md,
    "Session 15, twenty-second round")."""
    concepts: dict[int, frozenset[str]] = {}
    while _group_words_pass(signals, groups, by_word, concepts, journal):
        pass


def _group_words_pass(signals: Sequence[_Signals], groups: _Groups,
                      by_word: Mapping[str, Sequence[int]],
                      concepts: dict[int, frozenset[str]], journal: Sequence[bool]) -> bool:
    """One pass of ``_join_by_group_words`` over the groups as they are: whether it joined
    any. ``concepts``: the words two clusters were joined by in ``_rare_together`` (rules
    v48), by a report of them, kept between passes. ``journal``: whether each report has a
    journal, noise included (rules v49, ``_logs_one``)."""
    found = groups.clusters()
    own: list[frozenset[str]] = []
    hardware: list[frozenset[str]] = []
    logged: list[frozenset[str]] = []
    named = [_kinds_of(signals, members) for members in found]
    by_core: dict[str, list[int]] = defaultdict(list)  # cluster by word every report says
    for n, members in enumerate(found):
        core = frozenset.intersection(*(signals[i].words for i in members))
        # Rules v73: a concept more than half of its reports say counts as all said: one
        # report of a sound problem names the volume where the others name the headphones.
        said = Counter(w for i in members for w in signals[i].words & CLUSTER_KINDS)
        core = core.union(w for w, k in said.items() if 2 * k > len(members))
        own.append(core - PROGRAM_WORDS - GENERIC_WORDS)
        hardware.append(_in_all(signals[i].hardware | signals[i].errors for i in members))
        logged.append(_most_logged(signals, members))
        for w in own[n]:
            by_core[w].append(n)

    def fits(members: Sequence[int], m: int) -> bool:
        """Whether ``members`` have one of cluster ``m``'s shared chips, machine, app or
        errors (when it has any), or name no hardware; and one of the journal lines most
        of its reports log (when they do), or have no journal (rules v49)."""
        shared = hardware[m]
        return (not shared or all(not signals[i].hardware or not shared.isdisjoint(
            signals[i].hardware | signals[i].errors) for i in members)) and _logs_one(
                signals, journal, members, logged[m])

    def rare_shared(words: frozenset[str], size: int, m: int) -> int:
        """How many of ``words`` (a group of ``size`` reports) are cluster ``m``'s and
        rare, or 0 when more of those they share are not rare (a language shared)."""
        return _rare_shared(words & own[m], GROUP_RARE_SHARE * (size + len(found[m])),
                            by_word)

    def says_most(words: frozenset[str], m: int) -> bool:
        """Rules v48: whether a lone report's ``words`` hold more than half of the concepts
        cluster ``m`` was joined by (``_rare_together``, in an earlier pass: ``found`` is
        this pass's groups as they were before it), if it was: clusters in several
        languages that share only concepts are one problem by all of them together, and a
        report that says two of four ("video" and "sound", not "screen" nor "off") tells
        another problem."""
        return all(2 * len(words & concepts[k]) > len(concepts[k])
                   for k in found[m] if k in concepts)

    joined = False
    find = groups.find
    joined_by: dict[int, frozenset[str]] = {}  # this pass's: its lone reports see ``found``
    for n, members in enumerate(found):
        for m in sorted({m for w in own[n] for m in by_core[w] if m > n}):
            if (find(members[0]) != find(found[m][0]) and not kinds_disagree(named[n], named[m])
                    and fits(found[m], n) and fits(members, m)):
                if rare_shared(own[n], len(members), m) < GROUP_MIN_SHARED:
                    if not _rare_together(own[n] & own[m], GROUP_RARE_SHARE * (
                            len(members) + len(found[m])), by_word):
                        continue
                    joined_by[members[0]] = own[n] & own[m]
                groups.join(members[0], found[m][0])
                joined = True
    # Lone reports: only those that say a word some cluster's reports all say.
    lone = _not_in((by_word[w] for w in by_core), len(signals), found)
    for i in lone:
        words = frozenset(filter(by_core.__contains__, signals[i].words))
        if len(words) < GROUP_MIN_SHARED:
            continue
        options = sorted(((rare_shared(words, 1, m), m) for m in {
            m for w in words for m in by_core[w]}
            if fits((i,), m) and not kinds_disagree(signals[i].kinds, named[m])), reverse=True)
        options = [(k, m) for k, m in options if k >= GROUP_MIN_SHARED]
        if options and (len(options) == 1 or options[0][0] > options[1][0]) and says_most(
                words, options[0][1]):
            groups.join(i, found[options[0][1]][0])
            joined = True
    concepts.update(joined_by)
    return joined


def _in_all(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    """What every one of ``sets`` holds (at least one), as ``frozenset.intersection`` of
    them all: each set made and dropped in turn, not all of a group's held at once as its
    arguments (a group of 64,000 reports held 4.5 MB of them at the clustering's highest
    point; docs/insight.md, "Session 26: the clustering's passes dropped before its
    clusters"), and none made once nothing is left in common."""
    found: frozenset[str] | None = None
    for each in sets:
        found = each if found is None else found & each
        if not found:
            break
    if found is None:
        raise ValueError("no sets")
    return found


def _not_in(postings: Iterable[Sequence[int]], count: int,
            found: Sequence[Sequence[int]]) -> Iterator[int]:
    """The reports of ``postings`` (numbers below ``count``, the pool's) but those of the
    groups ``found``, in order, once each: marked in a bytearray of the pool, one byte a
    report, not gathered in a set (a set of the 60,000 reports that say a word some
    cluster's reports all say was 5 MB of table and ints at the clustering's highest point
    at 100,000 messages: docs/insight.md, "Session 28: the lone reports marked"). The
    marks are set before the first report is given: joining groups while they are walked
    changes nothing of them."""
    marks = bytearray(count)
    for reports in postings:
        deque(map(marks.__setitem__, reports, repeat(1)), maxlen=0)
    for members in found:
        deque(map(marks.__setitem__, members, repeat(0)), maxlen=0)
    return compress(range(count), marks)


def _most_logged(signals: Sequence[_Signals], members: Sequence[int]) -> frozenset[str]:
    """The journal errors and lines more than half of ``members`` log (rules v49)."""
    counts = Counter(chain.from_iterable(signals[i].errors for i in members))
    return frozenset(k for k, n in counts.items() if 2 * n > len(members))


def _logs_one(signals: Sequence[_Signals], journal: Sequence[bool], members: Sequence[int],
              logged: frozenset[str]) -> bool:
    """Whether each of ``members`` that has a journal logs one of ``logged`` (a cluster's
    ``_most_logged``), when there are any: the machines of one problem log what it does,
    and a report whose journal logs none of it is another problem, whatever words it
    shares with them (rules v49; docs/insight.md, "Session 18, twenty-eighth round:
    cluster pairs")."""
    return not logged or all(
        not journal[i] or not logged.isdisjoint(signals[i].errors) for i in members)


def _rare_shared(common: frozenset[str], limit: float, by_word: Mapping[str, Sequence[int]]
                 ) -> int:
    """How many of the words two groups share (``common``) are rare, in no more reports of
    the pool (``by_word``) than ``limit``; 0 when more of them are not rare (a language
    shared, rules v39) or when every rare one is a two-letter word (``SHORT_WORD``: a
    language's everyday words, rules v43)."""
    rare = [w for w in common if len(by_word[w]) <= limit]
    if all(len(w) <= SHORT_WORD for w in rare):
        return 0
    return len(rare) if 2 * len(rare) >= len(common) else 0


def _rare_together(common: frozenset[str], limit: float,
                   by_word: Mapping[str, Sequence[int]]) -> bool:
    """Rules v48: whether the words two clusters share (``common``), ``TOGETHER_MIN_SHARED``
    or more and not two-letter ones alone, are said all together by no more reports of the
    pool (``by_word``) than ``limit``, and each by no more than ``TOGETHER_RARE_SHARE``
    times ``limit``. A problem in many languages is split into clusters of a few reports
    each, which share only the concepts the lexicon folds ("screen", "video", "sound", "off"
    for a screen that goes off while a video plays): each of them is said by most of the
    problem's reports and by a report or two besides, too many to be rare for two of those
    clusters (``_rare_shared``), but few reports say them all (docs/insight.md, "Session 17,
    twenty-seventh round: cluster pairs")."""
    if len(common) < TOGETHER_MIN_SHARED or all(len(w) <= SHORT_WORD for w in common):
        return False
    postings = sorted((by_word[w] for w in common), key=len)
    if len(postings[-1]) > TOGETHER_RARE_SHARE * limit:
        return False
    together = set(postings[0]).intersection(*postings[1:])
    return len(together) <= limit


LONE_KIND_MIN = 3
"""How many lone reports naming one kind of problem, and only it, make a group of it
(``_join_lone_by_kind``)."""
LONE_KIND_MAX = 8
"""More lone reports naming one kind than this are several problems of it (a pool of weeks
holds printers that print nothing, are not found, print garbage), not one to group by its
name alone: as words too common to be one problem's (``MAX_WORD_POSTINGS``). A guess of
a week's burst of one problem, not measured: no part of the labelled set has three such
lone reports of one kind."""
LONE_KINDS_NOT = frozenset({"sound"})
"""The kinds ``_join_lone_by_kind`` leaves alone: the sound's problems share several
concepts when they are one (headphones, the speaker, the volume, a mute sound: they join
by them), and a lone report names the sound on the way (a video's, a hum): three lone
ones of three problems were joined in the eighth and thirty-fifth parts."""


def _join_lone_by_kind(signals: Sequence[_Signals], groups: _Groups) -> None:
    """Join the reports no rule put in a group whose words name one kind of problem and
    only it (``problem_kinds``: a printer, a captive portal, the screen reader...; not
    ``LONE_KINDS_NOT``), when ``LONE_KIND_MIN`` to ``LONE_KIND_MAX`` of them name the same
    one: one problem told in as many languages,
    whose users share the device's name and little else ("the printer prints nothing, the
    job stays in the queue", "l'imprimante n'imprime rien", "der Drucker druckt nichts")
    and were left alone (rules v78; docs/insight.md, "Session 24: new problems a member can
    trust")."""
    size: Counter[int] = Counter(groups.find(i) for i in range(len(signals)))
    lone: dict[str, list[int]] = defaultdict(list)
    for i, sig in enumerate(signals):
        if len(sig.kinds) == 1 and size[groups.find(i)] == 1 \
                and LONE_KINDS_NOT.isdisjoint(sig.kinds):
            lone[next(iter(sig.kinds))].append(i)
    for members in lone.values():
        if LONE_KIND_MIN <= len(members) <= LONE_KIND_MAX:
            for i in members[1:]:
                groups.join(members[0], i)


def _join_mail_by_most_words(signals: Sequence[_Signals], groups: _Groups,
                             by_word: Mapping[str, Sequence[int]]) -> None:
    """Rules v43: a lone report that names no chip, machine or app and has no journal line
    (a mail, a report without its debug sections) joins the cluster more than half of whose
    reports say ``GROUP_MIN_SHARED`` or more of its words, each in no more reports of the
    pool than ``MAIL_MOST_RARE`` times the cluster's reports and the mail (no more words
    shared that are not so rare than ones that are, not two-letter words alone: as
    ``_rare_shared``), the one it shares the most such words with, none on a tie. Every
    report of a cluster in many languages rarely says one word (the Portuguese one writes
    "preto" for black, the Sinhala one nothing the lexicon folds), so the words all of
    them say (``_join_by_group_words``) are too few; a mail has nothing but its words to
    go by, so the words must be nearly the cluster's alone. A cluster all of whose reports
    share a chip, machine or app is that hardware's problem (a regression's): a mail cannot
    show it has it, and takes no part in it (docs/insight.md, "Session 16, twenty-fourth
    round: cluster pairs").

    Rules v52: the name of the program most of the cluster's reports name counts among
    those words (Metadata Cleaner's "metadata" beside "mp4"), as long as one rare word of
    the two is not a program's: a mail says which program it is about, and Spanish
    "limpiador" or a French "correcteur" are not folded, but a program's name alone says
    nothing of which of its problems (docs/insight.md, "Session 19, thirtieth round")."""
    found = groups.clusters()
    most: list[frozenset[str]] = []
    by_most: dict[str, list[int]] = defaultdict(list)  # cluster by word most reports say
    for n, members in enumerate(found):
        said = Counter(chain.from_iterable(signals[i].words for i in members))
        hardware = frozenset.intersection(*(signals[i].hardware for i in members))
        most.append(frozenset() if hardware else frozenset(
            w for w, k in said.items() if 2 * k > len(members)) - GENERIC_WORDS)
        for w in most[n]:
            by_most[w].append(n)
    for clusters_of in by_most.values():  # the largest first: see ``rare_for`` below
        clusters_of.sort(key=lambda m: -len(found[m]))
    for i in _not_in((by_word[w] for w in by_most), len(signals), found):
        if signals[i].hardware or signals[i].errors:
            continue
        # Rules v51: not the words that name a device ("usb"): a mail about a USB stick
        # shares them with every cluster of a stick's problem, whatever went wrong.
        words = frozenset(filter(by_most.__contains__, signals[i].words - HARDWARE_WORDS))
        if len(words) < GROUP_MIN_SHARED:
            continue
        # Only a cluster for which two or more of the words are rare can be chosen
        # (``_rare_shared``): a word in more reports of the pool than the largest cluster
        # could make rare names no candidate, and the clusters of a word are walked from
        # the largest down while it is rare for them. The same options as asking every
        # cluster that shares a word, without the cost of mails x clusters for the words
        # every language says (docs/insight.md, "Session 16, twenty-fourth round: cluster
        # pairs").
        rare_for: Counter[int] = Counter()
        for w in words:
            pool = len(by_word[w])
            for m in by_most[w]:
                if pool > MAIL_MOST_RARE * (len(found[m]) + 1):
                    break
                rare_for[m] += 1
        options = sorted(((_rare_shared(words & most[m], MAIL_MOST_RARE * (len(found[m]) + 1),
                                        by_word), m)
                          for m, k in rare_for.items() if k >= GROUP_MIN_SHARED), reverse=True)
        # Rules v52: a program's name counts, but one rare word is not a program's.
        options = [(k, m) for k, m in options if k >= GROUP_MIN_SHARED and any(
            len(by_word[w]) <= MAIL_MOST_RARE * (len(found[m]) + 1)
            for w in words & most[m] - PROGRAM_WORDS)]
        if options and (len(options) == 1 or options[0][0] > options[1][0]):
            groups.join(i, found[options[0][1]][0])


@dataclass(frozen=True, slots=True)
class _Attachment:
    """Why ``_attach_by_journal`` added a lone report to a cluster: the journal keys it
    logs that only that cluster's reports log, with how many of them log each, and the
    words it says that most of them say."""

    keys: tuple[tuple[str, int], ...]
    words: tuple[str, ...]
    others: int
    """The cluster's reports before the report joined."""


def _attach_by_journal(signals: Sequence[_Signals], groups: _Groups,
                       postings: Mapping[str, Sequence[int]],
                       by_word: Mapping[str, Sequence[int]]) -> dict[int, _Attachment]:
    """Rules v52: a report no rule put in a cluster joins the cluster one of whose reports
    logs a journal error or line it logs, that no report of another cluster logs (not
    noise, nor a line reports of two known issues log: those are no keys here), when it
    also says a word more than half of that cluster's reports say, rare (in no more reports
    of the pool than ``GROUP_RARE_SHARE`` times the cluster's and its own; a program's name
    counts, one of every problem's, "error", does not). A pair needs one such line and two
    words of their own (``_linked``): a report whose user writes a language the lexicon
    does not fold ("tegnebrettet", "comprimiendo") shares one word at most with any other
    report, but that word is what the cluster's reports say and the line what their
    machines log. Clusters are taken as the rules above made them (no report joins
    through another that joins in this pass); of two clusters, the one it shares more
    keys with, none on a tie. A cluster all of whose reports share a chip, machine or app
    takes only a report that has one of them or names no hardware (as rule 5). Returns
    each report joined, with why (docs/insight.md, "Session 19, thirtieth round: cluster
    pair recall")."""
    found = groups.clusters()
    # The cluster of each report of the pool, -1 for none: 4 bytes a report, not a
    # dictionary entry and an int of each clustered report (docs/insight.md, "Session 28:
    # the lone reports marked").
    cluster_of = array("i", [-1]) * len(signals)
    for n, members in enumerate(found):
        deque(map(cluster_of.__setitem__, members, repeat(n)), maxlen=0)
    most: dict[int, frozenset[str]] = {}

    def rare_most(n: int) -> frozenset[str]:
        """The words more than half of cluster ``n`` says, rare for it and one report."""
        words = most.get(n)
        if words is None:
            members = found[n]
            said = Counter(chain.from_iterable(signals[i].words for i in members))
            limit = GROUP_RARE_SHARE * (len(members) + 1)
            words = most[n] = frozenset(
                w for w, k in said.items()
                if 2 * k > len(members) and len(by_word[w]) <= limit) - GENERIC_WORDS
        return words

    machines: dict[int, frozenset[str]] = {}

    def fits(sig: _Signals, n: int) -> bool:
        """Whether a report with ``sig`` has one of the chips, machine or app every report
        of cluster ``n`` has, if they share any, or names no hardware: as rule 5 asks
        (``_group_words_pass``), a cluster of one machine's reports is that hardware's
        problem."""
        shared = machines.get(n)
        if shared is None:
            shared = machines[n] = frozenset.intersection(
                *(signals[i].hardware for i in found[n]))
        return not shared or not sig.hardware or not shared.isdisjoint(sig.hardware)

    owner: dict[str, tuple[int, int] | None] = {}  # per key: its one cluster, how many

    def owned(key: str) -> tuple[int, int] | None:
        """The one cluster whose reports log ``key`` and how many of them do, if one."""
        if key in owner:
            return owner[key]
        reports = postings.get(key, ())
        logging = Counter(n for n in map(cluster_of.__getitem__, reports) if n >= 0) \
            if len(reports) <= MAX_POSTINGS else Counter()
        found_one = owner[key] = next(iter(logging.items())) if len(logging) == 1 else None
        return found_one

    chosen: dict[int, tuple[int, _Attachment]] = {}
    for i, sig in enumerate(signals):
        if cluster_of[i] >= 0 or not sig.errors or not sig.size:
            continue
        shared: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for key in sig.errors:
            if (one := owned(key)) is not None:
                shared[one[0]].append((key, one[1]))
        options = sorted(((len(keys), n) for n, keys in shared.items()
                          if not sig.words.isdisjoint(rare_most(n)) and fits(sig, n)
                          and not kinds_disagree(sig.kinds, _kinds_of(signals, found[n]))),
                         reverse=True)
        if options and (len(options) == 1 or options[0][0] > options[1][0]):
            n = options[0][1]
            chosen[i] = (n, _Attachment(tuple(sorted(shared[n])),
                                        tuple(sorted(sig.words & rare_most(n))),
                                        len(found[n])))
    for i, (n, _) in chosen.items():
        groups.join(i, found[n][0])
    return {i: why for i, (_, why) in chosen.items()}


def _attached_text(members: Sequence[int], attached: Mapping[int, _Attachment],
                   pool: Sequence[ReportFacts]) -> tuple[str, ...]:
    """What the hot topics screen says of each report of ``members`` that
    ``_attach_by_journal`` added (``Cluster.attached``)."""
    return tuple(attached_text(pool[i].report_id or pool[i].key, why.keys, why.others,
                               why.words)
                 for i in members if (why := attached.get(i)) is not None)
