"""The middle of an upgrade, of its download or of an installation, written in German,
French, Spanish, Portuguese or Russian, interrupted it, as "in the middle of the upgrade"
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
])
def test_the_middle_of_an_upgrade_interrupted_it(text: str) -> None:
    assert INTERRUPTED in terms(text)


@pytest.mark.parametrize("text", [
    "посередине скачивания Tails пропал интернет",  # downloading Tails, no upgrade
    "au milieu du téléchargement de l'image",
    "au milieu de l'écran il y a une ligne",
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
