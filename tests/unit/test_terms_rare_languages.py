"""Words of the known issues in languages the labelled sets had barely used, the numeric
keypad and turned photos (docs/matching.md, "Session 17: rank round"): each rule's words,
and reports they bring to their issue."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import normalise, terms
from tests.unit.matching_support import issue, mail

NUMLOCK = issue(22201, "Welcome Screen: Num Lock is off, digits typed on the numeric keypad "
                "are lost and the Persistent Storage passphrase is refused",
                "The Welcome Screen always starts with Num Lock off. Digits typed on the "
                "keypad then do nothing, so a passphrase with digits typed there is refused: "
                "\"Cannot unlock encrypted storage with this passphrase.\"")
LAYOUT = issue(21416, "Persistent Storage passphrase refused when the Welcome Screen "
               "keyboard layout differs from the one it was typed with",
               "A passphrase created while another keyboard layout was active produces other "
               "characters, and the Welcome Screen says \"Cannot unlock encrypted storage "
               "with this passphrase.\" although the user types the same keys as always.")
ROTATED = issue(22302, "Metadata Cleaner: cleaned photos are shown sideways or upside down, "
                "the EXIF orientation is removed",
                "Metadata Cleaner removes every EXIF tag without turning the pixels, so a "
                "cleaned portrait photo is shown lying on its side: pixels not rotated.")
PDF = issue(21076, "Metadata Cleaner cannot clean some PDF files",
            "Metadata Cleaner fails on some PDF files.")
ISSUES = [NUMLOCK, LAYOUT, ROTATED, PDF]


def top(subject: str, text: str) -> int:
    """The issue ranked first for a mail among ``ISSUES``."""
    return suggest_issues(mail(subject, text), IssueIndex(ISSUES))[0].issue.iid


def test_whole_words_of_swahili_hausa_yoruba_uzbek_and_lithuanian() -> None:
    assert {"password", "upgrade", "wifi", "printer"} <= set(
        terms("nywila haifanyi kazi baada ya kusasishwa; pasiwaya; kichapishi"))
    assert {"keyboard", "error", "upgrade"} <= set(terms("madannai kuskure sabuntawa"))
    assert {"black", "white", "error", "internet"} <= set(
        terms("dúdú funfun àṣìṣe ayélujára"))
    assert {"wifi", "network"} <= set(terms("simsiz tarmoq"))
    assert {"start", "white"} <= set(terms("kompyuta haiwaki; oq ekran"))


def test_words_of_kyrgyz_tajik_belarusian_macedonian_sinhala_tigrinya_by_their_start(
        ) -> None:
    assert {"password", "network", "upgrade"} <= set(terms("сырсөзүм тармакка жаңыртуудан"))
    assert {"black", "error", "upgrade"} <= set(terms("экрани сиёҳ, хатогӣ пас аз навсозӣ"))
    assert {"restart", "upgrade", "wifi"} <= set(
        terms("перазагрузка пасля абнаўлення, бесправадная сетка"))
    assert {"language", "network", "printer"} <= set(terms("јазикот мрежата печатачот"))
    assert {"screen", "black", "password", "upgrade"} <= set(
        terms("තිරයේ කළු, මුරපදය, යාවත්කාලීන"))
    assert {"black", "error", "password", "upgrade"} <= set(terms("ጸሊም ጌጋ መሕለፊ ቃል ኣፕዴት"))
    # A prefix no other word of these languages starts: Belarus is no white ("белы").
    assert "white" not in terms("Я з Беларусі")



def test_bridges_and_wireless_in_more_languages() -> None:
    for text in ("madaraja", "gada", "tiltai", "көпүрө", "පාලම", "ድልድይ"):
        assert "bridge" in terms(text), text
    assert "wifi" in terms("රැහැන් රහිත ජාලය") and "wifi" in terms("ገመድ አልባ")


def test_uzbek_and_lithuanian_roots() -> None:
    assert {"upgrade", normalise("freezes"), "connect"} <= set(
        terms("yangilashdan keyin muzlab qoldi, ulanmayapti"))
    assert {"black", "error", "clock", "restart"} <= set(
        terms("juodame ekrane klaidų, laikrodis, perkrovus"))
    assert {"start", "connect"} <= set(terms("Tails nepasileidžia, neprisijungia"))


def test_two_word_phrases_of_swahili_hausa_uzbek_and_sinhala() -> None:
    assert {"restart", "wifi"} <= set(terms("kuwasha upya; mtandao bila waya"))
    assert {"password", "internet"} <= set(terms("kalmar sirri, yanar gizo"))
    assert normalise("freezes") in terms("kompyuter qotib qoldi")
    assert "keyboard" in terms("යතුරු පුවරුව")


def test_the_numeric_keypad_and_num_lock_tell_the_num_lock_issue_from_the_layout_one(
        ) -> None:
    assert "keypad" in terms("i numeri del tastierino")
    assert "keypad" in terms("Minu paroolis on numbrid numbriklahvistikult")
    assert "keypad" in terms("цифры набираю на цифровому блоці клавіатури")
    assert "keypad" in terms("teclado numérico")
    assert "numlock" in terms("La spia Bloc Num è spenta")
    assert top("Le cifre del tastierino non funzionano",
               "Nella schermata di benvenuto le cifre digitate sul tastierino numerico non "
               "vengono scritte e l'Archivio persistente non si sblocca. La spia Bloc Num è "
               "spenta.") == 22201
    assert top("Numbriklahvistik ei tööta tervitusekraanil",
               "Minu paroolis on numbrid, mida kirjutan klaviatuuri paremal asuvalt "
               "numbriklahvistikult. Tails ütleb, et ei saa salvestust avada. Num Locki tuli "
               "ei põle.") == 22201


def test_photos_lying_on_their_side_are_rotated() -> None:
    assert {"photo", normalise("rotated")} <= set(
        terms("Telefonla çektiğim fotoğraflar yan yatmış görünüyor"))
    assert top("Temizlenen fotoğraflar yan duruyor",
               "Telefonla dikey çektiğim fotoğraflar Metadata Cleaner'dan sonra yan yatmış "
               "görünüyor. Orijinalleri düzgün.") == 22302
    assert top("Foto ruotate dopo la pulizia",
               "Le foto scattate in verticale, dopo la pulizia dei metadati, si vedono ruotate "
               "di lato.") == 22302


def test_an_interrupted_upgrade_in_more_languages() -> None:
    for text in ("обновление прервалось", "оновлення перервано", "актуализацията прекъсна",
                 "aktualizácia bola prerušená", "aktualizace přerušena", "przerwanej",
                 "megszakadt", "prekinuta", "întreruptă", "nutrūko"):
        assert normalise("interrupted") in terms(text), text
    assert "partial" in terms("se me cortó la luz a mitad de una actualización")
    assert "partial" in terms("a atualização parou na metade")


def test_a_bad_connection_in_more_languages_is_slow() -> None:
    for text in ("при плохом интернете", "mam słaby internet", "eine schlechte Verbindung",
                 "une mauvaise connexion", "con mala conexión", "com má conexão"):
        assert "slow" in terms(text), text
    assert "slow" not in terms("mala suerte; ein schlechter Tag")


def test_an_upgrade_not_downloaded_fully_is_partial() -> None:
    assert "partial" in terms("Обновление скачалось не полностью")
    assert "partial" in terms("обновление не до конца установилось")


def test_everyday_words_that_only_look_like_a_concept_fold_to_nothing() -> None:
    """Words of other languages, or everyday senses, that the rare languages' words
    caught (the review of this session's lexicon): Romanian "în afară" (outside) is no
    Yoruba bridge, "întrerupător" (a switch) is no interruption, Swedish "kunna" (to be
    able to) is no Hausa "switch on", "constantly" is not Persistent Storage, Sinhala "I
    do not remember" is not memory."""
    assert "bridge" not in terms("Vreau să instalez Tails, în afară de Windows")
    assert "interrupt" not in terms("Am apăsat întrerupătorul de wifi")
    assert "interrupt" in terms("actualizarea a fost întreruptă")
    assert "start" not in terms("Jag vill kunna använda Tails")
    for text in ("doimiy ravishda", "ба таври доимӣ", "tatizo la kudumu", "ቋሚ ሥራ"):
        assert "persistent" not in terms(text), text
    assert "memory" not in terms("මට මතක නැහැ")
