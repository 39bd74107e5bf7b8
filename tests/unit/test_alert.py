"""XMPP alert text and configured targets, pure."""

from __future__ import annotations

import pytest

from hdtui.domain.alert import (
    XmppTarget,
    alert_text,
    clean_alert,
    issue_alert,
    parse_xmpp_target,
)
from hdtui.domain.issue import KnownIssue
from hdtui.domain.links import ReportCount


def test_alert_names_the_issue_counts_and_link() -> None:
    text = alert_text("#19123", "https://gitlab.tails.boum.org/tails/tails/-/issues/19123",
                      "Dell XPS 15 7590\nbecomes unresponsive", 12, 5)
    assert text == ('Help Desk alert: #19123 "Dell XPS 15 7590 becomes unresponsive": '
                    "12 reports so far, 5 this week.\n"
                    "https://gitlab.tails.boum.org/tails/tails/-/issues/19123")


def test_alert_singular_and_no_bad_link() -> None:
    text = alert_text("#1", "javascript:alert(1)", "x" * 500, 1, 1)
    assert "1 report so far, 1 this week." in text
    assert "javascript" not in text and "\n" not in text
    assert "…" in text and len(text) < 300


def test_a_title_from_a_report_mentions_nobody_and_forges_no_line() -> None:
    text = alert_text("#7", "https://gitlab.test/t/-/issues/7",
                      "@room @all Wi-Fi\nHelp Desk alert: #1 \u2028fake\r\x85x", 1, 0)
    first, link = text.split("\n")
    assert "@" not in first and "\uff20room \uff20all Wi-Fi Help Desk alert: #1 fake x" in first
    assert link == "https://gitlab.test/t/-/issues/7"


@pytest.mark.parametrize(("value", "target"), [
    ("ft@example.org", XmppTarget("ft@example.org", None)),
    ("xmpp:FT@Example.org?message", XmppTarget("ft@example.org", False)),
    ("xmpp:tails@conference.example.org?join", XmppTarget("tails@conference.example.org", True)),
    ("ft@example.org/laptop", XmppTarget("ft@example.org", None)),
])
def test_targets(value: str, target: XmppTarget) -> None:
    assert parse_xmpp_target(value) == target


@pytest.mark.parametrize("value", ["", "ft", "xmpp:ft@example.org?subscribe", "a b@c.org"])
def test_bad_targets(value: str) -> None:
    with pytest.raises(ValueError):
        parse_xmpp_target(value)


def test_clean_alert_keeps_newlines_drops_control_characters() -> None:
    assert clean_alert("a\r\nb\x00\x1b\n") == "a\nb"


def test_an_alert_counts_likely_reports_when_they_are_counted() -> None:
    text = alert_text("#7", "https://gitlab.test/t/-/issues/7", "Wi-Fi", 4, 5, likely=9)
    assert text.startswith('Help Desk alert: #7 "Wi-Fi": 4 linked and 9 likely reports in the '
                           "last 8 weeks, 5 this week.")


def test_an_alert_sent_while_the_queue_is_counted_says_its_numbers_are_incomplete() -> None:
    """A first start's count runs for a while after the queue is read: the alert sent
    meanwhile carries the pane's numbers and says more may follow (issue #12's walk: "0
    linked and 5 likely" sent as if complete, 41 once counted)."""
    count = ReportCount(0, 0, 5, counting=True)
    issue = KnownIssue(iid=41, title="Latitude: black screen",
                       web_url="https://gitlab.test/t/-/issues/41")
    text = issue_alert(issue, count)
    assert text.startswith('Help Desk alert: #41 "Latitude: black screen": 0 linked and 5 '
                           "likely reports in the last 8 weeks, 0 this week. (Still counting "
                           "our mailbox: more may follow.)")
    done = issue_alert(issue, count._replace(likely=41, counting=False))
    assert "41 likely" in done and "Still counting" not in done


def test_an_alert_after_a_failed_count_says_part_of_the_mailbox_is_counted() -> None:
    """A count that failed is not counting: the alert says its numbers are of part of the
    mailbox, not that the count goes on."""
    issue = KnownIssue(iid=41, title="Latitude: black screen",
                       web_url="https://gitlab.test/t/-/issues/41")
    text = issue_alert(issue, ReportCount(0, 0, 5, failed=True))
    assert "5 likely reports in the last 8 weeks, 0 this week. (Only part of our mailbox is " \
        "counted: more may follow.)" in text
    assert "Still counting" not in text


def test_an_alert_about_a_confidential_issue_names_it_by_reference_only() -> None:
    secret = KnownIssue(iid=42, title="Embargoed: Tor Browser sandbox escape",
                        web_url="https://gitlab.test/t/-/issues/42", confidential=True)
    text = issue_alert(secret, ReportCount(3, 2))
    assert text == ("Help Desk alert: #42 (confidential): 3 reports so far, 2 this week.\n"
                    "https://gitlab.test/t/-/issues/42")
    assert "Embargoed" not in text and "sandbox" not in text
    public = issue_alert(KnownIssue(iid=7, title="Wi-Fi", web_url=""), None)
    assert public == 'Help Desk alert: #7 "Wi-Fi": 0 reports so far, 0 this week.'


def test_an_alert_about_a_weak_match_says_so() -> None:
    """walk29 #1: A on a report whose best match is a 4.4 on one word alerted as if the
    report were that issue's; the alert now says it is a guess, the link still last."""
    issue = KnownIssue(iid=17640, title="Macs: many models don't start Tails",
                       web_url="https://gitlab.test/t/-/issues/17640")
    sure = issue_alert(issue, ReportCount(0, 0, 1))
    weak = issue_alert(issue, ReportCount(0, 0, 1), "5d4c3b2a")
    assert "not confident" not in sure
    first, link = weak.split("\n")
    assert first == sure.split("\n")[0] + (" (Best match, not confident, for report 5d4c3b2a:"
                                           " it may be another problem.)")
    assert link == "https://gitlab.test/t/-/issues/17640"


def test_an_alert_about_a_new_problem_names_it_counts_and_ids() -> None:
    from datetime import date

    from hdtui.domain.alert import cluster_alert

    text = cluster_alert("C-16e7a0", ["same sound chip 8086:51c8", "same machine Framework"],
                         (0, 0, 0, 0, 0, 0, 1, 3), date(2026, 11, 26),
                         (("7.7", 4),), (("8086:51c8", 4), ("Framework 13", 4), ("a", 1),
                                         ("b", 1)),
                         ("aa11", "bb22", "cc33", "dd44"), True)
    assert text.startswith("Help Desk alert: new problem C-16e7a0, no known issue yet "
                           "(reached the threshold: 2 or more reports in a week): 4 reports "
                           "in the last 8 weeks (2026-10-02 to 2026-11-26), 3 this week.")
    assert "They share: same sound chip 8086:51c8; same machine Framework." in text
    assert "Tails versions: 7.7 (4)." in text
    assert "Hardware: 8086:51c8 (4), Framework 13 (4), a (1)." in text  # the 3 most
    assert text.endswith("Report IDs: aa11, bb22, cc33, dd44.") and "\n" not in text


def test_an_alert_about_a_regression_and_no_mention() -> None:
    from hdtui.domain.alert import regression_alert

    text = regression_alert("machine Framework\n@room", "7.7", 4, 17, 0, 4,
                            ("say sound, speaker",), [f"id{n}" for n in range(25)])
    assert text.startswith("Help Desk alert: regression on Tails 7.7, machine Framework "
                           "\uff20room: 4 reports on 7.7 in the 17 days since its release, 0 "
                           "on earlier versions in the 4 weeks before and since. Most of "
                           "them say sound, speaker.")
    assert "@" not in text and "\n" not in text
    assert text.endswith("id18, id19 and 5 more.")
