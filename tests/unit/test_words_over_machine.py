"""An issue that only the machine backs (its network or graphics chip by id, its product,
its journal's lines of the chip) is placed under the issue the user's title names, when
that title says nothing of the network, the screen or the chip's issue: the chip is in
every report of the machine, the title is the user's question (docs/matching.md,
"Session 25: the user's words over the machine's chip")."""

from __future__ import annotations

import json
from pathlib import Path

from hdtui.domain.matching import Match, suggest_issues
from hdtui.domain.terms import terms
from hdtui.services.reading import Reader
from hdtui.sources.parse import parse_message
from tests.unit.matching_support import matching_set_index, report

MATCHING = Path(__file__).resolve().parents[1] / "data" / "matching"
TIGERLAKE = ("00:02.0 VGA compatible controller [0300]: Intel Corporation TigerLake-LP GT2 "
             "[Iris Xe Graphics] [8086:9a49] (rev 01)")

# The default machine of ``report``: an HP 250 G5 whose Realtek RTL8723BE has #19113.
PERSISTENCE = ("It unlocks without an error, but every option (documents, Wi-Fi, "
               "Thunderbird) is disabled again. The Persistent folder is empty.")
BLUETOOTH = ("No Bluetooth in the settings. My wireless earbuds work with the phone. How do "
             "I turn it on?")


def ranked(title: str, words: str) -> list[Match]:
    return suggest_issues(report(title, words), matching_set_index())


def test_a_persistence_title_outranks_the_wifi_chips_issue() -> None:
    # On v84 #19113 (RTL8723BE) was first on the machine's chip and the body's "Wi-Fi".
    matches = ranked("Persistent Storage settings lost", PERSISTENCE)
    ranking = [m.issue.iid for m in matches]
    assert ranking[:2] == [10976, 19113], ranking
    assert not matches[0].confident and not matches[1].confident


def test_a_bluetooth_title_outranks_the_wifi_chips_issue() -> None:
    # On v84: #19113 31.4 (the chip and "wireless"), #19137 12.4.
    matches = ranked("Bluetooth missing", BLUETOOTH)
    ranking = [m.issue.iid for m in matches]
    assert ranking[:2] == [19137, 19113], ranking


def test_a_title_that_it_does_not_start_keeps_the_graphics_chips_issue() -> None:
    # "Tor Browser OS" is Tails misnamed; a start that fails is where a graphics chip's
    # failure shows: #19126 (TigerLake's GDM error) stays first, over #21004 (fails
    # without WHEN_SHOWN among the chip's words).
    entry = report("Tor Browser OS does not start", "After the menu a grey screen with a sad "
                   "face.", product="Vostro 3400", maker="Dell Inc.", lspci=(TIGERLAKE,))
    assert suggest_issues(entry, matching_set_index())[0].issue.iid == 19126


def test_a_title_of_the_network_keeps_another_chips_issue_first() -> None:
    # untuned2's Lenovo G50 (Bay Trail graphics, RTL8723BE), titled in French "aucun
    # network": #19128 (Bay Trail) stays over #21008, whose title only shares "network"
    # (fails without the network's words among the machine's).
    info = json.loads((MATCHING / "labels_untuned2.json").read_text(encoding="utf-8"))
    name = "v2-fr-g50-wifi-vide"
    reader = Reader(None, None, ())  # type: ignore[arg-type]  # plain messages only
    entry = reader.understand(parse_message((MATCHING / info[name]["file"]).read_bytes(), name))
    ranking = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    assert ranking[:2] == [19128, 19113], ranking


def test_suspending_in_portuguese_spanish_and_french_is_read() -> None:
    assert terms("suspender suspendre") == ["suspend"] * 2
    # "compte suspendu", "cuenta suspendida": an account, in phishing mail, not the machine.
    assert "suspend" not in terms("suspendu suspendido")


def test_a_title_of_waking_up_keeps_the_graphics_chips_issue() -> None:
    # A keyboard that stops after the machine slept: waking up is when a graphics chip's
    # failure shows, so #19126 is not moved under the keyboard issue #17955 (it was, with
    # "suspender" unread: on the insight set, a Portuguese report whose top became #17955
    # taught that issue words that made a Swahili report's wrong claim "likely").
    entry = report("Teclado USB para depois de suspender", "Depois de suspender o computador, "
                   "o teclado USB não funciona mais.", product="Latitude 5420",
                   maker="Dell Inc.", lspci=(TIGERLAKE,))
    assert suggest_issues(entry, matching_set_index())[0].issue.iid == 19126


LEGION_WIFI = ("00:14.3 Network controller [0280]: Intel Corporation Cannon Lake PCH CNVi WiFi "
               "[8086:a370] (rev 10)")
LEGION_JOURNAL = ("NetworkManager[1102]: <info>  [TS] manager: rfkill: Wi-Fi hardware radio set "
                  "disabled",)


def test_a_bluetooth_title_outranks_the_models_wifi_issue() -> None:
    # untuned48's Legion Y530, in Turkish: #19116 (its model and its journal's "radio set
    # disabled", no chip id of the issue) was first at 50.7 and #19137 second at 12.4
    # on v93: the model is in every report of the machine, the title is the question.
    entry = report("Bluetooth does not turn on, no headphones found",
                   "In the settings the Bluetooth switch does nothing. My headphones work "
                   "with Windows.", product="81FV", maker="LENOVO", lspci=(LEGION_WIFI,),
                   journal=LEGION_JOURNAL)
    matches = suggest_issues(entry, matching_set_index())
    ranking = [m.issue.iid for m in matches]
    assert ranking[:2] == [19137, 19116], ranking
    assert not matches[0].confident and not matches[1].confident


def test_a_wifi_title_keeps_the_models_wifi_issue_first() -> None:
    # The same machine titled with the network: the model's issue stays first.
    entry = report("Wi-Fi does not work", "No wireless networks are listed, only Bluetooth "
                   "shows in the settings.", product="81FV", maker="LENOVO",
                   lspci=(LEGION_WIFI,), journal=LEGION_JOURNAL)
    assert suggest_issues(entry, matching_set_index())[0].issue.iid == 19116


RAVEN2 = ("03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] "
          "Picasso/Raven 2 [Radeon Vega Series / Radeon Vega Mobile Series] [1002:15d8] "
          "(rev c2)")


def test_a_mouse_title_keeps_the_models_touchpad_issue_first() -> None:
    # untuned16's IdeaPad 3 15ADA05 in Spanish: "the laptop's mouse does not move" is the
    # touchpad of #19118 (its model), not #21171's mouse pointer (fails when the parts of
    # the top's own title are not among the machine's words).
    entry = report("el ratón del portátil no se mueve",
                   "La flecha no se mueve con el panel táctil, solo funciona si conecto un "
                   "ratón USB. El teclado sí funciona.", product="IdeaPad 3 15ADA05",
                   maker="LENOVO", lspci=(RAVEN2,), version="7.7", journal=(
                       "kernel: i2c_hid_acpi i2c-MSFT0001:00: failed to reset device: -61",))
    assert suggest_issues(entry, matching_set_index())[0].issue.iid == 19118
