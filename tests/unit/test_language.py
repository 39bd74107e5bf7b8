"""Tests for best-effort language detection."""

from __future__ import annotations

from hdtui.domain.language import detect_language


def test_english() -> None:
    text = "The Wi-Fi menu says no networks are available. It worked with the previous version."
    assert detect_language(text) == "en"


def test_french() -> None:
    text = "Je ne peux pas ouvrir le stockage persistant depuis la mise à jour, le message dit"
    assert detect_language(text) == "fr"


def test_spanish() -> None:
    text = "El ordenador no encuentra la red y ya he reiniciado, pero está igual que antes."
    assert detect_language(text) == "es"


def test_german() -> None:
    text = "Ich kann mich nicht mit dem WLAN verbinden, aber mit dem Handy funktioniert es."
    assert detect_language(text) == "de"


def test_italian() -> None:
    text = "Non riesco a collegarmi alla rete, il computer non trova niente e ho già riavviato."
    assert detect_language(text) == "it"


def test_portuguese() -> None:
    text = "Eu não consigo conectar na rede, o computador não encontra nada e já reiniciei."
    assert detect_language(text) == "pt"


def test_russian() -> None:
    text = "Не могу подключиться к сети Wi-Fi после обновления Tails."
    assert detect_language(text) == "ru"


def test_too_little_text() -> None:
    assert detect_language("") is None
    assert detect_language("Tails") is None
    assert detect_language("PersistentStorage fsck") is None
    assert detect_language("12345 !!! ---") is None


def test_garbage_does_not_raise() -> None:
    assert detect_language("\x00\x01\ufffd" * 1000) is None
    assert detect_language("x" * 5_000_000) is None
