"""An issue whose title names a Mac's model line anywhere ("Switchable graphics MacBook Pro
(6,2 / 10,1 / 15\" early 2011): black screen") is about Macs: on a machine whose maker the
report gives, and not Apple, it ranks as another maker's issue does (docs/matching.md,
"Session 25: a Mac's issue needs a Mac")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.signals import machine_makers
from tests.unit.matching_support import matching_set_index, report

INTEL_IVY = ("00:02.0 VGA compatible controller [0300]: Intel Corporation Xeon E3-1200 v2/3rd "
             "Gen Core processor Graphics Controller [8086:0162] (rev 09)")
HD7850 = ("01:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
          "Pitcairn PRO [Radeon HD 7850 / R7 265 / R9 270 1024SP] [1002:6819]")


def test_a_model_lines_name_in_a_title_names_its_maker() -> None:
    title = 'Switchable graphics MacBook Pro (6,2 / 10,1 / 15" early 2011): black screen'
    assert machine_makers(title, leading=True) == {"apple"}
    # A Mac in passing, or a maker's own name out of the lead, still names no machine.
    assert machine_makers("Drive formatted on a Mac is not detected", leading=True) == set()
    assert machine_makers("Keyboard fails on some Acer laptops", leading=True) == set()


def ranking(maker: str, product: str) -> list[int]:
    entry = report("Bildschirm bleibt schwarz nach dem Startmenü",
                   "Nach dem Auswählen von Tails wird der Bildschirm schwarz, kein Signal.",
                   maker=maker, product=product, lspci=(INTEL_IVY, HD7850))
    return [m.issue.iid for m in suggest_issues(entry, matching_set_index())]


def test_the_amd_cards_issue_wins_over_a_macs_on_a_dell_desktop() -> None:
    # On v85 the MacBook Pro's #19134 was first on "several GPUs" and "black screen".
    ranked = ranking("Dell Inc.", "XPS 8500")
    assert ranked[0] == 19129, ranked


def test_a_mac_keeps_its_issue() -> None:
    ranked = ranking("Apple Inc.", "MacBookPro10,1")
    assert ranked[0] == 19134, ranked
