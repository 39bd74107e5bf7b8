"""The rules of the third rank round (docs/matching.md, "Session 11: the third rank round"):
users' words for features, for turned off, for Bluetooth, for the Persistent Storage and
for a refused password in more languages, and the special characters they quote."""

from __future__ import annotations

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import term_words, terms
from tests.unit.matching_support import issue, mail, report
from tests.unit.test_matching import FILLER, GTX1060, firsts

RESET = issue(10976, "persistence.conf lost or reset: Persistent Storage features disabled",
              "Sometimes persistence.conf is emptied or reset, so all the features of the "
              "Persistent Storage appear turned off. The data is still on the partition.")
SMALL_RAM = issue(20402, "Persistent Storage unlock fails on computers with 4 GB of RAM",
                  "Unlocking the Persistent Storage fails on computers with 4 GB of memory.")
NETWORK_FEATURE = issue(21017, "Persistent Storage: Network connections feature does not save "
                        "hidden networks", "The Network connections feature of the Persistent "
                        "Storage forgets hidden networks.")
UPLOAD = issue(21010, "Tor Browser: file upload dialog cannot see the Persistent folder",
               "The file chooser of Tor Browser only shows Tor Browser/.")


def test_features_and_turned_off_in_other_languages() -> None:
    assert terms("Funktionen fonctionnalités funkcje özellikler функции 功能 기능") == [
        "feature"] * 7
    assert set(terms("ausgeschaltet spenti apagados kapalı vypnuto غیرفعال 关闭")) == {"disabl"}
    assert terms("the features appear turned off") == ["feature", "appear", "turn", "disabl"]
    issues = [RESET, SMALL_RAM, NETWORK_FEATURE, UPLOAD]
    german = mail("Beständiger Speicher", "Seit heute sind alle Funktionen des beständigen "
                  "Speichers ausgeschaltet.")
    chinese = mail("持久存储", "今天持久存储的所有功能都变成关闭状态。")
    turkish = mail("Kalıcı depolama", "Kilidi açtım, tüm özellikler kapalı görünüyor.")
    assert firsts(issues, german, chinese, turkish) == [10976] * 3


def test_memory_beside_persistent_is_the_storage_in_any_language() -> None:
    assert terms("Trwała pamięć, ustawienia Trwałej Pamięci") == [
        "persistent", "storage", "ustawienia", "persistent", "storage"]
    assert terms("kalıcı bellek") == ["persistent", "storage"]
    assert term_words("memoria persistente") == [("storage", "memoria"),
                                                 ("persistent", "persistente")]
    assert terms("pamięć RAM") == ["memory", "memory"]
    polish = mail("Trwała pamięć - wszystko wyłączone", "W ustawieniach Trwałej Pamięci "
                  "wszystkie opcje są wyłączone.")
    assert firsts([RESET, SMALL_RAM, UPLOAD], polish) == [10976]


def test_the_persistent_storage_in_persian_arabic_and_chinese() -> None:
    assert terms("ذخیرهسازی دائمی") == ["storage", "persistent"]
    assert terms("فضای ماندگار")[-1] == "persistent"
    assert terms("التخزين الدائم") == ["storage", "persistent"]
    assert terms("永久存储") == ["persistent"]


def test_bluetooth_in_other_scripts() -> None:
    assert terms("البلوتوث بلوتوث блютуз 블루투스 ब्लूटूथ ブルートゥース") == ["bluetooth"] * 6
    bluetooth = issue(19137, "Bluetooth is disabled in Tails",
                      "Bluetooth is disabled by design in Tails.")
    trails = issue(21171, "AMD Cezanne: mouse pointer leaves trails",
                   "The mouse pointer leaves trails on AMD Cezanne graphics.")
    arabic = mail("بلوتوث", "لماذا لا يعمل البلوتوث في تيلز؟ الماوس اللاسلكي لا يتصل.")
    assert firsts([bluetooth, trails], arabic) == [19137]


def test_persian_upgrade_words_and_when_is_no_freeze() -> None:
    assert terms("هنگام") == ["هنگام"]
    assert terms("هنگ کرد") == ["freeze", "کرد"]
    assert terms("روزرسانی بروزرسانی خودکار نیمه") == ["upgrade", "upgrade", "automatic",
                                                      "partial"]
    assert set(terms("partielle parcial parziale teilweise częściowo частичное")) == {
        "partial"}
    partial = issue(14754, "Partial incremental upgrades leave Tails broken",
                    "When an automatic (incremental) upgrade is interrupted, the USB stick can "
                    "be left in a partially upgraded state.")
    new_identity = issue(21007, "New identity in Tor Browser closes all windows without "
                         "warning", "All windows close.")
    keygen = issue(21034, "Thunderbird: OpenPGP key generation freezes the window",
                   "The window freezes while the key is generated.")
    persian = mail("به روزرسانی نیمه کاره ماند", "هنگام به روزرسانی خودکار Tails اینترنت قطع "
                   "شد و پنجره به روزرسانی بسته شد.")
    assert firsts([partial, new_identity, keygen], persian) == [14754]


def test_a_refused_password_is_not_accepted() -> None:
    assert set(terms("refusé rechazada abgelehnt angenommen rifiutata отклонен")) == {"accept"}
    assert terms("refused") == ["refus"]
    assert terms("كلمة السر") == ["كلمة", "password"]


SPECIAL = issue(17792, "Administration password with special characters doesn't work",
                "An administration password containing non-ASCII characters (ñ, €, ü ...) set "
                "in the Welcome Screen is not accepted afterwards. Use only ASCII characters.")
ROOT_TERMINAL = issue(21085, "Root terminal opens without asking for the administration "
                      "password", "No password prompt appears when no password was set. "
                      "Document that the root terminal needs an administration password.")


def test_a_special_character_written_alone_is_a_character() -> None:
    assert terms("con ñ y €, ein ü und ein ß") == ["character", "character", "character",
                                                   "ss", "character"]
    assert terms("à la maison, é") == ["maison"]
    spanish = mail("contraseña de administración", "Puse una contraseña de administración con "
                   "ñ y € en la pantalla de bienvenida, luego en la terminal me dice que es "
                   "incorrecta.")
    assert firsts([SPECIAL, ROOT_TERMINAL], spanish) == [17792]


def test_the_keyboard_layout_in_japanese_and_chinese() -> None:
    assert terms("キーボード配列 键盘布局") == ["keyboard", "layout", "keyboard", "layout"]


def test_the_unsafe_browser_in_more_languages() -> None:
    for name in ("Güvenli Olmayan Tarayıcı", "المتصفح غير الآمن", "안전하지 않은 브라우저",
                 "Небезопасный браузер", "مرورگر ناامن", "niebezpieczna przeglądarka"):
        assert {"unsafe", "browser"} <= set(terms(name)), name
    assert terms("لا أجده") == ["لا", "find"]


INTEL_630 = ("00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD "
             "Graphics 630] [8086:3e92]")


def test_a_machine_with_graphics_chips_of_two_makers_has_several_gpus() -> None:
    several = issue(19133, "Nvidia GPUs and computers with several GPUs: Error starting GDM",
                    "Many Nvidia GPUs, and computers with both an integrated and a discrete "
                    'GPU, fail with "Error starting GDM with your graphics card".')
    regression = issue(17953, "Intel GPU regression: Error starting GDM since the kernel "
                       "upgrade", 'Several Intel GPUs stopped working ("Error starting GDM '
                       'with your graphics card").')
    index = IssueIndex([several, regression, *FILLER])
    words = "خطای Error starting GDM with your graphics card بعد از منوی بوت"
    both = report("خطای GDM", words, lspci=(INTEL_630, GTX1060))
    top = suggest_issues(both, index)[0]
    assert top.issue.iid == 19133 and "several GPUs" in top.signals
    intel = report("خطای GDM", words, lspci=(INTEL_630,))
    assert "several GPUs" not in next(m for m in suggest_issues(intel, index)
                                      if m.issue.iid == 19133).signals


def test_the_wireless_network_in_two_words_is_the_wifi() -> None:
    assert terms("réseau sans fil, rete senza fili, rede sem fio")[3::4] == ["wifi"] * 3
    assert set(terms("drahtlose Netzwerke, беспроводная сеть, sieć bezprzewodowa")) == {
        "wifi", "network"}
    assert "wifi" not in terms("mouse sem fio, souris sans fil")


def test_a_mac_address_is_no_mac() -> None:
    assert "mac" not in terms("MAC address anonymization, MAC-Adresse, adresse MAC")
    assert terms("my Mac, iMac") == ["mac", "imac", "mac"]
    macs = issue(17640, "Macs: many models don't start Tails or have unusable hardware",
                 "On Intel Macs that start, the keyboard, trackpad, Wi-Fi or sound are often "
                 "unusable.")
    anonymization = issue(21123, "Intel AX200: MAC address anonymization makes the first "
                          "connection fail", "With the Intel Wi-Fi 6 AX200 the first "
                          "connection after start fails because the MAC address changes.")
    imac = mail("Tails sur iMac", "Tails démarre sur mon iMac 27 pouces de 2019 (processeur "
                "Intel), mais le wifi ne marche pas. Un câble Ethernet me permet de me "
                "connecter.")
    assert firsts([macs, anonymization], imac) == [17640]


def test_additional_software_in_polish_russian_korean_and_french() -> None:
    assert terms("instalacja dodatkowego oprogramowania") == ["installation", "additional",
                                                            "software"]
    assert terms("дополнительного зеркало 추가 소프트웨어 logiciels") == [
        "additional", "mirror", "additional", "software", "software"]
