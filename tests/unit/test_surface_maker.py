"""A Surface's DMI says "Microsoft Corporation" and "Surface Laptop 4": Microsoft is the
machine's maker and Surface its line, so the issues of other makers' machines (a MacBook
Pro's keyboard) rank as such; Microsoft in a user's words (an Outlook account) names no
machine (docs/matching.md, "Session 27: the Surface's maker")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.signals import machine_lines, machine_makers
from tests.unit.matching_support import matching_set_index, set_message


def test_the_company_word_does_not_part_maker_and_line() -> None:
    assert machine_lines("Microsoft Corporation Surface Laptop 4") == {"surface"}
    assert machine_makers("Microsoft Corporation Surface Laptop 4") == {"microsoft"}
    assert machine_lines("the surface of the screen") == frozenset()


def test_surface_reports_and_a_microsoft_account() -> None:
    index = matching_set_index()
    for labels, name, label in (
            ("labels_untuned39.json", "u39-surface4-kbd-en", 19110),  # second on v92
            ("labels_untuned35.json", "u35-oauth-es", 20404)):  # Outlook: not a machine
        iids = [m.issue.iid for m in suggest_issues(set_message(labels, name), index)]
        assert iids[0] == label, (name, iids)
