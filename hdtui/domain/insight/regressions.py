"""Regressions after a release (``Regression``, ``regressions``): groups of reports that rose
on a version beyond what the weeks before it predict, and the versions shown. Pure; see
docs/insight.md.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import chain
from operator import itemgetter
from typing import Any

from hdtui.domain.insight.counted import unencrypted
from hdtui.domain.insight.facts import (
    _DEVICES,
    _GPUS,
    _HOST_GROUPS,
    _HOSTS,
    _KIND_OF,
    _LIKELY,
    _NETWORK,
    _PRODUCT,
    _VERSION,
    SHOWN_NAME,
    USB_PREFIX,
    ReportFacts,
    _Host,
    network_chips_named,
    reference_token,
    shortened,
    token_of,
)
from hdtui.domain.insight.per_issue import (
    IssueStats,
    _newest_first,
    mostly_unencrypted_said,
    one_per_user,
)
from hdtui.domain.insight.weeks import WEEK
from hdtui.domain.mail import Kind
from hdtui.domain.signal_text import journal_program
from hdtui.domain.vocabulary import CONCEPT_WORDS, cluster_concepts, problem_kinds

REGRESSION_MIN_NEW = 3
REGRESSION_WEEKS_BEFORE = 4
REGRESSION_RATIO = 3.0
REGRESSION_CHANCE = 0.01
REGRESSION_MIN_HISTORY = 10
"""The fewest reports received in the ``REGRESSION_WEEKS_BEFORE`` weeks before a release
for its regressions to be called (rules v76): without them every group above the minimum
was flagged, and one report on another version (a real 7.6.2, a forged 9.9) turned six
regressions into none. A week's mail of the Help Desk is far more."""
NO_HISTORY = "not enough history before {release} to call regressions"
"""A rise chance would give this often, or more, is no regression: the count on the
release is compared with what the share before it predicts (a Poisson tail)."""



@dataclass(frozen=True, slots=True)
class Regression:
    """A group of reports that rose on a new release against the weeks before it."""

    group: str
    """``GPU 8086:a7a0``, ``machine Dell XPS 15 7590``, ``#19123``."""
    version: str
    count_new: int
    days_new: int
    count_before: int
    weeks_before: int
    reports: tuple[str, ...] = ()
    unencrypted: int = 0
    """How many of ``reports`` came unencrypted, when the reports hold encrypted ones too
    (rules v73)."""
    about: tuple[str, ...] = ()
    """What most of its reports share that says their problem ("say headphone, sound",
    "log journal errors of kernel amdgpu"; ``_shared_problem``, rules v78): said after its
    numbers, for a member must know which problem rose, not only on which chip. Published
    in the alert: its words are drawn from the lexicon alone (``CONCEPT_WORDS``, the
    project's own fixed vocabulary), never a word the lexicon lacks, so they can name no
    one even when a user wrote the same word (docs/insight.md, "Alerts")."""

    @property
    def mostly_unencrypted(self) -> bool:
        """Whether more than half of its reports came unencrypted: anyone could have sent
        them (rules v73)."""
        return 2 * self.unencrypted > self.count_new

    @property
    def explanation(self) -> str:
        """``GPU 8086:a7a0: 5 reports on 7.7 in 6 days, 0 on earlier versions in the 4 weeks
        before and since``: the reports on earlier versions since the release count too
        (rules v73); ``(4 of them unencrypted)`` after it when most are."""
        plain = mostly_unencrypted_said(self.unencrypted, self.count_new)
        about = f"; most of them {' and '.join(self.about)}" if self.about else ""
        return (f"{self.group}: {self.count_new} reports on {self.version} in {self.days_new} "
                f"days, {self.count_before} on earlier versions in the {self.weeks_before} "
                f"weeks before and since{plain}{about}")


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers for ordering (``7.10`` after ``7.9``); unreadable ones first."""
    parts = []
    for part in version.split("~")[0].split("."):
        if not part.isdigit():
            return (-1,)
        parts.append(int(part))
    return tuple(parts)


def on_version(version: str, release: str) -> bool:
    """Whether a report's version belongs to a release (``7.7`` holds ``7.7.1``)."""
    return version == release or version.startswith(release + ".")


_DEVICE_GROUPS = ("PCI device ", "USB device ", *_HOST_GROUPS)
_PREFIXED_GROUPS = {USB_PREFIX[:-1]: _DEVICE_GROUPS[1],
                    **{h.prefix[:-1]: h.group for h in _HOSTS}}
"""A device's prefix (without its colon) -> its group's name; a PCI chip has none (its
``vendor:device`` starts with a hex digit)."""


def _device_group(device: str) -> str:
    kind, _, rest = device.partition(":")
    group = _PREFIXED_GROUPS.get(kind)
    return f"{_DEVICE_GROUPS[0]}{device}" if group is None else f"{group}{rest}"


def _named_on(host: _Host, f: ReportFacts) -> set[str]:
    """What a report names of what sits on a host (``_HOSTS``): its user's words and its
    journal's error lines (not its other lines: a touchpad's or a sensor's driver says
    hello at every start)."""
    named: set[str] = set()
    for word in f.words:
        if word.startswith(host.word_starts):
            named.update(what for start, what in host.words if word.startswith(start))
    for line in f.errors:
        for token in line.replace("-", "_").replace("_", " ").split():
            if token.startswith(host.journal_starts):
                named.update(what for start, what in host.journal if token.startswith(start))
    return named


_SHARE_NOTHING_ELSE = "most of these reports share nothing else that rose"


def _host_regressions(found: Sequence[Regression],
                      members: Mapping[str, Sequence[ReportFacts]]) -> list[Regression]:
    """Rules v53 and v57: of the groups that rose, a host (``_HOSTS``: an SMBus or a
    signal processing controller, which every machine of a chipset has) is kept only when
    it is what the rising reports share: when more than half of its reports name what sits
    on it (a touchpad, a TrackPoint, the i2c_i801 driver's errors; a screen's rotation,
    tablet mode, the amd_sfh driver's errors), or when the other groups that rose (GPUs,
    chips, machines, issues), all of them together, hold half of its reports or fewer:
    else it only rose with them (one chipset's GPU regressions). It is named with the
    reason ("SMBus 8086:51a3 (touchpad, TrackPoint)", "sensor hub 1022:15e4 (rotation,
    amd_sfh errors)"), since a member who reads a chipset's plumbing in the list wants to
    know why (docs/insight.md, "Session 19, thirtieth round: regressions" and "Session 19,
    thirty-first round: a sensor hub's regression")."""
    kept: list[Regression] = []
    explained: set[str] = set()
    for r in found:
        if not r.group.startswith(_HOST_GROUPS):
            explained.update(r.reports)
    for r in found:
        if not r.group.startswith(_HOST_GROUPS):
            kept.append(r)
            continue
        host = next(h for h in _HOSTS if r.group.startswith(h.group))
        said: set[str] = set()
        saying = 0
        for f in members[r.group]:
            named = _named_on(host, f)
            said |= named
            saying += bool(named)
        mine = set(r.reports)
        if 2 * saying > len(mine):
            names = [w for w in host.names if w in said]
            kept.append(replace(r, group=f"{r.group} ({', '.join(names)})"))
        elif 2 * len(mine & explained) <= len(mine):
            kept.append(replace(r, group=f"{r.group} ({_SHARE_NOTHING_ELSE})"))
    return kept


def _groups_of(f: ReportFacts) -> list[str]:
    found = [f"GPU {g}" for g in f.gpus] + [f"Wi-Fi/network chip {n}" for n in f.network]
    found += [_device_group(d) for d in f.devices]
    if f.product:
        found.append(f"machine {f.product}")
    if f.likely:
        found.append(f"#{f.likely[0]}")
    return found


def _group_counts(facts: Sequence[ReportFacts]) -> Counter[str]:
    """``Counter(g for f in facts for g in _groups_of(f))``: each kind of group counted in
    C, each value named once (no two kinds share a name: each has its own prefix;
    docs/insight.md, "Session 18: stats --json at 100,000")."""
    kinds: tuple[tuple[Iterable[Any], Callable[[Any], str]], ...] = (
        (chain.from_iterable(map(_GPUS, facts)), "GPU {}".format),
        (chain.from_iterable(map(_NETWORK, facts)), "Wi-Fi/network chip {}".format),
        (chain.from_iterable(map(_DEVICES, facts)), _device_group),
        (filter(None, map(_PRODUCT, facts)), "machine {}".format),
        (map(itemgetter(0), filter(None, map(_LIKELY, facts))), "#{}".format),
    )
    counts: Counter[str] = Counter()
    for values, name in kinds:
        for value, times in Counter(values).items():
            counts[name(value)] += times
    return counts


def problems_of(facts: Iterable[ReportFacts], found: Iterable[Any] = (),
                since: date | None = None) -> dict[str, str]:
    """Report key -> the problem that explains it already: ``#19113`` for a report likely
    for a known issue (give the clusters' pool, ``overview.as_linked``, and a linked report
    is its issue's), else the id of its cluster (``Cluster``s in ``found``): what
    ``regressions`` weighs a hardware group's reports by (walk25). ``since``: only the
    reports received from that day (the newest release's: the only ones weighed), so
    that 100,000 facts make no 100,000 entries."""
    chosen = [f for f in facts if since is None
              or (f.received is not None and f.received >= since)]
    names: dict[int, str] = {}
    problems = {f.key: names.setdefault(f.likely[0], f"#{f.likely[0]}")
                for f in chosen if f.likely}
    return with_cluster_problems(problems, found,
                                 None if since is None else {f.key for f in chosen})


def with_cluster_problems(problems: dict[str, str], found: Iterable[Any],
                          keys: Container[str] | None = None) -> dict[str, str]:
    """``problems`` (``problems_of``) with each report of a cluster in ``found`` that no
    known issue explains given that cluster's id, only those of ``keys`` when given. A
    cluster most of whose reports a member linked away went to one issue
    (``Cluster.linked_issue``) is that issue's problem: its reports are given the issue,
    as the linked ones are (regfix27: "#19127 x2 beside the cluster x10" read as two
    problems, and the sound regression vanished after two links; docs/insight.md,
    "Session 27: regfix27")."""
    for cluster in found:
        name = f"#{cluster.linked_issue}" if cluster.linked_issue else cluster.id
        for key in cluster.reports:
            if keys is None or key in keys:
                problems.setdefault(key, name)
    return problems


def _own_reports(members: list[ReportFacts], problems: Mapping[str, str],
                 sizes: Mapping[str, int]) -> list[ReportFacts]:
    """The reports of a hardware group that are not another problem's: one explained by a
    known issue or a cluster (``problems``) more than half of whose reports on the release
    (``sizes``) are outside the group is that problem's, not the hardware's (the Legion's
    sound report in the sound cluster made a Wi-Fi regression of six Dell reports a GPU's
    of seven: walk25's item 10)."""
    inside = Counter(problems[f.key] for f in members if f.key in problems)
    if not inside:
        return members
    kept = [f for f in members if f.key not in problems
            or 2 * inside[problems[f.key]] >= sizes[problems[f.key]]]
    return kept if len(kept) < len(members) else members


def regressions(facts: Sequence[ReportFacts], releases: Sequence[tuple[str, date]],
                today: date, problems: Mapping[str, str] | None = None
                ) -> list[Regression]:
    """Groups (chips, machines, issues) whose share of reports rose on the newest release
    against the ``REGRESSION_WEEKS_BEFORE`` weeks before it: at least ``REGRESSION_MIN_NEW``
    reports on it, and a share ``REGRESSION_RATIO`` times the share before (smoothed, so a
    group never seen before needs the minimum count, and a release that brings more reports
    of every kind flags nothing). ``problems`` (``problems_of``): the known issue or
    cluster that explains a report already; a hardware group's reports that are another
    problem's are left out of it, and one whose reports are of several problems is none
    (walk25; docs/insight.md, "Session 25: what walk25 counted wrong")."""
    past = [r for r in releases if r[1] <= today]
    if not past:
        return []
    # The newest release by its number (an old version first reported lately is not new).
    version, released = max(past, key=lambda r: (version_key(r[0]), r[1]))
    start_before = released - timedelta(days=WEEK * REGRESSION_WEEKS_BEFORE)
    if not _history_before(facts, start_before, released):
        return []  # nothing to compare with: said (``regressions_said``), never guessed
    new, _ = one_per_user([f for f in facts if f.received is not None
                           and released <= f.received <= today
                           and on_version(f.version, version)])  # users, not mails
    # Earlier versions are compared from the weeks before the release up to today: users
    # who have not upgraded yet report on them after it too, and a regression said "0 on
    # earlier versions" of a chip three 7.6.2 reports had since the release (rules v73;
    # docs/insight.md, "Session 23: numbers forged reports cannot bend").
    before = [f for f in facts if f.received is not None and start_before <= f.received
              <= today and f.version and not on_version(f.version, version)]
    if not new:
        return []
    new_groups: dict[str, list[ReportFacts]] = defaultdict(list)
    for f in new:
        for g in _groups_of(f):
            new_groups[g].append(f)
    before_counts = _group_counts(before)
    explained = problems or {}
    sizes = Counter(explained[f.key] for f in new if f.key in explained)
    found = []
    for group, members in list(new_groups.items()):
        if explained and not group.startswith("#"):
            members = new_groups[group] = _own_reports(members, explained, sizes)
            # A second problem of a real share makes it several problems, none rising; a
            # small one's reports are left out of it (regfix27).
            one = _one_problems(members, explained)
            if one is None:
                continue
            members = new_groups[group] = one
        count_new, count_before = len(members), before_counts[group]
        share_new = count_new / len(new)
        share_before = (count_before + 0.5) / (len(before) + 1)
        rose = (share_new >= REGRESSION_RATIO * share_before
                and _chance(count_new, share_before * len(new)) <= REGRESSION_CHANCE)
        if count_new >= REGRESSION_MIN_NEW and rose and (
                group.startswith("#") or not _several_problems(members, explained)):
            found.append(Regression(group, version, count_new, (today - released).days + 1,
                                    count_before, REGRESSION_WEEKS_BEFORE,
                                    tuple(f.key for f in sorted(members, key=_newest_first))))
    found = _host_regressions(found, new_groups)
    # The same reports rising under several names (their GPU, Wi-Fi chip and machine) are
    # one regression, named by all of them.
    # A peripheral chip only names reports no GPU, network chip, machine or issue already
    # does (the machines of a GPU's regression share their audio and USB chips too); an
    # SMBus or sensor hub still kept names them too, with its reason (rules v53 and v57:
    # what its users name).
    # The kind of hardware its reports' words point at leads the name (a Wi-Fi chip's
    # reports named after their machines' GPU: walk25's item 10).
    by_key = {f.key: f for f in new}
    merged: dict[tuple[str, ...], Regression] = {}
    for r in sorted(found, key=lambda r: (r.group.startswith(_DEVICE_GROUPS),
                                          not r.group.startswith("#"),
                                          not _said_kind(r, by_key), r.group)):
        known = merged.get(r.reports)
        if known is not None and r.group.startswith(_DEVICE_GROUPS[:2]):
            continue
        merged[r.reports] = r if known is None else Regression(
            f"{known.group}, {r.group}", r.version, r.count_new, r.days_new,
            max(known.count_before, r.count_before), r.weeks_before, r.reports)
    # Network chips named by what their reports' lspci says they are (a wired 10ec:8168
    # was a "Wi-Fi/network chip"; session 26).
    found = [_chips_named(replace(_shortened(r, new),
                                  about=_shared_problem([by_key[k] for k in r.reports])),
                          by_key)
             for r in _one_line_per_reports(
                 sorted(merged.values(), key=lambda r: (-r.count_new, r.group)))]
    if Kind.REPORT.value not in map(_KIND_OF, facts):  # no encrypted report
        return found
    plain = {f.key for f in new if unencrypted(f)}
    return [replace(r, unencrypted=len(plain.intersection(r.reports))) for r in found]


def _chips_named(found: Regression, by_key: Mapping[str, ReportFacts]) -> Regression:
    """``found`` with its network chips named by its reports (``network_chips_named``)."""
    group = network_chips_named(found.group, (by_key[k] for k in found.reports))
    return found if group == found.group else replace(found, group=group)


_KIND_WORDS = (("Wi-Fi/network chip ", ("wifi", "wlan", "wireless", "network", "ethernet",
                                         "internet", "connect", "hotspot", "router")),
               ("GPU ", ("screen", "display", "graphic", "monitor", "flicker", "resolution",
                         "brightness", "black")))
"""The starts of the words by which a report says its problem is of a kind of hardware,
for that kind's group to lead a regression's name (``_said_kind``)."""


def _said_kind(found: Regression, by_key: Mapping[str, ReportFacts]) -> bool:
    """Whether more than half of a regression's reports say a word of its group's kind of
    hardware (``_KIND_WORDS``: "wifi" for a network chip, "screen" for a GPU)."""
    starts = next((words for kind, words in _KIND_WORDS if found.group.startswith(kind)), ())
    if not starts:
        return False
    saying = sum(1 for key in found.reports
                 if any(w.startswith(starts) for w in by_key[key].words))
    return 2 * saying > len(found.reports)


SECOND_PROBLEM_SHARE = 3
"""A second problem that a known issue or a cluster explains in a hardware group is a real
share of it, and the group several problems, when it has at least two of the group's
reports and at least a third as many as its most reported problem (``_one_problems``):
then the first is at most three times the second, and a quarter or more of what the line
would relay as one problem is another. Walk26b's 5 sound reports beside 3 of #20408 are
two problems; 12 beside 2 are the sound's regression, the 2 left out (regfix27;
docs/insight.md, "Session 27: regfix27")."""


def _one_problems(members: list[ReportFacts], problems: Mapping[str, str]
                  ) -> list[ReportFacts] | None:
    """The reports of a hardware group that are of its most reported problem or of none
    that ``problems`` names (a known issue's, a cluster's: ``problems_of``), or None when a
    second problem is a real share of it (``SECOND_PROBLEM_SHARE``): a small second
    problem's reports are left out, so the first's regression stands and counts its own
    reports only. When every problem it holds has one report, none is first and all are
    left out. Walk26b's 5 sound reports and 3 of #20408 on three laptops were "GPU
    8086:5917 ...: 8 reports" (session 26); regfix26's bar (a second problem with two
    reports or more) then dropped 12 sound reports beside 2 of #20408, and 12 of which 2
    were linked to the sound's issue (review27)."""
    counted = Counter(problems[f.key] for f in members if f.key in problems)
    if len(counted) < 2:
        return members
    most = max(counted.values())
    tops = [problem for problem, n in counted.items() if n == most]
    # Problems of one report each have no first: all are left out, not one kept by its name.
    first = tops[0] if len(tops) == 1 else None
    if any(n >= 2 and SECOND_PROBLEM_SHARE * n >= most
           for problem, n in counted.items() if problem != first):
        return None
    return [f for f in members if problems.get(f.key, first) == first]


def _several_problems(members: Sequence[ReportFacts],
                      problems: Mapping[str, str] | None = None) -> bool:
    """Whether the reports of a hardware group are of several problems: most of them name
    a kind of problem (``problem_kinds``: the sound, a printer, a captive portal, the screen
    reader...) and those naming a kind apart from the most named one are half of the
    group or more. Kinds named in one report go together (a combo chip's Wi-Fi and
    Bluetooth, Bluetooth headphones' sound); reports naming no kind split nothing. Six
    reports of five problems on one ThinkPad T480 were "regression: GPU 8086:5917, Wi-Fi/
    network chip 8086:24fd" (rules v78); six on a new Wi-Fi chip, two also saying
    Bluetooth and two a hotel's captive portal, were dropped by the first form of this rule
    (rules v81; docs/insight.md, "Session 24: a review's five defects"). A report that
    ``problems`` explains (a known issue's, a cluster's) names that problem alone: the
    screen reader's users say "silent", which joined their kind to the sound's, and 16
    reports of five problems on one USB controller passed (walk25). Two problems that
    ``problems`` explains are judged before, by their shares (``_one_problems``)."""
    explained = problems or {}
    named = [kinds for kinds in (
        frozenset((explained[f.key],)) if f.key in explained
        else problem_kinds(cluster_concepts(f.words)) for f in members) if kinds]
    if 2 * len(named) <= len(members):
        return False
    together: list[set[str]] = []  # kinds named in one report, joined
    for kinds in named:
        joined = [group for group in together if not group.isdisjoint(kinds)]
        merged = set(kinds).union(*joined)
        together = [group for group in together if group.isdisjoint(kinds)] + [merged]
    most = max(sum(1 for kinds in named if not group.isdisjoint(kinds)) for group in together)
    return 2 * (len(named) - most) >= len(members)


REGRESSION_ABOUT = 3
"""At most this many words, and as many programs, a regression says its reports share
(``_shared_problem``)."""


def _shared_problem(members: Sequence[ReportFacts]) -> tuple[str, ...]:
    """What more than half of a regression's reports (two or more) share that says their
    problem: the lexicon's concepts they say ("say headphone, sound": words of the fixed
    ``CONCEPT_WORDS`` alone, never one the lexicon lacks, so safe to publish though the
    users wrote them too),
    the programs of the journal errors they log ("log journal errors of kernel amdgpu": a
    line can hold what masking keeps of a file name, so only its program), each most
    shared first; () when they share none (rules v78)."""
    size = len(members)
    said = Counter(w for f in members for w in CONCEPT_WORDS.intersection(
        cluster_concepts(f.words)))
    logged = Counter(p for f in members for p in {journal_program(e) for e in f.errors})
    words, programs = ([k for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                        if n >= 2 and 2 * n > size][:REGRESSION_ABOUT]
                       for counts in (said, logged))
    return ((f"say {', '.join(words)}",) if words else ()) + (
        (f"log journal errors of {', '.join(programs)}",) if programs else ())


def _history_before(facts: Iterable[ReportFacts], start: date, released: date) -> bool:
    """Whether at least ``REGRESSION_MIN_HISTORY`` reports were received from ``start`` to
    the day before ``released``: the history a regression is measured against."""
    found = 0
    for f in facts:
        if f.received is not None and start <= f.received < released:
            found += 1
            if found >= REGRESSION_MIN_HISTORY:
                return True
    return False


def regressions_said(facts: Sequence[ReportFacts], releases: Sequence[tuple[str, date]],
                     today: date) -> str:
    """Why no regression can be called on the newest release, for the member: "not enough
    history before 7.7 to call regressions" when fewer than ``REGRESSION_MIN_HISTORY``
    reports came in the ``REGRESSION_WEEKS_BEFORE`` weeks before it; "" otherwise (rules
    v76; docs/insight.md, "Session 23: counts fair to real members")."""
    past = [r for r in releases if r[1] <= today]
    if not past:
        return ""
    version, released = max(past, key=lambda r: (version_key(r[0]), r[1]))
    start = released - timedelta(days=WEEK * REGRESSION_WEEKS_BEFORE)
    return "" if _history_before(facts, start, released) else NO_HISTORY.format(
        release=version)


UNKNOWN_VERSION = "unknown version"
"""How an issue's version line shows a version the releases do not know (a forged 9.9)."""


def known_version(version: str, releases: Sequence[tuple[str, date]]) -> bool:
    """Whether ``version`` is of a known release, or older than the newest (a copy of the
    feed may list recent releases only); True when no release is known."""
    if not releases:
        return True
    if any(on_version(version, r) for r, _ in releases):
        return True
    newest = max(version_key(r) for r, _ in releases)
    key = version_key(version)
    return key != (-1,) and key < newest


def next_step(below: tuple[int, ...], key: tuple[int, ...], steps: int = 1) -> bool:
    """Whether version ``key`` (``version_key``) can be the release after ``below``: the
    next minor version (``7.7`` after ``7.6.2``), a new major ``.0`` (``8.0`` after
    ``7.7``), or a point release or candidate of either; ``9.9`` after ``7.7`` is none.
    ``steps``: that many releases after it (each a next minor or a new major), ``8.1``
    two after ``7.7``."""
    major, minor = below[0], below[1] if len(below) > 1 else 0
    new_minor = key[1] if len(key) > 1 else 0
    if key[0] == major:
        return new_minor <= minor + steps
    return 1 <= key[0] - major <= steps and new_minor <= steps - (key[0] - major)


RELEASE_STEP_DAYS = 21
"""The fewest days between two releases that each make a new minor or major version
(Tails releases about every four weeks; an emergency release between them is a point
release, no step): how far a version can have gone since the newest release an old copy
of the feed lists (``releases_since``)."""


def releases_since(releases: Sequence[tuple[str, date]], today: date) -> int:
    """How many releases (``next_step``'s steps) can have come after the newest of
    ``releases`` by ``today``: one, and one more for each ``RELEASE_STEP_DAYS`` since it
    was released. With an old copy of the feed, a version further on is one no release can
    have yet (a forged 9.9 counted with a copy 50 days old, though set apart with no copy
    at all: walk25's defect 6)."""
    newest = max(releases, key=lambda r: (version_key(r[0]), r[1]))[1]
    return 1 + max(0, (today - newest).days) // RELEASE_STEP_DAYS


FEED_RECENT_DAYS = 45
"""How old a copy of the release feed may be and still tell which versions no release has
(``feed_recent``): Tails releases about monthly, so a copy fetched within 45 days misses
one release at most, which ``next_step`` allows (docs/releases.md)."""


def feed_recent(fetched: date | None, today: date) -> bool:
    """Whether a copy of the release feed ``fetched`` on that day may judge versions
    ``beyond_releases`` on ``today``: fetched within ``FEED_RECENT_DAYS`` (a copy listing
    7.6.2 and 7.7 set aside every report on 7.9 and 8.1 months later; rules v81). True
    when no copy is known (the releases are then the reports' own)."""
    return fetched is None or (today - fetched).days <= FEED_RECENT_DAYS


def feed_old_said(fetched: date, today: date) -> str:
    """What a count says of a copy of the release feed that is not ``feed_recent``."""
    return (f"the copy of the release feed is {(today - fetched).days} days old (`hdtui "
            "releases` fetches a new one): reports on the versions that can have been "
            "released since its newest release are counted")


def beyond_releases(version: str, releases: Sequence[tuple[str, date]],
                    recent: bool = True, today: date | None = None) -> bool:
    """Whether a report's ``version`` is one no release has and none can have yet: a
    readable version after every release known and not the next step after the newest
    (``next_step``: a release the copy of the feed does not list yet, or a tester's
    candidate, is one). WhisperBack writes the running version itself, so such a report
    was not sent from a Tails anyone runs (a forged 9.9: walk24's item 6). False when no
    release is known or the version cannot be read. A copy of the feed that is not
    ``recent`` (``feed_recent``) may miss releases that came since: a version is then
    beyond only when more releases than can have come by ``today`` separate it from the
    copy's newest (``releases_since``), and never without ``today`` (walk25's defect 6)."""
    if (not recent and today is None) or known_version(version, releases):
        return False
    key = version_key(version)
    steps = 1 if recent or today is None else releases_since(releases, today)
    return key != (-1,) and not next_step(max(version_key(r) for r, _ in releases), key,
                                          steps)


def unreleased(facts: Iterable[ReportFacts], releases: Sequence[tuple[str, date]],
               recent: bool = True, linked: Iterable[str] = (),
               today: date | None = None) -> frozenset[str]:
    """The references of the reports of ``facts`` that match a known issue confidently (or
    whose reference is among ``linked``: a member linked it) and run a version
    ``beyond_releases`` (of a ``recent`` copy of the feed): counted for no issue
    (``issue_stats``), said apart (rules v78; a linked one too: walk24b's item 2). An old
    copy judges by ``today`` (``beyond_releases``)."""
    if not releases or (not recent and today is None):
        return frozenset()
    cited = set(map(reference_token, linked))  # (by token: ``facts.reference_token``)
    likely = [f for f in facts if f.likely or token_of(f) in cited] if cited \
        else list(filter(_LIKELY, facts))
    # Each version judged once (a few dozen), the reports walked only when one is beyond:
    # this runs on the counts' path, over every likely report.
    beyond = {v for v in set(map(_VERSION, likely))
              if v and beyond_releases(v, releases, recent, today)}
    return frozenset(f.reference for f in likely if f.version in beyond) if beyond \
        else frozenset()



def since_fixed(stats: IssueStats, fixed: str) -> int:
    """How many of an issue's users (linked ones not resent, and likely ones) run the
    version the issue was ``fixed`` in, or a later one: "fixed in 7.7" beside 12 reports
    on 7.7 reads as a fix that holds, and it may not (walk24 G)."""
    key = version_key(fixed)
    if key == (-1,):
        return 0
    again = {f.reference for f in stats.linked_resent}
    return sum(1 for f in (*stats.linked_facts, *stats.likely)
               if f.reference not in again and f.version
               and (on_version(f.version, fixed) or version_key(f.version) > key))


def fixed_said(stats: IssueStats, fixed: str) -> str:
    """``fixed in 7.7``, and when users report it on that version or later, how many:
    ``fixed in 7.7, yet 12 reports on 7.7 or later`` (``since_fixed``)."""
    after = since_fixed(stats, fixed)
    if not after:
        return f"fixed in {fixed}"
    return (f"fixed in {fixed}, yet {after} report{'' if after == 1 else 's'} on {fixed} "
            "or later")


def fixed_short(stats: IssueStats, fixed: str) -> str:
    """``fixed_said`` for a row the screen cuts: ``fixed in 7.7, 12 reports since``.
    "yet 12 reports on 7.7 or later" came last on hot topics' row and was cut to "fixed
    in 7…" at 80x24 (walk24 G, walk26)."""
    after = since_fixed(stats, fixed)
    if not after:
        return f"fixed in {fixed}"
    return f"fixed in {fixed}, {after} report{'' if after == 1 else 's'} since"


def versions_shown(versions: Iterable[tuple[str, int]], releases: Sequence[tuple[str, date]]
                   ) -> tuple[tuple[str, int], ...]:
    """An issue's versions with those the releases do not know counted together as
    ``UNKNOWN_VERSION``, last: "Versions: 7.7 12, unknown version 3", never "9.9 3"
    (rules v76)."""
    known: list[tuple[str, int]] = []
    unknown = 0
    for version, n in versions:
        if known_version(version, releases):
            known.append((version, n))
        else:
            unknown += n
    return (*known, (UNKNOWN_VERSION, unknown)) if unknown else tuple(known)


def _shortened(found: Regression, facts: Iterable[ReportFacts]) -> Regression:
    """``found`` with each long machine name in its name ``shortened`` (rules v73)."""
    group = found.group
    for product in {f.product for f in facts if len(f.product) > SHOWN_NAME}:
        group = group.replace(product, shortened(product))
    return found if group == found.group else replace(found, group=group)


def _one_line_per_reports(found: Sequence[Regression]) -> list[Regression]:
    """Rules v39: a regression most of whose reports (more than half) a larger one already
    holds is that one's, named in it ("5 of them also ..."): the machines of a chip's
    regression share their GPU, Wi-Fi chip or model too, and one line per group of reports
    is what a member relays (docs/insight.md, "Session 14, twenty-first round").
    ``found``: largest first."""
    kept: list[Regression] = []
    also: list[list[str]] = []
    for r in found:
        mine = set(r.reports)
        at = next((n for n, k in enumerate(kept)
                   if 2 * len(mine.intersection(k.reports)) > len(mine)), None)
        if at is None:
            kept.append(r)
            also.append([])
        else:
            also[at].append(f"{len(mine.intersection(kept[at].reports))} of them also {r.group}")
    return [replace(r, group=f"{r.group} ({'; '.join(more)})") if more else r
            for r, more in zip(kept, also, strict=True)]


def _chance(count: int, expected: float) -> float:
    """How often a Poisson count of mean ``expected`` reaches ``count`` or more: small
    when ``count`` is far above ``expected`` (docs/insight.md, "Regressions after a
    release"). Summed from ``count`` up, in log space (no underflow at large means)."""
    term = math.exp(count * math.log(expected) - expected - math.lgamma(count + 1))
    total, k = 0.0, count
    while term > 1e-15 * total and k < count + 10_000:
        total += term
        k += 1
        term *= expected / k
    return min(total, 1.0)
