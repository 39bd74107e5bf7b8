"""What a review of session 24's merges reproduced in the pure domain (rules v81;
docs/insight.md, "Session 24: a review's five defects"): a real Wi-Fi regression kept,
outside links keeping no report out of the clusters, a stale release-feed copy setting no
report aside, the report pane's version line agreeing with the counts."""

from __future__ import annotations

from hdtui.domain.insight.overview import overview
from hdtui.domain.insight.regressions import regressions
from hdtui.domain.links import IssueLink
from tests.unit.test_insight_new_problems import (
    RELEASES,
    TODAY,
    _history,
    fact,
    others,
    sound,
)

WIFI_CHIP = {"network": ("8086:272b",)}


def test_a_wifi_regression_whose_reports_say_bluetooth_or_a_captive_portal_is_kept() -> None:
    """Six reports on a new Intel Wi-Fi chip, two saying "wifi and bluetooth", two a
    hotel's captive portal, two only "wifi", were no regression (two kinds of problem,
    neither named by more than half); without those words they were one."""
    texts = ["Wifi and bluetooth both stopped working after the upgrade, no adapter.",
             "Since the upgrade the wifi and the bluetooth are gone, nothing is found.",
             "The hotel captive portal never loads, the wifi connects and then nothing.",
             "At the hotel the captive portal page does not appear over wifi anymore.",
             "Wifi does not connect at all since the upgrade, it keeps asking.",
             "The wifi card finds no network since the upgrade to the new version."]
    new = [fact(n, n, text, product=f"Laptop {n}", **WIFI_CHIP)
           for n, text in enumerate(texts)]
    found = regressions(new + _history(), RELEASES, TODAY)
    assert [r.group for r in found] == ["Wi-Fi/network chip 8086:272b"]
    plain = [fact(n, n, "Wifi does not connect at all since the upgrade, it keeps asking.",
                  product=f"Laptop {n}", **WIFI_CHIP) for n in range(6)]
    assert [r.group for r in regressions(plain + _history(), RELEASES, TODAY)] == [
        "Wi-Fi/network chip 8086:272b"]
    # Most reports naming kinds that disagree are still several problems.
    several = [*new[:2], *new[2:4],
               fact(6, 6, "My printer is not detected, I cannot print.", product="Laptop 6",
                    **WIFI_CHIP),
               fact(7, 7, "Orca the screen reader does not speak.", product="Laptop 7",
                    **WIFI_CHIP)]
    assert regressions(several + _history(), RELEASES, TODAY) == []


def test_an_outside_accounts_links_hide_no_new_problem() -> None:
    """``as_linked`` took every link: an outside account's note citing the 8 sound reports
    took their cluster off the new problems. Only Help Desk links do."""
    facts = sound() + others(30)
    outside = [IssueLink(17759, f.reference, TODAY, outside=True) for f in facts[:8]]
    found = [c for c in overview(facts, outside, TODAY).clusters if "k0" in c.reports]
    assert len(found) == 1 and len(found[0].reports) == 8
    member = [link._replace(outside=False) for link in outside]
    assert not any("k0" in c.reports for c in overview(facts, member, TODAY).clusters)
