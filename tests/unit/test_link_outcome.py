"""How linking several reports to one issue is said (hdtui.domain.link_outcome; walk25's
defect 5: "Linked · 0 reports linked to #13576", then the 403 sentence 12 times)."""

from __future__ import annotations

from hdtui.domain.link_outcome import (
    KEPT_TO_RETRY,
    LinkFailure,
    LinkOutcome,
    failure_box,
    link_said,
)

FORBIDDEN = ("GitLab refused adding a note to issue #13576 in tails/tails (403 Forbidden): the "
             "token needs the api scope and at least the Reporter role in the project.")


def refused(count: int, reason: str = FORBIDDEN) -> tuple[LinkFailure, ...]:
    return tuple(LinkFailure(f"report {n:032x}", reason) for n in range(count))


def test_every_link_refused_says_not_linked_and_the_reason_once() -> None:
    outcome = LinkOutcome(12, failures=refused(12))
    title, text = link_said(outcome, "#13576")
    assert title == "Not linked"
    assert text == f"None of the 12 reports is linked to #13576. Why: {FORBIDDEN}"
    box = failure_box(outcome, "#13576")
    assert box.count("403") == 1 and box.startswith("12 of 12 reports not linked to #13576.")
    assert all(f"report {n:032x}" in box for n in range(12))


def test_a_partial_success_says_how_many_of_how_many() -> None:
    outcome = LinkOutcome(12, written=4, already=1, failures=refused(7))
    title, text = link_said(outcome, "#13576")
    assert title == "Partly linked"
    assert text.startswith("5 of 12 reports linked to #13576 (1 cited already, no second "
                           "note); 7 not linked. Why: GitLab refused")


def test_every_link_made_says_linked_and_why_the_numbers_moved() -> None:
    assert link_said(LinkOutcome(3, written=3), "#1") == (
        "Linked", "3 reports linked to #1: now counted as linked, not likely (no new mail: "
        "the same reports, now cited on GitLab).")


def test_links_kept_for_an_unreachable_gitlab_say_they_retry_by_themselves() -> None:
    outcome = LinkOutcome(2, written=1, failures=refused(1, KEPT_TO_RETRY))
    assert link_said(outcome, "#1")[1] == (
        "1 of 2 reports linked to #1; 1 not linked. 1 wait in the outbox for GitLab "
        "(unreachable): retried by themselves.")
    mixed = LinkOutcome(3, failures=(*refused(2, KEPT_TO_RETRY), *refused(1)))
    assert "Why: GitLab refused" in link_said(mixed, "#1")[1]  # the one to act on first
