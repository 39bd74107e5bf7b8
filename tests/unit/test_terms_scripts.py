"""Words glued across scripts (docs/matching.md, "Words across scripts
(Session 14)"): a program's name with an ending of another script is the program's name."""

from __future__ import annotations

from hdtui.domain.terms import term_words, terms


def test_a_hyphenated_ending_of_another_script_joins_no_new_word() -> None:
    # Armenian and Tamil write the ending after a hyphen: the name and the ending are the
    # word's parts, and their join is the name and the ending again, not one new word.
    assert terms("KeePassXC-ի 2FA") == ["keepassxc", "2fa"]
    assert terms("Tor Browser-இல்")[:2] == ["tor", "browser"]
    assert "browserஇல" not in terms("Tor Browser-இல்")
    assert "wifi" in terms("Wi-Fi-ն") and "wifi" in terms("Wi-Fi-адаптер")
    assert "rtl8723befwlps" in terms("rtl8723be.fwlps") and "примеррф" in terms("пример.рф")


def test_a_latin_name_glued_to_an_ending_of_another_script_is_the_name() -> None:
    # Armenian and Tamil case endings joined to the program's or the device's name.
    assert "keepassxc" in terms("keepassxcի պահոցը չի բացվում")
    assert "keepassxc" in terms("keepassxcում գաղտնաբառը")
    assert "browser" in terms("Tor browserஇல பக்கம் திறக்கவில்லை")
    assert "windows10" in terms("Windows10ում")
    # The other side stays a word of the text, as written.
    assert ("ում", "ում") in term_words("keepassxcում")
    # And a Latin word after a word of another script, with no space between.
    assert {"кнопк", "enter"} <= set(terms("кнопкаEnter"))
    # ("கணினி", computer, is a word of the Tamil lexicon since Session 16: a stopword.)
    assert {"பெட்டி", "usb"} <= set(terms("பெட்டிusb"))
    # What must not split: words of one script, ids, domains, joined parts.
    assert terms("պահոցը") == ["պահոցը"]
    assert terms("Écran noir") == ["screen", "black"]
    assert "02c8" in terms("8086:02c8") and "8086" not in terms("8086:02c8")
    assert "tailsboumorg" in terms("tails.boum.org")
    # Digits of another script stay in their word.
    assert terms("ويندوز١٠") == ["ويندوز١٠"]
    # Korean particles were split before and still are.
    assert {"usb", "m2"} <= set(terms("맥북 M2를 USB가"))


def test_the_emoji_is_one_word_whatever_its_ending_or_script() -> None:
    # Session 16 (docs/insight.md, "Session 16, twenty-fourth round: cluster pairs"): a
    # loanword in most languages, with the ending of each (Hungarian "emojik", Azerbaijani
    # "emojilər", Russian "эмодзи", Persian "ایموجی").
    for text in ("Az emojik", "emojilər", "эмодзи", "емодзі", "ایموجی", "some emojis"):
        assert "emoji" in terms(text), text


def test_a_screen_that_goes_off_during_a_video_in_slovene_basque_and_russian() -> None:
    # Session 17, cluster pairs round (docs/insight.md, "Session 17, twenty-seventh round:
    # cluster pairs"): screen, sound, black and a screen that goes out, and the video with
    # a case ending or in another script.
    assert terms("zaslon se med videom ugasne, zvok teče") == [
        "screen", "med", "video", "disabl", "sound", "tece"]
    assert terms("pantaila beltz geratzen da, bideoak, soinuak") == [
        "screen", "black", "geratzen", "video", "sound"]
    assert terms("экран гаснет во время видео") == ["screen", "disabl", "во", "врем", "video"]
    assert terms("صفحه هنگام دیدن ویدیو خاموش") == ["screen", "هنگام", "دیدن", "video",
                                                   "disabl"]
    # A whole word only in Cyrillic: a graphics card is not a video.
    assert "video" not in terms("видеокарта")


def test_the_font_is_one_word_in_cyrillic_uzbek_polish_and_german() -> None:
    # Session 17, cluster pairs round: Russian "шрифтом", Macedonian "фонт", Uzbek
    # "shrift", Polish "czcionki", German "Schriftart" are the font; "фонтан" (a fountain)
    # and German "Schrift" (writing) are not.
    for text in ("другим шрифтом", "со друг фонт", "shrift boshqacha", "czcionki",
                 "die Schriftart", "het lettertype"):
        assert "font" in terms(text), text
    assert "font" not in terms("фонтан Schrift")


def test_words_of_scripts_without_spaces_are_read_inside_the_run() -> None:
    # Session 16, second rank round: Thai, Lao, Burmese and Khmer write a clause without
    # spaces; their vowel signs and tone marks no longer cut it apart, and the lexicon's
    # words are found inside it by greedy longest match.
    assert terms("หาในเมนูแอปพลิเคชันไม่เจอเลย") == ["find"]
    assert terms("ไวไฟของโรงแรมต้องเปิดหน้าเว็บ") == ["wifi"]
    assert terms("အလိုအလျောက် အပ်ဒိတ် တစ်ဝက်တစ်ပျက်") == ["automatic", "upgrade", "partial"]
    assert terms("អេក្រង់ខ្មៅ") == ["screen", "black"]
    assert terms("ໜ້າຈໍດຳ") == ["screen", "black"]
    # The longest entry wins: the window is not the screen's first syllable.
    assert terms("หน้าต่าง") == ["window"]
    # A Latin name inside the run is kept; unknown words give nothing.
    assert terms("เปิดTorไม่ได้") == ["tor"]


def test_amharic_words_are_matched_by_their_start_after_a_joined_preposition() -> None:
    # Session 16, second rank round: Ethiopic is a script matched by its start, and
    # Amharic's joined "of", "in", "from", "for" (የ, በ, ከ, ለ) come off before the lookup.
    assert terms("ዋይፋይ የኔትወርክ ግንኙነቱ") == ["wifi", "network", "connect"]


def test_text_select_search_and_image_in_chinese_japanese_and_urdu() -> None:
    # Session 16, second rank round: what a cleaned PDF lost, in the users' words.
    assert terms("文字不能选中也搜不到") == ["search", "text", "select"]
    assert terms("画像") == ["image"] and terms("特殊文字") == ["character"]
    assert terms("متن منتخب") == ["text", "select"]


def test_a_captcha_in_cyrillic_and_persian_is_the_captcha() -> None:
    # Session 19, likely recall round (docs/insight.md, "Session 19, thirty-first round:
    # likely recall"): Russian and Ukrainian "капча", "капчу", "капчі", Persian "کپچا" and
    # "کپچای" (with the ezafe) are the CAPTCHA of an issue's title.
    for text in ("капча не показывается", "введите капчу", "капчі немає", "کپچا",
                 "تصویر کپچای پل", "the CAPTCHA"):
        assert "captcha" in terms(text), text
    assert "captcha" not in terms("капюшон کپی")


def test_the_iphone_in_five_scripts_and_the_spanish_night_light() -> None:
    # Session 19, likely recall round: "айфон", "آیفون", "আইফোন", "आईफोन" with their
    # endings ("айфона", Bengali "আইফোনের") are the iPhone; Spanish "luz nocturna" is
    # GNOME's Night Light; "luz" and "noche" alone are no light or night (the review of
    # session 19: a power cut, a keyboard's light, "at night").
    for text in ("айфона", "آیفون", "আইফোনের", "आईफोन", "iPhone"):
        assert terms(text) == ["iphone"], text
    assert {"night", "light"} <= set(terms("la luz nocturna nunca se enciende"))
    for text in ("No hay luz en la pantalla", "corte de luz", "la luz del teclado",
                 "Trabajo de noche y Tor no conecta", "Por la noche la pantalla se queda negra"):
        assert not {"night", "light"} & set(terms(text)), text
    assert "iphone" not in terms("телефон فون")


def test_bengali_charge_file_and_video() -> None:
    # Session 19, likely recall round: Bengali "চার্জ" (charge), "ফাইলসে" (in Files: the
    # word's start), "ভিডিও" (video), the words of the iPhone issue's title. Not "বিশ্বাস":
    # trust, but also "believe" ("I believe it's a bug": the review of session 19).
    assert terms("আইফোন শুধু চার্জ হয়, বিশ্বাস করার প্রশ্ন আসে না, ফাইলসে ভিডিও নেই") == [
        "iphone", "শুধু", "charge", "হয়", "বিশ্বাস", "করার", "প্রশ্ন", "আসে", "না", "file",
        "video", "নেই"]
    assert "trust" not in terms("আমি বিশ্বাস করি এটা একটা বাগ")


def test_the_okina_and_the_modifier_apostrophe_are_letters_of_a_latin_word() -> None:
    # docs/matching.md, "Session 22: the ʻokina is a letter": Hawaiian "pōʻeleʻele" (black)
    # is one word, not "po" (which matched the "po" files of translation issues), "ele"
    # and "ele"; Uzbek "oʻrnatish" (install) is not "rnatish".
    assert terms("Pōʻeleʻele ka pākaukau") == ["poʻeleʻele", "ka", "pakaukau"]
    assert terms("hoʻomaka") == ["hoʻomaka"] and terms("oʻrnatish") == ["oʻrnatish"]
    assert "po" not in terms("Pōʻeleʻele")
    # Words of other scripts glued to a Latin name still split from it.
    assert terms("keepassxcի") == ["keepassxc"] and terms("USB가") == ["usb"]
