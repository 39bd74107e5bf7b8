"""A screen that shows nothing, said without "black" ("no picture", "nothing on the
monitor", "kein Bild"), is read as the screen's failure: "screen" is added
(docs/matching.md, "Session 25: no picture is the screen's")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import term_words
from tests.unit.matching_support import mail, matching_set_index
from tests.unit.test_mac_issue_needs_mac import HD7850, INTEL_IVY


def read(text: str) -> list[str]:
    return [term for term, _ in term_words(text)]


def test_a_screen_showing_nothing_reads_as_the_screens() -> None:
    for text in ("still no picture", "nothing on the monitor", "kein Bild",
                 "pas d'image", "sin imagen", "geen beeld"):
        assert "screen" in read(text), text
    assert "screen" not in read("no pictures were saved")


def test_a_pasted_desktop_with_no_picture_meets_its_cards_issue() -> None:
    entry = mail("Re: no picture",
                 "Still no picture on the monitor once I pick Tails. Here is what you "
                 f"asked for:\n\n{INTEL_IVY}\n{HD7850}\n")
    ranked = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    # On v85 #21181 (an R7 240's HDMI monitor, on "monitor") was first, #19129 second.
    assert ranked[0] == 19129, ranked
