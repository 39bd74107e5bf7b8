"""The rules of the Session 15 rank round (docs/matching.md, "Session 15: rank round"): the
user's words for their own machine count as the machine's, the lexicon's concepts in more
languages and scripts, and words written in two."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import issue, report
from tests.unit.test_matching import FILLER

BROADCOM = ("03:00.0 Network controller [0280]: Broadcom Inc. and subsidiaries BCM43602 "
            "802.11ac Wireless LAN SoC [14e4:43ba] (rev 01)")
MAC_MENU = issue(21269, 'Apple MacBookPro12,1 (MacBook Pro 13" early 2015): boot menu key '
                 "not documented", "On the MacBook Pro 13\" early 2015 (MacBookPro12,1) the "
                 "boot menu key is not documented.")
MAC_FAN = issue(21267, 'Apple MacBookPro12,1 (MacBook Pro 13" early 2015): fan always at '
                "full speed", "On the MacBook Pro 13\" early 2015 (MacBookPro12,1) the fan "
                "runs at full speed.")
WIFI_LOOP = issue(19115, "Broadcom 43602: Wi-Fi password asked in a loop",
                  "With a Broadcom 43602 card, the Wi-Fi password is asked again and again.")


def test_the_users_words_for_their_own_machine_are_the_machines() -> None:
    # The user names the MacBook Pro and its menu; the problem is the Wi-Fi's. The model's
    # issues no longer win on "MacBook Pro", and the one that would have stays the
    # runner-up the top must stand out from.
    entry = report("MacBook Pro wifi sorunu", "MacBook Pro menüden wifi seçiyorum, password "
                   "tekrar tekrar soruluyor.", product="MacBookPro12,1", maker="Apple Inc.",
                   lspci=(BROADCOM,))
    index = IssueIndex([MAC_MENU, MAC_FAN, WIFI_LOOP, *FILLER])
    ranked = suggest_issues(entry, index)
    assert ranked[0].issue.iid == 19115
    assert not ranked[0].confident


def test_the_lexicons_concepts_in_more_languages() -> None:
    # Serbian and Croatian, Estonian, Finnish, Hungarian, Latvian and Lithuanian, Turkish
    # and Azerbaijani endings, Indonesian and Malay, Swedish: whole words and roots.
    assert terms("tastaturu raspored lozinku mreža") == [
        "keyboard", "layout", "password", "network"]
    assert terms("uuendusi automaatse taaskäivitasin käivitub aeglane veateate") == [
        "upgrade", "automatic", "restart", "start", "slow", "error"]
    assert terms("näppäimistö salasana billentyűzet jelszó") == [
        "keyboard", "password", "keyboard", "password"]
    assert terms("skārienpaliktnis klaviatūra slaptažodis") == [
        "touchpad", "keyboard", "password"]
    assert terms("şifresini bağlanıp ekranda qoşulanda") == [
        "password", "connect", "screen", "connect"]
    assert terms("layar hitam jaringan pembaruan lösenord") == [
        "screen", "black", "network", "upgrade", "password"]
    # Cyrillic of Serbian, Bulgarian, Belarusian and Kazakh; Hangul.
    assert terms("тастатура распоред лозинка грешка") == [
        "keyboard", "layout", "password", "error"]
    assert terms("썬더버드 로그인 창이 하얗게") == ["thunderbird", "login", "window", "white"]


def test_georgian_armenian_and_bengali_words_by_their_start() -> None:
    assert terms("კლავიატურა ეკრანზე პაროლი") == ["keyboard", "screen", "password"]
    assert terms("ստեղնաշարը էկրանը") == ["keyboard", "screen"]
    assert terms("কীবোর্ড") == ["keyboard"]


def test_words_written_in_two() -> None:
    assert terms("bàn phím") == ["ban", "phim", "keyboard"]
    assert terms("màn hình")[-1] == "screen"
    assert "wifi" in terms("tanpa wayar") and "password" in terms("kata sandi")
    # A French "clé" is a USB stick or a PGP key only by the word after it.
    assert terms("clé USB") == ["cle", "usb", "stick"]
    assert terms("clé publique")[-1] == "key"


def test_a_machine_that_stops_responding_has_frozen() -> None:
    assert terms("becomes unresponsive")[-1] == "freeze"
    assert "freeze" in terms("Hij reageert nergens meer op")
    assert "freeze" not in terms("The keyboard is not responding")
    xps = issue(19123, "Dell XPS 15 7590 with Nvidia GPU becomes unresponsive",
                "The Dell XPS 15 7590 becomes unresponsive after a few minutes.")
    dutch = report("Reageert na een paar minuten nergens meer op", "Alles bevriest, de "
                   "muis beweegt niet.", product="XPS 15 7590", maker="Dell Inc.")
    index = IssueIndex([xps, *FILLER])
    assert "bevriest" in suggest_issues(dutch, index)[0].terms  # "freezes": its freeze
