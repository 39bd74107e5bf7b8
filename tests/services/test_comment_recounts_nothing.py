"""A comment on a known issue recounts no report (linksfix23, defect 3): it moves the
issue's ``updated_at`` and nothing matching reads. On main the fingerprint saved with
each report's facts held ``updated_at``: after the 15-minute sync or F5 brought a
comment, the next count recounted 72 of the demo's 72 reports (10,000 reports: ~15 s of
CPU). An edited title still recounts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from hdtui.domain.text import MailText
from hdtui.services.insight import Insight
from hdtui.wiring import Setup


def test_a_comment_on_a_known_issue_recounts_no_report_and_a_new_title_does(
        demo_setup: Callable[..., Setup]) -> None:
    setup = demo_setup()
    setup.triage.far_counter = None  # counted here: its progress is said
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker)
    counted = len(insight.facts())  # (the warm store's facts, or counted now)
    issues = list(setup.triage.known_issues().issues)
    commented = [replace(issues[0], updated_at="2030-01-01T00:00:00Z"), *issues[1:]]
    setup.triage.use_known_issues(commented)

    again: list[int] = []
    insight.facts(lambda done, total: again.append(total))

    assert again == []  # nothing to count again
    retitled = [replace(issues[0], title=MailText(f"{issues[0].title} (again)")),
                *issues[1:]]
    setup.triage.use_known_issues(retitled)
    recount: list[int] = []
    insight.facts(lambda done, total: recount.append(total))
    assert recount and 0 < recount[-1] <= counted
