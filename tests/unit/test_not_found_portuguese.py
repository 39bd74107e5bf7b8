"""Portuguese "não acho", "não achei", "não consigo achar" say that the user does not find
something, as "não encontro" does; "não acho que" (I do not think that) says no such thing
(docs/matching.md, "Session 25: not found in Portuguese")."""

from __future__ import annotations

import pytest

from hdtui.domain.matching import suggest_issues
from hdtui.domain.terms import terms
from tests.unit.matching_support import mail, matching_set_index

FIND = terms("find")[0]


@pytest.mark.parametrize("text", [
    "não acho ele em lugar nenhum",
    "Não achei o navegador no menu",
    "nao consigo achar o aplicativo",
    "Não o acho nos aplicativos",
])
def test_not_finding_in_portuguese_reads_find(text: str) -> None:
    assert FIND in terms(text)


@pytest.mark.parametrize("text", [
    "não acho que seja isso",
    "acho que não funciona",
    "eu acho o Tails lento",
])
def test_thinking_in_portuguese_is_no_finding(text: str) -> None:
    assert FIND not in terms(text)


def test_a_portuguese_mail_not_finding_the_unsafe_browser_ranks_its_issue() -> None:
    # untuned41's mail: a hotel's login page, and the "navegador não seguro" the user read
    # about and does not find in the applications. On v87 #20407 ("Unsafe Browser is
    # disabled by default and hard to find") was fifth, under #21049 and #20404.
    entry = mail("Wi-Fi do hotel pede login, Tor não conecta",
                 "Estou num hotel em que o wifi abre uma página para pôr o número do quarto "
                 "antes de liberar a internet. No Tails o Tor não conecta e não tenho como "
                 "abrir essa página. Li em algum lugar sobre um navegador não seguro mas não "
                 "acho ele em lugar nenhum nos aplicativos.")
    ranking = [m.issue.iid for m in suggest_issues(entry, matching_set_index())]
    assert 20407 in ranking[:2], ranking
