"""The links another member made count in the queue's numbers after the known issues'
sync, without a report of the issue being opened (walk23 item 1: Bob's hot topics and
`stats` said "0 linked" for Alice's links until he opened a report of the issue). The
TUI's start sync, F5 and the 15-minute sync all call ``Triage.refresh_known_issues``;
hot topics and ``hdtui stats`` count ``Insight``'s overview. Against the local GitLab API
server over real HTTP, with a Maildir of one encrypted Wi-Fi report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from hdtui.services.insight import Insight
from hdtui.tracker.gitlab import GitLabSettings, GitLabTracker
from hdtui.wiring import Setup
from tests.services.test_gitlab_queue import WIFI, setup
from tests.services.test_gitlab_queue import Setup as Queue

__all__ = ["setup"]  # the fixture: Bob's actions over the local GitLab server


def test_a_sync_brings_another_members_link_into_the_queues_counts(
        setup: Queue, tmp_path: Path) -> None:
    actions, gitlab_api, _, _ = setup  # Bob's, synced before Alice's link
    triage = actions.triage
    gitlab_api.add_user("glpat-alice", "alice")
    alice = GitLabTracker(GitLabSettings(url=gitlab_api.url, project="tails/tails",
                                         token=lambda: "glpat-alice", timeout=5.0),
                          tmp_path / "alice.json")
    try:
        insight = Insight(triage, actions.tracker)
        assert insight.overview().stats.get(1) is None or \
            not insight.overview().stats[1].confirmed
        assert alice.link(1, f"wb://{WIFI}", date(2026, 11, 23))

        triage.refresh_known_issues()  # the start's, F5's or the timer's sync

        stats = insight.overview().stats[1]
        assert stats.confirmed == (f"wb://{WIFI}",) and stats.likely == ()
        assert triage.last_sync is not None and triage.last_sync.links_changed == 1
    finally:
        alice.close()


def test_links_that_teach_other_words_mark_the_counts_counting_until_counted_again(
        demo_setup: Callable[..., Setup]) -> None:
    """walk23 item 10: links read after the queue was counted (another member's, read by
    the report pane's count) teach an issue words that make other reports likely; the
    pane said "0 likely" with no mark while hot topics, counting again, said 2."""
    from hdtui.domain.links import ReportCount

    setup = demo_setup()
    setup.triage.inbox()
    insight = Insight(setup.triage, setup.tracker)
    facts = insight.facts()
    assert not insight.links_outdated
    assert not insight.with_likely({17640: ReportCount()})[17640].counting
    sound = sorted((f for f in facts if f.kind == "report" and {"sound", "speaker"} <= f.words),
                   key=lambda f: f.key)
    assert setup.actions is not None
    for linked in sound[:2]:  # as another member's links, now read
        setup.actions.link(linked.key, 17640)

    assert insight.links_outdated
    assert insight.with_likely({17640: ReportCount()})[17640].counting
    insight.facts()  # the count the pane asks for
    assert not insight.links_outdated
    assert not insight.with_likely({17640: ReportCount()})[17640].counting


def test_an_outside_accounts_made_up_ids_count_nowhere_and_its_link_to_a_held_report_does(
        setup: Queue) -> None:
    """walk24 B: mallory, outside the Help Desk, cited made-up IDs in an internal note; they
    counted "this week" with no report behind them. Through the real sync: her link to the
    report this mailbox holds counts, the made-up ones are said and counted nowhere, in the
    overview and in the pane's count alike."""
    from hdtui.domain.links import note_body

    actions, gitlab_api, project, _ = setup
    triage = actions.triage
    made_up = [f"wb://{0xbeef00 + n:032x}" for n in range(3)]
    day = date.today()
    gitlab_api.add_note(project, 1, "\n".join(note_body(ref, day) for ref in
                                              [*made_up, f"wb://{WIFI}"]),
                        username="mallory", internal=True)

    triage.refresh_known_issues()

    assert {link.reference: link.outside for link in actions.tracker.links()} == {
        **dict.fromkeys(made_up, True), f"wb://{WIFI}": True}
    insight = Insight(triage, actions.tracker)
    stats = insight.overview().stats[1]
    assert stats.confirmed == (f"wb://{WIFI}",) and stats.unheld == 3
    assert stats.label.endswith("(3 links of accounts outside the Help Desk to IDs this "
                                "mailbox never received, not counted)")
    count = insight.with_likely(actions.counts([1]))[1]
    assert count.total == 1 and count.this_week == stats.this_week
