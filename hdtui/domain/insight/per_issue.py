"""Per-issue counts (``IssueStats``, ``issue_stats``): likely and confirmed reports, one per
user, their caveats, the matches the journal contradicts, and hot topics. Pure; see
docs/insight.md.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date
from itertools import chain, compress
from operator import attrgetter, methodcaller
from typing import TYPE_CHECKING

from hdtui.domain.insight.facts import (
    _KIND_OF,
    _PRODUCT,
    _VERSION,
    PLAIN_KIND,
    ReportFacts,
    _hardware_counts,
    _Named,
    newest_first_sorted,
    reference_of_token,
    reference_token,
    reference_tokens,
    token_of,
)
from hdtui.domain.insight.weeks import WEEKS, per_week, week_starts
from hdtui.domain.links import IssueLink, left_out_said
from hdtui.domain.mail import Kind
from hdtui.domain.text import one_line

if TYPE_CHECKING:
    from hdtui.domain.insight.worth_a_look import LookWeek

FLAG_PER_WEEK = 2
"""The process's threshold: a problem reported this many times in one week is relayed."""
FREQUENT_SHARE = 0.25
"""A signal more than this share of the reports have says nothing about a problem."""
SAME_WORDS_MIN = 3
"""Two reports whose words are exactly the same, this many or more, say one thing: one
problem (``_linked``), and possible for the issue one of them is counted for (rules v32)."""



@dataclass(frozen=True, slots=True)
class IssueStats:
    """The numbers of one known issue: linked (confirmed) and likely reports."""

    iid: int
    confirmed: tuple[str, ...]
    """References of the reports linked on GitLab (some may be older than the cache)."""
    likely: tuple[ReportFacts, ...]
    """Reports that match the issue confidently and are not linked yet."""
    linked_facts: tuple[ReportFacts, ...]
    """The linked reports hdtui has read."""
    per_week: tuple[int, ...]
    versions: tuple[tuple[str, int], ...]
    hardware: tuple[tuple[str, int], ...]
    first_seen: date | None
    last_seen: date | None
    possible: tuple[ReportFacts, ...] = ()
    """Reports whose best, not confident, match is this issue, or whose words are exactly a
    counted report's of it (not linked anywhere)."""
    flagged_weeks: tuple[date, ...] = ()
    """First days of the weeks with ``FLAG_PER_WEEK`` reports or more linked or likely:
    the weeks of ``per_week`` that reach it (possible ones completed a week until walk25,
    which flagged #16926 on 1 linked report and 2 printer reports)."""
    resent: tuple[ReportFacts, ...] = ()
    """Likely reports not counted because a counted one of the issue is the same user's
    (``one_per_user``): the same words from the same machine within ``SAME_USER_DAYS``
    (rules v73)."""
    unencrypted: int = 0
    """How many of the counted reports read here (linked or likely) came unencrypted, when
    the reports counted hold encrypted ones too (else 0: a mailbox of plain reports only,
    the benchmarks', says nothing of it; rules v73)."""
    left_out: int = 0
    """Links of accounts outside the Help Desk the tracker did not count
    (``links.notes_links``): said in the label (rules v76)."""
    linked_resent: tuple[ReportFacts, ...] = ()
    """Linked reports that are a resend of another linked one (``one_per_user``): linked
    on GitLab, so in ``confirmed``, but counted as no user and in no week (rules v76)."""
    unheld: int = 0
    """Links only accounts outside the Help Desk made to report IDs this mailbox does not
    hold (``IssueLink.outside``): nothing dates such a report, so it is said and counted
    in no number (not in ``confirmed``; rules v78, walk24 B)."""
    unreleased: tuple[ReportFacts, ...] = ()
    """Reports matching the issue confidently, or linked to it, on a version no release
    has (``regressions.beyond_releases``: a forged 9.9): counted as no user and in no
    week, said in the label and the ``l`` preview, never linked by it (rules v78, walk24
    C). A member who links one from its pane (the dialog says so: ``claims_said``) does
    not make it counted (walk24b's item 2)."""
    unreleased_linked: frozenset[str] = frozenset()
    """The references of ``unreleased`` a member linked to the issue anyway: on GitLab,
    not in ``confirmed``; the ``l`` preview does not call them "not linked"."""
    look_weeks: tuple[LookWeek, ...] = ()
    """Weeks worth a look, not flagged: possible reports in no cluster fill them to the
    threshold (``worth_a_look.worth_a_look``, set by ``overview`` once the clusters are
    made; empty in a counts-only overview)."""
    possible_clustered: tuple[tuple[str, int], ...] = ()
    """Of the reports whose best match this issue is, those a new problem's cluster holds:
    each cluster's id and how many, most first (``possible_in_clusters``, once the clusters
    are made). They are the cluster's, listed and counted there, not in ``possible``: each
    report once (lang28; docs/insight.md, "Session 28: a possible report listed once")."""

    @property
    def flagged(self) -> bool:
        """Whether the issue is flagged in any week of the window."""
        return bool(self.flagged_weeks)

    @property
    def flag_said(self) -> str:
        """Which weeks reached the threshold, and with how many reports: "3 in the week of
        2026-11-24" (walk25: a flag said only "2 or more in a week" beside weekly counts
        of 0 and 1); "" when none did."""
        counts = [n for n in self.per_week if n >= FLAG_PER_WEEK]
        return ", ".join(f"{n} in the week of {start.isoformat()}"
                         for start, n in zip(self.flagged_weeks, counts, strict=False))

    @property
    def look_said(self) -> str:
        """The weeks worth a look and their counts: "1 likely + 2 possible in the week of
        2026-11-24"; "" when none."""
        return ", ".join(w.said for w in self.look_weeks)

    @property
    def this_week(self) -> int:
        """Reports, linked or likely, received in the last seven days."""
        return self.per_week[-1] if self.per_week else 0

    @property
    def linked_users(self) -> int:
        """The linked reports counted as users: ``confirmed`` but the linked resends of
        another linked report (``linked_resent``), as ``likely`` holds no resend. Linking
        #20402's 8 likely users (10 reports, 2 of them resends) read "0 linked, 8 likely"
        then "10 linked, 0 likely" (walk26's defect 5; docs/insight.md, "Session 26")."""
        return len(self.confirmed) - len(self.linked_resent)

    @property
    def listed(self) -> tuple[ReportFacts, ...]:
        """The reports read here that the label's numbers name: linked and likely, and
        the same users' resends and follow-ups its "(3 reports, 2 users)" counts, so that
        hot topics' enter shows as many reports as it says (walk28's defect 4: the
        follow-up was counted, never shown)."""
        return (*self.linked_facts, *self.likely, *self.resent)

    @property
    def label(self) -> str:
        """``4 linked, 9 likely, 5 this week``, then what the numbers hold that anyone
        could send: ``(11 reports, 9 users; 5 of them unencrypted)``. Linked and likely
        both count users (``linked_users``)."""
        return (f"{self.linked_users} linked, {len(self.likely)} likely, "
                f"{self.this_week} this week{self.caveats}")

    @property
    def caveats(self) -> str:
        """What ``label`` says after its numbers (`caveats`), "" when nothing: the
        known-issues pane and hot topics' rows say it too (docs/insight.md, "Session 23:
        the TUI shows what the numbers are made of")."""
        here = len(self.linked_facts) + len(self.likely)
        elsewhere = len(self.confirmed) - len(self.linked_facts)
        resent = len(self.resent) + len(self.linked_resent)
        return caveats(self.linked_users + len(self.likely),
                       resent, self.unencrypted, elsewhere if elsewhere > here else 0,
                       left_out=self.left_out, unheld=self.unheld,
                       unreleased=len(self.unreleased))


RESEND_MARK = "(a resend: the same user, counted once)"
"""How the ``l`` preview marks a resend it links (``to_link``)."""


def to_link(stats: IssueStats) -> list[tuple[ReportFacts, bool]]:
    """What ``l`` (link the likely reports) links for one issue, newest first, each with
    whether it is a resend (``one_per_user``) the preview marks (``RESEND_MARK``): the
    likely reports and their resends, so that the issue's notes cite every report; once
    linked a resend is still counted as no user (``IssueStats.linked_resent``, rules
    v76). A support mail the same user wrote after their report (``follow_ups``) is not
    linked: the report's note cites that user already (walk24's item 3)."""
    resent = {f.reference for f in stats.resent}
    return [(f, f.reference in resent)
            for f in newest_first_sorted([*stats.likely, *stats.resent])
            if f.report_id or f.reference not in resent]


def not_linked_said(stats: IssueStats) -> str:
    """What the ``l`` preview says it leaves out, one line each after its list ("" when
    nothing): the reports on a version no release has (``IssueStats.unreleased``), each
    with its version, and the same users' follow-up mails (``follow_ups``)."""
    lines = [f"{claims_said(f)}: not linked, not counted" for f in stats.unreleased
             if f.reference not in stats.unreleased_linked]
    mails = len(follow_ups(stats))
    if mails:
        lines.append(f"{mails} follow-up mail{'' if mails == 1 else 's'} from a report's own "
                     "address: the same user, counted once with the report, not linked")
    return "".join(f"\nNot linked: {line}" for line in lines)


def claims_said(f: ReportFacts) -> str:
    """``<ID> claims Tails 9.9, which no release has``: what the ``l`` preview and the
    report pane's link dialog say of a report on a version no release has."""
    return (f"{f.report_id or f.reference} claims Tails {one_line(f.version, 20)}, which no "
            "release has")


def follow_ups(stats: IssueStats) -> list[ReportFacts]:
    """The support mails counted as the same user as a report of the issue (``resent``
    without a report ID: a plain "Re: my bug report <ID>" from the report's address), which
    ``to_link`` leaves out and the ``l`` preview says."""
    return [f for f in stats.resent if not f.report_id]


def caveats(users: int, resent: int, plain: int, elsewhere: int = 0,
            always: bool = False, left_out: int = 0, unheld: int = 0,
            unreleased: int = 0) -> str:
    """`` (8 reports, 5 users; 5 of them unencrypted)`` after a count of ``users`` that
    left ``resent`` reports out as the same users' and holds ``plain`` unencrypted
    reports; ``elsewhere``: links to reports not in this mailbox, said when they outnumber
    the reports in it (``20 of the links to reports not in this mailbox``: a note can cite
    any ID); ``left_out``: links of outside accounts not counted (``3 links of accounts
    outside the Help Desk not counted``); ``unheld``: links of outside accounts to IDs
    this mailbox never received (``unheld_said``); ``unreleased``: reports on a version no
    release has (``unreleased_said``); "" when there is none of these.
    ``always``: the
    users and the unencrypted ones said even when none was left out or came plain (an
    issue draft's frequency: ``(3 reports, 3 users; 0 of them unencrypted)``)."""
    parts = []
    if resent or always:
        sent = users + resent
        parts.append(f"{sent} report{'' if sent == 1 else 's'}, "
                     f"{users} user{'' if users == 1 else 's'}")
    if plain or always:
        parts.append(unencrypted_said(plain))
    if elsewhere:
        parts.append(f"{elsewhere} of the links to reports not in this mailbox")
    if left_out:
        parts.append(left_out_said(left_out))
    if unheld:
        parts.append(unheld_said(unheld))
    if unreleased:
        parts.append(unreleased_said(unreleased))
    return f" ({'; '.join(parts)})" if parts else ""


def unreleased_said(count: int) -> str:
    """``1 report on a version no release has, not counted`` (``IssueStats.unreleased``)."""
    return (f"{count} report{'' if count == 1 else 's'} on a version no release has, "
            "not counted")


def unheld_said(unheld: int) -> str:
    """``5 links of accounts outside the Help Desk to IDs this mailbox never received, not
    counted`` (``IssueStats.unheld``)."""
    return (f"{unheld} link{'' if unheld == 1 else 's'} of accounts outside the Help Desk "
            "to IDs this mailbox never received, not counted")


def unencrypted_said(plain: int) -> str:
    """``5 of them unencrypted``: how every count says its plain reports (rules v73)."""
    return f"{plain} of them unencrypted"


def mostly_unencrypted_said(plain: int, total: int) -> str:
    """`` (5 of them unencrypted)`` after a count of ``total`` reports when more than half
    of them came unencrypted (a regression's, a cluster's), else ""."""
    return f" ({unencrypted_said(plain)})" if 2 * plain > total else ""


SAME_USER_DAYS = 3
"""Days within which the same words from the same machine are one user resending
(``one_per_user``, rules v73)."""
SAME_USER_WORDS = 6
"""The fewest words two reports must share exactly to be one user's: a short summary
("wifi does not work") is said alike by many users of one laptop model."""


def _user_of(f: ReportFacts) -> tuple[object, ...] | None:
    """What makes two reports one user's: the very same words, at least
    ``SAME_USER_WORDS`` of them written beyond a quoted error line (``own_words``: two
    users of one laptop model pasting the same error sentence are two, rules v76), and
    the same machine (model, chips, peripherals and USB devices), version and app; None
    without a machine or with few words of the user's own. Not the contact address: the
    sender types it, so three resends with x0@, x1@ and x2@ were three users (rules v81;
    docs/insight.md, "Session 24: a typed address adds no user")."""
    said = len(f.words) if f.own_words < 0 else f.own_words
    if not (f.product or f.gpus or f.network) or said < SAME_USER_WORDS:
        return None
    return (f.words.packed(), f.product, f.gpus, f.network, f.devices, f.version, f.app)


_PACKED = methodcaller("packed")
_WORDS_OF = attrgetter("words")
_CONTACT = attrgetter("contact")


def one_per_user(facts: Sequence[ReportFacts], anchors: Iterable[ReportFacts] = ()
                 ) -> tuple[list[ReportFacts], list[ReportFacts]]:
    """``facts`` split into those counted and those left out as the same user's again:

    - one from the contact address of an earlier one of ``facts`` or ``anchors`` (the
      linked reports, counted anyway), whatever it says and however long after: the same
      person (a plain "Re: my bug report <ID>" from the report's address counted as a
      second user: walk24, rules v78);
    - one with the same words and machine (``_user_of``) within ``SAME_USER_DAYS`` of an
      earlier one, whatever address it gives: a resend. A Help Desk member counts users,
      not mails: three encrypted resends of one text with new IDs took an issue from 5 to
      8 (rules v73; docs/insight.md, "Session 23: numbers forged reports cannot bend").
      Two real users of one laptop model writing the very same own words within days are
      one user fewer; a forger typing a new address each time no longer adds users
      (rules v81).

    Order kept."""
    anchors = list(anchors)
    # Only reports whose words and machine model another one has, or whose address
    # another one has, can be the same user's: found in C, and only those are walked in
    # time (the counts' path: 0.2 s of CPU more at 100,000 otherwise; docs/benchmarks.md,
    # "Session 23: counting users, not mails").
    said = list(zip(map(_PACKED, map(_WORDS_OF, chain(anchors, facts))),
                    map(_PRODUCT, chain(anchors, facts)), strict=True))
    times = Counter(said)
    addresses = Counter(filter(None, map(_CONTACT, chain(anchors, facts))))
    shared = {address for address, n in addresses.items() if n > 1}
    if len(times) == len(said) and not shared:
        return list(facts), []
    again = {key for key, n in times.items() if n > 1}
    first: dict[tuple[object, ...], date] = {}
    wrote: set[str] = set()  # the shared addresses of a user counted already
    for f, key in zip(anchors, said, strict=False):
        if f.contact in shared:
            wrote.add(f.contact)
        user = _user_of(f) if key in again else None
        if user is not None and f.received is not None:
            known = first.get(user)
            first[user] = f.received if known is None else min(known, f.received)
    candidates = [(n, f, key in again) for n, (f, key) in enumerate(
        zip(facts, said[len(anchors):], strict=True)) if key in again or f.contact in shared]
    dropped: set[int] = set()
    for n, f, alike in sorted(candidates, key=lambda one: _earlier_key(one[1])):
        if f.contact in shared:
            if f.contact in wrote:
                dropped.add(n)
                continue
            wrote.add(f.contact)
        user = _user_of(f) if alike else None
        if user is None or f.received is None:
            continue
        known = first.get(user)
        if known is not None and abs((f.received - known).days) <= SAME_USER_DAYS:
            dropped.add(n)
        elif known is None or f.received > known:
            first[user] = f.received
    if not dropped:
        return list(facts), []
    return ([f for n, f in enumerate(facts) if n not in dropped],
            [f for n, f in enumerate(facts) if n in dropped])


def _earlier_key(f: ReportFacts) -> tuple[date, str]:
    return (f.received or date.max, f.key)


def issue_stats(facts: Sequence[ReportFacts], links: Iterable[IssueLink], today: date,
                weeks: int = WEEKS, iids: Iterable[int] = (),
                unreleased: AbstractSet[str] = frozenset()) -> dict[int, IssueStats]:
    """Per known issue: linked references, likely reports, weekly counts and breakdowns.

    Every issue linked, likely, or named in ``iids`` gets an entry (zeros for the last).
    ``unreleased``: references of reports on a version no release has
    (``regressions.unreleased``): not likely, listed apart (``IssueStats.unreleased``).
    """
    links = list(links)  # (read twice below)
    # Only the facts of linked reports: it is looked up by links' references alone, and a
    # dictionary of every report was 5 MB at 100,000, made by each count (docs/insight.md,
    # "Session 27: the linked reports' facts alone"). The last of equal references wins,
    # as in a dictionary of them all.
    # By the references' tokens (``facts.reference_token``): no string made of each.
    cited = {reference_token(link.reference) for link in links}
    references = reference_tokens(facts)
    by_token = dict(compress(zip(references, facts, strict=True),
                             map(cited.__contains__, references)))
    by_reference = {reference_of_token(t): f for t, f in by_token.items()}  # (linked only)
    del references, by_token
    linked: dict[int, dict[str, date]] = defaultdict(dict)
    unheld: dict[int, set[str]] = defaultdict(set)
    beyond: dict[int, list[ReportFacts]] = defaultdict(list)
    beyond_linked: dict[int, set[str]] = defaultdict(set)
    for link in links:
        # A report this mailbox holds is dated by its own day, whoever cites it (a
        # member's hand-written note dated eight reports by the note: walk24b's item 1);
        # only an ID it never received is dated by the note, and then only when a Help
        # Desk account cites it: an outside one's is said, not counted (walk24 B).
        held = by_reference.get(link.reference)
        if held is None and link.outside:
            unheld[link.iid].add(link.reference)
            continue
        if held is not None and unreleased and link.reference in unreleased:
            # A forged 9.9 a member linked from its pane is still no user (walk24b 2).
            if link.reference not in beyond_linked[link.iid]:
                beyond_linked[link.iid].add(link.reference)
                beyond[link.iid].append(held)
            continue
        received = link.received if held is None else held.received or link.received
        known = linked[link.iid].get(link.reference)
        if known is None or received < known:
            linked[link.iid][link.reference] = received
    linked_anywhere = {ref for refs in linked.values() for ref in refs}
    likely: dict[int, list[ReportFacts]] = defaultdict(list)
    possible: dict[int, list[ReportFacts]] = defaultdict(list)
    uncounted: list[ReportFacts] = []
    linked_anywhere.update(ref for refs in beyond_linked.values() for ref in refs)
    # Compared by token (``facts.reference_token``): no string made of each report's.
    linked_tokens = set(map(reference_token, linked_anywhere))
    unreleased_tokens = set(map(reference_token, unreleased)) if unreleased else set()
    for f in facts:
        # A report linked to any issue is that issue's: never likely for another one too.
        if token_of(f) in linked_tokens:
            continue
        if f.likely and unreleased_tokens and token_of(f) in unreleased_tokens:
            beyond[f.likely[0]].append(f)  # a forged 9.9: said, counted as no user
        elif f.likely:
            likely[f.likely[0]].append(f)
        else:
            uncounted.append(f)
    # A resend folded as one user stays folded once linked (the `l` preview linked it):
    # the linked reports read here are counted as users too (rules v76).
    resent_linked: dict[int, set[str]] = {}
    for issue, refs in linked.items():
        mine_linked = [by_reference[r] for r in refs if r in by_reference]
        if len(mine_linked) > 1:
            _, again = one_per_user(mine_linked)
            if again:
                resent_linked[issue] = {f.reference for f in again}
    resent: dict[int, list[ReportFacts]] = {}
    for issue, mine in likely.items():
        kept, again = one_per_user(mine, (by_reference[r] for r in linked.get(issue, {})
                                          if r in by_reference))
        if again:
            likely[issue], resent[issue] = kept, again
    mixed = Kind.REPORT.value in map(_KIND_OF, facts)  # in C, stops at the first
    said = _said_by_counted(likely, linked, by_reference)
    for f in uncounted:
        # Words two issues' reports both say (0) name neither: the report keeps its own
        # best match (rules v35; docs/insight.md, "Session 12, nineteenth round").
        iid = said.get(f.words.packed(SAME_WORDS_MIN)) or f.possible
        if iid:
            possible[iid].append(f)
    # An issue only possible reports best match is listed too, its count said as possible
    # (walk27: the Surface keyboard's #19110 was nowhere; docs/insight.md, "Session 27:
    # walkfix27b").
    chosen = sorted(set(linked) | set(likely) | set(possible) | set(iids) | set(unheld)
                    | set(beyond))
    days_of = {iid: [*(day for ref, day in linked.get(iid, {}).items()
                       if ref not in resent_linked.get(iid, ())),
                     *(f.received for f in likely.get(iid, []))]
               for iid in chosen}
    counted_of = {iid: per_week(days_of[iid], today, weeks) for iid in chosen}
    starts = week_starts(today, weeks)
    gpu_names, net_names = _Named("GPU "), _Named("net ")
    result: dict[int, IssueStats] = {}
    for iid in chosen:
        refs = linked.get(iid, {})
        mine = likely.get(iid, [])
        known_linked = [by_reference[r] for r in refs if r in by_reference]
        days = days_of[iid]
        # Versions, hardware and the unencrypted ones of users, as the likely ones are:
        # linked resends went from "unknown version 1" to "3" (walk24 D; rules v78).
        resends = resent_linked.get(iid, set())
        counted = [f for f in known_linked if f.reference not in resends] + mine
        seen = [d for d in days if d is not None]
        counted_weeks = counted_of[iid]
        versions = Counter(map(_VERSION, counted))
        for version in [v for v in versions if not v]:
            del versions[version]  # no version said
        result[iid] = IssueStats(
            iid=iid,
            confirmed=tuple(_newest_linked_first(refs, by_reference)),
            likely=tuple(newest_first_sorted(mine)),
            linked_facts=tuple(known_linked),
            per_week=counted_weeks,
            versions=_top(versions),
            hardware=_top(_hardware_counts(counted, gpu_names, net_names)),
            first_seen=min(seen) if seen else None,
            last_seen=max(seen) if seen else None,
            possible=tuple(newest_first_sorted(possible.get(iid, []))),
            # A week is flagged by the reports its count shows, linked or likely: possible
            # ones (printer reports best matched to an initramfs issue) flagged a week
            # whose count was 1 (walk25's defect 4; docs/insight.md, "Session 25").
            flagged_weeks=tuple(start for start, n in zip(starts, counted_weeks, strict=True)
                                if n >= FLAG_PER_WEEK),
            resent=tuple(newest_first_sorted(resent.get(iid, []))),
            unencrypted=list(map(_KIND_OF, counted)).count(PLAIN_KIND) if mixed else 0,
            linked_resent=tuple(newest_first_sorted(
                f for f in known_linked if f.reference in resends)),
            unheld=len(unheld.get(iid, ()) - refs.keys()),
            unreleased=tuple(newest_first_sorted(beyond.get(iid, []))),
            unreleased_linked=frozenset(beyond_linked.get(iid, ())),
        )
    return result


def _newest_linked_first(refs: Mapping[str, date], by_reference: Mapping[str, ReportFacts]
                        ) -> list[str]:
    """Linked references newest first, as every list of reports (docs/insight.md, `hdtui
    stats`): by the day the report was received when it was read here, else the day its
    link names; then by reference."""
    def day(reference: str) -> date:
        known = by_reference.get(reference)
        return known.received if known is not None and known.received is not None \
            else refs[reference]

    return sorted(sorted(refs), key=day, reverse=True)  # ``reverse`` keeps the ties' order


def _logged_elsewhere(facts: Sequence[ReportFacts], asked: Sequence[ReportFacts],
                      issue_of: Callable[[ReportFacts], int],
                      linked_to: Mapping[str, int]) -> set[str]:
    """References of the ``asked`` reports, each with the issue it is counted or possible
    for (``issue_of``), that are not that issue's problem by their journal: other reports
    (of ``facts``) log their journal errors, and on average over those errors fewer than half of the
    reports logging one (the report included) have that issue as theirs (linked to it,
    else likely for it, else with it as their best match); an error more than
    ``FREQUENT_SHARE`` of all reports log is every machine's and left out, and each error
    weighs the same, so that a chatty line many problems log does not outweigh the
    problem's own. Such a report is of those reports' problem, one the issue does not
    cover (rules v50; docs/insight.md, "Session 18, twenty-eighth round: likely recall and
    weeks"). Shares per error, not the set of reports sharing any of its errors, which
    would cost those reports for each report: this runs on the counts' path. (Its second
    use, the possible reports that completed a week's flag, ended with walk25.)"""
    asked = [f for f in asked if f.errors]
    if not asked:
        return set()
    logging = [f for f in facts if f.errors]
    linked_tokens = {reference_token(r): iid for r, iid in linked_to.items()}
    # The every-machine errors by every report; the shares by the reports with an issue
    # (the asked ones have theirs): one the matcher found nothing for is no evidence of
    # another issue (its words may be in a language the lexicon does not read).
    everywhere = Counter(chain.from_iterable(f.errors for f in logging))  # counted in C
    limit = FREQUENT_SHARE * len(facts)
    issues = set(map(issue_of, asked))
    theirs: dict[int, list[ReportFacts]] = defaultdict(list)
    with_issue: list[ReportFacts] = []
    for f in logging:
        iid = linked_tokens.get(token_of(f)) or (f.likely[0] if f.likely else f.possible)
        if iid:
            with_issue.append(f)
        if iid in issues:
            theirs[iid].append(f)
    logged = Counter(chain.from_iterable(f.errors for f in with_issue))
    # Per issue asked about, its own reports' errors, counted in C too.
    logged_for = {iid: Counter(chain.from_iterable(f.errors for f in theirs[iid]))
                  for iid in issues}
    found: set[str] = set()
    # One problem's reports log alike: judged once per issue and errors (no new objects
    # per report: this runs over every likely report).
    judged: dict[int, dict[tuple[str, ...], bool]] = {iid: {} for iid in issues}
    for f in asked:
        iid = issue_of(f)
        elsewhere = judged[iid].get(f.errors)
        if elsewhere is None:
            errors = [e for e in f.errors if logged[e] >= 2 and everywhere[e] <= limit]
            mine = logged_for[iid]
            elsewhere = judged[iid][f.errors] = bool(errors) and 2 * sum(
                mine[e] / logged[e] for e in errors) < len(errors)
        if elsewhere:
            found.add(f.reference)
    return found


def contradicted(facts: Sequence[ReportFacts], links: Iterable[IssueLink] = ()) -> set[str]:
    """References of the reports among ``facts`` (counted ones: ``counted``) whose
    confident match their journal contradicts (``_logged_elsewhere``: the reports logging
    its errors are mostly other issues'): not likely for it (rules v50; docs/insight.md,
    "Session 18, twenty-eighth round: likely recall and weeks"). Linked reports are their
    issue's whatever their journal."""
    linked_to = {link.reference: link.iid for link in links}
    linked_tokens = set(map(reference_token, linked_to))
    asked = [f for f in facts if f.likely and f.errors and token_of(f) not in linked_tokens]
    return _logged_elsewhere(facts, asked, _first_likely, linked_to) if asked else set()


def _first_likely(f: ReportFacts) -> int:
    return f.likely[0]


def vetted(facts: Sequence[ReportFacts], links: Iterable[IssueLink] = ()) -> list[ReportFacts]:
    """``facts`` with each ``contradicted`` confident match made the report's best match
    only: possible for that issue, not likely, and clustered."""
    return demoted(facts, contradicted(facts, links))


def demoted(facts: Sequence[ReportFacts], doubted: AbstractSet[str]) -> list[ReportFacts]:
    """``facts`` with the confident match of each report of ``doubted`` (references, as
    ``contradicted`` gives them) made its best match only (``vetted``)."""
    return [replace(f, likely=(), possible=f.likely[0]) if f.reference in doubted else f
            for f in facts] if doubted else list(facts)


def _said_by_counted(likely: Mapping[int, Sequence[ReportFacts]],
                     linked: Mapping[int, Mapping[str, date]],
                     by_reference: Mapping[str, ReportFacts]) -> dict[bytes, int]:
    """The words of each report counted for an issue (likely or linked), and that issue:
    a report that says exactly what a counted one says is possible for its issue, whatever
    its own best match (its machine and journal pulled the matcher elsewhere; rules v32,
    docs/insight.md, "Session 11, eighteenth round"). Words two issues' reports both say
    name neither (0): such a report keeps its own best match."""
    said: dict[bytes, int] = {}
    for iid, counted_facts in (*likely.items(), *(
            (iid, [by_reference[r] for r in refs if r in by_reference])
            for iid, refs in linked.items())):
        for f in counted_facts:
            key = f.words.packed(SAME_WORDS_MIN)
            said[key] = iid if said.get(key, iid) == iid else 0
    said.pop(b"", None)
    return said


def hot_topics(stats: Mapping[int, IssueStats]) -> list[IssueStats]:
    """Issues ranked by reports this week, then over the whole window, then newest seen."""
    return sorted(filter(worth_listing, stats.values()),
                  key=lambda s: (-s.this_week, -sum(s.per_week),
                                 -(s.last_seen.toordinal() if s.last_seen else 0), s.iid))


def worth_listing(s: IssueStats) -> bool:
    """Whether hot topics list the issue: a report counted, linked or possible for it."""
    return bool(sum(s.per_week) or s.confirmed or s.possible)


def clustered_said(s: IssueStats) -> str:
    """`` · 2 more whose best match it is are in new problem C-1a2b3c (listed there)``, when
    a cluster holds reports best matching the issue (``possible_clustered``), else ""."""
    if not s.possible_clustered:
        return ""
    many = sum(n for _, n in s.possible_clustered)
    ids = ", ".join(cid for cid, _ in s.possible_clustered)
    problems = "new problem" if len(s.possible_clustered) == 1 else "new problems"
    return (f" · {many} more whose best match it is {'is' if many == 1 else 'are'} in "
            f"{problems} {ids} (listed there)")


def possible_in_clusters(s: IssueStats, held: Mapping[str, str]) -> IssueStats:
    """``s`` without the possible reports a cluster holds (``held``: report key, cluster
    id), said in ``IssueStats.possible_clustered`` instead: a report a new problem's
    cluster holds is listed and counted there, not also as the issue's possible one, so
    hot topics, ``hdtui stats`` and its JSON list each report once (lang28; docs/insight.md,
    "Session 28: a possible report listed once"). ``s`` itself when none is held."""
    if not any(f.key in held for f in s.possible):
        return s
    where = Counter(held[f.key] for f in s.possible if f.key in held)
    return replace(s, possible=tuple(f for f in s.possible if f.key not in held),
                   possible_clustered=tuple(sorted(where.items(),
                                                   key=lambda kv: (-kv[1], kv[0]))))


def _newest_first(f: ReportFacts) -> tuple[int, str]:
    return (-(f.received.toordinal() if f.received else 0), f.key)


def _top(counter: Counter[str], limit: int = 8) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
