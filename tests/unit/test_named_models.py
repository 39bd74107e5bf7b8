"""A model named by its line and a small number ("Surface Laptop 3") is the machine's
product as its issue's title names it; the machine's model that one issue only names, with
the part that issue's title says fails named by the user, makes that issue confident; a
question about the pen is no report of the keyboard (docs/matching.md, "Session 28: rules
v98 (rank49)")."""

from __future__ import annotations

import json
from pathlib import Path

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.signals import named_models
from hdtui.tracker.static import issue_from_rest
from tests.unit.matching_support import matching_set_index, report, set_message

DEMO_ISSUES = Path(__file__).resolve().parents[2] / "hdtui" / "demo" / "known_issues.json"


def demo_index() -> IssueIndex:
    """The demo's 61 known issues: fewer than the matching set's, so that a model one issue
    names weighs less there, as in a small tracker."""
    known = json.loads(DEMO_ISSUES.read_text(encoding="utf-8"))
    return IssueIndex([issue_from_rest(obj) for obj in known])

SURFACE_LSPCI = (
    "00:02.0 VGA compatible controller [0300]: Intel Corporation Iris Plus Graphics G7 "
    "[8086:8a52] (rev 07)",
    "00:14.3 Network controller [0280]: Intel Corporation Ice Lake-LP PCH CNVi WiFi "
    "[8086:34f0] (rev 30)")
MAC_LSPCI = (
    "00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-U GT3e "
    "[Iris Plus Graphics 655] [8086:3ea5] (rev 01)",
    "02:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM4364 802.11ac "
    "Wireless Network Adapter [14e4:4464] (rev 04)")


def test_a_line_and_a_small_number_name_a_model() -> None:
    assert named_models("Microsoft Surface Laptop 3 and 4: keyboard and touchpad") == {
        "surface-laptop-3", "surface-laptop-4"}
    assert named_models("Microsoft Corporation Surface Go 2") == {"surface-go-2"}
    assert named_models("Lenovo IdeaPad 3: touchpad doesn't work") == {"ideapad-3"}
    # The longer number is the model; "Surface" is a line only after its maker; a Mac is
    # told by its identifier.
    assert named_models("Dell XPS 13 9343: no sound") == frozenset()
    assert named_models("Lenovo IdeaPad 3 15ADA05") == frozenset()
    assert named_models("the surface laptop 3") == frozenset()
    assert named_models("MacBook Pro 13 of 2017") == frozenset()


def test_the_surface_laptop_s_keyboard_is_likely_for_its_issue() -> None:
    """On rules v97 #19110 was first, 28 points to 10, yet only possible: no key of the
    machine backed it."""
    entry = report("keyboard doesn't work Surface Laptop",
                   "The keyboard and the touchpad of my Surface Laptop 3 do not work. I use "
                   "an external keyboard from the dock.", product="Surface Laptop 3",
                   maker="Microsoft Corporation", lspci=SURFACE_LSPCI)
    [top, *_] = suggest_issues(entry, matching_set_index())
    assert top.issue.iid == 19110 and top.confident
    assert "product Surface Laptop 3" in top.signals


def test_a_question_about_the_surface_pen_is_not_likely_for_the_keyboard() -> None:
    """untuned33's mail asks whether the Surface Pen works, "keyboard and touchpad work",
    with the machine pasted: the model backs #19110, the title names the pen, a part the
    issue never names (``_model_titled_otherwise``); without the pen among the titled
    parts it was confident."""
    entry = set_message("labels_untuned33.json", "u33-surfacepen-paste-en")
    matches = suggest_issues(entry, matching_set_index())
    assert matches[0].issue.iid == 19110 and not matches[0].confident


def test_the_mac_model_its_issue_lists_and_the_keyboard_make_it_likely() -> None:
    """On rules v97, among the demo's issues, #13576 was first at 15.0 and only possible,
    though it lists the machine's MacBookPro15,2 (among the matching set's 378 the model
    weighs more and it was likely already)."""
    entry = report("cant type anything",
                   "cant type anything and mouse dont move. using other keyboard now",
                   product="MacBookPro15,2", maker="Apple Inc.", lspci=MAC_LSPCI)
    for index in (demo_index(), matching_set_index()):
        [top, *_] = suggest_issues(entry, index)
        assert top.issue.iid == 13576 and top.confident


def test_the_mac_model_without_its_issue_s_part_stays_possible() -> None:
    """The same Mac, a problem of sound: the model's issue is not made likely by the
    model alone."""
    entry = report("no sound", "no sound from the speakers in Tor Browser videos",
                   product="MacBookPro15,2", maker="Apple Inc.", lspci=MAC_LSPCI)
    for index in (demo_index(), matching_set_index()):
        matches = suggest_issues(entry, index)
        assert not any(m.issue.iid == 13576 and m.confident for m in matches)
