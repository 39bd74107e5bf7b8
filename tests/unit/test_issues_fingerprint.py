"""The known issues' fingerprint, saved with each report's facts, changes only when what
matching reads changes (linksfix23, defect 3): on main it held each issue's
``updated_at``, which a plain comment moves, so a comment on any known issue made the
next count (the 15-minute sync, F5) recount the whole queue."""

from __future__ import annotations

from dataclasses import replace

from hdtui.domain.issue import KnownIssue
from hdtui.domain.text import MailText
from hdtui.services.insight import issues_fingerprint

ISSUES = [KnownIssue(17640, MailText("Wi-Fi not working on RTL8723BE"),
                     MailText("The card is seen but no network is listed."),
                     (MailText("C:Hardware support"),), updated_at="2026-12-01T10:00:00Z"),
          KnownIssue(19113, MailText("No sound on MacBook Air"), MailText("Speakers mute."),
                     updated_at="2026-12-02T10:00:00Z")]


def with_first(**changes: object) -> list[KnownIssue]:
    return [replace(ISSUES[0], **changes), ISSUES[1]]  # type: ignore[arg-type]


def test_a_comment_moving_updated_at_keeps_the_fingerprint() -> None:
    assert issues_fingerprint(with_first(updated_at="2026-12-07T23:00:00Z")) == \
        issues_fingerprint(ISSUES)
    assert issues_fingerprint(list(reversed(ISSUES))) == issues_fingerprint(ISSUES)


def test_what_matching_reads_changes_the_fingerprint() -> None:
    before = issues_fingerprint(ISSUES)
    changed = [
        with_first(title=MailText("Wi-Fi not working on RTL8821CE")),  # same length
        with_first(description=MailText("The card is seen but no network is shown.")),
        with_first(labels=(MailText("C:Network"),)),
        with_first(labels=()),
        with_first(state="closed"),
        with_first(issue_type="task"),
        ISSUES[:1],
    ]
    prints = [issues_fingerprint(issues) for issues in changed]
    assert before not in prints and len(set(prints)) == len(prints)
