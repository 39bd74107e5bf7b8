"""Concepts the lexicon reads in more languages and scripts (docs/matching.md, "Session 16:
rank round"): each rule's words, and a mail they bring to its issue."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import issue, mail
from tests.unit.test_fourth_rank_round import PRINTING

GDM = issue(19129, "AMD Radeon HD GPUs: Error starting GDM or black screen",
            "Several AMD Radeon HD GPUs fail with \"Error starting GDM with your graphics card\".")
UNSAFE = issue(20407, "Unsafe Browser is disabled by default and hard to find",
               "Users looking for the Unsafe Browser (captive portals) do not find it: it must "
               "be enabled in the Welcome Screen additional settings.")
PARTIAL = issue(14754, "Partial incremental upgrades leave Tails broken",
                "When an automatic (incremental) upgrade is interrupted or when several are "
                "applied without restarting, the USB stick can be left in a partially upgraded "
                "state.")
WIFI = issue(19112, "Marvell 88W8897 [AVASTAR]: can't connect to Wi-Fi",
             "On Surface devices the Marvell Wi-Fi chip does not connect to Wi-Fi networks.")
TABS = issue(21004, "Tor Browser window too small on HiDPI screens",
             "The Tor Browser window opens too small on HiDPI screens.")
ISSUES = [GDM, UNSAFE, PARTIAL, WIFI, TABS, PRINTING]


def top(subject: str, text: str) -> int:
    """The issue ranked first for a mail among ``ISSUES``."""
    return suggest_issues(mail(subject, text), IssueIndex(ISSUES))[0].issue.iid


def test_tamil_words_are_read_by_their_start() -> None:
    # Tamil glues case endings and tenses to the word: "தொடங்கும்போது" (when starting),
    # "பிழைச்" (error, before "message"); the Indic scripts are matched by their start.
    assert {"start", "error"} <= set(terms("Tails தொடங்கும்போது ஒரு பிழைச் செய்தி வந்தது"))
    assert top("Tails தொடங்கவில்லை",
               "என் கணினியில் Tails தொடங்கும்போது ஒரு பிழைச் செய்தி வந்து நின்றுவிடுகிறது."
               ) == 19129


def test_not_found_in_chinese_and_japanese_is_find() -> None:
    # "見つかりません", "找不到": the user did not find what the issue says users do not find.
    assert "find" in terms("メニューを探しても見つかりませんでした")
    assert "find" in terms("菜单里找不到")
    assert "portal" in terms("キャプティブポータル")
    assert top("ブラウザが見つかりません", "ログインページを開くための別のブラウザがあると"
               "聞きましたが、メニューを探しても見つかりませんでした。") == 20407


def test_an_upgrade_in_three_french_words_and_half_done_is_partial() -> None:
    # "mis à jour" is an upgrade ("mis" alone is "put"); "à moitié", "halb", "a medias",
    # "наполовину" say half done: "partial", the issue's word.
    assert terms("à moitié mis à jour") == ["moitie", "partial", "mis", "jour", "upgrade"]
    assert "partial" in terms("halb aktualisiert") and "partial" in terms("наполовину")
    assert top("Tails à moitié mis à jour", "Tails démarre encore mais c'est bancal.") == 14754


def test_german_compounds_of_an_error_and_grey() -> None:
    # "Fehlermeldung" (error message) starts with the error; "graue" is "grau" declined.
    assert terms("eine graue Fehlermeldung") == ["grey", "error"]


def test_restart_interrupted_and_partial_in_more_languages() -> None:
    # Korean "업그레이드", "재시작"; Chinese "中断", "没有完成"; Spanish "se reinicia".
    assert {"upgrade", "restart", "automatic"} <= set(terms("자동 업그레이드 재시작은"))
    assert {"interrupt", "partial", "upgrade"} <= set(terms("升级中断了，升级没有完成"))
    assert "restart" in terms("se reinicia solo") and "restart" in terms("Tails riavvia")
    assert top("升级中断后Tails坏了", "自动升级的时候网络断了，升级没有完成。") == 14754


def test_swedish_black() -> None:
    assert terms("svart skärm") == ["black", "screen"]


FEATURES = issue(10976, "persistence.conf lost or reset: Persistent Storage features disabled",
                 "Sometimes persistence.conf is emptied or reset, so all the features of the "
                 "Persistent Storage appear turned off.")
UNLOCK = issue(20402, "Persistent Storage unlock fails on computers with 4 GB of RAM",
               "Since 7.x, unlocking the Persistent Storage fails on computers with 4 GB of "
               "RAM or less: Cannot allocate memory.")


def test_switches_and_options_that_are_off_are_features_disabled() -> None:
    # "alle Schalter aus", "alle Optionen sind aus": German "aus" (Dutch "uit") ending a
    # clause is off; switches and options are the Persistent Storage's features.
    assert terms("alle Schalter aus.") == ["alle", "feature", "aus", "disabl"]
    assert "disabl" not in terms("aus dem Menü") and "disabl" in terms("ze staan uit")
    assert {"feature"} == set(terms("Optionen opções opciones opzioni schakelaars"))
    entry = mail("Einstellungen weg", "Nach dem Entsperren des beständigen Speichers sind "
                 "alle Optionen aus.")
    assert suggest_issues(entry, IssueIndex([UNLOCK, FEATURES, *ISSUES]))[0].issue.iid == 10976


def test_a_clause_final_aus_is_off_only_after_a_verb_of_state_or_a_switch() -> None:
    # Clause-final "aus"/"uit" is more often another verb's particle: "sieht so aus" (looks
    # like), "probiere es aus" (try out), "reicht nicht aus" (is not enough), "ziet er
    # raar uit" (looks odd); none of them says that anything is off.
    for text in ("Die Fehlermeldung sieht so aus:", "Es sieht so aus, als ob es hängt.",
                 "Ich probiere es morgen aus.", "Es reicht nicht aus.",
                 "Het scherm ziet er raar uit."):
        assert "disabl" not in terms(text), text
    assert "disabl" in terms("Persistent Storage ist komplett aus.")
    assert "disabl" in terms("ze staan allemaal uit")


def test_half_an_hour_is_not_a_half_done_upgrade() -> None:
    assert "partial" not in terms("nach einer halben Stunde") + terms("yarım saat sonra")
    assert "partial" in terms("güncelleme yarım kaldı") and "partial" in terms("halb fertig")


def test_a_conjuncts_zero_width_joiner_keeps_the_word_whole() -> None:
    # Sinhala writes some conjuncts with U+200D: typed or not, the same one word.
    assert terms("ක්\u200dරියා") == terms("ක්රියා") == ["ක්රියා"]


def test_core_words_of_galician_icelandic_swedish_urdu_and_hebrew() -> None:
    # Session 16, second rank round: words the lexicon lacked in these languages.
    assert terms("O contrasinal de administración") == ["password", "administration"]
    assert terms("pantalla de benvida") == ["screen", "welcome"]
    assert terms("tengdist þráðlausu neti")[1] == "wifi"
    assert {"login", "white", "blank"} <= set(terms("inloggning helt vitt, tomma ruta"))
    assert {"grey", "graphic", "card"} <= set(terms("سرمئی اسکرین گرافکس کارڈ"))
    assert terms("האחסון הקבוע")[-1] == "persistent"
    assert "lost" in terms("הסימניות נעלמו")


def test_a_machine_that_stops_answering_has_frozen() -> None:
    # Swedish, Norwegian and Icelandic say the machine stops answering.
    for text in ("datorn slutar svara", "maskinen slutter å svare", "hættir allt að\nsvara"):
        assert "freeze" in terms(text), text
    assert "freeze" not in terms("jag kan inte svara")


def test_a_screen_that_goes_dark_is_black_and_a_bad_connection_slow() -> None:
    # Session 16, second rank round.
    assert "black" in terms("the monitor just goes dark and says no signal")
    assert "black" not in terms("I use the dark mode")
    assert "slow" in terms("Internet here is bad.")
    assert "slow" in terms("over a poor connection")
    assert "slow" not in terms("the connection is fine, the screen is bad")
