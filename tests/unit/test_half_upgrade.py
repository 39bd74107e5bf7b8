"""A report whose running version is newer than the one its squashfs os-release section
says was installed offers the issue of a half-done upgrade a place in the top five when its
top is not confident (rules v61: docs/matching.md, "Session 20: a half-done upgrade read
from the installed version")."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.queue import Entry
from hdtui.domain.signals import HALF_UPGRADE_KEY, half_upgrade_signals, issue_keys, message_signals
from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_message
from tests.unit.matching_support import issue, matching_set_index, set_message

MATCHING = Path(__file__).resolve().parents[1] / "data" / "matching"


@pytest.fixture(scope="module")
def index() -> IssueIndex:
    return matching_set_index()


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned28.json", "u28-l480-halfupgrade-ml"),
    ("labels_untuned29.json", "u29-t460-halfupgrade-xh"),
])
def test_the_two_missed_half_upgrades_rank_their_issue_in_the_top_five(
        index: IssueIndex, labels: str, name: str) -> None:
    # Malayalam and Xhosa words the lexicon does not fold: only the debug section says
    # 7.6.2 is installed under a 7.7 report. Without the signal three issues of the
    # machine's GPU or of the background came first and #14754 was outside the top 5.
    entry = set_message(labels, name)
    assert entry.report is not None
    assert (entry.report.version, entry.report.installed_version) == ("7.7", "7.6.2")
    matches = suggest_issues(entry, index)
    iids = [m.issue.iid for m in matches]
    assert 14754 in iids
    found = matches[iids.index(14754)]
    assert "installed 7.6.2 under a 7.7 report: a half-done upgrade?" in found.signals
    assert not found.confident  # a stick that upgraded well says the same


def _installed(entry: Entry, version: str) -> Entry:
    """The entry with its report's installed version set to ``version``."""
    assert entry.report is not None
    return entry._replace(report=dataclasses.replace(
        entry.report, installed_version=version))


def test_a_confident_top_keeps_its_list(index: IssueIndex) -> None:
    # A well-upgraded stick shows the same versions: when the ranking knows the problem,
    # the gap offers nothing (u29-seahorse-or, #17183 confident, made 7.0 under 7.7).
    entry = set_message("labels_untuned29.json", "u29-seahorse-or")
    before = suggest_issues(entry, index)
    assert before[0].confident and len(before) == 5
    after = suggest_issues(_installed(entry, "7.0"), index)
    assert [m.issue.iid for m in after] == [m.issue.iid for m in before]


def test_the_gap_moves_no_first_place_and_scores_nothing(index: IssueIndex) -> None:
    entry = set_message("labels_untuned29.json", "u29-t460-halfupgrade-xh")
    gap = suggest_issues(entry, index)
    same = suggest_issues(_installed(entry, "7.7"), index)
    # The first of the key's two issues (#19136 and #14754, both shown since rules v89).
    at = min(n for n, m in enumerate(gap) if m.issue.iid in (14754, 19136))
    assert [(m.issue.iid, m.score) for m in gap[:at]] == [
        (m.issue.iid, m.score) for m in same[:at]]
    assert gap[at].score <= gap[at - 1].score
    assert all(m.score >= gap[at].score for m in gap[:at])


def test_with_two_shown_the_second_place_is_the_upgrade_issue(index: IssueIndex) -> None:
    entry = set_message("labels_untuned29.json", "u29-t460-halfupgrade-xh")
    same = suggest_issues(_installed(entry, "7.7"), index, limit=2)
    gap = suggest_issues(entry, index, limit=2)
    assert len(same) == 2 and gap[0].issue.iid == same[0].issue.iid
    assert gap[1].issue.iid == 14754


def test_a_report_whose_versions_agree_gets_no_such_signal() -> None:
    # u29-electrum-pt runs 7.7 installed as 7.7.
    entry = set_message("labels_untuned29.json", "u29-electrum-pt")
    assert entry.report is not None
    assert entry.report.version == entry.report.installed_version == "7.7"
    assert all(s.key != HALF_UPGRADE_KEY for s in message_signals(entry).signals)


@pytest.mark.parametrize(("version", "installed", "signalled"), [
    ("7.7", "7.6.2", True),
    ("7.6.2", "7.5", True),
    ("5.19", "5.14", True),
    ("7.10", "7.9", True),  # numbers, not text: "7.10" is newer than "7.9"
    ("7.7", "7.7", False),
    ("7.6", "7.6.0", False),
    ("7.6.2", "7.7", False),  # an installed version newer than the running one: no upgrade
    (None, "7.6.2", False),
    ("7.7", None, False),
    ("7.7", "unknown", False),
])
def test_only_a_running_version_newer_than_the_installed_one_signals(
        version: str | None, installed: str | None, signalled: bool) -> None:
    found = half_upgrade_signals(version, installed)
    assert bool(found) is signalled
    if found:
        (signal,) = found
        assert signal.key == HALF_UPGRADE_KEY and not signal.strong and not signal.context
        assert signal.label == (f"installed {installed} under a {version} report: "
                                "a half-done upgrade?")


def test_the_label_holds_only_the_versions_digits() -> None:
    # The installed version is the mail's text: only its digits and dots are shown.
    (signal,) = half_upgrade_signals("7.7", "7.6.2[bold red]\x1b[31m~rc1")
    assert signal.label == "installed 7.6.2 under a 7.7 report: a half-done upgrade?"


def test_the_known_issues_pane_names_it_first_among_the_words_that_matched(
        index: IssueIndex) -> None:
    from hdtui.ui.widgets.issue_list import _reasons

    entry = set_message("labels_untuned29.json", "u29-t460-halfupgrade-xh")
    found = next(m for m in suggest_issues(entry, index) if m.issue.iid == 14754)
    assert _reasons(found)[0] == "installed 7.6.2 under a 7.7 report: a half-done upgrade?"


@pytest.mark.parametrize(("title", "description", "keyed"), [
    ("Partial incremental upgrades leave Tails broken",
     "When an automatic (incremental) upgrade is interrupted ...", True),
    ("After an automatic upgrade: stuck at \"Loading, please wait...\"", "", True),
    ("Upgrader stuck at 'Checking for upgrades' for hours", "", False),
    ("Tor Browser: bookmarks lost after upgrade", "After upgrading, bookmarks ...", False),
    ("Intel GPU regression: Error starting GDM since the kernel upgrade",
     "After a kernel upgrade, several Intel GPUs stopped working", False),
    ("Mirror pool: one mirror serves outdated IUKs", "an old incremental upgrade kit", False),
])
def test_only_issues_of_a_half_done_upgrade_carry_the_key(title: str, description: str,
                                                          keyed: bool) -> None:
    assert (HALF_UPGRADE_KEY in issue_keys(issue(1, title, description))) is keyed


def test_the_version_gap_is_what_shows_the_upgrade_issue(index: IssueIndex) -> None:
    # The same report with the versions made to agree loses #14754 from the top 5: the
    # installed version is what puts it there.
    entry = set_message("labels_untuned29.json", "u29-t460-halfupgrade-xh")
    raw = (MATCHING / "reports_untuned29" / "u29-t460-halfupgrade-xh.eml").read_bytes()
    agreeing = raw.replace(b'VERSION="7.6.2"', b'VERSION="7.7"').replace(
        b'TAILS_GIT_TAG="7.6.2"', b'TAILS_GIT_TAG="7.7"')
    assert agreeing != raw
    reader = Reader(None, None, ())  # type: ignore[arg-type]
    same = reader.understand(parse_message(agreeing, "agreeing"))
    assert same.report is not None and same.report.installed_version == "7.7"
    assert 14754 in [m.issue.iid for m in suggest_issues(entry, index)]
    assert 14754 not in [m.issue.iid for m in suggest_issues(same, index)]


@pytest.mark.parametrize(("labels", "name"), [
    ("labels_untuned31.json", "u31-halfupgrade-pl"),
    ("labels_untuned38.json", "u38-upgrade-partial-pl"),
    ("labels_untuned42.json", "u42-upgrade-broken-it"),
])
def test_both_issues_of_a_half_done_upgrade_are_shown(index: IssueIndex, labels: str,
                                                      name: str) -> None:
    # Two issues carry the key: #19136 (stuck at "Loading, please wait...", or odd
    # behaviour) and #14754 (the partial upgrade). On v88 the place went to #19136 alone,
    # shown already or given it, and #14754 was outside the top 5 of these three (Polish,
    # Polish, Italian: docs/matching.md, "Session 26: both issues of a half-done upgrade").
    matches = suggest_issues(set_message(labels, name), index)
    iids = [m.issue.iid for m in matches]
    assert 14754 in iids and 19136 in iids, iids
    assert not any(m.confident for m in matches)


def test_the_first_places_stay_for_both_upgrade_issues(index: IssueIndex) -> None:
    # The first place is never the key's: u42-upgrade-broken-it keeps #21003 first.
    same = suggest_issues(_installed(set_message("labels_untuned42.json",
                                                 "u42-upgrade-broken-it"), "7.6.1"), index)
    gap = suggest_issues(set_message("labels_untuned42.json", "u42-upgrade-broken-it"), index)
    assert [m.issue.iid for m in gap[:3]] == [m.issue.iid for m in same[:3]]


def test_the_placed_upgrade_issues_show_their_own_scores(index: IssueIndex) -> None:
    # A Quechua report (untuned30): no word nor part of the machine is either issue's, and
    # both show 0.0, with the versions first among what matched. On v88 the one placed
    # showed 6.17, the score of the issue after it (docs/matching.md, "Session 26: a
    # placed issue shows its own score").
    matches = suggest_issues(set_message("labels_untuned30.json", "u30-halfupgrade-qu"), index)
    placed = [m for m in matches if m.issue.iid in (14754, 19136)]
    assert len(placed) == 2
    assert all(m.score == 0.0 for m in placed), [(m.issue.iid, m.score) for m in placed]
    assert all(m.signals[0].endswith("a half-done upgrade?") for m in placed)
