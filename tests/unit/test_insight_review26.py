"""What review26 found too loose in walkfix26's two rules that make a cluster a known
issue's doubted reports (docs/insight.md, "Session 26: review26's swallowed new
problems"): a new problem that shares with the issue only a machine's name, a feature's
name or an everyday word stays a new problem."""

from __future__ import annotations

import pytest

from hdtui.domain.insight.clusters import clusters
from hdtui.domain.insight.facts import ReportFacts
from hdtui.domain.insight.overview import overview
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact, others
from tests.unit.test_insight_walk26 import _macs


def _stays_new(summary: str, problem: str) -> bool:
    """Whether the walk's three MacBookPro15,2 reports, told as ``problem``, are still a
    cluster of their own beside #13576's six on the 13,2 and 14,3."""
    macs = _macs(summary=summary, problem=problem)
    return any({"k7", "k8", "k9"} <= set(c.reports)
               for c in clusters(macs + others(30), TODAY))


def test_a_webcam_on_a_model_of_a_family_issues_line_is_no_keyboard_report() -> None:
    """Review26's defect 1: three webcam reports on a MacBookPro15,2, nearest #13576
    (keyboard, trackpad, Touch Bar on MacBook Pros), were folded into it through the word
    "macbook" that every report of the line says; on 1c0be8b0 they were a new problem."""
    assert _stays_new("No camera", "The webcam of my MacBook does not work in Tails.")


def test_an_everyday_word_shared_with_a_family_issue_folds_nothing() -> None:
    """Review26's defect 1 too: a Wi-Fi problem sharing only "start" with #13576."""
    assert _stays_new("No Wi-Fi", "Tails does not start the Wi-Fi, it does not work, no "
                      "network in the list.")


def _unlock(n: int, days_ago: int) -> ReportFacts:
    return fact(n, days_ago, "Persistent Storage does not unlock, cannot allocate memory, "
                "the laptop has 4 GB", product=f"Unlock {n}", likely=(20402,))


MAILS = ("My emails in Thunderbird disappeared from the Persistent Storage after the upgrade",
         "All my mails are gone from Thunderbird, Persistent Storage was unlocked",
         "Persistent Storage: the email folders of Thunderbird are empty now")


ADDITIONAL = (
    "My Additional Software packages are not reinstalled after unlocking the Persistent "
    "Storage",
    "The Additional Software did not install my packages again, Persistent Storage unlocked",
    "Persistent Storage: Additional Software packages missing after the restart")


@pytest.mark.parametrize("texts", [MAILS, ADDITIONAL])
def test_a_words_alone_cluster_sharing_only_a_features_name_is_no_issues(
        texts: tuple[str, ...]) -> None:
    """Review26's defect 2: three "Thunderbird emails gone from the Persistent Storage"
    reports nearest #20402 (the Persistent Storage does not unlock: out of memory) were
    dissolved into it on the feature's name; on 1c0be8b0 they were a flagged new problem,
    "similar words". Three "Additional Software not reinstalled" too, which say one of
    #20402's three words ("unlock") besides."""
    issue = [_unlock(n, 3 + 9 * n) for n in range(6)]
    mails = [fact(50 + i, 1 + i, text, product=f"Mail {i}", possible=20402)
             for i, text in enumerate(texts)]
    view = overview(issue + mails + others(30), [], TODAY, RELEASES)
    held = [c for c in view.clusters if {"k50", "k51", "k52"} <= set(c.reports)]
    assert held and held[0].flagged
    # Listed with the cluster, said of the issue by the cluster's id (lang28).
    assert view.stats[20402].possible == ()
    assert view.stats[20402].possible_clustered == ((held[0].id, 3),)
