"""Signal extraction for ranking: terms, model tokens, issue keys and phrases, message signals."""

from __future__ import annotations

from hdtui.domain.debug import DebugSection
from hdtui.domain.signals import (
    CLOCK_KEY,
    WRITES_KEY,
    apple_silicon,
    intel_mac,
    issue_keys,
    issue_phrase_grams,
    issue_phrases,
    line_models,
    line_tokens,
    machine_generations,
    message_signals,
    model_generations,
    model_numbers,
    model_tokens,
    other_line_model,
    phrase_grams,
    stick_words,
)
from hdtui.domain.terms import terms, words
from tests.unit.matching_support import (
    ROOT_HUB,
    RTL8153_USB,
    RTL8723BE,
    issue,
    mail,
    report,
)


def test_terms_are_language_independent_for_technical_words() -> None:
    french = terms("Le Wi-Fi ne marche pas, clavier bloqué, carte RTL8723BE")
    assert {"wifi", "keyboard", "stuck", "card", "rtl8723be"} <= set(french)
    assert not {"le", "ne", "pas"} & set(french)
    assert terms("Wi-Fi networks") == terms("wifi network")


def test_symptom_words_meet_across_languages_accents_and_russian_endings() -> None:
    english = set(terms("The clock is wrong and Tor Browser tabs crash"))
    assert {"clock", "wrong", "tab", "browser", "crash"} <= english
    for text in ("L'horloge est fausse, les onglets du navigateur plantent",
                 "L'horloge est fausse, les onglets du navigateur plantent".replace("é", "e"),
                 "La hora del reloj es incorrecta y las pestañas del navegador se cierran",
                 "Die Uhr ist falsch, Registerkarte im Browser abgestürzt",
                 "Часы показывают неправильное время, вкладки браузера вылетают",
                 "ساعت اشتباه است و مرورگر کرش می‌کند"):
        assert {"clock", "wrong"} <= set(terms(text)), text
    # Every case of a Russian noun is one term; no short stem swallows another word.
    assert terms("экран") == terms("экрана") == terms("экраном")
    assert terms("часто") != terms("часы")


def test_an_s_after_a_words_own_e_is_only_the_plural() -> None:
    # "freezes" is "freeze" (the issue's title word), as "crashes" is "crash".
    assert terms("Tails freezes") == terms("Tails freeze")
    assert terms("the tabs crashes") == terms("the tabs crash")
    assert terms("it closes") == terms("close") and terms("issues") == terms("issue")


def test_devanagari_vowel_signs_stay_inside_their_word() -> None:
    # A vowel sign or virama is not a letter to regular expressions: "कंप्यूटर" fell
    # apart into single letters, and "घड़ी गलत" (clock wrong) into nothing.
    assert words("मेरा कंप्यूटर घड़ी गलत है।") == ["मेरा", "कंप्यूटर", "घड़ी", "गलत", "है"]
    assert {"clock", "wrong"} <= set(terms("घड़ी गलत समय दिखाती है"))


def test_symptom_words_meet_in_more_languages_and_scripts() -> None:
    # The same problem in Greek, Hebrew, Arabic, Korean, Czech, Polish, Turkish, Swahili,
    # Dutch and Ukrainian: words of the lexicon, whatever their ending or joined article.
    said = {"Η οθόνη είναι μαύρη": {"screen", "black"},
            "המסך שחור ואין צליל מהרמקולים": {"screen", "black", "sound", "speaker"},
            "لوحة المفاتيح لا تعمل والشاشة سوداء": {"keyboard", "screen", "black"},
            "화면이 검은색이고 와이파이 연결이 안 됩니다": {"screen", "black", "wifi", "connect"},
            "Obrazovka je černá a klávesnice nefunguje": {"screen", "black", "keyboard"},
            "Hasło nieprawidłowe, ekran czarny": {"password", "wrong", "screen", "black"},
            "Saat yanlış, ekran siyah": {"clock", "wrong", "screen", "black"},
            "saa ni vibaya na skrini nyeusi": {"clock", "wrong", "screen", "black"},
            "Het scherm is zwart en het toetsenbord doet niets": {"screen", "black",
                                                                  "keyboard"},
            "Екран чорний, клавіатура не працює": {"screen", "black", "keyboard"}}
    for text, concepts in said.items():
        assert set(terms(" ".join(sorted(concepts)))) <= set(terms(text)), text
    # A joined article comes off only when what follows is a lexicon word.
    assert terms("والد") == ["والد"]


def test_words_that_mean_something_else_too_are_not_translated() -> None:
    assert "sound" not in terms("son ordinateur ne démarre pas")  # "son": his, not sound
    assert "sound" in terms("pas de sonido") and "sound" in terms("sem som")


def test_model_tokens() -> None:
    text = "MacBookPro14,1 and Latitude E6430/E6230 with RTL8723BE, XPS 15 7590 (2019), 16GB"
    found = model_tokens(text, digits_only=True)
    assert {"macbookpro14,1", "e6430", "e6230", "rtl8723be", "7590"} <= set(found)
    assert not {"2019", "16gb", "15"} & set(found)
    assert "7590" not in model_tokens(text)  # plain numbers only where asked (DMI, chips)
    assert model_tokens("802.11ac Wireless 11ax 2x2") == []


def test_issue_keys() -> None:
    keys = issue_keys(issue(1, "Broadcom BCM4360 [14e4:43a0] Wi-Fi broken since Tails 7.5",
                            "Also Marvell cards. Affects 6.6 or older."))
    assert {"pci:14e4:43a0", "vendor:14e4", "vendor:11ab", "model:bcm4360", "ver:7.5",
            "ver:6.6"} <= keys


def test_issue_phrases_keep_error_messages_not_boot_options() -> None:
    phrases = issue_phrases(issue(1, 'Hang at "Probing EDD (edd=off to disable)..."',
                                  'Tor fails with "Certificate not yet valid: is\nyour system '
                                  'clock set incorrectly?".\n\nAdd `acpi_rev_override=1`.\n\n'
                                  "    watchdog: BUG: soft lockup - CPU#1 stuck for 22s!\n"))
    assert "Probing EDD (edd=off to disable)..." in phrases
    assert "Certificate not yet valid: is your system clock set incorrectly?" in phrases
    assert "watchdog: BUG: soft lockup - CPU#1 stuck for 22s!" in phrases
    assert "acpi_rev_override=1" not in phrases


def test_error_lines_fold_numbers() -> None:
    issue_grams = set(phrase_grams(line_tokens("soft lockup - CPU#1 stuck for 22s!")))
    line_grams = set(phrase_grams(line_tokens("watchdog: BUG: soft lockup - CPU#3 stuck for 26s!")))
    assert issue_grams <= line_grams


def test_report_signals_name_hardware_prefill_and_journal() -> None:
    entry = report("pas de réseau", "Aucun réseau.", prefill="Bug-specific app: tps_frontend",
                   journal=("kernel: applespi spi-APP000D:00: Error writing to device",))
    found = message_signals(entry)
    by_label = {s.label: s for s in found.signals}
    assert by_label["PCI 10ec:b723"].context and by_label["PCI 10ec:b723"].strong
    assert by_label["PCI 10ec:b723"].weight > by_label["PCI 8086:1616"].weight / 2
    assert "chip rtl8723be" in by_label and "product HP 250 G5 Notebook PC" in by_label
    assert "driver applespi" in by_label and "app tps_frontend" in by_label
    assert "vendor Realtek" in by_label and not by_label["vendor Realtek"].strong
    assert "Tails 7.6" in by_label
    assert "network" in found.text and "notebook" not in found.text  # machine words apart
    assert "notebook" in found.hardware_text
    assert ("journal", "kernel: applespi spi-APP000D:00: Error writing to device") in found.lines


def test_a_usb_device_of_lsusb_is_a_device_of_the_machine_by_its_id() -> None:
    entry = report("réseau filaire", "La connexion se coupe.", lsusb=(ROOT_HUB, RTL8153_USB))
    by_key = {s.key: s for s in message_signals(entry).signals}
    usb = by_key["pci:0bda:8153"]  # the key of the id an issue writes, whatever the bus
    assert usb.label == "USB 0bda:8153" and usb.strong and usb.context and usb.device == "usb"
    assert "pci:1d6b:0002" not in by_key  # every machine's root hub says nothing


def test_mail_signals_take_what_the_user_wrote() -> None:
    found = message_signals(mail("wifi", f"lspci says:\n{RTL8723BE}\n"))
    typed = {s.label for s in found.signals if s.kind == "typed"}
    assert "PCI 10ec:b723 (written)" in typed and "model rtl8723be (written)" in typed


def test_a_korean_particle_comes_off_a_latin_word() -> None:
    # Korean joins its particles to loanwords and models too: "USB가" is "USB".
    assert {"usb", "m2", "macbook", "touchpad"} <= set(terms("맥북 M2를 USB가 터치패드가"))


def test_a_mac_with_an_apple_processor_in_korean_and_at_the_end_of_a_sentence() -> None:
    assert apple_silicon("맥북 에어 M2를 사용하고 있습니다")  # a particle after "M2"
    assert apple_silicon("У меня Mac mini 2023 года на M2.")  # a full stop after it
    assert apple_silicon("애플 실리콘 맥에서도 되나요?")
    assert not apple_silicon("Mac firmware m2.1") and not apple_silicon("ThinkPad m2")


def test_a_rotated_screen_and_copy_and_paste_meet_across_languages() -> None:
    rotated = set(terms("the screen is rotated"))
    for text in ("lo schermo è ruotato", "Bildschirm ist gedreht", "écran pivoté",
                 "экран повернут", "屏幕旋转了90度", "화면이 회전되어"):
        assert rotated <= set(terms(text)), text
    for text in ("kopieren und einfügen", "copier coller", "复制粘贴", "복사해서 붙여넣기"):
        assert {"copy", "paste"} <= set(terms(text)), text


def test_disabled_lost_welcome_and_language_meet_across_languages() -> None:
    english = set(terms("Persistent Storage features disabled, data lost; the language of "
                        "the Welcome Screen"))
    assert {"disabl", "lost", "language", "welcome"} <= english
    for text in ("as opções aparecem desligadas", "toutes les options sont désactivées",
                 "alle Funktionen deaktiviert", "funzioni disattivate", "функции отключены"):
        assert "disabl" in terms(text), text
    for text in ("mes données sont perdues", "datos perdidos", "Daten verloren"):
        assert "lost" in terms(text), text
    assert {"language", "welcome"} <= set(terms("русский язык на экране приветствия"))
    assert "welcome" in terms("l'écran d'accueil")
    for text in ("οθόνη καλωσορίσματος", "ekran powitalny", "uvítací obrazovka", "欢迎界面",
                 "환영 화면", "स्वागत स्क्रीन"):
        assert "welcome" in terms(text), text
    assert {"persistent", "storage"} <= set(terms("Beständiger Speicher"))
    assert "window" in terms("लॉगिन की खिड़की")


def test_a_spanish_hang_is_a_freeze() -> None:
    assert "freeze" in terms("se queda colgado") and "freeze" in terms("el PC se colgó")


def test_the_unsafe_browser_is_unsafe_in_every_language() -> None:
    for text in ("el Navegador no seguro", "o navegador não seguro",
                 "le navigateur non sécurisé", "il browser non sicuro",
                 "der unsichere Browser", "安全でないブラウザ", "不安全浏览器"):
        assert "unsafe" in terms(text), text
    assert "unsafe" not in terms("no estoy seguro")  # "not sure", not a browser


def test_the_lock_screen_is_one_word_in_every_language() -> None:
    # docs/matching.md, "Session 9, fourteenth round".
    for text in ("the lock screen stays black", "after the screen locked", "screen lock",
                 "Sperrbildschirm", "l'écran de verrouillage", "la pantalla de bloqueo",
                 "a tela de bloqueio", "la schermata di blocco", "ekran kilidi",
                 "после блокировки экрана", "电脑锁屏后", "鎖屏"):
        assert "lockscreen" in terms(text), text
    for text in ("even the Caps Lock light is on at the Welcome Screen",
                 "I unlock the screen of Persistent Storage", "lock", "bildschirm"):
        assert "lockscreen" not in terms(text), text


def test_a_wrong_clock_in_a_programs_own_words_is_one_signal() -> None:
    """Tor's and htpdate's clock lines, and a certificate "not yet valid", say the clock is
    wrong; a clock the user only mentions does not (docs/matching.md)."""
    for line in ("tor[1]: [warn] Our clock is 5 hours, 12 minutes behind the time published",
                 "tor[1]: [warn] Problem bootstrapping. (CLOCK_SKEW; count 7)",
                 "htpdate[2]: No good time source found",
                 "tca[3]: Certificate not yet valid: is your system clock set incorrectly?"):
        found = message_signals(report("Tor", "It does not connect.", journal=(line,)))
        assert [s.key for s in found.signals if s.key == CLOCK_KEY] == [CLOCK_KEY], line
    said = message_signals(report("Tor", "The clock in the corner shows the wrong time."))
    assert not [s for s in said.signals if s.key == CLOCK_KEY]
    assert CLOCK_KEY in issue_keys(issue(1, "Tor fails: clock skew", ""))
    assert CLOCK_KEY not in issue_keys(issue(2, "The clock shows UTC", ""))


def test_machine_generations_of_titles_and_products() -> None:
    assert model_generations("HP ProBook 450 G7: webcam not detected") == [
        (frozenset({"hp", "probook", "450"}), "7")]
    t14 = frozenset({"lenovo", "thinkpad", "t14"})
    assert model_generations("Lenovo ThinkPad T14 Gen 4 and Gen 3: no sound") == [
        (t14, "4"), (t14, "3")]
    assert model_generations("Lenovo ThinkPad T14 Gen 4, Gen 3: no sound") == [
        (t14, "4"), (t14, "3")]
    assert model_generations("Intel 12th gen laptops: touchpad does not work") == []
    assert model_generations("Tor Browser: G7 shortcut") == []
    words, generations = machine_generations("HP HP ProBook 450 15.6 inch G9 Notebook PC")
    assert {"hp", "probook", "450"} <= words and generations == {"9"}


def test_the_model_numbers_a_title_leads_with_and_whether_they_are_the_machines() -> None:
    # docs/matching.md, "Session 21: another model of the machine's line".
    assert line_models("Dell XPS 15 9570: USB-C dock not recognized") == ({"xps"}, {"9570"})
    assert line_models("HP ProBook 5330m/4330s/6560b: UEFI boot") == (
        {"probook"}, {"5330m", "4330s", "6560b"})
    # A machine as an example, a line without a number, a Mac, a year: nothing.
    for title in ("Intel Bay Trail (Acer Aspire E13): stuck after the boot menu",
                  "Lenovo IdeaPad 3: touchpad doesn't work", "Acer Swift 3: not all memory",
                  'Apple MacBookAir7,2 (MacBook Air 13" 2017): battery',
                  "MacBook Pro 2016 and later: keyboard", "Tor Browser 13: tabs crash"):
        assert line_models(title) == (frozenset(), frozenset()), title
    def other(numbers: set[str], machine: str) -> bool:
        return other_line_model(frozenset(numbers), model_numbers(machine))

    # Only the words right after the maker and the line name a model: a chip's number, a
    # size, or a number after "with" is no other model (rules v69).
    for title, machine in (("Dell XPS with Intel AX210 Wi-Fi not working",
                            "Dell Inc. XPS 13 9310"),
                           ("Lenovo ThinkPad laptops with Intel 8265 Wi-Fi drop connection",
                            "LENOVO 20HES2SF00 ThinkPad T470"),
                           ("Dell Latitude fails with 4GB RAM", "Dell Inc. Latitude E6430"),
                           ("Dell XPS Intel AX210: Wi-Fi", "Dell Inc. XPS 13 9310"),
                           ("Dell Latitude 8GB: slow", "Dell Inc. Latitude E6430")):
        numbers = line_models(title)[1]
        assert not numbers or not other(set(numbers), machine), title
    assert line_models("Lenovo ThinkPad T470 with Intel 8265 Wi-Fi: drops") == (
        {"thinkpad"}, {"t470"})
    assert line_models("Lenovo ThinkPad X1 Carbon 6th Gen: webcam")[1] == {"6th"}
    assert line_models("ASUS TUF Gaming FX505DT: fan")[1] == {"fx505dt"}
    # Another model of the line stays another model.
    assert other(set(line_models("Lenovo ThinkPad T480s: dock")[1]), "LENOVO ThinkPad T480")
    assert other(set(line_models("Dell XPS 13 9343: dock")[1]), "Dell Inc. XPS 13 9350")
    assert other({"9570"}, "Dell Inc. XPS 13 9343")
    assert not other({"9570"}, "Dell Inc. XPS 15 9570")
    assert not other({"e6430", "e6230"}, "Dell Inc. Latitude E6230")
    # A series ending in x's holds every model it begins.
    assert not other({"cs3xxx"}, "HP HP Pavilion Laptop 15-cs3015nr")
    assert other({"cs3xxx"}, "HP HP Pavilion Laptop 15-cs2015nr")
    # Nothing is known of a machine whose names hold no number.
    assert not other({"9570"}, "Dell Inc. XPS")


def test_the_model_identifiers_of_intel_macs() -> None:
    # docs/matching.md, "Session 21: an Apple processor is no Intel Mac".
    for model in ("macbookair7,2", "macbookair9,1", "macbookpro16,2", "macbook10,1",
                  "imac20,1", "imacpro1,1", "macmini8,1", "macpro7,1"):
        assert intel_mac(model), model
    for model in ("macbookair10,1", "macbookpro17,1", "macbookpro18,3", "imac21,1",
                  "macmini9,1", "thinkpad7,2"):
        assert not intel_mac(model), model


def test_makers_and_lines_written_in_hangul_are_their_names() -> None:
    # docs/matching.md, "Session 21: makers and lines written in Hangul": as "맥북" is
    # MacBook, "서피스 랩탑 3에서" names a Surface Laptop, "레노버 씽크패드" a Lenovo ThinkPad.
    assert "surface" in terms("서피스 랩탑 3에서 키보드가 안 됩니다")
    assert {"lenovo", "thinkpad"} <= set(terms("레노버 씽크패드에서"))
    assert terms("에이수스 에이서 아이디어패드 마이크로소프트 아이맥") == terms(
        "Asus Acer IdeaPad Microsoft iMac")[:5]


def test_the_turkish_keyboard_layout_and_language() -> None:
    # docs/matching.md, "Session 21: the Turkish keyboard layout": "klavye düzeni" is the
    # keyboard layout, "dil" the language; Cebuano "dili" (not) stays a word of its own.
    assert terms("klavye düzeni hâlâ İngilizce")[:2] == ["keyboard", "layout"]
    assert "language" in terms("Dil: Türkçe") and "language" in terms("dilini seçtim")
    assert "language" not in terms("dili mugana ang touchpad")


def test_the_arabic_upgrade_and_download() -> None:
    # docs/matching.md, "Session 21: the Arabic upgrade and download": with their article
    # and conjunctions, as "تحديث" (update) already was.
    assert terms("الترقية تتوقف أثناء التنزيل") == ["upgrade", "تتوقف", "أثناء", "download"]
    assert terms("وتنزيل للترقية") == ["download", "upgrade"]


def test_a_closed_lid_and_a_frozen_screen_meet_across_languages() -> None:
    english = set(terms("When I close the lid the screen is frozen"))
    assert {"close", "lid"} <= english and english & set(terms("it freezes"))
    freezes = set(terms("it freezes"))
    for text in ("Wenn ich den Deckel zuklappe", "Ich schließe den Deckel",
                 "après la fermeture du capot"):
        assert {"lid", "close"} & set(terms(text)) and "lid" in terms(text), text
    for text in ("Das Bild ist frozen", "l'image est figée", "les fenêtres sont figées"):
        assert set(terms(text)) & freezes, text
    assert "close" in terms("Deckel zuklappen") and "close" in terms("la fermeture")


def test_hours_meet_in_hebrew_as_in_french_and_spanish() -> None:
    # A clock a few hours ahead: "l'heure", "la hora" and Hebrew's "השעה" (with its
    # article), "שעות" (hours) are one word (docs/matching.md, "Session 9, eleventh round").
    hour = set(terms("l'heure est fausse")) & set(terms("la hora está mal"))
    assert hour == {"hour"}
    assert hour <= set(terms("השעה לא נכונה")) and hour <= set(terms("מקדימה בכמה שעות"))


def test_a_file_is_one_word_in_every_language() -> None:
    # "gros fichiers", "große Dateien", "archivos grandes", "arquivos", "файлы", "فایل"
    # are the issues' "files" (docs/matching.md, "Session 9, twelfth round").
    for text in ("les gros fichiers", "un fichier de 3 Go", "große Dateien", "die Datei",
                 "archivos grandes", "el archivo", "arquivos grandes", "o arquivo",
                 "большие файлы", "файл", "فایل بزرگ", "large files"):
        assert "file" in terms(text), text


def test_an_issue_phrase_has_no_gram_across_an_ellipsis() -> None:
    # "Error opening file … Screenshots: No such file": the ellipsis cuts out a path, so
    # "file screenshots" was never in the program's line (docs/matching.md, "Session 9,
    # twelfth round").
    grams = issue_phrase_grams("Error opening file … Screenshots: No such file or directory")
    assert "error opening file" in grams and "screenshots no such" in grams
    assert not any("file screenshots" in g for g in grams)
    assert issue_phrase_grams("Connecting to node...") == ["connecting to node"]


PNY_STICK = """{
   "blockdevices": [
      {
         "name": "sdb",
         "size": "57.9G",
         "type": "disk",
         "vendor": "PNY ",
         "model": "USB 3.0 FD",
         "rm": true,
         "tran": "usb"
      },
      {
         "name": "sda",
         "type": "disk",
         "vendor": "ATA ",
         "model": "Crucial Ultra",
         "rm": false,
         "tran": "sata"
      }
   ]
}"""


def test_the_makers_of_usb_sticks_are_words_of_the_machine() -> None:
    # The block device list names the stick Tails runs from by its maker ("PNY "): issues
    # name failing sticks by their maker; the internal disk (sata) and the stick's model
    # words are no such name (docs/matching.md, "Session 14: rank round").
    found = message_signals(report("copy fails", "Copying stops halfway.", blocks=PNY_STICK))
    assert found.hardware_text.get("pny") == 0.5
    assert not {"ata", "crucial", "ultra", "usb"} & found.hardware_text.keys()


def test_a_sticks_maker_is_read_from_a_bounded_run_of_fields() -> None:
    # A report is a stranger's text: between a disk's model and its transport only as
    # many fields as lsblk writes are read, so a long crafted line of fields costs linear
    # time, not quadratic (docs/matching.md, "Session 14: rank round").
    fields = '"rm": true, ' * 12
    near = f'"vendor": "PNY ", "model": "FD", {fields}"tran": "usb"'
    assert stick_words([DebugSection("tails-block-device-info", (near,))]) == "pny"
    far = f'"vendor": "PNY ", "model": "FD", {fields * 3}"tran": "usb"'
    assert stick_words([DebugSection("tails-block-device-info", (far,))]) == ""
    crafted = '"vendor": "ab", "model": "cd", "rm": true,' * 2000
    assert stick_words([DebugSection("tails-block-device-info", (crafted,))]) == ""


def test_writes_that_fail_in_the_kernels_words_are_one_signal() -> None:
    # "I/O error ... op 0x1:(WRITE)" in the journal meets an issue of sticks that "fail
    # under sustained writes" (docs/matching.md, "Session 14: rank round").
    for line in ("kernel: blk_update_request: I/O error, dev sdb, sector 31457280 op 0x1:(WRITE)"
                 " flags 0x800", "kernel: Buffer I/O error on dev dm-0, logical block 3932160, "
                 "lost async page write"):
        found = message_signals(report("copy", "It stops.", journal=(line,)))
        assert WRITES_KEY in [s.key for s in found.signals], line
    read = "kernel: I/O error, dev sdb, sector 2048 op 0x0:(READ) flags 0x80700"
    assert WRITES_KEY not in [s.key for s in message_signals(
        report("copy", "It stops.", journal=(read,))).signals]
    assert WRITES_KEY in issue_keys(issue(1, "PNY sticks fail under sustained writes"))
    assert WRITES_KEY not in issue_keys(issue(2, "Tor Browser: downloads fail"))


def test_an_upgrade_and_its_kin_by_the_root_many_languages_share() -> None:
    # "actualizarea automată" (Romanian), "aktualizáciách" (Slovak), "aktualisiert",
    # "atualizado", "aggiornamenti"; a restart and a partition by their roots too
    # (docs/matching.md, "Session 14: rank round").
    for text in ("după actualizarea", "po aktualizáciách", "wurde aktualisiert",
                 "foi atualizado", "gli aggiornamenti", "l'actualisation"):
        assert "upgrade" in terms(text), text
    assert terms("automată automaticky automatisk") == ["automatic"] * 3
    assert "restart" in terms("bez reštartu")
    assert terms("partiția sistemului") [0] == "partition"
    assert "upgrade" not in terms("actually the actual value")


def test_the_persistent_storage_in_russian_is_permanent_storage() -> None:
    # "постоянное хранилище": "permanent" beside the storage; alone, "постоянно" is
    # "constantly" (docs/matching.md, "Session 14: rank round").
    assert terms("в постоянное хранилище") == ["persistent", "storage"]
    assert terms("постійне сховище") == ["persistent", "storage"]
    assert "persistent" not in terms("он постоянно зависает")


def test_state_server_and_connect_are_words_of_more_languages() -> None:
    # The system "v nekonzistentnom stave", "dans un état", "en un estado"; Electrum's
    # "serwery", "serveurs", "сервера"; Polish "nie łączy się" (docs/matching.md, "Session
    # 14: rank round").
    for text in ("v nekonzistentnom stave", "dans un état bizarre", "en un estado raro",
                 "в неконсистентном состоянии"):
        assert "state" in terms(text), text
    for text in ("z serwerami", "les serveurs", "los servidores", "к серверу", "サーバーに"):
        assert "server" in terms(text), text
    assert "connect" in terms("Electrum nie łączy się")


def test_a_passphrase_in_two_words_and_a_layout_by_its_name() -> None:
    # "phrase de passe", "frase de contraseña" are the passphrase; AZERTY, QWERTY and
    # QWERTZ are keyboard layouts (docs/matching.md, "Session 14: rank round").
    for text in ("ma phrase de passe", "la frase de contraseña", "la frase segreta"):
        assert "password" in terms(text), text
    for text in ("le clavier en AZERTY", "a qwerty keyboard", "QWERTZ-Tastatur"):
        assert "layout" in terms(text), text


def test_a_user_who_asks_where_a_thing_is_has_not_found_it() -> None:
    # "Where is it?", "Wo ist er?", "Dove è finito?", "где он?": the word of issues about
    # what users "do not find" (docs/matching.md, "Session 14: rank round").
    for text in ("Where is the Unsafe Browser?", "Wo ist er?", "Dove è finito?",
                 "¿Dónde está?", "Où est le navigateur ?", "где он?", "Gdzie jest?"):
        assert "find" in terms(text), text
    assert "find" not in terms("It is somewhere in the menu.")


def test_line_tokens_are_folded_alike_with_the_kept_forms_and_the_kept_forms_are_bounded(
) -> None:
    # The folded form of a line token is kept (docs/insight.md, "Session 21: the count
    # after a first open"): the same forms as computed afresh, and never more than
    # GRAM_TOKENS_KEPT of them, whatever the tokens seen.
    from hdtui.domain import signals

    tokens = ["error", "0x1f3a", "12345", "deadbeef42", "64mb", "3.5ghz", "usb", "Wi-Fi",
              "a1b2c3d4e5", "abcdef", "1a2b3"]
    tokens += [f"token{n}" for n in range(signals.GRAM_TOKENS_KEPT + 100)]
    fresh = signals._gram_token.__wrapped__
    assert [signals._gram_token(t) for t in tokens] == [fresh(t) for t in tokens]
    assert [signals._gram_token(t) for t in tokens[:11]] == [fresh(t) for t in tokens[:11]]
    assert signals._gram_token.cache_info().currsize <= signals.GRAM_TOKENS_KEPT
    assert signals.line_tokens("Error at 0x1f3a: 12345 bytes") == ["error", "at", "#", "#",
                                                                    "bytes"]
