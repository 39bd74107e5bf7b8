"""The second rank round of session 17 (docs/matching.md, "Session 17: second rank round"):
words of the issues the lexicon did not read, and the graphics card named only as the
machine's hardware."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import matching_set_index, report

UHD630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-H GT2 "
          "[UHD Graphics 630] [8086:3e9b]")
GTX1650 = ("01:00.0 3D controller [0302]: NVIDIA Corporation TU117M [GeForce GTX 1650 "
           "Mobile / Max-Q] [10de:1f91] (rev a1)")


def test_a_freeze_in_chinese_and_japanese() -> None:
    # "卡死" (stuck dead) and "固まる" (sets hard): how Chinese and Japanese users say the
    # machine froze.
    assert terms("用几分钟就卡死") == ["freeze"]
    assert terms("数分で固まる") == ["freeze"]
    assert terms("画面が固まり") == ["screen", "freeze"]


def test_a_black_screen_in_european_portuguese() -> None:
    assert terms("ecrã preto") == ["screen", "black"]
    assert terms("o monitor fica preto") == ["monitor", "fica", "black"]


def test_error_in_kyrgyz_as_whole_words() -> None:
    assert terms("ката жазылат") == ["error", "жазылат"]
    # Kyrgyz "боз" (grey) is Tajik "again" and "open": no concept.
    assert "grey" not in terms("Лутфан боз як бор кӯшиш кунед")
    # As prefixes they would take other words: "катар" (a row, "as"), "бозор" (a market).
    assert "error" not in terms("катары") and "grey" not in terms("бозор")
    # Nor by a Russian stem: "катаю" (I roll), "бозы".
    assert "error" not in terms("катаю") and "grey" not in terms("бозы")


def test_the_dutch_participle_of_updaten_and_half_done() -> None:
    assert "upgrade" in terms("Tails geüpdatet") and "upgrade" in terms("bijgewerkt")
    assert "partial" in terms("Tails half geüpdatet?")
    assert "partial" in terms("it is half-upgraded now")
    assert "partial" not in terms("een half uur")


def test_restarting_in_uzbek_and_in_dutch_split_verbs() -> None:
    for text in ("qayta yoqmasdan ikkinchisini ham o'rnatdim", "qayta ishga tushirmadim",
                 "zonder opnieuw op te starten", "ik heb hem opnieuw opgestart",
                 "opnieuw opstarten"):
        assert "restart" in terms(text), text
    assert "restart" not in terms("qayta urinib ko'rdim")  # tried again
    assert "restart" not in terms("ik heb het opnieuw geprobeerd")


def test_not_found_in_malay_and_indonesian() -> None:
    for text in ("Tak jumpa pelayar", "tidak dijumpai dalam menu", "tidak ditemukan",
                 "saya tidak ketemu"):
        assert "find" in terms(text), text
    assert "find" not in terms("jumpa lagi")  # see you again


def test_in_the_middle_of_an_upgrade_is_interrupted() -> None:
    assert "interrupt" in terms("The battery died in the middle of the update.")
    assert "interrupt" in terms("in the middle of the automatic upgrade")
    assert "interrupt" not in terms("a window in the middle of the screen")


def test_a_graphics_card_named_as_hardware_does_not_back_an_issue_of_the_chip() -> None:
    # A freeze in words the lexicon does not read (the system "has no reaction", the mouse
    # does not move), on an XPS 15 7590 (UHD 630 and GTX 1650): the user names the
    # graphics card only to say which machine it is ("the version with the discrete
    # graphics card"). The UHD 630's tearing issue names Tor as the user does, but the chip
    # that backs it is no evidence of what fails (untuned26's report, before the lexicon
    # read its "卡死"): never confident. Since "Session 23: the machine's other graphics
    # chip" it no longer ranks first either: the machine's own issue does.
    index = matching_set_index()
    entry = report("戴尔笔记本用几分钟就不行了",
                   "开机以后一切正常，可以连上Tor。但是大概五分钟以后整个系统就没有反应了，"
                   "鼠标不动，键盘也没用。这台电脑是独立显卡的版本。",
                   product="XPS 15 7590", maker="Dell Inc.", lspci=(UHD630, GTX1650))
    ranked = suggest_issues(entry, index)
    assert ranked[0].issue.iid == 19123
    assert not any(m.confident for m in ranked if m.issue.iid == 21160)
    # Saying what the chip shows wrong still makes it evidence.
    entry = report("tearing when scrolling",
                   "When scrolling in Tor Browser the screen shows tearing, on the "
                   "discrete graphics card version.",
                   product="XPS 15 7590", maker="Dell Inc.", lspci=(UHD630, GTX1650))
    top = suggest_issues(entry, index)[0]
    assert top.issue.iid == 21160 and top.confident
