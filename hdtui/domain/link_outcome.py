"""Provides LinkOutcome and its words: what linking several reports to one issue did (hot
topics' ``l``, the links of a new issue, "link them instead"), said once whatever the
number of reports (walk25's defect 5: with GitLab answering 403 the toast read "Linked · 0
reports linked to #13576: now counted as linked, not likely", then the whole 403 sentence
once per report, 12 lines at 80x24). Pure; see docs/gitlab-writes.md, "Several links at
once".
"""

from __future__ import annotations

from dataclasses import dataclass

from hdtui.domain.text import one_line

KEPT_TO_RETRY = "GitLab unreachable: kept in the outbox, will retry by itself"
"""The reason of a link kept to retry (WriteKept): made later, without the member."""


@dataclass(frozen=True, slots=True)
class LinkFailure:
    """One report not linked, and why (the error's message: GitLab's answer in hdtui's
    words, never the mail's text)."""

    report: str
    """The report as a member reads it (its report ID or reference)."""
    reason: str


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """What linking ``asked`` reports to one issue did."""

    asked: int
    written: int = 0
    """Notes written now (a report cited already writes none)."""
    already: int = 0
    """Reports the issue cited already (another member's note, maybe written meanwhile)."""
    failures: tuple[LinkFailure, ...] = ()

    @property
    def kept(self) -> int:
        """Links kept in the outbox to retry by themselves (GitLab unreachable)."""
        return sum(1 for failure in self.failures if failure.reason == KEPT_TO_RETRY)

    @property
    def failed(self) -> int:
        """Links not made, kept ones included."""
        return len(self.failures)


def _many(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def link_said(outcome: LinkOutcome, ref: str) -> tuple[str, str]:
    """The toast after the links to issue ``ref`` ("#13576"): (title, text). Every report
    linked: "Linked"; some not: "Partly linked", how many of how many; none: "Not linked".
    The reason is said once (the first one, the one most reports share); ``failure_box``
    lists each."""
    done = outcome.written + outcome.already
    already = (f" ({outcome.already} cited already, no second note)"
               if outcome.already else "")
    if not outcome.failures:
        return "Linked", (f"{_many(done, 'report')} linked to {ref}{already}: now counted "
                          "as linked, not likely (no new mail: the same reports, now cited "
                          "on GitLab).")
    reason = _first_reason(outcome)
    kept = outcome.kept
    if kept == outcome.failed:
        said = (f"{outcome.failed} wait in the outbox for GitLab (unreachable): retried by "
                "themselves.")
    else:
        said = f"Why: {one_line(reason)}"
    if not done:
        which = "The report is not" if outcome.asked == 1 else \
            f"None of the {_many(outcome.asked, 'report')} is"
        return "Not linked", f"{which} linked to {ref}. {said}"
    return "Partly linked", (f"{done} of {_many(outcome.asked, 'report')} linked to {ref}"
                             f"{already}; {outcome.failed} not linked. {said}")


def _first_reason(outcome: LinkOutcome) -> str:
    """The reason most failures share (the first of them on a tie); a kept one is the last
    choice (it needs nothing of the member)."""
    counts: dict[str, int] = {}
    for failure in outcome.failures:
        counts[failure.reason] = counts.get(failure.reason, 0) + 1
    return max(counts, key=lambda r: (r != KEPT_TO_RETRY, counts[r]))


def failure_box(outcome: LinkOutcome, ref: str) -> str:
    """The details of the links not made, for the error box: each reason once, with the
    reports it stopped ("" when every link was made). A GitLab refusal keeps its link in
    the outbox: retried there once the cause is mended (a 403: the role in the project)."""
    if not outcome.failures:
        return ""
    by_reason: dict[str, list[str]] = {}
    for failure in outcome.failures:
        by_reason.setdefault(failure.reason, []).append(failure.report)
    parts = [f"{outcome.failed} of {_many(outcome.asked, 'report')} not linked to {ref}."]
    for reason, reports in by_reason.items():
        parts.append(f"{one_line(reason)}\n{_many(len(reports), 'report')}: "
                     + ", ".join(reports))
    return "\n\n".join(parts)
