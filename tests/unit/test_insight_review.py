"""What a review of session 24's merges reproduced in the pure domain (rules v81;
docs/insight.md, "Session 24: a review's five defects"): a real Wi-Fi regression kept,
outside links keeping no report out of the clusters, a stale release-feed copy setting no
report aside, the report pane's version line agreeing with the counts."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.regressions import (
    FEED_RECENT_DAYS,
    beyond_releases,
    feed_old_said,
    feed_recent,
    regressions,
    unreleased,
)
from hdtui.domain.links import IssueLink
from hdtui.domain.releases import FeedResult, Release, ReleaseState
from hdtui.domain.text import MailText
from hdtui.services.insight import feed_copy_old
from tests.unit.test_insight_new_problems import (
    RELEASES,
    TODAY,
    _history,
    fact,
    others,
    sound,
)

WIFI_CHIP = {"network": ("8086:272b",), "ethernet": ()}  # a "Network controller"
CHIP_REGRESSION = ["Wi-Fi/network chip 8086:272b"]


def _regressed(*texts: str) -> list[str]:
    """The groups of the regressions found when one report per text, each on its own
    laptop with the new Wi-Fi chip, comes on 7.7 beside ``_history``."""
    new = [fact(n, n, text, product=f"Laptop {n}", **WIFI_CHIP)
           for n, text in enumerate(texts)]
    return [r.group for r in regressions(new + _history(), RELEASES, TODAY)]


def test_a_wifi_regression_whose_reports_say_bluetooth_or_a_captive_portal_is_kept() -> None:
    """Six reports on a new Intel Wi-Fi chip, two saying "wifi and bluetooth", two a
    hotel's captive portal, two only "wifi", were no regression (two kinds of problem,
    neither named by more than half); without those words they were one."""
    bluetooth = ("Wifi and bluetooth both stopped working after the upgrade, no adapter.",
                 "Since the upgrade the wifi and the bluetooth are gone, nothing is found.")
    portal = ("The hotel captive portal never loads, the wifi connects and then nothing.",
              "At the hotel the captive portal page does not appear over wifi anymore.")
    wifi = "Wifi does not connect at all since the upgrade, it keeps asking."
    assert _regressed(*bluetooth, *portal, wifi,
                      "The wifi card finds no network since the upgrade.") == CHIP_REGRESSION
    assert _regressed(*[wifi] * 6) == CHIP_REGRESSION
    # Most reports naming kinds that disagree are still several problems.
    assert _regressed(*bluetooth, *portal, "My printer is not detected, I cannot print.",
                      "Orca the screen reader does not speak.") == []
    # Kinds named in one report go together: a combo chip's Bluetooth with the sound of
    # Bluetooth headphones. Three reports say Bluetooth, three the sound (one both) and
    # one the camera: counted apart, those apart from the most named kind are half.
    assert _regressed("My bluetooth headphones connect but there is no sound at all.",
                      "Bluetooth does not find any device since the upgrade.",
                      "Bluetooth pairing fails with every device since the upgrade.",
                      "No sound from the speakers since the upgrade.",
                      "The microphone does not record anything since the upgrade.",
                      "The camera shows only a black picture since the upgrade."
                      ) == CHIP_REGRESSION


def test_an_outside_accounts_links_hide_no_new_problem() -> None:
    """``as_linked`` took every link: an outside account's note citing the 8 sound reports
    took their cluster off the new problems. Only Help Desk links do."""
    facts = sound() + others(30)
    outside = [IssueLink(17759, f.reference, TODAY, outside=True) for f in facts[:8]]
    found = [c for c in overview(facts, outside, TODAY).clusters if "k0" in c.reports]
    assert len(found) == 1 and len(found[0].reports) == 8
    member = [link._replace(outside=False) for link in outside]
    assert not any("k0" in c.reports for c in overview(facts, member, TODAY).clusters)


def test_a_stale_release_feed_copy_sets_no_newer_release_aside() -> None:
    """A copy listing 7.6.2 and 7.7, fetched months ago, made every report on 7.9 or 8.1 "on
    a version no release has, not counted". Only a copy fetched within
    ``FEED_RECENT_DAYS`` judges that; an older one counts them and says it is old."""
    stale = TODAY - timedelta(days=FEED_RECENT_DAYS + 1)
    assert feed_recent(TODAY - timedelta(days=FEED_RECENT_DAYS), TODAY)
    assert not feed_recent(stale, TODAY) and feed_recent(None, TODAY)
    assert beyond_releases("7.9", RELEASES) and beyond_releases("8.1", RELEASES)
    assert not beyond_releases("7.9", RELEASES, recent=False)
    reports = [fact(n, n, likely=(20402,), version=v, product=f"Laptop {n}")
               for n, v in enumerate(("7.9", "8.1", "7.7"))]
    assert len(unreleased(reports, RELEASES)) == 2
    assert unreleased(reports, RELEASES, recent=False) == frozenset()
    assert overview(reports, [], TODAY, RELEASES).stats[20402].label.startswith(
        "0 linked, 1 likely")
    old = overview(reports, [], TODAY, RELEASES, feed_old=True)
    assert old.feed_old and old.stats[20402].label.startswith("0 linked, 3 likely")
    assert "is 46 days old" in feed_old_said(stale, TODAY)
    # The copy's fetch day, from the feeds' saved copy.
    listing = ReleaseState((Release(MailText("7.7"), "2026-11-10", MailText("")),))
    fetched = datetime.combine(stale, time(12), UTC).timestamp()
    assert feed_copy_old(FeedResult(listing, (), {"news": fetched}), TODAY)
    assert not feed_copy_old(FeedResult(listing, (), {"news": fetched + 86400}), TODAY)
    assert not feed_copy_old(FeedResult(ReleaseState(), (), {"news": fetched}), TODAY)
