"""The applications a report or an issue names (domain/components.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hdtui.domain.components import components_in, issue_components
from hdtui.domain.text import MailText
from tests.unit.matching_support import issue


@pytest.mark.parametrize(("text", "named"), [
    ("Tor Browser crashed", {"tor-browser"}),
    ("le navigateur Tor se ferme", {"tor-browser"}),
    ("Торбраузер закрывается", {"tor-browser"}),
    ("No puedo abrir el almacenamiento persistente", {"persistent-storage"}),
    ("Le stockage persistant ne se déverrouille pas", {"persistent-storage"}),
    ("Persistenter Speicher", {"persistent-storage"}),
    ("Der Beständige Speicher lässt sich nicht entsperren", {"persistent-storage"}),
    ("LibreOffice Impress und Thunderbird", {"libreoffice", "thunderbird"}),
    ("VeraCrypt-Container", {"veracrypt"}),
    ("KeePassXC asks for the YubiKey", {"keepassxc"}),
    ("no encuentro el Navegador no seguro", {"unsafe-browser"}),
    ("安全でないブラウザがありません", {"unsafe-browser"}),
    ("Wi-Fi does not work, the screen is black", set()),
    ("Tor does not connect", set()),
])
def test_applications_are_found_by_their_names_in_several_languages(
        text: str, named: set[str]) -> None:
    assert components_in(text) == named


def test_an_issue_names_its_application_in_its_title_or_a_component_label() -> None:
    assert issue_components(issue(1, "Thunderbird: adding a Gmail account fails")) == {
        "thunderbird"}
    unnamed = issue(2, "Cannot unlock after changing the passphrase")
    assert issue_components(unnamed) == set()  # "C:Hardware support" is not an application
    labelled = replace(unnamed, labels=(MailText("C:Persistent Storage"),))
    assert issue_components(labelled) == {"persistent-storage"}


def test_audacity_and_gimp_are_applications() -> None:
    assert components_in("Audacity не записывает звук") == {"audacity"}
    assert components_in("GIMP crashes when exporting") == {"gimp"}
    assert components_in("Gimpel") == set()
