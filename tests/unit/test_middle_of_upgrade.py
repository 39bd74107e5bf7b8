"""The middle of an upgrade, of its download or of an installation, written in German,
French, Spanish, Portuguese, Russian or Persian, interrupted it, as "in the middle of the upgrade"
does in English; the middle of a download counts only when the text names an upgrade
(docs/matching.md, "Session 24: the middle of an upgrade's download")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import IssueIndex, suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import issue, mail, unrelated_issues

INTERRUPTED = terms("interrupted")[0]


@pytest.mark.parametrize("text", [
    "Tails предложил обновиться, а посередине скачивания пропал интернет",
    "в середине обновления ноутбук выключился",
    "Mitten im Update ging der Akku aus.",
    "La batterie s'est vidée au milieu de la mise à jour.",
    "Se cortó la luz en medio de la actualización.",
    "A bateria acabou no meio da atualização.",
    # Persian (untuned41): in the middle of installing the update the power went out; with
    # and without the zero-width non-joiner inside "به‌روزرسانی".
    "وسط نصب به\u200cروزرسانی برق رفت و لپ\u200cتاپ خاموش شد.",
    "وسط بهروزرسانی برق رفت",
    "بروزرسانی را زدم و وسط دانلود اینترنت قطع شد",
])
def test_the_middle_of_an_upgrade_interrupted_it(text: str) -> None:
    assert INTERRUPTED in terms(text)


@pytest.mark.parametrize("text", [
    "посередине скачивания Tails пропал интернет",  # downloading Tails, no upgrade
    "au milieu du téléchargement de l'image",
    "au milieu de l'écran il y a une ligne",
    "وسط دانلود فیلم برق رفت",  # Persian: downloading a film, no upgrade
    "وسط صفحه یک خط است",  # Persian: a line in the middle of the screen
])
def test_other_middles_are_no_interruption(text: str) -> None:
    assert INTERRUPTED not in terms(text)


def test_a_russian_upgrade_cut_in_its_download_ranks_the_interrupted_upgrade() -> None:
    index = IssueIndex([
        issue(1, "Partial incremental upgrades leave Tails broken",
              "When an automatic upgrade is interrupted, or several are applied without "
              "restarting, the USB stick is left half upgraded."),
        issue(2, "Tor Browser: bookmarks lost after upgrade",
              "After an upgrade the bookmarks saved in Tor Browser are gone."),
        *unrelated_issues()])
    entry = mail("Tails сломался после обновления",
                 "Tails предложил обновиться, а посередине скачивания у меня пропал "
                 "интернет, и я закрыл окно. С тех пор Tor Browser иногда не запускается.")
    ranked = [m.issue.iid for m in suggest_issues(entry, index)]
    assert ranked[0] == 1, ranked


def test_persian_update_spelt_without_the_joiner_is_an_upgrade() -> None:
    # The zero-width non-joiner of "به‌روزرسانی" is often left out, or the word is
    # written "بروزرسانی": both are the upgrade.
    assert terms("بهروزرسانی بروزرسانی") == ["upgrade", "upgrade"]
