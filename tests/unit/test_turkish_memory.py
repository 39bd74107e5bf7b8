"""Turkish words for memory ("hafıza", "belleği") and the storage's genitive
("depolamanın") are read: a Turkish user whose Persistent Storage does not unlock for want
of memory meets #20402 (docs/matching.md, "Session 25: memory in Turkish")."""

from __future__ import annotations

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import term_words
from tests.unit.matching_support import matching_set_index, report


def test_the_words_are_read() -> None:
    read = [term for term, _ in term_words("depolamanın hafızası belleğim hafıza")]
    assert read == ["storage", "memory", "memory", "memory"], read


def test_a_turkish_unlock_for_want_of_memory_meets_its_issue() -> None:
    entry = report("kalıcı depolamanın kilidi açılmıyor",
                   "Karşılama ekranında parolayı yazdım, biraz sonra hata verdi. Hata "
                   "hafızayla ilgili bir şeydi. Eski bilgisayarımın belleği az.")
    ranked = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    # On v85 #20403 (repairing the file system) was first, #20402 third.
    assert ranked[0] == 20402, ranked
