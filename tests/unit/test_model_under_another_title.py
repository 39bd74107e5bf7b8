"""An issue the machine's model (its product name) alone backs is not confident when the
user's title names a part that fails and no word of the issue's: a grey screen on an HP
255 G7 is not that machine's USB-C dock issue (docs/matching.md, "Session 25: the
machine's issue under a title of another part")."""

from __future__ import annotations

from hdtui.domain.matching import Match, suggest_issues
from tests.unit.matching_support import matching_set_index, report

# Turkish (untuned41's message): text scrolls on a black screen, then a grey screen with a
# sad face and an error in English; "HP 255 G7 laptop with a Ryzen 5"; the steps boot from
# USB; "the Wi-Fi is fine".
WORDS = ("Menüden Tails'i seçince bir süre siyah ekranda yazılar akıyor, sonra gri bir "
         "ekran geliyor, ortada üzgün bir yüz ve İngilizce bir hata. Dizüstü HP 255 G7, "
         "içinde Ryzen 5 var. Kablosuz ağda sorun yok. aç > F9 > USB > Tails > gri ekran")


def ranked(title: str, words: str = WORDS) -> list[Match]:
    entry = report(title, words, product="HP 255 G7 Notebook PC", lspci=())
    return suggest_issues(entry, matching_set_index())


def test_the_models_issue_is_not_confident_under_a_title_of_the_screen() -> None:
    # On v87 #21230 (HP 255 G7: USB-C dock not recognized) was first and confident.
    matches = ranked("gri ekranda kalıyor, masaüstü gelmiyor")
    assert matches[0].issue.iid == 21230, [m.issue.iid for m in matches]
    assert not matches[0].confident


def test_a_title_of_the_models_own_problem_keeps_it_confident() -> None:
    matches = ranked("USB-C dock not recognized",
                     "The screens and the Ethernet of my USB-C dock are not detected.")
    assert matches[0].issue.iid == 21230 and matches[0].confident


def test_a_freeze_is_named_by_an_issue_whose_machine_stops() -> None:
    # #19107 says the MacBook Air "stops during startup": a title of a freeze (Russian,
    # untuned22) is its.
    entry = report("MacBook Air 2019 зависает при загрузке",  # freezes at boot
                   "The boot stops on a black screen with text and nothing happens.",
                   product="MacBookAir8,2", maker="Apple Inc.", lspci=())
    matches = suggest_issues(entry, matching_set_index())
    assert matches[0].issue.iid == 19107 and matches[0].confident, matches[:2]
