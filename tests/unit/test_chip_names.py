"""Network chips named by what the report's lspci says they are (session 26): a wired
Realtek RTL8111/8168 (10ec:8168, an "Ethernet controller") was a "Wi-Fi/network chip" in
regressions and clusters; facts saved before the class was kept say "network chip"
(docs/insight.md, "Session 26: chips named by their class")."""

from __future__ import annotations

import json
from dataclasses import replace

from hdtui.domain.facts_codec import decode_rows, encode, facts_of
from hdtui.domain.insight.facts import ReportFacts, network_chip_name, network_chips_named
from hdtui.domain.insight.overview import overview
from hdtui.domain.signal_text import read_signal
from hdtui.domain.weekly import _hardware_lines
from tests.unit.test_insight import machine_on_7_7
from tests.unit.test_insight_new_problems import RELEASES, TODAY, fact
from tests.unit.test_insight_walk25 import walk_queue

RTL8168 = ("07:00.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. "
           "RTL8111/8168/8411 PCI Express Gigabit Ethernet Controller [10ec:8168] (rev 10)")
AX200 = ("03:00.0 Network controller [0280]: Intel Corporation Wi-Fi 6 AX200 [8086:2723] "
         "(rev 1a)")


def test_the_facts_keep_which_network_chips_are_wired() -> None:
    facts = machine_on_7_7(1, "The wired connection drops.", "MSI", "B450",
                           [RTL8168, AX200], [])
    assert facts.network == ("10ec:8168", "8086:2723")
    assert facts.ethernet == ("10ec:8168",)
    assert network_chip_name("10ec:8168", [facts]) == "Ethernet chip"
    assert network_chip_name("8086:2723", [facts]) == "Wi-Fi/network chip"
    # Saved and read back, the class stays.
    assert facts_of(json.loads(encode(facts))).ethernet == ("10ec:8168",)
    (read,) = decode_rows([encode(facts)])
    assert read is not None and read.ethernet == ("10ec:8168",)
    # A page of rows, each field a column: the chips' tuples shared, a damaged one refused.
    wifi_only = replace(facts, network=("8086:2723",), ethernet=())
    saved = json.loads(encode(facts))
    damaged = json.dumps([*saved[:-2], [5], saved[-1]])  # ethernet, before working
    found = decode_rows([encode(facts), encode(wifi_only), encode(facts), damaged])
    assert found[:3] == [facts, wifi_only, facts] and found[3] is None
    assert found[0] is not None and found[2] is not None
    assert found[0].ethernet is found[2].ethernet


def test_facts_saved_before_the_class_was_kept_say_network_chip() -> None:
    """A row of the layout before ``ethernet`` (no ``ethernet`` nor the later ``working``:
    two values shorter) reads as not known, and its chips are a "network chip", never a
    wrong "Wi-Fi"."""
    facts = machine_on_7_7(2, "The wired connection drops.", "MSI", "B450", [RTL8168], [])
    before = json.dumps(json.loads(encode(facts))[:-2])
    for read in (facts_of(json.loads(before)), decode_rows([before, before])[0]):
        assert read is not None and read.network == ("10ec:8168",) and read.ethernet is None
        assert network_chip_name("10ec:8168", [read]) == "network chip"
    # Another report of the same chip, counted since, knows its class.
    assert network_chip_name("10ec:8168", [replace(facts, ethernet=None), facts]) == \
        "Ethernet chip"
    assert network_chips_named("same Wi-Fi/network chip 10ec:8168",
                               [replace(facts, ethernet=None)]) == "same network chip 10ec:8168"


def wired_desktops(ethernet: tuple[str, ...] | None) -> list[ReportFacts]:
    """Six desktops whose wired Ethernet (10ec:8125, also Wi-Fi 8086:2723) stopped on 7.7,
    beside the walk's queue (its history of 7.6.2 reports before 7.7)."""
    texts = ["The ethernet cable is not detected since the upgrade, no wired network.",
             "Since the upgrade the wired connection is gone, the ethernet port is dead.",
             "No ethernet at all since the upgrade, the cable shows unplugged.",
             "The wired network never connects since the upgrade.",
             "Ethernet stopped working after the upgrade, the link light is on.",
             "After updating the ethernet connection is missing from the menu."]
    desktop = {"product": "MSI B450", "gpus": ("10de:1c82",),
               "network": ("10ec:8125", "8086:2723"), "ethernet": ethernet}
    return walk_queue() + [fact(900 + i, i, text, **desktop) for i, text in enumerate(texts)]


def test_a_regression_of_a_wired_chip_is_an_ethernet_chips() -> None:
    (found,) = overview(wired_desktops(("10ec:8125",)), [], TODAY, RELEASES).regressions
    assert found.count_new == 6
    assert found.group.startswith("Ethernet chip 10ec:8125"), found.group
    assert "Wi-Fi/network chip 8086:2723" in found.group
    # Counted before the class was kept: neither called Wi-Fi.
    (old,) = overview(wired_desktops(None), [], TODAY, RELEASES).regressions
    assert old.group.startswith("network chip 10ec:8125"), old.group
    assert "Wi-Fi" not in old.group


def test_a_cluster_of_a_wired_chip_says_so_and_its_signal_reads_back() -> None:
    both = [fact(n, n, network=("10ec:8168",), ethernet=("10ec:8168",), product=f"M{n}",
                 lines=("kernel r8169 # link down", "kernel r8169 # rtl_rxtx_empty_cond"),
                 words=frozenset({f"own{n}"})) for n in (1, 2)]
    (cluster,) = overview(both, [], TODAY).clusters
    assert cluster.label == "same Ethernet chip 10ec:8168"
    read = read_signal(cluster.label)
    assert read is not None and (read.kind, read.value) == ("Ethernet chip", "10ec:8168")


def test_the_weekly_hardware_lines_list_wired_chips_apart() -> None:
    wired = machine_on_7_7(1, "The wired connection drops.", "MSI", "B450",
                           [RTL8168, AX200], [])
    unknown = replace(wired, ethernet=None)  # saved before the class was kept
    lines = _hardware_lines([wired, unknown])
    assert "- Wi-Fi and network chips: `8086:2723` 2, `10ec:8168` 1" in lines
    assert "- Ethernet chips: `10ec:8168` 1" in lines
    assert not any(line.startswith("- Ethernet") for line in _hardware_lines([unknown]))
