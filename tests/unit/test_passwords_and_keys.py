"""Seahorse named by its menu entry in the user's language ("كلمات السر والمفاتيح",
"パスワードと鍵", "Пароли и ключи") reads as its English name and "seahorse", the words of
its issue; the Arabic "keys" of that name is no keyboard, though the keyboard ("لوحة
المفاتيح") still is (docs/matching.md, "Session 27: Passwords and Keys in the users'
languages")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import mail, matching_set_index, set_message


@pytest.mark.parametrize("name", [
    "كلمات السر والمفاتيح", "كلمات المرور والمفاتيح", "パスワードと鍵", "密码和密钥",
    "Пароли и ключи", "Hasła i klucze", "Parolalar ve Anahtarlar", "Mots de passe et clés",
    "Contraseñas y claves", "Passwörter und Verschlüsselung", "passwords and keys",
])
def test_the_menu_name_is_seahorse(name: str) -> None:
    found = terms(f"I opened «{name}» to import a key")
    assert "seahorse" in found and "password" in found, found
    assert "keyboard" not in found, found


def test_the_arabic_keyboard_is_still_the_keyboard() -> None:
    assert "keyboard" in terms("لوحة المفاتيح لا تعمل")
    assert "seahorse" not in terms("لوحة المفاتيح لا تعمل")


def test_import_and_key_in_arabic_and_japanese() -> None:
    assert {"import", "key"} <= set(terms("لا أستطيع استيراد مفتاح عام"))
    assert {"import", "key"} <= set(terms("公開鍵がインポートできない"))
    assert "keyboard" in terms("鍵盤壞了")  # the keyboard before the key


def test_reports_naming_the_menu_entry_rank_seahorses_issue_first() -> None:
    index = matching_set_index()
    for labels, name in (("labels_untuned46.json", "u46-seahorse-ar"),  # outside five on v92
                         ("labels_untuned46.json", "u46-seahorse-ja"),  # outside five on v92
                         ("labels_untuned43.json", "u43-seahorse-words-tr")):  # second
        iids = [m.issue.iid for m in suggest_issues(set_message(labels, name), index)]
        assert iids[0] == 17183, (name, iids)
    matches = suggest_issues(mail("مفتاح", "فتحت كلمات السر والمفاتيح ولا يمكن استيراد المفتاح"),
                             index)
    assert matches[0].issue.iid == 17183, [m.issue.iid for m in matches]
